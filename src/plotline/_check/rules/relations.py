"""PL7: relations between entities, from their ``since`` event to their ``until`` event.

Like the rest of the family (:mod:`.knowledge`), the rule asks the solved
order only whether one event is certainly before another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._check._context import REAL_MODES, Context, Hit
from plotline._check.rules.knowledge import _dead_at, _name
from plotline._knowledge import relationship_kinds
from plotline._model import Role

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from plotline._knowledge import StoryClock
    from plotline._model import Event, Relationship

__all__ = ["relation_contradiction"]


# PL721 relation-contradiction
def relation_contradiction(ctx: Context) -> Iterator[Hit]:
    """Flag relations that cannot all hold: two at once of an exclusive kind, or out of life.

    A relation holds from its ``since`` event (or the start) to its ``until``
    event (or the end). It is an error when it ends before it begins; when it
    begins after ``a`` or ``b`` is dead, or before either is born; and, for an
    exclusive kind (``married``, ``engaged``, and those the
    ``exclusive_relations`` option names), when an entity has it with two
    others at once. Symmetric kinds (``married``, ``sibling``, ``allied``,
    ``enemy``, ``friend``, ``engaged`` and the ``symmetric_relations``
    option's) count for both sides; the others (``parent-of``, ``member-of``,
    any other word) go from ``a`` to ``b``, so an exclusive one-sided kind
    limits ``a`` only. Only overlaps certain on the story order count.

    Bad::

        [[relations]]
        id = "sarah-and-faraday"
        a = "sarah"
        b = "faraday"
        kind = "married"
        since = "heist"

        [[relations]]
        id = "sarah-and-burner"
        a = "burner"
        b = "sarah"
        kind = "married"
        since = "getaway"

    Good::

        [[relations]]
        id = "sarah-and-faraday"
        a = "sarah"
        b = "faraday"
        kind = "married"
        since = "heist"
        until = "getaway"
    """
    symmetric, exclusive = relationship_kinds(ctx.options)
    events = ctx.story.event_index
    clock = ctx.clock

    def at(event_id: str | None) -> Event | None:
        return None if event_id is None else events.get(event_id)

    mortal = ctx.holders(Role.DIES, Role.DESTROYED)
    born = ctx.holders(Role.BORN)
    spans: dict[tuple[str, str], list[Relationship]] = {}
    for relation in ctx.story.relations:
        since, until = at(relation.since), at(relation.until)
        if since is not None and until is not None and clock.by_then(until, since):
            yield ctx.finding(
                f"the relation {relation.label} ends in {ctx.where(until)} before it begins "
                f"in {ctx.where(since)}; swap `since` and `until`",
                at=relation,
                field="until",
            )
            continue
        if since is not None:
            yield from _out_of_life(ctx, relation, since, mortal, born)
        kind = str(relation.kind)
        if kind in exclusive:
            sides = (relation.a, relation.b) if kind in symmetric else (relation.a,)
            for side in sides:
                spans.setdefault((side, kind), []).append(relation)
    for (entity, kind), relations in spans.items():
        for index, first in enumerate(relations):
            for second in relations[index + 1 :]:
                if {first.a, first.b} == {second.a, second.b}:
                    continue
                if _overlap(clock, first, second, events) and _overlap(
                    clock, second, first, events
                ):
                    yield ctx.finding(
                        f"{_name(ctx, entity)} is {kind} twice at once: {first.label} and "
                        f"{second.label}; end one with `until` before the other begins",
                        at=second,
                        subjects=[second, entity],
                        related=[ctx.related("the other relation", first)],
                    )


def _overlap(
    clock: StoryClock, first: Relationship, second: Relationship, events: Mapping[str, Event]
) -> bool:
    """Whether ``first`` certainly begins before ``second`` ends."""
    if second.until is None or first.since is None:
        return True
    since, until = events.get(first.since), events.get(second.until)
    return since is not None and until is not None and clock.before(since, until)


def _out_of_life(
    ctx: Context,
    relation: Relationship,
    since: Event,
    mortal: frozenset[str],
    born: frozenset[str],
) -> Iterator[Hit]:
    clock = ctx.clock
    for entity in dict.fromkeys((relation.a, relation.b)):
        if entity in mortal:
            death = _dead_at(ctx, entity, since)
            if death is not None:
                yield ctx.finding(
                    f"the relation {relation.label} begins in {ctx.where(since)} after "
                    f"{_name(ctx, entity)} dies in {ctx.where(death)}",
                    at=relation,
                    field="since",
                    related=[ctx.related("dies here", death, "participants")],
                )
                return
        if entity in born:
            birth = next(
                (
                    part.event
                    for part in ctx.entity_story.get(entity, ())
                    if part.role is Role.BORN and part.event.mode in REAL_MODES
                ),
                None,
            )
            if birth is not None and clock.before(since, birth):
                yield ctx.finding(
                    f"the relation {relation.label} begins in {ctx.where(since)} before "
                    f"{_name(ctx, entity)} is born in {ctx.where(birth)}",
                    at=relation,
                    field="since",
                    related=[ctx.related("born here", birth, "participants")],
                )
                return
