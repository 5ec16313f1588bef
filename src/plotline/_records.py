"""The records of a story: frozen, slotted attrs classes with validators.

Each record is one kind of fact in a series bible: a :class:`Work` in the
works tree, a :class:`Release`, an :class:`Entity`, a plot :class:`Thread`, an
:class:`Arc`, an :class:`Event`, an ordering :class:`Constraint`, a
:class:`Source` and a :class:`Claim`, with the enumerations their fields take.
:class:`~plotline._model.Story` gathers them; the order solver
(:mod:`plotline._order`) reads them without knowing the story.

Every record may carry an :class:`Origin`: where it was written (file, line,
column) and where each of its fields was. Origins never take part in equality,
so ``load(dump(story)) == story`` holds whatever the files looked like.

>>> Event("meet", told_in="s1e01", participants={"sarah": "introduced"}).participants
{'sarah': <Role.INTRODUCED: 'introduced'>}
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar

import attrs

from plotline._time import (
    ClockSpan,
    Duration,
    Instant,
    Interval,
    from_python,
    parse_story_time,
)
from plotline.exceptions import Location, TimeParseError, suggestion

__all__ = [
    "KIND_WORD",
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
    "ReleaseStatus",
    "Role",
    "Source",
    "SourceKind",
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
    NOVEL = "novel"
    NOVELLA = "novella"
    SHORT_STORY = "short-story"
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


class ReleaseStatus(enum.StrEnum):
    """Whether a :class:`Release` happened: only ``released`` ones take part in PL501 and PL502."""

    RELEASED = "released"
    ANNOUNCED = "announced"
    RESCHEDULED = "rescheduled"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


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
    TIME_TRAVEL = "time-travel"
    """Real, but placed by dates and constraints, never by telling order; its people may
    be somewhere else at the same time (they travelled there)."""
    FALSE_ACCOUNT = "false-account"
    """A lie, a cover story, a staged death, an unreliable account: it places nobody and
    ends no life."""

    @property
    def is_present(self) -> bool:
        """Whether the telling order places this event (only ``present`` does)."""
        return self is Mode.PRESENT

    @property
    def is_real(self) -> bool:
        """Whether what the event shows happened to the people in it (present, time travel)."""
        return self is Mode.PRESENT or self is Mode.TIME_TRAVEL


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
    GHOST = "ghost"
    """On scene after death, without ending it (a ghost, a spirit, a Force ghost)."""

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
# Where things were written (a :class:`~plotline.exceptions.Location` per record and field).


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


def _member(members: Mapping[str, _E], value: object, what: str, about: str = "") -> _E:
    """Convert ``value`` to its member with a dictionary lookup, not the slow ``cls(value)``.

    An unknown value is a ``ValueError`` naming the field (``what``), the closest
    spelling and every choice: ``unknown mode 'flash-back' (did you mean 'flashback'?)``.
    """
    member = members.get(value) if isinstance(value, str) else None
    if member is not None:
        return member
    if isinstance(value, str):
        msg = f"unknown {what} {value!r}{about}{suggestion(value, members)}"
    else:
        msg = f"a {what} is text, not {type(value).__name__}"
    msg = f"{msg}; expected one of: {', '.join(members)}"
    raise ValueError(msg)


_WORK_KINDS: Final = _members(WorkKind)
_RELEASE_KINDS: Final = _members(ReleaseKind)
_ENTITY_KINDS: Final = _members(EntityKind)
_MODES: Final = _members(Mode)
_SOURCE_KINDS: Final = _members(SourceKind)
_IMPORTANCES: Final = _members(Importance)
_THREAD_STATUSES: Final = _members(ThreadStatus)
_RELEASE_STATUSES: Final = _members(ReleaseStatus)


KIND_WORD: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
"""What an open ``kind`` may be: one lowercase word, hyphens between its parts."""


def _open_kind(members: Mapping[str, _E], value: _E | str, what: str) -> _E | str:
    """A known kind as its enumeration member; any other lowercase word as it is."""
    member = members.get(value) if isinstance(value, str) else None
    if member is not None:
        return member
    if isinstance(value, str) and KIND_WORD.fullmatch(value):
        return value
    msg = (
        f"a {what} kind is one lowercase word (letters, digits and hyphens), not {value!r}; "
        f"known kinds: {', '.join(members)}"
    )
    raise ValueError(msg)


def _work_kind(value: WorkKind | str) -> WorkKind | str:
    return _open_kind(_WORK_KINDS, value, "work")


def _release_kind(value: ReleaseKind | str) -> ReleaseKind:
    return _member(_RELEASE_KINDS, value, "release kind")


def _release_status(value: ReleaseStatus | str) -> ReleaseStatus:
    return _member(_RELEASE_STATUSES, value, "release status")


def _entity_kind(value: EntityKind | str) -> EntityKind | str:
    return _open_kind(_ENTITY_KINDS, value, "entity")


def _mode(value: Mode | str) -> Mode:
    return _member(_MODES, value, "mode")


def _source_kind(value: SourceKind | str | None) -> SourceKind | str | None:
    return None if value is None else _open_kind(_SOURCE_KINDS, value, "source")


def _importance(value: Importance | str | None) -> Importance | None:
    return None if value is None else _member(_IMPORTANCES, value, "importance")


def _thread_status(value: ThreadStatus | str | None) -> ThreadStatus | None:
    return None if value is None else _member(_THREAD_STATUSES, value, "thread status")


_ROLES: Final = _members(Role)


def _meta(value: Mapping[str, Any] | None) -> dict[str, Any]:
    """Free keys of a record: a plain dict of text keys (values as a story file holds them)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        msg = f"meta is a table of text keys, not {type(value).__name__}"
        raise TypeError(msg)
    return dict(value)


def _meta_field() -> Any:
    """A ``meta`` field: free keys, part of equality, never of the hash."""
    return attrs.field(factory=dict, converter=_meta, hash=False)


def _time(value: TimeValue | str | int | None, field: str = "time") -> TimeValue | None:
    """A time as a story file writes it (``"2020-07"``, ``"0074"``), or one already parsed.

    Text that is no time is a :class:`~plotline.exceptions.TimeParseError` naming
    the field: ``date: 'not a date' is not a date: ...``.
    """
    if value is None or isinstance(value, Instant | Interval):
        return value
    try:
        if isinstance(value, str):
            return parse_story_time(value)
        return from_python(value)
    except TimeParseError as error:
        raise TimeParseError(f"{field}: {error}", error.text, error.hint) from None
    except TypeError as error:
        msg = f"{field}: {error}"
        raise TypeError(msg) from None


def _instant(value: Instant | str | int | None, field: str) -> Instant | None:
    """A single time (not an interval), as :func:`_time` reads it."""
    parsed = _time(value, field)
    if parsed is not None and not isinstance(parsed, Instant):
        msg = f"{field}: expected a single time, got the interval {str(parsed)!r}"
        raise TimeParseError(msg, str(parsed), "give a run as start and end, or as date")
    return parsed


def _duration(value: Duration | str | None, field: str) -> Duration | None:
    """A duration as a story file writes it (``"PT24M"``), or one already parsed."""
    if value is None or isinstance(value, Duration):
        return value
    try:
        return Duration.parse(value)
    except TimeParseError as error:
        raise TimeParseError(f"{field}: {error}", error.text, error.hint) from None


# One converter per field, so a refusal names the field (attrs converters get only the value).


def _date(value: TimeValue | str | int | None) -> TimeValue | None:
    return _time(value, "date")


def _when(value: TimeValue | str | int | None) -> TimeValue | None:
    return _time(value, "when")


def _start(value: Instant | str | int | None) -> Instant | None:
    return _instant(value, "start")


def _end(value: Instant | str | int | None) -> Instant | None:
    return _instant(value, "end")


def _runtime(value: Duration | str | None) -> Duration | None:
    return _duration(value, "runtime")


def _length(value: Duration | str | None) -> Duration | None:
    return _duration(value, "duration")


def _min_gap(value: Duration | str | None) -> Duration | None:
    return _duration(value, "min_gap")


def _max_gap(value: Duration | str | None) -> Duration | None:
    return _duration(value, "max_gap")


def _born(value: TimeValue | str | int | None) -> TimeValue | None:
    return _time(value, "born")


def _died(value: TimeValue | str | int | None) -> TimeValue | None:
    return _time(value, "died")


def _clock(value: Iterable[ClockSpan | Mapping[str, Any]] | None) -> tuple[ClockSpan, ...]:
    """An entity's clock: stretches as records, or as the tables a file writes."""
    if value is None:
        return ()
    return tuple(span if isinstance(span, ClockSpan) else ClockSpan(**span) for span in value)


def _ages(value: Mapping[str, int] | None) -> dict[str, int]:
    """Asserted ages by entity id: whole numbers of years, 0 or more."""
    if value is None:
        return {}
    for entity, age in value.items():
        if isinstance(age, bool) or not isinstance(age, int) or age < 0:
            msg = f"ages: {entity!r} must be a whole number of years, 0 or more, not {age!r}"
            raise ValueError(msg)
    return dict(value)


def _participants(value: Mapping[str, Role | str] | None) -> dict[str, Role]:
    if value is None:
        return {}
    roles = _ROLES
    try:
        return {entity: roles[role] for entity, role in value.items()}
    except (KeyError, TypeError):
        return {
            entity: _member(roles, role, "role", f" for {entity!r}")
            for entity, role in value.items()
        }


def _id_lists(value: Mapping[str, Any] | None) -> dict[str, tuple[str, ...]]:
    """A table of entity id → fact ids, as ``learns`` and ``knows`` hold it.

    One fact alone may be written as a bare id: ``{ harry = "godfather" }``.

    >>> _id_lists({"harry": "godfather", "ron": ["scabbers", "godfather"]})
    {'harry': ('godfather',), 'ron': ('scabbers', 'godfather')}
    """
    if not value:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        msg = f"expected a table of entity ids and fact ids, not {type(value).__name__}"
        raise TypeError(msg)
    result: dict[str, tuple[str, ...]] = {}
    for key, ids in value.items():
        items = _ids(ids)
        for item in items:
            if type(item) is not str or not item or any(char.isspace() for char in item):
                msg = f"a fact id is text without spaces, not {item!r} (for {key!r})"
                raise ValueError(msg)
        result[key] = items
    return result


def _id_map(value: Mapping[str, Any] | None) -> dict[str, str]:
    """A table of id → id, as ``holds`` holds it (object → holder).

    >>> _id_map({"cloak": "harry"})
    {'cloak': 'harry'}
    """
    if not value:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        msg = f"expected a table of object ids and holder ids, not {type(value).__name__}"
        raise TypeError(msg)
    for key, item in value.items():
        if type(item) is not str or not item or any(char.isspace() for char in item):
            msg = f"a holder is an id without spaces, not {item!r} (for {key!r})"
            raise ValueError(msg)
    return dict(value)


# ---------------------------------------------------------------------------
# The records.


@attrs.frozen(slots=True)
class Source:
    """Where a fact comes from: a text, an interview, a dataset."""

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    kind: SourceKind | str | None = attrs.field(default=None, converter=_source_kind)
    url: str | None = None
    date: TimeValue | None = attrs.field(default=None, converter=_date)
    note: str | None = None
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
    origin: Origin | None = _origin_field()


@attrs.frozen(slots=True)
class Work:
    """An installment in the works tree: series > season > episode, or book > chapter."""

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    kind: WorkKind | str = attrs.field(default=WorkKind.OTHER, converter=_work_kind)
    parent: str | None = attrs.field(default=None, validator=_opt_id_valid)
    number: int | None = attrs.field(default=None, validator=_positive)
    runtime: Duration | None = attrs.field(default=None, converter=_runtime)
    episode_count: int | None = attrs.field(default=None, validator=_positive)
    complete: bool = False
    continues: bool = True
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
    origin: Origin | None = _origin_field()


@attrs.frozen(slots=True)
class Release:
    """One release of a work: a premiere, a broadcast run, a home-video edition."""

    work: str = attrs.field(validator=_id_valid)
    kind: ReleaseKind = attrs.field(converter=_release_kind)
    date: TimeValue | None = attrs.field(default=None, converter=_date)
    start: Instant | None = attrs.field(default=None, converter=_start)
    end: Instant | None = attrs.field(default=None, converter=_end)
    region: str | None = None
    platform: str | None = None
    title: str | None = None
    edition: str | None = None
    publisher: str | None = None
    status: ReleaseStatus = attrs.field(default=ReleaseStatus.RELEASED, converter=_release_status)
    id: str | None = attrs.field(default=None, validator=_opt_id_valid)
    note: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
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
    kind: EntityKind | str = attrs.field(default=EntityKind.CHARACTER, converter=_entity_kind)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    importance: Importance | None = attrs.field(default=None, converter=_importance)
    within: str | None = attrs.field(default=None, validator=_opt_id_valid)
    summary: str | None = None
    born: TimeValue | None = attrs.field(default=None, converter=_born)
    died: TimeValue | None = attrs.field(default=None, converter=_died)
    clock: tuple[ClockSpan, ...] = attrs.field(default=(), converter=_clock)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
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
    meta: Mapping[str, Any] = _meta_field()
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
    meta: Mapping[str, Any] = _meta_field()
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
    when: TimeValue | None = attrs.field(default=None, converter=_when)
    duration: Duration | None = attrs.field(default=None, converter=_length)
    mode: Mode = attrs.field(default=Mode.PRESENT, converter=_mode)
    threads: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    participants: Mapping[str, Role] = attrs.field(
        factory=dict, converter=_participants, hash=False
    )
    location: str | None = attrs.field(default=None, validator=_opt_id_valid)
    opens: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    resolves: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    ages: Mapping[str, int] = attrs.field(factory=dict, converter=_ages, hash=False)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
    learns: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_id_lists, hash=False
    )
    """Entity id → the facts it learns in this event (``{ harry = ["godfather"] }``)."""
    knows: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_id_lists, hash=False
    )
    """Entity id → the facts the event needs it to know already (or learn here)."""
    reveals: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    """The facts the audience learns in this event."""
    holds: Mapping[str, str] = attrs.field(factory=dict, converter=_id_map, hash=False)
    """Object id → its holder from this event on (``"-"``: nobody holds it)."""
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
    min_gap: Duration | None = attrs.field(default=None, converter=_min_gap)
    max_gap: Duration | None = attrs.field(default=None, converter=_max_gap)
    id: str | None = attrs.field(default=None, validator=_opt_id_valid)
    note: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
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
    meta: Mapping[str, Any] = _meta_field()
    origin: Origin | None = _origin_field()


Record = Source | Work | Release | Entity | Thread | Arc | Event | Constraint | Claim


@attrs.frozen(slots=True)
class CheckSettings:
    """The ``[check]`` table of a story file: what to select, ignore and how."""

    select: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    installment: str | None = None
    """The work kind that counts as one installment for PL305 and PL403 (default: the nearest
    episode, special, film, novel, novella, book, volume, issue, game or serial)."""
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    origin: Origin | None = _origin_field()
