"""Generate realistic synthetic stories, valid by construction, for tests and benchmarks.

:func:`synthetic_story` builds a series > seasons > episodes tree sized from the
number of events, tells the events in those episodes, and derives every dated
fact and constraint from one hidden timeline, so ``plotline.check`` finds no
errors. ``plant`` then adds a known number of findings of chosen kinds, each on
records of its own, so a test can assert exactly what the checker reports.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from collections.abc import Mapping
from typing import Any

from plotline._model import (
    Claim,
    Constraint,
    Entity,
    Event,
    Release,
    Source,
    Story,
    Thread,
    Work,
)
from plotline._time import Duration, Instant

__all__ = ["PLANTABLE", "synthetic_story"]

#: The finding codes :func:`synthetic_story` can plant.
PLANTABLE = frozenset({"PL201", "PL301", "PL304", "PL401", "PL404", "PL501", "PL601"})

_EPOCH = dt.date(2000, 1, 1)
_MINUTES_PER_EVENT = 480  # three present-mode events a day in the hidden timeline
_DAY = 1440
_SYLLABLES = (
    "ka", "ri", "mo", "ta", "ne", "lu", "sa", "vo", "mi", "do", "ra", "zen", "bel", "tor",
    "qui", "shan", "dar", "fen", "gla", "hol", "jor", "kel", "lin", "mar", "nor", "pel",
)  # fmt: skip
_VERBS = (
    "meets", "argues", "escapes", "confesses", "searches", "waits", "fights", "returns home",
    "finds a clue", "lies", "hides", "travels", "wins", "loses", "remembers", "plans",
)  # fmt: skip


def synthetic_story(
    events: int = 1000,
    threads: int = 30,
    entities: int = 200,
    *,
    seed: int = 0,
    seasons: int | None = None,
    constraints: float = 0.3,
    releases: bool = True,
    claims: bool = True,
    plant: Mapping[str, int] | None = None,
) -> Story:
    """Generate a serial story of ``events`` events on ``threads`` threads among ``entities``.

    The story is a series of ``seasons`` seasons (by default about the square
    root of half the episode count) of episodes of about 25 events each. Each
    event is told in an episode at an explicit ``order``; participants are
    drawn with a skewed popularity, so a few entities are ``main`` and most
    are minor; some minor characters die and are not seen again in the
    present. Threads are opened, carried and resolved over a stretch of the
    telling. About one event in twelve is a flashback to months or years
    before its telling, and one in eight is dated to the day. ``constraints``
    is the number of :class:`~plotline.Constraint` records per event (some
    with a minimum or maximum gap); all follow one hidden timeline. With
    ``releases`` each season gets a broadcast run and a streaming date; with
    ``claims`` a few entities and seasons get claims from sources that agree.

    The story has no findings of severity error. ``plant`` maps finding codes
    to counts, and adds exactly that many findings of each code (see
    :data:`PLANTABLE`); no planted record causes another error. The result
    depends only on the arguments: the same ``seed`` gives the same story.

    >>> story = synthetic_story(200, threads=5, entities=20, plant={"PL301": 1})
    >>> len(story.events) >= 200, len(story.threads)
    (True, 5)
    """
    if events < 1 or threads < 0 or entities < 1:
        msg = "events and entities must be at least 1, threads at least 0"
        raise ValueError(msg)
    plants = dict(plant or {})
    unknown = sorted(set(plants) - PLANTABLE)
    if unknown:
        msg = f"cannot plant {', '.join(unknown)}; plantable: {', '.join(sorted(PLANTABLE))}"
        raise ValueError(msg)
    if any(count < 0 for count in plants.values()):
        msg = "plant counts must not be negative"
        raise ValueError(msg)
    return _Builder(events, threads, entities, seed, seasons, constraints).build(
        releases=releases, claims=claims, plants=plants
    )


def _day(minutes: int) -> Instant:
    date = _EPOCH + dt.timedelta(days=minutes // _DAY)
    return Instant(date.year, date.month, date.day)


class _Builder:
    """The state of one generation: the hidden timeline and the records made so far."""

    def __init__(  # noqa: PLR0917 -- synthetic_story's arguments, in its order
        self,
        events: int,
        threads: int,
        entities: int,
        seed: int,
        seasons: int | None,
        constraints: float,
    ) -> None:
        self.rng = random.Random(seed)
        self.size = events
        self.thread_count = threads
        self.entity_count = entities
        self.constraint_rate = max(0.0, constraints)
        self.episodes = max(2, round(events / 25))
        default = max(1, round(math.sqrt(self.episodes / 2)))
        self.seasons = max(1, min(seasons or default, self.episodes))
        # Filled by the steps of build().
        self.works: list[Work] = []
        self.leaves: list[str] = []
        self.ents: list[Entity] = []
        self.thread_records: list[Thread] = []
        self.events: list[dict[str, Any]] = []
        self.minutes: list[int] = []  # hidden story time of each event, in minutes
        self.present: list[bool] = []
        self.dated: list[bool] = []
        self.constraints: list[Constraint] = []
        self.releases: list[Release] = []
        self.sources: list[Source] = []
        self.claims: list[Claim] = []

    # -- the steps ----------------------------------------------------------------

    def build(self, *, releases: bool, claims: bool, plants: Mapping[str, int]) -> Story:
        """Make every record, plant what was asked, and assemble the story."""
        self._works()
        self._entities()
        self._threads()
        self._events()
        self._constraints()
        if releases:
            self._releases()
        if claims:
            self._claims()
        self._plant(plants)
        return Story(
            title="Synthetic serial",
            summary=f"{self.size} generated events (plotline.testing.synthetic_story).",
            works=self.works,
            releases=self.releases,
            entities=self.ents,
            threads=self.thread_records,
            events=[Event(**fields) for fields in self.events],
            constraints=self.constraints,
            sources=self.sources,
            claims=self.claims,
        )

    def _works(self) -> None:
        self.works.append(Work("show", title="Synthetic serial", kind="series"))
        per_season, extra = divmod(self.episodes, self.seasons)
        for season in range(1, self.seasons + 1):
            count = per_season + (1 if season <= extra else 0)
            sid = f"s{season}"
            self.works.append(
                Work(
                    sid,
                    title=f"Season {season}",
                    kind="season",
                    parent="show",
                    number=season,
                    episode_count=count,
                )
            )
            for episode in range(1, count + 1):
                eid = f"{sid}e{episode}"
                self.works.append(
                    Work(
                        eid,
                        title=f"Episode {episode}",
                        kind="episode",
                        parent=sid,
                        number=episode,
                        runtime=Duration(minutes=24),
                    )
                )
                self.leaves.append(eid)

    def _name(self, index: int) -> str:
        """A pronounceable two-word name, far (in edits) from every other index's name.

        The index's base-26 digits pick the syllables of the first name and
        sums of them the syllables of the last name, so two indices differ in
        at least three syllables (PL602 sees no near-duplicates).
        """
        digits = [(index // 26**power) % 26 for power in range(4)]
        first = [digits[0], digits[1], digits[2]]
        last = [digits[0] + digits[1], digits[1] + digits[2] + digits[3], sum(digits)]
        if digits[3]:
            first.append(digits[3])
        given = "".join(_SYLLABLES[(d * 7 + 5 * i) % 26] for i, d in enumerate(first))
        family = "".join(_SYLLABLES[(d * 11 + 3 * i + 9) % 26] for i, d in enumerate(last))
        return f"{given.title()} {family.title()}"

    def _entities(self) -> None:
        main = max(1, self.entity_count // 30)
        major = max(1, self.entity_count // 10)
        for index in range(self.entity_count):
            importance = "main" if index < main else "major" if index < main + major else None
            if index >= main + major and self.rng.random() < 0.5:
                importance = "minor"
            self.ents.append(Entity(f"c{index}", name=self._name(index), importance=importance))
        # Zipf-like popularity: entity 0 is the lead.
        weights = [1 / (rank + 1) ** 1.1 for rank in range(self.entity_count)]
        self.cumulative = list(itertools.accumulate(weights))

    def _threads(self) -> None:
        size = self.size
        self.windows: list[tuple[int, int]] = []
        # Short enough windows that every active thread comes up every few episodes
        # (PL403): about 40 threads are active at a time, or all of them.
        mean = min(0.2, 40 / max(1, self.thread_count))
        for index in range(self.thread_count):
            length = max(2, int(size * self.rng.uniform(0.5 * mean, 1.5 * mean)))
            length = min(length, size)
            start = self.rng.randrange(0, size - length + 1)
            self.windows.append((start, start + length - 1))
            title = f"The {self._name(index * 13 + 5).split()[1]} affair"
            # A one-event story cannot open and resolve a thread: it stays open.
            status = "open" if size < 2 else None
            self.thread_records.append(Thread(f"t{index}", title=title, status=status))

    def _events(self) -> None:
        rng = self.rng
        size = self.size
        starts: dict[int, list[int]] = {}
        ends: dict[int, list[int]] = {}
        for thread, (start, end) in enumerate(self.windows):
            starts.setdefault(start, []).append(thread)
            ends.setdefault(end, []).append(thread)
        due: list[tuple[int, int]] = []  # heap of (last touched, thread)
        seen: dict[int, int] = {}  # entity -> present appearances so far
        dead: set[int] = set()
        introduced: dict[int, int] = {}  # entity -> the event that introduces it
        now = 0  # hidden minutes of the latest present-mode event
        leaf_of = [index * len(self.leaves) // size for index in range(size)]
        order = 0
        entity_total = self.entity_count
        protected = max(1, entity_total // 30) + max(1, entity_total // 10)
        for index in range(size):
            order = 1 if index == 0 or leaf_of[index] != leaf_of[index - 1] else order + 1
            flashback = index > 0 and rng.random() < 0.08
            if flashback:
                minutes = now - _DAY * rng.randint(30, 3000) - rng.randrange(_DAY)
            else:
                now += _MINUTES_PER_EVENT
                minutes = now
            # Threads: open the new ones, resolve the ending ones, carry the overdue ones.
            opens = [f"t{t}" for t in starts.get(index, ())]
            resolves = [f"t{t}" for t in ends.get(index, ()) if self.windows[t][0] != index]
            touched = set(starts.get(index, ())) | set(ends.get(index, ()))
            carried: list[str] = []
            for _ in range(rng.choice((1, 1, 2))):
                while due and self.windows[due[0][1]][1] <= index:
                    heapq.heappop(due)  # ended (or ends here): never touched again
                if not due:
                    break
                _last, thread = heapq.heappop(due)
                if thread not in touched:
                    touched.add(thread)
                    carried.append(f"t{thread}")
                heapq.heappush(due, (index, thread))
            for thread in starts.get(index, ()):
                if self.windows[thread][1] > index:
                    heapq.heappush(due, (index, thread))
            # Participants: a skewed draw; the dead stay out of the present.
            cast: dict[str, str] = {}
            count = rng.choice((1, 2, 2, 3, 3, 4))
            picks = rng.choices(range(entity_total), cum_weights=self.cumulative, k=count)
            for who in picks:
                if who in dead and not flashback:
                    continue
                role = "present"
                if not flashback:
                    if who not in introduced:
                        introduced[who] = index
                        role = "introduced"
                    seen[who] = seen.get(who, 0) + 1
                    if who >= protected and seen[who] > 5 and rng.random() < 0.02:
                        role = "dies"
                        dead.add(who)
                elif who not in introduced:
                    continue  # a flashback shows people the audience has met
                cast.setdefault(f"c{who}", role)
            if not cast and not flashback:
                who = 0 if 0 not in dead else rng.randrange(protected)
                cast[f"c{who}"] = "present"
            fields: dict[str, Any] = {
                "id": f"ev{index}",
                "title": self._title(cast, index),
                "told_in": self.leaves[leaf_of[index]],
                "order": order,
                "participants": cast,
            }
            dated = rng.random() < (0.5 if flashback else 0.12)
            if dated:
                fields["when"] = _day(minutes)
            else:
                fields["location"] = f"c{rng.randrange(entity_total)}"
            if flashback:
                fields["mode"] = "flashback"
            threads = [thread for thread in carried if thread not in opens]
            if threads:
                fields["threads"] = threads
            if opens:
                fields["opens"] = opens
            if resolves:
                fields["resolves"] = resolves
            self.events.append(fields)
            self.minutes.append(minutes)
            self.present.append(not flashback)
            self.dated.append(dated)
        self._finale(dead, introduced)

    def _finale(self, dead: set[int], introduced: Mapping[int, int]) -> None:
        """Bring every main and major entity still alive into the last episode.

        An entity joins an event told after its introduction, or is introduced there.
        """
        last = self.events[-1]["told_in"]
        final = [
            index
            for index in range(len(self.events) - 1, -1, -1)
            if self.events[index]["told_in"] == last
        ]
        final = [index for index in final if "mode" not in self.events[index]]
        if not final:
            return
        protected = max(1, self.entity_count // 30) + max(1, self.entity_count // 10)
        for who in range(min(protected, self.entity_count)):
            if who in dead:
                continue
            since = introduced.get(who)
            later = [index for index in final if since is None or index >= since]
            role = "present" if since is not None else "introduced"
            if later:
                fields = self.events[later[who % len(later)]]
                fields["participants"].setdefault(f"c{who}", role)

    def _title(self, cast: Mapping[str, str], index: int) -> str:
        lead = next(iter(cast), None)
        verb = _VERBS[index % len(_VERBS)]
        if lead is None:
            return f"Memory {index}"
        return f"{self.ents[int(lead[1:])].label} {verb}"

    def _constraints(self) -> None:
        rng = self.rng
        size = self.size
        wanted = int(size * self.constraint_rate)
        if size < 2:
            return
        made = 0
        tries = 0
        while made < wanted and tries < wanted * 4:
            tries += 1
            i = rng.randrange(size)
            j = min(size - 1, i + rng.randint(1, 50))
            if i == j or self.minutes[i] == self.minutes[j]:
                continue
            if self.minutes[i] > self.minutes[j]:
                i, j = j, i
            days = self.minutes[j] // _DAY - self.minutes[i] // _DAY
            low = high = None
            if days >= 3 and rng.random() < 0.2:
                low = Duration(days=rng.randint(1, days - 2))
            elif rng.random() < 0.03:
                high = Duration(days=days + 2)
            made += 1
            self.constraints.append(
                Constraint(f"ev{i}", f"ev{j}", min_gap=low, max_gap=high, id=f"k{made}")
            )

    def _releases(self) -> None:
        for season in range(1, self.seasons + 1):
            year = 2009 + season
            self.releases.append(
                Release(
                    f"s{season}",
                    "broadcast",
                    start=Instant(year, 4, 2),
                    end=Instant(year, 6, 25),
                    region="JP",
                    platform="Tokyo MX",
                )
            )
            self.releases.append(
                Release(
                    f"s{season}",
                    "streaming",
                    date=Instant(year, 9, 1),
                    region="WW",
                    platform="Netflix",
                )
            )

    def _claims(self) -> None:
        self.sources = [
            Source("wiki", title="Synthetic wiki", kind="wiki"),
            Source("guide", title="Episode guide", kind="book"),
        ]
        for entity in self.ents[: max(1, self.entity_count // 50)]:
            for source in ("wiki", "guide"):
                self.claims.append(Claim(entity.id, "name", entity.label, source))
        for season in range(1, self.seasons + 1):
            premiere = f"{2009 + season}-04"  # month precision agrees with the day
            self.claims.append(Claim(f"s{season}", "premiere", premiere, "wiki"))
            self.claims.append(Claim(f"s{season}", "premiere", f"{premiere}-02", "guide"))

    # -- planting -------------------------------------------------------------------

    def _present_pairs(self, count: int) -> list[tuple[int, int]]:
        """``count`` pairs of present-mode events, the first told before the second."""
        present = [i for i, flag in enumerate(self.present) if flag]
        pairs = []
        for _ in range(count):
            a, b = sorted(self.rng.sample(present, 2)) if len(present) >= 2 else (0, 0)
            pairs.append((a, b))
        return pairs

    def _extra_entity(self, tag: str) -> str:
        entity = Entity(f"{tag}-{len(self.ents)}", name=f"Planted {tag} {len(self.ents)}")
        self.ents.append(entity)
        return entity.id

    def _plant(self, plants: Mapping[str, int]) -> None:
        for code in sorted(plants):
            count = plants[code]
            if count:
                getattr(self, f"_plant_{code.lower()}")(count)

    def _plant_pl301(self, count: int) -> None:
        """An entity of its own dies, then is on scene later in the present."""
        self._need_two_present()
        for a, b in self._present_pairs(count):
            who = self._extra_entity("ghost")
            self.events[a]["participants"][who] = "dies"
            self.events[b]["participants"][who] = "present"

    def _plant_pl304(self, count: int) -> None:
        """An entity of its own dies twice in the present, with no return between."""
        self._need_two_present()
        for a, b in self._present_pairs(count):
            who = self._extra_entity("twice")
            self.events[a]["participants"][who] = "dies"
            self.events[b]["participants"][who] = "dies"

    def _need_two_present(self) -> None:
        while sum(self.present) < 2:
            index = len(self.events)
            self.events.append(
                {
                    "id": f"ev{index}",
                    "title": f"Scene {index}",
                    "told_in": self.leaves[-1],
                    "order": self.events[-1]["order"] + 1,
                    "participants": {},
                }
            )
            self.minutes.append(max(self.minutes) + _MINUTES_PER_EVENT)
            self.present.append(True)
            self.dated.append(False)

    def _plant_pl201(self, count: int) -> None:
        """Two flashbacks of their own, each constrained to come before the other."""
        for n in range(count):
            first, second = (self._flashback(f"loop{n}{side}") for side in "ab")
            self.constraints.append(Constraint(first, second, id=f"loop{n}-1"))
            self.constraints.append(Constraint(second, first, id=f"loop{n}-2"))

    def _flashback(self, name: str) -> str:
        index = len(self.events)
        last = self.events[-1]
        self.events.append(
            {
                "id": name,
                "title": f"Memory {name}",
                "told_in": last["told_in"],
                "order": last["order"] + 1,
                "mode": "flashback",
                "participants": {},
            }
        )
        self.minutes.append(self.minutes[-1] - 100 * _DAY)
        self.present.append(False)
        self.dated.append(False)
        return str(self.events[index]["id"])

    def _plant_pl401(self, count: int) -> None:
        """A thread of its own, opened in an event and never resolved."""
        for n in range(count):
            thread = Thread(f"loose{n}", title=f"Loose end {n}")
            self.thread_records.append(thread)
            fields = self.events[self.rng.randrange(len(self.events))]
            fields["opens"] = [*fields.get("opens", ()), thread.id]

    def _plant_pl404(self, count: int) -> None:
        """A thread of its own that no event touches."""
        for n in range(count):
            self.thread_records.append(Thread(f"empty{n}", title=f"Forgotten plot {n}"))

    def _plant_pl501(self, count: int) -> None:
        """A release lane of its own where episode 2 comes out before episode 1."""
        # Two siblings: the first two episodes of a season, or else the first two seasons.
        if self.leaves[1].startswith("s1e"):
            first, second = self.leaves[0], self.leaves[1]
        else:
            first, second = "s1", "s2"
        for n in range(count):
            region = f"X{n}"
            self.releases.append(
                Release(first, "digital", date=Instant(2030, 1, 10), region=region)
            )
            self.releases.append(
                Release(second, "digital", date=Instant(2030, 1, 3), region=region)
            )

    def _plant_pl601(self, count: int) -> None:
        """Two sources that disagree on one field of a record."""
        if not self.sources:
            self.sources = [Source("wiki", kind="wiki"), Source("guide", kind="book")]
        for n in range(count):
            work = self.leaves[n % len(self.leaves)]
            field = f"airdate{n}"
            self.claims.append(Claim(work, field, "2011-05-01", "wiki"))
            self.claims.append(Claim(work, field, "2011-06-01", "guide"))
