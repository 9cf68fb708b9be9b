"""Every staff page reflows at 320 CSS pixels wide (WCAG 1.4.10): no sideways scrolling of the page.

A data table may be wider than the screen, but only inside its own scrollable, focusable region.
Each role signs in and visits every staff page it can use, in English and (for administrators) Arabic.
"""

import json

import pytest

from tests.browser.conftest import (
    ADMIN_EMAIL,
    ANALYST_EMAIL,
    CASE_SLUG,
    OFFICER_EMAIL,
    OFFICER_PASSWORD,
    WORKFORCE_EMAIL,
    assert_accessible,
)
from tests.browser.test_accessibility import fill_page, press_continue

SLUG = "community-health-hubs"
STAFF_SLUG = "integrated-neighbourhood-teams-staff"
NARROW = {"width": 320, "height": 640}

RUNS_CONSULTATIONS = ["/staff/consultations/", "/staff/consultation-documents"]
CASE_PAGES = [f"/staff/cases/{CASE_SLUG}/invitations", f"/staff/cases/{CASE_SLUG}/questions"]
PAGES = {
    "administrator": ["/staff/", "/staff/password", *RUNS_CONSULTATIONS, "/staff/accounts/", "/staff/accounts/new",
                      "/staff/accounts/1", "/staff/answers/", f"/staff/consultations/{STAFF_SLUG}/",
                      "/staff/consultations/closed-example/", "/staff/consultations/results-example/", *CASE_PAGES],
    "engagement_officer": ["/staff/", "/staff/password", *RUNS_CONSULTATIONS, "/staff/answers/"],
    "workforce_officer": ["/staff/", "/staff/password", *RUNS_CONSULTATIONS, f"/staff/consultations/{STAFF_SLUG}/",
                          *CASE_PAGES],
    "analyst": ["/staff/", "/staff/password", "/staff/answers/"],
}
EMAILS = {"administrator": ADMIN_EMAIL, "engagement_officer": OFFICER_EMAIL, "workforce_officer": WORKFORCE_EMAIL,
          "analyst": ANALYST_EMAIL}
# The consultation each role runs and enters responses for (analysts do neither).
OWN_SLUG = {"administrator": SLUG, "engagement_officer": SLUG, "workforce_officer": STAFF_SLUG}


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    yield context.new_page()
    context.close()


class Reflow:
    """Visits pages at 320 px and records those wider than the screen; axe-checks those with a table region."""

    def __init__(self, page, lang):
        self.page, self.lang, self.too_wide, self.seen = page, lang, [], []

    def check(self, label):
        page = self.page
        assert page.evaluate("document.documentElement.clientWidth") == NARROW["width"]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            self.too_wide.append(f"{label}: {width}px")
        if page.locator(".engage-table-region").count():
            assert_accessible(page, f"{label} at 320px [{self.lang}]")
        self.seen.append(label)

    def visit(self, url, label=None):
        response = self.page.goto(url)
        assert response.status == 200, (url, response.status)
        self.check(label or url.split("127.0.0.1", 1)[-1])


def sign_in(page, base, email, lang):
    page.goto(f"{base}/staff/sign-in?lang={lang}")
    page.fill("#email", email)
    page.fill("#password", OFFICER_PASSWORD)
    page.click("main form button")
    page.wait_for_load_state()
    assert page.url.endswith("/staff/"), page.url


def check_upload(reflow, base, slug, tmp_path):
    page = reflow.page
    page.goto(f"{base}/staff/consultation-documents")
    page.click("#check")
    page.wait_for_load_state()
    reflow.check("upload with no file")
    document = page.request.get(f"{base}/staff/consultations/{slug}/document.json").json()
    new = dict(document, consultation={**document["consultation"], "slug": f"{slug}-narrow", "status": "draft"})
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    page.set_input_files("#document", str(tmp_path / "new.json"))
    page.click("#check")
    page.wait_for_load_state()
    assert page.locator("#store").count() == 1
    reflow.check("check the document")


def check_entry(reflow, base, slug):
    page = reflow.page
    reflow.visit(f"{base}/staff/consultations/{slug}/enter-response", "enter a response")
    page.click("#start-entry")
    page.wait_for_load_state()
    reflow.check("enter a response with errors")
    page.check('input[name="channel"][value="paper"]')
    page.click("#start-entry")
    page.wait_for_load_state()
    for _ in range(40):
        if page.url.endswith("/check-answers"):
            break
        reflow.check(f"entering: {page.url.rsplit('/', 1)[1]}")
        fill_page(page)
        press_continue(page)
    reflow.check("check answers, entering for someone")
    page.click("#submit")
    page.wait_for_load_state()
    assert page.url.endswith(f"/staff/consultations/{slug}/entered")
    reflow.check("response entered")


@pytest.mark.parametrize(
    ("role", "lang"),
    [("administrator", "en"), ("administrator", "ar"), ("engagement_officer", "en"), ("workforce_officer", "en"),
     ("analyst", "en")],
)
def test_every_staff_page_reflows_at_320px(narrow_page, live_server, tmp_path, role, lang):
    reflow = Reflow(narrow_page, lang)
    reflow.visit(f"{live_server}/staff/sign-in?lang={lang}", "sign in")
    sign_in(narrow_page, live_server, EMAILS[role], lang)
    for path in PAGES[role]:
        reflow.visit(live_server + path)
    slug = OWN_SLUG.get(role)
    if slug:
        reflow.visit(f"{live_server}/staff/consultations/{slug}/", "manage, with its history")
        reflow.visit(f"{live_server}/staff/consultations/{slug}/preview/", "preview")
        check_upload(reflow, live_server, slug, tmp_path)
        check_entry(reflow, live_server, slug)
    assert not reflow.too_wide, "wider than 320px:\n" + "\n".join(reflow.too_wide)
    assert len(reflow.seen) >= 4
