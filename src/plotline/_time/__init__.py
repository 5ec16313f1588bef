"""Story time and release time: dates that know how precise they are.

Which clock uses which type
---------------------------
Story time (an event's ``when``) and release history (a release's ``date``,
``start`` and ``end``) both use plotline's own precision-aware
:class:`Instant` and :class:`Interval`, on one proleptic-Gregorian day axis.
A value is as precise as its source: a year is the whole year, not its
1 January, and deep time and negative years (``-0044``, ``Y-170000002``) work,
which no :mod:`datetime`-based type can do. Gaps between events are
:class:`Duration` values. pendulum is the bridge to real-world datetimes and
time zones: ``to_pendulum()`` converts a value (years 1 to 9999) and is the
only place pendulum is imported, on the first call, so ``import plotline``
does not load it.

Where each concept lives
------------------------
=========================================================  ===============================
concept                                                    module
=========================================================  ===============================
the day axis: leap years, month lengths, days from civil,  :mod:`plotline._time._calendar`
placing fields on the axis, writing years and dates
why a value is refused: messages and suggested fixes,      :mod:`plotline._time._diagnose`
the checks of the constructors
reading EDTF text and loader values into fields            :mod:`plotline._time._parse`
the types Instant, Interval, Precision and Relation,       :mod:`plotline._time._values`
their trusted constructors, relation, agrees, parse_time
Duration: ISO 8601 gaps and the bounds of their length     :mod:`plotline._time._duration`
story calendars (eras, months, leap rules), the values     :mod:`plotline._time._calendars`
written in them, entities' own clocks
the errors TimeParseError and TimeValueError               :mod:`plotline.exceptions`
=========================================================  ===============================

The modules import one another in that order (calendar, diagnose, parse, then
values and duration side by side, then calendars) and never back up.

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

Fields that make no value raise :class:`TimeValueError`, the base of
TimeParseError (both are ValueErrors and PlotlineErrors):

>>> try:
...     Instant(2021, 13)
... except TimeValueError as error:
...     print(error)
month must be from 1 to 12, not 13

Durations are ISO 8601 (``P3Y``, ``PT24M``, ``P1Y2M10DT2H30M``, ``P2W``) in
whole units; see :class:`Duration`. :func:`from_python` takes what YAML and
TOML loaders produce (``datetime.date``, ``datetime.datetime``, an ``int`` year).

Parsing is a hand-written regular-expression parser with its own day-count
arithmetic: no :mod:`datetime` or :mod:`pendulum` call is made until a value
is converted with ``to_pendulum()``.
"""

from __future__ import annotations

from plotline._time._calendar import MAX_YEAR, OPEN_LOWER, OPEN_UPPER
from plotline._time._calendars import (
    CalendarInstant,
    CalendarSystem,
    ClockSpan,
    Era,
    LeapRule,
    Month,
    MonthCalendar,
    active_calendars,
    gregorian,
    parse_story_time,
    using_calendars,
)
from plotline._time._duration import Duration
from plotline._time._values import (
    Instant,
    Interval,
    Precision,
    Relation,
    TimeValue,
    agrees,
    from_python,
    parse_time,
    relation,
    sort_key,
)
from plotline.exceptions import TimeParseError, TimeValueError

__all__ = [
    "MAX_YEAR",
    "OPEN_LOWER",
    "OPEN_UPPER",
    "CalendarInstant",
    "CalendarSystem",
    "ClockSpan",
    "Duration",
    "Era",
    "Instant",
    "Interval",
    "LeapRule",
    "Month",
    "MonthCalendar",
    "Precision",
    "Relation",
    "TimeParseError",
    "TimeValue",
    "TimeValueError",
    "active_calendars",
    "agrees",
    "from_python",
    "gregorian",
    "parse_story_time",
    "parse_time",
    "relation",
    "sort_key",
    "using_calendars",
]
