"""The constraint graph over event starts and ends, and the bounds it propagates.

Each event has two *nodes* on one timeline of whole seconds: its start and its
end (:func:`start_node`, :func:`end_node`; :func:`event_of` goes back). The
facts are difference constraints between nodes: a constraint says the start of
``after`` comes at least ``min_gap`` after the end of ``before`` (a forward
edge) and, with ``max_gap``, at most that long after (a max-gap edge back); a
duration ties an event's end to its start; a date bounds a node from below or
above.

:func:`lower_bounds` computes the earliest start and end of every event
(longest paths from the dates) and :func:`upper_bounds` the latest (shortest
paths back from the dates), each with one pass over a topological order and
extra rounds only while max gaps still move something. Each bound remembers
where it came from (its *origin*: :data:`DATE`, :data:`DURATION`, a forward
edge, :func:`gap_origin`), so that :mod:`plotline._order._explain` can walk the
chain of facts behind it. :func:`components` orders the graph and finds its
strongly connected components (the constraint cycles).

The tables are flat lists of integers indexed by event (and edges by edge
number): a million events cost a few lists, not a million objects.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from plotline._records import Event
from plotline._time import OPEN_LOWER, OPEN_UPPER, Interval

__all__ = [
    "DATE",
    "DURATION",
    "IMPLIED",
    "MEMBER_END",
    "MEMBER_START",
    "NEG",
    "NO_ROOT",
    "POS",
    "UNBOUNDED",
    "UNSET",
    "ConstraintGraph",
    "EventTimes",
    "Side",
    "components",
    "end_node",
    "event_of",
    "gap_edge",
    "gap_origin",
    "group_edges",
    "implied_source",
    "implied_tag",
    "is_end",
    "lower_bounds",
    "start_node",
    "upper_bounds",
]

NEG: Final = float("-inf")
"""No lower bound."""
POS: Final = float("inf")
"""No upper bound."""

# ---------------------------------------------------------------------------
# Nodes: an event's start and its end.


def start_node(event: int) -> int:
    """The node of event ``event``'s start."""
    return 2 * event


def end_node(event: int) -> int:
    """The node of event ``event``'s end."""
    return 2 * event + 1


def event_of(node: int) -> int:
    """The event a node belongs to."""
    return node >> 1


def is_end(node: int) -> bool:
    """Whether a node is an event's end (not its start)."""
    return bool(node & 1)


NO_ROOT: Final = -1
"""The root of a bound that no date starts."""

# ---------------------------------------------------------------------------
# Where a bound came from: its origin code. A code k >= 0 is forward edge k of
# the graph (the "pred" of a lower bound, the "succ" of an upper one); a max-gap
# edge has a code of its own, below the named ones (gap_origin).

UNSET: Final = -9
"""Not raised by the implied order (the soft pass falls back to the hard one)."""
UNBOUNDED: Final = -1
"""Nothing bounds the node."""
DATE: Final = -2
"""The event's own date."""
DURATION: Final = -3
"""The event's other end, through its duration."""
IMPLIED: Final = -4
"""The implied order: the end of the present event told just before."""
_FIRST_GAP: Final = -5


def gap_origin(edge: int) -> int:
    """The origin code of max-gap edge ``edge``."""
    return _FIRST_GAP - edge


def gap_edge(origin: int) -> int:
    """The max-gap edge an origin code from :func:`gap_origin` stands for."""
    return _FIRST_GAP - origin


def implied_tag(event: int) -> int:
    """The tag of an implied-order edge from event ``event`` (a constraint's is its index)."""
    return -1 - event


def implied_source(tag: int) -> int:
    """The event an implied-order edge comes from, by its tag (from :func:`implied_tag`)."""
    return -1 - tag


MEMBER_END: Final = -(1 << 62)
"""The tag of an edge from an event to the end of a work's span (the event is told in the work)."""
MEMBER_START: Final = MEMBER_END - 1
"""The tag of an edge from the start of a work's span to an event told in the work."""


# ---------------------------------------------------------------------------
# The graph.


class ConstraintGraph:
    """Forward edges E(src) → S(dst) with a minimum gap, and max-gap back edges.

    A forward edge ``k`` says ``start(dst[k]) >= end(src[k]) + gap[k]``; its
    ``tag`` is the constraint index, :func:`implied_tag` of event ``p`` for
    the implied order from ``p``, or :data:`MEMBER_END`/:data:`MEMBER_START`
    for an edge between an event and the span of a work it is told in (a
    *span node*: a node after the events of the work, or before them). Max-gap edge ``m`` says
    ``end(max_src[m]) >= start(max_dst[m]) - max_gap[m]``, and ``max_tag[m]``
    is its constraint. ``in_start``/``in_edges`` and ``out_start``/``out_edges``
    list the forward edges into and out of each event (compressed rows: the
    edges into event ``a`` are ``in_edges[in_start[a]:in_start[a + 1]]``).
    """

    __slots__ = (
        "dst",
        "gap",
        "in_edges",
        "in_start",
        "max_dst",
        "max_gap",
        "max_src",
        "max_tag",
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
        self.max_src, self.max_dst, self.max_gap, self.max_tag = maxgaps
        self.in_start, self.in_edges = group_edges(n, dst)
        self.out_start, self.out_edges = group_edges(n, src)


def group_edges(n: int, keys: list[int]) -> tuple[list[int], list[int]]:
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


class Side(NamedTuple):
    """One side of the bounds: a value per start and end, and where each came from.

    ``via_*`` holds a bound's origin code (:data:`DATE`, :data:`DURATION`,
    :func:`gap_origin`, a forward edge…); ``root_*`` the node whose date the
    chain of origins starts from (:data:`NO_ROOT` for none).
    """

    start: list[float]
    end: list[float]
    via_start: list[int]
    via_end: list[int]
    root_start: list[int]
    root_end: list[int]


class EventTimes:
    """Per-event numbers: date bounds and duration limits, in seconds.

    ``start_low`` and ``start_high`` bound the start, ``end_high`` the end
    (:data:`NEG`/:data:`POS` where the date says nothing); ``duration_min`` and
    ``duration_max`` bound end minus start. ``spans`` more entries follow the
    events', one per span node: an undated instant.
    """

    def __init__(self, events: Sequence[Event], spans: int = 0) -> None:
        lo_s: list[float] = []
        hi_s: list[float] = []
        hi_e: list[float] = []
        dmin: list[int] = []
        dmax: list[float] = []
        for event in events:
            when = event.when
            if when is None:
                lo_s.append(NEG)
                hi_s.append(POS)
                hi_e.append(POS)
            else:
                lower, upper = when.bounds
                lo_s.append(NEG if lower <= OPEN_LOWER else lower)
                if upper >= OPEN_UPPER:
                    hi_s.append(POS)
                    hi_e.append(POS)
                else:
                    hi_s.append(upper - 1)
                    hi_e.append(upper if isinstance(when, Interval) else POS)
            duration = event.duration
            if duration is not None:
                dmin.append(duration.min_seconds)
                dmax.append(duration.max_seconds)
            elif isinstance(when, Interval):
                dmin.append(0)
                dmax.append(POS)
            else:
                dmin.append(0)
                dmax.append(0)
        lo_s.extend([NEG] * spans)
        hi_s.extend([POS] * spans)
        hi_e.extend([POS] * spans)
        dmin.extend([0] * spans)
        dmax.extend([0] * spans)
        self.start_low, self.start_high, self.end_high = lo_s, hi_s, hi_e
        self.duration_min, self.duration_max = dmin, dmax


def lower_bounds(
    graph: ConstraintGraph, order: list[int], ev: EventTimes, *, virtual: bool = False
) -> tuple[Side, int]:
    """Earliest starts and ends: longest paths from the dates (or from 0 everywhere).

    Returns the bounds and ``-1``, or a node (an event's end) still
    rising after every simple path was tried: it leads back into a positive
    cycle (facts that cannot all hold).
    """
    n = graph.n
    if virtual:
        s: list[float] = [0] * n
        e: list[float] = [0] * n
        via_s = [UNBOUNDED] * n
    else:
        s = list(ev.start_low)
        e = [NEG] * n
        via_s = [UNBOUNDED if x == NEG else DATE for x in s]
    via_e = [UNBOUNDED] * n
    root_s = [start_node(i) if via == DATE else NO_ROOT for i, via in enumerate(via_s)]
    root_e = [NO_ROOT] * n
    side = Side(s, e, via_s, via_e, root_s, root_e)
    src, gap = graph.src, graph.gap
    in_start, in_edges = graph.in_start, graph.in_edges
    msrc, mdst, mgap = graph.max_src, graph.max_dst, graph.max_gap
    dmin, dmax = ev.duration_min, ev.duration_max
    with_dmax = bool(msrc)

    def settle(a: int) -> int:
        """Raise event ``a``'s bounds from its predecessors: bit 1 if its start rose, 2 its end."""
        best = s[a]
        via = UNSET
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
                via = DURATION
        moved = 0
        if via != UNSET:
            s[a] = best
            via_s[a] = via
            root_s[a] = root_e[a] if via == DURATION else root_e[src[via]]
            moved = 1
        value = best + dmin[a]
        if value > e[a]:
            e[a] = value
            via_e[a] = DURATION
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
                via_e[b] = gap_origin(m)
                root_e[b] = root_s[mdst[m]]
                rising = end_node(b)
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


def upper_bounds(graph: ConstraintGraph, order: list[int], ev: EventTimes) -> Side:
    """Latest starts and ends: shortest paths back to the dates' upper bounds."""
    n = graph.n
    s = list(ev.start_high)
    e = list(ev.end_high)
    via_s = [UNBOUNDED if x == POS else DATE for x in s]
    via_e = [UNBOUNDED if x == POS else DATE for x in e]
    root_s = [start_node(i) if via == DATE else NO_ROOT for i, via in enumerate(via_s)]
    root_e = [end_node(i) if via == DATE else NO_ROOT for i, via in enumerate(via_e)]
    side = Side(s, e, via_s, via_e, root_s, root_e)
    dst, gap = graph.dst, graph.gap
    out_start, out_edges = graph.out_start, graph.out_edges
    msrc, mdst, mgap = graph.max_src, graph.max_dst, graph.max_gap
    dmin, dmax = ev.duration_min, ev.duration_max

    def settle(a: int) -> int:
        """Lower event ``a``'s bounds from its successors: bit 1 if its start fell, 2 its end."""
        best = e[a]
        via = UNSET
        for at in range(out_start[a], out_start[a + 1]):
            k = out_edges[at]
            value = s[dst[k]] - gap[k]
            if value < best:
                best = value
                via = k
        moved = 0
        if via != UNSET:
            e[a] = best
            via_e[a] = via
            root_e[a] = root_s[dst[via]]
            moved = 2
        value = best - dmin[a]
        if value < s[a]:
            s[a] = value
            via_s[a] = DURATION
            root_s[a] = root_e[a]
            moved |= 1
        value = s[a] + dmax[a]
        if value < e[a]:
            e[a] = value
            via_e[a] = DURATION
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
                via_s[a] = gap_origin(m)
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


def components(
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
