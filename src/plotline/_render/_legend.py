"""Legends: a framed row of samples, each with what it means.

A legend item is a function that draws a sample at a point (:func:`marker_sample`,
:func:`ring_sample`, :func:`line_sample`, :func:`box_sample`) and its text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from plotline._render._markers import MARKER_KINDS, MARKERS, marker, ring
from plotline._render._scene import Mark, Scene
from plotline._render._text import display_width, shorten

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "LegendItem",
    "box_sample",
    "legend",
    "line_sample",
    "marker_sample",
    "mode_items",
    "ring_sample",
]

#: A legend entry: something that draws a sample at a point, and what it means.
LegendItem = tuple[Callable[[Scene, float, float], None], str]

#: The legend's title and its size; item texts are :data:`ITEM_FONT` points.
TITLE = "Legend"
TITLE_FONT = 10.0
ITEM_FONT = 9.0
#: From the frame's left edge to the title, and from its top to the middle of the first row.
INSET = 10.0
FIRST_ROW = 14.0
#: From one row to the next, and from the last row's middle to the frame's bottom.
ROW = 20.0
BOTTOM = 14.0
#: After the title, before the first item.
AFTER_TITLE = 18.0
#: An item: its sample's centre is this far into it, its text starts :data:`TEXT_AT`
#: in, and :data:`ITEM_GAP` follows its text.
SAMPLE_AT = 8.0
TEXT_AT = 26.0
ITEM_GAP = 18.0
#: The widest an item's text may be, in points.
ITEM_WIDTH = 260.0
#: A row wraps only once it is this far from the frame's left edge.
MIN_ROW = 120.0
#: The size of a marker sample.
SAMPLE_SIZE = 9.0


def legend(scene: Scene, items: Sequence[LegendItem], x: float, y: float, width: float) -> float:
    """Draw a framed legend at ``(x, y)``, wrapping rows at ``width``; return the y below it."""
    theme = scene.theme
    frame_at = len(scene.marks)
    scene.text(
        x + INSET,
        y + FIRST_ROW,
        TITLE,
        justify="left",
        fontsize=TITLE_FONT,
        bold=True,
        color=theme.text,
        classes="legend",
    )
    row_start = x + INSET + display_width(TITLE, TITLE_FONT) + AFTER_TITLE
    cx = row_start
    cy = y + FIRST_ROW
    right = cx
    for draw, text in items:
        label = shorten(text, ITEM_WIDTH, ITEM_FONT)
        item_width = TEXT_AT + display_width(label, ITEM_FONT) + ITEM_GAP
        if cx + item_width > x + width and cx > x + MIN_ROW:
            cx = row_start
            cy += ROW
        draw(scene, cx + SAMPLE_AT, cy)
        scene.text(
            cx + TEXT_AT,
            cy,
            label,
            justify="left",
            fontsize=ITEM_FONT,
            color=theme.text,
            classes="legend",
        )
        cx += item_width
        right = max(right, cx)
    bottom = cy + BOTTOM
    frame = Mark(
        (x + right) / 2,
        (y + bottom) / 2,
        right - x,
        bottom - y,
        shape="box",
        stroke=theme.grid,
        style="rounded",
        penwidth=1,
        classes="legend frame",
    )
    scene.marks.insert(frame_at, frame)  # under what it frames
    scene.grow(right, bottom)
    return bottom


def marker_sample(
    kind: str, color: str, size: float = SAMPLE_SIZE
) -> Callable[[Scene, float, float], None]:
    """A legend sample: one event marker."""

    def draw(scene: Scene, x: float, y: float) -> None:
        marker(scene, x, y, size, kind=kind, color=color, classes="legend")

    return draw


def ring_sample(size: float = SAMPLE_SIZE) -> Callable[[Scene, float, float], None]:
    """A legend sample: a marker circled as a finding."""

    def draw(scene: Scene, x: float, y: float) -> None:
        marker(scene, x, y, size, kind="present", color=scene.theme.muted, classes="legend")
        scene.mark(ring(scene.theme, x, y, size, tooltip=None, classes="legend finding"))

    return draw


#: Half the length of a line sample, in points.
LINE_REACH = 9.0
UPRIGHT_REACH = 8.0


def line_sample(
    color: str, *, width: float = 2.0, dash: str = "solid", upright: bool = False
) -> Callable[[Scene, float, float], None]:
    """A legend sample: a short line (``upright``: a standing one)."""

    def draw(scene: Scene, x: float, y: float) -> None:
        if upright:
            ends = [(x, y - UPRIGHT_REACH), (x, y + UPRIGHT_REACH)]
        else:
            ends = [(x - LINE_REACH, y), (x + LINE_REACH, y)]
        scene.line(ends, color, width=width, dash=dash, classes="legend")

    return draw


#: The size of a band sample (lying) and of a capsule sample (upright, as in the cast chart).
BAND = (20.0, 11.0)
CAPSULE = (12.0, 18.0)


def box_sample(
    fill: str, stroke: str, *, dashed: bool = False, upright: bool = False
) -> Callable[[Scene, float, float], None]:
    """A legend sample: a small band (``upright``: a capsule, as in the cast chart)."""
    width, height = CAPSULE if upright else BAND

    def draw(scene: Scene, x: float, y: float) -> None:
        scene.mark(
            Mark(
                x,
                y,
                width,
                height,
                shape="box",
                fill=fill,
                stroke=stroke,
                style="rounded,filled,dashed" if dashed else "rounded,filled",
                classes="legend",
            )
        )

    return draw


def mode_items(kinds: Sequence[str], color: str) -> list[LegendItem]:
    """Legend entries for the marker kinds that occur, in a fixed order."""
    return [
        (marker_sample(kind, color), MARKERS[kind].label) for kind in MARKER_KINDS if kind in kinds
    ]
