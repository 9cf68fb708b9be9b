"""Flask extension objects, bound to the app in ``create_app`` with ``init_app``."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
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

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN")
