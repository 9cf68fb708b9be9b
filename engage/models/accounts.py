"""Staff accounts. Respondents never have one."""

import enum
import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from engage.extensions import db
from engage.models.base import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    ENGAGEMENT_OFFICER = "engagement_officer"
    WORKFORCE_OFFICER = "workforce_officer"
    ANALYST = "analyst"


class User(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def get_id(self) -> str:
        """The session's key for this account: it changes with the password, which signs out every other session."""
        return f"{self.id}:{self.password_fingerprint}"

    @property
    def password_fingerprint(self) -> str:
        """A short digest of the password hash (not the hash itself, which stays out of cookies and links)."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
