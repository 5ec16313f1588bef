"""PL306: journeys. Nobody gets somewhere faster than the fastest route allows."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from plotline._check._context import REAL_MODES
from plotline._check.rules.continuity import _precise_span as precise_span
from plotline._model import Event, Mode, Role
from plotline._order._travel import Journey, Travel, duration_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._check._context import Context, Hit

__all__ = ["cannot_get_there"]

#: Modes whose events bind their people to the roads. A time traveller may be
#: elsewhere at the same time; a false account places nobody.
_TRAVELLING_MODES = REAL_MODES - {Mode.TIME_TRAVEL}


def _slack(event: Event) -> tuple[int, int, int]:
    """``(earliest start, latest start, shortest stay)`` in seconds, from the event's date."""
    assert event.when is not None
    lower, upper = event.when.bounds
    stay = 0 if event.duration is None else event.duration.min_seconds
    return lower, upper, stay


# PL306 cannot-get-there
def cannot_get_there(ctx: Context) -> Iterator[Hit]:
    """Flag an entity whose two dated events are closer in time than the journey between them.

    With ``[[routes]]`` (``from``, ``to``, ``time``; both ways unless
    ``oneway = true``) a story says how far its places are apart. A route to a
    place serves the places ``within`` it, and a place is no distance from the
    places inside it. When one entity is on scene in two dated events at two
    places, the time between them must leave room for the fastest journey.

    Dates keep their precision, and the rule only fires when the journey is
    certainly too slow: the longest the two events can be apart (the later
    event's latest start minus the earlier one's earliest start and shortest
    ``duration``, whichever comes first) is still less than the fastest route.
    Places that no chain of routes links are no finding: unknown geography is
    not an error. Events that overlap to the day are PL303's, not this rule's.
    Dreams, visions, recaps and false accounts place nobody; ``mentioned``,
    ``voice`` and ``ghost`` roles are not bound by roads (a ghost goes where
    it likes); a ``time-travel`` event is compared with nothing.

    Bad::

        [[routes]]
        from = "london"
        to = "hogsmeade"
        time = "PT8H"
        by = "train"

        [[events]]
        id = "harry-at-kings-cross"
        when = "1991-09-01T11:00"
        location = "london"
        participants = { harry = "present" }

        [[events]]
        id = "harry-at-the-feast"
        when = "1991-09-01T13:00"
        location = "hogsmeade"
        participants = { harry = "present" }

    Good::

        [[routes]]
        from = "london"
        to = "hogsmeade"
        time = "PT8H"
        by = "train"

        [[events]]
        id = "harry-at-kings-cross"
        when = "1991-09-01T11:00"
        location = "london"
        participants = { harry = "present" }

        [[events]]
        id = "harry-at-the-feast"
        when = "1991-09-01T20:00"
        location = "hogsmeade"
        participants = { harry = "present" }
    """
    story = ctx.story
    if not story.routes:
        return
    travel = Travel(story.entity_index.values(), story.routes)
    placed: dict[str, list[tuple[int, int, int, Event]]] = defaultdict(list)
    for event in story.events:
        if event.location is None or event.when is None or event.mode not in _TRAVELLING_MODES:
            continue
        slack = _slack(event)
        for entity, role in event.participants.items():
            if role.on_scene and role is not Role.GHOST:
                placed[entity].append((*slack, event))
    for entity, events in placed.items():
        if len(events) < 2:
            continue
        events.sort(key=lambda item: item[0])
        for i, (lower, upper, stay, first) in enumerate(events):
            assert first.location is not None
            farthest = travel.farthest(first.location)
            for later_lower, later_upper, later_stay, second in events[i + 1 :]:
                if later_lower - lower - stay > farthest:
                    break  # every later event leaves room for any journey from here
                hit = _too_fast(
                    ctx,
                    travel,
                    entity,
                    (lower, upper, stay, first),
                    (later_lower, later_upper, later_stay, second),
                )
                if hit is not None:
                    yield hit


def _too_fast(
    ctx: Context,
    travel: Travel,
    entity: str,
    one: tuple[int, int, int, Event],
    other: tuple[int, int, int, Event],
) -> Hit | None:
    lower, upper, stay, first = one
    other_lower, other_upper, other_stay, second = other
    here, there = first.location, second.location
    assert here is not None
    assert there is not None
    if ctx.one_place(here, there):
        return None
    if lower < other_upper and other_lower < upper and _to_the_day(first, second):
        return None  # overlapping to the day: PL303 reports it
    # The most time the entity can have between leaving one and reaching the other.
    forth = other_upper - lower - stay
    back = upper - other_lower - other_stay
    journey_forth = travel.fastest(here, there)
    journey_back = travel.fastest(there, here)
    if journey_forth is None and journey_back is None:
        return None  # no known way: unknown geography is not an error
    if _room(forth, journey_forth) or _room(back, journey_back):
        return None
    journey = journey_forth if journey_forth is not None else journey_back
    assert journey is not None
    record = ctx.story.entity_index.get(entity)
    name = record.label if record is not None else entity
    apart = duration_text(max(forth, back, 0))
    return ctx.finding(
        f"{name} cannot get from '{here}' in {ctx.where(first)} to '{there}' in "
        f"{ctx.where(second)}: they are at most {apart} apart, and the fastest route, "
        f"{journey.describe()}, takes longer; correct a date or a location, add a faster "
        "route, or make the role `mentioned` or `voice` "
        '(or add `allow = ["PL306"]` to the event)',
        at=second,
        field="when",
        subjects=[entity, second, first],
        related=[ctx.related(f"{name} is at '{here}' here", first, "when")],
    )


def _room(gap: int, journey: Journey | None) -> bool:
    """Whether ``gap`` seconds (negative: that order cannot be) leave room for ``journey``.

    No known journey that way leaves room for anything: the way is unknown.
    """
    return gap >= 0 and (journey is None or gap >= journey.seconds)


def _to_the_day(first: Event, second: Event) -> bool:
    """Whether both events are dated to the day or finer (PL303 compares those)."""
    return precise_span(first) is not None and precise_span(second) is not None
