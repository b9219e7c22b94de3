"""Calendar arithmetic of release dates (art. 3.30: 6 calendar months after publication)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from standards.deadlines import (
    AMSTERDAM,
    add_calendar_months,
    default_implementation_deadline,
    end_of_day,
)


def test_six_months_after_a_normal_day_is_the_same_day_number():
    assert default_implementation_deadline(datetime.date(2025, 10, 1)) == datetime.date(2026, 4, 1)


def test_month_end_is_clamped_to_the_shorter_month():
    """31 August + 6 months is the last day of February, 29 in a leap year."""
    assert add_calendar_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_calendar_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)


def test_months_roll_over_the_year():
    assert add_calendar_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)))
def test_six_months_later_is_always_in_the_sixth_month_and_never_later_in_it(day):
    later = add_calendar_months(day, 6)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == 6
    assert later.day <= day.day


def test_end_of_day_is_2359_in_amsterdam_also_in_winter_and_summer():
    """The deadline wording "uiterlijk 31 december 2026 om 23:59" is Amsterdam time."""
    winter = end_of_day(datetime.date(2026, 12, 31))
    summer = end_of_day(datetime.date(2026, 7, 1))
    assert winter.tzinfo == AMSTERDAM and (winter.hour, winter.minute) == (23, 59)
    assert winter.utcoffset() == datetime.timedelta(hours=1)
    assert summer.utcoffset() == datetime.timedelta(hours=2)
