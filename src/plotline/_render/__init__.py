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

The stages, in the order a diagram passes them:

* ``_select``: what a view shows (the story cut by ``as_of`` and the filters);
* ``views/``: one module per view, which lays its picture out from the shared
  pieces: ``_columns`` (events left to right), ``_header`` (the installments
  over them), ``_markers`` (event markers and finding rings), ``_labels``
  (title block, hover text) and ``_legend``, with ``_layout`` (lane and line
  orders that cross little) and ``_text`` (text measurement);
* ``_scene``: the marks and lines a view draws, in points;
* ``_dot`` and ``_quote``: the DOT source, every value quoted in one place;
* ``_output``: the only module that runs Graphviz. :mod:`graphviz` itself is
  imported only where a diagram is made or drawn, never by ``import plotline``.

``_theme`` holds the colours; ``_render`` ties the stages together.
"""

from __future__ import annotations

from plotline._render._output import write
from plotline._render._render import VIEWS, render, render_stats
from plotline._render._theme import THEMES, Theme
from plotline.exceptions import RenderError

__all__ = ["THEMES", "VIEWS", "RenderError", "Theme", "render", "render_stats", "write"]
