"""Accounts for every role around the demo staff change case, and signing in as each."""

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from engage.cases import services
from engage.extensions import db
from engage.models import CaseAuditEvent, CaseOfficer, Role, User
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


# A quick hash: these tests sign in hundreds of times (the app's own hashing is tested elsewhere).
QUICK_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_accounts():
    """One account per role; the assigned officer is assigned to the demo case."""
    users = {name: User(email=email, name=name.replace("_", " ").title(), role=Role(role), password_hash=QUICK_HASH)
             for name, (role, email) in ROLES.items()}
    db.session.add_all(users.values())
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


def post_form(client, url, data, files=None, token_from=None):
    """Fetch the form at ``url`` (or ``token_from``) for its CSRF token, then post ``data`` (values may be lists)
    and ``files`` (name -> [(bytes, filename)])."""
    page = client.get(token_from or url)
    assert page.status_code == 200, (url, page.status_code)
    fields = {"csrf_token": csrf_token(page.text), **data}
    if not files:
        return client.post(url, data=fields)
    # A body built as bytes: the test client would spool a large form to a temporary file and leave it open.
    boundary, parts = "caseboundary", []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, value in files.items():
        for content, filename in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CaseAuditEvent))
