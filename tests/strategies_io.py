"""Hypothesis strategies for whole stories, covering every field the file format has."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from plotline._model import (
    Arc,
    CheckSettings,
    Claim,
    Constraint,
    Entity,
    EntityKind,
    Event,
    Importance,
    Mode,
    Release,
    ReleaseKind,
    ReleaseStatus,
    Role,
    Route,
    Source,
    SourceKind,
    Story,
    Thread,
    ThreadStatus,
    Work,
    WorkKind,
)
from plotline._time import Duration, Instant, Interval

# Any text a story may hold: all of Unicode except lone surrogates (no file format can
# hold those), with the characters that break naive writers drawn more often.
_awkward = st.sampled_from(['"', "'", "\\", "\n", "\r", "\t", '"""', "'''", "#", "=", " ", "\x00"])
texts = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), _awkward), max_size=12).map(
    "".join
)
# Ids are non-empty and have no whitespace (which is all of Z*, and some of Cc).
ids = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
    st.lists(
        st.one_of(
            st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
            st.sampled_from(['"', "'", "\\", "#", "=", "."]),
        ),
        min_size=1,
        max_size=8,
    ).map("".join),
)
id_lists = st.lists(ids, max_size=3).map(tuple)
text_lists = st.lists(texts, max_size=3).map(tuple)
counts = st.integers(min_value=0, max_value=2**63 - 1)
whole_numbers = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def instants(draw: st.DrawFn) -> Instant:
    """Instants of every precision, with offsets, qualifiers and unspecified digits."""
    year = draw(st.integers(-9999, 9999) | st.integers(10**4, 10**9 - 1))
    qualifiers = {"uncertain": draw(st.booleans()), "approximate": draw(st.booleans())}
    if abs(year) > 9999 or draw(st.booleans()):
        digits = draw(st.integers(0, 3)) if 0 <= year <= 9999 else 0
        parts = draw(st.integers(0, 2)) if abs(year) <= 9999 and not digits else 0
        return Instant(
            year - year % 10**digits,
            unspecified_year_digits=digits,
            unspecified_parts=parts,
            **qualifiers,
        )
    month = draw(st.integers(1, 12))
    if draw(st.booleans()):
        return Instant(year, month, unspecified_parts=draw(st.integers(0, 1)), **qualifiers)
    day = draw(st.integers(1, 28))
    if draw(st.booleans()):
        return Instant(year, month, day, **qualifiers)
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    second = draw(_optional(st.integers(0, 59)))
    offset = draw(_optional(st.integers(-18 * 60, 18 * 60)))
    return Instant(year, month, day, hour, minute, second, offset)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    """Intervals with two ends, or one end open (``..``) or unknown (empty)."""
    start, end = draw(instants()), draw(instants())
    shape = draw(st.sampled_from(["both", "open-start", "open-end", "no-start", "no-end"]))
    if shape == "both":
        if end.upper <= start.lower:
            start, end = end, start
        if end.upper <= start.lower:
            return Interval(start)
        return Interval(start, end)
    if shape == "open-start":
        return Interval(end=end, open_start=True)
    if shape == "open-end":
        return Interval(start, open_end=True)
    if shape == "no-start":
        return Interval(end=end)
    return Interval(start)


times = st.one_of(instants(), intervals())
durations = st.builds(
    Duration,
    years=st.integers(0, 50),
    months=st.integers(0, 11),
    weeks=st.integers(0, 4),
    days=st.integers(0, 400),
    hours=st.integers(0, 48),
    minutes=st.integers(0, 600),
    seconds=st.integers(0, 59),
)
claim_values = st.one_of(
    texts, whole_numbers, st.booleans(), st.floats(allow_nan=False, allow_infinity=True)
)


def _json_like() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        texts, whole_numbers, st.booleans(), st.floats(allow_nan=False, allow_infinity=False)
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
        max_leaves=6,
    )


# Free keys of a record: any text key, and values nested as deep as a file may hold them
# (text, numbers, booleans, arrays, tables of arrays of tables...).
metas = st.dictionaries(texts, _json_like(), max_size=3)


def _kinds(known: type[Any]) -> st.SearchStrategy[Any]:
    """A known kind (an enumeration member) or a word of the story's own (a plain ``str``)."""
    own = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
    return st.sampled_from(known) | own


sources = st.builds(
    Source,
    id=ids,
    title=_optional(texts),
    kind=_optional(_kinds(SourceKind)),
    url=_optional(texts),
    date=_optional(times),
    note=_optional(texts),
    meta=metas,
)
works = st.builds(
    Work,
    id=ids,
    title=_optional(texts),
    kind=_kinds(WorkKind),
    parent=_optional(ids),
    number=_optional(counts),
    runtime=_optional(durations),
    episode_count=_optional(counts),
    complete=st.booleans(),
    continues=st.booleans(),
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
releases = st.builds(
    Release,
    work=ids,
    kind=st.sampled_from(ReleaseKind),
    date=_optional(times),
    start=_optional(instants()),
    end=_optional(instants()),
    region=_optional(texts),
    platform=_optional(texts),
    title=_optional(texts),
    edition=_optional(texts),
    publisher=_optional(texts),
    status=st.sampled_from(ReleaseStatus),
    id=_optional(ids),
    note=_optional(texts),
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
entities = st.builds(
    Entity,
    id=ids,
    name=_optional(texts),
    kind=_kinds(EntityKind),
    aliases=text_lists,
    importance=_optional(st.sampled_from(Importance)),
    within=_optional(ids),
    summary=_optional(texts),
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
threads = st.builds(
    Thread,
    id=ids,
    title=_optional(texts),
    parent=_optional(ids),
    status=_optional(st.sampled_from(ThreadStatus)),
    summary=_optional(texts),
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
arcs = st.builds(
    Arc,
    id=ids,
    start=ids,
    end=ids,
    title=_optional(texts),
    threads=id_lists,
    level=counts,
    min_length=_optional(counts),
    max_length=_optional(counts),
    summary=_optional(texts),
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
events = st.builds(
    Event,
    id=ids,
    title=_optional(texts),
    summary=_optional(texts),
    told_in=_optional(ids),
    order=_optional(whole_numbers),
    when=_optional(times),
    duration=_optional(durations),
    mode=st.sampled_from(Mode),
    threads=id_lists,
    participants=st.dictionaries(ids | texts, st.sampled_from(Role), max_size=3),
    location=_optional(ids),
    opens=id_lists,
    resolves=id_lists,
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
constraints = st.builds(
    Constraint,
    before=ids,
    after=ids,
    min_gap=_optional(durations),
    max_gap=_optional(durations),
    id=_optional(ids),
    note=_optional(texts),
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
claims = st.builds(
    Claim,
    subject=ids,
    field=texts,
    value=claim_values,
    source=ids,
    id=_optional(ids),
    note=_optional(texts),
    allow=text_lists,
    meta=metas,
)
routes = st.builds(
    Route,
    from_=ids,
    to=ids,
    time=durations,
    oneway=st.booleans(),
    by=_optional(texts),
    id=_optional(ids),
    note=_optional(texts),
    sources=id_lists,
    allow=text_lists,
    meta=metas,
)
check_settings = st.builds(
    CheckSettings,
    select=text_lists,
    ignore=text_lists,
    installment=_optional(_kinds(WorkKind).map(str)),
    options=st.dictionaries(
        texts.filter(lambda key: key not in ("select", "ignore", "installment")),
        _json_like(),
        max_size=3,
    ),
)


def _few(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=2).map(tuple)


stories = st.builds(
    Story,
    title=_optional(texts),
    works=_few(works),
    releases=_few(releases),
    entities=_few(entities),
    threads=_few(threads),
    arcs=_few(arcs),
    events=_few(events),
    constraints=_few(constraints),
    sources=_few(sources),
    claims=_few(claims),
    check=check_settings,
    summary=_optional(texts),
    authors=text_lists,
    meta=metas,
    routes=_few(routes),
)
"""Whole stories: every record kind, every field, awkward text, all enums and time shapes,
open kinds of the story's own and free ``meta`` tables."""
