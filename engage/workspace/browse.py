"""The answers of a run: per theme, and in the answer browser with filters and search. Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, cast, distinct, func, select

from analysis.breakdown import DEFAULT_MIN_CELL
from analysis.redact import redact
from engage.extensions import db
from engage.groups import Filter, group_withheld, responses_in, split_for
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
    group: tuple[str, str] | None = None  # (neighbourhood or an equality question's id, the group's value)
    entered: dict = field(default_factory=dict)  # group filter key -> what was entered, kept on the page
    problems: dict = field(default_factory=dict)  # field -> code of what is wrong with it
    refused: str = ""  # why the answers of the chosen group are not listed: "group" or "narrow"

    def query(self) -> dict:
        """The filters as query-string arguments (for the pages' links)."""
        return {"theme": self.theme, "sentiment": self.sentiment, "language": self.language,
                "channel": self.channel, "search": self.search, **self.entered}


KNOWN_ARGUMENTS = {"theme", "sentiment", "language", "channel", "search", "page", "lang"}


def read_filters(args, run: AnalysisRun, groups: list[Filter] = ()) -> Filters:
    """Filters from the query string; a value that is not offered is dropped and noted in ``problems``.

    ``groups``: the neighbourhood and equality filters offered (engage.groups.group_filters), one at a time:
    two groups together could single out people that neither does alone.
    """
    found = Filters()
    for offered in groups:
        value = args.get(offered.key, "").strip()
        if value:
            found.entered[offered.key] = value[:MAX_SEARCH]
            if value not in dict(offered.options):
                found.problems[offered.key] = "unknown"
    if len(found.entered) > 1 and not found.problems:
        found.problems[next(iter(found.entered))] = "one_group"
    elif len(found.entered) == 1 and not found.problems:
        found.group = next(iter(found.entered.items()))
    if set(args) - KNOWN_ARGUMENTS - {f.key for f in groups}:
        found.problems.setdefault("filters", "unknown_filter")
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


def _conditions(run: AnalysisRun, filters: Filters, whole: bool = False) -> list:
    found = [AnalysedAnswer.run_id == run.id]
    if filters.theme == "none":
        themed = (select(ThemeAssignment.answer_id).join(Theme, Theme.id == ThemeAssignment.theme_id)
                  .where(Theme.run_id == run.id))
        found.append(AnalysedAnswer.answer_id.not_in(themed))
    elif filters.theme:
        found.append(AnalysedAnswer.answer_id.in_(
            select(ThemeAssignment.answer_id).where(ThemeAssignment.theme_id == int(filters.theme))))
    if filters.sentiment:
        found.append(AnalysedAnswer.position == filters.sentiment)
    if filters.language:
        found.append(AnalysedAnswer.language == filters.language)
    if filters.channel:
        found.append(Response.channel == Channel(filters.channel))
    if filters.search:
        # Readers of redacted text search the redacted text: otherwise a search for a phone number or a name
        # would confirm what the redaction hides.
        searched = cast(Answer.value, String) if whole else Answer.redacted
        found.append(searched.ilike(f"%{_escape_like(filters.search)}%", escape="\\"))
    return found


def _joined(query):
    return query.join(Answer, Answer.id == AnalysedAnswer.answer_id).join(Response, Response.id == Answer.response_id)


def _counted(conditions) -> tuple[int, int]:
    """(answers, responses) matching ``conditions``."""
    query = _joined(select(func.count(), func.count(distinct(Response.id))).select_from(AnalysedAnswer))
    return tuple(db.session.execute(query.where(*conditions)).one())


def _group_refused(run: AnalysisRun, filters: Filters, conditions: list, in_group, minimum: int) -> str:
    """Why the chosen group's answers may not be listed ("" when they may), as the results pages refuse groups.

    The group must be big enough in the whole consultation (and so must everyone outside it), and within
    the answers the other filters match, both the group's part and the rest must be none or ``minimum`` people:
    the list without the group filter, less the list with it, shows the rest.
    """
    key, value = filters.group
    if group_withheld(run.consultation, split_for(run.consultation, key), value, minimum):
        return "group"
    _answers, everyone = _counted(conditions)
    _answers, inside = _counted([*conditions, in_group])
    if 0 < inside < minimum or 0 < everyone - inside < minimum:
        return "narrow"
    return ""


def browse(run: AnalysisRun, filters: Filters, user, minimum: int = DEFAULT_MIN_CELL) -> tuple[list[dict], int | None]:
    """(one page of answers, how many match) for ``filters``; text redacted unless ``user`` may see it whole.

    When the chosen group is too small to look into, nothing is listed or counted: ``([], None)``, and
    ``filters.refused`` says why.
    """
    whole = shows_personal_details(user, run)
    conditions = _conditions(run, filters, whole)
    if filters.group is not None:
        key, value = filters.group
        in_group = Response.id.in_(responses_in(run.consultation, split_for(run.consultation, key), value))
        filters.refused = _group_refused(run, filters, conditions, in_group, minimum)
        if filters.refused:
            return [], None
        conditions.append(in_group)
    query = _joined(select(AnalysedAnswer, Answer.value, Answer.question_id, Response.channel, Response.reference,
                           Response.consultation_id)).where(*conditions)
    total = _counted(conditions)[0]
    rows = db.session.execute(query.order_by(AnalysedAnswer.answer_id)
                              .offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    labels = _theme_labels(run, [row[0].answer_id for row in rows])
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
    return user is not None and user.role is Role.ADMINISTRATOR and run.consultation.audience is not Audience.STAFF


def _theme_labels(run: AnalysisRun, answer_ids) -> dict[int, list[tuple[int, str]]]:
    if not answer_ids:
        return {}
    query = (select(ThemeAssignment.answer_id, Theme.id, Theme.label).join(Theme, Theme.id == ThemeAssignment.theme_id)
             .where(Theme.run_id == run.id, ThemeAssignment.answer_id.in_(answer_ids)).order_by(Theme.position))
    labels: dict[int, list] = {}
    for answer_id, theme_id, label in db.session.execute(query):
        labels.setdefault(answer_id, []).append((theme_id, label))
    return labels
