"""Whole stories, from files: a clean bible stays clean, a broken one is located."""

from __future__ import annotations

from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

from plotline._check import Config, check
from plotline._io import load
from plotline._model import Event, Story, Thread

STORIES = Path(__file__).parent / "stories"


def clean() -> Story:
    """The clean test bible."""
    return load(STORIES / "clean.toml")


class TestCleanStory:
    """A story with flashbacks, mentions, a resurrection and a sequel hook is clean."""

    def test_no_active_findings(self) -> None:
        """Every rule, PL603 aside, finds nothing."""
        report = check(clean(), config=Config())
        assert [str(f) for f in report.findings] == []

    def test_unsourced_is_only_info(self) -> None:
        """Selecting PL603 adds only info findings."""
        report = check(clean(), select=["PL"], config=Config())
        assert report.ok
        assert {f.code for f in report} == {"PL603"}


class TestBrokenStory:
    """A broken story's findings point at file lines."""

    def test_dropped_and_dead(self) -> None:
        """Sarah is dropped and Faraday walks after dying, each located in the file."""
        report = check(
            load(STORIES / "dropped.toml"), config=Config(), options={"final_installments": 2}
        )
        by_code = {f.code: f for f in report}
        assert set(by_code) == {"PL301", "PL305"}
        text = (STORIES / "dropped.toml").read_text().splitlines()
        dropped, walker = by_code["PL305"].location, by_code["PL301"]
        assert dropped is not None
        assert dropped.file is not None
        assert dropped.file.endswith("dropped.toml")
        assert text[dropped.line - 1] == 'importance = "major"'
        assert walker.location is not None
        assert text[walker.location.line - 1] == 'participants = { faraday = "present" }'
        death = walker.related[0].location
        assert death is not None
        assert text[death.line - 1] == "[[events]]"
        assert text[death.line] == 'id = "faraday-dies"'
        assert "Faraday appears in 'faraday-at-the-docks' (s2e03) after dying in" in walker.message


thread_ids = st.text(alphabet="abcdefghij", min_size=3, max_size=8).map(lambda s: f"extra-{s}")


@st.composite
def unrelated_threads(draw: st.DrawFn) -> tuple[Thread, list[Event]]:
    """A new thread, opened and resolved by its own events, told in any episodes."""
    name = draw(thread_ids)
    works = ["s1e01", "s1e02", "s1e03", "s1e04"]
    first = draw(st.integers(0, 3))
    last = draw(st.integers(first, 3))
    middle = draw(st.lists(st.integers(first, last), max_size=3))
    mode = draw(st.sampled_from(["present", "flashback", "dream"]))
    events = [Event(f"{name}-open", told_in=works[first], opens=[name], order=100)]
    events += [
        Event(f"{name}-{i}", told_in=works[w], threads=[name], order=101 + i, mode=mode)
        for i, w in enumerate(sorted(middle))
    ]
    events.append(Event(f"{name}-close", told_in=works[last], resolves=[name], order=200))
    return Thread(name, title=f"Side plot {name}"), events


class TestCleanStaysClean:
    """Property: adding an unrelated thread with its own events keeps a clean story clean."""

    @given(unrelated_threads())
    def test_unrelated_thread(self, extra: tuple[Thread, list[Event]]) -> None:
        """No finding appears."""
        thread, events = extra
        story = clean()
        story = attrs.evolve(
            story, threads=(*story.threads, thread), events=(*story.events, *events)
        )
        assert [str(f) for f in check(story, config=Config())] == []
