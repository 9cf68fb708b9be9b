"""Reporting a staff change case: interim results (audited), organisations' own minimum group sizes, response
rates per affected group from the code ledger (suppressed), free text of small groups withheld, the outcome report."""

import numpy as np
import pytest
from sqlalchemy import select

from engage import ballot, case_reporting, questions_log
from engage.cases import services
from engage.consultations.services import change_status
from engage.extensions import db
from engage.models import OrganisationMinimum, Status, User
from engage.models.base import utcnow
from tests.engage.case_helpers import BASE, CASE, make_accounts, post_form, sign_in
from tests.engage.results_data import add_responses
from tests.engage.test_consultation_pages import error_summary
from tests.engage.test_html import assert_valid_html

OK, REFUSED, SIGN_IN = 200, 403, 302
ROLES = ["anonymous", "administrator", "engagement_officer", "assigned_officer", "other_officer", "analyst"]
ORGANISATION = "Trafford Community Health (fictional)"


def case():
    db.session.expire_all()
    return services.find_case(CASE)


def actions():
    return [(e.action, e.user.email if e.user else None) for e in services.audit_trail(case())]


@pytest.fixture
def accounts(app):
    return make_accounts()


def give_codes(answered_per_group: dict[str, int]):
    """A printed code for every affected member of staff; the first n of each team (by staff number) answered."""
    seen: dict[str, int] = {}
    for person in case().staff:
        ballot.issue_code(person, ballot.PRINT)
        seen[person.team] = seen.get(person.team, 0) + 1
        if seen[person.team] <= answered_per_group.get(person.team, 0):
            row = ballot.codes_by_staff(person.case)[person.id]
            assert ballot.mark_answered(row.code_hash)
    db.session.commit()


# Who may use the new pages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "allowed"), [
    (f"{BASE}/outcome", {"administrator", "assigned_officer"}),
    (f"{BASE}/report", {"administrator", "assigned_officer"}),
    (f"{BASE}/interim-results", {"administrator"}),
    ("/staff/cases/organisations", {"administrator"}),
])
def test_new_case_pages_for_each_role(client, accounts, role, path, allowed):
    response = sign_in(client, role).get(path)
    if role == "anonymous":
        assert response.status_code == SIGN_IN and response.location.startswith("/staff/sign-in")
    else:
        assert response.status_code == (OK if role in allowed else REFUSED)


@pytest.mark.parametrize("role", ["anonymous", "engagement_officer", "assigned_officer", "other_officer", "analyst"])
@pytest.mark.parametrize(("path", "data"), [
    (f"{BASE}/interim-results", {}),
    ("/staff/cases/organisations", {"organisation": ORGANISATION, "min_group_size": "20"}),
    (f"{BASE}/outcome", {"outcome": "Nothing."}),
])
def test_posts_to_the_new_pages_are_refused_to_those_not_allowed(client, accounts, role, path, data):
    if path.endswith("/outcome") and role == "assigned_officer":
        return  # allowed: tested below
    sign_in(client, role)
    response = client.post(path, data=data)
    assert response.status_code in ((SIGN_IN,) if role == "anonymous" else (REFUSED,))
    assert not case().details.interim_results and db.session.get(OrganisationMinimum, ORGANISATION) is None
    assert case().details.outcome == ""


# Interim results ------------------------------------------------------------------------------------------------

def test_an_administrator_allows_interim_results_and_withdraws_them_each_recorded_in_the_audit_trail(client,
                                                                                                    accounts):
    survey = case().consultation
    add_responses(12, slug=survey.slug, support_proposal="agree")
    assert survey.status is Status.OPEN
    officer = sign_in(client, "administrator")
    before = officer.get(f"/staff/results/{survey.slug}")
    assert 'id="withheld"' in before.text and "Answers to each question" not in before.text

    page = officer.get(f"{BASE}/interim-results")
    assert "Not allowed" in page.text
    assert_valid_html(page.text, "interim results")
    response = post_form(officer, f"{BASE}/interim-results", {})
    assert response.status_code == 302
    assert case().details.interim_results
    assert actions()[-1] == ("interim_results_allowed", "admin@example.org")
    shown = officer.get(f"/staff/results/{survey.slug}")
    assert 'id="withheld"' not in shown.text and "Answers to each question" in shown.text
    assert "Interim results" in officer.get(f"{BASE}/").text

    assert post_form(officer, f"{BASE}/interim-results", {}).status_code == 302
    assert not case().details.interim_results
    assert actions()[-1] == ("interim_results_withdrawn", "admin@example.org")
    assert 'id="withheld"' in officer.get(f"/staff/results/{survey.slug}").text
    audit = officer.get(f"{BASE}/audit").text
    assert "Interim results allowed" in audit and "Interim results withdrawn" in audit


def test_interim_results_cannot_be_changed_with_a_stale_form_or_on_a_closed_case(client, accounts):
    officer = sign_in(client, "administrator")
    stale = officer.post(f"{BASE}/interim-results", data={"csrf_token": "stale"})
    assert stale.status_code == 400 and "The page was out of date" in error_summary(stale)
    services.close_case(case(), None, "Nothing changed.")
    db.session.commit()
    assert 'id="save"' not in officer.get(f"{BASE}/interim-results").text
    refused = post_form(officer, f"{BASE}/interim-results", {}, token_from="/staff/")
    assert refused.status_code == 409 and "This case is closed" in error_summary(refused)
    assert not case().details.interim_results


# Minimum group size per organisation ----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("10", "Enter 11 or more"),
    ("0", "Enter 11 or more"),
    ("-20", "Enter 11 or more"),
    ("12.5", "Enter the minimum group size as a whole number"),
    ("eleven", "Enter the minimum group size as a whole number"),
    ("", "Enter the minimum group size, a whole number"),
    ("1001", "Enter 1000 or fewer"),
])
def test_an_organisation_minimum_below_the_global_one_or_not_a_number_is_refused_on_the_page(client, accounts, value,
                                                                                            message):
    officer = sign_in(client, "administrator")
    page = post_form(officer, "/staff/cases/organisations", {"organisation": ORGANISATION, "min_group_size": value})
    assert page.status_code == 400
    summary = error_summary(page)
    assert message in summary and 'href="#min_group_size"' in summary
    assert f'value="{ORGANISATION}"' in page.text and (f'value="{value}"' in page.text if value else True)
    assert db.session.get(OrganisationMinimum, ORGANISATION) is None
    assert_valid_html(page.text, "organisation minimum with an error")


def test_an_organisation_without_a_name_is_refused(client, accounts):
    page = post_form(sign_in(client, "administrator"), "/staff/cases/organisations",
                     {"organisation": "  ", "min_group_size": "15"})
    assert page.status_code == 400 and 'href="#organisation"' in error_summary(page)


def test_a_case_uses_the_strictest_minimum_of_its_organisations_in_results_and_response_rates(client, accounts):
    survey = case().consultation
    add_responses(20, slug=survey.slug, support_proposal="agree")
    change_status(survey, Status.CLOSED)
    db.session.commit()
    officer = sign_in(client, "administrator")
    assert "Answers to each question" in officer.get(f"/staff/results/{survey.slug}").text
    response = post_form(officer, "/staff/cases/organisations", {"organisation": ORGANISATION, "min_group_size": "25"})
    assert response.status_code == 302
    assert db.session.get(OrganisationMinimum, ORGANISATION).min_group_size == 25
    assert "25" in officer.get("/staff/cases/organisations").text
    assert case_reporting.case_minimum(case(), 11) == 25
    # Another organisation with a looser minimum on the same list does not loosen it.
    case_reporting.set_organisation_minimum("Trafford Council", 15, None, 11)
    case().staff[0].organisation = "Trafford Council"
    db.session.commit()
    assert case_reporting.case_minimum(case(), 11) == 25
    withheld = officer.get(f"/staff/results/{survey.slug}")
    assert 'id="withheld"' in withheld.text and "fewer than 25 responses" in withheld.text
    # Setting the global minimum again removes the organisation's own.
    post_form(officer, "/staff/cases/organisations", {"organisation": ORGANISATION, "min_group_size": "11"})
    assert db.session.get(OrganisationMinimum, ORGANISATION) is None
    assert case_reporting.case_minimum(case(), 11) == 15


# Response rates -------------------------------------------------------------------------------------------------

def test_a_hidden_response_count_cannot_be_worked_out_by_subtraction():
    groups = [("Trust", "", f"Team {k}", "") for k in range(3)]
    invited, answered = [20, 20, 20], [5, 12, 15]
    # Hiding only the small count would not protect it: the row total and the column total both give it back.
    assert invited[0] - (invited[0] - answered[0]) == 5
    assert sum(answered) - answered[1] - answered[2] == 5
    rates = case_reporting.rate_table(groups, invited, answered, 11)
    hidden = np.array([[row.answered is None] * 2 for row in rates.rows])
    assert rates.rows[0].answered is None
    # In every row and column, hidden cells come at least two at a time (or not at all), and add up to 11 or more.
    table = np.column_stack([answered, np.subtract(invited, answered)])
    assert hidden.sum(axis=0).tolist() in ([2, 2], [3, 3])
    for matrix, mask in ((table, hidden), (table.T, hidden.T)):
        for line, line_mask in zip(matrix, mask, strict=True):
            assert line_mask.sum() != 1
            assert line[line_mask].sum() == 0 or line[line_mask].sum() >= 11
    assert [row.invited for row in rates.rows] == invited
    assert rates.answered == 32 and rates.rate == pytest.approx(32 / 60)


def test_a_group_invited_fewer_than_the_minimum_shows_no_response_count():
    rates = case_reporting.rate_table([("A",), ("B",), ("C",)], [8, 30, 30], [0, 15, 20], 11)
    assert rates.rows[0].answered is None and rates.rows[0].rate is None
    assert sum(row.answered is None for row in rates.rows) >= 2


def test_the_case_page_shows_response_rates_per_group_from_the_code_ledger_suppressed(client, accounts):
    # Teams of 16, 14, 12 and 12: 13, 4, 12 and 6 answered.
    give_codes({"North neighbourhood nursing": 13, "Reablement": 4, "South neighbourhood nursing": 12,
                "Community therapy": 6})
    rates = case_reporting.response_rates(case(), 11)
    shown = {row.group[2]: row.answered for row in rates.rows}
    assert shown["Reablement"] is None and shown["Community therapy"] is None
    assert [row.invited for row in rates.rows] == [14, 16, 12, 12]  # sorted by directorate, then team
    page = sign_in(client, "assigned_officer").get(f"{BASE}/")
    assert 'id="response-rates"' in page.text and "not shown" in page.text
    assert "Response rate per affected group" in page.text
    assert ">4<" not in page.text.split('id="response-rates"')[1].split("</table>")[0]
    assert_valid_html(page.text, "case page with response rates")


def test_response_rates_use_only_the_code_ledger(app):
    """The rates query reads staff and their codes, never a response: counts stay right with no responses at all."""
    give_codes({"North neighbourhood nursing": 16, "Reablement": 14, "South neighbourhood nursing": 12,
                "Community therapy": 12})
    assert case_reporting.response_total(case().consultation) == 0
    assert case_reporting.response_rates(case(), 11).answered == 54


# Free text of small groups ----------------------------------------------------------------------------------------

def test_free_text_of_a_staff_group_below_the_minimum_is_withheld_and_elsewhere_shown(app):
    staff = case().consultation
    assert case_reporting.withholds_free_text(staff, 10, 11)
    assert case_reporting.withholds_free_text(staff, None, 11)
    assert not case_reporting.withholds_free_text(staff, 11, 11)
    residents = db.session.scalar(select(type(staff)).where(type(staff).slug == "community-health-hubs"))
    assert not case_reporting.withholds_free_text(residents, 2, 11)


def staff_themes():
    """A finished analysis of the closed case survey's "concerns": an agreed theme of 12 answers and one of 2."""
    from engage.models import AnalysisRun, Answer, Response, RunStatus, Theme, ThemeAssignment

    survey = case().consultation
    add_responses(14, slug=survey.slug, support_proposal="agree", concerns="Travel between bases is hard.")
    change_status(survey, Status.CLOSED)
    run = AnalysisRun(consultation_id=survey.id, question_ids=["concerns"], status=RunStatus.FINISHED)
    db.session.add(run)
    db.session.flush()
    big = Theme(run_id=run.id, position=0, label="Travel between bases", agreed=True,
                quotes=[{"response_id": None, "quote": "Travel between bases is hard."}])
    small = Theme(run_id=run.id, position=1, label="A very particular worry", agreed=True,
                  quotes=[{"response_id": None, "quote": "Only I would say this."}])
    db.session.add_all([big, small])
    db.session.flush()
    answers = list(db.session.scalars(select(Answer.id).join(Response).where(Response.consultation_id == survey.id,
                                                                             Answer.question_id == "concerns")))
    assert len(answers) == 14
    for k, answer_id in enumerate(answers):
        db.session.add(ThemeAssignment(theme_id=(big if k < 12 else small).id, answer_id=answer_id))
    db.session.commit()
    return big, small


def test_the_report_leaves_out_agreed_themes_with_fewer_answers_than_the_minimum(client, accounts):
    staff_themes()
    page = sign_in(client, "assigned_officer").get(f"{BASE}/report")
    assert "Travel between bases" in page.text and "A very particular worry" not in page.text
    assert "Only I would say this" not in page.text
    assert 'id="small-themes"' in page.text


def test_the_locality_plan_shows_no_staff_survey_theme_of_fewer_answers_than_the_minimum(client, accounts):
    from engage.models import PlanPriority, ThemePriority

    big, small = staff_themes()
    priority = db.session.scalars(select(PlanPriority).order_by(PlanPriority.id)).first()
    db.session.add_all([ThemePriority(theme_id=big.id, priority_id=priority.id),
                        ThemePriority(theme_id=small.id, priority_id=priority.id)])
    db.session.commit()
    plan = sign_in(client, "administrator").get("/staff/plan/").text
    assert "Travel between bases" in plan
    assert "A very particular worry" not in plan and "Only I would say this" not in plan


# The outcome report -----------------------------------------------------------------------------------------------

def test_the_report_shows_the_questions_log_meetings_replies_figures_and_what_changed(client, accounts, today):
    survey = case().consultation
    asked = questions_log.ask(case(), "Will my base change?", None, today)
    questions_log.ask(case(), "Not answered yet?", None, today)
    questions_log.answer(asked, "Only for the North team.", db.session.scalar(select(User).limit(1)), today)
    add_responses(12, slug=survey.slug, support_proposal="agree")
    change_status(survey, Status.CLOSED)
    db.session.commit()
    officer = sign_in(client, "assigned_officer")
    response = post_form(officer, f"{BASE}/outcome", {"outcome": "The North base stays open."})
    assert response.status_code == 302
    page = officer.get(f"{BASE}/report")
    text = page.text
    assert "Will my base change?" in text and "Only for the North team." in text
    assert "Not answered yet?" not in text
    meeting, proposal = case().meetings[0], case().counter_proposals[0]
    assert meeting.title in text and proposal.summary in text
    if proposal.reply:
        assert proposal.reply.splitlines()[0] in text
    assert "The North base stays open." in text
    assert "What staff said" in text and "12 responses." in text
    assert f'href="http://localhost/staff/results/{survey.slug}"' in text
    assert ("outcome_written", "assigned@example.org") in actions()
    assert_valid_html(text, "the outcome report")


def test_what_changed_can_be_corrected_after_the_case_is_closed_and_every_version_is_audited(client, accounts):
    services.close_case(case(), None, "First version.")
    db.session.commit()
    officer = sign_in(client, "assigned_officer")
    empty = post_form(officer, f"{BASE}/outcome", {"outcome": "  "})
    assert empty.status_code == 200 and "Enter what changed" in error_summary(empty)
    assert post_form(officer, f"{BASE}/outcome", {"outcome": "Second version."}).status_code == 302
    assert case().details.outcome == "Second version."
    trail = services.audit_trail(case())
    assert [e.detail.get("outcome") for e in trail if e.action in ("case_closed", "outcome_written")] == [
        "First version.", "Second version."]


def test_the_report_keeps_the_survey_figures_back_while_it_is_open(client, accounts):
    add_responses(12, slug=case().consultation.slug, support_proposal="agree")
    page = sign_in(client, "assigned_officer").get(f"{BASE}/report")
    assert "The staff survey is still open" in page.text
    details = case().details
    details.interim_results = True
    db.session.commit()
    page = sign_in(client, "assigned_officer").get(f"{BASE}/report")
    assert "Interim figures" in page.text and "12 responses." in page.text
    assert utcnow()  # the report is built now, not cached


def test_the_answer_browser_shows_no_answers_of_a_small_language_group_in_a_staff_survey(client, accounts):
    from engage.models import AnalysedAnswer, AnalysisRun, Answer, Response, RunStatus

    survey = case().consultation
    add_responses(14, slug=survey.slug, support_proposal="agree", concerns="Parking at the North base.")
    change_status(survey, Status.CLOSED)
    run = AnalysisRun(consultation_id=survey.id, question_ids=["concerns"], status=RunStatus.FINISHED)
    db.session.add(run)
    db.session.flush()
    answers = list(db.session.scalars(select(Answer.id).join(Response).where(Response.consultation_id == survey.id,
                                                                             Answer.question_id == "concerns")))
    for k, answer_id in enumerate(answers):
        db.session.add(AnalysedAnswer(run_id=run.id, answer_id=answer_id, language="pl" if k < 3 else "en",
                                      position="neutral"))
    db.session.commit()
    analyst = sign_in(client, "analyst")
    small = analyst.get(f"/staff/analysis/runs/{run.id}/answers?language=pl")
    assert small.status_code == 200 and 'id="withheld"' in small.text
    assert "Parking at the North base" not in small.text and 'id="answer-count"' not in small.text
    large = analyst.get(f"/staff/analysis/runs/{run.id}/answers?language=en")
    assert 'id="withheld"' not in large.text and "Parking at the North base" in large.text
    everyone = analyst.get(f"/staff/analysis/runs/{run.id}/answers")
    assert "14 answers match" in everyone.text  # not a group: shown (redacted) as before
    assert_valid_html(small.text, "answers of a small group withheld")


def test_an_organisation_minimum_holds_in_exports_the_api_and_the_workspace_too(client, accounts):
    """20 responses clear the global 11 but not the organisation's 25: nothing about the survey gets out anywhere."""
    from tests.engage.test_api import token_for

    survey = case().consultation
    add_responses(20, slug=survey.slug, support_proposal="agree", concerns="Travel between bases is hard.")
    change_status(survey, Status.CLOSED)
    db.session.commit()
    analyst = sign_in(client, "analyst")
    assert analyst.get(f"/staff/answers/{survey.slug}.csv").status_code == 200
    token = token_for("analyst")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/consultations/{survey.slug}/breakdowns", headers=headers).status_code == 200
    case_reporting.set_organisation_minimum(ORGANISATION, 25, None, 11)
    db.session.commit()
    assert analyst.get(f"/staff/answers/{survey.slug}.csv").status_code == 403
    for path in ("breakdowns", "themes"):
        refused = client.get(f"/api/v1/consultations/{survey.slug}/{path}", headers=headers)
        assert refused.status_code == 403 and "25" in str(refused.get_json()), (path, refused.get_json())
    start = analyst.get(f"/staff/analysis/{survey.slug}/")
    assert "fewer than 25 responses" in start.text and 'id="start"' not in start.text
