"""The ``[[calendars]]`` record: a story's own way of writing dates, as a file gives it.

A :class:`Calendar` is either an *era* (``epoch``, ``direction``, ``suffix``:
``32 BBY``) or a *month calendar* (``months``, ``leap``, ``epoch``:
``1419-03-25 shire``). The record holds the fields as written; its
:meth:`Calendar.system` is the arithmetic of :mod:`plotline._time._calendars`.

>>> bby = Calendar("bby", epoch="0000", direction=-1, suffix="BBY")
>>> bby.parse("32 BBY"), bby.parse("19")
(CalendarInstant('32 BBY'), CalendarInstant('19 BBY'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from plotline._records import (
    Origin,
    TimeValue,
    _id_valid,
    _ids,
    _ids_valid,
    _instant,
    _meta_field,
    _opt_id_valid,
    _origin_field,
)
from plotline._time import (
    CalendarInstant,
    CalendarSystem,
    Era,
    Instant,
    LeapRule,
    Month,
    MonthCalendar,
    Precision,
    parse_story_time,
)
from plotline._time._calendar import DAY

__all__ = ["Calendar"]


def _epoch(value: Instant | str | int | None) -> Instant | None:
    return _instant(value, "epoch")


def _months(value: Iterable[Month | Mapping[str, Any]] | None) -> tuple[Month, ...]:
    if value is None:
        return ()
    return tuple(month if isinstance(month, Month) else Month(**month) for month in value)


def _leap(value: LeapRule | Mapping[str, Any] | None) -> LeapRule | None:
    if value is None or isinstance(value, LeapRule):
        return value
    return LeapRule(**value)


def _direction(_inst: object, _attribute: attrs.Attribute[Any], value: int) -> None:
    if value not in (-1, 1):
        raise ValueError(f"direction is 1 (years count up) or -1 (they count down), not {value}")


@attrs.frozen(slots=True)
class Calendar:
    """A story calendar: an era (``32 BBY``) or a year of named months (``1419-03-25 shire``).

    An era has ``epoch`` (a year, or a day, where its year 0 begins),
    ``direction`` (1: years count up from the epoch, -1: down) and ``suffix``
    (written after its values; the id when not given). A month calendar has
    ``months`` (named, with lengths; ``intercalary`` ones are days outside the
    numbered months), an optional ``leap`` rule and ``epoch``: the day its year 1
    begins (0001-01-01 when not given).
    """

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    epoch: Instant | None = attrs.field(default=None, converter=_epoch)
    direction: int = attrs.field(default=1, validator=_direction)
    suffix: str | None = attrs.field(default=None, validator=_opt_id_valid)
    months: tuple[Month, ...] = attrs.field(default=(), converter=_months)
    leap: LeapRule | None = attrs.field(default=None, converter=_leap)
    summary: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
    origin: Origin | None = _origin_field()

    def __attrs_post_init__(self) -> None:
        self.system()  # refuse a calendar that cannot be reckoned, when it is made

    @property
    def label(self) -> str:
        """The title to show: ``title`` if given, else the id."""
        return self.title or self.id

    @property
    def token(self) -> str:
        """The word written after this calendar's values: an era's suffix, else the id."""
        return self.suffix if self.suffix is not None and not self.months else self.id

    def system(self) -> CalendarSystem:
        """The calendar's arithmetic: an :class:`Era` or a :class:`MonthCalendar`."""
        epoch = self.epoch
        if self.months:
            if self.suffix is not None or self.direction != 1:
                raise ValueError(
                    f"calendar {self.id!r} has months, so it takes no suffix or direction "
                    "(those are an era's)"
                )
            day = 0
            if epoch is not None:
                if epoch.precision not in (Precision.YEAR, Precision.DAY):
                    raise ValueError(
                        f"calendar {self.id!r}: the epoch is the day its year 1 begins, "
                        f"not the month {epoch}"
                    )
                day = epoch.lower // DAY
            return MonthCalendar(self.id, self.months, self.leap, day, self.title)
        if self.leap is not None:
            raise ValueError(f"calendar {self.id!r} has a leap rule but no months")
        if epoch is None:
            raise ValueError(
                f"calendar {self.id!r} needs an epoch (an era: where its year 0 begins) "
                "or months (a month calendar)"
            )
        if epoch.precision is Precision.YEAR and not isinstance(epoch, CalendarInstant):
            return Era(self.id, self.suffix, epoch.year, None, self.direction, self.title)
        if epoch.precision is not Precision.DAY:
            raise ValueError(
                f"calendar {self.id!r}: an era's epoch is a year or a day, not {epoch}"
            )
        return Era(self.id, self.suffix, None, epoch.lower // DAY, self.direction, self.title)

    def parse(self, text: str) -> TimeValue:
        """Read a value of this calendar, with or without its token: ``"32 BBY"`` or ``"32"``."""
        system = self.system()
        token = system.token
        if not text.rstrip().endswith(f" {token}"):
            text = f"{text} {token}" if "/" not in text else text
        return parse_story_time(text, {token: system})
