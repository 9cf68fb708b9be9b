"""Who is not being heard: respondents set against the census, per role, with bad input and suppression."""

import re

import pytest

from engage.answering.services import start_draft, submit
from engage.consultations.services import find_consultation
from engage.extensions import db
from engage.models import Channel
from engage.representation import services
from tests.engage.journey import SLUG
from tests.engage.test_entry import sign_in_as

STAFF_SLUG = "integrated-neighbourhood-teams-staff"
ROLES = ("administrator", "engagement_officer", "workforce_officer", "analyst")


def add_responses(n, channel=Channel.ONLINE, **answers):
    consultation = find_consultation(SLUG)
    for _ in range(n):
        draft = start_draft(consultation, "en", channel)
        draft.answers = dict(answers)
        submit(draft)
    db.session.commit()
    return consultation


def cells(html, variable):
    """The table rows of one variable's section: [[header, cell, ...], ...]."""
    section = html.split(f'id="{variable}"', 1)[1].split("</table>", 1)[0]
    body = section.split("<tbody", 1)[1]
    return [[re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_answers_are_counted_by_channel_group_with_disability_and_neighbourhood(app):
    add_responses(2, eq_sex="female", eq_condition="yes", eq_condition_impact="a_lot", ward="Old Trafford")
    add_responses(1, Channel.PAPER, eq_sex="prefer_not_to_say", eq_condition="no", ward="Hale")
    add_responses(1, Channel.PHONE, eq_condition="yes", ward="dont_know")
    add_responses(1, Channel.ASSISTED, eq_sex="male", eq_condition="yes", ward="not_in_trafford")
    frame, by_channel = services.counts(find_consultation(SLUG))
    found = {(row.variable, row.category, row.group): row.count for row in frame.itertuples()}
    assert found == {
        ("sex", "female", "online"): 2, ("sex", "prefer_not_to_say", "entered"): 1,  # left out by the comparison
        ("disability", "limited_a_lot", "online"): 2, ("disability", "no_condition", "entered"): 1,
        ("neighbourhood", "North", "online"): 2, ("neighbourhood", "South", "entered"): 1,
    }  # the phone response's condition has no impact answer and its ward is not known; the assisted one is not counted
    assert by_channel == {"online": 2, "paper": 1, "phone": 1, "assisted": 0}
    profile = services.profile(find_consultation(SLUG), 20, 11)
    assert profile.left_out == 1 and profile.groups == ["online", "entered"]


@pytest.mark.parametrize("text, margin", [("20", 20.0), (" 12.5 ", 12.5), ("0", 0.0), ("30%", 30.0),
                                          ("", None), ("twenty", None), ("-5", None), ("100", None), ("nan", None)])
def test_the_margin_is_a_number_from_0_to_99(text, margin):
    assert services.parse_margin(text) == margin


def test_an_officer_sees_groups_flagged_and_small_cells_hidden_with_their_complement(app, client):
    add_responses(40, eq_sex="female", eq_ethnic_group="white", eq_age="35_44")
    add_responses(15, eq_sex="male", eq_ethnic_group="asian", eq_age="35_44")
    add_responses(5, eq_sex="male", eq_ethnic_group="black", eq_age="85_over")
    add_responses(12, Channel.PHONE, eq_sex="male", eq_ethnic_group="white", eq_age="65_74")
    sign_in_as(client, "engagement_officer")
    page = client.get(f"/staff/representation/{SLUG}")
    assert page.status_code == 200
    assert "Online: 60. Entered by staff: 12 (paper 0, phone 12, assisted 0)." in page.text
    assert "the neighbourhood comparison is approximate" in page.text
    assert "Open Government Licence v3.0" in page.text

    ethnic = {row[0]: row[1:] for row in cells(page.text, "ethnic_group")}
    # Black: 5 online (under 11) is hidden, and so is its complement in its row and column.
    assert ethnic["Black, Black British, Caribbean or African"][:3] == ["hidden", "0", "hidden"]
    assert ethnic["Asian or Asian British"][:3] == ["hidden", "0", "hidden"]
    assert ethnic["White"][:3] == ["40", "12", "52"]
    assert ethnic["Answered the question"][:3] == ["60", "12", "72"]
    assert not any("5" == cell for row in ethnic.values() for cell in row[:3])
    # Mixed: none of 72 against 3.8% of residents (2.7 expected) is flagged; White (72%) is not.
    assert ethnic["Mixed or Multiple ethnic groups"][-1] == "Yes"
    assert ethnic["White"][-1] == "No"

    sex = {row[0]: row[1:] for row in cells(page.text, "sex")}
    assert sex["Female"][:3] == ["40", "0", "40"] and sex["Male"][:3] == ["20", "12", "32"]
    assert sex["Male"][3] == "44.4%" and sex["Male"][4] == "48.7%" and sex["Male"][-1] == "No"
    assert "Under-represented:" in page.text

    wider = client.get(f"/staff/representation/{SLUG}?margin=5")
    assert {row[0]: row[-1] for row in cells(wider.text, "sex")}["Male"] == "Yes"  # 44.4% < 48.7% x 0.95


def test_a_question_few_answered_is_not_compared(app, client):
    add_responses(8, eq_sex="female")
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/representation/{SLUG}")
    assert page.status_code == 200
    assert "Fewer than 11 people answered this question" in page.text
    assert {row[0]: row[1:] for row in cells(page.text, "sex")}["Female"][0] == "hidden"


def test_a_margin_that_is_not_a_number_is_an_error_on_the_page_with_what_was_typed_kept(app, client):
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/representation/{SLUG}?margin=lots")
    assert page.status_code == 400
    assert "There is a problem" in page.text and 'href="#margin"' in page.text
    assert "Enter the margin as a number from 0 to 99, for example 20" in page.text
    assert 'value="lots"' in page.text and 'id="ethnic_group"' not in page.text


def test_an_unknown_consultation_is_not_found(app, client):
    sign_in_as(client, "administrator")
    assert client.get("/staff/representation/no-such-thing").status_code == 404


@pytest.mark.parametrize("role, index, resident, staff", [
    ("administrator", 200, 200, 403),
    ("analyst", 200, 200, 403),
    ("engagement_officer", 200, 200, 403),
    ("workforce_officer", 403, 403, 403),
])
def test_who_may_compare_respondents_with_the_census(app, client, role, index, resident, staff):
    sign_in_as(client, role)
    listed = client.get("/staff/representation/")
    assert listed.status_code == index
    if index == 200:
        assert f'href="/staff/representation/{SLUG}"' in listed.text and STAFF_SLUG not in listed.text
    assert client.get(f"/staff/representation/{SLUG}").status_code == resident
    assert client.get(f"/staff/representation/{STAFF_SLUG}").status_code == staff
    home = client.get("/staff/")
    assert ('id="who-is-not-heard"' in home.text) is (index == 200)


def test_signed_out_people_are_sent_to_sign_in(app, client):
    for url in ("/staff/representation/", f"/staff/representation/{SLUG}"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/sign-in" in response.location


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pages_are_valid_html(app, client, lang):
    from tests.engage.test_html import assert_valid_html

    add_responses(30, Channel.ONLINE, eq_sex="female", eq_religion="christian", ward="Urmston")
    add_responses(12, Channel.PAPER, eq_sex="male", eq_religion="muslim", ward="Longford")
    sign_in_as(client, "analyst")
    for url in ("/staff/representation/", f"/staff/representation/{SLUG}", f"/staff/representation/{SLUG}?margin=x"):
        assert_valid_html(client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}").text, url)
