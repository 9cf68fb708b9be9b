"""Whole surveys completed with the keyboard only, and with JavaScript turned off."""

import json

import pytest

from tests.browser.test_accessibility import SLUG, press_continue, sign_in_as_officer

STAFF_SLUG = "integrated-neighbourhood-teams-staff"


def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
          return {tag: el.tagName, type: el.type || '', name: el.name || '', value: el.value || '',
                  inForm: !!el.closest('main form'), text: (el.innerText || '').trim()}; }"""
    )


def answer_with_keyboard(page, max_tabs=120):
    """Tab through the page, answering each field from the keyboard, then press Enter on Continue."""
    ranks: dict[str, int] = {}
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        el = focused(page)
        if not el["inForm"]:
            continue
        if el["tag"] == "BUTTON":
            if el["value"] == "continue":
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                return
            continue
        name = el["name"]
        if el["type"] in ("radio", "checkbox"):
            page.keyboard.press("Space")
        elif el["tag"] == "SELECT":
            base = name.rsplit("-", 1)[0]
            ranks[base] = ranks.get(base, 0) + 1
            for _ in range(ranks[base]):
                page.keyboard.press("ArrowDown")
        elif name.endswith("-day"):
            page.keyboard.type("2")
        elif name.endswith("-month"):
            page.keyboard.type("3")
        elif name.endswith("-year"):
            page.keyboard.type("2027")
        elif el["tag"] == "TEXTAREA":
            page.keyboard.type("Keep the hub open later.")
        elif el["tag"] == "INPUT" and el["type"] == "text":
            page.keyboard.type("5")
    pytest.fail(f"could not reach the Continue button on {page.url}")


def tab_to(page, element_id, limit=60):
    """Press Tab from where the focus is until the element with ``element_id`` has it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} cannot be reached with Tab")


def test_complete_a_whole_survey_with_the_keyboard_only(page, live_server, staff_code):
    """A member of staff types their code (lower case, no dashes), opens the survey and answers it by keyboard."""
    page.goto(f"{live_server}/staff-survey?lang=en")
    tab_to(page, "code")
    page.keyboard.type(staff_code.lower().replace("-", ""))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/staff-survey/" in page.url
    tab_to(page, "answer-survey")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/consultations/{STAFF_SLUG}")
    # Reach the start button with Tab, then press Enter.
    tab_to(page, "start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(30):
        if page.url.endswith("/check-answers"):
            break
        assert page.locator(".govuk-error-summary").count() == 0, page.inner_text(".govuk-error-summary")
        answer_with_keyboard(page)
    else:
        pytest.fail("never reached check your answers")
    assert page.locator(".govuk-error-summary").count() == 0
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "submit":
            break
    else:
        pytest.fail("the send button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/confirmation")
    assert page.locator(".govuk-panel__title").count() == 1
    # The code is now used: it opens the case page, never the survey again.
    page.goto(f"{live_server}/consultations/{STAFF_SLUG}")
    assert page.locator("h1").inner_text() == "You have already answered this survey"


def continue_to_check_answers(page, max_pages=30):
    """Press Continue on each remaining (optional) page, with no error, until check your answers."""
    for _ in range(max_pages):
        if page.url.endswith("/check-answers"):
            return
        press_continue(page)
        assert page.locator(".govuk-error-summary").count() == 0, page.url
    pytest.fail("never reached check your answers")


def test_complete_a_whole_survey_with_javascript_disabled(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/consultations/{SLUG}?lang=pl")
        page.click("#start")
        page.wait_for_load_state()
        page.select_option('select[name="ward"]', "Sale Moor")
        press_continue(page)
        page.check('input[name="used_hub"][value="yes"]')
        press_continue(page)
        # The "other, please specify" box is usable without JavaScript.
        page.check('input[name="services_used"][value="other"]')
        page.fill('input[name="services_used-other"]', "Podiatry")
        press_continue(page)
        continue_to_check_answers(page)
        summary = page.inner_text("main")
        assert "Podiatry" in summary and "Sale Moor" in summary
        page.click("#submit")
        page.wait_for_load_state()
        assert page.url.endswith("/confirmation")
        assert page.locator(".govuk-panel__title").count() == 1
    finally:
        context.close()


def test_enter_a_phone_response_with_javascript_disabled(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_as_officer(page, live_server, "en")
        page.goto(f"{live_server}/staff/consultations/{SLUG}/enter-response")
        page.check('input[name="channel"][value="phone"]')
        page.select_option("#language", "ar")
        page.click("#start-entry")
        page.wait_for_load_state()
        assert "given on the phone" in page.inner_text("#entered-on-behalf")
        page.select_option('select[name="ward"]', "Hale")
        press_continue(page)
        page.check('input[name="used_hub"][value="no"]')
        press_continue(page)
        continue_to_check_answers(page)
        assert "Hale" in page.inner_text("main")
        page.click("#submit")
        page.wait_for_load_state()
        assert page.url.endswith(f"/staff/consultations/{SLUG}/entered")
        page.goto(f"{live_server}/staff/")
        assert "phone" in page.inner_text("main table")
    finally:
        context.close()


def test_put_a_consultation_on_and_open_it_with_javascript_disabled(browser, live_server, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_as_officer(page, live_server, "en")
        document = page.request.get(f"{live_server}/staff/consultations/{SLUG}/document.json").json()
        document["consultation"] |= {"slug": "no-script-consultation", "status": "draft"}
        (tmp_path / "doc.json").write_text(json.dumps(document), encoding="utf-8")
        page.goto(f"{live_server}/staff/consultation-documents")
        page.set_input_files("#document", str(tmp_path / "doc.json"))
        page.click("#check")
        page.wait_for_load_state()
        page.click("#store")
        page.wait_for_load_state()
        assert page.url.endswith("/staff/consultations/no-script-consultation/")
        page.click("#preview")
        page.wait_for_load_state()
        page.click('a[rel="next"]')
        page.wait_for_load_state()
        assert page.url.endswith("/preview/used")
        page.goto(f"{live_server}/staff/consultations/no-script-consultation/")
        page.click("#open")
        page.wait_for_load_state()
        assert "The consultation is open." in page.inner_text("main")
        assert page.request.get(f"{live_server}/consultations/no-script-consultation").status == 200
    finally:
        context.close()


def test_scripts_run_under_the_content_security_policy(browser, live_server):
    """The strict CSP still lets GOV.UK Frontend enhance the page (no violations in the console)."""
    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    try:
        page.goto(f"{live_server}/?lang=en")
        page.wait_for_load_state("networkidle")
        classes = page.get_attribute("body", "class")
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes
        assert page.locator('[data-module="govuk-skip-link"][data-govuk-skip-link-init]').count() == 1
        assert not [m for m in messages if "Content Security Policy" in m], messages
    finally:
        context.close()
