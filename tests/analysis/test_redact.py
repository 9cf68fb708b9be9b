import pytest

from analysis.redact import is_nhs_number, redact


@pytest.mark.parametrize("text, expected", [
    ("write to jo.bloggs@nhs.net today", "write to [EMAIL] today"),
    ("ring 07700 900123 please", "ring [PHONE] please"),
    ("ring +44 116 225 5000 please", "ring [PHONE] please"),
    ("my NHS number is 943 476 5919", "my NHS number is [NHS NUMBER]"),
    ("we live in LE1 7RH now", "we live in [POSTCODE] now"),
    ("Dr Patel was great", "[NAME] was great"),
    ("Nurse O'Brien helped", "[NAME] helped"),
    ("Sarah got back to me", "[NAME] got back to me"),
    ("my name is Tom Jones", "my name is [NAME]"),
])
def test_personal_details_are_replaced(text, expected):
    assert redact(text) == expected


def test_analyst_supplied_names_are_removed_case_insensitively():
    redacted = redact("thanks to bloggs and Jo Bloggs", extra_names=["Bloggs", "Jo Bloggs"])
    assert redacted == "thanks to [NAME] and [NAME]"


def test_ordinary_words_that_are_names_are_kept_without_a_title():
    assert redact("I hope my grace period will be fine") == "I hope my grace period will be fine"


def test_nhs_number_check_digit():
    assert is_nhs_number("9434765919")
    assert not is_nhs_number("9434765918")
