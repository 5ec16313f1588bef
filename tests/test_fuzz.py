"""Fuzzing the loaders: any text either loads to a Story or raises LoadError, nothing else.

The default example counts are small so CI stays fast; ``HYPOTHESIS_PROFILE=fuzz``
(see ``tests/conftest.py``) runs 20,000 examples per test. See ``docs/reliability.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import plotline
from plotline._model import Story
from plotline.exceptions import LoadError, PlotlineError

DATA = Path(__file__).parent / "data"
FORMATS = ("toml", "yaml", "json")
SEEDS = {f: (DATA / f"hero-mask.{f}").read_text(encoding="utf-8") for f in FORMATS}
VIEWS = ("storyline", "chronology", "cast", "releases")
EXAMPLES = None if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 60
fuzz = settings(max_examples=EXAMPLES) if EXAMPLES else settings()


def _load(text: str, format: str) -> Story | None:
    """Load ``text``; a LoadError is fine, anything else fails the test."""
    try:
        story = plotline.loads(text, format=format, file=f"fuzz.{format}")
    except LoadError as error:
        problems = error.problems
    else:
        assert isinstance(story, Story)
        return story
    assert problems
    assert all(problem.location is not None for problem in problems)
    return None


@st.composite
def _mutant(draw: st.DrawFn) -> tuple[str, str]:
    """A valid story file with a few random line or character mutations."""
    format = draw(st.sampled_from(FORMATS))
    lines = SEEDS[format].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "char", "insert"]))
        i = draw(st.integers(0, len(lines) - 1))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "char" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            new = draw(st.characters(codec="utf-8"))
            lines[i] = lines[i][:k] + new + lines[i][k + 1 :]
        elif action == "insert":
            lines.insert(
                i, draw(st.text(st.sampled_from("[]{}\"'#=:,-\n 0123456789abe."), max_size=20))
            )
    return format, "".join(lines)


class TestArbitraryText:
    """Arbitrary text and bytes give a Story or a LoadError."""

    @fuzz
    @given(format=st.sampled_from(FORMATS), text=st.text())
    def test_text(self, format: str, text: str) -> None:
        """Any text loads or raises LoadError."""
        _load(text, format)

    @fuzz
    @given(format=st.sampled_from(FORMATS), data=st.binary())
    def test_bytes(self, format: str, data: bytes) -> None:
        """Any bytes, decoded leniently, load or raise LoadError."""
        _load(data.decode("utf-8", errors="replace"), format)


class TestMutants:
    """Mutated valid files: load or LoadError; what loads checks, renders and round-trips."""

    @fuzz
    @given(mutant=_mutant())
    def test_mutant(self, mutant: tuple[str, str]) -> None:
        """A mutant loads or raises LoadError; a loaded one survives check, render and dumps."""
        format, text = mutant
        story = _load(text, format)
        if story is None:
            return
        try:
            report = plotline.check(story)
        except PlotlineError:  # an unknown [check] option: a ConfigError by design (exit 2)
            report = None
        for view in VIEWS:
            assert plotline.render(story, view=view, report=report).source
        for out in FORMATS:
            assert plotline.loads(plotline.dumps(story, format=out), format=out) == story
