"""Staff change cases: who sees them, and every change to one (each written to its audit trail). Never commits."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from sqlalchemy import select

from engage.cases.periods import ConsultationPeriod, consultation_period
from engage.extensions import db
from engage.models import (
    Audience,
    CaseAttachment,
    CaseAuditEvent,
    CaseDetails,
    CaseInformation,
    CaseMeeting,
    CaseOfficer,
    CaseRepresentative,
    CaseStaff,
    CaseType,
    ChangeCase,
    Consultation,
    CounterProposal,
    InformationItem,
    RepresentativeKind,
    Role,
    User,
)
from engage.models.base import utcnow

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
GROUP_FIELDS = ("organisation", "directorate", "team", "job_role")


class CaseError(ValueError):
    """``reason``: "closed" (the case is closed), "slug" (taken or malformed), "survey" (not a free staff survey)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Who sees what ---------------------------------------------------------------------------------------------------

def find_case(slug: str) -> ChangeCase | None:
    return db.session.scalar(select(ChangeCase).where(ChangeCase.slug == slug))


def is_assigned(user: User, case: ChangeCase) -> bool:
    return db.session.get(CaseOfficer, (case.id, user.id)) is not None


def may_see(user: User, case: ChangeCase) -> bool:
    """Administrators, and whoever is assigned to the case."""
    return user.role is Role.ADMINISTRATOR or is_assigned(user, case)


def may_create(user: User) -> bool:
    return user.role in (Role.ADMINISTRATOR, Role.WORKFORCE_OFFICER)


def cases_for(user: User) -> list[ChangeCase]:
    query = select(ChangeCase).order_by(ChangeCase.created_at.desc(), ChangeCase.slug)
    if user.role is not Role.ADMINISTRATOR:
        query = query.join(CaseOfficer).where(CaseOfficer.user_id == user.id)
    return list(db.session.scalars(query))


def may_list(user: User) -> bool:
    return may_create(user) or bool(cases_for(user))


def assignable_users() -> list[User]:
    """Active accounts that can be assigned (administrators see every case anyway), workforce officers first."""
    users = db.session.scalars(select(User).where(User.is_active, User.role != Role.ADMINISTRATOR))
    return sorted(users, key=lambda u: (u.role is not Role.WORKFORCE_OFFICER, u.name.lower(), u.id))


def free_staff_surveys(case: ChangeCase | None = None) -> list[Consultation]:
    """Staff consultations not linked to another case (the case's own included)."""
    taken = select(ChangeCase.consultation_id).where(ChangeCase.consultation_id.is_not(None))
    if case is not None:
        taken = taken.where(ChangeCase.id != case.id)
    query = select(Consultation).where(Consultation.audience == Audience.STAFF, Consultation.id.not_in(taken))
    return list(db.session.scalars(query.order_by(Consultation.slug)))


# Reading a case ---------------------------------------------------------------------------------------------------

def details(case: ChangeCase) -> CaseDetails:
    if case.details is None:
        case.details = CaseDetails(proposal="", reasons="", establishment="", proposed_dismissals=0, outcome="")
    return case.details


def is_closed(case: ChangeCase) -> bool:
    return case.details is not None and case.details.closed_at is not None


def information_received_on(case: ChangeCase) -> date | None:
    """The latest day a representative received the written information: the period counts from there."""
    dates = [rep.received_on for rep in case.representatives]
    return max(dates) if dates else None


def period(case: ChangeCase) -> ConsultationPeriod:
    info = details(case)
    return consultation_period(info.proposed_dismissals, information_received_on(case),
                               info.planned_decision_on, info.first_dismissal_on)


def headcounts(case: ChangeCase) -> list[tuple[tuple[str, str, str, str], int]]:
    """(organisation, directorate, team, role) -> how many affected staff, sorted."""
    counts = Counter(tuple(getattr(person, name) for name in GROUP_FIELDS) for person in case.staff)
    return sorted(counts.items())


def checklist(case: ChangeCase) -> dict[InformationItem, date | None]:
    given = {entry.item: entry.given_on for entry in case.information}
    return {item: given.get(item) for item in InformationItem}


def audit_trail(case: ChangeCase) -> list[CaseAuditEvent]:
    query = select(CaseAuditEvent).where(CaseAuditEvent.case_id == case.id)
    return list(db.session.scalars(query.order_by(CaseAuditEvent.at, CaseAuditEvent.id)))


# Changing a case --------------------------------------------------------------------------------------------------

def record(case: ChangeCase, actor: User | None, action: str, **detail) -> None:
    db.session.add(CaseAuditEvent(case_id=case.id, user_id=actor.id if actor else None, action=action,
                                  detail=_plain(detail), at=utcnow()))


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def _open(case: ChangeCase) -> None:
    if is_closed(case):
        raise CaseError("closed")


def create_case(slug: str, title: str, case_type: CaseType, actor: User | None) -> ChangeCase:
    if not SLUG.fullmatch(slug) or find_case(slug) is not None:
        raise CaseError("slug")
    case = ChangeCase(slug=slug, title=title, case_type=case_type)
    db.session.add(case)
    details(case)
    db.session.flush()
    if actor is not None and actor.role is not Role.ADMINISTRATOR:
        db.session.add(CaseOfficer(case_id=case.id, user_id=actor.id))
    record(case, actor, "case_created", slug=slug, title=title, case_type=case_type)
    db.session.flush()
    return case


def update_details(case: ChangeCase, actor: User | None, *, title: str, case_type: CaseType, proposal: str,
                   reasons: str, establishment: str, proposed_dismissals: int, planned_decision_on: date | None,
                   first_dismissal_on: date | None, hr1_sent_on: date | None, consultation_id: int | None) -> None:
    _open(case)
    if consultation_id is not None and consultation_id not in {c.id for c in free_staff_surveys(case)}:
        raise CaseError("survey")
    info = details(case)
    new = {"title": title, "case_type": case_type, "consultation_id": consultation_id}
    new_details = {"proposal": proposal, "reasons": reasons, "establishment": establishment,
                   "proposed_dismissals": proposed_dismissals, "planned_decision_on": planned_decision_on,
                   "first_dismissal_on": first_dismissal_on, "hr1_sent_on": hr1_sent_on}
    changed = {key: value for key, value in new.items() if getattr(case, key) != value}
    changed |= {key: value for key, value in new_details.items() if getattr(info, key) != value}
    for key, value in new.items():
        setattr(case, key, value)
    for key, value in new_details.items():
        setattr(info, key, value)
    if changed:
        record(case, actor, "details_changed", **changed)
    db.session.flush()


def import_staff(case: ChangeCase, actor: User | None, rows: list[dict]) -> tuple[int, int, int]:
    """Make the case's staff list the checked ``rows``: (added, updated, removed). Matched by staff number."""
    _open(case)
    existing = {person.staff_number: person for person in case.staff}
    added = updated = 0
    for row in rows:
        person = existing.pop(row["staff_number"], None)
        if person is None:
            case.staff.append(CaseStaff(**row))
            added += 1
        elif any(getattr(person, key) != value for key, value in row.items()):
            for key, value in row.items():
                setattr(person, key, value)
            updated += 1
    for person in existing.values():
        case.staff.remove(person)
    record(case, actor, "staff_list_imported", rows=len(rows), added=added, updated=updated, removed=len(existing))
    db.session.flush()
    return added, updated, len(existing)


def add_representative(case: ChangeCase, actor: User | None, name: str, kind: RepresentativeKind, body: str,
                       received_on: date) -> CaseRepresentative:
    _open(case)
    representative = CaseRepresentative(name=name, kind=kind, body=body, received_on=received_on)
    case.representatives.append(representative)
    record(case, actor, "representative_added", name=name, kind=kind, body=body, received_on=received_on)
    db.session.flush()
    return representative


def record_information(case: ChangeCase, actor: User | None, given: dict[InformationItem, date | None]) -> None:
    """Set the day each item was given (None: not yet). Only changes are recorded in the trail."""
    _open(case)
    current = {entry.item: entry for entry in case.information}
    changed = {}
    for item, day in given.items():
        entry = current.get(item)
        if entry is not None and day is None:
            case.information.remove(entry)
        elif entry is None and day is not None:
            case.information.append(CaseInformation(item=item, given_on=day))
        elif entry is not None and entry.given_on != day:
            entry.given_on = day
        else:
            continue
        changed[item.value] = day
    if changed:
        record(case, actor, "information_given", **changed)
    db.session.flush()


def add_meeting(case: ChangeCase, actor: User | None, held_on: date, title: str, attendees: list[dict],
                notes: str, files) -> CaseMeeting:
    """A meeting with its checked files (engage.cases.attachments.CheckedFile)."""
    _open(case)
    meeting = CaseMeeting(held_on=held_on, title=title, attendees=attendees, notes=notes)
    for file in files:
        meeting.attachments.append(CaseAttachment(filename=file.filename, content_type=file.content_type,
                                                  size=len(file.data), data=file.data, uploaded_at=utcnow()))
    case.meetings.append(meeting)
    db.session.flush()
    record(case, actor, "meeting_recorded", meeting=meeting.id, held_on=held_on, title=title,
           attendees=attendees, attachments=[file.filename for file in files])
    db.session.flush()
    return meeting


def add_counter_proposal(case: ChangeCase, actor: User | None, received_on: date, from_whom: str,
                         summary: str) -> CounterProposal:
    _open(case)
    proposal = CounterProposal(received_on=received_on, from_whom=from_whom, summary=summary)
    case.counter_proposals.append(proposal)
    db.session.flush()
    record(case, actor, "counter_proposal_received", counter_proposal=proposal.id, received_on=received_on,
           from_whom=from_whom, summary=summary)
    db.session.flush()
    return proposal


def reply_to(case: ChangeCase, actor: User | None, proposal: CounterProposal, reply: str, replied_on: date) -> None:
    _open(case)
    proposal.reply, proposal.replied_on = reply, replied_on
    record(case, actor, "counter_proposal_replied", counter_proposal=proposal.id, replied_on=replied_on, reply=reply)
    db.session.flush()


def set_officers(case: ChangeCase, actor: User | None, user_ids: set[int]) -> None:
    current = {officer.user_id for officer in case.officers}
    allowed = {user.id for user in assignable_users()}
    wanted = user_ids & allowed
    for officer in list(case.officers):
        if officer.user_id not in wanted:
            case.officers.remove(officer)
    for user_id in sorted(wanted - current):
        case.officers.append(CaseOfficer(user_id=user_id))
    if wanted != current:
        record(case, actor, "officers_changed", assigned=sorted(wanted - current), removed=sorted(current - wanted))
    db.session.flush()


def close_case(case: ChangeCase, actor: User | None, outcome: str) -> None:
    _open(case)
    info = details(case)
    info.outcome, info.closed_at = outcome, utcnow()
    record(case, actor, "case_closed", outcome=outcome)
    db.session.flush()


def write_outcome(case: ChangeCase, actor: User | None, outcome: str) -> None:
    """Write or correct what changed: also once the case is closed (decisions can come later)."""
    info = details(case)
    if info.outcome == outcome:
        return
    info.outcome = outcome
    record(case, actor, "outcome_written", outcome=outcome)
    db.session.flush()


def set_interim_results(case: ChangeCase, actor: User | None, allowed: bool) -> None:
    """Allow (or withdraw) the staff survey's results before it closes; who and when go in the audit trail."""
    _open(case)
    info = details(case)
    if info.interim_results == allowed:
        return
    info.interim_results = allowed
    record(case, actor, "interim_results_allowed" if allowed else "interim_results_withdrawn")
    db.session.flush()
