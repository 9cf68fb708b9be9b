"""Assisted coding against the agreed themes, and the answer browser with its filters and redaction."""

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import AnalysisRun, AuditAction, Channel, ResponseAuditEvent, SetBy, ThemeAssignment, ThemeChange
from engage.workspace import review, runs
from tests.engage.conftest import csrf_token
from tests.engage.test_entry import sign_in_as
from tests.engage.workspace_data import add_answers, analyst, theme_named


@pytest.fixture
def run(app):
    app.config["ANALYSIS_CODER_EMBEDDINGS"] = False  # quick: the coder's word features only
    consultation = add_answers()
    add_answers(answers=["Call Jo Bloggs on 07700 900123 about parking at the hub"], channel=Channel.PAPER)
    run = runs.start_run(consultation, ["one_thing"], {"n_themes": 3, "random_state": 0}, analyst())
    db.session.commit()
    runs.execute_run(run.id, 1)
    db.session.expire_all()
    return db.session.get(AnalysisRun, run.id)


def agree(run, *words):
    for word in words:
        review.set_agreed(theme_named(run, [word]), analyst(), True)
    db.session.commit()


def test_coding_needs_two_agreed_themes(run, client):
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/analysis/runs/{run.id}/coding")
    assert page.status_code == 200 and 'id="too-few-agreed"' in page.text
    token = csrf_token(client.get(f"/staff/analysis/runs/{run.id}").text)
    assert client.post(f"/staff/analysis/runs/{run.id}/coding", data={"csrf_token": token, "action": "apply"}
                       ).status_code == 409


def test_an_analyst_accepts_and_corrects_suggestions_and_sees_agreement(run, client):
    agree(run, "park", "appoint")
    parking, gp = theme_named(run, ["park"]), theme_named(run, ["appoint"])
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/analysis/runs/{run.id}/coding")
    assert page.status_code == 200 and page.text.count('name="answer"') == 5
    assert "None coded from suggestions yet" in page.text and "07700" not in page.text
    token = csrf_token(page.text)
    import re

    offered = re.findall(r'name="answer" value="(\d+)">\s*<input type="hidden" name="suggested" value="([\d,]*)"',
                         page.text)
    (first, first_suggested), (second, second_suggested) = offered[:2]
    # accept the first suggestion as it is; correct the second to the GP theme only
    accepted = client.post(f"/staff/analysis/runs/{run.id}/coding", data={
        "csrf_token": token, "answer": first, "suggested": first_suggested, "themes": first_suggested.split(",")})
    assert accepted.status_code == 302
    corrected_to = [str(parking.id)] if second_suggested != str(parking.id) else [str(gp.id)]
    assert client.post(f"/staff/analysis/runs/{run.id}/coding", data={
        "csrf_token": token, "answer": second, "suggested": second_suggested, "themes": corrected_to}
    ).status_code == 302
    placed = db.session.scalars(select(ThemeAssignment).where(ThemeAssignment.answer_id == int(second))).all()
    assert [(str(a.theme_id), a.set_by) for a in placed] == [(corrected_to[0], SetBy.PERSON)]
    page = client.get(f"/staff/analysis/runs/{run.id}/coding")
    assert "1 of 2 (50%)" in page.text
    assert first not in re.findall(r'name="answer" value="(\d+)"', page.text)  # coded answers are not offered again
    # the assistant codes the rest; hand codes stay
    applied = client.post(f"/staff/analysis/runs/{run.id}/coding", data={"csrf_token": token, "action": "apply"})
    assert applied.status_code == 302
    by_coder = db.session.scalars(select(ThemeAssignment).where(ThemeAssignment.set_by == SetBy.CODER)).all()
    assert len({a.answer_id for a in by_coder}) == 35 and all(0 < a.weight <= 1 for a in by_coder)
    placed = db.session.scalars(select(ThemeAssignment).where(ThemeAssignment.answer_id == int(second))).all()
    assert [(str(a.theme_id), a.set_by) for a in placed] == [(corrected_to[0], SetBy.PERSON)]
    assert [c.action for c in db.session.scalars(select(ThemeChange).order_by(ThemeChange.id))][-3:] == [
        "coded", "coded", "applied_coder"]


def test_coding_bad_inputs(run, client):
    agree(run, "park", "appoint")
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/analysis/runs/{run.id}/coding")
    token = csrf_token(page.text)
    answer = db.session.scalar(select(ThemeAssignment.answer_id))
    url = f"/staff/analysis/runs/{run.id}/coding"
    none_chosen = client.post(url, data={"csrf_token": token, "answer": str(answer)})
    assert none_chosen.status_code == 400 and "Choose at least one theme" in none_chosen.text
    not_agreed = next(t for t in run.themes if not t.agreed)
    wrong = client.post(url, data={"csrf_token": token, "answer": str(answer), "themes": [str(not_agreed.id)]})
    assert wrong.status_code == 400
    assert client.post(url, data={"csrf_token": token, "answer": "12345", "themes": ["1"]}).status_code == 400
    assert client.post(url, data={"csrf_token": token, "answer": "x"}).status_code == 400
    stale = client.post(url, data={"csrf_token": "old", "answer": str(answer)})
    assert stale.status_code == 400 and "page was out of date" in stale.text
    assert db.session.scalar(select(ThemeChange).where(ThemeChange.action == "coded")) is None


def test_the_answer_browser_filters_searches_and_redacts(run, client):
    sign_in_as(client, "analyst")
    url = f"/staff/analysis/runs/{run.id}/answers"
    everything = client.get(url)
    assert everything.status_code == 200 and "37 answers match." in everything.text
    assert "07700" not in everything.text and "Jo Bloggs" not in everything.text
    assert '<td class="govuk-table__cell">English</td>' in everything.text  # the language's name, not "en"
    assert '<option value="en">English</option>' in everything.text
    parking = theme_named(run, ["park"])
    by_theme = client.get(url, query_string={"theme": parking.id})
    assert f"{len(parking.assignments)} answers match." in by_theme.text
    assert "1 answers match." in client.get(url, query_string={"channel": "paper"}).text
    assert "0 answers match." in client.get(url, query_string={"language": "pl"}).text
    found = client.get(url, query_string={"search": "weekends"})
    assert "3 answers match." in found.text and "Later opening in the evening and at weekends" in found.text
    assert "0 answers match." in client.get(url, query_string={"search": "100%_"}).text
    # A search cannot confirm what redaction hides: it looks in the redacted text.
    for hidden in ("07700 900123", "Jo Bloggs"):
        assert "0 answers match." in client.get(url, query_string={"search": hidden}).text, hidden
    assert "1 answers match." in client.get(url, query_string={"search": "[PHONE]"}).text
    positive = client.get(url, query_string={"sentiment": "positive"})
    assert positive.status_code == 200 and "Positive" in positive.text
    for bad in ({"theme": "999999"}, {"sentiment": "angry"}, {"channel": "pigeon"}, {"language": "<b>"},
                {"search": "x" * 201}):
        response = client.get(url, query_string=bad)
        assert response.status_code == 400 and "There is a problem" in response.text, bad
    assert client.get(url, query_string={"page": "lots"}).status_code == 200
    assert db.session.scalar(select(ResponseAuditEvent)) is None  # redacted views are not personal data


def test_administrators_see_answers_whole_and_it_is_audited(run, client):
    sign_in_as(client, "administrator")
    page = client.get(f"/staff/analysis/runs/{run.id}/answers", query_string={"channel": "paper"})
    assert "07700 900123" in page.text and "Each answer you are shown is recorded" in page.text
    events = db.session.scalars(select(ResponseAuditEvent)).all()
    assert len(events) == 1 and events[0].action is AuditAction.VIEWED
    searched = client.get(f"/staff/analysis/runs/{run.id}/answers", query_string={"search": "07700 900123"})
    assert "1 answers match." in searched.text


def test_staff_survey_answers_never_show_how_they_were_sent(app, client):
    from engage.models import Consultation, Status
    from tests.engage.workspace_data import STAFF_SLUG

    staff = db.session.scalar(select(Consultation).where(Consultation.slug == STAFF_SLUG))
    add_answers(STAFF_SLUG, [f"Parking at the new base is hard {i}" for i in range(6)]
                + [f"Travel time between sites {i}" for i in range(6)], question="concerns")
    staff.status = Status.CLOSED
    run = runs.start_run(staff, ["concerns"], {"n_themes": 2, "random_state": 0}, analyst())
    db.session.commit()
    runs.execute_run(run.id, 1)
    sign_in_as(client, "administrator")
    url = f"/staff/analysis/runs/{run.id}/answers"
    page = client.get(url)
    assert "12 answers match." in page.text and "never show how they were sent" in page.text
    assert "Online" not in page.text and 'name="channel"' not in page.text
    assert client.get(url, query_string={"channel": "online"}).status_code == 400
    assert db.session.scalar(select(ResponseAuditEvent)) is None  # staff answers are never shown whole
