"""Analysis jobs on real workers: an RQ worker on Redis (`flask worker`) and the app's own worker process."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from engage import jobs
from engage.extensions import db
from engage.models import AnalysisRun, RunStatus
from engage.workspace import runs
from tests.engage.workspace_data import add_answers, analyst

ROOT = Path(__file__).resolve().parents[2]
# The RQ tests' Redis: CI's, or this checkout's own database (3); never emptied, only our queue is removed.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"
PARAMETERS = {"n_themes": 3, "random_state": 0}


def redis_or_skip():
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: start redis-server (.ci/run does) to test the RQ worker")
    return connection


def wait_for(run_id, statuses, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        run = db.session.get(AnalysisRun, run_id)
        if run.status in statuses:
            return run
        db.session.commit()  # no read transaction held while the worker writes (SQLite locks the file)
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} still {run.status} after {seconds}s")


def worker_env(app):
    env = dict(os.environ, FLASK_APP="wsgi.py", REDIS_URL=REDIS_URL, JOBS_QUEUE=app.config["JOBS_QUEUE"],
               DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY="test-secret")
    env.setdefault("NLTK_DATA", str(ROOT / ".nltk_data"))
    return env


@pytest.fixture
def rq_app(app):
    connection = redis_or_skip()
    queue = f"engage-test-{uuid.uuid4().hex[:8]}"
    app.config.update(JOBS="rq", REDIS_URL=REDIS_URL, JOBS_QUEUE=queue)
    yield app
    app.config.update(JOBS="local", JOBS_QUEUE=jobs.QUEUE_NAME)
    for key in connection.scan_iter(f"rq:queue:{queue}*"):
        connection.delete(key)


def test_a_real_rq_worker_runs_the_analysis_and_a_failure_is_recorded(rq_app):
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    bad = runs.start_run(consultation, ["one_thing"], {"n_themes": "lots"}, analyst())
    db.session.commit()
    runs.enqueue(run)
    runs.enqueue(bad)
    db.session.commit()
    assert run.queued_on.startswith("rq:") and run.status is RunStatus.QUEUED
    assert not jobs.is_lost(run.queued_on)
    db.session.commit()
    # `flask worker --burst`: works through the queue in a process of its own, then stops.
    worker = subprocess.run([sys.executable, "-m", "flask", "worker", "--burst"], cwd=ROOT, env=worker_env(rq_app),
                            capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0 and "Job OK" in worker.stderr + worker.stdout, worker.stderr[-2000:]
    run = wait_for(run.id, {RunStatus.FINISHED, RunStatus.FAILED}, 5)
    assert run.status is RunStatus.FINISHED and len(run.themes) == 3, run.error
    bad = wait_for(bad.id, {RunStatus.FINISHED, RunStatus.FAILED}, 5)
    assert bad.status is RunStatus.FAILED and "n_themes must be a positive integer" in bad.error


def test_a_queued_job_that_redis_lost_is_noticed(rq_app):
    assert jobs.is_lost("rq:no-such-job-" + uuid.uuid4().hex)


def test_the_worker_command_needs_redis(app, runner):
    app.config["REDIS_URL"] = None
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


def test_without_redis_the_app_runs_jobs_in_its_own_worker_process(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///:memory:"):
        pytest.skip("a worker process needs a database file or server")
    app.config["JOBS"] = "local"
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    db.session.commit()
    runs.enqueue(run)
    db.session.commit()
    try:
        assert run.queued_on == jobs.local_tag() and not jobs.is_lost(run.queued_on)
        db.session.commit()
        run = wait_for(run.id, {RunStatus.FINISHED, RunStatus.FAILED}, 180)
        assert run.status is RunStatus.FINISHED and len(run.themes) == 3, run.error
    finally:
        jobs.shutdown_local_pool()


def test_a_local_worker_that_dies_is_replaced_and_its_run_fails_not_hangs(app, client):
    import signal
    from datetime import timedelta

    from engage.models.base import utcnow
    from tests.engage.test_entry import sign_in_as

    app.config["JOBS"] = "local"
    consultation = add_answers()
    first = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    db.session.commit()
    runs.enqueue(first)
    db.session.commit()
    try:
        wait_for(first.id, {RunStatus.FINISHED}, 180)
        for pid in jobs.local_worker_pids():  # the worker process this test started
            os.kill(pid, signal.SIGKILL)
        time.sleep(1)
        # A run it was working on when it died: its heartbeat stops, so it is failed, not left running.
        lost = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
        lost.status, lost.heartbeat_at = RunStatus.RUNNING, utcnow() - timedelta(seconds=121)
        second = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
        db.session.commit()
        runs.enqueue(second)  # a new worker process is started
        db.session.commit()
        assert wait_for(second.id, {RunStatus.FINISHED, RunStatus.FAILED}, 180).status is RunStatus.FINISHED
        sign_in_as(client, "analyst")
        assert client.get(f"/staff/analysis/runs/{lost.id}").status_code == 200
        db.session.expire_all()
        lost = db.session.get(AnalysisRun, lost.id)
        assert lost.status is RunStatus.FAILED and lost.error == "worker stopped"
    finally:
        jobs.shutdown_local_pool()


def test_pages_still_open_while_redis_is_down(app, client):
    from engage.models import RunStatus as Status
    from tests.engage.test_entry import sign_in_as

    app.config.update(JOBS="rq", REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        consultation = add_answers(answers=["Parking"])
        run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
        run.queued_on = "rq:some-job"
        db.session.commit()
        sign_in_as(client, "analyst")
        page = client.get(f"/staff/analysis/runs/{run.id}")
        assert page.status_code == 200 and db.session.get(AnalysisRun, run.id).status is Status.QUEUED
        # Starting one while Redis is down queues it in the database; it is queued again once Redis is back.
        from tests.engage.conftest import csrf_token

        started = client.post("/staff/analysis/community-health-hubs/", data={
            "csrf_token": csrf_token(client.get("/staff/analysis/community-health-hubs/").text),
            "questions": ["one_thing"]})
        assert started.status_code == 302
        waiting = db.session.scalar(select(AnalysisRun).order_by(AnalysisRun.id.desc()))
        assert waiting.status is Status.QUEUED and waiting.queued_on == ""
        app.config["JOBS"] = "inline"
        client.get("/staff/analysis/")
        db.session.expire_all()
        assert db.session.get(AnalysisRun, waiting.id).queued_on == "inline"
    finally:
        app.config.update(JOBS="local", REDIS_URL=None)
