"""Every bad input gets a clear message in the respondent's language and loses nothing."""

from datetime import timedelta

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Consultation, Draft, Response, Status
from tests.engage.conftest import csrf_token
from tests.engage.journey import BASE, answer, page_url, start, walk_used_hub
from tests.engage.staff_codes import give_code

STAFF = "/consultations/integrated-neighbourhood-teams-staff"


def draft_answers():
    return db.session.scalar(select(Draft)).answers


def test_answer_too_long_states_the_limit_and_keeps_the_text(client):
    start(client)
    text = "x" * 2001
    response = answer(client, "improve", {"one_thing": text})
    assert response.status_code == 400
    assert "2,000 characters or fewer" in response.text
    assert text in response.text
    assert draft_answers().get("one_thing") in (None, "")


def test_tampered_choice_value_is_refused(client):
    start(client)
    response = answer(client, "used", {"used_hub": "maybe<script>"})
    assert response.status_code == 400
    assert "Select an option from the list" in response.text or "Select" in response.text
    assert "maybe<script>" not in response.text
    assert "used_hub" not in draft_answers()


def test_tampered_multiple_choice_value_is_refused(client):
    start(client)
    answer(client, "used", {"used_hub": "yes"})
    response = answer(client, "services", {"services_used": ["nurse", "surgery"]})
    assert response.status_code == 400
    assert 'value="nurse" checked' in response.text


def test_date_that_does_not_exist(client):
    give_code(client)
    page = client.get(STAFF)
    start_response = client.post(STAFF, data={"csrf_token": csrf_token(page.text)})
    assert start_response.status_code == 302
    url = f"{STAFF}/questions/start"
    page = client.get(url)
    response = client.post(url, data={"csrf_token": csrf_token(page.text), "earliest_start-day": "31",
                                      "earliest_start-month": "2", "earliest_start-year": "2027"})
    assert response.status_code == 400
    assert "real date" in response.text
    assert 'value="31"' in response.text and 'value="2027"' in response.text


def test_number_out_of_range_and_not_a_number(client):
    start(client)
    response = answer(client, "visits", {"visits_per_year": "400"})
    assert response.status_code == 400
    assert "between 0 and 365" in response.text
    assert 'value="400"' in response.text
    words = answer(client, "visits", {"visits_per_year": "lots"})
    assert words.status_code == 400 and 'value="lots"' in words.text


def test_missing_csrf_token_explains_and_keeps_the_answers(client):
    start(client)
    client.get(page_url("improve"))
    response = client.post(page_url("improve"), data={"one_thing": "More evening clinics please"})
    assert response.status_code == 400
    assert "nothing was saved" in response.text
    assert "More evening clinics please" in response.text
    assert "one_thing" not in draft_answers()


def test_stale_csrf_token_explains_and_keeps_the_answers(client):
    start(client)
    response = client.post(page_url("improve"), data={"csrf_token": "IjAwMDAi.stale.token",
                                                      "one_thing": "Bus route 263"})
    assert response.status_code == 400
    assert "nothing was saved" in response.text and "Bus route 263" in response.text


def test_error_messages_are_in_the_respondents_language(client):
    start(client, lang="pl")
    response = answer(client, "visits", {"visits_per_year": "400"})
    assert response.status_code == 400
    assert 'lang="pl"' in response.text
    assert "There is a problem" not in response.text  # the summary title is translated
    assert 'value="400"' in response.text


def test_closed_consultation_explains_and_stores_nothing(client, today):
    start(client)
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == "community-health-hubs"))
    consultation.closes_on = today - timedelta(days=1)
    db.session.commit()
    page = client.get(page_url("improve"))
    assert page.status_code == 410 and "closed on" in page.text
    response = client.post(page_url("improve"), data={"one_thing": "late answer"})
    assert response.status_code == 410
    assert "one_thing" not in draft_answers()
    assert client.post(f"{BASE}/check-answers").status_code == 410
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_consultation_closing_before_submit_stores_nothing(client, today):
    walk_used_hub(client)
    page = client.get(f"{BASE}/check-answers")
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == "community-health-hubs"))
    consultation.status = Status.CLOSED
    db.session.commit()
    response = client.post(f"{BASE}/check-answers", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 410
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_draft_consultation_is_not_public(client):
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == "community-health-hubs"))
    consultation.status = Status.DRAFT
    db.session.commit()
    page = client.get(BASE)
    assert page.status_code == 404
    assert "This consultation is not open yet" in page.text
    assert "Community health hubs" not in page.text  # nothing of the draft is shown
    assert client.post(BASE).status_code == 404
    assert client.post(page_url("improve"), data={"one_thing": "x"}).status_code == 404
    assert "community-health-hubs" not in client.get("/").text
    assert db.session.scalar(select(func.count(Draft.id))) == 0


def test_consultation_put_back_to_draft_hides_a_started_survey(client):
    start(client)
    answer(client, "where", {"ward": "Hale"})
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == "community-health-hubs"))
    consultation.status = Status.DRAFT
    db.session.commit()
    for url in (BASE, page_url("used"), f"{BASE}/check-answers"):
        page = client.get(url)
        assert page.status_code == 404, url
        assert "This consultation is not open yet" in page.text
        assert "Community health hubs" not in page.text


def test_not_yet_open_consultation_is_explained(client, today):
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == "community-health-hubs"))
    consultation.opens_on = today + timedelta(days=3)
    db.session.commit()
    page = client.get(BASE)
    assert page.status_code == 410 and "opens on" in page.text


def test_unknown_language_falls_back_to_english(client):
    response = client.get("/?lang=xx", follow_redirects=True)
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr"' in response.text


def test_right_to_left_languages(client):
    for code in ("ur", "ar"):
        page = client.get(f"/?lang={code}", follow_redirects=True)
        assert f'<html lang="{code}" dir="rtl"' in page.text
    page = client.get("/?lang=pl", follow_redirects=True)
    assert '<html lang="pl" dir="ltr"' in page.text


def test_language_switch_keeps_the_page(client):
    response = client.get(f"{BASE}?lang=ur")
    assert response.status_code == 302 and response.location.endswith(BASE)


def test_accept_language_is_the_first_guess(app):
    client = app.test_client()
    page = client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert '<html lang="pl"' in page.text
    chosen = client.get("/?lang=ar", follow_redirects=True, headers={"Accept-Language": "pl"})
    assert '<html lang="ar"' in chosen.text


def test_untranslated_content_is_marked_as_english(client):
    """Content without a translation falls back to English and says so with lang/dir."""
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == "community-health-hubs"))
    consultation.summary = {"en": "Only in English for now."}
    db.session.commit()
    page = client.get(f"{BASE}?lang=ur", follow_redirects=True)
    assert '<html lang="ur" dir="rtl"' in page.text
    assert '<p class="govuk-body-l" lang="en" dir="ltr">Only in English for now.</p>' in page.text


def test_send_without_a_valid_form_token_stores_nothing_and_says_so(client):
    walk_used_hub(client)
    response = client.post(f"{BASE}/check-answers", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert "The page was out of date, so nothing was changed" in response.text
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert db.session.scalar(select(func.count(Draft.id))) == 1


def test_start_without_a_valid_form_token_starts_nothing(client):
    response = client.post(BASE, data={})
    assert response.status_code == 400
    assert "Press the button again" in response.text
    assert db.session.scalar(select(func.count(Draft.id))) == 0
