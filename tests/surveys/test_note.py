"""A note is text among the questions: never an answer, never required, never a condition's subject."""

import pytest

from surveys import DefinitionError, display_answer, validate_definition

NOTE = {"id": "intro", "type": "note", "text": "Thank you for helping."}


def survey_doc(*questions, page_show_if=None):
    second = {"id": "p2", "questions": [{"id": "why", "type": "short_text", "text": "Why?"}]}
    if page_show_if:
        second["show_if"] = page_show_if
    return {"schema_version": 1, "title": "Test",
            "pages": [{"id": "p1", "questions": list(questions)}, second]}


def test_a_note_has_no_answer(survey_of):
    note = survey_of(NOTE).question("intro")
    assert note.qtype.takes_answer is False and note.required is False
    assert display_answer(note, "anything", "en") == ""


@pytest.mark.parametrize(("doc", "message"), [
    (survey_doc(NOTE | {"required": True}),
     "Survey › page 1 ('p1') › question 'intro': a note has no answer, so it cannot be required"),
    (survey_doc(NOTE, page_show_if={"question": "intro", "answered": True}),
     "Survey › page 2 ('p2') › show_if: refers to 'intro', a note, which has no answer"),
])
def test_a_note_cannot_be_required_or_tested(doc, message):
    with pytest.raises(DefinitionError) as caught:
        validate_definition(doc)
    assert message in caught.value.errors
