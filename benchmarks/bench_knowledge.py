"""What the PL7 rules (knowledge, possession, relations) add to a check.

Run ``python benchmarks/bench_knowledge.py [EVENTS]`` (default 100000).

The story is :func:`plotline._synthetic.synthetic_story` (5,000 entities and
2,000 threads at 100k events) with, added on top: one fact per ten events;
in present-mode events with someone on scene, a ``learns`` pair in three of
ten and a ``knows`` pair in one of four (about 50,000 pairs at 100k events),
each ``knows`` naming a fact its entity learned in an event told earlier, so
the story stays free of PL7 findings; and in one event of fifty, one of 500
objects passes to one of its people (``holds``). The check
runs with every default rule but PL7, then with every default rule, three
times in turn after one run to warm up; the least CPU time of each is shown.
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
    return story.evolve(events=events, facts=facts, entities=(*story.entities, *objects))


def timed(story: Story, select: list[str]) -> float:
    """The CPU time of one check of ``story`` with rules ``select`` (no PL7 finding allowed)."""
    started = time.process_time()
    report = check(story, select=select, config=Config())
    elapsed = time.process_time() - started
    pl7 = [finding for finding in report if finding.code.startswith("PL7")]
    assert not pl7, pl7[:3]
    return elapsed


def main(argv: list[str]) -> None:
    size = int(argv[0]) if argv else 100_000
    story = make_story(size)
    default = [entry.code for entry in CATALOG if entry.enabled]
    without = [code for code in default if not code.startswith("PL7")]
    timed(story, without)  # the story's own indexes, built once, out of the timings
    bare: list[float] = []
    with_pl7: list[float] = []
    for _ in range(3):  # alternated, so that a busy machine slows both alike
        bare.append(timed(story, without))
        with_pl7.append(timed(story, default))
    fast, slow = min(bare), min(with_pl7)
    pairs = sum(len(e.learns) + len(e.knows) for e in story.events)
    print("| events | facts | learns/knows pairs | check without PL7 | check with PL7 | PL7 adds |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {size:,} | {len(story.facts):,} | {pairs:,} | {fast:.2f} s | {slow:.2f} s | "
        f"{(slow / fast - 1) * 100:+.1f} % |"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
