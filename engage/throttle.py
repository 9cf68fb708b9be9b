"""Limits on guessing: staff passwords and resume codes.

Only failed attempts count, over a moving 15-minute window, with the ``limits`` library (counts
in Redis when ``REDIS_URL`` is set, else in this process's memory). A route asks :func:`refused`
before checking a guess and calls :func:`count_failure` after a wrong one; no other request
pays anything. A refused page says how long to wait and keeps what was typed (never a password).
"""

from flask import current_app, request
from flask_babel import gettext as _
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

WINDOW_MINUTES = 15
SIGN_IN_PER_ADDRESS = parse(f"20 per {WINDOW_MINUTES} minutes")
SIGN_IN_PER_ACCOUNT = parse(f"10 per {WINDOW_MINUTES} minutes")
RESUME_PER_ADDRESS = parse(f"30 per {WINDOW_MINUTES} minutes")
KEY_PREFIX = "engage"


def init_app(app) -> None:
    app.extensions["attempt_limiter"] = MovingWindowRateLimiter(storage_from_string(app.config["ATTEMPT_COUNTS_URI"]))


def sign_in_counters(email: str) -> list:
    return [(SIGN_IN_PER_ADDRESS, "sign-in-address", request.remote_addr or ""),
            (SIGN_IN_PER_ACCOUNT, "sign-in-account", email.strip().lower())]


def resume_counters() -> list:
    """The code form and the code link share one count."""
    return [(RESUME_PER_ADDRESS, "resume-address", request.remote_addr or "")]


def refused(counters) -> bool:
    """Whether any counter has reached its limit. If the store is unreachable, nobody is refused."""
    try:
        return any(not _limiter().test(limit, KEY_PREFIX, *key) for limit, *key in counters)
    except Exception:  # a Redis outage must not lock residents out
        current_app.logger.exception("Attempt counts unavailable; not limiting")
        return False


def count_failure(counters) -> None:
    try:
        for limit, *key in counters:
            _limiter().hit(limit, KEY_PREFIX, *key)
    except Exception:
        current_app.logger.exception("Attempt counts unavailable; failure not counted")


def forget_all(app) -> None:
    """Empty every count (tests, or after an incident)."""
    app.extensions["attempt_limiter"].storage.reset()


def wait_message() -> str:
    return _("You have tried too many times. Wait %(minutes)d minutes, then try again.", minutes=WINDOW_MINUTES)


def _limiter() -> MovingWindowRateLimiter:
    return current_app.extensions["attempt_limiter"]
