"""Helpers for the survey engine tests: a minimal formdata and one-question forms."""

import pytest

from surveys import Survey, build_page_form


class FormData(dict):
    """What WTForms needs from submitted data: name -> list of strings, with getlist."""

    def __init__(self, **fields):
        super().__init__()
        for name, value in fields.items():
            self[name.replace("__", "-")] = value if isinstance(value, list) else [value]

    def getlist(self, name):
        return list(self.get(name, []))


def survey_of(*questions, **extra):
    """A one-page survey of the given question dicts."""
    return Survey.from_dict(
        {"schema_version": 1, "title": "Test", "pages": [{"id": "p1", "questions": list(questions)}], **extra}
    )


def submit(spec, lang="en", **fields):
    """Validate a one-question page submitted with `fields` ("__" stands for "-" in names).

    Returns (ok, answer, field).
    """
    question = survey_of(spec).question(spec["id"])
    form = build_page_form([question], lang, formdata=FormData(**fields))
    ok = form.validate()
    return ok, form[question.id].data, form[question.id]


@pytest.fixture(name="submit")
def submit_fixture():
    return submit


@pytest.fixture(name="FormData")
def form_data_fixture():
    return FormData


@pytest.fixture(name="survey_of")
def survey_of_fixture():
    return survey_of
