"""Tests for writing diagrams (plotline._render._output) and ``plotline render``."""

from __future__ import annotations

import argparse
import io
import os
import re
import stat
import struct
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import graphviz
import pytest

from plotline._cli.render import add_render_arguments, render_command
from plotline._model import Entity, Event, Story, Thread, Work
from plotline._render import RenderError, render, write
from plotline._render._output import image
from plotline.exceptions import ExecutableNotFoundError, PlotlineError, UnknownOutputFormatError

if TYPE_CHECKING:
    from pathlib import Path

STORY_TOML = """\
[story]
title = "Two Nights"

[[works]]
id = "e1"
kind = "episode"
number = 1

[[works]]
id = "e2"
kind = "episode"
number = 2

[[entities]]
id = "ada"
name = "Ada"

[[entities]]
id = "ben"
name = "Ben"

[[threads]]
id = "heist"
title = "The heist"

[[threads]]
id = "love"
title = "Ada and Ben"

[[events]]
id = "plan"
title = "Ada plans the heist"
told_in = "e1"
order = 1
threads = ["heist"]
participants = { ada = "present" }

[[events]]
id = "meet"
title = "Ada meets Ben"
told_in = "e1"
order = 2
threads = ["heist", "love"]
participants = { ada = "present", ben = "present" }

[[events]]
id = "fall"
title = "Ben falls"
told_in = "e2"
order = 1
threads = ["heist"]
participants = { ben = "dies" }

[[events]]
id = "after"
title = "Ben at the window"
told_in = "e2"
order = 2
threads = ["love"]
participants = { ben = "present", ada = "present" }
"""


def tiny() -> Story:
    """A story of two events."""
    return Story(
        title="Tiny",
        works=[Work("e1", kind="episode", number=1)],
        entities=[Entity("ada", name="Ada")],
        threads=[Thread("quest", title="The quest")],
        events=[
            Event(
                "a", title="Start", told_in="e1", threads=["quest"], participants={"ada": "present"}
            ),
            Event("b", title="End", told_in="e1", threads=["quest"], participants={"ada": "dies"}),
        ],
    )


@pytest.fixture
def no_graphviz(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH on which there is no Graphviz."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.fixture
def story_file(tmp_path: Path) -> Path:
    """A story file on disk."""
    path = tmp_path / "two-nights.toml"
    path.write_text(STORY_TOML, encoding="utf-8")
    return path


class TestWrite:
    """write(): formats, atomic replacement, Graphviz missing."""

    def test_dot_without_graphviz(self, tmp_path: Path, no_graphviz: None) -> None:
        """.dot and .gv output is the DOT source and needs no Graphviz."""
        graph = render(tiny())
        for name in ("out.dot", "out.gv"):
            path = write(graph, tmp_path / name)
            assert path.read_text(encoding="utf-8") == graph.source

    def test_image_without_graphviz(self, tmp_path: Path, no_graphviz: None) -> None:
        """Image output without Graphviz raises ExecutableNotFoundError saying how to install."""
        with pytest.raises(ExecutableNotFoundError, match="install Graphviz") as caught:
            write(render(tiny()), tmp_path / "out.svg")
        assert isinstance(caught.value, PlotlineError)
        assert isinstance(caught.value, FileNotFoundError)
        assert not list(tmp_path.glob("*.svg*"))

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """A suffix that names no format is a ValueError, unless a format is given."""
        with pytest.raises(ValueError, match="cannot tell the format"):
            write(render(tiny()), tmp_path / "out.txt")
        write(render(tiny()), tmp_path / "out.txt", format="dot")
        assert "graph plotline {" in (tmp_path / "out.txt").read_text(encoding="utf-8")

    def test_unknown_suffix_suggests(self, tmp_path: Path) -> None:
        """A near miss of a suffix raises UnknownOutputFormatError, which suggests the closest."""
        with pytest.raises(UnknownOutputFormatError, match=r"\(did you mean '\.svg'\?\)") as caught:
            write(render(tiny()), tmp_path / "out.svgz")
        assert isinstance(caught.value, PlotlineError)
        assert isinstance(caught.value, ValueError)
        assert caught.value.name == ".svgz"
        assert not list(tmp_path.iterdir())

    def test_unknown_format(self, tmp_path: Path) -> None:
        """A format that names nothing writable is an UnknownOutputFormatError, with a hint."""
        with pytest.raises(UnknownOutputFormatError, match=r"'pgn' \(did you mean 'png'\?\)"):
            write(render(tiny()), tmp_path / "out.txt", format="pgn")
        assert not list(tmp_path.iterdir())

    def test_unknown_image_format(self) -> None:
        """image() draws only images: DOT is not one, and the message lists those it draws."""
        with pytest.raises(UnknownOutputFormatError, match="choose one of pdf, png, svg"):
            image(render(tiny()), "dot")

    def test_failure_keeps_the_old_file(self, tmp_path: Path) -> None:
        """When drawing fails, the file that was there stays, and no temporary file is left."""
        target = tmp_path / "out.svg"
        target.write_text("old", encoding="utf-8")
        broken = graphviz.Source("graph { a -- }")
        with pytest.raises(RenderError, match="Graphviz could not draw"):
            write(broken, target)
        assert target.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["out.svg"]

    def test_interrupted_write_leaves_no_half_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If the final rename fails, the target is untouched and the temporary file removed."""
        target = tmp_path / "out.dot"
        target.write_text("old", encoding="utf-8")

        def fail(*args: Any) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(OSError, match="disk full"):
            write(render(tiny()), target)
        assert target.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["out.dot"]

    def test_replaces_and_keeps_permissions(self, tmp_path: Path) -> None:
        """An existing file is replaced whole and keeps its permission bits."""
        target = tmp_path / "out.dot"
        target.write_text("old", encoding="utf-8")
        target.chmod(0o640)
        write(render(tiny()), target)
        assert target.read_text(encoding="utf-8").startswith("// plotline storyline")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640

    def test_new_file_is_readable(self, tmp_path: Path) -> None:
        """A new file gets the usual permissions, not a temporary file's 0600."""
        path = write(render(tiny()), tmp_path / "new.dot")
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask

    @pytest.mark.exe
    @pytest.mark.parametrize(
        ("suffix", "magic"), [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")]
    )
    def test_images(self, tmp_path: Path, suffix: str, magic: bytes) -> None:
        """SVG, PNG and PDF come from the suffix, each a picture of the graph's size."""
        graph = render(tiny())
        path = write(graph, tmp_path / f"out{suffix}")
        data = path.read_bytes()
        assert data.startswith(magic)
        width, height = svg_size(image(graph, "svg"))
        if suffix == ".png":
            assert near(png_size(data), (width * 4 / 3, height * 4 / 3))
        elif suffix == ".pdf":
            box = re.search(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", data)
            assert box is not None
            # cairo's PDF page is the drawing with a half-inch margin all round
            assert near((float(box[1]), float(box[2])), (width + 72, height + 72))
        else:
            assert svg_size(data) == (width, height)


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height in pixels a PNG's header gives."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_size(data: bytes) -> tuple[int, int]:
    """The width and height in points of an SVG drawing."""
    root = ET.fromstring(data)
    return int(root.get("width", "").removesuffix("pt")), int(
        root.get("height", "").removesuffix("pt")
    )


def near(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    """Whether two picture sizes agree to within the rounding of points to pixels."""
    return all(abs(a - b) <= 2 for a, b in zip(size, expected, strict=True))


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run ``plotline render`` through the real command line; return status and streams."""
    from plotline.cli import run

    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(["render", *argv], stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


class TestCommand:
    """plotline render FILE --view V -o OUT."""

    def test_dot_to_stdout(self, story_file: Path, no_graphviz: None) -> None:
        """Without -o the DOT source goes to stdout; no Graphviz needed."""
        status, out, err = run_cli(str(story_file))
        assert status == 0, err
        assert out.startswith("// plotline storyline")
        assert "\ngraph plotline {\n" in out
        assert "The heist" in out

    @pytest.mark.exe
    @pytest.mark.parametrize("view", ["storyline", "chronology", "cast", "releases"])
    def test_svg_file(self, story_file: Path, tmp_path: Path, view: str) -> None:
        """Each view is written to the file -o names, and the command says so."""
        out_path = tmp_path / f"{view}.svg"
        status, out, err = run_cli(str(story_file), "--view", view, "-o", str(out_path))
        assert status == 0, err
        assert out == f"wrote {out_path} ({view})\n"
        ET.fromstring(out_path.read_bytes())

    @pytest.mark.exe
    def test_options(self, story_file: Path, tmp_path: Path) -> None:
        """Limits, theme and format options are passed on."""
        out_path = tmp_path / "picture"
        status, _, err = run_cli(
            str(story_file),
            "-o",
            str(out_path),
            "--format",
            "png",
            "--threads",
            "heist",
            "--entities",
            "ada,ben",
            "--works",
            "e1,e2",
            "--as-of",
            "e2",
            "--theme",
            "dark",
            "--no-check",
        )
        assert status == 0, err
        assert out_path.read_bytes().startswith(b"\x89PNG")
        # The same options drawn as SVG: the PNG is that picture, and it shows what they keep.
        svg_path = tmp_path / "picture.svg"
        options = ["--threads", "heist", "--entities", "ada,ben", "--works", "e1,e2"]
        options += ["--as-of", "e2", "--theme", "dark", "--no-check"]
        status, _, err = run_cli(str(story_file), "-o", str(svg_path), *options)
        assert status == 0, err
        drawn = svg_path.read_bytes()
        width, height = svg_size(drawn)
        assert near(png_size(out_path.read_bytes()), (width * 4 / 3, height * 4 / 3))
        shown = drawn.decode()
        assert "The heist" in shown
        assert "Ada plans the heist" in shown
        assert "Ben at the window" not in shown  # on the other thread only
        assert "#1b1d23" in shown  # the dark theme's background

    def test_findings_are_marked(self, story_file: Path) -> None:
        """The checker runs, and its findings are drawn (Ben acts after he dies: PL301)."""
        status, out, _ = run_cli(str(story_file), "--format", "dot")
        assert status == 0
        assert "PL301" in out
        status, out, _ = run_cli(str(story_file), "--no-check")
        assert "PL301" not in out

    def test_image_without_graphviz(
        self, story_file: Path, tmp_path: Path, no_graphviz: None
    ) -> None:
        """An image without Graphviz exits 2 with how to install it."""
        status, _, err = run_cli(str(story_file), "-o", str(tmp_path / "out.svg"))
        assert status == 2
        assert "install Graphviz" in err
        assert "Traceback" not in err

    def test_bad_story(self, tmp_path: Path) -> None:
        """A story that does not load exits 2 with file:line:col lines."""
        bad = tmp_path / "bad.toml"
        bad.write_text('[[events]]\nid = "a"\ntold_in = 3\n', encoding="utf-8")
        status, out, err = run_cli(str(bad), "-o", str(tmp_path / "out.svg"))
        assert status == 2
        assert out == ""
        assert f"{bad}:" in err
        assert not (tmp_path / "out.svg").exists()

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist exits 2."""
        status, _, err = run_cli(str(tmp_path / "nope.toml"))
        assert status == 2
        assert "nope.toml" in err

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--threads", "heits"], "unknown thread 'heits' (did you mean 'heist'?)"),
            (["--entities", "zed"], "unknown entity 'zed'"),
            (["--as-of", "e9"], "unknown work 'e9'"),
            (["--format", "png"], "png is not text; write it to a file with -o FILE"),
            (["-o", "out.jpeg"], "cannot tell the format from the suffix '.jpeg'"),
        ],
    )
    def test_usage_errors(self, story_file: Path, args: list[str], message: str) -> None:
        """Bad ids and formats exit 2 with a one-line message."""
        status, _, err = run_cli(str(story_file), *args)
        assert status == 2
        assert message in err
        assert "Traceback" not in err

    def test_unknown_view(self, story_file: Path) -> None:
        """An unknown view is a usage error from argparse."""
        status, _, err = run_cli(str(story_file), "--view", "timeline")
        assert status == 2
        assert "invalid choice" in err

    def test_command_alone(self, story_file: Path) -> None:
        """render_command works with any parser that has the render arguments."""
        parser = argparse.ArgumentParser()
        add_render_arguments(parser)
        args = parser.parse_args([str(story_file), "--view", "cast"])
        stdout, stderr = io.StringIO(), io.StringIO()
        assert render_command(args, stdout, stderr) == 0
        assert "Two Nights: cast" in stdout.getvalue()
