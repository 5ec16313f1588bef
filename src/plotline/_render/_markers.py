"""Event markers, and the rings that mark findings.

How an event is drawn depends on its kind (:func:`event_kind`): its mode, or
``death`` when someone dies in it; the cast chart adds ``mention``. Each kind
has one row in :data:`MARKERS`: its shape, its size against the view's marker
size, how it is filled and outlined, and what the legend calls it. Meaning
never rests on colour alone: every kind has its own shape or fill.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

from plotline._model import Mode
from plotline._render._scene import Mark
from plotline._render._select import Marks

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from plotline._check._finding import Finding
    from plotline._model import Event
    from plotline._render._scene import Scene
    from plotline._render._theme import Theme

__all__ = [
    "MARKERS",
    "MARKER_KINDS",
    "RING_PEN",
    "RING_ROOM",
    "MarkerStyle",
    "Paint",
    "event_kind",
    "finding_ring",
    "marker",
    "paint",
    "ring",
]

#: Where a marker's colours come from: the lane's own colour, the page's
#: background, the theme's death or text colour, or the lane's colour
#: tinted into the background (:data:`TINT` of it).
Paint = Literal["lane", "background", "death", "text", "tint"]

#: How much of the lane's colour a ``tint`` fill keeps.
TINT = 0.45


@attrs.frozen(slots=True)
class MarkerStyle:
    """How one kind of marker is drawn, relative to a size and a lane's colour.

    ``width`` and ``height`` are multiples of the size; ``drop`` moves the
    centre down by that multiple (a triangle's weight sits low); ``label`` is
    what the legend calls the kind.
    """

    shape: str
    width: float
    height: float
    fill: Paint
    stroke: Paint
    penwidth: float
    label: str
    drop: float = 0.0

    def mark(
        self,
        theme: Theme,
        x: float,
        y: float,
        size: float,
        *,
        color: str,
        tooltip: str | None,
        classes: str,
    ) -> Mark:
        """The mark of this style centred at ``(x, y)``, ``size`` points, in lane ``color``."""
        return Mark(
            x,
            y + size * self.drop if self.drop else y,
            size * self.width,
            size * self.height,
            shape=self.shape,
            fill=paint(self.fill, theme, color),
            stroke=paint(self.stroke, theme, color),
            penwidth=self.penwidth,
            style="filled",
            tooltip=tooltip,
            classes=classes,
        )


def paint(source: Paint, theme: Theme, color: str) -> str:
    """The colour that ``source`` names, for a marker on a lane of ``color``."""
    if source == "lane":
        return color
    if source == "background":
        return theme.background
    if source == "death":
        return theme.death
    if source == "text":
        return theme.text
    return theme.tint(color, TINT)


#: The event markers by kind, in the order legends list them. A plain event is
#: a dot in its lane's colour; told out of the present it is hollow (a square
#: for a flashback, a diamond for a dream, filled pale for a vision, a ring for
#: a recap); a trip in time is a pale hexagon, a false account a pale square; a
#: death is a dark triangle pointing down; a mention a small ring.
MARKERS: Mapping[str, MarkerStyle] = {
    "present": MarkerStyle("circle", 1, 1, "lane", "background", 0.8, "event"),
    "flashback": MarkerStyle("box", 0.9, 0.9, "background", "lane", 1.8, "flashback"),
    "dream": MarkerStyle("diamond", 1.3, 1.3, "background", "lane", 1.6, "dream"),
    "vision": MarkerStyle("diamond", 1.3, 1.3, "tint", "lane", 1.6, "vision"),
    "recap": MarkerStyle("circle", 1, 1, "background", "lane", 1.8, "recap (told again)"),
    "time-travel": MarkerStyle("hexagon", 1.3, 1.1, "tint", "lane", 1.6, "time travel"),
    "false-account": MarkerStyle("box", 0.9, 0.9, "tint", "lane", 1.2, "false account (untrue)"),
    "death": MarkerStyle("invtriangle", 1.35, 1.2, "death", "lane", 1.2, "a death", drop=0.08),
    "mention": MarkerStyle("circle", 0.75, 0.75, "background", "lane", 1.0, "mentioned only"),
}
#: The marker kinds, in legend order.
MARKER_KINDS = tuple(MARKERS)

#: A finding's ring is this many points wider than what it circles, and drawn this thick.
RING_ROOM = 9.0
RING_PEN = 2.4


def event_kind(event: Event) -> str:
    """The marker kind of an event: ``death`` if someone dies in it, else its mode.

    A false account ends no life, so it is drawn as what it is, whoever "dies" in it.
    """
    if event.mode is not Mode.FALSE_ACCOUNT and any(
        role.ends_life for role in event.participants.values()
    ):
        return "death"
    return event.mode.value


def marker(
    scene: Scene,
    x: float,
    y: float,
    size: float,
    *,
    kind: str,
    color: str,
    tooltip: str | None = None,
    classes: str = "event",
) -> Mark:
    """Draw one event marker of ``kind`` (see :data:`MARKERS`) in ``color``.

    A kind without a row of its own is drawn as a plain event.
    """
    style = MARKERS.get(kind, MARKERS["present"])
    mark = style.mark(
        scene.theme, x, y, size, color=color, tooltip=tooltip, classes=f"{classes} {kind}"
    )
    return scene.mark(mark)


def finding_ring(
    scene: Scene, x: float, y: float, size: float, findings: Sequence[Finding], *, classes: str = ""
) -> None:
    """Circle a marked place in the finding colour; the tooltip lists the findings."""
    tooltip = Marks.describe(findings) or None
    scene.mark(ring(scene.theme, x, y, size, tooltip=tooltip, classes=f"finding {classes}".strip()))


def ring(
    theme: Theme, x: float, y: float, size: float, *, tooltip: str | None, classes: str
) -> Mark:
    """The finding ring around something ``size`` points wide at ``(x, y)``."""
    return Mark(
        x,
        y,
        size + RING_ROOM,
        size + RING_ROOM,
        fill=None,
        stroke=theme.finding,
        penwidth=RING_PEN,
        style="solid",
        tooltip=tooltip,
        classes=classes,
    )
