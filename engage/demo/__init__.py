"""Demo data: the Trafford partnership's consultations, loaded by `flask demo load`."""

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

import surveys
from engage.extensions import db
from engage.models import Audience, Consultation, LadderRung, Status, SurveyVersion
from engage.models.base import utcnow

DEMO_DIR = Path(__file__).resolve().parent


def demo_documents() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DEMO_DIR.glob("*.json"))]


def load_demo(today: date | None = None) -> int:
    """Create each demo consultation that does not exist yet; returns how many were created."""
    today = today or utcnow().date()
    created = 0
    for document in demo_documents():
        meta = document["consultation"]
        exists = db.session.scalar(select(Consultation.id).where(Consultation.slug == meta["slug"]))
        if exists is not None:
            continue
        definition = document["survey"]
        if document.get("append_equality_questions"):
            definition = {**definition, "pages": definition["pages"] + surveys.equality_questions()}
        surveys.validate_definition(definition)
        consultation = Consultation(
            slug=meta["slug"],
            title=meta["title"],
            summary=meta["summary"],
            can_influence=meta["can_influence"],
            cannot_influence=meta["cannot_influence"],
            privacy_notice=meta["privacy_notice"],
            rung=LadderRung(meta["rung"]),
            audience=Audience(meta["audience"]),
            neighbourhoods=meta.get("neighbourhoods", []),
            opens_on=today - timedelta(days=meta.get("opened_days_ago", 14)),
            closes_on=today + timedelta(days=meta.get("closes_in_days", 70)),
            status=Status(meta.get("status", "open")),
        )
        consultation.versions.append(SurveyVersion(number=1, definition=definition))
        db.session.add(consultation)
        db.session.flush()
        created += 1
    return created
