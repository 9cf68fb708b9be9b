"""The minimum consultation period of a staff change case, worked out from plain values (no database, no Flask).

Redundancy dismissals proposed at one establishment within 90 days decide the statutory minimum,
whatever the case is called: 20 to 99 need at least 30 days of consultation before the first
dismissal takes effect, 100 or more need 45, and the Secretary of State is told on form HR1 the
same number of days before. Below 20 there is no statutory minimum; good practice still allows
``GOOD_PRACTICE_DAYS``. The days count from when representatives received the written information.
"""

from dataclasses import dataclass
from datetime import date, timedelta

COLLECTIVE_THRESHOLD = 20
LARGE_THRESHOLD = 100
GOOD_PRACTICE_DAYS = 30


def minimum_days(proposed_dismissals: int) -> int:
    """The statutory minimum in days: 0 (none), 30 or 45."""
    if proposed_dismissals >= LARGE_THRESHOLD:
        return 45
    if proposed_dismissals >= COLLECTIVE_THRESHOLD:
        return 30
    return 0


@dataclass(frozen=True)
class ConsultationPeriod:
    minimum_days: int  # 0 when the law sets no minimum
    good_practice_days: int
    starts_on: date | None  # when representatives received the information (None: not yet)
    earliest_decision_on: date | None  # the first day a decision (or dismissal) may take effect
    planned_too_early: bool  # the planned date is before the earliest
    planned_before_good_practice: bool  # no statutory minimum, but the planned date leaves less than good practice
    hr1_required: bool
    hr1_due_by: date | None  # the last day to send HR1 (None when it is not needed or there is no dismissal date)

    @property
    def statutory(self) -> bool:
        return self.minimum_days > 0


def consultation_period(proposed_dismissals: int, information_received_on: date | None,
                        planned_decision_on: date | None = None,
                        first_dismissal_on: date | None = None) -> ConsultationPeriod:
    """The period for a case, counted from ``information_received_on``."""
    days = minimum_days(proposed_dismissals)
    counted = days or GOOD_PRACTICE_DAYS
    earliest = information_received_on + timedelta(days=counted) if information_received_on else None
    planned = planned_decision_on or first_dismissal_on
    early = earliest is not None and planned is not None and planned < earliest
    return ConsultationPeriod(
        minimum_days=days,
        good_practice_days=GOOD_PRACTICE_DAYS,
        starts_on=information_received_on,
        earliest_decision_on=earliest,
        planned_too_early=early and days > 0,
        planned_before_good_practice=early and days == 0,
        hr1_required=days > 0,
        hr1_due_by=first_dismissal_on - timedelta(days=days) if days and first_dismissal_on else None,
    )
