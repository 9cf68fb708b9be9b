"""Notes: text shown among the questions (an XLSForm ``note`` row), never an answer."""

from surveys.types.base import QuestionType, register


@register
class NoteType(QuestionType):
    """Text to read (``text``, and ``hint`` under it). It has no input and no answer: the answer is always None."""

    name = "note"
    comparable = False
    takes_answer = False

    def check(self, spec, choices):
        return ["a note has no answer, so it cannot be required"] if spec.get("required") else []

    def parts(self, question):
        return ()

    def raw_from_value(self, question, value):
        return {}

    def clean(self, question, field):
        return None

    def is_empty(self, question, value):
        return True
