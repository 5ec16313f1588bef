"""A Markwhen timeline (``.mw``) of the story: dated events in groups, and the releases.

The file opens with a front-matter header holding the story's title and
summary. Dated events follow, one group per thread (``group_by="thread"``,
the event under its first thread) or per entity (``group_by="entity"``,
under its first participant), ungrouped events first; the releases close the
file in a ``Releases`` group. Each event line carries its date at the
precision plotline knows (EDTF ``2016-04``, ``1964/2008``), a range ending
in an amount for an event with a duration (``2020-07-02/24 minutes``), its
threads and its mode as tags (``#fire #flashback``); the lines below it are
Markwhen *properties* (``id:``, ``told_in:``, ``participants:``…) that bring
every field back when the file is imported, then the summary.

Markwhen cannot write every plotline time: an uncertain or approximate value
(``2016?``), unspecified digits (``201X``), a time with a UTC offset, or a
range with an open end is written as the days it covers, with the exact
value in a ``when:`` property; a value before the year 1 cannot be drawn and
the event is listed in a closing comment instead. Undated events are listed
in that comment too: Markwhen has no place for an event without a date.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from plotline._io._dump import fields_beyond, record_data
from plotline._model import Mode, Role
from plotline._time import Instant, Interval
from plotline.exceptions import ExportError
from plotline.exporters._dates import work_label
from plotline.importers._markwhen_syntax import (
    EVENT_FIELDS,
    EVENT_LINE,
    MODE_TAGS,
    RELEASES_GROUP,
    amount_text,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._model import Event, Release, Story
    from plotline._time import TimeValue

__all__ = ["GROUP_BY", "export_markwhen"]

GROUP_BY = ("thread", "entity")
"""How ``export_markwhen`` groups events: under their first thread or first participant."""

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TAG_WORD = re.compile(r"\w[\w-]*")
_PLAIN = re.compile(r"[\w.+-](?:[\w .+:?~%-]*[\w.+?~%-])?")
_PLAIN_ITEM = re.compile(r"[\w.+-](?:[\w .+:-]*[\w.+-])?")
_INDENT = "  "


def export_markwhen(story: Story, *, group_by: str = "thread") -> str:
    """Return the story as a Markwhen timeline; ``group_by`` is one of :data:`GROUP_BY`."""
    if group_by not in GROUP_BY:
        msg = f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}"
        raise ExportError(msg)
    lines = ["---", f"title: {_value(story.title or 'Story')}"]
    if story.summary:
        lines.append(f"description: {_value(' '.join(story.summary.split()))}")
    if story.calendars:  # so that times written in them read back
        calendars = {c.id: record_data(c) for c in story.calendars}  # one JSON table
        lines.append(f"calendars: {_json(calendars)}")
    if story.calendar is not None:
        lines.append(f"calendar: {_value(story.calendar)}")
    lines += ["---", ""]
    left_out: list[str] = []
    groups: dict[str, list[tuple[int, Event, str]]] = {}
    loose: list[tuple[int, Event, str]] = []
    for position, event in enumerate(story.events, start=1):
        date = _date_text(event.when) if event.when is not None else None
        if date is None:
            left_out.append(event.id)
            continue
        key = _group_key(event, group_by)
        (groups.setdefault(key, []) if key is not None else loose).append((position, event, date))
    keys = _group_order(story, groups, group_by)
    # Events without an ``order`` are told in file order: say it if grouping moved them.
    told = [p for p, e, _ in (*loose, *(x for k in keys for x in groups[k])) if _unordered(e)]
    moved = told != sorted(told)
    for position, event, date in loose:
        lines += _event_lines(event, date, position if moved else None, "")
    for key in keys:
        title, prop = _group_title(story, key, group_by)
        lines += [f"group {title}", f"{_INDENT}{prop}: {_value(key)}", ""]
        for position, event, date in groups[key]:
            lines += _event_lines(event, date, position if moved else None, _INDENT)
        lines += ["endGroup", ""]
    lines += _release_lines(story, left_out)
    if left_out:
        lines.append(f"// not on this timeline (no date Markwhen can draw): {', '.join(left_out)}")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _unordered(event: Event) -> bool:
    return event.told_in is not None and event.order is None


def _group_key(event: Event, group_by: str) -> str | None:
    if group_by == "thread":
        return event.threads[0] if event.threads else None
    return next(iter(event.participants), None)


def _group_order(story: Story, groups: dict[str, Any], group_by: str) -> list[str]:
    declared = [t.id for t in story.threads] if group_by == "thread" else story.entity_index
    first = [key for key in declared if key in groups]
    return first + [key for key in groups if key not in first]


def _group_title(story: Story, key: str, group_by: str) -> tuple[str, str]:
    if group_by == "thread":
        thread = story.thread_index.get(key)
        return _line_text(thread.label if thread is not None else key), "thread"
    entity = story.entity_index.get(key)
    return _line_text(entity.label if entity is not None else key), "entity"


def _event_lines(event: Event, date: str, position: int | None, indent: str) -> list[str]:
    """The lines of one event: date and title with tags, properties, summary."""
    props: dict[str, Any] = {"id": event.id}
    title = event.title or ""
    shown = _line_text(title)
    if shown != title:
        props["title"] = title
    tags = [t for t in event.threads if _TAG_WORD.fullmatch(t) and t not in MODE_TAGS]
    if tags != list(event.threads):
        props["threads"] = list(event.threads)
    if event.mode is not Mode.PRESENT:
        tags.append(event.mode.value)
    if event.when is not None and str(event.when) != date:
        props["when"] = str(event.when)
    amount = amount_text(event.duration) if event.duration is not None else None
    if amount is not None and "when" not in props and not isinstance(event.when, Interval):
        date = f"{date}/{amount}"
    elif event.duration is not None:
        props["duration"] = str(event.duration)
    if event.told_in is not None:
        props["told_in"] = event.told_in
    if event.order is not None:
        props["order"] = str(event.order)
    elif event.told_in is not None and position is not None:
        props["file_order"] = str(position)
    if event.mode is not Mode.PRESENT:
        props["mode"] = event.mode.value
    if event.participants:
        props["participants"] = [
            entity if role is Role.PRESENT else f"{entity}:{role.value}"
            for entity, role in event.participants.items()
        ]
    if event.location is not None:
        props["location"] = event.location
    for name in ("opens", "resolves", "sources", "allow"):
        items = getattr(event, name)
        if items:
            props[name] = list(items)
    summary = event.summary or ""
    if summary and not _safe_description(summary):
        props["summary"] = summary
        summary = ""
    if event.meta:
        props["meta"] = dict(event.meta)
    # Fields with no Markwhen word (ages, learns, holds) go as plotline writes them.
    props.update(fields_beyond(event, EVENT_FIELDS))
    head = " ".join(x for x in (shown, *(f"#{t}" for t in tags)) if x)
    lines = [f"{indent}{date}: {head}".rstrip()]
    lines += [f"{indent}{_INDENT}{key}: {_value(value)}" for key, value in props.items()]
    if summary:
        lines.append("")
        lines += [f"{indent}{_INDENT}{text}".rstrip() for text in summary.splitlines()]
    lines.append("")
    return lines


def _release_lines(story: Story, left_out: list[str]) -> list[str]:
    releases = list(_dated_releases(story, left_out))
    if not releases:
        return []
    lines = ["group Releases", f"{_INDENT}plotline: {RELEASES_GROUP}", ""]
    for release, date in releases:
        where = ", ".join(x for x in (release.kind.value, release.platform, release.region) if x)
        label = f"{release.title or work_label(story, release.work)} ({where})"
        status = "" if release.status.value == "released" else f" #{release.status.value}"
        lines.append(f"{_INDENT}{date}: {_line_text(label)}{status}")
        props: dict[str, Any] = {"work": release.work, "kind": release.kind.value}
        if str(release.span) != date or isinstance(release.date, Interval):
            props["when"] = str(release.span)
        for name in ("region", "platform", "title", "edition", "publisher", "id", "note"):
            value = getattr(release, name)
            if value is not None:
                props[name] = value
        if release.status.value != "released":
            props["status"] = release.status.value
        if release.sources:
            props["sources"] = list(release.sources)
        if release.meta:
            props["meta"] = dict(release.meta)
        lines += [f"{_INDENT * 2}{key}: {_value(value)}" for key, value in props.items()]
        lines.append("")
    lines += ["endGroup", ""]
    return lines


def _dated_releases(story: Story, left_out: list[str]) -> Iterator[tuple[Release, str]]:
    for index, release in enumerate(story.releases, start=1):
        span = release.span
        date = _date_text(span) if span is not None else None
        if date is None:
            left_out.append(release.id or f"release {index} of {release.work}")
            continue
        yield release, date


def _date_text(value: TimeValue) -> str | None:
    """The date range Markwhen reads for a value, or None when it cannot draw it."""
    if isinstance(value, Instant):
        return _instant_text(value)
    if value.start is None or value.end is None:
        known = value.start or value.end
        return _instant_text(known) if known is not None else None
    start, end = _days(value.start), _days(value.end)
    if start is None or end is None:
        return None
    return f"{_unit(*start) or start[0]}/{_unit(*end) or end[1]}"


def _instant_text(instant: Instant) -> str | None:
    days = _days(instant)
    if days is None:
        return None
    lower, upper = days
    unit = _unit(lower, upper)
    if unit is not None:
        return unit
    if lower.endswith("-01-01") and upper.endswith("-12-31"):
        return f"{lower[:4]}/{upper[:4]}"
    return f"{lower}/{upper}"


def _days(instant: Instant) -> tuple[str, str] | None:
    """The first and last day an instant covers, if both are dates Markwhen can write."""
    lower, upper = instant.lower_date(), instant.upper_date()
    if not _DAY.fullmatch(lower) or not _DAY.fullmatch(upper):
        return None
    return lower, upper


def _unit(lower: str, upper: str) -> str | None:
    """The one day, month or year from ``lower`` to ``upper``, as EDTF; None if it is not one."""
    if lower == upper:
        return lower
    if lower[:4] == upper[:4] and lower[5:] == "01-01" and upper[5:] == "12-31":
        return lower[:4]
    month = Instant(int(lower[:4]), int(lower[5:7]))
    if lower[8:] == "01" and month.upper_date() == upper:
        return lower[:7]
    return None


def _line_text(text: str) -> str:
    """Text for an event or group line that Markwhen will not read as tags, ids or comments."""
    text = " ".join(text.split())
    text = re.sub(r"(?<![\w&#])#(?=\w)", "# ", text)
    text = re.sub(r"(?<![\w!])!(?=\w)", "! ", text)
    return text.replace("//", "/ /")


def _safe_description(summary: str) -> bool:
    """Whether a summary reads back as itself when written as description lines."""
    if summary != summary.strip() or summary.splitlines() != summary.split("\n"):
        return False
    for line in summary.splitlines():
        stripped = line.strip()
        if (
            EVENT_LINE.match(stripped)
            or re.match(r"(?i)(group|section|endgroup|endsection)\b", stripped)
            or re.match(r"#{1,6}\s", stripped)
            or "//" in stripped
            or stripped.startswith("---")
        ):
            return False
    first = summary.splitlines()[0].strip()
    return re.match(r"[A-Za-z_][\w.-]*\s*:(\s|$)", first) is None and summary == "\n".join(
        line.strip() for line in summary.splitlines()
    )


def _json(value: Any) -> str:
    """JSON on one line, with no ``//`` that Markwhen would take for a comment."""
    text = json.dumps(value, ensure_ascii=False, default=str).replace("/", "\\/")
    return text.translate(_LINE_BREAKS)


_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def _value(value: Any) -> str:
    """A property value: plain when that reads back, a flow list, or JSON."""
    if isinstance(value, list):
        items = [str(item) for item in value]
        if all(_PLAIN_ITEM.fullmatch(item) for item in items):
            return "[" + ", ".join(items) + "]"
        return _json(items)
    if isinstance(value, dict):
        return _json(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text == text.strip():
        return text
    return _json(text)
