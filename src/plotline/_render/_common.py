"""Pieces every view shares: titles, legends, event markers, installment headers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from plotline._model import Event, Mode, Story, Work
from plotline._render._quote import Text, display_width, shorten
from plotline._render._scene import Mark, Scene
from plotline._render._select import Marks, Selection, WorkTree, work_names

if TYPE_CHECKING:
    from plotline._check._finding import Finding

__all__ = [
    "PAD",
    "Columns",
    "LegendItem",
    "event_kind",
    "event_tooltip",
    "finding_ring",
    "header_rows",
    "installment_header",
    "legend",
    "marker",
    "place_columns",
    "title_block",
]

#: Margin around each view, in points.
PAD = 24.0

#: How an event is drawn, by mode; deaths override the mode.
MARKER_KINDS = ("present", "flashback", "dream", "vision", "recap", "death", "mention")

#: A legend entry: something that draws a sample at a point, and what it means.
LegendItem = tuple[Callable[[Scene, float, float], None], str]


def title_block(scene: Scene, title: str, subtitle: str, x: float = PAD, y: float = PAD) -> float:
    """Draw the view's title and subtitle at the top left; return the y below them."""
    theme = scene.theme
    scene.text(
        x,
        y + 10,
        shorten(title, 900, 18),
        justify="left",
        fontsize=18,
        bold=True,
        color=theme.text,
        tooltip=title,
        classes="title",
    )
    scene.text(
        x,
        y + 32,
        shorten(subtitle, 1400, 10),
        justify="left",
        fontsize=10,
        color=theme.muted,
        tooltip=subtitle,
        classes="subtitle",
    )
    scene.grow(x + min(display_width(title, 18), 900), y + 44)
    return y + 48


def event_kind(event: Event) -> str:
    """The marker kind of an event: ``death`` if someone dies in it, else its mode."""
    if any(role.ends_life for role in event.participants.values()):
        return "death"
    return event.mode.value


def marker(
    scene: Scene,
    x: float,
    y: float,
    size: float,
    *,
    kind: str,
    color: str,
    tooltip: str | None = None,
    classes: str = "event",
) -> Mark:
    """Draw one event marker of ``kind`` (see :data:`MARKER_KINDS`) in ``color``."""
    theme = scene.theme
    classes = f"{classes} {kind}"
    if kind == "death":
        mark = Mark(
            x,
            y + size * 0.08,
            size * 1.35,
            size * 1.2,
            shape="invtriangle",
            fill=theme.death,
            stroke=color,
            penwidth=1.2,
            style="filled",
            tooltip=tooltip,
            classes=classes,
        )
    elif kind == "flashback":
        mark = Mark(
            x,
            y,
            size * 0.9,
            size * 0.9,
            shape="box",
            fill=theme.background,
            stroke=color,
            penwidth=1.8,
            style="filled",
            tooltip=tooltip,
            classes=classes,
        )
    elif kind in ("dream", "vision"):
        fill = theme.background if kind == "dream" else theme.tint(color, 0.45)
        mark = Mark(
            x,
            y,
            size * 1.3,
            size * 1.3,
            shape="diamond",
            fill=fill,
            stroke=color,
            penwidth=1.6,
            style="filled",
            tooltip=tooltip,
            classes=classes,
        )
    elif kind == "recap":
        mark = Mark(
            x,
            y,
            size,
            size,
            fill=theme.background,
            stroke=color,
            penwidth=1.8,
            style="filled",
            tooltip=tooltip,
            classes=classes,
        )
    elif kind == "mention":
        mark = Mark(
            x,
            y,
            size * 0.75,
            size * 0.75,
            fill=theme.background,
            stroke=color,
            penwidth=1.0,
            style="filled",
            tooltip=tooltip,
            classes=classes,
        )
    else:
        mark = Mark(
            x,
            y,
            size,
            size,
            fill=color,
            stroke=theme.background,
            penwidth=0.8,
            style="filled",
            tooltip=tooltip,
            classes=classes,
        )
    return scene.mark(mark)


def finding_ring(
    scene: Scene, x: float, y: float, size: float, findings: Sequence[Finding], *, classes: str = ""
) -> None:
    """Circle a marked place in the finding colour; the tooltip lists the findings."""
    scene.mark(
        Mark(
            x,
            y,
            size + 9,
            size + 9,
            fill=None,
            stroke=scene.theme.finding,
            penwidth=2.4,
            style="solid",
            tooltip=Marks.describe(findings) or None,
            classes=f"finding {classes}".strip(),
        )
    )


def event_tooltip(story: Story, event: Event, findings: Sequence[Finding] = ()) -> str:
    """The hover text of an event: title, where it is told, mode, threads, who, summary."""
    lines = [event.label]
    where = [event.told_in or "not placed"]
    if event.mode is not Mode.PRESENT:
        where.append(event.mode.value)
    if event.when is not None:
        where.append(f"when {event.when}")
    lines.append(" · ".join(where))
    threads = event.all_threads
    if threads:
        index = story.thread_index
        names = [index[t].label if t in index else t for t in threads]
        lines.append("threads: " + ", ".join(names))
    if event.participants:
        who = []
        people = story.entity_index
        for entity, role in event.participants.items():
            name = people[entity].label if entity in people else entity
            who.append(name if role.value == "present" else f"{name} ({role.value})")
        lines.append("who: " + ", ".join(who))
    if event.summary:
        lines.append(event.summary)
    if findings:
        lines.append(Marks.describe(findings))
    lines.append(f"id: {event.id}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Columns: events left to right, with room between installments.


@attrs.frozen(slots=True)
class Columns:
    """The x of each event's column, in telling order."""

    events: tuple[Event, ...]
    xs: tuple[float, ...]
    step: float

    @property
    def left(self) -> float:
        """Where the first column's cell begins."""
        return self.xs[0] - self.step / 2 if self.xs else 0.0

    @property
    def right(self) -> float:
        """Where the last column's cell ends."""
        return self.xs[-1] + self.step / 2 if self.xs else 0.0


def place_columns(events: Sequence[Event], tree: WorkTree, x0: float, step: float) -> Columns:
    """Columns ``step`` apart from ``x0`` (the first cell's left), wider between installments.

    Between two episodes there is half a step more, between two seasons a whole
    step more: the higher the level that changes, the wider the gap.
    """
    xs: list[float] = []
    x = x0 + step / 2
    previous: tuple[str, ...] | None = None
    for event in events:
        chain = tuple(work.id for work in tree.chain(event.told_in))
        if previous is not None and chain != previous:
            depth = _common_depth(chain, previous)
            deepest = max(len(chain), len(previous))
            x += step * (0.5 if depth >= deepest - 1 else 1.0)
        xs.append(x)
        x += step
        previous = chain
    return Columns(tuple(events), tuple(xs), step)


def _common_depth(a: Sequence[str], b: Sequence[str]) -> int:
    depth = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        depth += 1
    return depth


def installment_header(
    scene: Scene,
    sel: Selection,
    columns: Columns,
    y: float,
    *,
    rule_bottom: float,
    label_x: float,
    row: float = 18.0,
) -> float:
    """Label the installments over the columns, one row per level, with rules between them.

    A level that holds a single work throughout (a lone series) gets no row.
    Rules run from the header down to ``rule_bottom``: faint between episodes,
    stronger between seasons. Returns the y below the header.
    """
    theme = scene.theme
    chains = [sel.tree.chain(event.told_in) for event in columns.events]
    depth = max((len(chain) for chain in chains), default=0)
    top = y
    for level in range(depth):
        runs = _runs(chains, level)
        if len(runs) <= 1 and level < depth - 1:
            continue
        kind = next((run[0].kind.value for run in runs if run[0] is not None), "")
        scene.text(
            label_x,
            y + row / 2,
            kind,
            justify="right",
            fontsize=8,
            color=theme.muted,
            classes="header",
        )
        strong = level < depth - 1
        for work, first, last in runs:
            if work is None:
                continue
            left = columns.xs[first] - columns.step / 2
            right = columns.xs[last] + columns.step / 2
            width = right - left - 4
            label = _fit_name(work_names(work), width, 9 if strong else 8)
            tooltip = work.title or work.id
            if work.title and work.title != work.id:
                tooltip = f"{work.title} ({work.id})"
            scene.mark(
                Mark(
                    (left + right) / 2,
                    y + row / 2,
                    max(width, 1),
                    row - 4,
                    shape="box",
                    fill=theme.band,
                    stroke=theme.band,
                    style="filled",
                    label=Text((label,)) if label else None,
                    fontsize=9 if strong else 8,
                    fontcolor=theme.text if strong else theme.muted,
                    tooltip=tooltip,
                    classes="installment",
                )
            )
        y += row
    # Rules between installments, strongest where the highest level changes.
    for index in range(1, len(chains)):
        a, b = chains[index - 1], chains[index]
        if a == b:
            continue
        depth_same = _common_depth([w.id for w in a], [w.id for w in b])
        x = (columns.xs[index - 1] + columns.xs[index]) / 2
        strong = depth_same < max(len(a), len(b)) - 1
        scene.line(
            [(x, top), (x, rule_bottom)],
            theme.muted if strong else theme.grid,
            width=1.0 if strong else 0.7,
            dash="solid" if strong else "dashed",
            classes="rule",
        )
    return y + (4 if y > top else 0)


def header_rows(sel: Selection, columns: Columns) -> int:
    """How many rows :func:`installment_header` draws over ``columns``."""
    chains = [sel.tree.chain(event.told_in) for event in columns.events]
    depth = max((len(chain) for chain in chains), default=0)
    return sum(
        1 for level in range(depth) if not (len(_runs(chains, level)) <= 1 and level < depth - 1)
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


# ---------------------------------------------------------------------------
# Legends.


def legend(scene: Scene, items: Sequence[LegendItem], x: float, y: float, width: float) -> float:
    """Draw a framed legend at ``(x, y)``, wrapping rows at ``width``; return the y below it."""
    theme = scene.theme
    frame_at = len(scene.marks)
    scene.text(
        x + 10,
        y + 14,
        "Legend",
        justify="left",
        fontsize=10,
        bold=True,
        color=theme.text,
        classes="legend",
    )
    cx = x + 10 + display_width("Legend", 10) + 18
    cy = y + 14
    right = cx
    for draw, text in items:
        label = shorten(text, 260, 9)
        item_width = 26 + display_width(label, 9) + 18
        if cx + item_width > x + width and cx > x + 120:
            cx = x + 10 + display_width("Legend", 10) + 18
            cy += 20
        draw(scene, cx + 8, cy)
        scene.text(
            cx + 26, cy, label, justify="left", fontsize=9, color=theme.text, classes="legend"
        )
        cx += item_width
        right = max(right, cx)
    bottom = cy + 14
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
    scene.marks.insert(frame_at, frame)
    scene.grow(right, bottom)
    return bottom


def marker_sample(kind: str, color: str, size: float = 9) -> Callable[[Scene, float, float], None]:
    """A legend sample: one event marker."""

    def draw(scene: Scene, x: float, y: float) -> None:
        marker(scene, x, y, size, kind=kind, color=color, classes="legend")

    return draw


def ring_sample(size: float = 9) -> Callable[[Scene, float, float], None]:
    """A legend sample: a marker circled as a finding."""

    def draw(scene: Scene, x: float, y: float) -> None:
        marker(scene, x, y, size, kind="present", color=scene.theme.muted, classes="legend")
        scene.mark(
            Mark(
                x,
                y,
                size + 9,
                size + 9,
                stroke=scene.theme.finding,
                penwidth=2.4,
                style="solid",
                classes="legend finding",
            )
        )

    return draw


def line_sample(
    color: str, *, width: float = 2.0, dash: str = "solid", upright: bool = False
) -> Callable[[Scene, float, float], None]:
    """A legend sample: a short line."""

    def draw(scene: Scene, x: float, y: float) -> None:
        if upright:
            scene.line([(x, y - 8), (x, y + 8)], color, width=width, dash=dash, classes="legend")
        else:
            scene.line([(x - 9, y), (x + 9, y)], color, width=width, dash=dash, classes="legend")

    return draw


def box_sample(
    fill: str, stroke: str, *, dashed: bool = False, upright: bool = False
) -> Callable[[Scene, float, float], None]:
    """A legend sample: a small band (``upright``: a capsule, as in the cast chart)."""

    def draw(scene: Scene, x: float, y: float) -> None:
        scene.mark(
            Mark(
                x,
                y,
                12 if upright else 20,
                18 if upright else 11,
                shape="box",
                fill=fill,
                stroke=stroke,
                style="rounded,filled,dashed" if dashed else "rounded,filled",
                classes="legend",
            )
        )

    return draw


MODE_TEXT = {
    "present": "event",
    "flashback": "flashback",
    "dream": "dream",
    "vision": "vision",
    "recap": "recap (told again)",
    "death": "a death",
    "mention": "mentioned only",
}


def mode_items(kinds: Sequence[str], color: str) -> list[LegendItem]:
    """Legend entries for the marker kinds that occur, in a fixed order."""
    return [(marker_sample(kind, color), MODE_TEXT[kind]) for kind in MARKER_KINDS if kind in kinds]
