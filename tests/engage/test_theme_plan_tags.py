"""Agreed themes tagged with the locality plan's priorities, and the plan view's evidence from them."""

import pytest
from sqlalchemy import select

from engage.agreed_themes import theme_sizes
from engage.extensions import db
from engage.models import AnalysisRun, PlanPriority, ThemeChange, ThemePriority
from engage.models.base import utcnow
from engage.plan.services import seed_priorities
from engage.workspace import review, runs
from tests.engage.test_entry import sign_in_as
from tests.engage.test_workspace_pages import PARAMETERS, review_page
from tests.engage.workspace_data import add_answers, analyst, theme_named


@pytest.fixture
def run(app):
    app.config["JOBS"] = "inline"
    seed_priorities()
    consultation = add_answers()
    run = runs.start_run(consultation, ["one_thing"], PARAMETERS, analyst())
    db.session.commit()
    runs.execute_run(run.id, 1)
    db.session.expire_all()
    yield db.session.get(AnalysisRun, run.id)
    app.config["JOBS"] = "local"


def priority(name):
    return db.session.scalar(select(PlanPriority).where(PlanPriority.name == name))


def section(html, priority_id):
    """The plan view's section for one priority."""
    return html.split(f'id="priority-{priority_id}"', 1)[1].split("</section>", 1)[0]


def tags_of(theme):
    return set(db.session.scalars(select(ThemePriority.priority_id).where(ThemePriority.theme_id == theme.id)))


def test_an_agreed_theme_is_tagged_and_shows_on_the_plan(run, client):
    sign_in_as(client, "analyst")
    parking = theme_named(run, ["park"])
    page, token = review_page(client, parking.id)
    assert "Agree this theme to tag it" in page.text
    refused = client.post(f"/staff/analysis/themes/{parking.id}/priorities",
                          data={"csrf_token": token, "priorities": [str(priority("Estates").id)]})
    assert refused.status_code == 400 and "Agree the theme before tagging it" in refused.text
    assert not tags_of(parking)
    client.post(f"/staff/analysis/themes/{parking.id}/agree", data={"csrf_token": token, "agreed": "y"})
    wanted = [str(priority("Estates").id), str(priority("Planned care").id)]
    saved = client.post(f"/staff/analysis/themes/{parking.id}/priorities",
                        data={"csrf_token": token, "priorities": wanted})
    assert saved.status_code == 302
    assert tags_of(parking) == {int(p) for p in wanted}
    logged = db.session.scalar(select(ThemeChange).where(ThemeChange.action == "tagged"))
    assert logged.details["added"] == ["Estates", "Planned care"] and logged.details["removed"] == []
    # Untag one: only Estates is left.
    client.post(f"/staff/analysis/themes/{parking.id}/priorities",
                data={"csrf_token": token, "priorities": wanted[:1]})
    assert tags_of(parking) == {int(wanted[0])}
    plan = client.get("/staff/plan/").text
    estates = section(plan, wanted[0])
    assert parking.label in estates and "12 answers" in estates
    assert "No agreed themes tagged yet" in section(plan, wanted[1])


def test_a_small_theme_shows_no_count_or_quotes_on_the_plan(run, client, app):
    sign_in_as(client, "analyst")
    parking = theme_named(run, ["park"])
    page, token = review_page(client, parking.id)
    client.post(f"/staff/analysis/themes/{parking.id}/agree", data={"csrf_token": token, "agreed": "y"})
    client.post(f"/staff/analysis/themes/{parking.id}/priorities",
                data={"csrf_token": token, "priorities": [str(priority("Estates").id)]})
    app.config["MIN_GROUP_SIZE"] = 50
    try:
        shown = section(client.get("/staff/plan/").text, priority("Estates").id)
    finally:
        app.config["MIN_GROUP_SIZE"] = 11
    assert "fewer than 50 answers" in shown and "govuk-inset-text" not in shown


@pytest.mark.parametrize("bad", [["999999"], ["not a number"]])
def test_unknown_priorities_are_refused_on_the_page(run, client, bad):
    sign_in_as(client, "analyst")
    parking = theme_named(run, ["park"])
    page, token = review_page(client, parking.id)
    client.post(f"/staff/analysis/themes/{parking.id}/agree", data={"csrf_token": token, "agreed": "y"})
    refused = client.post(f"/staff/analysis/themes/{parking.id}/priorities",
                          data={"csrf_token": token, "priorities": bad})
    assert refused.status_code == 400 and "Choose priorities from the plan" in refused.text
    assert not tags_of(parking)


def test_a_retired_priority_cannot_be_newly_tagged(run, client):
    sign_in_as(client, "analyst")
    parking = theme_named(run, ["park"])
    digital = priority("Digital")
    digital.retired_at = utcnow()
    db.session.commit()
    page, token = review_page(client, parking.id)
    client.post(f"/staff/analysis/themes/{parking.id}/agree", data={"csrf_token": token, "agreed": "y"})
    refused = client.post(f"/staff/analysis/themes/{parking.id}/priorities",
                          data={"csrf_token": token, "priorities": [str(digital.id)]})
    assert refused.status_code == 400 and not tags_of(parking)


def test_tags_carry_over_to_the_next_run(run, client):
    sign_in_as(client, "analyst")
    parking = theme_named(run, ["park"])
    page, token = review_page(client, parking.id)
    client.post(f"/staff/analysis/themes/{parking.id}/agree", data={"csrf_token": token, "agreed": "y"})
    client.post(f"/staff/analysis/themes/{parking.id}/priorities",
                data={"csrf_token": token, "priorities": [str(priority("Estates").id)]})
    again = runs.start_run(run.consultation, ["one_thing"], PARAMETERS, analyst())
    db.session.commit()
    runs.execute_run(again.id, 1)
    db.session.expire_all()
    copy = next(t for t in db.session.get(AnalysisRun, again.id).themes if t.carried_from_id == parking.id)
    assert tags_of(copy) == {priority("Estates").id}
    # The plan lists the latest run's theme only, not both.
    assert section(client.get("/staff/plan/").text, priority("Estates").id).count("/staff/analysis/themes/") == 1


def test_engagement_officers_read_the_evidence_without_workspace_links(run, client):
    parking = theme_named(run, ["park"])
    review.set_agreed(parking, analyst(), True)
    review.set_priorities(parking, analyst(), [priority("Estates").id])
    db.session.commit()
    sign_in_as(client, "engagement_officer")
    plan = client.get("/staff/plan/")
    assert plan.status_code == 200 and parking.label in plan.text
    assert "/staff/analysis/themes/" not in plan.text


def test_staff_survey_themes_show_on_the_plan_only_once_closed_and_without_quotes_to_officers(app, client):
    """Engagement officers may read the plan, not staff answers: a staff theme counts there, its quotes do not."""
    from engage.models import Consultation, Status
    from tests.engage.workspace_data import STAFF_SLUG

    seed_priorities()
    staff = db.session.scalar(select(Consultation).where(Consultation.slug == STAFF_SLUG))
    add_answers(STAFF_SLUG, [f"Parking at the new base is hard {i}" for i in range(20)]
                + [f"Travel time between sites is long {i}" for i in range(20)], question="concerns")
    staff.status = Status.CLOSED
    run = runs.start_run(staff, ["concerns"], {"n_themes": 2, "random_state": 0}, analyst())
    db.session.commit()
    runs.execute_run(run.id, 1)
    db.session.expire_all()
    parking = theme_named(db.session.get(AnalysisRun, run.id), ["park"])
    review.set_agreed(parking, analyst(), True)
    review.set_priorities(parking, analyst(), [priority("Estates").id])
    db.session.commit()
    estates = priority("Estates").id

    sign_in_as(client, "engagement_officer")
    shown = section(client.get("/staff/plan/").text, estates)
    size = theme_sizes(parking.run)[parking.id]
    assert size >= 11 and parking.label in shown and f"{size} answers" in shown
    assert "new base" not in shown and "govuk-inset-text" not in shown
    client.post("/staff/sign-out", data={"csrf_token": ""})
    staff.status = Status.OPEN
    db.session.commit()
    sign_in_as(client, "analyst")
    assert parking.label not in section(client.get("/staff/plan/").text, estates)
