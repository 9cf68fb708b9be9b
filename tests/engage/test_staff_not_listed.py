"""Staff consultations are never listed publicly, and their page says who they are for."""

from sqlalchemy import select

from engage.consultations.services import change_status
from engage.extensions import db
from engage.models import Consultation, Status
from engage.public.listing import consultations_with_feedback, open_consultations
from tests.engage.journey import SLUG
from tests.engage.staff_codes import give_code

STAFF_SLUG = "integrated-neighbourhood-teams-staff"
STAFF_ONLY = "This survey is only for the staff groups it names"


def consultation(slug):
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def test_the_home_page_lists_resident_consultations_but_not_the_staff_survey(client, today):
    staff = consultation(STAFF_SLUG)
    assert staff.is_accepting_responses(today)  # open, so only its audience keeps it off the list
    home = client.get("/")
    assert f"/consultations/{SLUG}" in home.text
    assert STAFF_SLUG not in home.text and "Integrated neighbourhood teams" not in home.text
    assert [c.slug for c in open_consultations(today)] == [SLUG]


def test_published_staff_feedback_is_not_listed_either(client):
    staff = consultation(STAFF_SLUG)
    staff.feedback = {part: {"en": "Text"} for part in ("we_asked", "you_said", "we_did")}
    change_status(staff, Status.CLOSED)
    change_status(staff, Status.FEEDBACK_PUBLISHED)
    residents = consultation(SLUG)
    residents.feedback = staff.feedback
    change_status(residents, Status.CLOSED)
    change_status(residents, Status.FEEDBACK_PUBLISHED)
    db.session.commit()
    assert [c.slug for c in consultations_with_feedback()] == [SLUG]
    assert STAFF_SLUG not in client.get("/").text


def test_the_staff_survey_page_says_who_it_is_for_and_is_not_indexed(client):
    give_code(client)
    page = client.get(f"/consultations/{STAFF_SLUG}")
    assert page.status_code == 200
    assert STAFF_ONLY in page.text and "Please answer it once only" in page.text
    assert page.headers["X-Robots-Tag"] == "noindex"
    polish = client.get(f"/consultations/{STAFF_SLUG}?lang=pl", follow_redirects=True)
    assert STAFF_ONLY not in polish.text and 'id="staff-only"' in polish.text


def test_a_resident_consultation_page_has_no_staff_notice(client):
    page = client.get(f"/consultations/{SLUG}")
    assert 'id="staff-only"' not in page.text and "X-Robots-Tag" not in page.headers
