"""The ``storyline`` view: telling order left to right, one lane per thread.

An event sits on the lane of each of its threads, its markers joined by a
connector across the lanes between them. Lanes are ordered so that connectors
cross as few other lanes as they can (:func:`~plotline._render._layout.lane_order`).
Above the lanes: the installments, then the arcs as labelled bands. Deaths,
flashbacks, dreams and recaps have their own markers; findings are circled.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING

from plotline._model import Arc, Event, Mode, Thread
from plotline._render._common import (
    PAD,
    Columns,
    box_sample,
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
from plotline._render._layout import lane_order
from plotline._render._quote import Text, display_width, shorten, wrap
from plotline._render._scene import Mark, Scene
from plotline._render._select import Marks, Selection
from plotline._render._theme import LaneStyle, Theme

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._check._finding import Finding

__all__ = ["storyline"]

#: Up to this many events, each gets a written label; beyond, only tooltips.
DETAIL_LIMIT = 100
#: Lane labels are repeated across a wide picture about this often (points).
REPEAT_EVERY = 1400.0
NO_THREAD = "(no thread)"


def storyline(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the storyline of ``sel``."""
    story = sel.story
    events = sel.events
    scene = Scene(theme, title=f"{story.title or 'Story'}: storyline")
    detail = len(events) <= DETAIL_LIMIT

    # -- lanes and their order ---------------------------------------------------------
    lanes: list[Thread | None] = list(sel.threads)
    index = {thread.id: place for place, thread in enumerate(sel.threads)}
    on_lanes: list[tuple[int, ...]] = []
    shown = sel.thread_set
    nowhere = (len(lanes),)  # the lane of the events on no thread shown, last if any
    for event in events:
        own = tuple(index[t] for t in sel.thread_ids(event, shown))
        on_lanes.append(own or nowhere)
    if nowhere in on_lanes:
        lanes.append(None)
    count = len(lanes)
    first_last: list[tuple[int, int] | None] = [None] * count
    for column, own in enumerate(on_lanes):
        for lane in own:
            span = first_last[lane]
            first_last[lane] = (column, column) if span is None else (span[0], column)
    ordered = lane_order(count, on_lanes, columns=range(len(on_lanes)), active=first_last)
    order = ordered.order
    styles = {lane: theme.lane(lane) for lane in range(count)}
    if None in lanes:
        styles[lanes.index(None)] = LaneStyle(theme.muted, "dotted")

    # -- geometry ------------------------------------------------------------------------
    n = max(len(events), 1)
    if detail:
        step, label_lines = (70.0, 2) if n <= 40 else (50.0, 3)
    else:
        step, label_lines = max(5.0, min(14.0, 2800 / n)), 0
    lane_gap = 50.0 if detail else (22.0 if count <= 40 else 17.0)
    size = 10.0 if detail else (6.0 if step >= 8 else 4.5)
    label_font = 10.0 if count <= 40 else 9.0
    names = [_lane_name(lane) for lane in lanes]
    label_width = min(max((display_width(name, label_font) for name in names), default=40), 200)
    x0 = PAD + label_width + 24
    columns = place_columns(events, sel.tree, x0, step)

    subtitle = [f"{len(events)} events in telling order", f"{count} threads"]
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))

    # Installment header and arc bands sit above the lanes; the rules between
    # installments run down through the lanes, so work out how deep they go.
    arc_rows = _arc_rows(sel, columns)
    header_count = header_rows(sel, columns)
    lanes_top = y + header_count * 18 + (len(arc_rows) * 22 + 6 if arc_rows else 0) + 8
    if detail:
        lanes_top += 8 + label_lines * 8  # room for the labels above the first lane
    lane_y = {lane: lanes_top + place * lane_gap for place, lane in enumerate(order)}
    lanes_bottom = lanes_top + (count - 1) * lane_gap if count else lanes_top
    extra_bottom = 34.0 if detail else 10.0
    if columns.xs:
        y = installment_header(
            scene, sel, columns, y, rule_bottom=lanes_bottom + extra_bottom, label_x=x0 - 8
        )
    _draw_arcs(
        scene,
        sel,
        columns=columns,
        rows=arc_rows,
        y=y,
        label_x=x0 - 8,
        styles=styles,
        index=index,
    )

    # -- lanes -----------------------------------------------------------------------------
    columns_of: list[list[float]] = [[] for _ in range(count)]
    for column, own in enumerate(on_lanes):
        for lane in own:
            columns_of[lane].append(columns.xs[column])
    left = columns.left if columns.xs else x0
    right = columns.right if columns.xs else x0 + 200
    for lane in order:
        ly = lane_y[lane]
        style = styles[lane]
        scene.line([(left, ly), (right, ly)], theme.grid, width=0.6, classes="guide")
        span = first_last[lane]
        if span is not None and columns.xs:
            a, b = columns.xs[span[0]], columns.xs[span[1]]
            if b - a < 1:
                a, b = a - step / 3, b + step / 3
            scene.line(
                [(a, ly), (b, ly)],
                style.color,
                width=2.4 if detail else 1.6,
                dash=style.dash,
                tooltip=names[lane],
                classes="lane",
            )
        thread = lanes[lane]
        lane_findings = sel.marks.about(thread.id, thread.origin) if thread else ()
        tooltip = _lane_tooltip(thread, span is not None)
        scene.text(
            x0 - 10,
            ly,
            shorten(names[lane], label_width, label_font),
            justify="right",
            fontsize=label_font,
            color=theme.readable(style.color) if not lane_findings else theme.finding,
            bold=bool(lane_findings),
            tooltip=tooltip + _describe(lane_findings),
            classes="lane-label",
        )
        scene.text(
            right + 10,
            ly,
            shorten(names[lane], label_width, label_font),
            justify="left",
            fontsize=label_font,
            color=theme.readable(style.color),
            tooltip=tooltip,
            classes="lane-label",
        )
        if span is not None and columns.xs:
            _repeat_name(
                scene,
                names[lane],
                y=ly,
                start=max(left + REPEAT_EVERY, columns.xs[span[0]]),
                stop=min(right - REPEAT_EVERY / 2, columns.xs[span[1]] + REPEAT_EVERY / 2),
                placed=columns_of[lane],
                step=step,
                size=size,
                color=theme.readable(style.color),
                tooltip=tooltip,
            )

    # -- events ---------------------------------------------------------------------------
    kinds: set[str] = set()
    for column, (event, own) in enumerate(zip(events, on_lanes, strict=True)):
        x = columns.xs[column]
        kind = event_kind(event)
        kinds.add(kind)
        findings = sel.marks.about(event.id, event.origin)
        tooltip = event_tooltip(story, event, findings)
        ys = sorted(lane_y[lane] for lane in own)
        if len(own) > 1:
            scene.line(
                [(x, ys[0]), (x, ys[-1])],
                theme.muted,
                width=1.2 if detail else 0.8,
                dash="solid" if event.mode is Mode.PRESENT else "dashed",
                tooltip=tooltip if detail else None,
                classes="connector",
            )
        # A big picture carries each event's tooltip once, on its first marker:
        # the SVG stays small enough to draw and to open.
        for place, lane in enumerate(own):
            marker(
                scene,
                x,
                lane_y[lane],
                size,
                kind=kind,
                color=styles[lane].color,
                tooltip=tooltip if detail or place == 0 else None,
            )
        if findings:
            kinds.add("finding")
            for lane in own:
                finding_ring(scene, x, lane_y[lane], size, findings)
        if detail:
            _event_labels(
                scene,
                sel,
                event,
                x=x,
                top=ys[0],
                bottom=ys[-1],
                step=step,
                size=size,
                lines=label_lines,
                findings=findings,
            )

    # -- legend -----------------------------------------------------------------------------
    bottom = lanes_bottom + extra_bottom + 16
    mode_kinds = [k for k in kinds if k != "finding"] or ["present"]
    items = mode_items(mode_kinds, theme.muted)
    items.append((line_sample(theme.muted, width=1.2, upright=True), "event on several threads"))
    if arc_rows:
        items.append((box_sample(theme.band, theme.muted), "arc"))
    if "finding" in kinds:
        items.append((ring_sample(), "finding (hover for details)"))
    items.append(
        (line_sample(theme.grid, width=1, dash="dashed", upright=True), "installment boundary")
    )
    legend(scene, items, PAD, bottom, max(right - PAD, 600))
    scene.grow(right + label_width + 24 + PAD, lanes_bottom + extra_bottom)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(
        view="storyline",
        events=len(events),
        lanes=count,
        crossings=ordered.crossings,
        crossings_declared_order=ordered.declared,
        lane_order=tuple(names[lane] for lane in order),
    )
    return scene


def _lane_name(thread: Thread | None) -> str:
    if thread is None:
        return NO_THREAD
    return thread.label


def _lane_tooltip(thread: Thread | None, has_events: bool) -> str:
    if thread is None:
        return "events that name no thread"
    lines = [thread.label]
    if thread.status is not None:
        lines.append(f"status: {thread.status.value}")
    if thread.summary:
        lines.append(thread.summary)
    if not has_events:
        lines.append("no events shown")
    lines.append(f"id: {thread.id}")
    return "\n".join(lines)


def _repeat_name(
    scene: Scene,
    name: str,
    *,
    y: float,
    start: float,
    stop: float,
    placed: Sequence[float],
    step: float,
    size: float,
    color: str,
    tooltip: str,
) -> None:
    """Repeat a lane's name along it, about every :data:`REPEAT_EVERY` points.

    So a lane can be told anywhere in a wide picture, its name is written on
    the lane itself (over a patch of background) from ``start`` to ``stop``,
    where none of its markers (at ``placed``, sorted) would be hidden by it.
    The caller keeps that to where the lane is drawn, and a little beyond, so
    that a short lane gets its name beside it: along the whole width, a
    picture many lanes tall and many pages wide would carry lanes times pages
    of names, mostly on empty guides.
    """
    repeated = shorten(name, 160, 8)
    room = display_width(repeated, 8) + 8
    x = start
    while x < stop:
        if bisect_left(placed, x - size) == bisect_right(placed, x + room + size):
            scene.text(
                x,
                y,
                repeated,
                justify="left",
                fontsize=8,
                color=color,
                tooltip=tooltip,
                classes="lane-label repeat",
                background=scene.theme.background,
            )
            x += REPEAT_EVERY
        else:
            x += step


def _describe(findings: tuple[Finding, ...]) -> str:
    return "\n" + Marks.describe(findings) if findings else ""


def _event_labels(
    scene: Scene,
    sel: Selection,
    event: Event,
    *,
    x: float,
    top: float,
    bottom: float,
    step: float,
    size: float,
    lines: int,
    findings: tuple[Finding, ...],
) -> None:
    """Write the event's title above its top marker, deaths and finding codes below."""
    theme = scene.theme
    width = step - 6
    fontsize = 8.0 if lines <= 2 else 7.5
    text = wrap(event.label, width, fontsize, lines)
    scene.text(
        x,
        top - size / 2 - 3 - len(text) * fontsize * 0.6,
        text,
        fontsize=fontsize,
        color=theme.text,
        classes="event-label",
    )
    below: list[tuple[str, str]] = []
    for entity, role in event.participants.items():
        if role.ends_life:
            name = (
                sel.story.entity_index[entity].label if entity in sel.story.entity_index else entity
            )
            below.append((shorten(f"† {name}", width, 8), theme.text))
    codes = sorted({finding.code for finding in findings})
    if codes:
        below.append((shorten(" ".join(codes), width, 8), theme.finding))
    y = bottom + size / 2 + 9
    for note, color in below[:2]:
        scene.text(
            x, y, note, fontsize=8, color=color, bold=color == theme.finding, classes="event-label"
        )
        y += 10


def _arc_rows(sel: Selection, columns: Columns) -> list[list[tuple[Arc, int, int]]]:
    """Arcs with the columns they cover, in rows by level (overlapping arcs on rows apart)."""
    position = sel.tree.position
    # Telling order follows the works tree, so the columns' work positions
    # rise; an arc's columns are found by bisection (events told nowhere are
    # at the end and belong to no arc).
    places = [position.get(event.told_in or "", -1) for event in columns.events]
    placed = [place for place in places if place >= 0]
    rising = all(a <= b for a, b in pairwise(placed))
    by_level: dict[int, list[tuple[Arc, int, int]]] = defaultdict(list)
    for arc in sel.story.arcs:
        span = sel.tree.span(arc.start, arc.end)
        if span is None:
            continue
        if rising:
            first = bisect_left(placed, span[0])
            last = bisect_right(placed, span[1]) - 1
            if first <= last:
                by_level[arc.level].append((arc, first, last))
            continue
        inside = [column for column, place in enumerate(places) if span[0] <= place <= span[1]]
        if inside:
            by_level[arc.level].append((arc, inside[0], inside[-1]))
    rows: list[list[tuple[Arc, int, int]]] = []
    for level in sorted(by_level):
        level_rows: list[list[tuple[Arc, int, int]]] = []
        for item in sorted(by_level[level], key=lambda item: (item[1], item[2])):
            for row in level_rows:
                if row[-1][2] < item[1]:
                    row.append(item)
                    break
            else:
                level_rows.append([item])
        rows += level_rows
    return rows


def _draw_arcs(
    scene: Scene,
    sel: Selection,
    *,
    columns: Columns,
    rows: list[list[tuple[Arc, int, int]]],
    y: float,
    label_x: float,
    styles: dict[int, LaneStyle],
    index: dict[str, int],
) -> None:
    """Draw the arcs as labelled bands, one row each (see :func:`_arc_rows`)."""
    theme = scene.theme
    for number, row in enumerate(rows):
        cy = y + number * 22 + 10
        scene.text(
            label_x,
            cy,
            "arcs" if number == 0 else "",
            justify="right",
            fontsize=8,
            color=theme.muted,
            classes="header",
        )
        for arc, first, last in row:
            left = columns.xs[first] - columns.step / 2 + 2
            right = columns.xs[last] + columns.step / 2 - 2
            lane = next((index[t] for t in arc.threads if t in index), None)
            color = styles[lane].color if lane is not None else theme.muted
            findings = sel.marks.about(arc.id, arc.origin)
            width = right - left
            label = shorten(arc.label, width - 8, 9)
            tooltip_lines = [arc.label, f"{arc.start} to {arc.end} (level {arc.level})"]
            if arc.threads:
                tooltip_lines.append("threads: " + ", ".join(arc.threads))
            if arc.summary:
                tooltip_lines.append(arc.summary)
            if findings:
                tooltip_lines.append(Marks.describe(findings))
            scene.mark(
                Mark(
                    (left + right) / 2,
                    cy,
                    max(width, 2),
                    17,
                    shape="box",
                    fill=theme.tint(color, 0.22),
                    stroke=theme.finding if findings else color,
                    penwidth=2.2 if findings else 1.0,
                    style="rounded,filled",
                    label=Text((label,)) if label else None,
                    fontsize=9,
                    fontcolor=theme.text,
                    tooltip="\n".join(tooltip_lines),
                    classes="arc",
                )
            )
