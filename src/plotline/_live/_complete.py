"""What may be typed where: ids, roles, modes and kinds, by the key the cursor is on.

The context is read from the text before the cursor, not from a parse (the
line being typed rarely parses): the key on the line (``told_in = "``,
``told_in: ``, ``"told_in": "``), whether the cursor is inside a
``participants`` table before or after an ``=``, and the table the line is in
(the last ``[[events]]``-style header above it, or YAML's top-level key).

>>> key_at(['[[events]]', 'told_in = "s1'], 1, 13)
('events', 'told_in', False)
>>> key_at(['[[events]]', 'participants = { sam = "pre'], 1, 26)
('events', 'participants', True)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

import attrs

from plotline._io._fields import RECORD_TABLES

if TYPE_CHECKING:
    from plotline._model import Story

__all__ = ["Completion", "complete", "key_at"]

_HEADER: Final = re.compile(
    r"^\s*\[\[\s*([A-Za-z_]+)\s*\]\]"  # TOML: [[events]]
    r"|^([A-Za-z_]+)\s*:\s*$"  # YAML: events:
    r"|^\s*\"([a-z_]+)\"\s*:\s*\["  # JSON: "events": [
)
_KEY: Final = re.compile(r"[\"']?([A-Za-z_][\w-]*)[\"']?\s*[=:]")


@attrs.frozen
class Completion:
    """One thing that may be typed: its text and what it is."""

    label: str
    kind: str
    """``work``, ``entity``, ``role``, ``mode``, ``kind``…"""
    detail: str | None = None


def _table(lines: list[str], line: int) -> str | None:
    for index in range(line, -1, -1):
        match = _HEADER.match(lines[index]) if index < len(lines) else None
        if match:
            return next(group for group in match.groups() if group)
    return None


def key_at(lines: list[str], line: int, column: int) -> tuple[str | None, str | None, bool]:
    """The table, the key and whether a role (not an entity) is wanted, at a position."""
    before = lines[line][:column] if line < len(lines) else ""
    keys = list(_KEY.finditer(before))
    if not keys:
        return _table(lines, line), None, False
    first = keys[0].group(1)
    if first == "participants":
        tail = before[keys[0].end() :]
        after_entity = bool(re.search(r"[=:]\s*[\"']?[\w-]*$", tail))
        return _table(lines, line), first, after_entity
    return _table(lines, line), keys[-1].group(1), False


def _ids(records: object, kind: str) -> list[Completion]:
    seen: dict[str, Completion] = {}
    for record in records:  # type: ignore[attr-defined]
        record_id = getattr(record, "id", None)
        if record_id is None or record_id in seen:
            continue
        label = getattr(record, "label", None)
        seen[record_id] = Completion(record_id, kind, label if label != record_id else None)
    return list(seen.values())


def _enum(values: object, kind: str) -> list[Completion]:
    return [Completion(str(value), kind) for value in values]  # type: ignore[attr-defined]


def complete(story: Story | None, lines: list[str], line: int, column: int) -> list[Completion]:
    """What may be typed at a position (empty when nothing is known there)."""
    from plotline._records import (
        EntityKind,
        Importance,
        Mode,
        ReleaseKind,
        ReleaseStatus,
        Role,
        SourceKind,
        ThreadStatus,
        WorkKind,
    )

    table, key, role = key_at(lines, line, column)
    if key is None:
        return []
    if key == "participants":
        if role:
            return _enum(Role, "role")
        return [] if story is None else _ids(story.entities, "entity")
    enums = {
        "mode": (Mode, "mode"),
        "importance": (Importance, "importance"),
    }
    if key in enums:
        values, kind = enums[key]
        return _enum(values, kind)
    if key == "kind":
        kinds = {
            "works": WorkKind,
            "entities": EntityKind,
            "sources": SourceKind,
            "releases": ReleaseKind,
        }
        found = kinds.get(table or "")
        return [] if found is None else _enum(found, "kind")
    if key == "status":
        return _enum(ReleaseStatus if table == "releases" else ThreadStatus, "status")
    if story is None:
        return []
    by_key = {
        "told_in": (story.works, "work"),
        "work": (story.works, "work"),
        "start": (story.works, "work"),
        "end": (story.works, "work"),
        "threads": (story.threads, "thread"),
        "opens": (story.threads, "thread"),
        "resolves": (story.threads, "thread"),
        "location": ([e for e in story.entities if str(e.kind) == "place"], "place"),
        "within": (story.entities, "entity"),
        "sources": (story.sources, "source"),
        "source": (story.sources, "source"),
        "before": (story.events, "event"),
        "after": (story.events, "event"),
    }
    if key == "parent":
        parents = story.threads if table == "threads" else story.works
        return _ids(parents, "thread" if table == "threads" else "work")
    if key in ("start", "end") and table != "arcs":
        return []
    if key == "subject":
        return [c for name in RECORD_TABLES for c in _ids(getattr(story, name), name)]
    if key in by_key:
        records, kind = by_key[key]
        return _ids(records, kind)
    return []
