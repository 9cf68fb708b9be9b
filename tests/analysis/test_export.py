import json

import pandas as pd

from analysis.export import export_tables


def test_writes_csv_xlsx_and_json(tmp_path, fitted_themes):
    tables = {"themes": fitted_themes.get_theme_info(), "assignments": fitted_themes.assignments_}
    written = export_tables(tables, tmp_path, stem="run")
    assert {p.name for p in written} == {"themes.csv", "assignments.csv", "run.xlsx", "run.json"}
    assert len(pd.read_csv(tmp_path / "themes.csv")) == fitted_themes.n_themes_
    with pd.ExcelFile(tmp_path / "run.xlsx") as workbook:
        assert set(workbook.sheet_names) == {"themes", "assignments"}
    payload = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert len(payload["themes"][0]["quotes"]) == 3
    assert "quote" in payload["themes"][0]["quotes"][0]
