"""Survey, Page and Question: a validated definition document as objects."""

import copy
from dataclasses import dataclass, field

from surveys.i18n import LANGUAGE_CODES, translation_languages
from surveys.types import QUESTION_TYPES


@dataclass(frozen=True, eq=False)
class Question:
    """One question. `options` is its definition dict (type-specific keys such as max_length)."""

    id: str
    type: str
    text: object
    hint: object
    required: bool
    show_if: dict | None
    options: dict
    qtype: object
    choices: tuple = ()
    statements: tuple = ()

    @classmethod
    def from_dict(cls, spec):
        qtype = QUESTION_TYPES[spec["type"]]()
        return cls(
            id=spec["id"],
            type=spec["type"],
            text=spec["text"],
            hint=spec.get("hint"),
            required=qtype.always_required or bool(spec.get("required", False)),
            show_if=spec.get("show_if"),
            options=spec,
            qtype=qtype,
            choices=tuple(qtype.choices(spec)),
            statements=tuple(qtype.statements(spec)),
        )

    def __repr__(self):
        return f"<Question {self.id} {self.type}>"


@dataclass(frozen=True, eq=False)
class Page:
    id: str
    title: object
    questions: list
    show_if: dict | None = None
    skip_to: list = field(default_factory=list)

    def __repr__(self):
        return f"<Page {self.id}>"


class Survey:
    """A survey definition. Build with Survey.from_dict(doc), which validates it first."""

    def __init__(self, doc):
        self.document = copy.deepcopy(doc)
        self.schema_version = doc["schema_version"]
        self.title = doc["title"]
        self.description = doc.get("description")
        self.pages = [
            Page(
                id=page["id"],
                title=page.get("title"),
                questions=[Question.from_dict(spec) for spec in page["questions"]],
                show_if=page.get("show_if"),
                skip_to=list(page.get("skip_to", [])),
            )
            for page in doc["pages"]
        ]
        self._pages = {page.id: page for page in self.pages}
        self._questions = {q.id: q for page in self.pages for q in page.questions}
        self._page_of = {q.id: page.id for page in self.pages for q in page.questions}

    @classmethod
    def from_dict(cls, doc):
        from surveys.schema import validate_definition

        validate_definition(doc)
        return cls(doc)

    def to_dict(self):
        return copy.deepcopy(self.document)

    @property
    def questions(self):
        return list(self._questions.values())

    def page(self, page_id):
        return self._pages[page_id]

    def question(self, question_id):
        return self._questions[question_id]

    def page_of(self, question_id):
        """The id of the page a question is on."""
        return self._page_of[question_id]

    def page_index(self, page_id):
        return self.pages.index(self._pages[page_id])

    @property
    def languages(self):
        """Language codes every piece of content is translated into (English always)."""
        complete = set(LANGUAGE_CODES)
        for _path, value in content_fields(self.document):
            complete &= translation_languages(value) | {"en"}
        return [code for code in LANGUAGE_CODES if code in complete]

    def missing_translations(self, lang):
        """Paths of content fields with no text in `lang`."""
        return [path for path, value in content_fields(self.document) if lang not in translation_languages(value)]

    def __repr__(self):
        return f"<Survey {len(self.pages)} pages>"


def content_fields(doc):
    """(path, text field) for every translatable text in a definition."""
    yield "title", doc["title"]
    if doc.get("description") is not None:
        yield "description", doc["description"]
    for p, page in enumerate(doc["pages"]):
        if page.get("title") is not None:
            yield f"pages[{p}].title", page["title"]
        for q, spec in enumerate(page["questions"]):
            where = f"pages[{p}].questions[{q}]"
            yield f"{where}.text", spec["text"]
            if spec.get("hint") is not None:
                yield f"{where}.hint", spec["hint"]
            if "label" in spec:
                yield f"{where}.label", spec["label"]
            if spec.get("write_in", {}).get("label") is not None:
                yield f"{where}.write_in.label", spec["write_in"]["label"]
            for key in ("choices", "statements", "scale"):
                for c, choice in enumerate(spec.get(key, [])):
                    yield f"{where}.{key}[{c}].text", choice["text"]
