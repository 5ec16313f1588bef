"""What a view draws, before it is DOT: marks and lines at positions we chose.

A :class:`Scene` is plain data in points, with the origin at the top left and
``y`` growing downwards, as one reads a page. The views fill a scene; the
layout is all ours, and :mod:`plotline._render._dot` turns the scene into DOT
source with every position pinned, for Graphviz only to draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

from plotline._render._quote import Justify, Text
from plotline._render._text import display_width

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._render._theme import Theme

__all__ = ["PAD", "Curve", "Line", "Mark", "Point", "Scene"]

#: The margin around each view, in points.
PAD = 24.0

Point = tuple[float, float]
#: How a line runs between its points: straight, or in S-curves that leave and
#: arrive level (``horizontal``, for lines across the page) or upright (``vertical``).
Curve = Literal["straight", "horizontal", "vertical"]


@attrs.frozen(slots=True)
class Mark:
    """A shape (or a piece of text) centred at ``(x, y)``, ``w`` by ``h`` points."""

    x: float
    y: float
    w: float
    h: float
    shape: str = "circle"
    fill: str | None = None
    stroke: str | None = None
    penwidth: float | None = None
    style: str | None = None
    label: Text | None = None
    fontsize: float | None = None
    fontcolor: str | None = None
    bold: bool = False
    tooltip: str | None = None
    classes: str = ""


@attrs.frozen(slots=True)
class Line:
    """A line through ``points``, drawn under every mark."""

    points: tuple[Point, ...]
    color: str
    width: float = 1.0
    dash: str = "solid"
    curve: Curve = "straight"
    tooltip: str | None = None
    classes: str = ""


@attrs.define
class Scene:
    """Everything one view draws, and the numbers that describe its layout."""

    theme: Theme
    title: str
    width: float = 0.0
    height: float = 0.0
    marks: list[Mark] = attrs.Factory(list)
    lines: list[Line] = attrs.Factory(list)
    stats: dict[str, Any] = attrs.Factory(dict)

    def mark(self, mark: Mark) -> Mark:
        """Add a mark; return it."""
        self.marks.append(mark)
        return mark

    def line(
        self,
        points: Sequence[Point],
        color: str,
        *,
        width: float = 1.0,
        dash: str = "solid",
        curve: Curve = "straight",
        tooltip: str | None = None,
        classes: str = "",
    ) -> None:
        """Add a line through ``points`` (at least two)."""
        self.lines.append(Line(tuple(points), color, width, dash, curve, tooltip, classes))

    def text(
        self,
        x: float,
        y: float,
        lines: Sequence[str] | str,
        *,
        justify: Justify = "center",
        fontsize: float = 10.0,
        color: str | None = None,
        bold: bool = False,
        tooltip: str | None = None,
        classes: str = "text",
        background: str | None = None,
    ) -> Mark:
        """Add text whose left, centre or right (after ``justify``) is at ``x``, centred on ``y``.

        The lines must already fit (see :func:`~plotline._render._text.wrap`);
        the box is sized from their estimated width.
        """
        rows = (lines,) if isinstance(lines, str) else tuple(lines)
        width = max((display_width(row, fontsize) for row in rows), default=0.0) + 2
        height = len(rows) * fontsize * 1.2 + 2
        if justify == "left":
            cx = x + width / 2
        elif justify == "right":
            cx = x - width / 2
        else:
            cx = x
        return self.mark(
            Mark(
                cx,
                y,
                width,
                height,
                shape="box" if background else "plaintext",
                fill=background,
                stroke=background,
                style="filled" if background else None,
                label=Text(rows, justify),
                fontsize=fontsize,
                fontcolor=color,
                bold=bold,
                tooltip=tooltip,
                classes=classes,
            )
        )

    def grow(self, x: float, y: float) -> None:
        """Make sure the scene reaches at least ``(x, y)``."""
        self.width = max(self.width, x)
        self.height = max(self.height, y)
