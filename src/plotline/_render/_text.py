"""Text measurement: how wide a line of text is, and fitting text into space.

Graphviz measures text itself when it draws, but our layout is computed
before, so we estimate widths from Helvetica's metrics (:func:`display_width`)
and cut (:func:`shorten`) or wrap (:func:`wrap`) what would not fit. The
results are plain text; :mod:`plotline._render._quote` escapes them for DOT.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from plotline._render._quote import ELLIPSIS, clean

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["display_width", "shorten", "wrap"]

# Helvetica advance widths (1/1000 em) for printable ASCII, from its AFM metrics.
_ASCII_WIDTHS = (
    # space ! " # $ % & ' ( ) * + , - . /
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278)
    # 0-9 : ; < = > ? @
    + (556,) * 10
    + (278, 278, 584, 584, 584, 556, 1015)
    # A-Z
    + (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833)
    + (722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611)
    # [ \ ] ^ _ `
    + (278, 278, 278, 469, 556, 333)
    # a-z
    + (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833)
    + (556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500)
    # { | } ~
    + (334, 260, 334, 584)
)


def _char_width(char: str) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return _ASCII_WIDTHS[code - 32]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F") or code >= 0x1F000:
        return 1000
    return 600


def display_width(text: str, fontsize: float) -> float:
    """An estimate of the width of one line of ``text`` in points, set in Helvetica.

    Wide scripts (CJK, emoji) count one em a character. Graphviz measures
    text with the fonts it finds, hinted to whole pixels, which comes out a
    little wider than the printed metrics: each character counts 1/20 em more.

    >>> round(display_width("Hero", 10), 1), display_width("日本", 10)
    (23.7, 21.0)
    """
    return sum(_char_width(char) + _HINTING for char in text) * fontsize / 1000


_HINTING = 50


def shorten(text: str, width: float, fontsize: float) -> str:
    """``text`` on one line, cut with an ellipsis so it fits ``width`` points.

    >>> shorten("The Special Service of Crime", 60, 10)
    'The Speci…'
    """
    text = " ".join(clean(text).split())
    if display_width(text, fontsize) <= width:
        return text
    limit = width - display_width(ELLIPSIS, fontsize)
    used = 0.0
    for index, char in enumerate(text):
        used += (_char_width(char) + _HINTING) * fontsize / 1000
        if used > limit:
            return text[:index].rstrip() + ELLIPSIS
    return text  # pragma: no cover - the loop always cuts once the text is too wide


def wrap(text: str, width: float, fontsize: float, max_lines: int = 2) -> tuple[str, ...]:
    """``text`` broken into at most ``max_lines`` lines of ``width`` points.

    Lines break between words, or inside a word that is too long by itself (and
    so anywhere in scripts written without spaces). What does not fit is cut,
    and the last line ends in an ellipsis.

    >>> wrap("Who killed Monica Campbell?", 70, 10)
    ('Who killed', 'Monica…')
    """
    lines: list[str] = []
    current = ""
    for word in _pieces(" ".join(clean(text).split()).split(" "), width, fontsize):
        candidate = f"{current} {word}" if current else word
        if display_width(candidate, fontsize) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return tuple(lines) or ("",)
    last = lines[max_lines - 1]
    limit = width - display_width(ELLIPSIS, fontsize)
    while last and display_width(last, fontsize) > limit:
        last = last[:-1]
    return (*lines[: max_lines - 1], last.rstrip() + ELLIPSIS)


def _pieces(words: Iterable[str], width: float, fontsize: float) -> Iterable[str]:
    """Words, with those wider than ``width`` cut into pieces that fit."""
    for word in words:
        if display_width(word, fontsize) <= width:
            yield word
            continue
        piece = ""
        for char in word:
            if piece and display_width(piece + char, fontsize) > width:
                yield piece
                piece = ""
            piece += char
        if piece:
            yield piece
