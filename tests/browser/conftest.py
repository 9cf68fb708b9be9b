"""Browser tests: the app served on a free local port, driven by Debian's Chromium through Playwright."""

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from engage import create_app
from engage.accounts.services import create_user
from engage.demo import load_demo
from engage.extensions import db

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# An engagement officer on the live server, for the staff pages.
OFFICER_EMAIL, OFFICER_PASSWORD = "officer@example.org", "browser tests password"
ADMIN_EMAIL = "admin@example.org"  # an administrator, same password
WORKFORCE_EMAIL, ANALYST_EMAIL = "workforce@example.org", "analyst@example.org"  # the other roles, same password
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# Published feedback in English and Urdu; other languages fall back to English, marked as such.
FEEDBACK = {
    "we_asked": {"en": "We asked where community health hubs should be and what they should offer.",
                 "ur": "ہم نے پوچھا کہ کمیونٹی ہیلتھ ہب کہاں ہونے چاہییں اور ان میں کیا سہولتیں ہونی چاہییں۔"},
    "you_said": {"en": "You said evening opening matters most.\n\nMany of you asked for a hub in Partington.",
                 "ur": "آپ نے کہا کہ شام کے اوقات میں کھلا رہنا سب سے اہم ہے۔\n\n"
                       "آپ میں سے بہت سے لوگوں نے پارٹنگٹن میں ہب کا کہا۔"},
    "we_did": {"en": "Hubs now open until 8pm on Tuesdays and Thursdays.",
               "ur": "اب ہب منگل اور جمعرات کو رات 8 بجے تک کھلے رہتے ہیں۔"},
}


def add_unavailable_consultations():
    """Closed, draft and feedback-published copies of the resident survey, for the pages that explain them."""
    from datetime import timedelta

    from sqlalchemy import select

    from engage.models import Consultation, Status, SurveyVersion
    from engage.models.base import utcnow

    original = db.session.scalar(select(Consultation).where(Consultation.slug == "community-health-hubs"))
    for slug, status in (("closed-example", Status.CLOSED), ("draft-example", Status.DRAFT),
                         ("results-example", Status.FEEDBACK_PUBLISHED)):
        copy = Consultation(
            slug=slug, title=original.title, summary=original.summary, can_influence=original.can_influence,
            cannot_influence=original.cannot_influence, privacy_notice=original.privacy_notice,
            rung=original.rung, audience=original.audience, neighbourhoods=[], status=status,
            opens_on=utcnow().date() - timedelta(days=90), closes_on=utcnow().date() - timedelta(days=1),
        )
        if status is Status.FEEDBACK_PUBLISHED:
            copy.feedback = FEEDBACK
        copy.versions.append(SurveyVersion(number=1, definition=original.current_version.definition))
        db.session.add(copy)


# The demo's change case on the demo staff survey; its staff's codes, issued when the server starts, one per test.
CASE_SLUG = "integrated-neighbourhood-teams"
STAFF_CODES: list[str] = []


def add_staff_case():
    """Codes for the demo case's staff, its workforce officer and a questions log (the demo loads the case itself)."""
    from datetime import date

    from sqlalchemy import select

    from engage import ballot
    from engage.models import CaseOfficer, CaseQuestion, ChangeCase, User

    case = db.session.scalar(select(ChangeCase).where(ChangeCase.slug == CASE_SLUG))
    STAFF_CODES.extend(ballot.issue_code(person, ballot.PRINT) for person in case.staff[:30])
    workforce = db.session.scalar(select(User).where(User.email == WORKFORCE_EMAIL))
    db.session.add(CaseOfficer(case_id=case.id, user_id=workforce.id))
    db.session.add(CaseQuestion(case_id=case.id, question="Will my base change?", asked_on=date(2026, 11, 2),
                                answer="No: every team keeps its base.", answered_on=date(2026, 11, 4),
                                answered_by_id=workforce.id))
    db.session.add(CaseQuestion(case_id=case.id, question="Is there parking at the new hub?",
                                asked_by=case.staff[3].name, asked_on=date(2026, 11, 5)))


@pytest.fixture
def staff_code():
    """An unused code of the browser case's staff (each test gets its own)."""
    return STAFF_CODES.pop()


# The live server's app, for tests that prepare data in its database (tests/browser/test_workspace.py).
LIVE = {}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    url = os.environ.get("DATABASE_URL") or "sqlite:///" + str(tmp_path_factory.mktemp("browser") / "browser.db")
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
        "SECRET_KEY": "browser-tests",
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo()
        add_unavailable_consultations()
        create_user(OFFICER_EMAIL, "Sam Officer", "engagement_officer", OFFICER_PASSWORD)
        create_user(ADMIN_EMAIL, "Ada Administrator", "administrator", OFFICER_PASSWORD)
        create_user(WORKFORCE_EMAIL, "Wren Workforce", "workforce_officer", OFFICER_PASSWORD)
        create_user(ANALYST_EMAIL, "Ana Analyst", "analyst", OFFICER_PASSWORD)
        add_staff_case()
        db.session.commit()
    LIVE["app"] = app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with app.app_context():
        db.session.remove()
        db.drop_all()  # skips tables another fixture on the same database already dropped
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser):
    # bypass_csp lets the tests inject axe-core; the app itself sends a strict Content-Security-Policy.
    ctx = browser.new_context(viewport={"width": 1024, "height": 800}, bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on the current page."""
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def assert_accessible(page, label: str = ""):
    violations = axe_violations(page)
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations
    ]
    assert not violations, f"axe violations on {label or page.url}:\n{json.dumps(summary, indent=1)}"
