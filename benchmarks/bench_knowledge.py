"""What the PL7 rules (knowledge, possession, relations) add to a check.

Run ``python benchmarks/bench_knowledge.py [EVENTS]`` (default 100000).

The story is :func:`plotline._synthetic.synthetic_story` (5,000 entities and
2,000 threads at 100k events) with, added on top: one fact per ten events,
a ``learns`` pair in three events of ten and a ``knows`` pair in a quarter
of them, where someone is on scene (about 50,000 pairs at 100k events). Each ``knows`` names a fact its entity learned
in a present-mode event told earlier, so the story stays free of PL7 errors;
one event in fifty moves one of 500 objects to one of its people. The check
runs with every default rule, then with every default rule but PL7; the best
of three runs each.
"""

from __future__ import annotations

import random
import sys
import time

import attrs

from plotline._check import Config, check
from plotline._check._catalog import CATALOG
from plotline._model import Entity, Event, Fact, Mode, Story
from plotline._synthetic import synthetic_story


def make_story(size: int, *, seed: int = 0) -> Story:
    """The synthetic story of ``size`` events, with facts, learnings, knowings and handovers."""
    story = synthetic_story(size, threads=size // 50, entities=size // 20, seed=seed)
    rng = random.Random(seed)
    facts = [Fact(f"f{i}", title=f"fact {i}", true=rng.random() > 0.1) for i in range(size // 10)]
    objects = [Entity(f"o{i}", kind="object") for i in range(500)]
    learned: list[tuple[str, str]] = []
    events: list[Event] = []
    pairs = 0
    for index, event in enumerate(story.telling()):
        people = [entity for entity, role in event.participants.items() if role.on_scene]
        changes: dict[str, object] = {}
        if event.mode is Mode.PRESENT and people:
            slot = index % 20
            if slot < 6:
                entity = rng.choice(people)
                fact = rng.choice(facts).id
                changes["learns"] = {entity: (fact,)}
                learned.append((entity, fact))
                pairs += 1
            elif slot < 11 and learned:
                entity, fact = learned[rng.randrange(len(learned))]
                changes["knows"] = {entity: (fact,)}
                pairs += 1
            if index % 50 == 0:
                changes["holds"] = {rng.choice(objects).id: rng.choice(people)}
        events.append(attrs.evolve(event, **changes) if changes else event)
    order = {event.id: position for position, event in enumerate(story.events)}
    events.sort(key=lambda event: order[event.id])
    print(f"{len(facts):,} facts, {pairs:,} learns/knows pairs", file=sys.stderr)
    return story.evolve(
        events=events, facts=facts, entities=(*story.entities, *objects)
    )


def best(story: Story, select: list[str], runs: int = 3) -> float:
    """The best wall time of ``runs`` checks of ``story`` with rules ``select``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report = check(story, select=select, config=Config())
        times.append(time.perf_counter() - started)
        errors = [finding for finding in report if finding.severity.value == "error"]
        pl7 = [finding for finding in report if finding.code.startswith("PL7")]
        assert not pl7, pl7[:3]
        del errors
    return min(times)


def main(argv: list[str]) -> None:
    size = int(argv[0]) if argv else 100_000
    story = make_story(size)
    default = [entry.code for entry in CATALOG if entry.enabled]
    without = [code for code in default if not code.startswith("PL7")]
    with_pl7 = best(story, default)
    bare = best(story, without)
    print("| events | facts | learns/knows pairs | check without PL7 | check with PL7 | PL7 adds |")
    print("|---:|---:|---:|---:|---:|---:|")
    pairs = sum(len(e.learns) + len(e.knows) for e in story.events)
    print(
        f"| {size:,} | {len(story.facts):,} | {pairs:,} | {bare:.2f} s | {with_pl7:.2f} s | "
        f"{(with_pl7 / bare - 1) * 100:+.1f} % |"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
