"""No data loss: a write killed at any moment leaves the old file or the new one, whole."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plotline._io._canonical import format_text
from plotline.exceptions import FormatError

WRITER = """
import sys
from plotline._atomic import atomic_write
target, size = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    atomic_write(target, (str(n % 10) * size))
"""


class TestKilledWrites:
    """SIGKILL mid-write never leaves a partial file under the target name."""

    @pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
    def test_kill_during_atomic_write(self, tmp_path: Path) -> None:
        """Ten kills at random moments: the target is always one complete version."""
        target = tmp_path / "story.toml"
        size = 4 * 1024 * 1024
        target.write_text("0" * size, encoding="utf-8")
        rng = random.Random(1234)
        for _ in range(10):
            with subprocess.Popen(
                [sys.executable, "-c", WRITER, str(target), str(size)],
                stdout=subprocess.PIPE,
                text=True,
            ) as proc:
                assert proc.stdout is not None
                assert proc.stdout.readline().strip() == "ready"
                time.sleep(rng.uniform(0.0, 0.3))  # a random moment, not a timed assertion
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
            data = target.read_bytes()
            assert len(data) == size
            assert data == data[:1] * size
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != target.name]
        assert all(name.startswith(".story.toml.") and name.endswith(".tmp") for name in leftovers)


class TestFmtRefuses:
    """``fmt`` keeps comments, and refuses what it cannot round-trip."""

    def test_keeps_toml_comments(self) -> None:
        """TOML comments survive formatting."""
        text = '# the pilot\n[[works]]\nid = "e1"  # first\nkind = "episode"\n'
        new = format_text(text)
        assert "# the pilot" in new
        assert "# first" in new

    def test_refuses_yaml_with_comments(self) -> None:
        """A YAML file with comments is not rewritten."""
        with pytest.raises(FormatError, match="not rewritten"):
            format_text("# keep me\nstory:\n  title: a\n", format="yaml")
