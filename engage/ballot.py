"""Single-use staff codes for a change case's survey: the ballot box's roll. Functions flush, never commit.

A code opens the case page (its questions log) while it is the member of staff's current one, and
the case's staff survey until they send it. Only a hash of a code is stored, with whether its
holder has answered: never when, nor which response (see docs/workforce-officers.md).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select, update

from engage.answering.services import hash_code, normalise_code, random_code
from engage.extensions import db
from engage.models import (
    CaseOfficer,
    CaseStaff,
    ChangeCase,
    Consultation,
    ConsultationEvent,
    EventKind,
    Role,
    StaffCode,
    Status,
    User,
    takes_answers,
)

# 16 characters of 29: about 77 bits, so a code cannot be guessed even without the attempt limit.
CODE_GROUPS = 4
# In the session: case slug -> hash of the code entered for it (a browser may hold codes for several cases).
SESSION_KEY = "staff_codes"
EMAIL = "email"
PRINT = "print"
# What `flask case status` and the officers' pages may do to a case's survey.
CASE_STATUSES = {Status.DRAFT: {Status.OPEN}, Status.OPEN: {Status.CLOSED}, Status.CLOSED: {Status.OPEN}}


class CaseStatusError(ValueError):
    """A status a case's survey cannot move to from where it is."""


def find_case(slug: str) -> ChangeCase | None:
    return db.session.scalar(select(ChangeCase).where(ChangeCase.slug == slug))


def may_run_case(user: User, case: ChangeCase) -> bool:
    """Administrators, and the officers assigned to the case; nobody else, whatever their role."""
    if user.role is Role.ADMINISTRATOR:
        return True
    return db.session.get(CaseOfficer, (case.id, user.id)) is not None


def issue_code(staff: CaseStaff, sent_by: str) -> str:
    """A fresh code for ``staff``; their earlier code stops working. Whether they have answered is kept."""
    code = random_code(CODE_GROUPS)
    row = db.session.get(StaffCode, staff.id)
    if row is None:
        db.session.add(StaffCode(case_staff_id=staff.id, code_hash=hash_code(code), sent_by=sent_by, answered=False))
    else:
        row.code_hash, row.sent_by = hash_code(code), sent_by
    db.session.flush()
    return code


def code_hash(code: str) -> str | None:
    """The stored form of ``code`` if it has the shape of a staff code (any case, dashes optional), else None."""
    if len(normalise_code(code).replace("-", "")) != 4 * CODE_GROUPS:
        return None
    return hash_code(code)


def find_code(code: str) -> StaffCode | None:
    digest = code_hash(code)
    return None if digest is None else db.session.scalar(select(StaffCode).where(StaffCode.code_hash == digest))


def code_for_hash(digest: str) -> StaffCode | None:
    return db.session.scalar(select(StaffCode).where(StaffCode.code_hash == digest))


def case_of(code: StaffCode) -> ChangeCase:
    return code.staff.case


def pass_for_consultation(digests, consultation: Consultation) -> StaffCode | None:
    """Of the codes this browser was given (``digests``), the current one for ``consultation``'s case, if any."""
    digests = list(digests)
    if not digests:
        return None
    query = (select(StaffCode).join(CaseStaff, CaseStaff.id == StaffCode.case_staff_id)
             .join(ChangeCase, ChangeCase.id == CaseStaff.case_id)
             .where(StaffCode.code_hash.in_(digests), ChangeCase.consultation_id == consultation.id))
    return db.session.scalars(query).first()


def survey_takes_answers(case: ChangeCase, today: date) -> bool:
    """Whether the case's staff survey takes answers today: codes expire when it closes."""
    survey = case.consultation
    return survey is not None and takes_answers(survey.status, survey.opens_on, survey.closes_on, today)


def mark_answered(digest: str) -> bool:
    """Record that the holder of the code with ``digest`` has answered; False if it is unknown, replaced or used.

    The code's row is locked first, so two browsers sending with one code cannot both succeed. Then
    one UPDATE rewrites every code of the case, not just this one: PostgreSQL writes an updated row
    at the end of its table, so updating only the answerer's row would store the codes in the order
    they were used, which a dump would show beside the responses stored in the order they arrived.
    """
    table = StaffCode.__table__
    row = db.session.execute(select(table.c.case_staff_id)
                             .where(table.c.code_hash == digest, table.c.answered.is_(False))
                             .with_for_update()).first()
    if row is None:
        return False
    case_id = select(CaseStaff.case_id).where(CaseStaff.id == row.case_staff_id).scalar_subquery()
    db.session.execute(update(table)
                       .where(table.c.case_staff_id.in_(select(CaseStaff.id).where(CaseStaff.case_id == case_id)))
                       .values(answered=or_(table.c.answered, table.c.code_hash == digest)))
    return True


def codes_by_staff(case: ChangeCase) -> dict[int, StaffCode]:
    query = (select(StaffCode).join(CaseStaff, CaseStaff.id == StaffCode.case_staff_id)
             .where(CaseStaff.case_id == case.id))
    return {row.case_staff_id: row for row in db.session.scalars(query)}


def answered_count(case: ChangeCase) -> int:
    return sum(row.answered for row in codes_by_staff(case).values())


def staff_without_code(case: ChangeCase, with_email: bool | None = None) -> list[CaseStaff]:
    """Staff who have never been given a code (``with_email``: only those with, or without, an email address)."""
    issued = codes_by_staff(case)
    return [person for person in case.staff if person.id not in issued
            and (with_email is None or bool(person.email) == with_email)]


def not_answered_with_email(case: ChangeCase) -> list[CaseStaff]:
    """Staff with an email address who have a code and have not answered: those a reminder goes to."""
    issued = codes_by_staff(case)
    return [person for person in case.staff if person.email and person.id in issued
            and not issued[person.id].answered]


def change_case_status(case: ChangeCase, status: Status, actor: User | None = None) -> None:
    """Open or close the case's staff survey, recorded in the survey's history as done by ``actor``."""
    survey = case.consultation
    if survey is None:
        raise CaseStatusError(f"{case.slug} has no staff survey yet")
    if status is survey.status:
        return
    if status not in CASE_STATUSES.get(survey.status, set()):
        raise CaseStatusError(f"{case.slug}: its survey cannot go from {survey.status.value} to {status.value}")
    db.session.add(ConsultationEvent(consultation_id=survey.id, user_id=actor.id if actor else None,
                                     kind=EventKind.STATUS, details={"from": survey.status.value, "to": status.value}))
    survey.status = status
    db.session.flush()
