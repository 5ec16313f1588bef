"""The records of a story: frozen, slotted attrs classes with validators.

A :class:`Story` holds tuples of records in file order and indexes them by id.
It keeps what a careful loader must not hide: two records with one id, and
references that name no record. The checker reports those (PL101, PL102); the
model only makes them easy to find.

Every record may carry an :class:`Origin`: where it was written (file, line,
column) and where each of its fields was. Origins never take part in equality,
so ``load(dump(story)) == story`` holds whatever the files looked like.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from plotline._time import Duration, Instant, Interval

if TYPE_CHECKING:
    from plotline._order import Solution

__all__ = [
    "Arc",
    "CheckSettings",
    "Claim",
    "ClaimValue",
    "Constraint",
    "Entity",
    "EntityKind",
    "Event",
    "Importance",
    "Location",
    "Mode",
    "Origin",
    "Participant",
    "Record",
    "Release",
    "ReleaseKind",
    "Role",
    "Source",
    "SourceKind",
    "Story",
    "Thread",
    "ThreadStatus",
    "TimeValue",
    "Work",
    "WorkKind",
]

TimeValue = Instant | Interval
ClaimValue = str | int | float | bool

# ---------------------------------------------------------------------------
# Enumerations. Values are the spellings used in story files.


class WorkKind(enum.StrEnum):
    """What kind of installment a :class:`Work` is."""

    SERIES = "series"
    SEASON = "season"
    EPISODE = "episode"
    SPECIAL = "special"
    FILM = "film"
    SERIAL = "serial"
    BOOK = "book"
    VOLUME = "volume"
    PART = "part"
    CHAPTER = "chapter"
    ISSUE = "issue"
    GAME = "game"
    LEVEL = "level"
    SCENE = "scene"
    OTHER = "other"


class ReleaseKind(enum.StrEnum):
    """How a :class:`Release` reached its audience."""

    ANNOUNCEMENT = "announcement"
    PREMIERE = "premiere"
    STREAMING = "streaming"
    BROADCAST = "broadcast"
    HOME_VIDEO = "home-video"
    PRINT = "print"
    DIGITAL = "digital"
    THEATRICAL = "theatrical"


class EntityKind(enum.StrEnum):
    """What an :class:`Entity` is."""

    CHARACTER = "character"
    ORGANISATION = "organisation"
    GROUP = "group"
    PLACE = "place"
    OBJECT = "object"
    OTHER = "other"


class Importance(enum.StrEnum):
    """How central an entity is; PL305 watches ``main`` and ``major`` ones."""

    MAIN = "main"
    MAJOR = "major"
    MINOR = "minor"


class ThreadStatus(enum.StrEnum):
    """What became of a plot thread, as its author declares it."""

    RESOLVED = "resolved"
    OPEN = "open"
    SEQUEL_HOOK = "sequel-hook"
    ABANDONED = "abandoned"


class Mode(enum.StrEnum):
    """How an event is told: in the present of the telling, or as something else."""

    PRESENT = "present"
    FLASHBACK = "flashback"
    DREAM = "dream"
    VISION = "vision"
    RECAP = "recap"

    @property
    def is_present(self) -> bool:
        """Whether the telling order places this event (only ``present`` does)."""
        return self is Mode.PRESENT


class Role(enum.StrEnum):
    """What an entity does in an event."""

    PRESENT = "present"
    DIES = "dies"
    DESTROYED = "destroyed"
    INTRODUCED = "introduced"
    BORN = "born"
    EXITS = "exits"
    RETURNS = "returns"
    MENTIONED = "mentioned"
    VOICE = "voice"

    @property
    def on_scene(self) -> bool:
        """Whether the role places the entity in the scene (``mentioned``/``voice`` do not)."""
        return self not in (Role.MENTIONED, Role.VOICE)

    @property
    def ends_life(self) -> bool:
        """Whether the role ends the entity's existence (``dies`` or ``destroyed``)."""
        return self in (Role.DIES, Role.DESTROYED)

    @property
    def begins_life(self) -> bool:
        """Whether the role marks the entity's first appearance (``born``/``introduced``)."""
        return self in (Role.BORN, Role.INTRODUCED)


class SourceKind(enum.StrEnum):
    """What kind of text or material a :class:`Source` is."""

    ENCYCLOPEDIA = "encyclopedia"
    WIKI = "wiki"
    TROPE_PAGE = "trope-page"
    REVIEW = "review"
    NEWS = "news"
    INTERVIEW = "interview"
    OFFICIAL = "official"
    PRIMARY = "primary"
    BOOK = "book"
    DATASET = "dataset"
    OTHER = "other"


# ---------------------------------------------------------------------------
# Where things were written.


@attrs.frozen(slots=True)
class Location:
    """A place in a story file: ``file:line:column`` plus the path inside the data.

    ``line`` and ``column`` count from 1. ``file`` is ``None`` for text loaded
    from a string. ``path`` reads like ``$.events[3].when``.
    """

    file: str | None
    line: int
    column: int
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file or '<string>'}:{self.line}:{self.column}"


@attrs.frozen(slots=True)
class Origin:
    """Where a record and each of its fields were written."""

    record: Location
    fields: Mapping[str, Location] = attrs.field(factory=dict, hash=False)

    def of(self, name: str | None = None) -> Location:
        """The location of field ``name``, or of the record when the field has none."""
        if name is None:
            return self.record
        return self.fields.get(name, self.record)


def _origin_field() -> Any:
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


# ---------------------------------------------------------------------------
# Converters and validators shared by the records.

_ID = re.compile(r"[^\s]+")
_E = TypeVar("_E", bound=enum.StrEnum)

# The converters and validators run for every field of every record built, a
# million times over when a large story loads: each takes its common case (a
# value already of the right type, an empty default) first and cheaply.


def _ids(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if type(value) is tuple:
        return value
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _id_valid(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        msg = f"{attribute.name} must be a non-empty id without spaces, not {value!r}"
        raise ValueError(msg)


def _opt_id_valid(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not str or not _ID.fullmatch(value)):
        _id_valid(inst, attribute, value)


def _ids_valid(inst: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        if type(item) is not str or not _ID.fullmatch(item):
            _id_valid(inst, attribute, item)


def _positive(_inst: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 0:
        msg = f"{attribute.name} must not be negative, not {value}"
        raise ValueError(msg)


def _members(cls: type[_E]) -> dict[str, _E]:
    """Each member of a string enumeration by its value (a member finds itself too)."""
    return {member.value: member for member in cls}


def _member(members: Mapping[str, _E], cls: type[_E], value: str) -> _E:
    """Convert ``value`` to ``cls`` with a dictionary lookup, not the slow ``cls(value)``.

    An unknown value still goes to ``cls(value)``, for the usual ``ValueError``.
    """
    try:
        return members[value]
    except (KeyError, TypeError):
        return cls(value)


_WORK_KINDS: Final = _members(WorkKind)
_RELEASE_KINDS: Final = _members(ReleaseKind)
_ENTITY_KINDS: Final = _members(EntityKind)
_MODES: Final = _members(Mode)
_SOURCE_KINDS: Final = _members(SourceKind)
_IMPORTANCES: Final = _members(Importance)
_THREAD_STATUSES: Final = _members(ThreadStatus)


def _work_kind(value: WorkKind | str) -> WorkKind:
    return _member(_WORK_KINDS, WorkKind, value)


def _release_kind(value: ReleaseKind | str) -> ReleaseKind:
    return _member(_RELEASE_KINDS, ReleaseKind, value)


def _entity_kind(value: EntityKind | str) -> EntityKind:
    return _member(_ENTITY_KINDS, EntityKind, value)


def _mode(value: Mode | str) -> Mode:
    return _member(_MODES, Mode, value)


def _source_kind(value: SourceKind | str | None) -> SourceKind | None:
    return None if value is None else _member(_SOURCE_KINDS, SourceKind, value)


def _importance(value: Importance | str | None) -> Importance | None:
    return None if value is None else _member(_IMPORTANCES, Importance, value)


def _thread_status(value: ThreadStatus | str | None) -> ThreadStatus | None:
    return None if value is None else _member(_THREAD_STATUSES, ThreadStatus, value)


_ROLES: Final = _members(Role)


def _participants(value: Mapping[str, Role | str] | None) -> dict[str, Role]:
    if value is None:
        return {}
    roles = _ROLES
    try:
        return {entity: roles[role] for entity, role in value.items()}
    except (KeyError, TypeError):
        return {entity: Role(role) for entity, role in value.items()}


# ---------------------------------------------------------------------------
# The records.


@attrs.frozen(slots=True)
class Source:
    """Where a fact comes from: a text, an interview, a dataset."""

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    kind: SourceKind | None = attrs.field(default=None, converter=_source_kind)
    url: str | None = None
    date: TimeValue | None = None
    note: str | None = None
    origin: Origin | None = _origin_field()


@attrs.frozen(slots=True)
class Work:
    """An installment in the works tree: series > season > episode, or book > chapter."""

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    kind: WorkKind = attrs.field(default=WorkKind.OTHER, converter=_work_kind)
    parent: str | None = attrs.field(default=None, validator=_opt_id_valid)
    number: int | None = attrs.field(default=None, validator=_positive)
    runtime: Duration | None = None
    episode_count: int | None = attrs.field(default=None, validator=_positive)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()


@attrs.frozen(slots=True)
class Release:
    """One release of a work: a premiere, a broadcast run, a home-video edition."""

    work: str = attrs.field(validator=_id_valid)
    kind: ReleaseKind = attrs.field(converter=_release_kind)
    date: TimeValue | None = None
    start: Instant | None = None
    end: Instant | None = None
    region: str | None = None
    platform: str | None = None
    id: str | None = attrs.field(default=None, validator=_opt_id_valid)
    note: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()

    @property
    def span(self) -> TimeValue | None:
        """The time the release covers: its ``date``, or its run from ``start`` to ``end``."""
        if self.date is not None:
            return self.date
        if self.start is None and self.end is None:
            return None
        return Interval(start=self.start, end=self.end)

    @property
    def medium(self) -> tuple[str, str]:
        """The lane a release belongs to: (region, platform or kind)."""
        return (self.region or "", self.platform or self.kind.value)


@attrs.frozen(slots=True)
class Entity:
    """A character, organisation, place or object."""

    id: str = attrs.field(validator=_id_valid)
    name: str | None = None
    kind: EntityKind = attrs.field(default=EntityKind.CHARACTER, converter=_entity_kind)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    importance: Importance | None = attrs.field(default=None, converter=_importance)
    summary: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """The name to show: ``name`` if given, else the id."""
        return self.name or self.id


@attrs.frozen(slots=True)
class Thread:
    """A plot thread: a line of causality the audience follows."""

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    parent: str | None = attrs.field(default=None, validator=_opt_id_valid)
    status: ThreadStatus | None = attrs.field(default=None, converter=_thread_status)
    summary: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """The title to show: ``title`` if given, else the id."""
        return self.title or self.id


@attrs.frozen(slots=True)
class Arc:
    """A span of the telling, from work ``start`` to work ``end``, that carries threads."""

    id: str = attrs.field(validator=_id_valid)
    start: str = attrs.field(validator=_id_valid)
    end: str = attrs.field(validator=_id_valid)
    title: str | None = None
    threads: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    level: int = attrs.field(default=1, validator=_positive)
    min_length: int | None = attrs.field(default=None, validator=_positive)
    max_length: int | None = attrs.field(default=None, validator=_positive)
    summary: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """The title to show: ``title`` if given, else the id."""
        return self.title or self.id


@attrs.frozen(slots=True)
class Participant:
    """One entity's part in an event (a view over :attr:`Event.participants`)."""

    entity: str
    role: Role


@attrs.frozen(slots=True)
class Event:
    """Something that happens, told in a work, perhaps dated in story time."""

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    summary: str | None = None
    told_in: str | None = attrs.field(default=None, validator=_opt_id_valid)
    order: int | None = None
    when: TimeValue | None = None
    duration: Duration | None = None
    mode: Mode = attrs.field(default=Mode.PRESENT, converter=_mode)
    threads: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    participants: Mapping[str, Role] = attrs.field(
        factory=dict, converter=_participants, hash=False
    )
    location: str | None = attrs.field(default=None, validator=_opt_id_valid)
    opens: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    resolves: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """The title to show: ``title`` if given, else the id."""
        return self.title or self.id

    def roles(self) -> Iterator[Participant]:
        """The participants as :class:`Participant` records, in file order."""
        for entity, role in self.participants.items():
            yield Participant(entity, role)

    @property
    def all_threads(self) -> tuple[str, ...]:
        """Every thread the event touches: ``threads``, ``opens`` and ``resolves``, once each."""
        return tuple(dict.fromkeys((*self.threads, *self.opens, *self.resolves)))


@attrs.frozen(slots=True)
class Constraint:
    """An ordering fact: event ``before`` ends before event ``after`` starts.

    ``min_gap`` and ``max_gap`` bound the time between the two.
    """

    before: str = attrs.field(validator=_id_valid)
    after: str = attrs.field(validator=_id_valid)
    min_gap: Duration | None = None
    max_gap: Duration | None = None
    id: str | None = attrs.field(default=None, validator=_opt_id_valid)
    note: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """A short description: its id, or ``before < after``."""
        return self.id or f"{self.before} < {self.after}"


@attrs.frozen(slots=True)
class Claim:
    """One source's value for one field of one record (``subject``)."""

    subject: str = attrs.field(validator=_id_valid)
    field: str
    value: ClaimValue
    source: str = attrs.field(validator=_id_valid)
    id: str | None = attrs.field(default=None, validator=_opt_id_valid)
    note: str | None = None
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    origin: Origin | None = _origin_field()


Record = Source | Work | Release | Entity | Thread | Arc | Event | Constraint | Claim

_R = TypeVar("_R", Source, Work, Entity, Thread, Arc, Event)


def _index(records: tuple[_R, ...]) -> dict[str, _R]:
    """Map ids to records; the first record with an id wins, duplicates stay in the tuple."""
    index: dict[str, _R] = {}
    for record in records:
        index.setdefault(record.id, record)
    return index


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return () if value is None else tuple(value)


@attrs.frozen(slots=True)
class CheckSettings:
    """The ``[check]`` table of a story file: what to select, ignore and how."""

    select: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    origin: Origin | None = _origin_field()


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
    check: CheckSettings = attrs.field(factory=CheckSettings)
    summary: str | None = None
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
    def source_index(self) -> Mapping[str, Source]:
        """Sources by id (the first of any duplicates)."""
        return _index(self.sources)

    def get(self, id: str) -> Record | None:
        """The record with this id, whatever its kind, or ``None``."""
        for index in (
            self.event_index,
            self.entity_index,
            self.thread_index,
            self.work_index,
            self.arc_index,
            self.source_index,
        ):
            record = index.get(id)
            if record is not None:
                return record
        return None

    def records(self) -> Iterator[Record]:
        """Every record, kind by kind, each kind in file order."""
        yield from self.sources
        yield from self.works
        yield from self.releases
        yield from self.entities
        yield from self.threads
        yield from self.arcs
        yield from self.events
        yield from self.constraints
        yield from self.claims

    def duplicates(self) -> Iterator[tuple[Record, Record]]:
        """Each record whose id an earlier record of the same kind already has, with that one.

        Ids are namespaced by kind: an event and an entity may share an id.
        """
        kinds: tuple[tuple[Record, ...], ...] = (
            self.sources,
            self.works,
            self.releases,
            self.entities,
            self.threads,
            self.arcs,
            self.events,
            self.constraints,
            self.claims,
        )
        for records in kinds:
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
            case Constraint():
                yield record, "before", record.before, self.event_index
                yield record, "after", record.after, self.event_index
            case Claim():
                yield record, "source", record.source, self.source_index
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
            elif isinstance(record, Constraint):
                if record.before not in events:
                    yield record, "before", record.before
                if record.after not in events:
                    yield record, "after", record.after
            else:
                for _, field, target, index in self._references_of(record):
                    if target not in index:
                        yield record, field, target

    def claims_about(self, subject: str) -> tuple[Claim, ...]:
        """The claims whose subject is ``subject``, in file order."""
        return tuple(claim for claim in self.claims if claim.subject == subject)

    # -- the three clocks -------------------------------------------------------

    @cached_property
    def solution(self) -> Solution:
        """The solved order of the story (telling order, story order, bounds, conflicts)."""
        from plotline._order import solve

        return solve(self)

    def telling(self) -> tuple[Event, ...]:
        """Events in telling order: works-tree order, then ``order``, then file order."""
        return self.solution.telling

    def chronology(self) -> tuple[Event, ...]:
        """Events in story order: dates, constraints and the present-mode rule.

        Ties and unknowns are broken by telling order, so the result is deterministic.
        """
        return self.solution.chronology

    def works_in_order(self) -> tuple[Work, ...]:
        """Works in tree order: each work before its children, siblings by number then file."""
        return self.solution.works

    def as_of(self, work: str) -> Story:
        """The story as known after installment ``work``: nothing told later is kept.

        Events told in works after ``work`` go, and so do constraints and claims
        about them. Works, entities, threads and releases stay (an entity not yet
        met is simply absent from the events). Raises :class:`KeyError` for an
        unknown work.
        """
        from plotline._order import cut_after

        return cut_after(self, work)

    def evolve(self, **changes: Any) -> Story:
        """A copy with some fields replaced (records are immutable)."""
        return attrs.evolve(self, **changes)
