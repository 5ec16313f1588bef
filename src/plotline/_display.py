"""Times as a story shows them: as written, or in the story's display calendar.

Every time value writes itself as it was written (``2020-07``, ``32 BBY``). A
story may ask for one calendar to show every time in: ``[story] calendar =
"shire"``. :func:`time_text` writes a value in it as exactly as the value
allows: the whole unit when the value covers one (a Gregorian year in an era
whose epoch is a year is one era year), else the first and last day
(``1418-12-09 shire/1419-12-08 shire`` for a Gregorian year). An era shows
the years on the other side of its epoch in its counterpart, an era of the
story with the same epoch counting the other way (BBY and ABY). Values it
cannot write there (open intervals' missing ends, times of day, EDTF
qualifiers and ``X`` digits) keep their own writing.

>>> from plotline._model import Calendar, Story
>>> story = Story(
...     title="saga", calendar="bby",
...     calendars=[Calendar("bby", epoch="0000", direction=-1, suffix="BBY"),
...                Calendar("aby", epoch="0000", suffix="ABY")],
... )
>>> from plotline._time import parse_time
>>> time_text(story, parse_time("-0032")), time_text(story, parse_time("0003-05-04"))
('32 BBY', '3-05-04 ABY')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._time import CalendarInstant, Era, Instant, Interval, MonthCalendar
from plotline._time._calendar import DAY, days_before_year
from plotline._time._calendars import civil_from_days

if TYPE_CHECKING:
    from plotline._model import Story
    from plotline._time import CalendarSystem, TimeValue

__all__ = ["display_calendar", "time_text"]


def display_calendar(story: Story) -> CalendarSystem | None:
    """The calendar the story shows its times in, or None to show them as written."""
    if story.calendar is None:
        return None
    for calendar in story.calendars:
        if calendar.id == story.calendar:
            return calendar.system()
    return None


def time_text(story: Story, value: TimeValue | None) -> str:
    """Write ``value`` as the story shows it (``""`` for None)."""
    if value is None:
        return ""
    system = display_calendar(story)
    if system is None:
        return str(value)
    if isinstance(value, Interval):
        start = "" if value.start is None else _instant_text(story, system, value.start)
        end = "" if value.end is None else _instant_text(story, system, value.end)
        start = start or (".." if value.open_start else "")
        end = end or (".." if value.open_end else "")
        return f"{start}/{end}"
    return _instant_text(story, system, value)


def _instant_text(story: Story, system: CalendarSystem, value: Instant) -> str:
    if isinstance(value, CalendarInstant) and value.calendar == system.token:
        return str(value)
    if (
        value.hour is not None
        or value.uncertain
        or value.approximate
        or value.unspecified_year_digits
        or value.unspecified_parts
    ):
        return str(value)
    lower, upper = value.bounds
    first, last = lower // DAY, upper // DAY - 1
    if isinstance(system, MonthCalendar):
        return _month_text(system, first, last)
    if isinstance(system, Era):
        return _era_text(story, system, first, last) or str(value)
    return str(value)  # pragma: no cover - every system is an era or a month calendar


def _month_text(system: MonthCalendar, first: int, last: int) -> str:
    year, index, day = system.from_days(first)
    if first == system.to_days(year, 0, 1) and last + 1 == first + system.year_length(year):
        return f"{year} {system.id}"
    length = system.month_length(year, index)
    if day == 1 and last + 1 == first + length and length > 1:
        month = system.months[index]
        numbered = [i for i, m in enumerate(system.months) if not m.intercalary]
        number = month.name if month.intercalary else f"{numbered.index(index) + 1:02d}"
        return f"{year}-{number} {system.id}"
    if first == last:
        return system.date_text(first)
    return f"{system.date_text(first)}/{system.date_text(last)}"


def _era_text(story: Story, era: Era, first: int, last: int) -> str | None:
    if era.epoch_year is None:
        return None
    y1, m1, d1 = civil_from_days(first)
    y2, m2, d2 = civil_from_days(last)
    if (m1, d1, m2, d2) == (1, 1, 12, 31) and y1 == y2:
        return _era_year(story, era, y1, "")
    if y1 == y2 and m1 == m2 and d1 == 1 and civil_from_days(last + 1)[2] == 1:
        return _era_year(story, era, y1, f"-{m1:02d}")
    if first == last:
        return _era_year(story, era, y1, f"-{m1:02d}-{d1:02d}")
    start = _era_year(story, era, y1, f"-{m1:02d}-{d1:02d}")
    end = _era_year(story, era, y2, f"-{m2:02d}-{d2:02d}")
    if start is None or end is None:
        return None
    whole = days_before_year(y1) == first and days_before_year(y2 + 1) == last + 1
    if whole:
        return f"{_era_year(story, era, y1, '')}/{_era_year(story, era, y2, '')}"
    return f"{start}/{end}"


def _era_year(story: Story, era: Era, year: int, rest: str) -> str | None:
    """Gregorian ``year`` (and the month and day in ``rest``) in the era, or its counterpart."""
    assert era.epoch_year is not None
    number = (year - era.epoch_year) * era.direction
    if number >= 0:
        return f"{number}{rest} {era.token}"
    for calendar in story.calendars:
        other = calendar.system()
        if (
            isinstance(other, Era)
            and other.epoch_year == era.epoch_year
            and other.direction == -era.direction
        ):
            return f"{-number}{rest} {other.token}"
    return None
