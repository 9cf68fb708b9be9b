"""Codes and reminders emailed by a background job (engage.jobs), so a request never waits for hundreds of emails.

The batch's row says what was queued and, once sent, how it went: how many were sent and who could not
be emailed (by name and staff number, with a reason, never a code). Each person's new code is kept only
if their email was accepted, so a failure leaves their earlier code working. Reminders are counted and
named nowhere on the page: that would show who has not answered.
"""

from __future__ import annotations

import smtplib

from flask import current_app, url_for
from sqlalchemy import select

from engage import ballot, jobs, mail
from engage.extensions import db
from engage.invitations.services import email_codes, staff_member
from engage.models import CaseStaff, ChangeCase, EmailBatch, User
from engage.models.base import utcnow

INVITE, REMIND, NEW_CODE = "invite", "remind", "new_code"
QUEUED, RUNNING, FINISHED, FAILED, LOST = "queued", "running", "finished", "failed", "lost"
REFUSED, SERVER = "refused", "server"  # why one email failed: the server refused it, or the server was lost
SHOWN = 5


def queue(case: ChangeCase, kind: str, actor: User | None, base_url: str, staff_id: int | None = None) -> EmailBatch:
    """A batch row for ``kind``; start it with :func:`start` once committed."""
    batch = EmailBatch(case_id=case.id, kind=kind, staff_id=staff_id, status=QUEUED, base_url=base_url,
                       queued_by_id=actor.id if actor else None, queued_at=utcnow(), sent=0, failures=[])
    db.session.add(batch)
    db.session.flush()
    return batch


def start(batch: EmailBatch) -> None:
    """Hand the batch to the job queue (RQ, the local worker, or inline); the caller commits."""
    batch.queued_on = jobs.enqueue("engage.invitations.batches.run", batch.id)


def unfinished(case: ChangeCase, kind: str) -> bool:
    notice_lost(case)
    query = select(EmailBatch.id).where(EmailBatch.case_id == case.id, EmailBatch.kind == kind,
                                        EmailBatch.status.in_((QUEUED, RUNNING)))
    return db.session.scalar(query.limit(1)) is not None


def recent(case: ChangeCase) -> list[EmailBatch]:
    query = (select(EmailBatch).where(EmailBatch.case_id == case.id)
             .order_by(EmailBatch.queued_at.desc(), EmailBatch.id.desc()).limit(SHOWN))
    return list(db.session.scalars(query))


def _recipients(batch: EmailBatch) -> list:
    case = db.session.get(ChangeCase, batch.case_id)
    if batch.kind == INVITE:
        return ballot.staff_without_code(case, with_email=True)
    if batch.kind == REMIND:
        return ballot.not_answered_with_email(case)
    person = staff_member(case, batch.staff_id) if batch.staff_id else None
    return [person] if person is not None and person.email else []


def _link(code: str, language: str) -> str:
    return url_for("staff_survey.enter", code=code, lang=language, _external=True)


def run(batch_id: int) -> None:
    """The job: email each recipient a fresh code over one connection, and record the outcome. Commits.

    Each person's new code is committed as soon as the server accepts their email, so a worker that stops
    half-way leaves no sent email with a code that does not work, and no unsent one with a code that does.
    """
    batch = db.session.get(EmailBatch, batch_id)
    if batch is None or batch.status != QUEUED:
        return  # a second copy of the job, or one already done
    batch.status = RUNNING
    db.session.commit()
    counted = batch.kind != REMIND  # who was reminded, and how many, would tell who had not answered by then
    with current_app.test_request_context(base_url=batch.base_url):
        case = db.session.get(ChangeCase, batch.case_id)
        people = [(person.id, person.name, person.staff_number) for person in _recipients(batch)]
        failures, tried = [], 0
        try:
            with mail.connection() as smtp:
                for staff_id, name, number in people:
                    tried += 1
                    message = email_codes(case, [db.session.get(CaseStaff, staff_id)], _link,
                                          reminder=batch.kind == REMIND)[0]
                    try:
                        smtp.send_message(message)
                    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError):
                        db.session.rollback()  # their earlier code stays
                        failures.append(_failure(staff_id, name, number, REFUSED))
                        continue
                    except (OSError, smtplib.SMTPException):
                        db.session.rollback()
                        failures.append(_failure(staff_id, name, number, SERVER))
                        break
                    batch.sent += counted
                    db.session.commit()
        except mail.MailError as error:
            current_app.logger.warning("Emails of batch %s for %s not sent: %s", batch.id, case.slug, error)
            batch.status = FAILED
        if batch.status != FAILED:
            failures += [_failure(*person, SERVER) for person in people[tried:]]
            batch.status = FINISHED
    if not counted:
        failures = [{"reason": failure["reason"]} for failure in failures[:1]]
    batch.failures, batch.finished_at = failures, utcnow()
    db.session.commit()


def notice_lost(case: ChangeCase) -> None:
    """Mark as lost the case's batches whose queue can no longer run them (a stopped worker, a job Redis lost)."""
    query = select(EmailBatch).where(EmailBatch.case_id == case.id, EmailBatch.status.in_((QUEUED, RUNNING)))
    for batch in db.session.scalars(query):
        if batch.queued_on and jobs.is_lost(batch.queued_on):
            batch.status, batch.finished_at = LOST, utcnow()
    db.session.flush()


def _failure(staff_id: int, name: str, staff_number: str, reason: str) -> dict:
    return {"staff_id": staff_id, "name": name, "staff_number": staff_number, "reason": reason}
