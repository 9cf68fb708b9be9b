"""Input the database or Python cannot take (NUL characters, huge date parts, foreign number formats) is an error
shown to the person, never a 500 or a different value."""

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import Draft
from tests.engage.conftest import csrf_token
from tests.engage.journey import BASE, answer, start
from tests.engage.staff_codes import give_code

STAFF = "/consultations/integrated-neighbourhood-teams-staff"


def draft_answers():
    return db.session.scalar(select(Draft)).answers


def start_staff_survey(client):
    give_code(client)
    page = client.get(STAFF)
    assert client.post(STAFF, data={"csrf_token": csrf_token(page.text)}).status_code == 302


@pytest.mark.parametrize(
    "url", [f"{BASE}%00", "/consultations/community%00health-hubs/questions/used", "/?q=%00", "/?%00=x"]
)
def test_a_nul_character_in_the_address_is_refused_plainly(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "There is a problem with what was sent" in response.text


def test_a_nul_character_in_a_form_is_refused_in_the_visitors_language(client):
    start(client, lang="pl")
    response = answer(client, "where", {"ward": "Sale\x00Moor"})
    assert response.status_code == 400
    assert 'lang="pl"' in response.text and "Wystąpił problem z przesłanymi danymi" in response.text
    assert "ward" not in draft_answers()


def test_a_nul_character_in_the_sign_in_email_is_refused(client):
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.text),
                                                   "email": "officer@example.org\x00", "password": "x"})
    assert response.status_code == 400
    assert "There is a problem with what was sent" in response.text


def test_a_nul_character_in_a_resume_code_is_refused(client):
    page = client.get("/resume")
    response = client.post("/resume", data={"csrf_token": csrf_token(page.text), "code": "ABCD\x00EFGH"})
    assert response.status_code == 400
    assert "There is a problem with what was sent" in response.text


@pytest.mark.parametrize("day, month", [("9999999999", "2"), ("1", "99999999999999999999")])
def test_a_huge_date_part_is_a_validation_error(client, day, month):
    start_staff_survey(client)
    url = f"{STAFF}/questions/start"
    page = client.get(url)
    response = client.post(url, data={"csrf_token": csrf_token(page.text), "earliest_start-day": day,
                                      "earliest_start-month": month, "earliest_start-year": "2027"})
    assert response.status_code == 400
    assert "Date must be a real date" in response.text
    assert f'value="{day}"' in response.text


@pytest.mark.parametrize("typed", ["12,5", "12.5"])
def test_a_fraction_in_a_whole_number_question_is_an_error_in_polish(client, typed):
    start(client, lang="pl")
    response = answer(client, "visits", {"visits_per_year": typed})
    assert response.status_code == 400
    assert "Odpowiedź musi być liczbą całkowitą" in response.text
    assert f'value="{typed}"' in response.text
    assert "visits_per_year" not in draft_answers()


@pytest.mark.parametrize("lang, typed", [("pl", "120"), ("en", "120"), ("ar", "١٢٠"), ("ur", "۱۲۰")])
def test_whole_numbers_are_read_in_the_respondents_language(client, lang, typed):
    start(client, lang=lang)
    response = answer(client, "visits", {"visits_per_year": typed})
    assert response.status_code == 302
    assert draft_answers()["visits_per_year"] == 120


def test_english_grouping_is_read_and_misplaced_grouping_is_refused(client):
    start(client)
    grouped = answer(client, "visits", {"visits_per_year": "1,250"})
    assert grouped.status_code == 400 and "between 0 and 365" in grouped.text  # read as 1250
    misplaced = answer(client, "visits", {"visits_per_year": "36,5"})  # was read as 365
    assert misplaced.status_code == 400 and "Answer must be a number" in misplaced.text
    assert 'value="36,5"' in misplaced.text
    assert "visits_per_year" not in draft_answers()


@pytest.mark.parametrize("user_id", ["2147483648", "99999999999999999999"])
def test_an_account_number_too_big_for_the_database_is_not_found(client, user_id):
    from tests.engage.test_entry import sign_in_as

    sign_in_as(client, "administrator")
    assert client.get(f"/staff/accounts/{user_id}").status_code == 404
