"""Telling order, story order, and the constraint solver behind them.

A story runs on three clocks: *story time* (when something happens in the
world), the *telling* (where it is shown) and the release history. This package
computes the first two. :func:`solve` (public as :func:`plotline.solve`) turns
a :class:`~plotline.Story`, or anything with ``works``, ``events`` and
``constraints`` (:class:`Orderable`), into a :class:`Solution`. The story keeps
no solver state: ``story.telling()`` and ``story.chronology()`` solve on each
call; the checker and the views solve once and share the solution.

>>> from plotline._model import Constraint, Event, Story, Work
>>> story = Story(
...     works=[Work("e2", number=2), Work("e1", number=1)],
...     events=[
...         Event("wake", told_in="e1"),
...         Event("breakfast", told_in="e1"),
...         Event("war", told_in="e2", mode="flashback"),
...         Event("letter", told_in="e2"),
...     ],
...     constraints=[Constraint(before="war", after="wake")],
... )
>>> solution = solve(story)
>>> [work.id for work in solution.works]
['e1', 'e2']
>>> [event.id for event in solution.telling]
['wake', 'breakfast', 'war', 'letter']
>>> [event.id for event in solution.chronology]
['war', 'wake', 'breakfast', 'letter']
>>> solution.precedes("war", "wake"), solution.precedes("wake", "war")
(True, False)

Telling order
-------------
Works form a tree: series > season > episode, book > chapter. *Tree order*
is a pre-order walk, each work before its children. Siblings, and the
top-level works among themselves, are ordered by ``number``; works without a
number come after the numbered ones, in file order; equal numbers keep file
order. A work whose ``parent`` names no work, or that sits in a cycle of
parents, is still placed: after the whole tree, as a top-level work, in file
order (a cycle is cut at the member written first). Each such work is
reported in :attr:`Solution.work_problems`. The tree is
:attr:`Solution.tree` (a :class:`WorksTree`): parents, children, leaves and
their spans, shared by the checker and the views.

Events are told in the tree order of their ``told_in`` work; inside one work
by ``order`` (equal orders in file order), and an event without an ``order``
right after the event written before it in the same work (first, if none
is): a work whose events carry no ``order`` tells them in file order. Events
told nowhere (no ``told_in``, or a work that does not exist) come last, in
file order.

Story order
-----------
Each event has a start and an end on one timeline of whole seconds (see
:mod:`plotline._time`). The *hard facts* are:

* its date (``when``). An :class:`~plotline._time.Instant` is the span in
  which the event *starts*: ``2020-07`` is some moment in July 2020. An
  :class:`~plotline._time.Interval` holds the whole event: it starts and ends
  inside it. Open or unknown interval ends bound nothing.
* its ``duration`` (end minus start, between the duration's shortest and
  longest reading: a month is 28 to 31 days). Without one, an event dated by
  an interval may last anything up to the interval; any other event is an
  instant.
* each constraint: ``before`` ends no later than ``after`` starts, at least
  ``min_gap`` and at most ``max_gap`` earlier. Gaps are read in the sense that
  allows the most: ``P1M`` is at least 28 days as a minimum and at most 31 as a
  maximum. A constraint may name a work instead of an event: the span of
  the present-mode events told in it and inside it (every one of them ends
  before ``after`` starts, or starts after ``before`` ends; a ``max_gap`` is
  measured from the last of them told, or to the first). An id that is both
  an event's and a work's names the event; a work that tells no present-mode
  event binds nothing. A constraint naming neither an event nor a work is
  skipped (the checker reports it, PL102).

The *implied order* is soft: an undated event in ``present`` mode follows
the ``present`` event told just before it in its *chain* (it starts no
earlier than that event ends, and, when the story has ``routes``, no earlier
than the fastest journey after the last event of that run of implied order
in which one of its people was at another place, as far as the hard facts
leave room; see :mod:`plotline._order._travel`). A work with
``continues = false`` starts a new chain at the first present event told in
it or inside it; later works
continue that chain (:attr:`Solution.chains`). Flashbacks, dreams, visions,
recaps, time travel and false accounts, and events told nowhere, are placed
by dates and constraints only. Where the implied order cannot
hold, hard facts win, and an :class:`Override` records where:

* an undated present event that hard facts make start before some present
  event told earlier has ended keeps no implied order;
* so does one that the implied order of the events told before it, together
  with hard facts, would make contradictory (the later implied order gives
  way);
* a dated present event that hard facts place wholly before a present event
  told earlier is recorded too, though it had no implied order to lose.

Each compares the events of one chain only: a prequel placed before the
story told so far is no override.

These are the unmarked flashbacks of rule PL204.

Contradictions among hard facts are :class:`Conflict` records: a cycle of
constraints (``CYCLE``, even with no gaps; the shortest cycle of each group
of events tangled together is reported) or dates, durations and gaps that
cannot all hold (``INFEASIBLE``). Each conflict carries the smallest set of
facts that explains it: drop any one and the contradiction is gone. Where
many contradictions share a cause (a single wrong date contradicting many
events), each date bound is blamed once, so the report stays short.

The chronology
--------------
:attr:`Solution.chronology` lists every event once, in an order that keeps
every constraint and implied order (constraints in a cycle excepted) and puts
events by their earliest possible start. Ties are broken by telling order.
So:

* events whose earliest start is unknown (undated, and nothing dated before
  them) come before all others, in telling order, each still after whatever
  a constraint or the implied order puts before it;
* dated events that do not overlap appear in date order;
* an undated flashback with a constraint lands just before the event it must
  precede;
* an event with no date and no constraint that is not in present mode (a
  dream, say) has no earliest start: it comes where its telling position puts
  it among the other unknowns, that is near the start;
* events in a constraint cycle are ordered as if the cycle's constraints were
  absent.

The order is deterministic: the same story gives the same order, and adding
an unrelated event (no constraints, not in present mode, or told last) never
reorders the others.

Costs
-----
Everything is near-linear: the solver works on integer indexes, orders the
constraint graph with Kahn's algorithm and finds its cycles with an iterative
Tarjan pass over what is left, computes bounds with one forward and one
backward pass over a topological order (repeated only while ``max_gap``
constraints still tighten something, at most once per such constraint), and
sorts the chronology with a heap. :meth:`Solution.precedes` answers from the
bounds or from a pruned, memoised search of the constraint graph.
"""

from __future__ import annotations

from plotline._order._released import Released, released_works
from plotline._order._solution import (
    Bounds,
    Conflict,
    ConflictKind,
    Override,
    Reason,
    ReasonKind,
    Solution,
)
from plotline._order._solver import Orderable, solve
from plotline._order._works import AncestorIds, WorkProblem, WorkProblemKind, WorksTree

__all__ = [
    "AncestorIds",
    "Bounds",
    "Conflict",
    "ConflictKind",
    "Orderable",
    "Override",
    "Reason",
    "ReasonKind",
    "Released",
    "Solution",
    "WorkProblem",
    "WorkProblemKind",
    "WorksTree",
    "released_works",
    "solve",
]
