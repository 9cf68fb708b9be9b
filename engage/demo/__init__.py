"""Demo data: the Trafford partnership's consultations, loaded by `flask demo load`."""

import json
from datetime import date, timedelta
from pathlib import Path

from engage.consultations.services import find_consultation, import_consultation
from engage.models.base import utcnow
from engage.plan.services import seed_priorities

DEMO_DIR = Path(__file__).resolve().parent


def demo_documents() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DEMO_DIR.glob("*.json"))]


def dated(document: dict, today: date) -> dict:
    """A demo document with its dates set around ``today`` (the files give them in days) and open by default."""
    meta = dict(document["consultation"])
    opens = today - timedelta(days=meta.pop("opened_days_ago", 14))
    closes = today + timedelta(days=meta.pop("closes_in_days", 70))
    meta |= {"opens_on": opens.isoformat(), "closes_on": closes.isoformat(), "status": meta.get("status", "open")}
    return {**document, "consultation": meta}


def load_demo(today: date | None = None) -> int:
    """Create each demo consultation that does not exist yet (and the plan's priorities when there are none);
    returns how many consultations were created."""
    today = today or utcnow().date()
    created = 0
    for document in demo_documents():
        if find_consultation(document["consultation"]["slug"]) is None:
            import_consultation(dated(document, today))
            created += 1
    seed_priorities()
    return created
