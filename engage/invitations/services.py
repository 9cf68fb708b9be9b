"""Issuing codes to a case's staff and writing their emails. Functions flush, never commit, never read ``request``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from flask import render_template
from flask_babel import gettext as _

from engage import ballot, mail
from engage.i18n import forced_language
from engage.models import CaseStaff, ChangeCase, Status


@dataclass(frozen=True)
class Slip:
    """One printed code: who it is for and the code itself (shown once, never stored)."""

    name: str
    staff_number: str
    code: str


def takes_codes(case: ChangeCase) -> bool:
    """Codes are given out for a survey that exists and has not closed."""
    return case.consultation is not None and case.consultation.status in (Status.DRAFT, Status.OPEN)


def email_codes(case: ChangeCase, people: list[CaseStaff], link: Callable[[str, str], str],
                reminder: bool = False) -> list[EmailMessage]:
    """A fresh code for each of ``people`` (their earlier one stops working), as emails in their own language.

    ``link(code, language)`` is the address that opens the case page with the code.
    """
    messages = []
    for person in people:
        code = ballot.issue_code(person, ballot.EMAIL)
        with forced_language(person.language or "en"):
            subject = (_("Reminder: your code for the staff survey on %(title)s", title=case.title) if reminder
                       else _("Your code for the staff survey on %(title)s", title=case.title))
            body = render_template("invitations/email.txt", case=case, person=person, code=code,
                                   link=link(code, person.language or "en"), reminder=reminder,
                                   closes_on=case.consultation.closes_on)
        messages.append(mail.message(person.email, subject, body))
    return messages


def print_codes(people: list[CaseStaff]) -> list[Slip]:
    """A fresh code for each of ``people`` (their earlier one stops working), for a printed sheet."""
    return [Slip(person.name, person.staff_number, ballot.issue_code(person, ballot.PRINT)) for person in people]


def print_unissued(case: ChangeCase) -> list[Slip]:
    """Codes for everyone without an email address who has never had one."""
    return print_codes(ballot.staff_without_code(case, with_email=False))


def staff_member(case: ChangeCase, staff_id: int) -> CaseStaff | None:
    return next((person for person in case.staff if person.id == staff_id), None)
