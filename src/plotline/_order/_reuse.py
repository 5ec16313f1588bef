"""Solve once, reuse after edits that leave the ordering facts alone.

Most edits to a story (a summary, a title, a role, a thread) change nothing
the solver reads. :func:`ordering_facts` is a digest of exactly what it reads:
each work's id, parent, number, kind and ``continues``; each event's id,
``told_in``, ``order``, ``when``, ``duration`` and mode, in file order; each
constraint. When two versions of a story have the same digest, their solved
orders are the same up to the records themselves, and :func:`rebind` moves a
solution onto the new version's records (a new works tree, the events and
constraints by position) instead of solving again.

>>> from plotline._model import Event, Story, Work
>>> old = Story(works=[Work("e1")], events=[Event("a", told_in="e1", title="A")])
>>> new = Story(works=[Work("e1")], events=[Event("a", told_in="e1", title="Arrival")])
>>> ordering_facts(old) == ordering_facts(new)
True
>>> from plotline._order import solve
>>> rebind(solve(old), old, new).telling[0].title
'Arrival'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs

from plotline._order._works import WorksTree

if TYPE_CHECKING:
    from plotline._model import Story
    from plotline._order._solution import Reason, Solution

__all__ = ["ordering_facts", "rebind", "table_facts"]

_SEPARATOR: Final = "\x1f"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def table_facts(table: str, records: Iterable[Any]) -> bytes:
    """The digest of what the solver reads of one table's records (others: nothing)."""
    digest = hashlib.blake2b(table.encode(), digest_size=16)
    rows: Iterable[tuple[Any, ...]]
    if table == "works":
        rows = ((w.id, w.parent, w.number, w.kind, w.continues) for w in records)
    elif table == "events":
        rows = ((e.id, e.told_in, e.order, e.when, e.duration, e.mode) for e in records)
    elif table == "constraints":
        rows = ((c.before, c.after, c.min_gap, c.max_gap) for c in records)
    else:
        return b""
    update = digest.update
    for row in rows:
        update(_SEPARATOR.join(map(_text, row)).encode("utf-8", "surrogatepass"))
        update(b"\x1e")
    return digest.digest()


def ordering_facts(story: Story) -> bytes:
    """A digest of every fact the solver reads: equal digests, equal solved orders."""
    digest = hashlib.blake2b(digest_size=16)
    for table in ("works", "events", "constraints"):
        digest.update(table_facts(table, getattr(story, table)))
    return digest.digest()


def rebind(solution: Solution, old: Story, new: Story) -> Solution:
    """``solution`` (of ``old``) as the solution of ``new``, whose ordering facts are the same.

    Events and constraints are matched by position (the facts say the tables
    line up); the works tree is rebuilt from the new works, which is cheap and
    carries their new titles.
    """
    events = {id(event): index for index, event in enumerate(old.events)}
    constraints = {id(c): index for index, c in enumerate(old.constraints)}
    new_events, new_constraints = new.events, new.constraints

    def event(record: Any) -> Any:
        return new_events[events[id(record)]]

    def reason(item: Reason) -> Reason:
        record = item.record
        if id(record) in events:
            record = new_events[events[id(record)]]
        elif id(record) in constraints:
            record = new_constraints[constraints[id(record)]]
        follows = None if item.follows is None else event(item.follows)
        return attrs.evolve(item, record=record, follows=follows)

    return attrs.evolve(
        solution,
        tree=WorksTree(new.works),
        telling=tuple(event(e) for e in solution.telling),
        chronology=tuple(event(e) for e in solution.chronology),
        conflicts=tuple(
            attrs.evolve(c, reasons=tuple(reason(r) for r in c.reasons)) for c in solution.conflicts
        ),
        overridden=tuple(
            attrs.evolve(o, reason=tuple(reason(r) for r in o.reason)) for o in solution.overridden
        ),
    )
