"""Whether to colour the text report, and the ANSI styles it uses."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Final

from plotline._check._finding import Severity

__all__ = ["paint", "use_color"]

_RESET: Final = "\033[0m"
_STYLES: Final = {
    "bold": "\033[1m",
    "dim": "\033[2m",
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
    "note": "\033[36m",
    "ok": "\033[1;32m",
}


def use_color(stream: Any, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output written to ``stream``.

    ``NO_COLOR`` (any non-empty value) turns colour off and ``FORCE_COLOR``
    turns it on, as https://no-color.org and https://force-color.org describe;
    otherwise colour is used when the stream is a terminal.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):
        return False


def paint(text: str, style: str, color: bool) -> str:
    """``text`` in ``style`` (a severity, ``bold``, ``dim``, ``note`` or ``ok``) when ``color``."""
    return f"{_STYLES[style]}{text}{_RESET}" if color else text
