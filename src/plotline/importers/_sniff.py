"""Telling a file's format from its name and its first bytes, for ``import`` without ``--from``.

Each sniffer looks at the start of a file (at most :data:`HEAD` bytes, decoded
leniently) and says whether it reads like its format. They are cheap and
conservative: a yes means "this is what the format's files start with", not
that the file will import cleanly; the reader says what is wrong with it.
"""

from __future__ import annotations

import re
from typing import Final

from plotline._io._fields import TABLE_ORDER

__all__ = [
    "HEAD",
    "aeon",
    "csv_layout",
    "istoryline",
    "markwhen",
    "plottr",
    "sgb",
    "story_file",
    "storyexplorer",
    "table",
    "wikidata",
]

HEAD: Final = 65536
"""How many bytes of a file the sniffers see."""

_JSON_KEY: Final = r'"{}"\s*:'


def _has_keys(head: str, *keys: str) -> bool:
    return head.lstrip().startswith("{") and all(
        re.search(_JSON_KEY.format(re.escape(key)), head) for key in keys
    )


def istoryline(head: str) -> bool:
    """An iStoryline.js script: ``{"Story": {"Locations": …, "Characters": …}}``."""
    return _has_keys(head, "Story", "Characters")


def storyexplorer(head: str) -> bool:
    """A Story Explorer scene file: ``{"script_info": {"scenes": […]}}``."""
    return _has_keys(head, "script_info", "scenes")


def plottr(head: str) -> bool:
    """A Plottr project: a JSON store with its ``file``, ``series`` and ``cards`` slices."""
    return _has_keys(head, "file") and (
        _has_keys(head, "series") or _has_keys(head, "books") or _has_keys(head, "cards")
    )


def sgb(head: str) -> bool:
    """A Stanford GraphBase data file: its first line is ``* File "name.dat" …``."""
    return head.startswith('* File "')


def csv_layout(head: str) -> bool:
    """The event table plotline reads and writes: comma-separated, with an ``id`` column."""
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    return "id" in [cell.strip().strip('"') for cell in first.split(",")]


def table(head: str) -> bool:
    """Any table: a first row of two headers or more, split by commas, tabs, semicolons or bars."""
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip()
    if first.startswith(("{", "[", "<", "*", "#")):
        return False
    return any(separator in first for separator in (",", "\t", ";", "|"))


_FIRST_KEY: Final = re.compile(r'\s*\{\s*"([^"]+)"\s*:')


def story_file(head: str) -> bool:
    """A plotline story file in JSON: an object whose first key is one of its tables."""
    found = _FIRST_KEY.match(head)
    return found is not None and found.group(1) in TABLE_ORDER


def markwhen(head: str) -> bool:
    """Whether the head reads like a Markwhen timeline (dated lines, a header or groups)."""
    from plotline.importers._markwhen_syntax import sniff_markwhen

    return sniff_markwhen(head.encode("utf-8", "surrogatepass"))


def aeon(head: str) -> bool:
    """Whether the head is a table with Aeon Timeline's ``Title`` and ``Start Date`` columns."""
    from plotline.importers._aeon import sniff_aeon

    return sniff_aeon(head.encode("utf-8", "surrogatepass"))


def wikidata(head: str) -> bool:
    """Whether the head reads like the JSON results of a SPARQL query (``head``, ``results``)."""
    from plotline.importers._wikidata import sniff_wikidata

    return sniff_wikidata(head.encode("utf-8", "surrogatepass"))
