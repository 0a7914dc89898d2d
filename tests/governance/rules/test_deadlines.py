"""Deadlines on the official work calendar: pure, no database."""

from datetime import date, datetime

import pytest

from governance.rules.deadlines import (
    CALENDAR_DAYS,
    GREEN,
    RED,
    WORKING_DAYS,
    YELLOW,
    Deadline,
    WorkCalendar,
    compute_deadline,
    days_left,
    is_within_working_days,
    package_covers,
    warning_colour,
    working_days_between,
)

EMPTY = WorkCalendar.empty()


# --- the calendar itself ------------------------------------------------------------------------


def test_package_schedule_for_2026_has_the_holidays_the_vectors_rely_on():
    assert package_covers(2026)
    assert not EMPTY.is_workday(date(2026, 10, 3))  # National Day holiday
    assert not EMPTY.is_workday(date(2026, 9, 25))  # Mid-autumn festival, a Friday
    assert EMPTY.is_workday(date(2026, 10, 10))  # make-up working Saturday
    assert EMPTY.is_workday(date(2026, 2, 14))  # make-up working Saturday
    assert not EMPTY.is_workday(date(2026, 2, 23))  # Spring Festival, a Monday


def test_uncovered_year_uses_weekends_as_rest_days_and_is_unknown():
    assert not package_covers(2027)
    assert not EMPTY.is_known(2027)
    assert EMPTY.is_workday(date(2027, 1, 1))  # a Friday; its holiday is not known yet
    assert not EMPTY.is_workday(date(2027, 1, 2))  # a Saturday


def test_override_wins_over_the_package():
    calendar = WorkCalendar(overrides={date(2026, 10, 3): True, date(2026, 11, 27): False})
    assert calendar.is_workday(date(2026, 10, 3))
    assert not calendar.is_workday(date(2026, 11, 27))


def test_entered_year_is_known():
    assert WorkCalendar(entered_years=frozenset({2027})).is_known(2027)
    assert EMPTY.is_known(2026)


def test_empty_calendar_is_one_shared_instance():
    assert WorkCalendar.empty() is WorkCalendar.empty()
    assert WorkCalendar.empty() == WorkCalendar()


def test_calendar_keeps_its_own_copy_of_the_overrides():
    overrides = {date(2026, 11, 27): False}
    calendar = WorkCalendar(overrides=overrides)
    assert not calendar.is_workday(date(2026, 11, 27))
    overrides[date(2026, 11, 27)] = True
    assert not calendar.is_workday(date(2026, 11, 27))


def test_equal_calendars_hash_equal():
    a = WorkCalendar(overrides={date(2027, 1, 1): False}, entered_years=frozenset({2027}))
    b = WorkCalendar(overrides={date(2027, 1, 1): False}, entered_years=frozenset({2027}))
    assert a == b
    assert hash(a) == hash(b)


def test_override_value_must_be_a_bool():
    with pytest.raises(TypeError):
        WorkCalendar(overrides={date(2027, 1, 1): "rest"})


# --- domain.md vectors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        (date(2026, 9, 28), 60, CALENDAR_DAYS, date(2026, 11, 27)),
        (date(2026, 9, 18), 15, CALENDAR_DAYS, date(2026, 10, 8)),
        (date(2026, 9, 25), 15, CALENDAR_DAYS, date(2026, 10, 10)),
        (date(2026, 9, 26), 5, WORKING_DAYS, date(2026, 10, 9)),
        (date(2026, 9, 28), 60, WORKING_DAYS, date(2026, 12, 25)),
        (date(2026, 2, 10), 15, WORKING_DAYS, date(2026, 3, 9)),
    ],
)
def test_domain_vectors_on_the_2026_schedule(start, amount, unit, due):
    assert compute_deadline(start, amount, unit, EMPTY) == Deadline(due=due, provisional=False)


def test_calendar_deadline_moves_past_national_day_holiday():
    assert compute_deadline(date(2026, 9, 18), 15, CALENDAR_DAYS, EMPTY).due == date(2026, 10, 8)


def test_calendar_deadline_on_make_up_saturday_stays_there():
    assert compute_deadline(date(2026, 9, 25), 15, CALENDAR_DAYS, EMPTY).due == date(2026, 10, 10)


def test_working_days_count_make_up_saturdays():
    # 2026-02-11..13, then Saturday 02-14 is the 4th working day.
    assert compute_deadline(date(2026, 2, 10), 4, WORKING_DAYS, EMPTY).due == date(2026, 2, 14)


def test_calendar_deadline_on_ordinary_weekend_moves_to_monday():
    # 2026-11-07 is a Saturday.
    assert compute_deadline(date(2026, 10, 31), 7, CALENDAR_DAYS, EMPTY).due == date(2026, 11, 9)


def test_start_day_is_not_counted():
    assert compute_deadline(date(2026, 11, 2), 1, WORKING_DAYS, EMPTY).due == date(2026, 11, 3)
    assert compute_deadline(date(2026, 11, 2), 1, CALENDAR_DAYS, EMPTY).due == date(2026, 11, 3)


def test_zero_amount_is_due_on_the_start_day():
    saturday = date(2026, 11, 7)
    assert compute_deadline(saturday, 0, CALENDAR_DAYS, EMPTY).due == saturday
    assert compute_deadline(saturday, 0, WORKING_DAYS, EMPTY).due == saturday


def test_datetime_start_counts_as_its_day():
    assert compute_deadline(datetime(2026, 9, 28, 17, 30), 60, CALENDAR_DAYS, EMPTY).due == date(2026, 11, 27)


def test_override_turns_a_working_day_into_a_rest_day():
    calendar = WorkCalendar(overrides={date(2026, 11, 27): False})
    # 11-27 (Friday) is now a rest day, 11-28/29 are the weekend.
    assert compute_deadline(date(2026, 9, 28), 60, CALENDAR_DAYS, calendar).due == date(2026, 11, 30)
    assert compute_deadline(date(2026, 11, 25), 2, WORKING_DAYS, calendar).due == date(2026, 11, 30)


def test_override_turns_a_rest_day_into_a_working_day():
    calendar = WorkCalendar(overrides={date(2026, 10, 3): True})
    assert compute_deadline(date(2026, 9, 18), 15, CALENDAR_DAYS, calendar).due == date(2026, 10, 3)


# --- input validation -------------------------------------------------------------------------------


def test_negative_amount_is_rejected():
    with pytest.raises(ValueError, match="amount must be 0 or more"):
        compute_deadline(date(2026, 9, 28), -1, CALENDAR_DAYS, EMPTY)


def test_unknown_unit_is_rejected():
    with pytest.raises(ValueError, match="unit must be one of"):
        compute_deadline(date(2026, 9, 28), 5, "weeks", EMPTY)


def test_non_integer_amount_is_rejected():
    with pytest.raises(TypeError):
        compute_deadline(date(2026, 9, 28), 5.0, CALENDAR_DAYS, EMPTY)


def test_non_date_start_is_rejected():
    with pytest.raises(TypeError):
        compute_deadline("2026-09-28", 5, CALENDAR_DAYS, EMPTY)


# --- suspensions (中止) ----------------------------------------------------------------------------


def test_calendar_deadline_runs_on_by_the_suspended_days():
    # 10 suspended days move 11-27 (Friday) to 12-07 (Monday).
    deadline = compute_deadline(date(2026, 9, 28), 60, CALENDAR_DAYS, EMPTY, pauses=[(date(2026, 10, 12), date(2026, 10, 21))])
    assert deadline.due == date(2026, 12, 7)


def test_suspended_working_days_are_not_counted():
    # 09-28/29/30 count, 10-08 is suspended, then 10-09 and Saturday 10-10 (make-up) complete the 5.
    deadline = compute_deadline(date(2026, 9, 26), 5, WORKING_DAYS, EMPTY, pauses=[(date(2026, 10, 8), date(2026, 10, 8))])
    assert deadline.due == date(2026, 10, 10)


def test_suspension_over_a_holiday_costs_no_working_days():
    deadline = compute_deadline(date(2026, 9, 26), 5, WORKING_DAYS, EMPTY, pauses=[(date(2026, 10, 1), date(2026, 10, 7))])
    assert deadline.due == date(2026, 10, 9)


def test_suspension_before_the_start_is_ignored_and_straddling_one_is_clipped():
    start = date(2026, 9, 28)
    before = compute_deadline(start, 60, CALENDAR_DAYS, EMPTY, pauses=[(date(2026, 9, 1), start)])
    assert before.due == date(2026, 11, 27)
    # 09-20..10-02: only 09-29..10-02 (4 days) lie after the start; 11-27 + 4 = 12-01.
    straddling = compute_deadline(start, 60, CALENDAR_DAYS, EMPTY, pauses=[(date(2026, 9, 20), date(2026, 10, 2))])
    assert straddling.due == date(2026, 12, 1)


def test_overlapping_suspensions_count_once():
    pauses = [(date(2026, 10, 12), date(2026, 10, 18)), (date(2026, 10, 15), date(2026, 10, 21))]
    deadline = compute_deadline(date(2026, 9, 28), 60, CALENDAR_DAYS, EMPTY, pauses=pauses)
    assert deadline.due == date(2026, 12, 7)


def test_suspension_after_the_period_ran_out_does_not_revive_it():
    deadline = compute_deadline(date(2026, 9, 28), 60, CALENDAR_DAYS, EMPTY, pauses=[(date(2026, 12, 1), date(2026, 12, 10))])
    assert deadline.due == date(2026, 11, 27)


def test_deadline_rolled_off_a_holiday_also_skips_a_suspension():
    # 10-03 is a holiday, 10-04..07 too, 10-08/09 are suspended: 10-10 (make-up Saturday).
    deadline = compute_deadline(date(2026, 9, 18), 15, CALENDAR_DAYS, EMPTY, pauses=[(date(2026, 10, 8), date(2026, 10, 9))])
    assert deadline.due == date(2026, 10, 10)


def test_open_suspension_runs_through_today():
    pauses = [(date(2026, 10, 12), None)]
    deadline = compute_deadline(date(2026, 9, 28), 60, CALENDAR_DAYS, EMPTY, pauses=pauses, today=date(2026, 10, 21))
    assert deadline.due == date(2026, 12, 7)


def test_open_suspension_starting_after_today_suspends_nothing_yet():
    pauses = [(date(2026, 10, 12), None)]
    deadline = compute_deadline(date(2026, 9, 28), 60, CALENDAR_DAYS, EMPTY, pauses=pauses, today=date(2026, 10, 1))
    assert deadline.due == date(2026, 11, 27)


def test_open_suspension_without_today_is_rejected():
    with pytest.raises(ValueError, match="still open"):
        compute_deadline(date(2026, 9, 28), 60, CALENDAR_DAYS, EMPTY, pauses=[(date(2026, 10, 12), None)])


def test_suspension_ending_before_it_begins_is_rejected():
    with pytest.raises(ValueError, match="cannot end"):
        compute_deadline(date(2026, 9, 28), 60, WORKING_DAYS, EMPTY, pauses=[(date(2026, 10, 12), date(2026, 10, 1))])


def test_malformed_suspension_is_rejected():
    with pytest.raises(ValueError, match="pair"):
        compute_deadline(date(2026, 9, 28), 60, WORKING_DAYS, EMPTY, pauses=[(date(2026, 10, 12),)])


# --- years the package does not cover ---------------------------------------------------------------


def test_deadline_reaching_2027_is_provisional_with_weekends_as_rest_days():
    # 2026-12-01 + 60 = 2027-01-30, a Saturday: moved to Monday 02-01 by the weekend rule alone.
    deadline = compute_deadline(date(2026, 12, 1), 60, CALENDAR_DAYS, EMPTY)
    assert deadline == Deadline(due=date(2027, 2, 1), provisional=True)


def test_entering_the_2027_schedule_makes_the_deadline_final_and_may_move_it():
    # A hypothetical 2027 schedule (the real one is published around November 2026): Saturday
    # 2027-01-30 is a make-up working day.
    calendar = WorkCalendar(overrides={date(2027, 1, 30): True}, entered_years=frozenset({2027}))
    deadline = compute_deadline(date(2026, 12, 1), 60, CALENDAR_DAYS, calendar)
    assert deadline == Deadline(due=date(2027, 1, 30), provisional=False)


def test_working_deadline_into_2027_moves_when_new_year_holiday_is_entered():
    provisional = compute_deadline(date(2026, 12, 28), 5, WORKING_DAYS, EMPTY)
    # 12-29, 12-30, 12-31, Friday 2027-01-01 (not known to be a holiday yet), Monday 01-04.
    assert provisional == Deadline(due=date(2027, 1, 4), provisional=True)
    calendar = WorkCalendar(overrides={date(2027, 1, 1): False}, entered_years=frozenset({2027}))
    assert compute_deadline(date(2026, 12, 28), 5, WORKING_DAYS, calendar) == Deadline(due=date(2027, 1, 5), provisional=False)


def test_overrides_without_the_entered_year_still_leave_the_deadline_provisional():
    calendar = WorkCalendar(overrides={date(2027, 1, 1): False})
    assert compute_deadline(date(2026, 12, 28), 5, WORKING_DAYS, calendar).provisional


def test_unknown_years_lists_the_years_to_enter():
    assert EMPTY.unknown_years(date(2026, 12, 1), date(2028, 1, 5)) == (2027, 2028)


@pytest.mark.parametrize("start", [date(1999, 12, 20), date(2003, 12, 30), date(2100, 2, 1), date(1, 1, 1)])
@pytest.mark.parametrize("unit", [CALENDAR_DAYS, WORKING_DAYS])
def test_any_year_is_counted_without_crashing_and_marked_provisional(start, unit):
    deadline = compute_deadline(start, 60, unit, EMPTY)
    assert deadline.due > start
    assert deadline.provisional
    assert EMPTY.is_workday(deadline.due)


def test_deadline_past_year_9999_is_a_value_error():
    with pytest.raises(ValueError, match="past 9999-12-31"):
        compute_deadline(date(9999, 12, 1), 60, WORKING_DAYS, EMPTY)
    with pytest.raises(ValueError, match="past 9999-12-31"):
        compute_deadline(date(9999, 12, 30), 5, CALENDAR_DAYS, EMPTY)


def test_large_working_amount_spans_years():
    deadline = compute_deadline(date(2026, 1, 1), 1000, WORKING_DAYS, EMPTY)
    assert working_days_between(date(2026, 1, 1), deadline.due, EMPTY) == 1000
    assert deadline.provisional


# --- working-day spans ---------------------------------------------------------------------------------


def test_working_days_between_counts_after_start_up_to_and_including_end():
    # 10-08, 10-09 and make-up Saturday 10-10.
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 10), EMPTY) == 3
    assert working_days_between(date(2026, 10, 10), date(2026, 9, 30), EMPTY) == -3
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 1), EMPTY) == 0


def test_working_days_between_crosses_years():
    # 12-31, Friday 2027-01-01 (weekend rule), Monday 01-04.
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 4), EMPTY) == 3


def test_objection_on_the_fifth_working_day_is_in_time():
    # Routed 09-30: 10-08, 10-09, 10-10 (make-up), 10-12, 10-13.
    assert is_within_working_days(date(2026, 9, 30), date(2026, 10, 13), 5, EMPTY)


def test_objection_after_the_fifth_working_day_is_late():
    assert not is_within_working_days(date(2026, 9, 30), date(2026, 10, 14), 5, EMPTY)


# --- warning colours -------------------------------------------------------------------------------------


def test_days_left_is_zero_on_the_due_day_and_negative_after():
    assert days_left(date(2026, 10, 8), date(2026, 10, 8)) == 0
    assert days_left(date(2026, 10, 8), date(2026, 10, 5)) == 3
    assert days_left(date(2026, 10, 8), date(2026, 10, 9)) == -1


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        (date(2026, 10, 4), GREEN),  # 4 days left
        (date(2026, 10, 5), YELLOW),  # exactly 3 left
        (date(2026, 10, 8), YELLOW),  # due today
        (date(2026, 10, 9), RED),  # one day late
    ],
)
def test_case_colour_at_the_boundaries(today, colour):
    assert warning_colour(date(2026, 10, 8), today, 3) == colour


def test_zero_yellow_days_is_yellow_only_on_the_due_day():
    assert warning_colour(date(2026, 10, 8), date(2026, 10, 7), 0) == GREEN
    assert warning_colour(date(2026, 10, 8), date(2026, 10, 8), 0) == YELLOW


def test_colour_with_a_calendar_counts_working_days_left():
    due, today = date(2026, 10, 9), date(2026, 9, 28)
    assert warning_colour(due, today, 5) == GREEN  # 11 calendar days left
    assert warning_colour(due, today, 5, EMPTY) == YELLOW  # 4 working days left: 09-29, 09-30, 10-08, 10-09


def test_overdue_case_turns_red_after_deadline_even_with_a_calendar():
    assert warning_colour(date(2026, 10, 8), date(2026, 10, 9), 3, EMPTY) == RED


def test_negative_yellow_days_is_rejected():
    with pytest.raises(ValueError, match="yellow_days"):
        warning_colour(date(2026, 10, 8), date(2026, 10, 1), -1)
