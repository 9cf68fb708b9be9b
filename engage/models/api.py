"""Staff members' tokens for the read-only API. Only a digest of each token is kept."""

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.base import UTCDateTime, utcnow


def token_digest(token: str) -> str:
    """SHA-256 of a token: tokens are long and random, so a fast digest is enough (no salt or stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    # What the owner calls it ("R on my laptop"), to tell their tokens apart.
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped["User"] = relationship()  # noqa: F821  (engage.models.accounts)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
