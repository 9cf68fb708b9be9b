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


@pytest.fixture
def reporting_data(live_server):
    """On the live server: 12 answers to the case's staff survey, codes for the staff who had none (all used),
    and, while the test runs, a batch of emails with one failure; so the report, response rates and codes
    page have figures. The batch is removed afterwards (other tests count the codes page's table rows)."""
    from sqlalchemy import delete, select

    from engage import ballot
    from engage.extensions import db
    from engage.models import ChangeCase, EmailBatch
    from tests.browser.conftest import LIVE
    from tests.engage.results_data import add_responses

    with LIVE["app"].app_context():
        case = db.session.scalar(select(ChangeCase).where(ChangeCase.slug == "integrated-neighbourhood-teams"))
        if not ballot.codes_by_staff(case).get(case.staff[-1].id):
            add_responses(12, slug=case.consultation.slug, support_proposal="agree")
            for person in case.staff[30:]:
                ballot.issue_code(person, ballot.PRINT)
            for row in ballot.codes_by_staff(case).values():
                if row.staff in case.staff[30:]:
                    ballot.mark_answered(row.code_hash)
        person = case.staff[40]
        db.session.add(EmailBatch(case_id=case.id, kind="invite", status="finished", base_url="http://localhost/",
                                  sent=3, failures=[{"staff_id": person.id, "name": person.name,
                                                     "staff_number": person.staff_number, "reason": "refused"}]))
        db.session.commit()
    yield
    with LIVE["app"].app_context():
        db.session.execute(delete(EmailBatch))
        db.session.commit()


def snap(page, path):
    """Screenshots of the whole page, one screen at a time (to look at: a 320 px wide full page is too tall)."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for n, top in enumerate(range(0, height, NARROW["height"])):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.screenshot(path=str(path).replace(".png", f"-{n}.png"))
    page.evaluate("window.scrollTo(0, 0)")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_reporting_pages_pass_axe_at_320px_with_figures_and_errors(narrow, live_server, lang, tmp_path,
                                                                        reporting_data):
    page = narrow
    sign_in(page, live_server, ADMIN_EMAIL, lang)
    visit(page, f"{live_server}/staff/cases/organisations", f"organisation minimums [{lang}]")
    page.fill("#organisation", "Trafford Community Health (fictional)")
    page.fill("#min_group_size", "5")
    submit(page, f"organisation minimum below 11 [{lang}]")
    assert page.input_value("#min_group_size") == "5"
    snap(page, tmp_path / f"organisations-{lang}.png")
    visit(page, f"{live_server}{CASE}/interim-results", f"interim results [{lang}]")
    page.click("main form #save")
    page.wait_for_load_state()
    assert page.url.endswith(f"{CASE}/")
    check(page, f"case page with response rates [{lang}]")
    assert page.locator("#response-rates").count() == 1
    snap(page, tmp_path / f"case-{lang}.png")
    visit(page, f"{live_server}{CASE}/report", f"outcome report with figures [{lang}]")
    assert page.locator("#survey-figures ~ .engage-table-region table").count() >= 1
    snap(page, tmp_path / f"report-{lang}.png")
    visit(page, f"{live_server}{CASE}/outcome", f"what changed [{lang}]")
    submit(page, f"what changed, empty [{lang}]")
    visit(page, f"{live_server}{CASE}/invitations", f"codes page with an email batch [{lang}]")
    assert page.locator("#emails").count() == 1
    snap(page, tmp_path / f"invitations-{lang}.png")
    # Withdrawn again, for the other tests.
    page.goto(f"{live_server}{CASE}/interim-results")
    page.click("main form #save")
    page.wait_for_load_state()
    print(f"screenshots: {tmp_path}")


def test_the_printed_report_shows_link_addresses_and_starts_its_parts_on_new_pages(page, live_server,
                                                                                     reporting_data):
    sign_in(page, live_server, ADMIN_EMAIL, "en")
    page.goto(f"{live_server}{CASE}/interim-results")
    page.click("main form #save")  # allowed: the report then links to the survey's results
    page.goto(f"{live_server}{CASE}/report")
    try:
        page.emulate_media(media="print")
        parts = page.locator(".engage-report__part")
        assert parts.count() == 2
        assert parts.first.evaluate("e => getComputedStyle(e).breakBefore") == "page"
        link = page.locator('.engage-report a[href^="http"]')
        assert link.count() == 1
        after = link.first.evaluate("e => getComputedStyle(e, '::after').content")
        assert "/staff/results/integrated-neighbourhood-teams-staff" in after
        assert not page.locator("#outcome-link").is_visible()
    finally:
        page.emulate_media(media="screen")
        page.goto(f"{live_server}{CASE}/interim-results")
        page.click("main form #save")
