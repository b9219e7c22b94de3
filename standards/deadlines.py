"""Calendar arithmetic for release dates, in Europe/Amsterdam.

Art. 3.30 of the CS says parties adapt their contracts "binnen 6 kalendermaanden na publicatie":
the same day number six months later, or the last day of that month when it is shorter
(31 August + 6 months = 28 or 29 February). Submission deadlines end at 23:59 Amsterdam time.
"""

import calendar
import datetime
import zoneinfo

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
IMPLEMENTATION_TERM_MONTHS = 6


def add_calendar_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def default_implementation_deadline(published_on: datetime.date) -> datetime.date:
    return add_calendar_months(published_on, IMPLEMENTATION_TERM_MONTHS)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last minute of ``day`` in Amsterdam: "uiterlijk 31 december 2026 om 23:59"."""
    return datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=AMSTERDAM)
