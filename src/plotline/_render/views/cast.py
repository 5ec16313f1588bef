"""The ``cast`` view: who appears where, as a movie-narrative chart.

Events run left to right in telling order. Each entity is a line; the
entities on scene in an event are drawn together, inside a capsule, so lines
meet where characters meet. A line begins at the entity's first appearance and
ends at its death (a death marker) or its last appearance; it starts again if
the entity returns. Mentions and voices are hollow dots on the line.

The order of the lines at each column comes from
:func:`~plotline._render._layout.narrative_orders`, which keeps crossings low.

The view is drawn in steps: who is in which columns (:func:`cast_columns`),
the stretches of each entity's line (:func:`segments`), the layout and the
sizes that suit it (:func:`fit`), each line's row at each column, then the
capsules, the lines with their names and markers, and the legend.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import attrs

from plotline._ages import ages_text
from plotline._model import Event, Importance, Mode, Role
from plotline._render._columns import Columns, place_columns
from plotline._render._header import HEADER_BELOW, HEADER_ROW, header_rows, installment_header
from plotline._render._holdings import draw_handovers
from plotline._render._labels import event_tooltip, title_block
from plotline._render._layout import NarrativeLayout, narrative_orders
from plotline._render._legend import (
    LegendItem,
    box_sample,
    legend,
    line_sample,
    marker_sample,
    ring_sample,
)
from plotline._render._markers import finding_ring, marker
from plotline._render._scene import PAD, Mark, Scene
from plotline._render._select import Marks, Selection
from plotline._render._text import display_width, shorten, wrap

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._render._theme import Theme

__all__ = ["Cast", "Fit", "cast", "cast_columns", "fit", "line_columns", "segments"]

#: Up to this many events, each gets a written label; beyond, only tooltips.
DETAIL_LIMIT = 100
#: Entity names are repeated along their lines about this often (points).
REPEAT_EVERY = 1200.0
_RANK = {Importance.MAIN: 0, Importance.MAJOR: 1, Importance.MINOR: 2}
#: Where an entity of no stated importance goes: after the minor ones.
_UNRANKED = 3

# -- sizes, by how many events and entities there are ----------------------------------

#: Up to this many events, columns are :data:`WIDE_STEP` apart; with more, :data:`NARROW_STEP`.
FEW_EVENTS = 40
WIDE_STEP = 62.0
NARROW_STEP = 50.0
#: Past :data:`DETAIL_LIMIT` the columns share about this width, each between
#: :data:`DENSE_STEP_MIN` and :data:`DENSE_STEP_MAX` points.
DENSE_WIDTH = 2800.0
DENSE_STEP_MIN = 6.0
DENSE_STEP_MAX = 16.0
#: Points between the rows of two lines: with labels; dense, up to
#: :data:`FEW_ENTITIES` entities and past it.
ROW = 22.0
DENSE_ROW = 14.0
CROWDED_ROW = 10.0
FEW_ENTITIES = 60
#: The size of an appearance marker, with labels and dense; a death's is
#: :data:`DEATH_SCALE` times it.
MARKER_SIZE = 7.0
DENSE_MARKER_SIZE = 4.5
DEATH_SCALE = 1.3

# -- the page --------------------------------------------------------------------------

#: Entity names in the left margin: their size, at most this wide, their width
#: when there are none, and the room between them and the first column.
NAME_FONT = 9.0
NAME_WIDTH_MAX = 170.0
NAME_WIDTH_MIN = 40.0
NAME_ROOM = 30.0
#: Left of the first column, where the header names its levels.
HEADER_LABEL_GAP = 8.0
#: Event titles above the lines: how many lines, each this tall, then this room to the first row.
LABEL_ROWS = 3
LABEL_ROW = 10.0
ABOVE_ROWS = 20.0
#: The rules between installments reach this far below the last row.
RULE_OVERHANG = 14.0
#: From the last row down to the legend; a legend is at least :data:`LEGEND_WIDTH` wide.
ABOVE_LEGEND = 30.0
LEGEND_WIDTH = 600.0
#: How wide the chart is with no events.
EMPTY_WIDTH = 200.0

# -- what is drawn ---------------------------------------------------------------------

#: A capsule: this much wider than a marker, reaching this many rows past its
#: outer lines; its outline, and one a finding is about.
CAPSULE_ROOM = 8.0
CAPSULE_REACH = 0.8
#: A finding's ring over a capsule: this many rows above its top line, and
#: :data:`RING_RAISE` points more, :data:`RING_SIZE` points across (plus the ring's room).
RING_ABOVE = 0.4
RING_RAISE = 6.0
RING_SIZE = 2.0
CAPSULE_PEN = 0.8
FLAGGED_CAPSULE_PEN = 2.2
#: The capsule's fill: the text colour at this alpha (``#rrggbbaa``).
CAPSULE_ALPHA = "14"
#: An entity's line, with labels and dense.
LINE_PEN = 2.2
DENSE_LINE_PEN = 1.4
#: A line of one column only reaches this many steps either side.
STUB = 0.3
#: Past :data:`DETAIL_LIMIT` events, a line passes through its row at each column
#: within this many columns of one of its appearances, and runs on in one curve
#: across a longer gap between two: a line is drawn in points that grow with its
#: appearances, not with the columns it spans (2,000 lines across 3,000
#: columns would otherwise be six million points).
NEAR = 3
#: An event's title: wrapped as if this size (a little tighter), drawn at :data:`LABEL_FONT`.
WRAP_FONT = 7.5
LABEL_FONT = 8.0
LABEL_MARGIN = 6.0
LABEL_LINE = 4.8
#: From the first row up to where the event titles end.
TITLES_ABOVE = 16.0
#: Between a line's end and its name, at the first column or the last.
NAME_GAP = 8.0
#: A name where a line starts after the first column: this far back and up from the start.
LATE_NAME_BACK = 3.0
LATE_NAME_ABOVE = 9.0
#: A name where a line starts after the first column: its size, and the widest it
#: may be (:data:`LATE_NAME_STEPS` steps, but at least :data:`LATE_NAME_WIDTH`).
LATE_NAME_FONT = 8.0
LATE_NAME_STEPS = 2.5
LATE_NAME_WIDTH = 110.0
#: A name repeated along a line: this far right of and above the line at a column.
REPEAT_AFTER = 4.0
REPEAT_ABOVE = 7.0
#: A name repeated along a line: its size and width.
REPEAT_FONT = 7.0
REPEAT_WIDTH = 140.0
#: A name at a line's end: its size.
END_NAME_FONT = 8.0


@attrs.frozen(slots=True)
class Cast:
    """Who is drawn, and where: the entities in order, the columns, who is in each.

    ``entities`` are ids, most important first, then by first appearance;
    ``number`` finds an entity's place in them; ``events`` are the columns'
    events; ``groups[column]`` are the entities on scene there (by number).
    """

    entities: tuple[str, ...]
    number: dict[str, int]
    events: tuple[Event, ...]
    groups: tuple[tuple[int, ...], ...]
    #: Each entity's appearances, on scene or not: ``(column, role)``, left to right.
    seen: tuple[tuple[tuple[int, Role], ...], ...]

    @property
    def count(self) -> int:
        """How many entities are drawn."""
        return len(self.entities)


def cast_columns(sel: Selection) -> Cast:
    """The entities drawn and the events that hold them (one column each)."""
    wanted = sel.entities
    first_seen: dict[str, int] = {}
    events: list[Event] = []
    for event in sel.events:
        people = [e for e in event.participants if wanted is None or e in wanted]
        if not people:
            continue
        for entity, role in event.participants.items():
            if (wanted is None or entity in wanted) and role.on_scene:
                first_seen.setdefault(entity, len(events))
        events.append(event)
    entities = sorted(first_seen, key=lambda e: (_importance(sel, e), first_seen[e]))
    number = {entity: place for place, entity in enumerate(entities)}
    groups = tuple(
        tuple(number[e] for e, role in event.participants.items() if e in number and role.on_scene)
        for event in events
    )
    seen: list[list[tuple[int, Role]]] = [[] for _ in entities]
    for column, event in enumerate(events):
        for entity, role in event.participants.items():
            place = number.get(entity)
            if place is not None:
                seen[place].append((column, role))
    return Cast(
        tuple(entities), number, tuple(events), groups, tuple(tuple(found) for found in seen)
    )


@attrs.frozen(slots=True)
class Fit:
    """The sizes that suit a cast chart of so many events and entities."""

    detail: bool
    step: float
    row: float
    size: float
    label_rows: int


def fit(events: int, entities: int) -> Fit:
    """Column step, row height, marker size and title lines for the counts given."""
    detail = events <= DETAIL_LIMIT
    n = max(events, 1)
    if detail:
        step = WIDE_STEP if n <= FEW_EVENTS else NARROW_STEP
        return Fit(True, step, ROW, MARKER_SIZE, LABEL_ROWS)
    step = max(DENSE_STEP_MIN, min(DENSE_STEP_MAX, DENSE_WIDTH / n))
    row = DENSE_ROW if entities <= FEW_ENTITIES else CROWDED_ROW
    return Fit(False, step, row, DENSE_MARKER_SIZE, 0)


@attrs.frozen(slots=True)
class _Chart:
    """Where things go: columns, each line's row at each column (:func:`_slots`), the rows' top."""

    columns: Columns
    slots: list[array[float]]
    top: float
    row: float

    def at(self, column: int, entity: int) -> tuple[float, float]:
        """Where entity number ``entity``'s line passes column ``column``."""
        return self.columns.xs[column], self.top + self.slots[column][entity] * self.row


def cast(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the cast chart of ``sel``."""
    scene = Scene(theme, title=f"{sel.story.title or 'Story'}: cast")
    who = cast_columns(sel)
    stretches = segments(who.count, who.events, who.number)
    drawn = _drawn(who.count, len(who.events), stretches)
    layout = narrative_orders(who.count, who.groups, drawn)

    sizes = fit(len(who.events), who.count)
    names = [_name(sel, entity) for entity in who.entities]
    label_width = min(
        max((display_width(name, NAME_FONT) for name in names), default=NAME_WIDTH_MIN),
        NAME_WIDTH_MAX,
    )
    x0 = PAD + label_width + NAME_ROOM
    columns = place_columns(who.events, sel.tree, x0, sizes.step)
    subtitle = [
        f"{who.count} entities",
        f"{len(who.events)} events in telling order",
        f"{layout.crossings} crossings",
    ]
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))
    header = header_rows(sel, columns) * HEADER_ROW + HEADER_BELOW
    top = y + header + sizes.label_rows * LABEL_ROW + ABOVE_ROWS
    deepest = max((sum(now) for now in drawn), default=1)
    bottom = top + max(deepest - 1, 0) * sizes.row
    if columns.xs:
        installment_header(
            scene,
            sel,
            columns,
            y,
            rule_bottom=bottom + RULE_OVERHANG,
            label_x=x0 - HEADER_LABEL_GAP,
        )
    chart = _Chart(columns, _slots(who.count, layout, drawn), top, sizes.row)

    _draw_capsules(scene, sel, who, chart, sizes)
    kinds: set[str] = set()
    for entity in range(who.count):
        _draw_line(
            scene,
            sel,
            who,
            chart,
            sizes=sizes,
            entity=entity,
            stretches=stretches[entity],
            names=names,
            label_width=label_width,
        )
        if any(ends == "dies" for _, _, ends in stretches[entity]):
            kinds.add("death")
        if _draw_appearances(scene, who, chart, sizes=sizes, entity=entity, name=names[entity]):
            kinds.add("mention")
    if sizes.detail:  # who holds what, where objects change hands
        draw_handovers(scene, sel, who.events, who.number, chart.at)

    right = columns.right if columns.xs else x0 + EMPTY_WIDTH
    items = _legend_items(theme, kinds, findings=bool(sel.marks))
    legend(scene, items, PAD, bottom + ABOVE_LEGEND, max(right - PAD, LEGEND_WIDTH))
    scene.grow(right + label_width + PAD, bottom)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(
        view="cast",
        events=len(who.events),
        entities=who.count,
        crossings=layout.crossings,
    )
    return scene


def _slots(
    count: int, layout: NarrativeLayout, drawn: Sequence[Sequence[bool]]
) -> list[array[float]]:
    """Each line's row at each column, from the top.

    Only lines drawn at a column take a row there: an entity not met yet or
    gone leaves no gap. Something not drawn (a mention, a ghost in a dream)
    sits between the rows of its neighbours in the order.
    """
    slots: list[array[float]] = []  # arrays: no float object per line and column
    empty = array("d", [0.0]) * count
    for order, now in zip(layout.orders, drawn, strict=True):
        slot = array("d", empty)
        used = 0
        for who in order:
            if now[who]:
                slot[who] = used
                used += 1
            else:
                slot[who] = max(used - 0.5, 0)
        slots.append(slot)
    return slots


def _draw_capsules(scene: Scene, sel: Selection, who: Cast, chart: _Chart, sizes: Fit) -> None:
    """Each event: its title above the lines, and a capsule around those on scene together."""
    theme = scene.theme
    row = sizes.row
    for column, (event, group) in enumerate(zip(who.events, who.groups, strict=True)):
        x = chart.columns.xs[column]
        findings = sel.marks.about(event.id, event.origin)
        tooltip = event_tooltip(sel.story, event, findings)
        if ages := ages_text(sel.story, event):
            tooltip += f"\nages: {ages}"
        if sizes.detail:
            lines = wrap(event.label, sizes.step - LABEL_MARGIN, WRAP_FONT, sizes.label_rows)
            scene.text(
                x,
                chart.top - TITLES_ABOVE - len(lines) * LABEL_LINE,
                lines,
                fontsize=LABEL_FONT,
                color=theme.text,
                tooltip=tooltip,
                classes="event-label",
            )
        if not group:
            continue
        ys = [chart.at(column, entity)[1] for entity in group]
        height = max(ys) - min(ys) + row * CAPSULE_REACH
        scene.mark(
            Mark(
                x,
                (max(ys) + min(ys)) / 2,
                sizes.size + CAPSULE_ROOM,
                height,
                shape="box",
                fill=theme.text + CAPSULE_ALPHA,
                stroke=theme.finding if findings else theme.muted,
                penwidth=FLAGGED_CAPSULE_PEN if findings else CAPSULE_PEN,
                style="rounded,filled" if event.mode is Mode.PRESENT else "rounded,filled,dashed",
                tooltip=tooltip,
                classes="group",
            )
        )
        if findings:
            ring_y = min(ys) - row * RING_ABOVE - RING_RAISE
            finding_ring(scene, x, ring_y, RING_SIZE, findings)


def _draw_line(
    scene: Scene,
    sel: Selection,
    who: Cast,
    chart: _Chart,
    *,
    sizes: Fit,
    entity: int,
    stretches: Sequence[tuple[int, int, str]],
    names: Sequence[str],
    label_width: float,
) -> None:
    """One entity's line, stretch by stretch, with its name where each stretch begins.

    The name also goes along the line every :data:`REPEAT_EVERY` points, and
    at its end when the line runs to the last column or the entity exits.
    """
    theme = scene.theme
    story = sel.story
    style = theme.lane(entity)
    name = names[entity]
    entity_id = who.entities[entity]
    record = story.entity_index.get(entity_id)
    findings = sel.marks.about(entity_id, record.origin if record is not None else None)
    tooltip = name + (f" ({entity_id})" if name != entity_id else "")
    if record is not None and (record.born is not None or record.died is not None):
        lived = ("born", record.born), ("died", record.died)
        tooltip += "\n" + ", ".join(f"{word} {when}" for word, when in lived if when is not None)
    if findings:
        tooltip += "\n" + Marks.describe(findings)
    step = sizes.step
    readable = theme.readable(style.color)
    seen = [column for column, _ in who.seen[entity]]
    for number_of_segment, (first, last, ends) in enumerate(stretches):
        drawn = range(first, last + 1) if sizes.detail else line_columns(first, last, seen, NEAR)
        points = [chart.at(column, entity) for column in drawn]
        if len(points) == 1:
            x, y = points[0]
            points = [(x - step * STUB, y), (x + step * STUB, y)]
        scene.line(
            points,
            style.color,
            width=LINE_PEN if sizes.detail else DENSE_LINE_PEN,
            dash=style.dash,
            curve="horizontal",
            tooltip=tooltip,
            classes="entity-line",
        )
        sx, sy = points[0]
        color = theme.finding if findings else readable
        if first == 0:  # in the margin, like a lane's name
            scene.text(
                sx - NAME_GAP,
                sy,
                shorten(name, label_width, NAME_FONT),
                justify="right",
                fontsize=NAME_FONT,
                color=color,
                bold=True,
                tooltip=tooltip,
                classes="entity-label",
            )
        else:  # just above where the line begins
            scene.text(
                sx - LATE_NAME_BACK,
                sy - LATE_NAME_ABOVE,
                shorten(name, max(LATE_NAME_STEPS * step, LATE_NAME_WIDTH), LATE_NAME_FONT),
                justify="left",
                fontsize=LATE_NAME_FONT,
                color=color,
                bold=number_of_segment == 0,
                tooltip=tooltip,
                classes="entity-label",
            )
        x = sx + REPEAT_EVERY
        while x < points[-1][0] - REPEAT_EVERY / 3:
            rx, ry = chart.at(_column_near(chart.columns.xs, x), entity)
            scene.text(
                rx + REPEAT_AFTER,
                ry - REPEAT_ABOVE,
                shorten(name, REPEAT_WIDTH, REPEAT_FONT),
                justify="left",
                fontsize=REPEAT_FONT,
                color=readable,
                tooltip=tooltip,
                classes="entity-label repeat",
            )
            x += REPEAT_EVERY
        if ends != "dies" and (last == len(who.events) - 1 or ends == "exits"):
            ex, ey = points[-1]
            scene.text(
                ex + NAME_GAP,
                ey,
                shorten(name, label_width, END_NAME_FONT),
                justify="left",
                fontsize=END_NAME_FONT,
                color=readable,
                tooltip=tooltip,
                classes="entity-label",
            )


def _draw_appearances(
    scene: Scene, who: Cast, chart: _Chart, *, sizes: Fit, entity: int, name: str
) -> bool:
    """A marker wherever the entity takes part: a death, a dot, or a hollow mention.

    Returns whether any mention was drawn.
    """
    color = scene.theme.lane(entity).color
    mentioned = False
    for column, role in who.seen[entity]:
        event = who.events[column]
        x, y = chart.at(column, entity)
        tooltip = f"{name}: {role.value}\n{event.label} ({event.told_in})"
        if role.ends_life and event.mode is not Mode.FALSE_ACCOUNT:  # a false account kills no one
            size, kind, classes = sizes.size * DEATH_SCALE, "death", "event"
        elif role.on_scene:
            size, kind, classes = sizes.size, "present", "appearance"
        else:
            mentioned = True
            size, kind, classes = sizes.size, "mention", "appearance"
        marker(scene, x, y, size, kind=kind, color=color, tooltip=tooltip, classes=classes)
    return mentioned


def _legend_items(theme: Theme, kinds: set[str], *, findings: bool) -> list[LegendItem]:
    """What the legend explains: lines, capsules, the markers drawn, findings."""
    first = theme.lane(0).color
    capsule = theme.text + CAPSULE_ALPHA
    items: list[LegendItem] = [
        (line_sample(first, width=LINE_PEN), "an entity, from first appearance"),
        (box_sample(capsule, theme.muted, upright=True), "an event: who is on scene together"),
    ]
    if "death" in kinds:
        items.append((marker_sample("death", first), "dies (the line ends)"))
    if "mention" in kinds:
        items.append((marker_sample("mention", first), "mentioned or heard only"))
    items.append(
        (
            box_sample(capsule, theme.muted, dashed=True, upright=True),
            "an event told out of the present (flashback, dream, vision, recap)",
        )
    )
    if findings:
        items.append((ring_sample(), "finding (hover for details)"))
    return items


def _importance(sel: Selection, entity: str) -> int:
    record = sel.story.entity_index.get(entity)
    if record is None or record.importance is None:
        return _UNRANKED
    return _RANK[record.importance]


def _name(sel: Selection, entity: str) -> str:
    record = sel.story.entity_index.get(entity)
    return record.label if record is not None else entity


def segments(
    count: int, events: Sequence[Event], number: dict[str, int]
) -> list[list[tuple[int, int, str]]]:
    """Each entity's stretches of columns: ``(first, last, how it ends)``.

    A stretch starts at an appearance on scene and runs to the entity's death
    (``"dies"``), exit (``"exits"``) or last appearance before either
    (``"last"``). Appearing again after a death starts a new stretch only in
    the present (or with ``returns``); a dead character seen in a flashback,
    dream or vision keeps its marker but draws no line.
    """
    stretches: list[list[tuple[int, int, str]]] = [[] for _ in range(count)]
    open_at: list[int | None] = [None] * count
    last_seen: list[int] = [0] * count
    dead = [False] * count
    for column, event in enumerate(events):
        for entity_id, role in event.participants.items():
            entity = number.get(entity_id)
            if entity is None or not role.on_scene:
                continue
            if open_at[entity] is None:
                revived = role is Role.RETURNS or event.mode.is_real
                if dead[entity] and not revived:
                    continue
                open_at[entity] = column
                dead[entity] = False
            last_seen[entity] = column
            # A false account ends no life: its "death" is no end of the line.
            dies = role.ends_life and event.mode is not Mode.FALSE_ACCOUNT
            if dies or role is Role.EXITS:
                start = open_at[entity]
                assert start is not None
                stretches[entity].append((start, column, "dies" if dies else "exits"))
                open_at[entity] = None
                dead[entity] = dies
    for entity in range(count):
        start = open_at[entity]
        if start is not None:
            stretches[entity].append((start, last_seen[entity], "last"))
    return stretches


def line_columns(first: int, last: int, seen: Sequence[int], near: int) -> list[int]:
    """The columns from ``first`` to ``last`` within ``near`` of one in ``seen`` (sorted).

    ``first`` and ``last`` are kept whatever ``seen`` holds.

    >>> line_columns(0, 20, [0, 2, 12, 20], 2)
    [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 18, 19, 20]
    """
    inside = seen[bisect_left(seen, first) : bisect_right(seen, last)]
    columns: list[int] = []
    done = first - 1  # the last column taken
    for column in (first, *inside, last):
        low, high = max(column - near, done + 1, first), min(column + near, last)
        columns.extend(range(low, high + 1))
        done = max(done, high)
    return columns


def _drawn(
    count: int, columns: int, stretches: Sequence[Sequence[tuple[int, int, str]]]
) -> list[list[bool]]:
    """``drawn[column][entity]``: whether the entity's line passes the column."""
    drawn = [[False] * count for _ in range(columns)]
    for entity, spans in enumerate(stretches):
        for first, last, _ in spans:
            for column in range(first, last + 1):
                drawn[column][entity] = True
    return drawn


def _column_near(xs: Sequence[float], x: float) -> int:
    """The index of the column nearest ``x``."""
    low, high = 0, len(xs) - 1
    while low < high:
        middle = (low + high) // 2
        if xs[middle] < x:
            low = middle + 1
        else:
            high = middle
    return low
