"""Arc diagrams of a story, drawn with Graphviz.

>>> from plotline._render import render
>>> from plotline._model import Event, Story, Thread
>>> story = Story(
...     title="Tiny", threads=[Thread("quest")], events=[Event("start", threads=["quest"])]
... )
>>> graph = render(story, "storyline")
>>> "Tiny: storyline" in graph.source
True

:func:`render` lays a view out in Python and returns a :class:`graphviz.Source`
whose DOT pins every position; :func:`write` saves it as SVG, PNG, PDF or DOT.
"""

from __future__ import annotations

from plotline._render._output import write
from plotline._render._render import VIEWS, render, render_stats
from plotline._render._theme import THEMES, Theme
from plotline.exceptions import RenderError

__all__ = ["THEMES", "VIEWS", "RenderError", "Theme", "render", "render_stats", "write"]
