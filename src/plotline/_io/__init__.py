r"""Reading and writing story files: TOML, YAML and JSON, with positions for every record.

>>> from plotline import loads, dumps
>>> story = loads('''
... [story]
... title = "Hero Mask"
...
... [[events]]
... id = "monica-killed"
... when = "2018-12"
... participants = { monica = "dies" }
... ''', file="hero-mask.toml")
>>> story.events[0].when
Instant('2018-12')
>>> print(story.events[0].origin.of("when"))
hero-mask.toml:7:1
>>> loads(dumps(story, format="yaml"), format="yaml") == story
True

Every problem of a file is reported at once, each at its line and column:

>>> from plotline.exceptions import LoadError
>>> try:  # doctest: +ELLIPSIS
...     loads('[[events]]\nid = "a"\nmode = "flashfoward"\nwhen = "2018-02-30"\n')
... except LoadError as error:
...     print(error)
<string>:3:1: unknown mode 'flashfoward' (did you mean 'flashback'?) @ $.events[0].mode
<string>:4:1: '2018-02-30' is not a date: February 2018 has 28 days @ $.events[0].when (use...
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Final

from plotline._atomic import atomic_write
from plotline._io._dump import dumps_json, dumps_toml, dumps_yaml, unstructure
from plotline._io._formats import FORMATS, SUFFIXES, check_format, story_format, suffix_error
from plotline._io._json import parse_json
from plotline._io._limits import check_depth, decode_utf8, number_problem, read_limited
from plotline._io._schema import story_schema
from plotline._io._structure import Part, assemble, new_cache, read_document
from plotline._io._toml import parse_toml
from plotline._model import Location
from plotline.exceptions import LoadError, Problem

if TYPE_CHECKING:
    from plotline._io._locate import Document
    from plotline._io._structure import _Cache
    from plotline._model import Story

__all__ = [
    "FORMATS",
    "dump",
    "dumps",
    "join_parts",
    "load",
    "loads",
    "read_part",
    "read_story_file",
    "story_files",
    "story_schema",
]


def _format_of(path: str, format: str | None) -> str | None:
    if format is not None:
        return check_format(format)
    return story_format(path)


def _parse(text: str, format: str, file: str | None) -> Document:
    if text.startswith("\ufeff"):
        text = text[1:]
    if format == "json":
        return parse_json(text, file)  # checks the depth of each value as it decodes it
    too_deep = check_depth(text, format, file)
    if too_deep is not None:
        raise LoadError([too_deep])
    if format == "toml":
        return parse_toml(text, file)
    try:
        from plotline._io._yaml import parse_yaml
    except ModuleNotFoundError as error:  # pragma: no cover - PyYAML is a test dependency
        if error.name != "yaml":
            raise
        raise LoadError(
            [
                Problem(
                    "reading YAML needs PyYAML",
                    Location(file, 1, 1),
                    "install it with: pip install 'plotline[yaml]'",
                )
            ]
        ) from None
    return parse_yaml(text, file)


def _read(text: str, format: str, file: str | None, cache: _Cache, problems: list[Problem]) -> Part:
    try:
        document = _parse(text, format, file)
    except LoadError as error:  # too deep to parse: reported, read as empty
        problems.extend(error.problems)
        document = _parse("{}" if format == "json" else "", format, file)
    except ValueError as error:  # e.g. an integer with more digits than int() takes
        problems.append(number_problem(error, text, file))
        document = _parse("{}" if format == "json" else "", format, file)
    if _blank(text):
        problems.append(
            Problem(
                "the file is empty: a story file needs a [story] table or at least one record",
                Location(file, 1, 1),
                "write `[story]` with a title, or delete the file",
            )
        )
    return read_document(document, cache, problems)


_CONTENT: Final = re.compile(r"^\s*(?!#|---\s*$|\.\.\.\s*$)\S", re.MULTILINE)
"""The start of a line with something on it other than a comment or a YAML document marker."""


def _blank(text: str) -> bool:
    r"""Whether ``text`` holds nothing but blank lines, comments and YAML document markers.

    An empty mapping (``{}``) is not blank: it is an empty story, written on purpose.

    >>> _blank("# nothing yet\n---\n\n...\n"), _blank("{}"), _blank("  # a\n  b = 1")
    (True, False, False)
    """
    return _CONTENT.search(text.lstrip("\ufeff")) is None


def _finish(parts: list[Part], problems: list[Problem]) -> Story:
    story = assemble(parts, problems)
    if problems:
        raise LoadError(problems)
    return story


def loads(text: str, *, format: str = "toml", file: str | None = None) -> Story:
    """Read a story from ``text`` in ``format`` (``"toml"``, ``"yaml"`` or ``"json"``).

    ``file`` names the text in locations (``None`` prints as ``<string>``).
    Raise :class:`~plotline.exceptions.LoadError` listing every problem found:
    syntax errors, unknown keys and tables, values of the wrong type,
    impossible dates, unknown enumeration values and missing required fields.
    Duplicate ids and dangling references are not load errors; the checker
    reports them. An unknown ``format`` raises
    :class:`~plotline.exceptions.UnknownFormatError`.
    """
    problems: list[Problem] = []
    part = _read(text, check_format(format), file, new_cache(), problems)
    return _finish([part], problems)


def read_story_file(path: str | os.PathLike[str]) -> tuple[bytes, str]:
    """The bytes of one story file and their text, checked as :func:`load` checks them.

    Raise :class:`~plotline.exceptions.LoadError` for a path that is not a
    regular file, a file over the size limit and text that is not UTF-8 (at
    the line and column of the first bad byte); :class:`OSError` when the file
    cannot be read at all.
    """
    file = os.fspath(path)
    data = read_limited(file)
    if isinstance(data, Problem):
        raise LoadError([data])
    text = decode_utf8(data, file)
    if isinstance(text, Problem):
        raise LoadError([text])
    return data, text


def story_files(folder: str, format: str | None = None) -> list[str]:
    """The story files :func:`load` reads from ``folder``, in the order it reads them."""
    suffixes = FORMATS[check_format(format)] if format is not None else tuple(SUFFIXES)
    found: list[tuple[tuple[str, ...], str]] = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder)
            found.append((tuple(relative.split(os.sep)), path))
    return [path for _, path in sorted(found)]


def load(path: str | os.PathLike[str], *, format: str | None = None) -> Story:
    """Read a story file, or every story file in a folder, into one :class:`Story`.

    A file's format comes from its suffix (``.toml``, ``.yaml``/``.yml``,
    ``.json``) unless ``format`` is given. A folder is searched recursively
    (names starting with a dot are skipped) and its files are read in sorted
    path order; their records are joined in that order, each keeping its own
    file in its origin. The ``[story]`` title may be given by any one file
    (two different titles are a problem) and ``[check]`` tables are merged.

    Raise :class:`~plotline.exceptions.LoadError` with every problem of every
    file, :class:`OSError` (e.g. :class:`FileNotFoundError`) when a file
    cannot be read at all, and :class:`~plotline.exceptions.UnknownFormatError`
    for an unknown ``format``.
    """
    name = os.fspath(path)
    if format is not None:
        check_format(format)
    files = story_files(name, format) if os.path.isdir(name) else [name]
    if not files:
        wanted = ", ".join(FORMATS[format] if format is not None else SUFFIXES)
        raise LoadError(
            [Problem(f"no story files ({wanted}) in this folder", Location(name, 1, 1))]
        )
    return _load_files(files, format)


def _load_files(files: list[str], format: str | None) -> Story:
    problems: list[Problem] = []
    cache = new_cache()
    parts: list[Part] = []
    for file in files:
        kind = _format_of(file, format)
        if kind is None:
            problems.append(
                Problem(
                    "cannot tell the story format from the file name",
                    Location(file, 1, 1),
                    f"name it with one of {', '.join(SUFFIXES)} or pass format=",
                )
            )
            continue
        data = read_limited(file)
        if isinstance(data, Problem):  # not a regular file, too large, a loop of links
            problems.append(data)
            continue
        text = decode_utf8(data, file)
        del data  # the bytes are not needed once decoded: a large file is not held twice
        if isinstance(text, Problem):
            problems.append(text)
            continue
        parts.append(_read(text, kind, file, cache, problems))
    return _finish(parts, problems)


def dumps(story: Story, *, format: str = "toml") -> str:
    """Write ``story`` as canonical text in ``format``; :func:`loads` reads it back equal.

    Fields are written in model order and left out when they hold their
    default; origins are not written.
    """
    data: dict[str, Any] = unstructure(story)
    kind = check_format(format)
    if kind == "toml":
        return dumps_toml(data)
    if kind == "yaml":
        return dumps_yaml(data)
    return dumps_json(data)


def dump(story: Story, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write ``story`` to the file at ``path``, atomically (see :func:`dumps`).

    The format comes from the suffix unless ``format`` is given. The text is
    written to a temporary file in the same folder, synced, and renamed over
    the target, so the target is always either the old file or the new one.
    A suffix that names no format (without ``format``) raises
    :class:`~plotline.exceptions.UnknownFormatError`.
    """
    name = os.fspath(path)
    kind = _format_of(name, format)
    if kind is None:
        raise suffix_error(name)
    atomic_write(name, dumps(story, format=kind))


# ---------------------------------------------------------------------------
# One file at a time, for a story kept open while it is edited (``plotline lsp``).


def read_part(text: str, *, format: str, file: str) -> tuple[Part, list[Problem]]:
    """Read one story file's text into the part it adds to a story, and its problems.

    :func:`join_parts` makes the story of several parts; reading each file
    apart lets an editor re-read only the file that changed.
    """
    problems: list[Problem] = []
    return _read(text, check_format(format), file, new_cache(), problems), problems


def join_parts(parts: list[Part]) -> tuple[Story, list[Problem]]:
    """The story the parts of its files make (as :func:`load` joins them), and its problems."""
    problems: list[Problem] = []
    return assemble(parts, problems), problems
