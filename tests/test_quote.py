"""Tests for plotline._render._quote (all text reaches DOT as text, never as markup) and _text."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plotline._render._quote import (
    Text,
    attr_list,
    clean,
    escape_label,
    escape_tooltip,
    number,
    quote,
    quote_id,
)
from plotline._render._text import display_width, shorten, wrap

HOSTILE = [
    'say "hi"',
    "back\\slash",
    "\\N \\G \\L \\E \\T \\H \\n \\l \\r",
    "<script>alert(1)</script>",
    '"]; a -> b [label="x',
    "onload=alert(1)",
    "<b>bold</b> & &amp; &lt;",
    "line one\nline two",
    "trailing backslash \\",
    "森 海斗 🎭 Ñandú",
]

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _string_end(text: str) -> int:
    """Where a DOT double-quoted string that starts at ``text[0]`` ends.

    Graphviz's lexer reads ``\\"`` as a quote and ``\\\\`` as a pair; older
    lexers knew only the first, so a string must not end in a backslash either.
    """
    assert text[0] == '"'
    index = 1
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text) and text[index + 1] in '"\\':
            index += 2
            continue
        if text[index] == '"':
            assert text[index - 1] != "\\", "a string that ends in a backslash"
            return index
        index += 1
    return -1


class TestQuote:
    """quote() and quote_id() for values that are not text."""

    def test_plain(self) -> None:
        """A plain value is double-quoted as is."""
        assert quote("#ff0000") == '"#ff0000"'

    def test_quotes_and_backslashes_escaped(self) -> None:
        """Quotes are escaped; a backslash, meaningless in such values, is drawn as U+29F5."""
        assert quote('a"b\\c') == '"a\\"b\u29f5c"'

    def test_newlines_flattened(self) -> None:
        """A value has one line."""
        assert quote("a\nb") == '"a b"'

    def test_id_bare_or_quoted(self) -> None:
        """Identifiers stay bare; anything else, and DOT keywords, are quoted."""
        assert quote_id("n12") == "n12"
        assert quote_id("a b") == '"a b"'
        assert quote_id("node") == '"node"'
        assert quote_id('x"; y') == '"x\\"; y"'

    @given(st.text())
    def test_any_value_is_one_string(self, value: str) -> None:
        """Whatever the value, the quoted form is exactly one DOT string."""
        quoted = quote(value)
        assert _string_end(quoted) == len(quoted) - 1


class TestEscapeLabel:
    """escape_label() shows text as written."""

    def test_backslash_escapes_do_not_expand(self) -> None:
        """\\N and \\G stay text: the backslash is doubled."""
        assert escape_label("\\N") == "\\\\N"
        assert escape_label("\\G") == "\\\\G"

    def test_quote(self) -> None:
        """A quote is escaped."""
        assert escape_label('"') == '\\"'

    def test_ampersand(self) -> None:
        """An ampersand becomes an entity, so written entities show as written."""
        assert escape_label("a & b &amp;") == "a &amp; b &amp;amp;"

    def test_angle_brackets_kept(self) -> None:
        """Angle brackets inside a quoted label are plain text to Graphviz."""
        assert escape_label("<b>") == "<b>"

    def test_newline(self) -> None:
        """A newline becomes a DOT line break."""
        assert escape_label("a\nb") == "a\\nb"

    def test_controls_and_overrides_dropped(self) -> None:
        """Control characters, bidi overrides and lone surrogates are dropped."""
        assert escape_label("a\x00b\x1bc\u202ed\ud800e") == "abcde"

    def test_non_latin_kept(self) -> None:
        """Other scripts and emoji pass unchanged."""
        assert escape_label("森 海斗 🎭") == "森 海斗 🎭"

    @given(st.text())
    def test_any_label_is_one_string(self, value: str) -> None:
        """Whatever the text, the label is exactly one DOT string."""
        quoted = Text.of(value).dot()
        assert _string_end(quoted) == len(quoted) - 1


class TestEscapeTooltip:
    """escape_tooltip() avoids backslashes, which Graphviz versions unescape differently."""

    def test_backslash_drawn_as_lookalike(self) -> None:
        """A backslash becomes U+29F5."""
        assert escape_tooltip("a\\N") == "a\u29f5N"

    def test_quote_and_newline(self) -> None:
        """Quotes are escaped and newlines become \\n."""
        assert escape_tooltip('"x"\ny') == '\\"x\\"\\ny'

    @given(st.text())
    def test_any_tooltip_is_one_string(self, value: str) -> None:
        """Whatever the text, the tooltip is one DOT string."""
        quoted = f'"{escape_tooltip(value)}"'
        assert _string_end(quoted) == len(quoted) - 1


class TestText:
    """Text and attr_list()."""

    def test_justification(self) -> None:
        """Each line ends in the escape for its justification."""
        assert Text(("a", "b")).dot() == '"a\\nb\\n"'
        assert Text(("a",), "left").dot() == '"a\\l"'
        assert Text(("a",), "right").dot() == '"a\\r"'

    def test_of_splits_lines(self) -> None:
        """Text.of splits at line breaks."""
        assert Text.of("a\r\nb").lines == ("a", "b")

    def test_attr_list_kinds(self) -> None:
        """Labels, tooltips, numbers, booleans and other strings are each quoted their way."""
        text = attr_list(
            {
                "label": "a\\N",
                "tooltip": "t\\",
                "width": 0.5,
                "fixedsize": True,
                "color": "#000000",
                "xlabel": None,
            }
        )
        assert (
            text
            == '[label="a\\\\N\\n", tooltip="t\u29f5", width=0.5, fixedsize=true, color="#000000"]'
        )

    def test_empty(self) -> None:
        """No attributes, no brackets."""
        assert attr_list({"label": None}) == ""

    def test_number(self) -> None:
        """Numbers are short and finite."""
        assert number(1.0) == "1"
        assert number(-0.0001) == "0"
        assert number(2.5) == "2.5"
        with pytest.raises(ValueError, match="finite"):
            number(float("inf"))


class TestFitting:
    """display_width(), shorten() and wrap()."""

    def test_wide_scripts_count_more(self) -> None:
        """A CJK character is wider than a Latin one."""
        assert display_width("森", 10) > display_width("a", 10)

    def test_shorten_fits(self) -> None:
        """A long name is cut with an ellipsis and fits."""
        name = "A very long thread title that goes on and on " * 3
        short = shorten(name, 100, 10)
        assert short.endswith("…")
        assert display_width(short, 10) <= 100

    def test_shorten_keeps_short(self) -> None:
        """A short name is kept (with its spaces normalised)."""
        assert shorten("Inés  and\nTomás", 200, 10) == "Inés and Tomás"

    def test_wrap(self) -> None:
        """Wrapped lines fit; extra text ends in an ellipsis."""
        lines = wrap("one two three four five six seven eight nine ten", 50, 10, 2)
        assert len(lines) == 2
        assert lines[-1].endswith("…")
        assert all(display_width(line, 10) <= 50 for line in lines)

    def test_wrap_breaks_long_words_and_cjk(self) -> None:
        """A word wider than the line, or text without spaces, is broken anywhere."""
        lines = wrap("森" * 30, 50, 10, 3)
        assert len(lines) == 3
        assert all(display_width(line, 10) <= 50 for line in lines)

    @given(st.text(), st.integers(min_value=20, max_value=300), st.integers(1, 4))
    def test_wrap_always_fits(self, text: str, width: int, lines: int) -> None:
        """Whatever the text, no more lines than asked, each within the width."""
        wrapped = wrap(text, width, 9, lines)
        assert 1 <= len(wrapped) <= lines
        assert all(display_width(line, 9) <= width for line in wrapped)

    def test_clean(self) -> None:
        """clean() normalises line breaks and tabs."""
        assert clean("a\rb\u2028c\td") == "a\nb\nc d"


@pytest.mark.exe
class TestThroughGraphviz:
    """Hostile text drawn by the real Graphviz comes out as text."""

    @staticmethod
    def _svg(label: str, tooltip: str) -> ET.Element:
        source = (
            "graph { layout=nop2\n"
            f"a {attr_list({'pos': '0,0!', 'shape': 'box', 'label': label, 'tooltip': tooltip})}\n"
            "}\n"
        )
        dot = shutil.which("dot")
        assert dot is not None
        done = subprocess.run(
            [dot, "-Tsvg"], input=source.encode(), capture_output=True, check=True, timeout=30
        )
        return ET.fromstring(done.stdout)

    @pytest.mark.parametrize("text", HOSTILE)
    def test_label_round_trip(self, text: str) -> None:
        """The label's lines and the tooltip come back exactly, with one node and no markup."""
        root = self._svg(text, text)
        assert [t.text or "" for t in root.iter(f"{SVG}text")] == _drawn_lines(text)
        nodes = [g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()]
        assert len(nodes) == 1
        assert not list(root.iter(f"{SVG}script"))
        titles = [a.get(f"{XLINK}title") for a in root.iter(f"{SVG}a")]
        assert titles == [clean(text).replace("\\", "\u29f5")]
        for element in root.iter():
            assert not any(name.lower().startswith("on") for name in element.attrib)

    @settings(max_examples=40, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
    def test_any_text_round_trips(self, text: str) -> None:
        """Any text is drawn as itself: one node, the cleaned lines, no extra elements."""
        root = self._svg(text, text)
        nodes = [g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()]
        assert len(nodes) == 1
        assert [t.text or "" for t in root.iter(f"{SVG}text")] == _drawn_lines(text)


def _drawn_lines(text: str) -> list[str]:
    """The lines Graphviz draws for a label: empty ones skipped, runs of spaces kept (as NBSP)."""
    lines = clean(text).split("\n")
    return [re.sub("(?<= ) ", "\u00a0", line) for line in lines if line]
