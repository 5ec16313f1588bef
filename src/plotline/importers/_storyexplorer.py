"""Story Explorer scene files: non-linear films with each scene's telling and story position.

A file (``memento_simple.json`` in Kim et al.'s *Story Curves* data) reads::

    {"script_info": {"title": "Memento",
                     "characters": [{"name": "Leonard", …}, …],
                     "scenes": [{"narrative_order": 1, "story_order": 0,
                                 "characters": ["Leonard"],
                                 "scene_metadata": {"setting": "Int.", "location": "Motel Room",
                                                    "time": "Day", …}}, …]}}

``narrative_order`` is where a scene is told, ``story_order`` where it happens.
The film becomes one work; each scene an event told in it at position
``narrative_order + 1``. The story order is *stated*, not copied: one
:class:`~plotline._model.Constraint` between each pair of scenes that follow
each other in story order, so plotline's own chronology reproduces it. A scene
that happens before a scene told earlier is a flashback (``mode =
"flashback"``); the others are the film's present. A ``movie_info_extracted.json``
beside the file, when it has an entry for the film, adds its runtime and release date.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any, TypeGuard

from plotline._io._json import JsonTree, read_json_tree
from plotline._model import (
    Constraint,
    Entity,
    EntityKind,
    Event,
    Mode,
    Origin,
    Release,
    ReleaseKind,
    Role,
    Source,
    SourceKind,
    Story,
    Work,
    WorkKind,
)
from plotline._time import Duration, TimeParseError, parse_time
from plotline.importers._common import IdMaker, ImportResult, Problems, slugify

__all__ = ["read_storyexplorer"]

MOVIE_INFO = "movie_info_extracted.json"
"""The file of film metadata that may sit beside the scene files."""

_SUFFIX = "_simple"


def read_storyexplorer(path: str | Path) -> ImportResult:
    """Import one Story Explorer scene file; see the module docstring for the mapping."""
    path = Path(path)
    problems = Problems(path)
    document = read_json_tree(str(path))
    root = document.root
    info = root.get("script_info") if isinstance(root, dict) else None
    if not isinstance(info, dict):
        raise problems.fail('expected an object {"script_info": {"title", "characters", "scenes"}}')
    scenes = info.get("scenes")
    if not isinstance(scenes, list) or not scenes:
        line, _ = document.line_col(info)
        raise problems.fail('"script_info" has no "scenes": nothing to import', line)

    film_key = path.stem.removesuffix(_SUFFIX)
    film = slugify(film_key, default="film")
    title = info.get("title") if isinstance(info.get("title"), str) else film_key
    ids = IdMaker(taken=[film])
    entities: list[Entity] = []
    for character in info.get("characters") or []:
        name = character.get("name") if isinstance(character, dict) else None
        line, _ = document.line_col(character)
        if not isinstance(name, str) or not name.strip():
            problems.add("a character without a name is skipped", line)
            continue
        if ids.get(("character", name)) is None:
            entities.append(
                Entity(
                    id=ids(("character", name), name), name=name, origin=Origin(problems.at(line))
                )
            )

    rows = _scenes(document, scenes, problems)
    if not rows:
        raise problems.fail("no scene has a usable telling and story position")

    events: list[Event] = []
    story_rank: list[tuple[int, int, str]] = []
    latest = -1  # the story position of the film's present so far, in telling order
    for told, happens, scene, line, column in sorted(rows, key=lambda row: (row[0], row[1])):
        event_id = f"{film}-scene-{told + 1}"
        participants: dict[str, Role] = {}
        for name in scene.get("characters") or []:
            if not isinstance(name, str) or not name.strip():
                problems.add(f"{event_id}: {name!r} is not a character name", line, column)
                continue
            entity = ids.get(("character", name))
            if entity is None:
                entity = ids(("character", name), name)
                entities.append(Entity(id=entity, name=name, origin=Origin(problems.at(line))))
            participants[entity] = Role.PRESENT
        metadata = scene.get("scene_metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        location = _location(metadata, ids, entities, problems.at(line, column))
        present = happens > latest
        latest = max(latest, happens)
        events.append(
            Event(
                id=event_id,
                title=_slugline(metadata),
                told_in=film,
                order=told + 1,
                mode=Mode.PRESENT if present else Mode.FLASHBACK,
                participants=participants,
                location=location,
                origin=Origin(problems.at(line, column)),
            )
        )
        story_rank.append((happens, told, event_id))

    story_rank.sort()
    constraints = tuple(
        Constraint(before=a[2], after=b[2], sources=("storyexplorer",))
        for a, b in pairwise(story_rank)
    )

    runtime, releases, extra_source = _movie_info(path, film_key, film, problems)
    source = Source(
        id="storyexplorer",
        title=f"Story Explorer scene file {path.name} (Kim et al., Story Curves, 2017)",
        kind=SourceKind.DATASET,
        url="https://github.com/namwkim/storyexplorer",
    )
    work = Work(
        id=film,
        title=title,
        kind=WorkKind.FILM,
        runtime=runtime,
        sources=("storyexplorer",),
        origin=Origin(problems.at(1)),
    )
    story = Story(
        title=title,
        summary=f"The scenes of {title} in the order told, with the order they happen in.",
        sources=(source, *extra_source),
        works=(work,),
        releases=releases,
        entities=tuple(entities),
        events=tuple(events),
        constraints=constraints,
    )
    return problems.result(story)


def _scenes(
    document: JsonTree, scenes: list[Any], problems: Problems
) -> list[tuple[int, int, dict[str, Any], int, int]]:
    """Return the usable scenes as ``(told at, happens at, scene, line, column)``."""
    rows: list[tuple[int, int, dict[str, Any], int, int]] = []
    told_seen: dict[int, int] = {}
    story_seen: dict[int, int] = {}
    for index, scene in enumerate(scenes):
        line, column = document.line_col(scene)
        if not isinstance(scene, dict):
            problems.add(f"scenes[{index}] is not an object; skipped", line, column)
            continue
        told, happens = scene.get("narrative_order"), scene.get("story_order")
        if not _whole(told) or not _whole(happens):
            problems.add(
                f"scenes[{index}] needs whole-number narrative_order and story_order, "
                f"not {told!r} and {happens!r}; skipped",
                line,
                column,
            )
            continue
        if told in told_seen:
            other = told_seen[told]
            problems.add(
                f"scenes[{index}]: narrative_order {told} is also scenes[{other}]'s; skipped",
                line,
                column,
            )
            continue
        if happens in story_seen:
            problems.add(
                f"scenes[{index}]: story_order {happens} is also scenes[{story_seen[happens]}]'s; "
                "the one told first is taken to happen first",
                line,
                column,
            )
        told_seen[told] = index
        story_seen.setdefault(happens, index)
        rows.append((told, happens, scene, line, column))
    return rows


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _slugline(metadata: dict[str, Any]) -> str | None:
    """Return a screenplay scene heading: ``Int. Motel Room - Day``."""
    setting, place, time = (metadata.get(k) for k in ("setting", "location", "time"))
    head = " ".join(str(x).strip() for x in (setting, place) if isinstance(x, str) and x.strip())
    if isinstance(time, str) and time.strip():
        head = f"{head} - {time.strip()}" if head else time.strip()
    return head or None


def _location(
    metadata: dict[str, Any], ids: IdMaker, entities: list[Entity], where: Any
) -> str | None:
    place = metadata.get("location")
    if not isinstance(place, str) or not place.strip():
        return None
    key = ("place", place.strip().lower())
    found = ids.get(key)
    if found is not None:
        return found
    place_id = ids(key, place, prefix="at-")
    entities.append(
        Entity(id=place_id, name=place.strip(), kind=EntityKind.PLACE, origin=Origin(where))
    )
    return place_id


def _movie_info(
    path: Path, film_key: str, film: str, problems: Problems
) -> tuple[Duration | None, tuple[Release, ...], tuple[Source, ...]]:
    """Return runtime and release from the movie info beside the file, if it knows the film."""
    info_path = path.with_name(MOVIE_INFO)
    if not info_path.is_file():
        return None, (), ()
    document = read_json_tree(str(info_path))
    entry = document.root.get(f"{film_key}.json") if isinstance(document.root, dict) else None
    if not isinstance(entry, dict):
        return None, (), ()
    info_problems = Problems(info_path)
    line, _ = document.line_col(entry)
    runtime = None
    minutes = entry.get("runtime")
    if _whole(minutes) and minutes:
        runtime = Duration.parse(f"PT{minutes}M")
    releases: tuple[Release, ...] = ()
    date = entry.get("release_date")
    if isinstance(date, str) and date:
        try:
            releases = (
                Release(
                    work=film,
                    kind=ReleaseKind.THEATRICAL,
                    date=parse_time(date),
                    sources=("tmdb",),
                    origin=Origin(info_problems.at(line)),
                ),
            )
        except TimeParseError as error:
            info_problems.add(f"release_date: {error}", line, hint=error.hint)
    problems.items.extend(info_problems.items)
    source = Source(
        id="tmdb",
        title=f"The Movie Database (TMDB), via {MOVIE_INFO}",
        kind=SourceKind.DATASET,
        url="https://www.themoviedb.org/",
    )
    return runtime, releases, (source,)
