"""Configuration from environment variables, with defaults that run on SQLite."""

import os
import secrets
from pathlib import Path

UPLOAD_LIMIT_MB = 10


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "engage.db")
    # Heroku-style and plain URLs both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(instance_path: str, production: bool) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise RuntimeError("SECRET_KEY must be set when ENGAGE_ENV=production.")
    # Development: one key kept in instance/, so every worker and restart shares it.
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def load(instance_path: str) -> dict:
    production = os.environ.get("ENGAGE_ENV", "development") == "production"
    return {
        "ENGAGE_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        # Pooled connections idle for longer than this are checked before use (engage.extensions).
        "DATABASE_PING_IDLE_SECONDS": float(os.environ.get("DATABASE_PING_IDLE_SECONDS", 1)),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "BABEL_DEFAULT_LOCALE": "en",
        # Times shown to staff (a consultation's history) are the partnership's local time.
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "Europe/London"),
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
        # CSRF tokens last as long as a session; a stale token re-shows the page with the answers kept.
        "WTF_CSRF_TIME_LIMIT": int(os.environ.get("WTF_CSRF_TIME_LIMIT", 8 * 3600)),
        "PARTNERSHIP_NAME": os.environ.get("PARTNERSHIP_NAME", "Trafford Together Health and Care Partnership"),
        # Smallest group ever shown in a breakdown (never lower than 11 by policy).
        "MIN_GROUP_SIZE": max(11, int(os.environ.get("MIN_GROUP_SIZE", 11))),
        # How long an unfinished answer set can be resumed with its code.
        "DRAFT_RETENTION_DAYS": int(os.environ.get("DRAFT_RETENTION_DAYS", 28)),
        # Attempt counters for sign-in and resume codes: shared by every worker in Redis when
        # REDIS_URL is set; otherwise kept in each process's memory.
        "ATTEMPT_COUNTS_URI": os.environ.get("REDIS_URL") or "memory://",
        # Uploaded consultation documents and workbooks, and a checked document sent back to be stored.
        "MAX_CONTENT_LENGTH": UPLOAD_LIMIT_MB * 2**20,
        "MAX_FORM_MEMORY_SIZE": UPLOAD_LIMIT_MB * 2**20,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to believe (0: none).
        "TRUSTED_PROXY_COUNT": int(os.environ.get("TRUSTED_PROXY_COUNT", 0)),
        # SMTP server for staff survey codes and reminders; unset: no email, codes are printed instead.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 25)),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "").lower() in ("1", "true", "yes"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "engage@localhost"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", 10)),
    }
