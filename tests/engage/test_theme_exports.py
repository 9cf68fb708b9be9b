"""A theme analysis's themes and assignments as CSV, Excel, JSON and SPSS: redacted, streamed a batch of
responses at a time, in the export audit trail, refused for other roles and for bad addresses."""

import io
import json

import pyreadstat
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from engage.consultations.services import change_status, find_consultation
from engage.datasets import themes as theme_data
from engage.extensions import db
from engage.models import ExportAuditEvent, PlanPriority, RunStatus, Status, ThemePriority
from engage.plan.services import seed_priorities
from tests.engage.test_entry import sign_in_as
from tests.engage.test_exports import STAFF_SLUG, read_csv, staff_responses
from tests.engage.theme_runs import answer_ids, make_run, residents_run
from tests.engage.workspace_data import SLUG


def url(run, name):
    return f"/staff/answers/runs/{run.id}/{name}"


def references(consultation):
    """Answer key -> its response's reference, from the answers export's own order."""
    from engage.models import Answer, Response

    rows = db.session.execute(select(Answer.id, Response.reference).join(Response).where(
        Response.consultation_id == consultation.id, Answer.question_id == "one_thing")).all()
    return dict(rows)


def test_themes_csv_lists_each_theme_redacted_with_its_size_and_plan_priorities(app, client):
    run = residents_run()
    seed_priorities()
    parking = run.themes[0]
    estates = db.session.scalar(select(PlanPriority).where(PlanPriority.name == "Estates"))
    db.session.add(ThemePriority(theme_id=parking.id, priority_id=estates.id))
    db.session.commit()
    sign_in_as(client, "analyst")
    response = client.get(url(run, "themes.csv"))
    rows = read_csv(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert f'filename="{SLUG}-analysis-{run.id}-themes.csv"' in response.headers["Content-Disposition"]
    assert rows[0] == theme_data.THEME_COLUMNS
    by_id = {int(row[0]): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id[parking.id] | {"theme_id": None} == {
        "theme_id": None, "label": "Parking", "description": "About Parking (call [PHONE])", "status": "agreed",
        "made_by": "machine", "answers": "12", "top_terms": "parking", "plan_priorities": "Estates"}
    other = by_id[run.themes[1].id]
    assert other["label"] == "Ring [PHONE] about parking" and other["status"] == "proposed"
    assert other["answers"] == "6"  # five answers, and one placed there too by a person
    assert "07700" not in response.text and "0161" not in response.text
    audit = db.session.scalars(select(ExportAuditEvent)).all()
    assert [(a.what, a.consultation_id) for a in audit] == [(f"run {run.id} themes csv wide", run.consultation_id)]


def test_assignments_csv_wide_and_long_name_answers_as_the_answers_export(app, client):
    run = residents_run()
    consultation = run.consultation
    refs = references(consultation)
    ids = answer_ids(consultation)
    parking, other = run.themes
    sign_in_as(client, "analyst")
    wide = read_csv(client.get(url(run, "assignments.csv")))
    assert wide[0] == ["reference", "question", f"theme_{parking.id}", f"theme_{other.id}"]
    assert len(wide) - 1 == 20  # every answer analysed, even the three in no theme
    assert wide[1] == [refs[ids[0]], "one_thing", "1", "1"]
    assert [row[2:] for row in wide[1:]].count(["0", "0"]) == 3
    assert sum(row[2] == "1" for row in wide[1:]) == 12 and sum(row[3] == "1" for row in wide[1:]) == 6
    long = read_csv(client.get(url(run, "assignments.csv"), query_string={"layout": "long"}))
    assert long[0] == ["reference", "question", "theme_id", "theme", "weight", "primary", "set_by"]
    assert len(long) - 1 == 18
    first = [row for row in long[1:] if row[0] == refs[ids[0]]]
    assert first == [[refs[ids[0]], "one_thing", str(parking.id), "Parking", "0.5", "1", "machine"],
                     [refs[ids[0]], "one_thing", str(other.id), "Ring [PHONE] about parking", "1", "0", "person"]]
    answers = read_csv(client.get(f"/staff/answers/{SLUG}.csv"))
    assert {row[0] for row in answers[1:]} == {row[0] for row in wide[1:]}
    whats = set(db.session.scalars(select(ExportAuditEvent.what)))
    assert whats >= {f"run {run.id} assignments csv wide", f"run {run.id} assignments csv long"}


def test_assignments_stream_a_batch_of_responses_at_a_time(app, client, monkeypatch):
    run = residents_run()
    monkeypatch.setattr(theme_data, "BATCH", 3)  # 20 responses in 7 batches: nothing lost at their edges
    sign_in_as(client, "analyst")
    response = client.get(url(run, "assignments.csv"), query_string={"layout": "long"})
    assert response.is_streamed
    assert len(read_csv(response)) - 1 == 18
    assert len(read_csv(client.get(url(run, "assignments.csv")))) - 1 == 20


def test_excel_has_themes_assignments_and_codes_sheets_with_inert_text(app, client):
    consultation = find_consultation(SLUG)
    from tests.engage.workspace_data import add_answers

    add_answers(answers=[f"Answer {i}" for i in range(14)])
    run = make_run(consultation, [("=HYPERLINK(\"http://evil.example\")", 12), ("Evenings", 2)])
    sign_in_as(client, "analyst")
    response = client.get(url(run, "themes.xlsx"), query_string={"layout": "long"})
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "-themes-long.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["themes", "assignments", "codes and labels"]
    themes = list(book["themes"].values)
    assert themes[1][1] == "'=HYPERLINK(\"http://evil.example\")" and themes[1][5] == 12
    assignments = list(book["assignments"].values)
    assert assignments[0][:3] == ("reference", "question", "theme_id") and len(assignments) - 1 == 15
    codes = list(book["codes and labels"].values)
    assert ("set_by", "person", "Placed by an analyst") in codes
    assert ("status", "agreed", "Agreed by an analyst (part of the coding frame)") in codes
    assert ("theme_id", run.themes[1].id, "Evenings") in codes


def test_json_files_carry_columns_labels_and_rows(app, client):
    run = residents_run()
    sign_in_as(client, "analyst")
    themes = json.loads(client.get(url(run, "themes.json")).data)
    assert themes["run"] == run.id and themes["questions"] == ["one_thing"] and themes["table"] == "themes"
    assert [row["label"] for row in themes["rows"]] == ["Parking", "Ring [PHONE] about parking"]
    assert themes["rows"][0]["answers"] == 12
    response = client.get(url(run, "assignments.json"), query_string={"layout": "long"})
    assert response.is_streamed and response.mimetype == "application/json"
    long = json.loads(response.data)
    assert long["layout"] == "long" and len(long["rows"]) == 18
    assert long["rows"][0]["primary"] == 1 and isinstance(long["rows"][0]["weight"], float)
    assert {"column": "set_by", "code": "machine", "label": "Placed by the theme model"} in long["labels"]


def test_spss_file_has_a_variable_per_theme_labelled_with_the_theme(app, client, tmp_path):
    run = residents_run()
    parking, other = run.themes
    sign_in_as(client, "analyst")
    response = client.get(url(run, "assignments.sav"))
    assert response.status_code == 200 and response.mimetype == "application/x-spss-sav"
    path = tmp_path / "assignments.sav"
    path.write_bytes(response.data)
    frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    assert list(frame.columns) == ["reference", "question", f"theme_{parking.id}", f"theme_{other.id}"]
    assert len(frame) == 20
    labels = meta.column_names_to_labels
    assert labels[f"theme_{parking.id}"] == "Parking"
    assert labels[f"theme_{other.id}"] == "Ring [PHONE] about parking"  # redacted in the label too
    assert meta.variable_value_labels[f"theme_{parking.id}"] == {0.0: "Not in this theme", 1.0: "In this theme"}
    assert frame[f"theme_{parking.id}"].sum() == 12 and frame[f"theme_{other.id}"].sum() == 6
    assert "07700" not in response.data.decode("latin-1")


@pytest.mark.parametrize("role", ["engagement_officer", "workforce_officer"])
def test_other_roles_are_refused(app, client, role):
    run = residents_run()
    sign_in_as(client, role)
    for name in ("themes.csv", "assignments.sav", "themes.xlsx"):
        assert client.get(url(run, name)).status_code == 403
    assert not db.session.scalars(select(ExportAuditEvent)).all()


def test_bad_addresses_get_a_clear_answer(app, client):
    run = residents_run()
    unfinished = make_run(run.consultation, [("Waiting", 1)], status=RunStatus.RUNNING)
    sign_in_as(client, "analyst")
    assert client.get("/staff/answers/runs/999999/themes.csv").status_code == 404
    assert client.get(url(run, "themes.sav")).status_code == 404  # SPSS is for assignments
    assert client.get(url(run, "assignments.xlsx")).status_code == 404  # the Excel file is themes.xlsx
    waiting = client.get(url(unfinished, "themes.csv"))
    assert waiting.status_code == 409 and "has not finished" in waiting.text
    tall = client.get(url(run, "assignments.csv"), query_string={"layout": "tall"})
    assert tall.status_code == 400 and "“wide”" in tall.text
    assert client.get(url(run, "themes.csv"), query_string={"layout": "long"}).status_code == 400
    spss = client.get(url(run, "assignments.sav"), query_string={"layout": "long"})
    assert spss.status_code == 400 and "SPSS" in spss.text
    assert not db.session.scalars(select(ExportAuditEvent)).all()


def test_a_staff_survey_is_a_ballot_box(app, client):
    staff = staff_responses(12)
    run = make_run(staff, [("Parking at the new base", 11)], question="concerns")
    sign_in_as(client, "analyst")
    assert client.get(url(run, "assignments.csv")).status_code == 403  # not until it closes
    change_status(staff, Status.CLOSED)
    db.session.commit()
    wide = read_csv(client.get(url(run, "assignments.csv")))
    assert wide[0][:2] == ["respondent", "question"]
    assert [row[0] for row in wide[1:]] == [str(n) for n in range(1, 13)]
    long = read_csv(client.get(url(run, "assignments.csv"), query_string={"layout": "long"}))
    assert long[0][0] == "respondent" and len(long) - 1 == 11
    answers = read_csv(client.get(f"/staff/answers/{STAFF_SLUG}.csv", query_string={"layout": "long"}))
    concerns = {row[0] for row in answers[1:] if row[1] == "concerns"}
    assert {row[0] for row in long[1:]} <= concerns  # the same respondent numbers as the answers file


def test_the_run_page_links_the_downloads(app, client):
    run = residents_run()
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/analysis/runs/{run.id}")
    assert page.status_code == 200
    for name in ("themes.csv", "themes.json", "themes.xlsx", "assignments.csv", "assignments.sav",
                 "assignments.json"):
        assert f'href="{url(run, name)}"' in page.text
