"""The time value types Instant and Interval, and how two values relate.

Each value is a frozen attrs class whose checked constructor takes fields
(``Instant(2021, 3, 4)``) or text (``Instant("2021-03-04")``). The parser's
path to a value is the private classmethod ``_trusted``: it builds the value
from fields that :mod:`plotline._time._parse` has already checked, without
checking them again (Duration, the third type, is in
:mod:`plotline._time._duration`). Bounds are placed on the one day axis of
:mod:`plotline._time._calendar`; pendulum is imported only by ``to_pendulum()``.

>>> relation(Instant("2020-07"), Instant("2020-08-01"))
<Relation.BEFORE: 'before'>
>>> Interval(Instant(1964), Instant(2008, 6)).upper_date()
'2008-06-30'
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import TYPE_CHECKING, Final, TypeAlias, overload

import attrs

from plotline._time._calendar import (
    OPEN_LOWER,
    OPEN_UPPER,
    date_text,
    days_in_month,
    offset_text,
    span,
    year_range,
    year_text,
)
from plotline._time._diagnose import check_instant_fields
from plotline._time._parse import instant_fields, interval_fields, python_fields
from plotline.exceptions import TimeValueError

if TYPE_CHECKING:
    import pendulum

__all__ = [
    "Instant",
    "Interval",
    "Precision",
    "Relation",
    "TimeValue",
    "agrees",
    "from_python",
    "parse_time",
    "relation",
    "sort_key",
]


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


_new_object: Final = object.__new__


# ---------------------------------------------------------------------------
# Instants.


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
    is ``Instant.parse(text)``, so the repr can be pasted back as code. Fields
    that make no instant raise :class:`~plotline.exceptions.TimeValueError`:

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
            self.__attrs_init__(*instant_fields(year))
            return
        fields = (year, month, day, hour, minute, second, offset)
        extra = (uncertain, approximate, unspecified_year_digits, unspecified_parts)
        check_instant_fields(*fields, *extra)
        self.__attrs_init__(*fields, *extra)

    @classmethod
    def _trusted(  # noqa: PLR0917 -- the fields in order, positional for speed
        cls,
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
        """Build an Instant from fields already known to be valid: the parser's path.

        It skips ``__init__``'s checks and attrs' per-field ``object.__setattr__``
        lookups, filling each slot through its descriptor (about a third faster
        than the checked constructor). Give it only fields that came out of
        :mod:`plotline._time._parse`, a ``datetime``, or an existing Instant: it
        does not check them.
        """
        instant: Instant = _new_object(cls)
        _set_year(instant, year)
        _set_month(instant, month)
        _set_day(instant, day)
        _set_hour(instant, hour)
        _set_minute(instant, minute)
        _set_second(instant, second)
        _set_offset(instant, offset)
        _set_uncertain(instant, uncertain)
        _set_approximate(instant, approximate)
        _set_unspecified_year_digits(instant, unspecified_year_digits)
        _set_unspecified_parts(instant, unspecified_parts)
        _set_bounds(instant, None)
        return instant

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
        return cls._trusted(*instant_fields(text))

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
            bounds = span(
                self.year,
                self.month,
                self.day,
                self.hour,
                self.minute,
                self.second,
                self.offset,
                self.unspecified_year_digits,
            )
            _set_bounds(self, bounds)
        return bounds

    @property
    def lower(self) -> int:
        """The first second of the span (inclusive), on the UTC timeline."""
        return self.bounds[0]

    @property
    def upper(self) -> int:
        """The first second after the span (exclusive), on the UTC timeline."""
        return self.bounds[1]

    def _first_and_last_day(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        first_year, last_year = year_range(self.year, self.unspecified_year_digits)
        month, day = self.month, self.day
        if month is None:
            return (first_year, 1, 1), (last_year, 12, 31)
        if day is None:
            return (first_year, month, 1), (first_year, month, days_in_month(first_year, month))
        return (first_year, month, day), (first_year, month, day)

    def lower_date(self) -> str:
        """Return the first day covered, ``YYYY-MM-DD``, as written (the offset is not applied).

        >>> Instant.parse("-0999").lower_date()
        '-0999-01-01'
        """
        return date_text(*self._first_and_last_day()[0])

    def upper_date(self) -> str:
        """Return the last day covered (inclusive), ``YYYY-MM-DD``, as written.

        >>> Instant.parse("2008-02").upper_date()
        '2008-02-29'
        """
        return date_text(*self._first_and_last_day()[1])

    def to_pendulum(self) -> pendulum.DateTime | pendulum.Date:
        """Convert to pendulum: a Date down to day precision, else a DateTime.

        A date of year or month precision (or with ``X`` digits) becomes its first
        day. A floating time becomes a naive DateTime, one with an offset an aware
        DateTime in a fixed zone. Only years 1 to 9999 convert; others raise
        :class:`~plotline.exceptions.TimeValueError` (a ValueError). pendulum
        is imported here, on the first conversion, not with plotline.

        >>> Instant.parse("2021-03").to_pendulum()
        Date(2021, 3, 1)
        """
        (year, month, day), _ = self._first_and_last_day()
        if not 1 <= year <= 9999:
            raise TimeValueError(f"{self} is outside the years 1 to 9999 that pendulum supports")
        import pendulum

        if self.hour is None:
            return pendulum.date(year, month, day)
        minute = self.minute or 0
        second = self.second or 0
        if self.offset is None:
            return pendulum.naive(year, month, day, self.hour, minute, second)
        zone = pendulum.FixedTimezone(self.offset * 60)
        return pendulum.datetime(year, month, day, self.hour, minute, second, tz=zone)

    def __str__(self) -> str:
        text = year_text(self.year, self.unspecified_year_digits)
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
                if self.hour is not None:
                    text += f"T{self.hour:02d}:{self.minute or 0:02d}"
                    if self.second is not None:
                        text += f":{self.second:02d}"
                    if self.offset is not None:
                        text += offset_text(self.offset)
        text += "-XX" * self.unspecified_parts
        if self.uncertain:
            text += "%" if self.approximate else "?"
        elif self.approximate:
            text += "~"
        return text

    def __repr__(self) -> str:
        return f"Instant({str(self)!r})"


_INSTANT_SLOTS: Final = (
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
    "_bounds",
)
if tuple(field.name for field in attrs.fields(Instant)) != _INSTANT_SLOTS:  # pragma: no cover
    raise RuntimeError("Instant's fields changed: update Instant._trusted and _INSTANT_SLOTS")
(
    _set_year,
    _set_month,
    _set_day,
    _set_hour,
    _set_minute,
    _set_second,
    _set_offset,
    _set_uncertain,
    _set_approximate,
    _set_unspecified_year_digits,
    _set_unspecified_parts,
    _set_bounds,
) = (vars(Instant)[name].__set__ for name in _INSTANT_SLOTS)


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
                raise TimeValueError(f"the {name} is an Instant, so it cannot also be open")
        if start is None and end is None:
            raise TimeValueError("an interval needs a start or an end")
        if start is not None and end is not None and end.upper <= start.lower:
            raise TimeValueError(f"the interval ends ({end}) before it starts ({start})")
        self.__attrs_init__(start, end, open_start, open_end)

    @classmethod
    def _trusted(
        cls, start: Instant | None, end: Instant | None, open_start: bool, open_end: bool
    ) -> Interval:
        """Build an Interval from ends already known to make one: the parser's path."""
        interval: Interval = _new_object(cls)
        interval.__attrs_init__(start, end, open_start, open_end)
        return interval

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Parse an EDTF interval ``start/end``; raise TimeParseError if it is not one.

        >>> Interval.parse("2004-06-01/..").open_end
        True
        >>> from plotline.exceptions import TimeParseError
        >>> try:
        ...     Interval.parse("2005/2004")
        ... except TimeParseError as error:
        ...     print(error.hint)
        swap the ends: '2004/2005'
        """
        if not isinstance(text, str):
            raise TypeError(f"an interval must be given as str, not {type(text).__name__}")
        start, end, open_start, open_end = interval_fields(text)
        return cls._trusted(
            None if start is None else Instant._trusted(*start),
            None if end is None else Instant._trusted(*end),
            open_start,
            open_end,
        )

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
    return Instant._trusted(*instant_fields(text))


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
    return Instant._trusted(*python_fields(value))


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
