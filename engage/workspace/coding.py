"""Assisted coding: analysts code answers against the agreed themes; analysis.AssistedCoder codes the rest.

Functions flush, never commit. The coder is fitted per request on the run's answers (a few seconds for
thousands); what it learns from is what analysts placed by hand in agreed themes.
"""

from __future__ import annotations

import pandas as pd
from flask import current_app
from sqlalchemy import delete, false, select

import analysis
from engage.extensions import db
from engage.models import AnalysedAnswer, AnalysisRun, Answer, SetBy, Theme, ThemeAssignment, ThemeChange

SUGGESTIONS = 5


def agreed_themes(run: AnalysisRun) -> list[Theme]:
    return [t for t in run.themes if t.agreed]


def fit_coder(run: AnalysisRun):
    """An AssistedCoder fitted to the run's answers and the analysts' hand coding in agreed themes."""
    themes = agreed_themes(run)
    frame = [{"code": str(t.id), "description": f"{t.label}. {t.description}".strip(),
              "seed_terms": list(t.top_terms)[:10]} for t in themes]
    rows = db.session.execute(select(AnalysedAnswer.answer_id, Answer.value)
                              .join(Answer, Answer.id == AnalysedAnswer.answer_id)
                              .where(AnalysedAnswer.run_id == run.id).order_by(AnalysedAnswer.answer_id)).all()
    coded = db.session.execute(select(ThemeAssignment.answer_id, ThemeAssignment.theme_id).where(
        ThemeAssignment.theme_id.in_([t.id for t in themes]), ThemeAssignment.set_by == SetBy.PERSON)).all()
    coded = pd.DataFrame([(a, str(t)) for a, t in coded], columns=["response_id", "code"])
    coder = analysis.AssistedCoder(frame=frame, random_state=0,
                                   embeddings=current_app.config.get("ANALYSIS_CODER_EMBEDDINGS", "auto"))
    return coder.fit([v if isinstance(v, str) else "" for _, v in rows], coded, ids=[a for a, _ in rows])


def suggestions(run: AnalysisRun, coder, n: int = SUGGESTIONS) -> list[dict]:
    """The answers to code next (least certain first, as the coder proposes them) with its likely themes."""
    picks = coder.suggest_next(n)
    if picks.empty:
        return []
    ids = [int(i) for i in picks["response_id"]]
    texts = dict(db.session.execute(select(Answer.id, Answer.value).where(Answer.id.in_(ids))).all())
    found = []
    for answer_id, reason in zip(ids, picks["reason"], strict=True):
        confidences = coder.probabilities_.loc[answer_id]
        likely = [int(code) for code, p in confidences.items() if p >= coder.threshold] or \
                 [int(confidences.idxmax())]
        found.append({"answer_id": answer_id, "text": analysis.redact(texts.get(answer_id) or ""),
                      "reason": reason, "likely": likely,
                      "confidence": {int(code): float(p) for code, p in confidences.items()}})
    return found


def agreement(run: AnalysisRun) -> dict:
    """How often analysts kept the coder's suggestion as it was, over the answers coded from suggestions."""
    coded = db.session.scalars(select(ThemeChange).where(ThemeChange.run_id == run.id,
                                                         ThemeChange.action == "coded")).all()
    suggested = [c for c in coded if c.details.get("suggested")]
    kept = sum(1 for c in suggested if sorted(c.details["suggested"]) == sorted(c.details["themes"]))
    hand = db.session.scalar(select(db.func.count(db.distinct(ThemeAssignment.answer_id))).where(
        ThemeAssignment.theme_id.in_([t.id for t in agreed_themes(run)]), ThemeAssignment.set_by == SetBy.PERSON))
    by_coder = db.session.scalar(select(db.func.count(db.distinct(ThemeAssignment.answer_id))).where(
        ThemeAssignment.theme_id.in_([t.id for t in run.themes]), ThemeAssignment.set_by == SetBy.CODER))
    return {"coded_by_hand": hand or 0, "suggested": len(suggested), "kept": kept,
            "kept_share": kept / len(suggested) if suggested else None, "coded_by_coder": by_coder or 0}


def apply_coder(run: AnalysisRun, coder, user) -> int:
    """Code every answer nobody coded by hand with the coder's themes (replacing the coder's earlier codes)."""
    themes = [t.id for t in run.themes]
    hand = set(db.session.scalars(select(ThemeAssignment.answer_id).where(
        ThemeAssignment.theme_id.in_(themes), ThemeAssignment.set_by == SetBy.PERSON)))
    db.session.execute(delete(ThemeAssignment).where(ThemeAssignment.theme_id.in_(themes),
                                                     ThemeAssignment.set_by == SetBy.CODER))
    rows, seen = [], set()
    for row in coder.assign().itertuples(index=False):
        answer_id = int(row.response_id)
        if answer_id in hand:
            continue
        rows.append({"theme_id": int(row.code), "answer_id": answer_id, "weight": float(row.confidence),
                     "is_primary": answer_id not in seen, "set_by": SetBy.CODER})
        seen.add(answer_id)
    # The coder's code replaces the machine's placement of the same answer in the same theme.
    db.session.execute(delete(ThemeAssignment).where(
        ThemeAssignment.theme_id.in_(themes), ThemeAssignment.set_by == SetBy.MACHINE,
        ThemeAssignment.answer_id.in_(seen) if seen else false()))
    if rows:
        db.session.execute(ThemeAssignment.__table__.insert(), rows)
    db.session.add(ThemeChange(run_id=run.id, user_id=user.id, action="applied_coder", details={"answers": len(seen)}))
    for theme in run.themes:
        db.session.expire(theme, ["assignments"])
    db.session.flush()
    return len(seen)
