"""Explanations: the facts behind a bound, a contradiction or an overridden implied order.

Every bound the graph propagates remembers where it came from (see
:mod:`plotline._order._graph`). Walking those origins back from a node gives
the chain of facts that set its bound: a date, then constraints and durations.
A contradiction is a lower-bound chain and an upper-bound chain that meet
(:func:`splice`), or a loop that keeps rising (:func:`rising_loop`), or a cycle
of constraints (:func:`shortest_cycles`). :class:`Explainer` turns the chains
into the public :class:`~plotline._order.Reason`,
:class:`~plotline._order.Conflict` and :class:`~plotline._order.Override`
records, with their messages.

Each chain is the smallest explanation: drop any one fact and the bound, or
the contradiction, is gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Final, NamedTuple

from plotline._order._graph import (
    DATE,
    DURATION,
    IMPLIED,
    MEMBER_END,
    MEMBER_START,
    UNSET,
    ConstraintGraph,
    EventTimes,
    Side,
    end_node,
    event_of,
    gap_edge,
    implied_source,
    is_end,
    start_node,
)
from plotline._order._solution import (
    Conflict,
    ConflictKind,
    Override,
    Reason,
    ReasonKind,
    quote,
)
from plotline._records import Constraint, Event

__all__ = [
    "SEARCH_BUDGET",
    "Explainer",
    "Fact",
    "edge_fact",
    "lower_chain",
    "rising_loop",
    "shortest_cycles",
    "soft_chain",
    "splice",
    "upper_chain",
]

SEARCH_BUDGET: Final = 200_000
"""Edge visits spent looking for a shorter cycle in one tangle of constraints."""


class Fact(NamedTuple):
    """A fact, before it becomes a :class:`~plotline._order.Reason`.

    ``ref`` is the constraint index (kind ``CONSTRAINT``) or the event index
    (the other kinds); for ``IMPLIED`` it is the event that follows event
    ``other``. ``bound`` is the :attr:`Reason.bound <plotline._order.Reason.bound>`.
    """

    kind: ReasonKind
    ref: int
    bound: str
    other: int = -1


Chain = tuple[list[int], list[Fact | None]]
"""Nodes along a chain of bounds, and the fact of each step (``None``: no fact needed)."""


def edge_fact(graph: ConstraintGraph, edge: int) -> Fact:
    """The fact of forward edge ``edge``: its constraint, the implied order, or a work's span.

    For an edge between an event and a span node, the fact is that the event
    is told in the span's work (``ref`` the event, ``other`` the span node).
    """
    tag = graph.tag[edge]
    if tag >= 0:
        return Fact(ReasonKind.CONSTRAINT, tag, "min")
    if tag == MEMBER_END:
        return Fact(ReasonKind.TOLD_IN, graph.src[edge], "", graph.dst[edge])
    if tag == MEMBER_START:
        return Fact(ReasonKind.TOLD_IN, graph.dst[edge], "", graph.src[edge])
    return Fact(ReasonKind.IMPLIED, graph.dst[edge], "", implied_source(tag))


def step_back(
    node: int, origin: int, graph: ConstraintGraph, ev: EventTimes
) -> tuple[int, Fact | None]:
    """Follow a lower bound back through ``origin``: the node it came from, and the fact."""
    a = event_of(node)
    if is_end(node):
        if origin == DURATION:
            fact = Fact(ReasonKind.DURATION, a, "min") if ev.duration_min[a] > 0 else None
            return start_node(a), fact
        m = gap_edge(origin)
        return start_node(graph.max_dst[m]), Fact(ReasonKind.CONSTRAINT, graph.max_tag[m], "max")
    if origin == DURATION:
        return end_node(a), Fact(ReasonKind.DURATION, a, "max")
    return end_node(graph.src[origin]), edge_fact(graph, origin)


def step_forward(
    node: int, origin: int, graph: ConstraintGraph, ev: EventTimes
) -> tuple[int, Fact | None]:
    """Follow an upper bound on through ``origin``: the node it came from, and the fact."""
    a = event_of(node)
    if is_end(node):
        if origin == DURATION:
            return start_node(a), Fact(ReasonKind.DURATION, a, "max")
        return start_node(graph.dst[origin]), edge_fact(graph, origin)
    if origin == DURATION:
        fact = Fact(ReasonKind.DURATION, a, "min") if ev.duration_min[a] > 0 else None
        return end_node(a), fact
    m = gap_edge(origin)
    return end_node(graph.max_src[m]), Fact(ReasonKind.CONSTRAINT, graph.max_tag[m], "max")


def _origin(side: Side, node: int) -> int:
    """Where ``node``'s bound on ``side`` came from."""
    a = event_of(node)
    return side.via_end[a] if is_end(node) else side.via_start[a]


def lower_chain(node: int, side: Side, graph: ConstraintGraph, ev: EventTimes) -> Chain:
    """Nodes from the date that set ``node``'s lower bound to ``node``, with the facts."""
    nodes = [node]
    facts: list[Fact | None] = []
    while True:
        origin = _origin(side, node)
        if origin == DATE:
            facts.append(Fact(ReasonKind.DATE, event_of(node), "lower"))
            break
        node, fact = step_back(node, origin, graph, ev)
        facts.append(fact)
        nodes.append(node)
    nodes.reverse()
    facts.reverse()
    return nodes, facts


def upper_chain(node: int, side: Side, graph: ConstraintGraph, ev: EventTimes) -> Chain:
    """Nodes from ``node`` to the date that set its upper bound, with the facts."""
    nodes = [node]
    facts: list[Fact | None] = []
    while True:
        origin = _origin(side, node)
        if origin == DATE:
            facts.append(Fact(ReasonKind.DATE, event_of(node), "upper"))
            break
        node, fact = step_forward(node, origin, graph, ev)
        facts.append(fact)
        nodes.append(node)
    return nodes, facts


def splice(low: Chain, high: Chain) -> Chain:
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


def rising_loop(rising: int, side: Side, graph: ConstraintGraph, ev: EventTimes) -> Chain:
    """Walk back from a node still rising: the walk enters a cycle that cannot hold."""
    seen: dict[int, int] = {}
    walk: list[tuple[int, Fact | None]] = []
    node = rising
    while node not in seen:
        seen[node] = len(walk)
        previous, fact = step_back(node, _origin(side, node), graph, ev)
        walk.append((node, fact))
        node = previous
    loop = walk[seen[node] :]
    loop.reverse()
    return [node for node, _ in loop], [fact for _, fact in loop]


def soft_chain(
    node: int,
    via: tuple[list[int], list[int]],
    soft_prev: list[int],
    *,
    hard: Side,
    graph: ConstraintGraph,
    ev: EventTimes,
) -> list[Fact | None]:
    """Facts behind a lower bound that the implied order may have raised.

    ``via`` holds the origins of the starts and ends as the implied order left
    them; where it did not raise a bound (:data:`UNSET`), the hard bound's
    chain takes over.
    """
    via_start, via_end = via
    facts: list[Fact | None] = []
    while True:
        a = event_of(node)
        origin = via_end[a] if is_end(node) else via_start[a]
        if origin == UNSET:
            facts.extend(reversed(lower_chain(node, hard, graph, ev)[1]))
            break
        if origin == IMPLIED:
            p = soft_prev[a]
            facts.append(Fact(ReasonKind.IMPLIED, a, "", p))
            node = end_node(p)
            continue
        node, fact = step_back(node, origin, graph, ev)
        facts.append(fact)
    facts.reverse()
    return facts


def shortest_cycles(
    graph: ConstraintGraph, comp: list[int], tangled: set[int], rank: list[int]
) -> list[list[int]]:
    """The shortest constraint cycle (as forward edges) in each strongly connected group.

    Each cycle starts at its member told first; the cycles come in that order.
    The search for a shorter cycle in one group stops after
    :data:`SEARCH_BUDGET` edge visits.
    """
    members: dict[int, list[int]] = {}
    for i in range(graph.n):
        if comp[i] in tangled:
            members.setdefault(comp[i], []).append(i)
    dst = graph.dst
    out_start, out_edges = graph.out_start, graph.out_edges
    found: list[tuple[int, list[int]]] = []
    for c, group in members.items():
        group.sort(key=rank.__getitem__)
        best: list[int] | None = None
        budget = SEARCH_BUDGET
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
    return [cycle for _, cycle in found]


def _dedupe_runs(items: Iterator[str]) -> tuple[str, ...]:
    result: list[str] = []
    for item in items:
        if not result or result[-1] != item:
            result.append(item)
    return tuple(result)


class Explainer:
    """Turns facts about event and constraint indexes into the public records.

    Indexes from ``len(events)`` on are span nodes, ``spans`` names their works
    in that order: a span node is an instant with no date, so no fact about its
    own time is ever needed, and it is no event to name.
    """

    __slots__ = ("constraints", "events", "spans")

    def __init__(
        self, events: Sequence[Event], constraints: Sequence[Constraint], spans: Sequence[str] = ()
    ) -> None:
        self.events = events
        self.constraints = constraints
        self.spans = spans

    def reasons(self, facts: Sequence[Fact | None]) -> tuple[Reason, ...]:
        """The facts as reasons, each once, in order."""
        events, constraints = self.events, self.constraints
        n = len(events)
        reasons: list[Reason] = []
        for fact in facts:
            if fact is None:
                continue
            kind = fact.kind
            if kind is ReasonKind.CONSTRAINT:
                reason = Reason(kind, constraints[fact.ref], fact.bound)
            elif kind is ReasonKind.IMPLIED:
                reason = Reason(kind, events[fact.ref], None, events[fact.other])
            elif kind is ReasonKind.TOLD_IN:
                work = self.spans[fact.other - n]
                reason = Reason(kind, events[fact.ref], None, None, work)
            elif fact.ref >= n:
                continue  # a span node's own time: an instant, never a fact
            else:
                reason = Reason(kind, events[fact.ref], fact.bound)
            reasons.append(reason)
        return tuple(dict.fromkeys(reasons))

    def _ids(self, nodes: Iterable[int]) -> tuple[str, ...]:
        """The ids of the events among ``nodes`` (event indexes), span nodes left out."""
        events = self.events
        n = len(events)
        return tuple(events[i].id for i in nodes if i < n)

    def cycle(self, facts: Sequence[Fact | None], nodes: Sequence[int]) -> Conflict:
        """A cycle of constraints (and spans of works) through events ``nodes`` (by index)."""
        reasons = self.reasons(facts)
        ids = self._ids(nodes)
        text = ", ".join(reason.describe() for reason in reasons)
        if len(ids) == 1:
            message = f"{quote(ids[0])} cannot come before itself: {text}"
        else:
            message = f"ordering cycle: {text}"
        return Conflict(ConflictKind.CYCLE, ids, reasons, message)

    def infeasible(self, nodes: Sequence[int], facts: Sequence[Fact | None]) -> Conflict:
        """Facts along a path of nodes that cannot all hold."""
        reasons = self.reasons(facts)
        ids = _dedupe_runs(iter(self._ids(event_of(node) for node in nodes)))
        text = ", ".join(reason.describe() for reason in reasons)
        message = f"these facts cannot all hold: {text}"
        return Conflict(ConflictKind.INFEASIBLE, ids, reasons, message)

    def override(
        self, event: int, earlier: int, facts: Sequence[Fact | None], *, dated: bool
    ) -> Override:
        """Event ``event`` placed before event ``earlier``, told before it, by ``facts``."""
        events = self.events
        reasons = self.reasons(facts)
        uid, eid = events[event].id, events[earlier].id
        what = f"happens before {quote(eid)}" if dated else f"starts before {quote(eid)} ends"
        text = ", ".join(reason.describe() for reason in reasons)
        message = (
            f"{quote(uid)} is told after {quote(eid)} in present mode, but {what}: {text}; "
            "is it a flashback?"
        )
        return Override(uid, eid, reasons, message)
