"""Response headers that protect residents: no framing, no leaking of resume links, a strict CSP, no caching."""

import secrets

from flask import g, request

# The only pages a browser or proxy may keep: the same for everybody, showing nobody's answers or account.
CACHEABLE_ENDPOINTS = frozenset({"static", "healthz", "public.index", "public.accessibility", "public.privacy"})


def csp_nonce() -> str:
    """A per-response nonce for the one inline script (GOV.UK Frontend's js-enabled class)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def add_headers(response):
    nonce = g.pop("csp_nonce", None)
    script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    response.headers.setdefault(
        "Content-Security-Policy",
        f"default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Resume links carry a code: never send page addresses to other sites.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        # Answers and staff pages must not outlive the visit in a shared computer's cache (or the Back button's).
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app):
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(add_headers)
