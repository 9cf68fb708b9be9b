"""The export audit trail, shared by every area that lets staff download figures or answers. Never commits."""

from engage.extensions import db
from engage.models import Consultation, ExportAuditEvent, User


def record_export(user: User, consultation: Consultation, what: str) -> None:
    """Add a line to the export audit trail: who took which consultation's answers, how, and when."""
    db.session.add(ExportAuditEvent(user_id=user.id, consultation_id=consultation.id, what=what[:40]))
    db.session.flush()
