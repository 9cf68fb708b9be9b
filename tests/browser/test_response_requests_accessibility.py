"""The administrators' pages for a resident's request (find, show, erase, audit trail) and the staff survey's
confirmation, which gives no reference, pass axe-core in English and Arabic, and work without JavaScript."""

import re

import pytest

from tests.browser.conftest import ADMIN_EMAIL, assert_accessible
from tests.browser.test_accessibility import STAFF_SLUG, fill_page, press_continue, sign_in_as_officer


def send_answers(page, base, slug, lang):
    """Answer every page of a survey with simple answers and send them; the confirmation page is left open."""
    page.goto(f"{base}/consultations/{slug}?lang={lang}")
    page.click("#start")
    page.wait_for_load_state()
    for _ in range(40):
        if page.url.endswith("/check-answers"):
            break
        fill_page(page)
        press_continue(page)
    page.click("#submit")
    page.wait_for_load_state()
    assert page.url.endswith("/confirmation")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_finding_showing_and_erasing_a_response_pass_axe(browser, page, live_server, lang):
    resident = browser.new_context(bypass_csp=True, java_script_enabled=False).new_page()
    send_answers(resident, live_server, "community-health-hubs", lang)
    reference = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", resident.inner_text(".govuk-panel")).group(0)
    resident.context.close()

    sign_in_as_officer(page, live_server, lang, email=ADMIN_EMAIL)
    page.click("#find-response")
    page.wait_for_load_state()
    assert_accessible(page, f"find a response [{lang}]")
    for typed in ("ABC", "ABCD-EF23"):  # malformed, then unknown
        page.fill("#reference", typed)
        page.click("#find")
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1
        assert page.input_value("#reference") == typed
        assert_accessible(page, f"find a response, {typed} [{lang}]")
    page.fill("#reference", reference.lower())
    page.click("#find")
    page.wait_for_load_state()
    assert page.url.endswith(f"/staff/responses/{reference}")
    assert "More evening appointments, please." in page.inner_text("main")
    assert_accessible(page, f"a response [{lang}]")
    page.click("#erase")
    page.wait_for_load_state()
    assert_accessible(page, f"erase a response [{lang}]")
    if lang == "ar":  # the character count's own text, written by GOV.UK Frontend's script, is translated too
        assert "characters remaining" not in page.inner_text("main")
    page.click("main form #erase")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"erase a response with errors [{lang}]")
    page.fill("#reason", "Asked on the phone")
    page.click("main form #erase")
    page.wait_for_load_state()
    assert page.url.endswith("/staff/responses/") and page.locator(".govuk-notification-banner").count() == 1
    assert_accessible(page, f"a response erased [{lang}]")
    page.click("#audit-trail")
    page.wait_for_load_state()
    assert page.locator("main table").count() == 1 and reference in page.inner_text("main table")
    assert_accessible(page, f"audit trail [{lang}]")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_staff_survey_confirmation_without_a_reference_passes_axe(page, live_server, lang, staff_code):
    page.goto(f"{live_server}/staff-survey?code={staff_code}")  # staff surveys open only with a code
    send_answers(page, live_server, STAFF_SLUG, lang)
    assert not re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", page.inner_text("main"))
    assert_accessible(page, f"staff survey confirmation [{lang}]")
