"""What changed in the canon between two versions of a story (``plotline diff``).

:func:`diff` compares two stories record by record, order by order and fact by
fact (deaths, returns, threads opened and resolved, releases), and, given their
check reports, the findings introduced and fixed. :func:`format_diff` writes
the result as text, Markdown or JSON. Revisions of a git repository are read
by :func:`plotline._diff._git.check_out`.
"""

from __future__ import annotations

from plotline._diff._compare import (
    CanonChange,
    CanonDiff,
    FieldChange,
    Move,
    RecordChange,
    diff,
)
from plotline._diff._format import DIFF_FORMATS, format_diff

__all__ = [
    "DIFF_FORMATS",
    "CanonChange",
    "CanonDiff",
    "FieldChange",
    "Move",
    "RecordChange",
    "diff",
    "format_diff",
]
