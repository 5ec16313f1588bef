"""The ``storyline`` view: telling order left to right, one lane per thread.

An event sits on the lane of each of its threads, its markers joined by a
connector across the lanes between them. Lanes are ordered so that connectors
cross as few other lanes as they can (:func:`~plotline._render._layout.lane_order`).
Above the lanes: the installments, then the arcs as labelled bands. Deaths,
flashbacks, dreams and recaps have their own markers; findings are circled.

The view is drawn in steps: the lanes and their order (:func:`place_lanes`),
the sizes that suit the number of events and lanes (:func:`fit`), then the
header, the arcs, the lanes, the events and the legend, top to bottom.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING

import attrs

from plotline._model import Arc, Event, Mode, Thread
from plotline._render._columns import Columns, place_columns
from plotline._render._header import HEADER_ROW, KIND_FONT, header_rows, installment_header
from plotline._render._labels import event_tooltip, title_block
from plotline._render._layout import LaneOrder, lane_order
from plotline._render._legend import box_sample, legend, line_sample, mode_items, ring_sample
from plotline._render._markers import event_kind, finding_ring, marker
from plotline._render._quote import Text
from plotline._render._scene import PAD, Mark, Scene
from plotline._render._select import Marks, Selection
from plotline._render._text import display_width, shorten, wrap
from plotline._render._theme import LaneStyle, Theme

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._check._finding import Finding

__all__ = ["Fit", "Lanes", "fit", "place_lanes", "storyline"]

#: Up to this many events, each gets a written label; beyond, only tooltips.
DETAIL_LIMIT = 100
#: Lane labels are repeated across a wide picture about this often (points).
REPEAT_EVERY = 1400.0
#: The name of the lane of events on no thread shown.
NO_THREAD = "(no thread)"

# -- sizes, by how many events and lanes there are ------------------------------------

#: Up to this many events, columns are :data:`WIDE_STEP` apart, labels two lines.
FEW_EVENTS = 40
#: Points between labelled columns: wide for few events, narrow (three-line labels) for more.
WIDE_STEP = 70.0
NARROW_STEP = 50.0
#: Past :data:`DETAIL_LIMIT` the columns share about this width, each between
#: :data:`DENSE_STEP_MIN` and :data:`DENSE_STEP_MAX` points.
DENSE_WIDTH = 2800.0
DENSE_STEP_MIN = 5.0
DENSE_STEP_MAX = 14.0
#: Up to this many lanes, dense lanes are :data:`DENSE_LANE_GAP` apart and
#: lane names :data:`LANE_FONT` points; with more, closer and smaller.
FEW_LANES = 40
#: Points between lanes: with labels, dense, and dense with many lanes.
LANE_GAP = 50.0
DENSE_LANE_GAP = 22.0
CROWDED_LANE_GAP = 17.0
#: The size of an event marker: with labels, dense, and dense below :data:`SMALL_STEP`.
MARKER_SIZE = 10.0
DENSE_MARKER_SIZE = 6.0
TINY_MARKER_SIZE = 4.5
SMALL_STEP = 8.0
#: Lane names: their size, with few and many lanes.
LANE_FONT = 10.0
CROWDED_LANE_FONT = 9.0

# -- the page, top to bottom ----------------------------------------------------------

#: Lane names in the left margin: at most this wide (points); their width when
#: there are none; the room between them and the first column.
LANE_LABEL_MAX = 200.0
LANE_LABEL_MIN = 40.0
LANE_LABEL_ROOM = 24.0
#: From a lane's end to its name, on either side.
LANE_LABEL_GAP = 10.0
#: One row of arcs, and the height of an arc's band in it.
ARC_ROW = 22.0
ARC_BAND = 17.0
#: From the top of an arc row to its middle; a band stops this short of its cells' edges.
ARC_MIDDLE = 10.0
ARC_INSET = 2.0
#: An arc's name: its size, and the room it leaves at the band's ends.
ARC_FONT = 9.0
ARC_LABEL_MARGIN = 8.0
#: How much of its thread's colour an arc's band keeps.
ARC_TINT = 0.22
#: The outline of an arc, and of one a finding is about.
ARC_PEN = 1.0
FLAGGED_ARC_PEN = 2.2
#: Left of the first column, where the header and the arc rows name their levels.
HEADER_LABEL_GAP = 8.0
#: Below the arc rows, and between the header (and arcs) and the first lane.
BELOW_ARCS = 6.0
ABOVE_LANES = 8.0
#: Above the first lane for the labels of its events: room, plus this much per line.
LABEL_ROOM = 8.0
LABEL_LINE = 8.0
#: Below the last lane: room for deaths and finding codes, or a dense picture's margin.
BELOW_LANES = 34.0
DENSE_BELOW_LANES = 10.0
#: From there down to the legend.
ABOVE_LEGEND = 16.0
#: A legend is at least this wide.
LEGEND_WIDTH = 600.0
#: How wide the lanes are in a view with no events.
EMPTY_WIDTH = 200.0

# -- strokes ----------------------------------------------------------------------------

#: A lane where its thread has events, with labels and dense; the faint guide
#: along the whole width.
LANE_PEN = 2.4
DENSE_LANE_PEN = 1.6
GUIDE_PEN = 0.6
#: A lane with events in one column only reaches this many steps either side of it.
SHORT_LANE = 1 / 3
#: The connector of an event on several lanes, with labels and dense.
CONNECTOR_PEN = 1.2
DENSE_CONNECTOR_PEN = 0.8

# -- event labels ------------------------------------------------------------------------

#: An event's title: its size in two lines, and in more; the room it leaves its neighbours.
EVENT_FONT = 8.0
SMALL_EVENT_FONT = 7.5
LABEL_MARGIN = 6.0
#: Between a title and the marker under it; half a title line, in ems (the
#: title is centred on its middle line).
LABEL_GAP = 3.0
LABEL_HALF_LINE = 0.6
#: From the bottom marker's edge to the middle of the first note under it.
NOTES_GAP = 9.0
#: Notes under an event (deaths, finding codes): their size, how many, and their spacing.
NOTE_FONT = 8.0
NOTES = 2
NOTE_LINE = 10.0
#: A lane's name repeated along it: the widest it may be, and its size.
REPEAT_WIDTH = 160.0
REPEAT_FONT = 8.0
#: The room a repeated name keeps clear of markers, past its own width.
REPEAT_ROOM = 8.0


@attrs.frozen(slots=True)
class Lanes:
    """The lanes of a storyline and their order.

    ``threads[lane]`` is the lane's thread (``None`` for the lane of events on
    no thread shown, last if any); ``index`` finds a thread's lane;
    ``of_event`` lists each event's lanes; ``spans`` gives each lane's first and
    last column (``None`` for a lane without events).
    """

    threads: tuple[Thread | None, ...]
    index: dict[str, int]
    of_event: tuple[tuple[int, ...], ...]
    spans: tuple[tuple[int, int] | None, ...]
    ordered: LaneOrder
    styles: dict[int, LaneStyle]
    names: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many lanes there are."""
        return len(self.threads)


def place_lanes(sel: Selection, theme: Theme) -> Lanes:
    """One lane per thread shown (and one for events on none), ordered to cross little."""
    lanes: list[Thread | None] = list(sel.threads)
    index = {thread.id: place for place, thread in enumerate(sel.threads)}
    on_lanes: list[tuple[int, ...]] = []
    shown = sel.thread_set
    nowhere = (len(lanes),)  # the lane of the events on no thread shown, last if any
    for event in sel.events:
        own = tuple(index[t] for t in sel.thread_ids(event, shown))
        on_lanes.append(own or nowhere)
    if nowhere in on_lanes:
        lanes.append(None)
    count = len(lanes)
    spans: list[tuple[int, int] | None] = [None] * count
    for column, own in enumerate(on_lanes):
        for lane in own:
            span = spans[lane]
            spans[lane] = (column, column) if span is None else (span[0], column)
    ordered = lane_order(count, on_lanes, columns=range(len(on_lanes)), active=spans)
    styles = {lane: theme.lane(lane) for lane in range(count)}
    if None in lanes:
        styles[lanes.index(None)] = LaneStyle(theme.muted, "dotted")
    names = tuple(_lane_name(lane) for lane in lanes)
    return Lanes(tuple(lanes), index, tuple(on_lanes), tuple(spans), ordered, styles, names)


@attrs.frozen(slots=True)
class Fit:
    """The sizes that suit a storyline of so many events and lanes."""

    detail: bool
    step: float
    label_lines: int
    lane_gap: float
    size: float
    label_font: float


def fit(events: int, lanes: int) -> Fit:
    """Column step, label lines, lane gap, marker size and lane font for the counts given.

    Up to :data:`DETAIL_LIMIT` events every event is labelled; past it the
    columns close up to fit about :data:`DENSE_WIDTH` points.
    """
    n = max(events, 1)
    label_font = LANE_FONT if lanes <= FEW_LANES else CROWDED_LANE_FONT
    if events <= DETAIL_LIMIT:
        step, label_lines = (WIDE_STEP, 2) if n <= FEW_EVENTS else (NARROW_STEP, 3)
        return Fit(True, step, label_lines, LANE_GAP, MARKER_SIZE, label_font)
    step = max(DENSE_STEP_MIN, min(DENSE_STEP_MAX, DENSE_WIDTH / n))
    lane_gap = DENSE_LANE_GAP if lanes <= FEW_LANES else CROWDED_LANE_GAP
    size = DENSE_MARKER_SIZE if step >= SMALL_STEP else TINY_MARKER_SIZE
    return Fit(False, step, 0, lane_gap, size, label_font)


@attrs.frozen(slots=True)
class _Page:
    """Where things go: the columns, each lane's y, and the margins around them."""

    columns: Columns
    lane_y: dict[int, float]
    lanes_bottom: float
    below: float
    label_width: float
    x0: float

    @property
    def left(self) -> float:
        """Where the lanes begin."""
        return self.columns.left if self.columns.xs else self.x0

    @property
    def right(self) -> float:
        """Where the lanes end."""
        return self.columns.right if self.columns.xs else self.x0 + EMPTY_WIDTH


def storyline(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the storyline of ``sel``."""
    story = sel.story
    events = sel.events
    scene = Scene(theme, title=f"{story.title or 'Story'}: storyline")
    lanes = place_lanes(sel, theme)
    sizes = fit(len(events), lanes.count)
    label_width = min(
        max(
            (display_width(name, sizes.label_font) for name in lanes.names), default=LANE_LABEL_MIN
        ),
        LANE_LABEL_MAX,
    )
    x0 = PAD + label_width + LANE_LABEL_ROOM
    columns = place_columns(events, sel.tree, x0, sizes.step)

    subtitle = [f"{len(events)} events in telling order", f"{lanes.count} threads"]
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))

    # Installment header and arc bands sit above the lanes; the rules between
    # installments run down through the lanes, so work out how deep they go.
    arc_rows = _arc_rows(sel, columns)
    arcs_height = len(arc_rows) * ARC_ROW + BELOW_ARCS if arc_rows else 0
    lanes_top = y + header_rows(sel, columns) * HEADER_ROW + arcs_height + ABOVE_LANES
    if sizes.detail:
        lanes_top += LABEL_ROOM + sizes.label_lines * LABEL_LINE
    lane_y = {
        lane: lanes_top + place * sizes.lane_gap for place, lane in enumerate(lanes.ordered.order)
    }
    lanes_bottom = lanes_top + (lanes.count - 1) * sizes.lane_gap if lanes.count else lanes_top
    below = BELOW_LANES if sizes.detail else DENSE_BELOW_LANES
    page = _Page(columns, lane_y, lanes_bottom, below, label_width, x0)
    if columns.xs:
        y = installment_header(
            scene, sel, columns, y, rule_bottom=lanes_bottom + below, label_x=x0 - HEADER_LABEL_GAP
        )
    _draw_arcs(
        scene, sel, columns=columns, rows=arc_rows, y=y, label_x=x0 - HEADER_LABEL_GAP, lanes=lanes
    )
    _draw_lanes(scene, sel, lanes, page, sizes)
    kinds = _draw_events(scene, sel, lanes, page, sizes)
    _draw_legend(scene, page, kinds, arcs=bool(arc_rows))

    scene.grow(page.right + label_width + LANE_LABEL_ROOM + PAD, lanes_bottom + below)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(
        view="storyline",
        events=len(events),
        lanes=lanes.count,
        crossings=lanes.ordered.crossings,
        crossings_declared_order=lanes.ordered.declared,
        lane_order=tuple(lanes.names[lane] for lane in lanes.ordered.order),
    )
    return scene


def _draw_lanes(scene: Scene, sel: Selection, lanes: Lanes, page: _Page, sizes: Fit) -> None:
    """Each lane: its guide, its stroke where it has events, its name at both ends and along it."""
    theme = scene.theme
    columns = page.columns
    left, right = page.left, page.right
    columns_of: list[list[float]] = [[] for _ in range(lanes.count)]
    for column, own in enumerate(lanes.of_event):
        for lane in own:
            columns_of[lane].append(columns.xs[column])
    for lane in lanes.ordered.order:
        ly = page.lane_y[lane]
        style = lanes.styles[lane]
        name = lanes.names[lane]
        scene.line([(left, ly), (right, ly)], theme.grid, width=GUIDE_PEN, classes="guide")
        span = lanes.spans[lane]
        if span is not None and columns.xs:
            a, b = columns.xs[span[0]], columns.xs[span[1]]
            if b - a < 1:  # a lane of one column still shows a stroke
                a, b = a - sizes.step * SHORT_LANE, b + sizes.step * SHORT_LANE
            scene.line(
                [(a, ly), (b, ly)],
                style.color,
                width=LANE_PEN if sizes.detail else DENSE_LANE_PEN,
                dash=style.dash,
                tooltip=name,
                classes="lane",
            )
        thread = lanes.threads[lane]
        lane_findings = sel.marks.about(thread.id, thread.origin) if thread else ()
        tooltip = _lane_tooltip(thread, span is not None)
        label = shorten(name, page.label_width, sizes.label_font)
        scene.text(
            page.x0 - LANE_LABEL_GAP,
            ly,
            label,
            justify="right",
            fontsize=sizes.label_font,
            color=theme.readable(style.color) if not lane_findings else theme.finding,
            bold=bool(lane_findings),
            tooltip=tooltip + _describe(lane_findings),
            classes="lane-label",
        )
        scene.text(
            right + LANE_LABEL_GAP,
            ly,
            label,
            justify="left",
            fontsize=sizes.label_font,
            color=theme.readable(style.color),
            tooltip=tooltip,
            classes="lane-label",
        )
        if span is not None and columns.xs:
            _repeat_name(
                scene,
                name,
                y=ly,
                start=max(left + REPEAT_EVERY, columns.xs[span[0]]),
                stop=min(right - REPEAT_EVERY / 2, columns.xs[span[1]] + REPEAT_EVERY / 2),
                placed=columns_of[lane],
                step=sizes.step,
                size=sizes.size,
                color=theme.readable(style.color),
                tooltip=tooltip,
            )


def _draw_events(scene: Scene, sel: Selection, lanes: Lanes, page: _Page, sizes: Fit) -> set[str]:
    """Each event: its connector, a marker on each of its lanes, rings, labels; the kinds drawn."""
    theme = scene.theme
    kinds: set[str] = set()
    for column, (event, own) in enumerate(zip(sel.events, lanes.of_event, strict=True)):
        x = page.columns.xs[column]
        kind = event_kind(event)
        kinds.add(kind)
        findings = sel.marks.about(event.id, event.origin)
        tooltip = event_tooltip(sel.story, event, findings)
        ys = sorted(page.lane_y[lane] for lane in own)
        if len(own) > 1:
            scene.line(
                [(x, ys[0]), (x, ys[-1])],
                theme.muted,
                width=CONNECTOR_PEN if sizes.detail else DENSE_CONNECTOR_PEN,
                dash="solid" if event.mode is Mode.PRESENT else "dashed",
                tooltip=tooltip if sizes.detail else None,
                classes="connector",
            )
        # A big picture carries each event's tooltip once, on its first marker:
        # the SVG stays small enough to draw and to open.
        for place, lane in enumerate(own):
            marker(
                scene,
                x,
                page.lane_y[lane],
                sizes.size,
                kind=kind,
                color=lanes.styles[lane].color,
                tooltip=tooltip if sizes.detail or place == 0 else None,
            )
        if findings:
            kinds.add("finding")
            for lane in own:
                finding_ring(scene, x, page.lane_y[lane], sizes.size, findings)
        if sizes.detail:
            _event_labels(
                scene, sel, event, x=x, top=ys[0], bottom=ys[-1], sizes=sizes, findings=findings
            )
    return kinds


def _draw_legend(scene: Scene, page: _Page, kinds: set[str], *, arcs: bool) -> None:
    """The legend under the lanes: the marker kinds drawn, connectors, arcs, findings, rules."""
    theme = scene.theme
    mode_kinds = [k for k in kinds if k != "finding"] or ["present"]
    items = mode_items(mode_kinds, theme.muted)
    items.append((line_sample(theme.muted, width=1.2, upright=True), "event on several threads"))
    if arcs:
        items.append((box_sample(theme.band, theme.muted), "arc"))
    if "finding" in kinds:
        items.append((ring_sample(), "finding (hover for details)"))
    items.append(
        (line_sample(theme.grid, width=1, dash="dashed", upright=True), "installment boundary")
    )
    top = page.lanes_bottom + page.below + ABOVE_LEGEND
    legend(scene, items, PAD, top, max(page.right - PAD, LEGEND_WIDTH))


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
    repeated = shorten(name, REPEAT_WIDTH, REPEAT_FONT)
    room = display_width(repeated, REPEAT_FONT) + REPEAT_ROOM
    x = start
    while x < stop:
        if bisect_left(placed, x - size) == bisect_right(placed, x + room + size):
            scene.text(
                x,
                y,
                repeated,
                justify="left",
                fontsize=REPEAT_FONT,
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
    sizes: Fit,
    findings: tuple[Finding, ...],
) -> None:
    """Write the event's title above its top marker, deaths and finding codes below."""
    theme = scene.theme
    size = sizes.size
    width = sizes.step - LABEL_MARGIN
    fontsize = EVENT_FONT if sizes.label_lines <= 2 else SMALL_EVENT_FONT
    text = wrap(event.label, width, fontsize, sizes.label_lines)
    scene.text(
        x,
        top - size / 2 - LABEL_GAP - len(text) * fontsize * LABEL_HALF_LINE,
        text,
        fontsize=fontsize,
        color=theme.text,
        classes="event-label",
    )
    below: list[tuple[str, str]] = []
    people = sel.story.entity_index
    for entity, role in event.participants.items():
        if role.ends_life:
            name = people[entity].label if entity in people else entity
            below.append((shorten(f"† {name}", width, NOTE_FONT), theme.text))
    codes = sorted({finding.code for finding in findings})
    if codes:
        below.append((shorten(" ".join(codes), width, NOTE_FONT), theme.finding))
    y = bottom + size / 2 + NOTES_GAP
    for note, color in below[:NOTES]:
        scene.text(
            x,
            y,
            note,
            fontsize=NOTE_FONT,
            color=color,
            bold=color == theme.finding,
            classes="event-label",
        )
        y += NOTE_LINE


def _arc_rows(sel: Selection, columns: Columns) -> list[list[tuple[Arc, int, int]]]:
    """Arcs with the columns they cover, in rows by level (overlapping arcs on rows apart)."""
    position = sel.tree.position
    # Telling order follows the works tree, so the columns' work positions
    # rise; an arc's columns are found by bisection (backstory, at the start,
    # and events told in no known work, at the end, belong to no arc).
    places = [position.get(event.told_in or "", -1) for event in columns.events]
    placed_at = [column for column, place in enumerate(places) if place >= 0]
    placed = [places[column] for column in placed_at]
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
                by_level[arc.level].append((arc, placed_at[first], placed_at[last]))
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
    lanes: Lanes,
) -> None:
    """Draw the arcs as labelled bands, one row each (see :func:`_arc_rows`)."""
    theme = scene.theme
    for number, row in enumerate(rows):
        cy = y + number * ARC_ROW + ARC_MIDDLE
        scene.text(
            label_x,
            cy,
            "arcs" if number == 0 else "",
            justify="right",
            fontsize=KIND_FONT,
            color=theme.muted,
            classes="header",
        )
        for arc, first, last in row:
            left = columns.xs[first] - columns.step / 2 + ARC_INSET
            right = columns.xs[last] + columns.step / 2 - ARC_INSET
            lane = next((lanes.index[t] for t in arc.threads if t in lanes.index), None)
            color = lanes.styles[lane].color if lane is not None else theme.muted
            findings = sel.marks.about(arc.id, arc.origin)
            width = right - left
            label = shorten(arc.label, width - ARC_LABEL_MARGIN, ARC_FONT)
            scene.mark(
                Mark(
                    (left + right) / 2,
                    cy,
                    max(width, 2),
                    ARC_BAND,
                    shape="box",
                    fill=theme.tint(color, ARC_TINT),
                    stroke=theme.finding if findings else color,
                    penwidth=FLAGGED_ARC_PEN if findings else ARC_PEN,
                    style="rounded,filled",
                    label=Text((label,)) if label else None,
                    fontsize=ARC_FONT,
                    fontcolor=theme.text,
                    tooltip=_arc_tooltip(arc, findings),
                    classes="arc",
                )
            )


def _arc_tooltip(arc: Arc, findings: tuple[Finding, ...]) -> str:
    lines = [arc.label, f"{arc.start} to {arc.end} (level {arc.level})"]
    if arc.threads:
        lines.append("threads: " + ", ".join(arc.threads))
    if arc.summary:
        lines.append(arc.summary)
    if findings:
        lines.append(Marks.describe(findings))
    return "\n".join(lines)
