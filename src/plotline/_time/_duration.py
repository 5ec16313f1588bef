"""Durations: ISO 8601 amounts of time in whole units, with the bounds of their length.

A gap between two events (a constraint's ``min_gap`` and ``max_gap``) is a
:class:`Duration`. Months and years have no fixed length, so a duration is as
honest as a date: it says how short and how long it can be.

>>> gap = Duration("P1M")
>>> gap.min_seconds // 86_400, gap.max_seconds // 86_400
(28, 31)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, overload

import attrs

from plotline._time._calendar import DAY
from plotline._time._diagnose import check_int
from plotline._time._parse import duration_fields

if TYPE_CHECKING:
    import pendulum

__all__ = ["Duration"]

_new_object: Final = object.__new__

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
            self.__attrs_init__(*duration_fields(text))
            return
        values = (years, months, weeks, days, hours, minutes, seconds)
        for (name, _), value in zip(_DURATION_UNITS, values, strict=True):
            check_int(name, value, 0, 10**15 - 1)
        self.__attrs_init__(*values)

    @classmethod
    def _trusted(  # noqa: PLR0917 -- the units in order, positional for speed
        cls, years: int, months: int, weeks: int, days: int, hours: int, minutes: int, seconds: int
    ) -> Duration:
        """Build a Duration from units already known to be valid: the parser's path."""
        duration: Duration = _new_object(cls)
        duration.__attrs_init__(years, months, weeks, days, hours, minutes, seconds)
        return duration

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse an ISO 8601 duration; raise TimeParseError if it is not one.

        >>> Duration.parse("P1Y2M10DT2H30M").months
        2
        """
        if not isinstance(text, str):
            raise TypeError(f"a duration must be given as str, not {type(text).__name__}")
        return cls._trusted(*duration_fields(text))

    @property
    def min_seconds(self) -> int:
        """The shortest the duration can be, in seconds (28-day months, 365-day years)."""
        days = self.years * 365 + self.months * 28 + self.weeks * 7 + self.days
        return days * DAY + self.hours * 3600 + self.minutes * 60 + self.seconds

    @property
    def max_seconds(self) -> int:
        """The longest the duration can be, in seconds (31-day months, 366-day years)."""
        days = self.years * 366 + self.months * 31 + self.weeks * 7 + self.days
        return days * DAY + self.hours * 3600 + self.minutes * 60 + self.seconds

    def to_pendulum(self) -> pendulum.Duration:
        """Convert to a ``pendulum.Duration`` with the same units (importing pendulum now).

        >>> Duration.parse("P2W").to_pendulum().in_days()
        14
        """
        import pendulum

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
