"""Render each question partial the way the host page does and check labels, ids and errors."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from engage.templating import install_govuk_macros
from surveys import QUESTION_TYPES, build_page_form, localise

TEMPLATES = Path(__file__).resolve().parents[2] / "engage" / "templates"
HOST = """{% for q in questions %}{% set field = form[q.id] %}{% set as_heading = single %}
{% set optional_suffix = "" if q.required else " (optional)" %}
{% include "questions/" ~ q.type ~ ".html" %}{% endfor %}"""

CHOICES = [{"value": "red", "text": {"en": "Red", "pl": "Czerwony"}}, {"value": "other", "text": "Other"}]
SPECS = {
    "short_text": {"text": "Your name", "hint": "As you like to be called"},
    "long_text": {"text": "Tell us more", "max_length": 300},
    "single_choice": {"text": "Colour", "choices": CHOICES, "write_in": {"choice": "other"}, "prefer_not_to_say": True},
    "multiple_choice": {"text": "Colours", "choices": CHOICES, "write_in": {"choice": "other"}, "dont_know": True},
    "dropdown": {"text": "Colour", "choices": CHOICES},
    "number": {"text": "Age", "min": 0, "max": 120},
    "date": {"text": "Date of visit"},
    "agreement_scale": {"text": "Parks are clean", "prefer_not_to_say": True},
    "yes_no": {"text": "Do you drive?"},
    "ranking": {"text": "Rank these", "choices": [{"value": "a", "text": "Alpha"}, {"value": "b", "text": "Beta"}]},
    "grid": {"text": "Agree?", "statements": [{"value": "s1", "text": "Safe"}, {"value": "s2", "text": "Clean"}]},
    "consent": {"text": "Consent", "label": "I agree to take part"},
    "ward": {"text": "Your ward", "prefer_not_to_say": True},
}
BAD_INPUT = {
    "short_text": {"q": "x" * 501},
    "long_text": {"q": "x" * 301},
    "single_choice": {"q": "blue"},
    "multiple_choice": {"q": ["blue"]},
    "dropdown": {"q": "blue"},
    "number": {"q": "200"},
    "date": {"q-day": "31", "q-month": "2", "q-year": "2023"},
    "agreement_scale": {"q": "maybe"},
    "yes_no": {"q": "perhaps"},
    "ranking": {"q-0": "1", "q-1": "1"},
    "grid": {"q-0": "meh"},
    "consent": {},
    "ward": {"q": "Salford"},
}


TYPED = {"short_text", "long_text", "number", "date"}


class FormData(dict):
    def getlist(self, name):
        value = self.get(name, [])
        return value if isinstance(value, list) else [value]


class Elements(HTMLParser):
    """Collects start tags with their attributes, and which ids are referenced by label[for]."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def ids(self):
        return [attrs["id"] for _tag, attrs in self.tags if "id" in attrs]

    def controls(self):
        return [
            attrs
            for tag, attrs in self.tags
            if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden"
        ]

    def labelled(self):
        return {attrs["for"] for tag, attrs in self.tags if tag == "label" and "for" in attrs}


@pytest.fixture(scope="module")
def env():
    govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), govuk])
    environment = Environment(
        loader=loader,
        autoescape=True,
        extensions=["jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["localise"] = localise
    install_govuk_macros(environment)
    return environment


def render(env, survey_of, qtype, lang="en", formdata=None, single=True, data=None, **extra):
    spec = {"id": "q", "type": qtype, **SPECS[qtype], **extra}
    question = survey_of(spec).question("q")
    form = build_page_form([question], lang, formdata=formdata, data=data)
    if formdata is not None:
        form.validate()
    html = env.from_string(HOST).render(questions=[question], form=form, single=single, lang=lang, t={})
    parser = Elements()
    parser.feed(html)
    return html, parser, form["q"]


def test_a_note_is_text_with_no_control_and_is_the_heading_only_on_a_page_of_its_own(env, survey_of):
    spec = {"id": "q", "type": "note", "text": {"en": "Thank you.\n\nIt takes five minutes.", "ur": "شکریہ"}}
    note = survey_of(spec).question("q")
    form = build_page_form([note], "pl", formdata=FormData({"q": "typed anyway"}))
    assert form.validate() and form["q"].data is None
    html = env.from_string(HOST).render(questions=[note], form=form, single=True, lang="pl", t={})
    assert '<div class="engage-note" id="q" lang="en" dir="ltr">' in html  # English, shown on a Polish page
    assert '<h1 class="govuk-heading-l">Thank you.</h1>' in html
    assert '<p class="govuk-body">It takes five minutes.</p>' in html and "(optional)" not in html
    parser = Elements()
    parser.feed(html)
    assert parser.controls() == []
    html = env.from_string(HOST).render(questions=[note], form=form, single=False, lang="ur", t={})
    assert "<h1" not in html and '<p class="govuk-body">شکریہ</p>' in html and "lang=" not in html


def test_every_type_has_a_partial():
    assert {path.stem for path in (TEMPLATES / "questions").glob("[!_]*.html")} == set(QUESTION_TYPES)


@pytest.mark.parametrize("qtype", sorted(SPECS))
def test_renders_labelled_controls_with_a_heading(env, survey_of, qtype):
    html, parser, field = render(env, survey_of, qtype)
    assert "<h1" in html
    assert localise(SPECS[qtype]["text"], "en") in html
    ids = parser.ids()
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert field.id in ids, "the error summary link target exists"
    labelled = parser.labelled()
    for control in parser.controls():
        assert control["id"] in labelled, f"{control['id']} has no label"
    for _tag, attrs in parser.tags:
        for described in attrs.get("aria-describedby", "").split():
            assert described in ids, f"aria-describedby points at missing #{described}"
    if qtype != "consent":
        assert "(optional)" in html
    assert "draggable" not in html


@pytest.mark.parametrize("qtype", sorted(SPECS))
def test_bad_input_shows_the_error_and_keeps_the_input(env, survey_of, qtype):
    html, parser, field = render(env, survey_of, qtype, formdata=FormData(BAD_INPUT[qtype]))
    assert field.errors
    assert field.errors[0].replace("“", "&#8220;") in html or field.errors[0] in html
    assert "govuk-error-message" in html and "Error:" in html
    assert f'id="{field.id}"' in html, "the error summary link target exists"
    if qtype in TYPED:  # what was typed comes back (a tampered option value has nowhere to go)
        for value in BAD_INPUT[qtype].values():
            assert f'value="{value}"' in html or f">{value}</textarea>" in html
    if qtype == "ranking":
        assert html.count('<option value="1" selected>') == 2


def test_not_heading_when_several_questions(env, survey_of):
    html, _parser, _field = render(env, survey_of, "single_choice", single=False)
    assert "<h1" not in html and "govuk-fieldset__legend--m" in html


def test_english_fallback_is_marked_with_its_language(env, survey_of):
    html, _parser, _field = render(env, survey_of, "single_choice", lang="pl")
    assert "Czerwony" in html
    assert '<span lang="en" dir="ltr">Colour</span>' in html
    assert '<span lang="en" dir="ltr">Other</span>' in html


def test_write_in_is_revealed_under_its_option(env, survey_of):
    html, parser, _field = render(env, survey_of, "single_choice", data={"q": {"choice": "other", "other": "Teal"}})
    assert 'id="conditional-q-2"' in html and 'name="q-other"' in html and 'value="Teal"' in html
    assert 'data-aria-controls="conditional-q-2"' in html
    checked = [attrs["value"] for tag, attrs in parser.tags if tag == "input" and "checked" in attrs]
    assert checked == ["other"]


def test_special_options_follow_an_or_divider_and_are_exclusive(env, survey_of):
    html, parser, _field = render(env, survey_of, "multiple_choice")
    assert 'govuk-checkboxes__divider">or<' in html
    exclusive = [attrs["value"] for tag, attrs in parser.tags if attrs.get("data-behaviour") == "exclusive"]
    assert exclusive == ["dont_know"]


def test_date_parts_are_named_and_highlighted(env, survey_of):
    submitted = FormData({"q-day": "", "q-month": "2", "q-year": "2023"})
    html, parser, _field = render(env, survey_of, "date", formdata=submitted)
    names = [attrs["name"] for attrs in parser.controls()]
    assert names == ["q-day", "q-month", "q-year"]
    assert "Date must include a day" in html
    classes = {attrs["id"]: attrs["class"] for attrs in parser.controls()}
    assert "govuk-input--error" in classes["q-day"] and "govuk-input--error" not in classes["q-month"]


def test_ward_select_groups_wards_by_neighbourhood(env, survey_of):
    html, parser, _field = render(env, survey_of, "ward", data={"q": "Sale Moor"})
    groups = [attrs["label"] for tag, attrs in parser.tags if tag == "optgroup"]
    assert groups == ["North", "Central", "South", "West"]
    options = [attrs["value"] for tag, attrs in parser.tags if tag == "option"]
    assert len(options) == 1 + 21 + 3 and options[-3:] == ["not_in_trafford", "dont_know", "prefer_not_to_say"]
    assert '<option value="Sale Moor" selected>' in html


def test_ranking_has_a_labelled_select_per_item(env, survey_of):
    html, parser, _field = render(env, survey_of, "ranking", data={"q": {"b": 1}})
    assert [attrs["name"] for attrs in parser.controls()] == ["q-0", "q-1"]
    assert "Rank for Alpha" in html and "Rank for Beta" in html


def test_grid_statement_is_its_own_fieldset(env, survey_of):
    html, _parser, _field = render(env, survey_of, "grid")
    assert html.count("<fieldset") == 2 and html.count("govuk-radios--inline") == 2
