"""The one day axis: proleptic-Gregorian day arithmetic and how dates are written.

Every time value, story time and release date alike, is placed on one axis of
whole seconds whose 0 is ``0001-01-01T00:00:00Z``. Years are astronomical
(year ``0000`` is 1 BC, ``-0001`` is 2 BC), the Gregorian leap rule runs back
without end, and nothing here calls :mod:`datetime`, so deep time works:

>>> days_from_civil(1, 1, 1), days_from_civil(0, 12, 31), days_before_year(0)
(0, -1, -366)
>>> span(2008, 2, None, None, None, None, None, 0)  # February 2008, in seconds
(63337420800, 63339926400)
>>> year_text(-44), year_text(170000002), date_text(-44, 3, 15)
('-0044', 'Y170000002', '-0044-03-15')
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DAY",
    "MAX_OFFSET",
    "MAX_YEAR",
    "MONTH_NAMES",
    "OPEN_LOWER",
    "OPEN_UPPER",
    "date_text",
    "days_before_year",
    "days_from_civil",
    "days_in_month",
    "is_leap",
    "offset_text",
    "span",
    "year_range",
    "year_text",
]

MAX_YEAR: Final = 999_999_999
"""The largest year (and, negated, the smallest) plotline represents."""

DAY: Final = 86_400
"""Seconds in a day: plotline has no leap seconds."""

OPEN_LOWER: Final = -(2**62)
"""The ``lower`` bound of an interval whose start is open or unknown.

It is below the lower bound of every :class:`~plotline._time.Instant` (years
are capped at :data:`MAX_YEAR`), so bounds stay plain ``int`` and comparisons
need no case.
"""

OPEN_UPPER: Final = 2**62
"""The ``upper`` bound of an interval whose end is open or unknown."""

MAX_OFFSET: Final = 18 * 60
"""The largest UTC offset, in minutes, either way (ISO 8601 allows ±18:00)."""

MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The English month names, January first, for messages."""


def is_leap(year: int) -> bool:
    """Return True when ``year`` (astronomical) has a 29 February.

    >>> is_leap(2000), is_leap(1900), is_leap(0), is_leap(-4)
    (True, False, True, True)
    """
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Return how many days ``month`` (1 to 12) of ``year`` has."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_before_year(year: int) -> int:
    """Return the days from 0001-01-01 to the first day of ``year`` (negative before year 1)."""
    y = year - 1
    return 365 * y + y // 4 - y // 100 + y // 400


def days_from_civil(year: int, month: int, day: int) -> int:
    """Return the days from 0001-01-01 to ``year-month-day`` (H. Hinnant's days_from_civil)."""
    if month <= 2:
        year -= 1
        month += 9
    else:
        month -= 3
    era = year // 400
    yoe = year - era * 400
    doe = yoe * 365 + yoe // 4 - yoe // 100 + (153 * month + 2) // 5 + day - 1
    return era * 146_097 + doe - 306


def year_range(year: int, unspecified_digits: int) -> tuple[int, int]:
    """Return the first and last year that a year with ``X`` digits (``201X``) could be.

    The year holds its unspecified digits as zeros; a negative year counts down:

    >>> year_range(2010, 1), year_range(-100, 2), year_range(2021, 0)
    ((2010, 2019), (-199, -100), (2021, 2021))
    """
    width = 10**unspecified_digits - 1
    if year < 0:
        return year - width, year
    return year, year + width


def span(  # noqa: PLR0917 -- the calendar fields of an Instant, in order
    year: int,
    month: int | None,
    day: int | None,
    hour: int | None,
    minute: int | None,
    second: int | None,
    offset: int | None,
    unspecified_year_digits: int,
) -> tuple[int, int]:
    """Return ``(lower, upper)``: the half-open span of a value's fields, in seconds on the axis.

    Fields below the stated precision are None; the span is the whole year,
    month, day, minute or second. A time of day is moved to UTC by its
    ``offset`` (minutes; None is floating, placed as if UTC).
    """
    if unspecified_year_digits:
        first, last = year_range(year, unspecified_year_digits)
        return days_before_year(first) * DAY, days_before_year(last + 1) * DAY
    if month is None:
        return days_before_year(year) * DAY, days_before_year(year + 1) * DAY
    if day is None:
        start = days_from_civil(year, month, 1)
        return start * DAY, (start + days_in_month(year, month)) * DAY
    start = days_from_civil(year, month, day) * DAY
    if hour is None:
        return start, start + DAY
    start += hour * 3600 + (minute or 0) * 60 - (offset or 0) * 60
    if second is None:
        return start, start + 60
    start += second
    return start, start + 1


def year_text(year: int, unspecified_digits: int = 0) -> str:
    """Return ``year`` as EDTF writes it: four digits with a sign, or ``Y`` and more digits."""
    if -9999 <= year <= 9999:
        digits = f"{abs(year):04d}"
        if unspecified_digits:
            digits = digits[: 4 - unspecified_digits] + "X" * unspecified_digits
        return f"-{digits}" if year < 0 else digits
    return f"Y{year}"


def date_text(year: int, month: int, day: int) -> str:
    """Return a day as ``YYYY-MM-DD`` (``-YYYY-MM-DD`` before year 0)."""
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def offset_text(offset: int) -> str:
    """Return a UTC offset in minutes as ``Z`` or ``±hh:mm``."""
    if offset == 0:
        return "Z"
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
