"""Codes and reminders are emailed by a background job: the request only queues them, the page shows what was
queued and how it went, and an address the server refuses is reported by name without its code."""

import email
import re
import socket
import time
from email import policy

import pytest
from sqlalchemy import select

from engage import ballot, jobs
from engage.extensions import db
from engage.models import EmailBatch, StaffCode
from tests.engage.staff_codes import make_case
from tests.engage.test_staff_invitations import CODE, PAGE, codes_stored, officer, press


class Picky:
    """A local SMTP server (aiosmtpd) that keeps what it receives and refuses the addresses in ``refused``."""

    def __init__(self, refused=()):
        self.refused, self.messages = set(refused), []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def picky_server(app):
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Picky()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    before = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT", "JOBS")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, JOBS="inline")
    yield handler
    app.config.update(before)
    controller.stop()


def wait_for_batch(batch_id, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        batch = db.session.get(EmailBatch, batch_id)
        db.session.commit()
        if batch.status in ("finished", "failed"):
            return batch
        time.sleep(0.2)
    raise AssertionError(f"batch {batch_id} still {batch.status}")


def test_the_local_worker_process_emails_the_codes_and_the_page_shows_the_outcome(app, client, smtp_server):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///:memory:"):
        pytest.skip("a worker process needs a database file or server")
    app.config["JOBS"] = "local"
    case = make_case(staff=3)
    officer(client, case)
    try:
        response = press(client, "send")
        assert response.status_code == 302 and response.location.endswith("#emails")
        batch = db.session.scalar(select(EmailBatch))
        assert batch.kind == "invite" and batch.queued_on == jobs.local_tag()
        queued = client.get(PAGE).text
        assert "The emails were queued" in queued and 'id="emails"' in queued
        batch = wait_for_batch(batch.id)
    finally:
        jobs.shutdown_local_pool()
    assert batch.status == "finished" and batch.sent == 3 and batch.failures == []
    assert sorted(m["To"] for m in smtp_server.messages) == [p.email for p in case.staff]
    page = client.get(PAGE).text
    assert "Emailed codes to 3 members of staff." in page and "Being sent" not in page
    assert codes_stored() == 3
    link = re.search(r"http://localhost(/staff-survey\?\S+)", smtp_server.messages[0].get_content())
    assert link is not None  # the link in the email has the site's address, though the job had no request


def test_an_address_the_server_refuses_is_reported_by_name_and_keeps_its_earlier_code(app, client, picky_server):
    case = make_case(staff=3)
    earlier = ballot.issue_code(case.staff[1], ballot.PRINT)
    db.session.commit()
    picky_server.refused = {case.staff[1].email}
    officer(client, case)
    assert press(client, f"{case.staff[1].id}/new-code").status_code == 302
    assert ballot.find_code(earlier) is not None  # refused: the earlier code still works
    page = client.get(PAGE).text
    assert "Person 1" in page.split('id="emails"')[1] and "refused this address" in page
    assert not CODE.search(page) and earlier not in page
    assert press(client, "send").status_code == 302  # Person 0 and Person 2 have no code yet
    assert sorted(m["To"] for m in picky_server.messages) == [case.staff[0].email, case.staff[2].email]
    batch = db.session.scalars(select(EmailBatch).order_by(EmailBatch.id.desc())).first()
    assert batch.sent == 2 and batch.failures == []
    assert "Emailed codes to 2 members of staff." in client.get(PAGE).text
    stored = " ".join(str(b.failures) for b in db.session.scalars(select(EmailBatch)))
    assert all(code.code_hash not in stored for code in db.session.scalars(select(StaffCode)))


def test_failed_reminders_name_nobody(app, client, picky_server):
    case = make_case(staff=3)
    for person in case.staff:
        ballot.issue_code(person, ballot.EMAIL)
    db.session.commit()
    picky_server.refused = {case.staff[2].email}
    officer(client, case)
    assert press(client, "remind").status_code == 302
    emails = client.get(PAGE).text.split('id="emails"')[1].split('aria-label="Affected staff"')[0]
    assert "Some reminders could not be sent" in emails
    assert "Person 2" not in emails and "Emails not sent" not in emails and "could not be sent:" not in emails
    assert len(picky_server.messages) == 2
    batch = db.session.scalar(select(EmailBatch))
    assert batch.sent == 0 and batch.failures == [{"reason": "refused"}]  # nobody named, nothing counted


def test_a_second_batch_of_the_same_kind_is_not_queued_while_one_is_waiting(app, client, picky_server):
    case = make_case(staff=2)
    db.session.add(EmailBatch(case_id=case.id, kind="invite", status="queued", base_url="http://localhost/",
                              sent=0, failures=[]))
    db.session.commit()
    officer(client, case)
    response = press(client, "send")
    assert response.status_code == 302
    assert "already being sent" in client.get(PAGE).text
    assert picky_server.messages == [] and codes_stored() == 0


def test_a_batch_whose_worker_stopped_is_shown_as_stopped_and_can_be_sent_again(app, client, picky_server):
    import socket as sockets

    case = make_case(staff=2)
    dead = f"local:{sockets.gethostname()}:999999999:deadbeef"  # no such process
    db.session.add(EmailBatch(case_id=case.id, kind="invite", status="running", base_url="http://localhost/",
                              queued_on=dead, sent=0, failures=[]))
    db.session.commit()
    officer(client, case)
    page = client.get(PAGE).text
    assert "The background job stopped before it finished" in page
    assert db.session.scalar(select(EmailBatch)).status == "lost"
    assert press(client, "send").status_code == 302
    assert len(picky_server.messages) == 2 and codes_stored() == 2


def test_a_server_that_stops_answering_mid_batch_leaves_the_rest_without_codes(app, client, picky_server,
                                                                                monkeypatch):
    import smtplib

    case = make_case(staff=3)
    officer(client, case)
    real = smtplib.SMTP.send_message
    calls = []

    def flaky(self, message, *args, **kwargs):
        calls.append(message["To"])
        if len(calls) == 2:
            raise smtplib.SMTPServerDisconnected("gone")
        return real(self, message, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "send_message", flaky)
    assert press(client, "send").status_code == 302
    batch = db.session.scalar(select(EmailBatch))
    assert batch.status == "finished" and batch.sent == 1
    assert [f["name"] for f in batch.failures] == ["Person 1", "Person 2"]
    assert {f["reason"] for f in batch.failures} == {"server"}
    assert codes_stored() == 1  # only the person whose email went has a (working) code
    assert len(picky_server.messages) == 1
    page = client.get(PAGE).text
    assert "2 emails could not be sent" in page and "stopped answering" in page
