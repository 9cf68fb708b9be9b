"""Schema problems in the officer's terms: page, question and field, and what was probably meant."""

import pytest

from surveys import DefinitionError, validate_definition
from surveys.problems import KEYWORDS, STRUCTURAL_KEYWORDS
from surveys.schema import definition_schema

ABOUT_YOU = 'Survey › page 2 ("About you") › question \'ward\''


def schema_keywords(schema) -> set[str]:
    """Every JSON-schema keyword ``schema`` uses, at any depth (names under properties and $defs are not)."""
    found = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for subschema in value.values():
                    found |= schema_keywords(subschema)
            elif key == "allOf":
                for subschema in value:
                    found |= schema_keywords(subschema)
            elif isinstance(value, dict):
                found |= schema_keywords(value)
    return found


def test_every_keyword_the_survey_schema_uses_has_a_sentence():
    used = schema_keywords(definition_schema())
    assert {"unevaluatedProperties", "propertyNames", "pattern", "minItems"} <= used  # the walk finds them
    assert used - STRUCTURAL_KEYWORDS <= set(KEYWORDS), used - STRUCTURAL_KEYWORDS - set(KEYWORDS)


def survey(question, **page_extra):
    first = {"id": "intro", "title": {"en": "Welcome"},
             "questions": [{"id": "used", "type": "yes_no", "text": {"en": "Have you used a hub?"}}]}
    return {"schema_version": 1, "title": {"en": "Hubs"},
            "pages": [first, {"id": "about", "title": {"en": "About you"}, "questions": [question], **page_extra}]}


def problems(question, **page_extra):
    with pytest.raises(DefinitionError) as caught:
        validate_definition(survey(question, **page_extra))
    return caught.value.errors


WARD = {"id": "ward", "type": "short_text", "text": {"en": "Your ward"}}


@pytest.mark.parametrize(("change", "expected"), [
    ({"choices": [{"value": "a", "text": "A"}]},
     f"{ABOUT_YOU}: 'choices' is not a field of a short_text question. Did you mean to make it one of the question "
     "types that take it: dropdown, multiple_choice, ranking, single_choice?"),
    ({"statements": [{"value": "a", "text": "A"}]},
     f"{ABOUT_YOU}: 'statements' is not a field of a short_text question. Did you mean to make it a grid question?"),
    ({"requried": True}, f"{ABOUT_YOU}: 'requried' is not a field of a short_text question. Did you mean 'required'?"),
    ({"colour": "red"},
     f"{ABOUT_YOU}: 'colour' is not a field of a short_text question. Its fields are: id, type, text, hint, "
     "required, show_if, max_length, autocomplete."),
    ({"required": "yes"}, f"{ABOUT_YOU}: 'required' should be true or false, not 'yes'."),
    ({"max_length": "500"}, f"{ABOUT_YOU}: 'max_length' should be a whole number, not '500'."),
    ({"max_length": 0}, f"{ABOUT_YOU}: 'max_length' is 0; it must be at least 1."),
    ({"max_length": 10**6}, f"{ABOUT_YOU}: 'max_length' is 1000000; it must be at most 100000."),
    ({"type": "short_txt"},
     f"{ABOUT_YOU}: 'type' is 'short_txt', which is not one of: agreement_scale, consent, date, dropdown, grid, "
     "long_text, multiple_choice, note, number, ranking, short_text, single_choice, ward, yes_no. Did you mean "
     "'short_text'?"),
    ({"id": "your-ward"},
     "Survey › page 2 (\"About you\") › question 'your-ward': 'id' is 'your-ward'; it should be a name of up to 63 "
     "letters, digits and _ that starts with a letter, such as about_you."),
    ({"text": ""}, f"{ABOUT_YOU}: 'text' is empty; write some text."),
    ({"text": {"pl": "Okręg"}}, f"{ABOUT_YOU}: 'en' is missing from 'text'."),
    ({"text": {"en": "Ward", "fr": "Quartier"}},
     f"{ABOUT_YOU}: 'text' has a text in 'fr', which is not a language code the platform uses: en, ur, pl, ar, pa, "
     "zh-Hans, zh-Hant."),
    ({"text": ["Your ward"]},
     f"{ABOUT_YOU}: 'text' should be text, or a mapping of language codes to texts (such as en: ...), not a list."),
    ({"autocomplete": "Postal Code"},
     f"{ABOUT_YOU}: 'autocomplete' is 'Postal Code'; it should be an autocomplete name in lowercase, such as "
     "postal-code."),
])
def test_question_problems_say_where_and_what_was_meant(change, expected):
    assert problems({**WARD, **change}) == [expected]


def test_missing_keys_point_at_likely_misspellings():
    question = {"id": "ward", "type": "single_choice", "text": "Ward", "choises": [{"value": "a", "text": "A"}]}
    assert problems(question) == [
        "Survey › page 2 (\"About you\") › question 'ward': 'choices' is missing; a single_choice question needs it. "
        "Is 'choises' a misspelling of it?",
        "Survey › page 2 (\"About you\") › question 'ward': 'choises' is not a field of a single_choice question. "
        "Did you mean 'choices'?",
    ]


def test_choices_and_pages_are_named_by_number_and_value():
    ranking = {"id": "order", "type": "ranking", "text": "Order",
               "choices": [{"value": "very likely", "text": "Very likely"}]}
    assert problems(ranking) == [
        "Survey › page 2 (\"About you\") › question 'order': 'choices' has 1 item; it needs at least 2.",
        "Survey › page 2 (\"About you\") › question 'order' › choice 1 ('very likely'): 'value' is 'very likely'; it "
        "should be up to 100 letters, digits, _ and . that start with a letter or digit, such as very_likely.",
    ]
    assert problems(WARD, titel="About you") == [
        "Survey › page 2 (\"About you\"): 'titel' is not a field of a page. Did you mean 'title'?"]
    untitled = survey(WARD)
    del untitled["pages"][1]["title"]
    untitled["pages"][1]["questions"] = []
    untitled["schema_version"] = 2
    with pytest.raises(DefinitionError) as caught:
        validate_definition(untitled)
    assert caught.value.errors == ["Survey › page 2 ('about'): 'questions' is empty; it needs at least 1.",
                                   "Survey: 'schema_version' should be 1, not 2."]


def test_problems_found_after_the_schema_use_the_same_places():
    shown_if = {**WARD, "show_if": {"question": "used", "equals": "maybe"}}
    assert problems(shown_if) == [f"{ABOUT_YOU} › show_if.equals: 'maybe' is not a choice of question 'used'"]
    rule = {"if": {"question": "used", "equals": "yes"}, "page": "intro"}
    assert problems(WARD, skip_to=[rule]) == [
        "Survey › page 2 (\"About you\") › skip rule 1: 'page' is 'intro', which is not a later page"]
