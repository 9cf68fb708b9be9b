import json
import subprocess
import sys

from surveys import build_page_form, page_answers

QUESTIONS = [
    {"id": "name", "type": "short_text", "text": "Name"},
    {"id": "born", "type": "date", "text": "Born"},
    {
        "id": "likes",
        "type": "multiple_choice",
        "text": "Likes",
        "choices": [{"value": "a", "text": "A"}, {"value": "other", "text": "Other"}],
        "write_in": {"choice": "other"},
    },
    {
        "id": "rank",
        "type": "ranking",
        "text": "Rank",
        "choices": [{"value": "x", "text": "X"}, {"value": "y", "text": "Y"}],
    },
    {"id": "grid", "type": "grid", "text": "Grid", "statements": [{"value": "s", "text": "S"}]},
    {"id": "ok", "type": "consent", "text": "Consent", "label": "I agree"},
    {"id": "n", "type": "number", "text": "N", "decimal": True},
]
SUBMITTED = dict(
    name="Ann",
    born__day="1",
    born__month="2",
    born__year="1990",
    likes=["a", "other"],
    likes__other="Tea",
    rank__0="2",
    rank__1="1",
    grid__0="agree",
    ok="agree",
    n="1.5",
)
EXPECTED = {
    "name": "Ann",
    "born": "1990-02-01",
    "likes": {"choices": ["a", "other"], "other": "Tea"},
    "rank": {"x": 2, "y": 1},
    "grid": {"s": "agree"},
    "ok": True,
    "n": 1.5,
}


def test_page_answers_are_json_serialisable_and_prefill_round_trips(survey_of, FormData):
    questions = survey_of(*QUESTIONS).questions
    form = build_page_form(questions, "en", formdata=FormData(**SUBMITTED))
    assert form.validate(), form.errors
    answers = page_answers(form, questions)
    assert answers == EXPECTED
    stored = json.loads(json.dumps(answers))
    prefilled = build_page_form(questions, "en", data=stored)
    assert page_answers(prefilled, questions) == EXPECTED
    assert prefilled["born"].value("month") == "2" and prefilled["rank"].value("1") == "1"
    assert prefilled["likes"].values() == ["a", "other"] and prefilled["likes"].value("other") == "Tea"


def test_field_names_and_anchor_ids(survey_of):
    questions = survey_of(*QUESTIONS).questions
    form = build_page_form(questions, "en")
    assert [field.name for field in form] == [q["id"] for q in QUESTIONS]
    assert [form[q.id].id for q in questions] == ["name", "born-day", "likes", "rank-0", "grid-0", "ok", "n"]


def test_error_link_targets_the_first_input_in_error(survey_of, FormData):
    questions = survey_of(*QUESTIONS).questions
    bad = FormData(
        born__day="1", born__month="2", born__year="90", rank__0="1", rank__1="1", likes="other", likes__other="x" * 201
    )
    form = build_page_form(questions, "en", formdata=bad)
    assert not form.validate()
    assert [form[q].id for q in ("born", "rank", "likes", "grid")] == ["born-year", "rank-0", "likes-other", "grid-0"]
    form = build_page_form(questions, "en", formdata=FormData(born__day="1", rank__1="1"))
    assert not form.validate()
    assert [form[q].id for q in ("born", "rank")] == ["born-month", "rank-0"]


def test_invalid_page_keeps_every_input_and_answers_nothing_invalid(survey_of, FormData):
    questions = survey_of(*QUESTIONS).questions
    bad = FormData(name="x" * 501, born__day="30", born__month="2", born__year="2001", n="lots", likes="zzz")
    form = build_page_form(questions, "en", formdata=bad)
    assert not form.validate()
    assert form["name"].value() == "x" * 501 and form["born"].value("day") == "30" and form["n"].value() == "lots"
    assert form["ok"].errors == ["Select the box to confirm you agree"]
    answers = page_answers(form, questions)
    assert answers["name"] is None and answers["born"] is None and answers["n"] is None


def test_stored_data_of_the_wrong_shape_is_ignored(survey_of):
    questions = survey_of(*QUESTIONS).questions
    form = build_page_form(questions, "en", data={"born": 12, "likes": "a", "rank": ["x"], "n": "7"})
    assert form["born"].raw == {} and form["rank"].raw == {} and form["n"].raw == {}


def test_base_form_class_is_used(survey_of, FormData):
    from wtforms import Form, StringField

    class WithExtra(Form):
        extra = StringField()

    questions = survey_of(*QUESTIONS[:1]).questions
    form = build_page_form(questions, "en", base=WithExtra, formdata=FormData(name="Ann", extra="e"))
    assert form.validate() and form.extra.data == "e" and form["name"].data == "Ann"


def test_engine_does_not_import_the_web_app():
    code = (
        "import sys, surveys; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'flask_babel', 'engage', 'analysis'}); "
        "print(loaded)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
