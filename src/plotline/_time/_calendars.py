"""Story calendars: eras (``32 BBY``) and month calendars (``3019-03-25 shire``) on the day axis.

A calendar is a way of *writing* a time, not a second clock: every value
written in one is placed on the same proleptic-Gregorian axis of
:mod:`plotline._time._calendar`, as precise as it is written (a year of an era
is that whole year), and remembers how it was written, so a dump gives
``"32 BBY"`` back. Two kinds of calendar:

* An :class:`Era` counts years from an ``epoch`` forwards (``direction = 1``)
  or backwards (``direction = -1``) and is written with its ``suffix``. Year
  ``n`` of an era whose epoch is a year covers the Gregorian year
  ``epoch + direction * n``, so ``0 BBY`` and ``0 ABY`` are the epoch year, and
  months and days may be given (``32-05-04 BBY``). When the epoch is a day,
  year ``n`` runs from the epoch's anniversary ``n`` years away to the next one,
  and only whole years can be written.
* A :class:`MonthCalendar` has named months of fixed lengths, days outside the
  months (``intercalary``: the Shire's Yule and Lithe days), a :class:`LeapRule`
  and an epoch: the day on the axis where its year 1 begins (years before 1 are
  counted back without end, with a year 0, as astronomers do). A value is a
  year, ``year-MM`` or ``year-MM-DD`` (numbered months skip intercalary ones) or
  a month's name: ``1419-Mid-year's Day``, ``1419-Rethe-25``.

>>> bby = Era("bby", suffix="BBY", epoch_year=0, direction=-1)
>>> value = bby.parse("32")
>>> str(value), value.precision.name, value.lower_date(), value.upper_date()
('32 BBY', 'YEAR', '-0032-01-01', '-0032-12-31')
>>> ady = MonthCalendar(
...     "ady", months=(Month("Frost", 30), Month("Thaw", 31), Month("Yearday", 1, True)),
...     leap=LeapRule(every=4, month="Thaw"), epoch_day=0,
... )
>>> ady.year_length(3), ady.year_length(4)
(62, 63)
>>> str(ady.parse("4-02-31")), ady.parse("4-Yearday").lower_date()
('4-02-31 ady', '0001-09-06')
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
import types
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Final, Protocol

import attrs

from plotline._time._calendar import DAY, days_before_year, days_from_civil, is_leap
from plotline._time._values import Instant, Interval, Precision, TimeValue, parse_time
from plotline.exceptions import TimeParseError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CalendarInstant",
    "CalendarSystem",
    "ClockSpan",
    "Era",
    "LeapRule",
    "Month",
    "MonthCalendar",
    "active_calendars",
    "civil_from_days",
    "gregorian",
    "parse_story_time",
    "using_calendars",
]


def civil_from_days(days: int) -> tuple[int, int, int]:
    """Return ``(year, month, day)`` of the day ``days`` after 0001-01-01 (H. Hinnant).

    >>> civil_from_days(0), civil_from_days(-1), civil_from_days(738_000)
    ((1, 1, 1), (0, 12, 31), (2021, 7, 30))
    """
    z = days + 306
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


# ---------------------------------------------------------------------------
# A value written in a calendar.


@attrs.frozen(slots=True, init=False)
class CalendarInstant(Instant):
    """An :class:`Instant` written in a story calendar: ``32 BBY``, ``3019-03-25 shire``.

    It is an Instant everywhere (ordering, relations, the solver); it keeps the
    text it was written as (``written``, without the calendar), the calendar's
    token (``calendar``: an era's suffix or a month calendar's id) and its own
    ``precision``, and its bounds are the calendar's span. The Gregorian fields
    it inherits hold the first day it covers. Build one with a calendar's
    ``parse``, never directly.
    """

    written: str = ""
    calendar: str = ""
    calendar_precision: Precision = Precision.YEAR

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a CalendarInstant is made by a calendar: use calendar.parse('32')")

    @classmethod
    def _make(
        cls, written: str, calendar: str, precision: Precision, lower_day: int, upper_day: int
    ) -> CalendarInstant:
        year, month, day = civil_from_days(lower_day)
        value = cls._trusted(year, month, day, None, None, None, None, False, False, 0, 0)
        assert isinstance(value, CalendarInstant)
        setattr_ = object.__setattr__
        setattr_(value, "written", written)
        setattr_(value, "calendar", calendar)
        setattr_(value, "calendar_precision", precision)
        setattr_(value, "_bounds", (lower_day * DAY, upper_day * DAY))
        return value

    @property
    def precision(self) -> Precision:
        """The unit the value is written in, in its own calendar."""
        return self.calendar_precision

    def _first_and_last_day(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        lower, upper = self.bounds
        return civil_from_days(lower // DAY), civil_from_days(upper // DAY - 1)

    def __str__(self) -> str:
        return f"{self.written} {self.calendar}"

    def __repr__(self) -> str:
        return f"CalendarInstant({str(self)!r})"


def _year_text(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def gregorian(value: Instant | Interval) -> Instant | Interval:
    """A value written in a story calendar as the Gregorian days it covers (others as they are).

    For tools that know only the Gregorian calendar: a whole year stays a
    year, a whole month a month, one day a day, any other span the interval
    of its first and last day.

    >>> era = Era("bby", suffix="BBY", epoch_year=0, direction=-1)
    >>> gregorian(era.parse("32"))
    Instant('-0032')
    """
    if isinstance(value, Interval):
        start = None if value.start is None else gregorian(value.start)
        end = None if value.end is None else gregorian(value.end)
        if isinstance(start, Interval):
            start = start.start
        if isinstance(end, Interval):
            end = end.end
        if start is value.start and end is value.end:
            return value
        return Interval(start=start, end=end)
    if not isinstance(value, CalendarInstant):
        return value
    (y1, m1, d1), (y2, m2, d2) = value._first_and_last_day()
    first = f"{_year_text(y1)}-{m1:02d}-{d1:02d}"
    if (y1, m1, d1) == (y2, m2, d2):
        return parse_time(first)
    if y1 == y2 and (m1, d1, m2, d2) == (1, 1, 12, 31):
        return parse_time(_year_text(y1))
    if y1 == y2 and m1 == m2 and d1 == 1 and civil_from_days(value.bounds[1] // DAY)[2] == 1:
        return parse_time(f"{_year_text(y1)}-{m1:02d}")
    last = parse_time(f"{_year_text(y2)}-{m2:02d}-{d2:02d}")
    start = parse_time(first)
    assert isinstance(start, Instant)
    assert isinstance(last, Instant)
    return Interval(start=start, end=last)


# ---------------------------------------------------------------------------
# Calendar systems.


class CalendarSystem(Protocol):
    """What a story calendar does: read a value written in it (without its token)."""

    @property
    def token(self) -> str:
        """The word written after a value in this calendar (``BBY``, ``shire``)."""
        ...

    def parse(self, text: str) -> CalendarInstant:
        """Read ``text`` (``"32"``, ``"3019-03-25"``) as a value of this calendar."""
        ...


def _refuse(text: str, why: str, hint: str | None = None) -> TimeParseError:
    return TimeParseError(f"{text!r} is not a date: {why}", text, hint)


_ERA_VALUE: Final = re.compile(r"([0-9]{1,9})(?:-([0-9]{2})(?:-([0-9]{2}))?)?").fullmatch


@attrs.frozen(slots=True)
class Era:
    """Years counted from an epoch, forwards or backwards: ``32 BBY``, ``4 ABY``, ``1 BC``.

    ``epoch_year`` (a year whose 1 January starts the count) or ``epoch_day``
    (a day on the axis, days after 0001-01-01) is where year 0 begins.
    """

    id: str
    suffix: str | None = None
    epoch_year: int | None = None
    epoch_day: int | None = None
    direction: int = 1
    title: str | None = None

    @property
    def token(self) -> str:
        """The era's suffix (its id when it has none)."""
        return self.suffix or self.id

    def _anniversary(self, years: int) -> int:
        """The day ``years`` after (or before) a day epoch, 29 February kept to the 28th."""
        assert self.epoch_day is not None
        year, month, day = civil_from_days(self.epoch_day)
        target = year + years
        if month == 2 and day == 29 and not is_leap(target):
            day = 28
        return days_from_civil(target, month, day)

    def parse(self, text: str) -> CalendarInstant:
        """Read ``"32"`` (a year) or, when the epoch is a year, ``"32-05-04"``."""
        full = f"{text} {self.token}"
        match = _ERA_VALUE(text)
        if match is None:
            raise _refuse(
                full,
                f"a year of the {self.title or self.token} era is written as a number",
                f"write it like '32 {self.token}'",
            )
        years, mo, d = match.groups()
        number = int(years)
        if self.epoch_year is None:
            if mo is not None:
                raise _refuse(
                    full,
                    f"the {self.title or self.token} era starts on a day, so its years have "
                    "no months",
                    f"write the year alone: '{number} {self.token}'",
                )
            first = number * self.direction
            return CalendarInstant._make(
                str(number),
                self.token,
                Precision.YEAR,
                self._anniversary(first),
                self._anniversary(first + 1),
            )
        year = self.epoch_year + self.direction * number
        if mo is None:
            return CalendarInstant._make(
                str(number),
                self.token,
                Precision.YEAR,
                days_before_year(year),
                days_before_year(year + 1),
            )
        try:
            if d is None:
                instant = Instant(year, int(mo))
                precision = Precision.MONTH
            else:
                instant = Instant(year, int(mo), int(d))
                precision = Precision.DAY
        except ValueError as error:
            raise _refuse(full, str(error)) from None
        lower, upper = instant.bounds
        return CalendarInstant._make(text, self.token, precision, lower // DAY, upper // DAY)


@attrs.frozen(slots=True)
class Month:
    """One month of a :class:`MonthCalendar`: its name and length (in common years).

    An ``intercalary`` month is a day (or days) outside the numbered months,
    written by name: the Shire's ``2 Yule`` or ``Mid-year's Day``.
    """

    name: str
    days: int
    intercalary: bool = False


@attrs.frozen(slots=True)
class LeapRule:
    """Which years are leap years and what they add.

    A year is leap when it is a multiple of ``every``, unless it is a multiple
    of ``except_every``, though still leap when a multiple of ``unless_every``
    (the Gregorian rule is 4, 100, 400; the Shire's 4 and 100). A leap year adds
    ``days`` to ``month`` (by name; the last numbered month when not given).
    """

    every: int
    except_every: int | None = None
    unless_every: int | None = None
    month: str | None = None
    days: int = 1

    def is_leap(self, year: int) -> bool:
        """Whether ``year`` is a leap year under this rule."""
        if year % self.every:
            return False
        if self.except_every and year % self.except_every == 0:
            return bool(self.unless_every) and year % self.unless_every == 0  # type: ignore[operator]
        return True

    def __attrs_post_init__(self) -> None:
        for name in ("every", "except_every", "unless_every", "days"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or value < 1):
                raise ValueError(f"a leap rule's {name} is a whole number, 1 or more, not {value}")

    def leaps_through(self, year: int) -> int:
        """Leap years from 1 to ``year`` (for ``year < 1``: minus those from ``year + 1`` to 0).

        Counted by inclusion and exclusion, so the three numbers need not divide
        one another: multiples of ``every``, less those of ``except_every`` among
        them, plus those of ``unless_every`` among the excepted.
        """
        count = year // self.every
        if self.except_every:
            excepted = math.lcm(self.every, self.except_every)
            count -= year // excepted
            if self.unless_every:
                count += year // math.lcm(excepted, self.unless_every)
        return count


@attrs.frozen(slots=True)
class MonthCalendar:
    """A year of named months, a leap rule and an epoch (the axis day its year 1 begins)."""

    id: str
    months: tuple[Month, ...]
    leap: LeapRule | None = None
    epoch_day: int = 0
    title: str | None = None
    _leap_month: int = attrs.field(init=False, eq=False, repr=False)
    _numbered: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        names = [month.name.casefold() for month in self.months]
        numbered = tuple(i for i, month in enumerate(self.months) if not month.intercalary)
        if not numbered:
            raise ValueError(
                f"calendar {self.id!r}: give at least one month that is not intercalary"
            )
        leap_month = numbered[-1]
        if self.leap is not None and self.leap.month is not None:
            wanted = self.leap.month.casefold()
            if wanted not in names:
                suggestion = did_you_mean(self.leap.month, [m.name for m in self.months])
                also = f" (did you mean {suggestion!r}?)" if suggestion else ""
                raise ValueError(
                    f"calendar {self.id!r}: the leap rule's month {self.leap.month!r} is not "
                    f"one of its months{also}"
                )
            leap_month = names.index(wanted)
        object.__setattr__(self, "_leap_month", leap_month)
        object.__setattr__(self, "_numbered", numbered)
        if self.common_length() + (self.leap.days if self.leap else 0) <= 0:
            raise ValueError(f"calendar {self.id!r}: a year needs at least one day")

    @property
    def token(self) -> str:
        """The calendar's id, written after its values."""
        return self.id

    def common_length(self) -> int:
        """Days in a common (not leap) year."""
        return sum(month.days for month in self.months)

    def is_leap(self, year: int) -> bool:
        """Whether ``year`` of this calendar is a leap year."""
        return self.leap is not None and self.leap.is_leap(year)

    def year_length(self, year: int) -> int:
        """Days in ``year``."""
        extra = self.leap.days if self.leap is not None and self.leap.is_leap(year) else 0
        return self.common_length() + extra

    def month_length(self, year: int, index: int) -> int:
        """Days in the month at ``index`` (0-based, intercalary ones counted) of ``year``."""
        days = self.months[index].days
        if index == self._leap_month and self.is_leap(year):
            days += self.leap.days  # type: ignore[union-attr]
        return days

    def days_before_year(self, year: int) -> int:
        """Days from the epoch (year 1's first day) to the first day of ``year``."""
        days = (year - 1) * self.common_length()
        if self.leap is not None:
            days += self.leap.leaps_through(year - 1) * self.leap.days
        return days

    def to_days(self, year: int, index: int, day: int) -> int:
        """The axis day of ``day`` (1-based) of the month at ``index`` of ``year``."""
        start = self.epoch_day + self.days_before_year(year)
        start += sum(self.month_length(year, i) for i in range(index))
        return start + day - 1

    def from_days(self, days: int) -> tuple[int, int, int]:
        """``(year, month index, day)`` of an axis day: the inverse of :meth:`to_days`."""
        offset = days - self.epoch_day
        mean = self.common_length() + (
            self.leap.days / self.leap.every if self.leap is not None else 0
        )
        year = int(offset // mean) + 1
        while self.days_before_year(year) > offset:
            year -= 1
        while self.days_before_year(year + 1) <= offset:
            year += 1
        rest = offset - self.days_before_year(year)
        for index in range(len(self.months)):
            length = self.month_length(year, index)
            if rest < length:
                return year, index, rest + 1
            rest -= length
        raise AssertionError("a day past the end of its year")  # pragma: no cover

    def _month_index(self, full: str, part: str) -> int:
        if part.isdigit():
            number = int(part)
            if not 1 <= number <= len(self._numbered):
                raise _refuse(
                    full,
                    f"the {self.title or self.id} has months 01 to {len(self._numbered):02d}",
                    "intercalary days are written by name",
                )
            return self._numbered[number - 1]
        names = [month.name.casefold() for month in self.months]
        if part.casefold() in names:
            return names.index(part.casefold())
        suggestion = did_you_mean(part, [month.name for month in self.months])
        also = f" (did you mean {suggestion!r}?)" if suggestion else ""
        raise _refuse(full, f"the {self.title or self.id} has no month {part!r}{also}")

    def parse(self, text: str) -> CalendarInstant:
        """Read ``year``, ``year-MM``, ``year-MM-DD`` or ``year-Name`` / ``year-Name-DD``."""
        full = f"{text} {self.id}"
        match = re.fullmatch(r"(-?[0-9]{1,9})(?:-(.+))?", text)
        if match is None:
            raise _refuse(full, "a year comes first", f"write it like '1419-03-25 {self.id}'")
        year = int(match.group(1))
        rest = match.group(2)
        if rest is None:
            start = self.epoch_day + self.days_before_year(year)
            return CalendarInstant._make(
                text, self.id, Precision.YEAR, start, start + self.year_length(year)
            )
        day_text = None
        names = {month.name.casefold() for month in self.months}
        if rest.casefold() not in names and "-" in rest:
            head, _, tail = rest.rpartition("-")
            if tail.isdigit():
                rest, day_text = head, tail
        index = self._month_index(full, rest)
        length = self.month_length(year, index)
        name = self.months[index].name
        if day_text is None:
            if length == 0:
                raise _refuse(full, f"{name} is only in leap years, and {year} is not one")
            start = self.to_days(year, index, 1)
            precision = (
                Precision.DAY
                if self.months[index].intercalary and length == 1
                else (Precision.MONTH)
            )
            return CalendarInstant._make(text, self.id, precision, start, start + length)
        day = int(day_text)
        if not 1 <= day <= length:
            whose = f"the {self.title or self.id}'s {name}"
            why = (
                f"{whose} has {length} days in {year}"
                if self.leap is not None and index == self._leap_month
                else f"{whose} has {length} days"
            )
            raise _refuse(full, why, f"use a day from 01 to {length:02d}")
        start = self.to_days(year, index, day)
        return CalendarInstant._make(text, self.id, Precision.DAY, start, start + 1)

    def date_text(self, days: int) -> str:
        """Write an axis day in this calendar (``1419-03-25 shire``)."""
        year, index, day = self.from_days(days)
        month = self.months[index]
        if month.intercalary:
            part = month.name if self.month_length(year, index) == 1 else f"{month.name}-{day:02d}"
            return f"{year}-{part} {self.id}"
        return f"{year}-{self._numbered.index(index) + 1:02d}-{day:02d} {self.id}"


@attrs.frozen(slots=True)
class ClockSpan:
    """A stretch of an entity's own clock: from event ``since`` to event ``until``, at ``rate``.

    ``rate`` is how many seconds the entity lives through per second of story
    time: 0 for stone or stasis, 0.5 for a slowed clock, 2 for a hastened one.
    The stretch runs from the start of ``since`` to the start of ``until``
    (to the end of time without it). Ages count experienced time.
    """

    since: str
    until: str | None = None
    rate: float = 0.0

    def __attrs_post_init__(self) -> None:
        if isinstance(self.rate, bool) or not isinstance(self.rate, int | float):
            raise TypeError(f"a clock's rate is a number, not {type(self.rate).__name__}")
        if not 0 <= self.rate < float("inf"):
            raise ValueError(f"a clock's rate is 0 or more, not {self.rate}")


# ---------------------------------------------------------------------------
# Reading story times with the calendars in force.

_NONE: Final[Mapping[str, CalendarSystem]] = types.MappingProxyType({})
_ACTIVE: Final[contextvars.ContextVar[Mapping[str, CalendarSystem]]] = contextvars.ContextVar(
    "plotline_calendars", default=_NONE
)


def active_calendars() -> Mapping[str, CalendarSystem]:
    """The calendars that story times are read with here, by token."""
    return _ACTIVE.get()


class _Reckoned(Protocol):
    """A calendar record: something with a calendar system (``plotline.Calendar``)."""

    def system(self) -> CalendarSystem:
        """The calendar's arithmetic."""
        ...


@contextlib.contextmanager
def using_calendars(calendars: Iterable[CalendarSystem | _Reckoned]) -> Iterator[None]:
    """Read story times with these calendars inside the ``with`` block (as a loader does).

    ``calendars`` are calendar records (``story.calendars``) or their systems.

    >>> from plotline._time import parse_time
    >>> with using_calendars([Era("bby", suffix="BBY", epoch_year=0, direction=-1)]):
    ...     parse_story_time("32 BBY/19 BBY")
    Interval('32 BBY/19 BBY')
    """
    table = dict(_ACTIVE.get())
    for given in calendars:
        calendar = given.system() if hasattr(given, "system") else given
        table[calendar.token] = calendar
        if isinstance(calendar, Era):
            table.setdefault(calendar.id, calendar)
    reset = _ACTIVE.set(table)
    try:
        yield
    finally:
        _ACTIVE.reset(reset)


_LOOKS_DATED: Final = re.compile(r"-?[0-9]").match
"""A value that starts like a year, so the word after it must be a calendar's."""


def _calendar_instant(text: str, calendars: Mapping[str, CalendarSystem]) -> CalendarInstant | None:
    value, _, token = text.strip().rpartition(" ")
    value = value.strip()
    calendar = calendars.get(token)
    if calendar is None and not _LOOKS_DATED(value):
        return None  # not written in a calendar at all: EDTF says why
    if calendar is None:
        suggestion = did_you_mean(token, list(calendars))
        if suggestion is not None:
            raise TimeParseError(
                f"{text!r} is not a time: no calendar {token!r} (did you mean {suggestion!r}?)",
                text,
                f"write it like '{value} {suggestion}'",
            )
        known = ", ".join(calendars) or "none"
        raise TimeParseError(
            f"{text!r} is not a time: no calendar {token!r}",
            text,
            f"define it in [[calendars]] (known: {known})",
        )
    return calendar.parse(value)


def parse_story_time(text: str, calendars: Mapping[str, CalendarSystem] | None = None) -> TimeValue:
    """Parse a time that may be written in a story calendar (``32 BBY``, ``32 BBY/19 BBY``).

    ``calendars`` maps tokens to calendars; without it, the calendars of
    :func:`using_calendars` are used. Text without a calendar is EDTF, read by
    :func:`~plotline._time.parse_time`.
    """
    if " " not in text:
        return parse_time(text)
    table = _ACTIVE.get() if calendars is None else calendars
    if "/" in text:
        first, _, second = text.partition("/")
        ends: list[Instant | None] = []
        for part in (first, second):
            if part.strip() in ("", ".."):
                ends.append(None)
            else:
                written = part.strip()
                found = _calendar_instant(written, table) if " " in written else None
                ends.append(Instant.parse(written) if found is None else found)
        start, end = ends
        if start is not None and end is not None and end.upper <= start.lower:
            raise TimeParseError(
                f"{text!r} is not an interval: it ends before it starts",
                text,
                f"swap the ends: '{second.strip()}/{first.strip()}'",
            )
        return Interval(
            start, end, open_start=first.strip() == "..", open_end=second.strip() == ".."
        )
    found = _calendar_instant(text, table)
    if found is None:
        return parse_time(text)
    return found
