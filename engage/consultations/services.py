"""Consultation documents (a consultation and its survey in one JSON file), status changes, and who runs what.

Functions flush, never commit.
"""

import io
import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

import surveys
from engage.access import find_consultation
from engage.consultations.problems import schema_problems
from engage.extensions import db
from engage.models import (
    Audience,
    Consultation,
    ConsultationEvent,
    Draft,
    EventKind,
    LadderRung,
    Response,
    Status,
    SurveyVersion,
    User,
)
from engage.models.consultations import DEFAULT_RETENTION_MONTHS, FEEDBACK_PARTS

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_WORDS = "lowercase letters and digits, with single hyphens between words, such as library-opening-hours"
# Answers are kept at least until feedback is due (12 weeks) and well after; at most ten years.
MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS = 6, 120
TEXT_FIELDS = ("title", "summary", "can_influence", "cannot_influence", "privacy_notice")
# Where a consultation may go next. Reopening a closed one (an extension) is allowed; once
# feedback is published the consultation is finished.
NEXT_STATUSES = {
    Status.DRAFT: (Status.OPEN,),
    Status.OPEN: (Status.CLOSED,),
    Status.CLOSED: (Status.OPEN, Status.FEEDBACK_PUBLISHED),
    Status.FEEDBACK_PUBLISHED: (),
}


class DocumentError(ValueError):
    """A consultation document cannot be imported; ``errors`` lists each problem with where it is."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class MissingWorkbook(ValueError):
    """The document's survey names an XLSForm workbook that was not supplied."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(name)


class StatusError(ValueError):
    """A status change that is not allowed: ``reason`` is "not_next" or "no_feedback"."""

    def __init__(self, consultation: Consultation, status: Status, reason: str):
        self.consultation, self.status, self.reason = consultation, status, reason
        if reason == "no_feedback":
            message = (f"{consultation.slug} has no feedback yet: add \"feedback\" (we_asked, you_said, we_did) "
                       f"to its document and import it, then publish")
        else:
            choices = " or ".join(s.value for s in NEXT_STATUSES[consultation.status]) or "nothing (it is finished)"
            message = (f"{consultation.slug} is {consultation.status.value}: it can move to {choices}, "
                       f"not {status.value}")
        super().__init__(message)


# Workforce officers run staff consultations; engagement officers the rest; administrators all.
@dataclass
class ImportResult:
    consultation: Consultation
    created: bool
    new_version: int | None = None
    changed: list[str] = field(default_factory=list)


def document_schema() -> dict:
    text = surveys.definition_schema()["$defs"]["text"]
    iso_date = {"type": "string", "format": "date"}
    return {
        "type": "object",
        "properties": {
            "consultation": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120},
                    **{name: text for name in TEXT_FIELDS},
                    "rung": {"enum": [r.value for r in LadderRung]},
                    "audience": {"enum": [a.value for a in Audience]},
                    "neighbourhoods": {"type": "array", "uniqueItems": True,
                                       "items": {"enum": sorted(surveys.TRAFFORD_NEIGHBOURHOODS)}},
                    "opens_on": iso_date,
                    "closes_on": iso_date,
                    "status": {"enum": [s.value for s in Status]},
                    "retention_months": {"type": "integer", "minimum": MIN_RETENTION_MONTHS,
                                         "maximum": MAX_RETENTION_MONTHS},
                    "feedback": {
                        "type": "object",
                        "properties": {part: text for part in FEEDBACK_PARTS},
                        "required": list(FEEDBACK_PARTS),
                        "additionalProperties": False,
                    },
                },
                "required": ["slug", *TEXT_FIELDS, "rung", "audience", "opens_on", "closes_on"],
                "additionalProperties": False,
            },
            "survey": {"type": "object"},
            "append_equality_questions": {"type": "boolean"},
        },
        "required": ["consultation", "survey"],
        "additionalProperties": False,
    }


def check_document(document) -> tuple[dict, dict]:
    """The consultation's fields and the survey definition to store; raises DocumentError listing every problem."""
    errors = schema_problems(document, document_schema(), {SLUG_PATTERN: SLUG_WORDS})
    meta = document.get("consultation") if isinstance(document, dict) else None
    definition = document.get("survey") if isinstance(document, dict) else None
    if not errors:
        meta = {**meta, "opens_on": date.fromisoformat(meta["opens_on"]),
                "closes_on": date.fromisoformat(meta["closes_on"])}
        if meta["closes_on"] < meta["opens_on"]:
            errors.append(f"Consultation: 'closes_on' is {meta['closes_on']}, which is before 'opens_on', "
                          f"{meta['opens_on']}: the closing date is before the opening date.")
    if isinstance(definition, dict):
        # the survey's own problems are listed even when the consultation's fields have some
        if document.get("append_equality_questions") is True and isinstance(definition.get("pages"), list):
            definition = {**definition, "pages": definition["pages"] + surveys.equality_questions()}
        try:
            surveys.validate_definition(definition)
        except surveys.DefinitionError as error:
            errors += error.errors
    if errors:
        raise DocumentError(errors)
    return meta, definition


def with_workbook_survey(document, open_workbook) -> tuple[dict, list[str]]:
    """The document with its survey read from an XLSForm workbook when ``survey`` names one, and the warnings.

    The warnings (in English, each with the workbook's name and the sheet and row) say what the
    import left out or changed; they are shown before anything is stored. ``open_workbook(name)``
    gives the workbook's bytes, or None when it was not supplied (MissingWorkbook). The workbook's
    problems are raised as a DocumentError.
    """
    # imported here: pyxform and openpyxl take about a second to import, and only workbook uploads need them
    from surveys.xlsform import XLSFormError, read_xlsform

    name = document.get("survey") if isinstance(document, dict) else None
    if not isinstance(name, str):
        return document, []
    data = open_workbook(name)
    if data is None:
        raise MissingWorkbook(name)
    try:
        imported = read_xlsform(io.BytesIO(data), name=name)
    except XLSFormError as error:
        raise DocumentError([problem if problem.startswith(f"{name}:") else f"{name}: {problem}"
                             for problem in error.errors]) from error
    return {**document, "survey": imported.definition}, [f"{name}: {warning}" for warning in imported.warnings]


def document_audience(document) -> Audience | None:
    """The audience a document names, if it names a valid one (to check who may import it)."""
    meta = document.get("consultation") if isinstance(document, dict) else None
    value = meta.get("audience") if isinstance(meta, dict) else None
    return Audience(value) if isinstance(value, str) and value in {a.value for a in Audience} else None


def has_answers(consultation: Consultation) -> bool:
    """Whether anyone has started answering (a draft or a response to any of its versions)."""
    versions = select(SurveyVersion.id).where(SurveyVersion.consultation_id == consultation.id)
    drafts = exists().where(Draft.survey_version_id.in_(versions))
    responses = exists().where(Response.consultation_id == consultation.id)
    return db.session.scalar(select(drafts | responses))


def import_consultation(document, actor: User | None = None) -> ImportResult:
    """Create the consultation, or bring an existing one (same slug) up to date with the document.

    A survey that differs from the current version becomes a new version; the old one is kept,
    with everyone who answered or is answering it. The status is set only on creation (default
    draft); afterwards it changes with :func:`change_status`. Changes go into the consultation's
    history as made by ``actor`` (None: a command on the server).
    """
    meta, definition = check_document(document)
    consultation = find_consultation(meta["slug"])
    fields = {name: meta[name] for name in TEXT_FIELDS}
    fields |= {"rung": LadderRung(meta["rung"]), "audience": Audience(meta["audience"]),
               "neighbourhoods": meta.get("neighbourhoods", []), "opens_on": meta["opens_on"],
               "closes_on": meta["closes_on"], "feedback": meta.get("feedback"),
               "retention_months": meta.get("retention_months", DEFAULT_RETENTION_MONTHS)}
    if consultation is None:
        status = Status(meta.get("status", Status.DRAFT))
        if status is Status.FEEDBACK_PUBLISHED and not fields["feedback"]:
            raise DocumentError(["Consultation: 'feedback' is missing: a consultation whose feedback is published "
                                 "needs it."])
        consultation = Consultation(slug=meta["slug"], status=status, **fields)
        consultation.versions.append(SurveyVersion(number=1, definition=definition))
        db.session.add(consultation)
        db.session.flush()
        _record(consultation, actor, EventKind.CREATED, {"status": status.value, "version": 1})
        return ImportResult(consultation, created=True, new_version=1)

    problems = []
    if "status" in meta and Status(meta["status"]) != consultation.status:
        problems.append(f"Consultation: 'status' cannot change in a document: it is {consultation.status.value}; "
                        f"change it with "
                        f"'flask consultation status {consultation.slug} {meta['status']}'")
    if consultation.status is Status.FEEDBACK_PUBLISHED and not fields["feedback"]:
        problems.append("Consultation: 'feedback' is missing, but it is published: it can be corrected but not "
                        "removed.")
    if fields["audience"] != consultation.audience and has_answers(consultation):
        problems.append("Consultation: 'audience' cannot change once people have started answering.")
    if problems:
        raise DocumentError(problems)
    result = ImportResult(consultation, created=False)
    for name, value in fields.items():
        if getattr(consultation, name) != value:
            setattr(consultation, name, value)
            result.changed.append(name)
    current = consultation.current_version
    if _canonical(current.definition) != _canonical(definition):
        result.new_version = current.number + 1
        consultation.versions.append(SurveyVersion(number=result.new_version, definition=definition))
    if result.changed or result.new_version:
        _record(consultation, actor, EventKind.UPDATED, {"changed": result.changed, "new_version": result.new_version})
    db.session.flush()
    return result


@dataclass
class Preview:
    """What importing a document would do, read before the import is rolled back."""

    created: bool
    changed: list[str]
    new_version: int | None
    slug: str
    title: dict
    audience: Audience
    rung: LadderRung
    opens_on: date
    closes_on: date
    status: Status
    pages: int
    questions: int


def preview_import(document) -> Preview:
    """Import ``document`` and describe the result; the caller rolls the session back (or commits)."""
    result = import_consultation(document)
    consultation = result.consultation
    pages = document["survey"]["pages"]
    if document.get("append_equality_questions"):
        pages = pages + surveys.equality_questions()
    return Preview(
        created=result.created, changed=result.changed, new_version=result.new_version, slug=consultation.slug,
        title=consultation.title, audience=consultation.audience, rung=consultation.rung,
        opens_on=consultation.opens_on, closes_on=consultation.closes_on, status=consultation.status,
        pages=len(pages), questions=sum(1 for page in pages for spec in page["questions"] if spec["type"] != "note"),
    )


def export_consultation(consultation: Consultation) -> dict:
    """The consultation and its current survey as a document :func:`import_consultation` takes back unchanged."""
    return {
        "consultation": {
            "slug": consultation.slug,
            **{name: getattr(consultation, name) for name in TEXT_FIELDS},
            "rung": consultation.rung.value,
            "audience": consultation.audience.value,
            "neighbourhoods": list(consultation.neighbourhoods),
            "opens_on": consultation.opens_on.isoformat(),
            "closes_on": consultation.closes_on.isoformat(),
            "status": consultation.status.value,
            "retention_months": consultation.retention_months,
            **({"feedback": consultation.feedback} if consultation.feedback else {}),
        },
        "survey": consultation.current_version.definition,
    }


def change_status(consultation: Consultation, status: Status, actor: User | None = None) -> None:
    """Move the consultation on (see NEXT_STATUSES), recorded in its history as done by ``actor``."""
    if status not in NEXT_STATUSES[consultation.status]:
        raise StatusError(consultation, status, "not_next")
    if status is Status.FEEDBACK_PUBLISHED and not consultation.feedback:
        raise StatusError(consultation, status, "no_feedback")
    _record(consultation, actor, EventKind.STATUS, {"from": consultation.status.value, "to": status.value})
    consultation.status = status
    db.session.flush()


def history(consultation: Consultation) -> list[ConsultationEvent]:
    """The consultation's changes, newest first, with who made them."""
    query = (select(ConsultationEvent).where(ConsultationEvent.consultation_id == consultation.id)
             .order_by(ConsultationEvent.at.desc(), ConsultationEvent.id.desc())
             .options(selectinload(ConsultationEvent.user)))
    return list(db.session.scalars(query))


def _record(consultation: Consultation, actor: User | None, kind: EventKind, details: dict) -> None:
    db.session.add(ConsultationEvent(consultation_id=consultation.id, user_id=actor.id if actor else None,
                                     kind=kind, details=details))


def _canonical(definition: dict) -> str:
    return json.dumps(definition, sort_keys=True, ensure_ascii=False)
