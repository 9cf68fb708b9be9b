"""The API's themes (counts below the minimum group size suppressed, quotes redacted, proposed themes only for
analysts) and assignments (analysts and administrators, paginated by responses, staff surveys a ballot box)."""

import pytest
from sqlalchemy import select

from engage.api.services import encode_cursor
from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import ApiToken, ExportAuditEvent, Status
from engage.models.base import utcnow
from tests.engage.test_api import get, token_for
from tests.engage.test_exports import STAFF_SLUG, staff_responses
from tests.engage.theme_runs import make_run, residents_run
from tests.engage.workspace_data import SLUG

THEMES = f"/api/v1/consultations/{SLUG}/themes"
ASSIGNMENTS = f"/api/v1/consultations/{SLUG}/assignments"


def test_analysts_get_every_run_with_small_counts_suppressed_and_text_redacted(app, client):
    first = residents_run()
    second = make_run(first.consultation, [("Parking again", 11), ("Evenings", 9)], agreed=("Parking again",))
    body = get(client, THEMES, token_for("analyst")).get_json()
    assert body["consultation"] == SLUG and body["min_group_size"] == 11
    assert [run["run"] for run in body["runs"]] == [second.id, first.id]
    latest, older = body["runs"]
    assert latest["current_for"] == ["one_thing"] and older["current_for"] == []
    parking, phone = older["themes"]
    assert parking | {"id": None} == {
        "id": None, "label": "Parking", "description": "About Parking (call [PHONE])", "status": "agreed",
        "made_by": "machine", "answers": 12, "suppressed": False, "top_terms": ["parking"], "plan_priorities": [],
        "quotes": ["[NAME] said ring [PHONE]"]}
    assert phone["label"] == "Ring [PHONE] about parking" and phone["status"] == "proposed"
    assert phone["answers"] is None and phone["suppressed"] is True  # 6 answers: fewer than 11
    assert [(t["answers"], t["suppressed"]) for t in latest["themes"]] == [(11, False), (None, True)]
    assert "07700" not in str(body) and "Patel" not in str(body)


def test_engagement_officers_get_the_current_runs_agreed_themes(app, client):
    first = residents_run()
    second = make_run(first.consultation, [("Parking again", 11), ("Evenings", 9)], agreed=("Parking again",))
    body = get(client, THEMES, token_for("engagement_officer")).get_json()
    assert [run["run"] for run in body["runs"]] == [second.id]
    assert [t["label"] for t in body["runs"][0]["themes"]] == ["Parking again"]
    assert body["runs"][0]["themes"][0]["quotes"] == ["[NAME] said ring [PHONE]"]
    refused = get(client, ASSIGNMENTS, token_for("engagement_officer"))
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"


def test_no_analysis_yet_is_an_empty_list(app, client):
    token = token_for("analyst")
    assert get(client, THEMES, token).get_json()["runs"] == []
    body = get(client, ASSIGNMENTS, token).get_json()
    assert body["items"] == [] and body["runs"] == [] and body["next_cursor"] is None


def test_unknown_consultations_and_runs_and_bad_parameters(app, client):
    run = residents_run()
    staff = staff_responses(11)
    change_status(staff, Status.CLOSED)
    db.session.commit()
    staff_run = make_run(staff, [("Parking at the new base", 11)], question="concerns")
    token = token_for("analyst")
    for path in ("/api/v1/consultations/no-such-thing/themes", "/api/v1/consultations/no-such-thing/assignments"):
        response = get(client, path, token)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    for wrong in ("999999", str(staff_run.id), "99999999999"):  # unknown, another consultation's, too big
        response = get(client, ASSIGNMENTS, token, run=wrong)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found", wrong
    for query in ({"run": "abc"}, {"run": "-1"}, {"limit": "0"}, {"cursor": "1"}, {"page": "2"}):
        assert get(client, ASSIGNMENTS, token, **query).status_code == 400, query
    assert get(client, THEMES, token, run=str(run.id)).get_json()["error"] == "unknown_parameter"


def test_a_revoked_token_is_refused(app, client):
    residents_run()
    token = token_for("analyst")
    db.session.scalar(select(ApiToken).order_by(ApiToken.id.desc())).revoked_at = utcnow()
    db.session.commit()
    for path in (THEMES, ASSIGNMENTS):
        response = get(client, path, token)
        assert response.status_code == 401 and response.get_json()["error"] == "revoked_token"


def test_assignments_are_paginated_by_responses_and_audited_once(app, client):
    run = residents_run()
    token = token_for("administrator")
    items, cursor, pages = [], None, 0
    while True:
        page = get(client, ASSIGNMENTS, token, limit=6, **({"cursor": cursor} if cursor else {})).get_json()
        assert page["runs"] == [run.id]
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 4 and len(items) == 18
    parking, other = run.themes
    assert sum(item["theme_id"] == parking.id for item in items) == 12
    person = [item for item in items if item["set_by"] == "person"]
    assert len(person) == 1 and person[0]["primary"] is False and person[0]["theme"] == "Ring [PHONE] about parking"
    assert set(items[0]) == {"reference", "question", "run", "theme_id", "theme", "weight", "primary", "set_by"}
    audit = db.session.scalars(select(ExportAuditEvent.what)).all()
    assert audit == ["api assignments"]
    chosen = get(client, ASSIGNMENTS, token, run=str(run.id), limit=1000).get_json()
    assert len(chosen["items"]) == 18
    assert get(client, ASSIGNMENTS, token, cursor=encode_cursor(2**63 - 1, 5)).get_json()["items"] == []


def test_the_current_run_of_each_question_is_listed(app, client):
    first = residents_run()
    second = make_run(first.consultation, [("Later", 3)])
    body = get(client, ASSIGNMENTS, token_for("analyst"), limit=1000).get_json()
    assert body["runs"] == [second.id] and len(body["items"]) == 3
    assert {item["run"] for item in body["items"]} == {second.id}
    older = get(client, ASSIGNMENTS, token_for("analyst"), run=str(first.id), limit=1000).get_json()
    assert {item["run"] for item in older["items"]} == {first.id}


@pytest.mark.parametrize("role", ["analyst", "workforce_officer"])
def test_a_staff_survey_is_a_ballot_box(app, client, role):
    staff = staff_responses(12)
    run = make_run(staff, [("Parking at the new base", 11), ("Rotas", 1)], question="concerns",
                   agreed=("Parking at the new base", "Rotas"))
    token = token_for(role)
    themes = f"/api/v1/consultations/{STAFF_SLUG}/themes"
    assignments = f"/api/v1/consultations/{STAFF_SLUG}/assignments"
    assert get(client, themes, token).get_json()["error"] == "withheld_until_closed"
    change_status(staff, Status.CLOSED)
    db.session.commit()
    body = get(client, themes, token).get_json()
    parking, rotas = body["runs"][0]["themes"]
    assert parking["answers"] == 11 and rotas["answers"] is None
    if role == "workforce_officer":  # the managers running the change: counts, never people's words
        assert parking["quotes"] == [] and rotas["quotes"] == []
        assert get(client, assignments, token).get_json()["error"] == "forbidden"
        return
    assert parking["quotes"] == ["[NAME] said ring [PHONE]"]
    items = get(client, assignments, token, limit=1000).get_json()["items"]
    assert len(items) == 13 and {item["run"] for item in items} == {run.id}
    assert set(items[0]) == {"respondent", "question", "run", "theme_id", "theme", "weight", "primary", "set_by"}
    assert {item["respondent"] for item in items} <= set(range(1, 13))
    numbered = get(client, f"/api/v1/consultations/{STAFF_SLUG}/responses", token, layout="long",
                   limit=1000).get_json()["items"]
    assert {i["respondent"] for i in numbered if i["question"] == "concerns"} >= {
        item["respondent"] for item in items}


def test_staff_survey_with_too_few_responses_is_withheld(app, client):
    staff = staff_responses(5)
    change_status(staff, Status.CLOSED)
    db.session.commit()
    make_run(staff, [("Parking at the new base", 5)], question="concerns")
    token = token_for("analyst")
    assert get(client, f"/api/v1/consultations/{STAFF_SLUG}/themes", token).get_json()["error"] == "withheld_too_few"
    assert get(client, f"/api/v1/consultations/{STAFF_SLUG}/assignments", token).status_code == 403


def test_consultation_slugs_of_other_roles(app, client):
    residents_run()
    response = get(client, f"/api/v1/consultations/{SLUG}/themes", token_for("workforce_officer"))
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    assert find_consultation(SLUG) is not None
