"""Tests for the release rules PL501-PL504."""

from __future__ import annotations

from typing import Any

import pytest

from plotline._check import Config, check
from plotline._model import Release, ReleaseStatus, Story, Work
from plotline._time import Instant, parse_time


def season(count: int, sid: str = "s1", number: int = 1, **kw: Any) -> list[Work]:
    """A season with ``count`` episodes named ``s1e01``…"""
    works = [Work(sid, kind="season", number=number, **kw)]
    works += [
        Work(f"{sid}e{i:02d}", parent=sid, kind="episode", number=i) for i in range(1, count + 1)
    ]
    return works


def rel(work: str, date: str, kind: str = "broadcast", **kw: Any) -> Release:
    """A release on ``date``."""
    return Release(work, kind, date=parse_time(date), **kw)


def codes(story: Story, **kw: Any) -> list[str]:
    """The codes of the active findings of a check with no project config."""
    return [f.code for f in check(story, config=Config(), **kw)]


def findings(story: Story, code: str, **kw: Any) -> list[Any]:
    """The active findings of one rule."""
    return list(check(story, select=[code], config=Config(), **kw))


class TestReleaseOutOfOrder:
    """PL501 release-out-of-order."""

    def test_episode_before_predecessor_fires(self) -> None:
        """Episode 2 broadcast before episode 1 in one lane is a finding."""
        story = Story(
            works=season(3),
            releases=[
                rel("s1e01", "2020-07-09", region="JP"),
                rel("s1e02", "2020-07-02", region="JP"),
                rel("s1e03", "2020-07-16", region="JP"),
            ],
        )
        (finding,) = findings(story, "PL501")
        assert finding.subjects == ("s1e02",)
        assert "in JP" in finding.message
        assert codes(story) == ["PL501"]

    def test_binge_drop_is_fine(self) -> None:
        """Every episode on one day is no finding."""
        story = Story(
            works=season(3),
            releases=[
                rel(f"s1e0{i}", "2018-12-03", "streaming", platform="Netflix") for i in (1, 2, 3)
            ],
        )
        assert codes(story) == []

    def test_precision_is_respected(self) -> None:
        """``2019-08`` against ``2019-08-23`` is no finding."""
        story = Story(
            works=season(2), releases=[rel("s1e01", "2019-08-23"), rel("s1e02", "2019-08")]
        )
        assert codes(story) == []

    def test_different_lanes_are_independent(self) -> None:
        """Regions, platforms and kinds are separate lanes."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1e01", "2020-07-09", region="JP"),
                rel("s1e02", "2020-07-02", region="US"),
                rel("s1e02", "2020-07-01", "streaming", region="JP"),
            ],
        )
        assert codes(story) == []

    def test_skips_works_without_release(self) -> None:
        """The nearest earlier sibling with a release in the lane is compared."""
        story = Story(
            works=season(3), releases=[rel("s1e01", "2020-07-09"), rel("s1e03", "2020-07-02")]
        )
        assert [f.subjects for f in findings(story, "PL501")] == [("s1e03",)]

    def test_runs_compare_by_start(self) -> None:
        """A season run is placed by its start."""
        works = [*season(1), *season(1, "s2", 2)]
        releases = [
            Release(
                "s1",
                "broadcast",
                start=Instant.parse("2020-07-02"),
                end=Instant.parse("2020-12-10"),
            ),
            Release(
                "s2",
                "broadcast",
                start=Instant.parse("2019-01-01"),
                end=Instant.parse("2019-03-01"),
            ),
        ]
        assert [f.code for f in findings(Story(works=works, releases=releases), "PL501")] == [
            "PL501"
        ]

    @pytest.mark.parametrize("status", ["announced", "rescheduled", "superseded", "cancelled"])
    def test_only_released_releases_take_part(self, status: str) -> None:
        """A date that was not a release (superseded, cancelled...) never fires PL501."""
        releases = [
            rel("s1e01", "2020-07-09"),
            rel("s1e02", "2020-07-02", status=status),
            rel("s1e02", "2020-07-16"),
        ]
        story = Story(works=season(2), releases=releases)
        assert codes(story) == []
        released = story.evolve(releases=[rel("s1e01", "2020-07-09"), rel("s1e02", "2020-07-02")])
        assert codes(released) == ["PL501"]


class TestReleaseBeforeAnnouncement:
    """PL502 release-before-announcement."""

    def test_release_before_ancestor_announcement_fires(self) -> None:
        """An episode released before its season is announced is a finding."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1", "2020-03-01", "announcement"),
                rel("s1e01", "2019-12-06", "streaming"),
            ],
        )
        (finding,) = findings(story, "PL502")
        assert "its ancestor s1" in finding.message
        assert codes(story) == ["PL502"]

    def test_after_announcement_or_same_span_is_fine(self) -> None:
        """Releases after (or overlapping) the announcement are fine."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1", "2019-06", "announcement"),
                rel("s1e01", "2019-06-20", "streaming"),
                rel("s1e02", "2019-12-06", "streaming"),
            ],
        )
        assert codes(story) == []

    @pytest.mark.parametrize("status", ["announced", "rescheduled", "superseded", "cancelled"])
    def test_superseded_date_never_fires(self, status: str) -> None:
        """A date given once and replaced would have fired PL502; not released, it does not."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1", "2020-03-01", "announcement"),
                rel("s1e01", "2019-12-06", "streaming", status=status),
                rel("s1e01", "2020-04-03", "streaming"),
            ],
        )
        assert codes(story) == []

    def test_released_by_default(self) -> None:
        """Without a status a release is released: the same early date fires."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1", "2020-03-01", "announcement"),
                rel("s1e01", "2019-12-06", "streaming"),
            ],
        )
        assert [r.status for r in story.releases] == [ReleaseStatus.RELEASED] * 2
        assert codes(story) == ["PL502"]

    @pytest.mark.parametrize("status", ["announced", "rescheduled", "superseded", "cancelled"])
    def test_an_announcement_counts_whatever_its_status(self, status: str) -> None:
        """An announcement is news out, whatever became of the plan it announced."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1", "2020-03-01", "announcement", status=status),
                rel("s1e01", "2019-12-06", "streaming"),
            ],
        )
        assert codes(story) == ["PL502"]


class TestRunEndsBeforeStart:
    """PL503 run-ends-before-start."""

    def test_swapped_run_fires(self) -> None:
        """An end before the start is a finding."""
        release = Release(
            "s1", "broadcast", start=Instant.parse("2020-12-10"), end=Instant.parse("2020-07-02")
        )
        story = Story(works=season(1), releases=[release])
        (finding,) = findings(story, "PL503")
        assert "swap `start` and `end`" in finding.message

    def test_coarse_end_is_fine(self) -> None:
        """``2020-07-02`` to ``2020`` is no finding: precision counts."""
        release = Release(
            "s1", "broadcast", start=Instant.parse("2020-07-02"), end=Instant.parse("2020")
        )
        assert codes(Story(works=season(1), releases=[release])) == []


class TestCountMismatch:
    """PL504 count-mismatch."""

    def test_missing_episode_fires(self) -> None:
        """Declaring 4 episodes and listing 3 is a finding."""
        (finding,) = findings(Story(works=season(3, episode_count=4)), "PL504")
        assert finding.subjects == ("s1",)
        assert "lists 3" in finding.message

    def test_match_specials_and_no_children_are_fine(self) -> None:
        """Matching counts, specials and works without children are fine."""
        works = [
            *season(3, episode_count=3),
            Work("s1-xmas", parent="s1", kind="special", number=1),
            Work("s2", kind="season", number=2, episode_count=13),
        ]
        assert codes(Story(works=works)) == []


class TestReleaseOrderLanes:
    """PL501 compares each work's first release in a lane; announcements are no releases."""

    def test_announcements_out_of_order_are_fine(self) -> None:
        """Episode 2 announced before episode 1 is no release out of order."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1e01", "2019-05-01", kind="announcement"),
                rel("s1e02", "2018-05-01", kind="announcement"),
                rel("s1e01", "2020-01-01"),
                rel("s1e02", "2020-01-08"),
            ],
        )
        assert findings(story, "PL501") == []

    def test_a_rerun_is_not_the_first_release(self) -> None:
        """Episode 1 first aired in 2018 and again in 2022: episode 2 in 2020 is in order."""
        story = Story(
            works=season(2),
            releases=[
                rel("s1e01", "2022-01-01"),
                rel("s1e01", "2018-01-01"),
                rel("s1e02", "2020-01-01"),
            ],
        )
        assert findings(story, "PL501") == []
        late = story.evolve(releases=(*story.releases[:2], rel("s1e02", "2017-01-01")))
        (finding,) = findings(late, "PL501")
        assert "(2018-01-01)" in finding.message
