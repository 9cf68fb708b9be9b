"""Writing the feedback on a page, and starting "You said" from the agreed themes without losing what was written."""

import pytest

from engage.consultations import feedback
from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import ConsultationEvent, EventKind, Status
from engage.results import services
from tests.engage.conftest import csrf_token
from tests.engage.results_data import SLUG, STAFF_SLUG
from tests.engage.test_feedback import FEEDBACK, close
from tests.engage.test_html import assert_valid_html
from tests.engage.test_results import client_as
from tests.engage.themes_data import STANDARD, answers, finished_run
from tests.engage.workspace_data import add_answers

URL = f"/staff/consultations/{SLUG}/feedback"
QUESTION = "What one thing would make the biggest difference to community health services for you?"


@pytest.fixture(autouse=True)
def _fresh_counts():
    services.forget_cached()


def post(client, url=URL, **fields):
    page = client.get(url)
    data = {"csrf_token": csrf_token(page.text), "we_asked": "", "you_said": "", "we_did": "", **fields}
    return client.post(url, data=data)


def textarea(html, name):
    return html.split(f'name="{name}"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]


def test_the_draft_lists_agreed_themes_with_counts_only_from_the_minimum(app):
    consultation = answers(parking=30, evening=12, gp=5, other=4)
    finished_run(consultation, STANDARD)
    draft = feedback.you_said_draft(consultation, 11)
    # 12 is hidden on the results page (with the 5), so it gets no figure here either
    assert draft == (f"When we asked “{QUESTION}”, most often you told us about: Parking (30 people), "
                     "Evening opening (11 or more people) and GP appointments (fewer than 11 people).")
    assert "Leaflets" not in draft


def test_there_is_no_draft_without_agreed_themes(app):
    consultation = answers(parking=12)
    assert feedback.you_said_draft(consultation, 11) is None
    finished_run(consultation, [("Parking", False, "parking")])
    assert feedback.you_said_draft(consultation, 11) is None


def test_a_staff_surveys_draft_waits_until_it_closes_with_enough_responses(app):
    staff = find_consultation(STAFF_SLUG)
    add_answers(STAFF_SLUG, answers=["Rotas"] * 12, question="concerns")
    finished_run(staff, [("Rotas", True, "Rotas")], question="concerns")
    assert feedback.you_said_draft(staff, 11) is None
    change_status(staff, Status.CLOSED)
    db.session.commit()
    assert "Rotas (12 people)" in feedback.you_said_draft(staff, 11)


def test_start_from_agreed_themes_fills_an_empty_you_said_and_saves_nothing(app):
    consultation = answers(parking=30, evening=12)
    finished_run(consultation, STANDARD)
    client = client_as(app, "engagement_officer")
    page = post(client, we_asked="We asked about hubs.", action="draft")
    assert page.status_code == 200
    assert_valid_html(page.text, "feedback page with a draft")
    assert "Most often" not in textarea(page.text, "you_said") and "most often you told us about: Parking (30 people)" \
        in textarea(page.text, "you_said")
    assert textarea(page.text, "we_asked").strip() == "We asked about hubs."  # kept
    assert 'id="draft-notice"' in page.text and "There is a problem" not in page.text
    db.session.expire_all()
    assert find_consultation(SLUG).feedback is None


def test_start_from_agreed_themes_never_overwrites_what_was_written(app):
    consultation = answers(parking=30)
    finished_run(consultation, STANDARD)
    client = client_as(app, "engagement_officer")
    page = post(client, you_said="Many of you wrote to us about buses.", action="draft")
    written = textarea(page.text, "you_said")
    assert written.startswith("Many of you wrote to us about buses.\n\nWhen we asked")
    assert "added after what you had written" in page.text


def test_start_from_agreed_themes_without_themes_says_so_and_keeps_the_text(app):
    answers(parking=12)
    client = client_as(app, "engagement_officer")
    page = post(client, you_said="My own words", action="draft")
    assert page.status_code == 200 and "no agreed themes to start from yet" in page.text
    assert textarea(page.text, "you_said").strip() == "My own words"


def test_saving_stores_the_english_keeps_unchanged_translations_and_records_it(app, runner, tmp_path):
    from tests.engage.test_feedback import publish

    close(find_consultation(SLUG))
    publish(runner, tmp_path)  # published with Urdu for we_asked and we_did
    client = client_as(app, "engagement_officer")
    form = client.get(URL)
    assert form.status_code == 200 and "shown to everyone straight away" in form.text
    assert textarea(form.text, "we_asked").strip() == FEEDBACK["we_asked"]["en"]
    saved = post(client, we_asked=FEEDBACK["we_asked"]["en"], you_said="You said more buses.",
                 we_did="We changed the buses.\r\n\r\nAnd the times.", action="save")
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/staff/consultations/{SLUG}/")
    db.session.expire_all()
    stored = find_consultation(SLUG).feedback
    assert stored["we_asked"] == FEEDBACK["we_asked"]  # unchanged: its Urdu stays
    assert stored["we_did"] == {"en": "We changed the buses.\n\nAnd the times."}  # changed: the old Urdu goes
    assert stored["you_said"] == {"en": "You said more buses."}
    assert find_consultation(SLUG).status is Status.FEEDBACK_PUBLISHED
    event = db.session.query(ConsultationEvent).order_by(ConsultationEvent.id.desc()).first()
    assert event.kind is EventKind.UPDATED and event.details["changed"] == ["feedback"]
    manage = client.get(f"/staff/consultations/{SLUG}/")
    assert "The feedback was saved." in manage.text and "You said more buses." in manage.text


def test_saving_needs_every_part_and_keeps_what_was_typed(app):
    client = client_as(app, "engagement_officer")
    page = post(client, we_asked="We asked about hubs.", action="save")
    assert page.status_code == 400
    assert "There is a problem" in page.text and "Enter what people said" in page.text
    assert "Enter what you did" in page.text and textarea(page.text, "we_asked").strip() == "We asked about hubs."
    assert find_consultation(SLUG).feedback is None


def test_saving_does_not_publish(app):
    close(find_consultation(SLUG))
    client = client_as(app, "engagement_officer")
    assert "Saving does not publish it" in client.get(URL).text
    post(client, we_asked="a", you_said="b", we_did="c", action="save")
    db.session.expire_all()
    assert find_consultation(SLUG).status is Status.CLOSED and find_consultation(SLUG).feedback["we_did"] == {"en": "c"}


@pytest.mark.parametrize(("role", "status"), [("administrator", 200), ("engagement_officer", 200),
                                              ("analyst", 403), ("workforce_officer", 403)])
def test_the_feedback_page_is_for_those_who_run_the_consultation(app, role, status):
    client = client_as(app, role)
    assert client.get(URL).status_code == status
    assert client.get("/staff/consultations/no-such-consultation/feedback").status_code == 404


def test_anonymous_people_are_sent_to_sign_in_from_the_feedback_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_a_stale_form_changes_nothing(app):
    client = client_as(app, "engagement_officer")
    page = client.post(URL, data={"we_asked": "a", "you_said": "b", "we_did": "c", "action": "save"})
    assert page.status_code == 400 and "out of date" in page.text
    assert find_consultation(SLUG).feedback is None


def test_too_long_a_part_is_refused_on_the_page_with_the_text_kept(app):
    client = client_as(app, "engagement_officer")
    page = post(client, we_asked="a", you_said="x" * 20001, we_did="c", action="save")
    assert page.status_code == 400 and "Write at most 20,000 characters" in page.text
    assert len(textarea(page.text, "you_said").strip()) == 20001
    assert find_consultation(SLUG).feedback is None
