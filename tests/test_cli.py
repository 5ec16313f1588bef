"""The `plotline` command: version, show, schema, fmt and exit codes."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, cli
from plotline import __version__

HERO_MASK = str(EXAMPLES / "hero-mask")


class TestBasics:
    """Version, help and usage errors."""

    def test_version(self) -> None:
        """--version prints the package version and exits 0."""
        status, out, _ = cli("--version")
        assert (status, out.strip()) == (0, f"plotline {__version__}")

    def test_no_command_is_usage_error(self) -> None:
        """Without a command plotline says what to do and exits 2."""
        status, _, err = cli()
        assert status == 2
        assert "name a command" in err

    def test_unknown_option_is_usage_error(self) -> None:
        """A bad option exits 2 with argparse's message, not a traceback."""
        status, _, err = cli("show", "--order", "sideways", HERO_MASK)
        assert status == 2
        assert "invalid choice" in err
        assert "Traceback" not in err


class TestDispatch:
    """Each command is one module of plotline._cli; plotline.cli only dispatches."""

    COMMANDS = (
        "check",
        "rules",
        "render",
        "import",
        "export",
        "show",
        "diff",
        "fmt",
        "schema",
        "lsp",
    )

    @pytest.mark.parametrize("name", COMMANDS)
    def test_command_module(self, name: str) -> None:
        """Each command's arguments and function come from its own module."""
        module_name = "import_" if name == "import" else name  # import is a keyword
        module = importlib.import_module(f"plotline._cli.{module_name}")
        parser = argparse.ArgumentParser(prog=f"plotline {name}")
        getattr(module, f"add_{name}_arguments")(parser)
        assert callable(getattr(module, f"{name}_command"))
        assert getattr(module, f"{name}_command").__module__ == module.__name__

    def test_help_lists_every_command(self) -> None:
        """``plotline --help`` names each command, in the order it always has."""
        status, out, _ = cli("--help")
        assert status == 0
        lines = out.split("  COMMAND\n", 1)[1].splitlines()[: len(self.COMMANDS)]
        assert tuple(line.split()[0] for line in lines) == self.COMMANDS


class TestShow:
    """plotline show prints the events as a table."""

    def test_telling_order(self) -> None:
        """The default order is the telling, starting with the first episode."""
        status, out, _ = cli("show", HERO_MASK)
        assert status == 0
        lines = out.splitlines()
        assert lines[0].startswith("Hero Mask: ")
        assert "telling order" in lines[0]
        assert " s1e01 " in lines[4]

    def test_story_order_puts_flashbacks_first(self) -> None:
        """In story order the first row is a flashback."""
        status, out, _ = cli("show", HERO_MASK, "--order", "story")
        assert status == 0
        assert "flashback" in out.splitlines()[4]

    def test_as_of_cuts_later_episodes(self) -> None:
        """--as-of drops what is told after that installment."""
        _, out, _ = cli("show", HERO_MASK, "--as-of", "s1e01")
        assert " s1e02 " not in out
        assert " s1e01 " in out

    def test_as_of_unknown_work(self) -> None:
        """An unknown work exits 2 with a suggestion."""
        status, _, err = cli("show", HERO_MASK, "--as-of", "s1e1")
        assert status == 2
        assert "did you mean" in err

    def test_bad_file_exits_2_with_locations(self, tmp_path: Path) -> None:
        """A file with mistakes gives every problem at file:line:col and exit 2."""
        bad = tmp_path / "bad.toml"
        bad.write_text('[[events]]\nid = "x"\nmode = "flashfoward"\nwhen = "2018-02-30"\n')
        status, _, err = cli("show", str(bad))
        assert status == 2
        assert f"{bad}:3:" in err
        assert "flashback" in err
        assert f"{bad}:4:" in err
        assert "Traceback" not in err

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file exits 2 and names it."""
        status, _, err = cli("show", str(tmp_path / "nope.toml"))
        assert status == 2
        assert "nope.toml" in err

    def test_authors_and_meta(self, tmp_path: Path) -> None:
        """The first line names the authors; the story's and each event's meta are shown."""
        path = tmp_path / "story.toml"
        path.write_text(
            '[story]\ntitle = "Lighthouse"\nauthors = ["Ada Byron", "Tom Keeper"]\n'
            'meta = { genre = "mystery", draft = true }\n\n'
            '[[works]]\nid = "e1"\n\n'
            '[[events]]\nid = "fire"\ntold_in = "e1"\n'
            'meta = { page = 12, quotes = ["It burns"], scene = { night = true } }\n'
        )
        status, out, _ = cli("show", str(path))
        assert status == 0
        lines = out.splitlines()
        assert lines[0].startswith("Lighthouse by Ada Byron and Tom Keeper: ")
        assert lines[1] == "meta: genre=mystery; draft=true"
        assert lines[3].split()[-1] == "meta"
        assert lines[5].endswith("page=12; quotes=[It burns]; scene={night=true}")

    def test_no_meta_no_column(self) -> None:
        """A story whose events carry no meta gets no meta column and no meta line."""
        _, out, _ = cli("show", HERO_MASK)
        assert "meta" not in out.splitlines()[2]
        assert not out.splitlines()[1]

    def test_releases(self) -> None:
        """--releases lists each release with title, edition, publisher, status and meta."""
        status, out, _ = cli("show", str(EXAMPLES / "harry-potter"), "--releases")
        assert status == 0
        lines = out.splitlines()
        assert lines[0].endswith(" by J. K. Rowling: 6 releases")
        header = lines[2].split()
        assert header[:3] == ["#", "id", "work"]
        assert {"title", "edition", "publisher", "status", "meta"} <= set(header)
        row = next(line for line in lines if " ps-us " in line)
        assert "Scholastic" in row
        assert "first edition" in row
        assert "released" in row
        assert "pages=309; imprint" in row

    def test_release_status_shown(self, tmp_path: Path) -> None:
        """A superseded date says so in its row."""
        path = tmp_path / "story.toml"
        path.write_text(
            '[[works]]\nid = "s1"\n\n'
            '[[releases]]\nwork = "s1"\nkind = "streaming"\ndate = "2019-12-06"\n'
            'status = "superseded"\n\n'
            '[[releases]]\nwork = "s1"\nkind = "streaming"\ndate = "2020-04-03"\n'
        )
        _, out, _ = cli("show", str(path), "--releases")
        rows = out.splitlines()[4:]
        assert rows[0].split()[-1] == "superseded"
        assert rows[1].split()[-1] == "released"


class TestSchema:
    """plotline schema prints a JSON Schema that story files satisfy."""

    def test_schema_validates_example(self) -> None:
        """The schema is valid and accepts each Hero Mask file as JSON data."""
        import tomllib

        status, out, _ = cli("schema")
        assert status == 0
        schema = json.loads(out)
        jsonschema.Draft202012Validator.check_schema(schema)
        for path in sorted(Path(HERO_MASK).glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            jsonschema.validate(data, schema)


class TestFmt:
    """plotline fmt and --check."""

    def test_check_reports_then_fmt_fixes(self, tmp_path: Path) -> None:
        """--check exits 1 on a file out of form; fmt fixes it; --check then exits 0."""
        path = tmp_path / "s.toml"
        path.write_text('[[works]]\nkind = "episode"\nid = "e1"\n', encoding="utf-8")
        assert cli("fmt", "--check", str(path))[0] == 1
        assert cli("fmt", str(path))[0] == 0
        status, out, _ = cli("fmt", "--check", str(path))
        assert status == 0
        assert "0 file(s) would be reformatted" in out

    def test_directory_is_refused(self, tmp_path: Path) -> None:
        """fmt names files, not folders."""
        status, _, err = cli("fmt", str(tmp_path))
        assert status == 2
        assert "directory" in err


class TestLimits:
    """--max-file-size and --max-depth override the loader's limits for one command."""

    def test_max_file_size(self, tmp_path: Path) -> None:
        """A file over the limit is refused with exit 2; the limit is restored afterwards."""
        import os

        path = tmp_path / "s.toml"
        path.write_text('[story]\ntitle = "a story of some length"\n', encoding="utf-8")
        status, _, err = cli("--max-file-size", "10", "show", str(path))
        assert status == 2
        assert str(path) in err
        assert "PLOTLINE_MAX_FILE_SIZE" not in os.environ
        assert cli("show", str(path))[0] == 0

    def test_max_depth(self, tmp_path: Path) -> None:
        """Nesting beyond --max-depth is refused at its place."""
        path = tmp_path / "s.json"
        path.write_text('{"story": {"title": "x"}, "x-deep": [[[[[1]]]]]}', encoding="utf-8")
        assert cli("show", str(path))[0] == 0
        status, _, err = cli("--max-depth", "3", "show", str(path))
        assert status == 2
        assert f"{path}:1:" in err
