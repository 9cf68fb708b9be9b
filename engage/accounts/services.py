"""Staff account operations. Functions flush, never commit."""

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Role, User

MIN_PASSWORD_LENGTH = 12


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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters")
    user = User(email=email, name=name.strip(), role=Role(role))
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user
