"""The fix-its that findings name, as text edits to a TOML story file.

A finding's message names its way out: ``add `allow = ["PL301"]` to the
entity 'sam'``, ``mark it `mode = "flashback"```, ``make the role
`mentioned```. :func:`fixes` turns each into an edit of the record's block
(from its ``[[table]]`` header to the next header): a line added after the
record's ``id``, or a value replaced in place. Only TOML files get edits; in
YAML and JSON the message is the fix.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import attrs

from plotline._io._fields import RECORD_TABLES

if TYPE_CHECKING:
    from plotline._check._finding import Finding
    from plotline._model import Story

__all__ = ["Edit", "Fix", "fixes"]

_ALLOW_HINT: Final = re.compile(r"add `allow = \[\"(PL\d+)\"\]` to the ([a-z-]+) '([^']+)'")
_HEADER: Final = re.compile(r"^\s*\[")
_BARE: Final = re.compile(r"[A-Za-z0-9_-]+")
_TABLE_OF: Final = {
    "source": "sources",
    "work": "works",
    "release": "releases",
    "entity": "entities",
    "thread": "threads",
    "arc": "arcs",
    "event": "events",
    "constraint": "constraints",
    "claim": "claims",
}


@attrs.frozen
class Edit:
    """Replace lines ``[line, end_line)`` of ``file`` (0-based) with ``text``."""

    file: str
    line: int
    end_line: int
    text: str


@attrs.frozen
class Fix:
    """A named way out of one finding."""

    title: str
    edit: Edit
    preferred: bool = False


def _record(story: Story, kind: str, record_id: str) -> Any:
    table = _TABLE_OF.get(kind)
    if table is None or table not in RECORD_TABLES:
        return None
    return next((r for r in getattr(story, table) if getattr(r, "id", None) == record_id), None)


def _block(lines: list[str], header: int) -> tuple[int, int]:
    """The record's lines: its header line to the next table header (or the end)."""
    end = header + 1
    while end < len(lines) and not _HEADER.match(lines[end]):
        end += 1
    return header, end


def _key_line(lines: list[str], start: int, end: int, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    return next((i for i in range(start, end) if pattern.match(lines[i])), None)


def _toml_key(text: str) -> str:
    return text if _BARE.fullmatch(text) else '"' + text.replace('"', '\\"') + '"'


def _located(story: Story, record: Any, lines_of: dict[str, list[str]]) -> tuple[str, int] | None:
    origin = getattr(record, "origin", None)
    if origin is None or origin.record.file is None:
        return None
    file = origin.record.file
    if not file.lower().endswith(".toml") or file not in lines_of:
        return None
    return file, origin.record.line - 1


def _set_key(
    record: Any, key: str, value: str, story: Story, lines_of: dict[str, list[str]]
) -> Edit | None:
    """Set ``key = value`` in a record's block: replace its line, or add one after ``id``."""
    where = _located(story, record, lines_of)
    if where is None:
        return None
    file, header = where
    lines = lines_of[file]
    if header >= len(lines):
        return None
    start, end = _block(lines, header)
    existing = _key_line(lines, start, end, key)
    if existing is not None:
        return Edit(file, existing, existing + 1, f"{key} = {value}\n")
    after = _key_line(lines, start, end, "id")
    at = (after if after is not None else start) + 1
    return Edit(file, at, at, f"{key} = {value}\n")


def _allow(record: Any, code: str, story: Story, lines_of: dict[str, list[str]]) -> Edit | None:
    codes = [*getattr(record, "allow", ()), code]
    listed = ", ".join(f'"{c}"' for c in dict.fromkeys(codes))
    return _set_key(record, "allow", f"[{listed}]", story, lines_of)


def _role(
    event: Any, entity: str, role: str, story: Story, lines_of: dict[str, list[str]]
) -> Edit | None:
    where = _located(story, event, lines_of)
    if where is None:
        return None
    file, header = where
    lines = lines_of[file]
    if header >= len(lines):
        return None
    start, end = _block(lines, header)
    key = re.escape(_toml_key(entity))
    pattern = re.compile(rf"(?<![\w\"-]){key}(\s*=\s*)\"[a-z-]+\"")
    for index in range(start, end):
        line = lines[index]
        if pattern.search(line):
            return Edit(file, index, index + 1, pattern.sub(rf'{key}\1"{role}"', line, count=1))
    return None


def fixes(finding: Finding, story: Story, lines_of: dict[str, list[str]]) -> list[Fix]:
    """The edits that would settle ``finding``, each named as its message names it."""
    found: list[Fix] = []
    message = finding.message
    subjects = finding.subjects
    if len(subjects) >= 2 and 'mark it `mode = "flashback"`' in message:
        event = _record(story, "event", subjects[1])
        edit = None if event is None else _set_key(event, "mode", '"flashback"', story, lines_of)
        if edit is not None:
            found.append(Fix(f"Mark {subjects[1]!r} as a flashback", edit, preferred=True))
    if len(subjects) >= 2 and ("`mentioned`" in message):
        event = _record(story, "event", subjects[1])
        edit = None if event is None else _role(event, subjects[0], "mentioned", story, lines_of)
        if edit is not None:
            found.append(Fix(f"Make {subjects[0]!r} only mentioned in {subjects[1]!r}", edit))
    hint = _ALLOW_HINT.search(message)
    if hint is not None:
        code, kind, record_id = hint.groups()
        record = _record(story, kind, record_id)
        edit = None if record is None else _allow(record, code, story, lines_of)
        if edit is not None:
            found.append(Fix(f"Allow {code} on the {kind} {record_id!r}", edit))
    return found
