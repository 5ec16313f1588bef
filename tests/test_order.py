"""Tests of plotline._order: tree order, telling order, story order and the solver."""

from __future__ import annotations

import itertools
import pickle
import tracemalloc
from collections import Counter
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import plotline
from plotline._model import Claim, Constraint, Event, Story, Work, cut_after
from plotline._order import (
    Bounds,
    Conflict,
    ConflictKind,
    Reason,
    ReasonKind,
    Solution,
    WorkProblemKind,
    WorksTree,
    solve,
)
from plotline._time import Duration, Instant, Interval, Relation, parse_time, relation
from plotline.exceptions import PlotlineError, UnknownWorkError
from strategies import stories, time_values

if TYPE_CHECKING:
    from collections.abc import Iterable

DAY = 86_400


def ev(id: str, told_in: str | None = "w", when: str | None = None, **kw: Any) -> Event:
    """An event told in work ``w`` by default, with ``when`` parsed from text."""
    return Event(id, told_in=told_in, when=None if when is None else parse_time(when), **kw)


def ids(events: Iterable[Event]) -> list[str]:
    """The ids of some events, in order."""
    return [event.id for event in events]


def one_work(*events: Event, constraints: Iterable[Constraint] = ()) -> Story:
    """A story of one work ``w`` telling ``events`` in file order."""
    return Story(works=[Work("w")], events=events, constraints=list(constraints))


def seconds(text: str) -> int:
    """The first second of a date."""
    return parse_time(text).lower


def positions(sequence: Iterable[Event]) -> dict[int, int]:
    """Record identity → index, so duplicate ids stay apart."""
    return {id(event): i for i, event in enumerate(sequence)}


# ---------------------------------------------------------------------------
# Works and the telling.


class TestTreeOrder:
    """Works in tree order: pre-order walk, siblings by number, then file order."""

    def test_pre_order_by_number(self) -> None:
        """Each work comes before its children; siblings go by number, not file order."""
        story = Story(
            works=[
                Work("s2", number=2),
                Work("s1e02", parent="s1", number=2),
                Work("s1", number=1),
                Work("s2e01", parent="s2", number=1),
                Work("s1e01", parent="s1", number=1),
            ]
        )
        solution = solve(story)
        assert ids(solution.works) == ["s1", "s1e01", "s1e02", "s2", "s2e01"]
        assert solution.work_pos == {"s1": 0, "s1e01": 1, "s1e02": 2, "s2": 3, "s2e01": 4}
        assert not solution.work_problems

    def test_unnumbered_after_numbered_in_file_order(self) -> None:
        """Works without a number follow the numbered ones, in file order; ties keep file order."""
        story = Story(
            works=[
                Work("special"),
                Work("b", number=2),
                Work("extra"),
                Work("a2", number=1),
                Work("a1", number=1),
            ]
        )
        assert ids(solve(story).works) == ["a2", "a1", "b", "special", "extra"]

    def test_missing_parent_is_placed_last_and_reported(self) -> None:
        """A work whose parent does not exist still appears, after the tree, with its children."""
        story = Story(
            works=[
                Work("lost", parent="nowhere", number=1),
                Work("s1", number=1),
                Work("lost-child", parent="lost"),
                Work("s1e01", parent="s1"),
            ]
        )
        solution = solve(story)
        assert ids(solution.works) == ["s1", "s1e01", "lost", "lost-child"]
        (problem,) = solution.work_problems
        assert problem.kind is WorkProblemKind.MISSING_PARENT
        assert problem.work.id == "lost"
        assert "'nowhere'" in problem.message

    def test_parent_cycle_is_cut_at_first_written(self) -> None:
        """Works in a cycle of parents are placed after the tree, cut at the one written first."""
        story = Story(
            works=[
                Work("x", parent="z"),
                Work("root"),
                Work("y", parent="x"),
                Work("z", parent="y"),
                Work("self", parent="self"),
                Work("hanger", parent="y"),
            ]
        )
        solution = solve(story)
        assert ids(solution.works) == ["root", "x", "y", "z", "hanger", "self"]
        cycle, loop = solution.work_problems
        assert cycle.kind is loop.kind is WorkProblemKind.PARENT_CYCLE
        assert cycle.work.id == "x"
        assert cycle.cycle == ("x", "z", "y")
        assert loop.cycle == ("self",)
        assert "cycle of parents" in cycle.message

    def test_misplaced_works_follow_in_file_order(self) -> None:
        """Works with a missing parent and cut cycles are appended together, in file order."""
        story = Story(
            works=[
                Work("cyc-a", parent="cyc-b"),
                Work("lost", parent="ghost"),
                Work("cyc-b", parent="cyc-a"),
                Work("top"),
            ]
        )
        solution = solve(story)
        assert ids(solution.works) == ["top", "cyc-a", "cyc-b", "lost"]
        assert [p.kind for p in solution.work_problems] == [
            WorkProblemKind.PARENT_CYCLE,
            WorkProblemKind.MISSING_PARENT,
        ]

    def test_duplicate_work_ids(self) -> None:
        """Both records of a repeated id are placed; children attach to the first."""
        story = Story(
            works=[Work("s", number=1), Work("s", number=2), Work("e", parent="s")],
        )
        solution = solve(story)
        assert [(w.id, w.number) for w in solution.works] == [("s", 1), ("e", None), ("s", 2)]
        assert solution.work_pos["s"] == 0


class TestTellingOrder:
    """Events by the tree position of their work, then ``order``, then file order."""

    def test_work_then_order_then_file(self) -> None:
        """Inside a work, ``order`` sorts; an unordered event follows the one written before it."""
        story = Story(
            works=[Work("e2", number=2), Work("e1", number=1)],
            events=[
                ev("late", told_in="e2"),
                ev("free1", told_in="e1"),
                ev("second", told_in="e1", order=2),
                ev("free2", told_in="e1"),
                ev("first", told_in="e1", order=1),
                ev("also-second", told_in="e1", order=2),
            ],
        )
        solution = solve(story)
        assert ids(solution.telling) == [
            "free1",  # written first in e1: nothing before it
            "first",
            "second",
            "free2",  # right after "second", written just before it
            "also-second",  # equal orders keep file order
            "late",
        ]
        assert solution.telling_pos["late"] == 5

    def test_untold_events_come_last(self) -> None:
        """Events with no ``told_in`` or an unknown work come last, in file order."""
        story = Story(
            works=[Work("w")],
            events=[
                ev("a", told_in=None),
                ev("b", told_in="ghost"),
                ev("c"),
                ev("d", told_in=None),
            ],
        )
        assert ids(solve(story).telling) == ["c", "a", "b", "d"]

    def test_duplicates_appear_and_positions_name_the_first(self) -> None:
        """A repeated event id stays in both orders; positions describe the first record."""
        story = Story(
            works=[Work("e1", number=1), Work("e2", number=2)],
            events=[ev("x", told_in="e2"), ev("y", told_in="e1"), ev("x", told_in="e1")],
        )
        solution = solve(story)
        assert [(e.id, e.told_in) for e in solution.telling] == [
            ("y", "e1"),
            ("x", "e1"),
            ("x", "e2"),
        ]
        assert solution.telling_pos["x"] == 2
        assert len(solution.chronology) == 3


# ---------------------------------------------------------------------------
# Story order.


class TestStoryOrder:
    """Dates and constraints place events; undated present events follow the telling."""

    def test_flashback_placed_by_its_date(self) -> None:
        """A dated flashback lands before events told earlier but dated later."""
        story = one_work(
            ev("wedding", when="2020-06-01"),
            ev("party", when="2020-06-02"),
            ev("first-date", when="2015-02-14", mode="flashback"),
        )
        solution = solve(story)
        assert ids(solution.chronology) == ["first-date", "wedding", "party"]
        assert solution.story_pos["first-date"] == 0
        assert not solution.overridden

    def test_undated_present_events_follow(self) -> None:
        """An undated present event happens after the present event told before it."""
        story = one_work(
            ev("dawn", when="2020-06-02"),
            ev("breakfast"),
            ev("memory", when="2020-06-01", mode="flashback"),
            ev("lunch"),
        )
        solution = solve(story)
        assert ids(solution.chronology) == ["memory", "dawn", "breakfast", "lunch"]
        assert solution.bounds["breakfast"].earliest == seconds("2020-06-02")
        assert solution.bounds["lunch"].earliest == seconds("2020-06-02")
        assert solution.bounds["breakfast"].latest is None

    def test_undated_chain_keeps_the_telling(self) -> None:
        """With no dates at all, story order is the telling order."""
        story = one_work(*(ev(x) for x in "abcde"))
        assert ids(solve(story).chronology) == list("abcde")

    def test_flashback_with_constraint_lands_before_its_event(self) -> None:
        """An undated flashback constrained before an event comes just before it."""
        story = one_work(
            ev("a"),
            ev("b"),
            ev("c"),
            ev("war", mode="flashback"),
            ev("d"),
            constraints=[Constraint("war", "c")],
        )
        assert ids(solve(story).chronology) == ["a", "b", "war", "c", "d"]

    def test_dream_without_facts_is_placed_deterministically(self) -> None:
        """A dream with no date or constraint sorts among the unknowns by its telling position."""
        story = one_work(
            ev("wake"),
            ev("news", when="2020-01-05"),
            ev("dream", mode="dream"),
            ev("later"),
        )
        first = ids(solve(story).chronology)
        assert first == ["wake", "dream", "news", "later"]
        assert ids(solve(attrs.evolve(story)).chronology) == first
        assert solve(story).bounds["dream"] == Bounds(None, None, None, None)

    def test_gaps_infer_bounds_for_an_undated_event(self) -> None:
        """min_gap and max_gap around an undated event bound its start and end."""
        story = one_work(
            ev("crash", when="2020-03-10", mode="flashback"),
            ev("funeral", mode="flashback"),
            ev("will", when="2020-04-01", mode="flashback"),
            constraints=[
                Constraint("crash", "funeral", min_gap=Duration("P3D"), max_gap=Duration("P1W")),
                Constraint("funeral", "will", min_gap=Duration("P2D")),
            ],
        )
        solution = solve(story)
        bounds = solution.bounds["funeral"]
        assert bounds.earliest == seconds("2020-03-13")
        assert bounds.latest_start == seconds("2020-03-18") - 1
        assert bounds.latest == seconds("2020-03-18") - 1
        assert not solution.conflicts
        assert ids(solution.chronology) == ["crash", "funeral", "will"]

    def test_implied_order_bounds_earlier_events_from_above(self) -> None:
        """An undated event before a dated one in the telling ends by that date."""
        story = one_work(
            ev("quarrel"),
            ev("storm"),
            ev("flood", when="2020-05-03", mode="flashback"),
            constraints=[Constraint("storm", "flood")],
        )
        solution = solve(story)
        assert solution.bounds["quarrel"].latest == seconds("2020-05-04") - 1
        assert solution.bounds["quarrel"].earliest is None
        assert not solution.bounds["quarrel"].is_bounded
        assert solution.bounds["flood"].is_bounded
        assert len(solution.bounds) == 3
        assert list(solution.bounds) == ["quarrel", "storm", "flood"]
        assert not solution.precedes("quarrel", "flood")  # only the implied order says so

    def test_month_precision_covers_the_month(self) -> None:
        """``2020-07`` agrees with ``2020-07-07`` but not with ``2020-08-01``."""
        fine = one_work(
            ev("a", when="2020-07"),
            ev("b", when="2020-07-07"),
            constraints=[Constraint("b", "a")],
        )
        assert not solve(fine).conflicts
        wrong = one_work(
            ev("a", when="2020-07"),
            ev("b", when="2020-08-01"),
            constraints=[Constraint("b", "a")],
        )
        assert [c.kind for c in solve(wrong).conflicts] == [ConflictKind.INFEASIBLE]

    def test_interval_holds_the_whole_event(self) -> None:
        """An event dated by an interval starts and ends inside it; a duration must fit."""
        story = one_work(
            ev("war", when="1939/1945", mode="flashback"),
            ev("peace", when="1946", mode="flashback"),
            constraints=[Constraint("war", "peace")],
        )
        solution = solve(story)
        assert not solution.conflicts
        assert solution.bounds["war"].latest == seconds("1946")
        too_long = one_work(ev("war", when="1939/1945", duration=Duration("P8Y")))
        (conflict,) = solve(too_long).conflicts
        assert [(r.kind, r.bound) for r in conflict.reasons] == [
            (ReasonKind.DATE, "lower"),
            (ReasonKind.DURATION, "min"),
            (ReasonKind.DATE, "upper"),
        ]

    def test_unknown_events_in_constraints_are_skipped(self) -> None:
        """A constraint naming a missing event is ignored (PL102 reports it)."""
        story = one_work(ev("a"), ev("b"), constraints=[Constraint("b", "ghost")])
        solution = solve(story)
        assert not solution.conflicts
        assert ids(solution.chronology) == ["a", "b"]

    def test_constraints_attach_to_the_first_duplicate(self) -> None:
        """With a repeated id, constraints and lookups use the first record."""
        story = one_work(
            ev("x", when="2020-01-10", mode="flashback"),
            ev("y", when="2020-01-05", mode="flashback"),
            ev("x", when="2020-01-01", mode="flashback"),
            constraints=[Constraint("y", "x")],
        )
        solution = solve(story)
        assert not solution.conflicts
        assert solution.bounds["x"].earliest == seconds("2020-01-10")
        assert [e.when for e in solution.chronology] == [
            parse_time("2020-01-01"),
            parse_time("2020-01-05"),
            parse_time("2020-01-10"),
        ]


class TestConflicts:
    """Contradicting hard facts, each explained by the smallest set of facts."""

    def test_three_cycle_reported_with_its_constraints(self) -> None:
        """A 3-cycle is reported with exactly its three constraints, even in a bigger tangle."""
        a_b, b_c, c_a = Constraint("a", "b"), Constraint("b", "c"), Constraint("c", "a")
        longer = [Constraint("c", "d"), Constraint("d", "e"), Constraint("e", "f")]
        story = one_work(
            *(ev(x, mode="flashback") for x in "abcdef"),
            constraints=[*longer, Constraint("f", "a"), a_b, b_c, c_a],
        )
        (conflict,) = solve(story).conflicts
        assert conflict.kind is ConflictKind.CYCLE
        assert conflict.events == ("a", "b", "c")
        assert [r.record for r in conflict.reasons] == [a_b, b_c, c_a]
        assert conflict.message == (
            "ordering cycle: 'a' must come before 'b' (constraint), 'b' must come before 'c' "
            "(constraint), 'c' must come before 'a' (constraint)"
        )

    def test_shortest_cycle_through_a_diamond(self) -> None:
        """Two paths that meet again still give one shortest cycle; edges out are ignored."""
        story = one_work(
            *(ev(x, mode="flashback") for x in "abcde"),
            constraints=[
                Constraint("b", "e"),
                Constraint("a", "b"),
                Constraint("a", "c"),
                Constraint("b", "d"),
                Constraint("c", "d"),
                Constraint("d", "a"),
            ],
        )
        (conflict,) = solve(story).conflicts
        assert conflict.events == ("a", "b", "d")

    def test_self_constraint_is_a_cycle(self) -> None:
        """An event constrained before itself is a cycle of one."""
        loop = Constraint("a", "a", id="oops")
        (conflict,) = solve(one_work(ev("a"), constraints=[loop])).conflicts
        assert conflict.kind is ConflictKind.CYCLE
        assert conflict.reasons == (Reason(ReasonKind.CONSTRAINT, loop, "min"),)
        assert "constraint 'oops'" in conflict.message

    def test_each_tangle_reports_one_cycle(self) -> None:
        """Two separate cycles are two conflicts; their events still get an order."""
        story = one_work(
            *(ev(x) for x in "abcd"),
            constraints=[
                Constraint("b", "a"),
                Constraint("a", "b"),
                Constraint("d", "c"),
                Constraint("c", "d"),
            ],
        )
        solution = solve(story)
        assert [c.events for c in solution.conflicts] == [("a", "b"), ("c", "d")]
        assert ids(solution.chronology) == list("abcd")

    def test_dates_against_constraints_minimal_explanation(self) -> None:
        """Dates that contradict a chain of constraints are explained by exactly those facts."""
        a_x = Constraint("a", "x")
        x_b = Constraint("x", "b")
        story = one_work(
            ev("z", when="2020-07-01", mode="flashback"),
            ev("a", when="2020-07-10", mode="flashback"),
            ev("x", mode="flashback"),
            ev("b", when="2020-07-05", mode="flashback"),
            ev("c", when="2020-07-20", mode="flashback"),
            constraints=[Constraint("z", "a"), a_x, x_b, Constraint("z", "c")],
        )
        (conflict,) = solve(story).conflicts
        assert conflict.kind is ConflictKind.INFEASIBLE
        assert conflict.events == ("a", "x", "b")
        index = story.event_index
        assert conflict.reasons == (
            Reason(ReasonKind.DATE, index["a"], "lower"),
            Reason(ReasonKind.CONSTRAINT, a_x, "min"),
            Reason(ReasonKind.CONSTRAINT, x_b, "min"),
            Reason(ReasonKind.DATE, index["b"], "upper"),
        )
        assert conflict.message == (
            "these facts cannot all hold: 'a' is dated 2020-07-10, 'a' must come before 'x' "
            "(constraint), 'x' must come before 'b' (constraint), 'b' is dated 2020-07-05"
        )
        assert_minimal(story, conflict)

    def test_max_gap_against_dates(self) -> None:
        """A max gap too short for the dates is explained through the instants between."""
        story = one_work(
            ev("a", when="2020-07-10", mode="flashback"),
            ev("u", mode="flashback"),
            ev("b", when="2020-07-20", mode="flashback"),
            constraints=[
                Constraint("a", "u", max_gap=Duration("P2D")),
                Constraint("u", "b", max_gap=Duration("P3D")),
            ],
        )
        (conflict,) = solve(story).conflicts
        assert conflict.kind is ConflictKind.INFEASIBLE
        kinds = Counter((r.kind, r.bound) for r in conflict.reasons)
        assert kinds == {
            (ReasonKind.DATE, "lower"): 1,
            (ReasonKind.DATE, "upper"): 1,
            (ReasonKind.CONSTRAINT, "max"): 2,
            (ReasonKind.DURATION, "max"): 2,
        }
        assert "'u' is taken as an instant (it has no duration)" in conflict.message
        longer = attrs.evolve(
            story,
            events=[
                *story.events[:1],
                attrs.evolve(story.events[1], duration=Duration("P1W")),
                *story.events[2:],
            ],
        )
        assert not solve(longer).conflicts

    def test_max_gap_pulls_a_date_back(self) -> None:
        """A date after the max gap allows is explained through that gap, back to the date."""
        gap = Constraint("b", "a", max_gap=Duration("P1D"))
        story = one_work(
            ev("a", when="2020-07-20", mode="flashback"),
            ev("b", when="2020-07-01", mode="flashback"),
            constraints=[gap],
        )
        (conflict,) = solve(story).conflicts
        index = story.event_index
        assert conflict.reasons == (
            Reason(ReasonKind.DATE, index["a"], "lower"),
            Reason(ReasonKind.CONSTRAINT, gap, "max"),
            Reason(ReasonKind.DURATION, index["b"], "max"),
            Reason(ReasonKind.DATE, index["b"], "upper"),
        )
        assert conflict.events == ("a", "b")

    def test_min_gap_above_max_gap(self) -> None:
        """A constraint whose min gap exceeds its max gap contradicts itself, dates or not."""
        bad = Constraint("a", "b", min_gap=Duration("P2D"), max_gap=Duration("P1D"))
        (conflict,) = solve(one_work(ev("a"), ev("b"), constraints=[bad])).conflicts
        assert conflict.kind is ConflictKind.INFEASIBLE
        assert [(r.record, r.bound) for r in conflict.reasons] == [(bad, "min"), (bad, "max")]
        assert "by at least P2D" in conflict.message
        assert "at most P1D after 'a'" in conflict.message

    def test_one_wrong_date_is_blamed_once(self) -> None:
        """Many events contradicting one date make one conflict per date bound, not per event."""
        events = [ev(f"d{i}", when=f"2020-07-{10 + i}", mode="flashback") for i in range(5)]
        wrong = ev("end", when="2020-07-01", mode="flashback")
        constraints = [Constraint(f"d{i}", "end") for i in range(5)]
        solution = solve(one_work(*events, wrong, constraints=constraints))
        assert len(solution.conflicts) == 1
        conflict = solution.conflicts[0]
        assert conflict.events[-1] == "end"

    def test_months_read_in_the_sense_that_allows_most(self) -> None:
        """A month gap is at least 28 days as a minimum, at most 31 as a maximum."""
        story = one_work(
            ev("a", when="2021-02-01", mode="flashback"),
            ev("b", when="2021-03-01", mode="flashback"),
            ev("c", when="2021-03-31", mode="flashback"),
            constraints=[
                Constraint("a", "b", min_gap=Duration("P1M")),
                Constraint("b", "c", max_gap=Duration("P1M")),
            ],
        )
        assert not solve(story).conflicts


def assert_minimal(story: Story, conflict: Conflict) -> None:
    """Drop each fact of ``conflict`` in turn: what remains of its facts must hold together."""
    keep = {id(r.record) for r in conflict.reasons if r.kind is ReasonKind.CONSTRAINT}
    dated = {r.record.id for r in conflict.reasons if r.kind is ReasonKind.DATE}

    def sub_story(constraints: set[int], dates: set[str]) -> Story:
        events = []
        for event in story.events:
            when = event.when if event.id in dates else None
            if when is None and isinstance(event.when, Interval) and event.duration is None:
                when = Interval(Instant(1), Instant(9999))  # keeps "any length"
            events.append(attrs.evolve(event, when=when))
        chosen = [c for c in story.constraints if id(c) in constraints]
        return attrs.evolve(story, events=events, constraints=chosen)

    assert solve(sub_story(keep, dated)).conflicts, "the facts alone must contradict"
    for record in keep:
        assert not solve(sub_story(keep - {record}, dated)).conflicts
    for event_id in dated:
        assert not solve(sub_story(keep, dated - {event_id})).conflicts


class TestImpliedOrder:
    """The soft present-mode rule gives way to hard facts and records an Override."""

    def test_a_coarse_date_told_later_follows_a_day_inside_it(self) -> None:
        """A year told after a day of that year comes after it: the telling says so, dates allow."""
        story = Story(
            works=[Work("e1", number=1), Work("e2", number=2), Work("e3", number=3)],
            events=[
                ev("arrival", told_in="e1", when="2000-06-09"),
                ev("that-year", told_in="e2", when="2000"),
                ev("spring", told_in="e3", when="2000-03"),  # dates put it first
            ],
        )
        solution = solve(story)
        assert ids(solution.chronology) == ["spring", "arrival", "that-year"]
        assert [o.event for o in solution.overridden] == ["spring"]

    def test_sorting_after_the_told_event_delays_nothing_that_must_come_first(self) -> None:
        """A day that dates put before a flashback stays before it (found by the precedes law)."""
        works = [Work(f"w{i}", complete=True, continues=i == 4) for i in range(5)]
        story = Story(
            works=works,
            events=[
                ev("e0", told_in="w0", when="2020-01-02/2020", mode="flashback"),
                ev("e1", told_in="w0", when="2020", duration="PT24H"),
                ev("e2", told_in="w4", when="2020-01-01"),
                ev("e3", told_in="w0", when="2020"),
            ],
        )
        solution = solve(story)
        assert solution.precedes("e2", "e0")
        assert solution.story_pos["e2"] < solution.story_pos["e0"]

    def test_overridden_soft_edge(self) -> None:
        """An undated present event forced before a present event told earlier is recorded."""
        story = Story(
            works=[Work("e1", number=1), Work("e2", number=2)],
            events=[
                ev("party", told_in="e1", when="2020-07-10"),
                ev("talk", told_in="e1"),
                ev("call", told_in="e2"),
                ev("letter", told_in="e2", when="2020-07-01", mode="flashback"),
            ],
            constraints=[Constraint("call", "letter")],
        )
        solution = solve(story)
        (override,) = solution.overridden
        assert (override.event, override.earlier) == ("call", "party")
        assert [r.kind for r in override.reason] == [
            ReasonKind.DATE,
            ReasonKind.CONSTRAINT,
            ReasonKind.DATE,
        ]
        assert "'call' is told after 'party' in present mode" in override.message
        assert not solution.conflicts
        assert ids(solution.chronology) == ["call", "letter", "party", "talk"]
        assert solution.precedes("call", "party")

    def test_override_by_a_chain_of_constraints(self) -> None:
        """With no dates, a constraint path to an earlier-told present event overrides."""
        story = one_work(
            ev("a"),
            ev("b"),
            ev("c"),
            constraints=[Constraint("c", "x0"), Constraint("x0", "a")],
        )
        story = attrs.evolve(story, events=[*story.events, ev("x0", mode="flashback")])
        solution = solve(story)
        (override,) = solution.overridden
        assert (override.event, override.earlier) == ("c", "a")
        assert [r.record for r in override.reason] == list(story.constraints)
        assert not solution.conflicts
        assert ids(solution.chronology) == ["c", "x0", "a", "b"]

    def test_dated_present_event_before_earlier_told(self) -> None:
        """A dated present event wholly before a present event told earlier is recorded too."""
        story = one_work(ev("wedding", when="2020-06-01"), ev("first-date", when="2015-02-14"))
        (override,) = solve(story).overridden
        assert (override.event, override.earlier) == ("first-date", "wedding")
        assert "happens before 'wedding'" in override.message
        marked = one_work(
            ev("wedding", when="2020-06-01"),
            ev("first-date", when="2015-02-14", mode="flashback"),
        )
        assert not solve(marked).overridden

    def test_overlap_with_earlier_event_overrides_follow(self) -> None:
        """An undated event that must start before a long earlier event ends cannot follow it."""
        story = one_work(
            ev("siege", when="2020-01-01", duration=Duration("P10D")),
            ev("sortie"),
            ev("relief", when="2020-01-05", mode="flashback"),
            constraints=[Constraint("sortie", "relief")],
        )
        (override,) = solve(story).overridden
        assert (override.event, override.earlier) == ("sortie", "siege")
        assert "starts before 'siege' ends" in override.message
        assert not solve(story).precedes("sortie", "siege")

    def test_implied_orders_that_only_together_contradict(self) -> None:
        """Implied orders plus gaps that outrun a date drop the later implied order."""
        story = one_work(
            ev("p1", when="2020-01-10"),
            ev("u1"),
            ev("p2"),
            ev("u2"),
            ev("z", when="2020-01-15", mode="flashback"),
            constraints=[Constraint("u1", "p2", min_gap=Duration("P10D")), Constraint("u2", "z")],
        )
        solution = solve(story)
        (override,) = solution.overridden
        assert (override.event, override.earlier) == ("u2", "p2")
        assert ReasonKind.IMPLIED in {r.kind for r in override.reason}
        implied = next(r for r in override.reason if r.kind is ReasonKind.IMPLIED)
        assert implied.describe() == "'u1' follows 'p1', told just before it in present mode"
        assert not solution.conflicts
        assert solution.bounds["u2"].earliest is None

    def test_implied_order_against_a_max_gap(self) -> None:
        """A max gap pulling an earlier event after a date defeats a later implied order."""
        story = one_work(
            ev("p1", when="2020-01-10"),
            ev("u1"),
            ev("p2"),
            ev("u2"),
            ev("w", mode="flashback"),
            ev("z", when="2020-01-15", mode="flashback"),
            constraints=[
                Constraint("u1", "w", min_gap=Duration("P10D")),
                Constraint("p2", "w", max_gap=Duration("P1D")),
                Constraint("u2", "z"),
            ],
        )
        solution = solve(story)
        assert [(o.event, o.earlier) for o in solution.overridden] == [("u2", "p2")]
        assert not solution.conflicts
        assert solution.bounds["p2"].earliest_end == seconds("2020-01-19")

    def test_implied_order_in_a_gap_cycle(self) -> None:
        """Implied order plus gaps that loop with no dates at all is dropped too."""
        story = one_work(
            ev("b"),
            ev("x"),
            ev("a", mode="flashback"),
            constraints=[
                Constraint("b", "a", max_gap=Duration("P1D")),
                Constraint("x", "a", min_gap=Duration("P2D")),
            ],
        )
        solution = solve(story)
        assert [(o.event, o.earlier) for o in solution.overridden] == [("x", "b")]
        assert not solution.conflicts


class TestPrecedes:
    """Solution.precedes: hard facts only, cheap, a strict partial order."""

    def test_by_dates_and_by_constraints(self) -> None:
        """Dates that do not overlap, or a constraint chain, force an order; nothing else does."""
        story = one_work(
            ev("a", when="2020-01-01"),
            ev("b", when="2020-01-02"),
            ev("c", when="2020-01"),
            ev("d"),
            ev("e", mode="flashback"),
            constraints=[Constraint("e", "d"), Constraint("d", "a")],
        )
        solution = solve(story)
        assert solution.precedes("a", "b")
        assert not solution.precedes("b", "a")
        assert not solution.precedes("a", "c")
        assert not solution.precedes("c", "b")
        assert solution.precedes("e", "a")
        assert solution.precedes("e", "b")
        assert not solution.precedes("a", "a")
        assert not solution.precedes("a", "ghost")
        assert not solution.precedes("b", "d")  # the implied order does not count

    def test_same_second_is_not_before(self) -> None:
        """Two instants at the same second do not precede each other; the next second does."""
        story = one_work(
            ev("a", when="2020-01-01T10:00:00"),
            ev("b", when="2020-01-01T10:00:00"),
            ev("c", when="2020-01-01T10:00:01"),
        )
        solution = solve(story)
        assert not solution.precedes("a", "b")
        assert not solution.precedes("b", "a")
        assert solution.precedes("a", "c")

    def test_abutting_intervals(self) -> None:
        """An event inside one day interval precedes one inside the next day's."""
        story = one_work(ev("a", when="2020-01-01/2020-01-01"), ev("b", when="2020-01-02/.."))
        assert solve(story).precedes("a", "b")

    def test_answers_are_remembered(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Repeated questions give the same answers, also once the memory is full and cleared."""
        import plotline._order._reach

        monkeypatch.setattr(plotline._order._reach, "MEMO_LIMIT", 2)
        story = one_work(
            *(ev(x, mode="flashback") for x in "abcd"),
            constraints=[Constraint("a", "b"), Constraint("b", "c"), Constraint("c", "d")],
        )
        solution = solve(story)
        pairs = [("a", "c"), ("a", "c"), ("a", "d"), ("b", "d"), ("c", "a"), ("a", "d")]
        assert [solution.precedes(x, y) for x, y in pairs] == [True, True, True, True, False, True]

    def test_long_chain_is_cheap(self) -> None:
        """A chain of 20 000 constraints answers many questions quickly (memoised, pruned)."""
        size = 20_000
        story = one_work(
            *(ev(f"e{i}", mode="flashback") for i in range(size)),
            constraints=[Constraint(f"e{i}", f"e{i + 1}") for i in range(size - 1)],
        )
        solution = solve(story)
        assert solution.precedes("e0", f"e{size - 1}")
        assert not solution.precedes(f"e{size - 1}", "e0")
        assert all(solution.precedes(f"e{i}", f"e{i + 7}") for i in range(0, size - 7, 50))


class TestAsOf:
    """Story.as_of / cut_after: the story as known after one installment."""

    def test_drops_later_events_and_what_names_them(self) -> None:
        """Events told later go, with their constraints and claims; untold events stay."""
        story = Story(
            works=[
                Work("s1", number=1),
                Work("e1", parent="s1", number=1),
                Work("e2", parent="s1", number=2),
                Work("s2", number=2),
                Work("e3", parent="s2", number=1),
            ],
            events=[
                ev("a", told_in="e1"),
                ev("b", told_in="e2"),
                ev("c", told_in="e3"),
                ev("backstory", told_in=None),
            ],
            constraints=[Constraint("a", "b"), Constraint("b", "c"), Constraint("a", "ghost")],
            claims=[
                Claim("c", "title", "The end", "wiki"),
                Claim("a", "title", "The start", "wiki"),
            ],
        )
        early = story.as_of("e1")
        assert ids(early.events) == ["a", "backstory"]
        assert early.constraints == (Constraint("a", "ghost"),)
        assert [claim.subject for claim in early.claims] == ["a"]
        assert early.works == story.works
        season = cut_after(story, "s1")
        assert ids(season.events) == ["a", "b", "backstory"]
        assert season.constraints == (Constraint("a", "b"), Constraint("a", "ghost"))
        assert cut_after(story, "e3") == story

    def test_unknown_work(self) -> None:
        """An unknown work id is an UnknownWorkError, also a KeyError, naming the closest id."""
        story = Story(works=[Work("s1e01"), Work("s2e05")])
        expected = r"^unknown work 's1e1' \(did you mean 's1e01'\?\)$"
        with pytest.raises(UnknownWorkError, match=expected):
            story.as_of("s1e1")
        with pytest.raises(KeyError) as caught:
            story.as_of("nope")
        assert isinstance(caught.value, PlotlineError)
        assert str(caught.value) == "unknown work 'nope'"
        assert caught.value.work == "nope"  # type: ignore[attr-defined]

    def test_unknown_work_error_pickles(self) -> None:
        """The error survives pickling (parallel checks send errors between processes)."""
        error = UnknownWorkError("s1e1", ["s1e01", "s2e05"])
        again = pickle.loads(pickle.dumps(error))
        assert str(again) == str(error) == "unknown work 's1e1' (did you mean 's1e01'?)"
        assert again.work == "s1e1"


class TestStoryKeepsNoSolverState:
    """The story is plain data; solving is plotline.solve, once per caller."""

    def test_no_solution_on_the_story(self) -> None:
        """Story has no solution attribute, cached or not."""
        story = one_work(ev("a"), ev("b"))
        assert not hasattr(Story, "solution")
        assert not hasattr(story, "solution")

    def test_solve_is_public(self) -> None:
        """plotline.solve and plotline.Solution are the public names of the solver."""
        assert plotline.solve is solve
        assert plotline.Solution is Solution
        assert {"solve", "Solution", "UnknownWorkError"} <= set(plotline.__all__)
        assert plotline.solve.__doc__
        assert plotline.Solution.__doc__

    def test_clock_methods_solve_each_call(self) -> None:
        """telling() and chronology() read a fresh solution, equal each time."""
        story = one_work(ev("a"), ev("b"))
        solution = solve(story)
        assert isinstance(solution, Solution)
        assert solution is not solve(story)
        assert story.telling() == story.chronology() == story.events == solution.telling
        assert story.works_in_order() == solution.works == story.works
        assert "2 events" in repr(solution)

    def test_solve_takes_any_orderable(self) -> None:
        """Anything with works, events and constraints can be solved, not only a Story."""

        @attrs.frozen
        class Facts:
            works: tuple[Work, ...] = ()
            events: tuple[Event, ...] = (Event("b"), Event("a"))
            constraints: tuple[Constraint, ...] = (Constraint("a", "b"),)

        solution = solve(Facts())
        assert ids(solution.chronology) == ["a", "b"]
        assert solution.precedes("a", "b")


class TestWorksTree:
    """The one works tree: shared by the solver, the checker and the views."""

    def story(self) -> Story:
        """A season of two episodes, a film, and a work with a missing parent."""
        return Story(
            works=[
                Work("s1", kind="season", number=1),
                Work("s1e02", parent="s1", number=2),
                Work("s1e01", parent="s1", number=1),
                Work("film", number=2),
                Work("lost", parent="nowhere"),
            ]
        )

    def test_tree_on_the_solution(self) -> None:
        """The solution's tree has the works, their positions and problems."""
        solution = solve(self.story())
        tree = solution.tree
        assert isinstance(tree, WorksTree)
        assert solution.works is tree.works
        assert solution.work_pos is tree.position
        assert solution.work_problems is tree.problems
        assert ids(tree.works) == ["s1", "s1e01", "s1e02", "film", "lost"]

    def test_family(self) -> None:
        """Parents, children, ancestors and chains follow the placed tree."""
        tree = WorksTree(self.story().works)
        assert tree.parent("s1e01") is tree.works[0]
        assert tree.parent("s1") is None
        assert tree.parent("lost") is None  # placed at the top level
        assert ids(tree.children(None)) == ["s1", "film", "lost"]
        assert ids(tree.children("s1")) == ["s1e01", "s1e02"]
        assert tree.children("s1e01") == ()
        assert list(tree.by_parent) == [None, "s1"]
        assert ids(tree.chain("s1e02")) == ["s1", "s1e02"]
        assert tree.chain("nope") == tree.chain(None) == ()
        assert dict(tree.ancestry) == {
            "s1": (),
            "s1e01": ("s1",),
            "s1e02": ("s1",),
            "film": (),
            "lost": (),
        }
        assert tree.within("s1e02", {"s1"})
        assert not tree.within("film", {"s1"})
        assert not tree.within(None, {"s1"})

    def test_spans(self) -> None:
        """Subtrees and leaf spans are intervals of positions."""
        tree = WorksTree(self.story().works)
        assert ids(tree.leaves) == ["s1e01", "s1e02", "film", "lost"]
        assert tree.leaf_span("s1") == (0, 1)
        assert tree.leaf_span("film") == (2, 2)
        assert tree.leaf_span("nope") is None
        assert tree.leaf_spans == {
            "s1": (0, 1),
            "s1e01": (0, 0),
            "s1e02": (1, 1),
            "film": (2, 2),
            "lost": (3, 3),
        }
        assert tree.subtree("s1") == (0, 2)
        assert tree.span("s1e02", "film") == (2, 3)
        assert tree.span("s1", "nope") is None
        assert len(tree) == 5
        assert "5 works" in repr(tree)

    def test_cut_cycle(self) -> None:
        """A cycle of parents is cut at its member written first, which becomes top-level."""
        tree = WorksTree([Work("a", parent="b"), Work("b", parent="a"), Work("c", parent="b")])
        assert ids(tree.works) == ["a", "b", "c"]
        assert tree.parent("a") is None
        assert ids(tree.chain("c")) == ["a", "b", "c"]
        assert tree.ancestry["c"] == ("b", "a")
        assert ids(tree.leaves) == ["c"]

    def test_deep_tree_in_bounded_memory(self) -> None:
        """A works tree 30,000 deep (each work the parent of the next) solves in linear memory."""
        depth = 30_000
        works = [Work("w0")] + [Work(f"w{i}", parent=f"w{i - 1}") for i in range(1, depth)]
        story = Story(works=works, events=[Event("end", told_in=f"w{depth - 1}")])
        tracemalloc.start()
        try:
            solution = solve(story)
            tree = solution.tree
            span = tree.leaf_span("w0")
            spans = tree.leaf_spans
            ancestors = tree.ancestry[f"w{depth - 1}"]
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 100 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
        assert span == (0, 0)
        assert len(spans) == depth
        assert len(ancestors) == depth - 1
        assert ids(tree.leaves) == [f"w{depth - 1}"]
        assert story.as_of("w1") == story


class TestReasonText:
    """Reasons read like an editor's note."""

    def test_descriptions(self) -> None:
        """Every kind of fact has a plain sentence."""
        event = ev("a", when="2020-07", duration=Duration("PT2H"))
        gap = Constraint("a", "b", max_gap=Duration("P3D"), id="c1")
        assert str(Reason(ReasonKind.DATE, event, "lower")) == "'a' is dated 2020-07"
        assert Reason(ReasonKind.DURATION, event, "min").describe() == "'a' lasts at least PT2H"
        assert Reason(ReasonKind.DURATION, event, "max").describe() == "'a' lasts at most PT2H"
        assert (
            Reason(ReasonKind.CONSTRAINT, gap, "max").describe()
            == "'b' must come at most P3D after 'a' (constraint 'c1')"
        )


# ---------------------------------------------------------------------------
# Laws.


class TestLaws:
    """Properties that hold for every story."""

    @given(stories(duplicates=True, broken_works=True))
    def test_orders_are_permutations(self, story: Story) -> None:
        """Telling and chronology hold every event exactly once; works every work."""
        solution = solve(story)
        everything = Counter(map(id, story.events))
        assert Counter(map(id, solution.telling)) == everything
        assert Counter(map(id, solution.chronology)) == everything
        assert Counter(map(id, solution.works)) == Counter(map(id, story.works))

    @given(stories(consistent=True))
    def test_consistent_facts_never_conflict(self, story: Story) -> None:
        """Facts drawn from one hidden timeline are never reported as contradictions."""
        assert solve(story).conflicts == ()

    @given(st.one_of(stories(consistent=True), stories()))
    def test_chronology_respects_constraints(self, story: Story) -> None:
        """Without conflicts, every constraint's events come in its order."""
        solution = solve(story)
        if solution.conflicts:
            return
        pos = solution.story_pos
        for constraint in story.constraints:
            if constraint.before in pos and constraint.after in pos:
                assert pos[constraint.before] < pos[constraint.after]

    @given(st.one_of(stories(consistent=True), stories(duplicates=True)))
    def test_dated_events_in_date_order(self, story: Story) -> None:
        """Without conflicts, dated events that do not overlap appear in date order."""
        solution = solve(story)
        if solution.conflicts:
            return
        pos = positions(solution.chronology)
        dated = [e for e in story.events if e.when is not None]
        for a, b in itertools.permutations(dated, 2):
            assert a.when is not None
            assert b.when is not None
            if relation(a.when, b.when) is Relation.BEFORE:
                assert pos[id(a)] < pos[id(b)], (a.id, b.id)

    @given(st.one_of(stories(consistent=True), stories()))
    def test_precedes_is_a_strict_partial_order(self, story: Story) -> None:
        """Without conflicts, precedes is a strict partial order that the chronology keeps."""
        solution = solve(story)
        if solution.conflicts:
            return
        keys = list(story.event_index)
        before = {(a, b) for a in keys for b in keys if solution.precedes(a, b)}
        for a in keys:
            assert (a, a) not in before
        for a, b in before:
            assert (b, a) not in before
            assert solution.story_pos[a] < solution.story_pos[b]
            for c in keys:
                if (b, c) in before:
                    assert (a, c) in before

    @given(stories(consistent=True), st.data())
    def test_unrelated_event_never_reorders(self, story: Story, data: st.DataObject) -> None:
        """Adding an unrelated event (not present-mode, or told last) leaves the others in order."""
        told_in = data.draw(st.sampled_from([None, *(w.id for w in story.works)]))
        mode = data.draw(st.sampled_from(["flashback", "dream", "vision", "recap"]))
        when = data.draw(st.none() | time_values())
        extra = Event("unrelated", told_in=told_in, mode=mode, when=when)
        last = Work("finale")
        extra_last = Event("unrelated", told_in="finale", when=when)
        base = solve(story)
        for bigger in (
            attrs.evolve(story, events=[*story.events, extra]),
            attrs.evolve(story, works=[*story.works, last], events=[*story.events, extra_last]),
        ):
            solution = solve(bigger)
            for old, new in (
                (base.telling, solution.telling),
                (base.chronology, solution.chronology),
            ):
                assert [e for e in new if e.id != "unrelated"] == list(old)

    @given(stories(consistent=True), st.data())
    def test_as_of_keeps_what_was_told(self, story: Story, data: st.DataObject) -> None:
        """as_of keeps exactly the events told up to the installment, and their constraints."""
        if not story.works:
            return
        work = data.draw(st.sampled_from(story.works))
        cut = story.as_of(work.id)
        solution = solve(story)
        descendants = {work.id}
        for other in solution.works:  # parents come before their children
            if other.parent in descendants:
                descendants.add(other.id)
        limit = max(solution.work_pos[w] for w in descendants)
        expected = [
            e
            for e in story.events
            if e.told_in not in solution.work_pos or solution.work_pos[e.told_in] <= limit
        ]
        assert list(cut.events) == expected
        kept = {e.id for e in cut.events}
        known = set(story.event_index)
        for constraint in cut.constraints:
            assert {constraint.before, constraint.after} & known <= kept

    @given(stories(with_durations=False, max_gaps=False, dated=0.7))
    def test_conflicts_are_minimal(self, story: Story) -> None:
        """Each conflict's facts contradict, and drop any one of them and the rest hold."""
        story = attrs.evolve(
            story, events=[attrs.evolve(e, mode="flashback") for e in story.events]
        )
        for conflict in solve(story).conflicts:
            assert conflict.reasons
            assert_minimal(story, conflict)


# ---------------------------------------------------------------------------
# Story order across works: chains, constraints on works, modes out of the chain.


def films(*, prequel_continues: bool = False, constraints: Iterable[Constraint] = ()) -> Story:
    """Two films told IV then I: I does not go on from IV (unless told it does)."""
    return Story(
        works=[Work("iv", number=1), Work("i", number=2, continues=prequel_continues)],
        events=[
            ev("iv-1", told_in="iv"),
            ev("iv-2", told_in="iv"),
            ev("i-1", told_in="i"),
            ev("i-2", told_in="i"),
        ],
        constraints=list(constraints),
    )


class TestChains:
    """``continues = false``: the telling implies story order along chains."""

    def test_prequel_starts_a_new_chain(self) -> None:
        """A prequel's first present event starts chain 1; a constraint on works joins the two."""
        solution = solve(films(constraints=[Constraint(before="i", after="iv")]))
        assert dict(solution.chains) == {"iv-1": 0, "iv-2": 0, "i-1": 1, "i-2": 1}
        assert ids(solution.chronology) == ["i-1", "i-2", "iv-1", "iv-2"]
        assert solution.overridden == ()
        assert solution.conflicts == ()

    def test_one_chain_makes_the_prequel_an_unmarked_flashback(self) -> None:
        """Without ``continues = false`` the same facts override the implied order."""
        solution = solve(films(prequel_continues=True, constraints=[Constraint("i", "iv")]))
        assert [o.event for o in solution.overridden] == ["i-1", "i-2"]
        assert set(solution.chains.values()) == {0}

    def test_chains_are_apart_without_a_constraint(self) -> None:
        """Two chains with nothing between them: neither orders the other."""
        solution = solve(films())
        assert not solution.precedes("iv-2", "i-1")
        assert solution.precedes("i-1", "i-2") is False  # the implied order is soft
        assert solution.story_pos["i-1"] < solution.story_pos["i-2"]

    def test_later_works_continue_the_new_chain(self) -> None:
        """Works after the one that does not continue go on from it, inside a season too."""
        story = Story(
            works=[
                Work("s1", number=1),
                Work("e1", parent="s1", number=1),
                Work("e2", parent="s1", number=2, continues=False),
                Work("e3", parent="s1", number=3),
                Work("s2", number=2),
                Work("e4", parent="s2", number=1),
            ],
            events=[ev(f"x{k}", told_in=f"e{k}") for k in range(1, 5)],
        )
        assert dict(solve(story).chains) == {"x1": 0, "x2": 1, "x3": 1, "x4": 1}

    def test_a_season_that_does_not_continue_restarts_at_its_first_event(self) -> None:
        """The restart is at the first present event told anywhere inside the work."""
        story = Story(
            works=[
                Work("s1", number=1),
                Work("s2", number=2, continues=False),
                Work("s2e1", parent="s2", number=1),
                Work("s2e2", parent="s2", number=2),
            ],
            events=[
                ev("a", told_in="s1"),
                ev("dream", told_in="s2e1", mode="dream"),
                ev("b", told_in="s2e1"),
                ev("c", told_in="s2e2"),
            ],
        )
        assert dict(solve(story).chains) == {"a": 0, "b": 1, "c": 1}

    def test_a_work_with_no_present_event_restarts_nothing(self) -> None:
        """A standalone that tells only a flashback leaves the chain as it was."""
        story = Story(
            works=[
                Work("w1", number=1),
                Work("w2", number=2, continues=False),
                Work("w3", number=3),
            ],
            events=[
                ev("a", told_in="w1"),
                ev("f", told_in="w2", mode="flashback"),
                ev("b", told_in="w3"),
            ],
        )
        assert dict(solve(story).chains) == {"a": 0, "b": 0}

    def test_overrides_compare_events_of_one_chain(self) -> None:
        """A date placing an event before an earlier chain is no override; within its own, it is."""
        story = Story(
            works=[Work("w1", number=1), Work("w2", number=2, continues=False)],
            events=[
                ev("a", told_in="w1", when="2020"),
                ev("b", told_in="w2", when="2010"),
                ev("c", told_in="w2", when="2005"),
            ],
        )
        solution = solve(story)
        assert [(o.event, o.earlier) for o in solution.overridden] == [("c", "b")]


class TestConstraintsOnWorks:
    """``before``/``after`` may name a work: the span of its present-mode events."""

    def test_work_before_an_event(self) -> None:
        """Every present event told in the work (and inside it) ends before the event."""
        story = Story(
            works=[Work("s1", number=1), Work("e1", parent="s1"), Work("s2", number=2)],
            events=[
                ev("late", told_in="s2"),
                ev("a", told_in="e1"),
                ev("b", told_in="s1"),
                ev("vision", told_in="e1", mode="vision"),
            ],
            constraints=[Constraint(before="s1", after="late")],
        )
        solution = solve(story)
        assert solution.precedes("a", "late")
        assert solution.precedes("b", "late")
        assert not solution.precedes("vision", "late")  # not present: not in the span

    def test_event_after_a_work(self) -> None:
        """``after`` a work: the event ends before every present event of the work starts."""
        story = one_work(ev("x", told_in=None), ev("a"), ev("b"))
        story = attrs.evolve(story, constraints=[Constraint(before="x", after="w")])
        solution = solve(story)
        assert solution.precedes("x", "a")
        assert solution.precedes("x", "b")

    def test_dates_flow_through_a_work(self) -> None:
        """A dated event bounds the events of the work a constraint names."""
        story = Story(
            works=[Work("w")],
            events=[ev("a"), ev("d", told_in=None, when="2000-01-01")],
            constraints=[Constraint(before="w", after="d")],
        )
        bounds = solve(story).bounds["a"]
        assert bounds.latest is not None
        assert bounds.latest < parse_time("2000-01-01").bounds[1]

    def test_work_with_no_present_event_binds_nothing(self) -> None:
        """A constraint on a work that tells no present-mode event is vacuous."""
        story = Story(
            works=[Work("empty"), Work("w")],
            events=[ev("f", told_in="empty", mode="flashback"), ev("a")],
            constraints=[Constraint(before="a", after="empty"), Constraint("empty", "a")],
        )
        solution = solve(story)
        assert solution.conflicts == ()
        assert not solution.precedes("a", "f")

    def test_an_event_id_wins_over_a_work_id(self) -> None:
        """Where an event and a work share an id, a constraint names the event."""
        story = Story(
            works=[Work("x"), Work("w")],
            events=[ev("x", told_in="w"), ev("inside", told_in="x"), ev("y")],
            constraints=[Constraint(before="y", after="x")],
        )
        solution = solve(story)
        assert solution.precedes("y", "x")
        assert not solution.precedes("y", "inside")

    def test_cycle_through_a_work_names_it(self) -> None:
        """A work that must come before one of its own events is a cycle naming the work."""
        story = one_work(ev("a"), ev("b"))
        story = attrs.evolve(story, constraints=[Constraint(before="w", after="b", id="c")])
        (conflict,) = solve(story).conflicts
        assert conflict.kind is ConflictKind.CYCLE
        assert conflict.events == ("b",)
        assert [r.kind for r in conflict.reasons] == [ReasonKind.TOLD_IN, ReasonKind.CONSTRAINT]
        assert conflict.message == (
            "'b' cannot come before itself: 'b' is told in 'w', "
            "'w' must come before 'b' (constraint 'c')"
        )

    def test_dates_against_a_work_constraint_name_the_work(self) -> None:
        """An infeasible work constraint explains itself through the event told in the work."""
        story = Story(
            works=[Work("iv", number=1), Work("i", number=2, continues=False)],
            events=[ev("iv-1", told_in="iv", when="1977"), ev("i-1", told_in="i", when="1999")],
            constraints=[Constraint(before="i", after="iv", id="saga")],
        )
        (conflict,) = solve(story).conflicts
        assert conflict.kind is ConflictKind.INFEASIBLE
        assert conflict.events == ("i-1", "iv-1")
        assert "'i-1' is told in 'i', 'i' must come before 'iv' (constraint 'saga')" in (
            conflict.message
        )
        assert "'iv-1' is told in 'iv'" in conflict.message

    def test_max_gap_runs_from_the_last_event_told(self) -> None:
        """``max_gap`` after a work: measured from the end of its last present event told."""
        story = Story(
            works=[Work("w", number=1), Work("v", number=2)],
            events=[
                ev("a", when="2000-01-01"),
                ev("b", when="2000-06-01"),
                ev("x", told_in="v", when="2000-06-20"),
            ],
            constraints=[Constraint(before="w", after="x", max_gap=Duration.parse("P7D"))],
        )
        (conflict,) = solve(story).conflicts
        assert conflict.kind is ConflictKind.INFEASIBLE
        assert "'b'" in conflict.message
        assert "'x' must come at most P7D after 'w'" in conflict.message

    def test_two_large_works_cost_their_sizes_not_their_product(self) -> None:
        """A constraint between two works of many events adds an edge per event, not per pair."""
        from plotline._order._solver import _Solver

        size = 2_000
        story = Story(
            works=[Work("a", number=1), Work("b", number=2)],
            events=[ev(f"{w}{k}", told_in=w) for w in "ab" for k in range(size)],
            constraints=[Constraint(before="b", after="a")],
        )
        solver = _Solver(story)
        assert len(solver.edges[0]) <= 2 * size + 1
        solution = solver.solution()
        assert solution.precedes("b0", "a0")

    def test_precedes_and_chronology_see_the_span(self) -> None:
        """Star Wars in miniature: IV, V, then I and II; chronology I, II, IV, V."""
        story = Story(
            works=[
                Work("iv", number=1),
                Work("v", number=2),
                Work("i", number=3, continues=False),
                Work("ii", number=4),
            ],
            events=[ev(f"{w}-{k}", told_in=w) for w in ("iv", "v", "i", "ii") for k in (1, 2)],
            constraints=[Constraint(before="i", after="ii"), Constraint(before="ii", after="iv")],
        )
        solution = solve(story)
        order = [event.told_in for event in solution.chronology]
        assert order == ["i", "i", "ii", "ii", "iv", "iv", "v", "v"]
        assert solution.precedes("i-2", "iv-1")
        assert solution.overridden == ()


class TestModesOutOfTheChain:
    """Time travel and false accounts are placed by dates and constraints only."""

    def test_time_travel_and_false_account_are_in_no_chain(self) -> None:
        """Neither is in the chain, and the present event after them follows the one before."""
        story = one_work(
            ev("home", when="2005-03-01"),
            ev("trip", when="1869-12-24", mode="time-travel"),
            ev("lie", mode="false-account"),
            ev("back"),
        )
        solution = solve(story)
        assert dict(solution.chains) == {"home": 0, "back": 0}
        assert solution.overridden == ()
        assert solution.story_pos["trip"] < solution.story_pos["home"]
        assert solution.precedes("home", "back") is False
        bounds = solution.bounds["back"]
        assert bounds.earliest == seconds("2005-03-01")


class TestFileOrder:
    """Events without ``order`` keep file order inside their work."""

    @given(st.integers(min_value=1, max_value=12))
    def test_no_orders_is_file_order(self, count: int) -> None:
        """A work whose events have no ``order`` tells them in file order."""
        story = one_work(*(ev(f"e{k}") for k in range(count)))
        assert ids(solve(story).telling) == [f"e{k}" for k in range(count)]

    @given(st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=5)), max_size=12))
    def test_ordered_keep_their_order_and_free_follow_their_predecessor(
        self, orders: list[int | None]
    ) -> None:
        """Ordered events sort by (order, file); each unordered one right after the one before."""
        story = one_work(*(ev(f"e{k}", order=order) for k, order in enumerate(orders)))
        telling = ids(solve(story).telling)
        ordered = [k for k, order in enumerate(orders) if order is not None]
        expected = sorted(ordered, key=lambda k: (orders[k], k))
        assert [int(e[1:]) for e in telling if orders[int(e[1:])] is not None] == expected
        for k, order in enumerate(orders):
            if order is None and k > 0:
                assert telling.index(f"e{k}") == telling.index(f"e{k - 1}") + 1
        if orders and orders[0] is None:
            assert telling[0] == "e0"
