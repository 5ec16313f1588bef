"""Story time and release time: dates that know how precise they are.

A time value is a *span*, not a point. ``2020-07`` is the whole of July 2020,
not its first day, so it agrees with ``2020-07-07`` and is before ``2020-08-01``:

>>> month = parse_time("2020-07")
>>> agrees(month, parse_time("2020-07-07"))
True
>>> relation(month, parse_time("2020-08-01"))
<Relation.BEFORE: 'before'>
>>> relation(parse_time("1964/2008"), parse_time("2008-12-31T23:59"))
<Relation.OVERLAPS: 'overlaps'>

Semantics
---------
* Every value has two bounds in whole seconds on one proleptic-Gregorian UTC
  timeline whose 0 is ``0001-01-01T00:00:00Z`` (earlier times are negative;
  year ``0000`` is 1 BC, as in ISO 8601). The bounds are half-open:
  ``lower`` is the first second inside the span, ``upper`` the first second
  after it (the start of the next year, month, day, minute or second).
* A time with a UTC offset (``Z``, ``+09:00``) is placed on the timeline by
  that offset. A time without one is *floating* and is placed as if it were
  UTC. Dates (year, month, day precision) have no offset and are UTC days.
* An :class:`Interval` runs from its start's ``lower`` to its end's ``upper``.
  An open end (``..``) and an unknown end (empty, as in ``2004-06-01/``) are
  kept apart in the value but both count as unbounded: :data:`OPEN_LOWER` and
  :data:`OPEN_UPPER`, plain ints beyond every representable year.
* :func:`relation` answers BEFORE when ``a.upper <= b.lower``, AFTER when
  ``a.lower >= b.upper`` and OVERLAPS otherwise; :func:`agrees` is "their
  spans intersect"; :func:`sort_key` is ``(lower, upper)``, which puts every
  value before the values it is BEFORE.

Syntax
------
ISO 8601 / EDTF (Library of Congress, 2019) levels 0 and 1: ``2021``,
``-0999``, ``0000``, ``2021-03``, ``2021-03-04``, ``2021-03-04T17:00``,
``2021-03-04T17:00:05`` with an optional ``Z`` or ``±hh:mm`` offset; the
qualifiers ``?`` (uncertain), ``~`` (approximate) and ``%`` (both) at the end
of a value; years of more than four digits as ``Y170000002`` and
``Y-170000002`` (up to nine digits); unspecified digits from the right
(``201X``, ``19XX``, ``2004-XX``, ``1985-04-XX``, ``1985-XX-XX``), whose span is
every value they could stand for; intervals ``start/end`` whose ends may be
open (``..``) or unknown (empty). Seasons (``2001-21``) and everything of
EDTF level 2 (sets, qualified components, exponents, significant digits,
``X`` before a known digit) are refused with a message that says so. An
impossible date is refused with a :class:`TimeParseError` that says what is
wrong and how to fix it:

>>> try:
...     parse_time("2018-02-30")
... except TimeParseError as error:
...     print(error, "|", error.hint)
'2018-02-30' is not a date: February 2018 has 28 days | use a day from 01 to 28

Durations are ISO 8601 (``P3Y``, ``PT24M``, ``P1Y2M10DT2H30M``, ``P2W``) in
whole units; see :class:`Duration`. :func:`from_python` takes what YAML and
TOML loaders produce (``datetime.date``, ``datetime.datetime``, an ``int`` year).

Parsing is a hand-written regular-expression parser with its own day-count
arithmetic: no :mod:`datetime` or :mod:`pendulum` call is made until a value
is converted with ``to_pendulum()``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Callable
from typing import Final, TypeAlias, overload

import attrs
import pendulum

from plotline.exceptions import PlotlineError

__all__ = [
    "MAX_YEAR",
    "OPEN_LOWER",
    "OPEN_UPPER",
    "Duration",
    "Instant",
    "Interval",
    "Precision",
    "Relation",
    "TimeParseError",
    "TimeValue",
    "agrees",
    "from_python",
    "parse_time",
    "relation",
    "sort_key",
]

MAX_YEAR: Final = 999_999_999
"""The largest year (and, negated, the smallest) plotline represents."""

_DAY: Final = 86_400

OPEN_LOWER: Final = -(2**62)
"""The ``lower`` bound of an interval whose start is open or unknown.

It is below the lower bound of every :class:`Instant` (years are capped at
:data:`MAX_YEAR`), so bounds stay plain ``int`` and comparisons need no case.
"""

OPEN_UPPER: Final = 2**62
"""The ``upper`` bound of an interval whose end is open or unknown."""

_MAX_OFFSET: Final = 18 * 60

_MONTH_NAMES: Final = (
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


class Precision(enum.IntEnum):
    """How finely a time value is stated; a larger value is finer."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


class Relation(enum.Enum):
    """How two time spans lie on the timeline."""

    BEFORE = "before"
    AFTER = "after"
    OVERLAPS = "overlaps"


class TimeParseError(PlotlineError, ValueError):
    """A text (or value) is not a time, interval or duration plotline understands.

    ``text`` is the input as given and ``hint`` a suggested fix, or None.
    The message says what is wrong in plain English.
    """

    text: str
    hint: str | None

    def __init__(self, message: str, text: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.text = text
        self.hint = hint

    def __reduce__(self) -> tuple[type[TimeParseError], tuple[str, str, str | None]]:
        return (type(self), (str(self), self.text, self.hint))


def _fail(text: str, what: str, reason: str, hint: str | None = None) -> TimeParseError:
    return TimeParseError(f"{text!r} is not {what}: {reason}", text, hint)


# ---------------------------------------------------------------------------
# Calendar arithmetic: proleptic Gregorian, astronomical years (0 = 1 BC).


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_before_year(year: int) -> int:
    """Days from 0001-01-01 to the first day of ``year`` (negative before year 1)."""
    y = year - 1
    return 365 * y + y // 4 - y // 100 + y // 400


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 0001-01-01 to ``year-month-day`` (H. Hinnant's days_from_civil)."""
    if month <= 2:
        year -= 1
        month += 9
    else:
        month -= 3
    era = year // 400
    yoe = year - era * 400
    doe = yoe * 365 + yoe // 4 - yoe // 100 + (153 * month + 2) // 5 + day - 1
    return era * 146_097 + doe - 306


def _year_text(year: int, unspecified_digits: int = 0) -> str:
    if -9999 <= year <= 9999:
        digits = f"{abs(year):04d}"
        if unspecified_digits:
            digits = digits[: 4 - unspecified_digits] + "X" * unspecified_digits
        return f"-{digits}" if year < 0 else digits
    return f"Y{year}"


def _date_text(year: int, month: int, day: int) -> str:
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def _offset_text(offset: int) -> str:
    if offset == 0:
        return "Z"
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


# ---------------------------------------------------------------------------
# Instants.

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


def _day_problem(year: int, month: int, day: int) -> tuple[str, str] | None:
    """Return the reason and hint when ``day`` is not a day of the month, else None."""
    last = _days_in_month(year, month)
    if 1 <= day <= last:
        return None
    if day == 0:
        reason = "there is no day 00"
    else:
        reason = f"{_MONTH_NAMES[month - 1]} {_year_text(year)} has {last} days"
    return reason, f"use a day from 01 to {last}"


def _month_error(text: str, year: int, month: int) -> TimeParseError:
    seasons = {21: ("spring", 3, 5), 22: ("summer", 6, 8), 23: ("autumn", 9, 11)}
    if month in seasons:
        name, first, last = seasons[month]
        return _fail(
            text,
            "a date",
            f"month {month} is the EDTF season code for {name}; plotline does not support seasons",
            f"write the months instead, e.g. '{_year_text(year)}-{first:02d}/"
            f"{_year_text(year)}-{last:02d}'",
        )
    if month == 24:
        return _fail(
            text,
            "a date",
            "month 24 is the EDTF season code for winter; plotline does not support seasons",
            f"write the months instead, e.g. '{_year_text(year)}-12/{_year_text(year + 1)}-02'",
        )
    if 25 <= month <= 41:
        return _fail(
            text,
            "a date",
            f"month {month} is an EDTF level 2 season or quarter code, which plotline does not "
            "support",
            "write the months as an interval, e.g. '2001-04/2001-06' for a second quarter",
        )
    return _fail(text, "a date", f"there is no month {month:02d}", "months run from 01 to 12")


@attrs.frozen(slots=True, init=False)
class Instant:
    """One date or time, stated to a :class:`Precision`; it stands for that whole span.

    Fields below the stated precision are None. ``offset`` is the UTC offset in
    minutes (``Z`` is 0); None means a floating time, ordered as if UTC.
    ``uncertain`` and ``approximate`` are the EDTF qualifiers ``?`` and ``~``
    (``%`` sets both); they do not change the bounds.

    EDTF level-1 unspecified digits are kept as written:
    ``unspecified_year_digits`` counts the trailing year digits written ``X``
    (1 to 3; the year holds them as zeros, so ``201X`` is year 2010 and ``-01XX``
    is year -100), and ``unspecified_parts`` counts the trailing month and day
    written ``XX`` (``2004-XX`` and ``1985-04-XX`` have 1, ``1985-XX-XX`` has 2;
    those fields are None). The span is everything the value could stand for.

    An instant is built from its fields or parsed from text; ``Instant(text)``
    is ``Instant.parse(text)``, so the repr can be pasted back as code:

    >>> Instant.parse("2021-03")
    Instant('2021-03')
    >>> Instant(2021, 3, 4, 17, 0, offset=540)
    Instant('2021-03-04T17:00+09:00')
    >>> Instant("201X").lower_date(), Instant("201X").upper_date()
    ('2010-01-01', '2019-12-31')
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset: int | None = None
    uncertain: bool = False
    approximate: bool = False
    unspecified_year_digits: int = 0
    unspecified_parts: int = 0
    _bounds: tuple[int, int] | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @overload
    def __init__(self, year: str, /) -> None: ...

    @overload
    def __init__(
        self,
        year: int,
        month: int | None = None,
        day: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        second: int | None = None,
        offset: int | None = None,
        *,
        uncertain: bool = False,
        approximate: bool = False,
        unspecified_year_digits: int = 0,
        unspecified_parts: int = 0,
    ) -> None: ...

    def __init__(  # noqa: PLR0917 -- the fields in calendar order, as in datetime
        self,
        year: int | str,
        month: int | None = None,
        day: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        second: int | None = None,
        offset: int | None = None,
        *,
        uncertain: bool = False,
        approximate: bool = False,
        unspecified_year_digits: int = 0,
        unspecified_parts: int = 0,
    ) -> None:
        if isinstance(year, str):
            rest = (month, day, hour, minute, second, offset)
            flags = (uncertain, approximate, unspecified_year_digits, unspecified_parts)
            if rest != (None,) * 6 or any(flags):
                raise TypeError("Instant(text) takes no other arguments")
            parsed = Instant.parse(year)
            self.__attrs_init__(*attrs.astuple(parsed, recurse=False)[:11])
            return
        fields = (year, month, day, hour, minute, second, offset)
        extra = (uncertain, approximate, unspecified_year_digits, unspecified_parts)
        _check_instant(*fields, *extra)
        self.__attrs_init__(*fields, *extra)

    @classmethod
    def parse(cls, text: str) -> Instant:
        """Parse one EDTF date or date-time (no interval); raise TimeParseError if it is not one.

        >>> Instant.parse("2021-03-04T17:00:05Z").precision
        <Precision.SECOND: 5>
        >>> Instant.parse("1984?").uncertain
        True
        """
        if not isinstance(text, str):
            raise TypeError(f"a time must be given as str, not {type(text).__name__}")
        match = _INSTANT_MATCH(text)
        if match is None:
            return _parse_unspecified(text)
        long_year, year_text, mo, d, h, mi, s, zone, qualifier = match.groups()
        uncertain, approximate = _QUALIFIERS[qualifier]
        if long_year is not None:
            return _new_instant(
                int(long_year), None, None, None, None, None, None, uncertain, approximate, 0, 0
            )
        year = int(year_text)
        if year == 0 and year_text[0] == "-":
            raise _fail(
                text, "a date", "there is no year -0000", "write '0000' for year zero (1 BC)"
            )
        if mo is None:
            return _new_instant(
                year, None, None, None, None, None, None, uncertain, approximate, 0, 0
            )
        month = int(mo)
        if not 1 <= month <= 12:
            raise _month_error(text, year, month)
        if d is None:
            return _new_instant(
                year, month, None, None, None, None, None, uncertain, approximate, 0, 0
            )
        day = int(d)
        if (day < 1 or day > 28) and (problem := _day_problem(year, month, day)) is not None:
            raise _fail(text, "a date", *problem)
        if h is None:
            return _new_instant(
                year, month, day, None, None, None, None, uncertain, approximate, 0, 0
            )
        hour = int(h)
        minute = int(mi)
        second = None if s is None else int(s)
        if hour > 23:
            hint = "write 00:00 of the next day" if hour == 24 else "hours run from 00 to 23"
            raise _fail(text, "a time", f"there is no hour {hour:02d}", hint)
        if minute > 59:
            raise _fail(
                text, "a time", f"there is no minute {minute:02d}", "minutes run from 00 to 59"
            )
        if second is not None and second > 59:
            raise _fail(
                text,
                "a time",
                f"there is no second {second:02d}",
                "seconds run from 00 to 59 (leap seconds are not supported)",
            )
        offset = None if zone is None else _parse_offset(text, zone)
        return _new_instant(
            year, month, day, hour, minute, second, offset, uncertain, approximate, 0, 0
        )

    @property
    def precision(self) -> Precision:
        """The unit the value is stated in, counting ``XX`` parts as written."""
        if self.unspecified_parts:
            base = Precision.YEAR if self.month is None else Precision.MONTH
            return Precision(base + self.unspecified_parts)
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def bounds(self) -> tuple[int, int]:
        """``(lower, upper)``: the half-open span in seconds on the UTC timeline."""
        bounds = self._bounds
        if bounds is None:
            bounds = self._compute_bounds()
            object.__setattr__(self, "_bounds", bounds)
        return bounds

    @property
    def lower(self) -> int:
        """The first second of the span (inclusive), on the UTC timeline."""
        return self.bounds[0]

    @property
    def upper(self) -> int:
        """The first second after the span (exclusive), on the UTC timeline."""
        return self.bounds[1]

    def _compute_bounds(self) -> tuple[int, int]:
        year = self.year
        if self.unspecified_year_digits:
            first, last = self._year_range()
            return _days_before_year(first) * _DAY, _days_before_year(last + 1) * _DAY
        month = self.month
        if month is None:
            return _days_before_year(year) * _DAY, _days_before_year(year + 1) * _DAY
        day = self.day
        if day is None:
            start = _days_from_civil(year, month, 1)
            return start * _DAY, (start + _days_in_month(year, month)) * _DAY
        start = _days_from_civil(year, month, day) * _DAY
        hour = self.hour
        if hour is None:
            return start, start + _DAY
        start += hour * 3600 + (self.minute or 0) * 60 - (self.offset or 0) * 60
        if self.second is None:
            return start, start + 60
        start += self.second
        return start, start + 1

    def _year_range(self) -> tuple[int, int]:
        """Return the first and last year the value could be in."""
        width = 10**self.unspecified_year_digits - 1
        if self.year < 0:
            return self.year - width, self.year
        return self.year, self.year + width

    def _first_and_last_day(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        first_year, last_year = self._year_range()
        month, day = self.month, self.day
        if month is None:
            return (first_year, 1, 1), (last_year, 12, 31)
        if day is None:
            return (first_year, month, 1), (first_year, month, _days_in_month(first_year, month))
        return (first_year, month, day), (first_year, month, day)

    def lower_date(self) -> str:
        """Return the first day covered, ``YYYY-MM-DD``, as written (the offset is not applied).

        >>> Instant.parse("-0999").lower_date()
        '-0999-01-01'
        """
        return _date_text(*self._first_and_last_day()[0])

    def upper_date(self) -> str:
        """Return the last day covered (inclusive), ``YYYY-MM-DD``, as written.

        >>> Instant.parse("2008-02").upper_date()
        '2008-02-29'
        """
        return _date_text(*self._first_and_last_day()[1])

    def to_pendulum(self) -> pendulum.DateTime | pendulum.Date:
        """Convert to pendulum: a Date down to day precision, else a DateTime.

        A date of year or month precision (or with ``X`` digits) becomes its first
        day. A floating time becomes a naive DateTime, one with an offset an aware
        DateTime in a fixed zone. Only years 1 to 9999 convert; others raise
        ValueError.

        >>> Instant.parse("2021-03").to_pendulum()
        Date(2021, 3, 1)
        """
        (year, month, day), _ = self._first_and_last_day()
        if not 1 <= year <= 9999:
            raise ValueError(f"{self} is outside the years 1 to 9999 that pendulum supports")
        if self.hour is None:
            return pendulum.date(year, month, day)
        minute = self.minute or 0
        second = self.second or 0
        if self.offset is None:
            return pendulum.naive(year, month, day, self.hour, minute, second)
        zone = pendulum.FixedTimezone(self.offset * 60)
        return pendulum.datetime(year, month, day, self.hour, minute, second, tz=zone)

    def __str__(self) -> str:
        text = _year_text(self.year, self.unspecified_year_digits)
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
                if self.hour is not None:
                    text += f"T{self.hour:02d}:{self.minute or 0:02d}"
                    if self.second is not None:
                        text += f":{self.second:02d}"
                    if self.offset is not None:
                        text += _offset_text(self.offset)
        text += "-XX" * self.unspecified_parts
        if self.uncertain:
            text += "%" if self.approximate else "?"
        elif self.approximate:
            text += "~"
        return text

    def __repr__(self) -> str:
        return f"Instant({str(self)!r})"


_new_object: Final = object.__new__

_InstantBuilder: TypeAlias = Callable[
    [
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
    ],
    Instant,
]


def _instant_builder() -> _InstantBuilder:
    """Return a function that builds an Instant from fields the parser has already checked.

    It fills the slots through their descriptors, skipping ``__init__``'s checks and
    attrs' per-field ``object.__setattr__`` lookups: a third faster, and the parser's
    hot path.
    """
    names = tuple(field.name for field in attrs.fields(Instant))
    if names[:-1] != _INSTANT_FIELDS or names[-1] != "_bounds":
        raise RuntimeError(f"Instant's fields changed: {names}")
    slots = vars(Instant)
    (
        set_year,
        set_month,
        set_day,
        set_hour,
        set_minute,
        set_second,
        set_offset,
        set_uncertain,
        set_approximate,
        set_unspecified_year_digits,
        set_unspecified_parts,
        set_bounds,
    ) = (slots[name].__set__ for name in names)

    def build(  # noqa: PLR0917 -- positional for speed
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
    ) -> Instant:
        instant: Instant = _new_object(Instant)
        set_year(instant, year)
        set_month(instant, month)
        set_day(instant, day)
        set_hour(instant, hour)
        set_minute(instant, minute)
        set_second(instant, second)
        set_offset(instant, offset)
        set_uncertain(instant, uncertain)
        set_approximate(instant, approximate)
        set_unspecified_year_digits(instant, unspecified_year_digits)
        set_unspecified_parts(instant, unspecified_parts)
        set_bounds(instant, None)
        return instant

    return build


_INSTANT_FIELDS: Final = (
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "offset",
    "uncertain",
    "approximate",
    "unspecified_year_digits",
    "unspecified_parts",
)
_new_instant: Final = _instant_builder()


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if type(value) is not int:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, not {value}")


def _check_instant(  # noqa: PLR0917 -- the fields of Instant, in order
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
    """Raise TypeError or ValueError unless the fields make a valid Instant."""
    _check_int("year", year, -MAX_YEAR, MAX_YEAR)
    for name, flag in (("uncertain", uncertain), ("approximate", approximate)):
        if type(flag) is not bool:
            raise TypeError(f"{name} must be a bool, not {type(flag).__name__}")
    _check_int("unspecified_year_digits", unspecified_year_digits, 0, 3)
    _check_int("unspecified_parts", unspecified_parts, 0, 2)
    fields = (month, day, hour, minute, second)
    names = ("month", "day", "hour", "minute", "second")
    given = sum(field is not None for field in fields)
    if any(field is not None for field in fields[given:]):
        gap = fields.index(None)
        later = next(i for i in range(gap, 5) if fields[i] is not None)
        raise ValueError(f"an Instant with a {names[later]} needs a {names[gap]}")
    if given == 3:
        raise ValueError("an Instant with an hour needs a minute")
    if offset is not None and hour is None:
        raise ValueError("only a time of day can have a UTC offset")
    if abs(year) > 9999 and given:
        raise ValueError("a year of more than four digits cannot have a month or day")
    if month is not None:
        _check_int("month", month, 1, 12)
    if day is not None and month is not None:
        _check_int("day", day, 1, _days_in_month(year, month))
    if hour is not None:
        _check_int("hour", hour, 0, 23)
        _check_int("minute", minute, 0, 59)
    if second is not None:
        _check_int("second", second, 0, 59)
    if offset is not None:
        _check_int("offset", offset, -_MAX_OFFSET, _MAX_OFFSET)
    if unspecified_year_digits:
        if given or unspecified_parts:
            raise ValueError("a year with unspecified digits cannot have a month or day")
        if abs(year) > 9999 or abs(year) % 10**unspecified_year_digits:
            raise ValueError(
                f"the last {unspecified_year_digits} digits of a four-digit year with "
                "unspecified digits must be 0"
            )
    if unspecified_parts:
        if given > 1 or (unspecified_parts == 2 and given):
            raise ValueError("only the trailing month and day can be unspecified (XX)")
        if abs(year) > 9999:
            raise ValueError("a year of more than four digits cannot have a month or day")


def _parse_offset(text: str, zone: str) -> int:
    if zone == "Z":
        return 0
    hours = int(zone[1:3])
    minutes = int(zone[4:6]) if len(zone) > 3 else 0
    if zone in {"-00:00", "-00"}:
        raise _fail(
            text,
            "a time",
            f"the offset {zone} is not allowed",
            "write 'Z' for UTC, or leave the offset out for a floating time",
        )
    if minutes > 59 or hours * 60 + minutes > _MAX_OFFSET:
        raise _fail(
            text,
            "a time",
            f"the UTC offset {zone} is out of range",
            "offsets run from -18:00 to +18:00",
        )
    value = hours * 60 + minutes
    return -value if zone[0] == "-" else value


def _parse_unspecified(text: str) -> Instant:
    """Parse the EDTF level-1 forms with X digits, or explain why ``text`` is refused."""
    match = _UNSPECIFIED_MATCH(text)
    if match is None:
        raise _diagnose(text)
    year_x, year_text, both_xx, mo, qualifier = match.groups()
    uncertain, approximate = _QUALIFIERS[qualifier]
    if year_x is not None:
        digits = year_x.count("X")
        year = int(year_x.replace("X", "0"))
        if year == 0 and year_x[0] == "-":
            raise _fail(
                text,
                "a date",
                "a negative year with unspecified digits needs a non-zero known digit",
                f"write the years it stands for as an interval: '-{10**digits - 1:04d}/0000'",
            )
        return _new_instant(
            year, None, None, None, None, None, None, uncertain, approximate, digits, 0
        )
    year = int(year_text)
    if year == 0 and year_text[0] == "-":
        raise _fail(text, "a date", "there is no year -0000", "write '0000' for year zero (1 BC)")
    if mo is None:
        parts = 2 if both_xx else 1
        return _new_instant(
            year, None, None, None, None, None, None, uncertain, approximate, 0, parts
        )
    month = int(mo)
    if not 1 <= month <= 12:
        raise _month_error(text, year, month)
    return _new_instant(year, month, None, None, None, None, None, uncertain, approximate, 0, 1)


_QUALIFIED_PART: Final = re.compile(r"[?~%]")
_EXPONENT_FORM: Final = re.compile(r"Y?-?[0-9]+(?:E[0-9]+)?(?:S[0-9]+)?[?~%]?").fullmatch
_LONG_YEAR_FORM: Final = re.compile(r"(-?)Y(-?)([0-9]+)(.*)").fullmatch
_PLAIN_LONG_YEAR: Final = re.compile(r"(-?[0-9]{5,})(.*)").fullmatch
_TIME_FORM: Final = re.compile(r"(-?[0-9]{4}-[0-9]{2}-[0-9]{2})([Tt ])(.*)").fullmatch
_SHORT_FIELDS: Final = re.compile(r"(-?[0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?").fullmatch
_EXAMPLES: Final = "write a date such as '2021', '2021-03', '2021-03-04' or '2021-03-04T17:00'"


def _parses(text: str) -> bool:
    try:
        parse_time(text)
    except TimeParseError:
        return False
    return True


def _diagnose(text: str) -> TimeParseError:
    """Explain why ``text`` is not an Instant; only called once parsing has failed."""
    if not text:
        return _fail(text, "a date", "it is empty", _EXAMPLES)
    if len(text) > 64:
        return TimeParseError(
            f"{text[:32]!r}... is not a date: it is far too long", text, _EXAMPLES
        )
    if re.search(r"[0-9]{10}", text):
        return _fail(
            text,
            "a date",
            f"years beyond ±{MAX_YEAR} are not supported",
            "use a year of at most nine digits",
        )
    if any(char in text for char in "[]{}"):
        return _fail(
            text,
            "a date",
            "sets of dates ('[...]', '{...}') are EDTF level 2, which plotline does not support",
            "give one date, or an interval 'start/end' that spans them",
        )
    if text.strip() != text:
        return _fail(text, "a date", "it has spaces around it", f"write {text.strip()!r}")
    if any(char.isspace() for char in text):
        fixed = "T".join(text.split(None, 1))
        if _parses(fixed):
            return _fail(text, "a date", "it contains a space", f"write {fixed!r}")
        return _fail(text, "a date", "it is not an EDTF date", _EXAMPLES)
    if "/" in text:
        return _fail(
            text,
            "a single date",
            "it is an interval",
            "use parse_time() or Interval.parse() for 'start/end'",
        )
    if text == "..":
        return _fail(
            text,
            "a date",
            "'..' (open) is allowed only as an end of an interval",
            "write an interval such as '2004-06/..'",
        )
    if _EXPONENT_FORM(text) and ("E" in text or "S" in text):
        return _diagnose_level2_year(text)
    if "(" in text or ")" in text or _QUALIFIED_PART.search(text[:-1]):
        uncertain = "?" in text or "%" in text
        approximate = "~" in text or "%" in text
        qualifier = "%" if uncertain and approximate else "?" if uncertain else "~"
        fixed = re.sub(r"[?~%()]", "", text) + (qualifier if uncertain or approximate else "")
        hint = f"qualify the whole date: {fixed!r}" if _parses(fixed) else _EXAMPLES
        if "(" in text or ")" in text:
            reason = "parentheses are not EDTF (they were in a draft of 2012)"
        else:
            reason = (
                "a qualifier (?, ~ or %) on part of a date is EDTF level 2, which plotline "
                "does not support"
            )
        return _fail(text, "a date", reason, hint)
    if re.fullmatch(r"-?[0-9]{8}", text):
        fixed = f"{text[:-4]}-{text[-4:-2]}-{text[-2:]}"
        if _parses(fixed):
            return _fail(text, "a date", "it has no hyphens", f"write {fixed!r}")
    if (long_year := _LONG_YEAR_FORM(text)) is not None:
        return _diagnose_long_year(text, *long_year.groups())
    if (plain := _PLAIN_LONG_YEAR(text)) is not None:
        digits, rest = plain.groups()
        if rest and rest not in "?~%":
            return _fail(
                text,
                "a date",
                "a year of more than four digits cannot have a month or day",
                f"write the year alone, as 'Y{int(digits)}'",
            )
        return _fail(
            text,
            "a date",
            "a year of more than four digits needs the prefix 'Y'",
            f"write 'Y{int(digits)}{rest}'",
        )
    if "X" in text or "x" in text:
        if "x" in text and _parses(text.replace("x", "X")):
            return _fail(
                text,
                "a date",
                "unspecified digits are written with a capital 'X'",
                f"write {text.replace('x', 'X')!r}",
            )
        return _fail(
            text,
            "a date",
            "'X' (unspecified) may only replace the last digits of a date, as in '201X', "
            "'2004-XX' or '1985-04-XX'; other uses are EDTF level 2, which plotline does not "
            "support",
            "write the span of dates it could be as an interval 'start/end'",
        )
    if (timed := _TIME_FORM(text)) is not None:
        return _diagnose_time(text, *timed.groups())
    if (short := _SHORT_FIELDS(text)) is not None:
        year, month, day = short.groups()
        fixed = f"{year}-{int(month):02d}" + ("" if day is None else f"-{int(day):02d}")
        if _parses(fixed):
            return _fail(
                text, "a date", "months and days are written with two digits", f"write {fixed!r}"
            )
    if re.fullmatch(r"-?[0-9]{1,3}", text):
        return _fail(
            text,
            "a date",
            "years are written with at least four digits",
            f"write '{int(text):04d}'" if int(text) >= 0 else f"write '-{-int(text):04d}'",
        )
    return _fail(text, "a date", "it is not an EDTF date", _EXAMPLES)


def _diagnose_level2_year(text: str) -> TimeParseError:
    """Explain the refusal of exponential years (``Y17E7``) and significant digits (``1950S2``)."""
    body = text.rstrip("?~%")
    qualifier = text[len(body) :]
    base, _, significant = body.partition("S")
    if "E" in base:
        mantissa, _, exponent = base.lstrip("Y").partition("E")
        year = int(mantissa) * 10 ** min(int(exponent), 10)
        hint = (
            f"write the year in full: '{_year_text(year)}{qualifier}'"
            if abs(year) <= MAX_YEAR
            else f"years beyond ±{MAX_YEAR} are not supported"
        )
        return _fail(
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
    return _fail(
        text,
        "a date",
        "significant digits ('1950S2') are EDTF level 2, which plotline does not support",
        hint,
    )


def _diagnose_long_year(
    text: str, before: str, after: str, digits: str, rest: str
) -> TimeParseError:
    if rest and rest not in "?~%":
        return _fail(
            text,
            "a date",
            "a 'Y' year stands alone: it cannot have a month or day",
            "write the year alone, e.g. 'Y170000002'",
        )
    sign = "-" if before or after else ""
    value = int(digits)
    if before:
        return _fail(
            text,
            "a date",
            "the minus sign of a 'Y' year goes after the 'Y'",
            f"write 'Y-{value}{rest}'",
        )
    if value == 0 or len(str(value)) <= 4:
        return _fail(
            text,
            "a date",
            "the prefix 'Y' is only for years of more than four digits",
            f"write '{_year_text(int(sign + digits))}{rest}'",
        )
    if value > MAX_YEAR:
        return _fail(
            text,
            "a date",
            f"years beyond ±{MAX_YEAR} are not supported",
            "use a year of at most nine digits",
        )
    return _fail(text, "a date", "a 'Y' year has no leading zeros", f"write 'Y{sign}{value}{rest}'")


def _diagnose_time(text: str, date: str, separator: str, time: str) -> TimeParseError:
    if separator != "T":
        fixed = f"{date}T{time}"
        hint = f"write {fixed!r}" if _parses(fixed) else "join the date and time with 'T'"
        return _fail(text, "a date", "the date and time must be joined with 'T'", hint)
    time = time.rstrip("?~%")
    if re.fullmatch(r"[0-9]{2}(?:Z|[+-].*)?", time):
        return _fail(
            text,
            "a time",
            "a time needs hours and minutes (plotline has no hour precision)",
            f"write '{date}T{time[:2]}:00'",
        )
    if re.fullmatch(r"[0-9]{2}:[0-9]{2}:[0-9]{2}[.,][0-9]+.*", time):
        return _fail(
            text,
            "a time",
            "fractions of a second are not supported",
            f"write '{date}T{time[:8]}'",
        )
    if re.fullmatch(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(.+)", time):
        return _fail(
            text,
            "a time",
            "the UTC offset is not 'Z', '+hh:mm' or '-hh:mm'",
            "write e.g. '+09:00', '-05:00' or 'Z', or leave it out for a floating time",
        )
    return _fail(
        text, "a time", "the time is not 'hh:mm' or 'hh:mm:ss'", f"write e.g. '{date}T17:00'"
    )


# ---------------------------------------------------------------------------
# Intervals.


@attrs.frozen(slots=True, init=False)
class Interval:
    """A span from ``start`` to ``end`` (EDTF ``start/end``).

    An end that is an :class:`Instant` covers that instant's whole span: the
    interval runs from ``start.lower`` to ``end.upper``. A missing end is None,
    and its flag tells which kind it is:

    * ``open_start`` / ``open_end`` True: the end is *open* (EDTF ``..``): the
      span goes on without limit, e.g. ``1985-04-12/..``;
    * flag False: the end is *unknown* (EDTF empty end), e.g. ``2004-06-01/`` or
      ``/2006``; :attr:`unknown_start` and :attr:`unknown_end` say so.

    An end that is an Instant always has its flag False. For comparison both
    kinds count as unbounded: ``lower`` is :data:`OPEN_LOWER` and ``upper`` is
    :data:`OPEN_UPPER`. At least one end is an Instant, and the end is not
    before the start. ``Interval(text)`` is ``Interval.parse(text)``:

    >>> Interval.parse("1964/2008-06")
    Interval('1964/2008-06')
    >>> Interval(Instant(2004, 6, 1)), Interval(end=Instant(2006), open_start=True)
    (Interval('2004-06-01/'), Interval('../2006'))
    """

    start: Instant | None = None
    end: Instant | None = None
    open_start: bool = False
    open_end: bool = False

    @overload
    def __init__(self, start: str, /) -> None: ...

    @overload
    def __init__(
        self,
        start: Instant | None = None,
        end: Instant | None = None,
        *,
        open_start: bool = False,
        open_end: bool = False,
    ) -> None: ...

    def __init__(
        self,
        start: Instant | str | None = None,
        end: Instant | None = None,
        *,
        open_start: bool = False,
        open_end: bool = False,
    ) -> None:
        if isinstance(start, str):
            if end is not None or open_start or open_end:
                raise TypeError("Interval(text) takes no other arguments")
            parsed = Interval.parse(start)
            self.__attrs_init__(parsed.start, parsed.end, parsed.open_start, parsed.open_end)
            return
        for name, end_value, flag in (("start", start, open_start), ("end", end, open_end)):
            if end_value is not None and not isinstance(end_value, Instant):
                raise TypeError(
                    f"{name} must be an Instant or None, not {type(end_value).__name__}"
                )
            if type(flag) is not bool:
                raise TypeError(f"open_{name} must be a bool, not {type(flag).__name__}")
            if end_value is not None and flag:
                raise ValueError(f"the {name} is an Instant, so it cannot also be open")
        if start is None and end is None:
            raise ValueError("an interval needs a start or an end")
        if start is not None and end is not None and end.upper <= start.lower:
            raise ValueError(f"the interval ends ({end}) before it starts ({start})")
        self.__attrs_init__(start, end, open_start, open_end)

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Parse an EDTF interval ``start/end``; raise TimeParseError if it is not one.

        >>> Interval.parse("2004-06-01/..").open_end
        True
        >>> try:
        ...     Interval.parse("2005/2004")
        ... except TimeParseError as error:
        ...     print(error.hint)
        swap the ends: '2004/2005'
        """
        if not isinstance(text, str):
            raise TypeError(f"an interval must be given as str, not {type(text).__name__}")
        first, slash, second = text.partition("/")
        if not slash:
            raise _fail(text, "an interval", "it has no '/'", "write 'start/end', e.g. '1964/2008'")
        if "/" in second:
            raise _fail(
                text,
                "an interval",
                "it has more than one '/'",
                "write 'start/end', e.g. '1964/2008'",
            )
        start = _interval_end(text, first, "start")
        end = _interval_end(text, second, "end")
        if start is None and end is None:
            raise _fail(
                text,
                "an interval",
                "it has neither a start nor an end",
                "give at least one end, e.g. '2004-06/..' or '/2006'",
            )
        if start is not None and end is not None and end.upper <= start.lower:
            raise _fail(
                text,
                "an interval",
                f"it ends ({second}) before it starts ({first})",
                f"swap the ends: '{second}/{first}'",
            )
        interval: Interval = _new_object(cls)
        interval.__attrs_init__(start, end, first == "..", second == "..")
        return interval

    @property
    def unknown_start(self) -> bool:
        """True when the start is unknown (EDTF ``/end``), not open."""
        return self.start is None and not self.open_start

    @property
    def unknown_end(self) -> bool:
        """True when the end is unknown (EDTF ``start/``), not open."""
        return self.end is None and not self.open_end

    @property
    def uncertain(self) -> bool:
        """True when either end is uncertain (``?`` or ``%``)."""
        return any(end is not None and end.uncertain for end in (self.start, self.end))

    @property
    def approximate(self) -> bool:
        """True when either end is approximate (``~`` or ``%``)."""
        return any(end is not None and end.approximate for end in (self.start, self.end))

    @property
    def bounds(self) -> tuple[int, int]:
        """``(lower, upper)``: the half-open span in seconds on the UTC timeline."""
        return self.lower, self.upper

    @property
    def lower(self) -> int:
        """The start's lower bound, or :data:`OPEN_LOWER` for an open or unknown start."""
        return OPEN_LOWER if self.start is None else self.start.lower

    @property
    def upper(self) -> int:
        """The end's upper bound, or :data:`OPEN_UPPER` for an open or unknown end."""
        return OPEN_UPPER if self.end is None else self.end.upper

    def lower_date(self) -> str | None:
        """Return the first day covered (``YYYY-MM-DD``), or None for an open or unknown start."""
        return None if self.start is None else self.start.lower_date()

    def upper_date(self) -> str | None:
        """Return the last day covered (``YYYY-MM-DD``), or None for an open or unknown end."""
        return None if self.end is None else self.end.upper_date()

    def __str__(self) -> str:
        start = str(self.start) if self.start is not None else ".." if self.open_start else ""
        end = str(self.end) if self.end is not None else ".." if self.open_end else ""
        return f"{start}/{end}"

    def __repr__(self) -> str:
        return f"Interval({str(self)!r})"


def _interval_end(text: str, part: str, which: str) -> Instant | None:
    if part in ("", ".."):
        return None
    try:
        return Instant.parse(part)
    except TimeParseError as error:
        raise TimeParseError(
            f"{text!r} is not an interval: its {which} {error}", text, error.hint
        ) from None


TimeValue: TypeAlias = Instant | Interval
"""A story or release time: one :class:`Instant` or an :class:`Interval`."""


def parse_time(text: str) -> TimeValue:
    """Parse a time value: an :class:`Interval` if ``text`` has a ``/``, else an :class:`Instant`.

    Raise TimeParseError (a ValueError) for text that is not a time value, and
    TypeError for anything that is not a str (None included).

    >>> parse_time("1985-04-12/..")
    Interval('1985-04-12/..')
    >>> parse_time("2021-03-04T17:00+09:00").lower == parse_time("2021-03-04T08:00Z").lower
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"a time must be given as str, not {type(text).__name__}")
    if "/" in text:
        return Interval.parse(text)
    return Instant.parse(text)


@overload
def from_python(value: str) -> TimeValue: ...


@overload
def from_python(value: _dt.date | _dt.datetime | int) -> Instant: ...


def from_python(value: _dt.date | _dt.datetime | str | int) -> TimeValue:
    """Turn what a YAML or TOML loader hands over into a time value.

    A ``datetime.date`` is a day, a ``datetime.datetime`` a time to the second
    (naive means floating; an aware one keeps its UTC offset), an ``int`` a year
    and a ``str`` is parsed with :func:`parse_time`. Raise TimeParseError for
    values that cannot be represented and TypeError for other types.

    >>> import datetime
    >>> from_python(datetime.date(2021, 3, 4))
    Instant('2021-03-04')
    >>> from_python(2021)
    Instant('2021')
    """
    if isinstance(value, str):
        return parse_time(value)
    if isinstance(value, bool):
        raise TypeError("a time cannot be a bool")
    if isinstance(value, int):
        if not -MAX_YEAR <= value <= MAX_YEAR:
            raise _fail(str(value), "a year", f"years beyond ±{MAX_YEAR} are not supported")
        return _new_instant(value, None, None, None, None, None, None, False, False, 0, 0)
    if isinstance(value, _dt.datetime):
        return _from_datetime(value)
    if isinstance(value, _dt.date):
        return _new_instant(
            value.year, value.month, value.day, None, None, None, None, False, False, 0, 0
        )
    raise TypeError(f"a time cannot be a {type(value).__name__}")


def _from_datetime(value: _dt.datetime) -> Instant:
    if value.microsecond:
        raise _fail(
            value.isoformat(),
            "a time",
            "fractions of a second are not supported",
            f"write {value.replace(microsecond=0).isoformat()!r}",
        )
    offset = None
    delta = value.utcoffset()
    if delta is not None:
        seconds = int(delta.total_seconds())
        if seconds % 60 or abs(seconds) > _MAX_OFFSET * 60:
            raise _fail(
                value.isoformat(),
                "a time",
                "its UTC offset is not a whole number of minutes up to 18 hours",
                "use an offset such as '+09:00'",
            )
        offset = seconds // 60
    date, time = (value.year, value.month, value.day), (value.hour, value.minute, value.second)
    return _new_instant(*date, *time, offset, False, False, 0, 0)


def relation(a: TimeValue, b: TimeValue) -> Relation:
    """Return whether ``a`` is BEFORE, AFTER or OVERLAPS ``b``, comparing whole spans.

    >>> relation(parse_time("2020-07"), parse_time("2020-07-31T23:59"))
    <Relation.OVERLAPS: 'overlaps'>
    """
    a_lower, a_upper = a.bounds
    b_lower, b_upper = b.bounds
    if a_upper <= b_lower:
        return Relation.BEFORE
    if a_lower >= b_upper:
        return Relation.AFTER
    return Relation.OVERLAPS


def agrees(a: TimeValue, b: TimeValue) -> bool:
    """Return True when the spans of ``a`` and ``b`` intersect (two sources can both be right).

    >>> agrees(parse_time("2020-07"), parse_time("2020-07-07"))
    True
    >>> agrees(parse_time("2020-07"), parse_time("2020-08-01"))
    False
    """
    a_lower, a_upper = a.bounds
    b_lower, b_upper = b.bounds
    return a_lower < b_upper and b_lower < a_upper


def sort_key(value: TimeValue) -> tuple[int, int]:
    """Return ``(lower, upper)``: sorting by it puts each value before those it is BEFORE."""
    return value.bounds


# ---------------------------------------------------------------------------
# Durations.

_DURATION_MATCH: Final = re.compile(
    r"P(?:([0-9]{1,15})Y)?(?:([0-9]{1,15})M)?(?:([0-9]{1,15})W)?(?:([0-9]{1,15})D)?"
    r"(?:T(?=[0-9])(?:([0-9]{1,15})H)?(?:([0-9]{1,15})M)?(?:([0-9]{1,15})S)?)?"
).fullmatch

_DURATION_UNITS: Final = (
    ("years", "Y"),
    ("months", "M"),
    ("weeks", "W"),
    ("days", "D"),
    ("hours", "H"),
    ("minutes", "M"),
    ("seconds", "S"),
)


@attrs.frozen(slots=True, init=False)
class Duration:
    """An ISO 8601 duration in whole units, kept as written: ``P1Y2M10DT2H30M``.

    Months and years have no fixed length, so a duration has bounds: a month
    is 28 to 31 days and a year 365 to 366 days (weeks, days, hours, minutes
    and seconds are exact; days are 86 400 s). ``Duration(text)`` is
    ``Duration.parse(text)``:

    >>> Duration.parse("PT24M")
    Duration('PT24M')
    >>> Duration(months=1).min_seconds // 86_400, Duration(months=1).max_seconds // 86_400
    (28, 31)
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    @overload
    def __init__(self, text: str, /) -> None: ...

    @overload
    def __init__(
        self,
        *,
        years: int = 0,
        months: int = 0,
        weeks: int = 0,
        days: int = 0,
        hours: int = 0,
        minutes: int = 0,
        seconds: int = 0,
    ) -> None: ...

    def __init__(
        self,
        text: str | None = None,
        *,
        years: int = 0,
        months: int = 0,
        weeks: int = 0,
        days: int = 0,
        hours: int = 0,
        minutes: int = 0,
        seconds: int = 0,
    ) -> None:
        if text is not None:
            if (years, months, weeks, days, hours, minutes, seconds) != (0,) * 7:
                raise TypeError("Duration(text) takes no other arguments")
            if not isinstance(text, str):
                raise TypeError(f"Duration(text) needs a str, not {type(text).__name__}")
            parsed = Duration.parse(text)
            self.__attrs_init__(*attrs.astuple(parsed))
            return
        values = (years, months, weeks, days, hours, minutes, seconds)
        for (name, _), value in zip(_DURATION_UNITS, values, strict=True):
            _check_int(name, value, 0, 10**15 - 1)
        self.__attrs_init__(*values)

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse an ISO 8601 duration; raise TimeParseError if it is not one.

        >>> Duration.parse("P1Y2M10DT2H30M").months
        2
        """
        if not isinstance(text, str):
            raise TypeError(f"a duration must be given as str, not {type(text).__name__}")
        match = _DURATION_MATCH(text)
        if match is None or text in ("P", "PT"):
            raise _diagnose_duration(text)
        duration: Duration = _new_object(cls)
        duration.__attrs_init__(*(0 if group is None else int(group) for group in match.groups()))
        return duration

    @property
    def min_seconds(self) -> int:
        """The shortest the duration can be, in seconds (28-day months, 365-day years)."""
        days = self.years * 365 + self.months * 28 + self.weeks * 7 + self.days
        return days * _DAY + self.hours * 3600 + self.minutes * 60 + self.seconds

    @property
    def max_seconds(self) -> int:
        """The longest the duration can be, in seconds (31-day months, 366-day years)."""
        days = self.years * 366 + self.months * 31 + self.weeks * 7 + self.days
        return days * _DAY + self.hours * 3600 + self.minutes * 60 + self.seconds

    def to_pendulum(self) -> pendulum.Duration:
        """Convert to a ``pendulum.Duration`` with the same units.

        >>> Duration.parse("P2W").to_pendulum().in_days()
        14
        """
        return pendulum.Duration(
            years=self.years,
            months=self.months,
            weeks=self.weeks,
            days=self.days,
            hours=self.hours,
            minutes=self.minutes,
            seconds=self.seconds,
        )

    def __str__(self) -> str:
        values = attrs.astuple(self)
        date = "".join(
            f"{value}{unit}"
            for (_, unit), value in zip(_DURATION_UNITS[:4], values[:4], strict=True)
            if value
        )
        time = "".join(
            f"{value}{unit}"
            for (_, unit), value in zip(_DURATION_UNITS[4:], values[4:], strict=True)
            if value
        )
        if time:
            return f"P{date}T{time}"
        return f"P{date}" if date else "PT0S"

    def __repr__(self) -> str:
        return f"Duration({str(self)!r})"


def _diagnose_duration(text: str) -> TimeParseError:
    what = "a duration"
    example = "write e.g. 'P3Y', 'P2W', 'PT24M' or 'P1Y2M10DT2H30M'"
    if len(text) > 64:
        return TimeParseError(f"{text[:32]!r}... is not {what}: it is far too long", text, example)
    if any(char.isspace() for char in text):
        fixed = "".join(text.split())
        hint = f"write {fixed!r}" if _duration_parses(fixed) else example
        return _fail(text, what, "it contains spaces", hint)
    if text.startswith("-") and _duration_parses(text[1:]):
        return _fail(text, what, "durations cannot be negative", f"write {text[1:]!r}")
    if text and text.upper() != text and _duration_parses(text.upper()):
        return _fail(text, what, "its letters must be capitals", f"write {text.upper()!r}")
    if re.search(r"[0-9][.,][0-9]", text):
        return _fail(
            text,
            what,
            "fractions are not supported",
            "use whole units of a smaller size, e.g. 'PT30M' for half an hour",
        )
    if text in ("P", "PT"):
        return _fail(text, what, "it has no amount", "write e.g. 'P0D' for no time at all")
    if text.endswith("T") and _duration_parses(text[:-1]):
        return _fail(
            text, what, "'T' must be followed by hours, minutes or seconds", f"write {text[:-1]!r}"
        )
    if text.startswith("P") and "T" not in text and re.search(r"[0-9][HS]", text):
        fixed = re.sub(r"(?=[0-9]+[HS])", "T", text, count=1)
        hint = f"write {fixed!r}" if _duration_parses(fixed) else example
        return _fail(text, what, "hours, minutes and seconds come after 'T'", hint)
    if re.fullmatch(r"P.*[0-9]{16,}.*", text):
        return _fail(text, what, "a number in it is too large", "use at most 15 digits")
    if text.startswith("P"):
        return _fail(text, what, "its units are not in the order Y, M, W, D, T, H, M, S", example)
    return _fail(text, what, "it is not an ISO 8601 duration", example)


def _duration_parses(text: str) -> bool:
    try:
        Duration.parse(text)
    except TimeParseError:
        return False
    return True
