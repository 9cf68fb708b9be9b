import pytest

from surveys import TRAFFORD_NEIGHBOURHOODS, display_answer, ward_neighbourhood

ITEMS = [{"value": v, "text": v.title()} for v in ("parks", "roads", "libraries")]
RANKING = {"id": "r", "type": "ranking", "text": "Rank", "choices": ITEMS}


def ranks(*values):
    return {f"r__{index}": value for index, value in enumerate(values)}


def test_full_ranking(submit, survey_of):
    ok, value, field = submit(RANKING, **ranks("2", "1", "3"))
    assert ok and value == {"parks": 2, "roads": 1, "libraries": 3}
    assert field.id == "r-0"
    question = survey_of(RANKING).question("r")
    assert display_answer(question, value, "en") == "1. Roads\n2. Parks\n3. Libraries"


@pytest.mark.parametrize(
    "given, message, highlighted",
    [
        (("1", "1", "2"), "Give each item a different rank", {"0", "1"}),
        (("1", "4", "2"), "Select an option from the list", {"1"}),
        (("1", "x", "2"), "Select an option from the list", {"1"}),
        (("1", "", "2"), "Give every item a rank", {"1"}),
    ],
)
def test_bad_rankings(submit, given, message, highlighted):
    ok, value, field = submit(RANKING, **ranks(*given))
    assert not ok and value == {}
    assert field.errors == [message] and set(field.part_errors) == highlighted
    assert [field.value(str(i)) for i in range(3)] == list(given)


def test_partial_ranking_only_when_allowed(submit):
    partial = {**RANKING, "allow_partial": True}
    assert submit(partial, **ranks("", "1", ""))[1] == {"roads": 1}
    assert submit(partial, **ranks("", "1", "3"))[2].errors == ["Ranks must start at 1 with no gaps"]
    assert submit({**partial, "required": True}, **ranks("", "", ""))[2].errors == ["Rank at least one item"]
    assert submit(RANKING, **ranks("", "", ""))[:2] == (True, {})


GRID = {
    "id": "g",
    "type": "grid",
    "text": "How much do you agree?",
    "statements": [{"value": "safe", "text": "I feel safe"}, {"value": "heard", "text": "I feel heard"}],
}


def test_grid_answers_per_statement(submit, survey_of):
    ok, value, field = submit(GRID, g__0="agree", g__1="strongly_disagree")
    assert ok and value == {"safe": "agree", "heard": "strongly_disagree"}
    assert field.id == "g-0"
    assert submit(GRID, g__1="agree")[1] == {"heard": "agree"}
    question = survey_of(GRID).question("g")
    assert display_answer(question, value, "en") == "I feel safe: Agree\nI feel heard: Strongly disagree"


def test_grid_bad_inputs(submit):
    ok, _value, field = submit({**GRID, "required": True}, g__1="agree")
    assert not ok and field.errors == ["Select an answer for each statement"]
    assert field.part_errors == {"0": True}
    ok, _value, field = submit(GRID, g__0="meh")
    assert not ok and field.errors == ["Select an option from the list"]


def test_grid_with_its_own_scale(submit, survey_of):
    spec = {**GRID, "scale": [{"value": "often", "text": "Often"}, {"value": "never", "text": "Never"}]}
    assert [c.value for c in survey_of(spec).question("g").choices] == ["often", "never"]
    assert submit(spec, g__0="often")[1] == {"safe": "often"}
    assert submit(spec, g__0="agree")[2].errors == ["Select an option from the list"]


CONSENT = {"id": "c", "type": "consent", "text": "Consent", "label": "I agree to take part"}


def test_consent_is_always_required(submit, survey_of):
    assert survey_of(CONSENT).question("c").required is True
    assert submit(CONSENT, c="agree")[:2] == (True, True)
    assert submit(CONSENT)[2].errors == ["Select the box to confirm you agree"]
    assert submit(CONSENT, c="yes")[2].errors == ["Select an option from the list"]
    assert submit(CONSENT, c=["agree", "agree"])[2].errors == ["Select an option from the list"]
    assert display_answer(survey_of(CONSENT).question("c"), True, "en") == "I agree to take part"


WARD = {"id": "w", "type": "ward", "text": "Where do you live?", "prefer_not_to_say": True}


def test_trafford_reference_data():
    wards = [ward for wards in TRAFFORD_NEIGHBOURHOODS.values() for ward in wards]
    assert list(TRAFFORD_NEIGHBOURHOODS) == ["North", "Central", "South", "West"]
    assert len(wards) == len(set(wards)) == 21
    assert ward_neighbourhood("Bucklow-St Martins") == "West"
    assert ward_neighbourhood("dont_know") is None


def test_ward_picker(submit, survey_of):
    question = survey_of(WARD).question("w")
    assert [c.value for c in question.choices[-3:]] == ["not_in_trafford", "dont_know", "prefer_not_to_say"]
    groups = question.qtype.groups(question)
    assert [name for name, _wards in groups] == ["North", "Central", "South", "West"]
    assert [c.value for c in groups[0][1]][0] == "Gorse Hill & Cornbrook"
    assert submit(WARD, w="Hale Barns & Timperley South")[1] == "Hale Barns & Timperley South"
    assert submit(WARD, w="not_in_trafford")[1] == "not_in_trafford"
    assert submit(WARD, w="Salford")[2].errors == ["Select an option from the list"]
    assert submit({**WARD, "required": True})[2].errors == ["Select an answer"]
    assert display_answer(question, "not_in_trafford", "en") == "I don't live in Trafford"
