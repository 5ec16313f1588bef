"""Tests for the reference rules PL101-PL102."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from plotline._check import Config, check
from plotline._model import Claim, Constraint, Entity, Event, Release, Source, Story, Work
from strategies_io import stories


def findings(story: Story, code: str, **kw: Any) -> list[Any]:
    """The active findings of one rule."""
    return list(check(story, select=[code], config=Config(), **kw))


class TestDuplicateId:
    """PL101 duplicate-id."""

    def test_two_events_with_one_id_fire(self) -> None:
        """Two events sharing an id are a finding."""
        story = Story(events=[Event("x"), Event("x", title="again")])
        (finding,) = findings(story, "PL101")
        assert finding.subjects == ("x",)
        assert "event id 'x'" in finding.message

    def test_ids_are_namespaced_by_kind(self) -> None:
        """An event and an entity may share an id."""
        story = Story(events=[Event("x")], entities=[Entity("x")])
        assert findings(story, "PL101") == []


class TestUnknownReference:
    """PL102 unknown-reference."""

    @given(stories)
    def test_dangling_is_the_references_that_name_nothing(self, story: Story) -> None:
        """Story.dangling() (PL102's fast path) agrees with Story.references(), in order."""
        expected = [
            (record, field, target)
            for record, field, target, index in story.references()
            if target not in index
        ]
        assert [(id(r), f, t) for r, f, t in story.dangling()] == [
            (id(r), f, t) for r, f, t in expected
        ]

    def test_misspelt_work_suggests_closest(self) -> None:
        """A told_in naming no work is a finding with a suggestion."""
        story = Story(works=[Work("s1e15")], events=[Event("x", told_in="s1e16")])
        (finding,) = findings(story, "PL102")
        assert "unknown work 's1e16' in `told_in` (did you mean 's1e15'?)" in finding.message

    def test_unknown_participant(self) -> None:
        """A participant naming no entity is a finding."""
        story = Story(
            entities=[Entity("sarah")], events=[Event("x", participants={"sara": "present"})]
        )
        (finding,) = findings(story, "PL102")
        assert "did you mean 'sarah'?" in finding.message

    def test_claim_subject_of_any_kind(self) -> None:
        """A claim's subject may name any record, but must name one."""
        story = Story(
            works=[Work("s1")],
            sources=[Source("wiki")],
            releases=[Release("s1", "premiere", id="s1-premiere")],
            claims=[
                Claim("s1", "title", "One", "wiki"),
                Claim("s1-premiere", "region", "JP", "wiki"),
                Claim("s9", "title", "Nine", "wiki"),
            ],
        )
        (finding,) = findings(story, "PL102")
        assert "unknown record 's9' in `subject`" in finding.message

    def test_all_known_is_fine(self) -> None:
        """Known references are fine."""
        story = Story(works=[Work("s1")], events=[Event("x", told_in="s1")])
        assert findings(story, "PL102") == []

    def test_constraint_may_name_a_work(self) -> None:
        """A constraint's before/after may name a work as well as an event."""
        story = Story(
            works=[Work("s1"), Work("s2")],
            events=[Event("x", told_in="s1")],
            constraints=[Constraint(before="x", after="s2"), Constraint(before="s1", after="s2")],
        )
        assert findings(story, "PL102") == []

    def test_constraint_naming_neither_says_so(self) -> None:
        """A constraint side naming no event and no work is a finding, suggesting either."""
        story = Story(
            works=[Work("season-2")],
            events=[Event("monica-killed")],
            constraints=[Constraint(before="monica-kiled", after="season-3", id="c")],
        )
        first, second = findings(story, "PL102")
        assert first.message == (
            "constraint 'c' names no event or work 'monica-kiled' in `before` (did you mean "
            "'monica-killed'?); fix the id or add the missing event or work"
        )
        assert "names no event or work 'season-3' in `after` (did you mean 'season-2'?)" in (
            second.message
        )
