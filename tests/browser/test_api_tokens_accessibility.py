"""The API tokens page (empty, with an error, with a new token shown once, after revoking) passes axe-core in
English and Arabic, reflows at 320 px, and works without JavaScript."""

import pytest

from tests.browser.conftest import ANALYST_EMAIL, assert_accessible
from tests.browser.test_accessibility import sign_in_as_officer


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_api_tokens_page_passes_axe(page, live_server, lang):
    sign_in_as_officer(page, live_server, lang, email=ANALYST_EMAIL)
    page.click("#api-tokens")
    page.wait_for_load_state()
    assert page.url.endswith("/staff/api-tokens")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert_accessible(page, f"API tokens [{lang}]")

    page.fill("#name", "")
    page.click("#create-token")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"API tokens with an error [{lang}]")

    page.fill("#name", f"R on my laptop ({lang})")
    page.click("#create-token")
    page.wait_for_load_state()
    token = page.inner_text("#new-token").strip()
    assert token.startswith("eng_")
    assert_accessible(page, f"API token created [{lang}]")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.locator("main form button.govuk-button--warning").first.click()
    page.wait_for_load_state()
    assert page.locator(".govuk-notification-banner").count() == 1
    assert token not in page.content()
    assert_accessible(page, f"API token revoked [{lang}]")


def test_the_api_tokens_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_as_officer(page, live_server, "en", email=ANALYST_EMAIL)
        page.goto(f"{live_server}/staff/api-tokens")
        page.fill("#name", "Without JavaScript")
        page.click("#create-token")
        page.wait_for_load_state()
        assert page.inner_text("#new-token").startswith("eng_")
    finally:
        context.close()
