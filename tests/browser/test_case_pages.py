"""Staff change case pages in a real browser at 320 px: no axe-core violations (WCAG 2.2 A/AA) and no sideways
scrolling, in English and Arabic, with their error states; a workforce officer assigned by an administrator."""

import re

import pytest

from tests.browser.conftest import ADMIN_EMAIL, WORKFORCE_EMAIL, assert_accessible
from tests.browser.test_reflow import NARROW, sign_in

CASE = "/staff/cases/integrated-neighbourhood-teams"
PAGES = ["/staff/cases/", "/staff/cases/new", f"{CASE}/", f"{CASE}/details", f"{CASE}/staff-list",
         f"{CASE}/representatives", f"{CASE}/information", f"{CASE}/meetings/new", f"{CASE}/counter-proposals/new",
         f"{CASE}/audit", f"{CASE}/close", f"{CASE}/report"]


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    yield context.new_page()
    context.close()


def check(page, label):
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], f"{label} is too wide"
    assert_accessible(page, label)


def visit(page, url, label):
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    check(page, label)


def submit(page, label):
    page.click("main form #save, main form #import")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1, label
    check(page, label)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_case_pages_pass_axe_at_320px_for_an_administrator(narrow, live_server, lang, tmp_path):
    page = narrow
    sign_in(page, live_server, ADMIN_EMAIL, lang)
    for path in PAGES + [f"{CASE}/officers"]:
        visit(page, live_server + path, f"{path} [{lang}]")
    page.goto(f"{live_server}{CASE}/")
    meeting = page.locator(f'a[href^="{CASE}/meetings/"]').first.get_attribute("href")
    reply = page.locator('a[href*="/counter-proposals/"][href$="/reply"]').first.get_attribute("href")
    visit(page, live_server + meeting, f"a meeting [{lang}]")
    visit(page, live_server + reply, f"a reply [{lang}]")
    # error states
    for path in ["/staff/cases/new", f"{CASE}/representatives", f"{CASE}/meetings/new",
                 f"{CASE}/counter-proposals/new", f"{CASE}/close"]:
        page.goto(live_server + path)
        submit(page, f"{path} with errors [{lang}]")
    page.goto(f"{live_server}{CASE}/details")
    page.fill("#proposed_dismissals", "many")
    page.fill("#planned_decision_on", "2027-02-30")
    submit(page, f"details with errors [{lang}]")
    bad = tmp_path / "staff.csv"
    bad.write_text("Staff number,Name,Organisation\nA1,Ana,Trust\nA1,Ben,\n", encoding="utf-8")
    page.goto(f"{live_server}{CASE}/staff-list")
    page.set_input_files("#staff_list", str(bad))
    submit(page, f"staff list with problems [{lang}]")
    assert page.locator("#problems").count() == 1


def test_an_assigned_workforce_officer_sees_the_case_pages_without_violations(narrow, live_server, browser):
    page = narrow
    sign_in(page, live_server, ADMIN_EMAIL, "en")
    page.goto(f"{live_server}{CASE}/officers")
    page.get_by_label(re.compile(re.escape(WORKFORCE_EMAIL))).check()
    page.click("#save")
    page.wait_for_load_state()
    assert page.url.endswith(f"{CASE}/")
    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    officer = context.new_page()
    try:
        sign_in(officer, live_server, WORKFORCE_EMAIL, "ar")
        for path in PAGES:
            visit(officer, live_server + path, f"{path} [workforce officer, ar]")
        assert officer.goto(f"{live_server}{CASE}/officers").status == 403
    finally:
        context.close()


def test_the_outcome_report_prints_without_the_site_header_links_or_buttons(page, live_server):
    sign_in(page, live_server, ADMIN_EMAIL, "en")
    page.goto(f"{live_server}{CASE}/report")
    assert page.locator(".engage-header").is_visible() and page.locator(".govuk-back-link").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".engage-header").is_visible()
    assert not page.locator(".govuk-back-link").is_visible()
    assert not page.locator(".engage-language-switcher").is_visible()
    assert page.locator("h1").inner_text() == "Integrated neighbourhood teams"
    width = page.evaluate("getComputedStyle(document.querySelector('.engage-report')).width")
    assert float(width.removesuffix("px")) > 700  # the full width of the paper, not two thirds
