"""PL3: continuity. Who is where, alive, and still in the story."""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import TYPE_CHECKING

from plotline._check._context import REAL_MODES, Appearance, Context, Hit
from plotline._check.rules.ages import on_scene_after_died, on_scene_before_born
from plotline._model import Event, Importance, Mode, Role, WorkKind
from plotline._time import Instant, Interval, Precision, TimeValue

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "acts_after_death",
    "acts_before_introduction",
    "dies_twice",
    "dropped_entity",
    "in_two_places",
]


#: Modes whose events place their people somewhere, for PL303. A time traveller may
#: be in a second place at the same time; a false account places nobody.
_PLACING_MODES = REAL_MODES - {Mode.TIME_TRAVEL}


def _name(ctx: Context, entity: str) -> str:
    record = ctx.story.entity_index.get(entity)
    return record.label if record is not None else entity


# PL301 acts-after-death
def acts_after_death(ctx: Context) -> Iterator[Hit]:
    """Flag an entity on scene after its death, with no ``returns`` between.

    The dead do not walk, unless the story says so. Walking each entity's
    events in story order, a ``dies`` (or ``destroyed``) role starts a death
    and a ``returns`` role ends it; any other on-scene role (``present``,
    ``introduced``, ``born``, ``exits``) in a present-mode or ``time-travel``
    event during a death is a finding, at the appearance, pointing back at the
    death. Backstory (an event with no ``told_in``) counts: it happened.

    Never findings: flashbacks, dreams, visions and recaps (they show the past
    or what is not real); ``mentioned`` and ``voice`` roles (a name, a letter, a
    recording do not put anyone in the scene); the ``ghost`` role, which is on
    scene after death without ending it (and needs no ``returns``); and
    ``false-account`` events (a lie, a cover story, a staged death), which
    place nobody and end no life. Deaths and returns count only from
    present-mode, ``time-travel`` and flashback events: dreamt deaths are not
    deaths. A death told in a flashback or a time-travel event counts against
    an appearance only when dates or constraints place the death before it.
    An entity's ``died`` counts too: on scene (not a ghost) in a present-mode or
    flashback event dated certainly after it is a finding, unless the entity
    ``returns`` somewhere.

    Bad::

        [[events]]
        id = "faraday-dies"
        told_in = "s1e15"
        participants = { faraday = "dies" }

        [[events]]
        id = "faraday-at-the-docks"
        told_in = "s2e03"
        participants = { faraday = "present" }

    Good::

        # a flashback; a `mentioned` role or a `returns` event would do too
        [[events]]
        id = "faraday-at-the-docks"
        told_in = "s2e03"
        mode = "flashback"
        participants = { faraday = "present", burner = "mentioned" }

    Good (a ghost)::

        [[events]]
        id = "faraday-at-the-docks"
        told_in = "s2e03"
        participants = { faraday = "ghost" }
    """
    yield from on_scene_after_died(ctx)  # an entity's `died`, against the dates
    for entity, parts in _mortal_lives(ctx):
        death: Event | None = None
        for part in parts:
            event, role = part.event, part.role
            if role is Role.RETURNS:
                death = None
            elif role.ends_life:
                death = death or event
            elif (
                role.on_scene
                and role is not Role.GHOST
                and event.mode.is_real
                and death is not None
                and ctx.before(death, event)
            ):
                name = _name(ctx, entity)
                destroyed = _destroyed(death, entity)
                dying = "being destroyed" if destroyed else "dying"
                ends = "is destroyed" if destroyed else "dies"
                yield ctx.finding(
                    f"{name} appears in {ctx.where(event)} after {dying} in "
                    f'{ctx.where(death)}; mark it `mode = "flashback"`, make the role '
                    "`mentioned` (or `ghost`), add a `returns`, or move the death "
                    f'(or add `allow = ["PL301"]` to the entity {entity!r})',
                    at=event,
                    field="participants",
                    subjects=[entity, event],
                    related=[ctx.related(f"{name} {ends} here", death)],
                )


def _mortal_lives(ctx: Context) -> Iterator[tuple[str, Iterator[Appearance]]]:
    """Each entity that dies or is destroyed somewhere, with its parts in real events.

    Parts come in story order, dreams, visions, recaps and false accounts left
    out: what PL301 and PL304 follow a life and its deaths through.
    """
    mortal = ctx.holders(Role.DIES, Role.DESTROYED)
    for entity in ctx.entity_story:
        if entity in mortal:
            parts = ctx.entity_story[entity]
            yield entity, (part for part in parts if part.event.mode in REAL_MODES)


def _destroyed(event: Event, entity: str) -> bool:
    return event.participants.get(entity) is Role.DESTROYED


# PL302 acts-before-introduction
def acts_before_introduction(ctx: Context) -> Iterator[Hit]:
    """Flag an entity on scene before its birth, or told on scene before its introduction.

    ``born`` and ``introduced`` are different clocks. A birth is a fact of
    story time: nobody is on scene (in the present or in a flashback) at a time
    before they are born, so appearances are compared with the first birth in
    story order (dreams, visions and recaps excepted; a flashback counts only
    when dates or constraints place it before the birth). An introduction is a
    fact of the telling: the first time the audience meets the entity. So
    present-mode (and ``time-travel``) appearances are compared with the first
    ``introduced`` event in telling order; a flashback or recap told earlier
    does not count (a teaser may show a face before the introduction), and
    neither does backstory (an event with no ``told_in`` is not told at all).
    A ``ghost`` appearance is no birth and no introduction, but it is on
    scene: it is checked like any other. ``false-account`` events place
    nobody and are never checked. Entities with neither role are never
    checked by roles; an entity's ``born`` is checked against dates: on scene
    (not a ghost) in a present-mode or flashback event dated certainly before
    it is a finding (a time traveller may be there before being born).

    Bad::

        [[events]]
        id = "sarah-at-school"
        told_in = "s1e02"
        participants = { sarah = "present" }

        [[events]]
        id = "sarah-arrives"
        told_in = "s1e04"
        participants = { sarah = "introduced" }

    Good::

        [[events]]
        id = "sarah-arrives"
        told_in = "s1e02"
        participants = { sarah = "introduced" }

        [[events]]
        id = "sarah-at-school"
        told_in = "s1e04"
        participants = { sarah = "present" }
    """
    yield from on_scene_before_born(ctx)  # an entity's `born`, against the dates
    born = ctx.holders(Role.BORN)
    for entity in ctx.entity_story:
        if entity not in born:
            continue
        parts = ctx.entity_story[entity]
        birth_index = next(
            (
                i
                for i, part in enumerate(parts)
                if part.role is Role.BORN and part.event.mode in REAL_MODES
            ),
            None,
        )
        if birth_index is None:
            continue
        birth = parts[birth_index].event
        name = _name(ctx, entity)
        for part in parts[:birth_index]:
            event = part.event
            if (
                part.role.on_scene
                and event.mode in REAL_MODES
                and event is not birth
                and ctx.before(event, birth)
            ):
                yield ctx.finding(
                    f"{name} appears in {ctx.where(event)}, which happens before "
                    f"{name} is born in {ctx.where(birth)}; date or order it after the "
                    "birth, make it a dream or vision, or move the birth "
                    f'(or add `allow = ["PL302"]` to the entity {entity!r})',
                    at=event,
                    field="participants",
                    subjects=[entity, event],
                    related=[ctx.related(f"{name} is born here", birth)],
                )
    introduced = ctx.holders(Role.INTRODUCED)
    for entity in ctx.entity_telling:
        if entity not in introduced:
            continue
        intro: Appearance | None = None
        early: list[Event] = []  # on scene in the present, told before the introduction
        for part in ctx.entity_telling.walk(entity):
            if part.role is Role.INTRODUCED:
                intro = part
                break
            if part.role.on_scene and part.event.mode.is_real and part.event.told_in is not None:
                early.append(part.event)
        if intro is None:
            continue
        name = _name(ctx, entity)
        for event in early:
            yield ctx.finding(
                f"{name} appears in {ctx.where(event)}, told before {name} is "
                f"introduced in {ctx.where(intro.event)}; move the `introduced` role "
                "to the first appearance or make this one `mentioned` "
                f'(or add `allow = ["PL302"]` to the entity {entity!r})',
                at=event,
                field="participants",
                subjects=[entity, event],
                related=[ctx.related(f"{name} is introduced here", intro.event)],
            )


def _day_or_finer(value: Instant | None) -> bool:
    return (
        value is not None
        and value.precision >= Precision.DAY
        and not value.unspecified_parts
        and not value.unspecified_year_digits
    )


def _precise_span(event: Event) -> tuple[int, int] | None:
    """Return the event's span in seconds when dated to the day or finer, else ``None``.

    A ``duration`` lengthens the span by its shortest possible length.
    """
    when: TimeValue | None = event.when
    if isinstance(when, Interval):
        if not (_day_or_finer(when.start) and _day_or_finer(when.end)):
            return None
    elif not _day_or_finer(when):
        return None
    assert when is not None
    lower, upper = when.bounds
    if event.duration is not None:
        upper = max(upper, lower + event.duration.min_seconds)
    return lower, upper


# PL303 in-two-places
def in_two_places(ctx: Context) -> Iterator[Hit]:
    """Flag an entity on scene at two different locations at overlapping times.

    Nobody is in two places at once. Only events that pin the time down count:
    both must be dated to the day or finer (two events dated ``2020`` overlap
    trivially and prove nothing), both must have a ``location``, and the
    locations must be two places. A place and the places ``within`` it
    (transitively) are one place: the Great Hall is in Hogwarts, so being at
    the feast and at Hogwarts the same evening is no finding; Hagrid's hut and
    the forest, both within Hogwarts but neither within the other, are two.
    Events dated the same day at different places are a finding: give them
    times of day (``2020-07-07T09:00``) if the entity travels between them.
    An event's ``duration`` extends its span. Dreams, visions and recaps do
    not place anyone, nor does a ``false-account`` (a lie places nobody);
    ``mentioned`` and ``voice`` roles neither. A ``time-travel`` event is
    compared with nothing: the traveller may well be somewhere else at the
    same time. Each entity's dated events are swept once in time order.

    Entities whose ``within`` links go round in a cycle are a finding too,
    once per cycle: none of them is inside the others.

    Bad::

        [[events]]
        id = "sarah-in-the-lab"
        when = "2020-07-07"
        location = "lab"
        participants = { sarah = "present" }

        [[events]]
        id = "sarah-at-the-docks"
        when = "2020-07-07"
        location = "docks"
        participants = { sarah = "present" }

    Good::

        [[events]]
        id = "sarah-in-the-lab"
        when = "2020-07-07T09:00"
        location = "lab"
        participants = { sarah = "present" }

        [[events]]
        id = "sarah-at-the-docks"
        when = "2020-07-07T21:00"
        location = "docks"
        participants = { sarah = "present" }

    Good (one place within the other)::

        [[entities]]
        id = "lab"
        kind = "place"
        within = "docks"
    """
    yield from _within_cycles(ctx)
    # Only events that could place someone somewhere at a precise time take part.
    dated: dict[str, list[tuple[int, int, int, Event]]] = defaultdict(list)
    for pos, event in enumerate(ctx.telling):
        if event.location is None or event.when is None or event.mode not in _PLACING_MODES:
            continue
        span = _precise_span(event)
        if span is None:
            continue
        lower, upper = span
        for entity, role in event.participants.items():
            if role.on_scene:
                dated[entity].append((lower, upper, pos, event))
    for entity, spans in dated.items():
        if len(spans) > 1:
            yield from _sweep(ctx, entity, sorted(spans, key=lambda d: (d[0], d[2])))


def _sweep(ctx: Context, entity: str, dated: list[tuple[int, int, int, Event]]) -> Iterator[Hit]:
    """Report each event that starts while the entity is still somewhere else."""
    active: list[tuple[int, int, Event]] = []  # heap of (upper, sequence, event)
    per_place: dict[str, int] = {}
    latest: dict[str, Event] = {}
    for sequence, (lower, upper, _pos, event) in enumerate(dated):
        while active and active[0][0] <= lower:
            _end, _seq, gone = heapq.heappop(active)
            assert gone.location is not None
            per_place[gone.location] -= 1
            if not per_place[gone.location]:
                del per_place[gone.location]
                del latest[gone.location]
        place = event.location
        assert place is not None
        other = next((latest[p] for p in per_place if not ctx.one_place(p, place)), None)
        if other is not None:
            name = _name(ctx, entity)
            yield ctx.finding(
                f"{name} is in {ctx.where(event)} at '{place}' while also in "
                f"{ctx.where(other)} at '{other.location}', at overlapping times; "
                "correct a date or a location, give both a time of day, say that one "
                "place is `within` the other, or make the role `mentioned` or `voice` "
                '(or add `allow = ["PL303"]` to the event)',
                at=event,
                field="when",
                subjects=[entity, event, other],
                related=[ctx.related(f"{name} is at '{other.location}' here", other, "when")],
            )
        heapq.heappush(active, (upper, sequence, event))
        per_place[place] = per_place.get(place, 0) + 1
        latest[place] = event


def _within_cycles(ctx: Context) -> Iterator[Hit]:
    """Report each cycle of ``within`` links once, at the member written first."""
    for cycle in ctx.within_cycles:
        first = ctx.story.entity_index[cycle[0]]
        names = ", ".join(cycle)
        yield ctx.finding(
            f"places {names} are within each other, so none of them is inside the "
            "others; correct the `within` of one of them",
            at=first,
            field="within",
            subjects=[first, *cycle[1:]],
        )


# PL304 dies-twice
def dies_twice(ctx: Context) -> Iterator[Hit]:
    """Flag an entity that dies (or is destroyed) twice without a ``returns`` between.

    A second death needs a resurrection first. Deaths and returns are taken
    from present-mode, ``time-travel`` and flashback events in story order,
    backstory included; a dream or vision of a death is no death, a recap
    re-shows a death already told (mark the second telling of a death
    ``mode = "recap"``), and a ``false-account`` death (a staged death, a
    cover story) ends no life. A ``ghost`` appearance does not end a death,
    nor start one. A death told in a flashback or a time-travel event counts
    only when dates or constraints order it with the other.

    Bad::

        [[events]]
        id = "faraday-dies"
        told_in = "s1e15"
        participants = { faraday = "dies" }

        [[events]]
        id = "faraday-dies-again"
        told_in = "s2e03"
        participants = { faraday = "dies" }

    Good::

        [[events]]
        id = "faraday-dies"
        told_in = "s1e15"
        participants = { faraday = "dies" }

        [[events]]
        id = "faraday-revived"
        told_in = "s2e01"
        participants = { faraday = "returns" }

        [[events]]
        id = "faraday-dies-again"
        told_in = "s2e03"
        participants = { faraday = "dies" }
    """
    for entity, parts in _mortal_lives(ctx):
        death: Event | None = None
        for part in parts:
            event, role = part.event, part.role
            if role is Role.RETURNS:
                death = None
            elif role.ends_life:
                if death is not None and ctx.before(death, event):
                    name = _name(ctx, entity)
                    yield ctx.finding(
                        f"{name} dies in {ctx.where(event)} after already dying in "
                        f"{ctx.where(death)} with no `returns` between; add a `returns`, "
                        'mark one telling `mode = "recap"` (or a staged one '
                        '`mode = "false-account"`), or drop one death '
                        f'(or add `allow = ["PL304"]` to the entity {entity!r})',
                        at=event,
                        field="participants",
                        subjects=[entity, event],
                        related=[ctx.related(f"{name}'s first death", death)],
                    )
                death = event


# PL305 dropped-entity
def dropped_entity(ctx: Context) -> Iterator[Hit]:
    """Flag a main or major entity absent from the final installments, never written out.

    Audiences notice when a major character simply stops appearing. An
    entity of importance ``main`` or ``major`` that was on scene at some point
    but is on scene in none of the last N installments (option
    ``final_installments``, default 3) of any run it appears in, and that
    never dies, is destroyed or ``exits``, is a finding.

    An installment is a work of the kind ``[check] installment`` names, or by
    default of an installment kind (``episode``, ``special``, ``film``,
    ``novel``, ``novella``, ``book``, ``volume``, ``issue``, ``game``,
    ``serial``): an event counts for the nearest such work at or above the
    work it is told in, so the chapters of a novel are one installment. A
    story with no work of those kinds counts its leaf works. A run is the
    top-level works of one kind along one chain of the story: a series, or
    seasons listed without a series above them; a spin-off manga is a run of
    its own, and so is a prequel (a work with ``continues = false`` starts a
    new chain). So an entity on scene at the end of the series, or at the end
    of the original trilogy, is not dropped by a prequel told later. A run of
    no more than N installments drops nobody.

    Being on scene means any role but ``mentioned`` and ``voice``, in any
    mode but ``false-account``, told in an installment (backstory is not
    told). A death or exit in a dream, a vision or a false account writes
    nobody out.

    Bad::

        [[entities]]
        id = "sarah"
        name = "Sarah Sinclair"
        importance = "major"
        # on scene throughout season 1, never seen again, never written out

    Good::

        [[events]]
        id = "sarah-leaves-town"
        told_in = "s2e02"
        participants = { sarah = "exits" }
    """
    final = int(ctx.option("final_installments"))
    installments = ctx.installments
    if final <= 0:
        return
    chains = ctx.installment_chain
    runs: dict[tuple[int, WorkKind | str], list[int]] = {}
    run_of: list[tuple[int, WorkKind | str]] = []
    for index, work in enumerate(installments):
        key = (chains[index], _run_kind(ctx, work.id))
        runs.setdefault(key, []).append(index)
        run_of.append(key)
    written_out = _written_out(ctx)
    where = ctx.event_installment
    for entity in ctx.story.entities:
        if entity.importance not in (Importance.MAIN, Importance.MAJOR):
            continue
        if entity.id in written_out:
            continue
        # The last appearance in each run the entity is on scene in, latest told first.
        last_in_run: dict[tuple[int, WorkKind | str], tuple[int, Appearance]] = {}
        for part in ctx.entity_telling.walk(entity.id, reverse=True):
            at = where.get(part.event.id)
            if at is None or not part.role.on_scene or part.event.mode is Mode.FALSE_ACCOUNT:
                continue
            key = run_of[at]
            if key not in last_in_run or at > last_in_run[key][0]:
                last_in_run[key] = (at, part)
        if not last_in_run:
            continue
        if any(
            len(runs[key]) <= final or at >= runs[key][-final]
            for key, (at, _part) in last_in_run.items()
        ):
            continue
        # Report against the run told last among those the entity is in.
        key, (at, last) = max(last_in_run.items(), key=lambda item: runs[item[0]][-1])
        run = runs[key]
        first_final, last_final = installments[run[-final]], installments[run[-1]]
        yield ctx.finding(
            f"{entity.label} ({entity.importance}) is last on scene in "
            f"{ctx.where(last.event)} and absent from the final {final} installments, "
            f"{ctx.installment_name(first_final)} to {ctx.installment_name(last_final)}, "
            "without dying or leaving; write the exit (a `dies` or `exits` role), bring "
            f'them back, or add `allow = ["PL305"]` to the entity {entity.id!r}',
            at=entity,
            field="importance",
            subjects=[entity],
            related=[ctx.related("last on scene here", last.event)],
        )


def _written_out(ctx: Context) -> frozenset[str]:
    """The entities that die, are destroyed or exit in an event that happens."""
    roles = (Role.DIES, Role.DESTROYED, Role.EXITS)
    candidates = ctx.holders(*roles)
    out: set[str] = set()
    for event in ctx.story.events:
        if event.mode in _UNREAL_MODES:
            continue
        for entity, role in event.participants.items():
            if role in roles and entity in candidates:
                out.add(entity)
    return frozenset(out)


#: Modes whose deaths and exits write nobody out of the story.
_UNREAL_MODES = frozenset({Mode.DREAM, Mode.VISION, Mode.FALSE_ACCOUNT})


def _run_kind(ctx: Context, work: str) -> WorkKind | str:
    """The kind of the top-level work above ``work`` (its own kind if it has no parent)."""
    for candidate in (*reversed(ctx.ancestors.get(work, ())), work):
        record = ctx.story.work_index.get(candidate)
        if record is not None:
            return record.kind
    return WorkKind.OTHER
