"""Pooled connections are checked before use only after being idle, and a dead one is replaced."""

import pytest
from sqlalchemy import create_engine, exc

from engage.extensions import ping_idle_connections


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    yield engine
    engine.dispose()


@pytest.fixture
def pings(engine, monkeypatch):
    count = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection):
        count.append(1)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return count


def close_behind_the_pools_back(engine):
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
        dbapi_connection = connection.connection.dbapi_connection
    dbapi_connection.close()  # as a database restart or a dropped network link would


def test_a_connection_that_died_while_idle_is_replaced_before_use(engine, pings):
    ping_idle_connections(engine, idle_seconds=0)
    close_behind_the_pools_back(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    assert len(pings) >= 1


def test_a_connection_used_moments_ago_is_not_pinged(engine, pings):
    ping_idle_connections(engine, idle_seconds=60)
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    assert pings == []


def test_without_the_check_a_dead_connection_fails_the_request(engine):
    """What the check is for: the same dead connection, handed out unchecked, fails."""
    ping_idle_connections(engine, idle_seconds=60)
    close_behind_the_pools_back(engine)
    with pytest.raises(exc.DBAPIError):
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
