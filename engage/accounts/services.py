"""Staff account operations. Functions flush, never commit."""

import secrets
from functools import cache

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from engage.extensions import db
from engage.models import Role, User

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
# A set-password link works once (it names the password it replaces) and for this long.
SET_PASSWORD_HOURS = 72


class AccountError(ValueError):
    pass


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, name: str, role: Role | str, password: str) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"Not an email address: {email!r}")
    if find_by_email(email) is not None:
        raise AccountError(f"An account for {email} already exists")
    _check_password_length(password)
    user = User(email=email, name=name.strip(), role=Role(role))
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active account with this email and password, or None.

    Every attempt checks one password hash, so the time taken does not tell which emails have an account.
    """
    user = find_by_email(email)
    if user is None:
        check_password_hash(_unknown_account_hash(), password)
        return None
    matches = user.check_password(password)
    return user if matches and user.is_active else None


@cache
def _unknown_account_hash() -> str:
    """The hash of a password nobody knows, made as :meth:`User.set_password` makes them (same algorithm and cost)."""
    return generate_password_hash(secrets.token_urlsafe(32))


def add_account(email: str, name: str, role: Role | str) -> User:
    """An account with no password anyone knows: its owner sets one with :func:`set_password_token`'s link."""
    return create_user(email, name, role, secrets.token_urlsafe(32))


def reset_password(user: User) -> None:
    """Replace the password with one nobody knows: it stops working, and so do every session and earlier link."""
    change_password(user, secrets.token_urlsafe(32))


def accounts() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.is_active.desc(), func.lower(User.name))))


def change_password(user: User, password: str) -> None:
    _check_password_length(password)
    user.set_password(password)
    db.session.flush()


def _check_password_length(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")


def set_password_token(user: User) -> str:
    """A link token for ``user`` to set a password: valid for SET_PASSWORD_HOURS, and only until it is used."""
    return _serializer().dumps([user.id, user.password_fingerprint])


def user_for_token(token: str) -> User | None:
    """The active account a set-password token is for, or None if it is forged, expired or already used."""
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=SET_PASSWORD_HOURS * 3600)
    except (BadData, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or user.password_fingerprint != fingerprint:
        return None
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="engage-set-password")
