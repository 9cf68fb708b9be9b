"""The answer browser's neighbourhood and equality filters, and a theme broken down by group, never showing
a group smaller than the minimum or a count that would let someone work one out."""

import copy
import json

import pytest
from sqlalchemy import select

from engage.access import find_consultation
from engage.answering.services import start_draft, submit
from engage.consultations.services import import_consultation
from engage.demo import DEMO_DIR, dated
from engage.extensions import db
from engage.groups import group_filters, split_for, theme_breakdown
from engage.models import (
    AnalysedAnswer,
    AnalysisRun,
    Answer,
    Channel,
    Consultation,
    ResponseAuditEvent,
    Role,
    RunStatus,
    Status,
    Theme,
    ThemeAssignment,
)
from engage.models.base import utcnow
from engage.workspace import browse
from tests.engage.test_entry import sign_in_as
from tests.engage.workspace_data import SLUG

# (ward, theme, text, how many): North is Longford, South is Hale, West is Urmston; None: no ward given.
PEOPLE = [
    ("Longford", "Parking", "There is never enough parking near the clinic", 20),
    ("Longford", "Evening", "Open in the evening please", 10),
    ("Hale", "Parking", "The car park is full", 15),
    ("Hale", "Evening", "Evening hours would help", 10),
    ("Urmston", "Parking", "Parking near the clinic is hard", 5),
    (None, "Evening", "Evening opening would be good", 12),
]


def hand_run(consultation, rows, question="one_thing"):
    """A finished run built by hand: ``rows`` of (answers, theme label or None), every answer analysed."""
    run = AnalysisRun(consultation_id=consultation.id, question_ids=[question], status=RunStatus.FINISHED)
    db.session.add(run)
    db.session.flush()
    themes = {}
    for answers, label in rows:
        draft = start_draft(consultation, "en", Channel.ONLINE)
        draft.answers = answers
        response = submit(draft)
        answer = db.session.scalar(select(Answer).where(Answer.response_id == response.id,
                                                        Answer.question_id == question))
        db.session.add(AnalysedAnswer(run_id=run.id, answer_id=answer.id, language="en", position="neutral"))
        if label:
            if label not in themes:
                themes[label] = Theme(run_id=run.id, label=label, position=len(themes))
                db.session.add(themes[label])
            db.session.add(ThemeAssignment(theme=themes[label], answer_id=answer.id))
    db.session.commit()
    return db.session.get(AnalysisRun, run.id)


def resident_rows():
    rows, k = [], 0
    for ward, label, text, n in PEOPLE:
        for i in range(n):
            answers = {"used_hub": "no", "one_thing": f"{text} {i}", "eq_sex": ("female", "male")[k % 2]}
            if ward:
                answers["ward"] = ward
            rows.append((answers, label))
            k += 1
    return rows


@pytest.fixture
def run(app):
    return hand_run(find_consultation(SLUG), resident_rows())


def themed(run, label):
    return next(t for t in run.themes if t.label == label)


def listed(client, run, **query):
    return client.get(f"/staff/analysis/runs/{run.id}/answers", query_string=query)


def test_group_filters_come_from_the_consultations_questions(run, app):
    with app.test_request_context():
        keys = [f.key for f in group_filters(run.consultation, "en", lambda text, **kw: text)]
    assert keys[0] == "neighbourhood" and "eq_sex" in keys and "eq_ethnic_group" in keys
    assert "eq_ethnic_asian" not in keys  # a follow-up question splits groups that are small already


def test_each_group_filter_narrows_the_answers(run, client):
    sign_in_as(client, "analyst")
    page = listed(client, run)
    assert "72 answers match." in page.text and 'id="neighbourhood"' in page.text and 'id="eq_sex"' in page.text
    north = listed(client, run, neighbourhood="North")
    assert north.status_code == 200 and "30 answers match." in north.text
    assert "near the clinic" in north.text and "car park is full" not in north.text
    assert "25 answers match." in listed(client, run, neighbourhood="South").text
    assert "36 answers match." in listed(client, run, eq_sex="female").text
    # With a theme, a search or another filter.
    both = listed(client, run, neighbourhood="North", theme=themed(run, "Parking").id)
    assert "20 answers match." in both.text and "Open in the evening" not in both.text
    assert "15 answers match." in listed(client, run, neighbourhood="South", search="car park").text
    assert "15 answers match." in listed(client, run, neighbourhood="South", theme=themed(run, "Parking").id,
                                         sentiment="neutral").text
    assert "36 answers match." in listed(client, run, eq_sex="male", neighbourhood="", search="").text


def test_the_group_stays_in_the_pages_links(run, client):
    sign_in_as(client, "analyst")
    page = listed(client, run, neighbourhood="North")
    links = page.text[page.text.index('class="govuk-pagination'):]
    assert "page=2" in links and "neighbourhood=North" in links
    assert 'value="North" selected' in page.text
    second = listed(client, run, neighbourhood="North", page="2")
    assert second.status_code == 200 and "30 answers match." in second.text


def test_a_group_under_the_minimum_is_refused_with_the_filters_kept(run, client, app):
    sign_in_as(client, "analyst")
    west = listed(client, run, neighbourhood="West")
    assert west.status_code == 200 and 'id="withheld"' in west.text and "fewer than 11 responses" in west.text
    assert "answers match" not in west.text and "near the clinic" not in west.text
    assert 'value="West" selected' in west.text
    assert 'id="withheld"' in listed(client, run, neighbourhood="Central").text  # nobody there: no group to show
    # Evening answers in the North are 10 people: listing them would show a cell the breakdown hides.
    narrow = listed(client, run, neighbourhood="North", theme=themed(run, "Evening").id)
    assert 'id="withheld"' in narrow.text and "answers match" not in narrow.text
    assert "Choose fewer filters" in narrow.text and "Open in the evening" not in narrow.text
    # "clinic" finds 20 in the North and 5 in the West: the list without the group, less the list with it,
    # would show the 5, so the North is refused too.
    rest = listed(client, run, neighbourhood="North", search="clinic")
    assert 'id="withheld"' in rest.text and "answers match" not in rest.text
    # The minimum is the configured one.
    app.config["MIN_GROUP_SIZE"] = 31
    assert 'id="withheld"' in listed(client, run, neighbourhood="North").text
    app.config["MIN_GROUP_SIZE"] = 11


def test_the_refusal_is_on_an_arabic_page_too(run, client):
    sign_in_as(client, "analyst")
    client.get("/", query_string={"lang": "ar"})
    arabic = listed(client, run, neighbourhood="West")
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.text and 'id="withheld"' in arabic.text
    assert "answers match" not in arabic.text


def test_unknown_groups_values_and_combinations_are_explained(run, client):
    sign_in_as(client, "analyst")
    for bad, message in (({"neighbourhood": "Atlantis"}, "Select a value of “Neighbourhood” from the list"),
                         ({"eq_sex": "x" * 500}, "from the list"),
                         ({"eq_bogus": "1"}, "These answers cannot be filtered that way"),
                         ({"eq_ethnic_asian": "indian"}, "These answers cannot be filtered that way"),
                         ({"neighbourhood": "North", "eq_sex": "female"}, "Filter by one group at a time")):
        page = listed(client, run, **bad)
        assert page.status_code == 400 and "There is a problem" in page.text, bad
        assert message in page.text, bad
    kept = listed(client, run, neighbourhood="North", eq_sex="female")
    assert 'value="North" selected' in kept.text and 'value="female" selected' in kept.text


def test_service_refuses_without_listing_or_counting(run, app):
    with app.test_request_context():
        groups = group_filters(run.consultation, "en", lambda text, **kw: text)
    filters = browse.read_filters({"neighbourhood": "West"}, run, groups)
    assert filters.group == ("neighbourhood", "West") and not filters.problems
    found, total = browse.browse(run, filters, None, 11)
    assert (found, total, filters.refused) == ([], None, "group")
    filters = browse.read_filters({"eq_sex": "female", "theme": str(themed(run, "Parking").id)}, run, groups)
    found, total = browse.browse(run, filters, _Analyst(), 11)
    assert (total, len(found), filters.refused) == (20, 20, "")


class _Analyst:
    role = Role.ANALYST


# -- the theme broken down by group -----------------------------------------------------------------------------
def test_breakdown_counts_in_the_database_and_protects_a_cell_that_subtraction_would_reveal(run):
    parking = themed(run, "Parking")
    options = [("North", "North"), ("Central", "Central"), ("South", "South"), ("West", "West")]
    rows = {row.group: row for row in theme_breakdown(parking, split_for(run.consultation, "neighbourhood"),
                                                       options, "None", 11)}
    assert list(rows) == ["North", "Central", "South", "West", ""]
    truth = {"North": (20, 30), "Central": (0, 0), "South": (15, 25), "West": (5, 5), "": (0, 12)}
    for group, (in_theme, responses) in truth.items():
        assert rows[group].in_theme in (None, in_theme) and rows[group].responses in (None, responses), group
        if rows[group].share is not None:
            assert rows[group].share == pytest.approx(in_theme / responses)
    assert rows["North"].responses == 30 and rows["Central"].in_theme == 0
    # The West's 5 are hidden, and so is another count of the theme: the theme's 40 (on the page) less the
    # counts shown would otherwise give the 5.
    assert rows["West"].in_theme is None and rows["West"].responses is None and rows["West"].share is None
    assert len([row for row in rows.values() if row.in_theme is None]) >= 2
    assert 40 - sum(row.in_theme for row in rows.values() if row.in_theme is not None) >= 11
    # The hidden column's group size cannot be worked out either: the run's 72 less the sizes shown.
    assert 72 - sum(row.responses for row in rows.values() if row.responses is not None) >= 11


def test_breakdown_with_no_small_group_hides_nothing(run):
    evening = themed(run, "Evening")
    options = [("female", "Female"), ("male", "Male")]
    rows = theme_breakdown(evening, split_for(run.consultation, "eq_sex"), options, "None", 11)
    assert [(r.group, r.in_theme, r.responses) for r in rows] == [("female", 16, 36), ("male", 16, 36), ("", 0, 0)]


def test_the_theme_page_shows_the_chosen_breakdowns(run, client):
    sign_in_as(client, "analyst")
    parking = themed(run, "Parking")
    url = f"/staff/analysis/themes/{parking.id}"
    plain = client.get(url)
    assert plain.status_code == 200 and 'name="by"' in plain.text and "engage-breakdown" not in plain.text
    page = client.get(url, query_string={"by": ["neighbourhood", "eq_sex"]})
    assert page.status_code == 200 and page.text.count('class="govuk-table engage-breakdown"') == 2
    table = page.text.split('id="breakdown-neighbourhood"')[1].split("</table>")[0]
    assert "govuk-table__header--numeric" in table and "<caption" in table
    west = table.split("West</th>")[1].split("</tr>")[0]
    assert "5" not in west and west.count("not shown") == 3
    north = table.split("North</th>")[1].split("</tr>")[0]
    assert ">30<" in north
    central = table.split("Central</th>")[1].split("</tr>")[0]
    assert "no one" in central and "not shown" not in central  # nobody there: nothing hidden, no share
    female = page.text.split('id="breakdown-eq_sex"')[1].split("</table>")[0].split("Female</th>")[1]
    assert ">20<" in female.split("</tr>")[0] and ">36<" in female and "56%" in female
    for bad in ({"by": "eq_bogus"}, {"by": ["neighbourhood", "<b>"]}):
        refused = client.get(url, query_string=bad)
        assert refused.status_code == 400 and "Choose groups from the list" in refused.text


# -- staff surveys (a ballot box) -------------------------------------------------------------------------------
@pytest.fixture
def staff_run(app):
    document = json.loads((DEMO_DIR / "02_staff_new_ways_of_working.json").read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    document["consultation"]["slug"] = "staff-survey-with-equality-questions"
    document["append_equality_questions"] = True
    consultation = import_consultation(dated(document, utcnow().date())).consultation
    db.session.commit()
    rows = [({"staff_group": "nursing", "concerns": f"Travel between sites {i}", "eq_sex": "female"}, "Travel")
            for i in range(14)]
    rows += [({"staff_group": "nursing", "concerns": f"Parking at the base {i}", "eq_sex": "male"}, "Parking")
             for i in range(4)]
    run = hand_run(consultation, rows, question="concerns")
    consultation.status = Status.CLOSED
    db.session.commit()
    return run


def test_staff_survey_groups_below_the_minimum_are_never_looked_into(staff_run, client):
    assert db.session.get(Consultation, staff_run.consultation_id).audience.value == "staff"
    sign_in_as(client, "administrator")
    url = f"/staff/analysis/runs/{staff_run.id}/answers"
    page = client.get(url)
    assert "18 answers match." in page.text and 'name="channel"' not in page.text and 'id="eq_sex"' in page.text
    # 4 men, so everyone else is 14: each side of the split is looked at, and the men are too few.
    for sex in ("male", "female"):
        refused = client.get(url, query_string={"eq_sex": sex})
        assert refused.status_code == 200 and 'id="withheld"' in refused.text, sex
        assert "answers match" not in refused.text and "Parking at the base" not in refused.text
    assert client.get(url, query_string={"channel": "online", "eq_sex": "male"}).status_code == 400
    travel = next(t for t in staff_run.themes if t.label == "Travel")
    table = client.get(f"/staff/analysis/themes/{travel.id}", query_string={"by": "eq_sex"}).text
    table = table.split('id="breakdown-eq_sex"')[1].split("</table>")[0]
    assert ">14<" not in table and ">4<" not in table and "not shown" in table
    assert db.session.scalar(select(ResponseAuditEvent)) is None  # staff answers are never shown whole
