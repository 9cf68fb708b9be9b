"""Analysts review the machine's themes: rename, describe, agree, merge, split, delete, create, move answers.

Every change adds a row to the run's change log (who, when, what). Functions flush, never commit.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select

from engage.extensions import db
from engage.models import (
    AnalysisRun,
    PlanPriority,
    RunStatus,
    SetBy,
    Theme,
    ThemeAssignment,
    ThemeChange,
    ThemePriority,
)

MAX_LABEL = 200


class ReviewError(ValueError):
    """A change that cannot be made: ``code`` says why, ``field`` names the form field at fault."""

    def __init__(self, code: str, field: str):
        super().__init__(code)
        self.code, self.field = code, field


def _log(run_id: int, user, action: str, theme: Theme | None, **details) -> None:
    db.session.add(ThemeChange(run_id=run_id, user_id=user.id, action=action,
                               theme_id=theme.id if theme else None,
                               theme_label=theme.label if theme else "", details=details))


def _editable(run: AnalysisRun) -> None:
    if run.status is not RunStatus.FINISHED:
        raise ReviewError("not_finished", "run")


def edit(theme: Theme, user, label: str, description: str) -> None:
    _editable(theme.run)
    changed = {}
    if label != theme.label:
        changed["label"] = {"from": theme.label, "to": label}
    if description != theme.description:
        changed["description"] = {"from": theme.description, "to": description}
    if not changed:
        return
    theme.label, theme.description = label, description
    _log(theme.run_id, user, "edited", theme, **changed)
    db.session.flush()


def set_agreed(theme: Theme, user, agreed: bool) -> None:
    _editable(theme.run)
    if theme.agreed == agreed:
        return
    theme.agreed = agreed
    _log(theme.run_id, user, "agreed" if agreed else "unagreed", theme)
    db.session.flush()


def create(run: AnalysisRun, user, label: str, description: str = "") -> Theme:
    _editable(run)
    position = (db.session.scalar(select(func.max(Theme.position)).where(Theme.run_id == run.id)) or 0) + 1
    theme = Theme(run_id=run.id, position=position, label=label, description=description, top_terms=[],
                  quotes=[], created_by=SetBy.PERSON)
    db.session.add(theme)
    db.session.flush()
    _log(run.id, user, "created", theme)
    db.session.flush()
    return theme


def delete_theme(theme: Theme, user) -> None:
    _editable(theme.run)
    _log(theme.run_id, user, "deleted", theme, answers=len(theme.assignments))
    db.session.delete(theme)
    db.session.flush()


def sibling(theme: Theme, other_id, field: str = "target") -> Theme:
    """Another theme of the same run, or :class:`ReviewError`."""
    try:
        other = db.session.get(Theme, int(other_id))
    except (TypeError, ValueError):
        other = None
    if other is None or other.run_id != theme.run_id or other.id == theme.id:
        raise ReviewError("another_theme", field)
    return other


def _move(theme: Theme, target: Theme, answer_ids: set[int]) -> int:
    """Move ``theme``'s answers ``answer_ids`` to ``target`` as a person's placements; returns how many."""
    already = set(db.session.scalars(select(ThemeAssignment.answer_id).where(
        ThemeAssignment.theme_id == target.id, ThemeAssignment.answer_id.in_(answer_ids))))
    moved = 0
    for assignment in list(theme.assignments):
        if assignment.answer_id not in answer_ids:
            continue
        theme.assignments.remove(assignment)
        if assignment.answer_id not in already:
            target.assignments.append(ThemeAssignment(answer_id=assignment.answer_id, weight=1.0,
                                                      is_primary=assignment.is_primary, set_by=SetBy.PERSON))
        moved += 1
    db.session.flush()
    return moved


def _chosen(theme: Theme, answer_ids) -> set[int]:
    try:
        chosen = {int(a) for a in answer_ids}
    except (TypeError, ValueError):
        chosen = set()
    chosen &= {a.answer_id for a in theme.assignments}
    if not chosen:
        raise ReviewError("no_answers", "answers")
    return chosen


def merge(theme: Theme, target: Theme, user) -> None:
    """Put every answer of ``theme`` into ``target`` and delete ``theme``."""
    _editable(theme.run)
    moved = _move(theme, target, {a.answer_id for a in theme.assignments})
    _log(theme.run_id, user, "merged", theme, into=target.id, into_label=target.label, answers=moved)
    db.session.delete(theme)
    db.session.flush()


def move_answers(theme: Theme, answer_ids, target: Theme, user) -> int:
    _editable(theme.run)
    moved = _move(theme, target, _chosen(theme, answer_ids))
    _log(theme.run_id, user, "moved_answers", theme, to=target.id, to_label=target.label, answers=moved)
    return moved


def split(theme: Theme, answer_ids, label: str, user) -> Theme:
    """Move the chosen answers of ``theme`` to a new theme called ``label``."""
    _editable(theme.run)
    chosen = _chosen(theme, answer_ids)
    if not label or len(label) > MAX_LABEL:
        raise ReviewError("no_name", "new_label")
    new = create(theme.run, user, label)
    moved = _move(theme, new, chosen)
    _log(theme.run_id, user, "split", theme, to=new.id, to_label=label, answers=moved)
    db.session.flush()
    return new


def remove_answers(theme: Theme, answer_ids, user) -> int:
    _editable(theme.run)
    chosen = _chosen(theme, answer_ids)
    db.session.execute(delete(ThemeAssignment).where(ThemeAssignment.theme_id == theme.id,
                                                     ThemeAssignment.answer_id.in_(chosen)))
    db.session.expire(theme, ["assignments"])
    _log(theme.run_id, user, "removed_answers", theme, answers=len(chosen))
    db.session.flush()
    return len(chosen)


def code_answer(run: AnalysisRun, answer_id: int, theme_ids, user, suggested=()) -> None:
    """Set the themes of one answer by hand (assisted coding): its other placements in the run go."""
    _editable(run)
    themes = {t.id: t for t in run.themes}
    try:
        wanted = {int(t) for t in theme_ids}
    except (TypeError, ValueError):
        wanted = set()
    if not wanted or not wanted <= set(themes):
        raise ReviewError("no_themes", "themes")
    db.session.execute(delete(ThemeAssignment).where(ThemeAssignment.theme_id.in_(list(themes)),
                                                     ThemeAssignment.answer_id == answer_id))
    for theme_id in sorted(wanted):
        db.session.add(ThemeAssignment(theme_id=theme_id, answer_id=answer_id, weight=1.0,
                                       is_primary=theme_id == min(wanted), set_by=SetBy.PERSON))
    db.session.add(ThemeChange(run_id=run.id, user_id=user.id, action="coded", details={
        "answer": str(answer_id), "themes": sorted(wanted), "suggested": sorted(int(s) for s in suggested)}))
    for theme in themes.values():
        db.session.expire(theme, ["assignments"])
    db.session.flush()


def tags(theme: Theme) -> set[int]:
    """The plan priorities ``theme`` is tagged with (ids)."""
    return set(db.session.scalars(select(ThemePriority.priority_id).where(ThemePriority.theme_id == theme.id)))


def set_priorities(theme: Theme, user, priority_ids) -> bool:
    """Tag an agreed theme with exactly these plan priorities (retired ones cannot be newly tagged).

    Returns whether anything changed; the change log names the priorities added and removed.
    """
    _editable(theme.run)
    if not theme.agreed:
        raise ReviewError("not_agreed", "priorities")
    try:
        wanted = {int(p) for p in priority_ids}
    except (TypeError, ValueError):
        raise ReviewError("no_priority", "priorities") from None
    known = {p.id: p for p in db.session.scalars(select(PlanPriority).where(PlanPriority.id.in_(wanted)))}
    current = tags(theme)
    if set(known) != wanted or any(known[p].retired_at for p in wanted - current):
        raise ReviewError("no_priority", "priorities")
    added, removed = wanted - current, current - wanted
    if not added and not removed:
        return False
    db.session.execute(delete(ThemePriority).where(ThemePriority.theme_id == theme.id,
                                                   ThemePriority.priority_id.in_(removed)))
    db.session.add_all(ThemePriority(theme_id=theme.id, priority_id=p) for p in sorted(added))
    names = {p.id: p.name for p in db.session.scalars(select(PlanPriority).where(
        PlanPriority.id.in_(added | removed)))}
    _log(theme.run_id, user, "tagged", theme, added=sorted(names[p] for p in added),
         removed=sorted(names[p] for p in removed))
    db.session.flush()
    return True


def changes(run: AnalysisRun) -> list[ThemeChange]:
    return list(db.session.scalars(select(ThemeChange).where(ThemeChange.run_id == run.id)
                                   .order_by(ThemeChange.at.desc(), ThemeChange.id.desc())))
