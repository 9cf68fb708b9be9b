"""Affected staff answer their case's survey only with a valid, unused single-use code, entered at /staff-survey."""

import pytest
from sqlalchemy import func, select

from engage import ballot
from engage.extensions import db
from engage.models import Draft, Response, Status
from engage.models.base import utcnow
from tests.engage.conftest import csrf_token
from tests.engage.staff_codes import (
    CASE_SLUG,
    PEOPLE,
    STAFF,
    answer_staff_survey,
    give_code,
    issue,
    make_case,
    second_survey,
    send_staff_survey,
    sign_in,
)

CASE_PAGE = f"/staff-survey/{CASE_SLUG}"


def responses():
    return db.session.scalar(select(func.count()).select_from(Response))


def enter(client, code):
    page = client.get("/staff-survey")
    assert page.status_code == 200
    return client.post("/staff-survey", data={"csrf_token": csrf_token(page.text), "code": code})


@pytest.mark.parametrize("typed", ["as is", "lower case", "no dashes", "spaces"])
def test_a_code_opens_the_case_page_typed_any_way(client, typed):
    code = issue(make_case())
    typed = {"as is": code, "lower case": code.lower(), "no dashes": code.replace("-", ""),
             "spaces": " " + code.replace("-", " ") + " "}[typed]
    response = enter(client, typed)
    assert response.status_code == 302 and response.location.endswith(CASE_PAGE)
    page = client.get(CASE_PAGE)
    assert page.status_code == 200 and "Neighbourhood teams restructure" in page.text
    assert "Answer the survey" in page.text and f'href="{STAFF}"' in page.text


def test_the_link_in_the_email_opens_the_case_page(client):
    code = issue(make_case())
    response = client.get(f"/staff-survey?code={code.lower()}")
    assert response.status_code == 302 and response.location.endswith(CASE_PAGE)


@pytest.mark.parametrize("who", PEOPLE)
def test_without_a_code_nobody_sees_the_case_page_or_answers_the_staff_survey(client, who):
    make_case()
    sign_in(client, who)
    assert client.get("/staff-survey").status_code == 200  # the code form is for everyone
    for url in (CASE_PAGE, STAFF, f"{STAFF}/questions/consent", f"{STAFF}/check-answers"):
        refused = client.get(url, follow_redirects=True)
        assert refused.request.path == "/staff-survey" and "Staff survey: enter your code" in refused.text, url
    token = csrf_token(client.get("/staff-survey").text)
    started = client.post(STAFF, data={"csrf_token": token})
    assert started.status_code == 302 and started.location.endswith("/staff-survey")
    asked = client.post(f"{CASE_PAGE}/questions", data={"csrf_token": token, "question": "Why?"})
    assert asked.status_code == 302 and asked.location.endswith("/staff-survey")
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


@pytest.mark.parametrize("who", PEOPLE)
def test_with_a_code_anyone_answers_once_and_the_code_is_then_used(client, who):
    make_case()
    sign_in(client, who)
    code = give_code(client)
    answer_staff_survey(client)
    sent = send_staff_survey(client)
    assert sent.status_code == 302 and sent.location.endswith("/confirmation")
    assert client.get(sent.location).status_code == 200
    assert responses() == 1 and ballot.find_code(code).answered
    assert "You have answered the survey" in client.get(CASE_PAGE).text
    again = client.get(STAFF)
    assert again.status_code == 410 and "You have already answered this survey" in again.text
    # The same code in another browser: it opens the case page, never the survey.
    other = client.application.test_client()
    assert other.get(f"/staff-survey?code={code}").status_code == 302
    assert other.get(STAFF).status_code == 410
    assert responses() == 1


def test_one_code_in_two_browsers_sends_one_response(app):
    first, second = app.test_client(), app.test_client()
    code = give_code(first)
    assert second.get(f"/staff-survey?code={code}").status_code == 302
    answer_staff_survey(first, concerns="First browser")
    answer_staff_survey(second, concerns="Second browser")
    assert send_staff_survey(first).status_code == 302
    late = send_staff_survey(second)
    assert late.status_code == 410 and "You have already answered" in late.text
    assert responses() == 1


def test_a_used_code_cannot_send_a_draft_started_before(app):
    client = app.test_client()
    code = give_code(client)
    answer_staff_survey(client)
    assert ballot.mark_answered(ballot.find_code(code).code_hash)
    db.session.commit()
    refused = send_staff_survey(client)
    assert refused.status_code == 410 and responses() == 0


def test_a_wrong_code_is_refused_with_what_was_typed_kept(client):
    make_case()
    response = enter(client, "ABCD-EFGH-JKMN-PQRT")
    assert response.status_code == 400 and "We could not find that code" in response.text
    assert 'value="ABCD-EFGH-JKMN-PQRT"' in response.text
    link = client.get("/staff-survey?code=ABCD-EFGH")
    assert link.status_code == 404 and 'value="ABCD-EFGH"' in link.text
    empty = enter(client, "")
    assert empty.status_code == 400 and "Enter the code you were given" in empty.text


def test_a_replaced_code_stops_working_even_in_the_browser_that_entered_it(client):
    case = make_case()
    old = give_code(client)
    new = issue(case)  # the officer gave a new one
    assert client.get(CASE_PAGE).location.endswith("/staff-survey")
    assert client.get(STAFF).location.endswith("/staff-survey")
    assert enter(client, old).status_code == 400
    assert enter(client, new).status_code == 302


def test_a_code_for_one_case_opens_neither_another_case_nor_its_survey(client):
    make_case()
    other = make_case(slug="estates-restructure", survey_slug=second_survey().slug)
    give_code(client, other)
    assert client.get(f"/staff-survey/{other.slug}").status_code == 200
    assert client.get(CASE_PAGE).location.endswith("/staff-survey")
    assert client.get(STAFF).location.endswith("/staff-survey")
    assert client.get(f"/consultations/{other.consultation.slug}").status_code == 200


def test_codes_expire_when_the_survey_closes(client, today):
    case = make_case()
    give_code(client)
    case.consultation.closes_on = today - __import__("datetime").timedelta(days=1)
    db.session.commit()
    assert client.get(STAFF).status_code == 410
    assert "The survey has closed" in client.get(CASE_PAGE).text
    case.consultation.closes_on = today
    ballot.change_case_status(case, Status.CLOSED)
    db.session.commit()
    closed = client.get(STAFF)
    assert closed.status_code == 410 and "closed" in closed.text
    page = client.get(CASE_PAGE)
    assert page.status_code == 200 and "Answer the survey" not in page.text  # the FAQ can still be read


def test_a_draft_started_before_closing_cannot_be_sent_after(client):
    case = make_case()
    give_code(client)
    answer_staff_survey(client)
    ballot.change_case_status(case, Status.CLOSED)
    db.session.commit()
    assert send_staff_survey(client).status_code == 410
    assert responses() == 0


def test_guessing_codes_is_throttled_and_a_right_code_waits_too(client):
    code = issue(make_case())
    for i in range(30):
        assert client.get(f"/staff-survey?code=ABCD-EFGH-JKMN-{i:04d}").status_code == 404
    refused = enter(client, "ABCD-EFGH-JKMN-PQRT")
    assert refused.status_code == 429 and "tried too many times" in refused.text
    assert 'value="ABCD-EFGH-JKMN-PQRT"' in refused.text
    assert client.get(f"/staff-survey?code={code}").status_code == 429
    assert client.get(CASE_PAGE).location.endswith("/staff-survey")


def test_a_stale_code_form_says_so(client):
    response = client.post("/staff-survey", data={"csrf_token": "stale", "code": "ABCD"})
    assert response.status_code == 400 and "out of date" in response.text and 'value="ABCD"' in response.text


def test_codes_are_stored_only_as_hashes(client):
    code = issue(make_case())
    stored = db.session.execute(select(ballot.StaffCode.__table__)).one()
    assert code not in str(stored) and code.replace("-", "") not in str(stored)
    assert len(code.replace("-", "")) == 16 and set(code.replace("-", "")) <= set(
        "ABCDEFGHJKMNPQRTUVWXYZ2346789")


def test_staff_entering_a_paper_response_need_no_code(client, today):
    """The entry pages stay open to officers who run staff surveys; the ballot box is for online answers."""
    sign_in(client, "workforce_unassigned")
    url = f"{STAFF}/enter-response".replace("/consultations/", "/staff/consultations/")
    page = client.get(url)
    assert page.status_code == 200
    started = client.post(url, data={"csrf_token": csrf_token(page.text), "channel": "paper", "language": "en"})
    assert started.status_code == 302 and "/questions/" in started.location
    assert client.get(started.location).status_code == 200


def test_nothing_stores_when_a_code_was_used(client):
    code = give_code(client)
    answer_staff_survey(client)
    before = utcnow()
    send_staff_survey(client)
    stored = db.session.scalar(select(Response))
    assert stored.submitted_at <= before.replace(hour=23, minute=59) and stored.submitted_at.hour == 0
    assert set(ballot.StaffCode.__table__.c.keys()) == {"case_staff_id", "code_hash", "sent_by", "answered"}
    assert ballot.find_code(code).answered
