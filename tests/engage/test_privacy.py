"""The privacy page says what is true: how long saved answers last, and which cookie the service sets."""

from contextlib import contextmanager

from flask import request_finished

from engage.throttle import DEVICE_COOKIE_DAYS
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


def set_cookies(headers) -> dict:
    """Each Set-Cookie header as its name and its attributes (lower case)."""
    cookies = {}
    for header in headers:
        name, _, attributes = header.partition("=")
        cookies.setdefault(name, []).append([a.strip().lower() for a in attributes.split(";")[1:]])
    return cookies


def test_residents_get_only_the_session_cookie_and_it_ends_with_the_browser(app, client):
    with cookies_set(app) as headers:
        client.get("/?lang=pl")
        walk_used_hub(client)
        assert submit(client).status_code == 302
    cookies = set_cookies(headers)
    assert list(cookies) == ["session"], headers
    for attributes in cookies["session"]:
        assert "httponly" in attributes and "samesite=lax" in attributes
        # no lifetime: the browser drops it when it closes
        assert not any(a.startswith(("expires=", "max-age=")) for a in attributes)


def test_staff_also_get_the_device_cookie_the_privacy_page_describes(app, client):
    make_officer()
    with cookies_set(app) as headers:
        sign_in(client, "officer@example.org", "a long enough password")
        client.get("/staff/")
    cookies = set_cookies(headers)
    assert sorted(cookies) == ["engage_device", "session"], headers
    assert not any(a.startswith(("expires=", "max-age=")) for attributes in cookies["session"] for a in attributes)
    [device] = cookies["engage_device"]
    assert {"httponly", "samesite=lax", "path=/staff", f"max-age={DEVICE_COOKIE_DAYS * 86400}"} <= set(device)
    privacy = client.get("/privacy?lang=en", follow_redirects=True).text
    assert f"a cookie called “engage_device” on your device for {DEVICE_COOKIE_DAYS} days" in privacy
    assert "„engage_device” na 180 dni" in client.get("/privacy?lang=pl", follow_redirects=True).text
