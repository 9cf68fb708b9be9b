"""When consultations actually took answers, read from their history of status changes."""

from collections import defaultdict
from datetime import date, tzinfo

from sqlalchemy import select

from engage.extensions import db
from engage.models import Consultation, ConsultationEvent, EventKind, Status


def dates_open(consultations: list[Consultation], tz: tzinfo) -> dict[int, tuple[date, date]]:
    """(first day, last day) each consultation took answers, by id, as days in ``tz``; one query for all.

    Residents answer only between the planned dates and only while it is open, so it ran from the
    later of its opening date and the day it was first opened, to the earlier of its closing date
    and the day it was last closed. Without a record of opening or of closing (a consultation
    created already closed, or before its history was kept) the planned date stands in.
    """
    ids = [consultation.id for consultation in consultations]
    query = (select(ConsultationEvent).where(ConsultationEvent.consultation_id.in_(ids),
                                             ConsultationEvent.kind.in_([EventKind.CREATED, EventKind.STATUS]))
             .order_by(ConsultationEvent.at, ConsultationEvent.id))
    opened, closed = {}, defaultdict(lambda: None)
    for event in db.session.scalars(query) if ids else ():
        status = event.details.get("to" if event.kind is EventKind.STATUS else "status")
        day = event.at.astimezone(tz).date()
        if status == Status.OPEN.value:
            opened.setdefault(event.consultation_id, day)
            closed[event.consultation_id] = None  # reopened: an earlier closing is no longer the end
        elif status == Status.CLOSED.value:
            closed[event.consultation_id] = day
    periods = {}
    for consultation in consultations:
        start, end = consultation.opens_on, consultation.closes_on
        if consultation.id in opened:
            start = max(start, opened[consultation.id])
        if closed[consultation.id] is not None:
            end = min(end, closed[consultation.id])
        # A history at odds with the dates (they were changed after it closed): the planned dates.
        periods[consultation.id] = (start, end) if start <= end else (consultation.opens_on, consultation.closes_on)
    return periods
