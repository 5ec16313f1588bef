"""PL1: references. Every id names one record, and every reference names a record."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, Final

from plotline._model import (
    Claim,
    Constraint,
    Entity,
    EntityKind,
    Release,
    Route,
    Source,
    SourceKind,
    Thread,
    Work,
    WorkKind,
)
from plotline.exceptions import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from plotline._check._context import Context, Hit

__all__ = ["duplicate_id", "unknown_kind", "unknown_reference"]


# PL101 duplicate-id
def duplicate_id(ctx: Context) -> Iterator[Hit]:
    """Flag two records of the same kind that share an id.

    An id is how every other record points at this one: with two records under
    one id, references silently go to the first and the second is lost to
    every rule that looks it up. Ids are namespaced by kind: an event and an
    entity may share an id, two events may not. Two ids that look the same
    but are written with other code points (``café`` precomposed in one
    place, ``e`` and a combining accent in another: the same after Unicode
    NFC normalisation) are a finding too, since references in one spelling
    miss the record in the other.

    Bad::

        [[events]]
        id = "monica-killed"
        told_in = "s1e01"

        [[events]]
        id = "monica-killed"
        told_in = "s1e15"
        mode = "flashback"

    Good::

        [[events]]
        id = "monica-killed"
        told_in = "s1e01"

        [[events]]
        id = "monica-killed-flashback"
        told_in = "s1e15"
        mode = "flashback"
    """
    for first, second in ctx.story.duplicates():
        kind = ctx.kind(second)
        yield ctx.finding(
            f"{kind} id '{second.id}' is already used by another {kind}; "
            "rename one of them (references go to the first)",
            at=second,
            field="id",
            subjects=[second],
            related=[ctx.related(f"the first {kind} '{first.id}'", first, "id")],
        )
    for first, second in _twins(ctx):
        kind = ctx.kind(second)
        yield ctx.finding(
            f"{kind} id '{second.id}' ({second.id!a}) is {kind} '{first.id}' "
            f"({first.id!a}) written with other Unicode code points; spell both alike "
            "(references in one spelling miss the other record)",
            at=second,
            field="id",
            subjects=[second],
            related=[ctx.related(f"the {kind} '{first.id}' spelt the other way", first, "id")],
        )


def _twins(ctx: Context) -> Iterator[tuple[Any, Any]]:
    """Each record whose id equals an earlier one of its kind after NFC, but not as written.

    Exact duplicates are left to :meth:`Story.duplicates`.
    """
    for records in ctx.story.tables():
        ids = [record.id for record in records if record.id is not None]
        if all(id_.isascii() for id_ in ids):  # ASCII is its own NFC: no twins possible
            continue
        first: dict[str, Any] = {}
        spellings: set[str] = set()
        for record in records:
            if record.id is None:
                continue
            key = unicodedata.normalize("NFC", record.id)
            earlier = first.setdefault(key, record)
            if earlier.id != record.id and record.id not in spellings:
                yield earlier, record
            spellings.add(record.id)


def _twin(target: str, names: list[str]) -> str | None:
    """The one of ``names`` that is ``target`` after NFC normalisation, written otherwise."""
    key = unicodedata.normalize("NFC", target)
    for name in names:
        if name != target and unicodedata.normalize("NFC", name) == key:
            return name
    return None


# PL102 unknown-reference
def unknown_reference(ctx: Context) -> Iterator[Hit]:
    """Flag a reference that names no record, suggesting the closest id.

    A misspelt id quietly cuts a record out of the story: an event told in
    ``s1e16`` of a fifteen-episode season is told nowhere, a participant
    ``sara`` is nobody. Every reference is checked against the records of the
    kind it must name (``told_in`` names a work, ``participants`` and
    ``location`` name entities, ``sources`` name sources…), and so is the
    ``subject`` of every claim (which may name a record of any kind). A
    constraint's ``before`` and ``after`` name an event or a work (a work
    stands for the span of the present-mode events told in it), so they are
    findings only when they name neither. An id that is a record's id written
    with other Unicode code points (NFC twins) is suggested first.

    Bad::

        [[events]]
        id = "monica-killed"
        told_in = "s1e16"
        participants = { sara = "present" }

        [[constraints]]
        id = "killed-before-season-2"
        before = "monica-killed"
        after = "season-2"

    Good::

        [[events]]
        id = "monica-killed"
        told_in = "s1e15"
        participants = { sarah = "present" }

        [[constraints]]
        id = "killed-before-season-2"
        before = "monica-killed"
        after = "s2"    # a work: every present-mode event told in season 2
    """
    story = ctx.story
    indexes: dict[str, Mapping[str, Any]] = {
        "work": story.work_index,
        "entity": story.entity_index,
        "thread": story.thread_index,
        "event": story.event_index,
        "source": story.source_index,
        "fact": story.fact_index,
    }
    hints: dict[tuple[str, str], str | None] = {}  # one suggestion per missing id and kind
    for record, field, target in story.dangling():
        kind = _target_kind(record, field, target)
        if (kind, target) not in hints:
            if kind == "event or work":
                names = [*story.event_index, *story.work_index]
            else:
                names = list(indexes[kind])
            hints[kind, target] = _twin(target, names) or did_you_mean(target, names)
        yield _unknown(ctx, record, field, target, kind=kind, hint=hints[kind, target])
    # A claim's subject may be a record of any kind: look in each index, and among the
    # ids of the kinds that have no index (releases, constraints, claims) only if need be.
    named = [*indexes.values(), story.arc_index]
    others: set[str] | None = None
    for claim in story.claims:
        subject = claim.subject
        if any(subject in index for index in named):
            continue
        if others is None:
            unindexed: tuple[Release | Constraint | Claim | Route, ...] = (
                *story.releases,
                *story.constraints,
                *story.claims,
                *story.routes,
            )
            others = {record.id for record in unindexed if record.id is not None}
        if subject not in others:
            if ("record", subject) not in hints:
                everything = list(ctx.records_by_id)
                hints["record", subject] = _twin(subject, everything) or did_you_mean(
                    subject, everything
                )
            hint = hints["record", subject]
            yield _unknown(ctx, claim, "subject", subject, kind="record", hint=hint)


_TARGETS = {
    "sources": "source",
    "source": "source",
    "work": "work",
    "told_in": "work",
    "start": "work",
    "end": "work",
    "threads": "thread",
    "opens": "thread",
    "resolves": "thread",
    "participants": "entity",
    "location": "entity",
    "before": "event or work",
    "after": "event or work",
    "ages": "entity",
    "clock": "event",
    "from": "entity",  # a route's places
    "to": "entity",
    "a": "entity",  # a relation's two sides, and the events it holds between
    "b": "entity",
    "since": "event",
    "until": "event",
    "refutes": "fact",
    "reveals": "fact",
    "holds": "entity",  # objects and their holders
}


def _target_kind(record: Any, field: str, target: str) -> str:
    """The kind of record a reference in ``field`` must name."""
    if field == "parent":
        return "thread" if isinstance(record, Thread) else "work"
    if field in ("learns", "knows"):  # entity -> facts: the keys are entities
        return "entity" if target in getattr(record, field) else "fact"
    return _TARGETS[field]


def _unknown(
    ctx: Context,
    record: Any,
    field: str,
    target: str,
    *,
    kind: str,
    hint: str | None,
) -> Hit:
    suggestion = f" (did you mean '{hint}'?)" if hint else ""
    if hint and unicodedata.normalize("NFC", hint) == unicodedata.normalize("NFC", target):
        suggestion = f" (did you mean '{hint}'? it is written {hint!a}, the reference {target!a})"
    owner = ctx.kind(record)
    name = f" '{record.id}'" if record.id is not None else ""
    if kind == "event or work":
        return ctx.finding(
            f"{owner}{name} names no event or work '{target}' in `{field}`{suggestion}; "
            "fix the id or add the missing event or work",
            at=record,
            field=field,
            subjects=[record] if record.id is not None else [record, target],
        )
    return ctx.finding(
        f"{owner}{name} names unknown {kind} '{target}' in `{field}`{suggestion}; "
        f"fix the id or add the missing {kind}",
        at=record,
        field=field,
        subjects=[record] if record.id is not None else [record, target],
    )


_KNOWN_KINDS: Final = (
    ("work", WorkKind, "works"),
    ("entity", EntityKind, "entities"),
    ("source", SourceKind, "sources"),
)


# PL103 unknown-kind
def unknown_kind(ctx: Context) -> Iterator[Hit]:
    """Flag a kind that is one slip away from a known kind (``epsiode``, ``charater``).

    Kinds are open: a work may be a ``webisode``, an entity a ``spaceship``,
    a source a ``fan-wiki``, and such kinds of your own load and check like
    any other (they simply carry no meaning of plotline's). But a kind one
    letter away from a known one (one letter added, dropped or changed, or
    two letters swapped) is almost always a typo, and a typo silently loses
    what the known kind means: an ``epsiode`` is not counted as an episode.
    Known kinds: works ``series``, ``season``, ``episode``, ``special``,
    ``film``, ``serial``, ``book``, ``novel``, ``novella``, ``short-story``,
    ``volume``, ``part``, ``chapter``, ``issue``, ``game``, ``level``,
    ``scene``, ``other``; entities ``character``, ``organisation``,
    ``group``, ``place``, ``object``, ``other``; sources ``encyclopedia``,
    ``wiki``, ``trope-page``, ``review``, ``news``, ``interview``,
    ``official``, ``primary``, ``book``, ``dataset``, ``other``.

    Bad::

        [[works]]
        id = "s1e01"
        kind = "epsiode"

    Good::

        [[works]]
        id = "s1e01"
        kind = "episode"

        [[works]]
        id = "s1w01"
        kind = "webisode"    # a kind of your own: no finding
    """
    for noun, known, table in _KNOWN_KINDS:
        members = [member.value for member in known]
        record: Work | Entity | Source
        for record in getattr(ctx.story, table):
            kind = record.kind
            if kind is None or isinstance(kind, known):
                continue
            near = [member for member in members if _one_slip(kind, member)]
            if not near:
                continue
            yield ctx.finding(
                f"unknown {noun} kind {kind!r} (did you mean {near[0]!r}?); correct it, or "
                f'keep it if it is a kind of your own (or add `allow = ["PL103"]` to the {noun})',
                at=record,
                field="kind",
                subjects=[record],
            )


def _one_slip(word: str, known: str) -> bool:
    """Whether ``word`` is ``known`` with one letter added, dropped or changed, or two swapped.

    >>> [_one_slip(word, "episode") for word in ("epsiode", "episodes", "webisode")]
    [True, True, False]
    """
    if word == known or abs(len(word) - len(known)) > 1:
        return False
    if len(word) == len(known):
        diff = [i for i, (a, b) in enumerate(zip(word, known, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == known[diff[1]]
            and word[diff[1]] == known[diff[0]]
        )
    short, long = (word, known) if len(word) < len(known) else (known, word)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
