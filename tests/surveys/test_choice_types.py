import pytest

from surveys import display_answer, is_empty

COLOURS = [{"value": "red", "text": {"en": "Red", "pl": "Czerwony"}}, {"value": "blue", "text": "Blue"}]


def single(**extra):
    return {"id": "q", "type": "single_choice", "text": "Colour", "choices": COLOURS, **extra}


@pytest.mark.parametrize("qtype", ["single_choice", "dropdown"])
def test_pick_one(submit, qtype):
    spec = {**single(), "type": qtype}
    assert submit(spec, q="blue")[:2] == (True, "blue")
    ok, value, field = submit(spec, q="green")
    assert not ok and value is None and field.errors == ["Select an option from the list"]
    assert field.value() == "green"
    assert submit(spec)[:2] == (True, None)
    assert submit({**spec, "required": True})[2].errors == ["Select an answer"]


def test_flags_add_special_options_last(survey_of, submit):
    question = survey_of(single(dont_know=True, prefer_not_to_say=True)).question("q")
    assert [(c.value, c.special) for c in question.choices] == [
        ("red", False),
        ("blue", False),
        ("dont_know", True),
        ("prefer_not_to_say", True),
    ]
    assert submit(single(prefer_not_to_say=True), q="prefer_not_to_say")[1] == "prefer_not_to_say"
    assert submit(single(), q="prefer_not_to_say")[2].errors == ["Select an option from the list"]


def test_single_choice_write_in(submit):
    spec = single(choices=COLOURS + [{"value": "other", "text": "Other"}], write_in={"choice": "other"})
    assert submit(spec, q="other", q__other=" Teal ")[1] == {"choice": "other", "other": "Teal"}
    assert submit(spec, q="red", q__other="ignored")[1] == {"choice": "red", "other": ""}
    ok, _value, field = submit(spec, q="other", q__other="x" * 201)
    assert not ok and field.errors == ["Your answer must be 200 characters or fewer"]
    assert field.part_errors == {"other": True} and field.value("other") == "x" * 201
    assert submit(spec)[1] is None


@pytest.mark.parametrize(
    "qtype, values",
    [
        ("yes_no", ["yes", "no"]),
        ("agreement_scale", ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"]),
    ],
)
def test_fixed_option_types(submit, survey_of, qtype, values):
    spec = {"id": "q", "type": qtype, "text": "Q"}
    assert [c.value for c in survey_of(spec).question("q").choices] == values
    assert submit(spec, q=values[-1])[1] == values[-1]
    assert submit(spec, q="maybe")[2].errors == ["Select an option from the list"]
    assert submit({**spec, "required": True}, q="")[2].errors == ["Select an answer"]


def test_builtin_labels_are_translated_by_form_meta(survey_of):
    from surveys import build_page_form

    class Translations:
        def gettext(self, message):
            return {"Yes": "Tak", "Prefer not to say": "Wolę nie podawać"}.get(message, message)

        def ngettext(self, singular, plural, n):
            return singular if n == 1 else plural

    question = survey_of({"id": "q", "type": "yes_no", "text": "Q", "prefer_not_to_say": True}).question("q")
    meta = {"get_translations": lambda form: Translations()}
    field = build_page_form([question], "pl", meta=meta)["q"]
    assert [o.label for o in field.options] == ["Tak", "No", "Wolę nie podawać"]
    assert display_answer(question, "yes", "pl", Translations().gettext) == "Tak"


def test_choice_labels_use_the_respondent_language(survey_of):
    question = survey_of(single()).question("q")
    assert display_answer(question, "red", "pl") == "Czerwony"
    assert display_answer(question, "blue", "pl") == "Blue"


MULTI = {"id": "q", "type": "multiple_choice", "text": "Colours", "choices": COLOURS, "prefer_not_to_say": True}


def test_multiple_choice_keeps_definition_order(submit):
    assert submit(MULTI, q=["blue", "red", "blue"])[:2] == (True, ["red", "blue"])
    assert submit(MULTI)[:2] == (True, [])


def test_multiple_choice_bad_inputs(submit):
    ok, value, field = submit(MULTI, q=["red", "green"])
    assert not ok and value == [] and field.errors == ["Select an option from the list"]
    assert field.values() == ["red", "green"]
    field = submit({**MULTI, "required": True})[2]
    assert field.errors == ["Select at least one answer"]
    field = submit(MULTI, q=["red", "prefer_not_to_say"])[2]
    assert field.errors == ["Select “Prefer not to say” on its own, or select other answers"]


def test_multiple_choice_write_in(submit, survey_of):
    spec = {**MULTI, "choices": COLOURS + [{"value": "other", "text": "Other"}], "write_in": {"choice": "other"}}
    ok, value, _ = submit(spec, q=["other", "red"], q__other="Teal")
    assert ok and value == {"choices": ["red", "other"], "other": "Teal"}
    assert submit(spec, q=["red"], q__other="Teal")[1] == {"choices": ["red"], "other": ""}
    assert submit(spec)[1] is None
    question = survey_of(spec).question("q")
    assert display_answer(question, value, "en") == "Red\nOther: Teal"
    assert is_empty(question, None) and is_empty(question, {"choices": [], "other": ""})


def test_choice_display_and_empty(survey_of):
    question = survey_of(MULTI).question("q")
    assert display_answer(question, ["red", "prefer_not_to_say"], "en") == "Red\nPrefer not to say"
    assert is_empty(question, []) and not is_empty(question, ["red"])
