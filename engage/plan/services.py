"""The locality plan's priorities: seeding, listing, adding, renaming, reordering and retiring. Never commits."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.extensions import db
from engage.locality_plan import priorities
from engage.models import PlanPriority, PriorityKind
from engage.models.base import utcnow

# As the migration seeds them (migrations/versions/0009_plan_priorities.py), for databases built without it.
DEFAULT_PRIORITIES = {
    PriorityKind.ASPIRATION: ["Better lives for the most vulnerable", "Better wellbeing for the population",
                              "Better connections across communities"],
    PriorityKind.DESIGN_GROUP: ["Living Well in My Community", "Living Well at Home", "Short Stay in Hospital"],
    PriorityKind.REFORM_AREA: ["Prevention", "Living well at home", "Urgent care", "Planned care",
                               "Children's services", "Mental health"],
    PriorityKind.ENABLER: ["Digital", "Finance", "Workforce", "Estates", "Communications and engagement"],
}
MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000


class NameTaken(ValueError):
    """Another priority of the same kind already has this name."""


def seed_priorities() -> int:
    """Add the plan's default priorities when there are none; returns how many were added."""
    if db.session.scalar(select(func.count()).select_from(PlanPriority)):
        return 0
    added = 0
    for kind, names in DEFAULT_PRIORITIES.items():
        for position, name in enumerate(names, start=1):
            db.session.add(PlanPriority(kind=kind, name=name, description="", position=position))
            added += 1
    db.session.flush()
    return added


def get(priority_id: int) -> PlanPriority | None:
    return db.session.get(PlanPriority, priority_id)


def _check_name(kind: PriorityKind, name: str, priority_id: int | None = None) -> None:
    query = select(PlanPriority.id).where(PlanPriority.kind == kind,
                                          func.lower(PlanPriority.name) == name.lower())
    if priority_id is not None:
        query = query.where(PlanPriority.id != priority_id)
    if db.session.scalar(query) is not None:
        raise NameTaken(name)


def add(kind: PriorityKind, name: str, description: str = "") -> PlanPriority:
    """A new priority at the end of its kind's list; NameTaken if the kind already has the name."""
    _check_name(kind, name)
    last = db.session.scalar(select(func.max(PlanPriority.position)).where(PlanPriority.kind == kind)) or 0
    priority = PlanPriority(kind=kind, name=name, description=description, position=last + 1)
    db.session.add(priority)
    db.session.flush()
    return priority


def change(priority: PlanPriority, name: str, description: str) -> None:
    """Rename and describe ``priority``; NameTaken if another of its kind has the name."""
    _check_name(priority.kind, name, priority.id)
    priority.name, priority.description = name, description
    db.session.flush()


def move(priority: PlanPriority, step: int) -> bool:
    """Swap ``priority`` with its neighbour among the current ones (step -1 up, +1 down); False at an end."""
    siblings = priorities()[priority.kind]
    if priority not in siblings:
        return False
    index = siblings.index(priority) + step
    if not 0 <= index < len(siblings):
        return False
    order = list(siblings)
    order[index - step], order[index] = order[index], order[index - step]
    for position, sibling in enumerate(order, start=1):
        sibling.position = position
    db.session.flush()
    return True


def retire(priority: PlanPriority) -> None:
    """Take ``priority`` out of the plan, keeping it (and anything tagged with it)."""
    if priority.retired_at is None:
        priority.retired_at = utcnow()
        db.session.flush()


def restore(priority: PlanPriority) -> None:
    """Bring a retired priority back, at the end of its kind's list."""
    if priority.retired_at is not None:
        last = db.session.scalar(select(func.max(PlanPriority.position)).where(
            PlanPriority.kind == priority.kind, PlanPriority.retired_at.is_(None))) or 0
        priority.retired_at, priority.position = None, last + 1
        db.session.flush()
