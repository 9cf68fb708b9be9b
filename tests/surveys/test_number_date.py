import pytest

from surveys import display_answer

AGE = {"id": "q", "type": "number", "text": "Age", "min": 0, "max": 120}


@pytest.mark.parametrize(
    "raw, expected", [("0", 0), ("120", 120), (" 42 ", 42), ("1,000", 1000), ("1 000", 1000), ("+7", 7)]
)
def test_whole_numbers_in_range(submit, raw, expected):
    ok, value, _ = submit({**AGE, "max": 5000}, q=raw)
    assert ok and value == expected and type(value) is int


@pytest.mark.parametrize(
    "raw, message",
    [
        ("121", "Enter a number between 0 and 120"),
        ("-1", "Enter a number between 0 and 120"),
        ("twelve", "Answer must be a number"),
        ("1e5", "Answer must be a number"),
        ("nan", "Answer must be a number"),
        ("4.5", "Answer must be a whole number"),
        ("9" * 31, "Answer must be a number"),
        ("1,00 0", "Answer must be a number"),
        ("12,5", "Answer must be a number"),
        ("1_000", "Answer must be a number"),
    ],
)
def test_bad_numbers(submit, raw, message):
    ok, value, field = submit(AGE, q=raw)
    assert not ok and value is None and field.errors == [message]
    assert field.value() == raw


@pytest.mark.parametrize(
    "raw, lang, expected",
    [
        ("1,250", "en", 1250),
        ("1 250", "pl", 1250),
        ("1\u00a0250", "pl", 1250),
        ("١٢٥٠", "ar", 1250),
        ("١٬٢٥٠", "ar", 1250),
        ("۱۲۵۰", "ur", 1250),
        ("-12", "pl", -12),
        ("1,250", "zh-Hans", 1250),
    ],
)
def test_whole_numbers_are_read_by_the_respondents_language(submit, raw, lang, expected):
    ok, value, _ = submit({"id": "q", "type": "number", "text": "N"}, lang, q=raw)
    assert ok and value == expected and type(value) is int


@pytest.mark.parametrize(
    "raw, lang, expected",
    [("12,5", "pl", 12.5), ("12.5", "pl", 12.5), ("1 250,75", "pl", 1250.75), ("1,250.75", "en", 1250.75),
     ("١٢٫٥", "ar", 12.5), ("۱۲.۵", "ur", 12.5)],
)
def test_decimals_are_read_by_the_respondents_language(submit, raw, lang, expected):
    ok, value, _ = submit({"id": "q", "type": "number", "text": "N", "decimal": True}, lang, q=raw)
    assert ok and value == expected


@pytest.mark.parametrize("raw, lang", [("12,5", "pl"), ("12.5", "pl"), ("12.5", "en"), ("١٢٫٥", "ar")])
def test_a_fraction_in_a_whole_number_question_is_an_error_not_another_number(submit, raw, lang):
    ok, value, field = submit({"id": "q", "type": "number", "text": "N"}, lang, q=raw)
    assert not ok and value is None and field.errors == ["Answer must be a whole number"]
    assert field.value() == raw


def test_range_messages_and_display_write_numbers_as_the_language_does(submit, survey_of):
    spec = {"id": "q", "type": "number", "text": "N", "min": 1000, "max": 5000}
    assert submit(spec, "pl", q="12")[2].errors == ["Enter a number between 1\u00a0000 and 5\u00a0000"]
    question = survey_of({**spec, "decimal": True}).question("q")
    assert display_answer(question, 12.5, "pl") == "12,5"
    assert display_answer(question, 1250.0, "pl") == "1\u00a0250"


def test_one_sided_ranges(submit):
    assert submit({"id": "q", "type": "number", "text": "N", "min": 1000}, q="5")[2].errors == [
        "Enter a number that is 1,000 or more"
    ]
    assert submit({"id": "q", "type": "number", "text": "N", "max": 10}, q="11")[2].errors == [
        "Enter a number that is 10 or less"
    ]


def test_decimals_are_floats(submit):
    spec = {"id": "q", "type": "number", "text": "Hours", "decimal": True, "min": 0, "max": 24.5}
    ok, value, _ = submit(spec, q="7.25")
    assert ok and value == 7.25 and isinstance(value, float)
    assert submit(spec, q="24.6")[2].errors == ["Enter a number between 0 and 24.5"]
    assert submit(spec, q="7.2.5")[2].errors == ["Answer must be a number"]


def test_required_number(submit):
    assert submit({**AGE, "required": True}, q="")[2].errors == ["Enter a number"]
    ok, value, field = submit(AGE, q="")
    assert ok and value is None and field.errors == []


def test_number_display(survey_of):
    question = survey_of({"id": "q", "type": "number", "text": "N", "decimal": True}).question("q")
    assert display_answer(question, 2.0, "en") == "2"
    assert display_answer(question, 12345.5, "en") == "12345.5"


DATE = {"id": "d", "type": "date", "text": "When", "min": "2000-01-01", "max": "2030-12-31"}


def date_parts(day, month, year):
    return {"d__day": day, "d__month": month, "d__year": year}


def test_real_date_is_stored_as_iso(submit):
    ok, value, field = submit(DATE, **date_parts("5", "3", "2024"))
    assert ok and value == "2024-03-05"
    assert field.id == "d-day"
    assert submit(DATE, **date_parts("05", "mar", "2024"))[1] == "2024-03-05"


@pytest.mark.parametrize(
    "parts, message, highlighted",
    [
        (("31", "2", "2024"), "Date must be a real date", {"day", "month", "year"}),
        (("1", "13", "2024"), "Date must be a real date", {"day", "month", "year"}),
        (("x", "1", "2024"), "Date must be a real date", {"day", "month", "year"}),
        (("9999999999", "1", "2024"), "Date must be a real date", {"day", "month", "year"}),
        (("1", "99999999999999999999", "2024"), "Date must be a real date", {"day", "month", "year"}),
        (("²", "1", "2024"), "Date must be a real date", {"day", "month", "year"}),
        (("1", "1", "24"), "Year must include 4 numbers", {"year"}),
        (("", "1", "2024"), "Date must include a day", {"day"}),
        (("", "", "2024"), "Date must include a day and month", {"day", "month"}),
        (("1", "", ""), "Date must include a month and year", {"month", "year"}),
        (("31", "12", "1999"), "Date must be between 1 January 2000 and 31 December 2030", {"day", "month", "year"}),
    ],
)
def test_bad_dates(submit, parts, message, highlighted):
    ok, value, field = submit(DATE, **date_parts(*parts))
    assert not ok and value is None
    assert field.errors == [message]
    assert set(field.part_errors) == highlighted
    assert [field.value("day"), field.value("month"), field.value("year")] == list(parts)


def test_one_sided_date_limits(submit):
    after = {"id": "d", "type": "date", "text": "When", "min": "2024-06-01"}
    assert submit(after, **date_parts("1", "5", "2024"))[2].errors == ["Date must be the same as or after 1 June 2024"]
    before = {"id": "d", "type": "date", "text": "When", "max": "2024-06-01"}
    assert submit(before, **date_parts("2", "6", "2024"))[2].errors == [
        "Date must be the same as or before 1 June 2024"
    ]


def test_required_date(submit):
    ok, _value, field = submit({**DATE, "required": True}, **date_parts("", "", ""))
    assert not ok and field.errors == ["Enter a date"]
    assert submit(DATE, **date_parts("", "", ""))[:2] == (True, None)


def test_date_display(survey_of):
    question = survey_of(DATE).question("d")
    assert display_answer(question, "2024-03-05", "en") == "5 March 2024"
    translated = {"March": "marca", "%(day)s %(month)s %(year)s": "%(day)s %(month)s %(year)s r."}
    assert display_answer(question, "2024-03-05", "pl", lambda m: translated.get(m, m)) == "5 marca 2024 r."
