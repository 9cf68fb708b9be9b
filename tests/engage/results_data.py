"""Responses to the demo consultations for the results tests: chosen answers, submitted through the services."""

import random

from engage.answering.services import start_draft, submit
from engage.consultations.services import find_consultation
from engage.extensions import db
from engage.models import Channel

SLUG = "community-health-hubs"
STAFF_SLUG = "integrated-neighbourhood-teams-staff"


def resident_answers(rng: random.Random, **fixed) -> dict:
    answers = {
        "ward": rng.choice(["Longford", "Old Trafford", "Sale Moor", "Hale", "Urmston", "dont_know"]),
        "used_hub": rng.choice(["yes", "no"]),
        "services_used": rng.sample(["nurse", "physio", "mental_health", "blood_tests"], rng.randint(1, 3)),
        "experience": {s: rng.choice(["strongly_agree", "agree", "neither", "disagree"])
                       for s in ("easy_to_get_to", "listened", "waited")},
        "barriers": rng.sample(["not_aware", "travel", "times", "language"], rng.randint(1, 2)),
        "priorities": dict(zip(["evening", "walk_in", "interpreters", "transport"],
                               rng.sample([1, 2, 3, 4], 4), strict=True)),
        "visits_per_year": rng.randint(0, 40),
        "one_thing": rng.choice(["More evening appointments", "Parking", "Interpreters please"]),
        "hear_back": rng.choice(["website", "hub", "community_groups"]),
        "eq_age": rng.choice(["25_34", "35_44", "45_54", "65_74"]),
        "eq_sex": rng.choice(["female", "male"]),
    }
    return {**answers, **fixed}


def add_responses(n: int, seed: int = 1, channel=Channel.ONLINE, language="en", slug=SLUG, **fixed) -> None:
    """``n`` responses to the consultation ``slug`` (``fixed`` answers override the random ones)."""
    rng = random.Random(seed)
    consultation = find_consultation(slug)
    for _ in range(n):
        draft = start_draft(consultation, language, channel)
        draft.answers = resident_answers(rng, **fixed) if slug == SLUG else {
            "staff_group": "nursing", "support_proposal": rng.choice(["agree", "disagree"]), **fixed}
        submit(draft)
    db.session.commit()
