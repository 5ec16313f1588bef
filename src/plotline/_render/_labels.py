"""The words every view writes: its title block, and the hover text of an event."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from plotline._display import time_text
from plotline._model import Mode
from plotline._render._scene import PAD
from plotline._render._select import Marks
from plotline._render._text import display_width, shorten

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._check._finding import Finding
    from plotline._model import Event, Story
    from plotline._render._scene import Scene

__all__ = ["TITLE_BLOCK", "event_tooltip", "title_block"]

#: The title's size, and the widest it may be before it is cut (points).
TITLE_FONT = 18.0
TITLE_WIDTH = 900.0
#: The subtitle's size, and the widest it may be.
SUBTITLE_FONT = 10.0
SUBTITLE_WIDTH = 1400.0
#: From the top of the block to the middle of the title, and of the subtitle.
TITLE_AT = 10.0
SUBTITLE_AT = 32.0
#: The height the block takes, and what it leaves below (with a little room).
BLOCK_HEIGHT = 44.0
TITLE_BLOCK = 48.0
#: An event's hover text names at most this many threads, and as many people;
#: the rest are counted ("and 9,970 more"). A big picture repeats an event's
#: hover text on each of its markers, so an event on 10,000 threads would
#: otherwise write its 10,000 names 10,000 times.
TOOLTIP_NAMES = 30


def title_block(scene: Scene, title: str, subtitle: str, x: float = PAD, y: float = PAD) -> float:
    """Draw the view's title and subtitle at the top left; return the y below them."""
    theme = scene.theme
    scene.text(
        x,
        y + TITLE_AT,
        shorten(title, TITLE_WIDTH, TITLE_FONT),
        justify="left",
        fontsize=TITLE_FONT,
        bold=True,
        color=theme.text,
        tooltip=title,
        classes="title",
    )
    scene.text(
        x,
        y + SUBTITLE_AT,
        shorten(subtitle, SUBTITLE_WIDTH, SUBTITLE_FONT),
        justify="left",
        fontsize=SUBTITLE_FONT,
        color=theme.muted,
        tooltip=subtitle,
        classes="subtitle",
    )
    scene.grow(x + min(display_width(title, TITLE_FONT), TITLE_WIDTH), y + BLOCK_HEIGHT)
    return y + TITLE_BLOCK


def event_tooltip(story: Story, event: Event, findings: Sequence[Finding] = ()) -> str:
    """The hover text of an event: title, where it is told, mode, threads, who, summary."""
    lines = [event.label]
    where = [event.told_in or "backstory (told in no installment)"]
    if event.mode is not Mode.PRESENT:
        where.append(event.mode.value)
    if event.when is not None:
        where.append(f"when {time_text(story, event.when)}")
    lines.append(" · ".join(where))
    threads = event.all_threads
    if threads:
        index = story.thread_index
        names = [index[t].label if t in index else t for t in threads[:TOOLTIP_NAMES]]
        lines.append("threads: " + _listed(names, len(threads)))
    if event.participants:
        who = []
        people = story.entity_index
        for entity, role in itertools.islice(event.participants.items(), TOOLTIP_NAMES):
            name = people[entity].label if entity in people else entity
            who.append(name if role.value == "present" else f"{name} ({role.value})")
        lines.append("who: " + _listed(who, len(event.participants)))
    if event.summary:
        lines.append(event.summary)
    if findings:
        lines.append(Marks.describe(findings))
    lines.append(f"id: {event.id}")
    return "\n".join(lines)


def _listed(names: Sequence[str], total: int) -> str:
    """``names`` joined by commas, and how many of ``total`` they leave out.

    >>> _listed(["a", "b"], 2), _listed(["a", "b"], 12_002)
    ('a, b', 'a, b and 12,000 more')
    """
    more = total - len(names)
    return ", ".join(names) + (f" and {more:,} more" if more > 0 else "")
