"""Agreed themes on the results page and in the themes report: counts suppressed as closed questions', redacted
quotes, filtered views, access, and questions with no agreed themes yet."""

import re

import pytest
from sqlalchemy import select

from engage import agreed_themes
from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import Channel, PlanPriority, Status, ThemePriority
from engage.plan.services import seed_priorities
from engage.results import services
from tests.engage.results_data import SLUG, STAFF_SLUG
from tests.engage.test_results import client_as
from tests.engage.themes_data import STANDARD, answers, finished_run
from tests.engage.workspace_data import add_answers


@pytest.fixture(autouse=True)
def _fresh_counts():
    services.forget_cached()


def theme_cells(html: str, question_id: str = "one_thing") -> dict[str, tuple[str, str]]:
    """{theme: (answers, percentage)} from a question's agreed themes table."""
    section = html.split(f'id="themes-{question_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row" class="govuk-table__header" dir="auto">(.*?)</th>\s*'
                      r'<td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>', section, re.S)
    return {label.strip(): (number.strip(), share.strip()) for label, number, share in rows}


def test_the_shared_query_counts_agreed_themes_of_the_latest_run_only(app):
    consultation = answers(parking=30, evening=12, gp=5, other=4)
    finished_run(consultation, [("Old parking", True, "parking")])
    finished_run(consultation, STANDARD)
    found = agreed_themes.agreed_themes(consultation)
    question = found["one_thing"]
    assert question.answered == 51
    assert [(t.theme.label, t.answers) for t in question.themes] == [
        ("Parking", 30), ("Evening opening", 12), ("GP appointments", 5)]  # not the unagreed one, nor the old run's
    assert agreed_themes.shown(question, 11) == [30, None, None]  # 5 hidden, and 12 with it
    quotes = question.themes[0].quotes
    assert len(quotes) == 1 and "07700" not in quotes[0] and "jo@example.org" not in quotes[0]  # one distinct text
    online = select(db.text("id")).select_from(db.text("response"))  # every response: the same counts
    assert agreed_themes.agreed_themes(consultation, responses=online)["one_thing"].themes[0].answers == 30


def test_the_results_page_shows_agreed_themes_with_suppressed_counts_and_redacted_quotes(app):
    consultation = answers(parking=30, evening=12, gp=5, other=4)
    finished_run(consultation, STANDARD)
    page = client_as(app, "engagement_officer").get(f"/staff/results/{SLUG}")
    assert page.status_code == 200
    assert theme_cells(page.text) == {"Parking": ("30", "59%"), "Evening opening": ("not shown", "not shown"),
                                      "GP appointments": ("not shown", "not shown")}
    assert "Leaflets" not in page.text  # not agreed
    assert "About parking." in page.text
    assert "07700 900123" not in page.text and "jo@example.org" not in page.text
    assert "There is never enough parking at the hub" in page.text
    assert 'id="themes-report"' in page.text
    assert "Analyse these answers" not in page.text


def test_a_filtered_view_hides_a_theme_count_that_would_give_away_a_small_one(app):
    answers(parking=25, evening=5)  # online
    answers(channel=Channel.PAPER, parking=5, evening=10)
    consultation = find_consultation(SLUG)
    finished_run(consultation, STANDARD)
    client = client_as(app, "analyst")
    everyone = client.get(f"/staff/results/{SLUG}").text
    assert theme_cells(everyone)["Parking"] == ("30", "67%")
    online = client.get(f"/staff/results/{SLUG}?channel=online")
    assert "30 responses in this group" in online.text
    # 25 of 30 online would say 5 paper answers were about parking
    assert theme_cells(online.text)["Parking"] == ("not shown", "not shown")
    assert "never enough parking" not in online.text and "linked to a group" in online.text
    paper = client.get(f"/staff/results/{SLUG}?channel=paper").text
    assert theme_cells(paper)["Parking"] == ("not shown", "not shown")
    assert "not shown" in theme_cells(paper)["Evening opening"][0]


def test_a_filtered_view_counts_a_theme_among_the_groups_answers(app):
    answers(parking=20, evening=12)
    answers(channel=Channel.PAPER, parking=15, evening=12)
    finished_run(find_consultation(SLUG), STANDARD)
    page = client_as(app, "analyst").get(f"/staff/results/{SLUG}?channel=paper").text
    assert theme_cells(page)["Parking"] == ("15", "56%")
    assert theme_cells(page)["Evening opening"] == ("12", "44%")


def test_free_text_without_any_analysis_says_so_and_links_analysts_to_the_workspace(app):
    answers(parking=12)
    analyst_page = client_as(app, "analyst").get(f"/staff/results/{SLUG}").text
    assert 'id="no-themes-one_thing"' in analyst_page and "No themes have been agreed" in analyst_page
    assert f'href="/staff/analysis/{SLUG}/"' in analyst_page
    officer = client_as(app, "engagement_officer")
    officer_page = officer.get(f"/staff/results/{SLUG}").text
    assert "No themes have been agreed" in officer_page and "/staff/analysis/" not in officer_page
    report = officer.get(f"/staff/results/{SLUG}/themes-report")
    assert report.status_code == 200 and "No themes have been agreed" in report.text


def test_a_run_with_nothing_agreed_shows_no_themes(app):
    consultation = answers(parking=12)
    finished_run(consultation, [("Parking", False, "parking")])
    client = client_as(app, "analyst")
    page = client.get(f"/staff/results/{SLUG}").text
    assert "No themes have been agreed" in page and 'id="themes-one_thing"' not in page
    answers(channel=Channel.PAPER, parking=12)
    services.forget_cached()
    filtered = client.get(f"/staff/results/{SLUG}?channel=paper")
    assert filtered.status_code == 200 and "No themes have been agreed" in filtered.text


@pytest.mark.parametrize(("role", "status"), [("administrator", 200), ("analyst", 200),
                                              ("engagement_officer", 200), ("workforce_officer", 403)])
def test_the_themes_report_follows_the_results_pages_access(app, role, status):
    answers(parking=12)
    client = client_as(app, role)
    assert client.get(f"/staff/results/{SLUG}/themes-report").status_code == status
    assert client.get("/staff/results/no-such-consultation/themes-report").status_code == 404


def test_anonymous_people_are_sent_to_sign_in_from_the_report(client):
    response = client.get(f"/staff/results/{SLUG}/themes-report")
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_the_themes_report_has_counts_descriptions_quotes_priorities_date_and_minimum(app):
    seed_priorities()
    consultation = answers(parking=30, evening=12, gp=5)
    run = finished_run(consultation, STANDARD)
    urgent = db.session.scalar(select(PlanPriority).where(PlanPriority.name == "Urgent care"))
    db.session.add(ThemePriority(theme_id=run.themes[0].id, priority_id=urgent.id))
    db.session.commit()
    page = client_as(app, "analyst").get(f"/staff/results/{SLUG}/themes-report")
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    html = page.text
    assert "Themes report" in html and "We are planning how the six community health hubs" in html
    assert theme_cells(html)["Parking"] == ("30", "64%")
    assert theme_cells(html)["GP appointments"] == ("not shown", "not shown")
    assert "Locality plan: Urgent care" in html and "Not tagged with a locality plan priority." in html
    assert "About evening opening." in html and "07700" not in html and "[" in html.split("never enough parking")[1]
    assert "Smallest number shown" in html and "11: smaller counts are not shown" in html
    assert "Report made" in html
    assert 'href="http://localhost/staff/results/community-health-hubs"' in html  # printed in full


def test_the_stylesheet_prints_the_report_without_navigation_and_with_its_links(app, client):
    css = client.get("/static/css/engage.css").text
    assert ".engage-themes-report a[href]:after" in css or ".engage-themes-report a[href]::after" in css
    assert "break-before:page" in css.replace(" ", "")


@pytest.fixture
def staff_with_themes(app):
    staff = find_consultation(STAFF_SLUG)
    add_answers(STAFF_SLUG, answers=["Parking for night shifts call 07700 900123"] * 14 + ["Rotas"] * 12,
                question="concerns")
    change_status(staff, Status.CLOSED)
    db.session.commit()
    finished_run(staff, [("Parking", True, "Parking"), ("Rotas", True, "Rotas")], question="concerns")
    return staff


def test_staff_survey_themes_show_to_workforce_officers_without_quotes(app, staff_with_themes):
    client = client_as(app, "workforce_officer")
    for url in (f"/staff/results/{STAFF_SLUG}", f"/staff/results/{STAFF_SLUG}/themes-report"):
        page = client.get(url)
        assert page.status_code == 200
        assert theme_cells(page.text, "concerns") == {"Parking": ("14", "54%"), "Rotas": ("12", "46%")}
        assert "night shifts" not in page.text and "shown only to staff who may read the answers" in page.text
    analyst = client_as(app, "analyst").get(f"/staff/results/{STAFF_SLUG}").text
    assert "Parking for night shifts call [" in analyst and "07700" not in analyst


def test_staff_survey_themes_wait_for_the_survey_to_close(app):
    staff = find_consultation(STAFF_SLUG)
    add_answers(STAFF_SLUG, answers=["Rotas"] * 12, question="concerns")
    finished_run(staff, [("Rotas", True, "Rotas")], question="concerns")
    client = client_as(app, "workforce_officer")
    for url in (f"/staff/results/{STAFF_SLUG}", f"/staff/results/{STAFF_SLUG}/themes-report"):
        page = client.get(url).text
        assert 'id="withheld"' in page and "Rotas" not in page
