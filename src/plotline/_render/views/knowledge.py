"""The ``knowledge`` view: who learns which fact when, as a grid of facts by entities.

Each row is a fact, in the story order of its first learning; each column an
entity that learns something. A cell is filled where the entity learns the
fact, with the learning's place in story order (``#12``) and, in its tooltip,
the event; false facts (rumours, false beliefs) are hollow cells on a muted
row. A last column says where the audience is shown the fact (its
``reveals``, or the first learning told on the page).

The view is drawn in steps: the learnings gathered in story order
(:func:`learnings`), the rows and columns they make, the header, the grid, and
the legend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._audience import revealing_events
from plotline._knowledge import TEACHING_MODES
from plotline._render._labels import event_tooltip, title_block
from plotline._render._legend import LegendItem, box_sample, legend
from plotline._render._scene import PAD, Mark, Scene
from plotline._render._text import display_width, shorten

if TYPE_CHECKING:
    from plotline._model import Event
    from plotline._render._select import Selection
    from plotline._render._theme import Theme

__all__ = ["knowledge", "learnings"]

#: Rows and columns of the grid, in points; a fact's name is at most
#: :data:`FACT_WIDTH` wide, an entity's (written slanted above) :data:`NAME_WIDTH`.
ROW = 22.0
COLUMN = 72.0
FACT_WIDTH = 260.0
NAME_WIDTH = 110.0
FONT = 9.0
HEADER_FONT = 9.0
#: From the title block to the first row (room for the entity names).
HEADER = 44.0
#: A learning's cell, inside its grid cell; the audience column is this wide.
CELL = (44.0, 16.0)
AUDIENCE_WIDTH = 120.0
#: From the grid to the legend, and the legend's least width.
ABOVE_LEGEND = 26.0
LEGEND_WIDTH = 420.0
#: The note a story without learnings shows, and the room the view then takes.
NOTE_AT = 30.0
EMPTY_SIZE = (300.0, 60.0)


def learnings(sel: Selection) -> list[tuple[int, Event, str, str]]:
    """Every ``(story position, event, entity, fact)`` learning of the selection, in story order.

    Only events the selection shows count, and only in modes that teach (not recaps).
    """
    shown = {event.id for event in sel.events}
    pos = sel.solution.story_pos
    found: list[tuple[int, Event, str, str]] = []
    for event in sel.solution.chronology:
        if event.id not in shown or event.mode not in TEACHING_MODES or not event.learns:
            continue
        for entity, facts in event.learns.items():
            if sel.entities is not None and entity not in sel.entities:
                continue
            found.extend((pos[event.id], event, entity, fact) for fact in facts)
    return found


def knowledge(sel: Selection, theme: Theme) -> Scene:
    """Lay out and draw who learns which fact when, for ``sel``."""
    story = sel.story
    scene = Scene(theme, title=f"{story.title or 'Story'}: knowledge")
    found = learnings(sel)
    facts = list(dict.fromkeys(fact for _, _, _, fact in found))
    entities = list(dict.fromkeys(entity for _, _, entity, _ in found))
    subtitle = [f"{len(facts)} facts", f"{len(entities)} entities", "in story order"]
    y = title_block(scene, scene.title, " · ".join([*subtitle, *sel.filters]))
    if not found:
        scene.text(PAD, y + NOTE_AT, "no learnings to show", justify="left", color=theme.muted)
        scene.grow(PAD + EMPTY_SIZE[0], y + EMPTY_SIZE[1])
        legend(scene, _legend_items(theme), PAD, y + EMPTY_SIZE[1], LEGEND_WIDTH)
        scene.width += PAD
        scene.height += PAD
        scene.stats.update(view="knowledge", facts=0, entities=0, learnings=0, crossings=0)
        return scene

    labels = {fact: _fact_label(sel, fact) for fact in facts}
    fact_width = min(max(display_width(label, FONT) for label in labels.values()), FACT_WIDTH)
    x0 = PAD + fact_width + 12
    top = y + HEADER
    for column, entity in enumerate(entities):
        record = story.entity_index.get(entity)
        name = record.label if record is not None else entity
        scene.text(
            x0 + COLUMN * column + COLUMN / 2,
            top - ROW / 2,
            shorten(name, COLUMN - 4, HEADER_FONT),
            fontsize=HEADER_FONT,
            bold=True,
            color=theme.readable(theme.lane(column).color),
            tooltip=name,
            classes="entity",
        )
    audience_x = x0 + COLUMN * len(entities) + 8
    scene.text(
        audience_x, top - ROW / 2, "audience", justify="left", bold=True, fontsize=HEADER_FONT
    )

    first: dict[tuple[str, str], tuple[int, Event]] = {}
    for position, event, entity, fact in found:
        first.setdefault((entity, fact), (position, event))
    shown = revealing_events(story)
    told = {event.id for event in sel.events}
    for row, fact in enumerate(facts):
        cy = top + ROW * row + ROW / 2
        belief = story.fact_index.get(fact)
        false = belief is not None and not belief.true
        scene.line(
            [(PAD, cy + ROW / 2), (audience_x + AUDIENCE_WIDTH, cy + ROW / 2)],
            theme.grid,
            width=0.5,
        )
        scene.text(
            PAD,
            cy,
            shorten(labels[fact], fact_width, FONT),
            justify="left",
            fontsize=FONT,
            color=theme.muted if false else theme.text,
            tooltip=labels[fact],
            classes="fact",
        )
        for column, entity in enumerate(entities):
            step = first.get((entity, fact))
            if step is None:
                continue
            position, event = step
            color = theme.lane(column).color
            scene.mark(
                Mark(
                    x0 + COLUMN * column + COLUMN / 2,
                    cy,
                    *CELL,
                    shape="box",
                    fill=theme.background if false else theme.tint(color, 0.35),
                    stroke=color,
                    style="rounded" if false else "rounded,filled",
                    penwidth=1.0,
                    label=None,
                    tooltip=f"{entity} learns {fact}: {event_tooltip(story, event)}",
                    classes="learning",
                )
            )
            scene.text(
                x0 + COLUMN * column + COLUMN / 2,
                cy,
                f"#{position + 1}",
                fontsize=FONT - 1,
                color=theme.text,
                classes="learning-label",
            )
        reveal = next((e for e in shown.get(fact, ()) if e.id in told), None)
        where = "" if reveal is None else reveal.told_in or reveal.label
        scene.text(
            audience_x,
            cy,
            shorten(where, AUDIENCE_WIDTH, FONT),
            justify="left",
            fontsize=FONT,
            color=theme.muted,
        )
    bottom = top + ROW * len(facts)
    right = audience_x + AUDIENCE_WIDTH
    legend(scene, _legend_items(theme), PAD, bottom + ABOVE_LEGEND, max(right - PAD, LEGEND_WIDTH))
    scene.grow(right + PAD, bottom)
    scene.width += PAD
    scene.height += PAD
    scene.stats.update(
        view="knowledge",
        facts=len(facts),
        entities=len(entities),
        learnings=len(first),
        crossings=0,
    )
    return scene


def _legend_items(theme: Theme) -> list[LegendItem]:
    color = theme.lane(0).color
    return [
        (box_sample(theme.tint(color, 0.35), color), "learns (#: its place in story order)"),
        (box_sample(theme.background, theme.muted), "learns a false fact: a belief"),
    ]


def _fact_label(sel: Selection, fact: str) -> str:
    record = sel.story.fact_index.get(fact)
    return record.label if record is not None else fact
