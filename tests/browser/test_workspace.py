"""The analysis workspace in a real browser: axe-core in English and Arabic, and reviewing a theme by keyboard only."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engage.access import find_consultation
from engage.extensions import db
from engage.models import AnalysisRun, RunStatus, User
from engage.models.base import utcnow
from engage.workspace import review, runs
from tests.browser.conftest import ANALYST_EMAIL, LIVE, assert_accessible, axe_violations
from tests.browser.test_accessibility import sign_in_as_officer
from tests.engage.test_answer_groups import hand_run, resident_rows
from tests.engage.workspace_data import SLUG, add_answers

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def analysed(live_server):
    """A finished analysis of the demo consultation's written answers, and one still running."""
    app = LIVE["app"]
    with app.app_context():
        app.config.update(JOBS="inline", ANALYSIS_CODER_EMBEDDINGS=False)
        add_answers()
        user = db.session.scalar(select(User).where(User.email == ANALYST_EMAIL))
        finished = runs.start_run(add_answers(answers=[]), ["one_thing"], {"n_themes": 3, "random_state": 0}, user)
        running = runs.start_run(add_answers(answers=[]), ["one_thing"], {"random_state": 0}, user)
        running.status, running.heartbeat_at, running.progress, running.step = (
            RunStatus.RUNNING, utcnow() + timedelta(days=1), 15, "finding themes")
        db.session.commit()
        runs.execute_run(finished.id, 1)
        finished = db.session.get(AnalysisRun, finished.id)
        for theme in finished.themes[1:]:  # two agreed themes: a coding frame (the first stays for the keyboard test)
            review.set_agreed(theme, user, True)
        db.session.commit()
        ids = finished.id, running.id
        db.session.remove()
    return ids


def shoot(page, name):
    if name:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_workspace_pages_pass_axe(page, live_server, analysed, lang):
    finished, running = analysed
    sign_in_as_officer(page, live_server, lang, email=ANALYST_EMAIL)
    english = lang == "en"
    page.click("#themes-workspace")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert_accessible(page, f"workspace index [{lang}]")
    page.goto(f"{live_server}/staff/analysis/{SLUG}/")
    assert_accessible(page, f"start an analysis [{lang}]")
    shoot(page, english and "workspace-start")
    page.click("#start")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"start an analysis with an error [{lang}]")
    page.goto(f"{live_server}/staff/analysis/runs/{finished}")
    assert page.locator("#themes tbody tr").count() == 3
    assert_accessible(page, f"finished analysis [{lang}]")
    shoot(page, english and "workspace-run")
    assert page.locator("#downloads").count() == 1
    with page.expect_download() as download:
        page.click(f'a[href="/staff/answers/runs/{finished}/assignments.csv"]')
    assert download.value.suggested_filename == f"{SLUG}-analysis-{finished}-assignments.csv"
    assert Path(download.value.path()).read_text(encoding="utf-8-sig").startswith('"reference","question","theme_')
    page.goto(f"{live_server}/staff/analysis/runs/{running}?refresh=off")
    assert page.locator("#progress").count() == 1
    assert_accessible(page, f"running analysis, not refreshing [{lang}]")
    page.goto(f"{live_server}/staff/analysis/runs/{running}")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    # A page that refreshes itself breaks axe's meta-refresh rule (WCAG 2.2.1) unless people can turn it off,
    # which the "Stop refreshing" link does; everything else must pass.
    assert [v["id"] for v in axe_violations(page)] == ["meta-refresh"]
    page.goto(f"{live_server}/staff/analysis/runs/{finished}")
    page.click("#themes tbody tr:first-child a")
    page.wait_for_load_state()
    assert_accessible(page, f"a theme [{lang}]")
    shoot(page, "workspace-theme" if english else None)
    if not english:
        page.screenshot(path=str(Path("/tmp") / "workspace-theme-ar.png"))
    page.click("#apply-answers")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"a theme with an error [{lang}]")
    # An agreed theme is tagged with plan priorities, and the plan view shows it as evidence.
    page.goto(f"{live_server}/staff/analysis/runs/{finished}")
    page.click("#themes tbody tr:nth-child(2) a")
    page.wait_for_load_state()
    label = page.inner_text("h1")
    page.locator('input[name="priorities"]').first.check()
    page.click("#save-priorities")
    page.wait_for_load_state()
    assert page.locator('input[name="priorities"]:checked').count() == 1
    assert_accessible(page, f"an agreed theme tagged with a plan priority [{lang}]")
    page.goto(f"{live_server}/staff/plan/")
    assert page.locator(".engage-plan-evidence").count() >= 1 and label.split("\n")[-1] in page.inner_text("main")
    assert_accessible(page, f"the plan with evidence [{lang}]")
    for path, name in (("changes", "workspace-changes"), ("answers", "workspace-answers"),
                       ("coding", "workspace-coding")):
        page.goto(f"{live_server}/staff/analysis/runs/{finished}/{path}")
        if path == "coding":
            assert page.locator('input[name="answer"]').count() == 5
        assert_accessible(page, f"{path} [{lang}]")
        shoot(page, english and name)
    page.goto(f"{live_server}/staff/analysis/runs/{finished}/answers?sentiment=angry")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"answers with a bad filter [{lang}]")


def test_reviewing_a_theme_by_keyboard_only(page, live_server, analysed):
    """Rename a theme, agree it and split answers off, with Tab, Space and Enter only."""
    finished, _ = analysed
    sign_in_as_officer(page, live_server, "en", email=ANALYST_EMAIL)
    page.goto(f"{live_server}/staff/analysis/runs/{finished}")

    def press_and_wait(key):
        with page.expect_navigation():
            page.keyboard.press(key)

    def tab_to(selector, limit=200):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#themes tbody tr:first-child a")
    press_and_wait("Enter")
    assert "/staff/analysis/themes/" in page.url
    tab_to("#label")
    page.keyboard.press("Control+a")
    page.keyboard.type("Keyboard theme")
    tab_to("#save-theme")
    press_and_wait("Enter")
    assert page.locator("h1").inner_text() == "Keyboard theme"
    tab_to("#agree")
    press_and_wait("Enter")
    assert page.locator(".govuk-tag--green").first.inner_text() == "Agreed"
    tab_to("#answers")
    page.keyboard.press("Space")
    tab_to('input[name="action"]')  # a group of radios is one Tab stop; arrows choose within it
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "split"
    tab_to("#new_label")
    page.keyboard.type("Split by keyboard")
    tab_to("#apply-answers")
    press_and_wait("Enter")
    assert "1 answers moved to the new theme" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{live_server}/staff/analysis/runs/{finished}/changes")
    assert page.locator("tbody tr").count() >= 4


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_workspace_pages_reflow_at_320_pixels(browser, live_server, analysed, lang):
    """No sideways scrolling of the page at 320 CSS pixels (WCAG 1.4.10); wide tables scroll in their own region."""
    finished, running = analysed
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_as_officer(page, live_server, lang, email=ANALYST_EMAIL)
        theme = page.request.get(f"{live_server}/staff/analysis/runs/{finished}").text().split(
            'href="/staff/analysis/themes/', 1)[1].split('"', 1)[0]
        too_wide = []
        for path in ["", f"{SLUG}/", f"runs/{finished}", f"runs/{running}?refresh=off", f"themes/{theme}",
                     f"runs/{finished}/changes", f"runs/{finished}/answers", f"runs/{finished}/coding"]:
            page.goto(f"{live_server}/staff/analysis/{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{path}: {width}px")
        assert not too_wide, too_wide
    finally:
        context.close()


@pytest.fixture(scope="module")
def grouped(live_server, analysed):
    """A run (built by hand) of answers from people who gave their ward and sex: the North has 30, the West 5."""
    app = LIVE["app"]
    with app.app_context():
        run = hand_run(find_consultation(SLUG), resident_rows())
        ids = run.id, next(t.id for t in run.themes if t.label == "Parking")
        db.session.remove()
    return ids


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_answer_groups_pass_axe_and_reflow(browser, live_server, grouped, lang):
    """The answer browser filtered by a group (listed, refused, wrong) and a theme broken down by group."""
    run_id, theme_id = grouped
    paths = [f"runs/{run_id}/answers?neighbourhood=North&theme={theme_id}", f"runs/{run_id}/answers?neighbourhood=West",
             f"runs/{run_id}/answers?neighbourhood=Atlantis", f"themes/{theme_id}?by=neighbourhood&by=eq_sex",
             f"themes/{theme_id}?by=nonsense"]
    for width in (1024, 320):
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
        page = context.new_page()
        try:
            sign_in_as_officer(page, live_server, lang, email=ANALYST_EMAIL)
            too_wide = []
            for number, path in enumerate(paths):
                page.goto(f"{live_server}/staff/analysis/{path}")
                if "Atlantis" in path or "nonsense" in path:
                    assert page.locator(".govuk-error-summary").count() == 1, path
                if width == 320:
                    if page.evaluate("document.documentElement.scrollWidth") > 320:
                        too_wide.append(path)
                    top = page.locator("#breakdown-heading").bounding_box()["y"] if "themes/" in path else 0
                    page.screenshot(path=f"/tmp/answer-groups-{lang}-{number}.png", full_page=True,
                                    clip={"x": 0, "y": top, "width": 320, "height": 1800})
                else:
                    assert_accessible(page, f"{path} [{lang}]")
                    if number in (0, 3):
                        page.screenshot(path=f"/tmp/answer-groups-{lang}-{number}-wide.png", full_page=True)
            assert not too_wide, too_wide
            page.goto(f"{live_server}/staff/analysis/{paths[0]}")
            assert page.locator("#answers tbody tr").count() == 20
            page.goto(f"{live_server}/staff/analysis/{paths[1]}")
            assert page.locator("#withheld").count() == 1 and page.locator("#answers").count() == 0
            page.goto(f"{live_server}/staff/analysis/{paths[3]}")
            assert page.locator("table.engage-breakdown").count() == 2
        finally:
            context.close()
