"""iStoryline.js story scripts (JSON), the storyline-visualisation benchmark format.

A script reads::

    {"Story": {"Locations": {"Forest": [2, 5]},
               "Characters": {"Wolf": [{"Start": 6, "End": 10, "Session": 2}]}}}

A character is in session ``Session`` during the time steps ``[Start, End)``;
characters in the same session at the same time are together in one scene, and
``Locations`` names the place of each session.

The story becomes one work (the script) with a child work per time slot (the
stretch between two consecutive ``Start``/``End`` boundaries in which anyone is
on stage), one event per session in each slot, one entity per character and
one place per location. The catch-all location ``All`` that single-place
scripts use places nobody and becomes no entity.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from pathlib import Path
from typing import Any

from plotline._io._json import read_json_tree
from plotline._model import (
    Entity,
    EntityKind,
    Event,
    Origin,
    Role,
    Source,
    SourceKind,
    Story,
    Work,
    WorkKind,
)
from plotline.importers._common import IdMaker, ImportResult, Problems, slugify

__all__ = ["read_istoryline"]

CATCH_ALL_LOCATIONS = frozenset({"All"})
"""Location names that stand for no place in particular."""


def read_istoryline(path: str | Path) -> ImportResult:
    """Import one iStoryline JSON story script; see the module docstring for the mapping."""
    path = Path(path)
    problems = Problems(path)
    document = read_json_tree(str(path))
    root = document.root
    story_data = root.get("Story") if isinstance(root, dict) else None
    if not isinstance(story_data, dict):
        raise problems.fail('expected an object {"Story": {"Locations": …, "Characters": …}}')
    characters = story_data.get("Characters")
    if not isinstance(characters, dict) or not characters:
        line, _ = document.line_col(story_data)
        raise problems.fail('"Story" has no "Characters": nothing to import', line)

    stem = slugify(path.stem, default="story")
    ids = IdMaker(taken=[stem])
    entities: list[Entity] = []
    location_of: dict[int, str] = {}

    locations = story_data.get("Locations", {})
    if not isinstance(locations, dict):
        line, _ = document.line_col(story_data)
        problems.add('"Locations" should be an object of name: [session, …]', line)
        locations = {}
    for name, sessions in locations.items():
        line, _ = document.line_col(sessions)
        if not isinstance(sessions, list):
            problems.add(f"location {name!r} should list session numbers", line)
            continue
        place: str | None = None
        if name.strip() not in CATCH_ALL_LOCATIONS:
            place = ids(("location", name), name, prefix="at-")
            entities.append(
                Entity(
                    id=place,
                    name=name.strip(),
                    kind=EntityKind.PLACE,
                    origin=Origin(problems.at(line)),
                )
            )
        for session in sessions:
            if not isinstance(session, int) or isinstance(session, bool):
                problems.add(f"location {name!r}: {session!r} is not a session number", line)
            elif session in location_of and place is not None:
                problems.add(f"session {session} is in two locations; the first one is kept", line)
            elif place is not None:
                location_of[session] = place

    # Each character's spans: (start, end, session, line).
    spans: list[tuple[str, int, int, int, int]] = []
    for name, items in characters.items():
        line, _ = document.line_col(items)
        if not isinstance(items, list):
            problems.add(f"character {name!r} should list spans {{Start, End, Session}}", line)
            continue
        entity = ids(("character", name), name)
        entities.append(Entity(id=entity, name=name.strip(), origin=Origin(problems.at(line))))
        for item in items:
            span = _span(item)
            item_line, item_column = document.line_col(item)
            if isinstance(span, str):
                problems.add(f"character {name!r}: {span}", item_line, item_column)
                continue
            start, end, session = span
            spans.append((entity, start, end, session, item_line))

    if not spans:
        raise problems.fail("no character has a usable span: nothing to import")

    boundaries = sorted({t for _, start, end, _, _ in spans for t in (start, end)})
    # (slot index, session) -> {entity: first line}
    scenes: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for entity, start, end, session, line in spans:
        first = bisect.bisect_left(boundaries, start)
        last = bisect.bisect_left(boundaries, end)
        for slot in range(first, last):
            scenes[slot, session].setdefault(entity, line)

    works = [
        Work(
            id=stem,
            title=path.stem,
            kind=WorkKind.OTHER,
            sources=("istoryline",),
            origin=Origin(problems.at(1)),
        )
    ]
    events: list[Event] = []
    slot_work: dict[int, str] = {}
    order_in_slot: dict[int, int] = defaultdict(int)
    for slot, session in sorted(scenes):
        start, end = boundaries[slot], boundaries[slot + 1]
        if slot not in slot_work:
            slot_work[slot] = f"{stem}-t{start}"
            works.append(
                Work(
                    id=slot_work[slot],
                    title=f"Time {start} to {end}",
                    kind=WorkKind.SCENE,
                    parent=stem,
                    number=len(slot_work),
                )
            )
        members = scenes[slot, session]
        order_in_slot[slot] += 1
        events.append(
            Event(
                id=f"{stem}-t{start}-s{session}",
                told_in=slot_work[slot],
                order=order_in_slot[slot],
                participants=dict.fromkeys(members, Role.PRESENT),
                location=location_of.get(session),
                summary=f"Session {session}, time steps {start} to {end}.",
                origin=Origin(problems.at(min(members.values()))),
            )
        )

    source = Source(
        id="istoryline",
        title=f"iStoryline story script {path.name}",
        kind=SourceKind.DATASET,
        url="https://github.com/tangtan/iStoryline.js",
    )
    story = Story(
        title=path.stem,
        summary=f"Who is with whom in each time step of {path.stem}, from an iStoryline script.",
        sources=(source,),
        works=tuple(works),
        entities=tuple(entities),
        events=tuple(events),
    )
    return problems.result(story)


def _span(item: Any) -> tuple[int, int, int] | str:
    """``(start, end, session)`` of a span record, or what is wrong with it."""
    if not isinstance(item, dict):
        return f"a span should be {{Start, End, Session}}, not {item!r}"
    values = []
    for key in ("Start", "End", "Session"):
        value = item.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            return f"span {key} should be a whole number, not {value!r}"
        values.append(value)
    start, end, session = values
    if end <= start:
        return f"span ends ({end}) before it starts ({start}); skipped"
    return start, end, session
