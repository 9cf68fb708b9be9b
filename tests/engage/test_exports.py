"""Answers for analysis: CSV and Excel files of a consultation's responses, redacted, safe to open,
and for staff surveys a ballot box (written answers only, after closing, from 11 responses)."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from engage.answering.services import start_draft, submit
from engage.consultations.services import change_status, export_consultation, find_consultation, import_consultation
from engage.extensions import db
from engage.models import Channel, Status
from tests.engage.journey import SLUG, answer, walk_used_hub
from tests.engage.journey import submit as submit_page
from tests.engage.test_entry import new_request_state, sign_in_as

STAFF_SLUG = "integrated-neighbourhood-teams-staff"


def respond(app, one_thing):
    """A resident answers the demo survey through its pages, ending with ``one_thing``."""
    new_request_state()
    resident = app.test_client()
    walk_used_hub(resident)
    assert answer(resident, "improve", {"one_thing": one_thing}).status_code == 302
    assert submit_page(resident).status_code == 302
    new_request_state()


def staff_responses(n, concern="Parking at the new base"):
    staff = find_consultation(STAFF_SLUG)
    for _ in range(n):
        draft = start_draft(staff, "en", Channel.ONLINE)
        draft.answers = {"staff_group": "nursing", "concerns": concern}
        submit(draft)
    db.session.commit()
    return staff


def read_csv(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_an_analyst_downloads_redacted_answers_as_csv_and_excel(app, client):
    respond(app, "Ring Dr Patel on 07700 900123 or email me at jo@example.org")
    respond(app, "=HYPERLINK(\"http://evil.example\",\"click\")")
    sign_in_as(client, "analyst")
    listed = client.get("/staff/answers/")
    assert listed.status_code == 200 and f'href="/staff/answers/{SLUG}.csv"' in listed.text
    assert "the codes of the options chosen, then their English labels" in listed.text

    rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["reference", "submitted_on", "channel", "language", "survey_version"]
    assert {"ward", "used_hub", "services_used", "experience", "one_thing", "hear_back"} <= set(header)
    assert len(body) == 2
    record = {column: [row[header.index(column)] for row in body] for column in header}
    assert sorted(record["one_thing"]) == sorted([
        "Ring [NAME] on [PHONE] or email me at [EMAIL]", "'=HYPERLINK(\"http://evil.example\",\"click\")"])
    assert record["ward_label"] == ["Sale Moor", "Sale Moor"] and record["used_hub_label"] == ["Yes", "Yes"]
    assert record["used_hub"] == ["yes", "yes"] and record["services_used"] == ["nurse; other"] * 2
    assert record["services_used_label"] == ["Community nurse; Something else: Podiatry"] * 2
    assert record["priorities"] == ["evening; interpreters"] * 2  # ranked first, second
    assert record["experience"] == ["easy_to_get_to: agree; listened: strongly_agree"] * 2
    assert record["visits_per_year"] == ["6", "6"]
    assert all(row[header.index("channel")] == "online" for row in body)
    assert all(datetime.date.fromisoformat(row[header.index("submitted_on")]) for row in body)

    workbook = load_workbook(io.BytesIO(client.get(f"/staff/answers/{SLUG}.xlsx").data))
    sheet = workbook["answers"]
    cells = [[_as_csv_text(cell.value) for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == header and sorted(map(tuple, cells[1:])) == sorted(map(tuple, body))
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str))
    guide = [[cell.value for cell in row] for row in workbook["questions"].iter_rows()]
    assert guide[0] == ["column", "question (English)", "type"]
    assert any(row[0] == "one_thing" and row[2] == "long_text" and row[1] for row in guide)
    assert [row[0] for row in guide[1:]] == header[5:]
    labels = [tuple(cell.value for cell in row) for row in workbook["labels"].iter_rows()]
    assert labels[0] == ("question", "code", "label (English)")
    assert {("used_hub", "yes", "Yes"), ("services_used", "nurse", "Community nurse"),
            ("experience", "listened", "Staff listened to me"), ("experience", "strongly_agree", "Strongly agree"),
            ("priorities", "evening", "Evening and weekend opening")} <= set(labels)
    assert not {row[0] for row in labels} & {"one_thing", "visits_per_year"}


def _as_csv_text(value):
    """A cell as the CSV file writes it: empty for None, dates as yyyy-mm-dd."""
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, datetime.datetime) else str(value)


@pytest.fixture
def typed_consultation(app):
    """An open resident consultation asking for numbers, a date, a choice with "other" and free text."""
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"] |= {"slug": "typed-answers", "status": "open"}
    doc["survey"]["pages"] = [{"id": "only", "questions": [
        {"id": "change", "type": "number", "min": -1000, "max": 10000000, "text": {"en": "Change in visits"}},
        {"id": "hours", "type": "number", "decimal": True, "text": {"en": "Hours a week"}},
        {"id": "moved_in", "type": "date", "text": {"en": "When did you move in?"}},
        {"id": "travel", "type": "single_choice", "text": {"en": "How do you travel?"},
         "choices": [{"value": "bus", "text": {"en": "By bus"}}, {"value": "other", "text": {"en": "Another way"}},
                     {"value": "minus", "text": {"en": "-1 (fewer trips)"}}],
         "write_in": {"choice": "other"}},
        {"id": "note", "type": "long_text", "text": {"en": "Anything else?"}},
    ]}]
    import_consultation(doc)
    db.session.commit()
    return find_consultation("typed-answers")


def typed_responses(consultation, *answer_sets):
    for answers in answer_sets:
        draft = start_draft(consultation, "en", Channel.PAPER)
        draft.answers = answers
        submit(draft)
    db.session.commit()


# Free text as stored -> as exported: a leading ' wherever a spreadsheet would run a formula. Lines are
# joined with "; " and blank ones dropped, so a formula after line breaks comes first and is caught too.
FORMULAS = {" =1+1": "' =1+1", "\t=cmd|' /C calc'!A0": "'\t=cmd|' /C calc'!A0", "\n@SUM(A1:A2)": "'@SUM(A1:A2)",
            "  +44 161": "'  +44 161", "\r\n-2+3": "'-2+3", "-5": "'-5", "=HYPERLINK(1)": "'=HYPERLINK(1)",
            "Fine\n\n=1+1": "Fine; =1+1"}


def test_numbers_and_dates_are_typed_and_text_stays_inert(app, client, typed_consultation):
    notes = list(FORMULAS)
    typed_responses(typed_consultation,
                    {"change": -5, "hours": 2.5, "moved_in": "2019-03-04", "travel": "bus", "note": notes[0]},
                    {"change": 1234567, "hours": 3.0, "moved_in": "2024-12-31",
                     "travel": {"choice": "other", "other": "=1+2"}, "note": notes[1]},
                    *({"note": text} for text in notes[2:]),
                    {"travel": "minus"})
    sign_in_as(client, "analyst")
    download = client.get("/staff/answers/typed-answers.csv")
    response_bytes, rows = download.data, read_csv(download)
    header = rows[0]
    assert header[5:] == ["change", "hours", "moved_in", "travel", "travel_label", "note"]
    records = sorted(({c: row[i] for i, c in enumerate(header)} for row in rows[1:]), key=lambda r: r["note"])
    by_change = {record["change"]: record for record in records}
    assert by_change["-5"] | {"reference": "", "submitted_on": ""} == {
        "reference": "", "submitted_on": "", "channel": "paper", "language": "en", "survey_version": "1",
        "change": "-5", "hours": "2.5", "moved_in": "2019-03-04", "travel": "bus", "travel_label": "By bus",
        "note": "' =1+1"}
    assert by_change["1234567"]["hours"] == "3" and by_change["1234567"]["moved_in"] == "2024-12-31"
    assert by_change["1234567"]["travel"] == "other"
    assert by_change["1234567"]["travel_label"] == "Another way: =1+2"  # not at the start: not a formula
    assert sorted(record["note"] for record in records) == sorted([*FORMULAS.values(), ""])
    assert b',1,-5,2.5,"2019-03-04","bus","By bus",' in response_bytes  # numbers bare, text quoted
    assert [r["travel_label"] for r in records if r["travel"] == "minus"] == ["'-1 (fewer trips)"]

    workbook = load_workbook(io.BytesIO(client.get("/staff/answers/typed-answers.xlsx").data))
    sheet = workbook["answers"]
    assert [cell.value for cell in sheet[1]] == header
    typed = {row[5].value: row for row in sheet.iter_rows(min_row=2) if row[5].value is not None}
    first = typed[-5]
    assert first[5].data_type == "n" and first[4].value == 1 and first[4].data_type == "n"
    assert first[6].value == 2.5 and first[6].data_type == "n"
    assert first[7].is_date and first[7].value.date() == datetime.date(2019, 3, 4)
    assert first[7].number_format == "yyyy-mm-dd"
    assert first[1].is_date and first[1].number_format == "yyyy-mm-dd"  # submitted_on
    assert typed[1234567][6].value == 3 and typed[1234567][5].number_format == "General"
    notes = [row[10] for row in sheet.iter_rows(min_row=2) if row[10].value]
    assert sorted(cell.value for cell in notes) == sorted(FORMULAS.values())
    assert all(cell.data_type == "s" for cell in notes)
    labels = [tuple(cell.value for cell in row) for row in workbook["labels"].iter_rows(min_row=2)]
    assert labels == [("travel", "bus", "By bus"), ("travel", "other", "Another way"),
                      ("travel", "minus", "'-1 (fewer trips)")]


def test_unfinished_answers_are_not_in_the_files(app, client):
    draft = start_draft(find_consultation(SLUG), "en", Channel.ONLINE)
    draft.answers = {"one_thing": "Still typing"}
    db.session.commit()
    sign_in_as(client, "analyst")
    rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv"))
    assert len(rows) == 1 and "Still typing" not in client.get(f"/staff/answers/{SLUG}.csv").data.decode()


def test_staff_survey_answers_are_a_ballot_box(app, client):
    sign_in_as(client, "analyst")
    staff = staff_responses(10, concern="Call Mrs Jones about parking on 0161 496 0000")
    listed = client.get("/staff/answers/")
    assert "Not until the staff survey closes" in listed.text
    assert client.get(f"/staff/answers/{STAFF_SLUG}.csv").status_code == 403

    change_status(staff, Status.CLOSED)
    db.session.commit()
    assert "Not available: fewer than 11 responses" in client.get("/staff/answers/").text
    assert client.get(f"/staff/answers/{STAFF_SLUG}.xlsx").status_code == 403

    staff_responses(1)
    rows = read_csv(client.get(f"/staff/answers/{STAFF_SLUG}.csv"))
    header = rows[0]
    assert header == ["concerns", "counter_proposal"]  # written answers only: no reference, day, channel, group
    assert len(rows) == 12
    assert sorted({row[0] for row in rows[1:]}) == ["Call [NAME] about parking on [PHONE]", "Parking at the new base"]


def test_who_may_take_answers(app, client):
    sign_in_as(client, "workforce_officer")
    assert 'href="/staff/answers/"' not in client.get("/staff/").text
    assert client.get("/staff/answers/").status_code == 403
    assert client.get(f"/staff/answers/{STAFF_SLUG}.csv").status_code == 403
    new_request_state()
    client.post("/staff/sign-out", data={"csrf_token": _token(client)})

    new_request_state()
    sign_in_as(client, "engagement_officer")
    listed = client.get("/staff/answers/")
    assert SLUG in listed.text and STAFF_SLUG not in listed.text
    assert client.get(f"/staff/answers/{SLUG}.csv").status_code == 200
    assert client.get(f"/staff/answers/{STAFF_SLUG}.csv").status_code == 403
    assert client.get("/staff/answers/no-such-consultation.csv").status_code == 404
    assert client.get(f"/staff/answers/{SLUG}.pdf").status_code == 404
    assert client.get(f"/staff/answers/{SLUG}.csv").headers["Cache-Control"] == "no-store"


def _token(client):
    from tests.engage.conftest import csrf_token

    return csrf_token(client.get("/staff/").text)


def test_responses_staff_entered_are_counted_apart_and_for_staff_surveys_only_in_large_groups(app, client):
    """Residents' files carry each response's channel; a staff survey's never do (a ballot box), so
    the list counts the responses staff entered apart, when neither they nor the online ones are few."""
    sign_in_as(client, "analyst")
    residents = find_consultation(SLUG)
    submit(start_draft(residents, "en", Channel.PHONE))
    db.session.commit()
    staff = staff_responses(12)
    for _ in range(2):
        submit(start_draft(staff, "en", Channel.PAPER))
    db.session.commit()
    listed = client.get("/staff/answers/").text
    assert "1 entered by staff from paper, phone or in person" in listed  # the residents' consultation
    assert "entered by staff: not shown while fewer than 11" in listed
    assert "2 entered by staff" not in listed and "12 entered by staff" not in listed
    for _ in range(9):
        submit(start_draft(staff, "en", Channel.PHONE))
    change_status(staff, Status.CLOSED)
    db.session.commit()
    assert "11 entered by staff from paper, phone or in person" in client.get("/staff/answers/").text
    header = read_csv(client.get(f"/staff/answers/{STAFF_SLUG}.csv"))[0]
    assert "channel" not in header
