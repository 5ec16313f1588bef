"""The ``cast`` view: who appears where, as a movie-narrative chart.

Events run left to right in telling order. Each entity is a line; the
entities on scene in an event are drawn together, inside a capsule, so lines
meet where characters meet. A line begins at the entity's first appearance and
ends at its death (a death marker) or its last appearance; it starts again if
the entity returns. Mentions and voices are hollow dots on the line.

The order of the lines at each column comes from
:func:`~plotline._render._layout.narrative_orders`, which keeps crossings low.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._model import Event, Importance, Mode, Role
from plotline._render._common import (
    PAD,
    box_sample,
    event_tooltip,
    finding_ring,
    header_rows,
    installment_header,
    legend,
    line_sample,
    marker,
    marker_sample,
    place_columns,
    ring_sample,
    title_block,
)
from plotline._render._layout import narrative_orders
from plotline._render._quote import display_width, shorten, wrap
from plotline._render._scene import Mark, Scene
from plotline._render._select import Marks, Selection

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._render._theme import Theme

__all__ = ["cast"]

DETAIL_LIMIT = 100
REPEAT_EVERY = 1200.0
_RANK = {Importance.MAIN: 0, Importance.MAJOR: 1, Importance.MINOR: 2}


def cast(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw the cast chart of ``sel``."""
    story = sel.story
    scene = Scene(theme, title=f"{story.title or 'Story'}: cast")

    # -- who, and in which columns ------------------------------------------------------
    wanted = sel.entities
    first_seen: dict[str, int] = {}
    columns_events: list[Event] = []
    for event in sel.events:
        people = [e for e in event.participants if wanted is None or e in wanted]
        if not people:
            continue
        for entity, role in event.participants.items():
            if (wanted is None or entity in wanted) and role.on_scene:
                first_seen.setdefault(entity, len(columns_events))
        columns_events.append(event)
    entities = sorted(first_seen, key=lambda e: (_importance(sel, e), first_seen[e]))
    number = {entity: place for place, entity in enumerate(entities)}
    count = len(entities)

    groups: list[tuple[int, ...]] = []
    mentions: list[tuple[int, ...]] = []
    for event in columns_events:
        on = [number[e] for e, role in event.participants.items() if e in number and role.on_scene]
        off = [
            number[e] for e, role in event.participants.items() if e in number and not role.on_scene
        ]
        groups.append(tuple(on))
        mentions.append(tuple(off))
    segments = _segments(count, columns_events, number)
    drawn = _drawn(count, len(columns_events), segments)
    layout = narrative_orders(count, groups, drawn)

    # -- geometry ------------------------------------------------------------------------
    detail = len(columns_events) <= DETAIL_LIMIT
    n = max(len(columns_events), 1)
    step = _step(n, detail)
    row = 22.0 if detail else (14.0 if count <= 60 else 10.0)
    size = 7.0 if detail else 4.5
    names = [_name(sel, entity) for entity in entities]
    label_width = min(max((display_width(name, 9) for name in names), default=40), 170)
    x0 = PAD + label_width + 30
    columns = place_columns(columns_events, sel.tree, x0, step)
    subtitle = [
        f"{count} entities",
        f"{len(columns_events)} events in telling order",
        f"{layout.crossings} crossings",
    ]
    subtitle += sel.filters
    y = title_block(scene, scene.title, " · ".join(subtitle))
    label_rows = 3 if detail else 0
    top = y + header_rows(sel, columns) * 18 + 4 + label_rows * 10 + 20
    deepest = max((sum(now) for now in drawn), default=1)
    bottom = top + max(deepest - 1, 0) * row
    if columns.xs:
        installment_header(scene, sel, columns, y, rule_bottom=bottom + 14, label_x=x0 - 8)

    # Only lines drawn at a column take a row there: an entity not met yet or
    # gone leaves no gap. Something not drawn (a mention, a ghost in a dream)
    # sits between the rows of its neighbours in the order.
    slots: list[list[float]] = []
    for order, now in zip(layout.orders, drawn, strict=True):
        slot = [0.0] * count
        used = 0
        for who in order:
            if now[who]:
                slot[who] = used
                used += 1
            else:
                slot[who] = max(used - 0.5, 0)
        slots.append(slot)

    def at(column: int, entity: int) -> tuple[float, float]:
        return columns.xs[column], top + slots[column][entity] * row

    # -- capsules for events (under the lines' markers) -----------------------------------
    for column, (event, group) in enumerate(zip(columns_events, groups, strict=True)):
        x = columns.xs[column]
        findings = sel.marks.about(event.id, event.origin)
        tooltip = event_tooltip(story, event, findings)
        if detail:
            lines = wrap(event.label, step - 6, 7.5, label_rows)
            scene.text(
                x,
                top - 16 - len(lines) * 4.8,
                lines,
                fontsize=8,
                color=theme.text,
                tooltip=tooltip,
                classes="event-label",
            )
        if not group:
            continue
        ys = [at(column, entity)[1] for entity in group]
        height = max(ys) - min(ys) + row * 0.8
        scene.mark(
            Mark(
                x,
                (max(ys) + min(ys)) / 2,
                size + 8,
                height,
                shape="box",
                fill=theme.text + "14",
                stroke=theme.finding if findings else theme.muted,
                penwidth=2.2 if findings else 0.8,
                style="rounded,filled" if event.mode is Mode.PRESENT else "rounded,filled,dashed",
                tooltip=tooltip,
                classes="group",
            )
        )
        if findings:
            finding_ring(scene, x, min(ys) - row * 0.4 - 6, 2, findings)

    # -- lines, markers, labels ----------------------------------------------------------
    kinds: set[str] = set()
    for who in range(count):
        style = theme.lane(who)
        name = names[who]
        entity_id = entities[who]
        findings = sel.marks.about(
            entity_id,
            story.entity_index[entity_id].origin if entity_id in story.entity_index else None,
        )
        tooltip = name + (f" ({entity_id})" if name != entity_id else "")
        if findings:
            tooltip += "\n" + Marks.describe(findings)
        for number_of_segment, (first, last, ends) in enumerate(segments[who]):
            points = [at(column, who) for column in range(first, last + 1)]
            if len(points) == 1:
                x, y = points[0]
                points = [(x - step * 0.3, y), (x + step * 0.3, y)]
            scene.line(
                points,
                style.color,
                width=2.2 if detail else 1.4,
                dash=style.dash,
                curve="horizontal",
                tooltip=tooltip,
                classes="entity-line",
            )
            sx, sy = points[0]
            color = theme.finding if findings else theme.readable(style.color)
            if first == 0:  # in the margin, like a lane's name
                scene.text(
                    sx - 8,
                    sy,
                    shorten(name, label_width, 9),
                    justify="right",
                    fontsize=9,
                    color=color,
                    bold=True,
                    tooltip=tooltip,
                    classes="entity-label",
                )
            else:  # just above where the line begins
                scene.text(
                    sx - 3,
                    sy - 9,
                    shorten(name, max(2.5 * step, 110), 8),
                    justify="left",
                    fontsize=8,
                    color=color,
                    bold=number_of_segment == 0,
                    tooltip=tooltip,
                    classes="entity-label",
                )
            x = sx + REPEAT_EVERY
            while x < points[-1][0] - REPEAT_EVERY / 3:
                column = _column_near(columns.xs, x)
                rx, ry = at(column, who)
                scene.text(
                    rx + 4,
                    ry - 7,
                    shorten(name, 140, 7),
                    justify="left",
                    fontsize=7,
                    color=theme.readable(style.color),
                    tooltip=tooltip,
                    classes="entity-label repeat",
                )
                x += REPEAT_EVERY
            if ends == "dies":
                kinds.add("death")
            elif last == len(columns_events) - 1 or ends == "exits":
                ex, ey = points[-1]
                scene.text(
                    ex + 8,
                    ey,
                    shorten(name, label_width, 8),
                    justify="left",
                    fontsize=8,
                    color=theme.readable(style.color),
                    tooltip=tooltip,
                    classes="entity-label",
                )
        for column, event in enumerate(columns_events):
            part = event.participants.get(entity_id)
            if part is None:
                continue
            role = part
            x, y = at(column, who)
            event_tooltip_text = f"{name}: {role.value}\n{event.label} ({event.told_in})"
            if role.ends_life:
                marker(
                    scene,
                    x,
                    y,
                    size * 1.3,
                    kind="death",
                    color=style.color,
                    tooltip=event_tooltip_text,
                    classes="event",
                )
            elif role.on_scene:
                marker(
                    scene,
                    x,
                    y,
                    size,
                    kind="present",
                    color=style.color,
                    tooltip=event_tooltip_text,
                    classes="appearance",
                )
            else:
                kinds.add("mention")
                marker(
                    scene,
                    x,
                    y,
                    size,
                    kind="mention",
                    color=style.color,
                    tooltip=event_tooltip_text,
                    classes="appearance",
                )

    # -- legend --------------------------------------------------------------------------
    right = columns.right if columns.xs else x0 + 200
    items = [
        (line_sample(theme.lane(0).color, width=2.2), "an entity, from first appearance"),
        (
            box_sample(theme.text + "14", theme.muted, upright=True),
            "an event: who is on scene together",
        ),
    ]
    if "death" in kinds:
        items.append((marker_sample("death", theme.lane(0).color), "dies (the line ends)"))
    if "mention" in kinds:
        items.append((marker_sample("mention", theme.lane(0).color), "mentioned or heard only"))
    items.append(
        (
            box_sample(theme.text + "14", theme.muted, dashed=True, upright=True),
            "an event told out of the present (flashback, dream, vision, recap)",
        )
    )
    if sel.marks:
        items.append((ring_sample(), "finding (hover for details)"))
    legend(scene, items, PAD, bottom + 30, max(right - PAD, 600))
    scene.grow(right + label_width + PAD, bottom)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(
        view="cast",
        events=len(columns_events),
        entities=count,
        crossings=layout.crossings,
    )
    return scene


def _step(columns: int, detail: bool) -> float:
    """Points between columns: room for labels when they are written, else a fit to ~2800."""
    if detail:
        return 62.0 if columns <= 40 else 50.0
    return max(6.0, min(16.0, 2800 / columns))


def _importance(sel: Selection, entity: str) -> int:
    record = sel.story.entity_index.get(entity)
    if record is None or record.importance is None:
        return 3
    return _RANK[record.importance]


def _name(sel: Selection, entity: str) -> str:
    record = sel.story.entity_index.get(entity)
    return record.label if record is not None else entity


def _segments(
    count: int, events: Sequence[Event], number: dict[str, int]
) -> list[list[tuple[int, int, str]]]:
    """Each entity's stretches of columns: ``(first, last, how it ends)``.

    A stretch starts at an appearance on scene and runs to the entity's death
    (``"dies"``), exit (``"exits"``) or last appearance before either
    (``"last"``). Appearing again after a death starts a new stretch only in
    the present (or with ``returns``); a dead character seen in a flashback,
    dream or vision keeps its marker but draws no line.
    """
    segments: list[list[tuple[int, int, str]]] = [[] for _ in range(count)]
    open_at: list[int | None] = [None] * count
    last_seen: list[int] = [0] * count
    dead = [False] * count
    for column, event in enumerate(events):
        for entity_id, role in event.participants.items():
            entity = number.get(entity_id)
            if entity is None or not role.on_scene:
                continue
            if open_at[entity] is None:
                revived = role is Role.RETURNS or event.mode is Mode.PRESENT
                if dead[entity] and not revived:
                    continue
                open_at[entity] = column
                dead[entity] = False
            last_seen[entity] = column
            if role.ends_life or role is Role.EXITS:
                start = open_at[entity]
                assert start is not None
                segments[entity].append((start, column, "dies" if role.ends_life else "exits"))
                open_at[entity] = None
                dead[entity] = role.ends_life
    for entity in range(count):
        start = open_at[entity]
        if start is not None:
            segments[entity].append((start, last_seen[entity], "last"))
    return segments


def _drawn(
    count: int, columns: int, segments: Sequence[Sequence[tuple[int, int, str]]]
) -> list[list[bool]]:
    """``drawn[column][entity]``: whether the entity's line passes the column."""
    drawn = [[False] * count for _ in range(columns)]
    for entity, stretches in enumerate(segments):
        for first, last, _ in stretches:
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
