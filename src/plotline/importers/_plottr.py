"""Plottr project files (``.pltr``): a JSON snapshot of Plottr's store.

The parts plotline reads (names as in Plottr's ``initialState.js``):

* ``series`` ``{name, premise}`` and ``books`` ``{"1": {id, title, premise}, "allIds": [1, …]}``;
* the timeline's columns: ``beats``, since Plottr 2021.4 a tree per book,
  ``{"1": {"children": {"null": [2, 3], "2": [4]}, "heap": {"4": 2}, "index": {"2": {id,
  title, position, bookId}}}}`` named by ``hierarchyLevels`` (``"0"`` the leaves,
  e.g. "Chapter"; ``"1"`` their parents, e.g. "Act"); before that a flat list of
  ``beats`` (series) and ``chapters`` (books);
* the timeline's rows: ``lines`` ``[{id, bookId, title, position}]``;
* ``cards`` ``[{id, lineId, beatId (formerly chapterId), positionWithinLine,
  positionInBeat, title, description, characters, places, tags}]``;
* ``characters`` and ``places`` ``[{id, name, description, categoryId}]``;
  ``tags`` ``[{id, title}]``; ``categories.characters`` ``[{id, name}]``.

They become: the series (a work), its books (works) and their beats (works, a
tree), one event per card told in its beat, one thread per plotline and one per
tag, one entity per character and place. A card's first place is its location;
any other places it names take part in it. A description in Plottr's rich-text
form becomes plain paragraphs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from plotline._io._json import JsonTree, read_json_tree
from plotline._model import (
    Entity,
    EntityKind,
    Event,
    Importance,
    Origin,
    Role,
    Source,
    SourceKind,
    Story,
    Thread,
    Work,
    WorkKind,
)
from plotline.importers._common import IdMaker, ImportResult, Problems

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["read_plottr"]

_KIND_OF_LEVEL = {
    "act": WorkKind.PART,
    "part": WorkKind.PART,
    "chapter": WorkKind.CHAPTER,
    "scene": WorkKind.SCENE,
    "episode": WorkKind.EPISODE,
    "season": WorkKind.SEASON,
    "volume": WorkKind.VOLUME,
    "book": WorkKind.BOOK,
    "issue": WorkKind.ISSUE,
}
_IMPORTANCE = {
    "main": Importance.MAIN,
    "protagonist": Importance.MAIN,
    "antagonist": Importance.MAIN,
    "major": Importance.MAJOR,
    "supporting": Importance.MAJOR,
    "minor": Importance.MINOR,
}
SERIES = "series"


def read_plottr(path: str | Path) -> ImportResult:
    """Import one Plottr project file; see the module docstring for the mapping."""
    path = Path(path)
    problems = Problems(path)
    document = read_json_tree(str(path))
    data = document.root
    if not isinstance(data, dict) or not any(k in data for k in ("cards", "beats", "chapters")):
        raise problems.fail("not a Plottr file: expected an object with cards and beats")
    reader = _Reader(document, problems)
    reader.read(data)
    if not reader.works and not reader.events:
        raise problems.fail("no books, beats or cards: nothing to import")
    return problems.result(reader.story(data, path.name))


class _Reader:
    def __init__(self, document: JsonTree, problems: Problems) -> None:
        self.doc = document
        self.problems = problems
        self.work_ids = IdMaker(taken=[SERIES])
        self.thread_ids = IdMaker()
        self.entity_ids = IdMaker()
        self.event_ids = IdMaker()
        self.works: list[Work] = []
        self.threads: list[Thread] = []
        self.entities: list[Entity] = []
        self.events: list[Event] = []
        self.beat_work: dict[tuple[str, int], str] = {}
        self.book_work: dict[object, str] = {}
        self.children: dict[str, int] = {}
        self.auto_sort: dict[tuple[str, int], bool] = {}
        self.line_thread: dict[int, str] = {}
        self.line_position: dict[int, int] = {}
        self.tag_thread: dict[int, str] = {}
        self.character: dict[int, str] = {}
        self.place: dict[int, str] = {}

    def at(self, node: object) -> Origin:
        line, column = self.doc.line_col(node)
        return Origin(self.problems.at(line, column))

    def warn(self, node: object, message: str) -> None:
        line, column = self.doc.line_col(node)
        self.problems.add(message, line, column)

    # -- structure -------------------------------------------------------------

    def read(self, data: dict[str, Any]) -> None:
        self._books(data)
        levels = _level_names(data.get("hierarchyLevels"))
        beats = data.get("beats")
        if isinstance(beats, dict):
            for book_key, tree in beats.items():
                self._beat_tree(book_key, tree, levels)
        else:
            flat = [b for b in (beats or []) if isinstance(b, dict)]
            self._flat_beats("beat", flat, levels.get(0, "Beat"))
            chapters = [c for c in (data.get("chapters") or []) if isinstance(c, dict)]
            self._flat_beats("chapter", chapters, "Chapter")
        for kind, records in (("character", data.get("characters")), ("place", data.get("places"))):
            self._entities(kind, records, data)
        self._lines(data.get("lines"))
        self._tags(data.get("tags"))
        self._cards(data.get("cards"))

    def _books(self, data: dict[str, Any]) -> None:
        series = _dict(data.get("series"))
        self.works.append(
            Work(id=SERIES, title=_text(series.get("name")) or None, kind=WorkKind.SERIES)
        )
        self.book_work[SERIES] = SERIES
        books = data.get("books")
        self.children[SERIES] = sum(1 for k, v in _dict(books).items() if k != "allIds" and v)
        if not isinstance(books, dict):
            return
        order = _list(books.get("allIds"))
        keys = [str(k) for k in order] + [
            k for k in books if k != "allIds" and k not in map(str, order)
        ]
        for number, key in enumerate(keys, start=1):
            book = books.get(key)
            if not isinstance(book, dict):
                continue
            title = _text(book.get("title")) or f"Book {number}"
            work_id = self.work_ids(("book", key), title)
            self.book_work[key] = work_id
            self.book_work[book.get("id")] = work_id
            self.works.append(
                Work(
                    id=work_id,
                    title=title,
                    kind=WorkKind.BOOK,
                    parent=SERIES,
                    number=number,
                    origin=self.at(book),
                )
            )

    def _book_of(self, key: object, node: object) -> str:
        work = self.book_work.get(key) or self.book_work.get(str(key))
        if work is None:
            self.warn(node, f"unknown book {key!r}; placed under the series")
            return SERIES
        return work

    def _beat_tree(self, book_key: str, tree: Any, levels: dict[int, str]) -> None:
        if not isinstance(tree, dict):
            self.warn(
                tree, f"beats of book {book_key!r} should be a tree {{children, heap, index}}"
            )
            return
        index = _dict(tree.get("index"))
        children = _dict(tree.get("children"))
        parent_work = self._book_of(book_key, tree)
        depth_of: dict[str, int] = {}

        def walk(key: str, depth: int) -> Iterator[tuple[str, int]]:
            for child in sorted(
                children.get(key) or [], key=lambda c: _position(index.get(str(c)))
            ):
                child_key = str(child)
                if child_key in depth_of:
                    continue
                depth_of[child_key] = depth
                yield child_key, depth
                yield from walk(child_key, depth + 1)

        nodes = list(walk("null", 0))
        height = max((d for _, d in nodes), default=0)
        heap = _dict(tree.get("heap"))
        for key, depth in nodes:
            beat = index.get(key)
            if not isinstance(beat, dict):
                self.warn(tree, f"beat {key} is in the tree but not in its index; skipped")
                continue
            parent = heap.get(key)
            parent_id = self.beat_work.get(("beat", parent)) if isinstance(parent, int) else None
            level = levels.get(height - depth, "")
            self._beat(beat, "beat", parent_id or parent_work, level)

    def _flat_beats(self, kind: str, beats: list[dict[str, Any]], level: str) -> None:
        """Before Plottr 2021.4: a flat list of series beats or book chapters."""
        for beat in sorted(beats, key=lambda b: (str(b.get("bookId")), _position(b))):
            key = beat.get("bookId")
            parent = self._book_of(SERIES if key in (None, SERIES) else key, beat)
            self._beat(beat, kind, parent, level)

    def _beat(self, beat: dict[str, Any], kind: str, parent: str, level: str) -> None:
        beat_id = beat.get("id")
        if not isinstance(beat_id, int):
            self.warn(beat, f"a {kind} needs a whole-number id, not {beat_id!r}; skipped")
            return
        if (kind, beat_id) in self.beat_work:
            self.warn(beat, f"{kind} id {beat_id} is used twice; the first is kept")
            return
        number = self.children[parent] = self.children.get(parent, 0) + 1
        title = _text(beat.get("title"))
        if not title or title == "auto":
            title = f"{level or 'Beat'} {number}"
        work_id = self.work_ids((kind, beat_id), title)
        self.beat_work[kind, beat_id] = work_id
        self.auto_sort[kind, beat_id] = beat.get("autoOutlineSort") is not False
        self.works.append(
            Work(
                id=work_id,
                title=title,
                kind=_KIND_OF_LEVEL.get(level.strip().lower(), WorkKind.OTHER),
                parent=parent,
                number=number,
                origin=self.at(beat),
            )
        )

    # -- people, places, plotlines, tags --------------------------------------

    def _entities(self, kind: str, records: Any, data: dict[str, Any]) -> None:
        categories: dict[str, str] = {}
        raw = data.get("categories")
        if isinstance(raw, dict):
            for category in raw.get("characters") or []:
                if isinstance(category, dict):
                    categories[str(category.get("id"))] = _text(category.get("name")).lower()
        for record in records or []:
            if not isinstance(record, dict) or not isinstance(record.get("id"), int):
                self.warn(record, f"a {kind} needs a whole-number id; skipped")
                continue
            name = _text(record.get("name")) or f"{kind} {record['id']}"
            entity_id = self.entity_ids((kind, record["id"]), name)
            (self.character if kind == "character" else self.place)[record["id"]] = entity_id
            summary = "\n\n".join(
                t for t in (_text(record.get("description")), _text(record.get("notes"))) if t
            )
            importance = None
            if kind == "character":
                importance = _IMPORTANCE.get(categories.get(str(record.get("categoryId")), ""))
            self.entities.append(
                Entity(
                    id=entity_id,
                    name=name,
                    kind=EntityKind.CHARACTER if kind == "character" else EntityKind.PLACE,
                    importance=importance,
                    summary=summary or None,
                    origin=self.at(record),
                )
            )

    def _lines(self, lines: Any) -> None:
        for line in sorted(
            (x for x in lines or [] if isinstance(x, dict)),
            key=lambda x: (str(x.get("bookId")), _position(x)),
        ):
            line_id = line.get("id")
            if not isinstance(line_id, int):
                self.warn(line, "a plotline needs a whole-number id; skipped")
                continue
            title = _text(line.get("title")) or f"Plotline {line_id}"
            thread = self.thread_ids(("line", line_id), title)
            self.line_thread[line_id] = thread
            self.line_position[line_id] = _position(line)
            self.threads.append(Thread(id=thread, title=title, origin=self.at(line)))

    def _tags(self, tags: Any) -> None:
        for tag in tags or []:
            if not isinstance(tag, dict) or not isinstance(tag.get("id"), int):
                self.warn(tag, "a tag needs a whole-number id; skipped")
                continue
            title = _text(tag.get("title")) or f"Tag {tag['id']}"
            thread = self.thread_ids(("tag", tag["id"]), title, prefix="tag-")
            self.tag_thread[tag["id"]] = thread
            self.threads.append(Thread(id=thread, title=title, origin=self.at(tag)))

    # -- cards -----------------------------------------------------------------

    def _cards(self, cards: Any) -> None:
        """Make one event per card, beat by beat, each beat's cards in Plottr's order."""
        by_beat: dict[str | None, list[dict[str, Any]]] = {}
        for card in cards or []:
            if not isinstance(card, dict):
                self.warn(card, f"a card should be an object, not {card!r}; skipped")
                continue
            beat = _beat_of(card)
            told_in = self.beat_work.get(beat) if beat is not None else None
            if told_in is None and beat is not None:
                self.warn(
                    card,
                    f"card {card.get('id')!r}: unknown {beat[0]} {beat[1]!r}; kept, told nowhere",
                )
            by_beat.setdefault(told_in, []).append(card)
        beat_of_work = {work: beat for beat, work in self.beat_work.items()}
        for work in [w.id for w in self.works] + [None]:
            group = by_beat.get(work)
            if not group:
                continue
            beat = beat_of_work.get(work) if work is not None else None
            manual = beat is not None and not self.auto_sort.get(beat, True)
            group.sort(key=lambda card: self._told(card, manual=manual))
            for number, card in enumerate(group, start=1):
                event = self._card(card, work, number if work is not None else None)
                if event is not None:
                    self.events.append(event)

    def _told(self, card: dict[str, Any], *, manual: bool) -> tuple[int, int, int]:
        """Where a card is told inside its beat: by plotline row, or the outline's own order."""
        if manual:
            within = card.get("positionInBeat", card.get("positionInChapter"))
            return (within if isinstance(within, int) else 0, 0, _id(card))
        line = _line_of(card)
        within = card.get("positionWithinLine", card.get("position"))
        return (
            self.line_position.get(line, 0) if isinstance(line, int) else 0,
            within if isinstance(within, int) else 0,
            _id(card),
        )

    def _card(self, card: dict[str, Any], told_in: str | None, order: int | None) -> Event | None:
        card_id = card.get("id")
        if not isinstance(card_id, int):
            self.warn(card, f"a card needs a whole-number id, not {card_id!r}; skipped")
            return None
        title = _text(card.get("title")) or f"Card {card_id}"
        event_id = self.event_ids(("card", card_id), title)
        threads: list[str] = []
        line = _line_of(card)
        if line is not None:
            if isinstance(line, int) and line in self.line_thread:
                threads.append(self.line_thread[line])
            else:
                self.warn(card, f"card {card_id}: unknown plotline {line!r}")
        for tag in _ids(card.get("tags")):
            if tag in self.tag_thread:
                threads.append(self.tag_thread[tag])
            else:
                self.warn(card, f"card {card_id}: unknown tag {tag!r}")
        participants: dict[str, Role] = {}
        for character in _ids(card.get("characters")):
            if character in self.character:
                participants[self.character[character]] = Role.PRESENT
            else:
                self.warn(card, f"card {card_id}: unknown character {character!r}")
        location = None
        for place in _ids(card.get("places")):
            if place not in self.place:
                self.warn(card, f"card {card_id}: unknown place {place!r}")
            elif location is None:
                location = self.place[place]
            else:
                participants[self.place[place]] = Role.PRESENT
        return Event(
            id=event_id,
            title=title,
            summary=_text(card.get("description")) or None,
            told_in=told_in,
            order=order,
            threads=tuple(dict.fromkeys(threads)),
            participants=participants,
            location=location,
            origin=self.at(card),
        )

    # -- the story -------------------------------------------------------------

    def story(self, data: dict[str, Any], name: str) -> Story:
        series = _dict(data.get("series"))
        title = _text(series.get("name")) or (self.works[1].title if len(self.works) > 1 else None)
        summary = _text(series.get("premise")) or None
        source = Source(id="plottr", title=f"Plottr project {name}", kind=SourceKind.PRIMARY)
        works = [w if w.id != SERIES else _with_source(w, title) for w in self.works]
        return Story(
            title=title,
            summary=summary,
            sources=(source,),
            works=tuple(works),
            entities=tuple(self.entities),
            threads=tuple(self.threads),
            events=tuple(self.events),
        )


def _with_source(work: Work, title: str | None) -> Work:
    return attrs.evolve(work, title=work.title or title, sources=("plottr",))


def _dict(value: Any) -> dict[str, Any]:
    """Return ``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    """Return ``value`` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def _beat_of(card: dict[str, Any]) -> tuple[str, int] | None:
    """Return the beat (before Plottr 2021.2, the chapter) a card is in: ``("beat", 12)``."""
    for key, kind in (("chapterId", "chapter"), ("beatId", "beat")):
        value = card.get(key)
        if isinstance(value, int):
            return kind, value
    return None


def _line_of(card: dict[str, Any]) -> object:
    line = card.get("lineId")
    return card.get("seriesLineId") if line is None else line


def _id(record: dict[str, Any]) -> int:
    value = record.get("id")
    return value if isinstance(value, int) else 0


def _ids(value: Any) -> list[int]:
    return [x for x in value if isinstance(x, int)] if isinstance(value, list) else []


def _position(record: Any) -> int:
    if isinstance(record, dict) and isinstance(record.get("position"), int | float):
        return int(record["position"])
    return 0


def _level_names(levels: Any) -> dict[int, str]:
    names: dict[int, str] = {}
    if isinstance(levels, dict):
        for key, level in levels.items():
            if isinstance(level, dict) and str(key).isdigit():
                names[int(key)] = _text(level.get("name"))
    return names


def _text(value: Any) -> str:
    """Plain text from a string or Plottr's rich text (Slate nodes with ``children``/``text``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return "\n".join(p for p in (_text(node) for node in value) if p).strip()
    if isinstance(value, dict):
        if "text" in value and isinstance(value["text"], str):
            return value["text"]
        children = value.get("children")
        if isinstance(children, list):
            inline = all(isinstance(c, dict) and "text" in c for c in children)
            parts = [_text(child) for child in children]
            return ("" if inline else "\n").join(parts).strip()
    return ""
