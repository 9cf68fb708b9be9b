"""The minimum consultation period: the thresholds, the start date, the earliest date, warnings and HR1."""

from datetime import date

import pytest

from engage.cases.periods import GOOD_PRACTICE_DAYS, consultation_period, minimum_days

RECEIVED = date(2027, 3, 1)


@pytest.mark.parametrize(("dismissals", "days"), [(0, 0), (19, 0), (20, 30), (99, 30), (100, 45), (2500, 45)])
def test_the_minimum_follows_the_number_of_proposed_dismissals(dismissals, days):
    assert minimum_days(dismissals) == days
    period = consultation_period(dismissals, RECEIVED)
    assert period.minimum_days == days
    assert period.statutory is (days > 0)
    assert period.hr1_required is (days > 0)


@pytest.mark.parametrize(("dismissals", "earliest"), [
    (19, date(2027, 3, 31)),  # good practice: 30 days, not a legal minimum
    (20, date(2027, 3, 31)),
    (99, date(2027, 3, 31)),
    (100, date(2027, 4, 15)),
])
def test_the_period_counts_from_the_day_representatives_received_the_information(dismissals, earliest):
    period = consultation_period(dismissals, RECEIVED)
    assert period.starts_on == RECEIVED
    assert period.earliest_decision_on == earliest
    later = consultation_period(dismissals, date(2027, 3, 2))
    assert (later.earliest_decision_on - period.earliest_decision_on).days == 1


def test_no_start_date_means_no_earliest_date_and_no_warning():
    period = consultation_period(50, None, planned_decision_on=date(2027, 1, 1))
    assert period.earliest_decision_on is None
    assert not period.planned_too_early and not period.planned_before_good_practice


@pytest.mark.parametrize(("planned", "too_early"), [
    (date(2027, 3, 30), True), (date(2027, 3, 31), False), (date(2027, 4, 20), False)])
def test_a_planned_date_before_the_earliest_is_warned_about(planned, too_early):
    assert consultation_period(20, RECEIVED, planned_decision_on=planned).planned_too_early is too_early
    assert consultation_period(20, RECEIVED, first_dismissal_on=planned).planned_too_early is too_early


def test_below_twenty_an_early_date_is_a_good_practice_warning_not_a_legal_one():
    period = consultation_period(19, RECEIVED, planned_decision_on=date(2027, 3, 10))
    assert period.good_practice_days == GOOD_PRACTICE_DAYS
    assert period.planned_before_good_practice and not period.planned_too_early
    assert period.hr1_due_by is None


@pytest.mark.parametrize(("dismissals", "due"), [(20, date(2027, 5, 2)), (99, date(2027, 5, 2)),
                                                 (100, date(2027, 4, 17)), (19, None)])
def test_hr1_is_due_the_same_number_of_days_before_the_first_dismissal(dismissals, due):
    assert consultation_period(dismissals, RECEIVED, first_dismissal_on=date(2027, 6, 1)).hr1_due_by == due
    assert consultation_period(dismissals, RECEIVED).hr1_due_by is None  # no dismissal date yet
