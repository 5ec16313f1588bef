"""Wikidata query results: a series' seasons, episodes, publication dates and characters.

The input is the W3C *SPARQL 1.1 Query Results JSON Format* that the Wikidata
Query Service downloads::

    {"head": {"vars": ["item", "itemLabel", …]},
     "results": {"bindings": [{"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q…"},
                               "date": {"type": "literal", "value": "2005-03-26T00:00:00Z",
                                        "datatype": "http://www.w3.org/2001/XMLSchema#dateTime"},
                               …}, …]}}

with the variables of the query shipped beside this module (``wikidata.rq``,
documented in ``docs/interop.md``). A query returns one row per combination of
values, so the rows are grouped by ``item``:

* the ``series`` is a work of kind ``series``; an item that is some row's
  ``season`` is a ``season`` in it, numbered by ``seasonNumber``; every other
  item an ``episode`` of its season (or of the series), numbered by
  ``episodeNumber``. Works are listed by season and episode number;
* each distinct publication (``date`` with its ``datePrecision``, ``place``,
  ``region``) a release of kind ``premiere`` in that region; the precision is
  kept: 9 is a year, 10 a month, 11 a day (coarser ones, decades and
  centuries, are written as the year with a problem noted);
* each ``character`` an entity, listed in the work's ``meta``;
* ``storyFollows`` (the story's own chronology, when the query has it) a
  constraint: the work it follows ends before this one starts;
* ``follows``/``followedBy`` (the release order) and every other variable go to
  the work's ``meta`` under ``wikidata``, so nothing is lost.

Every record cites one ``[[sources]]`` record per item: ``wikidata-q…`` with the
item's URL. An item with two different labels or numbers keeps the first and
states every value as a claim of that source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs

from plotline._io._json import JsonTree, read_json_tree
from plotline._model import (
    Claim,
    Constraint,
    Entity,
    Origin,
    Release,
    Source,
    Story,
    Work,
)
from plotline._time import Instant, TimeParseError, parse_time
from plotline.importers._common import IdMaker, ImportResult, Problems

__all__ = ["QUERY", "read_wikidata", "sniff_wikidata", "wikidata_time"]

QUERY = Path(__file__).with_name("wikidata.rq")
"""The documented query whose JSON results this importer reads."""

_ENTITY = re.compile(r"^https?://www\.wikidata\.org/entity/(?P<q>[QPL]\d+)$")
_DATE = re.compile(r"^(?P<year>[+-]?\d{4,})-(?P<month>\d{2})-(?P<day>\d{2})T")
_KNOWN = frozenset(
    {
        "item",
        "itemLabel",
        "series",
        "seriesLabel",
        "season",
        "seasonLabel",
        "seasonNumber",
        "episodeNumber",
        "date",
        "datePrecision",
        "place",
        "placeLabel",
        "region",
        "character",
        "characterLabel",
        "storyFollows",
    }
)
_PRECISION_DAY, _PRECISION_MONTH, _PRECISION_YEAR = 11, 10, 9


def sniff_wikidata(head: bytes) -> bool:
    """Whether the first bytes of a file look like SPARQL JSON results.

    >>> sniff_wikidata(b'{"head": {"vars": ["item"]}, "results": {"bindings": []}}')
    True
    >>> sniff_wikidata(b'{"story": {"title": "x"}}')
    False
    """
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    return text.startswith("{") and '"head"' in text and ('"vars"' in text or '"results"' in text)


@attrs.define
class _Item:
    """What the rows say about one Wikidata item."""

    q: str
    line: int
    labels: list[str] = attrs.field(factory=list)
    series: str | None = None
    season: str | None = None
    season_numbers: list[int] = attrs.field(factory=list)
    numbers: list[int] = attrs.field(factory=list)
    publications: list[tuple[str, int | None, str | None, str | None, int]] = attrs.field(
        factory=list
    )
    characters: list[str] = attrs.field(factory=list)
    story_follows: list[str] = attrs.field(factory=list)
    meta: dict[str, list[str]] = attrs.field(factory=dict)


def read_wikidata(path: str | Path) -> ImportResult:
    """Import SPARQL JSON results of the documented query; see the module docstring."""
    path = Path(path)
    problems = Problems(path)
    document = read_json_tree(str(path))
    root = document.root
    results = root.get("results") if isinstance(root, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        raise problems.fail(
            'expected SPARQL JSON results: {"head": {"vars": […]}, "results": {"bindings": […]}}',
            hint="download the query's results as JSON from query.wikidata.org",
        )
    items: dict[str, _Item] = {}
    labels: dict[str, str] = {}
    for index, row in enumerate(bindings):
        _row(document, index, row, items=items, labels=labels, problems=problems)
    if not items:
        raise problems.fail('no row has an "item": nothing to import')
    return problems.result(_Builder(problems, items, labels).story())


def _row(
    document: JsonTree,
    index: int,
    row: object,
    *,
    items: dict[str, _Item],
    labels: dict[str, str],
    problems: Problems,
) -> None:
    line, column = document.line_col(row)
    if not isinstance(row, dict):
        problems.add(f"bindings[{index}] is not an object; skipped", line, column)
        return
    values = {k: v.get("value") for k, v in row.items() if isinstance(v, dict)}
    q = _q(values.get("item"))
    if q is None:
        problems.add(f'bindings[{index}] has no Wikidata "item"; skipped', line, column)
        return
    item = items.setdefault(q, _Item(q, line))
    for var in ("item", "series", "season", "place", "character"):
        ref, label = _q(values.get(var)), values.get(f"{var}Label")
        if ref is not None and isinstance(label, str) and label:
            labels.setdefault(ref, label)
    label = values.get("itemLabel")
    if isinstance(label, str) and label and label not in item.labels:
        item.labels.append(label)
    item.series = item.series or _q(values.get("series"))
    item.season = item.season or _q(values.get("season"))
    for var, numbers in (("seasonNumber", item.season_numbers), ("episodeNumber", item.numbers)):
        number = _whole(values.get(var))
        if number is not None and number not in numbers:
            numbers.append(number)
        elif values.get(var) is not None and number is None:
            problems.add(f"{var} {values.get(var)!r} is not a whole number; ignored", line, column)
    date = values.get("date")
    if isinstance(date, str):
        publication = (
            date,
            _whole(values.get("datePrecision")),
            _q(values.get("place")),
            values.get("region") if isinstance(values.get("region"), str) else None,
            line,
        )
        if publication[:4] not in [p[:4] for p in item.publications]:
            item.publications.append(publication)
    character = _q(values.get("character"))
    if character is not None and character not in item.characters:
        item.characters.append(character)
    before = _q(values.get("storyFollows"))
    if before is not None and before not in item.story_follows:
        item.story_follows.append(before)
    for var, value in values.items():
        if var in _KNOWN or var.endswith("Label") or not isinstance(value, str):
            continue
        kept = item.meta.setdefault(var, [])
        text = _q(value) or value
        if text not in kept:
            kept.append(text)


def _q(value: object) -> str | None:
    """The item id (``Q34316``) of an entity URI, or None."""
    if not isinstance(value, str):
        return None
    match = _ENTITY.match(value)
    return match["q"] if match is not None else None


def _whole(value: object) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def wikidata_time(value: str, precision: int | None) -> Instant:
    """Convert a Wikidata time and its precision to an instant of that precision.

    >>> wikidata_time("2005-03-01T00:00:00Z", 10), wikidata_time("1963-11-23T00:00:00Z", 11)
    (Instant('2005-03'), Instant('1963-11-23'))
    >>> wikidata_time("1960-01-01T00:00:00Z", 9)
    Instant('1960')
    """
    match = _DATE.match(value)
    if match is None:
        msg = f"{value!r} is not a Wikidata time (YYYY-MM-DDThh:mm:ssZ)"
        raise TimeParseError(msg, value, "Wikidata writes times as +2005-03-26T00:00:00Z")
    year = int(match["year"])
    text = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    if precision is None or precision >= _PRECISION_DAY:
        text += f"-{match['month']}-{match['day']}"
    elif precision == _PRECISION_MONTH:
        text += f"-{match['month']}"
    value_ = parse_time(text)
    assert isinstance(value_, Instant)
    return value_


@attrs.define
class _Builder:
    problems: Problems
    items: dict[str, _Item]
    labels: dict[str, str]
    ids: IdMaker = attrs.field(factory=IdMaker)

    def story(self) -> Story:
        series = {i.series for i in self.items.values() if i.series}
        seasons = {i.season for i in self.items.values() if i.season}
        ordered = self._in_order(series, seasons)
        works = [self._work(item, series, seasons) for item in ordered]
        work_of = {item.q: work.id for item, work in zip(ordered, works, strict=True)}
        entities: dict[str, Entity] = {}
        releases: list[Release] = []
        constraints: list[Constraint] = []
        claims: list[Claim] = []
        cited: dict[str, None] = {}
        for item, work in zip(ordered, works, strict=True):
            source = _source_id(item.q)
            cited[item.q] = None
            releases.extend(self._releases(item, work.id, source))
            for character in item.characters:
                if character not in entities:
                    cited[character] = None
                    name = self.labels.get(character, character)
                    entities[character] = Entity(
                        id=self.ids(("entity", character), name),
                        name=name,
                        sources=(_source_id(character),),
                    )
            claims.extend(self._claims(item, work.id, source))
            for before in item.story_follows:
                if before in work_of:
                    constraints.append(
                        Constraint(
                            before=work_of[before],
                            after=work.id,
                            note="the story's chronology on Wikidata",
                            sources=(source,),
                            origin=Origin(self.problems.at(item.line)),
                        )
                    )
                else:
                    self.problems.add(
                        f"{item.q}: storyFollows {before}, which is not among the results; "
                        "no constraint made",
                        item.line,
                    )
        works = [
            attrs.evolve(
                work,
                meta={
                    "wikidata": {
                        **work.meta["wikidata"],
                        **(
                            {"characters": [entities[c].id for c in item.characters]}
                            if item.characters
                            else {}
                        ),
                    }
                },
            )
            for item, work in zip(ordered, works, strict=True)
        ]
        first = next(iter(series), None)
        return Story(
            title=self.labels.get(first) if first else None,
            works=tuple(works),
            releases=tuple(releases),
            entities=tuple(entities.values()),
            constraints=tuple(constraints),
            sources=tuple(self._source(q) for q in cited),
            claims=tuple(claims),
        )

    def _in_order(self, series: set[str], seasons: set[str]) -> list[_Item]:
        def key(item: _Item) -> tuple[int, int, int, int]:
            level = 0 if item.q in series else 1 if item.q in seasons else 2
            season = self.items.get(item.season) if item.season else None
            season_number = (season.season_numbers if season else None) or item.season_numbers
            if item.q in seasons:
                season_number = item.season_numbers
            return (
                level if level < 2 else 1,
                season_number[0] if season_number else 0,
                level,
                item.numbers[0] if item.numbers else 0,
            )

        seasons_by_q = {q for q in seasons if q not in self.items}
        for q in seasons_by_q:  # a season named only by its episodes
            self.items[q] = _Item(q, 1)
        return sorted(self.items.values(), key=key)

    def _work(self, item: _Item, series: set[str], seasons: set[str]) -> Work:
        label = item.labels[0] if item.labels else self.labels.get(item.q, item.q)
        if item.q in series:
            kind, parent, number = "series", None, None
        elif item.q in seasons:
            kind = "season"
            parent = self.ids.get(("work", item.series)) if item.series else None
            number = item.season_numbers[0] if item.season_numbers else None
        else:
            kind = "episode"
            up = item.season or item.series
            parent = self.ids.get(("work", up)) if up else None
            number = item.numbers[0] if item.numbers else None
        meta: dict[str, Any] = {"item": item.q}
        meta.update(item.meta)
        return Work(
            id=self.ids(("work", item.q), label),
            title=label,
            kind=kind,
            parent=parent,
            number=number,
            sources=(_source_id(item.q),),
            meta={"wikidata": meta},
            origin=Origin(self.problems.at(item.line)),
        )

    def _releases(self, item: _Item, work: str, source: str) -> list[Release]:
        releases = []
        for date, precision, place, region, line in item.publications:
            try:
                when = wikidata_time(date, precision)
            except TimeParseError as error:
                self.problems.add(f"{item.q}: date {error}; publication skipped", line)
                continue
            if precision is not None and precision < _PRECISION_YEAR:
                self.problems.add(
                    f"{item.q}: date {date} has Wikidata precision {precision} (coarser than "
                    "a year); written as its year",
                    line,
                )
            where = region or (self.labels.get(place) if place else None)
            releases.append(
                Release(
                    work=work,
                    kind="premiere",
                    date=when,
                    region=where,
                    id=self.ids(("release", item.q, date, place), f"{work}-{where or 'release'}"),
                    sources=(source,),
                    meta={"wikidata": {"place": place}} if place else {},
                    origin=Origin(self.problems.at(line)),
                )
            )
        return releases

    def _claims(self, item: _Item, work: str, source: str) -> list[Claim]:
        claims: list[Claim] = []
        numbers = item.season_numbers if not item.numbers else item.numbers
        for field, values in (("title", item.labels), ("number", numbers)):
            if len(values) > 1:
                claims.extend(Claim(work, field, value, source) for value in values)
        return claims

    def _source(self, q: str) -> Source:
        label = self.labels.get(q)
        return Source(
            id=_source_id(q),
            title=f"Wikidata {q}" + (f": {label}" if label else ""),
            kind="dataset",
            url=f"https://www.wikidata.org/wiki/{q}",
        )


def _source_id(q: str) -> str:
    return f"wikidata-{q.lower()}"
