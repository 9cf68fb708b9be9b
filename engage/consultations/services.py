"""Consultation documents (a consultation and its survey in one JSON file) and status changes.

Functions flush, never commit.
"""

import json
from dataclasses import dataclass, field
from datetime import date

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import exists, select

import surveys
from engage.extensions import db
from engage.models import Audience, Consultation, Draft, LadderRung, Response, Status, SurveyVersion
from engage.models.consultations import FEEDBACK_PARTS
from surveys.schema import format_path

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
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


class StatusError(ValueError):
    pass


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
    validator = Draft202012Validator(document_schema(), format_checker=FormatChecker())
    errors = [f"{format_path(e.absolute_path)}: {e.message}"
              for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))]
    meta = document.get("consultation") if isinstance(document, dict) else None
    definition = document.get("survey") if isinstance(document, dict) else None
    if not errors:
        meta = {**meta, "opens_on": date.fromisoformat(meta["opens_on"]),
                "closes_on": date.fromisoformat(meta["closes_on"])}
        if meta["closes_on"] < meta["opens_on"]:
            errors.append("consultation.closes_on: the closing date is before the opening date")
    if isinstance(definition, dict):
        # the survey's own problems are listed even when the consultation's fields have some
        if document.get("append_equality_questions") is True and isinstance(definition.get("pages"), list):
            definition = {**definition, "pages": definition["pages"] + surveys.equality_questions()}
        try:
            surveys.validate_definition(definition)
        except surveys.DefinitionError as error:
            errors += [f"survey.{problem}" for problem in error.errors]
    if errors:
        raise DocumentError(errors)
    return meta, definition


def find_consultation(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def has_answers(consultation: Consultation) -> bool:
    """Whether anyone has started answering (a draft or a response to any of its versions)."""
    versions = select(SurveyVersion.id).where(SurveyVersion.consultation_id == consultation.id)
    drafts = exists().where(Draft.survey_version_id.in_(versions))
    responses = exists().where(Response.consultation_id == consultation.id)
    return db.session.scalar(select(drafts | responses))


def import_consultation(document) -> ImportResult:
    """Create the consultation, or bring an existing one (same slug) up to date with the document.

    A survey that differs from the current version becomes a new version; the old one is kept,
    with everyone who answered or is answering it. The status is set only on creation (default
    draft); afterwards it changes with :func:`change_status`.
    """
    meta, definition = check_document(document)
    consultation = find_consultation(meta["slug"])
    fields = {name: meta[name] for name in TEXT_FIELDS}
    fields |= {"rung": LadderRung(meta["rung"]), "audience": Audience(meta["audience"]),
               "neighbourhoods": meta.get("neighbourhoods", []), "opens_on": meta["opens_on"],
               "closes_on": meta["closes_on"], "feedback": meta.get("feedback")}
    if consultation is None:
        status = Status(meta.get("status", Status.DRAFT))
        if status is Status.FEEDBACK_PUBLISHED and not fields["feedback"]:
            raise DocumentError(["consultation.feedback: a consultation whose feedback is published needs it"])
        consultation = Consultation(slug=meta["slug"], status=status, **fields)
        consultation.versions.append(SurveyVersion(number=1, definition=definition))
        db.session.add(consultation)
        db.session.flush()
        return ImportResult(consultation, created=True, new_version=1)

    problems = []
    if "status" in meta and Status(meta["status"]) != consultation.status:
        problems.append(f"consultation.status: it is {consultation.status.value}; change it with "
                        f"'flask consultation status {consultation.slug} {meta['status']}'")
    if consultation.status is Status.FEEDBACK_PUBLISHED and not fields["feedback"]:
        problems.append("consultation.feedback: it is published; it can be corrected but not removed")
    if fields["audience"] != consultation.audience and has_answers(consultation):
        problems.append("consultation.audience: it cannot change once people have started answering")
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
    db.session.flush()
    return result


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
            **({"feedback": consultation.feedback} if consultation.feedback else {}),
        },
        "survey": consultation.current_version.definition,
    }


def change_status(consultation: Consultation, status: Status) -> None:
    allowed = NEXT_STATUSES[consultation.status]
    if status not in allowed:
        choices = " or ".join(s.value for s in allowed) or "nothing (it is finished)"
        raise StatusError(f"{consultation.slug} is {consultation.status.value}: it can move to {choices}, "
                          f"not {status.value}")
    if status is Status.FEEDBACK_PUBLISHED and not consultation.feedback:
        raise StatusError(f"{consultation.slug} has no feedback yet: add \"feedback\" (we_asked, you_said, "
                          f"we_did) to its document and import it, then publish")
    consultation.status = status
    db.session.flush()


def _canonical(definition: dict) -> str:
    return json.dumps(definition, sort_keys=True, ensure_ascii=False)
