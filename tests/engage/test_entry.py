"""Staff enter paper, phone and assisted responses on a respondent's behalf."""

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import event, func, select

from engage.accounts.services import create_user
from engage.answering.counts import response_counts
from engage.answering.entry import start_entry as start_entry_service
from engage.answering.services import start_draft, submit
from engage.extensions import db
from engage.models import Channel, Consultation, Draft, Response, Status, SurveyVersion
from tests.engage.conftest import csrf_token
from tests.engage.journey import SLUG, answer, skip_optional_pages, walk_used_hub
from tests.engage.journey import submit as submit_page

PASSWORD = "a long enough password"
ENTER = f"/staff/consultations/{SLUG}/enter-response"
STAFF_SLUG = "integrated-neighbourhood-teams-staff"


def sign_in_as(client, role):
    create_user(f"{role}@example.org", role.replace("_", " ").title(), role, PASSWORD)
    db.session.commit()
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.text),
                                                   "email": f"{role}@example.org", "password": PASSWORD})
    assert response.status_code == 302


def new_request_state():
    """Forget what ``g`` kept from earlier requests, as a server would.

    The tests share one app context across requests (a server gives each request its own), so
    the signed-in user, the CSRF token and the sign-in's "CSRF already checked" mark would otherwise
    carry over from one browser to another.
    """
    g.pop("csrf_valid", None)
    g.pop("csrf_token", None)
    g.pop("_login_user", None)


def start_entry(client, channel="paper", language="ur", url=ENTER):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_token(page.text), "channel": channel, "language": language})


def test_officer_enters_a_paper_response_in_another_language(client):
    sign_in_as(client, "engagement_officer")
    home = client.get("/staff/")
    assert ENTER in home.text and "Enter a response" in home.text
    started = start_entry(client, channel="paper", language="ur")
    assert started.status_code == 302 and "/questions/" in started.location

    page = client.get(started.location)
    assert "You are entering a response from a paper form" in page.text
    assert '<span lang="ur" dir="rtl">اردو</span> (<span lang="en" dir="ltr">Urdu</span>)' in page.text
    steps = [("where", {"ward": "Sale Moor"}), ("used", {"used_hub": "no"})]
    for page_id, data in steps:
        response = answer(client, page_id, data)
        assert response.status_code == 302, page_id
    location = skip_optional_pages(client, response.location)
    check = client.get(location)
    assert "You are entering a response from a paper form" in check.text
    assert "Now send the response" in check.text and "By sending your answers you agree" not in check.text
    sent = client.post(location, data={"csrf_token": csrf_token(check.text)})
    assert sent.status_code == 302 and sent.location.endswith(f"/staff/consultations/{SLUG}/entered")

    stored = db.session.scalar(select(Response))
    # Entered in English pages, recorded as the paper form's language.
    assert stored.channel is Channel.PAPER and stored.language == "ur"
    assert {a.question_id: a.value for a in stored.answers}["ward"] == "Sale Moor"
    entered = client.get(sent.location)
    assert stored.reference in entered.text and "Enter another response" in entered.text
    assert "paper 1" in client.get("/staff/").text


def test_online_answers_still_take_the_language_they_are_given_in(client):
    walk_used_hub(client)
    client.get("/?lang=pl")
    answer(client, "improve", {"one_thing": "Dziękuję"})
    submit_page(client)
    stored = db.session.scalar(select(Response))
    assert stored.channel is Channel.ONLINE and stored.language == "pl"


def test_phone_entry_of_a_staff_survey_keeps_the_channel_and_only_the_day(client):
    sign_in_as(client, "workforce_officer")
    started = start_entry(client, channel="phone", language="en",
                          url=f"/staff/consultations/{STAFF_SLUG}/enter-response")
    assert started.status_code == 302
    draft = db.session.scalar(select(Draft))
    assert draft.channel is Channel.PHONE
    assert (draft.started_at.hour, draft.started_at.minute) == (0, 0)


def test_missing_and_tampered_choices_are_refused_and_kept(client):
    sign_in_as(client, "engagement_officer")
    missing = start_entry(client, channel="", language="pl")
    assert missing.status_code == 400
    assert "Select how the response was given" in missing.text
    assert '<option value="pl" selected>' in missing.text  # the language chosen is still chosen
    tampered = start_entry(client, channel="online", language="xx")
    assert tampered.status_code == 400
    assert "Select how the response was given" in tampered.text
    assert "Select the language of the response from the list" in tampered.text
    kept = start_entry(client, channel="phone", language="xx")
    assert 'value="phone" checked' in kept.text
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_stale_csrf_token_is_explained_and_starts_nothing(client):
    sign_in_as(client, "engagement_officer")
    new_request_state()
    response = client.post(ENTER, data={"csrf_token": "stale", "channel": "paper", "language": "en"})
    assert response.status_code == 400
    assert "The page was out of date" in response.text and 'value="paper" checked' in response.text
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_roles_enter_only_their_own_audiences(client):
    sign_in_as(client, "workforce_officer")
    assert client.get(ENTER).status_code == 403
    assert ENTER not in client.get("/staff/").text
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").text)})
    sign_in_as(client, "analyst")
    refused = client.get(f"/staff/consultations/{STAFF_SLUG}/enter-response")
    assert refused.status_code == 403 and "Your role does not include this" in refused.text
    assert "There are no consultations whose responses your role enters" in client.get("/staff/").text


def test_entry_needs_sign_in_and_a_published_consultation(client):
    assert client.get(ENTER).status_code == 302  # to sign-in
    sign_in_as(client, "administrator")
    assert client.get("/staff/consultations/no-such-thing/enter-response").status_code == 404
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    consultation.status = Status.DRAFT
    db.session.commit()
    assert client.get(ENTER).status_code == 404
    consultation.status = Status.FEEDBACK_PUBLISHED
    db.session.commit()
    assert client.get(ENTER).status_code == 410
    assert ENTER not in client.get("/staff/").text
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_paper_forms_can_be_entered_after_the_closing_date_until_the_consultation_is_closed(client, today):
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    consultation.closes_on = today - timedelta(days=3)
    db.session.commit()
    assert client.get(f"/consultations/{SLUG}").status_code == 410  # closed to online answers
    sign_in_as(client, "engagement_officer")
    home = client.get("/staff/")
    assert ENTER in home.text and "Past its closing date" in home.text
    started = start_entry(client, channel="paper", language="en")
    assert started.status_code == 302
    response = answer(client, "where", {"ward": "Hale"})
    assert response.status_code == 302
    response = answer(client, "used", {"used_hub": "no"})
    location = skip_optional_pages(client, response.location)
    sent = client.post(location, data={"csrf_token": csrf_token(client.get(location).text)})
    assert sent.location.endswith("/entered")
    assert db.session.scalar(select(Response)).channel is Channel.PAPER


def close(slug):
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    consultation.status = Status.CLOSED
    db.session.commit()
    return consultation


@pytest.mark.parametrize(("role", "slug"), [("workforce_officer", STAFF_SLUG), ("engagement_officer", SLUG)])
def test_a_closed_consultation_takes_no_entered_responses(client, role, slug):
    """Closed is closed on every channel: no new entry, and an entry under way cannot go on or be sent."""
    url = f"/staff/consultations/{slug}/enter-response"
    sign_in_as(client, role)
    started = start_entry(client, channel="paper", language="en", url=url)
    assert started.status_code == 302
    question = client.get(started.location)
    close(slug)
    refused = client.get(url)
    assert refused.status_code == 410 and "It is not taking answers any more" in refused.text
    home = client.get("/staff/").text
    assert url not in home and "Closed" in home  # still listed, for its feedback's due date, but no entry
    again = client.post(url, data={"csrf_token": csrf_token(question.text), "channel": "paper", "language": "en"})
    assert again.status_code == 410
    assert client.get(started.location).status_code == 410
    posted = client.post(started.location, data={"csrf_token": csrf_token(question.text), "action": "continue"})
    assert posted.status_code == 410
    assert client.get(f"/consultations/{slug}/check-answers").status_code == 410
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 1  # only the one started while open


def test_reopening_a_closed_staff_survey_lets_entry_go_on_and_is_in_its_history(client):
    from engage.consultations.services import change_status
    from engage.models import ConsultationEvent

    consultation = close(STAFF_SLUG)
    sign_in_as(client, "administrator")
    url = f"/staff/consultations/{STAFF_SLUG}/enter-response"
    assert client.get(url).status_code == 410
    change_status(consultation, Status.OPEN, actor=None)
    db.session.commit()
    assert client.get(url).status_code == 200
    events = db.session.scalars(select(ConsultationEvent).where(ConsultationEvent.consultation_id == consultation.id))
    assert {"from": "closed", "to": "open"} in [event.details for event in events]


def test_staff_survey_channel_counts_are_hidden_while_a_channel_is_small(app):
    staff = db.session.scalar(select(Consultation).where(Consultation.slug == STAFF_SLUG))
    residents = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    for consultation, channel, n in ((staff, Channel.ONLINE, 12), (staff, Channel.PAPER, 2),
                                     (residents, Channel.PHONE, 1)):
        for _ in range(n):
            submit(start_draft(consultation, "en", channel))
    counts = response_counts([staff, residents], min_group_size=11)
    assert counts[staff.id] == {"total": 14, "by_channel": None, "entered": None}
    assert counts[residents.id]["total"] == 1 and counts[residents.id]["by_channel"][Channel.PHONE] == 1
    for _ in range(9):
        submit(start_draft(staff, "en", Channel.PAPER))
    shown = response_counts([staff], min_group_size=11)[staff.id]["by_channel"]
    assert shown[Channel.PAPER] == 11 and shown[Channel.ONLINE] == 12


def test_entry_service_refuses_the_online_channel(app):
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    user = create_user("officer@example.org", "Officer", "engagement_officer", PASSWORD)
    with pytest.raises(ValueError, match="paper, phone or assisted"):
        start_entry_service(consultation, "en", Channel.ONLINE, user)


def _add_copies(n):
    original = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    for i in range(n):
        copy = Consultation(
            slug=f"copy-{i}", title=original.title, summary=original.summary,
            can_influence=original.can_influence, cannot_influence=original.cannot_influence,
            privacy_notice=original.privacy_notice, rung=original.rung, audience=original.audience,
            neighbourhoods=[], status=original.status, opens_on=original.opens_on, closes_on=original.closes_on)
        copy.versions.append(SurveyVersion(number=1, definition=original.current_version.definition))
        db.session.add(copy)
    db.session.commit()


def test_staff_home_queries_do_not_grow_with_the_consultations_listed(client):
    sign_in_as(client, "administrator")
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def fresh_request():
        new_request_state()
        db.session.remove()
        statements.clear()

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        fresh_request()
        assert client.get("/staff/").status_code == 200
        few = len(statements)
        _add_copies(5)
        fresh_request()
        home = client.get("/staff/")
        assert home.status_code == 200 and home.text.count("/enter-response") >= 7
        assert len(statements) == few
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
