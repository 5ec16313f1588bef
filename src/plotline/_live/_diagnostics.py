"""A check's findings and load problems, file by file, as spans an editor can mark.

>>> from plotline.exceptions import Location, Problem
>>> lines = {"a.toml": ['mode = "flashfoward"']}
>>> (mark,) = problem_marks([Problem("unknown mode", Location("a.toml", 1, 1))], lines)
>>> (mark.line, mark.start, mark.end, mark.severity)
(0, 0, 20, 'error')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plotline._check._finding import Finding
    from plotline.exceptions import Location, Problem

__all__ = ["Mark", "finding_marks", "problem_marks"]


@attrs.frozen
class Mark:
    """One diagnostic: where (0-based line, start and end columns), what, and how bad."""

    file: str
    line: int
    start: int
    end: int
    severity: str
    """``error``, ``warning`` or ``info``."""
    message: str
    code: str | None = None
    related: tuple[tuple[str, int, int, str], ...] = ()
    """Other places that explain it: (file, line, column, message), 0-based."""
    finding: Finding | None = attrs.field(default=None, eq=False, repr=False)


def _span(location: Location, lines: dict[str, list[str]]) -> tuple[int, int, int]:
    """Line, start and end of a location: from its column to the end of its line's text."""
    line = max(location.line - 1, 0)
    text = lines.get(location.file or "", [])
    start = max(location.column - 1, 0)
    if line < len(text):
        end = len(text[line].rstrip("\r\n"))
        return line, min(start, end), max(end, min(start, end))
    return line, start, start


def problem_marks(problems: Iterable[Problem], lines: dict[str, list[str]]) -> list[Mark]:
    """Each load problem as a mark on its line; the hint joins the message."""
    marks = []
    for problem in problems:
        where = problem.location
        if where is None or where.file is None:
            continue
        line, start, end = _span(where, lines)
        message = problem.message + (f" ({problem.hint})" if problem.hint else "")
        marks.append(Mark(where.file, line, start, end, "error", message, "load"))
    return marks


def finding_marks(
    findings: Iterable[Finding], lines: dict[str, list[str]], fallback: str
) -> list[Mark]:
    """Each active finding as a mark; one without a location goes on ``fallback``'s first line."""
    marks = []
    for finding in findings:
        if finding.suppressed:
            continue
        where = finding.location
        if where is None or where.file is None:
            file, line, start, end = fallback, 0, 0, 0
        else:
            file = where.file
            line, start, end = _span(where, lines)
        related = tuple(
            (r.location.file, max(r.location.line - 1, 0), max(r.location.column - 1, 0), r.message)
            for r in finding.related
            if r.location is not None and r.location.file is not None
        )
        marks.append(
            Mark(
                file,
                line,
                start,
                end,
                finding.severity.value,
                finding.message,
                finding.code,
                related,
                finding,
            )
        )
    return marks
