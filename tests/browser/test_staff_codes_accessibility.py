"""axe-core (WCAG 2.2 A and AA) on every page of staff codes and the questions log, in English and Arabic:
the code form, the case page with its FAQ, the already-answered page, and the officers' pages, with their errors."""

import pytest

from tests.browser.conftest import ADMIN_EMAIL, CASE_SLUG, WORKFORCE_EMAIL, assert_accessible
from tests.browser.test_accessibility import STAFF_SLUG, fill_page, press_continue, sign_in_as_officer

LANGS = ["en", "ar"]


def direction(page, lang):
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.parametrize("lang", LANGS)
def test_the_code_form_and_its_errors_pass_axe(page, live_server, lang):
    page.goto(f"{live_server}/staff-survey?lang={lang}")
    direction(page, lang)
    assert_accessible(page, f"staff code form [{lang}]")
    page.click("main form button")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"staff code form, empty [{lang}]")
    page.fill("#code", "ABCD-EFGH-JKMN-PQRT")
    page.click("main form button")
    page.wait_for_load_state()
    assert page.input_value("#code") == "ABCD-EFGH-JKMN-PQRT"
    assert_accessible(page, f"staff code form, wrong code [{lang}]")


@pytest.mark.parametrize("lang", LANGS)
def test_the_case_page_its_faq_and_asking_pass_axe(page, live_server, lang, staff_code):
    page.goto(f"{live_server}/staff-survey?code={staff_code}&lang={lang}")
    assert page.url.endswith(f"/staff-survey/{CASE_SLUG}")
    direction(page, lang)
    assert "No: every team keeps its base." in page.inner_text("main")
    assert "Is there parking" not in page.inner_text("main")  # not answered yet
    assert_accessible(page, f"staff case page [{lang}]")
    page.click("#send-question")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"staff case page, empty question [{lang}]")
    page.fill("#question", "Will rotas change?")
    page.click("#send-question")
    page.wait_for_load_state()
    assert page.locator("#question-sent").count() == 1
    assert_accessible(page, f"staff case page, question sent [{lang}]")


@pytest.mark.parametrize("lang", LANGS)
def test_the_already_answered_page_passes_axe(page, live_server, lang, staff_code):
    page.goto(f"{live_server}/staff-survey?code={staff_code}&lang={lang}")
    page.click("#answer-survey")
    page.wait_for_load_state()
    assert page.url.endswith(f"/consultations/{STAFF_SLUG}")
    page.click("#start")
    page.wait_for_load_state()
    for _ in range(20):
        if page.url.endswith("/check-answers"):
            break
        fill_page(page)
        press_continue(page)
    page.click("#submit")
    page.wait_for_load_state()
    assert page.url.endswith("/confirmation")
    page.goto(f"{live_server}/consultations/{STAFF_SLUG}")
    assert page.locator("h1").count() == 1
    assert_accessible(page, f"already answered [{lang}]")
    page.goto(f"{live_server}/staff-survey/{CASE_SLUG}")
    assert page.locator("#answer-survey").count() == 0
    assert_accessible(page, f"staff case page, answered [{lang}]")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("email", [WORKFORCE_EMAIL, ADMIN_EMAIL])
def test_the_officers_pages_pass_axe(page, live_server, lang, email):
    sign_in_as_officer(page, live_server, lang, email=email)
    page.goto(f"{live_server}/staff/cases/{CASE_SLUG}/invitations")
    direction(page, lang)
    assert page.locator("main table tbody tr").count() == 54  # the demo case's staff list
    assert_accessible(page, f"staff codes [{lang}]")
    page.goto(f"{live_server}/staff/cases/{CASE_SLUG}/questions")
    assert_accessible(page, f"questions from staff [{lang}]")
    question = page.locator("main section").first
    question.locator("button").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"questions from staff, empty answer [{lang}]")
    page.goto(f"{live_server}/staff/cases/{CASE_SLUG}/invitations")
    # No email on this server: a new code (here for the last person on the list, who has none) is printed.
    page.locator("main table tbody tr").last.locator("button").click()
    page.wait_for_load_state()
    assert page.locator(".engage-slip").count() == 1
    assert_accessible(page, f"printed codes [{lang}]")
