"""Incremental checking: after any edits, a session's report is a cold check's report.

A :class:`~plotline._live.StorySession` re-reads only the files whose text
changed and reuses the solved order when an edit leaves the ordering facts
alone (:mod:`plotline._order._reuse`). Neither may change a finding.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import bibles

import plotline
from plotline._live import StorySession
from plotline._model import Event, Mode, Role, Story
from plotline._order import solve
from plotline._order._reuse import ordering_facts, rebind

EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["title", "summary", "role", "order", "told_in", "when", "mode", "drop", "garbage"]
        ),
        st.integers(min_value=0, max_value=50),
        st.integers(min_value=0, max_value=7),
    ),
    min_size=1,
    max_size=6,
)
TIMES = ("2020", "2020-03", "2020-03-04", "2021", "2019-12-31", None)


def _edit(story: Story, kind: str, index: int, value: int) -> Story:
    """``story`` with one edit applied to one of its events (or the same story)."""
    if not story.events:
        return story
    events = list(story.events)
    at = index % len(events)
    event = events[at]
    works = [work.id for work in story.works] or [None]
    changes: dict[str, object] = {}
    if kind == "title":
        changes["title"] = f"Title {value}"
    elif kind == "summary":
        changes["summary"] = f"Something happens, take {value}."
    elif kind == "role" and event.participants:
        entity = sorted(event.participants)[value % len(event.participants)]
        roles = list(Role)
        changes["participants"] = {**event.participants, entity: roles[value % len(roles)]}
    elif kind == "order":
        changes["order"] = value
    elif kind == "told_in":
        changes["told_in"] = works[value % len(works)]
    elif kind == "when":
        changes["when"] = TIMES[value % len(TIMES)]
    elif kind == "mode":
        modes = list(Mode)
        changes["mode"] = modes[value % len(modes)]
    elif kind == "drop":
        del events[at]
        return attrs.evolve(story, events=events)
    events[at] = attrs.evolve(event, **changes)  # type: ignore[arg-type]
    return attrs.evolve(story, events=events)


def _write(folder: Path, story: Story) -> None:
    """The story as two files: its events (and constraints) apart from everything else."""
    rest = attrs.evolve(story, events=(), constraints=())
    told = Story(events=story.events, constraints=story.constraints)
    (folder / "00-bible.toml").write_text(plotline.dumps(rest) or "[story]\n", encoding="utf-8")
    (folder / "10-events.toml").write_text(plotline.dumps(told) or "[story]\n", encoding="utf-8")


def _cold(folder: Path) -> plotline.Report:
    return plotline.check(plotline.load(folder), config=plotline.Config())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(story=bibles(), edits=EDITS)
def test_an_edited_session_reports_what_a_cold_check_does(
    tmp_path: Path, story: Story, edits: list[tuple[str, int, int]]
) -> None:
    folder = tmp_path / "story"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    _write(folder, story)
    session = StorySession(folder)
    assert session.result().report == _cold(folder)
    for kind, index, value in edits:
        if kind == "garbage":  # a half-typed line, then the file back as it was
            events = folder / "10-events.toml"
            good = events.read_text(encoding="utf-8")
            events.write_text(good + '\n[[events]]\nid = "x"\nmode = "flash', encoding="utf-8")
            assert session.result().problems
            events.write_text(good, encoding="utf-8")
        else:
            story = _edit(story, kind, index, value)
            _write(folder, story)
        assert session.result().report == _cold(folder)


class TestReuse:
    def test_an_edit_of_a_title_reuses_the_order(self, tmp_path: Path) -> None:
        folder = tmp_path / "hero-mask"
        shutil.copytree(Path(__file__).parent.parent / "examples" / "hero-mask", folder)
        session = StorySession(folder)
        session.result()
        season = folder / "10-season-1.toml"
        text = season.read_text(encoding="utf-8")
        season.write_text(text.replace("A tracker round", "A tracker bullet"), encoding="utf-8")
        result = session.result()
        assert session.solves == 1
        assert result.report == plotline.check(plotline.load(folder))
        season.write_text(text.replace("order = 1\n", "order = 9\n", 1), encoding="utf-8")
        session.result()
        assert session.solves == 2

    def test_an_edit_of_a_summary_reuses_the_findings(self, tmp_path: Path) -> None:
        folder = tmp_path / "hero-mask"
        shutil.copytree(Path(__file__).parent.parent / "examples" / "hero-mask", folder)
        session = StorySession(folder)
        session.result()
        season = folder / "10-season-1.toml"
        text = season.read_text(encoding="utf-8")
        season.write_text(text.replace("car chase and", "car chase, and"), encoding="utf-8")
        result = session.result()
        assert (session.checks, session.solves) == (1, 1)
        assert result.report == plotline.check(plotline.load(folder))
        # A line more moves what follows: the rules run again, for the new locations.
        season.write_text(text.replace("car chase and", "car chase\nand"), encoding="utf-8")
        result = session.result()
        assert session.checks == 2
        assert result.report == plotline.check(plotline.load(folder))

    @settings(max_examples=30, deadline=None)
    @given(
        story=bibles(), kind=st.sampled_from(["title", "summary", "role"]), value=st.integers(0, 7)
    )
    def test_rebinding_equals_solving(self, story: Story, kind: str, value: int) -> None:
        edited = _edit(story, kind, 0, value)
        assert ordering_facts(edited) == ordering_facts(story)
        moved = rebind(solve(story), story, edited)
        fresh = solve(edited)
        assert moved.telling == fresh.telling
        records = {id(event) for event in edited.events}
        assert all(id(event) in records for event in (*moved.telling, *moved.chronology))
        assert moved.chronology == fresh.chronology
        assert dict(moved.bounds) == dict(fresh.bounds)
        assert moved.conflicts == fresh.conflicts
        assert moved.overridden == fresh.overridden
        assert moved.works == fresh.works

    def test_ordering_edits_change_the_facts(self) -> None:
        story = Story(events=[Event("a", told_in="e1")])
        for change in ({"told_in": "e2"}, {"order": 3}, {"when": "2020"}, {"mode": "dream"}):
            edited = attrs.evolve(story, events=[attrs.evolve(story.events[0], **change)])
            assert ordering_facts(edited) != ordering_facts(story), change


@pytest.mark.skipif(os.name == "nt", reason="paths")
def test_a_file_added_to_the_folder_joins_the_story(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[[works]]\nid = "e1"\n', encoding="utf-8")
    session = StorySession(tmp_path)
    assert session.result().story.events == ()  # type: ignore[union-attr]
    (tmp_path / "b.toml").write_text('[[events]]\nid = "x"\ntold_in = "e1"\n', encoding="utf-8")
    result = session.result()
    assert [e.id for e in result.story.events] == ["x"]  # type: ignore[union-attr]
