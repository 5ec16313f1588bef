"""Import stories from other tools' files: one reader per format, each reading its file once.

>>> from plotline.importers import FORMATS
>>> sorted(FORMATS)
['aeon', 'csv', 'istoryline', 'markwhen', 'plottr', 'sgb', 'storyexplorer', 'wikidata']

:func:`import_story` returns an :class:`ImportResult`: the story, and every row
or record that could not be carried over as a :class:`~plotline.exceptions.Problem`
at ``file:line``. Only a file with nothing usable in it raises
:class:`~plotline.exceptions.LoadError`. See ``docs/interop.md`` for what each
format becomes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from plotline.exceptions import LoadError, Problem, did_you_mean
from plotline.importers._common import ImportResult

__all__ = ["FORMATS", "ImportResult", "guess_format", "import_story"]

Reader = Callable[[Path], ImportResult]

_READERS = {
    "aeon": ("plotline.importers._aeon", "read_aeon"),
    "csv": ("plotline.importers._csvfile", "read_csv"),
    "istoryline": ("plotline.importers._istoryline", "read_istoryline"),
    "markwhen": ("plotline.importers._markwhen", "read_markwhen"),
    "plottr": ("plotline.importers._plottr", "read_plottr"),
    "sgb": ("plotline.importers._sgb", "read_sgb"),
    "storyexplorer": ("plotline.importers._storyexplorer", "read_storyexplorer"),
    "wikidata": ("plotline.importers._wikidata", "read_wikidata"),
}

FORMATS: Mapping[str, str] = MappingProxyType(
    {
        "aeon": "an Aeon Timeline CSV or TSV file: Title, Start Date, End Date, Arc…",
        "csv": "a spreadsheet, one row per event (the layout in docs/interop.md)",
        "istoryline": "an iStoryline.js story script (JSON)",
        "markwhen": "a Markwhen timeline (.mw): dated lines, groups, tags and properties",
        "plottr": "a Plottr project file (.pltr)",
        "sgb": "a Stanford GraphBase character file (jean.dat, anna.dat, homer.dat…)",
        "storyexplorer": "a Story Explorer scene file with telling and story order (JSON)",
        "wikidata": "SPARQL JSON results of the documented Wikidata query for a series",
    }
)
"""The import formats, each with a one-line description."""

_SUFFIXES = {".csv": "csv", ".pltr": "plottr", ".dat": "sgb", ".mw": "markwhen"}


def guess_format(path: str | Path) -> str | None:
    """Return the format a file's name suggests, if it suggests only one.

    >>> guess_format("jean.dat"), guess_format("novel.pltr"), guess_format("x.json")
    ('sgb', 'plottr', None)
    """
    return _SUFFIXES.get(Path(path).suffix.lower())


def import_story(path: str | Path, format: str | None = None) -> ImportResult:
    """Read the file at ``path`` in ``format`` (one of :data:`FORMATS`) into a story.

    With ``format=None`` the file's suffix decides (``.csv``, ``.pltr``, ``.dat``).
    Raise :class:`LoadError` when the format is unknown or nothing in the file
    is usable, :class:`FileNotFoundError` when there is no such file.
    """
    if format is None:
        format = guess_format(path)
        if format is None:
            hint = f"choose one of {', '.join(sorted(FORMATS))}"
            raise LoadError(
                [Problem(f"{path}: cannot tell the format from the file name", hint=hint)]
            )
    spec = _READERS.get(format)
    if spec is None:
        guess = did_you_mean(format, _READERS)
        hint = (
            f"did you mean {guess!r}?" if guess else f"choose one of {', '.join(sorted(FORMATS))}"
        )
        raise LoadError([Problem(f"unknown import format {format!r}", hint=hint)])
    module, name = spec
    reader: Reader = getattr(importlib.import_module(module), name)
    return reader(Path(path))
