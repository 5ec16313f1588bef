"""The installment header: the works over a view's columns, and the rules between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._render._columns import common_depth
from plotline._render._quote import Text
from plotline._render._scene import Mark
from plotline._render._select import work_names
from plotline._render._text import display_width, shorten

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._model import Work
    from plotline._render._columns import Columns
    from plotline._render._scene import Scene
    from plotline._render._select import Selection

__all__ = ["HEADER_BELOW", "HEADER_ROW", "KIND_FONT", "header_rows", "installment_header"]

#: The height of one header row (one level of the works tree), in points.
HEADER_ROW = 18.0
#: The size of a level's name (``season``, ``episode``, ``arcs``) left of its row.
KIND_FONT = 8.0
#: The size of a work's name on a higher level (a season) and on the lowest (an episode).
UPPER_FONT = 9.0
LOWER_FONT = 8.0
#: Room left between neighbouring works' boxes, in points (their boxes are this much narrower).
BOX_GAP = 4.0
#: A rule where a higher level changes (between seasons), and between episodes.
STRONG_RULE_PEN = 1.0
RULE_PEN = 0.7
#: Below the header, when it has rows, before whatever comes next.
HEADER_BELOW = 4.0


def installment_header(
    scene: Scene,
    sel: Selection,
    columns: Columns,
    y: float,
    *,
    rule_bottom: float,
    label_x: float,
    row: float = HEADER_ROW,
) -> float:
    """Label the installments over the columns, one row per level, with rules between them.

    A level that holds a single work throughout (a lone series) gets no row.
    Rules run from the header down to ``rule_bottom``: faint between episodes,
    stronger between seasons. Returns the y below the header.
    """
    chains = [sel.tree.chain(event.told_in) for event in columns.events]
    depth = max((len(chain) for chain in chains), default=0)
    top = y
    for level in _shown_levels(chains, depth):
        runs = _runs(chains, level)
        _level_row(scene, columns, runs, y, row=row, label_x=label_x, upper=level < depth - 1)
        if y == top:
            _backstory_box(scene, columns, runs, y, row=row)
        y += row
    _rules(scene, columns, chains, top=top, bottom=rule_bottom)
    return y + (HEADER_BELOW if y > top else 0)


def header_rows(sel: Selection, columns: Columns) -> int:
    """How many rows :func:`installment_header` draws over ``columns``."""
    chains = [sel.tree.chain(event.told_in) for event in columns.events]
    depth = max((len(chain) for chain in chains), default=0)
    return len(_shown_levels(chains, depth))


def _shown_levels(chains: Sequence[Sequence[Work]], depth: int) -> list[int]:
    """The levels that get a row: all but the upper ones that hold one work throughout."""
    return [
        level
        for level in range(depth)
        if not (
            sum(1 for run in _runs(chains, level) if run[0] is not None) <= 1 and level < depth - 1
        )
    ]


#: The header's name for the leading columns of backstory (events told nowhere).
BACKSTORY_LABEL = "before the story"


def _backstory_box(
    scene: Scene,
    columns: Columns,
    runs: Sequence[tuple[Work | None, int, int]],
    y: float,
    *,
    row: float,
) -> None:
    """Name the leading run of backstory columns (told nowhere) in the header's top row."""
    if not runs or runs[0][0] is not None:
        return
    _, first, last = runs[0]
    if any(columns.events[at].told_in is not None for at in range(first, last + 1)):
        return  # told in a work that is missing, not backstory
    theme = scene.theme
    _header_box(
        scene,
        columns,
        first=first,
        last=last,
        y=y,
        row=row,
        names=(BACKSTORY_LABEL, "before"),
        fontsize=LOWER_FONT,
        fill=theme.background,
        stroke=theme.grid,
        style="dashed",
        fontcolor=theme.muted,
        tooltip="backstory: events told in no installment, in story order",
        classes="installment backstory",
    )


def _level_row(
    scene: Scene,
    columns: Columns,
    runs: Sequence[tuple[Work | None, int, int]],
    y: float,
    *,
    row: float,
    label_x: float,
    upper: bool,
) -> None:
    """One header row: the level's kind on the left, then a named box over each work's columns."""
    theme = scene.theme
    kind = next((str(run[0].kind) for run in runs if run[0] is not None), "")
    fontsize = UPPER_FONT if upper else LOWER_FONT
    scene.text(
        label_x,
        y + row / 2,
        kind,
        justify="right",
        fontsize=KIND_FONT,
        color=theme.muted,
        classes="header",
    )
    for work, first, last in runs:
        if work is None:
            continue
        tooltip = work.title or work.id
        if work.title and work.title != work.id:
            tooltip = f"{work.title} ({work.id})"
        _header_box(
            scene,
            columns,
            first=first,
            last=last,
            y=y,
            row=row,
            names=work_names(work),
            fontsize=fontsize,
            fill=theme.band,
            stroke=theme.band,
            style="filled",
            fontcolor=theme.text if upper else theme.muted,
            tooltip=tooltip,
            classes="installment",
        )


def _header_box(
    scene: Scene,
    columns: Columns,
    *,
    first: int,
    last: int,
    y: float,
    row: float,
    names: Sequence[str],
    fontsize: float,
    fill: str,
    stroke: str,
    style: str,
    fontcolor: str,
    tooltip: str,
    classes: str,
) -> None:
    """A box over columns ``first`` to ``last`` of one header row, named as fits its width."""
    left = columns.xs[first] - columns.step / 2
    right = columns.xs[last] + columns.step / 2
    width = right - left - BOX_GAP
    label = _fit_name(names, width, fontsize)
    scene.mark(
        Mark(
            (left + right) / 2,
            y + row / 2,
            max(width, 1),
            row - BOX_GAP,
            shape="box",
            fill=fill,
            stroke=stroke,
            style=style,
            label=Text((label,)) if label else None,
            fontsize=fontsize,
            fontcolor=fontcolor,
            tooltip=tooltip,
            classes=classes,
        )
    )


def _rules(
    scene: Scene,
    columns: Columns,
    chains: Sequence[Sequence[Work]],
    *,
    top: float,
    bottom: float,
) -> None:
    """Rules between installments, ``top`` to ``bottom``: strongest where a higher level changes."""
    theme = scene.theme
    for index in range(1, len(chains)):
        a, b = chains[index - 1], chains[index]
        if a == b:
            continue
        same = common_depth([w.id for w in a], [w.id for w in b])
        x = (columns.xs[index - 1] + columns.xs[index]) / 2
        strong = same < max(len(a), len(b)) - 1
        scene.line(
            [(x, top), (x, bottom)],
            theme.muted if strong else theme.grid,
            width=STRONG_RULE_PEN if strong else RULE_PEN,
            dash="solid" if strong else "dashed",
            classes="rule",
        )


def _runs(chains: Sequence[Sequence[Work]], level: int) -> list[tuple[Work | None, int, int]]:
    """Consecutive columns sharing the work at ``level``: ``(work or None, first, last)``."""
    runs: list[tuple[Work | None, int, int]] = []
    for index, chain in enumerate(chains):
        work = chain[level] if level < len(chain) else None
        if runs and runs[-1][0] is work:
            runs[-1] = (work, runs[-1][1], index)
        else:
            runs.append((work, index, index))
    return runs


def _fit_name(names: Sequence[str], width: float, fontsize: float) -> str:
    """The first of ``names`` that fits ``width``; else the shortest, cut to fit."""
    for name in names:
        if display_width(name, fontsize) <= width:
            return name
    shortest = min(names, key=len)
    if width < display_width("…", fontsize) * 2:
        return ""
    return shorten(shortest, width, fontsize)
