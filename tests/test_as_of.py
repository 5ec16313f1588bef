"""Spoilers by region and date: the release history decides what a viewer had."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import plotline
from conftest import EXAMPLES, cli
from plotline import Event, Release, Story, Work
from plotline._model import cut_after
from strategies import BASE, SPAN, bibles, instant_containing

HERO_MASK = EXAMPLES / "hero-mask"


@pytest.fixture(scope="module")
def hero_mask() -> Story:
    return plotline.load(HERO_MASK)


def season(prefix: str, count: int) -> list[str]:
    return [f"{prefix}e{n:02d}" for n in range(1, count + 1)]


def episodes(*releases: Release, count: int = 4) -> Story:
    """A series ``s`` of ``count`` episodes, one event in each, with these releases."""
    works = [Work("s", kind="season")]
    works += [Work(f"e{n}", kind="episode", parent="s", number=n) for n in range(1, count + 1)]
    events = [Event(f"in-e{n}", told_in=f"e{n}") for n in range(1, count + 1)]
    return Story(works=works, events=events, releases=releases)


def kept(story: Story, date: str | None, region: str | None = None) -> list[str]:
    return [event.told_in or "" for event in story.as_of(date=date, region=region).events]


class TestHeroMask:
    """The example's release history gives the installments each viewer had."""

    def test_world_on_new_year_2019_has_season_one(self, hero_mask: Story) -> None:
        """Netflix released season 1 worldwide on 2018-12-03, season 2 only in August 2019."""
        released = hero_mask.released(date="2019-01-01", region="WW")
        assert released.installments == tuple(season("s1", 15))
        assert released.describe() == "as of 2019-01-01 in WW: up to s1e15"
        told = {event.told_in for event in hero_mask.as_of(date="2019-01-01", region="WW").events}
        assert told
        assert all(work is not None and work.startswith("s1") for work in told)

    def test_japan_on_2020_09_01_has_both_seasons_and_the_manga(self, hero_mask: Story) -> None:
        """Netflix's worldwide releases count in Japan; the LINE Manga serial began in July 2020.

        The collected volume (print, March 2021) is part of the serial, so it
        counts as out with the serial.
        """
        released = hero_mask.released(date="2020-09-01", region="JP")
        assert released.installments == (*season("s1", 15), *season("s2", 9), "lost-memory-v1")
        assert {"hero-mask", "s1", "s2", "lost-memory"} <= released.works
        assert len(hero_mask.as_of(date="2020-09-01", region="JP").events) == len(hero_mask.events)

    def test_before_the_premiere_nothing_is_out(self, hero_mask: Story) -> None:
        """The announcement (November 2018) releases nothing."""
        released = hero_mask.released(date="2018-12-02", region="JP")
        assert released.installments == ()
        assert released.describe() == "as of 2018-12-02 in JP: nothing released"
        assert hero_mask.as_of(date="2018-12-02", region="JP").events == ()

    def test_a_work_id_still_cuts(self, hero_mask: Story) -> None:
        """``as_of("s1e05")`` keeps working beside the date form."""
        told = {event.told_in for event in hero_mask.as_of("s1e05").events}
        assert told <= set(season("s1", 5))


class TestRegions:
    """A release counts in its region, worldwide, or everywhere when it names none."""

    def test_other_regions_release_nothing(self) -> None:
        story = episodes(Release("s", "streaming", date="2020-01-01", region="JP"))
        assert kept(story, "2021", "US") == []
        assert kept(story, "2021", "jp") == ["e1", "e2", "e3", "e4"]

    def test_worldwide_and_regionless_count_everywhere(self) -> None:
        story = episodes(
            Release("e1", "streaming", date="2020-01-01", region="WW"),
            Release("e2", "streaming", date="2020-01-01"),
        )
        assert kept(story, "2021", "FR") == ["e1", "e2"]

    def test_without_a_region_any_release_counts(self) -> None:
        story = episodes(Release("e3", "broadcast", date="2020-01-01", region="JP"))
        assert kept(story, "2021") == ["e3"]
        assert story.released(date="2021").describe() == "as of 2021: e3"


class TestDates:
    """Only what was certainly out by the end of the date counts."""

    @pytest.mark.parametrize(
        ("on", "out"),
        [("2019-08-15", False), ("2019-08-31", True), ("2019-09-01", True), ("2019-08", True)],
    )
    def test_a_month_release_is_out_once_the_month_ends(self, on: str, out: bool) -> None:
        story = episodes(Release("s", "streaming", date="2019-08"))
        assert bool(kept(story, on)) is out

    def test_a_release_is_out_on_its_own_day(self) -> None:
        story = episodes(Release("e1", "broadcast", date="2020-07-02"))
        assert kept(story, "2020-07-01") == []
        assert kept(story, "2020-07-02") == ["e1"]

    def test_a_run_releases_its_first_installment_then_the_whole(self) -> None:
        """Between start and end only the first episode is certain, unless parts say more."""
        run = Release("s", "broadcast", start="2020-07-02", end="2020-07-23", region="JP")
        own = Release("e2", "broadcast", date="2020-07-09", region="JP")
        story = episodes(run, own)
        assert kept(story, "2020-07-01", "JP") == []
        assert kept(story, "2020-07-02", "JP") == ["e1"]
        assert kept(story, "2020-07-10", "JP") == ["e1", "e2"]
        assert kept(story, "2020-07-23", "JP") == ["e1", "e2", "e3", "e4"]

    def test_not_a_prefix(self) -> None:
        """A region's set need not be a prefix of the telling."""
        story = episodes(
            Release("e2", "streaming", date="2020"), Release("e4", "home-video", date="2020")
        )
        released = story.released(date="2021")
        assert released.installments == ("e2", "e4")
        assert released.summary() == "e2, e4"

    def test_parts_all_out_make_the_whole_out(self) -> None:
        story = episodes(*(Release(f"e{n}", "streaming", date="2020") for n in range(1, 5)))
        assert "s" in story.released(date="2021").works

    def test_a_bad_date_is_a_time_value_error(self) -> None:
        with pytest.raises(plotline.TimeValueError, match="month 13"):
            episodes().released(date="2019-13")


class TestStatuses:
    """Announced, cancelled, rescheduled and superseded releases never release anything."""

    @pytest.mark.parametrize("status", ["announced", "cancelled", "rescheduled", "superseded"])
    def test_only_released_counts(self, status: str) -> None:
        story = episodes(Release("s", "streaming", date="2020-01-01", status=status))
        assert kept(story, "2021") == []

    def test_an_announcement_releases_nothing(self) -> None:
        story = episodes(Release("s", "announcement", date="2019"))
        assert kept(story, "2021") == []


class TestCut:
    """``cut_after`` takes a set of kept works as well as one installment."""

    def test_a_set_keeps_those_works_and_their_parts(self) -> None:
        story = episodes()
        assert [e.id for e in cut_after(story, {"e1", "e3"}).events] == ["in-e1", "in-e3"]
        assert len(cut_after(story, {"s"}).events) == 4

    def test_work_and_date_together_are_refused(self) -> None:
        with pytest.raises(TypeError, match="not both"):
            episodes().as_of("e1", date="2020")

    def test_nothing_to_cut_by_is_refused(self) -> None:
        with pytest.raises(TypeError, match="needs a work"):
            episodes().as_of()

    def test_constraints_on_dropped_events_go(self) -> None:
        story = episodes(Release("e1", "streaming", date="2020")).evolve(
            constraints=[plotline.Constraint(before="in-e1", after="in-e2")]
        )
        assert story.as_of(date="2021").constraints == ()


class TestCommandLine:
    """``--as-of-date DATE --region R`` on show and render, with the cut in the header."""

    def test_show_names_the_cut(self) -> None:
        status, out, _ = cli("show", str(HERO_MASK), "--as-of-date", "2019-01-01", "--region", "WW")
        assert status == 0
        assert out.splitlines()[0].endswith("(as of 2019-01-01 in WW: up to s1e15)")
        assert "s2e01" not in out

    def test_render_names_the_cut(self) -> None:
        status, out, _ = cli(
            "render", str(HERO_MASK), "--as-of-date", "2019-01-01", "--region", "WW", "--no-check"
        )
        assert status == 0
        assert "as of 2019-01-01 in WW: up to s1e15" in out

    def test_a_bad_date_exits_2(self) -> None:
        status, _, err = cli("show", str(HERO_MASK), "--as-of-date", "2019-13")
        assert status == 2
        assert "no month 13" in err

    def test_work_and_date_are_exclusive(self) -> None:
        status, _, err = cli("show", str(HERO_MASK), "--as-of", "s1e01", "--as-of-date", "2019")
        assert status == 2
        assert "not allowed with argument --as-of" in err


class TestLaws:
    """What a viewer had only grows with the date, and a worldwide viewer had the least."""

    @settings(max_examples=100, deadline=None)
    @given(bibles(), st.integers(BASE, BASE + SPAN), st.integers(0, SPAN))
    def test_later_dates_keep_more(self, story: Story, second: int, later: int) -> None:
        early = instant_containing(second, 3)
        late = instant_containing(second + later, 3)
        for region in (None, "UK", "US", "WW"):
            before = story.released(date=early, region=region).works
            after = story.released(date=late, region=region).works
            assert before <= after

    @settings(max_examples=100, deadline=None)
    @given(bibles(), st.integers(BASE, BASE + SPAN))
    def test_a_region_sees_what_the_world_sees(self, story: Story, second: int) -> None:
        """Worldwide and region-less releases count in every region, and anywhere has them all."""
        on = instant_containing(second, 3)
        world = story.released(date=on, region="WW").works
        for region in ("UK", "US"):
            here = story.released(date=on, region=region).works
            assert world <= here <= story.released(date=on).works

    @settings(max_examples=100, deadline=None)
    @given(bibles(), st.integers(BASE, BASE + SPAN))
    def test_the_cut_keeps_only_released_installments(self, story: Story, second: int) -> None:
        on = instant_containing(second, 3)
        released = story.released(date=on, region="UK")
        for event in story.as_of(date=on, region="UK").events:
            if event.told_in in story.work_index:
                assert event.told_in in released.works
