"""Writing "We asked, you said, we did" on a page, and a first draft of "You said" from the agreed themes.

The document upload still sets the feedback in every language; this page changes its English. Publishing
is unchanged: a status change. Functions flush, never commit.
"""

from __future__ import annotations

from sqlalchemy import func, select

import surveys
from engage.agreed_themes import agreed_themes, shown
from engage.answering.services import load_survey
from engage.consultations.services import _record
from engage.extensions import db
from engage.models import Audience, Consultation, EventKind, Response, Status, User
from engage.models.consultations import FEEDBACK_PARTS


def english(consultation: Consultation) -> dict[str, str]:
    """Each part's English text as it is now ("" when there is no feedback yet)."""
    feedback = consultation.feedback or {}
    return {part: surveys.localise(feedback[part], "en") if part in feedback else "" for part in FEEDBACK_PARTS}


def tidy(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def save(consultation: Consultation, texts: dict[str, str], actor: User) -> bool:
    """Store each part's English; returns whether anything changed.

    A part whose English changes loses its translations (they no longer say the same): residents read the
    English, marked as English, until the document brings new ones. An unchanged part keeps them.
    """
    before = consultation.feedback or {}
    now = english(consultation)
    feedback = {}
    for part in FEEDBACK_PARTS:
        text = tidy(texts.get(part))
        feedback[part] = before[part] if part in before and text == tidy(now[part]) else {"en": text}
    if feedback == before:
        return False
    consultation.feedback = feedback
    _record(consultation, actor, EventKind.UPDATED, {"changed": ["feedback"], "new_version": None})
    db.session.flush()
    return True


def you_said_draft(consultation: Consultation, minimum: int) -> str | None:
    """A first "You said", in English, from each analysed question's agreed themes; None when there are none.

    Counts follow the results page (engage.agreed_themes.shown): a hidden one is written as "fewer than
    11" when it is, and without a figure when it was hidden only so a smaller one cannot be worked out.
    These are words of the consultation's content (its default language, English), not of the interface.
    """
    if _withheld(consultation, minimum):
        return None
    texts = _question_texts(consultation)
    paragraphs = []
    for question_id, question in agreed_themes(consultation, quotes=0).items():
        counted = [(t, n) for t, n in zip(question.themes, shown(question, minimum), strict=True) if t.answers]
        if not counted:
            continue
        counted.sort(key=lambda pair: (pair[1] is None, -(pair[1] or 0)))  # figures, largest first; then the rest
        items = [f"{t.theme.label} ({_people(n, t.answers, minimum)})" for t, n in counted]
        listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
        asked = texts.get(question_id)
        start = f"When we asked “{asked}”, most" if asked else "Most"
        paragraphs.append(f"{start} often you told us about: {listed}.")
    return "\n\n".join(paragraphs) or None


def with_draft(current: str, draft: str) -> str:
    """What the officer wrote, with the draft after it: never instead of it."""
    current = tidy(current)
    return f"{current}\n\n{draft}" if current else draft


def _people(shown_count: int | None, count: int, minimum: int) -> str:
    if shown_count is not None:
        return "1 person" if shown_count == 1 else f"{shown_count:,} people"
    return f"fewer than {minimum} people" if count < minimum else f"{minimum} or more people"


def _withheld(consultation: Consultation, minimum: int) -> bool:
    """Staff surveys are a ballot box: nothing from their answers before they close with enough responses."""
    if consultation.status is Status.DRAFT:
        return True
    if consultation.audience is not Audience.STAFF:
        return False
    total = db.session.scalar(select(func.count()).select_from(Response)
                              .where(Response.consultation_id == consultation.id))
    return consultation.status is Status.OPEN or total < minimum


def _question_texts(consultation: Consultation) -> dict[str, str]:
    found = {}
    for version in reversed(consultation.versions):
        for question in load_survey(version).questions:
            found.setdefault(question.id, surveys.localise(question.text, "en"))
    return found
