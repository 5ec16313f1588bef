"""The ``releases`` view: the release history, one lane per region and medium.

Time runs left to right on a date axis. A release on one day is a marker
(a star for a premiere, a hollow diamond for an announcement); a run, from its
start to its end, is a bar; a date known only to the month or year is drawn
as the whole span it stands for, with its marker in the middle. Findings of the
release rules (PL501, PL502, PL503) are circled and named.

The view is drawn in steps: each release placed in time (:func:`place`), the
lanes, the date axis (:class:`Axis`), then each lane with its releases, and
the legend.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

import attrs

from plotline._model import Release, ReleaseKind
from plotline._render._labels import title_block
from plotline._render._legend import LegendItem, box_sample, legend, ring_sample
from plotline._render._markers import MarkerStyle, finding_ring, marker
from plotline._render._scene import PAD, Mark, Scene
from plotline._render._select import Marks, Selection, work_names
from plotline._render._text import display_width, shorten
from plotline._time import Instant

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from plotline._check._finding import Finding
    from plotline._render._quote import Justify
    from plotline._render._theme import Theme

__all__ = ["Axis", "Placed", "place", "releases"]

_DAY = 86_400

# -- the page --------------------------------------------------------------------------

#: The height of one lane (a region and medium), in points.
LANE = 48.0
#: Lane names: their size, at most this wide, their width when there are none,
#: the room between them and the axis, and their gap from the lane's ends.
LANE_FONT = 10.0
LANE_LABEL_MAX = 200.0
LANE_LABEL_MIN = 60.0
LANE_LABEL_ROOM = 24.0
LANE_LABEL_GAP = 10.0
#: The time axis takes about :data:`POINTS_PER_DAY` points a day, but no more
#: than :data:`POINTS_PER_RELEASE` a release, and between :data:`MIN_WIDTH` and
#: :data:`MAX_WIDTH` points in all; :data:`MARGIN` of it is left free at each end.
POINTS_PER_DAY = 2.5
POINTS_PER_RELEASE = 130.0
MIN_WIDTH = 800.0
MAX_WIDTH = 6000.0
MARGIN = 0.03
#: From the title block to the top of the axis (room for the date labels).
ABOVE_AXIS = 34.0
#: From the bottom of the axis to the legend, and the margin kept below it.
ABOVE_LEGEND = 34.0
BELOW_AXIS = 20.0
#: A legend is at least this wide.
LEGEND_WIDTH = 600.0
#: The note a view without dated releases shows: its size, its place below the
#: title, and the room the view then takes.
NOTE_FONT = 11.0
NOTE_AT = 30.0
EMPTY_SIZE = (300.0, 60.0)

# -- releases --------------------------------------------------------------------------

#: A run's bar: its height, its least width, its fill (the lane's colour at
#: this much), its outline and the outline when a finding is about it.
RUN_HEIGHT = 13.0
RUN_MIN_WIDTH = 3.0
RUN_TINT = 0.35
RUN_PEN = 1.0
FLAGGED_RUN_PEN = 2.0
#: The span of a date known only to the month or year: drawn when wider than
#: :data:`SPAN_MIN_WIDTH`, this tall, filled and outlined with the lane's colour at these amounts.
SPAN_MIN_WIDTH = 3.0
SPAN_HEIGHT = 5.0
SPAN_TINT = 0.3
SPAN_EDGE_TINT = 0.6
SPAN_PEN = 0.6
#: A finding's ring around a release is for a marker this wide.
RING_SIZE = 8.0
#: A release's label: its size; it starts this far right of a marker, or inside
#: a run; it goes above or below the lane by :data:`LABEL_OFFSET`, wherever
#: :data:`LABEL_SPACE` points are free after the label before it.
LABEL_FONT = 8.0
LABEL_AFTER_MARKER = 7.0
LABEL_IN_RUN = 2.0
LABEL_OFFSET = 15.0
LABEL_SPACE = 4.0
#: A work's id in a label is cut to this width.
LABEL_WIDTH = 150.0

#: Releases on a day that are not a plain dot: a hollow diamond for an
#: announcement, a star for a premiere, each with its size in points.
POINT_MARKERS: Mapping[ReleaseKind, tuple[MarkerStyle, float]] = {
    ReleaseKind.ANNOUNCEMENT: (
        MarkerStyle("diamond", 1, 1, "background", "lane", 1.8, "announcement"),
        12.0,
    ),
    ReleaseKind.PREMIERE: (MarkerStyle("star", 1, 1, "lane", "text", 0.8, "premiere"), 15.0),
}
#: Any other release on a day is an event's dot of this size.
POINT_SIZE = 9.0
#: What the legend calls such a release.
POINT_LABEL = "release on a day"

# -- the axis --------------------------------------------------------------------------

#: About one date label per this many points.
TICK_SPACING = 70.0
#: Years between labels, and months between labels, to choose from.
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
MONTH_STEPS = (1, 2, 3, 6)
#: Past this many days a label, labels name years; past :data:`MONTH_LABELS`, months;
#: past one day, weeks; else days.
YEAR_LABELS = 300
MONTH_LABELS = 6
#: Date labels go this far above and below the axis, this size.
TICK_LABEL_GAP = 9.0
TICK_FONT = 8.0
#: The axis's edges, a year's (or month's) tick, another tick, and a lane's guide.
AXIS_PEN = 0.8
MAJOR_TICK_PEN = 0.8
MINOR_TICK_PEN = 0.6
GUIDE_PEN = 0.6

_RELEASE_RULES = ("PL501", "PL502", "PL503")


@attrs.frozen(slots=True)
class Placed:
    """One release, placed in time: ``lower`` to ``upper`` seconds; ``run`` for a bar."""

    release: Release
    lower: int
    upper: int
    run: bool
    open_end: bool
    reversed: bool


@attrs.frozen(slots=True)
class Axis:
    """The time axis: ``low`` to ``high`` seconds drawn from ``left`` over ``width`` points.

    ``margin`` points are left free at each end; ``scale`` is points per second.
    """

    low: int
    high: int
    left: float
    width: float
    margin: float
    scale: float

    @classmethod
    def spanning(cls, items: Sequence[Placed], left: float) -> Axis:
        """The axis for ``items``: wide enough for the busiest stretch of a long history.

        A short list of releases does not get a wall of empty days.
        """
        low = min(item.lower for item in items)
        high = max(item.upper for item in items)
        days = max((high - low) / _DAY, 1.0)
        width = min(
            max(min(days * POINTS_PER_DAY, POINTS_PER_RELEASE * len(items)), MIN_WIDTH), MAX_WIDTH
        )
        margin = width * MARGIN
        scale = (width - 2 * margin) / (high - low if high > low else _DAY)
        return cls(low, high, left, width, margin, scale)

    @property
    def right(self) -> float:
        """Where the axis ends."""
        return self.left + self.width

    def x(self, seconds: int) -> float:
        """Where ``seconds`` is on the page."""
        return self.left + self.margin + (seconds - self.low) * self.scale


def releases(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the release history of ``sel``."""
    story = sel.story
    scene = Scene(theme, title=f"{story.title or 'Story'}: releases")
    chosen = [
        release
        for release in story.releases
        if sel.works is None or sel.tree.within(release.work, sel.works)
    ]
    items = [item for item in map(place, chosen) if item is not None]
    undated = len(chosen) - len(items)
    lanes: dict[tuple[str, str], list[Placed]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.lower, i.upper)):
        lanes[item.release.medium].append(item)
    order = sorted(lanes, key=lambda lane: (lanes[lane][0].lower, lane))

    subtitle = [f"{len(items)} releases", f"{len(order)} lanes (region · medium)"]
    if undated:
        subtitle.append(f"{undated} without a date not shown")
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))
    names = [_lane_name(lane) for lane in order]
    label_width = min(
        max((display_width(name, LANE_FONT) for name in names), default=LANE_LABEL_MIN),
        LANE_LABEL_MAX,
    )
    x0 = PAD + label_width + LANE_LABEL_ROOM

    if not items:
        return _empty(scene, x0, y)

    axis = Axis.spanning(items, x0)
    top = y + ABOVE_AXIS
    bottom = top + LANE * len(order)
    _draw_axis(scene, axis, top=top, bottom=bottom)

    marked = False
    used: set[str] = set()
    for lane_number, lane in enumerate(order):
        cy = top + LANE * lane_number + LANE / 2
        _draw_lane(scene, axis, names[lane_number], cy=cy, number=lane_number, width=label_width)
        free = [x0 - 1e9, x0 - 1e9]  # where each label row (above, below) is free from
        for item in lanes[lane]:
            kind = _kind(item)
            used.add(kind)
            marked |= _draw_release(scene, sel, axis, item, cy=cy, number=lane_number, free=free)

    legend_items = _legend(theme, used, marked)
    legend(scene, legend_items, PAD, bottom + ABOVE_LEGEND, max(axis.right - PAD, LEGEND_WIDTH))
    scene.grow(axis.right + label_width + LANE_LABEL_ROOM + PAD, bottom + BELOW_AXIS)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(view="releases", releases=len(items), lanes=len(order), crossings=0)
    return scene


def _empty(scene: Scene, x0: float, y: float) -> Scene:
    """A view with no dated release says so."""
    scene.text(
        x0,
        y + NOTE_AT,
        "no dated releases to show",
        justify="left",
        fontsize=NOTE_FONT,
        color=scene.theme.muted,
        classes="note",
    )
    scene.grow(x0 + EMPTY_SIZE[0], y + EMPTY_SIZE[1])
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(view="releases", releases=0, lanes=0, crossings=0)
    return scene


def _draw_lane(
    scene: Scene, axis: Axis, name: str, *, cy: float, number: int, width: float
) -> None:
    """Lane ``number``'s guide at ``cy``, and its name (cut to ``width``) at both ends."""
    theme = scene.theme
    color = theme.readable(theme.lane(number).color)
    label = shorten(name, width, LANE_FONT)
    scene.line([(axis.left, cy), (axis.right, cy)], theme.grid, width=GUIDE_PEN, classes="guide")
    ends: tuple[tuple[float, Justify], ...] = (
        (axis.left - LANE_LABEL_GAP, "right"),
        (axis.right + LANE_LABEL_GAP, "left"),
    )
    for x, justify in ends:
        scene.text(
            x,
            cy,
            label,
            justify=justify,
            fontsize=LANE_FONT,
            color=color,
            classes="lane-label",
        )


def _draw_release(
    scene: Scene,
    sel: Selection,
    axis: Axis,
    item: Placed,
    *,
    cy: float,
    number: int,
    free: list[float],
) -> bool:
    """One release on lane ``number`` at ``cy``: a bar or a marker, a ring if flagged, its label.

    ``free`` holds where each label row (above, below) is free from, and is
    updated. Returns whether a finding was marked.
    """
    theme = scene.theme
    style = theme.lane(number)
    release = item.release
    findings = _findings(sel, item)
    tooltip = _tooltip(sel, release, findings)
    a, b = axis.x(item.lower), axis.x(item.upper)
    if item.run:
        stroke = theme.finding if findings or item.reversed else style.color
        scene.mark(
            Mark(
                (a + b) / 2,
                cy,
                max(b - a, RUN_MIN_WIDTH),
                RUN_HEIGHT,
                shape="box",
                fill=theme.tint(style.color, RUN_TINT),
                stroke=stroke,
                penwidth=FLAGGED_RUN_PEN if findings else RUN_PEN,
                style="filled,dashed" if item.open_end or item.reversed else "filled",
                tooltip=tooltip,
                classes=f"release run {release.kind.value}",
            )
        )
        centre = a
    else:
        centre = (a + b) / 2
        if b - a > SPAN_MIN_WIDTH:
            scene.mark(
                Mark(
                    centre,
                    cy,
                    b - a,
                    SPAN_HEIGHT,
                    shape="box",
                    fill=theme.tint(style.color, SPAN_TINT),
                    stroke=theme.tint(style.color, SPAN_EDGE_TINT),
                    penwidth=SPAN_PEN,
                    style="filled",
                    tooltip=tooltip,
                    classes="release span",
                )
            )
        _point(scene, centre, cy, kind=release.kind, color=style.color, tooltip=tooltip)
    if findings:
        finding_ring(scene, centre, cy, RING_SIZE, findings, classes="release")
    label = _label(release, findings)
    label_w = display_width(label, LABEL_FONT)
    start = centre + LABEL_AFTER_MARKER if not item.run else a + LABEL_IN_RUN
    for row, offset in enumerate((-LABEL_OFFSET, LABEL_OFFSET)):
        if start > free[row] + LABEL_SPACE:
            scene.text(
                start,
                cy + offset,
                label,
                justify="left",
                fontsize=LABEL_FONT,
                color=theme.finding if findings else theme.text,
                bold=bool(findings),
                tooltip=tooltip,
                classes="release-label",
            )
            free[row] = start + label_w
            break
    return bool(findings)


def place(release: Release) -> Placed | None:
    """Where a release sits in time, or None when it has no date.

    A run is read from ``start`` and ``end`` directly (not ``release.span``),
    so that a run whose end precedes its start (PL503) can still be drawn.
    """
    if release.date is not None:
        if isinstance(release.date, Instant):
            return Placed(release, release.date.lower, release.date.upper, False, False, False)
        start, end = release.date.start, release.date.end
    else:
        start, end = release.start, release.end
    if start is not None and end is not None and end.upper <= start.lower:
        # An end before the start (PL503): draw the span between them, flagged.
        return Placed(release, end.lower, start.upper, True, False, True)
    if start is not None:
        upper = end.upper if end is not None else start.upper
        return Placed(release, start.lower, upper, True, end is None, False)
    if end is not None:
        return Placed(release, end.lower, end.upper, True, False, False)
    return None


def _findings(sel: Selection, item: Placed) -> tuple[Finding, ...]:
    """The release-rule findings about one release.

    A finding sits where the release was written; a release built in code has
    no such place (and usually no id), so then the findings about its work
    stand in: PL503 for a run that ends before it starts, PL501 and PL502 for
    the other releases.
    """
    release = item.release
    found = sel.marks.about(release.id, release.origin)
    found = tuple(f for f in found if f.code in _RELEASE_RULES)
    if found or release.origin is not None:
        return found
    by_work = sel.marks.about(release.work)
    if item.reversed:
        return tuple(f for f in by_work if f.code == "PL503")
    if release.kind is ReleaseKind.ANNOUNCEMENT:
        return ()
    return tuple(f for f in by_work if f.code in ("PL501", "PL502"))


def _kind(item: Placed) -> str:
    if item.run:
        return "run"
    if item.release.kind is ReleaseKind.ANNOUNCEMENT:
        return "announcement"
    if item.release.kind is ReleaseKind.PREMIERE:
        return "premiere"
    return "release" if item.upper - item.lower <= _DAY else "imprecise"


def _point(
    scene: Scene, x: float, y: float, *, kind: ReleaseKind, color: str, tooltip: str | None
) -> None:
    """The marker of a release on a day (see :data:`POINT_MARKERS`)."""
    classes = f"release {kind.value}"
    special = POINT_MARKERS.get(kind)
    if special is None:
        marker(
            scene, x, y, POINT_SIZE, kind="present", color=color, tooltip=tooltip, classes=classes
        )
        return
    style, size = special
    scene.mark(style.mark(scene.theme, x, y, size, color=color, tooltip=tooltip, classes=classes))


def _lane_name(lane: tuple[str, str]) -> str:
    region, medium = lane
    return f"{region} · {medium}" if region else medium


def _label(release: Release, findings: tuple[Finding, ...]) -> str:
    """The work's id (short and distinct; its title is in the tooltip) and finding codes."""
    name = shorten(release.work, LABEL_WIDTH, LABEL_FONT)
    if findings:
        name += "  " + " ".join(sorted({f.code for f in findings}))
    return name


def _tooltip(sel: Selection, release: Release, findings: tuple[Finding, ...]) -> str:
    work = sel.story.work_index.get(release.work)
    name = work_names(work)[0] if work is not None else release.work
    lines = [f"{name} ({release.work})" if name != release.work else name]
    lines.append(release.kind.value + (f" on {release.platform}" if release.platform else ""))
    if release.region:
        lines.append(f"region: {release.region}")
    if release.date is not None:
        lines.append(f"date: {release.date}")
    if release.start is not None or release.end is not None:
        lines.append(f"run: {release.start or '?'} to {release.end or '?'}")
    if release.note:
        lines.append(release.note)
    if findings:
        lines.append(Marks.describe(findings))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The date axis.


def _date(seconds: int) -> dt.date | None:
    days = seconds // _DAY
    if not 0 <= days < dt.date.max.toordinal():
        return None
    return dt.date.fromordinal(days + 1)


def _seconds(day: dt.date) -> int:
    return (day.toordinal() - 1) * _DAY


def _ticks(low: int, high: int, width: float) -> Iterator[tuple[int, str, bool]]:
    """Tick marks: ``(seconds, label, major)``, about one label per :data:`TICK_SPACING` points."""
    first, last = _date(low), _date(high)
    if first is None or last is None:
        return
    days = max((last - first).days, 1)
    per_label = TICK_SPACING * days / max(width, 1)  # days a label may take
    if per_label > YEAR_LABELS:
        step = next(s for s in YEAR_STEPS if s * 365 >= per_label)
        year = first.year - first.year % step
        while year <= last.year:
            if year >= 1:
                yield _seconds(dt.date(year, 1, 1)), str(year), True
            year += step
        return
    if per_label > MONTH_LABELS:
        months = next((m for m in MONTH_STEPS if m * 30 >= per_label), 12)
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            if (month - 1) % months == 0:
                label = str(year) if month == 1 else dt.date(year, month, 1).strftime("%b")
                yield _seconds(dt.date(year, month, 1)), label, month == 1
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return
    step_days = 1 if per_label <= 1 else 7
    day = first
    while day <= last:
        yield _seconds(day), day.isoformat(), day.day == 1
        day += dt.timedelta(days=step_days)


def _draw_axis(scene: Scene, axis: Axis, *, top: float, bottom: float) -> None:
    """Grid lines and date labels above and below the lanes."""
    theme = scene.theme
    left, right = axis.left, axis.right
    scene.line([(left, top), (right, top)], theme.muted, width=AXIS_PEN, classes="axis")
    scene.line([(left, bottom), (right, bottom)], theme.muted, width=AXIS_PEN, classes="axis")
    for seconds, label, major in _ticks(axis.low, axis.high, right - left):
        x = axis.x(seconds)
        if not left <= x <= right:
            continue
        scene.line(
            [(x, top), (x, bottom)],
            theme.muted if major else theme.grid,
            width=MAJOR_TICK_PEN if major else MINOR_TICK_PEN,
            dash="solid" if major else "dashed",
            classes="tick",
        )
        for y in (top - TICK_LABEL_GAP, bottom + TICK_LABEL_GAP):
            scene.text(
                x,
                y,
                label,
                fontsize=TICK_FONT,
                color=theme.text if major else theme.muted,
                bold=major,
                classes="date-label",
            )


def _legend(theme: Theme, used: set[str], marked: bool) -> list[LegendItem]:
    """What the legend explains: a release on a day, runs, imprecise dates, the kinds used."""

    def point(kind: ReleaseKind) -> LegendItem:
        def draw(scene: Scene, x: float, y: float) -> None:
            _point(scene, x, y, kind=kind, color=theme.lane(0).color, tooltip=None)

        special = POINT_MARKERS.get(kind)
        return draw, special[0].label if special is not None else POINT_LABEL

    first = theme.lane(0).color
    items = [point(ReleaseKind.STREAMING)]
    if "run" in used:
        items.append(
            (box_sample(theme.tint(first, RUN_TINT), first), "a run, from its start to its end")
        )
    if "imprecise" in used:
        items.append(
            (
                box_sample(theme.tint(first, SPAN_TINT), theme.grid),
                "known only to the month or year: the whole span",
            )
        )
    if "premiere" in used:
        items.append(point(ReleaseKind.PREMIERE))
    if "announcement" in used:
        items.append(point(ReleaseKind.ANNOUNCEMENT))
    if marked:
        items.append((ring_sample(), "conflict (hover for details)"))
    return items
