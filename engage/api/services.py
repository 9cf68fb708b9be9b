"""API tokens, and the API's pages of consultations, responses, themes and assignments. Functions flush, never
commit."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from analysis.redact import redact
from engage import access
from engage.agreed_themes import finished_runs, latest_runs
from engage.datasets import themes
from engage.datasets.answers import AnswersSpec, batches, long_rows_of, wide_row
from engage.extensions import db
from engage.models import AnalysisRun, ApiToken, Consultation, RunStatus, Status, User
from engage.models.api import token_digest
from engage.models.base import utcnow

TOKEN_PREFIX = "eng_"
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
MAX_KEY = 2**63 - 1  # the largest key a BIGINT holds: a cursor beyond it is the empty last page


class BadCursor(ValueError):
    pass


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``, and its secret: shown once, never stored (only its digest is)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=token_digest(secret))
    db.session.add(token)
    db.session.flush()
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of ``user``'s own tokens; None when they have no such token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return None
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def token_for(secret: str) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(secret)))


def note_use(token: ApiToken) -> None:
    now = utcnow()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        token.last_used_at = now  # to the minute: a write per request would be needless
        db.session.flush()


def visible_consultations(user: User) -> list[Consultation]:
    """Consultations ``user`` may see anything of through the API (drafts have nothing), newest first."""
    audiences = access.EXPORTED_BY.get(user.role, frozenset()) | access.BREAKDOWNS_SEEN_BY.get(user.role, frozenset())
    return access.consultations_for(audiences, with_drafts=False)


def find_visible(slug: str) -> Consultation | None:
    consultation = access.find_consultation(slug)
    if consultation is None or consultation.status is Status.DRAFT or consultation.current_version is None:
        return None
    return consultation


def parse_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValueError(raw)
    return int(raw)


def encode_cursor(*numbers: int) -> str:
    """A page's cursor: the numbers it goes on from, joined with dots ("17" or "4611686018427387904.100")."""
    return ".".join(map(str, numbers))


def decode_cursor(cursor: str | None, parts: int) -> list[int] | None:
    """The numbers of a cursor (None when there is none); any cursor of the right shape is a page, maybe empty."""
    if cursor is None:
        return None
    pieces = cursor.split(".")
    if len(pieces) != parts or not all(piece.isascii() and piece.isdigit() and len(piece) <= 19 for piece in pieces):
        raise BadCursor(cursor)
    return [min(int(piece), MAX_KEY) for piece in pieces]


def responses_page(spec: AnswersSpec, layout: str, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    """Up to ``limit`` responses after ``cursor`` (wide: one object each; long: one per answer), and the next cursor."""
    after, seen = decode_cursor(cursor, 2) or (None, 0)
    columns = spec.layout_columns(layout)
    batch = next(batches(spec, after=after, size=limit + 1), [])
    more = len(batch) > limit
    items = []
    for number, (row, values) in enumerate(batch[:limit], seen + 1):
        if layout == "long":
            items += [dict(zip(columns, cells, strict=True)) for cells in long_rows_of(spec, row, values, number)]
        else:
            items.append(dict(zip(columns, wide_row(spec, row, values), strict=True)))
    next_cursor = encode_cursor(batch[limit - 1][0].id, seen + limit) if more else None
    return [_json_ready(item) for item in items], next_cursor


def _json_ready(item: dict) -> dict:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in item.items()}


# -- theme analyses --------------------------------------------------------------------------------------------
MAX_RUN_ID = 2**31 - 1  # an INTEGER key: a larger run is simply not there


def themes_document(consultation: Consultation, whole: bool, with_quotes: bool, minimum: int) -> list[dict]:
    """The consultation's finished runs with their themes, the latest first; each theme's count of answers is
    null below ``minimum`` (as on the plan's evidence). Unless ``whole``, only the current run of each question
    and its agreed themes (as the results pages); quotes only ``with_quotes``."""
    current = latest_runs(consultation)
    found = []
    for run in finished_runs(consultation):
        current_for = sorted(question for question, latest in current.items() if latest.id == run.id)
        if not whole and not current_for:
            continue
        found.append({
            "run": run.id, "questions": list(run.question_ids), "current_for": current_for,
            "based_on": run.based_on_id, "finished_at": run.finished_at.isoformat(),
            "themes": [{"id": t.id, "label": t.label, "description": t.description, "status": t.status,
                        "made_by": t.made_by, "answers": t.answers if t.answers >= minimum else None,
                        "suppressed": t.answers < minimum, "top_terms": t.top_terms,
                        "plan_priorities": t.plan_priorities, "quotes": t.quotes if with_quotes else []}
                       for t in themes.themes_of(run, agreed_only=not whole)],
        })
    return found


def runs_asked_for(consultation: Consultation, raw: str | None) -> list[AnalysisRun] | None:
    """The runs whose assignments to list: the one asked for (None if it is not this consultation's finished
    run), or the current run of each question; ValueError when ``raw`` is not a run number."""
    if raw is None:
        return sorted(set(latest_runs(consultation).values()), key=lambda run: run.id)
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        raise ValueError(raw)
    if int(raw) > MAX_RUN_ID:
        return None
    run = db.session.get(AnalysisRun, int(raw))
    if run is None or run.consultation_id != consultation.id or run.status is not RunStatus.FINISHED:
        return None
    return [run]


def assignments_page(consultation: Consultation, runs: list[AnalysisRun], limit: int,
                     cursor: str | None) -> tuple[list[dict], str | None]:
    """The runs' assignments of up to ``limit`` responses' answers after ``cursor``, and the next cursor."""
    after, seen = decode_cursor(cursor, 2) or (None, 0)
    if not runs:
        return [], None
    batch = next(themes.response_batches(consultation, after=after, seen=seen, size=limit + 1), [])
    page, more = batch[:limit], len(batch) > limit
    names = dict(page)
    labels = {theme.id: redact(theme.label) for run in runs for theme in run.themes}
    key = themes.answer_key(consultation)
    items = [{key: names[response_id], "question": question, "run": run_id, "theme_id": theme_id,
              "theme": labels.get(theme_id, ""), "weight": weight, "primary": bool(primary), "set_by": set_by.value}
             for response_id, question, run_id, theme_id, _, weight, primary, set_by
             in themes.placements(runs, themes.answers_of(runs, list(names)))]
    return items, encode_cursor(page[-1][0], seen + limit) if more else None
