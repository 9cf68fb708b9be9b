"""Every page a resident sees passes axe-core (WCAG 2.0/2.1/2.2 A and AA) in a real Chromium.

Covers English, Urdu and Arabic (right to left) and Polish, including error states, check your
answers, confirmation, save and return, and the not-found page.
"""

import json
import re

import pytest

from tests.browser.conftest import ADMIN_EMAIL, OFFICER_EMAIL, OFFICER_PASSWORD, assert_accessible
from tests.surveys.test_xlsform import xls_workbook

SLUG = "community-health-hubs"

# Pages where a deliberately bad answer shows the error state, and the answer that causes it.
BAD_ANSWERS = {
    "used": {},  # required yes/no left empty
    "visits": {"visits_per_year": "400"},
    "improve": {"one_thing": "x" * 2001},
}


def fill_page(page, bad=None):
    """Fill the current question page with simple valid answers (or the given bad ones) via the DOM."""
    if bad is not None:
        for name, value in bad.items():
            page.fill(f'[name="{name}"]', value)
        return
    page.evaluate(
        """() => {
        const form = document.querySelector('main form');
        const seen = new Set();
        const rankCount = {};
        for (const el of form.querySelectorAll('input, select, textarea')) {
          const name = el.name;
          if (!name || el.type === 'hidden') continue;
          if (el.type === 'radio') { if (!seen.has(name)) { el.checked = true; seen.add(name); } continue; }
          if (el.type === 'checkbox') { if (!seen.has(name)) { el.checked = true; seen.add(name); } continue; }
          if (el.tagName === 'SELECT') {
            const base = name.replace(/-[^-]*$/, '');
            rankCount[base] = (rankCount[base] || 0) + 1;
            const options = [...el.options].filter(o => o.value);
            if (options.length) el.value = options[Math.min(rankCount[base], options.length) - 1].value;
            continue;
          }
          if (name.endsWith('-day')) el.value = '1';
          else if (name.endsWith('-month')) el.value = '6';
          else if (name.endsWith('-year')) el.value = '2027';
          else if (el.inputMode === 'numeric' || el.inputMode === 'decimal') el.value = '4';
          else if (el.tagName === 'TEXTAREA') el.value = 'More evening appointments, please.';
          else el.value = 'Something else';
        }
      }"""
    )


def press_continue(page):
    page.click('main form button[value="continue"]')
    page.wait_for_load_state()


def start_survey(page, base, lang):
    page.goto(f"{base}/consultations/{SLUG}?lang={lang}")
    page.click("#start")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "ur", "ar", "pl"])
def test_every_respondent_page_passes_axe(page, live_server, lang):
    checked = []

    def check(label):
        html_lang = page.get_attribute("html", "lang")
        assert html_lang == lang, f"{label}: <html lang={html_lang}>"
        assert page.get_attribute("html", "dir") == ("rtl" if lang in ("ur", "ar") else "ltr")
        assert_accessible(page, f"{label} [{lang}]")
        checked.append(label)

    page.goto(f"{live_server}/?lang={lang}")
    check("start page")
    for path in ("/accessibility", "/privacy", "/resume", "/no-such-page", "/staff/sign-in",
                 "/consultations/closed-example", "/consultations/draft-example", "/consultations/results-example"):
        page.goto(live_server + path)
        check(path)
    page.goto(f"{live_server}/consultations/{SLUG}")
    check("consultation")

    page.click("#start")
    page.wait_for_load_state()
    for _ in range(40):
        if page.url.endswith("/check-answers"):
            break
        page_id = page.url.rsplit("/", 1)[1].split("?")[0]
        check(f"question {page_id}")
        if page_id in BAD_ANSWERS:
            fill_page(page, bad=BAD_ANSWERS[page_id])
            press_continue(page)
            assert page.locator(".govuk-error-summary").count() == 1, f"no error summary on {page_id}"
            check(f"question {page_id} with errors")
        fill_page(page)
        press_continue(page)
        assert page.locator(".govuk-error-summary").count() == 0, f"valid answers refused on {page_id}"
    else:
        pytest.fail("never reached check your answers")
    check("check your answers")

    page.goto(f"{live_server}/consultations/{SLUG}/questions/improve")
    page.fill('[name="one_thing"]', "Saving to finish later")
    page.click('main form button[value="save"]')
    page.wait_for_load_state()
    check("saved, with a resume code")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", page.inner_text("main")).group(0)

    page.goto(f"{live_server}/resume")
    page.fill("#code", "WRONG-CODE")
    page.click("main form button")
    page.wait_for_load_state()
    check("resume with an error")
    page.goto(f"{live_server}/resume/{code}")
    page.wait_for_load_state()

    page.goto(f"{live_server}/consultations/{SLUG}/check-answers")
    page.click("#submit")
    page.wait_for_load_state()
    assert page.url.endswith("/confirmation")
    check("confirmation")
    assert len(checked) >= 20


STAFF_SLUG = "integrated-neighbourhood-teams-staff"
STAFF_BAD_ANSWERS = {
    "consent": {},  # consent must be ticked
    "start": {"earliest_start-day": "31", "earliest_start-month": "2", "earliest_start-year": "2027"},
}


@pytest.mark.parametrize("lang", ["ur", "pl"])
def test_staff_survey_pages_pass_axe(page, live_server, lang, staff_code):
    """The staff survey's question types (consent, dropdown, scale, date) and their error states."""
    page.goto(f"{live_server}/staff-survey?code={staff_code}")
    page.goto(f"{live_server}/consultations/{STAFF_SLUG}?lang={lang}")
    assert_accessible(page, f"staff consultation [{lang}]")
    page.click("#start")
    page.wait_for_load_state()
    seen = 0
    for _ in range(20):
        if page.url.endswith("/check-answers"):
            break
        page_id = page.url.rsplit("/", 1)[1].split("?")[0]
        assert_accessible(page, f"staff {page_id} [{lang}]")
        if page_id in STAFF_BAD_ANSWERS:
            fill_page(page, bad=STAFF_BAD_ANSWERS[page_id])
            press_continue(page)
            assert page.locator(".govuk-error-summary").count() == 1, f"no error summary on {page_id}"
            assert_accessible(page, f"staff {page_id} with errors [{lang}]")
        fill_page(page)
        press_continue(page)
        seen += 1
    assert page.url.endswith("/check-answers") and seen >= 5
    assert_accessible(page, f"staff check answers [{lang}]")


def sign_in_as_officer(page, base, lang, email=OFFICER_EMAIL):
    page.goto(f"{base}/staff/sign-in?lang={lang}")
    page.fill("#email", email)
    page.fill("#password", OFFICER_PASSWORD)
    page.click("main form button")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_staff_entry_pages_pass_axe(page, live_server, lang):
    """Staff home, entering a paper response (with its error state), the question pages it shows and its end."""
    sign_in_as_officer(page, live_server, lang)
    assert page.url.endswith("/staff/")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ur" else "ltr")
    assert_accessible(page, f"staff home [{lang}]")
    page.click(f'a[href="/staff/consultations/{SLUG}/enter-response"]')
    page.wait_for_load_state()
    assert_accessible(page, f"enter a response [{lang}]")
    page.click("#start-entry")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"enter a response with errors [{lang}]")
    page.check('input[name="channel"][value="paper"]')
    page.select_option("#language", "pl")
    page.click("#start-entry")
    page.wait_for_load_state()
    assert page.locator("#entered-on-behalf").count() == 1
    assert_accessible(page, f"question page, entering for someone [{lang}]")
    for _ in range(40):
        if page.url.endswith("/check-answers"):
            break
        fill_page(page)
        press_continue(page)
    assert page.locator("#entered-on-behalf").count() == 1
    assert_accessible(page, f"check answers, entering for someone [{lang}]")
    page.click("#submit")
    page.wait_for_load_state()
    assert page.url.endswith(f"/staff/consultations/{SLUG}/entered")
    assert_accessible(page, f"response entered [{lang}]")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_consultation_management_pages_pass_axe(page, live_server, lang, tmp_path):
    """Consultations you run, uploading a document (with its error states), checking and storing it, managing it."""
    sign_in_as_officer(page, live_server, lang)
    page.click("#consultations-you-run")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert_accessible(page, f"consultations you run [{lang}]")
    page.click("#upload")
    page.wait_for_load_state()
    assert_accessible(page, f"upload a document [{lang}]")
    page.click("#check")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"upload with no file [{lang}]")
    (tmp_path / "alias.yaml").write_text("a: &a [1]\nb: *a\n", encoding="utf-8")
    page.set_input_files("#document", str(tmp_path / "alias.yaml"))
    page.click("#check")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary a[href='#document']").count() == 1
    assert_accessible(page, f"upload with a YAML alias [{lang}]")

    document = page.request.get(f"{live_server}/staff/consultations/{SLUG}/document.json").json()
    bad = dict(document, consultation={**document["consultation"], "rung": "coercion"})
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    page.set_input_files("#document", str(tmp_path / "bad.json"))
    page.click("#check")
    page.wait_for_load_state()
    assert page.locator("#problems li").count() >= 1
    assert_accessible(page, f"upload with problems in the document [{lang}]")

    slug = f"library-opening-hours-{lang}"
    new = dict(document, consultation={**document["consultation"], "slug": slug, "status": "draft"})
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    page.set_input_files("#document", str(tmp_path / "new.json"))
    page.click("#check")
    page.wait_for_load_state()
    assert page.locator("#store").count() == 1
    assert_accessible(page, f"check the document [{lang}]")
    page.click("#store")
    page.wait_for_load_state()
    assert page.url.endswith(f"/staff/consultations/{slug}/")
    assert page.locator(".govuk-notification-banner--success").count() == 1
    assert_accessible(page, f"manage a new draft, stored [{lang}]")

    page.goto(f"{live_server}/staff/consultation-documents")
    with_workbook = dict(new, survey="form.xls", consultation={**new["consultation"], "slug": f"{slug}-xls"})
    (tmp_path / "xls.json").write_text(json.dumps(with_workbook), encoding="utf-8")
    xls_workbook(tmp_path, {"survey": [["type", "name", "label", "default"], ["start", "start"],
                                       ["note", "welcome", "Thank you for helping.\nIt takes five minutes."],
                                       ["text", "why", "Why?", "Because"]]})
    page.set_input_files("#document", str(tmp_path / "xls.json"))
    page.set_input_files("#workbook", str(tmp_path / "form.xls"))
    page.click("#check")
    page.wait_for_load_state()
    assert page.locator("#warnings li").count() == 2
    assert_accessible(page, f"check the document, with workbook warnings [{lang}]")
    page.click("#store")
    page.wait_for_load_state()
    page.goto(f"{live_server}/staff/consultations/{slug}-xls/preview/welcome_page")
    assert page.locator(".engage-note h1").count() == 1
    assert_accessible(page, f"preview, a page with a note [{lang}]")

    page.goto(f"{live_server}/staff/consultations/closed-example/")
    assert_accessible(page, f"manage a closed consultation [{lang}]")
    page.click("#publish")  # it has no feedback yet: refused, with the reason
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"publishing refused [{lang}]")
    page.goto(f"{live_server}/staff/consultations/results-example/")
    assert_accessible(page, f"manage a finished consultation [{lang}]")
    page.click("#preview")
    page.wait_for_load_state()
    assert_accessible(page, f"preview, first page [{lang}]")
    page.goto(f"{live_server}/staff/consultations/{SLUG}/preview/used")
    assert page.locator("#branching li").count() == 1
    assert_accessible(page, f"preview, a page with branching [{lang}]")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_staff_account_pages_pass_axe(browser, page, live_server, lang):
    """Staff accounts, adding one (with errors), its set-password link, setting the password, changing yours."""
    sign_in_as_officer(page, live_server, lang, email=ADMIN_EMAIL)
    page.click("#staff-accounts")
    page.wait_for_load_state()
    assert_accessible(page, f"staff accounts [{lang}]")
    page.click("#add-account")
    page.wait_for_load_state()
    assert_accessible(page, f"add a staff account [{lang}]")
    page.click("#add")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"add a staff account with errors [{lang}]")
    page.fill("#name", "Noor Analyst")
    page.fill("#email", f"noor-{lang}@example.org")
    page.check('input[name="role"][value="analyst"]')
    page.click("#add")
    page.wait_for_load_state()
    link = page.inner_text("#set-password-link")
    assert_accessible(page, f"account added, with its link [{lang}]")

    newcomer = browser.new_context(bypass_csp=True).new_page()
    newcomer.goto(f"{link}?lang={lang}")
    assert_accessible(newcomer, f"set your password [{lang}]")
    newcomer.fill("#new_password", "a new password for noor")
    newcomer.fill("#confirm", "not the same one")
    newcomer.click("#save")
    newcomer.wait_for_load_state()
    assert newcomer.locator(".govuk-error-summary").count() == 1
    assert_accessible(newcomer, f"set your password with errors [{lang}]")
    newcomer.fill("#new_password", "a new password for noor")
    newcomer.fill("#confirm", "a new password for noor")
    newcomer.click("#save")
    newcomer.wait_for_load_state()
    assert newcomer.url.endswith("/staff/sign-in")
    assert_accessible(newcomer, f"sign-in page, password set [{lang}]")
    newcomer.goto(link)
    assert_accessible(newcomer, f"a used link [{lang}]")
    newcomer.context.close()

    page.goto(f"{live_server}/staff/")
    page.click("#answers-for-analysis")
    page.wait_for_load_state()
    assert page.locator("main table").count() == 1
    assert_accessible(page, f"answers for analysis [{lang}]")
    page.goto(f"{live_server}/staff/password")
    assert_accessible(page, f"change your password [{lang}]")
    page.click("#save")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"change your password with errors [{lang}]")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_staff_only_notice_and_closing_advice_pass_axe(page, live_server, lang, staff_code):
    """The staff survey's page says who it is for; an open consultation's page says closing ends entry."""
    page.goto(f"{live_server}/staff-survey?code={staff_code}")
    page.goto(f"{live_server}/consultations/{STAFF_SLUG}?lang={lang}")
    assert page.locator("#staff-only").count() == 1
    assert_accessible(page, f"staff survey, for staff only [{lang}]")
    sign_in_as_officer(page, live_server, lang, email=ADMIN_EMAIL)
    page.goto(f"{live_server}/staff/consultations/{SLUG}/")
    assert page.locator("#close").count() == 1
    assert_accessible(page, f"manage an open consultation [{lang}]")
