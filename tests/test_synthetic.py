"""``plotline.testing.synthetic_story``: generated stories, valid by construction."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import plotline
from plotline._check._finding import Severity
from plotline.testing import synthetic_story

SIZES = [(1, 0, 1), (40, 2, 5), (500, 12, 60), (2_000, 40, 150)]
ALL_PLANTS = {
    "PL201": 2,
    "PL301": 3,
    "PL304": 2,
    "PL401": 2,
    "PL404": 1,
    "PL501": 2,
    "PL601": 1,
}


def errors(story: plotline.Story) -> list[str]:
    """The codes of the error findings of ``story``, one per finding."""
    report = plotline.check(story)
    return [finding.code for finding in report.findings if finding.severity is Severity.ERROR]


class TestValidByConstruction:
    """Without planting, the checker finds no errors."""

    @pytest.mark.parametrize("seed", [0, 1, 7])
    @pytest.mark.parametrize(("events", "threads", "entities"), SIZES)
    def test_no_errors(self, events: int, threads: int, entities: int, seed: int) -> None:
        """Several seeds and sizes check without a single error."""
        story = synthetic_story(events, threads, entities, seed=seed)
        assert errors(story) == []

    def test_sizes(self) -> None:
        """The story has the asked-for events, threads and entities, in a series of seasons."""
        story = synthetic_story(1_000, threads=30, entities=200, seasons=4)
        assert (len(story.events), len(story.threads), len(story.entities)) == (1_000, 30, 200)
        kinds = [work.kind.value for work in story.works]
        assert kinds.count("series") == 1
        assert kinds.count("season") == 4
        assert kinds.count("episode") == 40

    def test_realistic_features(self) -> None:
        """Flashbacks, dates, deaths, main characters, constraints, releases and claims occur."""
        story = synthetic_story(3_000, threads=40, entities=200)
        modes = {event.mode.value for event in story.events}
        roles = {role.value for event in story.events for role in event.participants.values()}
        assert {"present", "flashback"} <= modes
        assert {"present", "introduced", "dies"} <= roles
        assert sum(event.when is not None for event in story.events) > 100
        assert any(entity.importance is plotline.Importance.MAIN for entity in story.entities)
        assert len(story.constraints) == 900
        assert any(c.min_gap is not None for c in story.constraints)
        assert story.releases
        assert story.claims
        assert all(event.order is not None for event in story.events)

    def test_options_turn_parts_off(self) -> None:
        """No constraints, releases or claims when asked for none."""
        story = synthetic_story(300, 5, 20, constraints=0, releases=False, claims=False)
        assert (story.constraints, story.releases, story.claims) == ((), (), ())
        assert errors(story) == []

    def test_popularity_is_skewed(self) -> None:
        """The lead appears far more often than a typical entity."""
        story = synthetic_story(2_000, 20, 200)
        counts: dict[str, int] = {}
        for event in story.events:
            for entity in event.participants:
                counts[entity] = counts.get(entity, 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        assert ranked[0] > 10 * ranked[len(ranked) // 2]


class TestPlanting:
    """``plant`` adds exactly the findings asked for, and no other errors."""

    @pytest.mark.parametrize("code", sorted(ALL_PLANTS))
    def test_each_code(self, code: str) -> None:
        """Planting n findings of one code yields n findings of that code and no other error."""
        report = plotline.check(synthetic_story(800, 10, 50, seed=3, plant={code: 2}))
        assert len(report.by_code(code)) == 2
        others = [f.code for f in report.findings if f.code != code]
        assert all(f.severity is not Severity.ERROR for f in report.findings if f.code != code)
        assert others == []

    @pytest.mark.parametrize("seed", [0, 5])
    def test_all_at_once(self, seed: int) -> None:
        """Planting several codes together counts each exactly."""
        story = synthetic_story(1_500, 20, 80, seed=seed, plant=ALL_PLANTS)
        report = plotline.check(story)
        for code, count in ALL_PLANTS.items():
            assert len(report.by_code(code)) == count, code
        assert {f.code for f in report.findings} == set(ALL_PLANTS)

    def test_tiny_story(self) -> None:
        """Planting works even in a story of one event."""
        report = plotline.check(synthetic_story(1, 0, 1, plant={"PL301": 1, "PL304": 1}))
        assert (len(report.by_code("PL301")), len(report.by_code("PL304"))) == (1, 1)

    def test_unknown_code(self) -> None:
        """An unplantable code is refused, naming the plantable ones."""
        with pytest.raises(ValueError, match="cannot plant PL999"):
            synthetic_story(10, plant={"PL999": 1})

    def test_bad_arguments(self) -> None:
        """Negative counts and empty stories are refused."""
        with pytest.raises(ValueError, match="negative"):
            synthetic_story(10, plant={"PL301": -1})
        with pytest.raises(ValueError, match="at least 1"):
            synthetic_story(0)


class TestDeterminism:
    """The same arguments give the same story; another seed another story."""

    def test_same_seed_same_story(self) -> None:
        """Two stories from one seed are equal and dump to the same text."""
        first = synthetic_story(700, 12, 60, seed=11, plant={"PL401": 1})
        second = synthetic_story(700, 12, 60, seed=11, plant={"PL401": 1})
        assert first == second
        assert plotline.dumps(first, format="json") == plotline.dumps(second, format="json")

    def test_other_seed_other_story(self) -> None:
        """A different seed changes the story."""
        assert synthetic_story(300, 5, 30, seed=1) != synthetic_story(300, 5, 30, seed=2)


class TestProperties:
    """Small generated stories of any seed are error-free and round-trip through JSON."""

    @settings(max_examples=25)
    @given(
        seed=st.integers(0, 10_000),
        events=st.integers(1, 150),
        threads=st.integers(0, 8),
        entities=st.integers(1, 30),
        constraints=st.floats(0, 1),
    )
    def test_error_free_and_round_trips(
        self, seed: int, events: int, threads: int, entities: int, constraints: float
    ) -> None:
        """The story has no error findings, and ``loads(dumps(story)) == story``."""
        story = synthetic_story(events, threads, entities, seed=seed, constraints=constraints)
        assert errors(story) == []
        assert plotline.loads(plotline.dumps(story, format="json"), format="json") == story
