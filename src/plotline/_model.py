"""The story: every record of a series bible, in file order, indexed by id.

A :class:`Story` holds tuples of records in file order and indexes them by id.
It keeps what a careful loader must not hide: two records with one id, and
references that name no record. The checker reports those (PL101, PL102); the
model only makes them easy to find.

A story is plain data: it keeps nothing of the order solver. Its clock methods
(:meth:`Story.telling`, :meth:`Story.chronology`, :meth:`Story.works_in_order`)
solve the order on each call; to ask several questions, solve once with
:func:`plotline.solve` and read the :class:`~plotline._order.Solution`.

The records themselves live in :mod:`plotline._records` (and ``Location`` in
:mod:`plotline.exceptions`); they are re-exported here under their old names.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Collection, Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any, TypeVar

import attrs

from plotline._audience import hide_unrevealed
from plotline._calendar_records import Calendar
from plotline._knowledge_records import NOBODY, Fact, Relationship, RelationshipKind
from plotline._order import Released, WorksTree, released_works, solve
from plotline._records import (
    Arc,
    CheckSettings,
    Claim,
    ClaimValue,
    Constraint,
    Entity,
    EntityKind,
    Event,
    Importance,
    Mode,
    Origin,
    Participant,
    Release,
    ReleaseKind,
    ReleaseStatus,
    Role,
    Source,
    SourceKind,
    Thread,
    ThreadStatus,
    TimeValue,
    Work,
    WorkKind,
    _meta_field,
    _opt_id_valid,
    _origin_field,
)
from plotline._records import Record as _BaseRecord
from plotline._route import Route
from plotline.exceptions import Location, UnknownWorkError

Record = _BaseRecord | Fact | Relationship | Route
"""Any record of a story (facts, relations and routes too)."""

__all__ = [
    "Arc",
    "Calendar",
    "CheckSettings",
    "Claim",
    "ClaimValue",
    "Constraint",
    "Entity",
    "EntityKind",
    "Event",
    "Fact",
    "Importance",
    "Location",
    "Mode",
    "Origin",
    "Participant",
    "Record",
    "Relationship",
    "RelationshipKind",
    "Release",
    "ReleaseKind",
    "ReleaseStatus",
    "Role",
    "Route",
    "Source",
    "SourceKind",
    "Story",
    "Thread",
    "ThreadStatus",
    "TimeValue",
    "Work",
    "WorkKind",
    "cut_after",
]

_R = TypeVar("_R", Source, Work, Entity, Thread, Arc, Event, Fact)


def _index(records: tuple[_R, ...]) -> dict[str, _R]:
    """Map ids to records; the first record with an id wins, duplicates stay in the tuple."""
    index: dict[str, _R] = {}
    for record in records:
        index.setdefault(record.id, record)
    return index


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return () if value is None else tuple(value)


def _texts(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """A list of texts (one text alone is a list of one)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(slots=True, weakref_slot=True)
class Story:
    """A whole series bible: every record, in file order, indexed by id.

    Records with a repeated id and references to missing records are kept; ask
    :meth:`duplicates` and :meth:`dangling` (the checker reports them as PL101
    and PL102). The three clocks are :meth:`telling`, :meth:`chronology` and
    the releases; :meth:`as_of` cuts the story after an installment.
    """

    title: str | None = None
    works: tuple[Work, ...] = attrs.field(default=(), converter=_tuple)
    releases: tuple[Release, ...] = attrs.field(default=(), converter=_tuple)
    entities: tuple[Entity, ...] = attrs.field(default=(), converter=_tuple)
    threads: tuple[Thread, ...] = attrs.field(default=(), converter=_tuple)
    arcs: tuple[Arc, ...] = attrs.field(default=(), converter=_tuple)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_tuple)
    constraints: tuple[Constraint, ...] = attrs.field(default=(), converter=_tuple)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_tuple)
    claims: tuple[Claim, ...] = attrs.field(default=(), converter=_tuple)
    calendars: tuple[Calendar, ...] = attrs.field(default=(), converter=_tuple)
    check: CheckSettings = attrs.field(factory=CheckSettings)
    summary: str | None = None
    authors: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    calendar: str | None = attrs.field(default=None, validator=_opt_id_valid)
    """The id of the calendar to show every time in (``show``, the views); as written if None."""
    meta: Mapping[str, Any] = _meta_field()
    routes: tuple[Route, ...] = attrs.field(default=(), converter=_tuple)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_tuple)
    relations: tuple[Relationship, ...] = attrs.field(default=(), converter=_tuple)
    origin: Origin | None = _origin_field()

    # -- indexes (computed once per story; records are immutable) -------------

    @cached_property
    def work_index(self) -> Mapping[str, Work]:
        """Works by id (the first of any duplicates)."""
        return _index(self.works)

    @cached_property
    def entity_index(self) -> Mapping[str, Entity]:
        """Entities by id (the first of any duplicates)."""
        return _index(self.entities)

    @cached_property
    def thread_index(self) -> Mapping[str, Thread]:
        """Threads by id (the first of any duplicates)."""
        return _index(self.threads)

    @cached_property
    def arc_index(self) -> Mapping[str, Arc]:
        """Arcs by id (the first of any duplicates)."""
        return _index(self.arcs)

    @cached_property
    def event_index(self) -> Mapping[str, Event]:
        """Events by id (the first of any duplicates)."""
        return _index(self.events)

    @cached_property
    def _events_and_works(self) -> Mapping[str, Event | Work]:
        """What a constraint may name: events by id, then works by id (events first)."""
        return ChainMap[str, Event | Work](dict(self.event_index), dict(self.work_index))

    @cached_property
    def _works_tree(self) -> WorksTree:
        """The works tree, for the cuts by release (the solver builds its own)."""
        return WorksTree(self.works)

    @cached_property
    def source_index(self) -> Mapping[str, Source]:
        """Sources by id (the first of any duplicates)."""
        return _index(self.sources)

    @cached_property
    def fact_index(self) -> Mapping[str, Fact]:
        """Facts by id (the first of any duplicates)."""
        return _index(self.facts)

    def get(self, id: str) -> Record | None:
        """The record with this id, whatever its kind, or ``None``."""
        for index in (
            self.event_index,
            self.entity_index,
            self.thread_index,
            self.work_index,
            self.arc_index,
            self.source_index,
            self.fact_index,
        ):
            record = index.get(id)
            if record is not None:
                return record
        return None

    def tables(self) -> tuple[tuple[Record, ...], ...]:
        """The records kind by kind, one tuple per table, each in file order."""
        return (
            self.sources,
            self.works,
            self.releases,
            self.entities,
            self.threads,
            self.arcs,
            self.events,
            self.constraints,
            self.claims,
            self.routes,
            self.facts,
            self.relations,
        )

    def records(self) -> Iterator[Record]:
        """Every record, kind by kind, each kind in file order."""
        for records in self.tables():
            yield from records

    def duplicates(self) -> Iterator[tuple[Record, Record]]:
        """Each record whose id an earlier record of the same kind already has, with that one.

        Ids are namespaced by kind: an event and an entity may share an id.
        """
        for records in self.tables():
            first: dict[str, Record] = {}
            for record in records:
                if record.id is None:  # releases, constraints and claims may go without
                    continue
                if record.id in first:
                    yield first[record.id], record
                else:
                    first[record.id] = record

    def references(self) -> Iterator[tuple[Record, str, str, Mapping[str, Any]]]:
        """Every reference one record makes to another.

        Yields ``(record, field, target id, index of the kind it must name)``.
        """
        sources = self.source_index
        for record in self.records():
            for source in getattr(record, "sources", ()):
                yield record, "sources", source, sources
            yield from self._references_of(record)

    def _references_of(
        self, record: Record
    ) -> Iterator[tuple[Record, str, str, Mapping[str, Any]]]:
        """The references of one record other than its ``sources``."""
        works, threads = self.work_index, self.thread_index
        match record:
            case Work(parent=parent) if parent is not None:
                yield record, "parent", parent, works
            case Release(work=work):
                yield record, "work", work, works
            case Thread(parent=parent) if parent is not None:
                yield record, "parent", parent, threads
            case Arc():
                yield record, "start", record.start, works
                yield record, "end", record.end, works
                for thread in record.threads:
                    yield record, "threads", thread, threads
            case Event():
                if record.told_in is not None:
                    yield record, "told_in", record.told_in, works
                for name in ("threads", "opens", "resolves"):
                    for thread in getattr(record, name):
                        yield record, name, thread, threads
                entities = self.entity_index
                for entity in record.participants:
                    yield record, "participants", entity, entities
                if record.location is not None:
                    yield record, "location", record.location, entities
                for entity in record.ages:
                    yield record, "ages", entity, entities
                yield from _knowledge_references(record, self.fact_index, entities)
            case Entity(clock=clock) if clock:
                for span in clock:
                    for end in ("since", "until"):
                        if getattr(span, end) is not None:
                            yield record, "clock", getattr(span, end), self.event_index
            case Fact():
                for refuted in record.refutes:
                    yield record, "refutes", refuted, self.fact_index
            case Relationship():
                entities, events = self.entity_index, self.event_index
                yield record, "a", record.a, entities
                yield record, "b", record.b, entities
                if record.since is not None:
                    yield record, "since", record.since, events
                if record.until is not None:
                    yield record, "until", record.until, events
            case Constraint():
                # A constraint names an event, or a work (the span of its events).
                either = self._events_and_works
                yield record, "before", record.before, either
                yield record, "after", record.after, either
            case Claim():
                yield record, "source", record.source, self.source_index
            case Route():
                yield record, "from", record.from_, self.entity_index
                yield record, "to", record.to, self.entity_index
            case _:
                pass

    def dangling(self) -> Iterator[tuple[Record, str, str]]:
        """Every reference that names no record: ``(record, field, missing id)``.

        The same references as :meth:`references`, in the same order, but only
        the missing ones, found with one set lookup each (a large story has
        millions of references and few, if any, dangle).
        """
        works, sources, threads = self.work_index, self.source_index, self.thread_index
        entities, events = self.entity_index, self.event_index
        for record in self.records():
            for source in getattr(record, "sources", ()):
                if source not in sources:
                    yield record, "sources", source
            if isinstance(record, Event):
                told_in, location = record.told_in, record.location
                if told_in is not None and told_in not in works:
                    yield record, "told_in", told_in
                for name in ("threads", "opens", "resolves"):
                    for thread in getattr(record, name):
                        if thread not in threads:
                            yield record, name, thread
                for entity in record.participants:
                    if entity not in entities:
                        yield record, "participants", entity
                if location is not None and location not in entities:
                    yield record, "location", location
                for entity in record.ages:
                    if entity not in entities:
                        yield record, "ages", entity
                if record.learns or record.knows or record.reveals or record.holds:
                    for _, field, target, index in _knowledge_references(
                        record, self.fact_index, entities
                    ):
                        if target not in index:
                            yield record, field, target
            elif isinstance(record, Entity) and record.clock:
                for span in record.clock:
                    for end in (span.since, span.until):
                        if end is not None and end not in events:
                            yield record, "clock", end
            elif isinstance(record, Constraint):
                if record.before not in events and record.before not in works:
                    yield record, "before", record.before
                if record.after not in events and record.after not in works:
                    yield record, "after", record.after
            else:
                for _, field, target, index in self._references_of(record):
                    if target not in index:
                        yield record, field, target

    def claims_about(self, subject: str) -> tuple[Claim, ...]:
        """The claims whose subject is ``subject``, in file order."""
        return tuple(claim for claim in self.claims if claim.subject == subject)

    # -- the three clocks -------------------------------------------------------
    # Each call solves the order afresh (the story keeps no solver state): to ask
    # several questions, call plotline.solve(story) once and read the Solution.

    def telling(self) -> tuple[Event, ...]:
        """Events in telling order: works-tree order, then ``order``, then file order.

        Each call solves the story's order; callers that want several answers
        should call :func:`plotline.solve` once and read its
        :attr:`~plotline.Solution.telling`.
        """
        return solve(self).telling

    def chronology(self) -> tuple[Event, ...]:
        """Events in story order: dates, constraints and the present-mode rule.

        Ties and unknowns are broken by telling order, so the result is
        deterministic. Each call solves the story's order; callers that want
        several answers should call :func:`plotline.solve` once and read its
        :attr:`~plotline.Solution.chronology`.
        """
        return solve(self).chronology

    def works_in_order(self) -> tuple[Work, ...]:
        """Works in tree order: each work before its children, siblings by number then file.

        Each call solves the story's order; callers that want several answers
        should call :func:`plotline.solve` once and read its
        :attr:`~plotline.Solution.works`.
        """
        return solve(self).works

    def as_of(
        self,
        work: str | None = None,
        *,
        date: TimeValue | str | int | None = None,
        region: str | None = None,
    ) -> Story:
        """The story as known after installment ``work``, or by a viewer on ``date`` in ``region``.

        ``story.as_of("s1e08")`` keeps what is told up to that installment:
        events told in works after it go, and so do constraints and claims
        about them, and the facts no kept event reveals (see
        :func:`plotline.hide_unrevealed`). Works, entities, threads and releases
        stay (an entity not yet met is simply absent from the events). Raises
        :class:`~plotline.UnknownWorkError` (a :class:`KeyError`) for an
        unknown work.

        ``story.as_of(date="2020-09-01", region="JP")`` keeps what a viewer in
        Japan had by the end of that day, from the release history: see
        :meth:`released` for which installments that is. Give a work or a
        date and region, not both. See :func:`cut_after`.
        """
        by_release = date is not None or region is not None
        if work is not None and by_release:
            raise TypeError("as_of takes a work, or a date and region, not both")
        if work is None and not by_release:
            msg = "as_of needs a work, as_of('s1e08'), or a date: as_of(date='2020-09-01')"
            raise TypeError(msg)
        if work is not None:
            return hide_unrevealed(cut_after(self, work), self)
        return hide_unrevealed(cut_after(self, self.released(date=date, region=region).works), self)

    def released(
        self, *, date: TimeValue | str | int | None = None, region: str | None = None
    ) -> Released:
        """Which works a viewer in ``region`` certainly had by the end of ``date``.

        Only ``released`` releases count; a release in the region, worldwide
        (``WW``) or naming no region counts; a run releases its first
        installment at its ``start`` and the whole work at its ``end``; a
        release dated only ``2019-08`` is out from the end of August. Without
        a date, every release so far; without a region, releases anywhere.
        :meth:`Released.describe` says which installments that was.
        """
        return released_works(
            self.works, self.releases, date=date, region=region, tree=self._works_tree
        )

    def evolve(self, **changes: Any) -> Story:
        """A copy with some fields replaced (records are immutable)."""
        return attrs.evolve(self, **changes)


def _knowledge_references(
    event: Event, facts: Mapping[str, Fact], entities: Mapping[str, Entity]
) -> Iterator[tuple[Record, str, str, Mapping[str, Any]]]:
    """The references of an event's ``learns``, ``knows``, ``reveals`` and ``holds``."""
    for name in ("learns", "knows"):
        for entity, ids in getattr(event, name).items():
            yield event, name, entity, entities
            for fact in ids:
                yield event, name, fact, facts
    for fact in event.reveals:
        yield event, "reveals", fact, facts
    for thing, holder in event.holds.items():
        yield event, "holds", thing, entities
        if holder != NOBODY:
            yield event, "holds", holder, entities


def cut_after(story: Story, work_id: str | Collection[str]) -> Story:
    """Cut the story after installment ``work_id``, or to a set of works: nothing else told is kept.

    Given a work id, events told in works after ``work_id`` and its parts in
    tree order are dropped; given a collection of work ids (a region's
    releases need not be a prefix of the telling), events told outside those
    works and their parts are. The constraints that name a dropped event go
    with it, and so do the claims about it. Events told nowhere are kept.
    Raise :class:`~plotline.UnknownWorkError` (a :class:`KeyError`) for an
    unknown work id, naming the closest work id. Only the works tree is
    built; nothing is solved.

    >>> story = Story(
    ...     works=[Work("e1", number=1), Work("e2", number=2)],
    ...     events=[Event("a", told_in="e1"), Event("b", told_in="e2")],
    ... )
    >>> [event.id for event in cut_after(story, "e1").events]
    ['a']
    >>> [event.id for event in cut_after(story, {"e2"}).events]
    ['b']
    >>> cut_after(story, "e01")
    Traceback (most recent call last):
    ...
    plotline.exceptions.UnknownWorkError: unknown work 'e01' (did you mean 'e1'?)
    """
    tree = story._works_tree  # the story's own, built once per story
    position = tree.position
    if isinstance(work_id, str):
        span = tree.span(work_id, work_id)
        if span is None:
            raise UnknownWorkError(work_id, position)
        last = span[1]
        dropped_works = {work for work, at in position.items() if at > last}
    else:
        kept_works = frozenset(work_id)
        dropped_works = {work for work in position if not tree.within(work, kept_works)}
    kept: list[Event] = []
    kept_ids: set[str] = set()
    dropped: set[str] = set()
    for event in story.events:
        if event.told_in in dropped_works:
            dropped.add(event.id)
        else:
            kept.append(event)
            kept_ids.add(event.id)
    gone = dropped - kept_ids
    if gone:
        constraints = [c for c in story.constraints if c.before not in gone and c.after not in gone]
        claims = [claim for claim in story.claims if claim.subject not in gone]
        story = story.evolve(events=kept, constraints=constraints, claims=claims)
    else:
        story = story.evolve(events=kept)
    return story
