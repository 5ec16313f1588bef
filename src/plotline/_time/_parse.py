"""Reading time values: EDTF text, and what YAML and TOML loaders hand over, into fields.

The parser returns plain tuples of fields in the order of the value classes'
fields; :mod:`plotline._time._values` builds the values from them through
their trusted constructors (``Instant._trusted`` and friends), which skip the
checks this module has already made. It decides *when* to refuse and leaves
the wording to :mod:`plotline._time._diagnose`.

>>> instant_fields("2021-03-04T17:00+09:00")
(2021, 3, 4, 17, 0, None, 540, False, False, 0, 0)
>>> instant_fields("201X~")
(2010, None, None, None, None, None, None, False, True, 1, 0)
>>> interval_fields("1964/..")[1:]
(None, False, True)
>>> duration_fields("P1Y2M10DT2H30M")
(1, 2, 0, 10, 2, 30, 0)
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Final, TypeAlias

from plotline._time._calendar import MAX_OFFSET, MAX_YEAR, span
from plotline._time._diagnose import (
    day_problem,
    explain_duration,
    explain_instant,
    interval_end_error,
    interval_without_ends,
    interval_without_slash,
    month_error,
    negative_zero_unspecified_year,
    negative_zero_year,
    offset_error,
    refuse,
    reversed_interval,
    time_of_day_error,
    unrepresentable_datetime,
    year_out_of_range,
)
from plotline.exceptions import TimeParseError

__all__ = [
    "DurationFields",
    "InstantFields",
    "IntervalFields",
    "accepts_duration",
    "accepts_time",
    "duration_fields",
    "instant_fields",
    "interval_fields",
    "python_fields",
]

InstantFields: TypeAlias = tuple[
    int,
    int | None,
    int | None,
    int | None,
    int | None,
    int | None,
    int | None,
    bool,
    bool,
    int,
    int,
]
"""An Instant's fields in order: year, month, day, hour, minute, second, offset,
uncertain, approximate, unspecified_year_digits, unspecified_parts."""

IntervalFields: TypeAlias = tuple[InstantFields | None, InstantFields | None, bool, bool]
"""An Interval's fields in order: start, end (an Instant's fields or None), open_start, open_end."""

DurationFields: TypeAlias = tuple[int, int, int, int, int, int, int]
"""A Duration's fields in order: years, months, weeks, days, hours, minutes, seconds."""

_QUALIFIERS: Final[dict[str | None, tuple[bool, bool]]] = {
    None: (False, False),
    "?": (True, False),
    "~": (False, True),
    "%": (True, True),
}

# The hot path: every level-0 form, long years and qualifiers, nothing unspecified.
_INSTANT_MATCH: Final = re.compile(
    r"(?:Y(-?[1-9][0-9]{4,8})"
    r"|(-?[0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})"
    r"(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}(?::[0-9]{2})?)?)?)?)?)"
    r"([?~%])?"
).fullmatch

# EDTF level 1 "unspecified digits from the right": 201X, 20XX, 2XXX, 2004-XX,
# 1985-04-XX, 1985-XX-XX. X never stands before a known digit.
_UNSPECIFIED_MATCH: Final = re.compile(
    r"(?:(-?[0-9](?:[0-9]{2}X|[0-9]XX|XXX))"
    r"|(-?[0-9]{4})-(?:XX(-XX)?|([0-9]{2})-XX))"
    r"([?~%])?"
).fullmatch

_DURATION_MATCH: Final = re.compile(
    r"P(?:([0-9]{1,15})Y)?(?:([0-9]{1,15})M)?(?:([0-9]{1,15})W)?(?:([0-9]{1,15})D)?"
    r"(?:T(?=[0-9])(?:([0-9]{1,15})H)?(?:([0-9]{1,15})M)?(?:([0-9]{1,15})S)?)?"
).fullmatch


def instant_fields(text: str) -> InstantFields:
    """Parse one EDTF date or date-time (no interval); raise TimeParseError if it is not one."""
    match = _INSTANT_MATCH(text)
    if match is None:
        return _unspecified_fields(text)
    long_year, year_text, mo, d, h, mi, s, zone, qualifier = match.groups()
    uncertain, approximate = _QUALIFIERS[qualifier]
    if long_year is not None:
        return (int(long_year), None, None, None, None, None, None, uncertain, approximate, 0, 0)
    year = int(year_text)
    if year == 0 and year_text[0] == "-":
        raise negative_zero_year(text)
    if mo is None:
        return (year, None, None, None, None, None, None, uncertain, approximate, 0, 0)
    month = int(mo)
    if not 1 <= month <= 12:
        raise month_error(text, year, month)
    if d is None:
        return (year, month, None, None, None, None, None, uncertain, approximate, 0, 0)
    day = int(d)
    if (day < 1 or day > 28) and (problem := day_problem(year, month, day)) is not None:
        raise refuse(text, "a date", *problem)
    if h is None:
        return (year, month, day, None, None, None, None, uncertain, approximate, 0, 0)
    hour = int(h)
    minute = int(mi)
    second = None if s is None else int(s)
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        raise time_of_day_error(text, hour, minute, second)
    offset = None if zone is None else _offset(text, zone)
    return (year, month, day, hour, minute, second, offset, uncertain, approximate, 0, 0)


def _offset(text: str, zone: str) -> int:
    """Return the UTC offset ``Z``, ``±hh`` or ``±hh:mm`` in minutes."""
    if zone == "Z":
        return 0
    hours = int(zone[1:3])
    minutes = int(zone[4:6]) if len(zone) > 3 else 0
    value = hours * 60 + minutes
    if zone in {"-00:00", "-00"} or minutes > 59 or value > MAX_OFFSET:
        raise offset_error(text, zone)
    return -value if zone[0] == "-" else value


def _unspecified_fields(text: str) -> InstantFields:
    """Parse the EDTF level-1 forms with X digits, or explain why ``text`` is refused."""
    match = _UNSPECIFIED_MATCH(text)
    if match is None:
        raise explain_instant(text, accepts_time)
    year_x, year_text, both_xx, mo, qualifier = match.groups()
    uncertain, approximate = _QUALIFIERS[qualifier]
    if year_x is not None:
        digits = year_x.count("X")
        year = int(year_x.replace("X", "0"))
        if year == 0 and year_x[0] == "-":
            raise negative_zero_unspecified_year(text, digits)
        return (year, None, None, None, None, None, None, uncertain, approximate, digits, 0)
    year = int(year_text)
    if year == 0 and year_text[0] == "-":
        raise negative_zero_year(text)
    if mo is None:
        parts = 2 if both_xx else 1
        return (year, None, None, None, None, None, None, uncertain, approximate, 0, parts)
    month = int(mo)
    if not 1 <= month <= 12:
        raise month_error(text, year, month)
    return (year, month, None, None, None, None, None, uncertain, approximate, 0, 1)


def interval_fields(text: str) -> IntervalFields:
    """Parse an EDTF interval ``start/end``; raise TimeParseError if it is not one.

    An end written ``..`` is open, an empty end unknown; both come back as None,
    told apart by the ``open_start`` and ``open_end`` flags.
    """
    first, slash, second = text.partition("/")
    if not slash or "/" in second:
        raise interval_without_slash(text, 0 if not slash else 2)
    start = _interval_end(text, first, "start")
    end = _interval_end(text, second, "end")
    if start is None and end is None:
        raise interval_without_ends(text)
    if (
        start is not None
        and end is not None
        and span(*end[:7], end[9])[1] <= span(*start[:7], start[9])[0]
    ):
        raise reversed_interval(text, first, second)
    return (start, end, first == "..", second == "..")


def _interval_end(text: str, part: str, which: str) -> InstantFields | None:
    if part in ("", ".."):
        return None
    try:
        return instant_fields(part)
    except TimeParseError as error:
        raise interval_end_error(text, which, error) from None


def duration_fields(text: str) -> DurationFields:
    """Parse an ISO 8601 duration in whole units; raise TimeParseError if it is not one."""
    match = _DURATION_MATCH(text)
    if match is None or text in ("P", "PT"):
        raise explain_duration(text, accepts_duration)
    years, months, weeks, days, hours, minutes, seconds = map(int, match.groups("0"))
    return (years, months, weeks, days, hours, minutes, seconds)


def python_fields(value: _dt.date | _dt.datetime | int) -> InstantFields:
    """Read what a YAML or TOML loader produces: a date, a datetime or an ``int`` year.

    Raise TimeParseError for a value that cannot be represented and TypeError
    for other types (a bool is not a year).
    """
    if isinstance(value, bool):
        raise TypeError("a time cannot be a bool")
    if isinstance(value, int):
        if not -MAX_YEAR <= value <= MAX_YEAR:
            raise year_out_of_range(value)
        return (value, None, None, None, None, None, None, False, False, 0, 0)
    if isinstance(value, _dt.datetime):
        return _datetime_fields(value)
    if isinstance(value, _dt.date):
        return (value.year, value.month, value.day, None, None, None, None, False, False, 0, 0)
    raise TypeError(f"a time cannot be a {type(value).__name__}")


def _datetime_fields(value: _dt.datetime) -> InstantFields:
    if value.microsecond:
        raise unrepresentable_datetime(value.isoformat(), value.replace(microsecond=0).isoformat())
    offset = None
    delta = value.utcoffset()
    if delta is not None:
        seconds = int(delta.total_seconds())
        if seconds % 60 or abs(seconds) > MAX_OFFSET * 60:
            raise unrepresentable_datetime(value.isoformat(), None)
        offset = seconds // 60
    return (
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        offset,
        False,
        False,
        0,
        0,
    )


def accepts_time(text: str) -> bool:
    """Return True when ``text`` is a time value plotline accepts (an instant or an interval)."""
    try:
        if "/" in text:
            interval_fields(text)
        else:
            instant_fields(text)
    except TimeParseError:
        return False
    return True


def accepts_duration(text: str) -> bool:
    """Return True when ``text`` is a duration plotline accepts."""
    try:
        duration_fields(text)
    except TimeParseError:
        return False
    return True
