"""A draft staff are entering on someone's behalf belongs to that staff member, and ends when they sign out."""

import re

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Channel, Draft, Response
from tests.engage.conftest import csrf_token
from tests.engage.journey import BASE, SLUG, answer, page_url, skip_optional_pages
from tests.engage.test_entry import new_request_state, sign_in_as, start_entry


def sign_out(client):
    response = client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").text)})
    assert response.status_code == 302
    new_request_state()


def draft_count():
    return db.session.scalar(select(func.count()).select_from(Draft))


def test_signing_out_ends_the_entry_so_the_next_person_cannot_see_change_or_send_it(client):
    sign_in_as(client, "engagement_officer")
    start_entry(client, channel="paper", language="en")
    answer(client, "where", {"ward": "Hale"})
    cookie_while_signed_in = client.get_cookie("session").value
    sign_out(client)

    assert draft_count() == 0
    page = client.get(page_url("used"))
    assert page.status_code == 302 and page.location.endswith(BASE)
    assert "Hale" not in client.get(f"{BASE}/check-answers", follow_redirects=True).text
    # A copy of the cookie from before the sign-out opens nothing either.
    client.set_cookie("session", cookie_while_signed_in, domain="localhost")
    new_request_state()
    assert client.get(f"{BASE}/check-answers").status_code == 302
    assert client.post(page_url("used"), data={"used_hub": "no", "action": "continue"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_an_entered_draft_is_never_open_to_someone_not_signed_in(app, client):
    """Even with its token: the draft records who started it, and the pages check it."""
    sign_in_as(client, "engagement_officer")
    start_entry(client, channel="phone", language="pl")
    answer(client, "where", {"ward": "Hale"})
    token = db.session.scalar(select(Draft.token))
    stranger = app.test_client()
    new_request_state()
    with stranger.session_transaction() as browser:
        browser["drafts"] = {SLUG: token}
    for path in (page_url("used"), page_url("used"), f"{BASE}/check-answers"):  # twice: the cached page too
        assert stranger.get(path).status_code == 302
    assert stranger.post(page_url("used"), data={"used_hub": "no", "action": "continue"}).status_code == 302
    assert db.session.scalar(select(Draft.answers)) == {"ward": "Hale"}


def test_an_entered_draft_resumes_only_for_the_staff_member_who_started_it(app, client):
    sign_in_as(client, "engagement_officer")
    start_entry(client, channel="phone", language="pl")
    saved = answer(client, "where", {"ward": "Hale"}, action="save")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", client.get(saved.location).text).group(0)
    sign_out(client)
    assert draft_count() == 1  # it has a code: kept for them to come back to

    resident = app.test_client()  # another browser, not signed in
    refused = resident.get(f"/resume/{code}")
    assert refused.status_code == 404 and "We could not find saved answers for that code" in refused.text
    colleague = app.test_client()
    new_request_state()
    sign_in_as(colleague, "administrator")
    assert colleague.get(f"/resume/{code}").status_code == 404

    officer = app.test_client()
    new_request_state()
    page = officer.get("/staff/sign-in")
    officer.post("/staff/sign-in", data={"csrf_token": csrf_token(page.text), "email": "engagement_officer@example.org",
                                         "password": "a long enough password"})
    resumed = officer.get(f"/resume/{code}")
    assert resumed.status_code == 302 and resumed.location.endswith("/questions/used")
    response = answer(officer, "used", {"used_hub": "no"})
    location = skip_optional_pages(officer, response.location)
    sent = officer.post(location, data={"csrf_token": csrf_token(officer.get(location).text)})
    assert sent.location.endswith(f"/staff/consultations/{SLUG}/entered")
    stored = db.session.scalar(select(Response))
    assert stored.channel is Channel.PHONE and stored.language == "pl"


def test_signing_out_forgets_what_was_entered_and_sent(client):
    sign_in_as(client, "engagement_officer")
    start_entry(client, channel="paper", language="en")
    response = answer(client, "where", {"ward": "Hale"})
    response = answer(client, "used", {"used_hub": "no"})
    location = skip_optional_pages(client, response.location)
    client.post(location, data={"csrf_token": csrf_token(client.get(location).text)})
    reference = db.session.scalar(select(Response.reference))
    sign_out(client)
    confirmation = client.get(f"{BASE}/confirmation")
    assert confirmation.status_code == 302 and reference not in confirmation.text


def test_a_respondents_own_draft_is_unaffected(client):
    from tests.engage.journey import start

    start(client)
    answer(client, "where", {"ward": "Hale"})
    assert client.get(page_url("used")).status_code == 200
    assert db.session.scalar(select(Draft.entered_by_id)) is None
