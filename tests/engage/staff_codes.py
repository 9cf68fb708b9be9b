"""Helpers for staff change cases in tests: a case on a staff survey, its staff, and codes given to a browser."""

from sqlalchemy import select

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
    page = client.get(f"/staff-survey?code={code}")
    assert page.status_code == 302, page.status_code
    return code
