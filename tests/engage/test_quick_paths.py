"""The question page's quick paths: a GET from the page cache, a valid "Continue" saved in one UPDATE.

Whole pages are reused only where nothing they show has changed, and anything unusual goes
through the full route.
"""

import re

from sqlalchemy import select

from engage.answering import fragments
from engage.extensions import db
from engage.models import Consultation, Draft, Status
from tests.engage.conftest import csrf_token, first_words
from tests.engage.journey import SLUG, answer, page_url, start
from tests.engage.test_entry import new_request_state
from tests.engage.test_question_fragments import selected_ward


def nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


def without_token_and_nonce(response) -> str:
    return response.text.replace(csrf_token(response.text), "TOKEN").replace(nonce(response), "NONCE")


def test_a_second_view_of_a_page_is_served_from_one_query(client, sql_statements):
    start(client)
    first = client.get(page_url("where"))
    sql_statements.clear()
    again = client.get(page_url("where"))
    assert again.status_code == 200
    assert len(sql_statements) == 1  # the glance at the draft; no ORM load, no form, no template
    assert without_token_and_nonce(again) == without_token_and_nonce(first)


def test_a_page_from_the_cache_has_this_responses_nonce_and_a_working_token(client):
    start(client)
    client.get(page_url("where"))
    again = client.get(page_url("where"))
    assert f'<script nonce="{nonce(again)}">' in again.text
    assert "\x00" not in again.text
    response = client.post(page_url("where"), data={"csrf_token": csrf_token(again.text), "ward": "Hale",
                                                    "action": "continue"})
    assert response.status_code == 302
    assert selected_ward(client.get(page_url("where")).text) == "Hale"


def test_another_respondent_with_the_same_answers_gets_the_cached_page(app, sql_statements):
    first, second = app.test_client(), app.test_client()
    start(first)
    page = first.get(page_url("where"))
    new_request_state()
    start(second)
    sql_statements.clear()
    other = second.get(page_url("where"))
    assert len(sql_statements) == 1
    assert csrf_token(other.text) != csrf_token(page.text)
    # The other respondent's token is theirs: it works for them.
    response = second.post(page_url("where"), data={"csrf_token": csrf_token(other.text), "ward": "Hale",
                                                    "action": "continue"})
    assert response.status_code == 302


def test_a_closed_consultation_is_explained_even_after_a_cached_view(client, app):
    start(client)
    client.get(page_url("where"))
    client.get(page_url("where"))
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    consultation.status = Status.CLOSED
    db.session.commit()
    closed = client.get(page_url("where"))
    assert closed.status_code == 410
    assert "<select" not in closed.text


def test_a_changed_title_shows_at_once(client, app):
    start(client)
    client.get(page_url("where"))
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    consultation.title = {**consultation.title, "en": "Community health hubs: renamed"}
    db.session.commit()
    assert "Community health hubs: renamed" in client.get(page_url("where")).text


def test_a_page_off_the_respondents_path_is_not_found_even_when_cached_for_another(app):
    on_path, off_path = app.test_client(), app.test_client()
    start(on_path)
    answer(on_path, "where", {"ward": "Hale"})
    answer(on_path, "used", {"used_hub": "yes"})
    assert on_path.get(page_url("services")).status_code == 200
    assert on_path.get(page_url("services")).status_code == 200
    new_request_state()
    start(off_path)
    answer(off_path, "where", {"ward": "Hale"})
    answer(off_path, "used", {"used_hub": "no"})
    assert off_path.get(page_url("services")).status_code == 404


def test_each_language_and_address_has_its_own_page(client):
    start(client)
    english = client.get(page_url("where"))
    polish = client.get(page_url("where") + "?lang=pl", follow_redirects=True)
    assert '<html lang="pl"' in polish.text and '<html lang="en"' in english.text
    from_check = client.get(page_url("where", return_to="check"))
    assert 'name="return_to" value="check"' in from_check.text
    assert 'name="return_to"' not in client.get(page_url("where")).text


def test_the_answers_a_page_shows_are_part_of_its_key(client):
    start(client)
    answer(client, "where", {"ward": "Hale"})
    assert selected_ward(client.get(page_url("where")).text) == "Hale"
    draft = db.session.scalar(select(Draft))
    draft.answers = {**draft.answers, "ward": "Urmston"}  # as another tab of the same browser would
    db.session.commit()
    assert selected_ward(client.get(page_url("where")).text) == "Urmston"


def test_pages_are_not_kept_while_templates_reload(app, client):
    start(client)
    app.jinja_env.auto_reload = True
    try:
        fragments._pages.clear()
        client.get(page_url("where"))
        assert len(fragments._pages) == 0
    finally:
        app.jinja_env.auto_reload = False


def test_a_valid_continue_is_one_query_and_one_update(client, sql_statements):
    start(client)
    page = client.get(page_url("where"))
    sql_statements.clear()
    response = client.post(page_url("where"), data={"csrf_token": csrf_token(page.text), "ward": "Hale",
                                                    "action": "continue"})
    assert response.status_code == 302 and response.location.endswith(page_url("used"))
    kinds = [kind for kind, _ in first_words(sql_statements) if kind not in ("BEGIN", "COMMIT")]
    assert kinds == ["SELECT", "UPDATE"]
    draft = db.session.scalar(select(Draft))
    assert draft.answers["ward"] == "Hale" and draft.language == "en"


def test_a_quick_continue_keeps_earlier_answers_and_records_the_language(client):
    start(client)
    answer(client, "where", {"ward": "Hale"})
    assert '<html lang="pl"' in client.get(page_url("used", lang="pl"), follow_redirects=True).text
    answer(client, "used", {"used_hub": "yes"})
    draft = db.session.scalar(select(Draft))
    assert draft.answers["ward"] == "Hale" and draft.answers["used_hub"] == "yes"
    assert draft.language == "pl"


def test_save_and_come_back_later_still_issues_a_code(client):
    start(client)
    response = answer(client, "where", {"ward": "Hale"}, action="save")
    assert response.status_code == 302 and response.location.endswith("/saved")
    assert db.session.scalar(select(Draft)).resume_code_hash is not None


def test_an_invalid_answer_goes_to_the_full_route_and_keeps_what_was_entered(client):
    start(client)
    page = client.get(page_url("where"))
    response = client.post(page_url("where"), data={"csrf_token": csrf_token(page.text), "ward": "Atlantis",
                                                    "action": "continue"})
    assert response.status_code == 400 and "There is a problem" in response.text
    assert db.session.scalar(select(Draft)).answers == {}
