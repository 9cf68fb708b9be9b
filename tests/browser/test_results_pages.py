"""Results pages in a real browser: axe-core finds nothing in English and Arabic, and they reflow at 320 px.

They run on a server of their own whose consultations have responses (the shared live server's have none),
so the charts, tables, filters and suppression messages are all on the pages checked.
"""

import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from engage import create_app
from engage.accounts.services import create_user
from engage.consultations.services import change_status, find_consultation
from engage.demo import load_demo
from engage.extensions import db
from engage.models import Channel, PlanPriority, Status, ThemePriority
from engage.plan.services import seed_priorities
from tests.browser.conftest import ADMIN_EMAIL, ANALYST_EMAIL, OFFICER_PASSWORD, assert_accessible
from tests.engage.results_data import SLUG, STAFF_SLUG, add_responses
from tests.engage.themes_data import finished_run

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"  # for the analysts' guide
PAGES = [
    "/staff/results/",
    f"/staff/results/{SLUG}",
    f"/staff/results/{SLUG}?channel=paper",  # a group shown
    f"/staff/results/{SLUG}?channel=phone",  # a group too small: a message only
    f"/staff/results/{SLUG}?channel=paper&language=en",  # two filters: an error
    f"/staff/results/{STAFF_SLUG}",
    f"/staff/results/{SLUG}/themes-report",  # agreed themes, quotes, plan priorities
    f"/staff/results/{STAFF_SLUG}/themes-report",  # a free-text question with no agreed themes
    f"/staff/results/{SLUG}/figures.csv?by=colour",  # a download of the figures by a filter that does not exist
]


@pytest.fixture(scope="module")
def results_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("results") / "results.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "browser"})
    with app.app_context():
        db.create_all()
        load_demo()
        create_user(ANALYST_EMAIL, "Ana Analyst", "analyst", OFFICER_PASSWORD)
        db.session.commit()
        add_responses(40)
        add_responses(15, seed=2, channel=Channel.PAPER, language="ar")
        add_responses(5, seed=3, channel=Channel.PHONE)
        add_responses(14, slug=STAFF_SLUG)
        change_status(find_consultation(STAFF_SLUG), Status.CLOSED)
        create_user(ADMIN_EMAIL, "Ada Administrator", "administrator", OFFICER_PASSWORD)
        db.session.commit()
        add_themes()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def add_themes():
    """Agreed themes of the resident survey's free-text question, one tagged with a plan priority."""
    seed_priorities()
    run = finished_run(find_consultation(SLUG), [
        ("Evening appointments", True, "evening"), ("Parking", True, "Parking"),
        ("Interpreters", True, "Interpreters"), ("Not agreed", False, "nothing")])
    urgent = db.session.scalar(select(PlanPriority).where(PlanPriority.name == "Urgent care"))
    db.session.add(ThemePriority(theme_id=run.themes[0].id, priority_id=urgent.id))
    db.session.commit()


def sign_in(page, base, lang, email=ANALYST_EMAIL):
    page.goto(f"{base}/staff/sign-in?lang={lang}")
    page.fill("#email", email)
    page.fill("#password", OFFICER_PASSWORD)
    page.click("main form button")
    page.wait_for_load_state()
    assert page.url.endswith("/staff/"), page.url


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_results_pages_pass_axe(page, results_server, lang):
    sign_in(page, results_server, lang)
    for path in PAGES:
        page.goto(results_server + path)
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page, f"{path} [{lang}]")
    page.goto(f"{results_server}/staff/results/{SLUG}")
    assert page.locator("svg.engage-chart[role=img]").count() >= 5
    assert page.locator("#while-open").count() == 1
    assert page.locator("#themes-one_thing").count() == 1 and page.locator(".engage-quote").count() == 3
    if lang == "en":  # the analysts' guide shows these
        SCREENSHOTS.mkdir(exist_ok=True)
        page.locator("#themes-one_thing").locator("xpath=..").screenshot(path=str(SCREENSHOTS / "results-themes.png"))
        page.goto(f"{results_server}/staff/results/{SLUG}/themes-report")
        page.screenshot(path=str(SCREENSHOTS / "themes-report.png"), full_page=True)
    page.goto(f"{results_server}/staff/results/{SLUG}?channel=paper")
    assert page.locator("#download-figures a").count() == 6  # every group of the filter, and everyone's


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_feedback_page_and_its_you_said_draft_pass_axe(page, results_server, lang):
    sign_in(page, results_server, lang, ADMIN_EMAIL)
    page.goto(f"{results_server}/staff/consultations/{SLUG}/feedback")
    assert_accessible(page, f"feedback [{lang}]")
    page.fill("#you_said", "Written first.")
    page.click("#draft-you-said")  # no script needed: a button of the form
    page.wait_for_load_state()
    assert page.input_value("#you_said").startswith("Written first.\n\nWhen we asked")
    assert_accessible(page, f"feedback with a draft [{lang}]")
    page.click("#save-feedback")  # We asked and We did are empty: errors
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"feedback with errors [{lang}]")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_results_pages_reflow_at_320px(browser, results_server, lang):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, results_server, lang)
        too_wide = []
        for path in PAGES:
            page.goto(results_server + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{path}: {width}px")
        assert not too_wide, too_wide
    finally:
        context.close()
