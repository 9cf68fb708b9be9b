"""Flask extension objects, bound to the app in ``create_app`` with ``init_app``."""

import time

from flask import has_request_context, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event, exc
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()


def give_sqlite_real_transactions(engine) -> None:
    """Let SQLite transactions and savepoints mean what they do on PostgreSQL.

    Python's sqlite3 (before 3.12) begins a transaction only before a write, so a SAVEPOINT
    issued first opens one behind its back and releasing it commits: a failure after
    ``begin_nested()`` could no longer be rolled back. Here the driver is told to stay
    out of the way and SQLAlchemy's own BEGIN is sent, except for AUTOCOMMIT reads.
    """

    @event.listens_for(engine, "connect")
    def _leave_transactions_to_sqlalchemy(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "checkin")
    def _still_leave_them_to_sqlalchemy(dbapi_connection, _record):
        # Handing back a connection used for an AUTOCOMMIT read resets the driver's level to its
        # default, which begins transactions by itself again.
        if dbapi_connection is not None:
            dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN")


def ping_idle_connections(engine, idle_seconds: float) -> None:
    """Check a pooled connection is alive before use, unless it was in use within ``idle_seconds``.

    SQLAlchemy's ``pool_pre_ping`` checks on every checkout: a round trip to the database on
    every request, which cost a question page about a fifth of its rate. A connection handed
    back moments ago is alive all but certainly (HikariCP skips its check within 500 ms the
    same way); one idle for longer, or found dead, is checked, and the pool replaces a dead one
    before the request uses it.
    """

    @event.listens_for(engine, "connect")
    def _fresh(_dbapi_connection, record):
        record.info["last_used"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _handed_back(_dbapi_connection, record):
        if record is not None:
            record.info["last_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection, record, _proxy):
        if time.monotonic() - record.info.get("last_used", 0.0) <= idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError(f"connection failed its ping: {error}") from error


# Set in a request's WSGI environment once it sends a statement that may change data.
WROTE = "engage.database_written"
# Statements that change nothing stored: a request that sent only these may safely run again.
READ_ONLY_STATEMENTS = frozenset({"SELECT", "SHOW", "SET", "BEGIN", "COMMIT", "ROLLBACK", "PRAGMA"})


def note_writes(engine) -> None:
    """Mark the current request as having written once it sends a statement that may change data."""

    @event.listens_for(engine, "before_cursor_execute")
    def _note(_connection, _cursor, statement, _parameters, _context, _executemany):
        words = statement.split(None, 1)
        if has_request_context() and (not words or words[0].upper() not in READ_ONLY_STATEMENTS):
            request.environ[WROTE] = True


def retry_if_connection_lost(dispatch):
    """Run ``dispatch`` (a request's view), and once more if a pooled connection was found dead.

    The database server may end a connection the pool still holds (a restart, a failover, an
    idle timeout, an administrator); the check in :func:`ping_idle_connections` skips connections
    used moments ago, and may be switched off. SQLAlchemy then invalidates the pool, so a second
    attempt gets a fresh connection. Only a request that has written nothing is run again: one
    that wrote may have committed, and running it twice could store its work twice.
    """
    try:
        return dispatch()
    except exc.DBAPIError as error:
        if not error.connection_invalidated or request.environ.get(WROTE):
            raise
    db.session.rollback()  # hand back the dead connection; nothing was written to undo
    return dispatch()
