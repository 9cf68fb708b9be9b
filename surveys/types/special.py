"""Consent checkboxes and the Trafford ward picker."""

from surveys.i18n import N_, localise
from surveys.reference import TRAFFORD_NEIGHBOURHOODS
from surveys.types.base import DONT_KNOW, FLAG_SCHEMA, TEXT_SCHEMA, Choice, QuestionType, builtin, fail, register
from surveys.types.choice import ChoiceType, with_flags

CONSENT_VALUE = "agree"
NOT_IN_TRAFFORD = builtin("not_in_trafford", N_("I don't live in Trafford"), special=True)


@register
class ConsentType(QuestionType):
    """A single "I agree …" checkbox that must be ticked; the answer is True."""

    name = "consent"
    properties = {"label": TEXT_SCHEMA}
    required_properties = ("label",)
    always_required = True
    comparable = False

    def clean(self, question, field):
        raw = field.values()
        if not raw:
            fail(field, N_("Select the box to confirm you agree"))
        if raw != [CONSENT_VALUE]:
            fail(field, N_("Select an option from the list"))
        return True

    def raw_from_value(self, question, value):
        return {"": [CONSENT_VALUE]} if value is True else {}

    def is_empty(self, question, value):
        return value is not True

    def display(self, question, value, lang, gettext=None):
        return str(localise(question.options["label"], lang)) if value is True else ""


@register
class WardType(ChoiceType):
    """A Trafford ward (2023 boundaries), grouped by neighbourhood; the answer is the ward name.

    "I don't live in Trafford" (not_in_trafford) and "I don't know" (dont_know) are always offered.
    """

    name = "ward"
    properties = {"prefer_not_to_say": FLAG_SCHEMA}
    required_properties = ()

    def choices(self, spec):
        wards = [Choice(ward, ward) for wards in TRAFFORD_NEIGHBOURHOODS.values() for ward in wards]
        return tuple(wards) + with_flags((NOT_IN_TRAFFORD, DONT_KNOW), spec)

    def groups(self, question):
        """(neighbourhood, [ward choices]) pairs, for optgroups."""
        by_value = {choice.value: choice for choice in question.choices}
        return [
            (neighbourhood, [by_value[ward] for ward in wards])
            for neighbourhood, wards in TRAFFORD_NEIGHBOURHOODS.items()
        ]
