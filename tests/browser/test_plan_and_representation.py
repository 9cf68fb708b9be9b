"""Who is not being heard and the locality plan pass axe-core in English and Arabic, and reflow at 320 px.

A server of its own, on its own SQLite file, so the consultation can hold responses to compare.
"""

import os
import threading

import pytest
from werkzeug.serving import make_server

from engage import create_app
from engage.accounts.services import create_user
from engage.answering.services import start_draft, submit
from engage.consultations.services import find_consultation
from engage.demo import load_demo
from engage.extensions import db
from engage.models import Channel
from tests.browser.conftest import assert_accessible
from tests.browser.test_reflow import NARROW

SLUG = "community-health-hubs"
PASSWORD = "plan browser tests password"
ADMIN, ANALYST, OFFICER = "plan-admin@example.org", "plan-analyst@example.org", "plan-officer@example.org"
SCREENSHOTS = os.environ.get("ENGAGE_SCREENSHOTS")  # a folder to keep screenshots in, when set
PEOPLE = [  # (how many, channel, answers)
    (120, Channel.ONLINE, {"eq_age": "45_54", "eq_sex": "female", "eq_ethnic_group": "white",
                           "eq_religion": "christian", "eq_condition": "no", "eq_unpaid_care": "no", "ward": "Hale"}),
    (40, Channel.ONLINE, {"eq_age": "65_74", "eq_sex": "male", "eq_ethnic_group": "white", "eq_religion": "none",
                          "eq_condition": "yes", "eq_condition_impact": "a_little", "eq_unpaid_care": "9_or_less",
                          "ward": "Sale Moor"}),
    (6, Channel.ONLINE, {"eq_age": "25_34", "eq_sex": "male", "eq_ethnic_group": "asian", "eq_religion": "muslim",
                         "ward": "Old Trafford"}),
    (15, Channel.PAPER, {"eq_age": "75_84", "eq_sex": "female", "eq_ethnic_group": "black",
                         "eq_religion": "christian", "eq_condition": "yes", "eq_condition_impact": "a_lot",
                         "ward": "Urmston"}),
    (3, Channel.ASSISTED, {"eq_sex": "prefer_not_to_say", "ward": "not_in_trafford"}),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = create_app({"TESTING": True, "SECRET_KEY": "plan-browser-tests",
                      "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path_factory.mktemp("plan") / "plan.db")})
    with app.app_context():
        db.create_all()
        load_demo()
        for email, role in ((ADMIN, "administrator"), (ANALYST, "analyst"), (OFFICER, "engagement_officer")):
            create_user(email, role.title(), role, PASSWORD)
        consultation = find_consultation(SLUG)
        for n, channel, answers in PEOPLE:
            for _ in range(n):
                draft = start_draft(consultation, "en", channel)
                draft.answers = dict(answers)
                submit(draft)
        db.session.commit()
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def sign_in(page, base, email, lang):
    page.goto(f"{base}/staff/sign-in?lang={lang}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button")
    page.wait_for_load_state()


def check(page, label, lang):
    assert_accessible(page, f"{label} [{lang}]")
    if SCREENSHOTS:
        width = page.viewport_size["width"]
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{label.replace(' ', '-')}-{lang}-{width}.png"),
                        full_page=True)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [1024, NARROW["width"]])
def test_who_is_not_being_heard_passes_axe_and_reflows(browser, server, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, server, OFFICER, lang)
    page.click("#who-is-not-heard")
    page.wait_for_load_state()
    check(page, "representation list", lang)
    page.click(f'main a[href$="/{SLUG}"]')
    page.wait_for_load_state()
    assert page.locator("main svg[role=img]").count() == 7 and page.locator("main table").count() == 7
    assert page.locator("main .govuk-tag--red").count() > 0
    check(page, "representation", lang)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.fill("#margin", "a lot")
    page.click("#compare")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.input_value("#margin") == "a lot"
    check(page, "representation with an error", lang)
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [1024, NARROW["width"]])
def test_the_locality_plan_pages_pass_axe_and_reflow(browser, server, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, server, ADMIN, lang)
    page.click("#locality-plan")
    page.wait_for_load_state()
    assert page.locator("main h3").count() >= 17  # and those the earlier runs added
    check(page, "plan", lang)
    page.click("#change-plan")
    page.wait_for_load_state()
    check(page, "plan priorities", lang)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("#add-priority")
    page.wait_for_load_state()
    check(page, "add a priority", lang)
    page.click("#save")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    check(page, "add a priority with errors", lang)
    page.check('input[name="kind"][value="enabler"]')
    page.fill("#name", f"Data ({lang}, {width})")
    page.click("#save")
    page.wait_for_load_state()
    assert page.locator(".govuk-notification-banner").count() == 1
    check(page, "priority added", lang)
    page.locator('main a[href*="/staff/plan/priorities/"]').first.click()
    page.wait_for_load_state()
    check(page, "change a priority", lang)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
