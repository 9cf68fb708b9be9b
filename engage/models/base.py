"""Column helpers shared by the models."""

import secrets
from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, DateTime, Enum, Integer
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("Naive datetimes are not stored; use engage.models.base.utcnow().")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


# Language code -> text, English as the fallback (see surveys.localise).
LocalisedText = JSON


def enum_column(kind) -> Enum:
    """Store an enum's values (not names) as a plain string column, portable across databases."""
    return Enum(kind, native_enum=False, length=40, values_callable=lambda members: [m.value for m in members])


# A random 62-bit key (SQLite: its 64-bit INTEGER PRIMARY KEY, so rows are stored in key order).
RandomKey = BigInteger().with_variant(Integer, "sqlite")


def random_key() -> int:
    """A key for rows whose order must not show when they were written (drafts, responses, answers).

    Sequential ids would show the order people answered in to anyone who can read the database.
    Two keys collide with odds of about n / 4.6e18 per row when n rows exist.
    """
    return secrets.randbelow(2**62) + 1
