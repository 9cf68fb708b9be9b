"""Each consultation keeps its answers for a retention period; then the nightly purge keeps only anonymous counts."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from engage.answering.services import start_draft, submit
from engage.consultations.services import DocumentError, export_consultation, find_consultation, import_consultation
from engage.dates import format_date
from engage.extensions import db
from engage.models import Channel, Response
from engage.models.base import utcnow
from engage.responses.retention import anonymise_expired_answers
from engage.responses.services import parse_reference
from tests.engage.journey import SLUG
from tests.engage.staff_codes import give_code
from tests.engage.test_consultation_documents import write
from tests.engage.test_html import assert_valid_html

STAFF_SLUG = "integrated-neighbourhood-teams-staff"
ANSWERS = {
    "ward": "Sale Moor",
    "used_hub": "yes",
    "services_used": {"choices": ["nurse", "other"], "other": "Podiatry with Dr Jones"},
    "experience": {"0": "agree", "1": "strongly_agree"},
    "priorities": {"evening": 1, "interpreters": 2},
    "visits_per_year": 6,
    "one_thing": "Call me on 07700 900123 about evening appointments.",
    "hear_back": "website",
    "eq_age": "25_34",
    "eq_religion": {"choice": "other", "other": "Pagan"},
}


def answered(slug=SLUG, answers=ANSWERS) -> Response:
    draft = start_draft(find_consultation(slug), "ur", Channel.ONLINE)
    draft.answers = dict(answers)
    response = submit(draft)
    db.session.commit()
    return response


def kept_until(slug, days_from_today: int) -> date:
    """Move the consultation's dates so its answers are kept until ``days_from_today`` days from today."""
    consultation = find_consultation(slug)
    last_day = utcnow().date() + timedelta(days=days_from_today)
    consultation.closes_on = last_day - relativedelta(months=consultation.retention_months)
    consultation.opens_on = consultation.closes_on - timedelta(days=30)
    db.session.commit()
    assert consultation.answers_kept_until == last_day
    return last_day


def test_a_document_sets_the_retention_period_and_24_months_is_the_default(app, runner, tmp_path):
    consultation = find_consultation(SLUG)
    assert consultation.retention_months == 24  # the demo document says so
    doc = export_consultation(consultation)
    assert doc["consultation"]["retention_months"] == 24
    doc["consultation"]["retention_months"] = 36
    changed = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert changed.exit_code == 0 and "changed retention_months" in changed.output
    assert find_consultation(SLUG).answers_kept_until == find_consultation(SLUG).closes_on + relativedelta(months=36)
    new = {**doc, "consultation": {**doc["consultation"], "slug": "no-period-given", "status": "draft"}}
    del new["consultation"]["retention_months"]
    assert import_consultation(new).consultation.retention_months == 24


@pytest.mark.parametrize("months, message", [
    (3, "Consultation: 'retention_months' is 3; it must be at least 6."),
    (121, "Consultation: 'retention_months' is 121; it must be at most 120."),
    ("two years", "Consultation: 'retention_months' should be a whole number, not 'two years'."),
])
def test_a_retention_period_out_of_bounds_is_refused(app, months, message):
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"]["retention_months"] = months
    with pytest.raises(DocumentError) as refused:
        import_consultation(doc)
    assert message in refused.value.errors


def test_the_consultation_page_says_until_when_answers_are_kept_and_how_to_ask_for_them(app, client):
    consultation = find_consultation(SLUG)
    page = client.get(f"/consultations/{SLUG}?lang=en", follow_redirects=True).text
    kept = format_date(consultation.closes_on + relativedelta(months=24), "long")
    assert f"We keep your answers until {kept}." in page
    assert "quote the reference number you will get when you send them" in page
    polish = client.get(f"/consultations/{SLUG}?lang=pl", follow_redirects=True).text
    assert "Przechowujemy Twoje odpowiedzi do" in polish
    give_code(client)
    staff = client.get(f"/consultations/{STAFF_SLUG}?lang=en", follow_redirects=True).text
    assert "We keep your answers until" in staff
    assert "Staff survey answers have no reference number" in staff and "quote the reference number" not in staff


def test_the_privacy_page_promises_what_the_service_does(client):
    page = client.get("/privacy?lang=en", follow_redirects=True).text
    assert "Each consultation's page says until when its answers are kept." in page
    assert "ask us and quote the reference number" in page and "Staff surveys give no reference number" in page
    assert "You can ask to see or delete your answers by quoting your reference number." not in page


def test_a_staff_survey_confirmation_gives_no_reference(app, client):
    response = answered(STAFF_SLUG, {"understand": True, "concerns": "My manager"})
    client.get("/?lang=en")
    with client.session_transaction() as session:
        session["submitted"] = {STAFF_SLUG: response.reference}
    confirmation = client.get(f"/consultations/{STAFF_SLUG}/confirmation")
    assert confirmation.status_code == 200
    assert_valid_html(confirmation.text, "staff confirmation")
    assert response.reference not in confirmation.text
    assert "Staff survey answers have no reference number" in confirmation.text


def test_after_the_retention_period_only_anonymous_closed_answers_are_kept(app, runner):
    response = answered()
    reference, started = response.reference, response.started_at
    kept_until(SLUG, -1)
    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0 and "Anonymised 1 response(s)" in result.output
    db.session.expire_all()
    response = db.session.get(Response, response.id)
    assert {answer.question_id: answer.value for answer in response.answers} == {
        "used_hub": "yes",
        "services_used": {"choices": ["nurse", "other"], "other": ""},
        "experience": {"0": "agree", "1": "strongly_agree"},
        "priorities": {"evening": 1, "interpreters": 2},
        "hear_back": "website",
    }
    assert response.reference != reference and parse_reference(response.reference) is None
    assert response.submission_key != reference and response.anonymised_at is not None
    assert response.started_at == started.replace(hour=0, minute=0, second=0, microsecond=0)
    assert response.submitted_at.hour == response.submitted_at.minute == response.submitted_at.second == 0
    assert response.language == "ur" and response.channel is Channel.ONLINE
    again = runner.invoke(args=["purge-expired"])
    assert "Anonymised 0 response(s)" in again.output


def test_big_consultations_are_anonymised_in_batches(app):
    responses = [answered() for _ in range(5)]
    kept_until(SLUG, -1)
    assert anonymise_expired_answers(utcnow(), batch_size=2) == 5
    db.session.commit()
    assert all(db.session.get(Response, r.id).anonymised_at is not None for r in responses)


def test_answers_are_kept_whole_until_the_last_day_of_the_period(app):
    response = answered()
    staff = answered(STAFF_SLUG, {"understand": True, "concerns": "Rotas"})
    kept_until(SLUG, 0)
    kept_until(STAFF_SLUG, -1)
    assert anonymise_expired_answers(utcnow()) == 1
    db.session.commit()
    assert db.session.get(Response, response.id).anonymised_at is None
    assert len(db.session.get(Response, response.id).answers) == len(ANSWERS)
    anonymised = db.session.get(Response, staff.id)
    assert anonymised.anonymised_at is not None
    assert [(a.question_id, a.value) for a in anonymised.answers] == [("understand", True)]


def test_a_reference_is_not_found_once_its_answers_are_anonymised(app, client):
    from tests.engage.test_response_requests import signed_in

    reference = answered().reference
    kept_until(SLUG, -1)
    anonymise_expired_answers(utcnow())
    db.session.commit()
    signed_in(client)
    page = client.get("/staff/responses/", query_string={"reference": reference})
    assert page.status_code == 404 and "retention period may have ended" in page.text
    assert db.session.scalars(select(Response)).one().anonymised_at is not None


def test_staff_entering_a_staff_survey_response_are_given_no_reference(app, client):
    from tests.engage.test_entry import sign_in_as

    response = answered(STAFF_SLUG, {"understand": True})
    sign_in_as(client, "workforce_officer")
    with client.session_transaction() as session:
        session["submitted"] = {STAFF_SLUG: response.reference}
    entered = client.get(f"/staff/consultations/{STAFF_SLUG}/entered")
    assert entered.status_code == 200 and response.reference not in entered.text
    assert "Staff survey answers have no reference number, so nobody can find these answers" in entered.text
    assert_valid_html(entered.text, "staff survey response entered")


def test_the_staff_who_run_a_consultation_see_until_when_its_answers_are_kept(app, client):
    from tests.engage.test_entry import sign_in_as

    sign_in_as(client, "engagement_officer")
    client.get("/?lang=en")
    page = client.get(f"/staff/consultations/{SLUG}/").text
    kept = format_date(find_consultation(SLUG).answers_kept_until, "long")
    assert "Answers kept until" in page
    assert kept in page.split("Answers kept until", 1)[1][:300]
