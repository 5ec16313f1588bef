"""DOT source from a scene: pure functions that return strings.

The graph asks for the ``nop2`` layout (what ``neato -n2`` does): Graphviz
keeps every node where ``pos`` puts it and every edge on the path its ``pos``
gives, and only draws. Because the layout is named inside the source, the same
text renders right from ``dot -Tsvg``, from :meth:`graphviz.Source.pipe` and in
Jupyter, with no command-line flag to remember.

Node names are ours (``n0``, ``n1``...), never a story's ids, and every value
passes through :mod:`plotline._render._quote`.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import attrs

from plotline._render._quote import AttrValue, attr_list, number, quote_id

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._render._scene import Line, Mark, Point, Scene

__all__ = ["to_dot"]

#: Margin around the drawing, in inches.
_PAD = 0.25


def to_dot(scene: Scene, name: str = "plotline") -> str:
    """The DOT source that draws ``scene``."""
    return "".join(_lines(scene, name))


def _lines(scene: Scene, name: str) -> Iterator[str]:
    theme = scene.theme
    height = scene.height
    # Our numbers only (never a story's text) in a comment, for whoever reads the DOT.
    numbers = ", ".join(
        f"{key}={value}"
        for key, value in scene.stats.items()
        if isinstance(value, int) and not isinstance(value, bool)
    )
    yield f"// plotline {scene.stats.get('view', 'view')}: {numbers}\n"
    yield f"graph {quote_id(name)} {{\n"
    graph: dict[str, AttrValue | None] = {
        "layout": "nop2",
        "outputorder": "edgesfirst",
        "bgcolor": theme.background,
        "pad": _PAD,
        "fontname": theme.fontname,
        "tooltip": scene.title,
    }
    yield f"\tgraph {attr_list(graph)}\n"
    node: dict[str, AttrValue | None] = {
        "shape": "circle",
        "fixedsize": "shape",
        "label": "",
        "margin": 0,
        "penwidth": 1,
        "fontname": theme.fontname,
        "fontsize": 10,
        "fontcolor": theme.text,
        "color": theme.text,
    }
    yield f"\tnode {attr_list(node)}\n"
    yield f"\tedge {attr_list({'color': theme.muted, 'penwidth': 1})}\n"
    # Two invisible anchors span the drawing and carry every line.
    corner: dict[str, AttrValue | None] = {
        "shape": "point",
        "style": "invis",
        "width": 0,
        "height": 0,
    }
    yield f"\t_a {attr_list({'pos': _pin(0, height), **corner})}\n"
    yield f"\t_b {attr_list({'pos': _pin(scene.width, 0), **corner})}\n"
    for index, mark in enumerate(scene.marks):
        yield f"\tn{index} {attr_list(_mark_attrs(mark, height))}\n"
    for line in scene.lines:
        for piece in _pieces(line):
            yield f"\t_a -- _b {attr_list(_line_attrs(piece, height))}\n"
    yield "}\n"


#: The most points one edge carries. Graphviz's lexer refuses quoted strings
#: longer than 16,384 bytes, and a ``pos`` spends about 50 bytes a point.
_MAX_POINTS = 100


def _pieces(line: Line) -> Iterator[Line]:
    """The line without needless points, split into edges short enough for Graphviz.

    Points in the middle of a level run are dropped (the curve through them is
    straight anyway); the pieces share their end points, so they join up.
    """
    points = _simplify(line.points)
    if len(points) <= _MAX_POINTS:
        yield line if len(points) == len(line.points) else attrs.evolve(line, points=points)
        return
    for start in range(0, len(points) - 1, _MAX_POINTS - 1):
        yield attrs.evolve(line, points=points[start : start + _MAX_POINTS])


def _simplify(points: tuple[Point, ...]) -> tuple[Point, ...]:
    if len(points) <= 2:
        return points
    kept = [points[0]]
    for before, here, after in zip(points, points[1:], points[2:], strict=False):
        if not (before[1] == here[1] == after[1] or before[0] == here[0] == after[0]):
            kept.append(here)
    kept.append(points[-1])
    return tuple(kept)


def _pin(x: float, y: float) -> str:
    return f"{number(x)},{number(y)}!"


def _mark_attrs(mark: Mark, height: float) -> dict[str, AttrValue | None]:
    attrs: dict[str, AttrValue | None] = {
        "pos": _pin(mark.x, height - mark.y),
        "width": mark.w / 72,
        "height": mark.h / 72,
    }
    if mark.shape != "circle":
        attrs["shape"] = mark.shape
    if mark.style:
        attrs["style"] = mark.style
    attrs["fillcolor"] = mark.fill
    attrs["color"] = mark.stroke
    attrs["penwidth"] = mark.penwidth
    if mark.label is not None:
        attrs["label"] = mark.label
        if mark.fontsize is not None and mark.fontsize != 10:
            attrs["fontsize"] = mark.fontsize
        attrs["fontcolor"] = mark.fontcolor
        if mark.bold:
            attrs["fontname"] = "Helvetica-Bold"
    attrs["tooltip"] = mark.tooltip
    if mark.classes:
        attrs["class"] = mark.classes
    return attrs


def _line_attrs(line: Line, height: float) -> dict[str, AttrValue | None]:
    attrs: dict[str, AttrValue | None] = {"pos": _spline(line, height), "color": line.color}
    if line.width != 1:
        attrs["penwidth"] = line.width
    if line.dash != "solid":
        attrs["style"] = line.dash
    attrs["tooltip"] = line.tooltip
    if line.classes:
        attrs["class"] = line.classes
    return attrs


def _spline(line: Line, height: float) -> str:
    """The ``pos`` of an edge: the cubic Bézier control points of the whole path."""
    points = [(x, height - y) for x, y in line.points]
    controls: list[Point] = [points[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if line.curve == "horizontal":
            middle = (x0 + x1) / 2
            controls += [(middle, y0), (middle, y1), (x1, y1)]
        elif line.curve == "vertical":
            middle = (y0 + y1) / 2
            controls += [(x0, middle), (x1, middle), (x1, y1)]
        else:
            controls += [(x0, y0), (x1, y1), (x1, y1)]
    return " ".join(f"{number(x)},{number(y)}" for x, y in controls)
