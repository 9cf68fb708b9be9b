import pytest

from surveys import display_answer, is_empty


@pytest.mark.parametrize("qtype, limit", [("short_text", 500), ("long_text", 2000)])
def test_default_length_limits(submit, qtype, limit):
    spec = {"id": "q", "type": qtype, "text": "Tell us"}
    ok, value, _ = submit(spec, q="x" * limit)
    assert ok and value == "x" * limit
    ok, value, field = submit(spec, q="x" * (limit + 1))
    assert not ok and value is None
    assert field.errors == [f"Your answer must be {limit:,} characters or fewer"]
    assert field.value() == "x" * (limit + 1)  # what was typed is kept for the page to show again


def test_author_limit_and_whitespace(submit):
    spec = {"id": "q", "type": "long_text", "text": "Tell us", "max_length": 10}
    assert submit(spec, q="  line one\r\nx  ")[1] == "line one\nx"
    assert submit(spec, q="12345678901")[2].errors == ["Your answer must be 10 characters or fewer"]


def test_short_text_is_one_line_without_control_characters(submit):
    spec = {"id": "q", "type": "short_text", "text": "Name"}
    assert submit(spec, q="Ann\r\nLee\x00\x07")[1] == "Ann Lee"


def test_required_text_must_be_entered(submit):
    spec = {"id": "q", "type": "short_text", "text": "Name", "required": True}
    ok, _value, field = submit(spec, q="   ")
    assert not ok and field.errors == ["Enter your answer"]
    ok, value, _ = submit({**spec, "required": False}, q="   ")
    assert ok and value is None


def test_text_display_and_empty(survey_of):
    question = survey_of({"id": "q", "type": "long_text", "text": "T"}).question("q")
    assert display_answer(question, "a\nb", "en") == "a\nb"
    assert is_empty(question, None) and is_empty(question, "") and not is_empty(question, "x")
