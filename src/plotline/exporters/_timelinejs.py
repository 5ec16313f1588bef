"""Knight Lab TimelineJS3 JSON: the release history and the dated events of a story.

The shape is TimelineJS's own (its documentation's "JSON format" page):
``{"title": slide, "events": [slide, …], "eras": [era, …]}``. A slide has a
``start_date`` ``{year, month, day, …}`` with only the fields its precision
states, an ``end_date`` for runs and intervals, ``text`` ``{headline, text}``
(HTML-escaped: TimelineJS reads HTML there), a ``group`` (one row per release
medium, one per plot thread for story events) and a ``unique_id``. Each work
with parts, and each series, season, serial, volume or part, whose releases
(its own and its parts') span more than one day becomes an era; TimelineJS
requires an era to have both dates and a headline.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from plotline._model import WorkKind
from plotline.exceptions import ExportError
from plotline.exporters._dates import (
    dated_events,
    dated_releases,
    first_day,
    last_day,
    release_edition,
    release_label,
    work_label,
)

if TYPE_CHECKING:
    import datetime as _dt

    from plotline._model import Story
    from plotline._time import Instant

__all__ = ["export_timelinejs", "timeline_data"]


def export_timelinejs(story: Story) -> str:
    """Return the story as TimelineJS3 JSON text."""
    return json.dumps(timeline_data(story), ensure_ascii=False, indent=2) + "\n"


def timeline_data(story: Story) -> dict[str, Any]:
    """Return the TimelineJS3 data object for ``story``."""
    events: list[dict[str, Any]] = []
    used: set[str] = set()
    for number, (release, dated) in enumerate(dated_releases(story), start=1):
        start = dated.start or dated.end
        if start is None:  # pragma: no cover - dated_releases never yields this
            continue
        label = release_label(story, release)
        where = ", ".join(x for x in (release.platform, release.region) if x)
        details = f"{release.kind.value} release{' on ' + where if where else ''}, {dated.text}"
        if release_edition(release):
            details += f"; {release_edition(release)}"
        if release.note:
            details += f". {release.note}"
        slide: dict[str, Any] = {
            "start_date": _date(start),
            "text": {"headline": html.escape(label), "text": html.escape(details)},
            "group": _lane(release.platform or release.kind.value, release.region),
            "unique_id": _unique(f"release-{number}-{release.work}", used),
        }
        if dated.start is not None and dated.end is not None and dated.end != dated.start:
            slide["end_date"] = _date(dated.end)
        events.append(slide)
    for event, dated in dated_events(story):
        start = dated.start or dated.end
        if start is None:  # pragma: no cover - dated_events never yields this
            continue
        told = f"Told in {work_label(story, event.told_in)}" if event.told_in else ""
        text = " ".join(x for x in (event.summary or "", told) if x)
        slide = {
            "start_date": _date(start),
            "text": {"headline": html.escape(event.label), "text": html.escape(text)},
            "group": _thread_lane(story, event.all_threads),
            "unique_id": _unique(f"event-{event.id}", used),
        }
        if dated.start is not None and dated.end is not None and dated.end != dated.start:
            slide["end_date"] = _date(dated.end)
        events.append(slide)
    if not events:
        raise ExportError(
            "nothing to put on a timeline: the story has no dated releases and no dated "
            "events; give releases a date or events a 'when'"
        )
    data: dict[str, Any] = {}
    title = story.title or "Story"
    data["title"] = {
        "text": {"headline": html.escape(title), "text": html.escape(story.summary or "")},
        "unique_id": _unique("title", used),
    }
    data["events"] = events
    eras = _eras(story)
    if eras:
        data["eras"] = eras
    data["scale"] = "human"
    return data


def _date(instant: Instant) -> dict[str, Any]:
    """Return a TimelineJS date object with the fields the instant states."""
    result: dict[str, Any] = {"year": instant.year}
    for name in ("month", "day", "hour", "minute", "second"):
        value = getattr(instant, name)
        if value is None:
            break
        result[name] = value
    if (
        instant.uncertain
        or instant.approximate
        or instant.unspecified_year_digits
        or instant.unspecified_parts
    ):
        result["display_date"] = str(instant)
    return result


def _day(day: _dt.date) -> dict[str, Any]:
    return {"year": day.year, "month": day.month, "day": day.day}


def _lane(name: str, region: str | None) -> str:
    return f"{name} ({region})" if region else name


def _thread_lane(story: Story, threads: tuple[str, ...]) -> str:
    if not threads:
        return "Story"
    thread = story.thread_index.get(threads[0])
    return thread.label if thread is not None else threads[0]


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


_CONTAINERS = frozenset(
    {WorkKind.SERIES, WorkKind.SEASON, WorkKind.SERIAL, WorkKind.VOLUME, WorkKind.PART}
)


def _eras(story: Story) -> list[dict[str, Any]]:
    """One era per season-like work (or work with parts) whose releases span more than a day."""
    parent_of = {work.id: work.parent for work in story.works}
    has_parts = {work.parent for work in story.works if work.parent is not None}
    bounds: dict[str, tuple[_dt.date, _dt.date]] = {}
    for release, dated in dated_releases(story):
        start, end = dated.start or dated.end, dated.end or dated.start
        if start is None or end is None:  # pragma: no cover - dated_releases never yields this
            continue
        first, last = first_day(start), last_day(end)
        if first is None or last is None:
            continue
        current: str | None = release.work
        seen: set[str] = set()
        while current is not None and current not in seen:
            seen.add(current)
            low, high = bounds.get(current, (first, last))
            bounds[current] = (min(low, first), max(high, last))
            current = parent_of.get(current)
    eras: list[dict[str, Any]] = []
    for work in story.works:
        if work.id not in bounds or (work.id not in has_parts and work.kind not in _CONTAINERS):
            continue
        first, last = bounds[work.id]
        if first == last:
            continue
        eras.append(
            {
                "start_date": _day(first),
                "end_date": _day(last),
                "text": {"headline": html.escape(work.title or work.id)},
            }
        )
    return eras
