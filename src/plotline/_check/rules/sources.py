"""PL6: sources. What the sources say, and whether they agree."""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata
from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple, cast

import attrs

from plotline._check._finding import Finding, Severity
from plotline._time import Duration, Instant, Interval, TimeValue, agrees, parse_time

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from plotline._check._context import Context, Hit
    from plotline._model import Claim, ClaimValue, Entity, Record

__all__ = ["near_duplicate_name", "source_conflict", "unknown_claim_field", "unsourced"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_YEAR = re.compile(r"-?\d{4}")
_DIGITS = re.compile(r"\d+")


class _Value(NamedTuple):
    """A claim value reduced to what comparison needs.

    ``kind`` is ``bool``, ``number``, ``time`` or ``text``; ``key`` is hashable
    and equal for values that are the same; ``time`` is the value as a time
    span when it is one (or a whole year given as a number).
    """

    kind: str
    key: object
    time: TimeValue | None


def _year(number: float) -> TimeValue | None:
    """Read a whole number of four digits as a year."""
    if not number.is_integer():
        return None
    text = f"{int(number):04d}" if number >= 0 else f"-{int(-number):04d}"
    if not _YEAR.fullmatch(text):
        return None
    try:
        return parse_time(text)
    except ValueError:
        return None


def _normalise(value: ClaimValue) -> _Value:
    """Reduce a claim value to a comparable form: a bool, number, time span, duration or text."""
    if isinstance(value, bool):
        return _Value("bool", value, None)
    if isinstance(value, int | float):
        return _Value("number", float(value), _year(float(value)))
    text = " ".join(value.split())
    if _NUMBER.fullmatch(text):
        return _Value("number", float(text), _year(float(text)))
    try:
        time = parse_time(text)
    except (ValueError, TypeError):
        pass
    else:
        return _Value("time", time.bounds, time)
    if text[:1] in {"P", "p"}:
        try:
            return _length(Duration.parse(text.upper()))
        except (ValueError, TypeError):
            pass
    return _Value("text", text.casefold(), None)


def _length(duration: Duration) -> _Value:
    """A duration by the bounds of its length: ``PT1H`` is ``PT60M``, ``P1M`` meets ``P30D``."""
    return _Value("duration", (duration.min_seconds, duration.max_seconds), None)


def _agree(a: _Value, b: _Value) -> bool:
    """Tell whether two normalised values can both be right."""
    if a.kind == b.kind == "duration":
        a_low, a_high = cast("tuple[int, int]", a.key)
        b_low, b_high = cast("tuple[int, int]", b.key)
        return a_low <= b_high and b_low <= a_high
    if a.kind == b.kind and a.kind != "time":
        return a.key == b.key
    if a.time is not None and b.time is not None:
        return agrees(a.time, b.time)
    return False


def _shown(value: ClaimValue) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value).lower()


#: Attributes of a record that no claim is about: where it was written, and the free keys
#: (a claim about a free key names the key itself).
_NOT_CLAIMED = frozenset({"origin", "meta"})

#: Claim fields that mean a field of another name: PL602 reads ``alias`` as one of ``aliases``.
_FIELD_ALIASES = {"alias": "aliases"}


_FIELDS_BY_TYPE: dict[type, frozenset[str]] = {}


def _record_fields(record: Record) -> frozenset[str]:
    """The fields a claim may name on a record of this type (``origin`` and ``meta`` aside)."""
    kind = type(record)
    fields = _FIELDS_BY_TYPE.get(kind)
    if fields is None:
        fields = frozenset(f.name for f in attrs.fields(kind) if f.name not in _NOT_CLAIMED)
        _FIELDS_BY_TYPE[kind] = fields
    return fields


class _Own(NamedTuple):
    """The record's own value of a claimed field, and where the record keeps it."""

    record: Record
    where: str
    value: _Value
    shown: str


def _comparable(raw: object) -> tuple[_Value, str] | None:
    """A record's field value as a claim value is compared, and as the message shows it.

    Text, numbers, booleans, kinds and statuses, times and durations compare (and
    Python dates in ``meta``, as a file would write them); lists, tables and an
    unset field (``None``) are nothing to compare with.
    """
    if isinstance(raw, Instant | Interval):
        return _Value("time", raw.bounds, raw), f"'{raw}'"
    if isinstance(raw, Duration):
        return _length(raw), f"'{raw}'"
    if isinstance(raw, enum.Enum):
        raw = str(raw)
    elif isinstance(raw, datetime.date):  # a date in ``meta`` of a story built in code
        raw = raw.isoformat()
    if isinstance(raw, bool | int | float | str):
        return _normalise(raw), _shown(raw)
    return None


def _own_value(ctx: Context, subject: str, field: str) -> _Own | None:
    """What the subject record itself says of ``field``: a field of its type, or a ``meta`` key."""
    records = ctx.records_by_id.get(subject)
    if not records:
        return None
    record = records[0]
    if field in _record_fields(record):
        raw, where = getattr(record, field), field
    elif field in record.meta:
        raw, where = record.meta[field], f"meta.{field}"
    else:
        return None
    found = _comparable(raw)
    if found is None:
        return None
    return _Own(record, where, *found)


_ITSELF = "the record itself"


# PL601 source-conflict
def source_conflict(ctx: Context) -> Iterator[Hit | Finding]:
    """Flag sources that disagree about the same field of the same record, or with the record.

    Secondary sources contradict each other all the time; a bible should know
    where. Claims about one ``(subject, field)`` from different sources are
    compared precision-aware: dates and intervals agree when their spans meet
    (``2020-07`` and ``2020-07-07`` agree, ``2020-07`` and ``2020-08-01`` do
    not), numbers compare numerically (``15`` and ``"15.0"`` agree), durations
    by their length (``PT1H`` and ``PT60M`` agree), text ignores case and runs
    of spaces. The record itself takes part when it holds a value of that
    field, as a field of its own (a release's ``date`` or ``title``, a work's
    ``runtime``) or as a key of its ``meta`` (``pages``): it is named "the
    record itself" in the message, so one source against the record is a
    conflict too. One finding per disagreeing ``(subject, field)``, listing
    every value with its sources; a source that contradicts itself is not a
    conflict between sources.

    A disagreement the bible has settled is reported as resolved (suppressed:
    kept in JSON and SARIF, not counted, never failing a check): the record
    itself keeps a value that one of the claims gives, and every claim carries
    a ``note`` saying why its source says what it says. A note on some of the
    claims only (a quotation, a page) settles nothing, and neither do notes
    where the record keeps no value of its own: there, ``allow`` on a claim is
    the way to accept the disagreement.

    Bad::

        [[releases]]
        id = "s1-netflix"
        work = "s1"
        kind = "streaming"
        date = "2018-12-03"

        [[claims]]
        subject = "s1-netflix"
        field = "date"
        value = "2018-11-30"
        source = "tropes"

    Good::

        [[claims]]
        subject = "s1-netflix"
        field = "date"
        value = "2018-12"
        source = "tropes"

    Good (settled: the record keeps the wiki's day, and each claim says why)::

        [[claims]]
        subject = "s1-netflix"
        field = "date"
        value = "2018-12-03"
        source = "wiki"
        note = "The worldwide release."

        [[claims]]
        subject = "s1-netflix"
        field = "date"
        value = "2018-11-30"
        source = "tropes"
        note = "The press screening, not the release."
    """
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in ctx.story.claims:
        groups[(claim.subject, claim.field)].append(claim)
    for (subject, field), claims in groups.items():
        own = _own_value(ctx, subject, field)
        if own is None and len({claim.source for claim in claims}) < 2:
            continue
        # Each distinct value, with what says it: a claim, or None for the record itself.
        distinct: dict[tuple[str, object], tuple[_Value, list[Claim | None]]] = {}
        if own is not None:
            distinct[(own.value.kind, own.value.key)] = (own.value, [None])
        for claim in claims:
            value = _normalise(claim.value)
            distinct.setdefault((value.kind, value.key), (value, []))[1].append(claim)
        if len(distinct) < 2:
            continue
        clash = _clash(list(distinct.values()))
        if clash is None:
            continue
        listed = "; ".join(
            f"{_shown_group(group, own.shown if own else '')} ({', '.join(_parties(group))})"
            for _value, group in distinct.values()
        )
        who = (
            "sources disagree"
            if clash
            else f"{_ITSELF} and {', '.join(dict.fromkeys(c.source for c in claims))} disagree"
        )
        records: list[Record | str] = [subject, *claims]
        related = [ctx.related(f"{c.source} says {_shown(c.value)}", c, "value") for c in claims]
        if own is not None:
            related.insert(0, ctx.related(f"{_ITSELF} says {own.shown}", own.record, own.where))
        hit = ctx.finding(
            f"{who} on the `{field}` of '{subject}': {listed}; check them, keep the right "
            "value on the record and say why in each claim's `note` to settle it "
            '(or add `allow = ["PL601"]` to a claim)',
            at=claims[0],
            field="value",
            subjects=records,
            related=related,
        )
        if own is not None and _settled(own, claims):
            yield _resolved(hit)
        else:
            yield hit


def _clash(groups: list[tuple[_Value, list[Claim | None]]]) -> bool | None:
    """Whether values of two parties disagree, and between whom.

    ``True`` when two sources disagree, ``False`` when only the record itself
    and a source do, ``None`` when every value can be right.
    """
    found: bool | None = None
    for (a, a_said), (b, b_said) in combinations(groups, 2):
        parties = {c.source if c is not None else None for c in (*a_said, *b_said)}
        if len(parties) < 2 or _agree(a, b):
            continue
        if len(parties - {None}) > 1:
            return True
        found = False
    return found


def _parties(group: list[Claim | None]) -> Iterable[str]:
    """Who gives a value: the record itself first, then each source once."""
    return dict.fromkeys(_ITSELF if c is None else c.source for c in group)


def _shown_group(group: list[Claim | None], own: str) -> str:
    """The value a group of parties gives, as the first of them says it (``own``: the record)."""
    first = group[0]
    return own if first is None else _shown(first.value)


def _settled(own: _Own, claims: list[Claim]) -> bool:
    """Whether the bible settled it: it keeps a value a claim gives, and every claim says why."""
    return all(claim.note for claim in claims) and any(
        _agree(own.value, _normalise(claim.value)) for claim in claims
    )


def _resolved(hit: Hit) -> Finding:
    """The finding of a settled disagreement: kept in the report, suppressed.

    The engine fills in the code and the rule's name; the severity is the
    catalog's for PL601.
    """
    at = hit.at
    return Finding(
        code="",
        severity=Severity.WARNING,
        message=hit.message,
        subjects=hit.subjects,
        location=at.origin.of(hit.field) if at is not None and at.origin is not None else None,
        related=hit.related,
        suppressed=True,
    )


def _fold(name: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in bare.casefold())
    return " ".join(cleaned.split())


def _budget(length: int) -> int:
    """Count the edits that make two names of this length nearly identical.

    None below five letters, one from five, two from fifteen (full names).
    """
    if length < 5:
        return 0
    return 1 if length < 15 else 2


def _deletions(text: str, depth: int) -> set[str]:
    """Every string made from ``text`` by deleting at most ``depth`` characters."""
    if depth == 1:
        return {text, *(text[:i] + text[i + 1 :] for i in range(len(text)))}
    if depth == 2:  # the same set as the loop below, without deleting each pair twice
        size = len(text)
        return {
            text,
            *(text[:i] + text[i + 1 :] for i in range(size)),
            *(
                text[:i] + text[i + 1 : j] + text[j + 1 :]
                for i in range(size)
                for j in range(i + 1, size)
            ),
        }
    found = {text}
    frontier = {text}
    for _ in range(depth):
        frontier = {item[:i] + item[i + 1 :] for item in frontier for i in range(len(item))}
        found |= frontier
    return found


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``.

    Insertions, deletions, substitutions and swaps of two neighbouring letters
    each cost one (optimal string alignment), so ``Geffrey``/``Geffery`` is one edit.

    >>> _distance("geffrey", "geffery", 1), _distance("herst", "hurst", 1)
    (1, 1)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _names(entity: Entity) -> Iterable[str]:
    if entity.name:
        yield entity.name
    yield from entity.aliases


# PL602 near-duplicate-name
def near_duplicate_name(ctx: Context) -> Iterator[Hit]:
    """Flag nearly identical names that the story does not declare the same.

    ``Herst`` and ``Hurst``, ``Geffrey`` and ``Geoffrey``: when two entities of
    the same kind carry names this close, either one character was entered
    twice under two spellings (merge them, and keep the other spelling as an
    alias), or two people really have confusable names (say so with
    ``allow``). Likewise, when a source's claim spells an entity's ``name``
    (or alias) in a way nearly identical to, but not among, the entity's
    declared name and aliases, the variant is undeclared: add it to
    ``aliases`` if it is a real variant, or keep it as that source's slip.
    Names and aliases are compared case-, accent- and punctuation-blind; one
    edit (two for names of fifteen letters or more) counts as nearly
    identical, names of fewer than five letters must match exactly, and names
    that differ in their numbers (``Guard 1``, ``Guard 2``) never match.
    Spellings within one entity are its own business, and names that differ
    more (``Theo Lowe`` and ``Theo Herst``) are PL601's. Candidates are found
    through shared deletion variants, so thousands of entities cost no
    pairwise comparison. Entities linked by near-identical names form one
    finding; each undeclared claimed spelling is one finding.

    Bad::

        [[entities]]
        id = "herst"
        name = "Detective Herst"

        [[entities]]
        id = "hurst"
        name = "Detective Hurst"

    Good::

        [[entities]]
        id = "herst"
        name = "Detective Herst"
        allow = ["PL602"]    # two detectives, and the story says so

    Good (on its own: one detective, the other spelling an alias)::

        [[entities]]
        id = "hurst"
        name = "Detective Hurst"
        aliases = ["Herst"]
    """
    # Each distinct (kind, folded name) gets an index; ``owners[i]`` maps entity id → spelling.
    keys: dict[tuple[str, str], int] = {}
    owners: list[dict[str, str]] = []
    folded_names: list[str] = []
    entities: dict[str, Entity] = {}
    for entity in ctx.story.entities:
        entities.setdefault(entity.id, entity)
        for name in _names(entity):
            folded = _fold(name)
            if not folded:
                continue
            index = keys.setdefault((str(entity.kind), folded), len(owners))
            if index == len(owners):
                owners.append({})
                folded_names.append(folded)
            owners[index].setdefault(entity.id, name)
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    matched: dict[str, set[str]] = defaultdict(set)

    def link(a: int, b: int) -> None:
        for x, x_name in owners[a].items():
            for y, y_name in owners[b].items():
                if x != y:
                    parent[find(x)] = find(y)
                    matched[x].add(x_name)
                    matched[y].add(y_name)

    # One table per (kind, numbers): names that differ in their kind or numbers never
    # match. A table maps each deletion variant to the name that has it; the few variants
    # two names share also keep the list of every name that has them. Intersecting and
    # merging whole variant sets keeps the per-variant work in C.
    tables: dict[tuple[str, str], dict[str, int]] = {}
    shared: dict[tuple[str, str, str], list[int]] = {}
    candidates: set[tuple[int, int]] = set()
    for (kind, folded), index in keys.items():
        if len(owners[index]) > 1:
            link(index, index)
        numbers = " ".join(_DIGITS.findall(folded))
        table = tables.setdefault((kind, numbers), {})
        variants = _deletions(_DIGITS.sub("", folded), _budget(len(folded)))
        for variant in variants & table.keys():
            others = shared.setdefault((kind, numbers, variant), [table[variant]])
            candidates.update((other, index) for other in others)
            others.append(index)
        table.update(dict.fromkeys(variants, index))
    for a, b in sorted(candidates):
        first, second = folded_names[a], folded_names[b]
        limit = _budget(max(len(first), len(second)))
        if _distance(first, second, limit) <= limit:
            link(a, b)
    components: dict[str, list[str]] = defaultdict(list)
    for entity_id in entities:
        if entity_id in matched:
            components[find(entity_id)].append(entity_id)
    for members in components.values():
        if len(members) < 2:
            continue
        leader = entities[members[0]]
        spelled = [f"{' / '.join(repr(n) for n in sorted(matched[m]))} ({m})" for m in members]
        listed = f"{', '.join(spelled[:-1])} and {spelled[-1]}"
        yield ctx.finding(
            f"the names {listed} are nearly identical but belong to different entities; if they "
            "are one entity, merge them and keep the other spelling in `aliases`, otherwise "
            'add `allow = ["PL602"]` to one of them',
            at=leader,
            field="name",
            subjects=[entities[m] for m in members],
            related=[
                ctx.related(f"'{entities[m].label}' ({m})", entities[m], "name")
                for m in members[1:]
            ],
        )
    yield from _undeclared_spellings(ctx, entities)


_NAME_FIELDS = frozenset({"name", "alias", "aliases"})


def _undeclared_spellings(ctx: Context, entities: dict[str, Entity]) -> Iterator[Hit]:
    """Claimed names nearly identical to an entity's declared names, but not among them."""
    for claim in ctx.story.claims:
        entity = entities.get(claim.subject)
        if entity is None or claim.field not in _NAME_FIELDS or not isinstance(claim.value, str):
            continue
        claimed = _fold(claim.value)
        declared = {_fold(name): name for name in _names(entity)}
        if not claimed or claimed in declared:
            continue
        numbers = _DIGITS.findall(claimed)
        for folded, name in declared.items():
            limit = _budget(max(len(folded), len(claimed)))
            if (
                _DIGITS.findall(folded) == numbers
                and 0 < _distance(folded, claimed, limit) <= limit
            ):
                yield ctx.finding(
                    f"'{claim.source}' spells {entity.label}'s {claim.field} {claim.value!r}, "
                    f"nearly {name!r} but not one of the entity's declared names; if it is a "
                    "real variant, add it to the entity's `aliases`, otherwise keep it as that "
                    'source\'s claim and add `allow = ["PL602"]` to the claim',
                    at=claim,
                    field="value",
                    subjects=[entity, claim],
                    related=[ctx.related(f"declared as {name!r}", entity, "name")],
                )
                break


# PL603 unsourced
def unsourced(ctx: Context) -> Iterator[Hit]:
    """Flag a record that cites no source (off by default: select ``PL603``).

    For an archivist every fact needs a source. Works, releases, entities,
    threads, arcs, events and constraints with an empty ``sources`` list are
    reported, one finding each. Claims always name their source.

    Bad::

        [[releases]]
        work = "s1"
        kind = "streaming"
        date = "2018-12-03"

    Good::

        [[releases]]
        work = "s1"
        kind = "streaming"
        date = "2018-12-03"
        sources = ["wiki"]
    """
    story = ctx.story
    groups: tuple[tuple[Record, ...], ...] = (
        story.works,
        story.releases,
        story.entities,
        story.threads,
        story.arcs,
        story.events,
        story.constraints,
    )
    for records in groups:
        for record in records:
            if getattr(record, "sources", None) == ():
                kind = ctx.kind(record)
                name = f" '{record.id}'" if record.id is not None else ""
                yield ctx.finding(
                    f"{kind}{name} cites no source; add `sources = [...]` naming where the "
                    'facts come from (or add `allow = ["PL603"]` to it)',
                    at=record,
                    field="sources",
                    subjects=[record],
                )


def _field_budget(name: str) -> int:
    """Count the slips that turn a field name into another.

    None below four letters, one from four, two from twelve (``episode_count``).
    """
    if len(name) < 4:
        return 0
    return 1 if len(name) < 12 else 2


# PL104 unknown-claim-field
def unknown_claim_field(ctx: Context) -> Iterator[Hit]:
    """Flag a claim about a field its record does not have, one slip from one it does.

    A claim names one field of one record. Most claims are about a field of
    the record's type (a release's ``date``, an entity's ``name``) or a key the
    record keeps in ``meta`` (``pages``), and PL601 compares them with the
    record's own value. A claim may also be about an attribute the bible keeps
    nowhere else (an organisation's ``head``, a film's ``us_release_date``):
    claim fields are open, like kinds, and such a claim is compared with the
    other claims only. But a field one or two letters away from a field or
    ``meta`` key the record does have (``tittle`` for ``title``,
    ``episode-count`` for ``episode_count``; two slips for names of twelve
    letters or more, none for names under four) is almost always a typo, and a
    typo silently takes the claim out of the comparison with the record. Case
    does not count as a slip (``Title`` is a typo of ``title`` at any length),
    and ``alias`` counts as a field of an entity (one of its ``aliases``).

    Bad::

        [[claims]]
        subject = "ps-us"
        field = "tittle"
        value = "Harry Potter and the Sorcerer's Stone"
        source = "wiki"

    Good::

        [[claims]]
        subject = "ps-us"
        field = "title"
        value = "Harry Potter and the Sorcerer's Stone"
        source = "wiki"

        [[claims]]
        subject = "ssc"
        field = "head"     # a field of your own: no finding
        value = "Richard Burner"
        source = "wiki"
    """
    for claim in ctx.story.claims:
        records = ctx.records_by_id.get(claim.subject)
        if not records:
            continue  # an unknown subject is PL102's
        record = records[0]
        fields = _record_fields(record)
        field = _FIELD_ALIASES.get(claim.field, claim.field)
        if field in fields or field in record.meta:
            continue
        known = sorted(fields) + sorted(key for key in record.meta if key not in fields)
        folded = field.casefold()
        near = [
            name
            for name in known
            if _distance(folded, name.casefold(), _field_budget(name)) <= _field_budget(name)
        ]
        if not near:
            continue
        kind = ctx.kind(record)
        best = min(near, key=lambda name: _distance(folded, name.casefold(), 2))
        kept = "field" if best in fields else "`meta` key"
        yield ctx.finding(
            f"the claim names the field {claim.field!r}, which the {kind} '{claim.subject}' "
            f"does not have (did you mean the {kept} {best!r}?); correct it, or keep it if it "
            f'is a field of your own (or add `allow = ["PL104"]` to the claim)',
            at=claim,
            field="field",
            subjects=[claim],
        )
