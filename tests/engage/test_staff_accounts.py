"""Staff accounts run from the web: administrators add, change, deactivate and reset them; staff set and change
their own passwords with links and forms that keep what was typed (never a password) when something is wrong."""

import html
import re
import time

from engage.accounts.services import create_user, find_by_email
from engage.extensions import db
from engage.models import Role
from tests.engage.conftest import csrf_token
from tests.engage.test_consultation_pages import error_summary
from tests.engage.test_entry import PASSWORD, new_request_state, sign_in_as

NEW_PASSWORD = "correct horse battery staple"


def sign_in(client, email, password):
    new_request_state()
    page = client.get("/staff/sign-in")
    return client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.text), "email": email,
                                               "password": password})


def add_account(client, **fields):
    page = client.get("/staff/accounts/new")
    assert page.status_code == 200
    data = {"name": "Sam Officer", "email": "sam@example.org", "role": "engagement_officer"} | fields
    return client.post("/staff/accounts/new", data={"csrf_token": csrf_token(page.text), **data})


def shown_link(page) -> str:
    match = re.search(r'id="set-password-link"[^>]*>([^<]+)<', page.text)
    assert match, "no set-password link on the page"
    return html.unescape(match.group(1)).replace("http://localhost", "")


def set_password(client, link, password=NEW_PASSWORD, confirm=None):
    new_request_state()
    page = client.get(link)
    assert page.status_code == 200, page.status_code
    return client.post(link, data={"csrf_token": csrf_token(page.text), "new_password": password,
                                   "confirm": password if confirm is None else confirm})


def test_an_administrator_adds_an_account_whose_owner_sets_the_password(app, client):
    sign_in_as(client, "administrator")
    assert 'href="/staff/accounts/"' in client.get("/staff/").text
    added = add_account(client)
    assert added.status_code == 302
    account_page = client.get(added.location)
    link = shown_link(account_page)
    assert link.startswith("/staff/set-password/")
    assert 'id="set-password-link"' not in client.get(added.location).text  # shown once
    user = find_by_email("sam@example.org")
    assert user.role is Role.ENGAGEMENT_OFFICER and user.is_active

    newcomer = app.test_client()
    assert set_password(newcomer, link, confirm="something else").status_code == 400
    too_short = set_password(newcomer, link, password="short")
    assert too_short.status_code == 400 and "The password must be 12 to 200 characters" in error_summary(too_short)
    assert "short" not in too_short.text.split("<main")[1]  # passwords are never shown again
    done = set_password(newcomer, link)
    assert done.status_code == 302 and done.location.endswith("/staff/sign-in")
    assert "Your password is set." in newcomer.get(done.location).text
    assert sign_in(newcomer, "sam@example.org", NEW_PASSWORD).status_code == 302
    new_request_state()
    assert newcomer.get(link).status_code == 410  # a link works once


def test_adding_an_account_keeps_what_was_typed_when_something_is_wrong(client):
    sign_in_as(client, "administrator")
    refused = add_account(client, name="", email="not-an-email", role="superuser")
    assert refused.status_code == 400
    summary = error_summary(refused)
    for message in ("Enter their full name", "Enter an email address like name@example.org", "Choose a role"):
        assert message in summary
    assert 'value="not-an-email"' in refused.text
    duplicate = add_account(client, email="Administrator@example.org", name="Someone Else")
    assert duplicate.status_code == 400
    assert "There is already an account for this email address" in error_summary(duplicate)
    assert 'value="Someone Else"' in duplicate.text and 'value="engagement_officer" checked' in duplicate.text
    new_request_state()
    stale = client.post("/staff/accounts/new", data={"csrf_token": "stale", "name": "Kept Name",
                                                     "email": "kept@example.org", "role": "analyst"})
    assert stale.status_code == 400 and "The page was out of date, so nothing was changed" in error_summary(stale)
    assert 'value="Kept Name"' in stale.text and find_by_email("kept@example.org") is None


def test_only_administrators_manage_accounts(client):
    sign_in_as(client, "engagement_officer")
    assert 'href="/staff/accounts/"' not in client.get("/staff/").text
    for url in ("/staff/accounts/", "/staff/accounts/new", "/staff/accounts/1"):
        assert client.get(url).status_code == 403


def test_changing_your_password_signs_out_your_other_sessions(app, client):
    sign_in_as(client, "workforce_officer")
    other_browser = app.test_client()
    assert sign_in(other_browser, "workforce_officer@example.org", PASSWORD).status_code == 302

    new_request_state()
    page = client.get("/staff/password")
    wrong = client.post("/staff/password", data={"csrf_token": csrf_token(page.text), "current_password": "nope",
                                                 "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "Your current password is not right" in error_summary(wrong)
    mismatch = client.post("/staff/password", data={"csrf_token": csrf_token(page.text), "current_password": PASSWORD,
                                                    "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})
    assert "The two passwords are not the same" in error_summary(mismatch)
    changed = client.post("/staff/password", data={"csrf_token": csrf_token(page.text),
                                                   "current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    new_request_state()
    assert "Your password has been changed." in client.get("/staff/").text  # this session goes on
    new_request_state()
    assert other_browser.get("/staff/").status_code == 302  # the other one is signed out
    assert sign_in(other_browser, "workforce_officer@example.org", PASSWORD).status_code == 400
    assert sign_in(other_browser, "workforce_officer@example.org", NEW_PASSWORD).status_code == 302


def test_wrong_current_passwords_count_as_failed_sign_ins(client):
    sign_in_as(client, "analyst")
    page = client.get("/staff/password")
    for _ in range(10):
        client.post("/staff/password", data={"csrf_token": csrf_token(page.text), "current_password": "guess",
                                             "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    refused = client.post("/staff/password", data={"csrf_token": csrf_token(page.text), "current_password": PASSWORD,
                                                   "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert refused.status_code == 400 and "You have tried too many times" in error_summary(refused)
    assert find_by_email("analyst@example.org").check_password(PASSWORD)


def test_deactivating_resetting_and_changing_roles(app, client):
    sign_in_as(client, "administrator")
    officer = create_user("olu@example.org", "Olu Officer", Role.ENGAGEMENT_OFFICER, PASSWORD)
    db.session.commit()
    officer_id = officer.id
    officer_browser = app.test_client()
    assert sign_in(officer_browser, "olu@example.org", PASSWORD).status_code == 302

    def act(action, **data):
        new_request_state()
        page = client.get(f"/staff/accounts/{officer_id}")
        return client.post(f"/staff/accounts/{officer_id}", data={"csrf_token": csrf_token(page.text),
                                                                  "action": action, **data})

    assert act("role", role="workforce_officer").status_code == 302
    assert find_by_email("olu@example.org").role is Role.WORKFORCE_OFFICER
    assert act("role", role="emperor").status_code == 400

    assert act("deactivate").status_code == 302
    new_request_state()
    assert officer_browser.get("/staff/").status_code == 302  # signed out at once
    assert sign_in(officer_browser, "olu@example.org", PASSWORD).status_code == 400
    new_request_state()
    assert "Deactivated" in client.get("/staff/accounts/").text
    assert act("reactivate").status_code == 302
    assert sign_in(officer_browser, "olu@example.org", PASSWORD).status_code == 302

    reset = act("reset")
    new_request_state()
    link = shown_link(client.get(reset.location))
    new_request_state()
    assert officer_browser.get("/staff/").status_code == 302  # signed out everywhere
    assert sign_in(officer_browser, "olu@example.org", PASSWORD).status_code == 400
    assert set_password(officer_browser, link).status_code == 302
    assert sign_in(officer_browser, "olu@example.org", NEW_PASSWORD).status_code == 302


def test_administrators_cannot_lock_themselves_out(client):
    sign_in_as(client, "administrator")
    own_id = find_by_email("administrator@example.org").id
    page = client.get(f"/staff/accounts/{own_id}")
    assert "This is your own account." in page.text and 'id="deactivate"' not in page.text
    token = csrf_token(client.get("/staff/accounts/new").text)  # the own-account page has no forms
    for action in ("deactivate", "reset", "role"):
        refused = client.post(f"/staff/accounts/{own_id}", data={"csrf_token": token,
                                                                "action": action, "role": "analyst"})
        assert refused.status_code == 400 and "You cannot change your own role" in error_summary(refused)
    me = find_by_email("administrator@example.org")
    assert me.is_active and me.role is Role.ADMINISTRATOR
    assert client.get("/staff/accounts/999999").status_code == 404


def test_set_password_links_that_are_forged_expired_or_used_do_not_work(app, client, monkeypatch):
    sign_in_as(client, "administrator")
    link = shown_link(client.get(add_account(client).location))
    new_request_state()
    assert client.get(link[:-3] + "abc").status_code == 410
    assert client.get("/staff/set-password/not-a-token").status_code == 410
    later = time.time() + 73 * 3600
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    expired = client.get(link)
    assert expired.status_code == 410 and "This link no longer works" in expired.text


def test_a_password_link_from_the_command_line(app, client, runner):
    create_user("solo@example.org", "Solo Admin", Role.ADMINISTRATOR, PASSWORD)
    db.session.commit()
    printed = runner.invoke(args=["password-link", "solo@example.org", "--reset"])
    assert printed.exit_code == 0, printed.output
    link = printed.stdout.strip()
    assert link.startswith("/staff/set-password/")
    assert sign_in(client, "solo@example.org", PASSWORD).status_code == 400  # --reset: the old one stopped working
    assert set_password(client, link).status_code == 302
    assert sign_in(client, "solo@example.org", NEW_PASSWORD).status_code == 302
    missing = runner.invoke(args=["password-link", "nobody@example.org"])
    assert missing.exit_code == 1 and "No staff account for nobody@example.org" in missing.output


def test_a_page_that_needs_signing_in_sends_to_sign_in_without_a_stray_banner(client):
    page = client.get("/staff/results/", follow_redirects=True, headers={"Accept-Language": "ar"})
    assert page.status_code == 200
    assert "/staff/sign-in" in page.request.path
    assert "Please log in" not in page.get_data(as_text=True)
    assert "govuk-notification-banner--success" not in page.get_data(as_text=True)
