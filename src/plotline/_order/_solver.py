"""The solver: from works, events and constraints to a :class:`~plotline._order.Solution`.

:func:`solve` runs the phases in order, each on integer indexes: the works
tree and the telling order; the hard facts (constraint edges, their cycles set
aside, the bounds they propagate, the contradictions among them); then the
implied present-mode order, which gives way wherever hard facts contradict it,
and the chronology. See :mod:`plotline._order` for what each phase means.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import Protocol

from plotline._order._chains import ChainReach, Endpoint, Spans, chains
from plotline._order._explain import (
    Explainer,
    Fact,
    edge_fact,
    lower_chain,
    rising_loop,
    shortest_cycles,
    soft_chain,
    splice,
    upper_chain,
)
from plotline._order._graph import (
    DURATION,
    IMPLIED,
    NEG,
    UNSET,
    ConstraintGraph,
    EventTimes,
    Side,
    components,
    end_node,
    implied_tag,
    is_end,
    lower_bounds,
    start_node,
    upper_bounds,
)
from plotline._order._reach import Reachability
from plotline._order._solution import BoundsView, Conflict, Override, ReasonKind, Solution
from plotline._order._travel import Travel, travel_gaps
from plotline._order._works import WorksTree
from plotline._records import Constraint, Event, Work

__all__ = ["Orderable", "solve"]


class Orderable(Protocol):
    """What :func:`solve` reads: works, events and constraints (a Story has them)."""

    @property
    def works(self) -> Sequence[Work]:
        """The works, in file order."""
        ...

    @property
    def events(self) -> Sequence[Event]:
        """The events, in file order."""
        ...

    @property
    def constraints(self) -> Sequence[Constraint]:
        """The ordering constraints, in file order."""
        ...


def solve(story: Orderable) -> Solution:
    """Solve a story's clocks: tree order, telling order, story order and bounds.

    ``story`` is a :class:`~plotline.Story`, or anything else with ``works``,
    ``events`` and ``constraints``. Each call solves afresh: keep the
    :class:`~plotline.Solution` to ask it several questions.

    >>> from plotline import Event, Story
    >>> solve(Story(events=[Event("a"), Event("b")]))
    <Solution: 0 works, 2 events, 0 conflicts, 0 overridden>
    """
    return _Solver(story).solution()


Edges = tuple[list[int], list[int], list[int], list[int]]
"""Forward edges as four parallel lists: source event, target event, minimum gap, tag."""

SoftBounds = tuple[list[float], list[float]]
"""Starts and ends (earliest or latest) with the implied order."""


class _Solver:
    """One solve: every table is computed in ``__init__``, phase by phase.

    Events are integers (their index in file order); where ids repeat, a
    constraint names the first event with the id. ``-1`` in ``soft_prev``
    means an event without an implied predecessor. The graph has ``size``
    nodes: the ``n`` events, then the span nodes of the works that
    constraints name (:class:`~plotline._order._chains.Spans`), which are in
    no telling and no chronology.
    """

    def __init__(self, story: Orderable) -> None:
        # Routes and places, when the story has them (an Orderable need not).
        self.travel = Travel(getattr(story, "entities", ()), getattr(story, "routes", ()))
        events = self.events = tuple(story.events)
        constraints = self.constraints = tuple(story.constraints)
        self.n = len(events)
        first: dict[str, int] = {}
        for i, event in enumerate(events):
            first.setdefault(event.id, i)
        self.first = first
        self.conflicts: list[Conflict] = []
        self.overrides: list[Override] = []
        # The telling, and its chains.
        self.tree = WorksTree(story.works)
        self.tell, self.rank, self.told, where = self._telling()
        self.present = [
            known and event.mode.is_present for known, event in zip(self.told, events, strict=True)
        ]
        self.chain = chains(self.tree, self.tell, self.present, where)
        # The spans of the works that constraints name: nodes after the events.
        self.spans = Spans(self.n, self.tree, self.tell, self.present, where)
        self.ends = [self._endpoint(c.before, after=False) for c in constraints]
        self.starts = [self._endpoint(c.after, after=True) for c in constraints]
        size = self.size = self.n + len(self.spans)
        self.rank.extend(range(self.n, size))
        self.order = [*self.tell, *range(self.n, size)]  # rank → node
        self.present.extend([False] * len(self.spans))
        self.chain.extend([-1] * len(self.spans))
        self.explain = Explainer(events, constraints, self.spans.works)
        # The hard facts: dates, durations, constraints (their cycles set aside).
        self.ev = EventTimes(events, len(self.spans))
        self.edges, self.maxgap, self.topo, self.hard = self._hard_graph()
        self.lb = lower_bounds(self.hard, self.topo, self.ev)[0]
        self.ub = upper_bounds(self.hard, self.topo, self.ev)
        self._infeasible()
        # The implied order, and the chronology it gives way in.
        self.chron, self.soft_lb, self.soft_ub = self._soft()
        self.overrides.sort(key=lambda o: self.rank[self.first[o.event]])

    def solution(self) -> Solution:
        """The public record of this solve."""
        events, first, rank, chron = self.events, self.first, self.rank, self.chron
        story_pos_of = [0] * self.n
        chron = [i for i in chron if i < self.n]
        for p, i in enumerate(chron):
            story_pos_of[i] = p
        ub = self.ub
        reach = Reachability(
            first, self.hard, topo=self.topo, lbs=self.lb.start, ubs=ub.start, ube=ub.end
        )
        chain = self.chain
        return Solution(
            tree=self.tree,
            telling=tuple(events[i] for i in self.tell),
            telling_pos={eid: rank[i] for eid, i in first.items()},
            chronology=tuple(events[i] for i in chron),
            story_pos={eid: story_pos_of[i] for eid, i in first.items()},
            bounds=BoundsView(first, self.soft_lb, self.soft_ub),
            conflicts=tuple(self.conflicts),
            overridden=tuple(self.overrides),
            chains={eid: chain[i] for eid, i in first.items() if chain[i] != -1},
            reach=reach,
        )

    # -- telling order --------------------------------------------------------

    def _telling(self) -> tuple[list[int], list[int], list[bool], list[int]]:
        """Events in telling order, each event's rank, whether it is told, and its work position.

        Inside a work, an event with an ``order`` sorts by it (equal orders in
        file order); an event without one sorts right after the event written
        before it in the same work, or first if none is.
        """
        events, n, tree = self.events, self.n, self.tree
        unknown = len(tree.works)
        wpos = tree.position
        known = [False] * n
        where = [unknown] * n
        for i, event in enumerate(events):
            if event.told_in is not None:
                j = wpos.get(event.told_in)
                if j is not None:
                    where[i] = j
                    known[i] = True

        # Each event sorts by (work, the order of the last event with an ``order``
        # written before it in the work, that event's index, how many come between).
        keys: list[tuple[int, float, int, int]] = []
        anchor: dict[int, tuple[float, int, int]] = {}
        for i, event in enumerate(events):
            if not known[i]:
                keys.append((unknown, 0, i, 0))
                continue
            order = event.order
            if order is None:
                low, at, count = anchor.get(where[i], (NEG, -1, 0))
                anchor[where[i]] = (low, at, count + 1)
                keys.append((where[i], low, at, count + 1))
            else:
                anchor[where[i]] = (order, i, 0)
                keys.append((where[i], order, i, 0))
        tell = sorted(range(n), key=keys.__getitem__)
        rank = [0] * n
        for r, i in enumerate(tell):
            rank[i] = r
        return tell, rank, known, where

    # -- hard facts -----------------------------------------------------------

    def _hard_graph(self) -> tuple[Edges, dict[int, int], list[int], ConstraintGraph]:
        """Constraint edges, their max gaps, a topological order, and the graph of them.

        Cycles among the constraints become conflicts and their edges are set
        aside; so are max gaps that no timing can meet. A constraint from an
        event to itself is a cycle at once. A constraint that names a work
        joins its span node; its ``max_gap`` is measured from the span's last
        present-mode event told (``before``) or to its first (``after``).
        """
        constraints = self.constraints
        spans = self.spans
        src: list[int] = list(spans.src)
        dst: list[int] = list(spans.dst)
        gap: list[int] = [0] * len(src)
        tag: list[int] = list(spans.tag)
        maxgap: dict[int, int] = {}  # forward edge → its constraint's max gap, where it has one
        for c, constraint in enumerate(constraints):
            end, start = self.ends[c], self.starts[c]
            if end is None or start is None:
                continue
            b, a = end.node, start.node
            if a == b:
                self.conflicts.append(
                    self.explain.cycle([Fact(ReasonKind.CONSTRAINT, c, "min")], [a])
                )
                continue
            least = 0 if constraint.min_gap is None else constraint.min_gap.min_seconds
            src.append(b)
            dst.append(a)
            gap.append(least)
            tag.append(c)
            if constraint.max_gap is None:
                continue
            if (end.near, start.near) != (b, a):
                # A work's span: the gap runs between the events at its edge.
                if end.near == start.near:
                    continue  # the constraint is a cycle already, through the span
                src.append(end.near)
                dst.append(start.near)
                gap.append(least)
                tag.append(c)
            maxgap[len(src) - 1] = constraint.max_gap.max_seconds
        edges: Edges = (src, dst, gap, tag)
        graph = self._with_maxgaps(edges, maxgap)
        comp, topo = components(self.size, graph.out_start, graph.out_edges, dst)
        tangled = {comp[b] for b, a in zip(src, dst, strict=True) if comp[b] == comp[a]}
        if tangled:
            for cycle in shortest_cycles(graph, comp, tangled, self.rank):
                self.conflicts.append(
                    self.explain.cycle(
                        [edge_fact(graph, k) for k in cycle], [src[k] for k in cycle]
                    )
                )
            keep = [k for k in range(len(src)) if comp[src[k]] != comp[dst[k]]]
            edges = (
                [src[k] for k in keep],
                [dst[k] for k in keep],
                [gap[k] for k in keep],
                [tag[k] for k in keep],
            )
            maxgap = {new: maxgap[old] for new, old in enumerate(keep) if old in maxgap}
            graph = self._with_maxgaps(edges, maxgap)
        if maxgap:
            maxgap, graph = self._without_gap_loops(edges, maxgap, topo, graph)
        return edges, maxgap, topo, graph

    def _endpoint(self, name: str, *, after: bool) -> Endpoint | None:
        """A constraint's side: the event with that id, else the span of the work with it."""
        i = self.first.get(name)
        if i is not None:
            return Endpoint(i, i)
        return self.spans.endpoint(name, after=after)

    def _without_gap_loops(
        self, edges: Edges, maxgap: dict[int, int], topo: list[int], graph: ConstraintGraph
    ) -> tuple[dict[int, int], ConstraintGraph]:
        """Find max-gap edges that no timing can meet, report them, and set them aside."""
        tag = edges[3]
        while maxgap:
            side, rising = lower_bounds(graph, topo, self.ev, virtual=True)
            if rising == -1:
                break
            nodes, facts = rising_loop(rising, side, graph, self.ev)
            self.conflicts.append(self.explain.infeasible(nodes, facts))
            bad = {
                f.ref
                for f in facts
                if f is not None and f.kind is ReasonKind.CONSTRAINT and f.bound == "max"
            }
            maxgap = {k: v for k, v in maxgap.items() if tag[k] not in bad}
            graph = self._with_maxgaps(edges, maxgap)
        return maxgap, graph

    def _with_maxgaps(self, edges: Edges, maxgap: dict[int, int]) -> ConstraintGraph:
        """The graph of ``edges``, with a max-gap edge back for each edge in ``maxgap``."""
        src, dst, gap, tag = edges
        ks = sorted(maxgap)
        return ConstraintGraph(
            self.size,
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

    def _infeasible(self) -> None:
        """Report nodes whose earliest time is after their latest, once per date bound."""
        lb, ub, graph, ev = self.lb, self.ub, self.hard, self.ev
        lbs, lbe, ubs, ube = lb.start, lb.end, ub.start, ub.end
        used_low: set[int] = set()
        used_high: set[int] = set()
        for a in self.tell:
            if lbs[a] <= ubs[a] and lbe[a] <= ube[a]:
                continue
            for node, low, high in ((start_node(a), lbs[a], ubs[a]), (end_node(a), lbe[a], ube[a])):
                if low <= high:
                    continue
                ends = is_end(node)
                root_low = lb.root_end[a] if ends else lb.root_start[a]
                root_high = ub.root_end[a] if ends else ub.root_start[a]
                if root_low in used_low or root_high in used_high:
                    continue
                used_low.add(root_low)
                used_high.add(root_high)
                nodes, facts = splice(
                    lower_chain(node, lb, graph, ev), upper_chain(node, ub, graph, ev)
                )
                self.conflicts.append(self.explain.infeasible(nodes, facts))

    # -- the implied order ----------------------------------------------------

    def _soft(self) -> tuple[list[int], SoftBounds, Callable[[], SoftBounds]]:
        """Place undated present events after the present event told before them.

        Returns the chronology, the earliest starts and ends with the implied
        order that survives, and a function computing the latest ones.
        """
        events, present, chain = self.events, self.present, self.chain
        soft_prev = [-1] * self.size
        previous = -1
        lb_end, ub_start, dmin = self.lb.end, self.ub.start, self.ev.duration_min
        # A dated event whose dates leave room after the present event told before it
        # is sorted after it (a year told after a day in it): a key for the chronology
        # only, never a bound, so it can delay no event that must come first.
        self.after_told = after = [NEG] * self.size
        for i in self.tell:
            if present[i]:
                if previous != -1 and chain[previous] == chain[i]:
                    if events[i].when is None:
                        soft_prev[i] = previous
                    else:
                        end = lb_end[previous]
                        if after[previous] != NEG:
                            end = max(end, after[previous] + dmin[previous])
                        if NEG < end <= ub_start[i]:
                            after[i] = end
                previous = i
        self._hard_overrides(soft_prev)
        # Travel time as a least gap along the implied order (not yet with max gaps).
        self.travel_gap: dict[int, list[tuple[int, int]]] = {}
        if self.travel and not self.maxgap:
            present_told = [i for i in self.tell if present[i]]
            self.travel_gap = travel_gaps(events, present_told, soft_prev, chain, self.travel)
        chron, soft_lb = self._chronology(soft_prev)
        if self.maxgap:
            return self._refine(soft_prev, chron)
        return chron, soft_lb, lambda: self._soft_upper(soft_prev, chron)

    def _override(self, u: int, earlier: int, facts: Sequence[Fact | None], *, dated: bool) -> None:
        self.overrides.append(self.explain.override(u, earlier, facts, dated=dated))

    def _hard_overrides(self, soft_prev: list[int]) -> None:
        """Present events that hard facts put before present events told earlier in their chain."""
        rank, present, chain = self.rank, self.present, self.chain
        # The earliest-told present event of its chain that each event's constraints lead to.
        reach = ChainReach(self.hard, self.topo, rank)
        step = reach.step
        members: dict[int, list[int]] = {}
        for i in self.tell:
            if present[i]:
                members.setdefault(chain[i], []).append(i)
        for group in members.values():
            reach.search(group)
            self._chain_overrides(group, soft_prev, reach, step)

    def _chain_overrides(
        self, group: list[int], soft_prev: list[int], reach: ChainReach, step: list[int]
    ) -> None:
        """The overrides among one chain's events (in telling order)."""
        events, rank, present, chain = self.events, self.rank, self.present, self.chain
        graph = self.hard
        dst = graph.dst
        lb, ub, ev = self.lb, self.ub, self.ev
        lbs, lbe, ubs, ube = lb.start, lb.end, ub.start, ub.end
        top_end: float = NEG
        top_end_at = -1
        top_start: float = NEG
        top_start_at = -1
        for u in group:
            undated = events[u].when is None
            facts: list[Fact | None] | None = None
            earlier = -1
            leads = reach.earliest(u)
            if leads is not None and leads < rank[u]:
                facts = []
                node = u
                while True:
                    k = step[node]
                    facts.append(edge_fact(graph, k))
                    node = dst[k]
                    if present[node] and chain[node] == chain[u] and rank[node] < rank[u]:
                        break
                earlier = node
            elif undated:
                p = soft_prev[u]
                x = p if p != -1 and ubs[u] < lbe[p] else top_end_at
                if x != -1 and ubs[u] < lbe[x]:
                    earlier = x
                    facts = splice(
                        lower_chain(end_node(x), lb, graph, ev),
                        upper_chain(start_node(u), ub, graph, ev),
                    )[1]
            elif top_start_at != -1 and ube[u] <= top_start and ubs[u] < top_start:
                earlier = top_start_at
                facts = splice(
                    lower_chain(start_node(earlier), lb, graph, ev),
                    upper_chain(end_node(u), ub, graph, ev),
                )[1]
            if facts is not None:
                self._override(u, earlier, facts, dated=not undated)
                soft_prev[u] = -1
            if lbe[u] > top_end:
                top_end, top_end_at = lbe[u], u
            if lbs[u] > top_start:
                top_start, top_start_at = lbs[u], u

    def _chronology(self, soft_prev: list[int]) -> tuple[list[int], SoftBounds]:
        """Order events by (earliest start, telling position), dropping contradicted soft edges."""
        n, rank, ev = self.size, self.rank, self.ev
        graph = self.hard
        dst, gap = graph.dst, graph.gap
        out_start, out_edges = graph.out_start, graph.out_edges
        dmin = ev.duration_min
        ubs = self.ub.start
        travel_gap = self.travel_gap
        soft_next = [-1] * n
        indeg = [0] * n
        for a in dst:
            indeg[a] += 1
        for u in range(n):
            p = soft_prev[u]
            if p != -1:
                soft_next[p] = u
                indeg[u] += 1
        s = list(self.lb.start)
        e = list(self.lb.end)
        via_s = [UNSET] * n
        via_e = [UNSET] * n
        # Heap entries are ints: (earliest start, telling rank) packed as start * n + rank,
        # with an unknown start packed as ``floor``, below every start there can be.
        tell = self.order
        after = self.after_told
        floor = min((x for x in s if x != NEG), default=1) - 1

        def key(a: int) -> float:
            start = max(s[a], after[a])
            return (floor if start == NEG else start) * n + rank[a]

        heap = [key(a) for a in range(n) if not indeg[a]]
        heapq.heapify(heap)
        chron: list[int] = []
        pop, push = heapq.heappop, heapq.heappush
        while heap:
            v = tell[int(pop(heap)) % n]
            chron.append(v)
            end = s[v] + dmin[v]
            if end > e[v]:
                e[v] = end
                via_e[v] = DURATION
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
                    push(heap, key(a))
            u = soft_next[v]
            if u != -1:
                if end > ubs[u]:
                    soft_prev[u] = -1
                    soft_next[v] = -1
                    low = soft_chain(
                        end_node(v), (via_s, via_e), soft_prev, hard=self.lb, graph=graph, ev=ev
                    )
                    high = upper_chain(start_node(u), self.ub, graph, ev)[1]
                    self._override(u, v, low + high, dated=False)
                else:
                    if travel_gap and u in travel_gap:
                        # Each journey, as far as the hard facts leave room for it:
                        # a journey that does not fit is PL306's, not an override.
                        for earlier, seconds in travel_gap[u]:
                            end = max(end, min(e[earlier] + seconds, ubs[u]))
                    if end > s[u]:
                        s[u] = end
                        via_s[u] = IMPLIED
                indeg[u] -= 1
                if not indeg[u]:
                    push(heap, key(u))
        return chron, (s, e)  # every event: the graph is acyclic by construction

    def _soft_upper(self, soft_prev: list[int], chron: list[int]) -> SoftBounds:
        """Latest starts and ends with the surviving implied order."""
        n, ev = self.size, self.ev
        graph = self.hard
        dst, gap = graph.dst, graph.gap
        out_start, out_edges = graph.out_start, graph.out_edges
        dmin, dmax = ev.duration_min, ev.duration_max
        soft_next = [-1] * n
        for u in range(n):
            if soft_prev[u] != -1:
                soft_next[soft_prev[u]] = u
        s = list(self.ub.start)
        e = list(self.ub.end)
        for v in reversed(chron):
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

    def _refine(
        self, soft_prev: list[int], order: list[int]
    ) -> tuple[list[int], SoftBounds, Callable[[], SoftBounds]]:
        """With max gaps, settle the implied order against the full fixpoint.

        Max gaps carry bounds backwards, so the greedy check made while
        ordering can miss a contradiction: look again with everything, drop
        the implied order that gives way, and repeat until all hold. Returns
        the chronology again, keyed by the settled earliest starts, and the
        bounds with the implied order.
        """
        n, ev, rank = self.size, self.ev, self.rank
        src, dst, gap, tag = self.edges
        ubs = self.ub.start
        looped = True
        side: Side
        while True:
            soft = [u for u in range(n) if soft_prev[u] != -1]
            graph = self._with_maxgaps(
                (
                    src + [soft_prev[u] for u in soft],
                    dst + soft,
                    gap + [0] * len(soft),
                    tag + [implied_tag(soft_prev[u]) for u in soft],
                ),
                self.maxgap,
            )
            if looped:  # dropping edges later cannot make a new loop
                side, rising = lower_bounds(graph, order, ev, virtual=True)
                if rising != -1:
                    facts = rising_loop(rising, side, graph, ev)[1]
                    # Hard loops were set aside already, so an implied order is in this one.
                    worst = max(
                        (f for f in facts if f is not None and f.kind is ReasonKind.IMPLIED),
                        key=lambda f: rank[f.ref],
                    )
                    soft_prev[worst.ref] = -1
                    self._override(worst.ref, worst.other, facts, dated=False)
                    continue
                looped = False
            side, _ = lower_bounds(graph, order, ev)
            bad = [u for u in soft if side.end[soft_prev[u]] > ubs[u]]
            if not bad:
                break
            u = min(bad, key=rank.__getitem__)
            p = soft_prev[u]
            low = lower_chain(end_node(p), side, graph, ev)[1]
            high = upper_chain(start_node(u), self.ub, self.hard, ev)[1]
            soft_prev[u] = -1
            self._override(u, p, low + high, dated=False)
        upper = upper_bounds(graph, order, ev)
        indeg = [0] * n
        for a in graph.dst:
            indeg[a] += 1
        s = side.start
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
        return chron, (side.start, side.end), lambda: (upper.start, upper.end)
