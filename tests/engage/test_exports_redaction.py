"""Answers for analysis carry whole names and street addresses away (issue 15)."""

from tests.engage.journey import SLUG
from tests.engage.test_entry import sign_in_as
from tests.engage.test_exports import read_csv, respond


def test_exported_answers_lose_whole_names_and_addresses(app, client):
    respond(app, "My manager Jane Doe said ask for Tom Smith at 12 Church Road, Sale")
    sign_in_as(client, "analyst")
    rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv"))
    answer = rows[1][rows[0].index("one_thing")]
    assert answer == "My manager [NAME] said ask for [NAME] at [ADDRESS], Sale"
