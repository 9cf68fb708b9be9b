import hashlib
from hashlib import scrypt

from engage.accounts.services import authenticate, create_user, find_by_email
from engage.extensions import db
from tests.engage.conftest import csrf_token


def make_officer():
    create_user("officer@example.org", "Sam Officer", "engagement_officer", "a long enough password")
    db.session.commit()


def sign_in(client, email, password):
    page = client.get("/staff/sign-in")
    return client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.text), "email": email,
                                               "password": password})


def test_staff_sign_in_and_out(client):
    make_officer()
    response = sign_in(client, "Officer@Example.org", "a long enough password")
    assert response.status_code == 302
    home = client.get("/staff/")
    assert "Signed in as Sam Officer" in home.text
    out = client.post("/staff/sign-out", data={"csrf_token": csrf_token(home.text)})
    assert out.status_code == 302
    assert client.get("/staff/").status_code == 302  # back to sign-in


def test_wrong_password_is_refused_and_keeps_the_email(client):
    make_officer()
    response = sign_in(client, "officer@example.org", "not the password")
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.text
    assert 'value="officer@example.org"' in response.text
    assert client.get("/staff/").status_code == 302


def test_empty_sign_in_form_says_what_is_missing(client):
    response = sign_in(client, "", "")
    assert response.status_code == 400
    assert "Enter your email address" in response.text and "Enter your password" in response.text


def test_staff_pages_need_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/sign-in" in response.location


def test_sign_in_without_csrf_token_is_refused(client):
    make_officer()
    response = client.post("/staff/sign-in", data={"email": "officer@example.org",
                                                   "password": "a long enough password"})
    assert response.status_code == 400
    assert "The page was out of date, so nothing was changed" in response.text
    assert 'value="officer@example.org"' in response.text  # the email is kept, the password never
    assert client.get("/staff/").status_code == 302


def test_unknown_and_deactivated_accounts_cost_the_same_password_hash_as_a_wrong_password(app, monkeypatch):
    """So the time a sign-in takes does not tell which email addresses have an active account."""
    make_officer()
    create_user("gone@example.org", "Former Officer", "engagement_officer", "a long enough password")
    find_by_email("gone@example.org").is_active = False
    db.session.commit()
    authenticate("warm-up@example.org", "any password")  # the unknown-account hash is made once, on first use
    costs = []

    def counting_scrypt(password, *, salt, **cost):
        costs.append(cost)
        return scrypt(password, salt=salt, **cost)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    hashes_checked = {}
    for email in ("officer@example.org", "nobody@example.org", "gone@example.org"):
        before = len(costs)
        assert authenticate(email, "a long enough password" if email == "gone@example.org" else "wrong") is None
        hashes_checked[email] = costs[before:]
    real_account = hashes_checked["officer@example.org"]
    assert len(real_account) == 1
    assert hashes_checked == {email: real_account for email in hashes_checked}
