import pytest

from surveys import QUESTION_TYPES, DefinitionError, Survey, localise, validate_definition


def doc(*pages, **extra):
    return {"schema_version": 1, "title": {"en": "Survey"}, "pages": list(pages), **extra}


def page(pid, *questions, **extra):
    return {"id": pid, "questions": list(questions), **extra}


def single(qid, *values, **extra):
    return {
        "id": qid,
        "type": "single_choice",
        "text": qid,
        "choices": [{"value": v, "text": v.title()} for v in values],
        **extra,
    }


def errors_of(document):
    with pytest.raises(DefinitionError) as caught:
        validate_definition(document)
    return caught.value.errors


def test_valid_definition_passes_and_builds():
    survey = Survey.from_dict(doc(page("p1", single("q1", "a", "b")), page("p2", single("q2", "c"))))
    assert [p.id for p in survey.pages] == ["p1", "p2"]
    assert survey.question("q2").choices[0].value == "c"
    assert [q.id for q in survey.questions] == ["q1", "q2"]
    assert survey.page("p2").questions[0].id == "q2"
    assert survey.question("q1").required is False
    assert survey.question("q1").qtype.name == "single_choice"


def test_schema_version_is_required_and_must_be_1():
    bad = doc(page("p1", single("q1", "a")))
    bad["schema_version"] = 2
    assert errors_of(bad) == ["Survey: 'schema_version' should be 1, not 2."]
    del bad["schema_version"]
    assert errors_of(bad) == ["Survey: 'schema_version' is missing; the survey needs it."]


def test_unknown_type_and_unknown_keys_are_reported_with_path():
    errors = errors_of(doc(page("p1", {"id": "q1", "type": "slider", "text": "x"})))
    assert errors == ["Survey › page 1 ('p1') › question 'q1': 'type' is 'slider', which is not one of: "
                      "agreement_scale, consent, date, dropdown, grid, long_text, multiple_choice, note, number, "
                      "ranking, short_text, single_choice, ward, yes_no."]
    errors = errors_of(doc(page("p1", {"id": "q1", "type": "short_text", "text": "x", "choices": []})))
    assert errors == ["Survey › page 1 ('p1') › question 'q1': 'choices' is not a field of a short_text question. "
                      "Did you mean to make it one of the question types that take it: dropdown, multiple_choice, "
                      "ranking, single_choice?"]


def test_type_specific_required_keys():
    errors = errors_of(doc(page("p1", {"id": "q1", "type": "single_choice", "text": "x"})))
    assert errors == ["Survey › page 1 ('p1') › question 'q1': 'choices' is missing; a single_choice question "
                      "needs it."]


def test_text_mapping_needs_english_and_known_languages():
    errors = errors_of(doc(page("p1", single("q1", "a", text={"pl": "Pytanie"}))))
    assert errors == ["Survey › page 1 ('p1') › question 'q1': 'en' is missing from 'text'."]
    errors = errors_of(doc(page("p1", single("q1", "a", text={"en": "Q", "xx": "?"}))))
    assert errors == ["Survey › page 1 ('p1') › question 'q1': 'text' has a text in 'xx', which is not a language "
                      "code the platform uses: en, ur, pl, ar, pa, zh-Hans, zh-Hant."]


def test_duplicate_ids_and_choice_values():
    errors = errors_of(doc(page("p1", single("q1", "a")), page("p1", single("q1", "a", "a"))))
    assert "Survey › page 2 ('p1'): its id 'p1' is the id of an earlier page too" in errors
    assert "Survey › page 2 ('p1') › question 'q1': its id 'q1' is the id of an earlier question too" in errors
    errors = errors_of(doc(page("p1", single("q1", "a", "a"))))
    assert "Survey › page 1 ('p1') › question 'q1': choice value 'a' is used more than once" in errors


def test_flag_choice_clashes_with_authored_value():
    errors = errors_of(doc(page("p1", single("q1", "prefer_not_to_say", prefer_not_to_say=True))))
    assert any("'prefer_not_to_say' is used more than once" in e for e in errors)


def test_ids_and_values_must_be_safe():
    assert errors_of(doc(page("p1", single("q-1", "a"))))
    assert errors_of(doc(page("p1", single("q1", "has space"))))
    assert any("reserved name" in e for e in errors_of(doc(page("p1", single("data", "a")))))


def test_conditions_must_refer_to_earlier_pages():
    later = single("q2", "x", show_if={"question": "q1", "equals": "a"})
    errors = errors_of(doc(page("p1", single("q1", "a"), later)))
    assert any("not asked before this point" in e for e in errors)
    errors = errors_of(doc(page("p1", single("q1", "a", show_if={"question": "nope", "equals": "a"}))))
    assert any("unknown question 'nope'" in e for e in errors)


def test_condition_values_must_be_choices():
    second = page("p2", single("q2", "x", show_if={"question": "q1", "in": ["a", "zzz"]}))
    errors = errors_of(doc(page("p1", single("q1", "a")), second))
    assert errors == ["Survey › page 2 ('p2') › question 'q2' › show_if.in: 'zzz' is not a choice of question 'q1'"]


def test_condition_shape_errors():
    for bad in (
        {"question": "q1"},
        {"question": "q1", "equals": "a", "answered": True},
        {"all": []},
        {"all": [{"question": "q1", "equals": "a"}], "any": []},
        {"question": "q1", "answered": "yes"},
    ):
        second = page("p2", single("q2", "x", show_if=bad))
        assert errors_of(doc(page("p1", single("q1", "a")), second)), bad


def test_free_text_can_only_be_tested_for_answered():
    first = page("p1", {"id": "q1", "type": "short_text", "text": "Name"})
    bad = page("p2", single("q2", "x", show_if={"question": "q1", "equals": "Bob"}))
    assert any("only be tested with 'answered'" in e for e in errors_of(doc(first, bad)))
    good = page("p2", single("q2", "x", show_if={"question": "q1", "answered": True}))
    validate_definition(doc(first, good))


def test_skip_targets_must_be_later_pages():
    rule = {"if": {"question": "q2", "equals": "x"}, "page": "p1"}
    errors = errors_of(doc(page("p1", single("q1", "a")), page("p2", single("q2", "x"), skip_to=[rule])))
    assert errors == ["Survey › page 2 ('p2') › skip rule 1: 'page' is 'p1', which is not a later page"]
    rule = {"if": {"question": "q1", "equals": "a"}, "page": "p9"}
    errors = errors_of(doc(page("p1", single("q1", "a"), skip_to=[rule])))
    assert errors == ["Survey › page 1 ('p1') › skip rule 1: 'page' is 'p9', which is not the id of a page"]


def test_ranges_must_be_sane():
    number = {"id": "n", "type": "number", "text": "N", "min": 10, "max": 1}
    min_over_max = "Survey › page 1 ('p1') › question 'n': min must not be greater than max"
    assert min_over_max in errors_of(doc(page("p1", number)))
    whole = {"id": "n", "type": "number", "text": "N", "min": 0.5}
    assert any("whole number" in e for e in errors_of(doc(page("p1", whole))))
    date = {"id": "d", "type": "date", "text": "D", "min": "2020-02-30"}
    assert any("not a real date" in e for e in errors_of(doc(page("p1", date))))
    date = {"id": "d", "type": "date", "text": "D", "min": "2021-01-01", "max": "2020-01-01"}
    assert any("min must not be after max" in e for e in errors_of(doc(page("p1", date))))
    text = {"id": "t", "type": "long_text", "text": "T", "max_length": 0}
    assert errors_of(doc(page("p1", text)))


def test_write_in_must_name_a_choice():
    spec = single("q1", "a", write_in={"choice": "other"})
    assert any("write_in choice 'other'" in e for e in errors_of(doc(page("p1", spec))))


def test_every_registered_type_has_a_name_and_schema():
    assert set(QUESTION_TYPES) == {
        "short_text",
        "long_text",
        "single_choice",
        "multiple_choice",
        "dropdown",
        "number",
        "date",
        "agreement_scale",
        "yes_no",
        "ranking",
        "grid",
        "consent",
        "ward",
        "note",
    }


def test_languages_lists_complete_translations_only():
    translated = single("q1", "a")
    translated["text"] = {"en": "Q", "pl": "P", "ur": "U"}
    translated["choices"][0]["text"] = {"en": "A", "pl": "A"}
    survey = Survey.from_dict(doc(page("p1", translated), title={"en": "S", "pl": "S", "ur": "S"}))
    assert survey.languages == ["en", "pl"]
    assert survey.missing_translations("ur") == ["pages[0].questions[0].choices[0].text"]


def test_to_dict_round_trips():
    document = doc(page("p1", single("q1", "a")))
    assert Survey.from_dict(document).to_dict() == document


def test_localise_falls_back_to_english_and_says_so():
    assert localise({"en": "Hello", "pl": "Cześć"}, "pl") == "Cześć"
    fallback = localise({"en": "Hello", "pl": "Cześć"}, "ur")
    assert fallback == "Hello" and fallback.lang == "en" and fallback.dir == "ltr"
    assert localise({"en": "Hello", "ur": ""}, "ur") == "Hello"
    assert localise("Plain", "ar").lang == "en"
    assert localise(None, "ar") == ""
    assert localise({"en": "x", "ar": "س"}, "ar").dir == "rtl"


def test_documents_that_are_not_objects_are_rejected():
    assert errors_of([]) == ["Survey: it should be a mapping (names with values), not a list."]
