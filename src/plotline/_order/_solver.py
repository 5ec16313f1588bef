"""Telling order, story order, and the constraint solver behind them.

A story runs on three clocks: *story time* (when something happens in the
world), the *telling* (where it is shown) and the release history. This module
computes the first two. :func:`solve` turns a :class:`~plotline.Story` into a
:class:`Solution`; ``story.telling()``, ``story.chronology()`` and the checker
read it from there.

>>> from plotline._model import Constraint, Event, Story, Work
>>> from plotline._time import Instant
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
reported in :attr:`Solution.work_problems`.

Events are told in the tree order of their ``told_in`` work; inside one work
by ``order`` (events without an ``order`` after those with one), then in file
order. Events told nowhere (no ``told_in``, or a work that does not exist)
come last, in file order.

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
  maximum. A constraint naming an event that does not exist is skipped (the
  checker reports it, PL102).

The *implied order* is soft: an undated event in ``present`` mode follows
the ``present`` event told just before it (it starts no earlier than that
event ends). Flashbacks, dreams, visions and recaps, and events told nowhere,
are placed by dates and constraints only. Where the implied order cannot
hold, hard facts win, and an :class:`Override` records where:

* an undated present event that hard facts make start before some present
  event told earlier has ended keeps no implied order;
* so does one that the implied order of the events told before it, together
  with hard facts, would make contradictory (the later implied order gives
  way);
* a dated present event that hard facts place wholly before a present event
  told earlier is recorded too, though it had no implied order to lose.

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

import enum
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from plotline._gc import collector_paused
from plotline._model import Constraint
from plotline._time import OPEN_LOWER, OPEN_UPPER, Interval
from plotline.exceptions import suggestion

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._model import Event, Story, Work

__all__ = [
    "Bounds",
    "Conflict",
    "ConflictKind",
    "Override",
    "Reason",
    "ReasonKind",
    "Solution",
    "WorkProblem",
    "WorkProblemKind",
    "cut_after",
    "solve",
]

_NEG: Final = float("-inf")
_POS: Final = float("inf")

# Where a bound came from (the "pred" of a lower bound, the "succ" of an upper one).
# An int k >= 0 is forward edge k of the graph; maxgap edge m is _GAP - m.
_UNSET: Final = -9  # not raised by the implied order (the soft pass falls back to the hard one)
_NONE: Final = -1  # unbounded
_DATE: Final = -2  # the event's own date
_DUR: Final = -3  # the event's other end, through its duration
_SOFT: Final = -4  # the implied order (the previous present event's end)
_GAP: Final = -5  # max_gap edge m is encoded as _GAP - m

_SEARCH_BUDGET: Final = 200_000  # edge visits spent looking for a shorter cycle in one tangle
_MEMO_LIMIT: Final = 100_000  # remembered answers of Solution.precedes


# ---------------------------------------------------------------------------
# Public records.


class ConflictKind(enum.StrEnum):
    """What kind of contradiction a :class:`Conflict` is."""

    CYCLE = "cycle"
    """Constraints contradict each other: ``a`` before ``b`` before … before ``a``."""

    INFEASIBLE = "infeasible"
    """Dates, durations and constraints with gaps cannot all hold."""


class ReasonKind(enum.StrEnum):
    """What kind of fact a :class:`Reason` is."""

    CONSTRAINT = "constraint"
    DATE = "date"
    DURATION = "duration"
    IMPLIED = "implied"


class WorkProblemKind(enum.StrEnum):
    """Why a work could not be placed in the works tree where it asked to be."""

    MISSING_PARENT = "missing-parent"
    PARENT_CYCLE = "parent-cycle"


def _q(event_id: str) -> str:
    return f"'{event_id}'"


@attrs.frozen(slots=True)
class Reason:
    """One fact in an explanation: a constraint, a date, a duration or an implied order.

    ``record`` is the :class:`~plotline.Constraint` (kind ``constraint``) or the
    :class:`~plotline.Event` whose date or duration is meant (kind ``date`` or
    ``duration``); for kind ``implied`` it is the event that follows ``follows``.
    ``bound`` says which side of the fact counts: ``"lower"`` or ``"upper"`` for
    a date; ``"min"`` or ``"max"`` for a duration; for a constraint, ``"min"`` is
    its order (with ``min_gap``) and ``"max"`` its ``max_gap``.

    >>> from plotline._model import Constraint
    >>> Reason(ReasonKind.CONSTRAINT, Constraint(before="a", after="b"), "min").describe()
    "'a' must come before 'b' (constraint)"
    """

    kind: ReasonKind
    record: Constraint | Event
    bound: str | None = None
    follows: Event | None = None

    def describe(self) -> str:
        """Say the fact as an editor would."""
        record = self.record
        if isinstance(record, Constraint):
            name = f"constraint '{record.id}'" if record.id else "constraint"
            if self.bound == "max" and record.max_gap is not None:
                return (
                    f"{_q(record.after)} must come at most {record.max_gap} "
                    f"after {_q(record.before)} ({name})"
                )
            gap = record.min_gap
            by = f" by at least {gap}" if gap is not None and gap.min_seconds > 0 else ""
            return f"{_q(record.before)} must come before {_q(record.after)}{by} ({name})"
        if self.kind is ReasonKind.DATE:
            return f"{_q(record.id)} is dated {record.when}"
        if self.kind is ReasonKind.DURATION:
            if record.duration is None:
                return f"{_q(record.id)} is taken as an instant (it has no duration)"
            least = "at least" if self.bound == "min" else "at most"
            return f"{_q(record.id)} lasts {least} {record.duration}"
        follows = self.follows.id if self.follows is not None else "?"
        return f"{_q(record.id)} follows {_q(follows)}, told just before it in present mode"

    def __str__(self) -> str:
        return self.describe()


@attrs.frozen(slots=True)
class Bounds:
    """What the facts say about when an event happens, in seconds on the timeline.

    ``earliest`` is the earliest start and ``latest`` the latest end;
    ``latest_start`` and ``earliest_end`` complete the picture. ``None`` means
    unbounded. Dates, durations, constraints and the implied present-mode
    order all count.
    """

    earliest: int | None
    latest: int | None
    latest_start: int | None = None
    earliest_end: int | None = None

    @property
    def is_bounded(self) -> bool:
        """Whether both the earliest start and the latest end are known."""
        return self.earliest is not None and self.latest is not None


@attrs.frozen(slots=True)
class Conflict:
    """Hard facts that contradict each other (PL201 for a cycle, PL202 otherwise).

    ``events`` are the events involved in cycle or path order; ``reasons`` the
    smallest set of facts that cannot all hold, in the same order; ``message``
    says it in one sentence.
    """

    kind: ConflictKind
    events: tuple[str, ...]
    reasons: tuple[Reason, ...]
    message: str


@attrs.frozen(slots=True)
class Override:
    """A present-mode event that hard facts place before a present-mode event told earlier.

    ``event`` is told after ``earlier``, yet ``reason`` (the facts, sometimes
    with the implied order of the events between) forces it to start before
    ``earlier`` ends (for a dated ``event``: to happen wholly before it). An
    undated ``event`` then keeps no implied order. Rule PL204 reports these as
    unmarked flashbacks.
    """

    event: str
    earlier: str
    reason: tuple[Reason, ...]
    message: str


@attrs.frozen(slots=True)
class WorkProblem:
    """A work placed at the top level because its parent is missing or in a cycle.

    ``cycle`` lists the works of a parent cycle in parent order, starting with
    ``work`` (the member written first, which was made top-level); it is
    ``(work.id,)`` for a missing parent.
    """

    kind: WorkProblemKind
    work: Work
    cycle: tuple[str, ...]
    message: str


@attrs.frozen(slots=True, repr=False, eq=False)
class Solution:
    """The solved order of a story: works tree, telling, story order, bounds and conflicts.

    Positions are indexes into the tuples; where ids repeat, ``*_pos`` and
    ``bounds`` describe the record a lookup by id finds (the first in the file).
    """

    works: tuple[Work, ...]
    """Works in tree order."""
    work_pos: Mapping[str, int]
    """Work id → index in :attr:`works`."""
    work_problems: tuple[WorkProblem, ...]
    """Works whose parent is missing or in a cycle (placed at the top level)."""
    telling: tuple[Event, ...]
    """Events in telling order."""
    telling_pos: Mapping[str, int]
    """Event id → index in :attr:`telling`."""
    chronology: tuple[Event, ...]
    """Events in story order."""
    story_pos: Mapping[str, int]
    """Event id → index in :attr:`chronology`."""
    bounds: Mapping[str, Bounds]
    """Event id → what dates, constraints and the implied order say about its time."""
    conflicts: tuple[Conflict, ...]
    """Contradictions among hard facts."""
    overridden: tuple[Override, ...]
    """Present-mode events that hard facts place before present-mode events told earlier."""
    _reach: _Reach

    def precedes(self, a: str, b: str) -> bool:
        """Whether hard facts (dates, durations, constraints) force event ``a`` before ``b``.

        True when ``a`` must end by the time ``b`` starts, and start strictly
        before it, whatever the unknowns; or when a chain of constraints leads
        from ``a`` to ``b``. The implied present-mode order does not count.
        Unknown ids, and ``a == b``, give False. On a story without conflicts
        the relation is a strict partial order.
        """
        return self._reach.precedes(a, b)

    def __repr__(self) -> str:
        return (
            f"<Solution: {len(self.works)} works, {len(self.telling)} events, "
            f"{len(self.conflicts)} conflicts, {len(self.overridden)} overridden>"
        )


# ---------------------------------------------------------------------------
# Entry points.


def solve(story: Story) -> Solution:
    """Solve a story's three clocks: tree order, telling order, story order and bounds.

    >>> from plotline._model import Event, Story
    >>> solve(Story(events=[Event("a"), Event("b")]))
    <Solution: 0 works, 2 events, 0 conflicts, 0 overridden>
    """
    with collector_paused():  # integer tables and records, no cycles: see plotline._gc
        return _Solver(story).solve()


def cut_after(story: Story, work_id: str) -> Story:
    """Cut the story after installment ``work_id``: nothing told later is kept.

    Events told in works after ``work_id`` and its parts in tree order are
    dropped, with the constraints that name them and the claims about them.
    Events told nowhere are kept. Raise :class:`KeyError` for an unknown work.

    >>> from plotline._model import Event, Story, Work
    >>> story = Story(
    ...     works=[Work("e1", number=1), Work("e2", number=2)],
    ...     events=[Event("a", told_in="e1"), Event("b", told_in="e2")],
    ... )
    >>> [event.id for event in cut_after(story, "e1").events]
    ['a']
    """
    tree = _WorksTree(story.works)
    index = tree.first.get(work_id)
    if index is None:
        msg = f"unknown work {work_id!r}{suggestion(work_id, tree.first)}"
        raise KeyError(msg)
    last = tree.end[index]
    kept: list[Event] = []
    kept_ids: set[str] = set()
    dropped: set[str] = set()
    for event in story.events:
        told = None if event.told_in is None else tree.first.get(event.told_in)
        if told is not None and tree.pos[told] > last:
            dropped.add(event.id)
        else:
            kept.append(event)
            kept_ids.add(event.id)
    gone = dropped - kept_ids
    if not gone:
        return story.evolve(events=kept)
    return story.evolve(
        events=kept,
        constraints=[c for c in story.constraints if c.before not in gone and c.after not in gone],
        claims=[claim for claim in story.claims if claim.subject not in gone],
    )


# ---------------------------------------------------------------------------
# The works tree.


class _WorksTree:
    """Tree order of works, by integer index into the works tuple."""

    def __init__(self, works: Sequence[Work]) -> None:
        m = len(works)
        first: dict[str, int] = {}
        for j, work in enumerate(works):
            first.setdefault(work.id, j)
        children: list[list[int]] = [[] for _ in range(m)]
        parent = [-1] * m
        roots: list[int] = []
        orphans: list[int] = []
        for j, work in enumerate(works):
            if work.parent is None:
                roots.append(j)
            elif (k := first.get(work.parent)) is None:
                orphans.append(j)
            else:
                parent[j] = k
                children[k].append(j)

        def key(j: int) -> tuple[int, int, int]:
            number = works[j].number
            return (1, 0, j) if number is None else (0, number, j)

        roots.sort(key=key)
        for kids in children:
            if len(kids) > 1:
                kids.sort(key=key)
        self.first = first
        self.order: list[int] = []
        self.pos = [-1] * m
        self.end = [-1] * m
        self.problems: list[WorkProblem] = []
        for root in roots:
            self._walk(root, children)
        # Cut each cycle of parents at its member written first. Each cut, and each
        # work whose parent is missing, then heads a subtree after the tree, in file order.
        cut: dict[int, tuple[str, ...]] = {}
        for cycle in _parent_cycles(parent):
            start = min(cycle)
            at = cycle.index(start)
            cut[start] = tuple(works[k].id for k in cycle[at:] + cycle[:at])
        for j in sorted([*orphans, *cut]):
            self._walk(j, children)
            work = works[j]
            if j in cut:
                ids = cut[j]
                chain = " → ".join(_q(i) for i in (*ids, ids[0]))
                self.problems.append(
                    WorkProblem(
                        WorkProblemKind.PARENT_CYCLE,
                        work,
                        ids,
                        f"works form a cycle of parents ({chain}, each the parent of the one "
                        f"before); {_q(work.id)} is placed after the works tree, at the top level",
                    )
                )
            else:
                self.problems.append(
                    WorkProblem(
                        WorkProblemKind.MISSING_PARENT,
                        work,
                        (work.id,),
                        f"work {_q(work.id)} names parent {_q(work.parent or '')}, which is not "
                        "a work; it is placed after the works tree, at the top level",
                    )
                )

    def _walk(self, root: int, children: list[list[int]]) -> None:
        """Place ``root`` and its unplaced descendants next, in pre-order."""
        order, pos, end = self.order, self.pos, self.end
        pos[root] = len(order)
        order.append(root)
        stack = [(root, 0)]
        while stack:
            node, at = stack[-1]
            kids = children[node]
            while at < len(kids) and pos[kids[at]] != -1:
                at += 1
            if at == len(kids):
                stack.pop()
                end[node] = len(order) - 1
                continue
            stack[-1] = (node, at + 1)
            child = kids[at]
            pos[child] = len(order)
            order.append(child)
            stack.append((child, 0))


def _parent_cycles(parent: list[int]) -> list[list[int]]:
    """The cycles of a parent array (``-1`` for none), each listed child first, parent next."""
    stamp = [0] * len(parent)
    cycles: list[list[int]] = []
    for j in range(len(parent)):
        path: list[int] = []
        node = j
        while node != -1 and not stamp[node]:
            stamp[node] = j + 1
            path.append(node)
            node = parent[node]
        if node != -1 and stamp[node] == j + 1:
            cycles.append(path[path.index(node) :])
    return cycles


# ---------------------------------------------------------------------------
# Graphs of difference constraints over event starts (S) and ends (E).


class _Graph:
    """Forward edges E(src) → S(dst) with a minimum gap, and max-gap back edges.

    A forward edge ``k`` says ``start(dst[k]) >= end(src[k]) + gap[k]``; its
    ``tag`` is the constraint index, or ``-1 - p`` for the implied order from
    event ``p``. Max-gap edge ``m`` says ``end(msrc[m]) >= start(mdst[m]) - mgap[m]``.
    """

    __slots__ = (
        "dst",
        "gap",
        "in_edges",
        "in_start",
        "mdst",
        "mgap",
        "msrc",
        "mtag",
        "n",
        "out_edges",
        "out_start",
        "src",
        "tag",
    )

    def __init__(
        self,
        n: int,
        *,
        src: list[int],
        dst: list[int],
        gap: list[int],
        tag: list[int],
        maxgaps: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], []),
    ) -> None:
        self.n = n
        self.src, self.dst, self.gap, self.tag = src, dst, gap, tag
        self.msrc, self.mdst, self.mgap, self.mtag = maxgaps
        self.in_start, self.in_edges = _csr(n, dst)
        self.out_start, self.out_edges = _csr(n, src)


def _csr(n: int, keys: list[int]) -> tuple[list[int], list[int]]:
    """Group edge ids by ``keys`` (counting sort; file order kept within a group)."""
    start = [0] * (n + 1)
    for key in keys:
        start[key + 1] += 1
    for i in range(n):
        start[i + 1] += start[i]
    fill = start[:-1]
    items = [0] * len(keys)
    for k, key in enumerate(keys):
        items[fill[key]] = k
        fill[key] += 1
    return start, items


class _Side(NamedTuple):
    """One side of the bounds: a value per start and end, and where each came from."""

    s: list[float]
    e: list[float]
    via_s: list[int]
    via_e: list[int]
    root_s: list[int]
    root_e: list[int]


class _Events:
    """Per-event numbers: date bounds and duration limits."""

    def __init__(self, events: Sequence[Event]) -> None:
        lo_s: list[float] = []
        hi_s: list[float] = []
        hi_e: list[float] = []
        dmin: list[int] = []
        dmax: list[float] = []
        for event in events:
            when = event.when
            if when is None:
                lo_s.append(_NEG)
                hi_s.append(_POS)
                hi_e.append(_POS)
            else:
                lower, upper = when.bounds
                lo_s.append(_NEG if lower <= OPEN_LOWER else lower)
                if upper >= OPEN_UPPER:
                    hi_s.append(_POS)
                    hi_e.append(_POS)
                else:
                    hi_s.append(upper - 1)
                    hi_e.append(upper if isinstance(when, Interval) else _POS)
            duration = event.duration
            if duration is not None:
                dmin.append(duration.min_seconds)
                dmax.append(duration.max_seconds)
            elif isinstance(when, Interval):
                dmin.append(0)
                dmax.append(_POS)
            else:
                dmin.append(0)
                dmax.append(0)
        self.lo_s, self.hi_s, self.hi_e = lo_s, hi_s, hi_e
        self.dmin, self.dmax = dmin, dmax


def _lower(
    graph: _Graph, order: list[int], ev: _Events, *, virtual: bool = False
) -> tuple[_Side, int]:
    """Earliest starts and ends: longest paths from the dates (or from 0 everywhere).

    Returns the bounds and ``-1``, or a node (``2*event + 1`` for an end) still
    rising after every simple path was tried: it leads back into a positive
    cycle (facts that cannot all hold).
    """
    n = graph.n
    if virtual:
        s: list[float] = [0] * n
        e: list[float] = [0] * n
        via_s = [_NONE] * n
    else:
        s = list(ev.lo_s)
        e = [_NEG] * n
        via_s = [_NONE if x == _NEG else _DATE for x in s]
    via_e = [_NONE] * n
    root_s = [2 * i if via == _DATE else -1 for i, via in enumerate(via_s)]
    root_e = [-1] * n
    side = _Side(s, e, via_s, via_e, root_s, root_e)
    src, gap = graph.src, graph.gap
    in_start, in_edges = graph.in_start, graph.in_edges
    msrc, mdst, mgap = graph.msrc, graph.mdst, graph.mgap
    dmin, dmax = ev.dmin, ev.dmax
    with_dmax = bool(msrc)

    def settle(a: int) -> int:
        """Raise event ``a``'s bounds from its predecessors: bit 1 if its start rose, 2 its end."""
        best = s[a]
        via = _UNSET
        for at in range(in_start[a], in_start[a + 1]):
            k = in_edges[at]
            value = e[src[k]] + gap[k]
            if value > best:
                best = value
                via = k
        if with_dmax:
            value = e[a] - dmax[a]
            if value > best:
                best = value
                via = _DUR
        moved = 0
        if via != _UNSET:
            s[a] = best
            via_s[a] = via
            root_s[a] = root_e[a] if via == _DUR else root_e[src[via]]
            moved = 1
        value = best + dmin[a]
        if value > e[a]:
            e[a] = value
            via_e[a] = _DUR
            root_e[a] = root_s[a]
            moved |= 2
        return moved

    for a in order:
        settle(a)
    if not msrc:
        return side, -1
    # Max gaps pull ends up from later starts. Relax them, then carry what moved
    # forward in topological order; each round adds one max gap to the paths.
    position = [0] * n
    for p, a in enumerate(order):
        position[a] = p
    gaps_into: dict[int, list[int]] = {}
    for m, a in enumerate(mdst):
        gaps_into.setdefault(a, []).append(m)
    pending: Iterable[int] = range(len(msrc))
    out_start, out_edges, dst = graph.out_start, graph.out_edges, graph.dst
    rounds = 0
    while True:
        heap: list[int] = []
        rising = -1
        for m in pending:
            b = msrc[m]
            value = s[mdst[m]] - mgap[m]
            if value > e[b]:
                e[b] = value
                via_e[b] = _GAP - m
                root_e[b] = root_s[mdst[m]]
                rising = 2 * b + 1
                heap.append(position[b])
        if rising == -1:
            return side, -1
        if rounds == len(msrc):  # every simple path was tried: this one loops
            return side, rising
        rounds += 1
        heapq.heapify(heap)
        pulled = {order[p] for p in heap}
        done: set[int] = set()
        started: list[int] = []
        while heap:
            a = order[heapq.heappop(heap)]
            if a in done:
                continue
            done.add(a)
            moved = settle(a)
            if moved & 1:
                started.append(a)
            if moved & 2 or a in pulled:
                for at in range(out_start[a], out_start[a + 1]):
                    heapq.heappush(heap, position[dst[out_edges[at]]])
        pending = [m for a in started for m in gaps_into.get(a, ())]


def _upper(graph: _Graph, order: list[int], ev: _Events) -> _Side:
    """Latest starts and ends: shortest paths back to the dates' upper bounds."""
    n = graph.n
    s = list(ev.hi_s)
    e = list(ev.hi_e)
    via_s = [_NONE if x == _POS else _DATE for x in s]
    via_e = [_NONE if x == _POS else _DATE for x in e]
    root_s = [2 * i if via == _DATE else -1 for i, via in enumerate(via_s)]
    root_e = [2 * i + 1 if via == _DATE else -1 for i, via in enumerate(via_e)]
    side = _Side(s, e, via_s, via_e, root_s, root_e)
    dst, gap = graph.dst, graph.gap
    out_start, out_edges = graph.out_start, graph.out_edges
    msrc, mdst, mgap = graph.msrc, graph.mdst, graph.mgap
    dmin, dmax = ev.dmin, ev.dmax

    def settle(a: int) -> int:
        """Lower event ``a``'s bounds from its successors: bit 1 if its start fell, 2 its end."""
        best = e[a]
        via = _UNSET
        for at in range(out_start[a], out_start[a + 1]):
            k = out_edges[at]
            value = s[dst[k]] - gap[k]
            if value < best:
                best = value
                via = k
        moved = 0
        if via != _UNSET:
            e[a] = best
            via_e[a] = via
            root_e[a] = root_s[dst[via]]
            moved = 2
        value = best - dmin[a]
        if value < s[a]:
            s[a] = value
            via_s[a] = _DUR
            root_s[a] = root_e[a]
            moved |= 1
        value = s[a] + dmax[a]
        if value < e[a]:
            e[a] = value
            via_e[a] = _DUR
            root_e[a] = root_s[a]
            moved |= 2
        return moved

    for a in reversed(order):
        settle(a)
    if not msrc:
        return side
    position = [0] * n
    for p, a in enumerate(order):
        position[a] = p
    gaps_from: dict[int, list[int]] = {}
    for m, b in enumerate(msrc):
        gaps_from.setdefault(b, []).append(m)
    pending: Iterable[int] = range(len(msrc))
    in_start, in_edges, src = graph.in_start, graph.in_edges, graph.src
    for _ in range(len(msrc) + 1):
        heap: list[int] = []
        for m in pending:
            a = mdst[m]
            value = e[msrc[m]] + mgap[m]
            if value < s[a]:
                s[a] = value
                via_s[a] = _GAP - m
                root_s[a] = root_e[msrc[m]]
                heap.append(-position[a])
        if not heap:
            break
        heapq.heapify(heap)
        pulled = {order[-p] for p in heap}
        done: set[int] = set()
        ended: list[int] = []
        while heap:
            a = order[-heapq.heappop(heap)]
            if a in done:
                continue
            done.add(a)
            moved = settle(a)
            if moved & 2:
                ended.append(a)
            if moved & 1 or a in pulled:
                for at in range(in_start[a], in_start[a + 1]):
                    heapq.heappush(heap, -position[src[in_edges[at]]])
        pending = [m for b in ended for m in gaps_from.get(b, ())]
    return side


# A fact, before it becomes a Reason: (kind, index, bound, other).
# kind "c": constraint index; "d": date of event; "u": duration of event; "s": implied
# order into event ``index`` from event ``other``.
class _Fact(NamedTuple):
    kind: str
    ref: int
    bound: str
    other: int = -1


def _step_back(node: int, code: int, graph: _Graph, ev: _Events) -> tuple[int, _Fact | None]:
    """Follow a lower bound back through ``code``: the node it came from, and the fact."""
    a = node >> 1
    if node & 1:  # an end
        if code == _DUR:
            fact = _Fact("u", a, "min") if ev.dmin[a] > 0 else None
            return 2 * a, fact
        m = _GAP - code
        return 2 * graph.mdst[m], _Fact("c", graph.mtag[m], "max")
    if code == _DUR:
        return 2 * a + 1, _Fact("u", a, "max")
    tag = graph.tag[code]
    fact = _Fact("c", tag, "min") if tag >= 0 else _Fact("s", a, "", -1 - tag)
    return 2 * graph.src[code] + 1, fact


def _step_forward(node: int, code: int, graph: _Graph, ev: _Events) -> tuple[int, _Fact | None]:
    """Follow an upper bound on through ``code``: the node it came from, and the fact."""
    a = node >> 1
    if node & 1:  # an end
        if code == _DUR:
            return 2 * a, _Fact("u", a, "max")
        tag = graph.tag[code]
        fact = _Fact("c", tag, "min") if tag >= 0 else _Fact("s", graph.dst[code], "", a)
        return 2 * graph.dst[code], fact
    if code == _DUR:
        return 2 * a + 1, (_Fact("u", a, "min") if ev.dmin[a] > 0 else None)
    m = _GAP - code
    return 2 * graph.msrc[m] + 1, _Fact("c", graph.mtag[m], "max")


def _lower_chain(
    node: int, side: _Side, graph: _Graph, ev: _Events
) -> tuple[list[int], list[_Fact | None]]:
    """Nodes from the date that set ``node``'s lower bound to ``node``, with the facts."""
    nodes = [node]
    facts: list[_Fact | None] = []
    while True:
        a = node >> 1
        code = side.via_e[a] if node & 1 else side.via_s[a]
        if code == _DATE:
            facts.append(_Fact("d", a, "lower"))
            break
        node, fact = _step_back(node, code, graph, ev)
        facts.append(fact)
        nodes.append(node)
    nodes.reverse()
    facts.reverse()
    return nodes, facts


def _upper_chain(
    node: int, side: _Side, graph: _Graph, ev: _Events
) -> tuple[list[int], list[_Fact | None]]:
    """Nodes from ``node`` to the date that set its upper bound, with the facts."""
    nodes = [node]
    facts: list[_Fact | None] = []
    while True:
        a = node >> 1
        code = side.via_e[a] if node & 1 else side.via_s[a]
        if code == _DATE:
            facts.append(_Fact("d", a, "upper"))
            break
        node, fact = _step_forward(node, code, graph, ev)
        facts.append(fact)
        nodes.append(node)
    return nodes, facts


def _splice(
    low: tuple[list[int], list[_Fact | None]], high: tuple[list[int], list[_Fact | None]]
) -> tuple[list[int], list[_Fact | None]]:
    """Join a lower-bound chain and an upper-bound chain into one simple path.

    ``low`` ends where ``high`` starts (or where an implied edge joins them).
    Where they share a node, the loop between is left out: it cannot add to a
    contradiction, since the facts hold no cycle that could.
    """
    low_nodes, low_facts = low
    high_nodes, high_facts = high
    where = {node: i for i, node in enumerate(high_nodes)}
    for i, node in enumerate(low_nodes):
        j = where.get(node)
        if j is not None:
            return low_nodes[:i] + high_nodes[j:], low_facts[: i + 1] + high_facts[j:]
    return low_nodes + high_nodes, low_facts + high_facts


# ---------------------------------------------------------------------------
# The solver.


class _Solver:
    def __init__(self, story: Story) -> None:
        self.story = story
        self.events = story.events
        self.n = len(self.events)
        first: dict[str, int] = {}
        for i, event in enumerate(self.events):
            first.setdefault(event.id, i)
        self.first = first

    # -- entry ----------------------------------------------------------------

    def solve(self) -> Solution:
        story, events, n = self.story, self.events, self.n
        tree = _WorksTree(story.works)
        works = tuple(story.works[j] for j in tree.order)
        work_pos = {wid: tree.pos[j] for wid, j in tree.first.items()}
        self._telling(tree)
        self.ev = _Events(events)
        self.conflicts: list[Conflict] = []
        self._hard_graph()
        self._hard_bounds()
        self._infeasible()
        self._soft()
        rank = self.rank
        chron = self.chron
        story_pos_of = [0] * n
        for p, i in enumerate(chron):
            story_pos_of[i] = p
        first = self.first
        reach = _Reach(
            first, self.hard, topo=self.topo, lbs=self.lb.s, ubs=self.ub.s, ube=self.ub.e
        )
        return Solution(
            works=works,
            work_pos=work_pos,
            work_problems=tuple(tree.problems),
            telling=tuple(events[i] for i in self.tell),
            telling_pos={eid: rank[i] for eid, i in first.items()},
            chronology=tuple(events[i] for i in chron),
            story_pos={eid: story_pos_of[i] for eid, i in first.items()},
            bounds=_BoundsView(first, self.soft_lb, self.soft_ub),
            conflicts=tuple(self.conflicts),
            overridden=tuple(self.overrides),
            reach=reach,
        )

    # -- telling order --------------------------------------------------------

    def _telling(self, tree: _WorksTree) -> None:
        events, n = self.events, self.n
        unknown = len(tree.order)
        wpos = tree.pos
        wfirst = tree.first
        known = [False] * n
        where = [unknown] * n
        for i, event in enumerate(events):
            if event.told_in is not None:
                j = wfirst.get(event.told_in)
                if j is not None:
                    where[i] = wpos[j]
                    known[i] = True

        def key(i: int) -> tuple[int, int, int, int]:
            order = events[i].order
            if not known[i]:
                return (unknown, 0, 0, i)
            if order is None:
                return (where[i], 1, 0, i)
            return (where[i], 0, order, i)

        tell = sorted(range(n), key=key)
        rank = [0] * n
        for r, i in enumerate(tell):
            rank[i] = r
        self.tell, self.rank, self.told = tell, rank, known

    # -- hard facts -----------------------------------------------------------

    def _hard_graph(self) -> None:
        """Constraint edges; cycles among them become conflicts and are set aside."""
        n, first = self.n, self.first
        src: list[int] = []
        dst: list[int] = []
        gap: list[int] = []
        tag: list[int] = []
        maxgap: dict[int, int] = {}
        for c, constraint in enumerate(self.story.constraints):
            b = first.get(constraint.before)
            a = first.get(constraint.after)
            if a is None or b is None:
                continue
            if a == b:
                self.conflicts.append(self._cycle_conflict([c], [a]))
                continue
            k = len(src)
            src.append(b)
            dst.append(a)
            gap.append(0 if constraint.min_gap is None else constraint.min_gap.min_seconds)
            tag.append(c)
            if constraint.max_gap is not None:
                maxgap[k] = constraint.max_gap.max_seconds
        full = self._with_maxgaps(src, dst, gap, tag, maxgap)
        comp, topo = _components(n, full.out_start, full.out_edges, dst)
        self.topo = topo
        self.comp = comp
        tangled = {comp[b] for b, a in zip(src, dst, strict=True) if comp[b] == comp[a]}
        if tangled:
            self._cycles(full, comp, tangled)
        keep = [k for k in range(len(src)) if comp[src[k]] != comp[dst[k]]]
        if len(keep) < len(src):
            src = [src[k] for k in keep]
            dst = [dst[k] for k in keep]
            gap = [gap[k] for k in keep]
            old_tag = tag
            tag = [old_tag[k] for k in keep]
            maxgap = {new: maxgap[old] for new, old in enumerate(keep) if old in maxgap}
            full = self._with_maxgaps(src, dst, gap, tag, maxgap)
        self.edges = (src, dst, gap, tag)
        self.maxgap = maxgap
        self.hard = full
        if maxgap:
            self._gap_cycles()

    def _with_maxgaps(
        self, src: list[int], dst: list[int], gap: list[int], tag: list[int], maxgap: dict[int, int]
    ) -> _Graph:
        ks = sorted(maxgap)
        return _Graph(
            self.n,
            src=src,
            dst=dst,
            gap=gap,
            tag=tag,
            maxgaps=(
                [src[k] for k in ks],
                [dst[k] for k in ks],
                [maxgap[k] for k in ks],
                [tag[k] for k in ks],
            ),
        )

    def _cycles(self, graph: _Graph, comp: list[int], tangled: set[int]) -> None:
        """Report the shortest constraint cycle in each strongly connected group."""
        members: dict[int, list[int]] = {}
        for i in range(self.n):
            if comp[i] in tangled:
                members.setdefault(comp[i], []).append(i)
        rank = self.rank
        dst = graph.dst
        out_start, out_edges = graph.out_start, graph.out_edges
        found: list[tuple[int, list[int]]] = []
        for c, group in members.items():
            group.sort(key=rank.__getitem__)
            best: list[int] | None = None
            budget = _SEARCH_BUDGET
            for s in group:
                if best is not None and (budget <= 0 or len(best) <= 2):
                    break
                parent: dict[int, int] = {s: -1}
                depth = {s: 0}
                queue = [s]
                head = 0
                cycle: list[int] | None = None
                while head < len(queue) and cycle is None:
                    v = queue[head]
                    head += 1
                    if best is not None and depth[v] + 1 >= len(best):
                        break
                    for at in range(out_start[v], out_start[v + 1]):
                        k = out_edges[at]
                        w = dst[k]
                        if comp[w] != c:
                            continue
                        budget -= 1
                        if w == s:
                            cycle = [k]
                            node = v
                            while node != s:
                                cycle.append(parent[node])
                                node = graph.src[parent[node]]
                            cycle.reverse()
                            break
                        if w not in parent:
                            parent[w] = k
                            depth[w] = depth[v] + 1
                            queue.append(w)
                if cycle is not None and (best is None or len(cycle) < len(best)):
                    best = cycle
            assert best is not None  # a strongly connected group has a cycle
            nodes = [graph.src[k] for k in best]
            at = min(range(len(nodes)), key=lambda i: rank[nodes[i]])
            best = best[at:] + best[:at]
            nodes = nodes[at:] + nodes[:at]
            found.append((rank[nodes[0]], best))
        found.sort()
        for _, cycle in found:
            self.conflicts.append(
                self._cycle_conflict([graph.tag[k] for k in cycle], [graph.src[k] for k in cycle])
            )

    def _cycle_conflict(self, constraints: list[int], nodes: list[int]) -> Conflict:
        records = self.story.constraints
        reasons = tuple(Reason(ReasonKind.CONSTRAINT, records[c], "min") for c in constraints)
        ids = tuple(self.events[i].id for i in nodes)
        text = ", ".join(reason.describe() for reason in reasons)
        if len(ids) == 1:
            message = f"{_q(ids[0])} cannot come before itself: {text}"
        else:
            message = f"ordering cycle: {text}"
        return Conflict(ConflictKind.CYCLE, ids, reasons, message)

    def _gap_cycles(self) -> None:
        """Find max-gap edges that no timing can meet, report them, and set them aside."""
        ev = self.ev
        while self.maxgap:
            graph = self.hard
            side, rising = _lower(graph, self.topo, ev, virtual=True)
            if rising == -1:
                return
            nodes, facts = self._rising_loop(rising, side, graph)
            self.conflicts.append(self._infeasible_conflict(nodes, facts))
            bad = {f.ref for f in facts if f is not None and f.kind == "c" and f.bound == "max"}
            src, dst, gap, tag = self.edges
            self.maxgap = {k: v for k, v in self.maxgap.items() if tag[k] not in bad}
            self.hard = self._with_maxgaps(src, dst, gap, tag, self.maxgap)

    def _hard_bounds(self) -> None:
        self.lb, _ = _lower(self.hard, self.topo, self.ev)
        self.ub = _upper(self.hard, self.topo, self.ev)

    def _infeasible(self) -> None:
        """Report nodes whose earliest time is after their latest, once per date bound."""
        lb, ub, graph, ev = self.lb, self.ub, self.hard, self.ev
        lbs, lbe, ubs, ube = lb.s, lb.e, ub.s, ub.e
        used_low: set[int] = set()
        used_high: set[int] = set()
        for a in self.tell:
            for node, low, high in ((2 * a, lbs[a], ubs[a]), (2 * a + 1, lbe[a], ube[a])):
                if low <= high:
                    continue
                root_low = lb.root_e[a] if node & 1 else lb.root_s[a]
                root_high = ub.root_e[a] if node & 1 else ub.root_s[a]
                if root_low in used_low or root_high in used_high:
                    continue
                used_low.add(root_low)
                used_high.add(root_high)
                nodes, facts = _splice(
                    _lower_chain(node, lb, graph, ev), _upper_chain(node, ub, graph, ev)
                )
                self.conflicts.append(self._infeasible_conflict(nodes, facts))

    def _infeasible_conflict(self, nodes: list[int], facts: list[_Fact | None]) -> Conflict:
        reasons = self._reasons(facts)
        ids = _dedupe_runs(self.events[node >> 1].id for node in nodes)
        text = ", ".join(reason.describe() for reason in reasons)
        message = f"these facts cannot all hold: {text}"
        return Conflict(ConflictKind.INFEASIBLE, ids, reasons, message)

    def _reasons(self, facts: Sequence[_Fact | None]) -> tuple[Reason, ...]:
        events, constraints = self.events, self.story.constraints
        reasons: list[Reason] = []
        for fact in facts:
            if fact is None:
                continue
            if fact.kind == "c":
                reason = Reason(ReasonKind.CONSTRAINT, constraints[fact.ref], fact.bound)
            elif fact.kind == "d":
                reason = Reason(ReasonKind.DATE, events[fact.ref], fact.bound)
            elif fact.kind == "u":
                reason = Reason(ReasonKind.DURATION, events[fact.ref], fact.bound)
            else:
                reason = Reason(ReasonKind.IMPLIED, events[fact.ref], None, events[fact.other])
            reasons.append(reason)
        return tuple(dict.fromkeys(reasons))

    # -- the implied order ----------------------------------------------------

    def _soft(self) -> None:
        """Place undated present events after the present event told before them."""
        n, events, rank, told = self.n, self.events, self.rank, self.told
        present = [told[i] and events[i].mode.is_present for i in range(n)]
        soft_prev = [-1] * n
        previous = -1
        for i in self.tell:
            if present[i]:
                if previous != -1 and events[i].when is None:
                    soft_prev[i] = previous
                previous = i
        self.present = present
        self.overrides: list[Override] = []
        self._hard_overrides(soft_prev)
        self._chronology(soft_prev)
        if self.maxgap:
            self._refine(soft_prev)
        else:
            self.soft_ub = lambda: self._soft_upper(soft_prev)
        self.overrides.sort(key=lambda o: rank[self.first[o.event]])

    def _hard_overrides(self, soft_prev: list[int]) -> None:
        """Present events that hard facts put before present events told earlier."""
        n, events, rank, present = self.n, self.events, self.rank, self.present
        graph = self.hard
        dst, out_start, out_edges = graph.dst, graph.out_start, graph.out_edges
        never = n + 1
        # The earliest-told present event each event's constraints lead to.
        reach = [never] * n
        step = [-1] * n
        for a in reversed(self.topo):
            if out_start[a] == out_start[a + 1]:
                continue
            best = never
            via = -1
            for at in range(out_start[a], out_start[a + 1]):
                k = out_edges[at]
                w = dst[k]
                value = min(rank[w] if present[w] else never, reach[w])
                if value < best:
                    best = value
                    via = k
            reach[a] = best
            step[a] = via
        lb, ub, ev = self.lb, self.ub, self.ev
        lbs, lbe, ubs, ube = lb.s, lb.e, ub.s, ub.e
        top_end: float = _NEG
        top_end_at = -1
        top_start: float = _NEG
        top_start_at = -1
        for u in self.tell:
            if not present[u]:
                continue
            undated = events[u].when is None
            facts: list[_Fact | None] | None = None
            earlier = -1
            if reach[u] < rank[u]:
                facts = []
                node = u
                while True:
                    k = step[node]
                    facts.append(_Fact("c", graph.tag[k], "min"))
                    node = dst[k]
                    if present[node] and rank[node] < rank[u]:
                        break
                earlier = node
            elif undated:
                p = soft_prev[u]
                x = p if p != -1 and ubs[u] < lbe[p] else top_end_at
                if x != -1 and ubs[u] < lbe[x]:
                    earlier = x
                    facts = _splice(
                        _lower_chain(2 * x + 1, lb, graph, ev),
                        _upper_chain(2 * u, ub, graph, ev),
                    )[1]
            elif top_start_at != -1 and ube[u] <= top_start and ubs[u] < top_start:
                earlier = top_start_at
                facts = _splice(
                    _lower_chain(2 * earlier, lb, graph, ev),
                    _upper_chain(2 * u + 1, ub, graph, ev),
                )[1]
            if facts is not None:
                self._override(u, earlier, facts, dated=not undated)
                soft_prev[u] = -1
            if lbe[u] > top_end:
                top_end, top_end_at = lbe[u], u
            if lbs[u] > top_start:
                top_start, top_start_at = lbs[u], u

    def _override(
        self, u: int, earlier: int, facts: Sequence[_Fact | None], *, dated: bool
    ) -> None:
        events = self.events
        reasons = self._reasons(facts)
        uid, eid = events[u].id, events[earlier].id
        what = f"happens before {_q(eid)}" if dated else f"starts before {_q(eid)} ends"
        text = ", ".join(reason.describe() for reason in reasons)
        message = (
            f"{_q(uid)} is told after {_q(eid)} in present mode, but {what}: {text}; "
            "is it a flashback?"
        )
        self.overrides.append(Override(uid, eid, reasons, message))

    def _chronology(self, soft_prev: list[int]) -> None:
        """Order events by (earliest start, telling position), dropping contradicted soft edges."""
        n, rank, ev = self.n, self.rank, self.ev
        graph = self.hard
        dst, gap = graph.dst, graph.gap
        out_start, out_edges = graph.out_start, graph.out_edges
        dmin = ev.dmin
        ubs = self.ub.s
        soft_next = [-1] * n
        indeg = [0] * n
        for a in dst:
            indeg[a] += 1
        for u in range(n):
            p = soft_prev[u]
            if p != -1:
                soft_next[p] = u
                indeg[u] += 1
        s = list(self.lb.s)
        e = list(self.lb.e)
        via_s = [_UNSET] * n
        via_e = [_UNSET] * n
        # Heap entries are ints: (earliest start, telling rank) packed as start * n + rank,
        # with an unknown start packed as ``floor``, below every start there can be.
        tell = self.tell
        floor = min((x for x in s if x != _NEG), default=1) - 1
        heap = [(floor if s[a] == _NEG else s[a]) * n + rank[a] for a in range(n) if not indeg[a]]
        heapq.heapify(heap)
        chron: list[int] = []
        pop, push = heapq.heappop, heapq.heappush
        while heap:
            v = tell[int(pop(heap)) % n]
            chron.append(v)
            end = s[v] + dmin[v]
            if end > e[v]:
                e[v] = end
                via_e[v] = _DUR
            else:
                end = e[v]
            for at in range(out_start[v], out_start[v + 1]):
                k = out_edges[at]
                a = dst[k]
                value = end + gap[k]
                if value > s[a]:
                    s[a] = value
                    via_s[a] = k
                indeg[a] -= 1
                if not indeg[a]:
                    push(heap, (floor if s[a] == _NEG else s[a]) * n + rank[a])
            u = soft_next[v]
            if u != -1:
                if end > ubs[u]:
                    soft_prev[u] = -1
                    soft_next[v] = -1
                    low = self._soft_chain(2 * v + 1, via_s, via_e, soft_prev)
                    high = _upper_chain(2 * u, self.ub, graph, ev)[1]
                    self._override(u, v, low + high, dated=False)
                elif end > s[u]:
                    s[u] = end
                    via_s[u] = _SOFT
                indeg[u] -= 1
                if not indeg[u]:
                    push(heap, (floor if s[u] == _NEG else s[u]) * n + rank[u])
        self.chron = chron  # every event: the graph is acyclic by construction
        self.soft_lb = (s, e)

    def _soft_chain(
        self,
        node: int,
        via_s: list[int],
        via_e: list[int],
        soft_prev: list[int],
    ) -> list[_Fact | None]:
        """Facts behind a lower bound that the implied order may have raised."""
        facts: list[_Fact | None] = []
        hard, ev = self.lb, self.ev
        while True:
            a = node >> 1
            code = via_e[a] if node & 1 else via_s[a]
            if code == _UNSET:
                facts.extend(reversed(_lower_chain(node, hard, self.hard, ev)[1]))
                break
            if code == _SOFT:
                p = soft_prev[a]
                facts.append(_Fact("s", a, "", p))
                node = 2 * p + 1
                continue
            node, fact = _step_back(node, code, self.hard, ev)
            facts.append(fact)
        facts.reverse()
        return facts

    def _soft_upper(self, soft_prev: list[int]) -> tuple[list[float], list[float]]:
        """Latest starts and ends with the surviving implied order."""
        n, ev = self.n, self.ev
        graph = self.hard
        dst, gap = graph.dst, graph.gap
        out_start, out_edges = graph.out_start, graph.out_edges
        dmin, dmax = ev.dmin, ev.dmax
        soft_next = [-1] * n
        for u in range(n):
            if soft_prev[u] != -1:
                soft_next[soft_prev[u]] = u
        s = list(self.ub.s)
        e = list(self.ub.e)
        for v in reversed(self.chron):
            best = e[v]
            for at in range(out_start[v], out_start[v + 1]):
                k = out_edges[at]
                best = min(best, s[dst[k]] - gap[k])
            u = soft_next[v]
            if u != -1 and s[u] < best:
                best = s[u]
            s[v] = min(s[v], best - dmin[v])
            e[v] = min(best, s[v] + dmax[v])
        return s, e

    def _refine(self, soft_prev: list[int]) -> None:
        """With max gaps, settle the implied order against the full fixpoint.

        Max gaps carry bounds backwards, so the greedy check made while
        ordering can miss a contradiction: look again with everything, drop
        the implied order that gives way, and repeat until all hold.
        """
        n, ev, rank, order = self.n, self.ev, self.rank, self.chron
        src, dst, gap, tag = self.edges
        ubs = self.ub.s
        looped = True
        while True:
            soft = [u for u in range(n) if soft_prev[u] != -1]
            graph = self._with_maxgaps(
                src + [soft_prev[u] for u in soft],
                dst + soft,
                gap + [0] * len(soft),
                tag + [-1 - soft_prev[u] for u in soft],
                self.maxgap,
            )
            if looped:  # dropping edges later cannot make a new loop
                side, rising = _lower(graph, order, ev, virtual=True)
                if rising != -1:
                    facts = self._rising_loop(rising, side, graph)[1]
                    # Hard loops were set aside already, so an implied order is in this one.
                    worst = max(
                        (f for f in facts if f is not None and f.kind == "s"),
                        key=lambda f: rank[f.ref],
                    )
                    soft_prev[worst.ref] = -1
                    self._override(worst.ref, worst.other, facts, dated=False)
                    continue
                looped = False
            side, _ = _lower(graph, order, ev)
            bad = [u for u in soft if side.e[soft_prev[u]] > ubs[u]]
            if not bad:
                break
            u = min(bad, key=rank.__getitem__)
            p = soft_prev[u]
            low = _lower_chain(2 * p + 1, side, graph, ev)[1]
            high = _upper_chain(2 * u, self.ub, self.hard, ev)[1]
            soft_prev[u] = -1
            self._override(u, p, low + high, dated=False)
        upper = _upper(graph, order, ev)
        self.soft_lb = (side.s, side.e)
        self.soft_ub = lambda: (upper.s, upper.e)
        # The chronology again, keyed by the settled earliest starts.
        indeg = [0] * n
        for a in graph.dst:
            indeg[a] += 1
        s = side.s
        heap = [(s[a], rank[a], a) for a in range(n) if not indeg[a]]
        heapq.heapify(heap)
        chron: list[int] = []
        while heap:
            _, _, v = heapq.heappop(heap)
            chron.append(v)
            for at in range(graph.out_start[v], graph.out_start[v + 1]):
                a = graph.dst[graph.out_edges[at]]
                indeg[a] -= 1
                if not indeg[a]:
                    heapq.heappush(heap, (s[a], rank[a], a))
        self.chron = chron

    def _rising_loop(
        self, rising: int, side: _Side, graph: _Graph
    ) -> tuple[list[int], list[_Fact | None]]:
        """Walk back from a node still rising: the walk enters a cycle that cannot hold."""
        seen: dict[int, int] = {}
        walk: list[tuple[int, _Fact | None]] = []
        node = rising
        while node not in seen:
            seen[node] = len(walk)
            a = node >> 1
            code = side.via_e[a] if node & 1 else side.via_s[a]
            previous, fact = _step_back(node, code, graph, self.ev)
            walk.append((node, fact))
            node = previous
        loop = walk[seen[node] :]
        loop.reverse()
        return [node for node, _ in loop], [fact for _, fact in loop]


def _dedupe_runs(items: Iterator[str]) -> tuple[str, ...]:
    result: list[str] = []
    for item in items:
        if not result or result[-1] != item:
            result.append(item)
    return tuple(result)


def _components(
    n: int, out_start: list[int], out_edges: list[int], dst: list[int]
) -> tuple[list[int], list[int]]:
    """Strongly connected components, and an order in which edges between them go forward.

    Kahn's algorithm orders everything outside cycles (and not after one);
    an iterative Tarjan pass handles the rest. Returns each node's component
    (a node outside cycles is its own, numbered by itself) and the order.
    """
    indeg = [0] * n
    for a in dst:
        indeg[a] += 1
    order = [i for i in range(n) if not indeg[i]]
    head = 0
    while head < len(order):
        v = order[head]
        head += 1
        for at in range(out_start[v], out_start[v + 1]):
            w = dst[out_edges[at]]
            indeg[w] -= 1
            if not indeg[w]:
                order.append(w)
    comp = list(range(n))
    if len(order) == n:
        return comp, order
    # What is left lies on a cycle or after one; no edge leads from it back into ``order``.
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    ptr = out_start[:n]
    stack: list[int] = []
    emitted: list[int] = []
    counter = 0
    ncomp = n
    for root in range(n):
        if not indeg[root] or index[root] != -1:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [root]
        while work:
            v = work[-1]
            at = ptr[v]
            if at < out_start[v + 1]:
                ptr[v] = at + 1
                w = dst[out_edges[at]]
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append(w)
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            work.pop()
            if work:
                u = work[-1]
                low[u] = min(low[u], low[v])
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp[w] = ncomp
                    emitted.append(w)
                    if w == v:
                        break
                ncomp += 1
    emitted.reverse()
    order.extend(emitted)
    return comp, order


# ---------------------------------------------------------------------------
# Views handed out by the Solution.


class _BoundsView(Mapping[str, Bounds]):
    """Event id → :class:`Bounds`, built on demand from the solver's arrays."""

    __slots__ = ("_first", "_high", "_low", "_make_high")

    def __init__(
        self,
        first: dict[str, int],
        low: tuple[list[float], list[float]],
        high: Callable[[], tuple[list[float], list[float]]],
    ) -> None:
        self._first = first
        self._low = low
        self._make_high = high
        self._high: tuple[list[float], list[float]] | None = None

    def __getitem__(self, key: str) -> Bounds:
        i = self._first[key]
        high = self._high
        if high is None:
            high = self._high = self._make_high()
        return Bounds(
            earliest=_finite(self._low[0][i]),
            latest=_finite(high[1][i]),
            latest_start=_finite(high[0][i]),
            earliest_end=_finite(self._low[1][i]),
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)


def _finite(value: float) -> int | None:
    return None if value in (_NEG, _POS) else int(value)


class _Reach:
    """Answers :meth:`Solution.precedes` from hard bounds and the constraint graph."""

    __slots__ = (
        "_first",
        "_graph",
        "_high",
        "_lbs",
        "_memo",
        "_position",
        "_topo",
        "_ube",
        "_ubs",
    )

    def __init__(
        self,
        first: dict[str, int],
        graph: _Graph,
        *,
        topo: list[int],
        lbs: list[float],
        ubs: list[float],
        ube: list[float],
    ) -> None:
        self._first = first
        self._graph = graph
        self._lbs, self._ubs, self._ube = lbs, ubs, ube
        self._topo = topo
        self._position: list[int] = []
        self._high: list[int] = []
        self._memo: dict[tuple[int, int], bool] = {}

    def _index(self) -> None:
        """Topological positions, and the furthest position reachable from each event."""
        graph, topo = self._graph, self._topo
        position = [0] * graph.n
        for p, i in enumerate(topo):
            position[i] = p
        high = list(position)
        dst, out_start, out_edges = graph.dst, graph.out_start, graph.out_edges
        for a in reversed(topo):
            best = high[a]
            for at in range(out_start[a], out_start[a + 1]):
                best = max(best, high[dst[out_edges[at]]])
            high[a] = best
        self._position = position
        self._high = high

    def precedes(self, a: str, b: str) -> bool:
        i = self._first.get(a)
        j = self._first.get(b)
        if i is None or j is None or i == j:
            return False
        start = self._lbs[j]
        if self._ube[i] <= start and self._ubs[i] < start:
            return True
        return self._path(i, j)

    def _path(self, i: int, j: int) -> bool:
        if not self._high:
            self._index()
        position, high = self._position, self._high
        target = position[j]
        if position[i] >= target or high[i] < target:
            return False
        memo = self._memo
        answer = memo.get((i, j))
        if answer is not None:
            return answer
        graph = self._graph
        dst, out_start, out_edges = graph.dst, graph.out_start, graph.out_edges
        seen = {i}
        stack = [i]
        answer = False
        while stack and not answer:
            v = stack.pop()
            for at in range(out_start[v], out_start[v + 1]):
                w = dst[out_edges[at]]
                if w == j:
                    answer = True
                    break
                if w not in seen and position[w] < target and high[w] >= target:
                    seen.add(w)
                    stack.append(w)
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[i, j] = answer
        return answer
