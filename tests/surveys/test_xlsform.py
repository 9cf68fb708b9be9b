"""XLSForm workbooks become survey definitions; what the subset does not cover is refused with its row."""

import pytest
from openpyxl import Workbook

from surveys import validate_definition
from surveys.branching import respondent_path
from surveys.definition import Survey
from surveys.xlsform import XLSFormError, read_xlsform

SURVEY = [
    ["type", "name", "label::English (en)", "label::Urdu (ur)", "hint::English (en)", "required", "relevant",
     "constraint", "appearance"],
    ["start", "start"],
    ["begin_group", "about", "About you", "آپ کے بارے میں"],
    ["select_one yes_no", "used_hub", "Have you used a hub?", "کیا آپ نے ہب استعمال کیا ہے؟", None, "yes"],
    ["end_group"],
    ["integer", "visits", "How many visits?", None, "A rough number is fine", None, "${used_hub} = 'yes'",
     ". >= 0 and . <= 365"],
    ["select_multiple services", "services", "Which services?", None, None, None, "${used_hub} = 'yes'"],
    ["select_one services", "main", "Main service?", None, None, None,
     "selected(${services}, 'nurse') or selected(${services}, 'gp')", None, "minimal"],
    ["text", "improve", "What could be better?", "کیا بہتر ہو سکتا ہے؟", None, None, "${used_hub} != ''",
     None, "multiline"],
    ["acknowledge", "consent", "I agree to take part"],
]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Urdu (ur)"],
    ["yes_no", "yes", "Yes", "ہاں"], ["yes_no", "no", "No", "نہیں"],
    ["services", "nurse", "Nurse"], ["services", "gp", "GP"], ["services", "other", "Something else"],
]
SETTINGS = [["form_title", "default_language"], ["Community hubs", "English (en)"]]


def workbook(tmp_path, survey=SURVEY, choices=CHOICES, settings=SETTINGS, name="form.xlsx"):
    book = Workbook()
    book.active.title = "survey"
    for row in survey:
        book.active.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_a_workbook_becomes_a_valid_definition_with_pages_languages_and_branching(tmp_path):
    definition = read_xlsform(workbook(tmp_path))
    validate_definition(definition)
    assert definition["title"] == {"en": "Community hubs"}
    pages = definition["pages"]
    assert [p["id"] for p in pages] == ["about", "visits_page", "services_page", "main_page", "improve_page",
                                        "consent_page"]
    assert pages[0]["title"] == {"en": "About you", "ur": "آپ کے بارے میں"}
    [used], [visits] = pages[0]["questions"], pages[1]["questions"]
    assert used["type"] == "single_choice" and used["required"] is True
    assert used["choices"][0] == {"value": "yes", "text": {"en": "Yes", "ur": "ہاں"}}
    assert visits | {} == {"id": "visits", "type": "number", "text": {"en": "How many visits?"},
                           "hint": {"en": "A rough number is fine"}, "min": 0, "max": 365,
                           "show_if": {"question": "used_hub", "equals": "yes"}}
    main = pages[3]["questions"][0]
    assert main["type"] == "dropdown"
    assert main["show_if"] == {"any": [{"question": "services", "equals": "nurse"},
                                       {"question": "services", "equals": "gp"}]}
    improve = pages[4]["questions"][0]
    assert improve["type"] == "long_text" and improve["show_if"] == {"question": "used_hub", "answered": True}
    assert pages[5]["questions"][0]["type"] == "consent"

    survey = Survey.from_dict(definition)
    assert "main_page" not in respondent_path(survey, {"used_hub": "no"})
    assert "main_page" in respondent_path(survey, {"used_hub": "yes", "services": ["gp"]})


@pytest.mark.parametrize(("row", "message"), [
    (["calculate", "score", "Score"], "survey row 3: type 'calculate' is not supported"),
    (["select_one colours", "colour", "Colour?"], "survey row 3: no choices list 'colours' on the choices sheet"),
    (["text", "why", "Why?", None, None, None, "${used_hub} = 'yes' and ${x} = 'a' or ${y} = 'b'"],
     "survey row 3: relevant mixes 'and' and 'or'"),
    (["text", "why", "Why?", None, None, None, "string-length(${used_hub}) > 3"],
     "survey row 3: relevant 'string-length(${used_hub}) > 3' is not supported"),
    (["integer", "age", "Age?", None, None, None, None, "regex(., '[0-9]+')"],
     "survey row 3: constraint \"regex(., '[0-9]+')\" is not supported"),
    (["text", "nameless"], "survey row 3: needs a name and a label"),
])
def test_what_the_subset_does_not_cover_is_refused_with_its_row(tmp_path, row, message):
    survey = [SURVEY[0], ["select_one yes_no", "used_hub", "Used?"], row]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(workbook(tmp_path, survey=survey))
    assert any(message in problem for problem in caught.value.errors), caught.value.errors


def test_unreadable_workbooks_are_refused(tmp_path):
    not_excel = tmp_path / "form.xlsx"
    not_excel.write_text("type,name\n", encoding="utf-8")
    with pytest.raises(XLSFormError, match="not an XLSForm workbook"):
        read_xlsform(not_excel)
    book = Workbook()
    book.active.title = "questions"
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(XLSFormError, match="no 'survey' sheet"):
        read_xlsform(tmp_path / "other.xlsx")
    with pytest.raises(XLSFormError, match="begin_group without end_group"):
        read_xlsform(workbook(tmp_path, survey=[SURVEY[0], ["begin_group", "g", "G"], ["text", "a", "A?"]]))
