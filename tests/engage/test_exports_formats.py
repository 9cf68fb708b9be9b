"""Answer exports as SPSS and JSON beside CSV and Excel, in wide and long layouts; empty consultations give
headers only; bad layouts are refused on a page; every export is in the audit trail."""

import csv
import datetime
import io
import json

import pyreadstat
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import ExportAuditEvent, Status
from tests.engage.journey import SLUG
from tests.engage.test_api import residents_respond
from tests.engage.test_entry import sign_in_as
from tests.engage.test_exports import STAFF_SLUG, read_csv, staff_responses

KINDS = ("csv", "xlsx", "sav", "json")


def sav_of(response, tmp_path):
    assert response.status_code == 200 and response.mimetype == "application/x-spss-sav"
    path = tmp_path / "answers.sav"
    path.write_bytes(response.data)
    return pyreadstat.read_sav(str(path), apply_value_formats=False)


def some_answers():
    residents_respond(
        {"used_hub": "yes", "services_used": {"choices": ["nurse", "other"], "other": "Podiatry with Dr Patel"},
         "experience": {"listened": "strongly_agree", "easy_to_get_to": "agree"},
         "priorities": {"evening": 1, "interpreters": 2, "walk_in": 3, "transport": 4},
         "visits_per_year": 6, "one_thing": "Email me at jo@example.org", "hear_back": "hub"},
        {"used_hub": "no", "one_thing": "=1+1"},
    )


def test_spss_file_keeps_variable_and_value_labels(app, client, tmp_path):
    some_answers()
    sign_in_as(client, "analyst")
    frame, meta = sav_of(client.get(f"/staff/answers/{SLUG}.sav"), tmp_path)
    assert len(frame) == 2
    assert list(frame.columns[:5]) == ["reference", "submitted_on", "channel", "language", "survey_version"]
    labels = meta.column_names_to_labels
    assert labels["used_hub"] == "Have you used a community health hub in the last 12 months?"
    assert meta.variable_value_labels["used_hub"] == {1.0: "Yes", 2.0: "No"}
    assert meta.variable_value_labels["channel"][1.0] == "online"
    yes = frame[frame["used_hub"] == 1.0].iloc[0]
    assert yes["channel"] == 1.0 and yes["visits_per_year"] == 6.0
    assert yes["one_thing"] == "Email me at [EMAIL]"  # redacted, and no spreadsheet ' in SPSS
    assert frame[frame["used_hub"] == 2.0].iloc[0]["one_thing"] == "=1+1"
    nurse = next(name for name, label in labels.items() if name.startswith("services_used_")
                 and label.endswith("Community nurse"))
    assert yes[nurse] == 1.0 and meta.variable_value_labels[nurse] == {0.0: "Not chosen", 1.0: "Chosen"}
    assert yes["services_used_other"] == "Podiatry with [NAME]"
    listened = next(name for name, label in labels.items() if name.startswith("experience_")
                    and label.endswith("Staff listened to me"))
    assert meta.variable_value_labels[listened][yes[listened]] == "Strongly agree"
    evening = next(name for name, label in labels.items() if name.startswith("priorities_")
                   and "Evening" in label)
    assert yes[evening] == 1.0
    assert meta.variable_value_labels["hear_back"][yes["hear_back"]]
    assert isinstance(yes["submitted_on"], datetime.date)
    assert meta.readstat_variable_types["reference"] == "string"


def test_json_and_long_layouts(app, client):
    some_answers()
    sign_in_as(client, "analyst")
    wide = client.get(f"/staff/answers/{SLUG}.json")
    assert wide.status_code == 200 and wide.mimetype == "application/json"
    body = json.loads(wide.data)
    assert body["consultation"] == SLUG and body["layout"] == "wide" and len(body["rows"]) == 2
    assert {"question": "used_hub", "code": "yes", "label": "Yes"} in body["labels"]
    one = next(row for row in body["rows"] if row["used_hub"] == "yes")
    assert one["visits_per_year"] == 6 and one["one_thing"] == "Email me at [EMAIL]"
    assert datetime.date.fromisoformat(one["submitted_on"])

    long = json.loads(client.get(f"/staff/answers/{SLUG}.json?layout=long").data)
    assert long["columns"][-3:] == ["question", "code", "answer"]
    assert {(r["question"], r["code"], r["answer"]) for r in long["rows"] if r["question"] == "used_hub"} == {
        ("used_hub", "yes", "Yes"), ("used_hub", "no", "No")}

    rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv?layout=long"))
    header = rows[0]
    assert header == ["reference", "submitted_on", "channel", "language", "survey_version", "question", "code",
                      "answer"]
    answers = {(row[5], row[7]) for row in rows[1:]}
    assert ("one_thing", "'=1+1") in answers and ("visits_per_year", "6") in answers
    assert len(rows) - 1 == len(long["rows"])
    download = client.get(f"/staff/answers/{SLUG}.csv?layout=long")
    assert 'filename="community-health-hubs-answers-long.csv"' in download.headers["Content-Disposition"]

    book = load_workbook(io.BytesIO(client.get(f"/staff/answers/{SLUG}.xlsx?layout=long").data))
    assert book.sheetnames == ["answers_long", "questions", "labels"]
    sheet = [[cell.value for cell in row] for row in book["answers_long"].iter_rows()]
    assert sheet[0] == header and len(sheet) == len(rows)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("layout", ["wide", "long"])
def test_an_empty_consultation_gives_headers_only(app, client, tmp_path, kind, layout):
    sign_in_as(client, "engagement_officer")
    response = client.get(f"/staff/answers/{SLUG}.{kind}?layout={layout}")
    if kind == "sav" and layout == "long":
        assert response.status_code == 400 and "SPSS files have one row per response" in response.text
        return
    assert response.status_code == 200
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert len(rows) == 1 and rows[0][0] == "reference"
    elif kind == "json":
        body = json.loads(response.data)
        assert body["rows"] == [] and body["columns"][0] == "reference"
    elif kind == "xlsx":
        book = load_workbook(io.BytesIO(response.data))
        assert [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()][0][0] == "reference"
        assert book.worksheets[0].max_row == 1
    else:
        frame, meta = sav_of(response, tmp_path)
        assert len(frame) == 0 and "used_hub" in frame.columns
        assert meta.variable_value_labels["used_hub"] == {1.0: "Yes", 2.0: "No"}


def test_a_bad_layout_is_explained_on_a_page(app, client):
    sign_in_as(client, "analyst")
    response = client.get(f"/staff/answers/{SLUG}.csv?layout=tall")
    assert response.status_code == 400 and "“wide” (one row per response)" in response.text
    assert client.get(f"/staff/answers/{SLUG}.sav?layout=long").status_code == 400


def test_staff_survey_files_in_every_format_wait_for_closing_and_hold_written_answers_only(app, client, tmp_path):
    sign_in_as(client, "analyst")
    staff = staff_responses(11, concern="Call Mrs Jones on 0161 496 0000")
    for kind in KINDS:
        assert client.get(f"/staff/answers/{STAFF_SLUG}.{kind}").status_code == 403
    change_status(staff, Status.CLOSED)
    db.session.commit()
    frame, meta = sav_of(client.get(f"/staff/answers/{STAFF_SLUG}.sav"), tmp_path)
    assert list(frame.columns) == ["concerns", "counter_proposal"] and len(frame) == 11
    assert set(frame["concerns"]) == {"Call [NAME] on [PHONE]"}
    body = json.loads(client.get(f"/staff/answers/{STAFF_SLUG}.json").data)
    assert body["columns"] == ["concerns", "counter_proposal"]
    long = json.loads(client.get(f"/staff/answers/{STAFF_SLUG}.json?layout=long").data)
    assert long["columns"] == ["respondent", "question", "code", "answer"]
    assert sorted(row["respondent"] for row in long["rows"]) == list(range(1, 12))


@pytest.mark.parametrize("role, allowed", [("administrator", True), ("analyst", True),
                                           ("engagement_officer", True), ("workforce_officer", False)])
@pytest.mark.parametrize("kind", ["sav", "json"])
def test_who_may_take_the_new_formats(app, client, role, allowed, kind):
    sign_in_as(client, role)
    assert client.get(f"/staff/answers/{SLUG}.{kind}").status_code == (200 if allowed else 403)
    assert client.get(f"/staff/answers/no-such-consultation.{kind}").status_code == 404


@pytest.mark.parametrize("kind", ["sav", "json"])
def test_signed_out_visitors_are_sent_to_sign_in(app, client, kind):
    assert client.get(f"/staff/answers/{SLUG}.{kind}").status_code == 302


def test_every_export_is_in_the_audit_trail(app, client):
    sign_in_as(client, "analyst")
    for url in (f"/staff/answers/{SLUG}.csv", f"/staff/answers/{SLUG}.sav", f"/staff/answers/{SLUG}.json?layout=long"):
        assert client.get(url).status_code == 200
    client.get(f"/staff/answers/{SLUG}.csv?layout=tall")  # refused: not recorded
    events = db.session.scalars(select(ExportAuditEvent).order_by(ExportAuditEvent.id)).all()
    assert [event.what for event in events] == ["csv wide", "sav wide", "json long"]
    assert {event.user.email for event in events} == {"analyst@example.org"}
    assert {event.consultation_id for event in events} == {find_consultation(SLUG).id}


def test_files_are_read_in_batches_without_losing_or_repeating_a_response(app, client, monkeypatch, sql_statements):
    from engage.datasets import answers

    residents_respond(*({"used_hub": "yes", "one_thing": f"Answer {n}"} for n in range(7)))
    monkeypatch.setattr(answers, "BATCH", 3)
    sign_in_as(client, "analyst")
    sql_statements.clear()
    rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv"))
    assert sorted(row[rows[0].index("one_thing")] for row in rows[1:]) == [f"Answer {n}" for n in range(7)]
    reads = [s for s, _ in sql_statements if s.lstrip().upper().startswith("SELECT") and "FROM response" in s
             and "answer." not in s.split("FROM")[0]]
    assert len([s for s in reads if "LIMIT" in s.upper()]) == 3  # 3 + 3 + 1 responses
