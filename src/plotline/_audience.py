"""What the audience knows: facts stay hidden until an event kept in the story reveals them.

An event's ``reveals`` says when the audience learns a fact. A fact that no
event reveals is revealed, for the audience, by the first event told on the
page in which a character learns it (the audience watches them learn it). A
fact that no event reveals or teaches is background the audience is assumed
to know, and is always kept.

:func:`hide_unrevealed` runs at the end of :meth:`plotline.Story.as_of`, so
spoiler-free views, shows and exports of an installment never name a fact
before its reveal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from plotline._model import Story
    from plotline._records import Event

__all__ = ["hide_unrevealed", "revealing_events"]


def revealing_events(story: Story) -> Mapping[str, tuple[Event, ...]]:
    """Fact id → the events that reveal it to the audience, in file order.

    Events that name a fact in ``reveals`` reveal it; for a fact no event
    reveals, the events told in a work (not backstory) whose ``learns`` name it.
    Facts neither revealed nor learned are not in the mapping.
    """
    explicit: dict[str, list[Event]] = {}
    taught: dict[str, list[Event]] = {}
    for event in story.events:
        for fact in event.reveals:
            explicit.setdefault(fact, []).append(event)
        if event.learns and event.told_in is not None:
            for facts in event.learns.values():
                for fact in facts:
                    taught.setdefault(fact, []).append(event)
    result = {fact: tuple(events) for fact, events in taught.items()}
    result.update({fact: tuple(events) for fact, events in explicit.items()})
    return result


def hide_unrevealed(story: Story, whole: Story | None = None) -> Story:
    """The story without the facts it never reveals to the audience.

    ``whole`` is the story ``story`` was cut from (by default ``story`` itself):
    a fact that some event of ``whole`` reveals (see :func:`revealing_events`),
    but no event kept in ``story``, is dropped, and so is every mention of it in
    the kept events' ``learns``, ``knows`` and ``reveals`` and the kept facts'
    ``refutes``. Background facts (never revealed, never learned) stay. A
    relation that begins in an event no longer kept is dropped, and one that
    ends in such an event holds on (the audience has not seen it end). A story
    without facts or relations comes back as it is.

    >>> from plotline import Event, Fact, Story
    >>> whole = Story(
    ...     facts=[Fact("twist")],
    ...     events=[Event("a", told_in="e1"), Event("b", told_in="e2", reveals=["twist"])],
    ... )
    >>> [fact.id for fact in hide_unrevealed(whole.evolve(events=whole.events[:1]), whole).facts]
    []
    >>> [fact.id for fact in hide_unrevealed(whole).facts]
    ['twist']
    """
    if not story.facts and not story.relations:
        return story
    kept = {event.id for event in story.events}
    if story.relations:
        cut = {event.id for event in (whole or story).events} - kept
        story = _relations_seen(story, cut)
    if not story.facts:
        return story
    shown = revealing_events(whole if whole is not None else story)
    hidden = {
        fact.id
        for fact in story.facts
        if fact.id in shown and not any(event.id in kept for event in shown[fact.id])
    }
    if not hidden:
        return story
    events = [_without(event, hidden) for event in story.events]
    facts = [
        fact
        if not any(refuted in hidden for refuted in fact.refutes)
        else attrs.evolve(fact, refutes=[r for r in fact.refutes if r not in hidden])
        for fact in story.facts
        if fact.id not in hidden
    ]
    return story.evolve(events=events, facts=facts)


def _relations_seen(story: Story, cut: set[str]) -> Story:
    """The story's relations as an audience that has not seen the ``cut`` events knows them."""
    relations = []
    changed = False
    for relation in story.relations:
        if relation.since is not None and relation.since in cut:
            changed = True
            continue
        if relation.until is not None and relation.until in cut:
            changed = True
            relations.append(attrs.evolve(relation, until=None))
        else:
            relations.append(relation)
    return story.evolve(relations=relations) if changed else story


def _without(event: Event, hidden: set[str]) -> Event:
    """The event with no mention of the ``hidden`` facts."""
    if not (event.learns or event.knows or event.reveals):
        return event
    learns, knows = _trim(event.learns, hidden), _trim(event.knows, hidden)
    reveals = tuple(fact for fact in event.reveals if fact not in hidden)
    if learns is event.learns and knows is event.knows and len(reveals) == len(event.reveals):
        return event
    return attrs.evolve(event, learns=learns, knows=knows, reveals=reveals)


def _trim(table: Mapping[str, tuple[str, ...]], hidden: set[str]) -> Mapping[str, tuple[str, ...]]:
    """``table`` without the ``hidden`` facts (and entities left with none); itself if none."""
    if not any(fact in hidden for facts in table.values() for fact in facts):
        return table
    trimmed = {
        entity: tuple(fact for fact in facts if fact not in hidden)
        for entity, facts in table.items()
    }
    return {entity: facts for entity, facts in trimmed.items() if facts}
