"""The ``chronology`` view: story order against telling order.

Two rows of the same events: on top as they are told, below as they happen.
A line joins each event's two places. A story told in order draws parallel
lines; a flashback or a prequel is a line that runs back to the left, across
the others. The crossings count the pairs of events told in the other order
than they happen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._model import Event, Mode
from plotline._render._common import (
    PAD,
    event_kind,
    event_tooltip,
    finding_ring,
    header_rows,
    installment_header,
    legend,
    line_sample,
    marker,
    mode_items,
    place_columns,
    ring_sample,
    title_block,
)
from plotline._render._layout import inversions
from plotline._render._quote import shorten, wrap
from plotline._render._scene import Scene
from plotline._time import Instant, Interval

if TYPE_CHECKING:
    from plotline._render._select import Selection
    from plotline._render._theme import Theme

__all__ = ["chronology"]

DETAIL_LIMIT = 100


def chronology(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the chronology of ``sel``."""
    story = sel.story
    told = sel.events
    shown = {event.id for event in told}
    happened = tuple(event for event in sel.solution.chronology if event.id in shown)
    # Events the solver left out of story order keep their telling place at the end.
    placed = {event.id for event in happened}
    happened += tuple(event for event in told if event.id not in placed)
    scene = Scene(theme, title=f"{story.title or 'Story'}: chronology")
    detail = len(told) <= DETAIL_LIMIT
    n = max(len(told), 1)
    step = _step(n, detail)
    label_lines = 2 if step > 60 else 3
    size = 9.0 if detail else (5.0 if step >= 7 else 3.5)
    x0 = PAD + 110
    columns = place_columns(told, sel.tree, x0, step)

    subtitle = [f"{len(told)} events", "top: as told · bottom: as they happen"]
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))
    header_height = header_rows(sel, columns) * 18 + 4
    top = y + header_height + (34 if detail else 14)
    gap = 200.0 if detail else max(240.0, min(520.0, n * 0.35))
    bottom = top + gap
    if columns.xs:
        installment_header(scene, sel, columns, y, rule_bottom=top + 8, label_x=x0 - 8)
    left = columns.left if columns.xs else x0
    right = columns.right if columns.xs else x0 + 200
    story_x = _story_columns(len(happened), left, right)
    story_place = {event.id: place for place, event in enumerate(happened)}

    scene.text(
        x0 - 14,
        top,
        "as told",
        justify="right",
        fontsize=10,
        bold=True,
        color=theme.text,
        classes="row-label",
    )
    scene.text(
        x0 - 14,
        top + 13,
        "telling order →",
        justify="right",
        fontsize=8,
        color=theme.muted,
        classes="row-label",
    )
    scene.text(
        x0 - 14,
        bottom,
        "as it happens",
        justify="right",
        fontsize=10,
        bold=True,
        color=theme.text,
        classes="row-label",
    )
    scene.text(
        x0 - 14,
        bottom + 13,
        "story order →",
        justify="right",
        fontsize=8,
        color=theme.muted,
        classes="row-label",
    )
    scene.line([(left, top), (right, top)], theme.grid, width=0.8, classes="guide")
    scene.line([(left, bottom), (right, bottom)], theme.grid, width=0.8, classes="guide")

    colors = {
        "present": theme.muted,
        "flashback": theme.palette[1],
        "dream": theme.palette[3],
        "vision": theme.palette[3],
        "recap": theme.palette[4],
    }
    kinds: set[str] = set()
    marked = False
    for column, event in enumerate(told):
        xt = columns.xs[column]
        xs = story_x[story_place[event.id]]
        findings = sel.marks.about(event.id, event.origin)
        tooltip = event_tooltip(story, event, findings)
        kind = event_kind(event)
        kinds.add(kind)
        color = colors[event.mode.value]
        present = event.mode is Mode.PRESENT
        scene.line(
            [(xt, top), (xs, bottom)],
            theme.finding if findings else color,
            width=(1.0 if present else 2.0) * (1.0 if detail else 0.7) + (0.8 if findings else 0),
            dash="solid" if present else "dashed",
            curve="vertical",
            tooltip=tooltip,
            classes=f"link {event.mode.value}",
        )
        for y in (top, bottom):
            x = xt if y == top else xs
            marker(
                scene,
                x,
                y,
                size,
                kind=kind,
                color=color if not present else theme.text,
                tooltip=tooltip,
            )
            if findings:
                finding_ring(scene, x, y, size, findings)
                marked = True
        if detail:
            lines = wrap(event.label, step - 6, 7.5, label_lines)
            scene.text(
                xt,
                top - size / 2 - 4 - len(lines) * 4.8,
                lines,
                fontsize=8,
                color=theme.text,
                classes="event-label",
            )
    if detail:
        for place, event in enumerate(happened):
            lines = wrap(event.label, step - 6, 7.5, label_lines)
            y = bottom + size / 2 + 4 + len(lines) * 4.8
            scene.text(
                story_x[place], y, lines, fontsize=8, color=theme.text, classes="event-label"
            )
            if event.when is not None:
                scene.text(
                    story_x[place],
                    y + len(lines) * 4.8 + 8,
                    shorten(str(event.when), step - 4, 8),
                    fontsize=8,
                    color=theme.muted,
                    classes="date-label",
                )
    else:
        _date_ticks(scene, happened, story_x, bottom + size + 8, step)

    crossings = inversions([story_place[event.id] for event in told])
    legend_top = bottom + (64 if detail else 36)
    items = mode_items(sorted(kinds), theme.muted)
    items.append((line_sample(theme.muted, width=1), "event told in story order"))
    items.append(
        (
            line_sample(colors["flashback"], width=2, dash="dashed"),
            "told out of order (flashback, dream, recap)",
        )
    )
    if marked:
        items.append((ring_sample(), "finding (hover for details)"))
    legend(scene, items, PAD, legend_top, max(right - PAD, 600))
    scene.grow(right + PAD, bottom)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(view="chronology", events=len(told), crossings=crossings)
    return scene


def _step(columns: int, detail: bool) -> float:
    """Points between columns: room for labels when they are written, else a fit to ~2800."""
    if detail:
        return 64.0 if columns <= 40 else 50.0
    return max(4.0, min(14.0, 2800 / columns))


def _story_columns(count: int, left: float, right: float) -> list[float]:
    """Evenly spaced x for the story-order row, spanning the same width as the telling row."""
    if count <= 1:
        return [(left + right) / 2] * count
    step = (right - left) / count
    return [left + step / 2 + place * step for place in range(count)]


def _date_ticks(
    scene: Scene, happened: tuple[Event, ...], xs: list[float], y: float, step: float
) -> None:
    """Under a dense story row, label the first dated event of each year that has room."""
    last_x = -1e9
    last_year: int | None = None
    for place, event in enumerate(happened):
        if event.when is None:
            continue
        year = _year(event.when)
        if year is None or year == last_year:
            continue
        last_year = year
        x = xs[place]
        if x - last_x < 40:
            continue
        scene.line([(x, y - 6), (x, y - 2)], scene.theme.muted, width=0.8, classes="tick")
        scene.text(x, y + 4, str(year), fontsize=8, color=scene.theme.muted, classes="date-label")
        last_x = x


def _year(value: Instant | Interval) -> int | None:
    if isinstance(value, Instant):
        return value.year
    return value.start.year if value.start is not None else None
