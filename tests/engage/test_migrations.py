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
