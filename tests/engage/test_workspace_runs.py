"""Theme analysis runs: started by an analyst, run as jobs, failures told and retried, agreed work kept."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import AnalysedAnswer, AnalysisRun, ChangeLogError, RunStatus, SetBy, ThemeAssignment, ThemeChange
from engage.models.base import utcnow
from engage.workspace import review, runs
from tests.engage.conftest import csrf_token
from tests.engage.test_entry import sign_in_as
from tests.engage.workspace_data import SLUG, add_answers, analyst, theme_named

PARAMETERS = {"n_themes": 3, "random_state": 0}


@pytest.fixture
def inline_jobs(app):
    app.config["JOBS"] = "inline"
    yield
    app.config["JOBS"] = "local"


def run_now(consultation, user, parameters=PARAMETERS):
    run = runs.start_run(consultation, ["one_thing"], dict(parameters), user)
    db.session.commit()
    runs.execute_run(run.id, run.attempt)
    db.session.expire_all()
    return db.session.get(AnalysisRun, run.id)


def test_a_run_finds_themes_and_keeps_what_reproduces_it(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    run = run_now(consultation, analyst())
    assert run.status is RunStatus.FINISHED and run.progress == 100 and run.error is None
    assert len(run.themes) == 3 and all(t.created_by is SetBy.MACHINE and not t.agreed for t in run.themes)
    parking = theme_named(run, ["park"])
    assert len(parking.assignments) >= 10
    assert run.parameters == PARAMETERS and "scikit-learn" in run.package_version
    assert run.quality["answers"] == 36 and run.quality["themes"] == 3 and "coherence" in run.quality
    assert run.started_at <= run.finished_at
    facts = db.session.scalars(select(AnalysedAnswer).where(AnalysedAnswer.run_id == run.id)).all()
    assert len(facts) == 36 and {f.language for f in facts} == {"en"}
    assert {f.position for f in facts} <= {"positive", "negative", "neutral"}


def test_quotes_are_redacted(app, client):
    sign_in_as(client, "analyst")
    answers = [t + " ring Jo Bloggs on 07700 900123" for t in
               ["There is never enough parking at the hub"] * 4] + [None] * 0
    consultation = add_answers(answers=answers + [f"Parking is hard {i}" for i in range(8)]
                               + [f"Evening opening please {i}" for i in range(8)])
    run = run_now(consultation, analyst(), {"n_themes": 2, "random_state": 0})
    quotes = [q["quote"] for t in run.themes for q in t.quotes]
    assert quotes and not any("07700" in q for q in quotes)


def test_too_few_answers_fail_with_the_reason_and_can_be_retried(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers(answers=["Parking", "Evenings"])
    run = run_now(consultation, analyst())
    assert run.status is RunStatus.FAILED and "responses have analysable words" in run.error
    assert run.themes == []
    add_answers()
    runs.retry_run(run)
    db.session.commit()
    assert run.attempt == 2 and run.status is RunStatus.QUEUED and run.error is None
    runs.execute_run(run.id, 2)
    db.session.expire_all()
    assert db.session.get(AnalysisRun, run.id).status is RunStatus.FINISHED


def test_a_job_that_fails_half_way_saves_nothing(app, client, monkeypatch):
    sign_in_as(client, "analyst")
    consultation = add_answers()

    def broken(model, answers):
        db.session.add(ThemeAssignment(theme_id=-1, answer_id=-1))
        raise RuntimeError("disk full while saving")

    monkeypatch.setattr(runs, "_quality", broken)
    run = run_now(consultation, analyst())
    assert run.status is RunStatus.FAILED and run.error == "RuntimeError: disk full while saving"
    assert run.themes == [] and db.session.scalar(select(db.func.count()).select_from(ThemeAssignment)) == 0
    assert db.session.scalar(select(db.func.count()).select_from(AnalysedAnswer)) == 0


def test_only_the_current_attempt_runs_and_writes(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    db.session.commit()
    runs.execute_run(run.id, run.attempt + 1)  # a stale copy of the job: not this attempt
    db.session.expire_all()
    assert db.session.get(AnalysisRun, run.id).status is RunStatus.QUEUED
    runs.execute_run(run.id, 1)
    runs.execute_run(run.id, 1)  # the same job delivered twice: the second does nothing
    db.session.expire_all()
    run = db.session.get(AnalysisRun, run.id)
    assert run.status is RunStatus.FINISHED and len(run.themes) == 3


def test_two_runs_on_one_question_keep_their_own_themes(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    first = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    second = runs.start_run(consultation, ["one_thing"], {"n_themes": 2, "random_state": 1}, analyst())
    db.session.commit()
    runs.execute_run(second.id, 1)
    runs.execute_run(first.id, 1)
    db.session.expire_all()
    first, second = db.session.get(AnalysisRun, first.id), db.session.get(AnalysisRun, second.id)
    assert len(second.themes) == 2 and len(first.themes) == 3
    for run in (first, second):
        placed = [a.answer_id for t in run.themes for a in t.assignments if a.is_primary]
        # Each answer has at most one primary theme in each run (answers far from every theme have none).
        assert 0 < len(placed) == len(set(placed)) <= 36


def test_a_worker_that_dies_leaves_the_run_failed_not_stuck(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    run.status, run.heartbeat_at = RunStatus.RUNNING, utcnow() - timedelta(minutes=5)
    db.session.commit()
    page = client.get(f"/staff/analysis/runs/{run.id}")
    assert page.status_code == 200 and 'id="failure"' in page.text
    assert "worker running this analysis stopped" in page.text
    assert db.session.get(AnalysisRun, run.id).status is RunStatus.FAILED
    assert 'http-equiv="refresh"' not in page.text


def test_a_live_heartbeat_keeps_the_run_running(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    run.status, run.heartbeat_at, run.progress, run.step = RunStatus.RUNNING, utcnow(), 15, "finding themes"
    db.session.commit()
    page = client.get(f"/staff/analysis/runs/{run.id}")
    assert '<meta http-equiv="refresh" content="3">' in page.text and "15% done: finding themes." in page.text
    still = client.get(f"/staff/analysis/runs/{run.id}?refresh=off")
    assert 'http-equiv="refresh"' not in still.text and "Check progress again" in still.text


def test_a_queued_run_whose_web_process_stopped_is_queued_again(app, client, inline_jobs):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    run.queued_on = "local:" + __import__("socket").gethostname() + ":999999999:gone"
    db.session.commit()
    client.get("/staff/analysis/")
    db.session.expire_all()
    run = db.session.get(AnalysisRun, run.id)
    assert run.status is RunStatus.FINISHED and run.queued_on == "inline"


def test_rerunning_keeps_agreed_themes_and_hand_placed_answers(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    user = analyst()
    first = run_now(consultation, user)
    parking = theme_named(first, ["park"])
    review.edit(parking, user, "Parking at the hubs", "Not enough spaces")
    review.set_agreed(parking, user, True)
    handmade = review.create(first, user, "Accessible entrances")
    gp = theme_named(first, ["appoint", "gp"])
    moved = gp.assignments[0].answer_id
    review.move_answers(gp, [moved], handmade, user)
    db.session.commit()
    second = run_now(consultation, user)
    labels = [t.label for t in second.themes]
    assert "Parking at the hubs" in labels and "Accessible entrances" in labels and second.based_on_id == first.id
    kept = next(t for t in second.themes if t.label == "Parking at the hubs")
    assert kept.agreed and kept.description == "Not enough spaces" and kept.carried_from_id == parking.id
    assert {a.answer_id for a in kept.assignments} == {a.answer_id for a in parking.assignments}
    hand = next(t for t in second.themes if t.label == "Accessible entrances")
    assert [a.answer_id for a in hand.assignments] == [moved]
    # the machine's new proposals leave the hand-placed answer alone
    assert all(a.answer_id != moved for t in second.themes if t.created_by is SetBy.MACHINE for a in t.assignments)
    # the first run is untouched
    db.session.expire_all()
    assert len(db.session.get(AnalysisRun, first.id).themes) == 4


def test_the_change_log_cannot_be_edited_or_deleted(app, client):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    run = run_now(consultation, analyst())
    review.set_agreed(run.themes[0], analyst(), True)
    db.session.commit()
    change = db.session.scalar(select(ThemeChange))
    change.action = "nothing"
    with pytest.raises(ChangeLogError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(ThemeChange)))
    with pytest.raises(ChangeLogError):
        db.session.flush()
    db.session.rollback()


def test_start_page_starts_a_run_and_shows_it(app, client, inline_jobs):
    sign_in_as(client, "analyst")
    add_answers()
    page = client.get(f"/staff/analysis/{SLUG}/")
    assert page.status_code == 200 and 'value="one_thing"' in page.text
    started = client.post(f"/staff/analysis/{SLUG}/", data={"csrf_token": csrf_token(page.text),
                                                              "questions": ["one_thing"], "n_themes": "3"})
    assert started.status_code == 302
    shown = client.get(started.location)
    assert shown.status_code == 200 and "Finished" in shown.text
    assert shown.text.count('href="/staff/analysis/themes/') == 3
    assert 'http-equiv="refresh"' not in shown.text


def test_a_run_on_the_same_answers_copies_their_language_and_sentiment(app, client, monkeypatch):
    sign_in_as(client, "analyst")
    consultation = add_answers()
    first = run_now(consultation, analyst())
    facts = _facts(first)

    def refuse(*args, **kwargs):
        raise AssertionError("worked out again")

    monkeypatch.setattr("analysis.score_sentiment", refuse)
    monkeypatch.setattr("analysis.detect_languages", refuse)
    second = run_now(consultation, analyst(), {"n_themes": 2, "random_state": 0})
    assert second.status is RunStatus.FINISHED, second.error
    assert _facts(second) == facts and len(facts) == 36
    # One more answer: language detection weighs the whole set, so everything is worked out again.
    add_answers(answers=["Parking at the hub is hard to find on a weekday"])
    third = run_now(consultation, analyst())
    assert third.status is RunStatus.FAILED and "worked out again" in third.error


def _facts(run):
    return {f.answer_id: (f.language, f.sentiment, f.position)
            for f in db.session.scalars(select(AnalysedAnswer).where(AnalysedAnswer.run_id == run.id))}
