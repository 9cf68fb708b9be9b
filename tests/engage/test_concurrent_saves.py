"""Two saves of one draft at the same moment (two tabs, a double click, a retry) both keep their answers."""

import threading

import pytest
from sqlalchemy import select, update

from engage.answering import drafts, services
from engage.extensions import db
from engage.models import Draft
from tests.engage.conftest import csrf_token
from tests.engage.journey import page_url, start
from tests.engage.test_entry import new_request_state

TRIALS = 12


def save_elsewhere(answers: dict):
    """What another request saving the only draft (still empty) does, committed on a connection of its own."""
    table = Draft.__table__
    with db.engine.begin() as connection:
        connection.execute(update(table).values(answers=answers, version=table.c.version + 1))


def stored_answers(client=None) -> dict:
    """The answers of the only draft, or of ``client``'s draft; as committed."""
    db.session.rollback()  # see what other connections committed
    if client is None:
        return db.session.scalar(select(Draft.answers))
    with client.session_transaction() as browser:
        token = next(iter(browser["drafts"].values()))
    return db.session.scalar(select(Draft.answers).where(Draft.token == token))


@pytest.mark.parametrize("action", ["continue", "save"])
def test_a_save_keeps_answers_another_request_saved_after_it_read_the_draft(client, monkeypatch, action):
    """"continue" takes the quick path (one UPDATE), "save and come back later" the full route (the ORM).

    The full route reads the draft inside its transaction: on SQLite no other connection can
    commit until that transaction ends, so the race needs PostgreSQL there.
    """
    if action == "save" and db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite lets no one commit between this transaction's read and its write")
    start(client)
    page = client.get(page_url("used"))
    if action == "continue":
        reader, name = drafts, "glance_at_draft"
    else:
        reader, name = services, "find_draft"
    real_read = getattr(reader, name)

    def read_then_another_tab_saves(*args):
        found = real_read(*args)
        save_elsewhere({"ward": "Urmston"})
        return found

    monkeypatch.setattr(reader, name, read_then_another_tab_saves)
    db.session.remove()  # as a new request starts (the tests share one app context)
    response = client.post(page_url("used"), data={"csrf_token": csrf_token(page.text), "used_hub": "yes",
                                                   "action": action})
    assert response.status_code == 302
    assert stored_answers() == {"ward": "Urmston", "used_hub": "yes"}
    assert db.session.scalar(select(Draft.version)) == 3  # created, saved elsewhere, saved here


def post(client, page_id, data, tokens, statuses):
    response = client.post(page_url(page_id), data={"csrf_token": tokens[page_id], "action": "continue", **data})
    statuses.append(response.status_code)


def test_two_pages_posted_at_the_same_moment_are_both_kept(app, monkeypatch):
    """Real threads on real connections; both requests read the draft before either writes."""
    real_glance = drafts.glance_at_draft
    both_read = threading.Barrier(2, timeout=20)

    def glance_then_wait(*args):
        found = real_glance(*args)
        both_read.wait()
        return found

    monkeypatch.setattr(drafts, "glance_at_draft", glance_then_wait)
    for trial in range(TRIALS):
        new_request_state()
        first = app.test_client()
        with monkeypatch.context() as unpatched:
            unpatched.setattr(drafts, "glance_at_draft", real_glance)
            start(first)
            pages = {page_id: csrf_token(first.get(page_url(page_id)).text) for page_id in ("where", "used")}
        second = app.test_client()  # another tab of the same browser
        second.set_cookie("session", first.get_cookie("session").value, domain="localhost")
        db.session.remove()  # nothing of the main thread's holds the database meanwhile
        posts = [(first, "where", {"ward": "Hale"}), (second, "used", {"used_hub": "no"})]
        statuses = []
        threads = [threading.Thread(target=post, args=(*args, pages, statuses)) for args in posts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        both_read.reset()
        assert statuses == [302, 302]
        assert stored_answers(first) == {"ward": "Hale", "used_hub": "no"}, f"trial {trial}"
