"""Questions answered by picking from options: single, multiple, dropdown, yes/no, agreement scale."""

from wtforms.validators import ValidationError

from surveys.i18n import N_, localise
from surveys.types.base import (
    CHOICES_SCHEMA,
    DONT_KNOW,
    FLAG_SCHEMA,
    PREFER_NOT_TO_SAY,
    TEXT_SCHEMA,
    Choice,
    QuestionType,
    builtin,
    check_length,
    clean_text,
    fail,
    register,
)

FLAGS = {"prefer_not_to_say": FLAG_SCHEMA, "dont_know": FLAG_SCHEMA}
WRITE_IN_SCHEMA = {
    "type": "object",
    "properties": {
        "choice": {"type": "string"},
        "label": TEXT_SCHEMA,
        "max_length": {"type": "integer", "minimum": 1, "maximum": 10000},
    },
    "required": ["choice"],
    "additionalProperties": False,
}
DEFAULT_WRITE_IN_LENGTH = 200
AGREEMENT_SCALE = (
    builtin("strongly_agree", N_("Strongly agree")),
    builtin("agree", N_("Agree")),
    builtin("neither", N_("Neither agree nor disagree")),
    builtin("disagree", N_("Disagree")),
    builtin("strongly_disagree", N_("Strongly disagree")),
)
YES_NO = (builtin("yes", N_("Yes")), builtin("no", N_("No")))


def with_flags(choices, spec):
    """Append "Prefer not to say" / "I don't know" when the question asks for them."""
    extra = []
    if spec.get("dont_know"):
        extra.append(DONT_KNOW)
    if spec.get("prefer_not_to_say"):
        extra.append(PREFER_NOT_TO_SAY)
    return tuple(choices) + tuple(extra)


def authored_choices(spec, key="choices"):
    return [Choice(item["value"], item["text"]) for item in spec.get(key, ())]


def choice_label(question, value, lang, gettext):
    for choice in question.choices:
        if choice.value == value:
            return choice.label(lang, gettext)
    return value


class ChoiceType(QuestionType):
    """Pick one option; the answer is the option's value."""

    properties = {"choices": CHOICES_SCHEMA, **FLAGS}
    required_properties = ("choices",)
    supports_write_in = False

    def choices(self, spec):
        return with_flags(authored_choices(spec), spec)

    def check(self, spec, choices):
        write_in = spec.get("write_in")
        if write_in and write_in["choice"] not in {choice.value for choice in choices}:
            return [f"write_in choice {write_in['choice']!r} is not one of the choices"]
        return []

    def write_in(self, question):
        return question.options.get("write_in") if self.supports_write_in else None

    def parts(self, question):
        return ("", "other") if self.write_in(question) else ("",)

    def clean_write_in(self, question, field, chosen):
        """The write-in text when its option is among `chosen`, else ""."""
        write_in = self.write_in(question)
        if write_in["choice"] not in chosen:
            return ""
        text = clean_text(field.value("other"), single_line=True)
        try:
            check_length(field, text, write_in.get("max_length", DEFAULT_WRITE_IN_LENGTH))
        except ValidationError:
            field.part_errors["other"] = True
            raise
        return text

    def clean(self, question, field):
        raw = field.value()
        if not raw:
            if question.required:
                fail(field, N_("Select an answer"))
            return None
        if raw not in {choice.value for choice in question.choices}:
            fail(field, N_("Select an option from the list"))
        if not self.write_in(question):
            return raw
        return {"choice": raw, "other": self.clean_write_in(question, field, [raw])}

    def raw_from_value(self, question, value):
        if isinstance(value, dict):
            return {"": [str(value.get("choice", ""))], "other": [str(value.get("other", ""))]}
        return {"": [value]} if isinstance(value, str) else {}

    def is_empty(self, question, value):
        if isinstance(value, dict):
            return not value.get("choice")
        return not value

    def compared_values(self, question, value):
        if self.is_empty(question, value):
            return []
        return [value["choice"]] if isinstance(value, dict) else [value]

    def display(self, question, value, lang, gettext=None):
        if self.is_empty(question, value):
            return ""
        if isinstance(value, dict):
            label = choice_label(question, value["choice"], lang, gettext)
            return f"{label}: {value['other']}" if value.get("other") else str(label)
        return str(choice_label(question, value, lang, gettext))


@register
class SingleChoiceType(ChoiceType):
    """Radios; with "write_in", the answer is {"choice": value, "other": text}."""

    name = "single_choice"
    properties = {**ChoiceType.properties, "write_in": WRITE_IN_SCHEMA}
    supports_write_in = True


@register
class DropdownType(ChoiceType):
    """A select of options."""

    name = "dropdown"


@register
class YesNoType(ChoiceType):
    """Yes or No; the answer is "yes" or "no"."""

    name = "yes_no"
    properties = dict(FLAGS)
    required_properties = ()

    def choices(self, spec):
        return with_flags(YES_NO, spec)


@register
class AgreementScaleType(ChoiceType):
    """The 5-point scale from Strongly agree to Strongly disagree."""

    name = "agreement_scale"
    properties = dict(FLAGS)
    required_properties = ()

    def choices(self, spec):
        return with_flags(AGREEMENT_SCALE, spec)


@register
class MultipleChoiceType(ChoiceType):
    """Checkboxes; the answer is a list of values, or {"choices": [...], "other": text} with "write_in"."""

    name = "multiple_choice"
    properties = SingleChoiceType.properties
    supports_write_in = True

    def clean(self, question, field):
        order = {choice.value: index for index, choice in enumerate(question.choices)}
        chosen = sorted(set(field.values()) - {""}, key=lambda value: order.get(value, -1))
        if any(value not in order for value in chosen):
            fail(field, N_("Select an option from the list"))
        if not chosen and question.required:
            fail(field, N_("Select at least one answer"))
        for choice in question.choices:
            if choice.special and choice.value in chosen and len(chosen) > 1:
                fail(
                    field,
                    N_("Select “%(option)s” on its own, or select other answers"),
                    option=choice.label(field.lang, field.gettext),
                )
        if not self.write_in(question):
            return chosen
        if not chosen:
            return None
        return {"choices": chosen, "other": self.clean_write_in(question, field, chosen)}

    def empty_value(self, question):
        return None if self.write_in(question) else []

    def raw_from_value(self, question, value):
        if isinstance(value, dict):
            return {"": list(value.get("choices", [])), "other": [str(value.get("other", ""))]}
        return {"": list(value)} if isinstance(value, list) else {}

    def is_empty(self, question, value):
        if isinstance(value, dict):
            return not value.get("choices")
        return not value

    def compared_values(self, question, value):
        if self.is_empty(question, value):
            return []
        return list(value["choices"]) if isinstance(value, dict) else list(value)

    def display(self, question, value, lang, gettext=None):
        if self.is_empty(question, value):
            return ""
        chosen = value["choices"] if isinstance(value, dict) else value
        write_in = self.write_in(question)
        lines = []
        for item in chosen:
            label = str(choice_label(question, item, lang, gettext))
            if isinstance(value, dict) and write_in and item == write_in["choice"] and value.get("other"):
                label = f"{label}: {value['other']}"
            lines.append(label)
        return "\n".join(lines)


def write_in_label(question, lang):
    """The author's label for the write-in input, or "" (the template then uses its default)."""
    write_in = question.options.get("write_in") or {}
    return localise(write_in.get("label"), lang)
