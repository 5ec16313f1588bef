"""Shared test configuration: hypothesis profiles and paths to shared data."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

from plotline.cli import run

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"

settings.register_profile(
    "default",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=20_000,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)

#: A story that breaks exactly one rule: a dead woman walks (PL301).
DEAD_MAN_WALKING = """\
[story]
title = "Dead Man Walking"

[[works]]
id = "e1"
kind = "episode"
number = 1

[[works]]
id = "e2"
kind = "episode"
number = 2

[[entities]]
id = "monica"
name = "Monica"

[[events]]
id = "killed"
told_in = "e1"
participants = { monica = "dies" }

[[events]]
id = "walks"
told_in = "e2"
participants = { monica = "present" }
"""


def cli(*argv: str) -> tuple[int, str, str]:
    """Run ``plotline`` in this process; return its exit status, stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def cli_process(*argv: str, **env: str) -> tuple[int, str, str]:
    """Run ``plotline`` in a child process (a hang is a failure, a crash shows its traceback).

    ``env`` adds environment variables; output is read as UTF-8, anything else replaced.
    """
    code = "import sys; from plotline.cli import main; raise SystemExit(main(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr
