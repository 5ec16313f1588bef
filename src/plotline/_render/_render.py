"""``render()``: a story and a view name in, a Graphviz object out.

The layout is computed here in Python (see :mod:`plotline._render._layout`);
the DOT source pins every node and edge, so Graphviz only draws.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from plotline._render._dot import to_dot
from plotline._render._select import select
from plotline._render._theme import Theme, get_theme
from plotline._render.views import VIEWS
from plotline.exceptions import UnknownViewError

if TYPE_CHECKING:
    from plotline._check._finding import Finding, Report
    from plotline._model import Story
    from plotline._render._scene import Scene
    from plotline._time import TimeValue

__all__ = ["VIEWS", "build", "render", "render_stats"]

Ids = Iterable[str] | str | None


def build(
    story: Story,
    view: str = "storyline",
    *,
    report: Report | Iterable[Finding] | None = None,
    threads: Ids = None,
    entities: Ids = None,
    works: Ids = None,
    as_of: str | None = None,
    theme: str | Theme = "light",
    as_of_date: TimeValue | str | None = None,
    region: str | None = None,
) -> Scene:
    """Lay out ``view`` of ``story``: the scene before it becomes DOT."""
    try:
        draw = VIEWS[view]
    except KeyError:
        raise UnknownViewError(view, VIEWS) from None
    chosen = get_theme(theme)
    started = time.perf_counter()
    sel = select(
        story,
        threads=threads,
        entities=entities,
        works=works,
        as_of=as_of,
        report=report,
        as_of_date=as_of_date,
        region=region,
    )
    scene = draw(sel, chosen)
    scene.stats["layout_seconds"] = round(time.perf_counter() - started, 4)
    scene.stats["marks"] = len(scene.marks)
    scene.stats["lines"] = len(scene.lines)
    scene.stats["width"] = round(scene.width)
    scene.stats["height"] = round(scene.height)
    return scene


def render(
    story: Story,
    view: str = "storyline",
    *,
    report: Report | Iterable[Finding] | None = None,
    threads: Ids = None,
    entities: Ids = None,
    works: Ids = None,
    as_of: str | None = None,
    theme: str | Theme = "light",
    as_of_date: TimeValue | str | None = None,
    region: str | None = None,
) -> Any:
    """Draw a view of ``story`` and return it as a :class:`graphviz.Source`.

    ``view`` is ``"storyline"``, ``"chronology"``, ``"cast"`` or
    ``"releases"``. ``report`` (a :class:`~plotline.Report` or findings)
    marks its findings on the diagram. ``threads``, ``entities`` and ``works``
    limit what is shown (ids, as a list or comma-separated); ``as_of`` shows the
    story as known after that installment, ``as_of_date`` and ``region`` as a
    viewer there had it by the end of that date (from the release history);
    ``theme`` is ``"light"`` or ``"dark"``.

    The result has ``.source`` (DOT text) and ``.pipe(format="svg")``, and shows
    itself in Jupyter. Its DOT pins every position and names the ``nop2``
    layout, so any Graphviz program draws it as laid out here, quickly.
    Raises UnknownViewError or UnknownThemeError (both ValueErrors) for an
    unknown view or theme, and ValueError for an unknown id. :mod:`graphviz`
    is imported here, when a diagram is made, not when plotline is.
    """
    scene = build(
        story,
        view,
        report=report,
        threads=threads,
        entities=entities,
        works=works,
        as_of=as_of,
        theme=theme,
        as_of_date=as_of_date,
        region=region,
    )
    import graphviz

    return graphviz.Source(to_dot(scene), filename=f"{view}.gv", engine="neato", format="svg")


def render_stats(
    story: Story,
    view: str = "storyline",
    *,
    report: Report | Iterable[Finding] | None = None,
    threads: Ids = None,
    entities: Ids = None,
    works: Ids = None,
    as_of: str | None = None,
    theme: str | Theme = "light",
    as_of_date: TimeValue | str | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """Numbers that describe the layout of a view, to judge and compare layouts.

    Always present: ``view``, ``crossings`` (lines crossing in the picture: for
    a storyline, lanes crossed by the connectors of events on several threads;
    for a cast chart, entity lines swapping places; for a chronology, pairs of
    events told in the other order than they happen), ``width`` and ``height``
    (points), ``marks`` and ``lines`` (how many shapes), ``layout_seconds``.
    Views add their own counts (``events``, ``lanes``...).
    """
    scene = build(
        story,
        view,
        report=report,
        threads=threads,
        entities=entities,
        works=works,
        as_of=as_of,
        theme=theme,
        as_of_date=as_of_date,
        region=region,
    )
    return dict(scene.stats)
