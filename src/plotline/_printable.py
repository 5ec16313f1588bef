r"""Text made safe for a terminal, a log or an XML report: controls shown, never obeyed.

Ids, titles and messages come from story files, and a story file may hold
any character: an escape sequence that erases the line or sets the window
title, a carriage return that overwrites what was printed, a right-to-left
override that makes ``evil.toml`` read as ``lmot.live``. Everything plotline
prints as text goes through :func:`printable`, which writes such characters
as visible escapes (``\x1b``, ``\u202e``) and leaves every other character,
emoji and accents included, as it is. The views neutralise the same
characters in their own way (:mod:`plotline._render._quote`).

>>> printable("Monica\x1b]0;owned\x07 \u202eevil")
'Monica\\x1b]0;owned\\x07 \\u202eevil'
>>> printable("Théo 🦊")
'Théo 🦊'
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["printable", "xml_safe"]

# C0 controls but tab and newline, DEL, C1 controls, the bidirectional marks,
# embeddings, overrides and isolates, the line and paragraph separators, and
# the byte order mark (a zero-width no-break space inside text).
_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)
# What XML 1.0 cannot hold at all, on top of the above: lone surrogates, U+FFFE, U+FFFF.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control and bidirectional character written as a visible escape."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def xml_safe(text: str) -> str:
    r"""``text`` that XML 1.0 can hold: what it cannot is written as a visible escape.

    >>> xml_safe("a\x01b\tc")
    'a\\x01b\tc'
    """
    return _NOT_XML.sub(_escape, text) if _NOT_XML.search(text) else text
