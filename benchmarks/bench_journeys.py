"""Time PL306 and the solver's travel gaps on synthetic journeys of growing size.

Run ``python benchmarks/bench_journeys.py [SIZE ...]`` (default 1000 10000 100000).

Each story has 100 places on a ring (each an hour or two from the next, and
a fast line across every tenth), 50 people, one work per 20 events and
events of one or two people at a place, along one hidden timeline that
leaves room for every journey. Half the events are dated, to the hour;
the rest are undated, so the implied order carries travel gaps. The table
gives the time of ``check(select=["PL306"])`` (which finds nothing), of
``solve`` with the routes and of ``solve`` of the same story without them.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from plotline._check import check
from plotline._model import Entity, Event, Story, Work
from plotline._order import solve
from plotline._order._travel import Travel
from plotline._route import Route
from plotline._time import Duration, Instant

T = TypeVar("T")
PLACES = 100
PEOPLE = 50
BASE = Instant(2000, 1, 1).lower


def make_story(size: int, seed: int = 0) -> Story:
    """A story of ``size`` events whose journeys all fit (see the module docstring)."""
    rng = random.Random(seed)
    places = [f"p{j}" for j in range(PLACES)]
    routes = [
        Route(places[j], places[(j + 1) % PLACES], Duration(hours=rng.randint(1, 2)))
        for j in range(PLACES)
    ]
    routes += [
        Route(places[j], places[(j + 50) % PLACES], Duration(hours=3)) for j in range(0, 50, 10)
    ]
    entities = [Entity(f"c{k}") for k in range(PEOPLE)]
    entities += [Entity(place, kind="place") for place in places]
    travel = Travel(entities, routes)
    works = [Work(f"w{j}", number=j + 1) for j in range(max(1, size // 20))]
    where = {f"c{k}": rng.choice(places) for k in range(PEOPLE)}
    free = dict.fromkeys(where, BASE)  # when each person is free to set off
    clock = BASE
    events = []
    for i in range(size):
        people = rng.sample(sorted(where), rng.choice((1, 2)))
        place = rng.choice(places)
        start = clock
        for person in people:
            journey = travel.seconds(where[person], place) or 0
            start = max(start, free[person] + journey)
        start = start - start % 3600 + 3600  # on the next hour
        clock = start
        for person in people:
            where[person], free[person] = place, start + 3600
        dated = rng.random() < 0.5
        events.append(
            Event(
                f"e{i}",
                told_in=works[min(i // 20, len(works) - 1)].id,
                when=Instant.parse(_hour(start)) if dated else None,
                duration=Duration(hours=1),
                location=place,
                participants=dict.fromkeys(people, "present"),
            )
        )
    return Story(works=works, entities=entities, events=events, routes=routes)


def _hour(second: int) -> str:
    moment = dt.datetime(1, 1, 1) + dt.timedelta(seconds=second)
    return moment.strftime("%Y-%m-%dT%H:00")


def timed(function: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [1000, 10000, 100000]
    print(
        f"{'events':>9} {'routes':>7} {'PL306 (s)':>10} {'found':>6} "
        f"{'solve (s)':>10} {'no routes (s)':>14}"
    )
    for size in sizes:
        story = make_story(size)
        rule, report = timed(check, story, select=["PL306"])
        with_routes, _ = timed(solve, story)
        without, _ = timed(solve, story.evolve(routes=()))
        found = len(report.findings)
        print(
            f"{size:>9,} {len(story.routes):>7} {rule:>10.3f} {found:>6} "
            f"{with_routes:>10.3f} {without:>14.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
