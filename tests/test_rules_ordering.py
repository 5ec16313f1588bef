"""Tests for the ordering rules PL201-PL205."""

from __future__ import annotations

from typing import Any

import attrs

from plotline._check import Config, check
from plotline._model import Constraint, Event, Story, Work
from plotline._time import Duration, parse_time


def season(count: int, sid: str = "s1") -> list[Work]:
    """A season with ``count`` episodes named ``s1e01``…"""
    works = [Work(sid, kind="season", number=1)]
    works += [
        Work(f"{sid}e{i:02d}", parent=sid, kind="episode", number=i) for i in range(1, count + 1)
    ]
    return works


def ev(id: str, told_in: str, when: str | None = None, **kw: Any) -> Event:
    """An event, with ``when`` parsed from text."""
    return Event(id, told_in=told_in, when=None if when is None else parse_time(when), **kw)


def codes(story: Story, **kw: Any) -> list[str]:
    """The codes of the active findings of a check with no project config."""
    return [f.code for f in check(story, config=Config(), **kw)]


def findings(story: Story, code: str, **kw: Any) -> list[Any]:
    """The active findings of one rule."""
    return list(check(story, select=[code], config=Config(), **kw))


class TestOrderingCycle:
    """PL201 ordering-cycle."""

    def test_cycle_names_its_constraints(self) -> None:
        """A before B before C before A: one finding naming the three constraints."""
        story = Story(
            works=season(1),
            events=[ev(x, "s1e01", mode="flashback") for x in "abc"],
            constraints=[
                Constraint("a", "b"),
                Constraint("b", "c"),
                Constraint("c", "a", id="oops"),
            ],
        )
        (finding,) = findings(story, "PL201")
        assert "constraint 'oops'" in finding.message
        assert "drop or reverse one" in finding.message
        assert len(finding.related) == 3
        assert codes(story) == ["PL201"]

    def test_chain_is_fine(self) -> None:
        """Consistent constraints are fine."""
        story = Story(
            works=season(1),
            events=[ev(x, "s1e01", mode="flashback") for x in "abc"],
            constraints=[Constraint("a", "b"), Constraint("b", "c")],
        )
        assert codes(story) == []

    def test_allow_on_a_constraint(self) -> None:
        """``allow`` on one of the constraints suppresses the finding."""
        story = Story(
            works=season(1),
            events=[ev(x, "s1e01", mode="flashback") for x in "ab"],
            constraints=[Constraint("a", "b"), Constraint("b", "a", allow=["PL201"])],
        )
        assert codes(story) == []


class TestDateContradictsOrder:
    """PL202 date-contradicts-order."""

    def test_gap_contradicts_dates(self) -> None:
        """A funeral a year after the death, with a one-month max gap."""
        story = Story(
            works=season(2),
            events=[ev("death", "s1e01", "2019-03-01"), ev("funeral", "s1e02", "2020-03-10")],
            constraints=[Constraint("death", "funeral", max_gap=Duration.parse("P1M"))],
        )
        (finding,) = findings(story, "PL202")
        assert "'funeral'" in finding.message
        assert finding.related
        assert codes(story) == ["PL202"]

    def test_dates_within_gap_are_fine(self) -> None:
        """Dates that meet the gap are fine."""
        story = Story(
            works=season(2),
            events=[ev("death", "s1e01", "2019-03-01"), ev("funeral", "s1e02", "2019-03-10")],
            constraints=[Constraint("death", "funeral", max_gap=Duration.parse("P1M"))],
        )
        assert codes(story) == []


class TestTellingOrderConflict:
    """PL203 telling-order-conflict."""

    def test_duplicate_number(self) -> None:
        """Two episode 3s are a finding."""
        works = [*season(3), Work("s1e03b", parent="s1", kind="episode", number=3)]
        (finding,) = findings(Story(works=works), "PL203")
        assert finding.subjects == ("s1e03b", "s1e03")

    def test_missing_number(self) -> None:
        """Episodes 1, 2 and 4 of a season that declares its count: number 3 is missing."""
        episodes = [w for w in season(4)[1:] if w.id != "s1e03"]
        works = [Work("s1", kind="season", number=1, episode_count=4), *episodes]
        (finding,) = findings(Story(works=works), "PL203")
        assert "numbered 1, 2, 4: number 3 is missing" in finding.message
        assert "to the parent 's1'" in finding.message
        assert finding.subjects == ("s1",)

    def test_complete_parent_has_gaps(self) -> None:
        """``complete = true`` says every child is listed: a gap is a finding."""
        works = [
            Work("book", kind="novel", complete=True),
            Work("ch01", parent="book", kind="chapter", number=1),
            Work("ch03", parent="book", kind="chapter", number=3),
        ]
        (finding,) = findings(Story(works=works), "PL203")
        assert "number 2 is missing" in finding.message

    def test_sparse_children_are_fine(self) -> None:
        """A parent with no count and not complete may list only some children."""
        works = [
            Work("book", kind="novel"),
            Work("ch03", parent="book", kind="chapter", number=3),
            Work("ch07", parent="book", kind="chapter", number=7),
            Work("ch17", parent="book", kind="chapter", number=17),
        ]
        assert findings(Story(works=works), "PL203") == []

    def test_sparse_children_still_repeat(self) -> None:
        """Without a count, a repeated number is still a finding."""
        works = [
            Work("book", kind="novel"),
            Work("ch03", parent="book", kind="chapter", number=3),
            Work("ch03b", parent="book", kind="chapter", number=3),
        ]
        (finding,) = findings(Story(works=works), "PL203")
        assert finding.subjects == ("ch03b", "ch03")
        assert "to the work 'ch03b'" in finding.message

    def test_top_level_gaps_are_fine(self) -> None:
        """Top-level works have no parent to declare them complete: gaps never fire."""
        works = [Work("film-1", kind="film", number=1), Work("film-4", kind="film", number=4)]
        assert findings(Story(works=works), "PL203") == []

    def test_specials_and_gaps_in_order_are_fine(self) -> None:
        """Specials are numbered apart; ``order`` may have gaps."""
        works = [*season(2), Work("xmas", parent="s1", kind="special", number=1)]
        events = [ev("a", "s1e01", order=10), ev("b", "s1e01", order=30)]
        assert codes(Story(works=works, events=events)) == []

    def test_duplicate_order(self) -> None:
        """Two events at one position of one work are a finding."""
        events = [ev("a", "s1e01", order=1), ev("b", "s1e01", order=1), ev("c", "s1e02", order=1)]
        (finding,) = findings(Story(works=season(2), events=events), "PL203")
        assert finding.subjects == ("b", "a")

    def test_parent_cycle(self) -> None:
        """Works that are each other's parents are a finding."""
        works = [Work("a", parent="b"), Work("b", parent="a")]
        (finding,) = findings(Story(works=works), "PL203")
        assert "cycle of parents" in finding.message


class TestUnmarkedFlashback:
    """PL204 unmarked-flashback."""

    def test_dated_present_event_before_earlier_told(self) -> None:
        """A present-mode event dated before one told earlier is a finding."""
        story = Story(
            works=season(3),
            events=[ev("wedding", "s1e01", "2020-06-01"), ev("first-date", "s1e03", "2015-02-14")],
        )
        (finding,) = findings(story, "PL204")
        assert finding.subjects == ("first-date", "wedding")
        assert 'mode = \\"flashback\\"' not in finding.message
        assert 'mode = "flashback"' in finding.message
        assert codes(story) == ["PL204"]

    def test_marked_flashback_is_fine(self) -> None:
        """The same event marked as a flashback is fine."""
        story = Story(
            works=season(3),
            events=[
                ev("wedding", "s1e01", "2020-06-01"),
                ev("first-date", "s1e03", "2015-02-14", mode="flashback"),
            ],
        )
        assert codes(story) == []


class TestFlashbackNotPast:
    """PL205 flashback-not-past."""

    def test_flashback_after_present_fires(self) -> None:
        """A flashback dated after the present it is told in is a finding."""
        story = Story(
            works=season(1),
            events=[
                ev("trial", "s1e01", "2021-03-01", order=1),
                ev("arrest", "s1e01", "2021-05-01", order=2, mode="flashback"),
            ],
        )
        (finding,) = findings(story, "PL205")
        assert finding.subjects == ("arrest", "trial")
        assert codes(story) == ["PL205"]

    def test_flashback_in_the_past_or_undated_is_fine(self) -> None:
        """Past and undated flashbacks, and flashbacks told first, are fine."""
        story = Story(
            works=season(2),
            events=[
                ev("opening", "s1e01", "2022", order=1, mode="flashback"),
                ev("trial", "s1e01", "2021-03-01", order=2),
                ev("arrest", "s1e01", "2020-11-01", order=3, mode="flashback"),
                ev("memory", "s1e02", mode="flashback"),
            ],
        )
        assert codes(story) == []

    def test_constraint_makes_it_future(self) -> None:
        """A constraint that puts the flashback after its present is a finding."""
        story = Story(
            works=season(1),
            events=[
                ev("trial", "s1e01", order=1),
                ev("arrest", "s1e01", order=2, mode="flashback"),
            ],
            constraints=[Constraint("trial", "arrest")],
        )
        assert [f.code for f in findings(story, "PL205")] == ["PL205"]


class TestSparseChaptersInARealBible:
    """PL203 on the Harry Potter bible, which lists only the chapters it uses."""

    def test_sparse_chapters_are_quiet(self) -> None:
        """Books 1-3 skip chapter numbers and declare no count: no PL203."""
        from conftest import EXAMPLES
        from plotline._io import load

        report = check(load(EXAMPLES / "harry-potter"), select=["PL203"], config=Config())
        assert report.active == ()


class TestStoryOrderAcrossWorks:
    """PL204 and PL205 compare events of one chain, and never time travel or false accounts."""

    @staticmethod
    def prequel(continues: bool) -> Story:
        """IV told before I, and a constraint that I happens first."""
        return Story(
            works=[Work("iv", number=1), Work("i", number=2, continues=continues)],
            events=[ev("iv-1", "iv"), ev("iv-2", "iv"), ev("i-1", "i"), ev("i-2", "i")],
            constraints=[Constraint(before="i", after="iv")],
        )

    def test_a_prequel_that_does_not_continue_is_quiet(self) -> None:
        """``continues = false`` starts a new chain: no unmarked flashback, no conflict."""
        assert codes(self.prequel(continues=False)) == []

    def test_the_same_prequel_in_one_chain_is_an_unmarked_flashback(self) -> None:
        """Told as a continuation, the prequel's events happen before events told earlier."""
        found = findings(self.prequel(continues=True), "PL204")
        assert [f.subjects[0] for f in found] == ["i-1", "i-2"]
        assert "'i' must come before 'iv'" in found[0].message

    def test_time_travel_is_no_unmarked_flashback(self) -> None:
        """A trip to 1869 told after 2005 is placed by its date: no PL204, no PL205."""
        story = Story(
            works=[Work("e1", number=1), Work("e2", number=2)],
            events=[
                ev("home", "e1", when="2005-03-01"),
                ev("trip", "e2", when="1869-12-24", mode="time-travel"),
                ev("lie", "e2", when="2006-01-01", mode="false-account"),
            ],
        )
        assert codes(story, select=["PL2"]) == []
        dated_present = attrs.evolve(story.events[1], mode="present")
        naive = attrs.evolve(story, events=[story.events[0], dated_present])
        assert codes(naive, select=["PL2"]) == ["PL204"]


class TestUnmarkedFlashbackAndConflicts:
    """PL204 leaves events caught in a contradiction of hard facts to PL201 and PL202."""

    def test_earlier_event_in_a_conflict_is_left_to_pl202(self) -> None:
        """'c' is dated before 'b', but 'b' is in a PL202 conflict: one finding, PL202's."""
        story = Story(
            works=season(3),
            events=[
                ev("a", "s1e01", "2020-06-01"),
                ev("b", "s1e02", "2020-07-01"),
                ev("c", "s1e03", "2015-02-14"),
            ],
            constraints=[Constraint("a", "b", max_gap=Duration.parse("P1D"))],
        )
        assert codes(story) == ["PL202"]

    def test_later_event_in_a_conflict_is_left_to_pl202(self) -> None:
        """'d' is dated before 'a' and in a conflict with it: no PL204 for 'd'."""
        story = Story(
            works=season(3),
            events=[ev("a", "s1e01", "2020-06-01"), ev("d", "s1e03", "2015-02-10")],
            constraints=[Constraint("a", "d")],
        )
        assert codes(story) == ["PL202"]

    def test_outside_the_conflict_still_fires(self) -> None:
        """An override between events outside any conflict is still reported."""
        story = Story(
            works=season(4),
            events=[
                ev("a", "s1e01", "2020-06-01"),
                ev("b", "s1e02", "2020-07-01"),
                ev("x", "s1e03", "2021-01-01"),
                ev("y", "s1e04", "2020-12-01"),
            ],
            constraints=[Constraint("a", "b", max_gap=Duration.parse("P1D"))],
        )
        pl204 = findings(story, "PL204")
        assert [f.subjects for f in pl204] == [("y", "x")]


class TestFlashbackNotPastModes:
    """PL205 is about flashbacks only, and about the present told just before each."""

    def test_dreams_visions_and_recaps_after_the_present_are_fine(self) -> None:
        """A vision of the future, a dream or a recap dated after the present: no PL205."""
        story = Story(
            works=season(1),
            events=[
                ev("trial", "s1e01", "2021-03-01", order=1),
                ev("omen", "s1e01", "2021-05-01", order=2, mode="vision"),
                ev("nightmare", "s1e01", "2021-05-02", order=3, mode="dream"),
                ev("previously", "s1e01", "2021-05-03", order=4, mode="recap"),
            ],
        )
        assert findings(story, "PL205") == []
        flash = story.evolve(
            events=(
                *story.events,
                ev("arrest", "s1e01", "2021-05-04", order=5, mode="flashback"),
            )
        )
        (finding,) = findings(flash, "PL205")
        assert finding.subjects == ("arrest", "trial")

    def test_the_present_is_the_one_told_just_before(self) -> None:
        """A flashback after the first present but before the latest one is in the past."""
        story = Story(
            works=season(1),
            events=[
                ev("trial", "s1e01", "2021-03-01", order=1),
                ev("verdict", "s1e01", "2021-06-01", order=2),
                ev("arrest", "s1e01", "2021-05-01", order=3, mode="flashback"),
            ],
        )
        assert findings(story, "PL205") == []


class TestConflictOptOuts:
    """Each conflict's message names its own rule's opt-out."""

    def test_cycle_names_pl201_and_infeasible_names_pl202(self) -> None:
        """A cycle offers `allow = ["PL201"]`; dates that cannot hold offer PL202's."""
        cycle = Story(
            works=season(1),
            events=[ev(x, "s1e01", mode="flashback") for x in "ab"],
            constraints=[Constraint("a", "b"), Constraint("b", "a")],
        )
        (finding,) = findings(cycle, "PL201")
        assert 'allow = ["PL201"]' in finding.message
        dates = Story(
            works=season(2),
            events=[ev("death", "s1e01", "2019-03-01"), ev("funeral", "s1e02", "2020-03-10")],
            constraints=[Constraint("death", "funeral", max_gap=Duration.parse("P1M"))],
        )
        (finding,) = findings(dates, "PL202")
        assert 'allow = ["PL202"]' in finding.message
