"""The ``chronology`` view: story order against telling order.

Two rows of the same events: on top as they are told, below as they happen.
A line joins each event's two places. A story told in order draws parallel
lines; a flashback or a prequel is a line that runs back to the left, across
the others. The crossings count the pairs of events told in the other order
than they happen.

The view is drawn in steps: the two orders (:func:`story_order`), the sizes
that suit the number of events (:func:`fit`), then the header, the two rows,
the links between them, the labels (or, when dense, year ticks) and the legend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from plotline._display import time_text
from plotline._model import Event, Mode, Story
from plotline._render._columns import Columns, place_columns
from plotline._render._header import HEADER_BELOW, HEADER_ROW, header_rows, installment_header
from plotline._render._labels import event_tooltip, title_block
from plotline._render._layout import inversions
from plotline._render._legend import legend, line_sample, mode_items, ring_sample
from plotline._render._markers import event_kind, finding_ring, marker
from plotline._render._scene import PAD, Scene
from plotline._render._text import shorten, wrap
from plotline._time import Instant, Interval

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from plotline._render._select import Selection
    from plotline._render._theme import Theme

__all__ = ["Fit", "chronology", "fit", "story_order"]

#: Up to this many events, each gets a written label; beyond, only tooltips.
DETAIL_LIMIT = 100

# -- sizes, by how many events there are -----------------------------------------------

#: Up to this many events, columns are :data:`WIDE_STEP` apart; with more, :data:`NARROW_STEP`.
FEW_EVENTS = 40
WIDE_STEP = 64.0
NARROW_STEP = 50.0
#: Past :data:`DETAIL_LIMIT` the columns share about this width, each between
#: :data:`DENSE_STEP_MIN` and :data:`DENSE_STEP_MAX` points.
DENSE_WIDTH = 2800.0
DENSE_STEP_MIN = 4.0
DENSE_STEP_MAX = 14.0
#: Labels take two lines in columns wider than this, else three.
TWO_LINE_STEP = 60.0
#: The size of an event marker: with labels, dense, and dense below :data:`SMALL_STEP`.
MARKER_SIZE = 9.0
DENSE_MARKER_SIZE = 5.0
TINY_MARKER_SIZE = 3.5
SMALL_STEP = 7.0
#: From the telling row down to the story row: with labels; dense, this much
#: per event, between :data:`DENSE_GAP_MIN` and :data:`DENSE_GAP_MAX`.
ROW_GAP = 200.0
DENSE_GAP_PER_EVENT = 0.35
DENSE_GAP_MIN = 240.0
DENSE_GAP_MAX = 520.0

# -- the page --------------------------------------------------------------------------

#: The left margin, for the rows' names.
ROW_LABEL_WIDTH = 110.0
#: From the first column to the rows' names, and to the header's level names.
ROW_LABEL_GAP = 14.0
HEADER_LABEL_GAP = 8.0
#: A row's name, and the line under it that says which order it is.
ROW_NAME_FONT = 10.0
ROW_HINT_FONT = 8.0
ROW_HINT_AT = 13.0
#: Between the header and the telling row: room for labels, or a dense margin.
ABOVE_ROWS = 34.0
DENSE_ABOVE_ROWS = 14.0
#: From the story row down to the legend: past the labels, or a dense margin.
ABOVE_LEGEND = 64.0
DENSE_ABOVE_LEGEND = 36.0
#: A legend is at least this wide.
LEGEND_WIDTH = 600.0
#: How wide the rows are in a view with no events.
EMPTY_WIDTH = 200.0
#: The rules between installments reach this far below the telling row.
RULE_OVERHANG = 8.0

# -- strokes ----------------------------------------------------------------------------

#: The guide along each row.
GUIDE_PEN = 0.8
#: A link told in the present, and out of it; dense links are :data:`DENSE_LINK` as thick,
#: and a link a finding is about :data:`FLAGGED_LINK` thicker.
LINK_PEN = 1.0
OUT_OF_ORDER_PEN = 2.0
DENSE_LINK = 0.7
FLAGGED_LINK = 0.8

# -- labels ----------------------------------------------------------------------------

#: An event's title: wrapped as if this size (a little tighter), drawn at :data:`LABEL_FONT`.
WRAP_FONT = 7.5
LABEL_FONT = 8.0
#: The room a label leaves its neighbours; the height of one of its lines.
LABEL_MARGIN = 6.0
LABEL_LINE = 4.8
#: Between a marker and its label.
LABEL_GAP = 4.0
#: The date under a story-order label: its gap below the label, and its margin.
DATE_GAP = 8.0
DATE_MARGIN = 4.0
#: Year ticks under a dense story row: this far below the markers' edge, at
#: least :data:`TICK_SPACING` points apart; each a short stroke from
#: :data:`TICK_TOP` to :data:`TICK_BOTTOM` points above its label's middle.
TICKS_BELOW = 8.0
TICK_SPACING = 40.0
TICK_TOP = 6.0
TICK_BOTTOM = 2.0
TICK_LABEL_AT = 4.0
TICK_PEN = 0.8
TICK_FONT = 8.0


@attrs.frozen(slots=True)
class Fit:
    """The sizes that suit a chronology of so many events."""

    detail: bool
    step: float
    label_lines: int
    size: float
    gap: float


def fit(events: int) -> Fit:
    """Column step, label lines, marker size and the gap between the rows, for ``events``."""
    detail = events <= DETAIL_LIMIT
    n = max(events, 1)
    if detail:
        step = WIDE_STEP if n <= FEW_EVENTS else NARROW_STEP
        size = MARKER_SIZE
        gap = ROW_GAP
    else:
        step = max(DENSE_STEP_MIN, min(DENSE_STEP_MAX, DENSE_WIDTH / n))
        size = DENSE_MARKER_SIZE if step >= SMALL_STEP else TINY_MARKER_SIZE
        gap = max(DENSE_GAP_MIN, min(DENSE_GAP_MAX, n * DENSE_GAP_PER_EVENT))
    label_lines = 2 if step > TWO_LINE_STEP else 3
    return Fit(detail, step, label_lines, size, gap)


def story_order(sel: Selection) -> tuple[Event, ...]:
    """The events shown, in story order; those the solver left out keep their telling place."""
    told = sel.events
    shown = {event.id for event in told}
    happened = tuple(event for event in sel.solution.chronology if event.id in shown)
    # Events the solver left out of story order keep their telling place at the end.
    placed = {event.id for event in happened}
    return happened + tuple(event for event in told if event.id not in placed)


@attrs.frozen(slots=True)
class _Rows:
    """The two rows: the telling row's columns, the story row's x, and where the rows are.

    ``left`` and ``right`` are where both rows begin and end; ``x0`` is where
    the first column's cell begins, with the rows' names left of it.
    """

    columns: Columns
    story_x: list[float]
    story_place: dict[str, int]
    top: float
    bottom: float
    x0: float
    left: float
    right: float


def chronology(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the chronology of ``sel``."""
    told = sel.events
    happened = story_order(sel)
    scene = Scene(theme, title=f"{sel.story.title or 'Story'}: chronology")
    sizes = fit(len(told))
    x0 = PAD + ROW_LABEL_WIDTH
    columns = place_columns(told, sel.tree, x0, sizes.step)

    subtitle = [f"{len(told)} events", "top: as told · bottom: as they happen"]
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))
    header_height = header_rows(sel, columns) * HEADER_ROW + HEADER_BELOW
    top = y + header_height + (ABOVE_ROWS if sizes.detail else DENSE_ABOVE_ROWS)
    bottom = top + sizes.gap
    if columns.xs:
        installment_header(
            scene, sel, columns, y, rule_bottom=top + RULE_OVERHANG, label_x=x0 - HEADER_LABEL_GAP
        )
    left = columns.left if columns.xs else x0
    right = columns.right if columns.xs else x0 + EMPTY_WIDTH
    rows = _Rows(
        columns,
        _story_columns(len(happened), left, right),
        {event.id: place for place, event in enumerate(happened)},
        top,
        bottom,
        x0,
        left,
        right,
    )
    _draw_rows(scene, rows)
    colors = _colors(theme)
    kinds, marked = _draw_links(scene, sel, rows, sizes, colors)
    if sizes.detail:
        _story_labels(scene, sel.story, happened, rows, sizes)
    else:
        _date_ticks(scene, happened, rows.story_x, bottom + sizes.size + TICKS_BELOW)

    crossings = inversions([rows.story_place[event.id] for event in told])
    legend_top = bottom + (ABOVE_LEGEND if sizes.detail else DENSE_ABOVE_LEGEND)
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
    legend(scene, items, PAD, legend_top, max(right - PAD, LEGEND_WIDTH))
    scene.grow(right + PAD, bottom)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(view="chronology", events=len(told), crossings=crossings)
    return scene


def _colors(theme: Theme) -> dict[str, str]:
    """The colour of a link by the event's mode: grey in the present, a palette colour out of it."""
    return {
        "present": theme.muted,
        "flashback": theme.palette[1],
        "dream": theme.palette[3],
        "vision": theme.palette[3],
        "recap": theme.palette[4],
        "time-travel": theme.palette[2],
        "false-account": theme.palette[5 % len(theme.palette)],
    }


def _draw_rows(scene: Scene, rows: _Rows) -> None:
    """Name the two rows in the left margin and draw their guides."""
    theme = scene.theme
    x = rows.x0 - ROW_LABEL_GAP
    for y, name, hint in (
        (rows.top, "as told", "telling order →"),
        (rows.bottom, "as it happens", "story order →"),
    ):
        scene.text(
            x,
            y,
            name,
            justify="right",
            fontsize=ROW_NAME_FONT,
            bold=True,
            color=theme.text,
            classes="row-label",
        )
        scene.text(
            x,
            y + ROW_HINT_AT,
            hint,
            justify="right",
            fontsize=ROW_HINT_FONT,
            color=theme.muted,
            classes="row-label",
        )
    for y in (rows.top, rows.bottom):
        scene.line([(rows.left, y), (rows.right, y)], theme.grid, width=GUIDE_PEN, classes="guide")


def _draw_links(
    scene: Scene, sel: Selection, rows: _Rows, sizes: Fit, colors: Mapping[str, str]
) -> tuple[set[str], bool]:
    """Each event: the line from its telling place to its story place, markers at both ends.

    Returns the marker kinds drawn and whether any finding was marked.
    """
    theme = scene.theme
    top, bottom = rows.top, rows.bottom
    kinds: set[str] = set()
    marked = False
    for column, event in enumerate(sel.events):
        xt = rows.columns.xs[column]
        xs = rows.story_x[rows.story_place[event.id]]
        findings = sel.marks.about(event.id, event.origin)
        tooltip = event_tooltip(sel.story, event, findings)
        kind = event_kind(event)
        kinds.add(kind)
        color = colors[event.mode.value]
        present = event.mode is Mode.PRESENT
        width = (LINK_PEN if present else OUT_OF_ORDER_PEN) * (1.0 if sizes.detail else DENSE_LINK)
        scene.line(
            [(xt, top), (xs, bottom)],
            theme.finding if findings else color,
            width=width + (FLAGGED_LINK if findings else 0),
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
                sizes.size,
                kind=kind,
                color=color if not present else theme.text,
                tooltip=tooltip,
            )
            if findings:
                finding_ring(scene, x, y, sizes.size, findings)
                marked = True
        if sizes.detail:
            lines = wrap(event.label, sizes.step - LABEL_MARGIN, WRAP_FONT, sizes.label_lines)
            scene.text(
                xt,
                top - sizes.size / 2 - LABEL_GAP - len(lines) * LABEL_LINE,
                lines,
                fontsize=LABEL_FONT,
                color=theme.text,
                classes="event-label",
            )
    return kinds, marked


def _story_labels(
    scene: Scene, story: Story, happened: Sequence[Event], rows: _Rows, sizes: Fit
) -> None:
    """Under the story row: each event's title, and its date when it has one."""
    theme = scene.theme
    for place, event in enumerate(happened):
        x = rows.story_x[place]
        lines = wrap(event.label, sizes.step - LABEL_MARGIN, WRAP_FONT, sizes.label_lines)
        y = rows.bottom + sizes.size / 2 + LABEL_GAP + len(lines) * LABEL_LINE
        scene.text(x, y, lines, fontsize=LABEL_FONT, color=theme.text, classes="event-label")
        if event.when is not None:
            scene.text(
                x,
                y + len(lines) * LABEL_LINE + DATE_GAP,
                shorten(time_text(story, event.when), sizes.step - DATE_MARGIN, LABEL_FONT),
                fontsize=LABEL_FONT,
                color=theme.muted,
                classes="date-label",
            )


def _story_columns(count: int, left: float, right: float) -> list[float]:
    """Evenly spaced x for the story-order row, spanning the same width as the telling row."""
    if count <= 1:
        return [(left + right) / 2] * count
    step = (right - left) / count
    return [left + step / 2 + place * step for place in range(count)]


def _date_ticks(scene: Scene, happened: Sequence[Event], xs: list[float], y: float) -> None:
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
        if x - last_x < TICK_SPACING:
            continue
        muted = scene.theme.muted
        scene.line([(x, y - TICK_TOP), (x, y - TICK_BOTTOM)], muted, width=TICK_PEN, classes="tick")
        scene.text(
            x, y + TICK_LABEL_AT, str(year), fontsize=TICK_FONT, color=muted, classes="date-label"
        )
        last_x = x


def _year(value: Instant | Interval) -> int | None:
    if isinstance(value, Instant):
        return value.year
    return value.start.year if value.start is not None else None
