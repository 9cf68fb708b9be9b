"""Every case page and action for every role: administrators and the people assigned see a case; nobody else."""

import pytest

from engage.cases import services
from engage.cases.attachments import check_attachment
from engage.extensions import db
from engage.models import CaseOfficer
from tests.engage.case_helpers import BASE, audit_count, make_accounts, sign_in
from tests.engage.conftest import csrf_token

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
OK, REFUSED, SIGN_IN = 200, 403, 302
ROLES = ["anonymous", "administrator", "engagement_officer", "assigned_officer", "other_officer", "analyst"]
# (path, who may) for the pages of the demo case; "{m}", "{p}" and "{f}" are its meeting, counter-proposal and file.
CASE_PAGES = ["/", "/details", "/staff-list", "/representatives", "/information", "/audit", "/close", "/report",
              "/meetings/new", "/meetings/{m}", "/meetings/{m}/files/{f}", "/counter-proposals/new",
              "/counter-proposals/{p}/reply"]
POSTS = {
    "/details": {"title": "Changed", "case_type": "restructure", "proposed_dismissals": "3"},
    "/staff-list": {},
    "/representatives": {"name": "Sam", "kind": "elected", "received_on": "2027-01-04"},
    "/information": {"pay": "2027-01-04"},
    "/close": {"outcome": "Nothing changed."},
    "/meetings/new": {"held_on": "2027-01-04", "title": "A meeting", "attendees": "Chair: Sam"},
    "/counter-proposals/new": {"received_on": "2027-01-04", "from_whom": "Unison", "summary": "Keep it."},
    "/counter-proposals/{p}/reply": {"replied_on": "2027-01-04", "reply": "No."},
    "/officers": {"officers": "1"},
}


@pytest.fixture
def ids(app):
    make_accounts()
    case = services.find_case("integrated-neighbourhood-teams")
    meeting = services.add_meeting(case, None, case.meetings[0].held_on, "With a file", [], "",
                                   [check_attachment("notes.pdf", PDF)])
    db.session.commit()
    return {"m": meeting.id, "p": case.counter_proposals[0].id, "f": meeting.attachments[0].id}


def expected(role, path):
    if role == "anonymous":
        return SIGN_IN
    if path == "/officers":
        return OK if role == "administrator" else REFUSED
    return OK if role in ("administrator", "assigned_officer") else REFUSED


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", [*CASE_PAGES, "/officers"])
def test_case_pages_for_each_role(client, ids, role, path):
    response = sign_in(client, role).get(BASE + path.format(**ids))
    assert response.status_code == expected(role, path)
    if role == "anonymous":
        assert response.location.startswith("/staff/sign-in")


@pytest.mark.parametrize(("role", "status"), [("anonymous", SIGN_IN), ("administrator", OK),
                                              ("engagement_officer", REFUSED), ("assigned_officer", OK),
                                              ("other_officer", OK), ("analyst", REFUSED)])
@pytest.mark.parametrize("path", ["/staff/cases/", "/staff/cases/new"])
def test_the_case_list_and_new_case_form_are_for_administrators_and_workforce_officers(client, ids, role, status,
                                                                                         path):
    assert sign_in(client, role).get(path).status_code == status


def test_an_officer_not_assigned_lists_no_case_and_an_assigned_one_lists_theirs(client, ids):
    assert "integrated-neighbourhood-teams" not in sign_in(client, "other_officer").get("/staff/cases/").text
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").text)})
    assert "integrated-neighbourhood-teams" in sign_in(client, "assigned_officer").get("/staff/cases/").text


@pytest.mark.parametrize("role", ["engagement_officer", "analyst"])
def test_engagement_officers_and_analysts_see_a_case_once_assigned(client, ids, role):
    users = {user.email: user for user in db.session.scalars(db.select(services.User))}
    user = users[f"{'engage' if role == 'engagement_officer' else 'analyst'}@example.org"]
    case = services.find_case("integrated-neighbourhood-teams")
    db.session.add(CaseOfficer(case_id=case.id, user_id=user.id))
    db.session.commit()
    sign_in(client, role)
    assert client.get("/staff/cases/").status_code == OK
    assert client.get(BASE + "/").status_code == OK
    assert client.get(BASE + "/officers").status_code == REFUSED


REFUSED_POSTS = [(role, path) for path in POSTS
                 for role in ["anonymous", "engagement_officer", "other_officer", "analyst"]
                 + (["assigned_officer"] if path == "/officers" else [])]


@pytest.mark.parametrize(("role", "path"), REFUSED_POSTS)
def test_refused_roles_change_nothing(client, ids, role, path):
    sign_in(client, role)
    token = csrf_token(client.get("/staff/sign-in" if role == "anonymous" else "/staff/password").text)
    before = audit_count()
    response = client.post(BASE + path.format(**ids), data={"csrf_token": token, **POSTS[path]})
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert audit_count() == before


@pytest.mark.parametrize("role", ["anonymous", "engagement_officer", "analyst"])
def test_refused_roles_cannot_start_a_case(client, ids, role):
    sign_in(client, role)
    token = csrf_token(client.get("/staff/sign-in" if role == "anonymous" else "/staff/password").text)
    response = client.post("/staff/cases/new", data={"csrf_token": token, "title": "X", "slug": "x",
                                                    "case_type": "restructure"})
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert services.find_case("x") is None


@pytest.mark.parametrize(("role", "shown"), [("administrator", True), ("assigned_officer", True),
                                             ("other_officer", True), ("engagement_officer", False),
                                             ("analyst", False)])
def test_the_staff_home_links_to_cases_for_those_who_may_list_them(client, ids, role, shown):
    assert ('id="staff-change-cases" href="/staff/cases/"' in sign_in(client, role).get("/staff/").text) is shown
