"""Reachability in the constraint graph: whether hard facts force one event before another.

>>> from plotline._order import solve
>>> from plotline._records import Constraint, Event
>>> class Facts:  # anything with works, events and constraints can be solved
...     works = ()
...     events = (Event("a"), Event("b"), Event("c"))
...     constraints = (Constraint("a", "b"), Constraint("b", "c"))
>>> solution = solve(Facts())
>>> solution.precedes("a", "c"), solution.precedes("c", "a")
(True, False)
"""

from __future__ import annotations

from typing import Final

from plotline._order._graph import ConstraintGraph

__all__ = ["MEMO_LIMIT", "Reachability"]

MEMO_LIMIT: Final = 100_000
"""How many answers of :meth:`Reachability.precedes` are remembered at most."""


class Reachability:
    """Answers :meth:`Solution.precedes <plotline._order.Solution.precedes>`.

    First from the hard bounds (``a`` ends before ``b`` can start), else from
    the constraint graph: a search pruned by topological positions (no path
    leads to an earlier position, or past the furthest one reachable), its
    answers remembered up to :data:`MEMO_LIMIT` of them.
    """

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
        graph: ConstraintGraph,
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
        """Whether hard facts force event ``a`` before event ``b`` (False for unknown ids)."""
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
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[i, j] = answer
        return answer
