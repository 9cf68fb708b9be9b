"""The questions log: staff ask from the case page their code opens (anonymously unless they choose), officers
answer, and answered questions appear with their dates for every affected member of staff."""

import pytest
from sqlalchemy import select

from engage import ballot
from engage.extensions import db
from engage.models import CaseQuestion, Status
from tests.engage.conftest import csrf_token
from tests.engage.staff_codes import (
    CASE_SLUG,
    OFFICERS_ALLOWED,
    PEOPLE,
    fresh_request_state,
    give_code,
    make_case,
    second_survey,
    sign_in,
)

CASE_PAGE = f"/staff-survey/{CASE_SLUG}"
OFFICER_PAGE = f"/staff/cases/{CASE_SLUG}/questions"


def ask(client, question, named=False):
    page = client.get(CASE_PAGE)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.text), "question": question}
    if named:
        data["named"] = "y"
    return client.post(f"{CASE_PAGE}/questions", data=data)


def stored():
    return list(db.session.scalars(select(CaseQuestion).order_by(CaseQuestion.id)))


def test_a_question_is_anonymous_unless_the_asker_gives_their_name(client, today):
    give_code(client, index=1)
    sent = ask(client, "Will our base move?")
    assert sent.status_code == 302 and sent.location.endswith(f"{CASE_PAGE}#question-sent")
    assert "Your question has been sent" in client.get(CASE_PAGE).text
    assert "Your question has been sent" not in client.get(CASE_PAGE).text  # said once
    assert ask(client, "What about mileage?", named=True).status_code == 302
    anonymous, named = stored()
    assert (anonymous.question, anonymous.asked_by, anonymous.asked_on) == ("Will our base move?", None, today)
    assert named.asked_by == "Person 1"
    assert set(CaseQuestion.__table__.c.keys()) == {"id", "case_id", "question", "asked_by", "asked_on", "answer",
                                                    "answered_on", "answered_by_id"}  # no code, no staff id


@pytest.mark.parametrize("question, message", [("", "Enter your question"),
                                               ("x" * 2001, "2000 characters or fewer"),
                                               ("   ", "Enter your question")])
def test_a_bad_question_is_refused_with_what_was_typed_kept(client, question, message):
    give_code(client)
    response = ask(client, question)
    assert response.status_code == 400 and message in response.text
    assert ("x" * 2001 in response.text) == (len(question) > 2000)
    assert stored() == []


def test_no_questions_once_the_case_has_closed(client):
    case = make_case()
    give_code(client)
    page = client.get(CASE_PAGE)
    ballot.change_case_status(case, Status.CLOSED)
    db.session.commit()
    response = client.post(f"{CASE_PAGE}/questions", data={"csrf_token": csrf_token(page.text), "question": "Why?"})
    assert response.status_code == 410 and "questions can no longer be asked" in response.text
    assert stored() == []
    assert 'id="send-question"' not in client.get(CASE_PAGE).text


@pytest.mark.parametrize("who", PEOPLE)
def test_the_questions_log_is_for_administrators_and_assigned_officers_only(client, who):
    case = make_case()
    db.session.add(CaseQuestion(case_id=case.id, question="Is my job at risk?", asked_by="Person 0",
                                asked_on=__import__("datetime").date(2026, 12, 1)))
    db.session.commit()
    question = stored()[0]
    sign_in(client, who, case)
    page = client.get(OFFICER_PAGE)
    token = csrf_token(client.get("/staff-survey").text)
    fresh_request_state()
    answered = client.post(f"{OFFICER_PAGE}/{question.id}", data={"csrf_token": token, "answer": "No."})
    db.session.refresh(question)
    if who == "anonymous":
        assert page.status_code == 302 and "/staff/sign-in" in page.location
        assert answered.status_code == 302 and "/staff/sign-in" in answered.location
        assert question.answer is None
    elif who in OFFICERS_ALLOWED:
        assert page.status_code == 200 and "Is my job at risk?" in page.text and "Asked by Person 0" in page.text
        assert answered.status_code == 302 and question.answer == "No."
    else:
        assert page.status_code == 403 and answered.status_code == 403 and question.answer is None


def test_answered_questions_appear_with_dates_for_every_affected_member_of_staff(app, today):
    asker, reader, officer = app.test_client(), app.test_client(), app.test_client()
    give_code(asker, index=0)
    ask(asker, "Will our base move?", named=True)
    ask(asker, "Is there parking?")
    sign_in(officer, "workforce_assigned")
    page = officer.get(OFFICER_PAGE)
    waiting = stored()
    assert "Not answered" in page.text and "Asked anonymously" in page.text
    answered = officer.post(f"{OFFICER_PAGE}/{waiting[0].id}",
                            data={"csrf_token": csrf_token(page.text), "answer": "No: every base stays."})
    assert answered.status_code == 302
    fresh_request_state()
    give_code(reader, index=2)
    faq = reader.get(CASE_PAGE).text
    assert "Will our base move?" in faq and "No: every base stays." in faq
    assert "Is there parking?" not in faq  # not answered yet
    assert "Person 0" not in faq and "Person 1" not in faq and "person2@" not in faq  # nobody's name or list
    assert f"answered on {today.day}" in faq.replace("\xa0", " ")


def test_an_empty_answer_is_refused_and_a_question_of_another_case_is_not_found(client):
    case = make_case()
    other = make_case(slug="estates-restructure", survey_slug=second_survey().slug)
    for owner in (case, other):
        db.session.add(CaseQuestion(case_id=owner.id, question=f"About {owner.slug}?",
                                    asked_on=__import__("datetime").date(2026, 12, 1)))
    db.session.commit()
    mine, theirs = stored()
    sign_in(client, "workforce_assigned", case)
    page = client.get(OFFICER_PAGE)
    empty = client.post(f"{OFFICER_PAGE}/{mine.id}", data={"csrf_token": csrf_token(page.text), "answer": " "})
    assert empty.status_code == 400 and "Enter the answer" in empty.text and f"#answer-{mine.id}" in empty.text
    assert client.post(f"{OFFICER_PAGE}/{theirs.id}", data={"csrf_token": csrf_token(page.text),
                                                          "answer": "Yes"}).status_code == 404
    assert client.get(f"/staff/cases/{other.slug}/questions").status_code == 403
    assert all(q.answer is None for q in stored())
