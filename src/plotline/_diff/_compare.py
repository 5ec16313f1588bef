"""What changed in the canon between two versions of a story.

:func:`diff` compares two stories (and, when given, their check reports)
record by record and fact by fact, not line by line: a record moved to
another file or rewritten in another format is unchanged; an event whose
place in story order changed is a move even when its own fields are the same.

Records are matched by table and key: their ``id``, or for the kinds that
may go without one (releases, constraints, claims) the fields that name
them (``s1e01 premiere JP``, ``a < b``, ``sarah.died per wiki``).

>>> from plotline._model import Event, Story, Work
>>> old = Story(works=[Work("e1")], events=[Event("a", told_in="e1")])
>>> new = Story(works=[Work("e1")], events=[Event("a", told_in="e1", title="Arrival")])
>>> [str(change) for change in diff(old, new).records]
['~ event a: title: (none) → "Arrival"']
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from plotline._io._dump import record_data
from plotline._io._fields import RECORD_TABLES

if TYPE_CHECKING:
    from plotline._check._finding import Finding, Report
    from plotline._model import Event, Story
    from plotline._order import Solution

__all__ = [
    "CanonChange",
    "CanonDiff",
    "FieldChange",
    "Move",
    "RecordChange",
    "diff",
    "only_in",
]

_SINGULAR: Final = {
    "sources": "source",
    "works": "work",
    "releases": "release",
    "entities": "entity",
    "threads": "thread",
    "arcs": "arc",
    "events": "event",
    "constraints": "constraint",
    "claims": "claim",
}


def _shown(value: object) -> str:
    """A value as a short phrase, as JSON writes it: ``(none)`` for a field left out."""
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False, default=str)


@attrs.frozen(slots=True)
class FieldChange:
    """One field of a record, before and after (``None``: not written)."""

    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.field}: {_shown(self.old)} → {_shown(self.new)}"


@attrs.frozen(slots=True)
class RecordChange:
    """A record added (``+``), removed (``-``) or changed (``~``) field by field."""

    table: str
    """The story file's table (``events``, ``releases``…)."""
    key: str
    """The record's id, or the fields that name a record without one."""
    change: Literal["added", "removed", "changed"]
    fields: tuple[FieldChange, ...] = ()
    where: str | None = None
    """``file:line:column`` of the record in the version that has it (the new one if both)."""

    @property
    def kind(self) -> str:
        """The record kind in the singular (``event``)."""
        return _SINGULAR.get(self.table, self.table)

    def __str__(self) -> str:
        sign = {"added": "+", "removed": "-", "changed": "~"}[self.change]
        text = f"{sign} {self.kind} {self.key}"
        if self.fields:
            text += ": " + "; ".join(str(field) for field in self.fields)
        return text


@attrs.frozen(slots=True)
class Move:
    """An event whose place in one clock changed relative to the events around it."""

    event: str
    clock: Literal["telling", "story"]
    old: int
    """Its position (from 1) in that order before."""
    new: int
    """Its position (from 1) after."""
    after: str | None
    """The event it now follows in that order (``None``: it comes first)."""

    def __str__(self) -> str:
        place = f"after {self.after}" if self.after is not None else "first"
        return f"{self.event} moved in {self.clock} order: {self.old} → {self.new} (now {place})"


@attrs.frozen(slots=True)
class CanonChange:
    """A change to a fact readers track: a death, a return, a thread opened or resolved."""

    what: Literal["dies", "returns", "opens", "resolves", "released"]
    subject: str
    """The entity, thread or work the fact is about."""
    old: tuple[str, ...]
    """Where it happened before: event ids (or release dates for ``released``)."""
    new: tuple[str, ...]

    def __str__(self) -> str:
        def where(values: tuple[str, ...]) -> str:
            return ", ".join(values) if values else "none"

        verb = {
            "dies": "dies in",
            "returns": "returns in",
            "opens": "is opened in",
            "resolves": "is resolved in",
            "released": "is released on",
        }[self.what]
        if not self.new:
            return f"{self.subject} no longer {verb} {where(self.old)}"
        now = "now " if self.old else ""
        return f"{self.subject} {now}{verb} {where(self.new)} (was: {where(self.old)})"


@attrs.frozen(slots=True)
class CanonDiff:
    """Everything that changed between two versions of a story, and in their findings."""

    records: tuple[RecordChange, ...] = ()
    moves: tuple[Move, ...] = ()
    canon: tuple[CanonChange, ...] = ()
    introduced: tuple[Finding, ...] = ()
    """Findings the new version has and the old one did not (active ones only)."""
    fixed: tuple[Finding, ...] = ()
    """Findings the old version had and the new one does not (active ones only)."""

    @property
    def new_errors(self) -> tuple[Finding, ...]:
        """The introduced findings of severity ``error``: they fail ``plotline diff``."""
        return tuple(f for f in self.introduced if f.severity.value == "error")

    def __bool__(self) -> bool:
        return bool(self.records or self.moves or self.canon or self.introduced or self.fixed)


# ---------------------------------------------------------------------------
# Records.


def _key(table: str, record: Any) -> str:
    """How a record is matched across versions: its id, or what names it."""
    if getattr(record, "id", None) is not None:
        return str(record.id)
    if table == "releases":
        parts = [record.work, record.kind.value, record.region, record.platform, record.edition]
        return " ".join(part for part in parts if part)
    if table == "constraints":
        return f"{record.before} < {record.after}"
    if table == "claims":
        return f"{record.subject}.{record.field} per {record.source}"
    return repr(record)  # pragma: no cover - every table without ids is named above


def _keyed(table: str, records: Iterable[Any]) -> dict[str, Any]:
    """Records by key; a repeated key gets ``#2``, ``#3`` in file order."""
    result: dict[str, Any] = {}
    seen: Counter[str] = Counter()
    for record in records:
        key = _key(table, record)
        seen[key] += 1
        result[key if seen[key] == 1 else f"{key}#{seen[key]}"] = record
    return result


def _where(record: Any) -> str | None:
    origin = getattr(record, "origin", None)
    return None if origin is None else str(origin.record)


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[FieldChange]:
    """The fields that differ; a table (``participants``, ``meta``) key by key."""
    for name in dict.fromkeys([*old, *new]):
        was, now = old.get(name), new.get(name)
        if was == now:
            continue
        if isinstance(was, dict) and isinstance(now, dict):
            for key in dict.fromkeys([*was, *now]):
                if was.get(key) != now.get(key):
                    yield FieldChange(f"{name}.{key}", was.get(key), now.get(key))
        else:
            yield FieldChange(name, was, now)


def _record_changes(old: Story, new: Story) -> Iterator[RecordChange]:
    for table in RECORD_TABLES:
        before = _keyed(table, getattr(old, table))
        after = _keyed(table, getattr(new, table))
        for key, record in after.items():
            if key not in before:
                yield RecordChange(table, key, "added", where=_where(record))
                continue
            was = before[key]
            if was == record:
                continue
            fields = tuple(_field_changes(record_data(was), record_data(record)))
            if fields:
                yield RecordChange(table, key, "changed", fields, _where(record))
        for key, record in before.items():
            if key not in after:
                yield RecordChange(table, key, "removed", where=_where(record))


# ---------------------------------------------------------------------------
# Moves: the events that left the longest run both orders share.


def _kept_in_place(positions: Sequence[int]) -> set[int]:
    """Indexes of a longest increasing subsequence of ``positions`` (patience sorting)."""
    tails: list[int] = []  # tails[k]: the smallest last value of an increasing run of k + 1
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(positions)
    for index, value in enumerate(positions):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[k] = value
            tail_index[k] = index
        previous[index] = tail_index[k - 1] if k else -1
    kept: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


def _moves(
    clock: Literal["telling", "story"], old: Sequence[Event], new: Sequence[Event]
) -> Iterator[Move]:
    """Events both versions have whose order relative to the others changed.

    The events that keep their relative order form the longest increasing run
    of old positions read in the new order; every other common event moved.
    """
    old_pos: dict[str, int] = {}
    for index, event in enumerate(old):
        old_pos.setdefault(event.id, index)
    common = [event.id for event in new if event.id in old_pos]
    common = list(dict.fromkeys(common))
    kept = _kept_in_place([old_pos[event_id] for event_id in common])
    new_pos: dict[str, int] = {}
    for index, event in enumerate(new):
        new_pos.setdefault(event.id, index)
    for index, event_id in enumerate(common):
        if index in kept:
            continue
        at = new_pos[event_id]
        yield Move(
            event_id,
            clock,
            old_pos[event_id] + 1,
            at + 1,
            new[at - 1].id if at else None,
        )


# ---------------------------------------------------------------------------
# The facts readers track.


def _facts(story: Story) -> dict[tuple[str, str], tuple[str, ...]]:
    """(what, subject) → where, for deaths, returns, thread openings and resolutions."""
    facts: dict[tuple[str, str], list[str]] = {}
    for event in story.events:
        for entity, role in event.participants.items():
            if role.ends_life:
                facts.setdefault(("dies", entity), []).append(event.id)
            elif role.value == "returns":
                facts.setdefault(("returns", entity), []).append(event.id)
        for thread in event.opens:
            facts.setdefault(("opens", thread), []).append(event.id)
        for thread in event.resolves:
            facts.setdefault(("resolves", thread), []).append(event.id)
    for release in story.releases:
        span = release.span
        if span is not None and release.status.value == "released":
            facts.setdefault(("released", release.work), []).append(str(span))
    return {key: tuple(sorted(set(value))) for key, value in facts.items()}


def _canon_changes(old: Story, new: Story) -> Iterator[CanonChange]:
    before, after = _facts(old), _facts(new)
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key, ()), after.get(key, ())
        if was != now:
            what, subject = key
            yield CanonChange(what, subject, was, now)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Findings.


def _finding_key(finding: Finding) -> tuple[str, tuple[str, ...], str]:
    """What makes two findings the same across versions: code, subjects and message.

    Locations are left out: moving a record to another line is no new finding.
    """
    return (finding.code, finding.subjects, finding.message)


def only_in(these: Iterable[Finding], those: Iterable[Finding]) -> tuple[Finding, ...]:
    """The active findings of ``these`` that ``those`` does not have (counted as multisets).

    Findings are the same when code, subjects and message are: a record moved
    to another line keeps its findings.
    """
    remaining = Counter(_finding_key(f) for f in those if not f.suppressed)
    result = []
    for finding in these:
        if finding.suppressed:
            continue
        key = _finding_key(finding)
        if remaining[key]:
            remaining[key] -= 1
        else:
            result.append(finding)
    return tuple(result)


def diff(
    old: Story,
    new: Story,
    *,
    old_report: Report | None = None,
    new_report: Report | None = None,
    solutions: tuple[Solution, Solution] | None = None,
) -> CanonDiff:
    """Compare two versions of a story: records, orders, tracked facts and findings.

    With both reports, the findings introduced and fixed are part of the
    result. ``solutions`` are the two versions' solved orders when they are at
    hand (:func:`plotline.solve`); by default both stories are solved here.
    """
    if solutions is None:
        from plotline._order import solve

        solutions = solve(old), solve(new)
    before, after = solutions
    moves = (
        *_moves("telling", before.telling, after.telling),
        *_moves("story", before.chronology, after.chronology),
    )
    introduced: tuple[Finding, ...] = ()
    fixed: tuple[Finding, ...] = ()
    if old_report is not None and new_report is not None:
        introduced = only_in(new_report.findings, old_report.findings)
        fixed = only_in(old_report.findings, new_report.findings)
    return CanonDiff(
        records=tuple(_record_changes(old, new)),
        moves=moves,
        canon=tuple(_canon_changes(old, new)),
        introduced=introduced,
        fixed=fixed,
    )
