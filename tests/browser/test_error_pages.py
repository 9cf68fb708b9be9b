"""The plain error pages pass axe-core in English and Arabic."""

import pytest

from tests.browser.conftest import assert_accessible


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_unreadable_input_page_passes_axe(page, live_server, lang):
    page.goto(f"{live_server}/?lang={lang}")
    response = page.goto(f"{live_server}/consultations/community-health-hubs?ref=%00")
    assert response.status == 400
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert_accessible(page, f"unreadable input [{lang}]")
