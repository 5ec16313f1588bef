"""Canonical form of story files (what ``plotline fmt`` writes), without losing anything.

A file is loaded, dumped in canonical form, and written back only if the new
text loads to an equal story: ``fmt`` refuses to rewrite a file it cannot
round-trip. TOML comments are carried over: a comment on its own line stays
above the key or table it was written above, and a comment after a value stays
after that value. JSON has no comments; YAML comments are not kept by the YAML
parser, so ``fmt`` refuses to rewrite a YAML file that has any.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import attrs

from plotline._atomic import atomic_write
from plotline._io import dumps, loads, read_story_file
from plotline._io._formats import SUFFIXES, story_format
from plotline.exceptions import FormatError

__all__ = ["carry_comments", "format_file", "format_text"]


def format_text(text: str, *, format: str = "toml", file: str | None = None) -> str:
    """The canonical form of story text ``text``.

    Raise :class:`~plotline.exceptions.FormatError` if the canonical form would
    lose something (YAML comments) or would not load to the same story.
    """
    where = file or "<string>"
    story = loads(text, format=format, file=file)
    new = dumps(story, format=format)
    if format == "toml":
        new = carry_comments(text, new)
    elif format == "yaml" and any(_yaml_comments(text)):
        msg = (
            f"{where}: has comments, and YAML comments cannot be kept; "
            "not rewritten (move the comments into 'summary' or 'note' fields, or convert to TOML)"
        )
        raise FormatError(msg)
    if loads(new, format=format, file=file) != story:
        msg = f"{where}: canonical form would not load to the same story; not rewritten"
        raise FormatError(msg)
    return new


def format_file(path: str | os.PathLike[str], *, check: bool = False) -> bool:
    """Put the story file at ``path`` in canonical form; return whether it changed.

    With ``check=True`` nothing is written: the result says whether it would be.
    """
    path = Path(path)
    format = story_format(path)
    if format is None:
        msg = f"{path}: not a story file (expected {_expected()})"
        raise FormatError(msg)
    raw, text = read_story_file(path)  # a regular file within the size limit, UTF-8
    new = format_text(text, format=format, file=str(path))
    if new == text:
        return False
    if not check:
        atomic_write(path, new, expected=raw)  # an edit saved meanwhile is not overwritten
    return True


def _expected() -> str:
    """The story file suffixes as a phrase: ``.toml, .yaml, .yml or .json``."""
    *rest, last = SUFFIXES
    return f"{', '.join(rest)} or {last}"


# ---------------------------------------------------------------------------
# Carrying TOML comments from the old text to the new.


_Anchor = tuple[str, int, str]  # (table, index among tables of that name, key or "")


@attrs.frozen
class _Line:
    """What one line of a TOML file holds, as far as comments care."""

    anchor: _Anchor | None  # the key or header the line belongs to
    comment: str | None  # the comment text, '#' included
    alone: bool  # the line starts a key or header (not the continuation of a value)
    open: bool = False  # the line ends inside a multi-line string: no comment can follow it


def carry_comments(old: str, new: str) -> str:
    r"""``new`` with the comments of ``old`` put back where they belong.

    A comment stays with the key or table header it was written above or after.
    A comment whose key the canonical form leaves out (a default value) moves
    above that key's table header; nothing is dropped.

    >>> old = '# the pilot\n[[works]]\nid = "e1"  # first\n'
    >>> print(carry_comments(old, '[[works]]\nid = "e1"\n'), end="")
    # the pilot
    [[works]]
    id = "e1"  # first
    """
    leading: dict[_Anchor, list[str]] = {}
    trailing: dict[_Anchor, list[str]] = {}
    pending: list[str] = []
    for line in _scan(old):
        if line.anchor is None:
            if line.comment is not None:
                pending.append(line.comment)
            continue
        if pending and line.alone:
            leading.setdefault(line.anchor, []).extend(pending)
            pending = []
        if line.comment is not None:
            trailing.setdefault(line.anchor, []).append(line.comment)
    if not leading and not trailing and not pending:
        return new

    scanned = list(_scan(new))
    anchors = [line.anchor for line in scanned]
    present = {anchor for anchor in anchors if anchor is not None}
    for gone in [a for a in (*leading, *trailing) if a not in present]:
        moved = leading.pop(gone, []) + trailing.pop(gone, [])
        header = (gone[0], gone[1], "")
        if header in present:
            leading.setdefault(header, []).extend(moved)
        else:
            pending[:0] = moved

    out: list[str] = []
    for text, line in zip(_lines(new), scanned, strict=True):
        written = text
        if line.anchor is not None:
            out.extend(leading.pop(line.anchor, ()))
            # A comment can end only a line that does not end inside a multi-line string.
            if line.anchor in trailing and not line.open:
                written = "  ".join((text, *trailing.pop(line.anchor)))
        out.append(written)
    out.extend(pending)
    return "\n".join(out) + "\n"


def _scan(text: str) -> Iterator[_Line]:
    """Classify each line of TOML ``text``: its anchor (table, index, key) and comment.

    Knows enough TOML to skip ``#`` inside strings and multi-line strings and arrays.
    """
    counts: dict[str, int] = {}
    table = ""
    index = 0
    depth = 0  # open brackets of a value spanning lines
    multiline: str | None = None  # the closing quotes of an open multi-line string
    for raw in _lines(text):
        stripped = raw.strip()
        if multiline is None and depth == 0:
            if not stripped or stripped.startswith("#"):
                yield _Line(None, stripped or None, False)
                continue
            if stripped.startswith("["):
                header = stripped.split("#", 1)[0].strip()
                name = header.strip("[] ")
                table = name
                index = counts.get(name, -1) + 1 if header.startswith("[[") else 0
                counts[name] = index
                anchor: _Anchor = (table, index, "")
            else:
                anchor = (table, index, stripped.split("=", 1)[0].strip())
            comment, multiline, depth = _tail(raw, None, 0)
            yield _Line(anchor, comment, True, multiline is not None)
            continue
        # The continuation of a value spanning lines: its comments stay with its key.
        comment, multiline, depth = _tail(raw, multiline, depth)
        yield _Line(anchor, comment, False, multiline is not None)


def _lines(text: str) -> list[str]:
    """The lines of TOML ``text``, split only where TOML ends a line.

    TOML's newline is LF or CRLF; ``str.splitlines`` would also split at U+2028,
    U+0085 and the like, which a string may hold as they are.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _tail(line: str, multiline: str | None, depth: int) -> tuple[str | None, str | None, int]:
    """The comment ending ``line``, and the string/bracket state after it."""
    i, n = 0, len(line)
    while i < n:
        if multiline is not None:
            end = line.find(multiline, i)
            if end < 0:
                return None, multiline, depth
            i = end + 3
            multiline = None
            continue
        ch = line[i]
        if ch == "#":
            return line[i:].rstrip(), None, depth
        if line.startswith(('"""', "'''"), i):
            multiline = line[i : i + 3]
            i += 3
            continue
        if ch in "\"'":
            i = _skip_string(line, i)
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return None, multiline, depth


def _skip_string(line: str, start: int) -> int:
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i


def _yaml_comments(text: str) -> Iterator[str]:
    """Lines of YAML ``text`` that hold a comment (a rough but safe over-estimate)."""
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("#") or " #" in line:
            yield line
