"""Time plotline's order solver on synthetic stories of growing size.

Run ``python benchmarks/bench_order.py [SIZE ...]`` (default 1000 10000 100000).

Each story has one work per 20 events and 3 constraints per 10 events,
mostly between events told near each other. Every fact comes from one hidden
timeline, so the story is solvable: one event in ten is dated (to the day),
one in ten is a flashback to months or years before, and each constraint
follows the hidden order, a fifth of them with a minimum gap. The second
timing column adds a maximum gap to one constraint in twenty, which makes
the solver iterate to a fixpoint.

The networkx column, when networkx is installed, is the time to build a
``DiGraph`` of the same constraint edges, test it for cycles and sort it
topologically: the bare graph work, with no dates, gaps or explanations.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from plotline._model import Constraint, Event, Story, Work
from plotline._order import solve
from plotline._time import Duration, Instant

try:
    import networkx as nx
except ImportError:  # networkx is optional: the table then lacks its column
    nx = None

EPOCH_DAY = dt.date(2000, 1, 1).toordinal()


def make_story(size: int, *, max_gaps: float = 0.0, seed: int = 0) -> Story:
    """A solvable story of ``size`` events (see the module docstring)."""
    rng = random.Random(seed)
    works = [Work(f"w{j}", number=j + 1) for j in range(max(1, size // 20))]
    days: list[int] = []
    events: list[Event] = []
    for i in range(size):
        day = 4000 + i // 3 + rng.randint(0, 2)  # story time mostly follows the telling
        mode = "present"
        if rng.random() < 0.1:
            mode = "flashback"
            day -= rng.randint(30, 3000)
        days.append(day)
        when = None
        if rng.random() < 0.1:
            date = dt.date.fromordinal(EPOCH_DAY + day)
            when = Instant(date.year, date.month, date.day)
        events.append(Event(f"e{i}", told_in=works[i // 20].id, when=when, mode=mode))
    constraints: list[Constraint] = []
    while len(constraints) < size * 3 // 10:
        i = rng.randrange(size)
        j = min(size - 1, i + rng.randint(1, 50))
        if days[i] == days[j]:
            continue
        if days[i] > days[j]:
            i, j = j, i
        between = days[j] - days[i]
        low = Duration(days=rng.randint(0, between - 1)) if rng.random() < 0.2 else None
        high = Duration(days=between + rng.randint(0, 5)) if rng.random() < max_gaps else None
        constraints.append(Constraint(f"e{i}", f"e{j}", min_gap=low, max_gap=high))
    return Story(works=works, events=events, constraints=constraints)


def time_solve(story: Story) -> float:
    start = time.perf_counter()
    solution = solve(story)
    elapsed = time.perf_counter() - start
    assert not solution.conflicts, solution.conflicts[0].message
    return elapsed


def time_networkx(story: Story) -> float:
    assert nx is not None
    start = time.perf_counter()
    graph = nx.DiGraph()
    graph.add_nodes_from(event.id for event in story.events)
    graph.add_edges_from((c.before, c.after) for c in story.constraints)
    if nx.is_directed_acyclic_graph(graph):
        list(nx.topological_sort(graph))
    else:
        nx.find_cycle(graph)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [1_000, 10_000, 100_000]
    header = f"{'events':>9} {'constraints':>12} {'solve (s)':>10} {'5% max gaps (s)':>16}"
    if nx is not None:
        header += f" {'networkx (s)':>13}"
    print(header)
    for size in sizes:
        plain = make_story(size)
        gapped = make_story(size, max_gaps=0.05)
        row = (
            f"{size:>9,} {len(plain.constraints):>12,} {time_solve(plain):>10.3f}"
            f" {time_solve(gapped):>16.3f}"
        )
        if nx is not None:
            row += f" {time_networkx(plain):>13.3f}"
        print(row, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
