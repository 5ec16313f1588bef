"""Tests for the thread rules PL401-PL404 and the arc rules PL411-PL413."""

from __future__ import annotations

from typing import Any

from conftest import EXAMPLES
from plotline._check import Config, check
from plotline._io import load
from plotline._model import Arc, Event, Story, Thread, Work


def season(count: int, sid: str = "s1", number: int = 1) -> list[Work]:
    """A season with ``count`` episodes named ``s1e01``…"""
    works = [Work(sid, kind="season", number=number)]
    works += [
        Work(f"{sid}e{i:02d}", parent=sid, kind="episode", number=i) for i in range(1, count + 1)
    ]
    return works


def codes(story: Story, **kw: Any) -> list[str]:
    """The codes of the active findings of a check with no project config."""
    return [f.code for f in check(story, config=Config(), **kw)]


def findings(story: Story, code: str, **kw: Any) -> list[Any]:
    """The active findings of one rule."""
    return list(check(story, select=[code], config=Config(), **kw))


def thread_story(*events: Event, status: str | None = None, **thread: Any) -> Story:
    """One thread, "murder", with the given events over twelve episodes."""
    return Story(
        works=season(12), threads=[Thread("murder", status=status, **thread)], events=events
    )


OPEN = Event("body", told_in="s1e01", opens=["murder"])
SOLVED = Event("unmasked", told_in="s1e04", resolves=["murder"])


class TestUnresolvedThread:
    """PL401 unresolved-thread."""

    def test_never_resolved_fires(self) -> None:
        """A thread no event resolves, without a status, is a finding."""
        (finding,) = findings(thread_story(OPEN), "PL401")
        assert finding.subjects == ("murder",)
        assert "sequel-hook" in finding.message

    def test_declared_statuses_are_fine(self) -> None:
        """Open, sequel-hook, abandoned and resolved threads are declared."""
        for status in ("open", "sequel-hook", "abandoned", "resolved"):
            assert findings(thread_story(OPEN, status=status), "PL401") == []

    def test_resolving_event_is_fine(self) -> None:
        """A resolving event resolves the thread."""
        assert codes(thread_story(OPEN, SOLVED)) == []

    def test_empty_thread_is_pl404s(self) -> None:
        """A thread without events is reported once, by PL404."""
        assert codes(thread_story()) == ["PL404"]


class TestThreadOrder:
    """PL402 thread-order."""

    def test_resolved_before_opened_fires(self) -> None:
        """A resolution told before the opening is a finding."""
        early = Event("early", told_in="s1e01", resolves=["murder"])
        late_open = Event("late", told_in="s1e03", opens=["murder"])
        (finding,) = findings(thread_story(early, late_open), "PL402")
        assert "before it is opened" in finding.message

    def test_events_after_resolution_fire(self) -> None:
        """A present-mode event after the resolution is a finding."""
        clue = Event("clue", told_in="s1e05", threads=["murder"])
        clue2 = Event("clue2", told_in="s1e06", threads=["murder"])
        (finding,) = findings(thread_story(OPEN, SOLVED, clue, clue2), "PL402")
        assert finding.subjects == ("murder", "clue")
        assert "(and 1 more)" in finding.message

    def test_flashback_after_resolution_is_fine(self) -> None:
        """Flashbacks may revisit a closed thread."""
        memory = Event("memory", told_in="s1e05", threads=["murder"], mode="flashback")
        assert codes(thread_story(OPEN, SOLVED, memory)) == []

    def test_cycle_of_parents_is_one_finding(self) -> None:
        """Threads whose parents form a cycle are reported once, at the first in the file."""
        story = Story(
            threads=[
                Thread("a", parent="b"),
                Thread("b", parent="a"),
                Thread("c", parent="a"),
                Thread("self", parent="self"),
                Thread("root"),
                Thread("leaf", parent="root"),
            ]
        )
        found = findings(story, "PL402")
        assert [f.subjects for f in found] == [("a", "b"), ("self",)]
        assert "threads a → b → a form a cycle of parents" in found[0].message


class TestDormantThread:
    """PL403 dormant-thread."""

    def test_long_gap_fires(self) -> None:
        """Six installments without the thread exceed the default of five."""
        late = Event("late", told_in="s1e08", resolves=["murder"])
        (finding,) = findings(thread_story(OPEN, late), "PL403")
        assert "absent for 6 installments, from s1e02 to s1e07," in finding.message

    def test_gap_at_limit_is_fine(self) -> None:
        """Five installments without the thread are allowed."""
        late = Event("late", told_in="s1e07", resolves=["murder"])
        assert codes(thread_story(OPEN, late)) == []

    def test_option_raises_limit(self) -> None:
        """``dormant_installments`` raises the limit."""
        late = Event("late", told_in="s1e08", resolves=["murder"])
        story = thread_story(OPEN, late)
        assert findings(story, "PL403", options={"dormant_installments": 6}) == []

    def test_allow_on_thread(self) -> None:
        """``allow`` on the thread suppresses."""
        late = Event("late", told_in="s1e08", resolves=["murder"])
        assert findings(thread_story(OPEN, late, allow=["PL403"]), "PL403") == []


class TestEmptyThread:
    """PL404 empty-thread."""

    def test_no_events_fires(self) -> None:
        """A thread no event touches is a finding."""
        (finding,) = findings(thread_story(), "PL404")
        assert finding.subjects == ("murder",)

    def test_parent_of_busy_child_is_fine(self) -> None:
        """A parent thread lives through its children."""
        story = Story(
            works=season(2),
            threads=[Thread("saga", status="open"), Thread("murder", parent="saga")],
            events=[Event("body", told_in="s1e01", opens=["murder"], resolves=[])],
        )
        assert findings(story, "PL404") == []


def arcs_story(*arcs: Arc) -> Story:
    """Twelve episodes and the given arcs."""
    return Story(works=season(12), arcs=arcs)


class TestArcOverlap:
    """PL411 arc-overlap."""

    def test_overlapping_arcs_fire(self) -> None:
        """Two level-1 arcs sharing an episode overlap."""
        story = arcs_story(Arc("a", "s1e01", "s1e06"), Arc("b", "s1e06", "s1e12"))
        (finding,) = findings(story, "PL411")
        assert finding.subjects == ("b", "a")
        assert codes(story) == ["PL411"]

    def test_adjacent_arcs_and_other_levels_are_fine(self) -> None:
        """Adjacent arcs and nested arcs on another level are fine."""
        story = arcs_story(
            Arc("a", "s1e01", "s1e06"),
            Arc("b", "s1e07", "s1e12"),
            Arc("inner", "s1e02", "s1e03", level=2),
        )
        assert codes(story) == []

    def test_season_as_arc_boundary(self) -> None:
        """An arc may start or end at a season: its first or last episode."""
        works = [*season(3), *season(3, "s2", 2)]
        story = Story(works=works, arcs=[Arc("a", "s1", "s1"), Arc("b", "s1e03", "s2")])
        assert [f.code for f in findings(story, "PL411")] == ["PL411"]


class TestArcGap:
    """PL412 arc-gap."""

    def test_gap_between_arcs_fires(self) -> None:
        """Installments between two arcs of a level belong to none."""
        story = arcs_story(Arc("a", "s1e01", "s1e04"), Arc("b", "s1e07", "s1e12"))
        (finding,) = findings(story, "PL412")
        assert "s1e05 to s1e06" in finding.message
        assert codes(story) == ["PL412"]

    def test_before_first_and_after_last_are_fine(self) -> None:
        """Installments outside the span of a level's arcs are not gaps."""
        story = arcs_story(Arc("a", "s1e03", "s1e04"), Arc("b", "s1e05", "s1e08"))
        assert codes(story) == []


class TestArcLength:
    """PL413 arc-length."""

    def test_too_short_and_too_long_fire(self) -> None:
        """Lengths outside the declared bounds are findings."""
        story = arcs_story(
            Arc("short", "s1e01", "s1e02", min_length=3),
            Arc("long", "s1e03", "s1e12", max_length=6),
        )
        messages = {f.subjects[0]: f.message for f in findings(story, "PL413")}
        assert "fewer than its `min_length` of 3" in messages["short"]
        assert "more than its `max_length` of 6" in messages["long"]

    def test_within_bounds_is_fine(self) -> None:
        """A length within the bounds is fine."""
        story = arcs_story(Arc("ok", "s1e01", "s1e04", min_length=4, max_length=4))
        assert codes(story) == []

    def test_reversed_arc_fires(self) -> None:
        """An arc that ends before it starts is a finding."""
        (finding,) = findings(arcs_story(Arc("back", "s1e05", "s1e02")), "PL413")
        assert "swap" in finding.message


class TestThreadsInRealStories:
    """PL402 and PL403 with backstory, time travel and installments that are novels."""

    def test_backstory_after_resolution_is_fine(self) -> None:
        """Backstory is not told: it never goes on after a resolution."""
        backstory = Event("long-ago", threads=["murder"])
        assert findings(thread_story(OPEN, SOLVED, backstory), "PL402") == []

    def test_backstory_opening_is_not_told(self) -> None:
        """A resolution is not "before" an opening that is only backstory."""
        story = thread_story(SOLVED, Event("long-ago", opens=["murder"]))
        assert findings(story, "PL402") == []

    def test_time_travel_after_resolution_fires(self) -> None:
        """A time-travel scene is told in the present: after the resolution, it goes on."""
        trip = Event("trip", told_in="s1e06", mode="time-travel", threads=["murder"])
        (finding,) = findings(thread_story(OPEN, SOLVED, trip), "PL402")
        assert "to the thread 'murder'" in finding.message

    def test_chapters_are_not_installments(self) -> None:
        """Chapter 1 and chapter 20 of one novel: no gap; a novel between is no gap either."""
        works = [Work("b1", kind="novel", title="Book 1")]
        works += [Work(f"b1-{i:02d}", parent="b1", kind="chapter", number=i) for i in range(1, 21)]
        works += [Work("b2", kind="novel"), Work("b3", kind="novel")]
        events = [
            Event("a", told_in="b1-01", opens=["murder"]),
            Event("b", told_in="b1-20", threads=["murder"]),
            Event("c", told_in="b3", resolves=["murder"]),
        ]
        story = Story(works=works, threads=[Thread("murder")], events=events)
        assert findings(story, "PL403") == []
        (finding,) = findings(story, "PL403", options={"dormant_installments": 0})
        assert "absent for 1 installment, b2, more than 0" in finding.message

    def test_gap_named_by_title(self) -> None:
        """Installments with a title are named by it."""
        works = [Work(f"b{i}", kind="novel", title=f"Book {i}", number=i) for i in range(1, 5)]
        events = [
            Event("a", told_in="b1", opens=["murder"]),
            Event("c", told_in="b4", resolves=["murder"]),
        ]
        story = Story(works=works, threads=[Thread("murder")], events=events)
        (finding,) = findings(story, "PL403", options={"dormant_installments": 1})
        assert "from 'Book 2' (b2) to 'Book 3' (b3)" in finding.message
        assert "to the thread 'murder'" in finding.message

    def test_backstory_keeps_no_thread_alive(self) -> None:
        """A backstory event is told nowhere: it does not break a dormant stretch."""
        late = Event("late", told_in="s1e08", resolves=["murder"])
        story = thread_story(OPEN, late, Event("long-ago", threads=["murder"]))
        assert [f.code for f in findings(story, "PL403")] == ["PL403"]

    def test_hints_name_the_thread(self) -> None:
        """PL401 and PL404 send the opt-out to the thread by id."""
        (unresolved,) = findings(thread_story(OPEN), "PL401")
        assert "to the thread 'murder'" in unresolved.message
        (empty,) = findings(thread_story(), "PL404")
        assert "to the thread 'murder'" in empty.message


class TestRealBibles:
    """The thread rules stay quiet on the real bibles."""

    def test_no_thread_findings(self) -> None:
        """Backstory after a resolution, threads across novels: no PL4 finding anywhere."""
        for name in ("harry-potter", "star-wars", "doctor-who"):
            report = check(load(EXAMPLES / name), select=["PL4"], config=Config())
            assert [str(f) for f in report.active] == [], name


def two_seasons(*arcs: Arc) -> Story:
    """Two seasons of four episodes and the given arcs."""
    return Story(works=[*season(4), *season(4, "s2", 2)], arcs=arcs)


class TestArcBoundaries:
    """PL411-PL413 measure an arc from the first leaf of its start to the last leaf of its end."""

    def test_arc_starting_at_a_season(self) -> None:
        """An arc from season 2 to its third episode runs three episodes from s2e01."""
        story = two_seasons(Arc("a", "s2", "s2e03", min_length=3, max_length=3))
        assert codes(story) == []
        story = two_seasons(Arc("a", "s2", "s2e03", min_length=4))
        (finding,) = findings(story, "PL413")
        assert "runs 3 installments" in finding.message

    def test_arc_ending_at_a_season(self) -> None:
        """An arc from s1e03 to season 2 runs to s2e04: six episodes."""
        (finding,) = findings(two_seasons(Arc("a", "s1e03", "s2", max_length=5)), "PL413")
        assert "runs 6 installments" in finding.message

    def test_season_arc_overlaps_an_episode_arc(self) -> None:
        """An arc of season 2 overlaps an arc ending in s2e01."""
        story = two_seasons(Arc("a", "s1e01", "s2e01"), Arc("b", "s2", "s2"))
        (finding,) = findings(story, "PL411")
        assert finding.subjects == ("b", "a")
        assert codes(two_seasons(Arc("a", "s1e01", "s1"), Arc("b", "s2", "s2"))) == []

    def test_gap_before_a_season_arc(self) -> None:
        """An arc to s1e02 and an arc of season 2 leave s1e03 to s1e04 in no arc."""
        story = two_seasons(Arc("a", "s1e01", "s1e02"), Arc("b", "s2", "s2"))
        (finding,) = findings(story, "PL412")
        assert "installments s1e03 to s1e04 lie between" in finding.message

    def test_single_installment_arcs(self) -> None:
        """An arc of one episode is one installment long, and touches its neighbours only."""
        story = arcs_story(
            Arc("a", "s1e03", "s1e03", min_length=1, max_length=1),
            Arc("b", "s1e04", "s1e04"),
        )
        assert codes(story) == []
        (finding,) = findings(arcs_story(Arc("a", "s1e03", "s1e03", min_length=2)), "PL413")
        assert "runs 1 installments" in finding.message
        (finding,) = findings(arcs_story(Arc("a", "s1e03", "s1e03", max_length=0)), "PL413")
        assert "more than its `max_length` of 0" in finding.message

    def test_same_single_installment_twice_overlaps(self) -> None:
        """Two arcs of the same one episode overlap; a one-episode gap is a gap."""
        story = arcs_story(Arc("a", "s1e03", "s1e03"), Arc("b", "s1e03", "s1e03"))
        assert codes(story) == ["PL411"]
        (finding,) = findings(
            arcs_story(Arc("a", "s1e03", "s1e03"), Arc("b", "s1e05", "s1e05")), "PL412"
        )
        assert "installments s1e04 lie between" in finding.message

    def test_unknown_works_are_left_to_pl102(self) -> None:
        """An arc naming a work that does not exist gets PL102 only, never a crash."""
        story = arcs_story(
            Arc("a", "nope", "s1e03", min_length=5),
            Arc("b", "s1e02", "gone", max_length=1),
            Arc("c", "s1e01", "s1e06"),
        )
        assert sorted(codes(story)) == ["PL102", "PL102"]

    def test_arcs_listed_out_of_order(self) -> None:
        """Arcs are compared in telling order, whatever order the file lists them in."""
        story = arcs_story(Arc("b", "s1e07", "s1e12"), Arc("a", "s1e01", "s1e04"))
        (finding,) = findings(story, "PL412")
        assert finding.subjects == ("a", "b")
        assert "s1e05 to s1e06" in finding.message
        story = arcs_story(Arc("b", "s1e05", "s1e12"), Arc("a", "s1e01", "s1e06"))
        (finding,) = findings(story, "PL411")
        assert finding.subjects == ("b", "a")

    def test_compared_with_the_arc_reaching_furthest(self) -> None:
        """A short arc inside a long one does not hide a third arc's overlap with the long one."""
        story = arcs_story(
            Arc("long", "s1e01", "s1e10"),
            Arc("short", "s1e02", "s1e03"),
            Arc("late", "s1e05", "s1e06"),
            Arc("end", "s1e11", "s1e12"),
        )
        overlaps = sorted(f.subjects for f in findings(story, "PL411"))
        assert overlaps == [("late", "long"), ("short", "long")]
        assert findings(story, "PL412") == []

    def test_reversed_arcs_are_pl413s_only(self) -> None:
        """A reversed arc is no span: it overlaps nothing and leaves no gap."""
        story = arcs_story(
            Arc("a", "s1e01", "s1e04"), Arc("back", "s1e10", "s1e02"), Arc("b", "s1e05", "s1e12")
        )
        assert codes(story) == ["PL413"]
