"""Markwhen timelines (``.mw``): dated lines of text, grouped, tagged and with properties.

The syntax read here is the one Markwhen documents (markwhen.com/docs):

* a *header* before the first event: ``title:``, ``description:`` and other
  ``key: value`` lines, optionally fenced by ``---`` lines (YAML front matter);
  ``#tag: color`` lines colour tags; ``dateFormat: d/M/y`` switches slashed
  dates to day first;
* an *event*: a date range, a colon and a description, ``2016-04: Monica is
  killed #flashback``. The first line is the title; ``key: value`` lines right
  below it are the event's *properties*; the lines after them, up to the next
  event, its description;
* dates: EDTF ``2021``, ``2021-03``, ``2021-03-04``; ISO 8601 times
  ``2021-03-04T17:00:00Z``; slashed ``03/2021`` and ``03/04/2021`` (month first
  unless ``dateFormat: d/M/y``); casual ``4 March 2021`` and ``Mar 4 2021``;
* ranges ``A/B`` (EDTF), ``A - B`` and ``A to B``, whose end may be an amount:
  ``2018/6 months``;
* relative dates: ``after !id 2 weeks``, ``before !id 1 month``, ``!id 3 days``,
  a bare amount (after the previous event), and ``buffer - duration``;
* event ids ``!id`` in the description or an ``id:`` property; tags ``#word``;
* groups: ``group Title`` or ``section Title`` up to ``endGroup`` or
  ``endSection`` (nested), and Markdown headings ``#`` to ``######``, which
  close at the next heading of the same or a higher level;
* comments: a line starting ``//``, and `` // …`` at the end of a line.

What each becomes:

==============================  =============================================
Markwhen                        plotline
==============================  =============================================
header ``title``/``description``  the story's ``title`` and ``summary``
event                           an :class:`~plotline._model.Event` (``when``,
                                ``duration`` from a range ending in an amount)
``!id`` or ``id:``              the event's id (else one made from the title)
group, section, heading         a thread (nested ones get a ``parent``); a
                                group with a ``thread:`` property names its id,
                                one with ``entity:`` is an entity's lane (its
                                events get that participant), and one with
                                ``plotline: releases`` holds releases
``#tag``                        a thread; the tags ``#flashback``, ``#dream``,
                                ``#vision``, ``#recap``, ``#time-travel`` and
                                ``#false-account`` set the mode instead
``after``/``before !id …``      a :class:`~plotline._model.Constraint` with the
                                buffer as its gap; the event keeps no date
properties of plotline's fields  those fields (``told_in``, ``order``, ``mode``,
                                ``participants``, ``location``, ``sources``,
                                ``when`` for a value Markwhen cannot write…)
any other property              the event's ``meta``, so nothing is lost
==============================  =============================================

``plotline export --to markwhen`` writes this syntax, with the properties that
bring every field of an event back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from plotline._calendar_records import Calendar
from plotline._io import loads, read_story_file
from plotline._io._fields import specs
from plotline._model import (
    Constraint,
    Entity,
    EntityKind,
    Event,
    Mode,
    Origin,
    Release,
    Story,
    Thread,
    Work,
)
from plotline._time import (
    Duration,
    Instant,
    Interval,
    TimeParseError,
    TimeValue,
    parse_story_time,
    using_calendars,
)
from plotline.exceptions import PlotlineError
from plotline.importers._common import IdMaker, ImportResult, Problems, slugify
from plotline.importers._markwhen_syntax import (
    AN_ID,
    COMMENT,
    END_LINE,
    EVENT_FIELDS,
    EVENT_ID,
    EVENT_LINE,
    GROUP_LINE,
    HEADING_LINE,
    MODE_TAGS,
    PROPERTY_LINE,
    RELEASES_GROUP,
    TAG,
    TAG_COLOUR_LINE,
    DateError,
    Relative,
    parse_property,
    read_point,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["read_markwhen"]

_MORE_FIELDS = tuple(spec.key for spec in specs(Event) if spec.key not in EVENT_FIELDS)
"""Event fields with no Markwhen word (``ages``, ``learns``…): properties holding file values."""

# ---------------------------------------------------------------------------
# The reader.


@attrs.define
class _Entry:
    """One event (or release) as written, before it becomes a record."""

    line: int
    range: str
    start: Instant | Relative
    end: Instant | Relative | None
    title: str
    tags: list[str]
    ids: list[str]
    groups: list[_Group]
    properties: dict[str, Any] = attrs.field(factory=dict)
    description: list[str] = attrs.field(factory=list)


@attrs.define
class _Group:
    """A group, section or heading that is open."""

    title: str
    line: int
    level: int | None  # a heading's level; None for group/section, closed by endGroup
    tags: list[str]
    parent: _Group | None
    properties: dict[str, Any] = attrs.field(factory=dict)
    thread: str | None = None


@attrs.define
class _Reader:
    """Reads one Markwhen file line by line."""

    problems: Problems
    header: dict[str, Any] = attrs.field(factory=dict)
    day_first: bool = False
    entries: list[_Entry] = attrs.field(factory=list)
    groups: list[_Group] = attrs.field(factory=list)
    all_groups: list[_Group] = attrs.field(factory=list)
    open: list[_Group] = attrs.field(factory=list)

    def read(self, text: str) -> None:
        lines = text.splitlines()
        start = self._front_matter(lines)
        target: _Entry | _Group | None = None
        in_properties = False
        for number, raw in enumerate(lines[start:], start=start + 1):
            if raw.lstrip().startswith("//"):
                continue
            line = COMMENT.sub("", raw)
            stripped = line.strip()
            event = EVENT_LINE.match(line)
            if event is not None:
                target = self._event(event, number)
                in_properties = target is not None
                continue
            if END_LINE.match(line):
                self._end(number)
                target, in_properties = None, False
                continue
            group = GROUP_LINE.match(line)
            heading = HEADING_LINE.match(line)
            if group is not None or heading is not None:
                target = self._group(group, heading, number)
                in_properties = True
                continue
            prop = PROPERTY_LINE.match(line)
            if in_properties and prop is not None and target is not None:
                target.properties[prop["key"]] = parse_property(prop["value"] or "")
                continue
            in_properties = False
            if not self.entries and not self.all_groups:
                self._header_line(stripped)
            elif isinstance(target, _Entry):
                target.description.append(raw.strip())

    def _front_matter(self, lines: list[str]) -> int:
        if not lines or lines[0].strip() != "---":
            return 0
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                return index + 1
            self._header_line(line.strip())
        self.problems.add("the front matter opened by '---' is never closed", 1)
        return len(lines)

    def _header_line(self, line: str) -> None:
        colour = TAG_COLOUR_LINE.match(line)
        if colour is not None:
            self.header.setdefault("tag colors", {})[colour["tag"]] = colour["colour"].strip()
            return
        prop = PROPERTY_LINE.match(line)
        if prop is None:
            return
        key, value = prop["key"], parse_property(prop["value"] or "")
        if key == "dateFormat":
            self.day_first = str(value).lower().startswith("d")
        self.header[key] = value

    def _event(self, match: re.Match[str], number: int) -> _Entry | None:
        try:
            start = read_point(match["start"], self.day_first)
            end = read_point(match["end"], self.day_first) if match["end"] else None
        except (DateError, TimeParseError) as error:
            self.problems.add(f"{match['range'].strip()}: {error}; event skipped", number)
            return None
        text = match["text"] or ""
        tags = [m["tag"] for m in TAG.finditer(text)]
        ids = [m["id"] for m in EVENT_ID.finditer(text)]
        title = " ".join(EVENT_ID.sub("", TAG.sub("", text)).split())
        entry = _Entry(number, match["range"].strip(), start, end, title, tags, ids, [*self.open])
        self.entries.append(entry)
        return entry

    def _group(
        self, group: re.Match[str] | None, heading: re.Match[str] | None, number: int
    ) -> _Group:
        level = None
        if group is not None:
            text = group["title"]
        else:
            assert heading is not None
            level = len(heading["level"])
            text = heading["title"]
            while self.open and self.open[-1].level is not None and self.open[-1].level >= level:
                self.open.pop()
        tags = [m["tag"] for m in TAG.finditer(text)]
        title = " ".join(TAG.sub("", text).split())
        parent = self.open[-1] if self.open else None
        opened = _Group(title or f"group at line {number}", number, level, tags, parent)
        self.open.append(opened)
        self.all_groups.append(opened)
        return opened

    def _end(self, number: int) -> None:
        while self.open and self.open[-1].level is not None:
            self.open.pop()
        if not self.open:
            self.problems.add("endGroup without a group to end; ignored", number)
            return
        self.open.pop()


def read_markwhen(path: str | Path) -> ImportResult:
    """Import a Markwhen timeline; see the module docstring for the mapping."""
    path = Path(path)
    problems = Problems(path)
    reader = _Reader(problems)
    _, text = read_story_file(path)
    reader.read(text)
    if not reader.entries:
        raise problems.fail("no event line ('DATE: description') in the file: nothing to import")
    return problems.result(_Builder(problems, reader).story())


@attrs.define
class _Builder:
    """Turns what the reader found into records."""

    problems: Problems
    reader: _Reader
    ids: IdMaker = attrs.field(factory=IdMaker)
    threads: dict[str, Thread] = attrs.field(factory=dict)
    entities: dict[str, Entity] = attrs.field(factory=dict)
    works: dict[str, Work] = attrs.field(factory=dict)

    def story(self) -> Story:
        header = dict(self.reader.header)
        calendars = self._calendars(header.pop("calendars", None))
        with using_calendars(calendars):
            return self._story(header, calendars)

    def _calendars(self, data: Any) -> tuple[Calendar, ...]:
        """The calendars a plotline export wrote in the header (as a story file writes them)."""
        if not isinstance(data, dict):
            return ()
        try:
            tables = list(data.values())
            return loads(json.dumps({"calendars": tables}), format="json").calendars
        except PlotlineError as error:
            self.problems.add(f"the header's calendars do not read: {error}", 1)
            return ()

    def _story(self, header: dict[str, Any], calendars: tuple[Calendar, ...]) -> Story:
        for group in self.reader.all_groups:
            self._group_thread(group)
        events: list[tuple[Event, Any]] = []
        releases: list[Release] = []
        constraints: list[Constraint] = []
        by_mw_id: dict[str, str] = {}
        previous: str | None = None
        for entry in self.reader.entries:
            if any(g.properties.get("plotline") == RELEASES_GROUP for g in entry.groups):
                release = self._release(entry)
                if release is not None:
                    releases.append(release)
                continue
            event = self._event(entry)
            if event is None:
                continue
            for mw_id in entry.ids:
                by_mw_id[mw_id] = event.id
            by_mw_id.setdefault(event.id, event.id)
            constraints.extend(self._relative(entry, event, by_mw_id, previous))
            previous = event.id
            events.append((event, entry.properties.get("file_order")))
        for event, _ in events:
            self._stubs(event)
        title = header.pop("title", None)
        summary = header.pop("description", None)
        calendar = header.pop("calendar", None)
        return Story(
            title=str(title) if title is not None else None,
            calendars=calendars,
            calendar=str(calendar) if calendar is not None and calendars else None,
            summary=str(summary) if summary is not None else None,
            works=tuple(self.works.values()),
            releases=tuple(releases),
            entities=tuple(self.entities.values()),
            threads=tuple(self.threads.values()),
            events=_file_order(events),
            constraints=tuple(constraints),
            meta={"markwhen": header} if header else {},
        )

    def _group_thread(self, group: _Group) -> None:
        props = group.properties
        if props.get("plotline") == RELEASES_GROUP or "entity" in props:
            return
        thread_id = str(props.get("thread") or self.ids(("thread", group.title), group.title))
        group.thread = thread_id
        outer = group.parent
        while outer is not None and outer.thread is None:
            outer = outer.parent
        parent = props.get("parent") or (outer.thread if outer is not None else None)
        extra = {k: v for k, v in props.items() if k not in {"thread", "parent"}}
        if group.tags:
            extra["tags"] = group.tags
        self.threads.setdefault(
            thread_id,
            Thread(
                id=thread_id,
                title=group.title,
                parent=str(parent) if parent else None,
                meta={"markwhen": extra} if extra else {},
                origin=Origin(self.problems.at(group.line)),
            ),
        )

    def _event(self, entry: _Entry) -> Event | None:
        props = dict(entry.properties)
        props.pop("file_order", None)
        where = self.problems.at(entry.line)
        given = props.pop("id", None) or (entry.ids[0] if entry.ids else None)
        title = str(props.pop("title", entry.title)) or None
        event_id = self.ids(("event", given or entry.line), str(given or title or "event"))
        if given is not None and event_id != given:
            self.problems.add(
                f"event id {given!r} is used twice (or is not an id); this one is {event_id!r}",
                entry.line,
            )
        # The innermost thread group: an outer one is that thread's parent.
        threads = [g.thread for g in entry.groups if g.thread is not None][-1:]
        mode = Mode.PRESENT
        for tag in entry.tags:
            if tag in MODE_TAGS:
                mode = Mode(tag)
            elif tag not in threads:
                threads.append(tag)
        if "threads" in props:
            threads = _texts(props.pop("threads"))
        participants: dict[str, str] = {
            str(g.properties["entity"]): "present" for g in entry.groups if "entity" in g.properties
        }
        for item in _texts(props.pop("participants", [])):
            entity, _, role = item.partition(":")
            participants[entity.strip()] = role.strip() or "present"
        fields: dict[str, Any] = {}
        when, duration = self._when(entry, props)
        for name in ("told_in", "summary", "location"):
            if name in props:
                fields[name] = str(props.pop(name))
        for name in ("opens", "resolves", "sources", "allow"):
            if name in props:
                fields[name] = _texts(props.pop(name))
        if "locations" in props and "location" not in fields:
            names = _texts(props["locations"])
            fields["location"] = names[0] if names else None
            if len(names) <= 1:
                del props["locations"]  # else the others stay in meta
        if entry.description and "summary" not in fields:
            fields["summary"] = "\n".join(entry.description).strip() or None
        meta: dict[str, Any] = {}
        if isinstance(props.get("meta"), dict):
            meta.update(props.pop("meta"))
        for name in _MORE_FIELDS:  # what a plotline export wrote as plotline writes it
            if name in props:
                fields[name] = props.pop(name)
        try:
            if "order" in props:
                fields["order"] = int(props.pop("order"))
            if "mode" in props:
                mode = Mode(str(props.pop("mode")))
            if "duration" in props:
                duration = Duration.parse(str(props.pop("duration")))
            if "location" in fields and fields["location"] is not None:
                fields["location"] = self._place(fields["location"])
            if props:
                meta["markwhen"] = props
            return Event(
                id=event_id,
                title=title,
                when=when,
                duration=duration,
                mode=mode,
                threads=tuple(dict.fromkeys(threads)),
                participants={self._entity(e): r for e, r in participants.items()},
                meta=meta,
                origin=Origin(where),
                **fields,
            )
        except (ValueError, TypeError) as error:
            self.problems.add(f"event {event_id!r}: {error}; event skipped", entry.line)
            return None

    def _when(
        self, entry: _Entry, props: dict[str, Any]
    ) -> tuple[TimeValue | None, Duration | None]:
        exact = props.pop("when", None)
        if exact is not None:
            return parse_story_time(str(exact)), None
        start, end = entry.start, entry.end
        if isinstance(start, Relative):
            return None, (end.amount if isinstance(end, Relative) else start.amount)
        if end is None:
            return start, None
        if isinstance(end, Relative):
            return start, end.amount
        return Interval(start, end), None

    def _relative(
        self, entry: _Entry, event: Event, by_mw_id: dict[str, str], previous: str | None
    ) -> Iterator[Constraint]:
        start = entry.start
        if not isinstance(start, Relative):
            return
        ref = by_mw_id.get(start.ref) if start.ref is not None else previous
        if ref is None:
            where = f"!{start.ref}" if start.ref else "a previous event"
            self.problems.add(
                f"{entry.range}: {where} is not an event defined above; the event stays undated",
                entry.line,
            )
            return
        gap = start.amount if isinstance(entry.end, Relative) else None
        before, after = (ref, event.id) if start.direction == "after" else (event.id, ref)
        yield Constraint(
            before=before,
            after=after,
            min_gap=gap,
            max_gap=gap,
            note=f"Markwhen: {entry.range}",
            origin=Origin(self.problems.at(entry.line)),
        )

    def _release(self, entry: _Entry) -> Release | None:
        props = dict(entry.properties)
        work = str(props.pop("work", "") or slugify(entry.title, default="work"))
        run = "when" not in props
        when, _ = self._when(entry, props)
        span: dict[str, Any] = {"date": when}
        if run and isinstance(when, Interval) and when.start and when.end:
            span = {"start": when.start, "end": when.end}  # a run from start to end
        fields = {
            name: str(props.pop(name))
            for name in ("region", "platform", "title", "edition", "publisher", "note", "id")
            if name in props
        }
        sources = _texts(props.pop("sources", []))
        kind, status = str(props.pop("kind", "premiere")), str(props.pop("status", "released"))
        meta = props.pop("meta", None)
        meta = dict(meta) if isinstance(meta, dict) else {}
        if props:
            meta["markwhen"] = props
        try:
            release = Release(
                work=work,
                kind=kind,
                **span,
                status=status,
                sources=sources,
                meta=meta,
                origin=Origin(self.problems.at(entry.line)),
                **fields,
            )
        except (ValueError, TypeError) as error:
            self.problems.add(f"release of {work!r}: {error}; release skipped", entry.line)
            return None
        self.works.setdefault(work, Work(id=work))
        return release

    def _entity(self, name: str) -> str:
        return self._known(name, EntityKind.CHARACTER)

    def _place(self, name: str) -> str:
        return self._known(name, EntityKind.PLACE)

    def _known(self, name: str, kind: EntityKind) -> str:
        entity_id = name if AN_ID.fullmatch(name) and name.islower() else slugify(name)
        if entity_id not in self.entities:
            label = None if entity_id == name else name
            self.entities[entity_id] = Entity(id=entity_id, name=label, kind=kind)
        return entity_id

    def _stubs(self, event: Event) -> None:
        if event.told_in is not None:
            self.works.setdefault(event.told_in, Work(id=event.told_in))
        for thread in event.all_threads:
            self.threads.setdefault(thread, Thread(id=thread))


def _texts(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _file_order(events: list[tuple[Event, Any]]) -> tuple[Event, ...]:
    """Put the events that say their ``file_order`` back in it, in the places they hold."""
    slots = [i for i, (_, order) in enumerate(events) if str(order).isdigit()]
    ordered = sorted((events[i] for i in slots), key=lambda item: int(item[1]))
    result = [event for event, _ in events]
    for slot, (event, _) in zip(slots, ordered, strict=True):
        result[slot] = event
    return tuple(result)
