"""A pooled connection the database server killed: a request that wrote nothing runs again on a fresh one."""

import os

import pytest
from sqlalchemy import create_engine, exc, func, select, text

from engage import create_app
from engage.answering import services
from engage.extensions import db
from engage.models import Draft
from tests.engage.conftest import csrf_token
from tests.engage.journey import BASE, page_url, start

pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="needs PostgreSQL: SQLite has no server to end a connection")


@pytest.fixture
def unpinged(app):
    """A second app on the same database whose pool never checks a connection before handing it out."""
    other = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SERVER_NAME": "localhost",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "DATABASE_PING_IDLE_SECONDS": 10**9,
    })
    with other.app_context():
        yield other
        db.session.remove()
        db.engine.dispose()


def kill_pooled_connections():
    """End every connection idle in this app's pool from the server's side, as a restart or an administrator would."""
    db.session.remove()  # as at the end of a request (the tests share one app context)
    held = [db.engine.connect() for _ in range(db.engine.pool.checkedin())]
    assert held, "nothing pooled to kill"
    pids = [connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() for connection in held]
    for connection in held:
        connection.close()  # back to the pool, which believes them alive
    terminate(pids)


def terminate(pids):
    admin = create_engine(db.engine.url)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM unnest(CAST(:pids AS int[])) AS pid"),
                               {"pids": pids})
            for _ in range(100):  # the backends exit a moment after the signal
                alive = connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids)"),
                                           {"pids": pids}).scalar()
                if not alive:
                    break
                connection.execute(text("SELECT pg_sleep(0.05)"))
            connection.commit()
    finally:
        admin.dispose()


def test_a_get_on_a_killed_connection_succeeds(unpinged):
    client = unpinged.test_client()
    assert client.get("/").status_code == 200
    kill_pooled_connections()
    page = client.get("/")
    assert page.status_code == 200 and "Have your say" in page.text


def test_a_question_page_on_a_killed_connection_succeeds(unpinged):
    """The question page reads the draft on a connection of its own (the quick path), then the session's."""
    client = unpinged.test_client()
    start(client)
    assert client.get(page_url("where")).status_code == 200
    kill_pooled_connections()
    assert client.get(page_url("where")).status_code == 200
    kill_pooled_connections()
    assert client.get(f"{BASE}/check-answers").status_code == 200


def test_a_post_that_already_wrote_is_not_run_again(unpinged, monkeypatch):
    """Starting a survey commits a draft, then reads again: losing the connection there fails the request
    instead of running it twice (which would start a second draft)."""
    client = unpinged.test_client()
    page = client.get(BASE)
    real_load_survey = services.load_survey

    calls = []

    def connection_lost_after_the_commit(version):
        calls.append(version)
        if len(calls) == 1:
            terminate([db.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()])
        return real_load_survey(version)  # reads the version's definition on the dead connection

    with real_load_survey.cache_lock:
        real_load_survey.cache.clear()  # so the definition is read from the database
    monkeypatch.setattr(services, "load_survey", connection_lost_after_the_commit)
    with pytest.raises(exc.DBAPIError):
        client.post(BASE, data={"csrf_token": csrf_token(page.text)})
    assert len(calls) == 1  # not run again
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 1
