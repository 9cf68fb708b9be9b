"""Limits on guessing: staff passwords and resume codes.

Only failed attempts count, over a moving 15-minute window. When a limit is reached the page
says how long to wait and keeps what was typed (never the password), with HTTP 429.
"""

from flask import request
from flask_babel import gettext as _

from engage.extensions import limiter

WINDOW_MINUTES = 15
SIGN_IN_PER_ADDRESS = f"20 per {WINDOW_MINUTES} minutes"
SIGN_IN_PER_ACCOUNT = f"10 per {WINDOW_MINUTES} minutes"
RESUME_PER_ADDRESS = f"30 per {WINDOW_MINUTES} minutes"


def failed(response) -> bool:
    """Successful attempts redirect; anything else was a wrong guess (or bad input)."""
    return response.status_code != 302


def submitted_email() -> str:
    return "email:" + request.form.get("email", "").strip().lower()


def wait_message() -> str:
    return _("You have tried too many times. Wait %(minutes)d minutes, then try again.", minutes=WINDOW_MINUTES)


def limit_failures(limit: str, on_breach, key_func=None, methods=None, scope=None):
    """Decorator: refuse further attempts once ``limit`` failures are reached; ``on_breach`` returns the page
    (a Response: Flask-Limiter ignores anything else).

    Routes given the same ``scope`` share one count (two ways of trying a resume code are one limit).
    """
    options = {"key_func": key_func, "methods": methods, "deduct_when": failed, "on_breach": lambda _limit: on_breach()}
    if scope:
        return limiter.shared_limit(limit, scope, **options)
    return limiter.limit(limit, **options)
