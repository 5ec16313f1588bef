"""The story file formats and their file name suffixes: the one table everything reads.

>>> SUFFIXES[".yml"], story_format("bible/S1.TOML"), story_format("notes.txt")
('yaml', 'toml', None)
>>> check_format("yaml")
'yaml'
"""

from __future__ import annotations

import os
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from plotline.exceptions import UnknownFormatError, suggestion

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["FORMATS", "SUFFIXES", "check_format", "story_format", "suffix_error"]

FORMATS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "toml": (".toml",),
        "yaml": (".yaml", ".yml"),
        "json": (".json",),
    }
)
"""The formats plotline reads and writes, each with its file suffixes (``.yml`` is YAML too)."""

SUFFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {suffix: name for name, suffixes in FORMATS.items() for suffix in suffixes}
)
"""Each story file suffix (lower case, dot included) with the format it stands for."""


def check_format(format: str) -> str:
    """Return ``format`` if it names a story format; raise :class:`UnknownFormatError` if not."""
    if format not in FORMATS:
        raise UnknownFormatError(format, FORMATS)
    return format


def story_format(path: str | os.PathLike[str]) -> str | None:
    """The story format a file name's suffix stands for (any case), or ``None``."""
    return SUFFIXES.get(os.path.splitext(path)[1].lower())


def suffix_error(path: str | os.PathLike[str]) -> UnknownFormatError:
    """The error for a story file name whose suffix names no format, with a suggestion."""
    name = os.fspath(path)
    suffix = os.path.splitext(name)[1].lower()
    guess = suggestion(suffix, SUFFIXES) if suffix else ""
    message = (
        f"cannot tell the story format of {name!r}{guess}; "
        f"use a suffix in {', '.join(SUFFIXES)} or pass format="
    )
    return UnknownFormatError(suffix, SUFFIXES, message)
