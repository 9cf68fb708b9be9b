"""The privacy page says what is true: how long saved answers last, and which cookie the service sets."""

from contextlib import contextmanager

from flask import request_finished

from tests.engage.journey import submit, walk_used_hub
from tests.engage.test_accounts import make_officer, sign_in


@contextmanager
def cookies_set(app):
    """Every Set-Cookie header the app sends while the block runs."""
    headers = []

    def record(_sender, response, **_extra):
        headers.extend(response.headers.getlist("Set-Cookie"))

    request_finished.connect(record, app)
    try:
        yield headers
    finally:
        request_finished.disconnect(record, app)


def test_privacy_page_gives_the_configured_retention_period(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "DRAFT_RETENTION_DAYS", 14)
    english = client.get("/privacy?lang=en", follow_redirects=True).text
    main = english.split("<main", 1)[1].split("</main>", 1)[0]  # not the page's random script nonce
    assert "deleted after 14 days" in main and "28" not in main
    assert "usuwamy po 14 dniach" in client.get("/privacy?lang=pl", follow_redirects=True).text


def test_privacy_page_explains_the_cookie_in_the_residents_language(client):
    english = client.get("/privacy?lang=en", follow_redirects=True).text
    assert '<h2 class="govuk-heading-m" id="cookies">Cookies</h2>' in english
    assert "It is deleted when you close your browser." in english
    assert "Pliki cookie" in client.get("/privacy?lang=pl", follow_redirects=True).text


def test_the_only_cookie_is_the_session_cookie_and_it_ends_with_the_browser(app, client):
    make_officer()
    with cookies_set(app) as headers:
        client.get("/?lang=pl")
        walk_used_hub(client)
        assert submit(client).status_code == 302
        sign_in(client, "officer@example.org", "a long enough password")
        client.get("/staff/")
    assert headers, "the journey set no cookie at all"
    for header in headers:
        name, _, attributes = header.partition("=")
        attributes = [a.strip().lower() for a in attributes.split(";")[1:]]
        assert name == "session", header
        assert "httponly" in attributes and "samesite=lax" in attributes, header
        # no lifetime: the browser drops it when it closes
        assert not any(a.startswith(("expires=", "max-age=")) for a in attributes), header
