"""PL3, by the calendar: ages that cannot hold, and appearances outside ``born``/``died``.

PL307 is its own rule here; PL301 and PL302 (in :mod:`.continuity`) add the
findings of :func:`on_scene_after_died` and :func:`on_scene_before_born`, which
compare an entity's ``born`` and ``died`` with the dates of its appearances.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._ages import age_of
from plotline._model import Mode, Role

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._check._context import Context, Hit
    from plotline._model import Entity, Event

__all__ = ["age_mismatch", "on_scene_after_died", "on_scene_before_born"]


def _name(ctx: Context, entity: str) -> str:
    record = ctx.story.entity_index.get(entity)
    return record.label if record is not None else entity


# PL307 age-mismatch
def age_mismatch(ctx: Context) -> Iterator[Hit]:
    """Flag an age an event asserts that its date and the entity's ``born`` rule out.

    An event's ``ages = { harry = 11 }`` says how old each entity is then, in
    whole years. With the entity's ``born`` and the event's ``when`` the age is
    a range (precision-aware: born in 1980, an entity is 10 or 11 on
    1991-09-01), counted in the entity's own time when it has a ``clock``; an
    asserted age outside that range is a finding. Entities without ``born`` and
    undated events are never checked.

    Bad::

        [[entities]]
        id = "harry"
        born = "1980-07-31"

        [[events]]
        id = "sorting"
        when = "1991-09-01"
        ages = { harry = 12 }

    Good::

        [[entities]]
        id = "harry"
        born = "1980-07-31"

        [[events]]
        id = "sorting"
        when = "1991-09-01"
        ages = { harry = 11 }
    """
    story = ctx.story
    for event in story.events:
        for entity_id, asserted in event.ages.items():
            entity = story.entity_index.get(entity_id)
            if entity is None or entity.born is None:
                continue
            age = age_of(story, entity, event)
            if age is None or asserted in age:
                continue
            name = _name(ctx, entity_id)
            can = "not yet born" if age.high < 0 else str(age)
            yield ctx.finding(
                f"{name} is said to be {asserted} in {ctx.where(event)} ({event.when}), "
                f"but born {entity.born} they are {can} then; fix the age, the date or "
                f'`born` (or add `allow = ["PL307"]` to the event {event.id!r})',
                at=event,
                field="ages",
                subjects=[entity_id, event],
                related=[ctx.related(f"{name} is born {entity.born}", entity, "born")],
            )


#: Modes whose dated events show the entity itself, then: a time traveller may well be
#: on scene before its birth or after its death, a dream or a lie shows nothing real.
_DATED_MODES = frozenset({Mode.PRESENT, Mode.FLASHBACK})


def _dated_appearances(ctx: Context, entity: Entity) -> Iterator[Event]:
    for part in ctx.entity_story.get(entity.id, ()):
        event = part.event
        if (
            event.when is not None
            and event.mode in _DATED_MODES
            and part.role.on_scene
            and part.role is not Role.GHOST
        ):
            yield event


def on_scene_before_born(ctx: Context) -> Iterator[Hit]:
    """PL302 by ``born``: on scene in an event dated certainly before the entity's birth."""
    for entity in ctx.story.entities:
        born = entity.born
        if born is None:
            continue
        for event in _dated_appearances(ctx, entity):
            assert event.when is not None
            if event.when.upper <= born.lower:
                name = entity.label
                yield ctx.finding(
                    f"{name} appears in {ctx.where(event)} ({event.when}), before "
                    f"{name} is born ({born}); fix the date or `born`, or make it a "
                    f'dream or vision (or add `allow = ["PL302"]` to the entity {entity.id!r})',
                    at=event,
                    field="participants",
                    subjects=[entity, event],
                    related=[ctx.related(f"{name} is born {born}", entity, "born")],
                )


def on_scene_after_died(ctx: Context) -> Iterator[Hit]:
    """PL301 by ``died``: on scene in an event dated certainly after the entity's death.

    An entity that ``returns`` anywhere is not checked: ``died`` gives one death.
    """
    returning = ctx.holders(Role.RETURNS)
    for entity in ctx.story.entities:
        died = entity.died
        if died is None or entity.id in returning:
            continue
        for event in _dated_appearances(ctx, entity):
            assert event.when is not None
            if event.when.lower >= died.upper:
                name = entity.label
                yield ctx.finding(
                    f"{name} appears in {ctx.where(event)} ({event.when}), after {name} "
                    f"died ({died}); fix the date or `died`, or make the role `ghost` or "
                    f"`mentioned` "
                    f'(or add `allow = ["PL301"]` to the entity {entity.id!r})',
                    at=event,
                    field="participants",
                    subjects=[entity, event],
                    related=[ctx.related(f"{name} dies {died}", entity, "died")],
                )
