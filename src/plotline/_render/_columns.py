"""Columns: the events of a view left to right, with room between installments."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from plotline._model import Event

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._render._select import WorkTree

__all__ = ["INSTALLMENT_GAP", "LEVEL_GAP", "Columns", "common_depth", "place_columns"]

#: Extra room between two installments of the lowest level (two episodes), in steps.
INSTALLMENT_GAP = 0.5
#: Extra room where a higher level changes (two seasons), in steps.
LEVEL_GAP = 1.0


@attrs.frozen(slots=True)
class Columns:
    """The x of each event's column, in telling order."""

    events: tuple[Event, ...]
    xs: tuple[float, ...]
    step: float

    @property
    def left(self) -> float:
        """Where the first column's cell begins."""
        return self.xs[0] - self.step / 2 if self.xs else 0.0

    @property
    def right(self) -> float:
        """Where the last column's cell ends."""
        return self.xs[-1] + self.step / 2 if self.xs else 0.0


def place_columns(events: Sequence[Event], tree: WorkTree, x0: float, step: float) -> Columns:
    """Columns ``step`` apart from ``x0`` (the first cell's left), wider between installments.

    Between two episodes there is :data:`INSTALLMENT_GAP` of a step more,
    between two seasons :data:`LEVEL_GAP`: the higher the level that changes,
    the wider the gap.
    """
    xs: list[float] = []
    x = x0 + step / 2
    previous: tuple[str, ...] | None = None
    for event in events:
        chain = tuple(work.id for work in tree.chain(event.told_in))
        if previous is not None and chain != previous:
            depth = common_depth(chain, previous)
            deepest = max(len(chain), len(previous))
            x += step * (INSTALLMENT_GAP if depth >= deepest - 1 else LEVEL_GAP)
        xs.append(x)
        x += step
        previous = chain
    return Columns(tuple(events), tuple(xs), step)


def common_depth(a: Sequence[str], b: Sequence[str]) -> int:
    """How many leading items two chains of work ids share.

    >>> common_depth(["show", "s1", "s1e01"], ["show", "s1", "s1e02"])
    2
    """
    depth = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        depth += 1
    return depth
