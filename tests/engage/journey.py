"""Helpers that walk a demo survey through the test client (the resident survey unless given another `base`)."""

import re

from tests.engage.conftest import csrf_token

SLUG = "community-health-hubs"
BASE = f"/consultations/{SLUG}"


def page_url(page_id, base=BASE, **query):
    url = f"{base}/questions/{page_id}"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def start(client, lang=None, base=BASE):
    """Start a draft; returns the first question page's path."""
    url = base + (f"?lang={lang}" if lang else "")
    page = client.get(url, follow_redirects=True)
    assert page.status_code == 200
    response = client.post(base, data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    return response.location


def answer(client, page_id, data, action="continue", base=BASE, **query):
    """GET a page for its CSRF token, then POST `data`; returns the POST response."""
    url = page_url(page_id, base=base, **query)
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={"csrf_token": csrf_token(page.text), "action": action, **data})


def walk_used_hub(client):
    """Answer the demo survey as someone who has used a hub; returns the last response (redirect)."""
    start(client)
    steps = [
        ("where", {"ward": "Sale Moor"}),
        ("used", {"used_hub": "yes"}),
        ("services", {"services_used": ["nurse", "other"], "services_used-other": "Podiatry"}),
        ("experience", {"experience-0": "agree", "experience-1": "strongly_agree"}),
        ("priorities", {"priorities-0": "1", "priorities-2": "2"}),
        ("visits", {"visits_per_year": "6"}),
        ("improve", {"one_thing": "Evening appointments so I do not lose pay."}),
        ("updates", {"hear_back": "website"}),
    ]
    for page_id, data in steps:
        response = answer(client, page_id, data)
        assert response.status_code == 302, (page_id, response.status_code, errors_on(response))
    return skip_optional_pages(client, response.location)


def skip_optional_pages(client, location):
    """Press Continue on each remaining (optional) page until the check-answers page."""
    for _ in range(40):
        if location.endswith("/check-answers"):
            return location
        page_id = location.rsplit("/", 1)[1].split("?")[0]
        response = answer(client, page_id, {})
        assert response.status_code == 302, (page_id, errors_on(response))
        location = response.location
    raise AssertionError("never reached check answers")


def errors_on(response) -> list[str]:
    return re.findall(r'<a href="#[^"]*">([^<]+)</a>', response.text) if response.status_code == 400 else []


def submit(client):
    page = client.get(f"{BASE}/check-answers")
    assert page.status_code == 200
    return client.post(f"{BASE}/check-answers", data={"csrf_token": csrf_token(page.text)})
