"""We asked, you said, we did: published with the consultation's document, read by residents in their language."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete

from engage.answering.services import start_draft, submit
from engage.consultations.services import StatusError, change_status, export_consultation, find_consultation
from engage.dates import format_date
from engage.extensions import db
from engage.models import Channel, ConsultationEvent, EventKind, Status
from engage.models.base import utcnow
from tests.engage.journey import SLUG, page_url
from tests.engage.test_consultation_documents import write
from tests.engage.test_html import assert_valid_html

FEEDBACK = {
    "we_asked": {"en": "We asked where hubs should be.", "ur": "ہم نے پوچھا کہ ہب کہاں ہونے چاہییں۔"},
    "you_said": {"en": "You said evenings matter most.\n\nMany asked for a hub in Partington."},
    "we_did": {"en": "Hubs now open until 8pm on Tuesdays.", "ur": "اب ہب منگل کو رات 8 بجے تک کھلے ہیں۔"},
}


def close(consultation, days_ago=1):
    """Close the consultation ``days_ago`` days ago (it ran for 60 days before that)."""
    consultation.closes_on = utcnow().date() - timedelta(days=days_ago)
    consultation.opens_on = consultation.closes_on - timedelta(days=60)
    change_status(consultation, Status.CLOSED)
    db.session.commit()


def publish(runner, tmp_path, feedback=FEEDBACK):
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"]["feedback"] = feedback
    imported = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert imported.exit_code == 0 and "changed feedback" in imported.output, imported.output
    published = runner.invoke(args=["consultation", "status", SLUG, "feedback_published"])
    assert published.exit_code == 0, published.output


def test_feedback_cannot_be_published_without_its_text(app, runner):
    close(find_consultation(SLUG))
    refused = runner.invoke(args=["consultation", "status", SLUG, "feedback_published"])
    assert refused.exit_code == 1 and "has no feedback yet" in refused.output
    with pytest.raises(StatusError):
        change_status(find_consultation(SLUG), Status.FEEDBACK_PUBLISHED)
    assert find_consultation(SLUG).status is Status.CLOSED


def test_residents_read_the_feedback_in_their_language(app, runner, client, tmp_path):
    close(find_consultation(SLUG))
    publish(runner, tmp_path)
    english = client.get(f"/consultations/{SLUG}?lang=en", follow_redirects=True)
    assert english.status_code == 200
    assert_valid_html(english.text, "feedback")
    for text in ("What we did with your views", '<h2 class="govuk-heading-m">We asked</h2>',
                 "We asked where hubs should be.", '<p class="govuk-body">You said evenings matter most.</p>',
                 "Many asked for a hub in Partington.",
                 "Hubs now open until 8pm on Tuesdays.", "Responses: fewer than 11"):
        assert text in english.text, text
    urdu = client.get(f"/consultations/{SLUG}?lang=ur", follow_redirects=True).text
    assert "ہم نے پوچھا</h2>" in urdu and "ہم نے پوچھا کہ ہب کہاں ہونے چاہییں۔" in urdu
    # no Urdu for "you said": the English is shown and marked as English
    assert '<div lang="en" dir="ltr">' in urdu and "You said evenings matter most." in urdu
    home = client.get("/?lang=en", follow_redirects=True).text
    assert "What we did with your views" in home and f'href="/consultations/{SLUG}"' in home


def test_the_response_count_is_shown_only_from_the_minimum_group_size(app, runner, client, tmp_path):
    consultation = find_consultation(SLUG)
    for _ in range(11):
        submit(start_draft(consultation, "en", Channel.ONLINE))
    db.session.commit()
    close(consultation)
    publish(runner, tmp_path)
    assert "Responses: 11" in client.get(f"/consultations/{SLUG}").text


def test_answers_are_not_taken_once_feedback_is_published(app, runner, client, tmp_path):
    close(find_consultation(SLUG))
    publish(runner, tmp_path)
    page = client.get(page_url("where"))
    assert page.status_code == 410 and "See what we did with your views" in page.text
    assert client.post(f"/consultations/{SLUG}", data={}).status_code == 410


def test_a_closed_consultation_says_when_feedback_is_due_and_the_list_flags_it_overdue(app, runner, client):
    consultation = find_consultation(SLUG)
    close(consultation, days_ago=100)
    due = consultation.closes_on + timedelta(weeks=12)
    page = client.get(f"/consultations/{SLUG}?lang=en", follow_redirects=True).text
    published_by = re.search(r"We will publish what we heard and what we did by ([^.<]+)\.", page).group(1)
    assert published_by == format_date(due, "long")
    listed = runner.invoke(args=["consultation", "list"]).output
    assert f"feedback due {due.isoformat()} (overdue)" in listed


def test_published_feedback_can_be_corrected_but_not_removed(app, runner, tmp_path):
    close(find_consultation(SLUG))
    publish(runner, tmp_path)
    doc = export_consultation(find_consultation(SLUG))
    assert doc["consultation"]["feedback"] == FEEDBACK
    doc["consultation"]["feedback"]["we_did"]["en"] = "Hubs now open until 8pm on Tuesdays and Thursdays."
    corrected = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert corrected.exit_code == 0 and "changed feedback" in corrected.output
    del doc["consultation"]["feedback"]
    removed = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert removed.exit_code == 1 and "it can be corrected but not removed" in removed.output
    assert find_consultation(SLUG).feedback["we_did"]["en"].endswith("and Thursdays.")


def test_incomplete_feedback_in_a_document_is_refused(app, runner, tmp_path):
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"]["feedback"] = {"we_asked": {"en": "We asked."}, "you_said": {"ur": "صرف اردو"}}
    result = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert result.exit_code == 1
    assert "Consultation › feedback: 'we_did' is missing; the feedback needs it." in result.output
    assert "Consultation › feedback: 'en' is missing from 'you_said'." in result.output


@pytest.mark.parametrize(("days_ago", "overdue"), [(100, True), (10, False)])
def test_staff_home_shows_when_feedback_is_due_and_flags_it_overdue(app, client, days_ago, overdue):
    from tests.engage.test_entry import sign_in_as

    close(find_consultation(SLUG), days_ago=days_ago)
    sign_in_as(client, "engagement_officer")
    home = client.get("/staff/?lang=en", follow_redirects=True).text
    due = format_date(find_consultation(SLUG).feedback_due_on, "long")
    assert f"Feedback due by {due}" in home
    assert ("Feedback overdue" in home) is overdue
    assert_valid_html(home, "staff home")


def test_a_new_consultation_cannot_arrive_published_without_feedback(app, runner, tmp_path):
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"] |= {"slug": "old-consultation", "status": "feedback_published"}
    refused = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert refused.exit_code == 1 and "whose feedback is published needs it" in refused.output
    assert find_consultation("old-consultation") is None
    doc["consultation"]["feedback"] = FEEDBACK
    assert runner.invoke(args=["consultation", "import", write(tmp_path, doc)]).exit_code == 0
    assert find_consultation("old-consultation").status is Status.FEEDBACK_PUBLISHED


def _history(consultation, *changes):
    """Replace the consultation's history by status changes (days ago, new status), each at noon UTC."""
    db.session.execute(delete(ConsultationEvent).where(ConsultationEvent.consultation_id == consultation.id))
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    previous = "draft"
    for days_ago, status in changes:
        db.session.add(ConsultationEvent(consultation_id=consultation.id, at=now - timedelta(days=days_ago),
                                         kind=EventKind.STATUS, details={"from": previous, "to": status}))
        previous = status
    consultation.status = Status(previous)
    db.session.commit()


def test_the_feedback_gives_the_dates_a_consultation_closed_early_really_ran(app, runner, client, tmp_path):
    consultation = find_consultation(SLUG)
    today = utcnow().date()
    consultation.opens_on, consultation.closes_on = today - timedelta(days=60), today + timedelta(days=30)
    # opened 10 days late, closed 40 days early, reopened for a day, closed again
    _history(consultation, (50, "open"), (12, "closed"), (11, "open"), (10, "closed"))
    publish(runner, tmp_path)
    page = client.get(f"/consultations/{SLUG}?lang=en", follow_redirects=True).text
    start, end = (format_date(today - timedelta(days=days), "long") for days in (50, 10))
    assert f"This consultation ran from {start} to {end}." in page
    assert f"Closed on {end}" in client.get("/").text
    gone = client.get(page_url("where"))
    assert gone.status_code == 410 and f"This consultation closed on {end}." in gone.text


def test_without_a_record_of_opening_or_closing_the_planned_dates_are_given(app, runner, client, tmp_path):
    consultation = find_consultation(SLUG)
    today = utcnow().date()
    consultation.opens_on, consultation.closes_on = today - timedelta(days=60), today - timedelta(days=5)
    _history(consultation)  # e.g. imported already closed: no status changes recorded
    consultation.status = Status.CLOSED
    db.session.commit()
    publish(runner, tmp_path)
    page = client.get(f"/consultations/{SLUG}?lang=en", follow_redirects=True).text
    start, end = (format_date(today - timedelta(days=days), "long") for days in (60, 5))
    assert f"This consultation ran from {start} to {end}." in page


def test_a_history_at_odds_with_the_dates_falls_back_to_the_planned_dates(app, runner, client, tmp_path):
    consultation = find_consultation(SLUG)
    today = utcnow().date()
    consultation.opens_on, consultation.closes_on = today - timedelta(days=60), today - timedelta(days=40)
    _history(consultation, (20, "open"), (10, "closed"))  # the dates were moved after it ran
    publish(runner, tmp_path)
    page = client.get(f"/consultations/{SLUG}?lang=en", follow_redirects=True).text
    start, end = (format_date(today - timedelta(days=days), "long") for days in (60, 40))
    assert f"This consultation ran from {start} to {end}." in page
