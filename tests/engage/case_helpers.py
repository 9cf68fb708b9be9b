"""Accounts for every role around the demo staff change case, and signing in as each."""

from sqlalchemy import func, select

from engage.accounts.services import create_user
from engage.cases import services
from engage.extensions import db
from engage.models import CaseAuditEvent, CaseOfficer
from tests.engage.conftest import csrf_token
from tests.engage.test_entry import PASSWORD, new_request_state

CASE = "integrated-neighbourhood-teams"
BASE = f"/staff/cases/{CASE}"
ROLES = {
    "administrator": ("administrator", "admin@example.org"),
    "engagement_officer": ("engagement_officer", "engage@example.org"),
    "assigned_officer": ("workforce_officer", "assigned@example.org"),
    "other_officer": ("workforce_officer", "other@example.org"),
    "analyst": ("analyst", "analyst@example.org"),
}


def make_accounts():
    """One account per role; the assigned officer is assigned to the demo case."""
    users = {name: create_user(email, name.replace("_", " ").title(), role, PASSWORD)
             for name, (role, email) in ROLES.items()}
    db.session.flush()
    case = services.find_case(CASE)
    db.session.add(CaseOfficer(case_id=case.id, user_id=users["assigned_officer"].id))
    db.session.commit()
    return users


def sign_in(client, who):
    """Sign ``client`` in as one of ROLES (``"anonymous"`` stays signed out)."""
    new_request_state()
    if who == "anonymous":
        return client
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.text),
                                                   "email": ROLES[who][1], "password": PASSWORD})
    assert response.status_code == 302
    client.get("/?lang=en")
    return client


def post_form(client, url, data, files=None):
    """Fetch the form at ``url`` for its CSRF token, then post ``data`` (and ``files``: name -> (bytes, filename))."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    payload = {"csrf_token": csrf_token(page.text), **data}
    if files:
        import io

        for name, value in files.items():
            payload[name] = [(io.BytesIO(content), filename) for content, filename in value] \
                if isinstance(value, list) else (io.BytesIO(value[0]), value[1])
    return client.post(url, data=payload, content_type="multipart/form-data" if files else None)


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CaseAuditEvent))
