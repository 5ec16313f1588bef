"""What a hostile story file puts in text reaches the reader shown, never obeyed.

The second round of the hostile corpus: lone surrogates, control and
bidirectional characters in ids, spreadsheet formulas, reports that must stay
valid and whole.
"""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import cli, cli_process
from plotline import LoadError, check, loads
from plotline._check.reports import format_report
from plotline._printable import printable, xml_safe
from plotline.exporters import export

ESCAPE = "\x1b]0;owned\x07\x1b[2K"
BIDI = "\u202egnp.exe"
# The same, as TOML escapes (TOML forbids raw control characters in strings).
ESCAPE_TOML = "\\u001b]0;owned\\u0007\\u001b[2K"
BIDI_TOML = "\\u202egnp.exe"


def _hostile_story(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(
        "[story]\n"
        'title = "t"\n'
        "[[entities]]\n"
        f'id = "ada{ESCAPE_TOML}"\n'
        f'name = "Ada {BIDI_TOML}"\n'
        'importance = "main"\n'
        "[[events]]\n"
        'id = "dies"\n'
        f'participants = {{ "ada{ESCAPE_TOML}" = "dies" }}\n'
        "[[events]]\n"
        'id = "walks"\n'
        f'participants = {{ "ada{ESCAPE_TOML}" = "present" }}\n',
        encoding="utf-8",
    )
    return path


class TestSurrogates:
    """A JSON escape that is half a UTF-16 pair is refused where it is written."""

    def test_lone_surrogate_is_a_located_load_error(self) -> None:
        with pytest.raises(LoadError, match=r"s\.json:1:23: \\ud800 is half of a UTF-16 pair"):
            loads('{"story": {"title": "a\\ud800b"}}', format="json", file="s.json")

    def test_a_pair_and_an_escaped_backslash_load(self) -> None:
        story = loads('{"story": {"title": "\\ud83e\\udd8a \\\\ud800"}}', format="json")
        assert story.title == "\U0001f98a \\ud800"

    @pytest.mark.parametrize("command", ["check", "show", "fmt", "export"])
    def test_every_command_exits_2_without_a_traceback(self, tmp_path: Path, command: str) -> None:
        path = tmp_path / "s.json"
        path.write_text('{"story": {"title": "a\\ud800b"}}', encoding="utf-8")
        argv = [command, str(path)] + (["--to", "json"] if command == "export" else [])
        status, out, err = cli_process(*argv)
        assert status == 2, out + err
        assert "Traceback" not in out + err
        assert "half of a UTF-16 pair" in err

    def test_a_terminal_that_cannot_show_a_character_gets_an_escape(self, tmp_path: Path) -> None:
        path = tmp_path / "s.toml"
        path.write_text('[story]\ntitle = "Théo 🦊"\n[[events]]\nid = "e"\n', encoding="utf-8")
        status, out, err = cli_process("show", str(path), PYTHONIOENCODING="ascii")
        assert status == 0, err
        assert "Traceback" not in err
        assert "Th\\xe9o \\U0001f98a" in out


class TestControlCharacters:
    """Control and bidirectional characters from a file are written as visible escapes."""

    def test_printable(self) -> None:
        assert printable(ESCAPE) == "\\x1b]0;owned\\x07\\x1b[2K"
        assert printable(BIDI) == "\\u202egnp.exe"
        assert printable("line\ttab\nnext") == "line\ttab\nnext"
        assert printable("a\rb\u2028c\ufeff") == "a\\x0db\\u2028c\\ufeff"

    def test_text_report(self, tmp_path: Path) -> None:
        status, out, _err = cli("check", str(_hostile_story(tmp_path)))
        assert status == 1
        assert "PL301" in out
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "\u202e" not in out
        assert "Ada \\u202egnp.exe" in out

    def test_messages_on_stderr(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(f'[story]\ntitle = "t"\n[[events]]\nid = "e"\nmode = "x{ESCAPE_TOML}"\n')
        status, _out, err = cli("check", str(path))
        assert status == 2
        assert "\x1b" not in err
        assert "\x07" not in err
        assert "\\x1b" in err

    def test_junit_is_valid_xml(self, tmp_path: Path) -> None:
        path = _hostile_story(tmp_path)
        story = loads(path.read_text(encoding="utf-8"), format="toml", file=f"{path}\x01")
        report = check(story)
        document = format_report(report, "junit", files=[f"{path}\x01"])
        root = ET.fromstring(document.split("\n", 1)[1])
        assert root.get("failures") == "1"
        assert xml_safe("a\x00b") == "a\\x00b"

    def test_json_report_keeps_the_id(self, tmp_path: Path) -> None:
        status, out, _err = cli("check", str(_hostile_story(tmp_path)), "--format", "json")
        assert status == 1
        data = json.loads(out)
        subjects = {s for f in data["findings"] for s in f["subjects"]}
        assert f"ada{ESCAPE}" in subjects


class TestSpreadsheetFormulas:
    """A CSV export never hands a spreadsheet a formula to run, and reads back the same."""

    def test_formulas_are_written_as_text(self) -> None:
        story = loads(
            "[story]\ntitle = 't'\n"
            '[[events]]\nid = \'=HYPERLINK("http://x","y")\'\n'
            "title = '+SUM(A1)'\nsummary = '@cmd'\nwhen = '-0043'\n",
            format="toml",
        )
        text = export(story, "csv")
        row = next(csv.DictReader(io.StringIO(text)))
        assert row["id"].startswith("'=")
        assert row["title"] == "'+SUM(A1)"
        assert row["summary"] == "'@cmd"
        assert row["when"] == "-0043"

    def test_round_trip(self, tmp_path: Path) -> None:
        from plotline.importers import import_story

        story = loads(
            "[story]\ntitle = 't'\n[[events]]\nid = '=e'\ntitle = '-minus'\nwhen = '-0043'\n",
            format="toml",
        )
        path = tmp_path / "events.csv"
        path.write_text(export(story, "csv"), encoding="utf-8")
        back = import_story(path, "csv").story
        assert [(e.id, e.title, str(e.when)) for e in back.events] == [("=e", "-minus", "-0043")]


class TestReportsAreWhole:
    """``check -o`` writes its report at once, and never over something that is not a file."""

    def test_output_to_a_fifo_is_refused(self, tmp_path: Path) -> None:
        story = _hostile_story(tmp_path)
        fifo = tmp_path / "report.json"
        os.mkfifo(fifo)
        status, _out, err = cli("check", str(story), "--format", "json", "-o", str(fifo))
        assert status == 2
        assert "FIFO" in err

    def test_output_replaces_the_old_report(self, tmp_path: Path) -> None:
        story = _hostile_story(tmp_path)
        target = tmp_path / "report.json"
        target.write_text("old", encoding="utf-8")
        status, _out, _err = cli("check", str(story), "--format", "json", "-o", str(target))
        assert status == 1
        assert json.loads(target.read_text(encoding="utf-8"))["findings"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.toml", "report.json"]
