import pandas as pd
import pytest

from analysis.io import InputError, load_responses


def test_reads_csv_xlsx_and_jsonl(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "answer": ["Parking was hard", "Lovely staff"]})
    frame.to_csv(tmp_path / "r.csv", index=False)
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    frame.to_json(tmp_path / "r.jsonl", orient="records", lines=True)
    for name in ("r.csv", "r.xlsx", "r.jsonl"):
        loaded = load_responses(tmp_path / name, "answer", "id")
        assert loaded["response_id"].tolist() == ["a", "b"]
        assert loaded["text"].tolist() == ["Parking was hard", "Lovely staff"]


def test_row_number_is_the_default_id(tmp_path):
    (tmp_path / "r.csv").write_text("answer\nyes\nno\n", encoding="utf-8")
    assert load_responses(tmp_path / "r.csv", "answer")["response_id"].tolist() == [0, 1]


def test_falls_back_to_windows_1252(tmp_path):
    (tmp_path / "r.csv").write_bytes("answer\ncaf\xe9 was \x93great\x94\n".encode("latin-1"))
    assert load_responses(tmp_path / "r.csv", "answer")["text"].iloc[0] == "café was “great”"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"answer\n", "no rows"),
    (b"other\nx\n", "column 'answer' not found"),
    (b"answer\n\x81\x8d\x8f\xff\xfe\n", "cannot decode"),
    (b"answer,n\n,1\n ,2\n", "no text"),
])
def test_bad_input_raises_one_clear_error(tmp_path, content, message):
    (tmp_path / "r.csv").write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_responses(tmp_path / "r.csv", "answer")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_responses(tmp_path / "nope.csv", "answer")
