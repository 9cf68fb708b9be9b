"""The resident's journey end to end, through the test client."""

import re

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, Channel, Draft, Response
from tests.engage.journey import BASE, answer, errors_on, page_url, skip_optional_pages, start, submit, walk_used_hub


def count(model):
    return db.session.scalar(select(func.count(model.id)))


def test_start_page_lists_open_consultations(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Community health hubs: what matters to you" in page.text
    assert 'href="/consultations/community-health-hubs"' in page.text


def test_consultation_page_says_what_can_be_influenced_and_when_it_closes(client):
    page = client.get(BASE)
    assert page.status_code == 200
    for heading in ("What you can influence", "What you cannot influence", "Closing date", "How we use your answers"):
        assert heading in page.text
    assert "Start now" in page.text


def test_whole_journey_stores_one_response_with_only_seen_questions(client):
    check = walk_used_hub(client)
    page = client.get(check)
    assert "Check your answers before sending them" in page.text
    assert "Sale Moor" in page.text and "Podiatry" in page.text
    # Branching: someone who used a hub never sees the barriers question.
    assert "What has stopped you" not in page.text
    response = submit(client)
    assert response.status_code == 302 and response.location.endswith("/confirmation")
    confirmation = client.get(response.location)
    reference = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", confirmation.text).group(1)

    stored = db.session.scalar(select(Response))
    assert stored.reference == reference
    assert stored.channel is Channel.ONLINE and stored.language == "en"
    assert stored.survey_version.number == 1
    assert stored.submitted_at >= stored.started_at
    answers = {a.question_id: a.value for a in stored.answers}
    assert answers["ward"] == "Sale Moor"
    assert answers["used_hub"] == "yes"
    assert answers["visits_per_year"] == 6
    assert "barriers" not in answers
    assert count(Draft) == 0


def test_branching_skips_pages_and_shows_the_other_branch(client):
    start(client)
    answer(client, "where", {})
    response = answer(client, "used", {"used_hub": "no"})
    assert response.location.endswith(page_url("barriers"))
    # Pages on the other branch are not reachable.
    assert client.get(page_url("services")).status_code == 404
    barriers = client.get(page_url("barriers"))
    assert "What has stopped you" in barriers.text
    # Back from the barriers page goes to the question that branched, not a skipped one.
    assert f'href="{page_url("used")}"' in barriers.text


def test_changing_a_branching_answer_prunes_the_hidden_answers(client):
    walk_used_hub(client)
    answer(client, "used", {"used_hub": "no"}, return_to="check")
    location = skip_optional_pages(client, answer(client, "barriers", {"barriers": "travel"},
                                                  return_to="check").location)
    check = client.get(location)
    assert "Podiatry" not in check.text and "It is hard to get there" in check.text
    assert submit(client).status_code == 302
    answers = {a.question_id for a in db.session.scalars(select(Answer))}
    assert "services_used" not in answers and "experience" not in answers
    assert "barriers" in answers


def test_change_link_returns_to_check_answers(client):
    check = walk_used_hub(client)
    page = client.get(check)
    assert f'href="{page_url("visits", return_to="check")}"' in page.text
    response = answer(client, "visits", {"visits_per_year": "12"}, return_to="check")
    assert response.location.endswith("/check-answers")
    assert re.search(r'<dd class="govuk-summary-list__value">\s*12\s*</dd>', client.get(response.location).text)


def test_previous_answers_are_shown_when_going_back(client):
    start(client)
    answer(client, "where", {"ward": "Hale"})
    page = client.get(page_url("where"))
    assert re.search(r'<option value="Hale" selected', page.text) or 'value="Hale" checked' in page.text


def test_save_and_return_restores_every_answer(client, app):
    start(client)
    answer(client, "where", {"ward": "Urmston"})
    answer(client, "used", {"used_hub": "yes"})
    saved = answer(client, "services", {"services_used": ["physio"]}, action="save")
    assert saved.location.endswith("/saved")
    page = client.get(saved.location)
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", page.text).group(1)
    assert "/resume/" + code in page.text

    other_browser = app.test_client()
    resumed = other_browser.get("/resume/" + code.lower().replace("-", ""))
    assert resumed.status_code == 302 and resumed.location.endswith(page_url("experience"))
    services = other_browser.get(page_url("services"))
    assert re.search(r'value="physio" checked', services.text)
    assert 'value="Urmston"' in other_browser.get(page_url("where")).text


def test_resume_form_with_a_wrong_code_explains_and_keeps_it(client):
    page = client.get("/resume")
    from tests.engage.conftest import csrf_token

    response = client.post("/resume", data={"csrf_token": csrf_token(page.text), "code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 400
    assert "We could not find saved answers for that code" in response.text
    assert 'value="ABCD-EFGH-JKLM"' in response.text
    empty = client.post("/resume", data={"csrf_token": csrf_token(page.text), "code": ""})
    assert "Enter the code you were given" in empty.text


def test_double_submit_makes_one_response(client):
    walk_used_hub(client)
    page = client.get(f"{BASE}/check-answers")
    from tests.engage.conftest import csrf_token

    token = csrf_token(page.text)
    first = client.post(f"{BASE}/check-answers", data={"csrf_token": token})
    second = client.post(f"{BASE}/check-answers", data={"csrf_token": token})
    assert first.status_code == second.status_code == 302
    assert second.location.endswith("/confirmation")
    assert count(Response) == 1


def test_submit_of_an_already_submitted_draft_returns_the_first_response(app):
    from engage.answering import services

    client = app.test_client()
    walk_used_hub(client)
    draft = db.session.scalar(select(Draft))
    first = services.submit(draft)
    db.session.commit()
    assert services.submit(draft).id == first.id
    assert count(Response) == 1


def test_submit_stores_all_answers_or_none(app, monkeypatch):
    """A failure while storing answers leaves no half response behind and keeps the draft."""
    from engage.answering import services

    client = app.test_client()
    walk_used_hub(client)
    draft = db.session.scalar(select(Draft))

    def broken_answer(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "Answer", broken_answer)
    try:
        services.submit(draft)
    except RuntimeError:
        db.session.rollback()
    assert count(Response) == 0 and count(Answer) == 0
    assert count(Draft) == 1


def test_confirmation_without_a_response_goes_back_to_the_start(client):
    assert client.get(f"{BASE}/confirmation").status_code == 302


def test_question_page_without_a_draft_goes_to_the_consultation(client):
    response = client.get(page_url("where"))
    assert response.status_code == 302 and response.location.endswith(BASE)


def test_errors_are_listed_in_a_summary_and_the_title(client):
    start(client)
    response = answer(client, "used", {})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "<title>Error:" in response.text
    assert errors_on(response)


def test_check_answers_escapes_free_text_and_puts_each_part_on_its_own_line(client):
    check = walk_used_hub(client)
    answer(client, "improve", {"one_thing": "<script>alert(1)</script>"}, return_to="check")
    page = client.get(check).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    grid = re.search(r"The hub was easy to get to[^<]*<br>Staff listened to me", page)
    assert grid, "grid answer lines should be separated by <br>"


def test_survey_content_is_shown_in_the_chosen_language(client):
    start(client, lang="ur")
    page = client.get(page_url("services")).text
    assert '<html lang="ur" dir="rtl"' in page
    assert "Which services did you use?" not in page
    assert "آپ نے کون سی سروسز استعمال کیں؟" in page
    polish = client.get(page_url("services") + "?lang=pl", follow_redirects=True).text
    main = polish.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Which services did you use?" not in main and 'lang="en"' not in main
