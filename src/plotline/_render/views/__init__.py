"""The views, one module each: a :class:`~plotline._render._select.Selection` in, a scene out.

Each view lays its picture out in Python from named steps and named sizes
(the module constants at the top of each view say what they set), using the
shared pieces in :mod:`plotline._render`: columns and the installment header,
markers, labels, legends. :data:`VIEWS` finds a view by its name (DESIGN §6).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from plotline._render._scene import Scene
from plotline._render._select import Selection
from plotline._render._theme import Theme
from plotline._render.views.cast import cast
from plotline._render.views.chronology import chronology
from plotline._render.views.knowledge import knowledge
from plotline._render.views.releases import releases
from plotline._render.views.storyline import storyline

__all__ = ["VIEWS", "View", "cast", "chronology", "knowledge", "releases", "storyline"]

#: What a view is: it lays out and draws a selection of a story in a theme.
View = Callable[[Selection, Theme], Scene]

#: The views by name (DESIGN §6), in the order they are listed to users.
VIEWS: Mapping[str, View] = {
    "storyline": storyline,
    "chronology": chronology,
    "cast": cast,
    "releases": releases,
    "knowledge": knowledge,
}
