"""Journeys: the fastest way between two places, over a story's routes.

A :class:`Travel` graph has a node per place and an edge per route, both ways
unless the route is ``oneway``, weighted by the route's shortest travel time
(``P1M`` is 28 days). A place and the places ``within`` it are zero apart, so
a route to a place serves every place inside it, and the places inside those.
:meth:`Travel.fastest` runs Dijkstra from one place, once, and keeps the
answer for every other place. Two places no chain of routes links are not
"far apart": their distance is unknown, and :meth:`Travel.fastest` says
``None``.

>>> from plotline._records import Entity
>>> from plotline._route import Route
>>> travel = Travel(
...     [Entity("great-hall", kind="place", within="hogwarts")],
...     [Route("hogwarts", "hogsmeade", "PT1H"), Route("hogsmeade", "london", "PT8H", by="train")],
... )
>>> journey = travel.fastest("great-hall", "london")
>>> journey.seconds // 3600, journey.describe()
(9, 'great-hall → hogwarts → hogsmeade → london (by train), 9 hours')
>>> travel.fastest("london", "paris") is None
True
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import attrs

from plotline._records import Role

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from plotline._records import Entity, Event
    from plotline._route import Route

__all__ = ["Journey", "Travel", "duration_text", "travel_gaps"]


_UNITS = (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1))


def duration_text(seconds: int) -> str:
    """A length of time in words, two units at most: ``3 days 4 hours``.

    >>> duration_text(0), duration_text(90), duration_text(2 * 86_400 + 3_600 * 5 + 7)
    ('no time', '1 minute 30 seconds', '2 days 5 hours')
    """
    parts: list[str] = []
    rest = seconds
    for unit, size in _UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
        if len(parts) == 2:
            break
        if parts and not count:
            break
    return " ".join(parts) or "no time"


@attrs.frozen(slots=True)
class Journey:
    """The fastest way from one place to another: the places passed and the routes taken."""

    places: tuple[str, ...]
    """Every place passed, from the start to the end (a place ``within`` another counts)."""
    routes: tuple[Route, ...]
    """The routes taken, in order (steps into or out of a place take none)."""
    seconds: int
    """How long it takes at the least, in seconds."""

    def describe(self) -> str:
        """``a → b → c (by ship), 3 days``."""
        by = list(dict.fromkeys(route.by for route in self.routes if route.by))
        how = f" (by {', '.join(by)})" if by else ""
        return f"{' → '.join(self.places)}{how}, {duration_text(self.seconds)}"


class Travel:
    """The travel graph of a story's places: routes, and places within places."""

    def __init__(self, entities: Iterable[Entity], routes: Iterable[Route]) -> None:
        # place -> [(seconds, next place, the route or None for a step within)]
        edges: dict[str, list[tuple[int, str, Route | None]]] = {}
        self.routes = tuple(routes)
        for route in self.routes:
            seconds = route.time.min_seconds
            edges.setdefault(route.from_, []).append((seconds, route.to, route))
            if not route.oneway:
                edges.setdefault(route.to, []).append((seconds, route.from_, route))
        if self.routes:
            for entity in entities:
                if entity.within is not None and entity.within != entity.id:
                    edges.setdefault(entity.id, []).append((0, entity.within, None))
                    edges.setdefault(entity.within, []).append((0, entity.id, None))
        self._edges = edges
        self._from: dict[str, dict[str, tuple[int, str | None, Route | None]]] = {}

    def __bool__(self) -> bool:
        """Whether the story has any route at all."""
        return bool(self.routes)

    def farthest(self, start: str) -> int:
        """The longest of the fastest journeys from ``start`` (0 when no route leads away)."""
        return max(seconds for seconds, _, _ in self._tree(start).values())

    def seconds(self, start: str, end: str) -> int | None:
        """The least time from ``start`` to ``end`` in seconds, or ``None`` when no route leads."""
        found = self._tree(start).get(end)
        return None if found is None else found[0]

    def fastest(self, start: str, end: str) -> Journey | None:
        """The fastest journey from ``start`` to ``end``, or ``None`` when no route leads there."""
        tree = self._tree(start)
        if end not in tree:
            return None
        places = [end]
        taken: list[Route] = []
        at = end
        while True:
            _, previous, route = tree[at]
            if previous is None:
                break
            if route is not None:
                taken.append(route)
            places.append(previous)
            at = previous
        return Journey(tuple(reversed(places)), tuple(reversed(taken)), tree[end][0])

    def _tree(self, start: str) -> dict[str, tuple[int, str | None, Route | None]]:
        """Dijkstra from ``start``: place -> (seconds, the place before it, the route taken)."""
        tree = self._from.get(start)
        if tree is not None:
            return tree
        tree = {start: (0, None, None)}
        done: set[str] = set()
        queue: list[tuple[int, str]] = [(0, start)]
        edges = self._edges
        while queue:
            seconds, place = heapq.heappop(queue)
            if place in done:
                continue
            done.add(place)
            for step, neighbour, route in edges.get(place, ()):
                total = seconds + step
                known = tree.get(neighbour)
                if known is None or total < known[0]:
                    tree[neighbour] = (total, place, route)
                    heapq.heappush(queue, (total, neighbour))
        self._from[start] = tree
        return tree


def _travels(role: Role) -> bool:
    """Whether the role puts someone bound by roads in the scene (a ghost goes where it likes)."""
    return role.on_scene and role is not Role.GHOST


def travel_gaps(
    events: Sequence[Event],
    order: Iterable[int],
    soft_prev: Sequence[int],
    chain: Sequence[int],
    travel: Travel,
) -> dict[int, list[tuple[int, int]]]:
    """Least gaps from journeys, along the implied order: ``later -> [(earlier, seconds)]``.

    For the solver. ``order`` is the telling (event indexes), ``soft_prev``
    each event's implied predecessor (``-1``: none) and ``chain`` its chain.
    Along a run of implied order, an event starts at least the fastest
    journey after the last event of the run that had one of its people (a
    ghost excepted) somewhere else. A run starts again at each event with no
    implied predecessor. No known way needs no gap.
    """
    gaps: dict[int, list[tuple[int, int]]] = {}
    last: dict[int, dict[str, int]] = {}  # chain -> person -> their last located event
    for later in order:
        place = events[later].location
        run = last.setdefault(chain[later], {})
        if soft_prev[later] == -1:
            run.clear()
        people = [entity for entity, role in events[later].participants.items() if _travels(role)]
        if place is None or not people:
            continue
        for entity in people:
            earlier = run.get(entity)
            if earlier is not None:
                here = events[earlier].location
                seconds = None if here is None else travel.seconds(here, place)
                if seconds:
                    gaps.setdefault(later, []).append((earlier, seconds))
            run[entity] = later
    return gaps
