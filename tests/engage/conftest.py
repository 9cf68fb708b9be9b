import os
import re

import pytest
from sqlalchemy import delete, event

from engage import create_app, throttle
from engage.demo import load_demo
from engage.extensions import db
from engage.models.base import utcnow


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("DATABASE_URL") or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url.replace("postgresql://", "postgresql+psycopg://", 1),
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "localhost",
            # In CI's PostgreSQL run, attempt counts live in Redis, as in production.
            "ATTEMPT_COUNTS_URI": os.environ.get("REDIS_URL") or "memory://",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(_app):
    """The app with empty tables and the demo consultations loaded."""
    with _app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        load_demo()
        db.session.commit()
        throttle.forget_all(_app)  # attempt counts are per test, like the tables
        yield _app
        db.session.rollback()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def today():
    return utcnow().date()


@pytest.fixture
def sql_statements(app):
    """(SQL statement, its isolation level option) for each statement the app sends, in order."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, conn.get_execution_options().get("isolation_level")))

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def first_words(sql_statements):
    """(first word of each SQL statement, its isolation level option) as the app ran them."""
    return [(statement.split()[0].upper(), level) for statement, level in sql_statements]


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on this machine (aiosmtpd) that keeps what it receives; the app sends to it."""
    import email
    import socket
    from email import policy

    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    before = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield handler
    app.config.update(before)
    controller.stop()
