"""The locality plan's structure: aspirations, strategic design groups, reform areas and enablers.

Agreed themes are tagged with the priorities they speak to (:class:`ThemePriority`): a priority
is never deleted, only retired, so tags and the plan view's history stay whole.
"""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.base import UTCDateTime, enum_column, utcnow


class PriorityKind(enum.StrEnum):
    ASPIRATION = "aspiration"
    DESIGN_GROUP = "design_group"
    REFORM_AREA = "reform_area"
    ENABLER = "enabler"


class PlanPriority(db.Model):
    """One aspiration, strategic design group, reform area or enabler of the locality plan."""

    __tablename__ = "plan_priority"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PriorityKind] = mapped_column(enum_column(PriorityKind))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Order within its kind, from 1; the plan view lists priorities in this order.
    position: Mapped[int]
    # Set when an administrator retires it: it leaves the plan view and cannot be tagged, but stays.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThemePriority(db.Model):
    """An agreed theme tagged with a plan priority it speaks to (the plan view's evidence)."""

    __tablename__ = "theme_priority"

    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("plan_priority.id"), primary_key=True, index=True)

    theme = relationship("Theme")
    priority: Mapped[PlanPriority] = relationship()
