"""The ``releases`` view: the release history, one lane per region and medium.

Time runs left to right on a date axis. A release on one day is a marker
(a star for a premiere, a hollow diamond for an announcement); a run, from its
start to its end, is a bar; a date known only to the month or year is drawn
as the whole span it stands for, with its marker in the middle. Findings of the
release rules (PL501, PL502, PL503) are circled and named.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

import attrs

from plotline._model import Release, ReleaseKind
from plotline._render._common import (
    PAD,
    LegendItem,
    box_sample,
    finding_ring,
    legend,
    marker,
    ring_sample,
    title_block,
)
from plotline._render._quote import display_width, shorten
from plotline._render._scene import Mark, Scene
from plotline._render._select import Marks, Selection, work_names
from plotline._time import Instant

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from plotline._check._finding import Finding
    from plotline._render._theme import Theme

__all__ = ["releases"]

_DAY = 86_400
LANE = 48.0


@attrs.frozen(slots=True)
class _Item:
    """One release, placed in time: ``lower`` to ``upper`` seconds; ``run`` for a bar."""

    release: Release
    lower: int
    upper: int
    run: bool
    open_end: bool
    reversed: bool


def releases(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the release history of ``sel``."""
    story = sel.story
    scene = Scene(theme, title=f"{story.title or 'Story'}: releases")
    chosen = [
        release
        for release in story.releases
        if sel.works is None or sel.tree.within(release.work, sel.works)
    ]
    items = [item for item in map(_place, chosen) if item is not None]
    undated = len(chosen) - len(items)
    lanes: dict[tuple[str, str], list[_Item]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.lower, i.upper)):
        lanes[item.release.medium].append(item)
    order = sorted(lanes, key=lambda lane: (lanes[lane][0].lower, lane))

    subtitle = [f"{len(items)} releases", f"{len(order)} lanes (region · medium)"]
    if undated:
        subtitle.append(f"{undated} without a date not shown")
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))
    names = [_lane_name(lane) for lane in order]
    label_width = min(max((display_width(name, 10) for name in names), default=60), 200)
    x0 = PAD + label_width + 24

    if not items:
        scene.text(
            x0,
            y + 30,
            "no dated releases to show",
            justify="left",
            fontsize=11,
            color=theme.muted,
            classes="note",
        )
        scene.grow(x0 + 300, y + 60)
        scene.width += PAD
        scene.height += PAD
        scene.stats.update(view="releases", releases=0, lanes=0, crossings=0)
        return scene

    low = min(item.lower for item in items)
    high = max(item.upper for item in items)
    days = max((high - low) / _DAY, 1.0)
    # Wide enough for the busiest stretch of a long history, but a short list
    # of releases does not get a wall of empty days.
    width = min(max(min(days * 2.5, 130.0 * len(items)), 800.0), 6000.0)
    margin = width * 0.03
    scale = (width - 2 * margin) / (high - low if high > low else _DAY)

    def x_of(seconds: int) -> float:
        return x0 + margin + (seconds - low) * scale

    top = y + 34
    bottom = top + LANE * len(order)
    _axis(scene, low=low, high=high, x_of=x_of, top=top, bottom=bottom, left=x0, right=x0 + width)

    marked = False
    used: set[str] = set()
    for place, lane in enumerate(order):
        cy = top + LANE * place + LANE / 2
        style = theme.lane(place)
        scene.line([(x0, cy), (x0 + width, cy)], theme.grid, width=0.6, classes="guide")
        scene.text(
            x0 - 10,
            cy,
            shorten(names[place], label_width, 10),
            justify="right",
            fontsize=10,
            color=theme.readable(style.color),
            classes="lane-label",
        )
        scene.text(
            x0 + width + 10,
            cy,
            shorten(names[place], label_width, 10),
            justify="left",
            fontsize=10,
            color=theme.readable(style.color),
            classes="lane-label",
        )
        free = [x0 - 1e9, x0 - 1e9]  # where each label row (above, below) is free from
        for item in lanes[lane]:
            release = item.release
            findings = _findings(sel, item)
            tooltip = _tooltip(sel, release, findings)
            a, b = x_of(item.lower), x_of(item.upper)
            kind = _kind(item)
            used.add(kind)
            if item.run:
                stroke = theme.finding if findings or item.reversed else style.color
                scene.mark(
                    Mark(
                        (a + b) / 2,
                        cy,
                        max(b - a, 3),
                        13,
                        shape="box",
                        fill=theme.tint(style.color, 0.35),
                        stroke=stroke,
                        penwidth=2.0 if findings else 1.0,
                        style="filled,dashed" if item.open_end or item.reversed else "filled",
                        tooltip=tooltip,
                        classes=f"release run {release.kind.value}",
                    )
                )
                centre = a
            else:
                centre = (a + b) / 2
                if b - a > 3:
                    scene.mark(
                        Mark(
                            centre,
                            cy,
                            b - a,
                            5,
                            shape="box",
                            fill=theme.tint(style.color, 0.3),
                            stroke=theme.tint(style.color, 0.6),
                            penwidth=0.6,
                            style="filled",
                            tooltip=tooltip,
                            classes="release span",
                        )
                    )
                _point(scene, centre, cy, kind=release.kind, color=style.color, tooltip=tooltip)
            if findings:
                marked = True
                finding_ring(scene, centre, cy, 8, findings, classes="release")
            label = _label(release, findings)
            label_w = display_width(label, 8)
            start = centre + 7 if not item.run else a + 2
            for row, offset in enumerate((-15.0, 15.0)):
                if start > free[row] + 4:
                    color = theme.finding if findings else theme.text
                    scene.text(
                        start,
                        cy + offset,
                        label,
                        justify="left",
                        fontsize=8,
                        color=color,
                        bold=bool(findings),
                        tooltip=tooltip,
                        classes="release-label",
                    )
                    free[row] = start + label_w
                    break

    legend_items = _legend(theme, used, marked)
    legend(scene, legend_items, PAD, bottom + 34, max(width + x0 - PAD, 600))
    scene.grow(x0 + width + label_width + 24 + PAD, bottom + 20)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(view="releases", releases=len(items), lanes=len(order), crossings=0)
    return scene


def _place(release: Release) -> _Item | None:
    """Where a release sits in time, or None when it has no date.

    A run is read from ``start`` and ``end`` directly (not ``release.span``),
    so that a run whose end precedes its start (PL503) can still be drawn.
    """
    if release.date is not None:
        if isinstance(release.date, Instant):
            return _Item(release, release.date.lower, release.date.upper, False, False, False)
        start, end = release.date.start, release.date.end
    else:
        start, end = release.start, release.end
    if start is not None and end is not None and end.upper <= start.lower:
        # An end before the start (PL503): draw the span between them, flagged.
        return _Item(release, end.lower, start.upper, True, False, True)
    if start is not None:
        upper = end.upper if end is not None else start.upper
        return _Item(release, start.lower, upper, True, end is None, False)
    if end is not None:
        return _Item(release, end.lower, end.upper, True, False, False)
    return None


_RELEASE_RULES = ("PL501", "PL502", "PL503")


def _findings(sel: Selection, item: _Item) -> tuple[Finding, ...]:
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


def _kind(item: _Item) -> str:
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
    theme = scene.theme
    classes = f"release {kind.value}"
    if kind is ReleaseKind.ANNOUNCEMENT:
        scene.mark(
            Mark(
                x,
                y,
                12,
                12,
                shape="diamond",
                fill=theme.background,
                stroke=color,
                penwidth=1.8,
                style="filled",
                tooltip=tooltip,
                classes=classes,
            )
        )
    elif kind is ReleaseKind.PREMIERE:
        scene.mark(
            Mark(
                x,
                y,
                15,
                15,
                shape="star",
                fill=color,
                stroke=theme.text,
                penwidth=0.8,
                style="filled",
                tooltip=tooltip,
                classes=classes,
            )
        )
    else:
        marker(scene, x, y, 9, kind="present", color=color, tooltip=tooltip, classes=classes)


def _lane_name(lane: tuple[str, str]) -> str:
    region, medium = lane
    return f"{region} · {medium}" if region else medium


def _label(release: Release, findings: tuple[Finding, ...]) -> str:
    """The work's id (short and distinct; its title is in the tooltip) and finding codes."""
    name = shorten(release.work, 150, 8)
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
    """Tick marks: ``(seconds, label, major)``, about one label per 70 points."""
    first, last = _date(low), _date(high)
    if first is None or last is None:
        return
    days = max((last - first).days, 1)
    per_label = 70 * days / max(width, 1)  # days a label may take
    if per_label > 300:
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if s * 365 >= per_label)
        year = first.year - first.year % step
        while year <= last.year:
            if year >= 1:
                yield _seconds(dt.date(year, 1, 1)), str(year), True
            year += step
        return
    if per_label > 6:
        months = next((m for m in (1, 2, 3, 6) if m * 30 >= per_label), 12)
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


def _axis(
    scene: Scene,
    *,
    low: int,
    high: int,
    x_of: Callable[[int], float],
    top: float,
    bottom: float,
    left: float,
    right: float,
) -> None:
    """Grid lines and date labels above and below the lanes."""
    theme = scene.theme
    scene.line([(left, top), (right, top)], theme.muted, width=0.8, classes="axis")
    scene.line([(left, bottom), (right, bottom)], theme.muted, width=0.8, classes="axis")
    for seconds, label, major in _ticks(low, high, right - left):
        x = x_of(seconds)
        if not left <= x <= right:
            continue
        scene.line(
            [(x, top), (x, bottom)],
            theme.muted if major else theme.grid,
            width=0.8 if major else 0.6,
            dash="solid" if major else "dashed",
            classes="tick",
        )
        for y in (top - 9, bottom + 9):
            scene.text(
                x,
                y,
                label,
                fontsize=8,
                color=theme.text if major else theme.muted,
                bold=major,
                classes="date-label",
            )


def _legend(theme: Theme, used: set[str], marked: bool) -> list[LegendItem]:
    def point(kind: ReleaseKind) -> LegendItem:
        def draw(scene: Scene, x: float, y: float) -> None:
            _point(scene, x, y, kind=kind, color=theme.lane(0).color, tooltip=None)

        return draw, {
            ReleaseKind.ANNOUNCEMENT: "announcement",
            ReleaseKind.PREMIERE: "premiere",
        }.get(kind, "release on a day")

    items = [point(ReleaseKind.STREAMING)]
    if "run" in used:
        items.append(
            (
                box_sample(theme.tint(theme.lane(0).color, 0.35), theme.lane(0).color),
                "a run, from its start to its end",
            )
        )
    if "imprecise" in used:
        items.append(
            (
                box_sample(theme.tint(theme.lane(0).color, 0.3), theme.grid),
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
