"""Answers and helpers for the analysis workspace tests."""

from sqlalchemy import select

from engage.access import find_consultation
from engage.accounts.services import create_user
from engage.answering.services import start_draft, submit
from engage.extensions import db
from engage.models import AnalysisRun, Channel, RunStatus, Theme, User

SLUG = "community-health-hubs"
STAFF_SLUG = "integrated-neighbourhood-teams-staff"
TOPICS = {
    "parking": ["There is never enough parking at the hub", "Parking spaces are too few and the car park is full",
                "Please add more parking for disabled drivers near the entrance",
                "The car park is always full so parking is hard"],
    "evening": ["Open in the evening after work please", "Evening opening hours would help people who work",
                "Later opening in the evening and at weekends", "Opening hours should include evenings"],
    "gp": ["I cannot get a GP appointment for weeks", "Getting an appointment with the GP takes too long",
           "More GP appointments on the phone please", "Waiting for a GP appointment is the worst part"],
}


def texts(per_topic=12):
    found = []
    for variants in TOPICS.values():
        for i in range(per_topic):
            found.append(variants[i % 4] + ("" if i < 4 else " really" + " and truly" * (i % 3)))
    return found


def add_answers(slug=SLUG, answers=None, channel=Channel.ONLINE, question="one_thing"):
    """Submitted responses with the given written answers (default: 36 on three topics)."""
    consultation = find_consultation(slug)
    for text in texts() if answers is None else answers:
        draft = start_draft(consultation, "en", channel)
        draft.answers = {"used_hub": "no", question: text} if slug == SLUG else {"staff_group": "nursing",
                                                                                 question: text}
        submit(draft)
    db.session.commit()
    return consultation


def analyst():
    """The analyst who starts the runs in these tests (not the one signed in, whose account the tests make)."""
    user = db.session.scalar(select(User).where(User.email == "lead.analyst@example.org"))
    if user is None:
        user = create_user("lead.analyst@example.org", "Lead Analyst", "analyst", "a long enough password")
        db.session.commit()
    return user


def finished_run():
    run = db.session.scalar(select(AnalysisRun).order_by(AnalysisRun.id.desc()))
    assert run is not None and run.status is RunStatus.FINISHED, run and (run.status, run.error)
    return run


def theme_named(run, words):
    return next(t for t in run.themes if any(w in " ".join(t.top_terms) for w in words))


def themes_of(run):
    return list(db.session.scalars(select(Theme).where(Theme.run_id == run.id).order_by(Theme.position)))
