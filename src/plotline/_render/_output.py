"""Writing diagrams: the only module that runs the Graphviz binary.

Files are written atomically: the bytes go to a temporary file in the same
folder, which then replaces the target in one step, so a reader never sees a
half-written file, and a failure leaves any earlier file as it was. DOT output
needs no Graphviz; image output without it raises
:class:`~plotline.exceptions.ExecutableNotFoundError`, whose message says how
to install it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

from plotline._atomic import atomic_write
from plotline.exceptions import (
    ExecutableNotFoundError,
    RenderError,
    UnknownOutputFormatError,
    suggestion,
)

__all__ = ["FORMATS", "RenderError", "image", "write"]

#: Output formats by file suffix. ``dot`` and ``gv`` are the DOT source itself.
FORMATS = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".dot": "dot",
    ".gv": "dot",
}
_SOURCE_FORMATS = frozenset({"dot", "gv"})
_IMAGE_FORMATS = frozenset({"svg", "png", "pdf"})


class _Drawable(Protocol):
    """What :func:`write` needs of a graph: its DOT source, and a way to pipe it."""

    @property
    def source(self) -> str: ...

    def pipe(self, format: str | None = ..., *args: Any, **kwargs: Any) -> Any: ...


def image(graph: _Drawable, format: str = "svg") -> bytes:
    """``graph`` drawn by Graphviz as ``format`` (``svg``, ``png`` or ``pdf``) bytes.

    Raises UnknownOutputFormatError for another format,
    ExecutableNotFoundError when Graphviz is not installed and RenderError
    when it fails. Only this function imports :mod:`graphviz`, and only when
    it runs, so importing plotline does not.
    """
    if format not in _IMAGE_FORMATS:
        raise UnknownOutputFormatError(format, sorted(_IMAGE_FORMATS))
    import graphviz

    try:
        data: bytes = graph.pipe(format=format, quiet=True)
    except graphviz.ExecutableNotFound:
        raise ExecutableNotFoundError("dot") from None
    except graphviz.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip() if error.stderr else str(error)
        raise RenderError(f"Graphviz could not draw the diagram: {detail}") from None
    return data


def write(graph: _Drawable, path: str | os.PathLike[str], *, format: str | None = None) -> Path:
    """Write ``graph`` to ``path``, atomically; return the path.

    ``format`` defaults to the file's suffix: ``.svg``, ``.png``, ``.pdf``, or
    ``.dot``/``.gv`` for the DOT source (which needs no Graphviz). A suffix or
    format that names none of them raises UnknownOutputFormatError.
    """
    target = Path(path)
    chosen = format or FORMATS.get(target.suffix.lower())
    if chosen is None:
        suffix = target.suffix
        raise UnknownOutputFormatError(
            suffix,
            FORMATS,
            f"{target}: cannot tell the format from the suffix {suffix!r}"
            f"{suggestion(suffix.lower(), FORMATS)}; use one of {', '.join(FORMATS)} "
            "or give a format",
        )
    chosen = chosen.lower()
    if chosen not in _SOURCE_FORMATS | _IMAGE_FORMATS:
        raise UnknownOutputFormatError(chosen, sorted(_SOURCE_FORMATS | _IMAGE_FORMATS))
    data = graph.source.encode("utf-8") if chosen in _SOURCE_FORMATS else image(graph, chosen)
    write_bytes(target, data)
    return target


def write_bytes(target: Path, data: bytes) -> None:
    """Replace ``target`` by ``data`` in one step, keeping an existing file's permissions."""
    atomic_write(target, data)
