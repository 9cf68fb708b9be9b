"""Residents' GET pages read outside a transaction; everything that writes still gets one."""

import pytest

from engage.answering import services
from engage.extensions import db
from engage.models import Answer, Response
from tests.engage.conftest import csrf_token, first_words
from tests.engage.journey import BASE, answer, page_url, start, walk_used_hub


@pytest.mark.parametrize("path", [page_url("used"), BASE, f"{BASE}/check-answers"])
def test_resident_get_pages_read_without_a_transaction(client, sql_statements, path):
    start(client)
    answer(client, "where", {"ward": "Hale"})
    sql_statements.clear()
    assert client.get(path).status_code in (200, 302)
    assert sql_statements and all(kind == "SELECT" for kind, _ in first_words(sql_statements))
    assert {level for _, level in first_words(sql_statements)} == {"AUTOCOMMIT"}


def test_a_post_after_a_get_writes_inside_a_transaction(client, sql_statements):
    start(client)
    page = client.get(page_url("where"))
    assert page.status_code == 200
    sql_statements.clear()
    response = answer(client, "where", {"ward": "Hale"})  # a GET then the POST
    assert response.status_code == 302
    writes = [level for kind, level in first_words(sql_statements) if kind in ("INSERT", "UPDATE", "DELETE")]
    assert writes and "AUTOCOMMIT" not in writes
    assert client.get(page_url("where")).text.count('value="Hale" selected') == 1


def test_starting_after_a_first_visit_writes_inside_a_transaction(client, sql_statements):
    """The first visit has no draft yet, so the page looks the consultation up on its own."""
    page = client.get(BASE)
    assert page.status_code == 200
    sql_statements.clear()
    assert client.post(BASE, data={"csrf_token": csrf_token(page.text)}).status_code == 302
    writes = [level for kind, level in first_words(sql_statements) if kind == "INSERT"]
    assert writes and "AUTOCOMMIT" not in writes


def test_a_failed_submission_after_a_get_stores_nothing(client, monkeypatch):
    """Submitting is all or nothing, on SQLite too, after the session read outside a transaction."""
    walk_used_hub(client)
    check = client.get(f"{BASE}/check-answers")
    original_submit = services.submit

    def submit_then_fail(draft):
        original_submit(draft)
        raise RuntimeError("database went away mid-submit")

    monkeypatch.setattr(services, "submit", submit_then_fail)
    with pytest.raises(RuntimeError):
        client.post(f"{BASE}/check-answers", data={"csrf_token": csrf_token(check.text)})
    db.session.rollback()
    assert db.session.query(Response).count() == 0
    assert db.session.query(Answer).count() == 0


def test_a_sqlite_connection_handed_back_after_an_autocommit_read_still_leaves_transactions_to_sqlalchemy(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("Python's sqlite3 only")
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("SELECT 1")
        dbapi_connection = connection.connection.dbapi_connection
    # "" would be the driver's default: it would begin transactions itself again (see give_sqlite_real_transactions)
    assert dbapi_connection.isolation_level is None
