from surveys import Survey, equality_questions, respondent_path


def equality_survey(prefix="eq"):
    return Survey.from_dict({"schema_version": 1, "title": "Equality", "pages": equality_questions(prefix)})


def test_all_optional_with_prefer_not_to_say_and_why_we_ask():
    survey = equality_survey()
    for question in survey.questions:
        assert question.required is False
        assert question.choices[-1].value == "prefer_not_to_say"
        assert "You do not have to answer" in question.hint["en"]
    assert all(len(page.questions) == 1 for page in survey.pages)


def test_ethnic_group_is_asked_in_two_steps():
    survey = equality_survey()
    path = respondent_path(survey, {"eq_ethnic_group": "black"})
    assert "eq_ethnic_black" in path and "eq_ethnic_white" not in path
    declined = respondent_path(survey, {"eq_ethnic_group": "prefer_not_to_say"})
    assert [p for p in declined if p.startswith("eq_ethnic")] == ["eq_ethnic_group"]
    groups = {c.value for c in survey.question("eq_ethnic_group").choices}
    assert groups == {"white", "mixed", "asian", "black", "other", "prefer_not_to_say"}
    assert survey.question("eq_ethnic_white").choices[0].text["en"] == (
        "English, Welsh, Scottish, Northern Irish or British"
    )


def test_follow_ups_only_when_they_apply():
    survey = equality_survey()
    assert "eq_condition_impact" not in respondent_path(survey, {"eq_condition": "no"})
    assert "eq_condition_impact" in respondent_path(survey, {"eq_condition": "yes"})
    assert "eq_english_proficiency" not in respondent_path(survey, {"eq_main_language": "english"})
    other = {"eq_main_language": {"choice": "other", "other": "Polish"}}
    assert "eq_english_proficiency" in respondent_path(survey, other)


def test_prefix_keeps_ids_apart_from_the_main_survey():
    pages = equality_questions("staff")
    assert all(page["id"].startswith("staff_") for page in pages)
    equality_survey("staff")  # validates, so conditions point at the prefixed ids


def text_mappings(value):
    """Every text mapping (a dict with an "en" key) inside a definition fragment, at any depth."""
    if isinstance(value, dict):
        if "en" in value:
            yield value
        for item in value.values():
            yield from text_mappings(item)
    elif isinstance(value, list):
        for item in value:
            yield from text_mappings(item)


def test_every_text_is_translated_into_every_platform_language():
    mappings = list(text_mappings(equality_questions()))
    assert len(mappings) > 80
    for mapping in mappings:
        for lang in ("ur", "pl", "ar", "pa", "zh-Hans", "zh-Hant"):
            assert isinstance(mapping.get(lang), str) and mapping[lang].strip(), (lang, mapping["en"])
    languages = ["en", "ur", "pl", "ar", "pa", "zh-Hans", "zh-Hant"]
    title = {lang: "Equality" for lang in languages}
    survey = Survey.from_dict({"schema_version": 1, "title": title, "pages": equality_questions()})
    assert survey.languages == languages
    assert survey.question("eq_english_proficiency").choices[3].text["pl"] == "Wcale"
    assert survey.question("eq_condition_impact").choices[2].text["pl"] == "Wcale nie"
