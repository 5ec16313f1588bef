"""Chains of the telling, and the spans of works that constraints name.

Telling order implies story order along a *chain*: the present-mode events
told one after another. A work with ``continues = false`` (a prequel, a
parallel book, a standalone) does not go on from the story told so far, so
the first present-mode event told in it, or anywhere inside it, starts a new
chain; the works told after it continue that one. :func:`chains` numbers
them.

A constraint may name a work instead of an event: it then speaks of the
*span* of the work, from the start of the first to the end of the last
present-mode event told in the work or inside it. :class:`Spans` gives each
work so named up to two *span nodes*, instants numbered after the events: one
that every event of the span ends by (the work as ``before``) and one that
every event of the span starts after (the work as ``after``). One edge joins
each event to its span node, so a constraint on a work of ten thousand events
costs ten thousand edges, and a constraint between two such works the same
twice over, never their product.

>>> from plotline._records import Event, Work
>>> from plotline._order._works import WorksTree
>>> tree = WorksTree([Work("vi", number=1), Work("i", number=2, continues=False)])
>>> tell, present, where = [0, 1, 2], [True, True, True], [0, 1, 1]
>>> chains(tree, tell, present, where)
[0, 1, 1]
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple

from plotline._order._graph import MEMBER_END, MEMBER_START, ConstraintGraph
from plotline._order._works import WorksTree

__all__ = ["ChainReach", "Endpoint", "Spans", "chains"]


def chains(
    tree: WorksTree, tell: Sequence[int], present: Sequence[bool], where: Sequence[int]
) -> list[int]:
    """Each event's chain (``-1`` for events not in present mode), counted in telling order.

    ``where`` holds each event's work position in ``tree``. The events of a
    subtree are contiguous in telling order, so one pass over the telling
    and one over the works that do not continue finds every restart.
    """
    breaks = [at for at, work in enumerate(tree.works) if not work.continues]
    chain = [-1] * len(where)
    current = -1
    at = 0
    for i in tell:
        if not present[i]:
            continue
        p = where[i]
        restart = current == -1
        while at < len(breaks) and breaks[at] <= p:
            # The first present event at or after the work that breaks: the chain restarts
            # if the event is inside that work (else the work told no present event).
            restart = restart or p <= tree.subtree_end(breaks[at])
            at += 1
        if restart:
            current += 1
        chain[i] = current
    return chain


class Endpoint(NamedTuple):
    """One side of a constraint: the node its edge leaves or enters, and the event nearest it.

    For an event both are the event. For a work, ``node`` is the span node and
    ``near`` the last present event told in the work (for ``before``) or the
    first (for ``after``): the edge of the span that a ``max_gap`` is measured
    from.
    """

    node: int
    near: int


class Spans:
    """The span nodes of the works that constraints name, and the edges that join them.

    ``works`` names the work of each span node (node ``n + k`` is
    ``works[k]``); ``src``, ``dst`` and ``tag`` list the edges between the
    events and their span nodes, tagged :data:`MEMBER_END` or
    :data:`MEMBER_START`.
    """

    def __init__(
        self,
        n: int,
        tree: WorksTree,
        tell: Sequence[int],
        present: Sequence[bool],
        where: Sequence[int],
    ) -> None:
        self.n = n
        self.tree = tree
        self.works: list[str] = []
        self.src: list[int] = []
        self.dst: list[int] = []
        self.tag: list[int] = []
        self._members = [i for i in tell if present[i]]
        self._where = [where[i] for i in self._members]
        self._nodes: dict[tuple[int, bool], Endpoint | None] = {}

    def __len__(self) -> int:
        return len(self.works)

    def endpoint(self, work_id: str, *, after: bool) -> Endpoint | None:
        """The span node of a work as a constraint's ``after`` (or ``before``) side.

        ``None`` for an unknown work and for a work that tells no present-mode
        event: a constraint on it binds nothing.
        """
        at = self.tree.position.get(work_id)
        if at is None:
            return None
        key = (at, after)
        if key in self._nodes:
            return self._nodes[key]
        low = bisect.bisect_left(self._where, at)
        high = bisect.bisect_right(self._where, self.tree.subtree_end(at))
        members = self._members[low:high]
        endpoint: Endpoint | None = None
        if members:
            node = self.n + len(self.works)
            self.works.append(self.tree.works[at].id)
            for i in members:
                if after:
                    self.src.append(node)
                    self.dst.append(i)
                    self.tag.append(MEMBER_START)
                else:
                    self.src.append(i)
                    self.dst.append(node)
                    self.tag.append(MEMBER_END)
            endpoint = Endpoint(node, members[0] if after else members[-1])
        self._nodes[key] = endpoint
        return endpoint


class ChainReach:
    """Which earlier-told event of its own chain hard facts put after an event.

    :meth:`search` takes one chain's present-mode events in telling order and
    searches backward from them, earliest told first, marking every node that
    leads to one: :meth:`earliest` then gives, for an event of that chain, the
    telling rank of the earliest-told event of the chain it leads to, and
    :attr:`step` the first edge of a way there (until the next search). The
    search never goes below the topological position of the chain's first
    event that leads anywhere, for no path from the chain passes there. A
    story of one chain costs one pass over the graph; several chains cost no
    more than the part of the graph each one reaches.
    """

    __slots__ = ("_chain", "_graph", "_position", "_rank", "_reach", "_stamp", "step")

    def __init__(self, graph: ConstraintGraph, topo: Sequence[int], rank: Sequence[int]) -> None:
        n = graph.n
        self._graph = graph
        self._rank = rank
        self._position = [0] * n
        for p, a in enumerate(topo):
            self._position[a] = p
        self._reach = [0] * n
        self.step = [-1] * n
        self._stamp = [-1] * n
        self._chain = -1

    def search(self, members: Sequence[int]) -> None:
        """Search from one chain's events (in telling order); forget the chain before."""
        self._chain += 1
        k = self._chain
        graph, position, rank = self._graph, self._position, self._rank
        src, in_start, in_edges, out_start = (
            graph.src,
            graph.in_start,
            graph.in_edges,
            graph.out_start,
        )
        starts = [position[i] for i in members if out_start[i] != out_start[i + 1]]
        if not starts:
            return
        floor = min(starts)
        reach, step, stamp = self._reach, self.step, self._stamp
        for target in members:
            if in_start[target] == in_start[target + 1]:
                continue
            stack = [target]
            while stack:
                v = stack.pop()
                for at in range(in_start[v], in_start[v + 1]):
                    e = in_edges[at]
                    a = src[e]
                    if stamp[a] == k or position[a] < floor:
                        continue
                    stamp[a] = k
                    reach[a] = rank[target]
                    step[a] = e
                    stack.append(a)

    def earliest(self, event: int) -> int | None:
        """The rank of the earliest-told event of the chain searched that ``event`` leads to."""
        return self._reach[event] if self._stamp[event] == self._chain else None
