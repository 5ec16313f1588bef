r"""Quoting for DOT: the one place where text becomes DOT source.

Every string that reaches the DOT source goes through this module, whether a
story wrote it (titles, names, ids) or we did (colours, styles). Text from a
story must show as text, never act as DOT or SVG markup, so:

* every value is a double-quoted DOT string, never an HTML-like ``<...>``
  label, so ``<script>`` is just eight characters;
* inside the quotes ``"`` and ``\`` are escaped, so a title like
  ``"]; a -- b [`` cannot end the string, and ``\N`` or ``\G`` show as
  written instead of expanding to the node or graph name;
* ``&`` becomes ``&amp;`` because Graphviz decodes entities in labels, so the
  text ``&lt;`` shows as written too;
* control characters and bidirectional overrides are dropped, line breaks
  become DOT line breaks (``\n``, ``\l`` or ``\r``).

Tooltips are escString values too, but Graphviz versions disagree on how many
times they unescape backslashes in them, so a backslash in a tooltip is drawn
as the look-alike U+29F5 (reverse solidus operator): the one way that reads
the same everywhere.

>>> attr_list({"label": Text.of('say "hi" \\N'), "color": "#ff0000"})
'[label="say \\"hi\\" \\\\N\\n", color="#ff0000"]'
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "ELLIPSIS",
    "LIMIT",
    "AttrValue",
    "Justify",
    "Text",
    "attr_list",
    "clean",
    "escape_label",
    "escape_tooltip",
    "number",
    "quote",
    "quote_id",
]

Justify = Literal["center", "left", "right"]

#: The line terminator DOT uses for each justification of a label line.
_TERMINATOR: Mapping[str, str] = {"center": "\\n", "left": "\\l", "right": "\\r"}

#: Attributes whose values Graphviz reads as escString labels.
_LABELS = frozenset({"label", "xlabel", "headlabel", "taillabel"})
#: Attributes whose values are tooltips (escString, but see the module docstring).
_TOOLTIPS = frozenset({"tooltip", "edgetooltip", "labeltooltip", "headtooltip", "tailtooltip"})

# C0/C1 controls except tab and newline; bidi embeddings, overrides and isolates;
# and lone surrogates, which no output encoding can carry.
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x85]")
_SAFE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN = re.compile(r"[A-Za-z0-9 #%+,.:;!_-]*")

#: What ends a text cut short.
ELLIPSIS = "…"

#: The most characters of one text that reach the DOT source. Graphviz's lexer
#: refuses quoted strings longer than 16,384 bytes; escaping can double a
#: character and UTF-8 can take four bytes for it, so a text is cut well below.
LIMIT = 2000


def _cut(text: str) -> str:
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + ELLIPSIS


def _clean_cut(text: str) -> str:
    r"""``_cut(clean(text))``, cleaning only as much of ``text`` as can reach the cut.

    Cleaning a prefix gives a prefix of the cleaned text (a ``\r`` and a
    ``\r\n`` both become one ``\n``), so a long text is cleaned a piece at a
    time, doubling, until more than :data:`LIMIT` characters are left: a
    tooltip repeated on ten thousand markers costs ten thousand short cleans.
    """
    size = 2 * LIMIT
    while len(text) > size:
        head = clean(text[:size])
        if len(head) > LIMIT:
            return head[: LIMIT - 1] + ELLIPSIS
        size *= 2
    return _cut(clean(text))


def clean(text: str) -> str:
    r"""``text`` with line breaks normalised to ``\n``, tabs to spaces and controls dropped.

    >>> clean("a\r\nb\tc\x00\u202e")
    'a\nb c'
    """
    text = _NEWLINES.sub("\n", text)
    return _DROP.sub("", text).replace("\t", " ")


def quote(value: str) -> str:
    r"""``value`` as a double-quoted DOT string, for attributes that are not text.

    Quotes are escaped. A backslash, which means nothing in such values, is
    drawn as U+29F5 (reverse solidus operator), so that no string can end in
    a backslash before its closing quote, which old Graphviz lexers misread.

    >>> quote('a"b')
    '"a\\"b"'
    """
    if _PLAIN.fullmatch(value):  # colours, styles, positions: nothing to escape
        return f'"{value}"'
    value = clean(value).replace("\\", "\u29f5").replace('"', '\\"').replace("\n", " ")
    return f'"{value}"'


def quote_id(value: str) -> str:
    """A node or graph id: bare when it is a plain identifier, else quoted.

    >>> quote_id("n12"), quote_id("a b")
    ('n12', '"a b"')
    """
    if _SAFE_ID.fullmatch(value) and value.lower() not in _KEYWORDS:
        return value
    return quote(value)


_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


def escape_label(text: str) -> str:
    r"""The body of a label string (without quotes or line terminator) showing ``text`` as is.

    >>> escape_label('<b>"x"</b> & \\G')
    '<b>\\"x\\"</b> &amp; \\\\G'
    """
    text = _clean_cut(text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    return text.replace("\n", "\\n")


def escape_tooltip(text: str) -> str:
    r"""The body of a tooltip string (without quotes) showing ``text``; see the module docstring.

    >>> escape_tooltip('a\\b "c"\nd') == 'a\u29f5b \\"c\\"\\nd'
    True
    """
    text = _clean_cut(text).replace("&", "&amp;").replace("\\", "\u29f5").replace('"', '\\"')
    return text.replace("\n", "\\n")


def _as_lines(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(lines)


@attrs.frozen(slots=True)
class Text:
    """Lines of text for a label, each justified the same way.

    The lines are plain text as a reader should see it; :func:`attr_list`
    escapes them. Build one from a possibly multi-line string with :meth:`of`.
    """

    lines: tuple[str, ...] = attrs.field(converter=_as_lines)
    justify: Justify = "center"

    @classmethod
    def of(cls, text: str, justify: Justify = "center") -> Text:
        """The lines of ``text`` (split at its line breaks)."""
        return cls(tuple(clean(text).split("\n")), justify)

    def dot(self) -> str:
        """The quoted DOT label: each escaped line followed by its justification escape."""
        end = _TERMINATOR[self.justify]
        lines: list[str] = []
        budget = LIMIT
        for line in self.lines:
            if budget <= 0:
                break
            lines.append(line if len(line) <= budget else line[: budget - 1] + ELLIPSIS)
            budget -= len(line) + 1
        return '"' + "".join(escape_label(line) + end for line in lines) + '"'


AttrValue: TypeAlias = str | int | float | bool | Text


def number(value: float) -> str:
    """A number as DOT wants it: short, no exponent, ``-0`` as ``0``.

    >>> number(2.0), number(0.123456), number(-0.0001)
    ('2', '0.123', '0')
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value == int(value):
        return str(int(value))
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _value(name: str, value: AttrValue) -> str:
    if isinstance(value, str):
        if name in _TOOLTIPS:
            return f'"{escape_tooltip(value)}"'
        if name in _LABELS:
            return Text.of(value).dot()
        return quote(value)
    if isinstance(value, Text):
        return value.dot()
    if isinstance(value, bool):
        return "true" if value else "false"
    return number(value)


def attr_list(attrs: Mapping[str, AttrValue | None]) -> str:
    """``[name=value, ...]`` for the attributes that are not None; ``""`` if there are none.

    Attribute names are ours, never a story's; values are quoted by kind:
    :class:`Text` and ``label`` strings as labels, ``tooltip`` strings as
    tooltips, numbers and booleans bare, other strings with :func:`quote`.
    """
    parts = [f"{name}={_value(name, value)}" for name, value in attrs.items() if value is not None]
    return f"[{', '.join(parts)}]" if parts else ""
