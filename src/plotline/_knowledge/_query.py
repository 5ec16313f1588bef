"""Queries about knowledge, possession and relations at a point of story time.

:class:`Knowledge` solves the story once and answers: what an entity knows,
believes and holds at an event (:meth:`Knowledge.of`), who knows a fact
(:meth:`Knowledge.who_knows`), the hands an object passed through
(:meth:`Knowledge.history`) and an entity's relations (:meth:`Knowledge.relations`).
"At" an event means after what happens in it; without an event, at the end of
the story. For "as of an installment", ask ``Knowledge(story.as_of(work))``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

import attrs

from plotline._knowledge._clock import TEACHING_MODES, StoryClock
from plotline._knowledge_records import NOBODY, Relationship, RelationshipKind
from plotline._model import Mode
from plotline._order import solve
from plotline.exceptions import UnknownIdError

if TYPE_CHECKING:
    from plotline._model import Event, Story
    from plotline._order import Solution

__all__ = [
    "EXCLUSIVE_KINDS",
    "MOVING_MODES",
    "SYMMETRIC_KINDS",
    "EntityKnowledge",
    "Handover",
    "Knowledge",
    "relationship_kinds",
]

SYMMETRIC_KINDS: Final = frozenset(
    {
        RelationshipKind.MARRIED,
        RelationshipKind.ENGAGED,
        RelationshipKind.SIBLING,
        RelationshipKind.ALLIED,
        RelationshipKind.ENEMY,
        RelationshipKind.FRIEND,
    }
)
"""Relation kinds that read the same both ways; the ``symmetric_relations`` option adds more."""

MOVING_MODES: Final = frozenset({Mode.PRESENT, Mode.FLASHBACK, Mode.TIME_TRAVEL})
"""Modes whose ``holds`` move objects: not dreams, visions, recaps or false accounts."""

EXCLUSIVE_KINDS: Final = frozenset({RelationshipKind.MARRIED, RelationshipKind.ENGAGED})
"""Relation kinds an entity has with one other at a time; ``exclusive_relations`` adds more."""


def relationship_kinds(
    options: Mapping[str, object],
) -> tuple[frozenset[str], frozenset[str]]:
    """The symmetric and the exclusive relation kinds: the known ones and a story's own.

    ``options`` are check options (``symmetric_relations``, ``exclusive_relations``).

    >>> symmetric, exclusive = relationship_kinds({"exclusive_relations": ["partner"]})
    >>> "married" in symmetric, sorted(exclusive)
    (True, ['engaged', 'married', 'partner'])
    """

    def words(name: str) -> frozenset[str]:
        value = options.get(name) or ()
        if not isinstance(value, list | tuple):
            return frozenset()
        return frozenset(str(item) for item in value)

    return (
        frozenset(str(kind) for kind in SYMMETRIC_KINDS) | words("symmetric_relations"),
        frozenset(str(kind) for kind in EXCLUSIVE_KINDS) | words("exclusive_relations"),
    )


@attrs.frozen(slots=True)
class Handover:
    """One step of an object's history: at ``event`` it passes to ``holder`` (``None``: nobody)."""

    event: Event
    holder: str | None


@attrs.frozen(slots=True)
class EntityKnowledge:
    """What one entity knows, believes, may know and holds at one point of story time.

    ``knows`` are true facts and ``believes`` false ones (``true = false``),
    learned certainly by then and not refuted by a fact learned by then;
    ``unsure`` facts are learned in events whose order against that point is
    unknown. ``holds`` are the objects it holds.
    Each tuple is in story order of learning (or of receiving).
    """

    entity: str
    at: Event | None
    knows: tuple[str, ...]
    believes: tuple[str, ...]
    unsure: tuple[str, ...]
    holds: tuple[str, ...]


class Knowledge:
    """Knowledge, possession and relations of a story, on its solved order.

    >>> from plotline import Event, Fact, Story
    >>> story = Story(
    ...     facts=[Fact("godfather"), Fact("betrayal", true=False)],
    ...     events=[
    ...         Event("rumour", learns={"harry": "betrayal"}, holds={"cloak": "harry"}),
    ...         Event("shack", learns={"harry": "godfather"}),
    ...     ],
    ... )
    >>> knowledge = Knowledge(story)
    >>> first = knowledge.of("harry", at="rumour")
    >>> first.knows, first.believes, first.holds
    ((), ('betrayal',), ('cloak',))
    >>> knowledge.of("harry").knows
    ('godfather',)
    >>> [entity for entity, _ in knowledge.who_knows("godfather")]
    ['harry']
    """

    def __init__(self, story: Story, solution: Solution | None = None) -> None:
        self.story = story
        self.solution = solution if solution is not None else solve(story)
        self.clock = StoryClock(self.solution)
        learned: dict[str, list[tuple[Event, str]]] = {}
        handovers: dict[str, list[Handover]] = {}
        for event in self.solution.chronology:
            if event.mode in TEACHING_MODES:
                for entity, facts in event.learns.items():
                    learned.setdefault(entity, []).extend((event, fact) for fact in facts)
            if event.mode in MOVING_MODES:
                for thing, holder in event.holds.items():
                    who = None if holder == NOBODY else holder
                    handovers.setdefault(thing, []).append(Handover(event, who))
        self._learned = learned
        self._handovers = handovers

    def event(self, event_id: str) -> Event:
        """The event with this id; a ``KeyError`` naming the closest id for an unknown one."""
        event = self.story.event_index.get(event_id)
        if event is None:
            raise UnknownIdError("event", event_id, self.story.event_index)
        return event

    def _at(self, at: Event | str | None) -> Event | None:
        return self.event(at) if isinstance(at, str) else at

    def of(self, entity: str, at: Event | str | None = None) -> EntityKnowledge:
        """What ``entity`` knows, believes, may know and holds at event ``at`` (or at the end)."""
        point = self._at(at)
        facts = self.story.fact_index
        knows: dict[str, None] = {}
        believes: dict[str, None] = {}
        unsure: dict[str, None] = {}
        refuted: set[str] = set()
        for event, fact in self._learned.get(entity, ()):
            if point is None or self.clock.learned_by(event, point):
                record = facts.get(fact)
                (believes if record is not None and not record.true else knows)[fact] = None
                if record is not None:
                    refuted.update(record.refutes)
            elif not self.clock.before(point, event):
                unsure[fact] = None
        for fact in refuted:
            believes.pop(fact, None)
            knows.pop(fact, None)
        holds = tuple(
            thing
            for thing in self._handovers
            if (step := self.holder_at(thing, point)) is not None and step.holder == entity
        )
        return EntityKnowledge(
            entity=entity,
            at=point,
            knows=tuple(knows),
            believes=tuple(believes),
            unsure=tuple(fact for fact in unsure if fact not in knows and fact not in believes),
            holds=holds,
        )

    def who_knows(self, fact: str, at: Event | str | None = None) -> tuple[tuple[str, Event], ...]:
        """Each entity that has learned ``fact`` by event ``at`` (or at all), with where it did.

        In story order of learning; an entity that learns it twice counts once, at the first.
        """
        point = self._at(at)
        found: dict[str, Event] = {}
        for entity, steps in self._learned.items():
            for event, learned in steps:
                if learned == fact and (point is None or self.clock.by_then(event, point)):
                    found.setdefault(entity, event)
                    break
        pos = self.solution.story_pos
        return tuple(sorted(found.items(), key=lambda item: pos[item[1].id]))

    def history(self, thing: str) -> tuple[Handover, ...]:
        """The hands ``thing`` passes through, in story order (real events only)."""
        return tuple(self._handovers.get(thing, ()))

    def holder_at(self, thing: str, at: Event | str | None = None) -> Handover | None:
        """The last handover of ``thing`` certainly by event ``at`` (or at all), if any."""
        point = self._at(at)
        last = None
        for step in self._handovers.get(thing, ()):
            if point is None or self.clock.by_then(step.event, point):
                last = step
        return last

    def relations(self, entity: str, at: Event | str | None = None) -> tuple[Relationship, ...]:
        """The relations of ``entity`` (either side) that hold at event ``at`` (or ever)."""
        point = self._at(at)
        events = self.story.event_index
        result = []
        for relation in self.story.relations:
            if entity not in (relation.a, relation.b):
                continue
            if point is not None:
                since = events.get(relation.since) if relation.since else None
                until = events.get(relation.until) if relation.until else None
                if since is not None and not self.clock.by_then(since, point):
                    continue
                if until is not None and self.clock.by_then(until, point):
                    continue
            result.append(relation)
        return tuple(result)

    def facts_learned(self) -> Iterable[tuple[str, Event, str]]:
        """Every ``(entity, event, fact)`` learning, entity by entity, each in story order."""
        for entity, steps in self._learned.items():
            for event, fact in steps:
                yield entity, event, fact
