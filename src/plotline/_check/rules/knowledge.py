"""PL7: knowledge and possession, on the solved story order (relations: :mod:`.relations`).

Every rule here asks one question of :class:`~plotline._knowledge.StoryClock`:
is this event *certainly* before that one? Present-mode events follow story
order; flashbacks sit in the past of the moment they are told in; anything
else counts only where dates and constraints force it. An order nobody can
tell is never an error: PL703 says so, at a lower severity.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, NamedTuple

from plotline._check._context import REAL_MODES, Context, Hit
from plotline._knowledge import KNOWING_MODES, MOVING_MODES, TEACHING_MODES
from plotline._knowledge_records import NOBODY
from plotline._model import Mode, Role

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._knowledge import StoryClock
    from plotline._model import Event
    from plotline._order import Bounds

__all__ = [
    "dead_holder",
    "knows_before_learning",
    "knows_unordered",
    "learns_after_death",
    "object_in_two_hands",
    "uses_lost_object",
]


def _name(ctx: Context, entity: str) -> str:
    record = ctx.story.entity_index.get(entity)
    return record.label if record is not None else entity


def _fact(ctx: Context, fact: str) -> str:
    record = ctx.story.fact_index.get(fact)
    return f"'{record.label}'" if record is not None and record.title else repr(fact)


# -- knowing before learning -------------------------------------------------------------


class _Unlearned(NamedTuple):
    """A ``knows`` that no learning event is certainly before."""

    entity: str
    event: Event
    fact: str
    steps: tuple[Event, ...]
    """The events in which the entity learns the fact (perhaps none)."""
    after: bool
    """Whether every one of them is certainly after ``event`` (or there are none)."""


_VERDICTS: weakref.WeakKeyDictionary[Context, list[_Unlearned]] = weakref.WeakKeyDictionary()


def _unlearned(ctx: Context) -> list[_Unlearned]:
    """Each ``knows`` that no learning event is certainly before, once per check (PL701, PL703)."""
    cached = _VERDICTS.get(ctx)
    if cached is not None:
        return cached
    learnings: dict[tuple[str, str], list[Event]] = {}
    knowing: list[Event] = []
    for event in ctx.story.events:
        if event.learns and event.mode in TEACHING_MODES:
            for entity, facts in event.learns.items():
                for fact in facts:
                    learnings.setdefault((entity, fact), []).append(event)
        if event.knows and event.mode in KNOWING_MODES:
            knowing.append(event)
    clock = ctx.clock
    found: list[_Unlearned] = []
    for event in knowing:
        for entity, facts in event.knows.items():
            for fact in facts:
                steps = learnings.get((entity, fact), ())
                if any(clock.learned_by(step, event) for step in steps):
                    continue
                after = all(clock.before(event, step) for step in steps)
                found.append(_Unlearned(entity, event, fact, tuple(steps), after))
    _VERDICTS[ctx] = found
    return found


# PL701 knows-before-learning
def knows_before_learning(ctx: Context) -> Iterator[Hit]:
    """Flag an event that needs an entity to know a fact it only learns later.

    ``knows = { harry = ["godfather"] }`` says the event needs Harry to know
    the fact already (or to learn it in this very event). It is an error when
    Harry learns it nowhere, or only in events certainly after this one in
    story time. Learning counts in every mode but ``recap``: a flashback
    teaches at its place in story time (not at its telling), a dream or a
    vision teaches what it shows, and a false account teaches what it tells
    (make the lie a fact of its own with ``true = false``: learning a false
    fact is a belief, and acting on it is no mistake). Only events that
    really happen need knowledge: ``knows`` in dreams, visions, recaps and
    false accounts are never checked. A time traveller carries what they
    learned: a ``time-travel`` event knows what its people learned in events
    told before it, whenever those happen in story time. When the learning and the knowing
    events cannot be put in order, PL703 says so instead.

    Bad::

        [[facts]]
        id = "sarah-is-heir"
        title = "Sarah is the heir of the Sinclair fortune"

        [[events]]
        id = "sarah-claims-the-company"
        told_in = "s1e03"
        knows = { sarah = ["sarah-is-heir"] }

        [[events]]
        id = "sarah-reads-the-will"
        told_in = "s1e05"
        learns = { sarah = ["sarah-is-heir"] }

    Good::

        [[events]]
        id = "sarah-reads-the-will"
        told_in = "s1e02"
        learns = { sarah = ["sarah-is-heir"] }

    Good (she learned it long ago, shown in a flashback)::

        [[events]]
        id = "sarah-reads-the-will"
        told_in = "s1e05"
        mode = "flashback"
        when = "2018-01"
        learns = { sarah = ["sarah-is-heir"] }

        [[events]]
        id = "sarah-claims-the-company"
        told_in = "s1e03"
        when = "2019-05"
        knows = { sarah = ["sarah-is-heir"] }
    """
    for entity, event, fact, steps, after in _unlearned(ctx):
        if not after:
            continue
        name = _name(ctx, entity)
        if not steps:
            yield ctx.finding(
                f"{name} must know {_fact(ctx, fact)} in {ctx.where(event)} but never "
                f"learns it; add `learns = {{ {entity} = [{fact!r}] }}` to an earlier event",
                at=event,
                field="knows",
                subjects=[event, entity],
            )
            continue
        first = steps[0]
        yield ctx.finding(
            f"{name} must know {_fact(ctx, fact)} in {ctx.where(event)} but only learns it "
            f"later, in {ctx.where(first)}; move the learning earlier, mark the event a "
            "flashback or a dream, or drop the `knows`",
            at=event,
            field="knows",
            subjects=[event, entity],
            related=[ctx.related(f"{name} learns it here", step, "learns") for step in steps],
        )


# PL703 knows-unordered
def knows_unordered(ctx: Context) -> Iterator[Hit]:
    """Flag an event that needs an entity to know a fact learned at a time nobody can place.

    The fact is learned, but only in events whose order against this one is
    unknown: a flashback or a time-travel event with no date or constraint
    that puts it before. Nothing proves a mistake (so it is a warning, not
    the PL701 error); a date (``when``) or a ``[[constraints]]`` entry that
    puts the learning first makes it certain and quiet.

    Bad::

        [[facts]]
        id = "faraday-is-alive"
        title = "Faraday survived the fire"

        [[events]]
        id = "burner-hides-faraday"
        told_in = "s1e09"
        mode = "flashback"
        learns = { burner = ["faraday-is-alive"] }

        [[events]]
        id = "burner-lies-to-sarah"
        told_in = "s1e04"
        knows = { burner = ["faraday-is-alive"] }

    Good::

        [[events]]
        id = "burner-hides-faraday"
        told_in = "s1e09"
        mode = "flashback"
        learns = { burner = ["faraday-is-alive"] }

        [[constraints]]
        before = "burner-hides-faraday"
        after = "burner-lies-to-sarah"
    """
    for entity, event, fact, steps, after in _unlearned(ctx):
        if after:
            continue
        name = _name(ctx, entity)
        yield ctx.finding(
            f"{name} must know {_fact(ctx, fact)} in {ctx.where(event)}, but nothing puts "
            f"its learning in {ctx.where(steps[0])} before it; date both events or add a "
            "constraint",
            at=event,
            field="knows",
            subjects=[event, entity],
            related=[ctx.related(f"{name} learns it here", step, "learns") for step in steps],
        )


# -- the dead ------------------------------------------------------------------------------


def _dead_at(ctx: Context, entity: str, event: Event) -> Event | None:
    """The death that ``entity`` is in at ``event`` (certainly before, no return between).

    An entity that ``returns`` in ``event`` itself is alive in it.
    """
    if event.participants.get(entity) is Role.RETURNS:
        return None
    parts = ctx.entity_story.get(entity, ())
    clock = ctx.clock
    death: Event | None = None
    for part in parts:
        step = part.event
        if step.mode not in REAL_MODES or step.id == event.id:
            continue
        if part.role.ends_life and clock.before(step, event):
            death = death or step
        elif (
            part.role is Role.RETURNS
            and death is not None
            and clock.before(step, event)
            and clock.before(death, step)
        ):
            death = None
    return death


# PL702 learns-after-death
def learns_after_death(ctx: Context) -> Iterator[Hit]:
    """Flag an entity that learns a fact after its death.

    Death ends learning. An event in which an entity learns something,
    certainly after the entity dies (with no ``returns`` between), is an
    error, unless the entity is there as a ``ghost`` or the event is a
    ``vision`` (the dead may appear in one). Recaps teach nothing, and false
    accounts teach no one real, so neither is checked.

    Bad::

        [[facts]]
        id = "the-traitor"
        title = "The traitor is inside the company"

        [[events]]
        id = "faraday-dies"
        told_in = "s1e05"
        participants = { faraday = "dies" }

        [[events]]
        id = "the-traitor-unmasked"
        told_in = "s1e12"
        learns = { faraday = ["the-traitor"], sarah = ["the-traitor"] }

    Good::

        [[events]]
        id = "the-traitor-unmasked"
        told_in = "s1e12"
        learns = { sarah = ["the-traitor"] }

    Good (a ghost)::

        [[events]]
        id = "the-traitor-unmasked"
        told_in = "s1e12"
        participants = { faraday = "ghost" }
        learns = { faraday = ["the-traitor"], sarah = ["the-traitor"] }
    """
    mortal = ctx.holders(Role.DIES, Role.DESTROYED)
    for event in ctx.story.events:
        if not event.learns or event.mode in (Mode.VISION, Mode.RECAP, Mode.FALSE_ACCOUNT):
            continue
        for entity, facts in event.learns.items():
            if entity not in mortal or event.participants.get(entity) is Role.GHOST:
                continue
            death = _dead_at(ctx, entity, event)
            if death is None:
                continue
            name = _name(ctx, entity)
            yield ctx.finding(
                f"{name} learns {_fact(ctx, facts[0])} in {ctx.where(event)} after dying in "
                f'{ctx.where(death)}; make the role `ghost`, the event a `mode = "vision"`, '
                "add a `returns`, or take the entity out of `learns`",
                at=event,
                field="learns",
                subjects=[event, entity],
                related=[ctx.related(f"{name} dies here", death, "participants")],
            )


# -- possession ---------------------------------------------------------------------------


def _handovers(ctx: Context) -> dict[str, list[Event]]:
    """Object id → the real events that move it, in story order."""
    result: dict[str, list[Event]] = {}
    for event in ctx.chronology:
        if event.holds and event.mode in MOVING_MODES:
            for thing in event.holds:
                result.setdefault(thing, []).append(event)
    return result


# PL711 object-in-two-hands
def object_in_two_hands(ctx: Context) -> Iterator[Hit]:
    """Flag an object given to two different holders at once, or in an order nobody can tell.

    ``holds = { cloak = "harry" }`` moves the cloak to Harry from that event on.
    Two events that move one object to different holders while both are
    certainly going on (their dates and durations overlap whatever the
    unknowns) put it in two hands at once: an error. Two that cannot be put in
    order leave its holder unknown between them: the same finding as a
    *warning*, settled by a date or a constraint. Present-mode events are
    always in order (the telling orders them). Dreams, visions, recaps and
    false accounts move nothing.

    Bad::

        [[entities]]
        id = "mask"
        kind = "object"

        [[events]]
        id = "sarah-wears-the-mask"
        told_in = "s1e06"
        when = "2019-03-01"
        duration = "P5D"
        holds = { mask = "sarah" }

        [[events]]
        id = "faraday-wears-the-mask"
        told_in = "s1e07"
        when = "2019-03-02"
        duration = "P5D"
        holds = { mask = "faraday" }

    Good::

        [[events]]
        id = "faraday-wears-the-mask"
        told_in = "s1e07"
        when = "2019-03-08"
        duration = "P5D"
        holds = { mask = "faraday" }
    """
    clock = ctx.clock
    bounds = ctx.solution.bounds
    for thing, events in _handovers(ctx).items():
        if len(events) < 2:
            continue
        reported: set[str] = set()
        for index, first in enumerate(events):
            for second in events[index + 1 : index + 1 + _WINDOW]:
                holder, other = first.holds[thing], second.holds[thing]
                if holder == other or second.id in reported:
                    continue
                both = _overlapping(bounds.get(first.id), bounds.get(second.id))
                if not both and not clock.unordered(first, second):
                    continue
                reported.add(second.id)
                name, one, two = _name(ctx, thing), _holder(ctx, holder), _holder(ctx, other)
                if both:
                    message = (
                        f"{name} is in two hands at once: {one}'s in {ctx.where(first)} and "
                        f"{two}'s in {ctx.where(second)}, which overlap in time; move one of "
                        "them, or shorten it"
                    )
                else:
                    message = (
                        f"{name} goes to {one} in {ctx.where(first)} and to {two} in "
                        f"{ctx.where(second)}, and nothing says which comes first; date them "
                        "or add a constraint"
                    )
                yield ctx.finding(
                    message,
                    at=second,
                    field="holds",
                    subjects=[second, thing],
                    related=[ctx.related("and here", first, "holds")],
                    severity=None if both else "warning",
                )


def _overlapping(first: Bounds | None, second: Bounds | None) -> bool:
    """Whether two events' times certainly overlap: each starts before the other ends."""
    if first is None or second is None:
        return False
    a_start, a_end = first.latest_start, first.earliest_end
    b_start, b_end = second.latest_start, second.earliest_end
    if a_start is None or a_end is None or b_start is None or b_end is None:
        return False
    return a_start < b_end and b_start < a_end


#: How many later handovers of one object each one is compared with (PL711).
_WINDOW = 64


def _holder(ctx: Context, holder: str) -> str:
    return "nobody" if holder == NOBODY else _name(ctx, holder)


def _holder_at(ctx: Context, clock: StoryClock, events: list[Event], at: Event) -> Event | None:
    """The last event of ``events`` (handovers, in story order) certainly before ``at``."""
    last = None
    for event in events:
        if event.id != at.id and clock.before(event, at):
            last = event
    return last


# PL712 uses-lost-object
def uses_lost_object(ctx: Context) -> Iterator[Hit]:
    """Flag an object handed on after it is destroyed, or on scene while held elsewhere.

    An object ``destroyed`` in an event cannot change hands after it (a
    ``returns`` brings it back; on scene after its destruction is PL301). An
    object on scene in an event (a real one, with someone else on scene) is
    with its holder: the holder must be there too, or be the place the event
    happens in (or one it is within). Objects nobody holds (``"-"``), and
    events that move the object themselves, are never findings.

    Bad::

        [[entities]]
        id = "mask"
        kind = "object"

        [[events]]
        id = "faraday-keeps-the-mask"
        told_in = "s1e03"
        holds = { mask = "faraday" }

        [[events]]
        id = "sarah-wears-the-mask"
        told_in = "s1e04"
        participants = { sarah = "present", mask = "present" }

    Good::

        [[events]]
        id = "sarah-wears-the-mask"
        told_in = "s1e04"
        participants = { sarah = "present", mask = "present" }
        holds = { mask = "sarah" }
    """
    clock = ctx.clock
    handovers = _handovers(ctx)
    destroyed = ctx.holders(Role.DESTROYED)
    for thing, events in handovers.items():
        if thing not in destroyed:
            continue
        for event in events:
            death = _dead_at(ctx, thing, event)
            if death is not None:
                yield ctx.finding(
                    f"{_name(ctx, thing)} changes hands in {ctx.where(event)} after it is "
                    f"destroyed in {ctx.where(death)}; add a `returns` or drop the `holds`",
                    at=event,
                    field="holds",
                    subjects=[event, thing],
                    related=[ctx.related("destroyed here", death, "participants")],
                )
    for thing, events in handovers.items():
        for part in ctx.entity_story.get(thing, ()):
            event = part.event
            if (
                not part.role.on_scene
                or event.mode not in REAL_MODES
                or thing in event.holds
                or not any(
                    role.on_scene and other != thing for other, role in event.participants.items()
                )
            ):
                continue
            step = _holder_at(ctx, clock, events, event)
            if step is None:
                continue
            holder = step.holds[thing]
            if holder == NOBODY or _with(ctx, event, holder):
                continue
            name = _name(ctx, thing)
            yield ctx.finding(
                f"{name} is on scene in {ctx.where(event)} but {_name(ctx, holder)} holds it "
                f"(since {ctx.where(step)}) and is not there; put `{holder}` in the scene or "
                f'move it with `holds = {{ {thing} = "…" }}`',
                at=event,
                field="participants",
                subjects=[event, thing],
                related=[ctx.related(f"{_name(ctx, holder)} takes it here", step, "holds")],
            )


def _with(ctx: Context, event: Event, holder: str) -> bool:
    """Whether ``holder`` is in ``event``: on scene, or the place it happens in (or around)."""
    role = event.participants.get(holder)
    if role is not None and role.on_scene:
        return True
    return event.location is not None and ctx.inside(event.location, holder)


# PL713 dead-holder
def dead_holder(ctx: Context) -> Iterator[Hit]:
    """Flag an object handed to a holder who is dead by then.

    The dead take nothing: ``holds`` that gives an object to an entity
    certainly after it dies (with no ``returns`` between) is an error, unless
    the holder is there as a ``ghost``. To bury a sword with its owner, give
    it to the grave (a place) or to nobody (``"-"``).

    Bad::

        [[entities]]
        id = "mask"
        kind = "object"

        [[events]]
        id = "faraday-dies"
        told_in = "s1e05"
        participants = { faraday = "dies" }

        [[events]]
        id = "the-mask-is-returned"
        told_in = "s1e06"
        holds = { mask = "faraday" }

    Good::

        [[events]]
        id = "the-mask-is-returned"
        told_in = "s1e06"
        holds = { mask = "sarah" }
    """
    mortal = ctx.holders(Role.DIES, Role.DESTROYED)
    for event in ctx.story.events:
        if not event.holds or event.mode not in MOVING_MODES:
            continue
        for thing, holder in event.holds.items():
            if holder not in mortal or event.participants.get(holder) is Role.GHOST:
                continue
            death = _dead_at(ctx, holder, event)
            if death is None:
                continue
            name = _name(ctx, holder)
            yield ctx.finding(
                f"{_name(ctx, thing)} goes to {name} in {ctx.where(event)}, after {name} dies "
                f'in {ctx.where(death)}; give it to someone living, a place, or nobody ("-")',
                at=event,
                field="holds",
                subjects=[event, holder],
                related=[ctx.related(f"{name} dies here", death, "participants")],
            )
