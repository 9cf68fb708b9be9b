"""Limits on guessing: staff passwords, resume codes and staff survey codes.

Only failed attempts count, over a moving 15-minute window, with the ``limits`` library (counts
in Redis when ``REDIS_URL`` is set, else in this process's memory). A route asks :func:`refused`
before checking a guess and calls :func:`count_failure` after a wrong one; no other request
pays anything. A refused page says how long to wait and keeps what was typed (never a password).

Sign-in follows OWASP's advice against both guessing and lock-out: a browser that has signed in
to an account before carries a signed "device cookie" for it, and its wrong guesses count only
against that browser. Other browsers are limited per account and address (tight), per address
across accounts (broader) and per account from anywhere (a ceiling). So someone guessing from
elsewhere, or from the same office network, never locks the owner out of their usual browser.

If Redis cannot be reached, the counts go on in this process's memory, so the limits still hold
(in each worker), and one warning is logged per outage.
"""

import hashlib
import secrets
import time

from flask import current_app, request
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeTimedSerializer
from limits import parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

WINDOW_MINUTES = 15
SIGN_IN_PER_ACCOUNT_AND_ADDRESS = parse(f"5 per {WINDOW_MINUTES} minutes")
SIGN_IN_PER_ADDRESS = parse(f"20 per {WINDOW_MINUTES} minutes")
SIGN_IN_PER_ACCOUNT = parse(f"30 per {WINDOW_MINUTES} minutes")
SIGN_IN_PER_TRUSTED_BROWSER = parse(f"10 per {WINDOW_MINUTES} minutes")
RESUME_PER_ADDRESS = parse(f"30 per {WINDOW_MINUTES} minutes")
# Staff in one office share an address, and only wrong codes count.
STAFF_CODE_PER_ADDRESS = parse(f"30 per {WINDOW_MINUTES} minutes")
KEY_PREFIX = "engage"

DEVICE_COOKIE = "engage_device"
DEVICE_COOKIE_DAYS = 180
# While the shared store is unreachable, try it again this often (not on every request).
RETRY_SECONDS = 30
STORE_TIMEOUT_SECONDS = 1


class AttemptCounts:
    """Moving-window counts in the shared store, or in this process's memory while it cannot be reached.

    Written here because ``limits`` has no fallback storage, and Flask-Limiter's fallback belongs to its
    per-route decorators, which count every request rather than only the failures.
    """

    def __init__(self, uri: str, logger):
        options = {}
        if uri.startswith("redis"):  # an unreachable Redis must not hold a sign-in up for long
            options = {"socket_connect_timeout": STORE_TIMEOUT_SECONDS, "socket_timeout": STORE_TIMEOUT_SECONDS}
        self.shared = MovingWindowRateLimiter(storage_from_string(uri, wrap_exceptions=True, **options))
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self.logger = logger
        self.in_outage = False
        self.retry_at = 0.0

    def test(self, limit, *key) -> bool:
        return self._run(lambda limiter: limiter.test(limit, KEY_PREFIX, *key))

    def hit(self, limit, *key) -> None:
        self._run(lambda limiter: limiter.hit(limit, KEY_PREFIX, *key))

    def reset(self) -> None:
        self.local.storage.reset()
        self._run(lambda limiter: limiter.storage.reset())

    def _run(self, action):
        if not self.in_outage or time.monotonic() >= self.retry_at:
            try:
                result = action(self.shared)
            except StorageError as error:
                self._outage(error)
            else:
                if self.in_outage:
                    self.in_outage = False
                    self.logger.warning("Attempt counts store reachable again; counting there again")
                return result
        return action(self.local)

    def _outage(self, error) -> None:
        self.retry_at = time.monotonic() + RETRY_SECONDS
        if not self.in_outage:
            self.in_outage = True
            self.logger.warning("Attempt counts store unreachable (%s); counting in this process's memory until it "
                                "is back", error.storage_error)


def init_app(app) -> None:
    app.extensions["attempt_counts"] = AttemptCounts(app.config["ATTEMPT_COUNTS_URI"], app.logger)


def sign_in_counters(email: str) -> list:
    """What a guess at ``email``'s password counts against, from this browser and address."""
    account = email.strip().lower()
    browser = _trusted_browser(account)
    if browser is not None:
        return [(SIGN_IN_PER_TRUSTED_BROWSER, "sign-in-browser", browser)]
    address = request.remote_addr or ""
    return [(SIGN_IN_PER_ACCOUNT_AND_ADDRESS, "sign-in-account-address", account, address),
            (SIGN_IN_PER_ADDRESS, "sign-in-address", address),
            (SIGN_IN_PER_ACCOUNT, "sign-in-account", account)]


def resume_counters() -> list:
    """The code form and the code link share one count."""
    return [(RESUME_PER_ADDRESS, "resume-address", request.remote_addr or "")]


def staff_code_counters() -> list:
    """Wrong staff survey codes, typed or in a link, from this address."""
    return [(STAFF_CODE_PER_ADDRESS, "staff-code-address", request.remote_addr or "")]


def refused(counters) -> bool:
    """Whether any counter has reached its limit."""
    return any(not _counts().test(limit, *key) for limit, *key in counters)


def count_failure(counters) -> None:
    for limit, *key in counters:
        _counts().hit(limit, *key)


def trust_this_browser(response, email: str) -> None:
    """After a successful sign-in: from now on this browser's wrong guesses for ``email`` count on their own."""
    token = _device_serializer().dumps([_account_digest(email.strip().lower()), secrets.token_urlsafe(16)])
    response.set_cookie(DEVICE_COOKIE, token, max_age=DEVICE_COOKIE_DAYS * 86400, path="/staff", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax")


def forget_all(app) -> None:
    """Empty every count (tests, or after an incident)."""
    app.extensions["attempt_counts"].reset()


def wait_message() -> str:
    return _("You have tried too many times. Wait %(minutes)d minutes, then try again.", minutes=WINDOW_MINUTES)


def _trusted_browser(account: str) -> str | None:
    """This browser's own name for counting, if its device cookie is for ``account``."""
    token = request.cookies.get(DEVICE_COOKIE)
    if not token:
        return None
    try:
        digest, browser = _device_serializer().loads(token, max_age=DEVICE_COOKIE_DAYS * 86400)
    except (BadData, ValueError, TypeError):
        return None
    return browser if digest == _account_digest(account) else None


def _account_digest(account: str) -> str:
    # The cookie names the account without showing its email address to whoever reads the browser's cookies.
    return hashlib.sha256(account.encode()).hexdigest()[:16]


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="engage-device-cookie")


def _counts() -> AttemptCounts:
    return current_app.extensions["attempt_counts"]
