"""Colours, line styles and fonts for the views: a light and a dark theme.

Lanes take their colours from palettes chosen to stay apart for readers with
colour-vision deficiencies: Okabe and Ito's eight colours first, then Paul
Tol's (``muted`` on light backgrounds, ``light`` on dark ones). Past the end of
the palette the colours repeat with a different dash pattern, so lane 1 and
lane 18 differ by their stroke even where their hue is the same. Meaning never
rests on colour alone: deaths, flashbacks and findings have their own shapes
and outlines, and every lane is labelled.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import attrs

from plotline.exceptions import UnknownThemeError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["DARK", "LIGHT", "THEMES", "LaneStyle", "Theme", "get_theme", "tint"]

#: Okabe & Ito (2008), "Color Universal Design": the eight colours minus black,
#: which each theme replaces by a grey that reads on its background. Each theme
#: orders them so that the first lanes get the colours that stand out most on it.
OKABE_ITO_ON_LIGHT = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#E69F00",
    "#F0E442",
)
OKABE_ITO_ON_DARK = (
    "#56B4E9",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#F0E442",
    "#D55E00",
    "#0072B2",
)
#: Paul Tol's "muted" scheme (for light backgrounds).
TOL_MUTED = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
#: Paul Tol's "light" scheme (for dark backgrounds).
TOL_LIGHT = (
    "#77AADD",
    "#99DDFF",
    "#44BB99",
    "#BBCC33",
    "#AAAA00",
    "#EEDD88",
    "#EE8866",
    "#FFAABB",
)

#: Line styles that tell apart lanes of the same colour once the palette repeats.
DASHES = ("solid", "dashed", "dotted")


@attrs.frozen(slots=True)
class LaneStyle:
    """How one lane (a thread, an entity, a release medium) is drawn."""

    color: str
    dash: str = "solid"


@attrs.frozen(slots=True)
class Theme:
    """Every colour and font a view uses. Colours are ``#rrggbb`` strings."""

    name: str
    background: str
    text: str
    muted: str
    grid: str
    band: str
    death: str
    finding: str
    palette: tuple[str, ...]
    fontname: str = "Helvetica"

    def lane(self, index: int) -> LaneStyle:
        """The style of lane number ``index`` (from 0): colours first, then dash patterns."""
        size = len(self.palette)
        dash = DASHES[(index // size) % len(DASHES)]
        return LaneStyle(self.palette[index % size], dash)

    def readable(self, color: str) -> str:
        """Return ``color``, darkened (or lightened) until text in it reads on the background.

        Lanes may be pale (yellow on white); their names must still read: the
        colour is mixed towards the text colour until its contrast with the
        background is at least 3:1 (WCAG's level for large text and graphics).
        """
        return _readable(color, self.background, self.text)

    def tint(self, color: str, amount: float = 0.25) -> str:
        """``color`` mixed into the background: ``amount`` 1 is the colour, 0 the background."""
        return tint(color, self.background, amount)


def tint(color: str, background: str, amount: float) -> str:
    """``color`` blended over ``background`` with opacity ``amount`` (0 to 1).

    >>> tint("#ff0000", "#ffffff", 0.5)
    '#ff8080'
    """
    fg = _rgb(color)
    bg = _rgb(background)
    mixed = (round(b + (f - b) * amount) for f, b in zip(fg, bg, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


@functools.lru_cache(maxsize=512)
def _readable(color: str, background: str, text: str) -> str:
    mixed = color
    for step in range(1, 11):
        if contrast(mixed, background) >= 3.0:
            return mixed
        mixed = tint(text, color, step / 10)
    return mixed


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white).

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#222222",
    muted="#6b6b6b",
    grid="#d9d9d9",
    band="#f2f2f2",
    death="#111111",
    finding="#d40000",
    palette=(*OKABE_ITO_ON_LIGHT, "#555555", *TOL_MUTED),
)

DARK = Theme(
    name="dark",
    background="#1b1d23",
    text="#e8e8e8",
    muted="#a0a4ab",
    grid="#3b3f47",
    band="#262931",
    death="#f4f4f4",
    finding="#ff5c5c",
    palette=(*OKABE_ITO_ON_DARK, "#bbbbbb", *TOL_LIGHT),
)

#: The themes by name.
THEMES: Mapping[str, Theme] = {"light": LIGHT, "dark": DARK}


def get_theme(theme: str | Theme) -> Theme:
    """The theme named ``theme`` (``"light"`` or ``"dark"``), or ``theme`` itself.

    Any other name raises UnknownThemeError, which suggests the closest.
    """
    if isinstance(theme, Theme):
        return theme
    try:
        return THEMES[theme]
    except KeyError:
        raise UnknownThemeError(theme, sorted(THEMES)) from None
