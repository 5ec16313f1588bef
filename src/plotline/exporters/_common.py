"""What the exporters share."""

from __future__ import annotations

from plotline.exceptions import PlotlineError

__all__ = ["ExportError"]


class ExportError(PlotlineError, ValueError):
    """A story cannot be written in the asked format; the message says why and what to add."""
