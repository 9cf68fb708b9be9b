"""The read-only JSON API: consultations, their responses (as the exports), breakdowns and themes (suppressed as
the pages) and which answer is in which theme (as the workspace).

Every route but the OpenAPI document needs ``Authorization: Bearer TOKEN``; errors are JSON
(``{"error": code, "message": text}``) with the status saying what went wrong.
"""

from functools import wraps

import click
from flask import current_app, g, jsonify, request
from flask.cli import with_appcontext
from sqlalchemy import select

from engage import access
from engage.answering.counts import response_counts
from engage.api import bp, services
from engage.api.openapi import document
from engage.case_reporting import minimum_for
from engage.datasets.answers import LAYOUTS, answers_spec, withheld_because
from engage.datasets.breakdowns import breakdowns as count_breakdowns
from engage.extensions import db
from engage.models import ExportAuditEvent, User
from surveys import localise

API = "/api/v1"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    response = jsonify(error=error.code, message=error.message)
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="engage"'
    return response


def token_required(*parameters):
    """The view needs a token, and takes only the query ``parameters`` named (others are a mistake: 400)."""
    return lambda view: _checked(view, frozenset(parameters))


def _checked(view, parameters):
    @wraps(view)
    def checked(*args, **kwargs):
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(401, "unauthenticated", "Send your API token as the header 'Authorization: Bearer TOKEN'.")
        token = services.token_for(secret.strip())
        if token is None or not token.user.is_active:
            raise ApiError(401, "invalid_token", "This API token is not known. Create one on your API tokens page.")
        if token.revoked:
            raise ApiError(401, "revoked_token", "This API token has been revoked. Create a new one.")
        services.note_use(token)
        db.session.commit()
        unknown = sorted(set(request.args) - parameters)
        if unknown:
            raise ApiError(400, "unknown_parameter", f"Unknown query parameter {unknown[0]!r}: "
                           f"this address takes {', '.join(sorted(parameters)) or 'none'}.")
        g.api_user = token.user
        return view(*args, **kwargs)
    return checked


@bp.get(f"{API}/openapi.json")
def openapi():
    return jsonify(document())


@bp.get(f"{API}/consultations")
@token_required("limit", "cursor")
def consultations():
    limit = _limit()
    try:
        offset = services.decode_cursor(request.args.get("cursor"), 1) or [0]
    except services.BadCursor:
        raise ApiError(400, "bad_cursor", "cursor must be a next_cursor this API returned.") from None
    visible = services.visible_consultations(g.api_user)
    page = visible[offset[0]:offset[0] + limit]
    more = offset[0] + limit < len(visible)
    return jsonify(items=_described(page),
                   next_cursor=services.encode_cursor(offset[0] + limit) if more else None)


@bp.get(f"{API}/consultations/<slug>")
@token_required()
def consultation(slug):
    found = _consultation(slug, access.may_see_breakdowns)
    spec = answers_spec(found)
    return jsonify(_described([found])[0] | {
        "questions": [{"column": c, "question": q, "type": t} for c, q, t in spec.described],
        "labels": [{"question": q, "code": c, "label": label} for q, c, label in spec.labels],
    })


@bp.get(f"{API}/consultations/<slug>/responses")
@token_required("layout", "limit", "cursor")
def responses(slug):
    found = _consultation(slug, access.may_export)
    layout = request.args.get("layout", "wide")
    if layout not in LAYOUTS:
        raise ApiError(400, "bad_layout", "layout must be 'wide' (one item per response) or 'long' (one per answer).")
    limit = _limit()
    _withheld(found)
    spec = answers_spec(found)
    try:
        items, next_cursor = services.responses_page(spec, layout, limit, request.args.get("cursor"))
    except services.BadCursor:
        raise ApiError(400, "bad_cursor", "cursor must be a next_cursor this API returned.") from None
    if "cursor" not in request.args:  # one line in the audit trail per reading, not per page
        db.session.add(ExportAuditEvent(user_id=g.api_user.id, consultation_id=found.id, what="api responses"))
        db.session.commit()
    return jsonify(consultation=found.slug, layout=layout, columns=spec.layout_columns(layout), items=items,
                   next_cursor=next_cursor)


@bp.get(f"{API}/consultations/<slug>/breakdowns")
@token_required()
def breakdowns(slug):
    found = _consultation(slug, access.may_see_breakdowns)
    _withheld(found)
    return jsonify({"consultation": found.slug} | count_breakdowns(found, minimum_for(found)))


@bp.get(f"{API}/consultations/<slug>/themes")
@token_required()
def themes(slug):
    found = _consultation(slug, access.may_see_results)
    _withheld(found)
    whole = access.may_work_on_themes(g.api_user, found)
    minimum = minimum_for(found)
    return jsonify(consultation=found.slug, min_group_size=minimum, runs=services.themes_document(
        found, whole=whole, with_quotes=whole or access.may_export(g.api_user, found), minimum=minimum))


@bp.get(f"{API}/consultations/<slug>/assignments")
@token_required("run", "limit", "cursor")
def assignments(slug):
    found = _consultation(slug, access.may_work_on_themes)
    _withheld(found)
    limit = _limit()
    try:
        runs = services.runs_asked_for(found, request.args.get("run"))
    except ValueError:
        raise ApiError(400, "bad_run", "run must be the number of one of this consultation's analyses.") from None
    if runs is None:
        raise ApiError(404, "not_found", "This consultation has no finished analysis with this run number.")
    try:
        items, next_cursor = services.assignments_page(found, runs, limit, request.args.get("cursor"))
    except services.BadCursor:
        raise ApiError(400, "bad_cursor", "cursor must be a next_cursor this API returned.") from None
    if "cursor" not in request.args:  # one line in the audit trail per reading, not per page
        db.session.add(ExportAuditEvent(user_id=g.api_user.id, consultation_id=found.id, what="api assignments"))
        db.session.commit()
    return jsonify(consultation=found.slug, runs=[run.id for run in runs], items=items, next_cursor=next_cursor)


def _limit() -> int:
    try:
        return services.parse_limit(request.args.get("limit"))
    except ValueError:
        raise ApiError(400, "bad_limit", f"limit must be a whole number from 1 to {services.MAX_LIMIT}.") from None


def _consultation(slug, allowed):
    found = services.find_visible(slug)
    if found is None:
        raise ApiError(404, "not_found", "There is no consultation with this slug.")
    if not allowed(g.api_user, found):
        raise ApiError(403, "forbidden", "Your role does not include this consultation's answers.")
    return found


def _withheld(consultation):
    minimum = minimum_for(consultation)
    total = response_counts([consultation], minimum)[consultation.id]["total"]
    reason = withheld_because(consultation, total, minimum)
    if reason == "open":
        raise ApiError(403, "withheld_until_closed", "A staff survey's answers are not available until it closes.")
    if reason == "few":
        raise ApiError(403, "withheld_too_few",
                       f"A staff survey's answers are available only with at least {minimum} responses.")


def _described(consultations) -> list[dict]:
    minimum = current_app.config["MIN_GROUP_SIZE"]
    counts = response_counts(consultations, minimum)
    user = g.api_user
    return [{
        "slug": c.slug,
        "title": str(localise(c.title, "en")),
        "audience": c.audience.value,
        "status": c.status.value,
        "opens_on": c.opens_on.isoformat(),
        "closes_on": c.closes_on.isoformat(),
        "responses": counts[c.id]["total"],
        "withheld": withheld_because(c, counts[c.id]["total"], minimum),
        "responses_allowed": access.may_export(user, c),
    } for c in consultations]


@bp.cli.command("create")
@click.argument("email")
@click.option("--name", default="Command line", show_default=True, help="What to call the token.")
@with_appcontext
def create_token_command(email, name):
    """Create an API token for the staff member with EMAIL and print it (it is shown only this once)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No staff account has the email address {email}.")
    _, secret = services.create_token(user, name[:100] or "Command line")
    db.session.commit()
    click.echo(secret)
