"""``plotline check --watch``: the loop over batches of changes, and a real watcher process."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import cli

STORY = """\
[[works]]
id = "e1"
number = 1

[[works]]
id = "e2"
number = 2

[[entities]]
id = "sam"

[[events]]
id = "shot"
told_in = "e1"
participants = { sam = "dies" }

[[events]]
id = "vault"
told_in = "e2"
participants = { sam = "ghost" }
"""
BROKEN = STORY.replace('sam = "ghost"', 'sam = "present"')


class TestLoop:
    def test_first_the_report_then_only_what_changed(self, tmp_path: Path) -> None:
        from plotline._cli._watch import watch_loop

        story = tmp_path / "story.toml"
        story.write_text(STORY, encoding="utf-8")
        out = io.StringIO()

        def changes():  # type: ignore[no-untyped-def]
            story.write_text(BROKEN, encoding="utf-8")
            yield {str(story)}
            yield {str(tmp_path / "elsewhere" / "notes.txt")}  # not the story's: no run
            story.write_text(STORY, encoding="utf-8")
            yield {str(story)}

        assert watch_loop([str(story)], changes(), out) == 0
        lines = out.getvalue().splitlines()
        assert lines[0].endswith(f"{story}: clean")
        assert lines[1].endswith(f"{story}: 1 finding (1 error)")
        assert lines[2].startswith(f"  + {story}:20:1: PL301 error: ")
        assert lines[3].endswith(f"{story}: clean")
        assert lines[4].startswith(f"  - {story}:20:1: PL301 error: ")
        assert len(lines) == 5

    def test_a_save_that_does_not_load(self, tmp_path: Path) -> None:
        from plotline._cli._watch import watch_loop

        story = tmp_path / "story.toml"
        story.write_text(BROKEN, encoding="utf-8")
        out = io.StringIO()

        def changes():  # type: ignore[no-untyped-def]
            story.write_text(STORY + 'mode = "flash', encoding="utf-8")
            yield {str(story)}

        watch_loop([str(story)], changes(), out)
        text = out.getvalue()
        assert "PL301 error" in text.split("\n[", 1)[0]  # the first, whole report
        assert "does not load (1 problem)" in text
        assert f"{story}:21:14: invalid TOML" in text

    def test_select_and_ignore_apply(self, tmp_path: Path) -> None:
        from plotline._cli._watch import watch_loop

        story = tmp_path / "story.toml"
        story.write_text(BROKEN, encoding="utf-8")
        out = io.StringIO()
        watch_loop([str(story)], [], out, ignore=["PL3"])
        assert out.getvalue().rstrip().endswith(": clean")


class TestCommand:
    def test_refuses_a_report_file(self, tmp_path: Path) -> None:
        story = tmp_path / "story.toml"
        story.write_text(STORY, encoding="utf-8")
        status, _, err = cli("check", "--watch", "-o", str(tmp_path / "r.json"), str(story))
        assert status == 2
        assert "--watch writes text to the terminal" in err

    def test_a_missing_path(self, tmp_path: Path) -> None:
        status, _, err = cli("check", "--watch", str(tmp_path / "nothing.toml"))
        assert status == 2
        assert "no such file or folder" in err

    @pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is how a terminal stops it")
    def test_a_real_watcher_sees_a_save_and_stops_on_ctrl_c(self, tmp_path: Path) -> None:
        pytest.importorskip("watchfiles")
        story = tmp_path / "story.toml"
        story.write_text(STORY, encoding="utf-8")
        code = "import sys; from plotline.cli import main; raise SystemExit(main(sys.argv[1:]))"
        process = subprocess.Popen(
            [sys.executable, "-u", "-c", code, "check", "--watch", str(story)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert process.stdout is not None
        try:
            assert process.stdout.readline().startswith("watching ")
            assert process.stdout.readline().rstrip().endswith(": clean")
            time.sleep(0.5)  # the watcher is set up once the first run is printed
            story.write_text(BROKEN, encoding="utf-8")
            deadline = time.monotonic() + 30
            seen = ""
            while "PL301" not in seen and time.monotonic() < deadline:
                seen += process.stdout.readline()
            assert "  + " in seen
            assert "PL301 error" in seen
        finally:
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert out.rstrip().endswith("stopped")
        assert "Traceback" not in err
