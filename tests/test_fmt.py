"""`plotline fmt`: canonical form, comments kept, nothing lost, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plotline._atomic import atomic_write
from plotline._io._canonical import carry_comments, format_file, format_text
from plotline.exceptions import FormatError

MESSY = """\
# The bible of a small story.
[story]
title = "Lighthouse"   # working title

[[works]]
kind = "episode"
id = "e1"
number = 1

[[events]]
id = "fire"     # the inciting incident
told_in = "e1"
threads = [
  # the only thread so far
  "arson",
]

[[threads]]
id = "arson"
"""

# Every field the model grew for real bibles, each with a comment to keep.
NEW_FIELDS = """\
# A bible with every new field.
[story]
title = "The Lantern Books"
authors = ["R. Quill", "M. Vane"]   # two hands
meta = { genre = "fantasy", awards = [{ name = "Ember", year = 2011 }], printed = true }

[[works]]
id = "lantern"
kind = "novel"          # a known kind
number = 1
complete = true
meta = { isbn = "978-0-00-000000-0", pages = 412, sales = { uk = 1.5, us = 2 } }

[[works]]
id = "lantern-c1"
kind = "chapter"
parent = "lantern"
number = 1

[[works]]
id = "before"
kind = "prequel-novella"   # a kind of our own
continues = false

[[releases]]
work = "lantern"
kind = "print"
date = "2010-05-01"
region = "UK"
title = "The Lantern"
edition = "first"
publisher = "Quill & Vane"
status = "released"

[[releases]]
work = "lantern"
kind = "print"
date = "2011"
region = "US"
status = "cancelled"

[[entities]]
id = "keep"
kind = "place"

[[entities]]
id = "tower"
kind = "place"
within = "keep"    # a place inside a place

[[entities]]
id = "orrin"
meta = { born = "1980", wands = ["holly", "yew"] }

[[events]]
id = "haunt"
told_in = "lantern-c1"
mode = "time-travel"
participants = { orrin = "ghost" }
location = "tower"

[[events]]
id = "staged"
told_in = "lantern-c1"
mode = "false-account"
participants = { orrin = "dies" }

[check]
installment = "novel"   # count books, not chapters
"""


class TestFormatText:
    """format_text gives the canonical form and keeps what matters."""

    def test_idempotent(self) -> None:
        """Formatting a formatted text changes nothing."""
        once = format_text(MESSY)
        assert format_text(once) == once

    def test_comments_survive(self) -> None:
        """Every comment of the original is in the formatted text."""
        formatted = format_text(MESSY)
        for comment in (
            "# The bible of a small story.",
            "# working title",
            "# the inciting incident",
            "# the only thread so far",
        ):
            assert comment in formatted

    def test_comment_stays_with_its_key(self) -> None:
        """A trailing comment stays on the line of the key it followed."""
        formatted = format_text(MESSY)
        line = next(x for x in formatted.splitlines() if "inciting" in x)
        assert line.startswith('id = "fire"')

    def test_same_story(self) -> None:
        """The formatted text loads to the same story as the original."""
        from plotline._io import loads

        assert loads(format_text(MESSY)) == loads(MESSY)

    def test_new_fields_and_their_comments_survive(self) -> None:
        """Open kinds, meta, authors, release details, chains, places, modes, roles: all kept."""
        from plotline._io import loads

        formatted = format_text(NEW_FIELDS)
        assert loads(formatted) == loads(NEW_FIELDS)
        assert format_text(formatted) == formatted
        for comment in (
            "# two hands",
            "# a known kind",
            "# a kind of our own",
            "# a place inside a place",
            "# count books, not chapters",
        ):
            assert comment in formatted
        for line in (
            'authors = ["R. Quill", "M. Vane"]',
            'kind = "prequel-novella"',
            "continues = false",
            "complete = true",
            'meta = { isbn = "978-0-00-000000-0", pages = 412, sales = { uk = 1.5, us = 2 } }',
            'awards = [{ name = "Ember", year = 2011 }]',
            'title = "The Lantern"',
            'edition = "first"',
            'publisher = "Quill & Vane"',
            'status = "cancelled"',
            'within = "keep"',
            'mode = "time-travel"',
            'mode = "false-account"',
            'participants = { orrin = "ghost" }',
            'installment = "novel"',
        ):
            assert line in formatted, line

    def test_meta_dates_become_text(self) -> None:
        """A TOML date inside meta is kept as the text it reads as, so every format can hold it."""
        text = '[[entities]]\nid = "x"\nmeta = { first = 1997-06-26, deep = { a = [[1], []] } }\n'
        assert 'meta = { first = "1997-06-26", deep = { a = [[1], []] } }' in format_text(text)

    def test_yaml_with_comments_refused(self) -> None:
        """A YAML file with comments is not rewritten (they would be lost)."""
        text = "story:\n  title: x  # a comment\n"
        with pytest.raises(FormatError, match="comments"):
            format_text(text, format="yaml", file="bible.yaml")


class TestCarryComments:
    """Comments move from the old text to the new one."""

    def test_no_comments_is_identity(self) -> None:
        """Without comments the new text is returned as it is."""
        assert carry_comments('[story]\ntitle = "a"\n', '[story]\ntitle = "b"\n') == (
            '[story]\ntitle = "b"\n'
        )

    def test_hash_inside_strings_is_not_a_comment(self) -> None:
        """A '#' inside a string or a multi-line string is text."""
        old = '[story]\ntitle = "a # b"\nsummary = """x\n# y\n"""\n'
        assert carry_comments(old, old) == old

    def test_comment_after_closing_quotes(self) -> None:
        """A comment after a multi-line string's closing quotes stays after them."""
        old = '[story]\ntitle = "a"\n\n[[events]]\nid = "e1"\nsummary = """one\ntwo"""  # a note\n'
        new = format_text(old)
        assert new.endswith('two"""  # a note\n')
        assert format_text(new) == new

    def test_comment_after_multiline_string_ending_in_newline(self) -> None:
        """The closing quotes on their own line keep the comment too."""
        old = '[[events]]\nid = "e1"\nsummary = """\none\n"""  # a note\n'
        assert format_text(old) == old

    @pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
    def test_line_separators_inside_strings(self, char: str) -> None:
        """Only LF and CRLF end a TOML line; U+2028 and the like in a title are text."""
        old = f'# a comment\n[story]\ntitle = "Light{char}house"  # working title\n'
        assert format_text(old) == old

    def test_crlf_file_with_comments(self) -> None:
        """A CRLF file with comments is read line by line like an LF one."""
        old = '# a comment\r\n[story]\r\ntitle = "Lighthouse"  # working\r\n'
        assert format_text(old) == old.replace("\r\n", "\n")

    def test_orphan_goes_above_its_table(self) -> None:
        """A comment on a key the canonical form drops is kept above its table."""
        old = '[[works]]\nid = "a"\nkind = "other"  # the default\n'
        new = '[[works]]\nid = "a"\n'
        assert carry_comments(old, new) == '# the default\n[[works]]\nid = "a"\n'


class TestFormatFile:
    """format_file rewrites in place, atomically, or only reports."""

    def test_check_changes_nothing(self, tmp_path: Path) -> None:
        """--check reports a change but leaves the file as it was."""
        path = tmp_path / "bible.toml"
        path.write_text(MESSY, encoding="utf-8")
        assert format_file(path, check=True) is True
        assert path.read_text(encoding="utf-8") == MESSY

    def test_rewrites_then_is_stable(self, tmp_path: Path) -> None:
        """A second run finds nothing to change."""
        path = tmp_path / "bible.toml"
        path.write_text(MESSY, encoding="utf-8")
        assert format_file(path) is True
        assert format_file(path) is False

    def test_bad_file_untouched(self, tmp_path: Path) -> None:
        """A file that does not load is left byte for byte as it was."""
        from plotline.exceptions import LoadError

        path = tmp_path / "bible.toml"
        path.write_text('[[events]]\nid = "x"\nmode = "flashfoward"\n', encoding="utf-8")
        before = path.read_bytes()
        with pytest.raises(LoadError):
            format_file(path)
        assert path.read_bytes() == before

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """Only story files are formatted."""
        path = tmp_path / "notes.txt"
        path.write_text("hello", encoding="utf-8")
        expected = r"not a story file \(expected .toml, .yaml, .yml or .json\)"
        with pytest.raises(FormatError, match=expected):
            format_file(path)

    def test_format_error_is_public(self) -> None:
        """FormatError is one of plotline's errors, and a ValueError."""
        import plotline

        assert plotline.FormatError is FormatError
        assert issubclass(FormatError, plotline.PlotlineError)
        assert issubclass(FormatError, ValueError)


class TestAtomicWrite:
    """atomic_write never leaves a half-written file or a stray temporary."""

    def test_replaces_whole(self, tmp_path: Path) -> None:
        """The target holds exactly the new data and no temporary file remains."""
        path = tmp_path / "out.toml"
        path.write_text("old", encoding="utf-8")
        atomic_write(path, "new")
        assert path.read_text(encoding="utf-8") == "new"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.toml"]

    def test_keeps_permissions(self, tmp_path: Path) -> None:
        """The rewritten file keeps the mode of the original."""
        path = tmp_path / "out.toml"
        path.write_text("old", encoding="utf-8")
        os.chmod(path, 0o640)
        atomic_write(path, b"new")
        assert path.stat().st_mode & 0o777 == 0o640

    def test_failure_leaves_original(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """If the rename fails, the original is intact and the temporary is gone."""
        path = tmp_path / "out.toml"
        path.write_text("old", encoding="utf-8")

        def boom(src: str, dst: str) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", boom)
        with pytest.raises(OSError, match="disk full"):
            atomic_write(path, "new")
        assert path.read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.toml"]
