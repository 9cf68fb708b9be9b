"""Administrators find a response by its reference to show, download or erase it, each kept in an audit trail."""

import csv
import io
import json
import re

import pytest
from sqlalchemy import delete, func, select

from engage.accounts.services import create_user
from engage.answering.services import start_draft, submit
from engage.consultations.services import find_consultation
from engage.extensions import db
from engage.models import AuditAction, AuditTrailError, Channel, Response, ResponseAuditEvent, Role
from tests.engage.conftest import csrf_token
from tests.engage.journey import submit as send_answers
from tests.engage.journey import walk_used_hub
from tests.engage.test_accounts import sign_in
from tests.engage.test_html import assert_valid_html

PASSWORD = "a long enough password"
STAFF_SLUG = "integrated-neighbourhood-teams-staff"


def resident_reference(resident) -> str:
    """Answer the demo resident survey with ``resident`` (free text too) and return the reference they were given.

    (The same client then signs in: clients share the tests' app context, so its cached form token.)
    """
    walk_used_hub(resident)
    confirmation = resident.get(send_answers(resident).location)
    return re.search(r"<br><strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", confirmation.text).group(1)


def signed_in(client, role=Role.ADMINISTRATOR, email="admin@example.org"):
    create_user(email, "Alex Admin", role, PASSWORD)
    db.session.commit()
    assert sign_in(client, email, PASSWORD).status_code == 302
    client.get("/?lang=en")
    return client


def trail():
    return [(e.action, e.reference, e.user.name, e.reason)
            for e in db.session.scalars(select(ResponseAuditEvent).order_by(ResponseAuditEvent.id))]


def test_an_administrator_finds_shows_and_downloads_a_response_and_each_is_in_the_audit_trail(app, client):
    reference = resident_reference(client)
    signed_in(client)
    home = client.get("/staff/")
    assert 'id="find-response" href="/staff/responses/"' in home.text
    found = client.get("/staff/responses/", query_string={"reference": reference.lower().replace("-", " ")})
    assert found.status_code == 302 and found.location == f"/staff/responses/{reference}"
    assert trail() == []  # finding is not opening
    shown = client.get(found.location)
    assert shown.status_code == 200
    assert_valid_html(shown.text, "a response")
    for text in (f"Response {reference}", "Community health hubs", "Evening appointments so I do not lose pay.",
                 "Sale Moor", "Podiatry", "Not answered"):
        assert text in shown.text, text
    assert "What has stopped you using a community health hub?" not in shown.text  # skipped: they used one
    assert 'lang="en" dir="ltr">English</span>' in shown.text
    as_json = client.get(f"/staff/responses/{reference}.json")
    assert as_json.headers["Cache-Control"] == "no-store" and "attachment" in as_json.headers["Content-Disposition"]
    document = as_json.get_json()
    assert document["reference"] == reference and document["channel"] == "online"
    answers = {a["question_id"]: a for a in document["answers"]}
    assert answers["one_thing"]["value"] == "Evening appointments so I do not lose pay."
    assert answers["used_hub"]["answer"] == "Yes"
    as_csv = client.get(f"/staff/responses/{reference}.csv")
    rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert ["reference", reference] in rows and ["question_id", "question", "answer"] in rows
    assert any(row[:1] == ["one_thing"] and row[2] == "Evening appointments so I do not lose pay." for row in rows)
    assert trail() == [(AuditAction.VIEWED, reference, "Alex Admin", None),
                       (AuditAction.DOWNLOADED_JSON, reference, "Alex Admin", None),
                       (AuditAction.DOWNLOADED_CSV, reference, "Alex Admin", None)]
    audit = client.get("/staff/responses/audit")
    assert_valid_html(audit.text, "audit trail")
    assert audit.text.count(reference) == 3 and "Downloaded as JSON" in audit.text
    assert "Evening appointments" not in audit.text  # never the answers


def test_erasing_asks_for_a_reason_and_records_it(app, client):
    reference = resident_reference(client)
    signed_in(client)
    page = client.get(f"/staff/responses/{reference}/erase")
    assert page.status_code == 200 and "This cannot be undone" in page.text
    assert_valid_html(page.text, "erase a response")
    missing = client.post(f"/staff/responses/{reference}/erase", data={"csrf_token": csrf_token(page.text),
                                                                        "reason": "  "})
    assert missing.status_code == 400 and "Say why you are erasing this response" in missing.text
    too_long = client.post(f"/staff/responses/{reference}/erase", data={"csrf_token": csrf_token(page.text),
                                                                         "reason": "x" * 1001})
    assert too_long.status_code == 400 and "The reason must be 1000 characters or fewer" in too_long.text
    assert "x" * 1001 in too_long.text  # what was typed is kept
    stale = client.post(f"/staff/responses/{reference}/erase", data={"reason": "Asked by email on 3 March"})
    assert stale.status_code == 400 and "The page was out of date" in stale.text
    assert "Asked by email on 3 March" in stale.text
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    erased = client.post(f"/staff/responses/{reference}/erase", data={"csrf_token": csrf_token(page.text),
                                                                       "reason": "Asked by email on 3 March"})
    assert erased.status_code == 302
    assert f"Response {reference} is erased" in client.get(erased.location).text
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert trail() == [(AuditAction.ERASED, reference, "Alex Admin", "Asked by email on 3 March")]
    gone = client.get("/staff/responses/", query_string={"reference": reference})
    assert gone.status_code == 404 and "There is no response with this reference number" in gone.text


@pytest.mark.parametrize("typed, status, message", [
    ("", 400, "Enter a reference number"),
    ("ABCD-EF2", 400, "Enter a reference number in the right format"),
    ("OOOO-1111", 400, "Enter a reference number in the right format"),
    ("ABCD-EF23", 404, "There is no response with this reference number"),
])
def test_bad_references_get_a_clear_error_with_what_was_typed_kept(app, client, typed, status, message):
    signed_in(client)
    page = client.get("/staff/responses/", query_string={"reference": typed})
    assert page.status_code == status and message in page.text
    assert 'href="#reference"' in page.text and f'value="{typed}"' in page.text
    assert page.text.startswith("<!DOCTYPE html>") and "Error:" in page.text.split("</title>")[0]
    assert_valid_html(page.text, "find a response with an error")
    polish = client.get("/staff/responses/", query_string={"reference": typed, "lang": "pl"}, follow_redirects=True)
    assert message not in polish.text  # said in the administrator's language
    assert trail() == []


def test_a_staff_survey_response_cannot_be_found_shown_downloaded_or_erased(app, client):
    response = submit(start_draft(find_consultation(STAFF_SLUG), "en", Channel.ONLINE))
    db.session.commit()
    signed_in(client)
    for url in (f"/staff/responses/?reference={response.reference}", f"/staff/responses/{response.reference}",
                f"/staff/responses/{response.reference}.json", f"/staff/responses/{response.reference}/erase"):
        page = client.get(url)
        assert page.status_code == 400 and "This reference number is from a staff survey" in page.text, url
    assert client.post(f"/staff/responses/{response.reference}/erase", data={"reason": "x"}).status_code == 400
    assert trail() == [] and db.session.get(Response, response.id) is not None


@pytest.mark.parametrize("role", [Role.ENGAGEMENT_OFFICER, Role.WORKFORCE_OFFICER, Role.ANALYST])
def test_only_administrators_may_use_it(app, client, role):
    reference = resident_reference(client)
    assert client.get("/staff/responses/").status_code == 302  # sign in first
    signed_in(client, role, "someone@example.org")
    assert 'id="find-response"' not in client.get("/staff/").text
    for url in ("/staff/responses/", f"/staff/responses/{reference}", f"/staff/responses/{reference}.csv",
                f"/staff/responses/{reference}/erase", "/staff/responses/audit"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/staff/responses/{reference}/erase", data={"reason": "x"}).status_code == 403
    assert trail() == [] and db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_the_audit_trail_cannot_be_changed_or_deleted_through_the_app(app, client):
    reference = resident_reference(client)
    signed_in(client)
    client.get(f"/staff/responses/{reference}")
    event = db.session.scalar(select(ResponseAuditEvent))
    event.reason = "covering my tracks"
    with pytest.raises(AuditTrailError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(ResponseAuditEvent)))
    with pytest.raises(AuditTrailError):
        db.session.flush()
    db.session.rollback()
    # no page of the app takes a change to it
    audit_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("responses.")]
    assert {r.endpoint for r in audit_rules if "POST" in r.methods} == {"responses.erase"}
    assert trail() == [(AuditAction.VIEWED, reference, "Alex Admin", None)]
    db.session.execute(delete(ResponseAuditEvent))  # (the test's own cleanup goes around the app)


def test_the_audit_trail_is_read_a_page_at_a_time(app, client, monkeypatch):
    from engage.responses import services

    monkeypatch.setattr(services, "AUDIT_PAGE_SIZE", 2)
    reference = resident_reference(client)
    signed_in(client)
    for _ in range(3):
        client.get(f"/staff/responses/{reference}")
    first = client.get("/staff/responses/audit")
    assert first.text.count(f">{reference}<") == 2 and 'href="/staff/responses/audit?page=2"' in first.text
    second = client.get("/staff/responses/audit?page=2")
    assert second.text.count(f">{reference}<") == 1
    assert client.get("/staff/responses/audit?page=3").status_code == 404
    assert client.get("/staff/responses/audit?page=x").status_code == 200


def test_a_download_never_lets_a_spreadsheet_run_an_answer(app, client):
    consultation = find_consultation("community-health-hubs")
    draft = start_draft(consultation, "en", Channel.PAPER)
    draft.answers = {"one_thing": "=HYPERLINK(\"http://example.org\")"}
    response = submit(draft)
    db.session.commit()
    signed_in(client)
    rows = list(csv.reader(io.StringIO(client.get(f"/staff/responses/{response.reference}.csv")
                                       .data.decode("utf-8-sig"))))
    assert any(row[:1] == ["one_thing"] and row[2] == "'=HYPERLINK(\"http://example.org\")" for row in rows)
    assert json.loads(client.get(f"/staff/responses/{response.reference}.json").data)["channel"] == "paper"
