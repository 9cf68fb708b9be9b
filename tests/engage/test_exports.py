"""Answers for analysis: CSV and Excel files of a consultation's responses, redacted, safe to open,
and for staff surveys a ballot box (written answers only, after closing, from 11 responses)."""

import csv
import io

from openpyxl import load_workbook

from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import Channel, Status
from engage.public.services import start_draft, submit
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

    rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["reference", "submitted_on", "channel", "language", "survey_version"]
    assert {"ward", "used_hub", "services_used", "experience", "one_thing", "hear_back"} <= set(header)
    assert len(body) == 2
    record = {column: [row[header.index(column)] for row in body] for column in header}
    assert sorted(record["one_thing"]) == sorted([
        "Ring [NAME] on [PHONE] or email me at [EMAIL]", "'=HYPERLINK(\"http://evil.example\",\"click\")"])
    assert record["ward"] == ["Sale Moor", "Sale Moor"] and record["used_hub"] == ["Yes", "Yes"]
    assert all(value.startswith("Community nurse") or "Podiatry" in value for value in record["services_used"])
    assert all(row[header.index("channel")] == "online" for row in body)

    workbook = load_workbook(io.BytesIO(client.get(f"/staff/answers/{SLUG}.xlsx").data))
    sheet = workbook["answers"]
    cells = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]  # empty cells read as None
    assert cells[0] == header and sorted(map(tuple, cells[1:])) == sorted(map(tuple, body))
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)
    guide = [[cell.value for cell in row] for row in workbook["questions"].iter_rows()]
    assert guide[0] == ["column", "question (English)", "type"]
    assert any(row[0] == "one_thing" and row[2] == "long_text" and row[1] for row in guide)


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
