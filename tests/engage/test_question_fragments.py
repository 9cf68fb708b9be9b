"""Question markup is reused between requests only where nothing it shows has changed."""

import re

from tests.engage.journey import answer, page_url, start


def selected_ward(html):
    match = re.search(r'<option value="([^"]*)" selected', html)
    return match.group(1) if match else None


def test_a_changed_answer_is_shown_on_the_next_visit(client):
    start(client)
    assert selected_ward(client.get(page_url("where")).text) == ""
    answer(client, "where", {"ward": "Hale"})
    assert selected_ward(client.get(page_url("where")).text) == "Hale"
    answer(client, "where", {"ward": "Urmston"})
    assert selected_ward(client.get(page_url("where")).text) == "Urmston"


def test_an_error_is_not_shown_again_on_the_next_visit(client):
    start(client)
    answer(client, "where", {"ward": "Hale"})
    failed = answer(client, "used", {})
    assert failed.status_code == 400 and "govuk-form-group--error" in failed.text
    again = client.get(page_url("used"))
    assert again.status_code == 200
    assert "govuk-form-group--error" not in again.text and "There is a problem" not in again.text


def test_a_rejected_post_shows_what_was_sent_and_the_next_visit_what_is_stored(client):
    start(client)
    answer(client, "where", {"ward": "Hale"})
    stale = client.post(page_url("where"), data={"csrf_token": "stale", "ward": "Urmston", "action": "continue"})
    assert stale.status_code == 400
    assert selected_ward(stale.text) == "Urmston"
    assert selected_ward(client.get(page_url("where")).text) == "Hale"


def test_the_same_question_in_turn_in_two_languages(client):
    start(client)
    english = client.get(page_url("where")).text
    urdu = client.get(page_url("where") + "?lang=ur", follow_redirects=True).text
    english_again = client.get(page_url("where") + "?lang=en", follow_redirects=True).text
    label = re.compile(r'<label class="govuk-label govuk-label--l" for="ward">\s*(.*?)\s*</label>', re.S)
    assert label.search(english).group(1) == label.search(english_again).group(1)
    assert label.search(urdu).group(1) != label.search(english).group(1)
    assert "Choose an option" in english and "Choose an option" not in urdu


def test_nothing_is_reused_while_templates_reload_on_change(app, client, monkeypatch):
    from engage.answering import fragments

    start(client)
    monkeypatch.setattr(app.jinja_env, "auto_reload", True)
    fragments._rendered.clear()
    assert client.get(page_url("where")).status_code == 200
    assert len(fragments._rendered) == 0
    monkeypatch.setattr(app.jinja_env, "auto_reload", False)
    assert client.get(page_url("where")).status_code == 200
    assert len(fragments._rendered) == 1


def test_each_survey_version_is_parsed_once(app):
    from sqlalchemy import select

    from engage.answering import services
    from engage.extensions import db
    from engage.models import SurveyVersion

    first, second = db.session.scalars(select(SurveyVersion).order_by(SurveyVersion.id)).all()[:2]
    survey = services.load_survey(first)
    assert services.load_survey(first) is survey
    assert services.load_survey(second) is not survey
    assert survey.title == first.definition["title"]
