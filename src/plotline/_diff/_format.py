"""A canon diff as text for the terminal, Markdown for a pull request, or JSON.

>>> from plotline._diff._compare import CanonDiff
>>> print(format_diff(CanonDiff(), "text", old="v1", new="v2"), end="")
plotline diff v1 → v2: no change to the canon
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from plotline._check._finding import Finding
    from plotline._diff._compare import CanonDiff

__all__ = ["DIFF_FORMATS", "format_diff"]

DIFF_FORMATS: Final = ("text", "markdown", "json")
"""The output formats of ``plotline diff``."""

_JSON_VERSION: Final = 1


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless there is one."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _finding(finding: Finding) -> str:
    return str(finding)


def _summary(result: CanonDiff) -> str:
    counts = dict.fromkeys(("added", "removed", "changed"), 0)
    for record in result.records:
        counts[record.change] += 1
    parts = [f"{count} {change}" for change, count in counts.items() if count]
    pieces = []
    if parts:
        pieces.append("records " + ", ".join(parts))
    if result.moves:
        pieces.append(counted(len(result.moves), "move"))
    if result.canon:
        pieces.append(counted(len(result.canon), "canon change"))
    if result.introduced or result.fixed:
        pieces.append(f"findings {len(result.introduced)} new, {len(result.fixed)} fixed")
    return "; ".join(pieces)


def _sections(result: CanonDiff) -> Iterator[tuple[str, list[str]]]:
    """Each non-empty part of the diff: a heading and its lines."""
    if result.records:
        lines = []
        for record in result.records:
            where = f"  ({record.where})" if record.where else ""
            lines.append(f"{record}{where}")
        yield "Records", lines
    if result.moves:
        yield "Order", [str(move) for move in result.moves]
    if result.canon:
        yield "Canon", [str(change) for change in result.canon]
    if result.introduced:
        yield "New findings", [_finding(f) for f in result.introduced]
    if result.fixed:
        yield "Fixed findings", [_finding(f) for f in result.fixed]


def _text(result: CanonDiff, old: str, new: str) -> str:
    if not result:
        return f"plotline diff {old} → {new}: no change to the canon\n"
    out = [f"plotline diff {old} → {new}: {_summary(result)}"]
    for heading, lines in _sections(result):
        out.append(f"{heading.lower()}:")
        out.extend(f"  {line}" for line in lines)
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    """Text that Markdown shows as it is (no emphasis, no links, no HTML)."""
    return "".join("\\" + char if char in "\\`*_[]<>|#" else char for char in text)


def _markdown(result: CanonDiff, old: str, new: str) -> str:
    title = f"### plotline diff `{old}` → `{new}`"
    if not result:
        return f"{title}\n\nNo change to the canon.\n"
    out = [title, "", _md_escape(_summary(result)), ""]
    errors = result.new_errors
    if errors:
        out += [f"**{counted(len(errors), 'new error')}**", ""]
    for heading, lines in _sections(result):
        out += [f"#### {heading}", ""]
        out += [f"- {_md_escape(line)}" for line in lines]
        out.append("")
    return "\n".join(out)


def _finding_data(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "subjects": list(finding.subjects),
        "location": None if location is None else str(location),
    }


def _plain(value: Any) -> Any:
    """A field value as JSON holds it (times and other values as their text)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


def _json(result: CanonDiff, old: str, new: str) -> str:
    def findings(items: Iterable[Finding]) -> list[dict[str, Any]]:
        return [_finding_data(f) for f in items]

    data = {
        "version": _JSON_VERSION,
        "old": old,
        "new": new,
        "records": [
            {
                "table": record.table,
                "key": record.key,
                "change": record.change,
                "fields": {
                    field.field: {"old": _plain(field.old), "new": _plain(field.new)}
                    for field in record.fields
                },
                "location": record.where,
            }
            for record in result.records
        ],
        "moves": [
            {
                "event": move.event,
                "clock": move.clock,
                "old": move.old,
                "new": move.new,
                "after": move.after,
            }
            for move in result.moves
        ],
        "canon": [
            {"what": c.what, "subject": c.subject, "old": list(c.old), "new": list(c.new)}
            for c in result.canon
        ],
        "introduced": findings(result.introduced),
        "fixed": findings(result.fixed),
        "new_errors": len(result.new_errors),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_diff(result: CanonDiff, format: str, *, old: str, new: str) -> str:
    """The diff in ``format`` (one of :data:`DIFF_FORMATS`), naming the two versions."""
    writers = {"text": _text, "markdown": _markdown, "json": _json}
    return writers[format](result, old, new)
