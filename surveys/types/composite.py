"""Questions with one input per item: ranking and grid (statements × scale)."""

from surveys.i18n import N_
from surveys.types.base import CHOICES_SCHEMA, QuestionType, fail, register
from surveys.types.choice import AGREEMENT_SCALE, authored_choices, choice_label


class PerItemType(QuestionType):
    """Each item (ranking item, grid statement) is its own input, named "<qid>-<item index from 0>"."""

    comparable = False

    def items(self, question):
        raise NotImplementedError

    def parts(self, question):
        return tuple(str(index) for index in range(len(self.items(question))))

    def part_of(self, question, value):
        """The input part ("0", "1"…) of the item with this value."""
        return str([item.value for item in self.items(question)].index(value))

    def anchor_part(self, question):
        return "0"

    def empty_value(self, question):
        return {}

    def raw_from_value(self, question, value):
        if not isinstance(value, dict):
            return {}
        values = [item.value for item in self.items(question)]
        return {str(values.index(key)): [str(answer)] for key, answer in value.items() if key in values}

    def is_empty(self, question, value):
        return not value


@register
class RankingType(PerItemType):
    """Give items ranks 1, 2, 3…; the answer is {item value: rank}. No dragging: one select per item."""

    name = "ranking"
    properties = {
        "choices": {**CHOICES_SCHEMA, "minItems": 2},
        "allow_partial": {"type": "boolean"},
    }
    required_properties = ("choices",)

    def choices(self, spec):
        return tuple(authored_choices(spec))

    def items(self, question):
        return question.choices

    def rank_options(self, question):
        return [str(rank) for rank in range(1, len(question.choices) + 1)]

    def clean(self, question, field):
        allowed = set(self.rank_options(question))
        ranks = {}
        for part, item in zip(self.parts(question), question.choices, strict=True):
            raw = field.value(part).strip()
            if not raw:
                continue
            if raw not in allowed:
                field.part_errors[part] = True
                fail(field, N_("Select an option from the list"))
            ranks[item.value] = int(raw)
        if not ranks:
            if question.required:
                field.part_errors["0"] = True
                fail(field, N_("Rank at least one item"))
            return {}
        duplicated = {rank for rank in ranks.values() if list(ranks.values()).count(rank) > 1}
        if duplicated:
            field.part_errors.update(
                {self.part_of(question, item): True for item, rank in ranks.items() if rank in duplicated}
            )
            fail(field, N_("Give each item a different rank"))
        if not question.options.get("allow_partial") and len(ranks) < len(question.choices):
            field.part_errors.update(
                {self.part_of(question, c.value): True for c in question.choices if c.value not in ranks}
            )
            fail(field, N_("Give every item a rank"))
        if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
            field.part_errors.update({self.part_of(question, item): True for item in ranks})
            fail(field, N_("Ranks must start at 1 with no gaps"))
        return ranks

    def display(self, question, value, lang, gettext=None):
        if not value:
            return ""
        ordered = sorted(value.items(), key=lambda pair: pair[1])
        return "\n".join(f"{rank}. {choice_label(question, item, lang, gettext)}" for item, rank in ordered)


@register
class GridType(PerItemType):
    """Statements each answered on the same scale; the answer is {statement value: scale value}.

    The scale is the agreement scale unless the question gives "scale" choices.
    A required grid needs every statement answered.
    """

    name = "grid"
    properties = {"statements": CHOICES_SCHEMA, "scale": CHOICES_SCHEMA}
    required_properties = ("statements",)

    def choices(self, spec):
        return tuple(authored_choices(spec, "scale")) if "scale" in spec else AGREEMENT_SCALE

    def statements(self, spec):
        return tuple(authored_choices(spec, "statements"))

    def items(self, question):
        return question.statements

    def clean(self, question, field):
        allowed = {choice.value for choice in question.choices}
        answers = {}
        for part, statement in zip(self.parts(question), question.statements, strict=True):
            raw = field.value(part)
            if raw and raw not in allowed:
                field.part_errors[part] = True
                fail(field, N_("Select an option from the list"))
            if raw:
                answers[statement.value] = raw
        missing = [self.part_of(question, s.value) for s in question.statements if s.value not in answers]
        if question.required and missing:
            field.part_errors.update(dict.fromkeys(missing, True))
            fail(field, N_("Select an answer for each statement"))
        return answers

    def display(self, question, value, lang, gettext=None):
        if not value:
            return ""
        lines = []
        for statement in question.statements:
            if statement.value in value:
                answer = choice_label(question, value[statement.value], lang, gettext)
                lines.append(f"{statement.label(lang, gettext)}: {answer}")
        return "\n".join(lines)
