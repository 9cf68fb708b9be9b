"""Response counts staff see, with staff surveys' small channel groups withheld. Never commits."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Audience, Channel, Consultation, Response

#: Channels staff enter on a respondent's behalf; online answers come from respondents themselves.
ENTERED_CHANNELS = (Channel.PAPER, Channel.PHONE, Channel.ASSISTED)


def response_counts(consultations: list[Consultation], min_group_size: int) -> dict[int, dict]:
    """Per consultation: ``total`` responses, ``by_channel`` counts (channel -> n) or None, and
    ``entered`` (responses staff entered, all entered channels together) or None.

    Staff surveys show channel counts only when every channel with responses has at least
    ``min_group_size``: with the total shown, one hidden count could be worked out by subtraction.
    Likewise they show the entered count only when it and the online count are each none or at
    least ``min_group_size``.
    """
    ids = [c.id for c in consultations]
    counts: dict[int, Counter] = {i: Counter() for i in ids}
    if ids:
        query = (select(Response.consultation_id, Response.channel, func.count())
                 .where(Response.consultation_id.in_(ids))
                 .group_by(Response.consultation_id, Response.channel))
        for consultation_id, channel, n in db.session.execute(query):
            counts[consultation_id][Channel(channel)] = n
    result = {}
    for consultation in consultations:
        by_channel = counts[consultation.id]
        small = any(0 < n < min_group_size for n in by_channel.values())
        entered = sum(by_channel[channel] for channel in ENTERED_CHANNELS)
        ballot_box = consultation.audience is Audience.STAFF
        small_apart = any(0 < n < min_group_size for n in (entered, by_channel[Channel.ONLINE]))
        result[consultation.id] = {
            "total": sum(by_channel.values()),
            "by_channel": None if ballot_box and small else {channel: by_channel[channel] for channel in Channel},
            "entered": None if ballot_box and small_apart else entered,
        }
    return result
