"""PL6: sources. What the sources say, and whether they agree."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

from plotline._time import TimeValue, agrees, parse_time

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from plotline._check._context import Context, Hit
    from plotline._model import Claim, ClaimValue, Entity, Record

__all__ = ["near_duplicate_name", "source_conflict", "unsourced"]

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
    """Reduce a claim value to a comparable form: a bool, number, time span or text."""
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
        return _Value("text", text.casefold(), None)
    return _Value("time", time.bounds, time)


def _agree(a: _Value, b: _Value) -> bool:
    """Tell whether two normalised values can both be right."""
    if a.kind == b.kind and a.kind != "time":
        return a.key == b.key
    if a.time is not None and b.time is not None:
        return agrees(a.time, b.time)
    return False


def _shown(value: ClaimValue) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value).lower()


# PL601 source-conflict
def source_conflict(ctx: Context) -> Iterator[Hit]:
    """Flag sources that disagree about the same field of the same record.

    Secondary sources contradict each other all the time; a bible should know
    where. Claims about one ``(subject, field)`` from different sources are
    compared precision-aware: dates and intervals agree when their spans meet
    (``2020-07`` and ``2020-07-07`` agree, ``2020-07`` and ``2020-08-01`` do
    not), numbers compare numerically (``15`` and ``"15.0"`` agree), text
    ignores case and runs of spaces. One finding per disagreeing
    ``(subject, field)``, listing every value with its sources; a source that
    contradicts itself is not a conflict between sources.

    Bad::

        [[claims]]
        subject = "s1"
        field = "premiere"
        value = "2018-12-03"
        source = "wiki"

        [[claims]]
        subject = "s1"
        field = "premiere"
        value = "2018-11-30"
        source = "tropes"

    Good::

        [[claims]]
        subject = "s1"
        field = "premiere"
        value = "2018-12"
        source = "tropes"
    """
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in ctx.story.claims:
        groups[(claim.subject, claim.field)].append(claim)
    for (subject, field), claims in groups.items():
        if len(claims) < 2 or len({claim.source for claim in claims}) < 2:
            continue
        distinct: dict[tuple[str, object], tuple[_Value, list[Claim]]] = {}
        for claim in claims:
            value = _normalise(claim.value)
            distinct.setdefault((value.kind, value.key), (value, []))[1].append(claim)
        if len(distinct) < 2:
            continue
        conflict = False
        for (a, a_claims), (b, b_claims) in combinations(distinct.values(), 2):
            sources = {c.source for c in a_claims} | {c.source for c in b_claims}
            if len(sources) > 1 and not _agree(a, b):
                conflict = True
                break
        if not conflict:
            continue
        listed = "; ".join(
            f"{_shown(group[0].value)} ({', '.join(dict.fromkeys(c.source for c in group))})"
            for _value, group in distinct.values()
        )
        records: list[Record | str] = [subject, *claims]
        yield ctx.finding(
            f"sources disagree on the `{field}` of '{subject}': {listed}; check them and "
            "keep the right value, or note why in the claims' `note` "
            '(or add `allow = ["PL601"]` to a claim)',
            at=claims[0],
            field="value",
            subjects=records,
            related=[ctx.related(f"{c.source} says {_shown(c.value)}", c, "value") for c in claims],
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
