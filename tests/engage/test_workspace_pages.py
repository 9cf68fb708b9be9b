"""The workspace's pages: who may see them, reviewing themes through the forms, and every bad input."""

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import AnalysisRun, Consultation, RunStatus, SetBy, Status, Theme, ThemeChange
from engage.workspace import runs
from tests.engage.conftest import csrf_token
from tests.engage.test_entry import sign_in_as
from tests.engage.workspace_data import SLUG, STAFF_SLUG, add_answers, analyst, theme_named

PARAMETERS = {"n_themes": 3, "random_state": 0}
ROLES = ["administrator", "analyst", "engagement_officer", "workforce_officer"]


@pytest.fixture
def run(app):
    app.config["JOBS"] = "inline"
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    db.session.commit()
    runs.execute_run(run.id, 1)
    db.session.expire_all()
    yield db.session.get(AnalysisRun, run.id)
    app.config["JOBS"] = "local"


def pages(run):
    theme = run.themes[0]
    return ["/staff/analysis/", f"/staff/analysis/{SLUG}/", f"/staff/analysis/runs/{run.id}",
            f"/staff/analysis/runs/{run.id}/changes", f"/staff/analysis/themes/{theme.id}",
            f"/staff/analysis/runs/{run.id}/answers", f"/staff/analysis/runs/{run.id}/coding"]


def test_anonymous_visitors_are_sent_to_sign_in(run, client):
    for url in pages(run):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/sign-in" in response.location, url
    posted = client.post(f"/staff/analysis/themes/{run.themes[0].id}/delete")
    assert posted.status_code == 302 and "/staff/sign-in" in posted.location
    assert db.session.get(Theme, run.themes[0].id) is not None


@pytest.mark.parametrize("role", ROLES)
def test_each_role(run, client, role):
    sign_in_as(client, role)
    allowed = role in ("administrator", "analyst")
    for url in pages(run):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), (url, response.status_code)
    home = client.get("/staff/")
    assert ('id="themes-workspace"' in home.text) is allowed
    page = client.get(f"/staff/analysis/runs/{run.id}") if allowed else client.get("/staff/")
    token = csrf_token(page.text) if allowed else "x"
    theme = run.themes[0]
    agreed = client.post(f"/staff/analysis/themes/{theme.id}/agree", data={"csrf_token": token, "agreed": "y"})
    assert agreed.status_code == (302 if allowed else 403)
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).agreed is allowed


def review_page(client, theme_id):
    page = client.get(f"/staff/analysis/themes/{theme_id}")
    assert page.status_code == 200
    return page, csrf_token(page.text)


def test_an_analyst_reviews_themes_through_the_pages(run, client):
    sign_in_as(client, "analyst")
    parking, gp = theme_named(run, ["park"]), theme_named(run, ["appoint", "gp"])
    evening = next(t for t in run.themes if t.id not in (parking.id, gp.id))
    page, token = review_page(client, parking.id)
    saved = client.post(f"/staff/analysis/themes/{parking.id}/edit",
                        data={"csrf_token": token, "label": "Parking", "description": "Spaces at the hubs"})
    assert saved.status_code == 302
    assert client.post(f"/staff/analysis/themes/{parking.id}/agree",
                       data={"csrf_token": token, "agreed": "y"}).status_code == 302
    # split two answers off
    ids = [str(a.answer_id) for a in parking.assignments[:2]]
    split = client.post(f"/staff/analysis/themes/{parking.id}/answers",
                        data={"csrf_token": token, "answers": ids, "action": "split", "new_label": "Disabled parking"})
    assert split.status_code == 302
    db.session.expire_all()
    new = db.session.scalar(select(Theme).where(Theme.label == "Disabled parking"))
    assert new.created_by is SetBy.PERSON and sorted(str(a.answer_id) for a in new.assignments) == sorted(ids)
    assert all(a.set_by is SetBy.PERSON for a in new.assignments)
    # move one answer from the GP theme to parking
    moved = str(gp.assignments[0].answer_id)
    assert client.post(f"/staff/analysis/themes/{gp.id}/answers", data={
        "csrf_token": token, "answers": [moved], "action": "move", "move_to": str(parking.id)}).status_code == 302
    # merge the evening theme into the GP theme, then delete the new one, then create one by hand
    assert client.post(f"/staff/analysis/themes/{evening.id}/merge",
                       data={"csrf_token": token, "target": str(gp.id)}).status_code == 302
    assert client.post(f"/staff/analysis/themes/{new.id}/delete", data={"csrf_token": token}).status_code == 302
    created = client.post(f"/staff/analysis/runs/{run.id}/themes", data={"csrf_token": token, "label": "Transport"})
    assert created.status_code == 302
    db.session.expire_all()
    evening_label = evening.label
    labels = [t.label for t in db.session.get(AnalysisRun, run.id).themes]
    assert "Parking" in labels and "Transport" in labels and "Disabled parking" not in labels
    assert evening_label not in labels and len(labels) == 3
    log = client.get(f"/staff/analysis/runs/{run.id}/changes")
    actions = [c.action for c in db.session.scalars(select(ThemeChange).order_by(ThemeChange.id))]
    assert actions == ["edited", "agreed", "created", "split", "moved_answers", "merged", "deleted", "created"]
    assert {c.user.email for c in db.session.scalars(select(ThemeChange))} == {"analyst@example.org"}
    assert "Analyst" in log.text and "Merged" in log.text and "Split" in log.text


def test_bad_review_inputs_are_explained_on_the_same_page(run, client):
    sign_in_as(client, "analyst")
    theme, other = run.themes[0], run.themes[1]
    page, token = review_page(client, theme.id)
    cases = [
        ("edit", {"label": ""}, "Enter a name for the theme"),
        ("edit", {"label": "x" * 201}, "200 characters or fewer"),
        ("merge", {"target": ""}, "Choose another theme of this analysis"),
        ("merge", {"target": str(theme.id)}, "Choose another theme of this analysis"),
        ("merge", {"target": "not a number"}, "Choose another theme of this analysis"),
        ("answers", {"action": "move", "move_to": str(other.id)}, "Choose at least one answer of this theme"),
        ("answers", {"action": "move", "answers": ["12345"], "move_to": str(other.id)},
         "Choose at least one answer of this theme"),
        ("answers", {"action": "split", "answers": [str(theme.assignments[0].answer_id)], "new_label": ""},
         "Enter a name for the new theme"),
        ("answers", {"action": "", "answers": [str(theme.assignments[0].answer_id)]}, "Choose what to do"),
    ]
    for action, data, message in cases:
        response = client.post(f"/staff/analysis/themes/{theme.id}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == 400 and "There is a problem" in response.text and message in response.text, \
            (action, data)
        assert response.text.startswith("<!DOCTYPE html>")
    stale = client.post(f"/staff/analysis/themes/{theme.id}/delete", data={"csrf_token": "stale"})
    assert stale.status_code == 400 and "page was out of date" in stale.text
    db.session.expire_all()
    assert db.session.get(Theme, theme.id) is not None and db.session.scalar(select(ThemeChange)) is None
    # a theme of another run is never a target
    foreign = Theme(run_id=run.id + 1000, label="elsewhere", top_terms=[], quotes=[])
    assert client.post(f"/staff/analysis/themes/{theme.id}/merge",
                       data={"csrf_token": token, "target": "999999"}).status_code == 400
    del foreign


def test_unknown_things_are_not_found(run, client):
    sign_in_as(client, "analyst")
    for url in ["/staff/analysis/no-such-consultation/", "/staff/analysis/runs/999999",
                "/staff/analysis/themes/999999", "/staff/analysis/runs/999999/answers",
                "/staff/analysis/runs/999999/coding", "/staff/analysis/runs/999999/changes"]:
        assert client.get(url).status_code == 404, url
    page = client.get(f"/staff/analysis/runs/{run.id}")
    assert client.post("/staff/analysis/runs/999999/retry",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 404


def test_start_form_bad_inputs(app, client):
    app.config["JOBS"] = "inline"
    add_answers()
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/analysis/{SLUG}/")
    token = csrf_token(page.text)
    for data, message in [({}, "Choose at least one question to analyse"),
                          ({"questions": ["ward"]}, "Choose only questions people answer in their own words"),
                          ({"questions": ["one_thing"], "n_themes": "1"}, "whole number from 2 to 40"),
                          ({"questions": ["one_thing"], "n_themes": "many"}, "whole number from 2 to 40")]:
        response = client.post(f"/staff/analysis/{SLUG}/", data={"csrf_token": token, **data})
        assert response.status_code == 400 and message in response.text, data
        if data.get("n_themes"):
            assert f'value="{data["n_themes"]}"' in response.text  # what was entered is kept
    assert db.session.scalar(select(AnalysisRun)) is None
    app.config["JOBS"] = "local"


def test_a_question_without_free_text_and_a_draft(app, client):
    sign_in_as(client, "analyst")
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    copy_without_text = consultation.current_version.definition
    assert "one_thing" in str(copy_without_text)
    consultation.status = Status.DRAFT
    db.session.commit()
    assert client.get(f"/staff/analysis/{SLUG}/").status_code == 404


def test_staff_survey_answers_wait_for_closing_and_eleven_responses(app, client):
    app.config["JOBS"] = "inline"
    sign_in_as(client, "analyst")
    staff = db.session.scalar(select(Consultation).where(Consultation.slug == STAFF_SLUG))
    page = client.get(f"/staff/analysis/{STAFF_SLUG}/")
    assert page.status_code == 200
    if staff.status is Status.OPEN:
        assert "only once it has closed" in page.text and 'id="start"' not in page.text
    staff.status = Status.CLOSED
    db.session.commit()
    page = client.get(f"/staff/analysis/{STAFF_SLUG}/")
    assert "fewer than 11 responses" in page.text
    token = csrf_token(client.get(f"/staff/analysis/{SLUG}/").text)
    refused = client.post(f"/staff/analysis/{STAFF_SLUG}/", data={"csrf_token": token, "questions": ["concerns"]})
    assert refused.status_code == 409 and db.session.scalar(select(AnalysisRun)) is None
    add_answers(STAFF_SLUG, [f"Parking at the new base is hard {i}" for i in range(6)]
                + [f"Travel time between sites {i}" for i in range(6)], question="concerns")
    page = client.get(f"/staff/analysis/{STAFF_SLUG}/")
    assert 'id="start"' in page.text
    started = client.post(f"/staff/analysis/{STAFF_SLUG}/", data={"csrf_token": token, "questions": ["concerns"],
                                                                    "n_themes": "2"})
    assert started.status_code == 302
    app.config["JOBS"] = "local"


def test_retry_only_a_failed_run(run, client):
    sign_in_as(client, "analyst")
    page = client.get(f"/staff/analysis/runs/{run.id}")
    assert client.post(f"/staff/analysis/runs/{run.id}/retry",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 409
    run.status, run.error = RunStatus.FAILED, "boom"
    db.session.commit()
    page = client.get(f"/staff/analysis/runs/{run.id}")
    assert "boom" in page.text and 'id="retry"' in page.text
    retried = client.post(f"/staff/analysis/runs/{run.id}/retry", data={"csrf_token": csrf_token(page.text)})
    assert retried.status_code == 302
    db.session.expire_all()
    assert db.session.get(AnalysisRun, run.id).status is RunStatus.FINISHED  # inline jobs ran it again
