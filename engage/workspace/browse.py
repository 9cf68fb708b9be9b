"""The answers of a run: per theme, and in the answer browser with filters and search. Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, cast, func, select

from analysis.redact import redact
from engage.extensions import db
from engage.models import (
    AnalysedAnswer,
    AnalysisRun,
    Answer,
    Audience,
    AuditAction,
    Channel,
    Response,
    ResponseAuditEvent,
    Role,
    Theme,
    ThemeAssignment,
)

PAGE_SIZE = 25
SENTIMENTS = ("positive", "neutral", "negative", "unknown")
MAX_SEARCH = 200


def theme_sizes(run: AnalysisRun) -> dict[int, int]:
    query = (select(ThemeAssignment.theme_id, func.count()).join(Theme, Theme.id == ThemeAssignment.theme_id)
             .where(Theme.run_id == run.id).group_by(ThemeAssignment.theme_id))
    return dict(db.session.execute(query).all())


def theme_answers(theme: Theme, limit: int = 500) -> list[dict]:
    """The theme's answers, strongest first, redacted."""
    query = (select(ThemeAssignment, Answer.value, Answer.question_id)
             .join(Answer, Answer.id == ThemeAssignment.answer_id)
             .where(ThemeAssignment.theme_id == theme.id)
             .order_by(ThemeAssignment.weight.desc(), ThemeAssignment.answer_id).limit(limit))
    return [{"answer_id": a.answer_id, "text": redact(value) if isinstance(value, str) else "",
             "weight": a.weight, "set_by": a.set_by, "question_id": question_id}
            for a, value, question_id in db.session.execute(query)]


@dataclass
class Filters:
    theme: str = ""  # a theme id, "none" for answers without a theme, "" for all
    sentiment: str = ""
    language: str = ""
    channel: str = ""
    search: str = ""
    page: int = 1
    problems: dict = field(default_factory=dict)  # field -> code of what is wrong with it


def read_filters(args, run: AnalysisRun) -> Filters:
    """Filters from the query string; a value that is not offered is dropped and noted in ``problems``."""
    found = Filters()
    theme_ids = {str(t.id) for t in run.themes} | {"none"}
    channels = set() if ballot_box(run) else {c.value for c in Channel}
    offered = {"theme": theme_ids, "sentiment": set(SENTIMENTS), "channel": channels}
    for name, allowed in offered.items():
        value = args.get(name, "").strip()
        if value and value not in allowed:
            found.problems[name] = "unknown"
        elif value:
            setattr(found, name, value)
    language = args.get("language", "").strip()
    if language and (len(language) > 16 or not language.replace("-", "").isalpha()):
        found.problems["language"] = "unknown"
    else:
        found.language = language
    search = args.get("search", "").strip()
    if len(search) > MAX_SEARCH:
        found.problems["search"] = "long"
    found.search = search[:MAX_SEARCH]
    try:
        found.page = max(1, int(args.get("page", 1)))
    except ValueError:
        found.page = 1
    return found


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def languages_of(run: AnalysisRun) -> list[str]:
    return list(db.session.scalars(select(AnalysedAnswer.language).where(AnalysedAnswer.run_id == run.id)
                                   .distinct().order_by(AnalysedAnswer.language)))


def browse(run: AnalysisRun, filters: Filters, user) -> tuple[list[dict], int]:
    """(one page of answers, how many match) for ``filters``; text redacted unless ``user`` may see it whole."""
    query = (select(AnalysedAnswer, Answer.value, Answer.question_id, Response.channel, Response.reference,
                    Response.consultation_id)
             .join(Answer, Answer.id == AnalysedAnswer.answer_id).join(Response, Response.id == Answer.response_id)
             .where(AnalysedAnswer.run_id == run.id))
    if filters.theme == "none":
        themed = (select(ThemeAssignment.answer_id).join(Theme, Theme.id == ThemeAssignment.theme_id)
                  .where(Theme.run_id == run.id))
        query = query.where(AnalysedAnswer.answer_id.not_in(themed))
    elif filters.theme:
        query = query.where(AnalysedAnswer.answer_id.in_(
            select(ThemeAssignment.answer_id).where(ThemeAssignment.theme_id == int(filters.theme))))
    if filters.sentiment:
        query = query.where(AnalysedAnswer.position == filters.sentiment)
    if filters.language:
        query = query.where(AnalysedAnswer.language == filters.language)
    if filters.channel:
        query = query.where(Response.channel == Channel(filters.channel))
    if filters.search:
        query = query.where(cast(Answer.value, String).ilike(f"%{_escape_like(filters.search)}%", escape="\\"))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(query.order_by(AnalysedAnswer.answer_id)
                              .offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    labels = _theme_labels(run, [row[0].answer_id for row in rows])
    whole = shows_personal_details(user, run)
    found = []
    for facts, value, question_id, channel, reference, consultation_id in rows:
        text = value if isinstance(value, str) else ""
        found.append({"answer_id": facts.answer_id, "text": text if whole else redact(text),
                      "language": facts.language, "sentiment": facts.position, "score": facts.sentiment,
                      "channel": None if ballot_box(run) else channel.value, "question_id": question_id,
                      "themes": labels.get(facts.answer_id, [])})
        if whole:
            db.session.add(ResponseAuditEvent(user_id=user.id, action=AuditAction.VIEWED, reference=reference,
                                              consultation_id=consultation_id))
    db.session.flush()
    return found, total


def ballot_box(run: AnalysisRun) -> bool:
    """Staff surveys never show how (or when) an answer came: only what it says."""
    return run.consultation.audience is Audience.STAFF


def shows_personal_details(user, run: AnalysisRun) -> bool:
    """Administrators (the role allowed personal data) see answers whole, except in staff surveys (a ballot box)."""
    return user.role is Role.ADMINISTRATOR and run.consultation.audience is not Audience.STAFF


def _theme_labels(run: AnalysisRun, answer_ids) -> dict[int, list[tuple[int, str]]]:
    if not answer_ids:
        return {}
    query = (select(ThemeAssignment.answer_id, Theme.id, Theme.label).join(Theme, Theme.id == ThemeAssignment.theme_id)
             .where(Theme.run_id == run.id, ThemeAssignment.answer_id.in_(answer_ids)).order_by(Theme.position))
    labels: dict[int, list] = {}
    for answer_id, theme_id, label in db.session.execute(query):
        labels.setdefault(answer_id, []).append((theme_id, label))
    return labels
