"""Helpers for staff change cases in tests: a case on a staff survey, its staff, and codes given to a browser."""

from sqlalchemy import select, update

from engage import ballot
from engage.extensions import db
from engage.models import CaseOfficer, CaseStaff, CaseType, ChangeCase, Consultation

STAFF_SLUG = "integrated-neighbourhood-teams-staff"
CASE_SLUG = "neighbourhood-teams-restructure"


def make_case(slug=CASE_SLUG, survey_slug=STAFF_SLUG, staff=3, emails=True, language="en"):
    """A restructure case on the demo staff survey (or ``survey_slug``; None for no survey) with ``staff`` people."""
    case = db.session.scalar(select(ChangeCase).where(ChangeCase.slug == slug))
    if case is not None:
        return case
    survey = db.session.scalar(select(Consultation).where(Consultation.slug == survey_slug)) if survey_slug else None
    if survey is not None:
        # The demo's own case links the demo staff survey; a survey belongs to one case at a time.
        db.session.execute(update(ChangeCase).where(ChangeCase.consultation_id == survey.id)
                           .values(consultation_id=None))
    case = ChangeCase(slug=slug, title="Neighbourhood teams restructure", case_type=CaseType.RESTRUCTURE,
                      consultation_id=survey.id if survey else None)
    db.session.add(case)
    db.session.flush()
    for i in range(staff):
        db.session.add(CaseStaff(case_id=case.id, staff_number=f"{slug[:3].upper()}{i:04d}", name=f"Person {i}",
                                 email=f"person{i}@{slug}.example.nhs.uk" if emails else None, language=language,
                                 organisation="Trafford Council", team=f"Team {i % 2}"))
    db.session.commit()
    return case


def assign(case, user):
    db.session.add(CaseOfficer(case_id=case.id, user_id=user.id))
    db.session.commit()


def issue(case, index=0, sent_by=ballot.PRINT):
    """A fresh code for the ``index``-th member of the case's staff, committed."""
    code = ballot.issue_code(case.staff[index], sent_by)
    db.session.commit()
    return code


def give_code(client, case=None, index=0):
    """Issue a code and enter it in ``client``'s browser (the email link); returns the code."""
    case = case or make_case()
    code = issue(case, index)
    fresh_request_state()
    page = client.get(f"/staff-survey?code={code}")
    assert page.status_code == 302, page.status_code
    return code


PASSWORD = "a long enough password"
# Who tries each officer page: a role, or a workforce officer assigned (or not) to the case.
PEOPLE = ["anonymous", "administrator", "workforce_assigned", "workforce_unassigned", "engagement_officer", "analyst"]
OFFICERS_ALLOWED = {"administrator", "workforce_assigned"}


def sign_in(client, who, case=None):
    """Sign ``client`` in as ``who`` (one of PEOPLE; nobody for anonymous), assigned to ``case`` if so named."""
    from engage.accounts.services import create_user
    from tests.engage.conftest import csrf_token

    if who == "anonymous":
        return None
    role = "workforce_officer" if who.startswith("workforce") else who
    email = f"{who}@example.org"
    user = create_user(email, who.replace("_", " ").title(), role, PASSWORD)
    db.session.commit()
    if who == "workforce_assigned":
        assign(case or make_case(), user)
    fresh_request_state()
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.text), "email": email,
                                                   "password": PASSWORD})
    assert response.status_code == 302
    return user


def second_survey(slug="estates-restructure-staff"):
    """Another open staff survey, a copy of the demo one, for a second case."""
    from engage.models import SurveyVersion

    demo = db.session.scalar(select(Consultation).where(Consultation.slug == STAFF_SLUG))
    columns = ("title", "summary", "can_influence", "cannot_influence", "privacy_notice", "rung", "audience",
               "opens_on", "closes_on", "status")
    copy = Consultation(slug=slug, **{name: getattr(demo, name) for name in columns})
    db.session.add(copy)
    db.session.flush()
    db.session.add(SurveyVersion(consultation_id=copy.id, number=1, definition=demo.current_version.definition))
    db.session.commit()
    return copy


STAFF = f"/consultations/{STAFF_SLUG}"


def fresh_request_state():
    """Forget the CSRF token ``g`` kept from another test client's request (the tests share one app context)."""
    from flask import g

    for name in ("csrf_valid", "csrf_token", "_login_user"):
        g.pop(name, None)


def answer_staff_survey(client, concerns="Travel between bases.", group="nursing", base=STAFF):
    """Walk the demo staff survey to its check-answers page in ``client`` (which must hold a code)."""
    fresh_request_state()
    from surveys.types.special import CONSENT_VALUE
    from tests.engage.journey import answer, start

    start(client, base=base)
    steps = [("consent", {"understand": CONSENT_VALUE}), ("team", {"staff_group": group}),
             ("proposal", {"support_proposal": "agree"}), ("start", {}),
             ("concerns", {"concerns": concerns}), ("ideas", {})]
    for page_id, data in steps:
        response = answer(client, page_id, data, base=base)
        assert response.status_code == 302, (page_id, response.status_code)
    assert response.location.endswith("/check-answers")


def send_staff_survey(client, base=STAFF):
    from tests.engage.conftest import csrf_token

    fresh_request_state()
    check = client.get(f"{base}/check-answers")
    if check.status_code != 200:
        return check
    return client.post(f"{base}/check-answers", data={"csrf_token": csrf_token(check.text)})
