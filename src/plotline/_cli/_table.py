"""Tables in the terminal, for ``plotline show`` and its knowledge questions."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

__all__ = ["table", "terminal_width"]


def terminal_width(stream: TextIO) -> int:
    """The width of the terminal ``stream`` writes to (120 when it is none)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 120


def table(rows: Sequence[Sequence[str]], *, width: int) -> str:
    """Rows as aligned columns; the widest columns give way first when space runs out."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    gap = 2
    while sum(widths) + gap * (len(widths) - 1) > width and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    lines = []
    for index, row in enumerate(rows):
        cells = [_fit(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)]
        lines.append((" " * gap).join(cells).rstrip())
        if index == 0:
            lines.append((" " * gap).join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
