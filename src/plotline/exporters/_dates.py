"""The dated things of a story, as the exporters see them: releases and dated events."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

import attrs

from plotline._time import Instant, Interval

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._model import Event, Release, Story, Work
    from plotline._time import TimeValue

__all__ = [
    "Dated",
    "dated_events",
    "dated_releases",
    "first_day",
    "last_day",
    "release_edition",
    "release_label",
    "work_label",
]


@attrs.frozen(slots=True)
class Dated:
    """A span of time with the instants that bound it (either may be missing, not both)."""

    start: Instant | None
    end: Instant | None

    @property
    def text(self) -> str:
        """The span as plotline writes it: ``2020-07-02`` or ``2020-07-02/2020-12-10``."""
        if self.end is None or self.end == self.start:
            return str(self.start) if self.start is not None else f"/{self.end}"
        return f"{self.start or ''}/{self.end}"


def span(value: TimeValue | None) -> Dated | None:
    """Return the bounds of a time value, or None when it has neither."""
    if value is None:
        return None
    if isinstance(value, Interval):
        if value.start is None and value.end is None:
            return None
        return Dated(value.start, value.end)
    return Dated(value, None)


def release_span(release: Release) -> Dated | None:
    """Return when a release happened: its ``date``, or its run from ``start`` to ``end``."""
    if release.date is not None:
        return span(release.date)
    if release.start is None and release.end is None:
        return None
    return Dated(release.start, release.end)


def dated_releases(story: Story) -> Iterator[tuple[Release, Dated]]:
    """Yield each release that has a date, in file order."""
    for release in story.releases:
        dated = release_span(release)
        if dated is not None:
            yield release, dated


def dated_events(story: Story) -> Iterator[tuple[Event, Dated]]:
    """Yield each event with a story-time date, in file order."""
    for event in story.events:
        dated = span(event.when)
        if dated is not None:
            yield event, dated


def first_day(instant: Instant) -> _dt.date | None:
    """Return the first day an instant covers, or None outside the years 1 to 9999."""
    return _to_date(instant.lower_date())


def last_day(instant: Instant) -> _dt.date | None:
    """Return the last day an instant covers, or None outside the years 1 to 9999."""
    return _to_date(instant.upper_date())


def _to_date(text: str) -> _dt.date | None:
    if text.startswith("-"):
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def work_label(story: Story, work_id: str | None) -> str:
    """Return how to name a work for people: its title, else its id (``?`` for none)."""
    if work_id is None:
        return "?"
    work: Work | None = story.work_index.get(work_id)
    if work is not None and work.title:
        return work.title
    return work_id


def release_label(story: Story, release: Release) -> str:
    """Return how to name a release: its own title, else its work's (``?`` for none).

    A release that is not ``released`` says so: ``Season 3 [cancelled]``.
    """
    label = release.title or work_label(story, release.work)
    status = release.status.value
    return label if status == "released" else f"{label} [{status}]"


def release_edition(release: Release) -> str:
    """Return the edition and publisher of a release as a phrase, or ``""``.

    >>> from plotline._model import Release
    >>> release_edition(Release("ps", "print", edition="first", publisher="Bloomsbury"))
    'first edition, Bloomsbury'
    """
    edition = release.edition
    if edition and "edition" not in edition.lower():
        edition = f"{edition} edition"
    return ", ".join(x for x in (edition, release.publisher) if x)
