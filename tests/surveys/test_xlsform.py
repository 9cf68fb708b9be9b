"""XLSForm workbooks become survey definitions; nothing is dropped without a warning or a refusal with its row."""

import pytest
import xlwt
from openpyxl import Workbook, load_workbook

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
    imported = read_xlsform(workbook(tmp_path))
    definition = imported.definition
    validate_definition(definition)
    assert imported.warnings == [
        "survey row 2: 'start' (start) is skipped: nothing about the device, the person or the time is recorded"]
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
    (["geopoint", "where", "Where?"], "survey row 3: type 'geopoint' is not supported"),
    (["select_one colours", "colour", "Colour?"], "survey row 3: no choices list 'colours' on the choices sheet"),
    (["select_one_from_file wards.csv", "ward", "Ward?"], "survey row 3: type 'select_one_from_file wards.csv'"),
    (["begin repeat", "people", "People"], "survey row 3: 'begin repeat': repeated groups of questions"),
    (["text", "why", "Why?", None, None, None, "${used_hub} = 'yes' and ${x} = 'a' or ${y} = 'b'"],
     "survey row 3: relevant mixes 'and' and 'or'"),
    (["text", "why", "Why?", None, None, None, "string-length(${used_hub}) > 3"],
     "survey row 3: relevant 'string-length(${used_hub}) > 3' is not supported"),
    (["text", "nameless"], "survey row 3: needs a name and a label in English"),
    (["text", "why-not", "Why not?"], "survey row 3: name 'why-not' cannot be used"),
    (["text", "used_hub", "Again?"], "survey row 3: name 'used_hub' is also used on survey row 2"),
])
def test_what_cannot_be_imported_is_refused_with_its_row(tmp_path, row, message):
    survey = [SURVEY[0], ["select_one yes_no", "used_hub", "Used?"], row]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(workbook(tmp_path, survey=survey))
    assert any(message in problem for problem in caught.value.errors), caught.value.errors


def test_unreadable_workbooks_are_refused(tmp_path):
    not_excel = tmp_path / "form.xlsx"
    not_excel.write_text("type,name\n", encoding="utf-8")
    with pytest.raises(XLSFormError, match=r"not an XLSForm workbook \(.xlsx or .xls\)"):
        read_xlsform(not_excel)
    book = Workbook()
    book.active.title = "questions"
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(XLSFormError, match="no 'survey' sheet"):
        read_xlsform(tmp_path / "other.xlsx")
    with pytest.raises(XLSFormError, match="survey row 2: begin group 'g' without end group"):
        read_xlsform(workbook(tmp_path, survey=[SURVEY[0], ["begin_group", "g", "G"], ["text", "a", "A?"]]))


def xls_workbook(tmp_path, sheets, name="form.xls"):
    """A legacy Excel 97-2003 workbook (what older KoboToolbox and ODK templates are)."""
    book = xlwt.Workbook()
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    path = tmp_path / name
    book.save(str(path))
    return path


OLD_SPELLINGS = {
    "survey": [
        ["type", "name", "label:English", "label:Urdu", "relevance"],
        ["select one from yes_no", "used_hub", "Have you used a hub?", "کیا آپ نے ہب استعمال کیا ہے؟"],
        ["begin group", "more", "More"],
        ["select all that apply from services", "services", "Which services?", None, "${used_hub}='yes'"],
        ["add integer prompt", "visits", "How many visits?"],
        ["end group"],
    ],
    "choices": [
        ["list name", "name", "label:English", "label:Urdu"],
        ["yes_no", "yes", "Yes", "ہاں"], ["yes_no", "no", "No", "نہیں"],
        ["services", "nurse", "Nurse"], ["services", "gp", "GP"],
    ],
}


def assert_old_spellings_read(definition):
    validate_definition(definition)
    used, services = definition["pages"][0]["questions"][0], definition["pages"][1]["questions"][0]
    assert used["type"] == "single_choice" and used["text"] == {"en": "Have you used a hub?",
                                                                "ur": "کیا آپ نے ہب استعمال کیا ہے؟"}
    assert used["choices"][0] == {"value": "yes", "text": {"en": "Yes", "ur": "ہاں"}}
    assert services["type"] == "multiple_choice" and services["show_if"] == {"question": "used_hub",
                                                                             "equals": "yes"}
    assert definition["pages"][1]["questions"][1]["type"] == "number"


def test_the_older_spellings_pyxform_accepts_are_read(tmp_path):
    book = Workbook()
    book.remove(book.active)
    for title, rows in OLD_SPELLINGS.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(tmp_path / "old.xlsx")
    imported = read_xlsform(tmp_path / "old.xlsx")
    assert_old_spellings_read(imported.definition)
    assert imported.warnings == []


def test_legacy_xls_workbooks_are_read(tmp_path):
    imported = read_xlsform(xls_workbook(tmp_path, OLD_SPELLINGS))
    assert_old_spellings_read(imported.definition)
    with open(xls_workbook(tmp_path, OLD_SPELLINGS), "rb") as uploaded:  # a binary file, as uploads are
        assert read_xlsform(uploaded, name="form.xls").definition == imported.definition


def test_notes_become_text_blocks_that_are_never_answers(tmp_path):
    survey = [SURVEY[0], ["note", "intro", "Thank you for helping.\nIt takes five minutes."],
              ["begin_group", "g", "About you"], ["note", None, "Only about the last year."],
              ["text", "why", "Why?"], ["end_group"]]
    definition = read_xlsform(workbook(tmp_path, survey=survey)).definition
    validate_definition(definition)
    intro, (note, _why) = definition["pages"][0]["questions"][0], definition["pages"][1]["questions"]
    assert intro == {"id": "intro", "type": "note", "text": {"en": "Thank you for helping.\nIt takes five minutes."}}
    assert note == {"id": "note_row4", "type": "note", "text": {"en": "Only about the last year."}}
    survey = Survey.from_dict(definition)
    assert [q.id for q in survey.questions if q.qtype.takes_answer] == ["why"]


@pytest.mark.parametrize("kind", ["start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
                                  "username", "email", "audit", "start-geopoint", "imei"])
def test_metadata_rows_are_skipped_with_a_warning(tmp_path, kind):
    survey = [SURVEY[0], [kind, "audit" if kind == "audit" else "meta"], ["text", "why", "Why?"]]
    imported = read_xlsform(workbook(tmp_path, survey=survey))
    assert [page["id"] for page in imported.definition["pages"]] == ["why_page"]
    assert len(imported.warnings) == 1
    assert imported.warnings[0].startswith(f"survey row 2: '{kind}' (")
    assert "is skipped: nothing about the device, the person or the time is recorded" in imported.warnings[0]


def test_unused_columns_are_warned_about_with_their_sheet_and_rows(tmp_path):
    survey = [["type", "name", "label", "default", "choice_filter", "calculation", "image", "my notes"],
              ["select_one yes_no", "used_hub", "Used?", "yes", "name != 'x'"],
              ["text", "why", "Why?", "Because", None, "1 + 1", "why.png", "ask Sam"],
              ["calculate", "score", None, None, None, "2"]]
    choices = [["list_name", "name", "label", "county"], ["yes_no", "yes", "Yes", "a"], ["yes_no", "no", "No"]]
    settings = [["form_title", "form_id", "version"], ["Hubs", "hubs", "3"]]
    path = workbook(tmp_path, survey=survey, choices=choices, settings=settings)
    book = load_workbook(path)
    book.create_sheet("How to fill this in").append(["Write one question a row"])
    book.save(path)
    imported = read_xlsform(path)
    assert imported.warnings == [
        "sheet 'How to fill this in': not read (only survey, choices and settings are)",
        "settings column 'id_string' (row 2): not used",
        "settings column 'version' (row 2): not used",
        "choices column 'county' (row 2): not used",
        "survey column 'default' (rows 2, 3): default answers are not filled in",
        "survey column 'choice_filter' (row 2): choice filters are not applied: every choice in the list is offered",
        "survey column 'calculation' (row 3): calculations are not done",
        "survey column 'image' (row 3): pictures are not shown",
        "survey column 'my notes' (row 3): not used",
        "survey row 4: 'calculate' (score) is skipped: it is never shown to the person answering",
    ]


def test_a_skipped_row_that_a_condition_uses_is_refused(tmp_path):
    survey = [SURVEY[0], ["calculate", "score"], ["text", "why", "Why?", None, None, None, "${score} = '1'"]]
    with pytest.raises(XLSFormError, match=r"survey row 3: relevant uses \$\{score\}, which is skipped "
                                           r"\(survey row 2\)"):
        read_xlsform(workbook(tmp_path, survey=survey))


def test_translations_map_to_the_survey_languages_and_others_are_warned_about(tmp_path):
    survey = [["type", "name", "label::English (en)", "label::Polski", "label::zh_Hant", "label::French (fr)"],
              ["text", "why", "Why?", "Dlaczego?", "為什麼？", "Pourquoi ?"]]
    imported = read_xlsform(workbook(tmp_path, survey=survey, choices=None, settings=None))
    assert imported.definition["pages"][0]["questions"][0]["text"] == {"en": "Why?", "pl": "Dlaczego?",
                                                                        "zh-Hant": "為什麼？"}
    assert imported.warnings == [
        "survey column 'label::French (fr)': 'French (fr)' is not one of the survey's languages "
        "(en, ur, pl, ar, pa, zh-Hans, zh-Hant): its texts are left out"]


def test_inner_groups_and_same_page_conditions_start_new_pages(tmp_path):
    survey = [SURVEY[0], ["begin group", "outer", "Your visit", None, None, None, "${first} = 'yes'"],
              ["select_one yes_no", "used_hub", "Used?"],
              ["text", "why", "Why?", None, None, None, "${used_hub} = 'yes'"],
              ["begin group", "inner", "Details"], ["integer", "visits", "How many?"], ["end group"],
              ["end group"]]
    survey.insert(1, ["select_one yes_no", "first", "First time?"])
    imported = read_xlsform(workbook(tmp_path, survey=survey))
    validate_definition(imported.definition)
    pages = imported.definition["pages"]
    assert [(p["id"], [q["id"] for q in p["questions"]], p.get("title")) for p in pages] == [
        ("first_page", ["first"], None), ("outer", ["used_hub"], {"en": "Your visit"}),
        ("outer_2", ["why"], {"en": "Your visit"}), ("inner", ["visits"], {"en": "Details"})]
    assert all(p["show_if"] == {"question": "first", "equals": "yes"} for p in pages[1:])
    assert imported.warnings == ["survey row 5: 'why' depends on an answer on the same page, so group 'outer' "
                                 "continues on a new page from here"]


def test_numbers_compare_as_numbers_and_choice_names_as_text(tmp_path):
    survey = [SURVEY[0], ["integer", "age", "Age?", None, None, None, None, "0 <= . and . <= 120"],
              ["select_one codes", "code", "Code?"],
              ["text", "why", "Why?", None, None, None, "${age} = 18 or ${code} = 1"],
              ["text", "how", "How?", None, None, None, "(${code} = '1' or ${code} = '2') and ${why} != ''"]]
    choices = [["list_name", "name", "label"], ["codes", "1", "One"], ["codes", "2", "Two"]]
    definition = read_xlsform(workbook(tmp_path, survey=survey, choices=choices)).definition
    validate_definition(definition)
    assert definition["pages"][0]["questions"][0] | {} == {"id": "age", "type": "number", "text": {"en": "Age?"},
                                                            "min": 0, "max": 120}
    assert definition["pages"][2]["questions"][0]["show_if"] == {
        "any": [{"question": "age", "equals": 18}, {"question": "code", "equals": "1"}]}
    assert definition["pages"][3]["questions"][0]["show_if"] == {"all": [
        {"any": [{"question": "code", "equals": "1"}, {"question": "code", "equals": "2"}]},
        {"question": "why", "answered": True}]}


def test_range_or_other_and_built_in_checks(tmp_path):
    survey = [["type", "name", "label", "hint", "parameters", "label::Polish (pl)"],
              ["begin group", "g", "About you", "Short questions"],
              ["range", "score", "Score?", None, "start=0 end=10 step=1"],
              ["select_one colours or_other", "colour", "Colour?", None, None, "Kolor?"],
              ["phone number", "phone", "Phone?"],
              ["note", "bold", "**Read this** before <b>you</b> start"],
              ["end group"]]
    choices = [["list_name", "name", "label"], ["colours", "red", "Red"]]
    imported = read_xlsform(workbook(tmp_path, survey=survey, choices=choices))
    validate_definition(imported.definition)
    score, colour, phone, _bold = imported.definition["pages"][0]["questions"]
    assert score | {} == {"id": "score", "type": "number", "text": {"en": "Score?"}, "min": 0, "max": 10}
    assert colour["write_in"] == {"choice": "other"}
    assert colour["choices"][-1] == {"value": "other", "text": {"en": "Other", "pl": "Inne"}}
    assert phone["type"] == "short_text"
    assert imported.warnings == [
        "survey column 'hint' (row 2): hints on groups are not shown",
        "survey row 3: range 'score' is asked as a number box (no slider, which some people cannot use)",
        "survey row 5: 'phone number' is asked as short text: its check (regex(., '^\\d*$')) is not done",
        "survey row 6: formatting (HTML or Markdown) in a label or hint is shown as written",
    ]
