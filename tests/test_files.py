"""Files in and files out: only regular files read, never past the limit, inputs never overwritten.

What a story file, an imported file or a ``pyproject.toml`` can be instead of
what it should be (a FIFO, a device, a link loop, Latin-1 text, a huge file),
and what an output can name instead of a new file (the input itself), each
ends in a located message and exit status 2, never a hang, a traceback or a
lost file. Inputs that could hang run in a subprocess with a timeout.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import cli, cli_process
from plotline import load
from plotline._atomic import atomic_write
from plotline._io._limits import read_limited
from plotline.exceptions import LoadError, Problem, WriteError

STORY = '[story]\ntitle = "Files"\n\n[[events]]\nid = "a"\nwhen = "2020-01"\n'
CSV = "id,title,when\na,The start,2020-01\n"


def refused(result: tuple[int, str, str], *fragments: str) -> str:
    """Assert exit 2 without a traceback, with each fragment on stderr; return stderr."""
    status, out, err = result
    assert "Traceback" not in out + err
    assert status == 2, out + err
    for fragment in fragments:
        assert fragment in err, err
    return err


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")


class TestNotRegularFiles:
    """A FIFO, a device or a link loop is refused at its name, before anything reads it."""

    @needs_fifo
    @pytest.mark.parametrize("command", ["check", "show", "fmt", "render", "export"])
    def test_fifo_story_is_refused_without_waiting(self, command: str, tmp_path: Path) -> None:
        """Reading a FIFO waited for a writer forever; now it is 'not a regular file'."""
        fifo = tmp_path / "pipe.toml"
        os.mkfifo(fifo)
        extra = ["--to", "csv"] if command == "export" else []
        refused(
            cli_process(command, str(fifo), *extra),
            f"{fifo}:1:1: not a regular file: it is a FIFO",
        )

    @needs_dev_zero
    def test_link_to_dev_zero_is_refused(self, tmp_path: Path) -> None:
        """fstat says a device holds 0 bytes: the reader used to grow without end."""
        link = tmp_path / "zero.toml"
        link.symlink_to("/dev/zero")
        refused(
            cli_process("--max-file-size", "1000", "check", str(link)),
            f"{link}:1:1: not a regular file: it is a character device",
        )

    @needs_dev_zero
    def test_fmt_of_a_device_is_refused(self, tmp_path: Path) -> None:
        """fmt reads through the same reader as load."""
        link = tmp_path / "zero.toml"
        link.symlink_to("/dev/zero")
        refused(cli_process("fmt", str(link)), "not a regular file: it is a character device")
        assert link.is_symlink()

    @needs_fifo
    def test_fifo_in_a_story_folder_is_refused(self, tmp_path: Path) -> None:
        """A FIFO named like a story file in a folder is a problem of that folder's story."""
        (tmp_path / "a.toml").write_text(STORY, encoding="utf-8")
        os.mkfifo(tmp_path / "b.toml")
        refused(cli_process("check", str(tmp_path)), "b.toml:1:1: not a regular file")

    def test_link_loop_is_named_a_loop(self, tmp_path: Path) -> None:
        """A loop of links was reported as 'no such file'."""
        first, second = tmp_path / "a.toml", tmp_path / "b.toml"
        first.symlink_to(second.name)
        second.symlink_to(first.name)
        for command in ("check", "show", "fmt"):
            err = refused(cli(command, str(first)), f"{first}:1:1: the path is a loop of symbolic")
            assert "no such file" not in err

    def test_missing_file_is_still_no_such_file(self, tmp_path: Path) -> None:
        """A path that names nothing keeps its plain message."""
        refused(cli("check", str(tmp_path / "none.toml")), "none.toml: no such file")

    def test_read_limited_refuses_a_fifo_before_opening_it(self, tmp_path: Path) -> None:
        """The library reader itself: a problem at the file, no wait."""
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        problem = read_limited(str(fifo))
        assert isinstance(problem, Problem)
        assert problem.message == "not a regular file: it is a FIFO (a named pipe)"

    def test_load_raises_a_load_error(self, tmp_path: Path) -> None:
        """The library call gives a LoadError, as for any bad input."""
        folder = tmp_path / "s.toml"
        folder.mkdir()
        (folder / "inner.toml").symlink_to("inner.toml")
        with pytest.raises(LoadError, match="loop of symbolic links"):
            load(folder)


class TestSizeLimit:
    """Never more than the limit plus one byte is read, by every command that reads a file."""

    @pytest.mark.skipif(
        not Path("/proc/self/status").exists(), reason="needs a file that outgrows its size"
    )
    def test_file_that_outgrows_its_size_is_cut_off(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """/proc files say they hold 0 bytes and then give more: reading stops past the limit."""
        monkeypatch.setenv("PLOTLINE_MAX_FILE_SIZE", "10")
        problem = read_limited("/proc/self/status")
        assert isinstance(problem, Problem)
        assert "grew past the limit of 10 bytes" in problem.message

    def test_at_the_limit_is_read(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file exactly as large as the limit is read whole."""
        path = tmp_path / "s.toml"
        path.write_text(STORY, encoding="utf-8")
        monkeypatch.setenv("PLOTLINE_MAX_FILE_SIZE", str(len(STORY)))
        assert read_limited(str(path)) == STORY.encode()
        monkeypatch.setenv("PLOTLINE_MAX_FILE_SIZE", str(len(STORY) - 1))
        assert isinstance(read_limited(str(path)), Problem)

    def test_fmt_honours_max_file_size(self, tmp_path: Path) -> None:
        """fmt read any file whole, whatever --max-file-size said."""
        path = tmp_path / "s.toml"
        path.write_text(STORY + "\n\n", encoding="utf-8")  # not canonical: fmt would rewrite
        refused(
            cli("--max-file-size", "20", "fmt", str(path)), f"{path}:1:1: the file is too large"
        )
        assert path.read_text(encoding="utf-8") == STORY + "\n\n"

    def test_fmt_honours_the_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """PLOTLINE_MAX_FILE_SIZE limits fmt as it limits check."""
        path = tmp_path / "s.toml"
        path.write_text(STORY, encoding="utf-8")
        monkeypatch.setenv("PLOTLINE_MAX_FILE_SIZE", "20")
        refused(cli("fmt", "--check", str(path)), "the file is too large")

    def test_import_honours_max_file_size(self, tmp_path: Path) -> None:
        """import read any file whole, whatever --max-file-size said."""
        path = tmp_path / "events.csv"
        path.write_text(CSV, encoding="utf-8")
        out = tmp_path / "story.toml"
        refused(
            cli("--max-file-size", "10", "import", str(path), "-o", str(out)),
            f"{path}:1:1: the file is too large",
            "nothing was written",
        )
        assert not out.exists()
        assert cli("import", str(path), "-o", str(out))[0] == 0

    def test_import_of_sgb_honours_max_file_size(self, tmp_path: Path) -> None:
        """SGB files are read as bytes, and limited all the same."""
        path = tmp_path / "jean.dat"
        path.write_bytes(b"* a file far larger than ten bytes\n" * 4)
        refused(cli("--max-file-size", "10", "import", str(path)), "the file is too large")

    @needs_fifo
    def test_import_of_a_fifo_is_refused(self, tmp_path: Path) -> None:
        """An importer opened a FIFO and waited forever."""
        fifo = tmp_path / "events.csv"
        os.mkfifo(fifo)
        refused(cli_process("import", str(fifo)), f"{fifo}:1:1: not a regular file")


class TestNotUtf8:
    """Text that is not UTF-8, wherever it is read, is a located message, never a traceback."""

    def test_fmt_latin1_story(self, tmp_path: Path) -> None:
        """fmt died with UnicodeDecodeError; now the bad byte is found and the file kept."""
        path = tmp_path / "latin1.toml"
        data = b'[story]\ntitle = "caf\xe9"\n'
        path.write_bytes(data)
        refused(
            cli("fmt", str(path)),
            f"{path}:2:13: the file is not UTF-8 text",
            "re-save it as UTF-8",
        )
        assert path.read_bytes() == data

    @pytest.mark.parametrize(
        ("name", "data", "where"),
        [
            ("events.csv", b"id,title,when\na,caf\xe9,2020\n", ":2:6:"),
            ("story.pltr", b'{"series": {"name": "caf\xe9"}}', ":1:25:"),
            ("story.json", b'{"title": "\xff"}', ":1:12:"),
        ],
    )
    def test_import_latin1(self, name: str, data: bytes, where: str, tmp_path: Path) -> None:
        """Every text importer died with UnicodeDecodeError; now it is refused at the byte."""
        path = tmp_path / name
        path.write_bytes(data)
        extra = ["--from", "istoryline"] if name.endswith(".json") else []
        refused(
            cli("import", str(path), *extra),
            f"{path}{where} the file is not UTF-8 text",
            "nothing was written",
        )


class TestProjectConfig:
    """A broken pyproject.toml names itself and what is wrong with it."""

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            (
                b'[tool.plotline]\nselect = ["caf\xe9"]\n',
                "pyproject.toml:2:15: the file is not UTF-8",
            ),
            (b"tool = 1\n", "pyproject.toml: 'tool' must be a table"),
            (b"[tool]\nplotline = 3\n", "pyproject.toml: [tool.plotline] must be a table, not 3"),
            (b"[tool.plotline\n", "pyproject.toml: not valid TOML"),
        ],
    )
    @pytest.mark.parametrize("command", ["check", "render"])
    def test_broken_pyproject(
        self, command: str, text: bytes, fragment: str, tmp_path: Path
    ) -> None:
        """Each ended in a traceback (UnicodeDecodeError, AttributeError) before."""
        (tmp_path / "pyproject.toml").write_bytes(text)
        story = tmp_path / "s.toml"
        story.write_text(STORY, encoding="utf-8")
        refused(cli(command, str(story)), fragment)


class TestOutputIsNotTheInput:
    """An output that names an input file, however spelled, is refused and nothing is written."""

    @pytest.fixture
    def story(self, tmp_path: Path) -> Path:
        path = tmp_path / "story.toml"
        path.write_text(STORY, encoding="utf-8")
        return path

    @pytest.mark.parametrize(
        "argv",
        [
            ["render", "{input}", "-o", "{output}", "--format", "dot"],
            ["export", "{input}", "--to", "json", "-o", "{output}"],
            ["check", "{input}", "--format", "json", "-o", "{output}"],
        ],
        ids=["render", "export", "check"],
    )
    @pytest.mark.parametrize("spelling", ["same", "dotted", "link", "absolute"])
    def test_refused(self, argv: list[str], spelling: str, story: Path) -> None:
        """``render story.toml -o story.toml`` overwrote the story with a picture."""
        folder = story.parent
        output = {
            "same": str(story),
            "dotted": str(folder / "." / ".." / folder.name / story.name),
            "link": str(folder / "link.toml"),
            "absolute": str(story.resolve()),
        }[spelling]
        if spelling == "link":
            (folder / "link.toml").symlink_to(story.name)
        before = listing(folder)
        args = [part.format(input=story, output=output) for part in argv]
        refused(cli(*args), "the output would replace the input file", "nothing was written")
        assert story.read_text(encoding="utf-8") == STORY
        assert listing(folder) == before

    def test_import_onto_its_own_input(self, tmp_path: Path) -> None:
        """``import story.csv -o`` a link to the CSV is refused too."""
        csv = tmp_path / "events.csv"
        csv.write_text(CSV, encoding="utf-8")
        (tmp_path / "story.toml").symlink_to(csv.name)
        refused(
            cli("import", str(csv), "-o", str(tmp_path / "story.toml")),
            "the output would replace the input file (the same file as",
        )
        assert csv.read_text(encoding="utf-8") == CSV

    def test_output_inside_an_input_folder(self, story: Path) -> None:
        """A folder input stands for its files: overwriting one of them is refused."""
        refused(
            cli("render", str(story.parent), "-o", str(story), "--format", "dot"),
            "the output would replace the input file",
        )

    def test_other_outputs_are_written(self, story: Path) -> None:
        """Another file, even beside the input, is written as before."""
        out = story.parent / "story.dot"
        assert cli("render", str(story), "-o", str(out), "--format", "dot")[0] == 0
        assert out.read_text(encoding="utf-8").startswith("// plotline")


class TestMessages:
    """Messages that say what really happened."""

    def test_fraction_of_a_second_is_not_a_year(self, tmp_path: Path) -> None:
        """Ten digits of fraction were reported as 'years beyond ±999999999'."""
        path = tmp_path / "s.toml"
        path.write_text('[[events]]\nid = "a"\nwhen = "2020-01-01T00:00:00.1234567890"\n')
        err = refused(cli("check", str(path)), "fractions of a second are not supported")
        assert "years beyond" not in err
        assert "write '2020-01-01T00:00:00'" in err

    def test_ten_digit_year_is_still_a_year(self, tmp_path: Path) -> None:
        """The year message stays for a year of ten digits."""
        path = tmp_path / "s.toml"
        path.write_text('[[events]]\nid = "a"\nwhen = "1234567890-01"\n')
        refused(cli("check", str(path)), "years beyond ±999999999 are not supported")

    @pytest.mark.parametrize("value", ["0", "-1", "ten"])
    @pytest.mark.parametrize("option", ["--max-depth", "--max-file-size"])
    def test_limit_of_zero_is_a_usage_error(self, option: str, value: str, tmp_path: Path) -> None:
        """``--max-depth 0`` was silently ignored (the default applied)."""
        path = tmp_path / "s.toml"
        path.write_text(STORY, encoding="utf-8")
        refused(
            cli(option, value, "check", str(path)),
            f"argument {option}: {value!r} is not a limit: give a whole number of at least 1",
        )

    def test_full_disk_names_the_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ENOSPC came out as 'No space left on device', without saying which file."""
        story = tmp_path / "s.toml"
        story.write_text(STORY, encoding="utf-8")
        out = tmp_path / "out.dot"

        def full(handle: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
        for argv in (
            ["render", str(story), "-o", str(out), "--format", "dot"],
            ["export", str(story), "--to", "json", "-o", str(out)],
            ["check", str(story), "-o", str(out)],
        ):
            err = refused(cli(*argv), f"{out}: could not write it: no space left on device")
            assert f"{out}: {out}" not in err
        assert listing(tmp_path) == ["s.toml"]

    def test_full_disk_error_keeps_its_errno(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The WriteError says the file and keeps the system's errno for callers."""

        def full(handle: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(WriteError) as caught:
            atomic_write(tmp_path / "x.toml", "x")
        assert caught.value.errno == errno.ENOSPC
        assert str(caught.value).startswith(f"{tmp_path / 'x.toml'}: could not write it")

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("events:\n  - id: a\n    when: 1:30\n", "'1:30' is not a date"),
            ("events:\n  - id: a\n    when: 1:30:00.5\n", "'1:30:00.5' is not a date"),
        ],
    )
    def test_yaml_base_60_is_not_a_number(self, text: str, fragment: str, tmp_path: Path) -> None:
        """YAML 1.1 read ``1:30`` as 90: the event was dated to the year 90 without a word."""
        path = tmp_path / "s.yaml"
        path.write_text(text, encoding="utf-8")
        refused(cli("check", str(path)), f"{path}:3:", fragment)

    def test_yaml_base_60_title_is_its_text(self, tmp_path: Path) -> None:
        """A title written ``1:30`` is the text 1:30."""
        from plotline import loads

        story = loads("events:\n  - id: a\n    title: 1:30\n    summary: -1:00\n", format="yaml")
        assert (story.events[0].title, story.events[0].summary) == ("1:30", "-1:00")
