"""Guessing limits: staff passwords and resume codes. Only failures count; the page keeps what was typed."""

import logging
import re
from contextlib import contextmanager

import pytest
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from engage import create_app
from engage.extensions import db
from engage.throttle import (
    DEVICE_COOKIE,
    RESUME_PER_ADDRESS,
    SIGN_IN_PER_ACCOUNT,
    SIGN_IN_PER_ACCOUNT_AND_ADDRESS,
    SIGN_IN_PER_ADDRESS,
    SIGN_IN_PER_TRUSTED_BROWSER,
    AttemptCounts,
)
from tests.engage.conftest import csrf_token
from tests.engage.journey import BASE, answer, start
from tests.engage.test_accounts import make_officer
from tests.engage.test_entry import new_request_state
from tests.engage.test_html import assert_valid_html

PASSWORD = "a long enough password"


@contextmanager
def separate_app(database_url, **config):
    """Another app on the test database, with CSRF off; its connections are closed afterwards."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": database_url.replace("postgresql://", "postgresql+psycopg://", 1),
                      **config})
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def allowed(limit) -> int:
    return limit.amount


def sign_in(client, email, password, address="192.0.2.1"):
    page = client.get("/staff/sign-in", environ_base={"REMOTE_ADDR": address})
    return client.post("/staff/sign-in", environ_base={"REMOTE_ADDR": address},
                       data={"csrf_token": csrf_token(page.text), "email": email, "password": password})


def try_code(client, code, address="192.0.2.1"):
    page = client.get("/resume", environ_base={"REMOTE_ADDR": address})
    return client.post("/resume", environ_base={"REMOTE_ADDR": address},
                       data={"csrf_token": csrf_token(page.text), "code": code})


def test_wrong_passwords_for_one_account_are_refused_after_the_limit(client):
    make_officer()
    for n in range(allowed(SIGN_IN_PER_ACCOUNT)):
        # from a new address each time: the account's own limit applies
        assert sign_in(client, "officer@example.org", "wrong password!", f"192.0.2.{n + 1}").status_code == 400
    refused = sign_in(client, "Officer@Example.org", PASSWORD, "198.51.100.7")
    assert refused.status_code == 429
    assert "You have tried too many times. Wait 15 minutes, then try again." in refused.text
    assert 'value="Officer@Example.org"' in refused.text  # the email is kept
    assert PASSWORD not in refused.text
    assert_valid_html(refused.text, "sign-in refused")
    assert client.get("/staff/").status_code == 302  # not signed in


def test_one_address_trying_many_accounts_is_refused_in_its_language(app, client):
    for n in range(allowed(SIGN_IN_PER_ADDRESS)):
        assert sign_in(client, f"someone{n}@example.org", "wrong password!").status_code == 400
    client.get("/?lang=pl", environ_base={"REMOTE_ADDR": "192.0.2.1"})
    refused = sign_in(client, "another@example.org", "wrong password!")
    assert refused.status_code == 429
    assert "Zbyt wiele prób. Odczekaj 15 minut i spróbuj ponownie." in refused.text
    new_request_state()
    elsewhere = app.test_client()
    assert sign_in(elsewhere, "another@example.org", "wrong password!", "203.0.113.9").status_code == 400


def test_successful_sign_ins_do_not_count(client):
    make_officer()
    for _ in range(allowed(SIGN_IN_PER_ACCOUNT) + 2):
        assert sign_in(client, "officer@example.org", PASSWORD).status_code == 302
        client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").text)})
        new_request_state()


def test_guessing_resume_codes_is_refused_after_the_limit_and_the_code_is_kept(client):
    attempts = allowed(RESUME_PER_ADDRESS)
    for n in range(attempts // 2):
        assert try_code(client, f"AAAA-BBBB-{n:04d}").status_code == 400
    for n in range(attempts - attempts // 2):  # the link form counts with the code form
        assert client.get(f"/resume/CCCC-DDDD-{n:04d}", environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code == 404
    refused = try_code(client, "EEEE-FFFF-GGGG")
    assert refused.status_code == 429
    assert "You have tried too many times" in refused.text and 'value="EEEE-FFFF-GGGG"' in refused.text
    by_link = client.get("/resume/HHHH-JJJJ-KKKK", environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert by_link.status_code == 429 and 'value="HHHH-JJJJ-KKKK"' in by_link.text
    assert_valid_html(by_link.text, "resume refused")


def test_a_real_code_still_works_for_someone_else_while_one_address_is_refused(app, client):
    start(client)
    saved = answer(client, "where", {"ward": "Sale Moor"}, action="save")
    saved_page = client.get(saved.location).text
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", saved_page).group(1)
    for n in range(allowed(RESUME_PER_ADDRESS)):
        try_code(client, f"AAAA-BBBB-{n:04d}")
    assert try_code(client, code).status_code == 429
    new_request_state()
    assert try_code(app.test_client(), code, "203.0.113.9").location.startswith(f"{BASE}/questions/")


@pytest.mark.parametrize(("hops", "expected"), [(0, 429), (1, 400)])
def test_behind_a_trusted_proxy_visitors_are_told_apart_by_their_forwarded_address(database_url, hops, expected):
    with separate_app(database_url, TRUSTED_PROXY_COUNT=hops, ATTEMPT_COUNTS_URI="memory://") as app:
        client = app.test_client()
        for n in range(allowed(SIGN_IN_PER_ADDRESS)):
            client.post("/staff/sign-in", data={"email": f"a{n}@example.org", "password": "wrong password!"},
                        headers={"X-Forwarded-For": "192.0.2.1"})
        # the same proxy, another visitor
        other = client.post("/staff/sign-in", data={"email": "b@example.org", "password": "wrong password!"},
                            headers={"X-Forwarded-For": "192.0.2.2"})
    assert other.status_code == expected


def test_one_address_guessing_one_account_is_refused_after_a_few_tries_but_not_elsewhere(app, client):
    make_officer()
    for _ in range(allowed(SIGN_IN_PER_ACCOUNT_AND_ADDRESS)):
        assert sign_in(client, "officer@example.org", "wrong password!").status_code == 400
    assert sign_in(client, "officer@example.org", PASSWORD).status_code == 429
    new_request_state()
    assert sign_in(app.test_client(), "officer@example.org", PASSWORD, "203.0.113.9").status_code == 302


def guess(app, guesses):
    """A wrong guess at each (email, address), each from a new browser."""
    for email, address in guesses:
        new_request_state()
        sign_in(app.test_client(), email, "wrong password!", address)
    new_request_state()


def test_the_owners_usual_browser_is_not_locked_out_by_guesses_from_elsewhere(app, client):
    make_officer()
    office = "192.0.2.50"
    assert sign_in(client, "officer@example.org", PASSWORD, office).status_code == 302
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").text)})
    # a colleague in the same office and strangers elsewhere use up the office's and the account's limits
    pair, per_address, per_account = map(allowed, (
        SIGN_IN_PER_ACCOUNT_AND_ADDRESS, SIGN_IN_PER_ADDRESS, SIGN_IN_PER_ACCOUNT))
    guess(app, [("officer@example.org", office)] * pair
          + [(f"someone{n}@example.org", office) for n in range(per_address - pair)]
          + [("officer@example.org", f"198.51.100.{n}") for n in range(per_account - pair)])
    assert sign_in(app.test_client(), "officer@example.org", PASSWORD, "203.0.113.9").status_code == 429
    new_request_state()
    assert sign_in(app.test_client(), "anyone@example.org", PASSWORD, office).status_code == 429
    new_request_state()
    assert sign_in(client, "officer@example.org", PASSWORD, office).status_code == 302  # the owner's own browser


def test_a_trusted_browser_has_its_own_limit_and_only_for_its_own_account(app, client):
    make_officer()
    assert sign_in(client, "officer@example.org", PASSWORD).status_code == 302
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").text)})
    new_request_state()
    for _ in range(allowed(SIGN_IN_PER_TRUSTED_BROWSER)):
        assert sign_in(client, "officer@example.org", "wrong password!").status_code == 400
    assert sign_in(client, "officer@example.org", PASSWORD).status_code == 429
    # its device cookie does not lift the limits on guessing someone else's password
    for _ in range(allowed(SIGN_IN_PER_ACCOUNT_AND_ADDRESS)):
        assert sign_in(client, "colleague@example.org", "wrong password!").status_code == 400
    assert sign_in(client, "colleague@example.org", "wrong password!").status_code == 429


def test_a_forged_device_cookie_is_not_trusted(app, client):
    make_officer()
    client.set_cookie(DEVICE_COOKIE, "forged.cookie.value", path="/staff")
    for _ in range(allowed(SIGN_IN_PER_ACCOUNT_AND_ADDRESS)):
        assert sign_in(client, "officer@example.org", "wrong password!").status_code == 400
    assert sign_in(client, "officer@example.org", PASSWORD).status_code == 429


UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def outage_warnings(caplog) -> list:
    return [r for r in caplog.records if r.levelname == "WARNING" and "Attempt counts store unreachable" in r.message]


def test_while_the_counter_store_is_unreachable_guesses_are_still_limited_and_it_is_logged_once(
        app, database_url, caplog):
    make_officer()
    with separate_app(database_url, ATTEMPT_COUNTS_URI=UNREACHABLE) as broken:
        guesser = broken.test_client()
        statuses = [guesser.post("/staff/sign-in", data={"email": "officer@example.org", "password": "wrong password!"}
                                 ).status_code for _ in range(allowed(SIGN_IN_PER_ACCOUNT_AND_ADDRESS))]
        right = guesser.post("/staff/sign-in", data={"email": "officer@example.org", "password": PASSWORD})
    assert statuses == [400] * allowed(SIGN_IN_PER_ACCOUNT_AND_ADDRESS)
    assert right.status_code == 429
    assert len(outage_warnings(caplog)) == 1


def test_while_the_counter_store_is_unreachable_resume_codes_are_still_limited(app, database_url, caplog):
    with separate_app(database_url, ATTEMPT_COUNTS_URI=UNREACHABLE) as broken:
        guesser = broken.test_client()
        for n in range(allowed(RESUME_PER_ADDRESS)):
            assert guesser.get(f"/resume/AAAA-BBBB-{n:04d}").status_code == 404
        assert guesser.get("/resume/CCCC-DDDD-EEEE").status_code == 429
    assert len(outage_warnings(caplog)) == 1


def test_counting_goes_back_to_the_store_when_it_is_reachable_again(caplog):
    counts = AttemptCounts(UNREACHABLE, logging.getLogger("test"))
    limit = parse("1 per 15 minutes")
    counts.hit(limit, "k")
    assert not counts.test(limit, "k")  # counted in memory meanwhile
    counts.shared = MovingWindowRateLimiter(MemoryStorage())  # the store is back, and empty
    counts.retry_at = 0
    assert counts.test(limit, "k")
    assert [r.message for r in caplog.records] == [
        outage_warnings(caplog)[0].message, "Attempt counts store reachable again; counting there again"]
