"""The one atomic writer: links written through, non-regular files refused, no lost edits."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from plotline._atomic import atomic_write, writable_target
from plotline.exceptions import PlotlineError, WriteError


class TestTargets:
    """Only regular files are replaced; links lead to their targets."""

    def test_symlink_is_written_through(self, tmp_path: Path) -> None:
        real = tmp_path / "real.toml"
        real.write_text("old\n")
        link = tmp_path / "link.toml"
        link.symlink_to(real.name)
        atomic_write(link, "new\n")
        assert link.is_symlink()
        assert real.read_text() == "new\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["link.toml", "real.toml"]

    def test_dangling_symlink_creates_its_target(self, tmp_path: Path) -> None:
        link = tmp_path / "link.toml"
        link.symlink_to("missing.toml")
        atomic_write(link, "x\n")
        assert link.is_symlink()
        assert (tmp_path / "missing.toml").read_text() == "x\n"

    def test_fifo_is_refused(self, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe.svg"
        os.mkfifo(fifo)
        with pytest.raises(WriteError, match=r"pipe\.svg: cannot write here: it is a FIFO"):
            atomic_write(fifo, "x")
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.svg"]

    @pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
    def test_device_is_never_replaced(self) -> None:
        with pytest.raises(WriteError, match="character device"):
            atomic_write("/dev/null", "x")
        assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)

    def test_folder_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(WriteError, match="it is a folder"):
            writable_target(tmp_path)

    def test_link_loop_is_named(self, tmp_path: Path) -> None:
        a, b = tmp_path / "a.toml", tmp_path / "b.toml"
        a.symlink_to(b.name)
        b.symlink_to(a.name)
        with pytest.raises(WriteError, match=r"a\.toml: cannot write here: .*(loop|levels)"):
            atomic_write(a, "x")

    def test_error_is_a_plotline_error_and_an_os_error(self) -> None:
        error = WriteError("x", "why")
        assert isinstance(error, PlotlineError)
        assert isinstance(error, OSError)
        assert str(error) == "x: why"


class TestConcurrentEdits:
    """A file changed between reading and writing is left as the other writer left it."""

    def test_unchanged_file_is_replaced(self, tmp_path: Path) -> None:
        path = tmp_path / "story.toml"
        path.write_bytes(b"old\n")
        atomic_write(path, "new\n", expected=b"old\n")
        assert path.read_text() == "new\n"

    def test_changed_file_is_kept(self, tmp_path: Path) -> None:
        path = tmp_path / "story.toml"
        path.write_bytes(b"edited meanwhile\n")
        with pytest.raises(WriteError, match="changed while plotline worked on it"):
            atomic_write(path, "formatted\n", expected=b"old\n")
        assert path.read_bytes() == b"edited meanwhile\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["story.toml"]


class TestFmtKeepsConcurrentEdits:
    """`plotline fmt` never overwrites an edit saved while it was formatting."""

    def test_edit_saved_meanwhile_is_kept(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from plotline._io import _canonical

        path = tmp_path / "story.toml"
        path.write_text('[story]\ntitle    =   "x"\n', encoding="utf-8")
        original = _canonical.format_text

        def format_while_someone_saves(text: str, **options: object) -> str:
            result = original(text, **options)  # type: ignore[arg-type]
            path.write_text('[story]\ntitle = "saved meanwhile"\n', encoding="utf-8")
            return result

        monkeypatch.setattr(_canonical, "format_text", format_while_someone_saves)
        with pytest.raises(WriteError, match="changed while plotline worked on it"):
            _canonical.format_file(path)
        assert path.read_text(encoding="utf-8") == '[story]\ntitle = "saved meanwhile"\n'

    def test_fmt_through_a_symlink_keeps_the_link(self, tmp_path: Path) -> None:
        from plotline._io._canonical import format_file

        real = tmp_path / "real.toml"
        real.write_text('[story]\ntitle    =   "x"\n', encoding="utf-8")
        link = tmp_path / "link.toml"
        link.symlink_to(real.name)
        assert format_file(link) is True
        assert link.is_symlink()
        assert real.read_text(encoding="utf-8") == '[story]\ntitle = "x"\n'
