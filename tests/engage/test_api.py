"""The read-only JSON API: tokens (web page and command), roles, redaction and withholding as the exports,
suppressed breakdowns, pagination, and JSON errors for every bad request."""

import pytest
from sqlalchemy import select

from engage.accounts.services import create_user
from engage.answering.services import start_draft, submit
from engage.api.services import create_token, encode_cursor
from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import ApiToken, Channel, ExportAuditEvent, Role, Status, User
from tests.engage.conftest import csrf_token
from tests.engage.journey import SLUG
from tests.engage.test_entry import PASSWORD, new_request_state, sign_in_as
from tests.engage.test_exports import STAFF_SLUG, read_csv, staff_responses

ROLES = [role.value for role in Role]


def token_for(role: str) -> str:
    user = db.session.scalar(select(User).where(User.email == f"{role}@example.org"))
    if user is None:
        user = create_user(f"{role}@example.org", role.title(), role, PASSWORD)
    _, secret = create_token(user, "tests")
    db.session.commit()
    return secret


def get(client, path, token=None, **query):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get(path, headers=headers, query_string=query)
    assert response.is_json, (path, response.status_code, response.data[:200])
    return response


def residents_respond(*answer_sets):
    consultation = find_consultation(SLUG)
    for answers in answer_sets:
        draft = start_draft(consultation, "en", Channel.ONLINE)
        draft.answers = answers
        submit(draft)
    db.session.commit()


def test_the_openapi_document_describes_every_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    routes = {rule.rule.replace("<slug>", "{slug}") for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/")}
    assert routes == set(doc["paths"])


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic YTpi"},
                                     {"Authorization": "Bearer eng_not-a-real-token"}])
def test_no_or_a_wrong_token_is_refused_with_401(app, client, headers):
    response = client.get("/api/v1/consultations", headers=headers)
    assert response.status_code == 401 and response.is_json
    assert response.get_json()["error"] in {"unauthenticated", "invalid_token"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_browser_session_is_not_a_token(app, client):
    sign_in_as(client, "analyst")
    assert client.get("/api/v1/consultations").status_code == 401


def test_errors_are_json_with_their_status(app, client):
    token = token_for("analyst")
    assert get(client, "/api/v1/consultations/no-such-thing", token).status_code == 404
    assert get(client, "/api/v1/consultations/no-such-thing/responses", token).get_json()["error"] == "not_found"
    assert get(client, "/api/v1/nothing-here", token).status_code == 404
    posted = client.post("/api/v1/consultations", headers={"Authorization": f"Bearer {token}"})
    assert posted.status_code == 405 and posted.is_json and posted.headers["Allow"]
    for query in ({"limit": "0"}, {"limit": "1001"}, {"limit": "ten"}, {"cursor": "%%%"}, {"cursor": "abc"},
                  {"cursor": "1.2.3"}, {"page": "2"},
                  {"layout": "tall"}, {"cursor": encode_cursor(5)}):
        response = get(client, f"/api/v1/consultations/{SLUG}/responses", token, **query)
        assert response.status_code == 400, query
        assert response.get_json()["error"] in {"bad_limit", "bad_cursor", "bad_layout", "unknown_parameter"}
    assert get(client, "/api/v1/consultations", token, cursor="-1").status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_what(app, client, role):
    token = token_for(role)
    listed = {c["slug"]: c for c in get(client, "/api/v1/consultations", token).get_json()["items"]}
    responses = get(client, f"/api/v1/consultations/{SLUG}/responses", token)
    staff_breakdowns = get(client, f"/api/v1/consultations/{STAFF_SLUG}/breakdowns", token)
    staff_responses_ = get(client, f"/api/v1/consultations/{STAFF_SLUG}/responses", token)
    if role == "workforce_officer":
        assert set(listed) == {STAFF_SLUG} and listed[STAFF_SLUG]["responses_allowed"] is False
        assert responses.status_code == 403 and responses.get_json()["error"] == "forbidden"
        assert staff_responses_.status_code == 403 and staff_responses_.get_json()["error"] == "forbidden"
        assert staff_breakdowns.get_json()["error"] == "withheld_until_closed"
    elif role == "engagement_officer":
        assert set(listed) == {SLUG} and responses.status_code == 200
        assert staff_breakdowns.status_code == 403 and staff_breakdowns.get_json()["error"] == "forbidden"
    else:
        assert set(listed) == {SLUG, STAFF_SLUG} and responses.status_code == 200
        assert listed[STAFF_SLUG]["withheld"] == "open"
        assert staff_responses_.status_code == 403
        assert staff_responses_.get_json()["error"] == "withheld_until_closed"


def test_responses_are_redacted_as_the_exports_and_paginated(app, client):
    residents_respond(*({"used_hub": "yes", "one_thing": f"Ring Dr Patel on 07700 900123 ({n})"} for n in range(5)),
                      {"used_hub": "yes", "one_thing": "=1+1", "visits_per_year": 6, "services_used": ["nurse"]})
    token = token_for("administrator")
    items, cursor, pages = [], None, 0
    while True:
        page = get(client, f"/api/v1/consultations/{SLUG}/responses", token, limit=2,
                   **({"cursor": cursor} if cursor else {})).get_json()
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and len(items) == 6 and len({item["reference"] for item in items}) == 6
    assert sorted(item["one_thing"] for item in items)[1:] == [f"Ring [NAME] on [PHONE] ({n})" for n in range(5)]
    assert "=1+1" in [item["one_thing"] for item in items]  # not a spreadsheet: no leading '
    numbered = next(item for item in items if item["visits_per_year"])
    assert numbered["visits_per_year"] == 6 and numbered["services_used"] == "nurse"
    assert numbered["services_used_label"] == "Community nurse"

    sign_in_as(client, "analyst")
    rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv"))
    header = rows[0]
    exported = sorted(row[header.index("one_thing")] for row in rows[1:])
    assert exported == sorted("'=1+1" if item["one_thing"] == "=1+1" else item["one_thing"] for item in items)

    long = get(client, f"/api/v1/consultations/{SLUG}/responses", token, layout="long", limit=1000).get_json()
    assert long["columns"][-3:] == ["question", "code", "answer"]
    assert {(i["question"], i["code"], i["answer"]) for i in long["items"] if i["question"] == "used_hub"} == {
        ("used_hub", "yes", "Yes")}
    assert len([i for i in long["items"] if i["question"] == "one_thing"]) == 6
    audit = db.session.scalars(select(ExportAuditEvent).where(ExportAuditEvent.what == "api responses")).all()
    assert len(audit) == 2  # first pages only: one per reading


def test_staff_survey_is_a_ballot_box_and_breakdowns_suppress_small_groups(app, client):
    token = token_for("analyst")
    staff = staff_responses(12, concern="Call Mrs Jones on 0161 496 0000")
    for _ in range(3):
        draft = start_draft(staff, "en", Channel.ONLINE)
        draft.answers = {"staff_group": "therapy", "support_proposal": "agree", "concerns": "Fine"}
        submit(draft)
    db.session.commit()
    assert get(client, f"/api/v1/consultations/{STAFF_SLUG}/responses", token).status_code == 403
    change_status(staff, Status.CLOSED)
    db.session.commit()
    page = get(client, f"/api/v1/consultations/{STAFF_SLUG}/responses", token).get_json()
    assert page["columns"] == ["concerns", "counter_proposal"]
    assert {item["concerns"] for item in page["items"]} == {"Call [NAME] on [PHONE]", "Fine"}
    long = get(client, f"/api/v1/consultations/{STAFF_SLUG}/responses", token, layout="long").get_json()
    assert long["columns"] == ["respondent", "question", "code", "answer"]

    counts = get(client, f"/api/v1/consultations/{STAFF_SLUG}/breakdowns", token).get_json()
    assert counts["responses"] == 15 and counts["min_group_size"] == 11
    group = next(q for q in counts["questions"] if q["question"] == "staff_group")["rows"][0]["options"]
    by_code = {option["code"]: option for option in group}
    assert by_code["therapy"] == {"code": "therapy", "label": by_code["therapy"]["label"], "count": None,
                                  "suppressed": True}
    assert by_code["nursing"]["count"] is None and by_code["nursing"]["suppressed"]  # else 15 - 12 = 3
    assert by_code["admin"]["count"] == 0

    workforce = token_for("workforce_officer")
    assert get(client, f"/api/v1/consultations/{STAFF_SLUG}/breakdowns", workforce).status_code == 200
    assert get(client, f"/api/v1/consultations/{STAFF_SLUG}/responses", workforce).status_code == 403


def test_breakdowns_of_a_grid_and_large_groups_are_shown(app, client):
    residents_respond(*({"used_hub": "yes", "experience": {"listened": "agree"}} for _ in range(12)))
    counts = get(client, f"/api/v1/consultations/{SLUG}/breakdowns", token_for("analyst")).get_json()
    used = next(q for q in counts["questions"] if q["question"] == "used_hub")["rows"][0]
    assert {o["code"]: o["count"] for o in used["options"]}["yes"] == 12 and used["not_answered"]["count"] == 0
    grid = next(q for q in counts["questions"] if q["question"] == "experience")["rows"]
    listened = next(row for row in grid if row["item"] == "listened")
    assert {o["code"]: o["count"] for o in listened["options"]}["agree"] == 12


def test_an_empty_consultation_gives_empty_pages(app, client):
    token = token_for("engagement_officer")
    page = get(client, f"/api/v1/consultations/{SLUG}/responses", token).get_json()
    assert page["items"] == [] and page["next_cursor"] is None and "reference" in page["columns"]
    counts = get(client, f"/api/v1/consultations/{SLUG}/breakdowns", token).get_json()
    assert counts["responses"] == 0 and all(o["count"] == 0 for q in counts["questions"]
                                            for row in q["rows"] for o in row["options"])
    detail = get(client, f"/api/v1/consultations/{SLUG}", token).get_json()
    assert {"question": "used_hub", "code": "yes", "label": "Yes"} in detail["labels"]


def test_a_token_is_created_shown_once_used_and_revoked_on_the_web(app, client):
    sign_in_as(client, "analyst")
    page = client.get("/staff/api-tokens")
    assert page.status_code == 200 and "You have no API tokens" in page.text
    assert 'href="/staff/api-tokens"' in client.get("/staff/").text
    refused = client.post("/staff/api-tokens", data={"csrf_token": csrf_token(page.text), "name": "  "})
    assert refused.status_code == 400 and "Enter a name for the token" in refused.text
    long_name = "x" * 101
    refused = client.post("/staff/api-tokens", data={"csrf_token": csrf_token(page.text), "name": long_name})
    assert refused.status_code == 400 and long_name in refused.text  # what was entered is kept
    created = client.post("/staff/api-tokens", data={"csrf_token": csrf_token(page.text), "name": "R on my laptop"})
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    secret = created.text.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("eng_") and secret not in client.get("/staff/api-tokens").text  # shown once
    stored = db.session.scalar(select(ApiToken))
    assert stored.name == "R on my laptop" and secret not in stored.token_hash

    assert get(client, "/api/v1/consultations", secret).status_code == 200
    db.session.refresh(stored)
    assert stored.last_used_at is not None and "Never" not in client.get("/staff/api-tokens").text

    listed = client.get("/staff/api-tokens").text
    revoked = client.post(f"/staff/api-tokens/{stored.id}/revoke", data={"csrf_token": csrf_token(listed)})
    assert revoked.status_code == 302
    assert "is revoked" in client.get("/staff/api-tokens").text
    refused = get(client, "/api/v1/consultations", secret)
    assert refused.status_code == 401 and refused.get_json()["error"] == "revoked_token"


def test_nobody_revokes_another_persons_token_and_a_stale_form_changes_nothing(app, client):
    token_for("analyst")
    theirs = db.session.scalar(select(ApiToken))
    sign_in_as(client, "administrator")
    listed = client.get("/staff/api-tokens").text
    assert client.post(f"/staff/api-tokens/{theirs.id}/revoke",
                       data={"csrf_token": csrf_token(listed)}).status_code == 404
    assert client.post("/staff/api-tokens/999999/revoke", data={"csrf_token": csrf_token(listed)}).status_code == 404
    assert client.post(f"/staff/api-tokens/{theirs.id}/revoke", data={}).status_code == 302
    db.session.refresh(theirs)
    assert theirs.revoked_at is None


def test_signed_out_visitors_are_sent_to_sign_in(app, client):
    assert client.get("/staff/api-tokens").status_code == 302
    assert client.post("/staff/api-tokens/1/revoke").status_code in (302, 400)


def test_the_command_prints_a_token(app, runner, client):
    create_user("analyst@example.org", "Analyst", "analyst", PASSWORD)
    db.session.commit()
    result = runner.invoke(args=["api-token", "create", "analyst@example.org", "--name", "Server"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    new_request_state()
    assert get(client, "/api/v1/consultations", secret).status_code == 200
    missing = runner.invoke(args=["api-token", "create", "nobody@example.org"])
    assert missing.exit_code != 0 and "No staff account" in missing.output


def test_a_deactivated_account_s_token_stops_working(app, client):
    secret = token_for("analyst")
    user = db.session.scalar(select(User).where(User.email == "analyst@example.org"))
    user.is_active = False
    db.session.commit()
    assert get(client, "/api/v1/consultations", secret).status_code == 401


def test_consultations_are_paginated(app, client):
    token = token_for("administrator")
    first = get(client, "/api/v1/consultations", token, limit=1).get_json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = get(client, "/api/v1/consultations", token, limit=1, cursor=first["next_cursor"]).get_json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert first["items"][0]["slug"] != second["items"][0]["slug"]


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_role_has_a_token_page(app, client, role):
    sign_in_as(client, role)
    page = client.get("/staff/api-tokens")
    assert page.status_code == 200 and "Create a token" in page.text
    created = client.post("/staff/api-tokens", data={"csrf_token": csrf_token(page.text), "name": role})
    secret = created.text.split('id="new-token">')[1].split("<")[0]
    listed = get(client, "/api/v1/consultations", secret)
    assert listed.status_code == 200
    assert bool(listed.get_json()["items"])  # every role sees at least one demo consultation's something
