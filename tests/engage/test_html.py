"""Every respondent page is well-formed HTML5 with unique ids (the browser tests add axe-core)."""

import re
from collections import Counter

import html5lib
import pytest

from tests.engage.journey import BASE, answer, errors_on, page_url, start


def assert_valid_html(html: str, where: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        line = html.splitlines()[parser.errors[0][0][0] - 1] if parser.errors else ""
        pytest.fail(f"{where}: {error}\n{line.strip()}")
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    duplicated = [i for i, n in ids.items() if n > 1]
    assert not duplicated, f"{where}: duplicate ids {duplicated}"


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_page_of_the_resident_journey_is_valid_html(client, lang):
    for path in ("/", BASE, "/resume", "/accessibility", "/privacy", "/no-such-page", "/staff/sign-in"):
        assert_valid_html(client.get(f"{path}?lang={lang}", follow_redirects=True).text, path)
    location = start(client, lang=lang)
    bad = {"used": {}, "visits": {"visits_per_year": "400"}, "improve": {"one_thing": "x" * 2001}}
    visited = []
    for _ in range(40):
        if location.endswith("/check-answers"):
            break
        visited.append(location)
        page_id = location.rsplit("/", 1)[1].split("?")[0]
        assert_valid_html(client.get(page_url(page_id)).text, page_id)
        if page_id in bad:
            failed = answer(client, page_id, bad[page_id])
            assert errors_on(failed), page_id
            assert_valid_html(failed.text, f"{page_id} with errors")
        response = answer(client, page_id, {"used_hub": "yes"} if page_id == "used" else {})
        assert response.status_code == 302, (page_id, errors_on(response))
        location = response.location
    assert len(visited) >= 15
    assert_valid_html(client.get(location).text, "check answers")
