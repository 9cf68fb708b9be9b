"""Migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from engage import create_app
from engage.extensions import db


def _migrated_diff(url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
            tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    return diff, tables


def test_sqlite_migrations_match_models(tmp_path):
    diff, tables = _migrated_diff("sqlite:///" + str(tmp_path / "migrated.db"))
    assert tables == set(db.metadata.tables)
    assert diff == []


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs DATABASE_URL")
def test_postgresql_upgrade_on_empty_database_matches_models():
    base = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    name = "engage_migrate_" + uuid.uuid4().hex[:10]
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        diff, tables = _migrated_diff(base.rsplit("/", 1)[0] + "/" + name)
        assert tables == set(db.metadata.tables)
        assert diff == []
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _written_answer_survives_0015(url):
    """Upgrade with a written answer stored before 0015: its redacted text is filled in."""
    from flask_migrate import downgrade

    from engage.demo import load_demo
    from tests.engage.test_retention import ANSWERS, answered

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        answered(answers={**ANSWERS, "one_thing": "Ring Jane Doe on 07700 900123"})
        db.session.remove()
        downgrade(revision="0014")
        upgrade()
        stored = dict(db.session.execute(text("SELECT question_id, redacted FROM answer")).all())
        db.session.remove()
        db.engine.dispose()
    assert stored["one_thing"] == "Ring [NAME] on [PHONE]"
    assert stored["services_used"] == "Community nurse; Something else: Podiatry with [NAME]"
    assert stored["ward"] is None and {q for q, t in stored.items() if t} == {"one_thing", "services_used",
                                                                             "eq_religion"}


def test_sqlite_0015_fills_in_the_redacted_text_of_answers_stored_before_it(tmp_path):
    _written_answer_survives_0015("sqlite:///" + str(tmp_path / "filled.db"))


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs DATABASE_URL")
def test_postgresql_0015_fills_in_the_redacted_text_of_answers_stored_before_it():
    base = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    name = "engage_migrate_" + uuid.uuid4().hex[:10]
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _written_answer_survives_0015(base.rsplit("/", 1)[0] + "/" + name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
