"""Results pages: who sees which, the figures, filters with small groups suppressed, staff surveys as a ballot box."""

import re

import pytest

from engage.answering.services import start_draft
from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import Channel, Status
from engage.results import services
from tests.engage.results_data import SLUG, STAFF_SLUG, add_responses
from tests.engage.test_entry import new_request_state, sign_in_as

ROLES = ("administrator", "analyst", "engagement_officer", "workforce_officer")
SEES = {  # role -> (resident consultation, staff survey)
    "administrator": (200, 200),
    "analyst": (200, 200),
    "engagement_officer": (200, 403),
    "workforce_officer": (403, 200),
}


def client_as(app, role):
    new_request_state()
    client = app.test_client()
    sign_in_as(client, role)
    new_request_state()
    return client


def cells(html: str, question_id: str) -> dict[str, tuple[str, str]]:
    """{answer: (number, percentage)} from the figures table of one question."""
    section = html.split(f'id="question-{question_id}"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*'
                      r'<td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>', section, re.S)
    return {label.strip(): (number.strip(), share.strip()) for label, number, share in rows}


@pytest.fixture(autouse=True)
def _fresh_counts():
    services.forget_cached()  # every test's database starts again with the same consultation ids


@pytest.fixture
def closed_staff_survey(app):
    staff = find_consultation(STAFF_SLUG)
    add_responses(12, slug=STAFF_SLUG, support_proposal="agree")
    change_status(staff, Status.CLOSED)
    db.session.commit()
    return staff


@pytest.mark.parametrize("url", ["/staff/results/", f"/staff/results/{SLUG}", f"/staff/results/{STAFF_SLUG}"])
def test_anonymous_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_results_of_its_audiences_only(app, role, closed_staff_survey):
    client = client_as(app, role)
    listed = client.get("/staff/results/")
    assert listed.status_code == 200
    residents, staff = SEES[role]
    assert (f'href="/staff/results/{SLUG}"' in listed.text) == (residents == 200)
    assert (f'href="/staff/results/{STAFF_SLUG}"' in listed.text) == (staff == 200)
    assert client.get(f"/staff/results/{SLUG}").status_code == residents
    assert client.get(f"/staff/results/{STAFF_SLUG}").status_code == staff
    assert client.get("/staff/results/no-such-consultation").status_code == 404
    assert client.get(f"/staff/results/{SLUG}?channel=paper").status_code == residents
    home = client.get("/staff/").text
    assert 'href="/staff/results/"' in home


def test_closed_questions_are_counted_with_percentages(app):
    add_responses(20, used_hub="yes", hear_back="hub", services_used=["nurse", "physio"])
    add_responses(12, seed=2, used_hub="no", hear_back="hub", services_used=["nurse"])
    client = client_as(app, "analyst")
    page = client.get(f"/staff/results/{SLUG}")
    assert page.status_code == 200
    assert "32 responses" in page.text
    assert cells(page.text, "used_hub") == {"Yes": ("20", "62%"), "No": ("12", "38%")}  # 62.5%: to even
    # asked only of those who used a hub
    assert cells(page.text, "services_used")["Community nurse"] == ("20", "100%")
    assert cells(page.text, "services_used")["Physiotherapy"] == ("20", "100%")
    # a chart on the server, named, with the same figures in the table beside it
    chart = page.text.split('id="question-used_hub"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in chart and '<title id="chart-used_hub-title">Chart: Have you used' in chart
    assert "62%" in chart
    # free text: how many answers, and where the themes will be
    one_thing = page.text.split('id="question-one_thing"', 1)[1].split("</section>", 1)[0]
    assert "32 answers" in one_thing and "<svg" not in one_thing


def test_small_counts_are_hidden_with_another_so_neither_can_be_worked_out(app):
    add_responses(20, hear_back="website")
    add_responses(14, seed=2, hear_back="hub")
    add_responses(3, seed=3, hear_back="community_groups")
    page = client_as(app, "analyst").get(f"/staff/results/{SLUG}").text
    figures = cells(page, "hear_back")
    assert figures["Through community and faith groups"] == ("not shown", "not shown")
    # the smallest other count, hidden with it
    assert figures["Posters and leaflets at the hubs"] == ("not shown", "not shown")
    assert figures["On this website"] == ("20", "54%")


def test_a_filter_shows_a_group_of_at_least_eleven_and_refuses_a_smaller_one(app):
    add_responses(25, used_hub="yes")
    add_responses(14, seed=2, channel=Channel.PAPER, used_hub="no")
    add_responses(11, seed=3, channel=Channel.PHONE, used_hub="no")
    add_responses(4, seed=4, channel=Channel.ASSISTED, used_hub="no")
    client = client_as(app, "engagement_officer")
    paper = client.get(f"/staff/results/{SLUG}?channel=paper")
    assert paper.status_code == 200 and "14 responses in this group" in paper.text
    assert cells(paper.text, "used_hub") == {"Yes": ("0", "0%"), "No": ("14", "100%")}
    for small in ("assisted", "phone"):  # 4; and 11, which with the others' sizes would give away the 4
        page = client.get(f"/staff/results/{SLUG}?channel={small}")
        assert page.status_code == 200
        assert 'id="refused"' in page.text and 'id="question-used_hub"' not in page.text
        assert "responses in this group" not in page.text
    online = client.get(f"/staff/results/{SLUG}?channel=online")  # everyone else: 29, enough
    assert "25 responses in this group" in online.text


def test_a_group_whose_complement_is_small_is_refused(app):
    add_responses(30, eq_sex="female")
    add_responses(5, seed=2, eq_sex="male")
    page = client_as(app, "analyst").get(f"/staff/results/{SLUG}?eq_sex=female")
    assert 'id="refused"' in page.text and "30 responses in this group" not in page.text


def test_groups_of_one_filter_never_differ_by_a_small_count(app):
    """A group's figures and the overall ones, or two groups' figures, never give away a cell below 11."""
    add_responses(40, seed=5)
    add_responses(12, seed=6, channel=Channel.PAPER)
    add_responses(11, seed=7, channel=Channel.PHONE)
    client = client_as(app, "analyst")
    overall = client.get(f"/staff/results/{SLUG}").text
    views = {c: client.get(f"/staff/results/{SLUG}?channel={c}").text for c in ("online", "paper", "phone")}
    for qid in ("used_hub", "hear_back", "eq_age"):
        total = cells(overall, qid)
        for channel, view in views.items():
            for answer, (number, _share) in cells(view, qid).items():
                if number == "not shown" or total[answer][0] == "not shown":
                    continue
                rest = int(total[answer][0]) - int(number)
                assert rest == 0 or rest >= 11, (qid, channel, answer)
                assert int(number) == 0 or int(number) >= 11


@pytest.mark.parametrize("query, message", [
    ("channel=paper&language=en", "Filter by one thing at a time"),
    ("channel=carrier-pigeon", "Select a value of “How they answered” from the list"),
    ("eq_age=200", "Select a value of “What is your age?” from the list"),
    ("colour=blue", "These results cannot be filtered that way"),
])
def test_bad_filters_say_what_is_wrong_and_keep_what_was_chosen(app, query, message):
    add_responses(12)
    page = client_as(app, "analyst").get(f"/staff/results/{SLUG}?{query}")
    assert page.status_code == 400
    assert "There is a problem" in page.text and message in page.text
    assert page.text.startswith("<!DOCTYPE html>") and "<title>Error:" in page.text
    if query.startswith("channel=paper"):
        assert re.search(r'<option value="paper" selected', page.text)
    assert 'id="question-used_hub"' in page.text  # everyone's results are still shown


def test_staff_survey_results_wait_for_closing_and_enough_responses(app):
    staff = find_consultation(STAFF_SLUG)
    add_responses(10, slug=STAFF_SLUG, support_proposal="agree")
    client = client_as(app, "workforce_officer")
    page = client.get(f"/staff/results/{STAFF_SLUG}")
    assert page.status_code == 200 and "only after the survey closes" in page.text
    assert 'id="question-support_proposal"' not in page.text
    change_status(staff, Status.CLOSED)
    db.session.commit()
    page = client.get(f"/staff/results/{STAFF_SLUG}")
    assert "fewer than 11 responses" in page.text and 'id="question-support_proposal"' not in page.text
    add_responses(2, seed=2, slug=STAFF_SLUG, support_proposal="disagree")
    page = client.get(f"/staff/results/{STAFF_SLUG}")
    assert 'id="question-support_proposal"' in page.text
    figures = cells(page.text, "support_proposal")
    assert figures["Agree"] == ("not shown", "not shown") and figures["Disagree"] == ("not shown", "not shown")
    # a ballot box: no filters, nothing about when or how people answered
    assert 'id="filters"' not in page.text and 'id="while-open"' not in page.text
    assert client.get(f"/staff/results/{STAFF_SLUG}?channel=online").status_code == 400


def test_while_open_responses_over_time_by_group_and_where_people_stop(app):
    add_responses(15)
    add_responses(12, seed=2, language="ur")
    consultation = find_consultation(SLUG)
    for answers in ({}, {"ward": "Hale"}, {"ward": "Hale", "used_hub": "yes"}, {"ward": "Hale", "used_hub": "no"}):
        draft = start_draft(consultation, "en", Channel.ONLINE)
        draft.answers = answers
    db.session.commit()
    page = client_as(app, "engagement_officer").get(f"/staff/results/{SLUG}").text
    assert 'id="while-open"' in page and 'id="chart-over-time-title"' in page
    by_language = page.split('id="by-language"', 1)[1].split("</table>", 1)[0]
    assert "15" in by_language and "12" in by_language
    stops = dict(re.findall(r'<th scope="row" class="govuk-table__header">(?:<span>)?(.*?)(?:</span>)?</th>\s*'
                            r'<td[^>]*>(\d+)</td>', page.split('id="drop-off"', 1)[1].split("</table>", 1)[0]))
    assert stops["Nothing answered yet"] == "1"
    assert stops["Which area do you live in?"] == "1"
    assert stops["Have you used a community health hub in the last 12 months?"] == "2"

    change_status(consultation, Status.CLOSED)
    db.session.commit()
    assert 'id="while-open"' not in client_as(app, "analyst").get(f"/staff/results/{SLUG}").text


def test_counts_are_kept_until_a_response_arrives(app):
    add_responses(12, used_hub="yes")
    consultation = find_consultation(SLUG)
    first = services.counts(consultation, None)
    assert services.counts(consultation, None) is first
    add_responses(1, seed=9, used_hub="no")
    again = services.counts(consultation, None)
    assert again is not first and again.total == 13


def test_numbers_are_counted_in_bins(app):
    add_responses(12, visits_per_year=3)
    add_responses(12, seed=2, visits_per_year=27)
    page = client_as(app, "analyst").get(f"/staff/results/{SLUG}").text
    figures = cells(page, "visits_per_year")
    shown = {label: value for label, value in figures.items() if value[0] != "0"}
    assert shown == {"0 to 4": ("12", "50%"), "25 to 29": ("12", "50%")}


def test_a_draft_consultation_has_no_results_yet(app):
    consultation = find_consultation(SLUG)
    consultation.status = Status.DRAFT
    db.session.commit()
    page = client_as(app, "analyst").get(f"/staff/results/{SLUG}")
    assert page.status_code == 200 and "nobody has answered it yet" in page.text


def test_no_share_is_given_over_a_hidden_number_answered(app):
    """A multiple choice's group answered 36 is hidden to protect the 7 outside every group; 34 of them
    ticked one option. Showing "34, 94%" would give the 36 back: the share is withheld with it."""
    from types import SimpleNamespace

    from engage.answer_counts import ANSWERED, Counts

    split = Counts()
    for value, group, n in [("a", "north", 7), ("b", "north", 34), ("c", "north", 21),
                            ("a", "", 3), ("b", "", 0), ("c", "", 3)]:
        split.cells[("q", "", value, group)] += n
    split.cells[("q", ANSWERED, "", "north")] = 36
    split.cells[("q", ANSWERED, "", "")] = 7
    split.sizes.update({"north": 36, "": 7})
    overall = Counts()
    for (qid, item, value, _group), n in split.cells.items():
        overall.cells[(qid, item, value, "")] += n
    overall.sizes[""] = 43
    question = SimpleNamespace(id="q", type="multiple_choice")
    options = [("a", "A"), ("b", "B"), ("c", "C")]
    part = services.part_of("q", "", None, options, question, overall, split,
                            (None, "north", "North"), 11)
    assert part.answered is None
    shown = [row for row in part.rows if row.count is not None]
    assert shown and all(row.share is None for row in shown)
    assert all(row.share is None for row in part.rows)
    # The chart shows the count alone, not "0%".
    from engage.results.charts import bar_chart

    with app.test_request_context("/"):
        drawn = str(bar_chart(part, "c", "Chart", False, "not shown"))
    assert "%</text>" not in drawn and ">34</text>" in drawn
