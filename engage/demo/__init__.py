"""Demo data: the Trafford partnership's consultations and a staff change case, loaded by `flask demo load`."""

import json
from datetime import date, timedelta
from pathlib import Path

from engage.consultations.services import find_consultation, import_consultation
from engage.models.base import utcnow
from engage.plan.services import seed_priorities

DEMO_DIR = Path(__file__).resolve().parent


def demo_documents() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DEMO_DIR.glob("*.json"))]


def dated(document: dict, today: date) -> dict:
    """A demo document with its dates set around ``today`` (the files give them in days) and open by default."""
    meta = dict(document["consultation"])
    opens = today - timedelta(days=meta.pop("opened_days_ago", 14))
    closes = today + timedelta(days=meta.pop("closes_in_days", 70))
    meta |= {"opens_on": opens.isoformat(), "closes_on": closes.isoformat(), "status": meta.get("status", "open")}
    return {**document, "consultation": meta}


def load_demo(today: date | None = None) -> int:
    """Create each demo consultation and staff change case that does not exist yet (and the plan's priorities
    when there are none); returns how many consultations were created."""
    today = today or utcnow().date()
    created = 0
    for document in demo_documents():
        if find_consultation(document["consultation"]["slug"]) is None:
            import_consultation(dated(document, today))
            created += 1
    seed_priorities()
    for path in sorted((DEMO_DIR / "cases").glob("*.json")):
        load_demo_case(json.loads(path.read_text(encoding="utf-8")), today)
    return created


def load_demo_case(document: dict, today: date) -> int:
    """Create a fictional staff change case (its dates around ``today``) unless it exists; 1 if created."""
    from engage.cases import services as cases
    from engage.cases.staff_list import read_staff_list
    from engage.models import CaseType, InformationItem, RepresentativeKind

    if cases.find_case(document["slug"]) is not None:
        return 0

    def ago(days):
        return today - timedelta(days=days)

    case = cases.create_case(document["slug"], document["title"], CaseType(document["case_type"]), None)
    survey = find_consultation(document["survey"])
    cases.update_details(
        case, None, title=document["title"], case_type=case.case_type, proposal=document["proposal"],
        reasons=document["reasons"], establishment=document["establishment"],
        proposed_dismissals=document["proposed_dismissals"],
        planned_decision_on=ago(-document["planned_decision_in_days"]),
        first_dismissal_on=ago(-document["first_dismissal_in_days"]), hr1_sent_on=None,
        consultation_id=survey.id if survey else None)
    staff = read_staff_list((DEMO_DIR / "cases" / document["staff_list"]).read_bytes(), document["staff_list"])
    cases.import_staff(case, None, staff.rows)
    for rep in document["representatives"]:
        cases.add_representative(case, None, rep["name"], RepresentativeKind(rep["kind"]), rep["body"],
                                 ago(rep["received_days_ago"]))
    cases.record_information(case, None, {InformationItem(item): ago(days)
                                          for item, days in document["information_days_ago"].items()})
    for meeting in document["meetings"]:
        cases.add_meeting(case, None, ago(meeting["days_ago"]), meeting["title"], meeting["attendees"],
                          meeting["notes"], [])
    for proposal in document["counter_proposals"]:
        counter = cases.add_counter_proposal(case, None, ago(proposal["days_ago"]), proposal["from_whom"],
                                             proposal["summary"])
        if proposal.get("reply"):
            cases.reply_to(case, None, counter, proposal["reply"], ago(proposal["replied_days_ago"]))
    return 1
