"""Consultation documents that are badly formed files: impossible YAML dates, aliases, shapes JSON cannot hold.

Each is refused on the upload page (kept there, 400, never a 500) and by `flask consultation import`.
"""

import copy
import html
import json
import re
import time

import pytest

from engage.consultations.documents import DocumentFileError, dump_document, parse_document
from engage.consultations.services import find_consultation
from tests.engage.conftest import csrf_token
from tests.engage.test_consultation_documents import document, write  # noqa: F401  (fixture)
from tests.engage.test_consultation_pages import error_summary, upload
from tests.engage.test_entry import sign_in_as

LOLS = ", ".join(["lol"] * 9)
# "billion laughs": 310 bytes that are 4,782,969 "lol"s once expanded (12 s before aliases were refused)
ALIAS_BOMB = ("a: &a [" + LOLS + "]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
    for previous, name in zip("abcdef", "bcdefg", strict=True))).encode()


def yaml_with(document, text_of_closes_on: str) -> bytes:  # noqa: F811
    """The document as YAML with ``closes_on`` written, unquoted, as ``text_of_closes_on``."""
    text = dump_document(document, yaml=True)
    before = f"closes_on: '{document['consultation']['closes_on']}'"
    assert before in text
    return text.replace(before, f"closes_on: {text_of_closes_on}").encode()


def test_an_unquoted_impossible_date_names_its_line_field_and_date(client, runner, document, tmp_path):  # noqa: F811
    raw = yaml_with(document, "2027-02-30")
    line = raw.decode().splitlines().index("  closes_on: 2027-02-30") + 1
    with pytest.raises(DocumentFileError) as refused:
        parse_document(raw, "doc.yaml")
    assert (refused.value.reason, refused.value.line, refused.value.field) == ("date", line, "consultation.closes_on")

    sign_in_as(client, "engagement_officer")
    page = upload(client, raw=raw, name="library.yaml")
    assert page.status_code == 400
    assert (f"Line {line} of the document: consultation.closes_on is 2027-02-30, which is not a real date."
            in error_summary(page))
    # on an Arabic page the field and the date stay left to right, not "30-02-2027"
    client.get("/?lang=ar")
    assert "\u2066consultation.closes_on\u2069" in error_summary(upload(client, raw=raw, name="library.yaml"))
    assert "\u20662027-02-30\u2069" in error_summary(upload(client, raw=raw, name="library.yaml"))
    client.get("/?lang=en")
    path = tmp_path / "library.yaml"
    path.write_bytes(raw)
    result = runner.invoke(args=["consultation", "import", str(path)])
    assert result.exit_code == 1 and not isinstance(result.exception, ValueError)
    assert f"line {line}, consultation.closes_on: 2027-02-30 is not a real date" in result.output
    # written properly, the same document goes through, its dates still text
    assert parse_document(yaml_with(document, "2027-02-28"), "doc.yaml")["consultation"]["closes_on"] == "2027-02-28"
    assert upload(client, raw=yaml_with(document, "2027-02-28"), name="library.yaml").status_code == 200


def test_a_quoted_impossible_date_is_a_problem_in_the_document(client, document):  # noqa: F811
    sign_in_as(client, "engagement_officer")
    page = upload(client, raw=yaml_with(document, "'2027-02-30'"), name="library.yaml")
    assert page.status_code == 400
    assert "Consultation: &#39;closes_on&#39; is &#39;2027-02-30&#39;, which is not a real date." in page.text


@pytest.mark.parametrize("raw", [ALIAS_BOMB, b"a: &a [*a]\n", b"a: &a [1]\nb: *a\n",
                                 b"base: &b {x: 1}\nc:\n  <<: *b\n"],
                         ids=["billion laughs", "alias inside itself", "one alias", "merge key"])
def test_yaml_anchors_and_aliases_are_refused_before_anything_is_expanded(client, raw):
    assert len(ALIAS_BOMB) < 450
    started = time.perf_counter()
    with pytest.raises(DocumentFileError) as refused:
        parse_document(raw, "doc.yaml")
    assert time.perf_counter() - started < 1
    assert refused.value.reason == "alias" and refused.value.line == 1 + raw.count(b"\n", 0, raw.index(b"&"))

    sign_in_as(client, "engagement_officer")
    started = time.perf_counter()
    page = upload(client, raw=raw, name="doc.yaml")
    assert time.perf_counter() - started < 1
    assert page.status_code == 400
    assert "uses a YAML anchor (&amp;) or alias (*). Write the text out in full" in page.text


def full(document, change):  # noqa: F811
    """A copy of the document with ``change(copy)`` applied, as JSON bytes."""
    changed = copy.deepcopy(document)
    change(changed)
    return json.dumps(changed).encode()


def setter(*path_and_value):
    *path, key, value = path_and_value

    def change(doc):
        for part in path:
            doc = doc[part]
        doc[key] = value
    return change


FIRST_QUESTION = ("survey", "pages", 0, "questions", 0)
# (name, file name, bytes or a change to the good document) -> expected words in the page
BAD_FILES = [
    ("yaml list at the top", "d.yaml", b"- consultation\n- survey\n", "Document: it should be a mapping"),
    ("yaml number at the top", "d.yaml", b"42\n", "Document: it should be a mapping"),
    ("yaml text at the top", "d.yaml", b"hello\n", "Document: it should be a mapping"),
    ("json list at the top", "d.json", b"[1, 2]", "Document: it should be a mapping"),
    ("json text at the top", "d.json", b'"consultation"', "Document: it should be a mapping"),
    ("empty yaml", "d.yaml", b"", "The document is empty"),
    ("empty json", "d.json", b"", "The document is empty"),
    ("only a comment", "d.yaml", b"# to do\n", "The document is empty"),
    ("json null", "d.json", b"null", "The document is empty"),
    ("only a byte-order mark", "d.yaml", b"\xef\xbb\xbf", "The document is empty"),
    ("byte-order mark and a list", "d.json", b"\xef\xbb\xbf[]", "Document: it should be a mapping"),
    ("tab indentation", "d.yaml", b"consultation:\n\tslug: x\n", "not valid YAML (line 2, column 1)"),
    ("two yaml documents", "d.yaml", b"a: 1\n---\nb: 2\n", "not valid YAML"),
    ("huge yaml integer", "d.yaml", b"consultation: " + b"9" * 5000 + b"\n", "Line 1 of the document: the number"),
    ("huge json integer", "d.json", b'{"a":\n' + b"9" * 5000 + b"}", "Line 2 of the document: the number"),
    ("yaml number beyond floats", "d.yaml", b"a: 1e400\n", "the number 1e400 is too big"),
    ("json NaN", "d.json", b'{"a": NaN}', "NaN cannot be in a document"),
    ("yaml infinity", "d.yaml", b"a: -.inf\n", "-.inf cannot be in a document"),
    ("number key", "d.yaml", b"consultation:\n  1: x\n", "Line 2 of the document: the name 1 is not text"),
    ("date key", "d.yaml", b"2027-01-01: x\n", "the name 2027-01-01 is not text"),
    ("list key", "d.yaml", b"? [a, b]\n: x\n", "the name [...] is not text"),
    ("binary", "d.yaml", b"a: !!binary aGVsbG8=\n", "!!binary cannot be in a document"),
    ("set", "d.yaml", b"a: !!set {x}\n", "!!set cannot be in a document"),
    ("python object", "d.yaml", b"a: !!python/object:os.system x\n", "!!python/object:os.system cannot be"),
    ("unknown local tag", "d.yaml", b"a: !mine x\n", "!mine cannot be in a document"),
    ("nested too deep in yaml", "d.yaml", b"a: " + b"[" * 5000, "nested more than 50 deep"),
    ("nested too deep in json", "d.json", b"[" * 100000, "nested more than 50 deep"),
    ("NUL in a json text", "d.json", setter("consultation", "summary", "en", "a\u0000b"), "consultation.summary.en"),
    ("NUL in a yaml text", "d.yaml", b'a: "x\\0y"\n', "cannot be stored"),
    ("half a surrogate pair", "d.json", setter("consultation", "title", "en", "\ud800"), "cannot be stored"),
    ("consultation a number", "d.json", setter("consultation", 5), "Consultation: it should be a mapping"),
    ("consultation a list", "d.json", setter("consultation", [1, 2]), "Consultation: it should be a mapping"),
    ("audience a list", "d.json", setter("consultation", "audience", ["staff"]), "&#39;audience&#39; is a list"),
    ("slug a number", "d.json", setter("consultation", "slug", 7), "&#39;slug&#39; should be text, not 7"),
    ("slug a mapping", "d.json", setter("consultation", "slug", {"en": "x"}), "&#39;slug&#39; should be text"),
    ("dates as numbers", "d.json", setter("consultation", "opens_on", 20270101), "&#39;opens_on&#39; should be"),
    ("neighbourhoods text", "d.json", setter("consultation", "neighbourhoods", "North"), "a list"),
    ("feedback text", "d.json", setter("consultation", "feedback", "done"), "Consultation › feedback: it should be"),
    ("survey a number", "d.json", setter("survey", 5), "Document: &#39;survey&#39; should be"),
    ("survey a list", "d.json", setter("survey", []), "Document: &#39;survey&#39; should be"),
    ("equality questions yes", "d.json", setter("append_equality_questions", "yes"), "should be true or false"),
    ("equality with pages text", "d.json",
     lambda doc: doc.update(append_equality_questions=True, survey={**doc["survey"], "pages": "p"}), "a list"),
    ("pages a mapping", "d.json", setter("survey", "pages", {"a": 1}), "&#39;pages&#39; should be a list"),
    ("pages empty", "d.json", setter("survey", "pages", []), "&#39;pages&#39; is empty"),
    ("page a text", "d.json", setter("survey", "pages", 0, "x"), "Survey › page 1: it should be a mapping"),
    ("questions null", "d.json", setter("survey", "pages", 0, "questions", None), "&#39;questions&#39; should be"),
    ("question a number", "d.json", setter("survey", "pages", 0, "questions", 0, 3), "question 1: it should be"),
    ("question text a list", "d.json", setter(*FIRST_QUESTION, "text", ["a"]), "&#39;text&#39; should be text"),
    ("choices text", "d.json",
     setter(*FIRST_QUESTION[:-1], 0, {"id": "c", "type": "single_choice", "text": "C", "choices": "a, b"}),
     "&#39;choices&#39; should be a list"),
    ("show_if a list", "d.json", setter(*FIRST_QUESTION, "show_if", []), "&#39;show_if&#39; should be a mapping"),
    ("show_if question a list", "d.json",
     setter("survey", "pages", 1, "show_if", {"question": ["ward"], "equals": "x"}), "show_if"),
    ("show_if equals a mapping", "d.json",
     setter("survey", "pages", 1, "show_if", {"question": "used_hub", "equals": {"a": 1}}), "show_if"),
    ("show_if in of lists", "d.json",
     setter("survey", "pages", 1, "show_if", {"question": "used_hub", "in": [[1]]}), "show_if"),
    ("show_if all a mapping", "d.json", setter("survey", "pages", 1, "show_if", {"all": {"a": 1}}), "show_if"),
    ("show_if not a list", "d.json", setter("survey", "pages", 1, "show_if", {"not": [1]}), "show_if"),
    ("skip_to a mapping", "d.json", setter("survey", "pages", 0, "skip_to", {"if": 1}), "should be a list"),
    ("skip_to page a list", "d.json",
     setter("survey", "pages", 0, "skip_to", [{"if": {"question": "used_hub", "answered": True}, "page": [1]}]),
     "&#39;page&#39; should be text"),
    ("number question min huge", "d.json",
     setter("survey", "pages", 0, "questions", 0, {"id": "n", "type": "number", "text": "N", "min": 1e308,
                                                   "max": 1.7e308}), "This is a new consultation"),
    ("date question min impossible", "d.json",
     setter("survey", "pages", 0, "questions", 0, {"id": "d", "type": "date", "text": "D", "min": "2027-02-30"}),
     "2027-02-30"),
    ("write_in a text", "d.json",
     setter("survey", "pages", 0, "questions", 0, {"id": "w", "type": "multiple_choice", "text": "W",
                                                   "choices": [{"value": "a", "text": "A"}], "write_in": "a"}),
     "&#39;write_in&#39; should be a mapping"),
    ("survey names a workbook as a number", "d.json", setter("survey", 12), "Document: &#39;survey&#39;"),
]


@pytest.mark.parametrize(("name", "file_name", "content", "expected"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_no_badly_formed_document_is_a_server_error(client, runner, document, tmp_path,  # noqa: F811
                                                    name, file_name, content, expected):
    raw = content if isinstance(content, bytes) else full(document, content)
    sign_in_as(client, "engagement_officer")
    page = upload(client, raw=raw, name=file_name)
    assert page.status_code in (200, 400), name
    assert expected in page.text, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text.split("<main")[1]))[:1500]
    if page.status_code == 200:  # checked: storing it must not fail either
        from tests.engage.test_consultation_pages import store

        assert store(client, page).status_code == 302
    path = tmp_path / file_name
    path.write_bytes(raw)
    result = runner.invoke(args=["consultation", "import", "--dry-run", str(path)])
    assert result.exit_code in (0, 1) and (result.exception is None or isinstance(result.exception, SystemExit)), (
        result.output, result.exception)
    assert find_consultation("library-opening-hours") is None or page.status_code == 200


def test_every_keyword_the_document_schema_uses_has_a_sentence():
    from engage.consultations.services import document_schema
    from surveys.problems import KEYWORDS, STRUCTURAL_KEYWORDS
    from tests.surveys.test_problems import schema_keywords

    used = schema_keywords(document_schema())
    assert {"uniqueItems", "format", "maxLength", "additionalProperties"} <= used  # the walk finds them
    assert used - STRUCTURAL_KEYWORDS <= set(KEYWORDS), used - STRUCTURAL_KEYWORDS - set(KEYWORDS)


def test_problems_are_in_the_officers_terms_on_the_page_and_from_the_command(client, runner, document,  # noqa: F811
                                                                             tmp_path):
    slug = "Library-" + "x" * 120
    document["consultation"] |= {"slug": slug, "neighbourhoods": ["North", "Central", "North"], "rung": "co-design",
                                 "opens_on": "31/01/2027", "audiance": "residents",
                                 "title": {"en": "Library hours", "fr": "Heures"}}
    document["survey"]["pages"][0]["questions"][0]["choices"] = [{"value": "a", "text": "A"}]
    document["append_equality_questions"] = "yes"
    expected = [
        "Document: 'append_equality_questions' should be true or false, not 'yes'.",
        "Consultation: 'audiance' is not a field of the consultation. Did you mean 'audience'?",
        "Consultation: 'neighbourhoods' lists 'North' more than once.",
        "Consultation: 'opens_on' is '31/01/2027'; it should be a date written as 2027-01-31.",
        "Consultation: 'rung' is 'co-design', which is not one of: educating, informing, consultation, engagement, "
        "co_design, co_production. Did you mean 'co_design'?",
        f"Consultation: 'slug' is '{slug[:57]}…'; it should be lowercase letters and digits, with single hyphens "
        "between words, such as library-opening-hours.",
        "Consultation: 'slug' is longer than 120 characters.",
        "Consultation: 'title' has a text in 'fr', which is not a language code the platform uses: en, ur, pl, ar, pa, "
        "zh-Hans, zh-Hant.",
        "Survey › page 1 ('where') › question 'ward': 'choices' is not a field of a ward question. Did you mean to "
        "make it one of the question types that take it: dropdown, multiple_choice, ranking, single_choice?",
    ]
    sign_in_as(client, "engagement_officer")
    page = upload(client, document)
    assert page.status_code == 400
    listed = re.findall(r"<li><code>(.*?)</code></li>", page.text, re.S)
    assert [html.unescape(item) for item in listed] == expected

    result = runner.invoke(args=["consultation", "import", write(tmp_path, document)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [f"  {problem}" for problem in expected]


def test_a_changed_checked_document_is_read_as_strictly_as_an_upload(client, document):  # noqa: F811
    sign_in_as(client, "engagement_officer")
    token = csrf_token(upload(client, document).text)
    with_nul = json.dumps(document).replace('"Library opening hours"', '"Library\\u0000opening hours"')
    for text in ('{"consultation": NaN, "survey": {}}', with_nul):
        refused = client.post("/staff/consultation-documents/confirm", data={"csrf_token": token, "document": text})
        assert refused.status_code == 400
        assert "The checked document did not come back" in error_summary(refused)
    assert find_consultation("library-opening-hours") is None
