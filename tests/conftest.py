"""Shared test configuration: hypothesis profiles and paths to shared data."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

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
