"""Import stories from other tools' files: one reader per format, each reading its file once.

>>> from plotline.importers import FORMATS
>>> sorted(FORMATS)
['aeon', 'csv', 'istoryline', 'markwhen', 'plottr', 'sgb', 'storyexplorer', 'wikidata']

Any CSV or TSV table imports as records of any record table with
:func:`import_tables`, each table with its :class:`TableMapping`.

Without a format, :func:`recognise_format` tells it from the file's name and
first bytes, by the table of :data:`SNIFFERS`: a format that a new reader adds
registers itself there with its suffixes and one function of the file's head.

:func:`import_story` returns an :class:`ImportResult`: the story, and every row
or record that could not be carried over as a :class:`~plotline.exceptions.Problem`
at ``file:line``. Only a file with nothing usable in it raises
:class:`~plotline.exceptions.LoadError`. See ``docs/interop.md`` for what each
format becomes.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Final

import attrs

from plotline._io._formats import SUFFIXES as STORY_SUFFIXES
from plotline._io._limits import read_limited
from plotline._model import Location
from plotline.exceptions import LoadError, Problem, did_you_mean
from plotline.importers import _sniff
from plotline.importers._common import ImportResult
from plotline.importers._table import TableImport, import_tables, table_slug
from plotline.importers._tablemap import TableInput, TableMapping, read_mapping_file

__all__ = [
    "FORMATS",
    "SNIFFERS",
    "ImportResult",
    "Sniffer",
    "TableImport",
    "TableInput",
    "TableMapping",
    "guess_format",
    "import_story",
    "import_tables",
    "read_mapping_file",
    "recognise_format",
    "table_slug",
]

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


@attrs.frozen(slots=True)
class Sniffer:
    """How to recognise one import format: its usual suffixes and a test of the file's head.

    ``sniff`` gets the file's first :data:`~._sniff.HEAD` bytes as text and
    says whether they read like the format.
    """

    format: str
    suffixes: tuple[str, ...]
    sniff: Callable[[str], bool]


SNIFFERS: Final[list[Sniffer]] = [
    Sniffer("csv", (".csv",), _sniff.csv_layout),
    Sniffer("istoryline", (".json",), _sniff.istoryline),
    Sniffer("storyexplorer", (".json",), _sniff.storyexplorer),
    Sniffer("plottr", (".pltr",), _sniff.plottr),
    Sniffer("sgb", (".dat",), _sniff.sgb),
    Sniffer("markwhen", (".mw",), _sniff.markwhen),
    Sniffer("aeon", (".csv", ".tsv"), _sniff.aeon),
    Sniffer("wikidata", (".json", ".srj"), _sniff.wikidata),
]
"""The import formats :func:`recognise_format` knows, one entry each (append new formats)."""

_TABLE_SUFFIXES: Final = (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm")


def recognise_format(path: str | Path) -> str:
    """Tell the import format of the file at ``path`` from its name and its first bytes.

    The formats whose sniffer accepts the file's head win, the one its suffix
    names first; a file no sniffer accepts is taken by its suffix alone. Raise
    :class:`LoadError` when the file is a story file already, a table that is
    not plotline's event layout (import it with ``--as``), or when nothing, or
    more than one format, fits; :class:`OSError` when it cannot be read.
    """
    name = os.fspath(path)
    data = read_limited(name)
    if isinstance(data, Problem):
        raise LoadError([data])
    head = data[: _sniff.HEAD].decode("utf-8", "replace").removeprefix("\ufeff")
    suffix = Path(name).suffix.lower()
    at = Location(name, 1, 1)
    sniffed = [sniffer.format for sniffer in SNIFFERS if sniffer.sniff(head)]
    named = [sniffer.format for sniffer in SNIFFERS if suffix in sniffer.suffixes]
    both = [format for format in sniffed if format in named]
    if len(both) == 1 or (len(sniffed) == 1 and not both):
        return (both or sniffed)[0]
    if len(sniffed) > 1:
        raise LoadError(
            [Problem(f"this file reads as {' or '.join(sniffed)}", at, "choose one with --from")]
        )
    if suffix in STORY_SUFFIXES and (suffix != ".json" or _sniff.story_file(head)):
        raise LoadError(
            [
                Problem(
                    "this is a plotline story file already; nothing to import",
                    at,
                    "check it with `plotline check`, or add to it with `plotline import TABLE "
                    "--as TABLE --into` it",
                )
            ]
        )
    if suffix in _TABLE_SUFFIXES or (not named and _sniff.table(head)):
        headers = re.split(r"[,\t;|]", head.split("\n", 1)[0].strip())
        shown = ", ".join(header.strip().strip('"') for header in headers[:4])
        more = ", …" if len(headers) > 4 else ""
        raise LoadError(
            [
                Problem(
                    f"a table with the columns {shown}{more}: not plotline's event layout, "
                    "whose first row names the columns, with an 'id' column",
                    at,
                    "import it with --as RECORDS (works, releases, entities, events, claims, "
                    "sources…) and --column FIELD=HEADER; see 'Any table' in docs/interop.md",
                )
            ]
        )
    if len(named) == 1:
        return named[0]
    candidates = ", ".join(sorted(FORMATS))
    raise LoadError(
        [
            Problem(
                "cannot tell the format from the file name or its contents",
                at,
                f"name it with --from: one of {candidates}; or import a table with --as",
            )
        ]
    )


def guess_format(path: str | Path) -> str | None:
    """Return the format a file's name suggests, if it suggests only one.

    >>> guess_format("jean.dat"), guess_format("novel.pltr"), guess_format("x.json")
    ('sgb', 'plottr', None)
    """
    return _SUFFIXES.get(Path(path).suffix.lower())


def import_story(path: str | Path, format: str | None = None) -> ImportResult:
    """Read the file at ``path`` in ``format`` (one of :data:`FORMATS`) into a story.

    With ``format=None`` the file's name and first bytes decide (see
    :func:`recognise_format`). Raise :class:`LoadError` when the format is
    unknown or cannot be told, or nothing in the file is usable,
    :class:`FileNotFoundError` when there is no such file.
    """
    if format is None:
        if not os.path.exists(path):
            raise FileNotFoundError(2, "No such file or directory", os.fspath(path))
        format = recognise_format(path)
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
