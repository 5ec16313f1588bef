"""Our own layout: lane orders that cross little, computed in Python.

Graphviz's ``dot`` does not finish a storyline of 1,000 events and 30
threads in two minutes; with positions computed here and only drawn by
Graphviz, the same picture takes a fraction of a second. Two problems are
solved here, both with the barycentre heuristic that storyline-visualisation
work builds on (Sugiyama et al. 1981; Tanahashi & Ma 2012; Liu et al.,
"StoryFlow", 2013), followed by local improvement:

* :func:`lane_order` orders fixed lanes (threads) top to bottom. An event on
  several threads is drawn as a connector across their lanes; every other lane
  between its top and bottom lane is a crossing. Lanes are sorted by the
  barycentre of the events they share, then adjacent lanes are swapped while
  that helps, for a few rounds, keeping the best order found (never worse
  than the order given). Crossings are counted in one sweep over the columns
  and swaps are weighed by the events they touch, so a round costs about the
  same per event for a hundred events or a hundred thousand, on 20 lanes or
  2,000 (:func:`lane_order`).
* :func:`narrative_orders` orders entity lines in a movie-narrative chart,
  column by column. The entities of one event must sit together; each column
  keeps the previous order and moves the event's entities as one block to
  the median of their places, which is the placement with the fewest
  crossings. Forward and backward sweeps choose a good starting order.

Both report the crossings of what they return, so layouts can be compared.
"""

from __future__ import annotations

import itertools
import operator
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = [
    "CLIQUE_LIMIT",
    "EXACT_SWAP_WORK",
    "SWAP_WORK",
    "SWEEP_WORK",
    "LaneOrder",
    "NarrativeLayout",
    "connector_crossings",
    "inversions",
    "lane_order",
    "narrative_orders",
    "span_cost",
]


def inversions(values: Sequence[int]) -> int:
    """The number of pairs out of order in ``values`` (a merge sort count).

    >>> inversions([0, 1, 2]), inversions([2, 1, 0]), inversions([1, 0, 3, 2])
    (0, 3, 2)
    """
    items = list(values)
    count = 0
    width = 1
    size = len(items)
    buffer = [0] * size
    while width < size:
        for left in range(0, size, 2 * width):
            middle = min(left + width, size)
            right = min(left + 2 * width, size)
            i, j, k = left, middle, left
            while i < middle and j < right:
                if items[i] <= items[j]:
                    buffer[k] = items[i]
                    i += 1
                else:
                    buffer[k] = items[j]
                    count += middle - i
                    j += 1
                k += 1
            buffer[k : k + middle - i] = items[i:middle]
            k += middle - i
            buffer[k : k + right - j] = items[j:right]
        items, buffer = buffer, items
        width *= 2
    return count


# ---------------------------------------------------------------------------
# Fixed lanes.


def span_cost(position: Sequence[int], groups: Sequence[Sequence[int]]) -> int:
    """How many lanes the groups' connectors pass over, all lanes counted.

    ``position[lane]`` is the lane's place from the top; a group of ``k`` lanes
    spanning places ``lo`` to ``hi`` passes over ``hi - lo + 1 - k`` others.

    >>> span_cost([0, 1, 2, 3], [(0, 3), (1, 2)])
    2
    """
    total = 0
    for group in groups:
        places = [position[lane] for lane in group]
        total += max(places) - min(places) + 1 - len(places)
    return total


#: The swaps of one round look at pairs of neighbouring lanes, a look costing
#: as many units of work as the two lanes have lane sets. A round may spend
#: this much work, or :data:`SWAP_WORK` units per lane-set membership if that
#: is more, and then stops swapping. Real stories spend 2 to 10 units per
#: membership, so the cap is never reached by them, only by a lane in many sets
#: that travels far, which could otherwise make a round quadratic.
EXACT_SWAP_WORK = 250_000
#: See :data:`EXACT_SWAP_WORK`.
SWAP_WORK = 16
#: An event on more lanes than this ties them in a chain for the starting order
#: (:func:`_bandwidth_order`), not each to every other: an event on 10,000
#: threads would otherwise make a hundred million ties. Real events are on a
#: few threads, far below it.
CLIQUE_LIMIT = 32


@attrs.frozen(slots=True)
class LaneOrder:
    """An order of lanes, top first, the crossings it leaves, and those of the declared order."""

    order: tuple[int, ...]
    crossings: int
    declared: int


def lane_order(
    count: int,
    groups: Sequence[Sequence[int]],
    *,
    columns: Sequence[int] | None = None,
    active: Sequence[tuple[int, int] | None] | None = None,
    rounds: int = 12,
    swap_work: int | None = None,
) -> LaneOrder:
    """An order of lanes ``0 .. count-1`` (top first) whose connectors cross few lanes.

    ``groups`` lists each event's lanes; ``columns`` gives each event's column
    and ``active`` each lane's first and last column (as for
    :func:`connector_crossings`, which is what is minimised). Without them
    every lane counts everywhere. The order starts as ``0, 1, 2, ...`` (the
    order the story declares) and is kept unless a better one is found; it
    comes with its crossings and those of the declared order.

    Each round re-ranks the lanes by barycentre and then swaps neighbours while
    that helps, from two starts, for at most ``rounds`` rounds each. ``swap_work``
    caps the work of one round's swaps; by default it is :data:`EXACT_SWAP_WORK`
    or :data:`SWAP_WORK` units per lane-set membership, whichever is more, which
    real stories do not reach, so they get every helpful swap. A round then
    costs ``O(events log lanes + lanes log lanes)`` however the lanes are used.

    >>> lane_order(4, [(0, 3), (0, 3), (1, 2)])
    LaneOrder(order=(1, 2, 0, 3), crossings=0, declared=4)
    """
    problem = _Lanes(count, groups, columns, active)
    declared = list(range(count))
    if not problem.groups or count < 3:  # no lane can come between a connector's ends
        return LaneOrder(tuple(declared), 0, 0)
    if swap_work is None:
        swap_work = max(EXACT_SWAP_WORK, SWAP_WORK * problem.memberships)
    first = best = problem.cost(declared)
    best_position = declared
    for seed in (declared, _bandwidth_order(count, problem.groups, problem.weight)):
        position = seed[:]
        stale = 0
        for _ in range(rounds):
            _barycentre_sort(position, problem.groups, problem.weight, problem.member_of)
            ends = problem.swap_down(position, work=swap_work)
            cost = problem.cost(position, ends)
            if cost < best:
                best, best_position, stale = cost, position[:], 0
            else:
                stale += 1
                if stale >= 2:
                    break
    return LaneOrder(tuple(sorted(range(count), key=best_position.__getitem__)), best, first)


# The steps of the crossing count's sweep, in the order they run at one column.
_START, _QUERY, _END = 0, 1, 2


class _Lanes:
    """Events on several lanes, merged by lane set, with the columns where they happen.

    Crossings are counted in one sweep over the columns (:meth:`cost`): the
    places of the lanes drawn at the current column are kept sorted, and an
    event's connector crosses those strictly between its top and bottom lane,
    found by two bisections. The sweep costs ``O((events + lanes) log lanes)``,
    however far the connectors reach.
    """

    def __init__(
        self,
        count: int,
        groups: Sequence[Sequence[int]],
        columns: Sequence[int] | None,
        active: Sequence[tuple[int, int] | None] | None,
    ) -> None:
        at: dict[tuple[int, ...], list[int]] = {}
        for index, group in enumerate(groups):
            lanes = tuple(sorted(set(group)))
            if len(lanes) > 1:
                at.setdefault(lanes, []).append(index if columns is None else columns[index])
        self.groups = list(at)
        self.columns = [sorted(at[group]) for group in self.groups]
        self.weight = [len(found) for found in self.columns]
        self.member_of: list[list[int]] = [[] for _ in range(count)]
        for index, group in enumerate(self.groups):
            for lane in group:
                self.member_of[lane].append(index)
        self.memberships = sum(len(group) for group in self.groups)
        self._member_sets = [frozenset(memberships) for memberships in self.member_of]
        if active is None:  # every lane is drawn at every column
            spread = [column for found in self.columns for column in found]
            everywhere = (min(spread), max(spread)) if spread else (0, 0)
            self.spans: Sequence[tuple[int, int] | None] = [everywhere] * count
        else:
            self.spans = active
        self._timeline = _timeline(self.columns, self.spans)
        # Lane sets with lanes between their ends: those lanes are their own, never crossed.
        self._wide = [index for index, group in enumerate(self.groups) if len(group) > 2]

    def hits(self, group: int, lane: int) -> int:
        """How many of the group's events happen while ``lane`` is drawn."""
        span = self.spans[lane]
        if span is None:
            return 0
        found = self.columns[group]
        if span[0] <= found[0] and found[-1] <= span[1]:
            return len(found)
        return bisect_right(found, span[1]) - bisect_left(found, span[0])

    def ends(self, position: Sequence[int]) -> tuple[list[int], list[int]]:
        """Each group's top and bottom place when each lane is at ``position[lane]``."""
        low: list[int] = []
        high: list[int] = []
        for group in self.groups:
            places = [position[lane] for lane in group]
            low.append(min(places))
            high.append(max(places))
        return low, high

    def cost(self, position: Sequence[int], ends: tuple[list[int], list[int]] | None = None) -> int:
        """The crossings of the order that puts each lane at ``position[lane]``.

        ``ends`` are the groups' ends in that order, if known (see :meth:`ends`).
        """
        low, high = self.ends(position) if ends is None else ends
        drawn: list[int] = []  # the places of the lanes drawn at this column, sorted
        total = 0
        for step, item in self._timeline:
            if step == _QUERY:
                total += bisect_left(drawn, high[item]) - bisect_right(drawn, low[item])
            elif step == _START:
                insort(drawn, position[item])
            else:
                del drawn[bisect_left(drawn, position[item])]
        # The sweep counted a group's own lanes between its ends too: take them off.
        for index in self._wide:
            top, bottom = low[index], high[index]
            for lane in self.groups[index]:
                if top < position[lane] < bottom:
                    total -= self.hits(index, lane)
        return total

    def swap_down(
        self, position: list[int], passes: int = 8, work: int | None = None
    ) -> tuple[list[int], list[int]]:
        """Swap neighbouring lanes while a swap lowers the crossings; return the groups' ends.

        Swapping the lanes ``a`` and ``b`` at places ``p`` and ``p + 1`` only
        changes events that hold one of them, and only where that one is the
        top or bottom lane: the other lane passes into or out of the span. So
        a pair's gain changes only when a swap beside it brings in another
        lane; after the first pass, a pass looks only at such pairs. ``work``
        bounds the looking, counted in lane sets looked at. The groups' ends
        are returned as :meth:`ends` would find them in the order left.
        """
        at = sorted(range(len(position)), key=position.__getitem__)
        low, high = self.ends(position)
        dirty = bytearray([1]) * max(len(at) - 1, 0)
        spent = 0
        for _ in range(passes):
            improved = False
            place = dirty.find(1)
            while place >= 0:
                dirty[place] = 0
                a, b = at[place], at[place + 1]
                spent += len(self.member_of[a]) + len(self.member_of[b])
                down = self._end_weight(a, place, b, low=low, high=high)
                if down < self._end_weight(b, place + 1, a, low=low, high=high):
                    self._move(a, place, place + 1, b, low=low, high=high)
                    self._move(b, place + 1, place, a, low=low, high=high)
                    position[a], position[b] = place + 1, place
                    at[place], at[place + 1] = b, a
                    if place > 0:
                        dirty[place - 1] = 1
                    if place + 1 < len(dirty):
                        dirty[place + 1] = 1
                    improved = True
                if work is not None and spent > work:
                    return low, high
                place = dirty.find(1, place + 1)
            if not improved:
                break
        return low, high

    def _end_weight(
        self, lane: int, place: int, other: int, *, low: Sequence[int], high: Sequence[int]
    ) -> int:
        """Weigh the groups of ``lane`` (at ``place``) without ``other`` by ``other``'s hits.

        Those where ``lane`` is the bottom count up, the top down: moving
        ``lane`` down past ``other`` changes the crossings by this much, and
        moving it up by minus this much.
        """
        span = self.spans[other]
        if span is None:
            return 0
        first, last = span
        shared = self._member_sets[other]
        total = 0
        for group in self.member_of[lane]:
            if low[group] == place:
                sign = -1
            elif high[group] == place:
                sign = 1
            else:
                continue
            if group in shared:
                continue
            found = self.columns[group]
            if first <= found[0] and found[-1] <= last:
                total += sign * len(found)
            elif first <= found[-1] and found[0] <= last:
                total += sign * (bisect_right(found, last) - bisect_left(found, first))
        return total

    def _move(
        self, lane: int, place: int, to: int, other: int, *, low: list[int], high: list[int]
    ) -> None:
        """Move the ends of the groups of ``lane`` without ``other`` from ``place`` to ``to``."""
        shared = self._member_sets[other]
        for group in self.member_of[lane]:
            if group in shared:
                continue
            if low[group] == place:
                low[group] = to
            elif high[group] == place:
                high[group] = to


def _timeline(
    columns: Sequence[Sequence[int]], spans: Sequence[tuple[int, int] | None]
) -> list[tuple[int, int]]:
    """The steps of the crossing count's sweep, column by column: ``(step, lane or group)``.

    At each column the lanes that start there come in first, then the groups'
    events there are counted, then the lanes that end there go.
    """
    steps: list[tuple[int, int, int]] = []
    for lane, span in enumerate(spans):
        if span is not None:
            steps.append((span[0], _START, lane))
            steps.append((span[1], _END, lane))
    for group, found in enumerate(columns):
        steps.extend((column, _QUERY, group) for column in found)
    steps.sort()
    return [(step, item) for _, step, item in steps]


def _bandwidth_order(
    count: int, groups: Sequence[Sequence[int]], weight: Sequence[int]
) -> list[int]:
    """Positions from a Cuthill-McKee walk of the lanes' co-occurrence graph.

    Each connected part is walked breadth first from a lane at its far end
    (the last lane reached from its first lane), strongest ties first; lanes
    that share events end up near each other, which gives the barycentre
    sweeps a start without folds. A lane set of more than :data:`CLIQUE_LIMIT`
    lanes ties its lanes in a chain rather than each to every other, so the
    graph grows with the lane-set memberships, not with their squares.
    """
    ties: list[Counter[int]] = [Counter() for _ in range(count)]
    for group, times in zip(groups, weight, strict=True):
        if len(group) > CLIQUE_LIMIT:  # a chain: each lane tied to the next in the set
            for a, b in itertools.pairwise(group):
                ties[a][b] += times
                ties[b][a] += times
            continue
        for a in group:
            for b in group:
                if a != b:
                    ties[a][b] += times

    def walk(root: int) -> list[int]:
        seen = {root}
        queue = [root]
        for lane in queue:
            for other, _ in sorted(ties[lane].items(), key=lambda item: (-item[1], item[0])):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        return queue

    order: list[int] = []
    placed: set[int] = set()
    for lane in range(count):
        if lane in placed:
            continue
        part = walk(walk(lane)[-1])
        order += part
        placed.update(part)
    position = [0] * count
    for place, lane in enumerate(order):
        position[lane] = place
    return position


def _barycentre_sort(
    position: list[int],
    groups: Sequence[Sequence[int]],
    weight: Sequence[int],
    member_of: Sequence[Sequence[int]],
) -> None:
    """Re-rank lanes by the weighted mean position of the groups they belong to."""
    centre = [sum(position[lane] for lane in group) / len(group) for group in groups]
    keys = []
    for lane, memberships in enumerate(member_of):
        if memberships:
            total = sum(weight[index] for index in memberships)
            key = sum(centre[index] * weight[index] for index in memberships) / total
        else:
            key = float(position[lane])
        keys.append((key, position[lane], lane))
    keys.sort()
    for rank, (_, _, lane) in enumerate(keys):
        position[lane] = rank


def connector_crossings(
    order: Sequence[int],
    connectors: Sequence[tuple[int, Sequence[int]]],
    active: Sequence[tuple[int, int] | None],
) -> int:
    """How many drawn lanes the connectors cross.

    ``order`` lists lanes top first; each connector is ``(column, lanes)``;
    ``active[lane]`` is the first and last column where the lane is drawn in
    full (``None`` for a lane with no events). A connector crosses a lane
    between its top and bottom lanes when that lane is not its own and is
    active at its column.

    >>> connector_crossings([0, 1, 2], [(5, (0, 2))], [(0, 9), (0, 9), (0, 9)])
    1
    >>> connector_crossings([0, 1, 2], [(5, (0, 2))], [(0, 9), (6, 9), (0, 9)])
    0
    """
    problem = _Lanes(
        len(active),
        [lanes for _, lanes in connectors],
        [column for column, _ in connectors],
        active,
    )
    position = [-1] * len(active)
    for place, lane in enumerate(order):
        position[lane] = place
    # Lanes left out of the order go below it, where no connector reaches.
    below = itertools.count(len(order))
    return problem.cost([place if place >= 0 else next(below) for place in position])


# ---------------------------------------------------------------------------
# Movie-narrative charts.


#: Past this many line places (entities times columns), :func:`narrative_orders`
#: makes one sweep instead of ``sweeps``: a sweep costs about a second per
#: two million places. Real charts are far smaller (a 10,000-event story
#: with 144 entities has 1.4 million).
SWEEP_WORK = 2_000_000


@attrs.frozen(slots=True)
class NarrativeLayout:
    """The order of the entities at each column, top first, and its crossings."""

    orders: tuple[tuple[int, ...], ...]
    crossings: int


def narrative_orders(
    count: int,
    groups: Sequence[Sequence[int]],
    drawn: Sequence[Sequence[bool]],
    *,
    sweeps: int = 3,
) -> NarrativeLayout:
    """Orders of entities ``0 .. count-1`` for each column of a narrative chart.

    ``groups[t]`` are the entities on scene at column ``t`` (they are kept
    together); ``drawn[t][e]`` says whether entity ``e``'s line is drawn at
    column ``t``. Crossings count pairs of lines drawn at two neighbouring
    columns that swap places between them.

    >>> layout = narrative_orders(3, [(0, 2), (1, 2)], [[True] * 3, [True] * 3])
    >>> layout.orders, layout.crossings
    (((0, 2, 1), (0, 2, 1)), 0)
    """
    if not groups:
        return NarrativeLayout((), 0)
    first: dict[int, int] = {}
    for column, group in enumerate(groups):
        for entity in group:
            first.setdefault(entity, column)
    start = sorted(range(count), key=lambda e: (first.get(e, len(groups)), e))
    best: NarrativeLayout | None = None
    backward_groups = groups[::-1]
    backward_drawn = drawn[::-1]
    # A chart of more line places than SWEEP_WORK gets one sweep, not ``sweeps``:
    # each sweep visits every line at every column.
    rounds = max(sweeps, 1) if count * len(groups) <= SWEEP_WORK else 1
    for round_ in range(rounds):
        orders, crossings = _sweep(start, groups, drawn)
        if best is None or crossings < best.crossings:
            best = NarrativeLayout(tuple(orders), crossings)
        if round_ == rounds - 1:  # the way back only gives the next round its start
            break
        back, _ = _sweep(list(orders[-1]), backward_groups, backward_drawn)
        start = list(back[-1])
    assert best is not None
    return best


def _sweep(
    start: list[int], groups: Sequence[Sequence[int]], drawn: Sequence[Sequence[bool]]
) -> tuple[list[tuple[int, ...]], int]:
    """One pass over the columns: each column's order from the previous one."""
    order = start
    previous: Sequence[bool] = [False] * len(start)
    orders: list[tuple[int, ...]] = []
    total = 0
    for group, now in zip(groups, drawn, strict=True):
        order, crossings = _place_block(order, group, previous, now)
        total += crossings
        orders.append(tuple(order))
        previous = now
    return orders, total


def _place_block(
    order: list[int], group: Sequence[int], before: Sequence[bool], now: Sequence[bool]
) -> tuple[list[int], int]:
    """Move ``group`` together, to the median place of its lines; return order and crossings.

    Places are counted in lines drawn in both columns, the only ones that can
    cross; members that were not drawn before move for free. The order is
    read with list operations that run in C (a column costs a few passes over
    the order, not a Python step per line), since a chart has as many columns
    as events and as many lines in each as entities.
    """
    members = set(group)
    if not members:
        return order, 0
    if len(members) <= _FEW_MEMBERS and len(order) > _FEW_MEMBERS:
        found = sorted(_places(order, members))
    else:
        found = [place for place, entity in enumerate(order) if entity in members]
    block = [order[place] for place in found]
    if len(block) < len(members):  # entities the order did not hold yet
        held = set(block)
        block += [entity for entity in group if entity not in held]
    # flags[i]: whether order[i] is drawn in both columns (members left out);
    # counted(i), the flags before place i, is what places are measured in.
    flags = bytearray(
        map(operator.and_, map(before.__getitem__, order), map(now.__getitem__, order))
    )
    for place in found:
        flags[place] = 0
    # few members: count in C, no Python int per line; many: one running sum
    prefix = list(itertools.accumulate(flags, initial=0)) if len(found) > _FEW_MEMBERS else None

    def counted(place: int) -> int:
        return flags.count(1, 0, place) if prefix is None else prefix[place]

    rest: list[int] = []
    previous = 0
    for place in (*found, len(order)):
        rest += order[previous:place]
        previous = place + 1
    marks = [counted(place) for place in found if before[order[place]]]
    if marks:
        target = sorted(marks)[(len(marks) - 1) // 2]
        crossings = sum(abs(mark - target) for mark in marks)
        # the first slot of rest at which `target` counted lines precede it:
        # the first place of the order with as many before it, past the members there
        low, high = 0, len(order)
        while low < high:
            middle = (low + high) // 2
            if counted(middle) < target:
                low = middle + 1
            else:
                high = middle
        members_before = bisect_left(found, low)
        while members_before < len(found) and found[members_before] == low:
            low += 1
            members_before += 1
        index = low - members_before
    else:
        crossings = 0
        raw = [place - number for number, place in enumerate(found)]  # places in rest
        index = raw[(len(raw) - 1) // 2] if raw else len(rest)
    return rest[:index] + block + rest[index:], crossings


#: Up to this many entities on scene, :func:`_place_block` finds each with
#: ``list.index``; more, in one pass over the order.
_FEW_MEMBERS = 8


def _places(order: list[int], members: Iterable[int]) -> Iterator[int]:
    """The places of those of ``members`` that ``order`` holds."""
    for entity in members:
        try:
            yield order.index(entity)
        except ValueError:
            continue
