"""The records a solved order hands out: the Solution and what it is made of.

:class:`Solution` is what :func:`plotline.solve` returns. Its contradictions
are :class:`Conflict` records, its unmarked flashbacks :class:`Override`
records, each explained by :class:`Reason` facts; :class:`Bounds` say what the
facts allow about one event's time. The works tree's records
(:class:`~plotline._order.WorksTree`, :class:`~plotline._order.WorkProblem`)
live in :mod:`plotline._order._works`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from plotline._order._graph import NEG, POS
from plotline._order._works import WorkProblem, WorksTree
from plotline._records import Constraint, Event, Work

if TYPE_CHECKING:
    from plotline._order._reach import Reachability

__all__ = [
    "Bounds",
    "BoundsView",
    "Conflict",
    "ConflictKind",
    "Override",
    "Reason",
    "ReasonKind",
    "Solution",
    "finite",
    "quote",
]


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
    TOLD_IN = "told-in"
    """An event is told in a work that a constraint names (the event is in its span)."""


def quote(record_id: str) -> str:
    """A record id as messages show it: ``'monica-killed'``."""
    return f"'{record_id}'"


@attrs.frozen(slots=True)
class Reason:
    """One fact in an explanation: a constraint, a date, a duration or an implied order.

    ``record`` is the :class:`~plotline.Constraint` (kind ``constraint``) or the
    :class:`~plotline.Event` whose date or duration is meant (kind ``date`` or
    ``duration``); for kind ``implied`` it is the event that follows ``follows``;
    for kind ``told-in`` it is an event told in ``work`` (or inside it), a work
    that a constraint names, so the event is part of that work's span.
    ``bound`` says which side of the fact counts: ``"lower"`` or ``"upper"`` for
    a date; ``"min"`` or ``"max"`` for a duration; for a constraint, ``"min"`` is
    its order (with ``min_gap``) and ``"max"`` its ``max_gap``.

    >>> from plotline._records import Constraint
    >>> Reason(ReasonKind.CONSTRAINT, Constraint(before="a", after="b"), "min").describe()
    "'a' must come before 'b' (constraint)"
    """

    kind: ReasonKind
    record: Constraint | Event
    bound: str | None = None
    follows: Event | None = None
    work: str | None = None

    def describe(self) -> str:
        """Say the fact as an editor would."""
        record = self.record
        if isinstance(record, Constraint):
            name = f"constraint '{record.id}'" if record.id else "constraint"
            if self.bound == "max" and record.max_gap is not None:
                return (
                    f"{quote(record.after)} must come at most {record.max_gap} "
                    f"after {quote(record.before)} ({name})"
                )
            gap = record.min_gap
            by = f" by at least {gap}" if gap is not None and gap.min_seconds > 0 else ""
            return f"{quote(record.before)} must come before {quote(record.after)}{by} ({name})"
        if self.kind is ReasonKind.TOLD_IN:
            return f"{quote(record.id)} is told in {quote(self.work or '?')}"
        if self.kind is ReasonKind.DATE:
            return f"{quote(record.id)} is dated {record.when}"
        if self.kind is ReasonKind.DURATION:
            if record.duration is None:
                return f"{quote(record.id)} is taken as an instant (it has no duration)"
            least = "at least" if self.bound == "min" else "at most"
            return f"{quote(record.id)} lasts {least} {record.duration}"
        follows = self.follows.id if self.follows is not None else "?"
        return f"{quote(record.id)} follows {quote(follows)}, told just before it in present mode"

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


@attrs.frozen(slots=True, repr=False, eq=False)
class Solution:
    """The solved order of a story: works tree, telling, story order, bounds and conflicts.

    :func:`plotline.solve` makes one; read as many answers from it as needed
    (each ``story.telling()`` or ``story.chronology()`` call solves again).
    Positions are indexes into the tuples; where ids repeat, ``*_pos`` and
    ``bounds`` describe the record a lookup by id finds (the first in the file).
    """

    tree: WorksTree
    """The works tree: tree order, parents, children, leaves and their spans."""
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
    chains: Mapping[str, int]
    """Present-mode event id → its chain of the telling (0, 1, …, in telling order).

    Telling order implies story order along a chain; a work with
    ``continues = false`` starts a new one. Events in other modes, and events
    told nowhere, are in no chain.
    """
    _reach: Reachability

    @property
    def works(self) -> tuple[Work, ...]:
        """Works in tree order: each parent before its children, siblings by number."""
        return self.tree.works

    @property
    def work_pos(self) -> Mapping[str, int]:
        """Work id → index in :attr:`works`."""
        return self.tree.position

    @property
    def work_problems(self) -> tuple[WorkProblem, ...]:
        """Works whose parent is missing or in a cycle (placed at the top level)."""
        return self.tree.problems

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


class BoundsView(Mapping[str, Bounds]):
    """Event id → :class:`Bounds`, built on demand from the solver's arrays.

    ``low`` holds the earliest starts and ends; ``high`` makes the latest ones
    when first asked (many callers never look at them).
    """

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
            earliest=finite(self._low[0][i]),
            latest=finite(high[1][i]),
            latest_start=finite(high[0][i]),
            earliest_end=finite(self._low[1][i]),
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)


def finite(value: float) -> int | None:
    """A bound in seconds, or ``None`` where unbounded."""
    return None if value in (NEG, POS) else int(value)
