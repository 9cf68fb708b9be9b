import re

import pytest

from tests.engage.journey import BASE, SLUG, answer, page_url, start, walk_used_hub
from tests.engage.journey import submit as submit_page
from tests.engage.test_entry import new_request_state, sign_in_as


def test_pages_send_protective_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'<script nonce="{nonce}">' in response.text
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_each_response_gets_a_new_nonce(client):
    first = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    second = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    assert first != second


def test_resume_links_are_not_sent_to_other_sites(client):
    assert client.get("/resume/ABCDEFGHJKMN").headers["Referrer-Policy"] == "same-origin"


def _resident_pages(client) -> dict:
    """Each page of the resident's journey that shows their answers or their resume code, as they saw it."""
    start(client)
    saved = answer(client, "where", {"ward": "Sale Moor"}, action="save")
    pages = {"saved (shows the resume code)": client.get(saved.location)}
    saved_text = pages["saved (shows the resume code)"].text
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", saved_text)
    pages["resume form"] = client.get("/resume")
    pages["resume link"] = client.get(f"/resume/{code.group(1)}")
    pages["consultation page with a draft"] = client.get(BASE)
    check_answers = walk_used_hub(client)
    pages["question page with answers"] = client.get(page_url("where"))
    pages["check your answers"] = client.get(check_answers)
    assert submit_page(client).status_code == 302
    pages["confirmation"] = client.get(f"{BASE}/confirmation")
    return pages


STAFF_PAGES = [
    ("/staff/sign-in", 200),
    ("/staff/set-password/not-a-token", 410),
    ("/staff/", 200),
    ("/staff/password", 200),
    ("/staff/accounts/", 200),
    ("/staff/accounts/new", 200),
    ("/staff/consultations/", 200),
    (f"/staff/consultations/{SLUG}/", 200),
    (f"/staff/consultations/{SLUG}/preview/where", 200),
    (f"/staff/consultations/{SLUG}/document.json", 200),
    ("/staff/consultation-documents", 200),
    (f"/staff/consultations/{SLUG}/enter-response", 200),
    ("/staff/answers/", 200),
    (f"/staff/answers/{SLUG}.csv", 200),
]


def test_staff_pages_and_pages_with_answers_are_never_cached(app, client):
    pages = _resident_pages(client)
    new_request_state()
    staff = app.test_client()
    wrong = {"email": "x@example.org", "password": "x"}
    pages["sign-in with an error (keeps the email)"] = staff.post("/staff/sign-in", data=wrong)
    sign_in_as(staff, "administrator")
    for path, status in STAFF_PAGES:
        pages[path] = staff.get(path)
        assert pages[path].status_code == status, path
    assert {name: page.headers.get("Cache-Control") for name, page in pages.items()} == {
        name: "no-store" for name in pages}


@pytest.mark.parametrize("path", ["/", "/accessibility", "/privacy", "/static/favicon.svg"])
def test_public_pages_that_are_the_same_for_everyone_may_be_cached(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
