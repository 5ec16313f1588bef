"""Who holds what, written on the cast chart where an object changes hands.

An event's ``holds`` moves an object to a holder. On the cast chart, where the
object is in the scene, ``→ Harry Potter`` follows its marker; where only the
new holder is, ``+ the Invisibility Cloak`` follows the holder's. Hovering
the note shows the whole handover. Dreams, visions, recaps and false accounts
move nothing, and are not annotated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._knowledge import MOVING_MODES
from plotline._knowledge_records import NOBODY
from plotline._render._text import shorten

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from plotline._model import Event
    from plotline._render._scene import Scene
    from plotline._render._select import Selection

__all__ = ["draw_handovers"]

#: The note's size, its gap after the marker, its widest, and how far below the line it sits.
FONT = 7.5
GAP = 7.0
WIDTH = 120.0
BELOW = 8.0


def draw_handovers(
    scene: Scene,
    sel: Selection,
    events: Sequence[Event],
    number: Mapping[str, int],
    at: Callable[[int, int], tuple[float, float]],
) -> int:
    """Write each handover of the chart's ``events`` by the object or its new holder.

    ``number`` gives each drawn entity's line and ``at(column, line)`` where
    it passes a column. Returns how many handovers were written.
    """
    entities = sel.story.entity_index

    def name(entity: str) -> str:
        record = entities.get(entity)
        return "nobody" if entity == NOBODY else record.label if record is not None else entity

    written = 0
    for column, event in enumerate(events):
        if not event.holds or event.mode not in MOVING_MODES:
            continue
        for thing, holder in event.holds.items():
            tooltip = f"{name(thing)} passes to {name(holder)}: {event.label} ({event.told_in})"
            if thing in number and thing in event.participants:
                line, text = number[thing], f"→ {name(holder)}"
            elif holder in number and holder in event.participants:
                line, text = number[holder], f"+ {name(thing)}"
            else:
                continue
            x, y = at(column, line)
            scene.text(
                x + GAP,
                y + BELOW,
                shorten(text, WIDTH, FONT),
                justify="left",
                fontsize=FONT,
                color=scene.theme.muted,
                tooltip=tooltip,
                classes="handover",
            )
            written += 1
    return written
