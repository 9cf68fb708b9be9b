"""Staff consultations never call the people answering them "residents"."""

import re

import pytest

from engage.consultations.services import find_consultation
from engage.extensions import db
from engage.models import Audience, Status
from tests.engage.conftest import csrf_token
from tests.engage.test_entry import sign_in_as

STAFF_SLUG = "integrated-neighbourhood-teams-staff"
RESIDENT_SLUG = "community-health-hubs"


def visible_text(html):
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("status", [Status.OPEN, Status.CLOSED])
def test_staff_consultation_manage_page_speaks_of_staff(client, status):
    find_consultation(STAFF_SLUG).status = status
    db.session.commit()
    sign_in_as(client, "workforce_officer")
    page = client.get(f"/staff/consultations/{STAFF_SLUG}/?lang=en", follow_redirects=True)
    assert page.status_code == 200
    assert "resident" not in visible_text(page.text).lower()
    assert ("It closes to staff after its closing date" in page.text) is (status is Status.OPEN)
    assert ("or it stays closed to staff." in page.text) is (status is Status.CLOSED)


def test_partner_and_resident_consultations_name_their_own_audience(client):
    consultation = find_consultation(RESIDENT_SLUG)
    sign_in_as(client, "engagement_officer")
    page = client.get(f"/staff/consultations/{RESIDENT_SLUG}/?lang=en", follow_redirects=True)
    assert "It closes to residents after its closing date" in page.text
    consultation.audience = Audience.STAKEHOLDERS
    db.session.commit()
    page = client.get(f"/staff/consultations/{RESIDENT_SLUG}/")
    assert "It closes to partner organisations after its closing date" in page.text


def test_staff_survey_pages_for_respondents_do_not_say_residents(client):
    page = client.get(f"/consultations/{STAFF_SLUG}?lang=en", follow_redirects=True)
    assert "resident" not in visible_text(page.text).lower()
    started = client.post(f"/consultations/{STAFF_SLUG}", data={"csrf_token": csrf_token(page.text)})
    question = client.get(started.location)
    assert question.status_code == 200 and "resident" not in visible_text(question.text).lower()


def test_the_wording_is_translated(client):
    sign_in_as(client, "workforce_officer")
    page = client.get(f"/staff/consultations/{STAFF_SLUG}/?lang=pl", follow_redirects=True)
    assert "It closes to staff" not in page.text
    assert "Po dacie zamknięcia i tak zamyka się dla pracowników." in page.text
