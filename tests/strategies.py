"""Hypothesis strategies that build plotline records and whole stories.

The strategies are general: any test that needs a random but well-formed
:class:`~plotline._model.Story` can draw one here.

* :func:`instants`, :func:`intervals`, :func:`time_values`, :func:`durations`:
  time values of every precision around 2020.
* :func:`works_trees`: a list of works forming a tree (or, with
  ``broken=True``, with missing parents and parent cycles too), of known and
  open kinds, some of them starting a new chain (``continues = false``).
* :func:`stories`: works, events (of every mode) and constraints, some of
  them naming works. With ``consistent=True`` every date, duration and
  constraint is drawn from one hidden timeline, so the facts can all hold (a
  correct solver reports no conflict).
* :func:`bibles`: a story from :func:`stories` peopled for every rule family:
  entities (places within places), roles (ghosts too), locations, threads,
  releases of every status, sources and claims; story calendars (an era and
  a month calendar with a leap rule) with some times written in them, people
  with ``born``, ``died`` and a ``clock``, events asserting ``ages``.
* :data:`CALENDARS`: those two calendars.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from plotline._model import (
    Calendar,
    Claim,
    Constraint,
    Entity,
    Event,
    Fact,
    Mode,
    Relationship,
    Release,
    ReleaseStatus,
    Role,
    Source,
    Story,
    Thread,
    Work,
)
from plotline._route import Route
from plotline._time import Duration, Instant, Interval

__all__ = [
    "BASE",
    "CALENDARS",
    "SPAN",
    "bibles",
    "durations",
    "instant_containing",
    "instants",
    "intervals",
    "journeys",
    "modes",
    "stories",
    "time_values",
    "works_trees",
]

_EPOCH = datetime(1, 1, 1)  # second 0 of plotline's timeline
BASE = Instant(2020, 1, 1).lower
"""The first second of the hidden timelines: 2020-01-01T00:00:00Z."""
SPAN = 40 * 86_400
"""How long the hidden timelines run: 40 days, so dates often share a day or a month."""

# Precision of drawn instants: 1 year, 2 month, 3 day, 4 minute, 5 second.
_PRECISIONS = st.sampled_from([1, 2, 2, 3, 3, 3, 3, 4, 4, 5])


def instant_containing(second: int, precision: int) -> Instant:
    """The instant of the given precision (1 = year … 5 = second) that contains ``second``."""
    moment = _EPOCH + timedelta(seconds=second)
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    if precision == 1:
        return Instant(fields[0])
    if precision == 2:
        return Instant(fields[0], fields[1])
    if precision == 3:
        return Instant(fields[0], fields[1], fields[2])
    if precision == 4:
        return Instant(*fields[:5])
    return Instant(*fields)


def instants() -> st.SearchStrategy[Instant]:
    """Instants of any precision within the hidden timeline's span."""
    return st.builds(instant_containing, st.integers(BASE, BASE + SPAN), _PRECISIONS)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    """Intervals between two instants of the span; one end is sometimes open."""
    first = draw(st.integers(BASE, BASE + SPAN))
    last = draw(st.integers(first, BASE + SPAN))
    start = instant_containing(first, draw(_PRECISIONS))
    end = instant_containing(last, draw(_PRECISIONS))
    if end.upper <= start.lower:
        end = start
    shape = draw(st.sampled_from(["closed", "closed", "closed", "open-start", "open-end"]))
    if shape == "open-start":
        return Interval(end=end, open_start=True)
    if shape == "open-end":
        return Interval(start, open_end=True)
    return Interval(start, end)


def time_values() -> st.SearchStrategy[Instant | Interval]:
    """Instants or intervals."""
    return st.one_of(instants(), intervals())


def durations(max_days: int = 5) -> st.SearchStrategy[Duration]:
    """Short exact durations (minutes, hours, days) and, now and then, a month."""
    return st.one_of(
        st.builds(Duration, minutes=st.integers(0, 240)),
        st.builds(Duration, hours=st.integers(0, 48)),
        st.builds(Duration, days=st.integers(0, max_days)),
        st.builds(Duration, months=st.integers(0, 1)),
    )


def modes() -> st.SearchStrategy[Mode]:
    """Event modes, mostly ``present`` (``time-travel`` and ``false-account`` among the rest)."""
    return st.sampled_from([Mode.PRESENT] * 5 + list(Mode))


_PERCENT = st.integers(0, 99)

# Work kinds: mostly ``other`` (no installment kind, so leaves count), now and then an
# installment kind, a level inside one, or a kind of the story's own.
_WORK_KINDS = st.sampled_from(["other"] * 6 + ["episode", "novel", "chapter", "season", "webisode"])


@st.composite
def works_trees(draw: st.DrawFn, *, max_works: int = 6, broken: bool = False) -> list[Work]:
    """Works in file order. Parents come first unless ``broken`` allows anything.

    Numbers are drawn from a small range (so they sometimes repeat) or left out.
    With ``broken=True`` a parent may be any work (cycles), or no work at all.
    Now and then a work does not continue the story told before it, or
    declares its children complete.
    """
    count = draw(st.integers(0, max_works))
    ids = [f"w{j}" for j in range(count)]
    works: list[Work] = []
    for j in range(count):
        choices = [*ids, "ghost-work"] if broken else ids[:j]
        parent = draw(st.none() | st.sampled_from(choices)) if choices else None
        number = draw(st.none() | st.integers(1, 4))
        works.append(
            Work(
                ids[j],
                parent=parent,
                number=number,
                kind=draw(_WORK_KINDS),
                continues=draw(_PERCENT) >= 15,
                complete=draw(_PERCENT) < 10,
            )
        )
    if broken:
        return draw(st.permutations(works))
    return works


class _Hidden:
    """Where one event really is on the hidden timeline: start and length in seconds."""

    def __init__(self, start: int, length: int) -> None:
        self.start = start
        self.end = start + length


_SECONDS = st.integers(BASE, BASE + SPAN)
_OPTIONAL_DURATIONS = st.none() | durations()
_DATE_KINDS = st.sampled_from(["instant", "interval"])
_ORDERS = st.none() | st.integers(0, 4)
_MODES = modes()
_INSTANTS = instants()
_INTERVALS = intervals()


def _event(
    draw: st.DrawFn,
    index: int,
    told_choices: st.SearchStrategy[str | None],
    *,
    consistent: bool,
    with_durations: bool,
    dated: float,
) -> tuple[Event, _Hidden]:
    start = draw(_SECONDS)
    duration = draw(_OPTIONAL_DURATIONS) if with_durations else None
    kind = draw(_DATE_KINDS) if draw(_PERCENT) < dated * 100 else "none"
    if duration is not None:
        length = draw(st.integers(duration.min_seconds, duration.max_seconds))
    elif kind == "interval":
        length = draw(st.integers(0, 3 * 86_400))
    else:
        length = 0
    when: Instant | Interval | None = None
    if kind == "instant":
        when = instant_containing(start, draw(_PRECISIONS)) if consistent else draw(_INSTANTS)
    elif kind == "interval":
        if consistent:
            when = Interval(
                instant_containing(start, draw(_PRECISIONS)),
                instant_containing(start + length, draw(_PRECISIONS)),
            )
        else:
            when = draw(_INTERVALS)
    event = Event(
        f"e{index}",
        told_in=draw(told_choices),
        order=draw(_ORDERS),
        when=when,
        duration=duration,
        mode=draw(_MODES),
    )
    return event, _Hidden(start, length)


@st.composite
def stories(
    draw: st.DrawFn,
    *,
    max_events: int = 10,
    max_works: int = 5,
    max_constraints: int | None = None,
    consistent: bool = False,
    duplicates: bool = False,
    max_gaps: bool = True,
    with_durations: bool = True,
    dated: float = 0.5,
    broken_works: bool = False,
) -> Story:
    """Whole stories: a works tree, events told in its works, constraints between them.

    ``consistent`` draws every date, duration and constraint from one hidden
    timeline, so they can all hold. Otherwise dates and gaps are drawn freely
    and constraints may name a missing event, or a work. ``duplicates`` lets event ids
    repeat; ``max_gaps`` and ``with_durations`` allow those fields; ``dated``
    is the share of events with a date.
    """
    works = draw(works_trees(max_works=max_works, broken=broken_works))
    work_ids = [work.id for work in works]
    count = draw(st.integers(0, max_events))
    events: list[Event] = []
    hidden: list[_Hidden] = []
    told_choices: st.SearchStrategy[str | None] = st.sampled_from(
        [*work_ids, None, "ghost-work"] if work_ids else [None]
    )
    for index in range(count):
        event, where = _event(
            draw,
            index,
            told_choices,
            consistent=consistent,
            with_durations=with_durations,
            dated=dated,
        )
        if duplicates and events and draw(st.integers(0, 5)) == 0:
            event = Event(
                draw(st.sampled_from(events)).id,
                told_in=event.told_in,
                when=event.when,
                duration=event.duration,
                mode=event.mode,
            )
        events.append(event)
        hidden.append(where)
    constraints: list[Constraint] = []
    limit = count if max_constraints is None else max_constraints
    for _ in range(draw(st.integers(0, limit)) if count else 0):
        i = draw(st.integers(0, count - 1))
        j = draw(st.integers(0, count - 1))
        fields: dict[str, Any] = {}
        if consistent:
            # Strictly ordered: a cycle of constraints is a contradiction even at one instant.
            if hidden[i].end >= hidden[j].start:
                i, j = j, i
            if hidden[i].end >= hidden[j].start:
                continue
            gap = hidden[j].start - hidden[i].end
            if draw(st.booleans()):
                fields["min_gap"] = Duration(seconds=draw(st.integers(0, gap)))
            if max_gaps and draw(st.booleans()):
                fields["max_gap"] = Duration(seconds=draw(st.integers(gap, gap + 10 * 86_400)))
        else:
            if draw(st.booleans()):
                fields["min_gap"] = draw(durations())
            if max_gaps and draw(st.integers(0, 3)) == 0:
                fields["max_gap"] = draw(durations())
        before = events[i].id
        after = events[j].id
        if not consistent and draw(st.integers(0, 9)) == 0:
            after = "ghost-event"
        if not consistent and work_ids and draw(st.integers(0, 7)) == 0:
            # A work stands for the span of the present-mode events told in its subtree.
            if draw(st.booleans()):
                before = draw(st.sampled_from(work_ids))
            else:
                after = draw(st.sampled_from(work_ids))
        constraints.append(Constraint(before, after, **fields))
    return Story(works=works, events=events, constraints=constraints)


CALENDARS = (
    Calendar("ce", title="Common Era", epoch="0000", suffix="CE"),
    Calendar(
        "dec",
        title="A year of ten months",
        epoch="2019-12-21",
        months=[
            {"name": "Feast", "days": 5, "intercalary": True},
            *({"name": f"Month {n}", "days": 36} for n in range(1, 11)),
        ],
        leap={"every": 4, "except_every": 100, "unless_every": 400, "month": "Feast"},
    ),
)
"""An era (``2020 CE`` is the Gregorian 2020) and a month calendar with a leap rule."""

_ERA, _MONTHS = (calendar.system() for calendar in CALENDARS)


@st.composite
def _calendar_times(draw: st.DrawFn) -> Instant:
    """A time around 2020 written in one of :data:`CALENDARS`."""
    if draw(st.booleans()):
        return _ERA.parse(str(draw(st.integers(2018, 2022))))
    year = draw(st.integers(1, 4))
    form = draw(st.sampled_from(["year", "month", "day", "feast"]))
    if form == "year":
        return _MONTHS.parse(str(year))
    if form == "feast":
        return _MONTHS.parse(f"{year}-Feast-{draw(st.integers(1, 5)):02d}")
    month = draw(st.integers(1, 10))
    if form == "month":
        return _MONTHS.parse(f"{year}-{month:02d}")
    return _MONTHS.parse(f"{year}-{month:02d}-{draw(st.integers(1, 36)):02d}")


def _in_a_calendar(draw: st.DrawFn, event: Event) -> Event:
    """The event, its year written in the era when it is dated to a year (same span)."""
    when = event.when
    plain_year = (
        isinstance(when, Instant)
        and when.precision.name == "YEAR"
        and not (when.unspecified_year_digits or when.uncertain or when.approximate)
    )
    if plain_year and draw(st.booleans()):
        assert isinstance(when, Instant)
        return attrs.evolve(event, when=_ERA.parse(str(when.year)))
    return event


_PEOPLE = ("ann", "bob", "cy")
_PLACES = ("town", "house", "room")  # room within house within town
_ROLES = st.sampled_from([Role.PRESENT] * 4 + list(Role))


@st.composite
def bibles(draw: st.DrawFn, *, known_kinds: bool = False) -> Story:
    """A story for every rule family: :func:`stories` with people, places, threads and releases.

    Three people (one of them major), three places nested by ``within``, two
    threads, releases of the works in two regions and of every status, two
    sources and claims that may disagree with each other and with the records.
    ``known_kinds`` keeps every kind to the known ones.
    """
    story = draw(stories(max_events=8, max_works=4, duplicates=True))
    works = story.works
    if known_kinds:
        works = tuple(
            attrs.evolve(work, kind="other") if work.kind == "webisode" else work for work in works
        )
    work_ids = [work.id for work in works]
    events = tuple(
        _in_a_calendar(draw, _peopled(draw, event, with_places=draw(_PERCENT) < 70))
        for event in story.events
    )
    event_ids = [event.id for event in events]
    born = st.none() | _calendar_times() | instants()
    clock = (
        st.lists(
            st.builds(
                dict,
                since=st.sampled_from(event_ids),
                until=st.none() | st.sampled_from(event_ids),
                rate=st.sampled_from([0, 0.5, 2]),
            ),
            max_size=1,
        )
        if event_ids
        else st.just([])
    )
    events = tuple(
        attrs.evolve(event, ages=draw(st.dictionaries(st.sampled_from(_PEOPLE), st.integers(0, 3))))
        if draw(_PERCENT) < 30
        else event
        for event in events
    )
    entities = (
        Entity(
            "ann",
            name="Ann Lowe",
            importance="major",
            born=draw(born),
            died=draw(st.none() | _calendar_times()),
            clock=draw(clock),
        ),
        Entity("bob", name="Bob Lowe", born=draw(born)),
        Entity("cy"),
        Entity("town", kind="place"),
        Entity("house", kind="place", within="town"),
        Entity("room", kind="place", within="house"),
        Entity("ring", kind="object"),
    )
    releases = tuple(
        Release(
            draw(st.sampled_from(work_ids)),
            draw(st.sampled_from(["premiere", "broadcast", "announcement", "print"])),
            date=instant_containing(draw(_SECONDS), draw(_PRECISIONS)),
            region=draw(st.sampled_from([None, "UK", "US"])),
            status=draw(st.sampled_from([ReleaseStatus.RELEASED] * 4 + list(ReleaseStatus))),
        )
        for _ in range(draw(st.integers(0, 4)) if work_ids else 0)
    )
    subjects = [*_PEOPLE, *work_ids]
    claims = tuple(
        Claim(
            draw(st.sampled_from(subjects)),
            draw(st.sampled_from(["name", "number", "date", "kind"])),
            draw(st.sampled_from(["Ann Lowe", "Ann Lowes", 1, 2, "2020-01", "2021"])),
            draw(st.sampled_from(["wiki", "press"])),
            note=draw(st.none() | st.just("the wiki is wrong here")),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return story.evolve(
        works=works,
        events=events,
        entities=entities,
        threads=(Thread("t1"), Thread("t2", status="open")),
        releases=releases,
        sources=(Source("wiki", kind="wiki"), Source("press", kind="news")),
        claims=claims,
        calendars=CALENDARS,
        calendar=draw(st.sampled_from([None, "ce", "dec"])),
        facts=(
            Fact(
                "secret",
                title="Ann is Bob's sister",
                refutes=draw(st.sampled_from([(), ("rumour",)])),
            ),
            Fact("rumour", true=False),
        ),
        relations=draw(_relations(event_ids=[event.id for event in events])),
    )


@st.composite
def _relations(draw: st.DrawFn, *, event_ids: list[str]) -> tuple[Relationship, ...]:
    since = st.none() | st.sampled_from(event_ids) if event_ids else st.none()
    return tuple(
        Relationship(
            draw(st.sampled_from(_PEOPLE)),
            draw(st.sampled_from(_PEOPLE)),
            draw(st.sampled_from(["married", "sibling", "parent-of", "rival"])),
            since=draw(since),
            until=draw(since),
        )
        for _ in range(draw(st.integers(0, 2)))
    )


_FACTS = st.lists(st.sampled_from(["secret", "rumour"]), min_size=1, max_size=2, unique=True)
_KNOWING = st.dictionaries(st.sampled_from(_PEOPLE), _FACTS.map(tuple), max_size=1)


def _peopled(draw: st.DrawFn, event: Event, *, with_places: bool) -> Event:
    participants = draw(st.dictionaries(st.sampled_from(_PEOPLE), _ROLES, max_size=2))
    return attrs.evolve(
        event,
        participants=participants,
        location=draw(st.sampled_from(_PLACES)) if with_places else None,
        threads=draw(st.lists(st.sampled_from(["t1", "t2"]), max_size=1)),
        resolves=draw(st.lists(st.just("t1"), max_size=1)),
        learns=draw(_KNOWING),
        knows=draw(_KNOWING),
        reveals=draw(st.lists(st.just("secret"), max_size=1)),
        holds=draw(st.dictionaries(st.just("ring"), st.sampled_from([*_PEOPLE, "-"]), max_size=1)),
    )


_TOWNS = ("ash", "birch", "cedar", "dale", "elm")


def fastest_times(routes: list[Route], within: dict[str, str]) -> dict[tuple[str, str], int]:
    """The least travel time between every two places, by Floyd and Warshall (a direct model).

    A place and the places within it are zero apart.
    """
    places = sorted({*_TOWNS, *within, *within.values()})
    inf = float("inf")
    best = {(a, b): 0 if a == b else inf for a in places for b in places}
    for inner, outer in within.items():
        best[inner, outer] = best[outer, inner] = 0
    for route in routes:
        seconds = route.time.min_seconds
        best[route.from_, route.to] = min(best[route.from_, route.to], seconds)
        if not route.oneway:
            best[route.to, route.from_] = min(best[route.to, route.from_], seconds)
    for k in places:
        for i in places:
            for j in places:
                best[i, j] = min(best[i, j], best[i, k] + best[k, j])
    return {pair: int(value) for pair, value in best.items() if value != inf}


@st.composite
def journeys(
    draw: st.DrawFn, *, too_fast: bool = False
) -> tuple[Story, tuple[str, str] | None, list[int]]:
    """A traveller's dated visits along a hidden timeline that respects the routes.

    Five towns, random routes between them (some one way), a square within
    one town; each visit starts after the last one ended, and no earlier than
    any earlier visit ended plus the fastest known journey from there (a place
    no known route reaches is no shortcut). Each is dated at any precision
    that contains its hidden start. With ``too_fast``, one visit is moved to
    start just too soon after the one before it, dated to the second; the ids
    of the two visits come back with the story (``None`` when no pair could
    be planted), and so do the hidden starts, in seconds.
    """
    within = {"square": "ash"}
    routes = [
        Route(
            draw(st.sampled_from(_TOWNS)),
            draw(st.sampled_from(_TOWNS)),
            Duration(hours=draw(st.integers(1, 72))),
            oneway=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(1, 7)))
    ]
    best = fastest_times(routes, within)
    places = [*_TOWNS, "square"]
    count = draw(st.integers(2, 7))
    visits = [draw(st.sampled_from(places)) for _ in range(count)]
    stays = [draw(st.integers(0, 5)) * 3_600 for _ in range(count)]
    starts = [BASE + draw(st.integers(0, 86_400))]
    for i in range(1, count):
        earliest = max(starts[j] + stays[j] + best.get((visits[j], visits[i]), 0) for j in range(i))
        starts.append(earliest + draw(st.integers(0, 3)) * 3_600)
    planted: tuple[str, str] | None = None
    precisions = [draw(_PRECISIONS) for _ in range(count)]
    if too_fast:
        candidates = [i for i in range(1, count) if best.get((visits[i - 1], visits[i]), 0) > 2]
        if candidates:
            i = draw(st.sampled_from(candidates))
            # One second short, allowing for the second-precision upper bound.
            starts[i] = starts[i - 1] + stays[i - 1] + best[visits[i - 1], visits[i]] - 2
            precisions[i - 1] = precisions[i] = 5
            planted = (f"visit-{i - 1}", f"visit-{i}")
    events = [
        Event(
            f"visit-{i}",
            when=instant_containing(starts[i], precisions[i]),
            duration=Duration(hours=stays[i] // 3_600),
            location=visits[i],
            participants={"ann": "present"},
        )
        for i in range(count)
    ]
    entities = [Entity("ann"), *(Entity(town, kind="place") for town in _TOWNS)]
    entities.append(Entity("square", kind="place", within="ash"))
    return Story(entities=entities, routes=routes, events=events), planted, starts
