"""API tokens, and the API's pages of consultations and responses. Functions flush, never commit."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from engage import access
from engage.datasets.answers import AnswersSpec, batches, long_rows_of, wide_row
from engage.extensions import db
from engage.models import ApiToken, Consultation, Status, User
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
