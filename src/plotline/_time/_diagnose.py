"""Why a time value is refused: every message, and the search for a fix to suggest.

The parser (:mod:`plotline._time._parse`) decides *that* a text is refused;
this module says *why*, in plain English, with a hint that fixes it where one
exists. It never parses on its own: a candidate fix is checked with the
parser's acceptance test, handed in as ``accepts``, so this module stays below
the parser and imports nothing of it.

>>> from plotline._time._parse import accepts_time
>>> error = explain_instant("2021-3-4", accepts_time)
>>> print(error, "|", error.hint)
'2021-3-4' is not a date: months and days are written with two digits | write '2021-03-04'

The checks of the value classes' constructors are here too
(:func:`check_instant_fields`, :func:`check_int`): they raise
:class:`~plotline.exceptions.TimeValueError` with the range a field may take.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from plotline._time._calendar import (
    MAX_OFFSET,
    MAX_YEAR,
    MONTH_NAMES,
    days_in_month,
    year_text,
)
from plotline.exceptions import TimeParseError, TimeValueError

__all__ = [
    "Accepts",
    "check_instant_fields",
    "check_int",
    "day_problem",
    "explain_duration",
    "explain_instant",
    "interval_end_error",
    "interval_without_ends",
    "interval_without_slash",
    "month_error",
    "negative_zero_unspecified_year",
    "negative_zero_year",
    "offset_error",
    "refuse",
    "reversed_interval",
    "time_of_day_error",
    "unrepresentable_datetime",
    "year_out_of_range",
]

Accepts = Callable[[str], bool]
"""The parser's acceptance test: True when a candidate fix would be accepted."""

_EXAMPLES: Final = "write a date such as '2021', '2021-03', '2021-03-04' or '2021-03-04T17:00'"
_INTERVAL_EXAMPLE: Final = "write 'start/end', e.g. '1964/2008'"
_DURATION_EXAMPLES: Final = "write e.g. 'P3Y', 'P2W', 'PT24M' or 'P1Y2M10DT2H30M'"


def refuse(text: str, what: str, reason: str, hint: str | None = None) -> TimeParseError:
    """Return the error ``'<text>' is not <what>: <reason>``, with ``hint`` as its fix."""
    return TimeParseError(f"{text!r} is not {what}: {reason}", text, hint)


# ---------------------------------------------------------------------------
# A value in the right form whose fields are out of range.


def negative_zero_year(text: str) -> TimeParseError:
    """Refuse the year ``-0000``."""
    return refuse(text, "a date", "there is no year -0000", "write '0000' for year zero (1 BC)")


def negative_zero_unspecified_year(text: str, digits: int) -> TimeParseError:
    """Refuse a negative year whose known digits are all zero (``-0XXX``)."""
    return refuse(
        text,
        "a date",
        "a negative year with unspecified digits needs a non-zero known digit",
        f"write the years it stands for as an interval: '-{10**digits - 1:04d}/0000'",
    )


def month_error(text: str, year: int, month: int) -> TimeParseError:
    """Refuse a month outside 01 to 12, naming the EDTF season or quarter it may be."""
    seasons = {21: ("spring", 3, 5), 22: ("summer", 6, 8), 23: ("autumn", 9, 11)}
    if month in seasons:
        name, first, last = seasons[month]
        return refuse(
            text,
            "a date",
            f"month {month} is the EDTF season code for {name}; plotline does not support seasons",
            f"write the months instead, e.g. '{year_text(year)}-{first:02d}/"
            f"{year_text(year)}-{last:02d}'",
        )
    if month == 24:
        return refuse(
            text,
            "a date",
            "month 24 is the EDTF season code for winter; plotline does not support seasons",
            f"write the months instead, e.g. '{year_text(year)}-12/{year_text(year + 1)}-02'",
        )
    if 25 <= month <= 41:
        return refuse(
            text,
            "a date",
            f"month {month} is an EDTF level 2 season or quarter code, which plotline does not "
            "support",
            "write the months as an interval, e.g. '2001-04/2001-06' for a second quarter",
        )
    return refuse(text, "a date", f"there is no month {month:02d}", "months run from 01 to 12")


def day_problem(year: int, month: int, day: int) -> tuple[str, str] | None:
    """Return the reason and hint when ``day`` is not a day of the month, else None."""
    last = days_in_month(year, month)
    if 1 <= day <= last:
        return None
    if day == 0:
        reason = "there is no day 00"
    else:
        reason = f"{MONTH_NAMES[month - 1]} {year_text(year)} has {last} days"
    return reason, f"use a day from 01 to {last}"


def time_of_day_error(text: str, hour: int, minute: int, second: int | None) -> TimeParseError:
    """Refuse a time of day with an hour over 23, a minute or a second over 59."""
    if hour > 23:
        hint = "write 00:00 of the next day" if hour == 24 else "hours run from 00 to 23"
        return refuse(text, "a time", f"there is no hour {hour:02d}", hint)
    if minute > 59:
        return refuse(
            text, "a time", f"there is no minute {minute:02d}", "minutes run from 00 to 59"
        )
    return refuse(
        text,
        "a time",
        f"there is no second {second:02d}",
        "seconds run from 00 to 59 (leap seconds are not supported)",
    )


def offset_error(text: str, zone: str) -> TimeParseError:
    """Refuse the UTC offset ``zone``: ``-00:00``, or beyond ±18:00."""
    if zone in {"-00:00", "-00"}:
        return refuse(
            text,
            "a time",
            f"the offset {zone} is not allowed",
            "write 'Z' for UTC, or leave the offset out for a floating time",
        )
    return refuse(
        text,
        "a time",
        f"the UTC offset {zone} is out of range",
        "offsets run from -18:00 to +18:00",
    )


def year_out_of_range(value: int) -> TimeParseError:
    """Refuse an ``int`` year beyond ±:data:`~plotline._time._calendar.MAX_YEAR`."""
    return refuse(str(value), "a year", f"years beyond ±{MAX_YEAR} are not supported")


def unrepresentable_datetime(text: str, fixed: str | None) -> TimeParseError:
    """Refuse a ``datetime`` with microseconds (``fixed`` is it without) or an odd offset."""
    if fixed is not None:
        return refuse(text, "a time", "fractions of a second are not supported", f"write {fixed!r}")
    return refuse(
        text,
        "a time",
        "its UTC offset is not a whole number of minutes up to 18 hours",
        "use an offset such as '+09:00'",
    )


# ---------------------------------------------------------------------------
# Intervals.


def interval_without_slash(text: str, slashes: int) -> TimeParseError:
    """Refuse an interval text with no ``/`` or more than one."""
    reason = "it has no '/'" if slashes == 0 else "it has more than one '/'"
    return refuse(text, "an interval", reason, _INTERVAL_EXAMPLE)


def interval_end_error(text: str, which: str, error: TimeParseError) -> TimeParseError:
    """Refuse an interval because its ``which`` end (start or end) was refused with ``error``."""
    return TimeParseError(f"{text!r} is not an interval: its {which} {error}", text, error.hint)


def interval_without_ends(text: str) -> TimeParseError:
    """Refuse ``/``, ``../..`` and the like: an interval needs at least one end."""
    return refuse(
        text,
        "an interval",
        "it has neither a start nor an end",
        "give at least one end, e.g. '2004-06/..' or '/2006'",
    )


def reversed_interval(text: str, first: str, second: str) -> TimeParseError:
    """Refuse an interval whose end ``second`` lies before its start ``first``."""
    return refuse(
        text,
        "an interval",
        f"it ends ({second}) before it starts ({first})",
        f"swap the ends: '{second}/{first}'",
    )


# ---------------------------------------------------------------------------
# Text that is no date at all: find out what it was meant to be.

_QUALIFIED_PART: Final = re.compile(r"[?~%]")
_EXPONENT_FORM: Final = re.compile(r"Y?-?[0-9]+(?:E[0-9]+)?(?:S[0-9]+)?[?~%]?").fullmatch
_LONG_YEAR_FORM: Final = re.compile(r"(-?)Y(-?)([0-9]+)(.*)").fullmatch
_PLAIN_LONG_YEAR: Final = re.compile(r"(-?[0-9]{5,})(.*)").fullmatch
_TIME_FORM: Final = re.compile(r"(-?[0-9]{4}-[0-9]{2}-[0-9]{2})([Tt ])(.*)").fullmatch
_SHORT_FIELDS: Final = re.compile(r"(-?[0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?").fullmatch


def explain_instant(text: str, accepts: Accepts) -> TimeParseError:
    """Explain why ``text`` is not an Instant; only called once parsing has failed.

    ``accepts`` is the parser's test of a whole time value (instant or interval),
    used to offer only fixes that would be accepted.
    """
    if not text:
        return refuse(text, "a date", "it is empty", _EXAMPLES)
    if len(text) > 64:
        return TimeParseError(
            f"{text[:32]!r}... is not a date: it is far too long", text, _EXAMPLES
        )
    if re.search(r"(?<![0-9.,:])[0-9]{10}", text):  # not the digits of a fraction or a time
        return refuse(
            text,
            "a date",
            f"years beyond ±{MAX_YEAR} are not supported",
            "use a year of at most nine digits",
        )
    if any(char in text for char in "[]{}"):
        return refuse(
            text,
            "a date",
            "sets of dates ('[...]', '{...}') are EDTF level 2, which plotline does not support",
            "give one date, or an interval 'start/end' that spans them",
        )
    if text.strip() != text:
        return refuse(text, "a date", "it has spaces around it", f"write {text.strip()!r}")
    if any(char.isspace() for char in text):
        fixed = "T".join(text.split(None, 1))
        if accepts(fixed):
            return refuse(text, "a date", "it contains a space", f"write {fixed!r}")
        return refuse(text, "a date", "it is not an EDTF date", _EXAMPLES)
    if "/" in text:
        return refuse(
            text,
            "a single date",
            "it is an interval",
            "use parse_time() or Interval.parse() for 'start/end'",
        )
    if text == "..":
        return refuse(
            text,
            "a date",
            "'..' (open) is allowed only as an end of an interval",
            "write an interval such as '2004-06/..'",
        )
    if _EXPONENT_FORM(text) and ("E" in text or "S" in text):
        return _explain_level2_year(text)
    if "(" in text or ")" in text or _QUALIFIED_PART.search(text[:-1]):
        return _explain_qualified_part(text, accepts)
    if re.fullmatch(r"-?[0-9]{8}", text):
        fixed = f"{text[:-4]}-{text[-4:-2]}-{text[-2:]}"
        if accepts(fixed):
            return refuse(text, "a date", "it has no hyphens", f"write {fixed!r}")
    if (long_year := _LONG_YEAR_FORM(text)) is not None:
        return _explain_long_year(text, *long_year.groups())
    if (plain := _PLAIN_LONG_YEAR(text)) is not None:
        digits, rest = plain.groups()
        if rest and rest not in "?~%":
            return refuse(
                text,
                "a date",
                "a year of more than four digits cannot have a month or day",
                f"write the year alone, as 'Y{int(digits)}'",
            )
        return refuse(
            text,
            "a date",
            "a year of more than four digits needs the prefix 'Y'",
            f"write 'Y{int(digits)}{rest}'",
        )
    if "X" in text or "x" in text:
        return _explain_unspecified(text, accepts)
    if (timed := _TIME_FORM(text)) is not None:
        date, separator, time = timed.groups()
        return _explain_time(text, date, separator, time, accepts)
    if (short := _SHORT_FIELDS(text)) is not None:
        year, month, day = short.groups()
        fixed = f"{year}-{int(month):02d}" + ("" if day is None else f"-{int(day):02d}")
        if accepts(fixed):
            return refuse(
                text, "a date", "months and days are written with two digits", f"write {fixed!r}"
            )
    if re.fullmatch(r"-?[0-9]{1,3}", text):
        return refuse(
            text,
            "a date",
            "years are written with at least four digits",
            f"write '{int(text):04d}'" if int(text) >= 0 else f"write '-{-int(text):04d}'",
        )
    return refuse(text, "a date", "it is not an EDTF date", _EXAMPLES)


def _explain_qualified_part(text: str, accepts: Accepts) -> TimeParseError:
    """Explain parentheses (a 2012 draft) and qualifiers on part of a date (level 2)."""
    uncertain = "?" in text or "%" in text
    approximate = "~" in text or "%" in text
    qualifier = "%" if uncertain and approximate else "?" if uncertain else "~"
    fixed = re.sub(r"[?~%()]", "", text) + (qualifier if uncertain or approximate else "")
    hint = f"qualify the whole date: {fixed!r}" if accepts(fixed) else _EXAMPLES
    if "(" in text or ")" in text:
        reason = "parentheses are not EDTF (they were in a draft of 2012)"
    else:
        reason = (
            "a qualifier (?, ~ or %) on part of a date is EDTF level 2, which plotline "
            "does not support"
        )
    return refuse(text, "a date", reason, hint)


def _explain_unspecified(text: str, accepts: Accepts) -> TimeParseError:
    """Explain an ``X`` (unspecified digit) where EDTF level 1 allows none."""
    if "x" in text and accepts(text.replace("x", "X")):
        return refuse(
            text,
            "a date",
            "unspecified digits are written with a capital 'X'",
            f"write {text.replace('x', 'X')!r}",
        )
    return refuse(
        text,
        "a date",
        "'X' (unspecified) may only replace the last digits of a date, as in '201X', "
        "'2004-XX' or '1985-04-XX'; other uses are EDTF level 2, which plotline does not "
        "support",
        "write the span of dates it could be as an interval 'start/end'",
    )


def _explain_level2_year(text: str) -> TimeParseError:
    """Explain the refusal of exponential years (``Y17E7``) and significant digits (``1950S2``)."""
    body = text.rstrip("?~%")
    qualifier = text[len(body) :]
    base, _, significant = body.partition("S")
    if "E" in base:
        mantissa, _, exponent = base.lstrip("Y").partition("E")
        year = int(mantissa) * 10 ** min(int(exponent), 10)
        hint = (
            f"write the year in full: '{year_text(year)}{qualifier}'"
            if abs(year) <= MAX_YEAR
            else f"years beyond ±{MAX_YEAR} are not supported"
        )
        return refuse(
            text,
            "a date",
            "exponential years ('Y17E7') are EDTF level 2, which plotline does not support",
            hint,
        )
    hint = "write the year alone, or the span of years it stands for as an interval"
    digits = base.lstrip("Y-")
    kept = int(significant) if significant else 0
    if len(digits) == 4 and 0 < kept < 4 and not base.startswith("Y"):
        sign = "-" if base.startswith("-") else ""
        first, last = (f"{sign}{digits[:kept]}{fill * (4 - kept)}" for fill in "09")
        if sign:
            first, last = last, first
        hint = f"write the year alone ('{base}') or the span as an interval ('{first}/{last}')"
    return refuse(
        text,
        "a date",
        "significant digits ('1950S2') are EDTF level 2, which plotline does not support",
        hint,
    )


def _explain_long_year(
    text: str, before: str, after: str, digits: str, rest: str
) -> TimeParseError:
    """Explain a misspelt ``Y`` year: with a month, a misplaced sign, too short or too long."""
    if rest and rest not in "?~%":
        return refuse(
            text,
            "a date",
            "a 'Y' year stands alone: it cannot have a month or day",
            "write the year alone, e.g. 'Y170000002'",
        )
    sign = "-" if before or after else ""
    value = int(digits)
    if before:
        return refuse(
            text,
            "a date",
            "the minus sign of a 'Y' year goes after the 'Y'",
            f"write 'Y-{value}{rest}'",
        )
    if value == 0 or len(str(value)) <= 4:
        return refuse(
            text,
            "a date",
            "the prefix 'Y' is only for years of more than four digits",
            f"write '{year_text(int(sign + digits))}{rest}'",
        )
    if value > MAX_YEAR:
        return refuse(
            text,
            "a date",
            f"years beyond ±{MAX_YEAR} are not supported",
            "use a year of at most nine digits",
        )
    return refuse(
        text, "a date", "a 'Y' year has no leading zeros", f"write 'Y{sign}{value}{rest}'"
    )


def _explain_time(
    text: str, date: str, separator: str, time: str, accepts: Accepts
) -> TimeParseError:
    """Explain a date with a time of day that is not ``Thh:mm[:ss]`` and an offset."""
    if separator != "T":
        fixed = f"{date}T{time}"
        hint = f"write {fixed!r}" if accepts(fixed) else "join the date and time with 'T'"
        return refuse(text, "a date", "the date and time must be joined with 'T'", hint)
    time = time.rstrip("?~%")
    if re.fullmatch(r"[0-9]{2}(?:Z|[+-].*)?", time):
        return refuse(
            text,
            "a time",
            "a time needs hours and minutes (plotline has no hour precision)",
            f"write '{date}T{time[:2]}:00'",
        )
    if re.fullmatch(r"[0-9]{2}:[0-9]{2}:[0-9]{2}[.,][0-9]+.*", time):
        return refuse(
            text,
            "a time",
            "fractions of a second are not supported",
            f"write '{date}T{time[:8]}'",
        )
    if re.fullmatch(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(.+)", time):
        return refuse(
            text,
            "a time",
            "the UTC offset is not 'Z', '+hh:mm' or '-hh:mm'",
            "write e.g. '+09:00', '-05:00' or 'Z', or leave it out for a floating time",
        )
    return refuse(
        text, "a time", "the time is not 'hh:mm' or 'hh:mm:ss'", f"write e.g. '{date}T17:00'"
    )


def explain_duration(text: str, accepts: Accepts) -> TimeParseError:
    """Explain why ``text`` is not a Duration; ``accepts`` tests a candidate fix."""
    what = "a duration"
    example = _DURATION_EXAMPLES
    if len(text) > 64:
        return TimeParseError(f"{text[:32]!r}... is not {what}: it is far too long", text, example)
    if any(char.isspace() for char in text):
        fixed = "".join(text.split())
        hint = f"write {fixed!r}" if accepts(fixed) else example
        return refuse(text, what, "it contains spaces", hint)
    if text.startswith("-") and accepts(text[1:]):
        return refuse(text, what, "durations cannot be negative", f"write {text[1:]!r}")
    if text and text.upper() != text and accepts(text.upper()):
        return refuse(text, what, "its letters must be capitals", f"write {text.upper()!r}")
    if re.search(r"[0-9][.,][0-9]", text):
        return refuse(
            text,
            what,
            "fractions are not supported",
            "use whole units of a smaller size, e.g. 'PT30M' for half an hour",
        )
    if text in ("P", "PT"):
        return refuse(text, what, "it has no amount", "write e.g. 'P0D' for no time at all")
    if text.endswith("T") and accepts(text[:-1]):
        return refuse(
            text, what, "'T' must be followed by hours, minutes or seconds", f"write {text[:-1]!r}"
        )
    if text.startswith("P") and "T" not in text and re.search(r"[0-9][HS]", text):
        fixed = re.sub(r"(?=[0-9]+[HS])", "T", text, count=1)
        hint = f"write {fixed!r}" if accepts(fixed) else example
        return refuse(text, what, "hours, minutes and seconds come after 'T'", hint)
    if re.fullmatch(r"P.*[0-9]{16,}.*", text):
        return refuse(text, what, "a number in it is too large", "use at most 15 digits")
    if text.startswith("P"):
        return refuse(text, what, "its units are not in the order Y, M, W, D, T, H, M, S", example)
    return refuse(text, what, "it is not an ISO 8601 duration", example)


# ---------------------------------------------------------------------------
# The checks of the constructors: fields given in Python, not text.


def check_int(name: str, value: object, low: int, high: int) -> None:
    """Raise TypeError unless ``value`` is an int, TimeValueError unless it is in ``low..high``."""
    if type(value) is not int:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        raise TimeValueError(f"{name} must be from {low} to {high}, not {value}")


def check_instant_fields(  # noqa: PLR0917 -- the fields of Instant, in order
    year: int,
    month: int | None,
    day: int | None,
    hour: int | None,
    minute: int | None,
    second: int | None,
    offset: int | None,
    uncertain: bool,
    approximate: bool,
    unspecified_year_digits: int,
    unspecified_parts: int,
) -> None:
    """Raise TypeError or TimeValueError unless the fields make a valid Instant."""
    check_int("year", year, -MAX_YEAR, MAX_YEAR)
    for name, flag in (("uncertain", uncertain), ("approximate", approximate)):
        if type(flag) is not bool:
            raise TypeError(f"{name} must be a bool, not {type(flag).__name__}")
    check_int("unspecified_year_digits", unspecified_year_digits, 0, 3)
    check_int("unspecified_parts", unspecified_parts, 0, 2)
    fields = (month, day, hour, minute, second)
    names = ("month", "day", "hour", "minute", "second")
    given = sum(field is not None for field in fields)
    if any(field is not None for field in fields[given:]):
        gap = fields.index(None)
        later = next(i for i in range(gap, 5) if fields[i] is not None)
        raise TimeValueError(f"an Instant with a {names[later]} needs a {names[gap]}")
    if given == 3:
        raise TimeValueError("an Instant with an hour needs a minute")
    if offset is not None and hour is None:
        raise TimeValueError("only a time of day can have a UTC offset")
    if abs(year) > 9999 and given:
        raise TimeValueError("a year of more than four digits cannot have a month or day")
    if month is not None:
        check_int("month", month, 1, 12)
    if day is not None and month is not None:
        check_int("day", day, 1, days_in_month(year, month))
    if hour is not None:
        check_int("hour", hour, 0, 23)
        check_int("minute", minute, 0, 59)
    if second is not None:
        check_int("second", second, 0, 59)
    if offset is not None:
        check_int("offset", offset, -MAX_OFFSET, MAX_OFFSET)
    if unspecified_year_digits:
        if given or unspecified_parts:
            raise TimeValueError("a year with unspecified digits cannot have a month or day")
        if abs(year) > 9999 or abs(year) % 10**unspecified_year_digits:
            raise TimeValueError(
                f"the last {unspecified_year_digits} digits of a four-digit year with "
                "unspecified digits must be 0"
            )
    if unspecified_parts:
        if given > 1 or (unspecified_parts == 2 and given):
            raise TimeValueError("only the trailing month and day can be unspecified (XX)")
        if abs(year) > 9999:
            raise TimeValueError("a year of more than four digits cannot have a month or day")
