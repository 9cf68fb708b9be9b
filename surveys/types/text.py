"""Free-text questions: short text and long text."""

from surveys.i18n import N_
from surveys.types.base import QuestionType, check_length, clean_text, fail, register

AUTOCOMPLETE_PATTERN = "^[a-z -]+$"


class TextType(QuestionType):
    default_max_length = 500
    single_line = True
    properties = {
        "max_length": {"type": "integer", "minimum": 1, "maximum": 100000},
        "autocomplete": {"type": "string", "pattern": AUTOCOMPLETE_PATTERN},
    }
    comparable = False

    def max_length(self, question):
        return question.options.get("max_length", self.default_max_length)

    def clean(self, question, field):
        text = clean_text(field.value(), single_line=self.single_line)
        if not text:
            if question.required:
                fail(field, N_("Enter your answer"))
            return None
        check_length(field, text, self.max_length(question))
        return text


@register
class ShortTextType(TextType):
    """One line of text (an input)."""

    name = "short_text"


@register
class LongTextType(TextType):
    """Several lines of text (a character-count textarea)."""

    name = "long_text"
    default_max_length = 2000
    single_line = False
