"""English pages write dates and times the UK way; other languages keep their own formats."""

import re
from datetime import UTC, date, datetime

from engage.consultations.services import find_consultation
from engage.extensions import db
from engage.models import ConsultationEvent, EventKind
from tests.engage.test_entry import sign_in_as

SLUG = "community-health-hubs"


def dated_consultation():
    consultation = find_consultation(SLUG)
    consultation.opens_on, consultation.closes_on = date(2027, 1, 11), date(2027, 7, 4)
    for at in (datetime(2027, 1, 11, 13, 18, tzinfo=UTC), datetime(2027, 7, 4, 9, 0, tzinfo=UTC)):
        db.session.add(ConsultationEvent(consultation_id=consultation.id, at=at, kind=EventKind.STATUS,
                                         details={"from": "draft", "to": "open"}))
    db.session.commit()


def test_english_staff_page_shows_uk_dates_and_times(client):
    dated_consultation()
    sign_in_as(client, "engagement_officer")
    page = client.get(f"/staff/consultations/{SLUG}/?lang=en", follow_redirects=True).text
    assert "11 January 2027 to 4 July 2027" in page
    assert "11 Jan 2027, 1:18pm" in page  # January: London is on UTC
    assert "4 Jul 2027, 10am" in page  # July: London is an hour ahead (BST)
    # Not US order, nor upper-case AM/PM after a time (random form tokens may hold the letters "PM").
    assert "January 11" not in page and not re.search(r"\d ?[AP]M\b", page)


def test_english_public_page_shows_a_uk_date(client):
    dated_consultation()
    page = client.get(f"/consultations/{SLUG}?lang=en", follow_redirects=True).text
    assert "This consultation opens on 11 January 2027." in page  # not open yet


def test_other_languages_keep_their_own_date_formats(client):
    dated_consultation()
    sign_in_as(client, "engagement_officer")
    page = client.get(f"/staff/consultations/{SLUG}/?lang=pl", follow_redirects=True).text
    assert "11 stycznia 2027" in page
