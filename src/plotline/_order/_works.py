"""The works tree: tree order, parents and children, leaves and spans, in linear memory.

Works form a tree: series > season > episode, book > chapter. *Tree order*
is a pre-order walk, each work before its children. Siblings, and the
top-level works among themselves, are ordered by ``number``; works without a
number come after the numbered ones, in file order; equal numbers keep file
order. A work whose ``parent`` names no work, or that sits in a cycle of
parents, is still placed: after the whole tree, as a top-level work, in file
order (a cycle is cut at the member written first). Each such work is
reported in :attr:`WorksTree.problems`.

Where ids repeat, a ``parent`` names the first work with that id, and every
lookup by id finds that first work too.

The tree keeps a handful of integers per work (its parent's position and the
last position of its subtree) and no tuple of ancestors: ancestry is a walk up
the parents, subtrees and leaf spans are intervals of positions. A tree
thousands of levels deep costs what a flat one does.

>>> from plotline._records import Work
>>> tree = WorksTree([
...     Work("s1", kind="season", number=1),
...     Work("s1e02", parent="s1", number=2),
...     Work("s1e01", parent="s1", number=1),
...     Work("film"),
... ])
>>> [work.id for work in tree.works]
['s1', 's1e01', 's1e02', 'film']
>>> [work.id for work in tree.leaves], tree.leaf_span("s1")
(['s1e01', 's1e02', 'film'], (0, 1))
>>> [work.id for work in tree.chain("s1e02")], tree.ancestry["s1e02"]
(['s1', 's1e02'], ('s1',))
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterator, Mapping, Sequence
from functools import cached_property

import attrs

from plotline._records import Work

__all__ = ["AncestorIds", "WorkProblem", "WorkProblemKind", "WorksTree"]

NO_PARENT = -1
"""The parent position of a top-level work."""


class WorkProblemKind(enum.StrEnum):
    """Why a work could not be placed in the works tree where it asked to be."""

    MISSING_PARENT = "missing-parent"
    PARENT_CYCLE = "parent-cycle"


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


class WorksTree:
    """The works in tree order, with each work's parent, subtree and leaves.

    :attr:`works` lists the works in tree order; a work's *position* is its
    index there. :attr:`position` finds it by id (the first work with the id).
    Every method taking an id answers for that first work, and treats an
    unknown id as a work outside the tree.
    """

    works: tuple[Work, ...]
    """Works in tree order."""
    position: Mapping[str, int]
    """Work id → index in :attr:`works`."""
    problems: tuple[WorkProblem, ...]
    """Works whose parent is missing or in a cycle (placed at the top level), in file order."""

    def __init__(self, works: Sequence[Work]) -> None:
        count = len(works)
        first: dict[str, int] = {}
        for j, work in enumerate(works):
            first.setdefault(work.id, j)
        children: list[list[int]] = [[] for _ in range(count)]
        named_parent = [NO_PARENT] * count
        roots: list[int] = []
        orphans: list[int] = []
        for j, work in enumerate(works):
            if work.parent is None:
                roots.append(j)
            elif (k := first.get(work.parent)) is None:
                orphans.append(j)
            else:
                named_parent[j] = k
                children[k].append(j)

        def key(j: int) -> tuple[int, int, int]:
            number = works[j].number
            return (1, 0, j) if number is None else (0, number, j)

        roots.sort(key=key)
        for kids in children:
            if len(kids) > 1:
                kids.sort(key=key)
        walk = _Walk(count, children)
        for root in roots:
            walk.place(root)
        # Cut each cycle of parents at its member written first. Each cut, and each
        # work whose parent is missing, then heads a subtree after the tree, in file order.
        cut: dict[int, tuple[str, ...]] = {}
        for cycle in _parent_cycles(named_parent):
            start = min(cycle)
            at = cycle.index(start)
            cut[start] = tuple(works[k].id for k in cycle[at:] + cycle[:at])
        problems: list[WorkProblem] = []
        for j in sorted([*orphans, *cut]):
            walk.place(j)
            problems.append(_problem(works[j], cut.get(j)))
        self.works = tuple(works[j] for j in walk.order)
        self.position = {work_id: walk.pos[j] for work_id, j in first.items()}
        self.problems = tuple(problems)
        # Per position: the parent's position and the last position of the subtree.
        pos = walk.pos
        self._parent = [
            NO_PARENT if walk.parent[j] == NO_PARENT else pos[walk.parent[j]] for j in walk.order
        ]
        self._end = [walk.end[j] for j in walk.order]

    def __len__(self) -> int:
        return len(self.works)

    def __repr__(self) -> str:
        return f"<WorksTree: {len(self.works)} works, {len(self.problems)} problems>"

    # -- one work -----------------------------------------------------------------

    def parent(self, work_id: str | None) -> Work | None:
        """The work's parent in the tree; ``None`` at the top level or for an unknown id.

        A work whose parent is missing, or that was cut out of a cycle of
        parents, is at the top level.
        """
        at = self._at(work_id)
        if at is None or self._parent[at] == NO_PARENT:
            return None
        return self.works[self._parent[at]]

    def ancestors(self, work_id: str | None) -> Iterator[Work]:
        """The work's ancestors, nearest first, one step up the tree at a time."""
        at = self._at(work_id)
        if at is None:
            return
        parents, works = self._parent, self.works
        at = parents[at]
        while at != NO_PARENT:
            yield works[at]
            at = parents[at]

    def chain(self, work_id: str | None) -> tuple[Work, ...]:
        """The work and its ancestors, the root first (empty for an unknown work)."""
        at = self._at(work_id)
        if at is None:
            return ()
        chain = [self.works[at], *self.ancestors(work_id)]
        chain.reverse()
        return tuple(chain)

    def within(self, work_id: str | None, roots: Collection[str]) -> bool:
        """Whether ``work_id`` is one of ``roots`` or inside one of them."""
        at = self._at(work_id)
        if at is None:
            return False
        if self.works[at].id in roots:
            return True
        return any(work.id in roots for work in self.ancestors(work_id))

    def children(self, work_id: str | None) -> tuple[Work, ...]:
        """The work's children in tree order; for ``None``, the top-level works."""
        return self.by_parent.get(work_id, ())

    def subtree(self, work_id: str | None) -> tuple[int, int] | None:
        """The first and last position (inclusive) of the work and its descendants."""
        at = self._at(work_id)
        return None if at is None else (at, self._end[at])

    def subtree_end(self, position: int) -> int:
        """The last position of the subtree of the work at ``position`` (a position, not an id)."""
        return self._end[position]

    def span(self, start: str, end: str) -> tuple[int, int] | None:
        """The tree positions from work ``start`` to the end of work ``end``'s subtree."""
        first = self._at(start)
        last = self._at(end)
        if first is None or last is None:
            return None
        return first, self._end[last]

    def leaf_span(self, work_id: str | None) -> tuple[int, int] | None:
        """The first and last index (inclusive) in :attr:`leaves` of the work's leaves.

        A leaf is its own span; an unknown work has none.
        """
        at = self._at(work_id)
        if at is None:
            return None
        before = self._leaves_before
        return before[at], before[self._end[at] + 1] - 1

    # -- the whole tree ---------------------------------------------------------------

    @cached_property
    def by_parent(self) -> Mapping[str | None, tuple[Work, ...]]:
        """Parent id → its children in tree order; ``None`` → the top-level works.

        Only works with children are keys; parents come in tree order.
        """
        groups: dict[int, list[Work]] = {}
        works = self.works
        for at, parent in enumerate(self._parent):
            groups.setdefault(parent, []).append(works[at])
        result: dict[str | None, tuple[Work, ...]] = {}
        for parent, kids in groups.items():
            result.setdefault(None if parent == NO_PARENT else works[parent].id, tuple(kids))
        return result

    @cached_property
    def leaves(self) -> tuple[Work, ...]:
        """The leaf installments (works with no children) in tree order."""
        end = self._end
        return tuple(work for at, work in enumerate(self.works) if end[at] == at)

    @cached_property
    def leaf_spans(self) -> Mapping[str, tuple[int, int]]:
        """Work id → :meth:`leaf_span` of each work, as a table."""
        before, end = self._leaves_before, self._end
        return {
            work_id: (before[at], before[end[at] + 1] - 1) for work_id, at in self.position.items()
        }

    @cached_property
    def ancestry(self) -> AncestorIds:
        """Work id → the ids of its ancestors, nearest first (each walked on lookup)."""
        return AncestorIds(self)

    @cached_property
    def _leaves_before(self) -> list[int]:
        """Position → how many leaves come before it in tree order (one entry more at the end)."""
        end = self._end
        before = [0] * (len(end) + 1)
        count = 0
        for at in range(len(end)):
            before[at] = count
            if end[at] == at:
                count += 1
        before[len(end)] = count
        return before

    def _at(self, work_id: str | None) -> int | None:
        return None if work_id is None else self.position.get(work_id)


class AncestorIds(Mapping[str, tuple[str, ...]]):
    """Work id → the ids of its ancestors, nearest first, walked up the tree on each lookup.

    Nothing is stored per work: a tree thousands of levels deep stays small.
    """

    __slots__ = ("_tree",)

    def __init__(self, tree: WorksTree) -> None:
        self._tree = tree

    def __getitem__(self, work_id: str) -> tuple[str, ...]:
        if work_id not in self._tree.position:
            raise KeyError(work_id)
        return tuple(work.id for work in self._tree.ancestors(work_id))

    def __contains__(self, work_id: object) -> bool:
        return work_id in self._tree.position

    def __iter__(self) -> Iterator[str]:
        return iter(self._tree.position)

    def __len__(self) -> int:
        return len(self._tree.position)


class _Walk:
    """Pre-order placement of works, by index into the works as written."""

    __slots__ = ("children", "end", "order", "parent", "pos")

    def __init__(self, count: int, children: list[list[int]]) -> None:
        self.children = children
        self.order: list[int] = []
        self.pos = [-1] * count
        self.end = [-1] * count
        self.parent = [NO_PARENT] * count

    def place(self, root: int) -> None:
        """Place ``root`` and its unplaced descendants next, in pre-order."""
        order, pos, end, parent, children = (
            self.order,
            self.pos,
            self.end,
            self.parent,
            self.children,
        )
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
            parent[child] = node
            order.append(child)
            stack.append((child, 0))


def _problem(work: Work, cycle: tuple[str, ...] | None) -> WorkProblem:
    """The problem of a work placed at the top level: a cut ``cycle``, or a missing parent."""
    if cycle is not None:
        chain = " → ".join(f"'{i}'" for i in (*cycle, cycle[0]))
        return WorkProblem(
            WorkProblemKind.PARENT_CYCLE,
            work,
            cycle,
            f"works form a cycle of parents ({chain}, each the parent of the one "
            f"before); '{work.id}' is placed after the works tree, at the top level",
        )
    return WorkProblem(
        WorkProblemKind.MISSING_PARENT,
        work,
        (work.id,),
        f"work '{work.id}' names parent '{work.parent or ''}', which is not "
        "a work; it is placed after the works tree, at the top level",
    )


def _parent_cycles(parent: list[int]) -> list[list[int]]:
    """The cycles of a parent array (``-1`` for none), each listed child first, parent next."""
    stamp = [0] * len(parent)
    cycles: list[list[int]] = []
    for j in range(len(parent)):
        path: list[int] = []
        node = j
        while node != NO_PARENT and not stamp[node]:
            stamp[node] = j + 1
            path.append(node)
            node = parent[node]
        if node != NO_PARENT and stamp[node] == j + 1:
            cycles.append(path[path.index(node) :])
    return cycles
