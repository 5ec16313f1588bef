"""PL2: ordering. Dates, constraints and the telling must fit together."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

from plotline._model import Event, Mode, Record, Work
from plotline._order import ConflictKind, Reason, ReasonKind, WorkProblemKind

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from plotline._check._context import Context, Hit
    from plotline._check._finding import Related

__all__ = [
    "date_contradicts_order",
    "flashback_not_past",
    "ordering_cycle",
    "telling_order_conflict",
    "unmarked_flashback",
]


_FIELDS = {ReasonKind.DATE: "when", ReasonKind.DURATION: "duration"}


def _explain(
    ctx: Context, reasons: Iterable[Reason]
) -> tuple[list[str], list[Related], list[Record]]:
    """Describe the solver's reasons: texts, related locations and the records behind them."""
    texts: list[str] = []
    related: list[Related] = []
    records: list[Record] = []
    for reason in reasons:
        text = reason.describe()
        texts.append(text)
        related.append(ctx.related(text, reason.record, _FIELDS.get(reason.kind)))
        if reason.record not in records:
            records.append(reason.record)
    return texts, related, records


def _conflicts(ctx: Context, kind: ConflictKind) -> Iterator[Hit]:
    """Yield one finding per conflict of this kind, located at its first reason."""
    code = "PL201" if kind is ConflictKind.CYCLE else "PL202"
    fix = (
        "drop or reverse one of these constraints"
        if kind is ConflictKind.CYCLE
        else "correct a date, a duration, a gap or a constraint"
    )
    for conflict in ctx.solution.conflicts:
        if conflict.kind is not kind:
            continue
        _texts, related, records = _explain(ctx, conflict.reasons)
        anchor = conflict.reasons[0] if conflict.reasons else None
        events = [ctx.story.event_index[e] for e in conflict.events if e in ctx.story.event_index]
        at: Record | None = anchor.record if anchor is not None else (events[0] if events else None)
        yield ctx.finding(
            f'{conflict.message}; {fix} (or add `allow = ["{code}"]` to one of them)',
            at=at,
            field=_FIELDS.get(anchor.kind) if anchor is not None else None,
            subjects=[*conflict.events, *records],
            related=related,
        )


# PL201 ordering-cycle
def ordering_cycle(ctx: Context) -> Iterator[Hit]:
    """Flag ordering facts that contradict each other by forming a cycle.

    ``a`` before ``b``, ``b`` before ``c``, ``c`` before ``a``: no story order
    satisfies all three. The finding names the smallest set of constraints
    (and implied orders) that makes the cycle, with a related location for
    each, so you know which one to drop or reverse.

    Bad::

        [[constraints]]
        before = "heist"
        after = "getaway"

        [[constraints]]
        before = "getaway"
        after = "heist"

    Good::

        [[constraints]]
        before = "heist"
        after = "getaway"
    """
    yield from _conflicts(ctx, ConflictKind.CYCLE)


# PL202 date-contradicts-order
def date_contradicts_order(ctx: Context) -> Iterator[Hit]:
    """Flag dates and constraints (with their gaps) that cannot all hold.

    A constraint says the funeral comes after the death, with at most a month
    between; the dates put them a year apart. The finding names the smallest
    set of dates and constraints that cannot hold together, with a related
    location for each.

    Bad::

        [[events]]
        id = "death"
        when = "2019-03-01"

        [[events]]
        id = "funeral"
        when = "2020-03-10"

        [[constraints]]
        before = "death"
        after = "funeral"
        max_gap = "P1M"

    Good::

        [[events]]
        id = "funeral"
        when = "2019-03-10"
    """
    yield from _conflicts(ctx, ConflictKind.INFEASIBLE)


def _missing(numbers: list[int]) -> list[str]:
    """List the gaps in a sorted list of distinct numbers, as ``3`` or ``5-9``."""
    gaps: list[str] = []
    for low, high in itertools.pairwise(numbers):
        if high - low == 2:
            gaps.append(str(low + 1))
        elif high - low > 2:
            gaps.append(f"{low + 1}-{high - 1}")
    return gaps


# PL203 telling-order-conflict
def telling_order_conflict(ctx: Context) -> Iterator[Hit]:
    """Flag sibling works that repeat or skip a number, and events that share a position.

    Works are numbered among their siblings of the same kind (episodes of a
    season, seasons of a series; specials apart from episodes): two episode
    5s leave the telling order in doubt, always. A gap (episodes 1, 2 and 4)
    is a finding only where the parent says its children are all there: it
    declares ``episode_count`` or ``complete = true``. A bible may list only
    the chapters it uses, keeping their real numbers, so gaps elsewhere, and
    among top-level works, are fine. Numbers missing between the lowest and
    the highest are one finding per parent; numbering need not start at 1.
    Two events of one work with the same ``order`` are a finding; gaps in
    ``order`` are fine (``10, 20, 30`` leaves room to insert). Works whose
    ``parent`` links form a cycle are a finding too: they have no place in
    the tree.

    Bad::

        [[works]]
        id = "s1e04"
        parent = "s1"
        kind = "episode"
        number = 3

        [[works]]
        id = "s1e03"
        parent = "s1"
        kind = "episode"
        number = 3

    Good::

        [[works]]
        id = "s1e04"
        parent = "s1"
        kind = "episode"
        number = 4

    Good (on its own: a sparse list of chapters, the novel declares no count)::

        [[works]]
        id = "book-1"
        kind = "novel"

        [[works]]
        id = "book-1-ch03"
        parent = "book-1"
        kind = "chapter"
        number = 3

        [[works]]
        id = "book-1-ch07"
        parent = "book-1"
        kind = "chapter"
        number = 7
    """
    groups: dict[tuple[str | None, str], list[Work]] = defaultdict(list)
    for work in ctx.story.works:
        parent = work.parent if work.parent in ctx.story.work_index else None
        groups[(parent, str(work.kind))].append(work)
    for (parent, kind), works in groups.items():
        seen: dict[int, Work] = {}
        for work in works:
            if work.number is None:
                continue
            if work.number in seen:
                other = seen[work.number]
                yield ctx.finding(
                    f"{kind} {work.id} has number {work.number}, like {other.id}; give each "
                    f'{kind} its own number (or add `allow = ["PL203"]` to the work {work.id!r})',
                    at=work,
                    field="number",
                    subjects=[work, other],
                    related=[ctx.related(f"{other.id} is number {work.number}", other, "number")],
                )
            else:
                seen[work.number] = work
        owner = ctx.story.work_index.get(parent) if parent is not None else None
        if owner is None or (owner.episode_count is None and not owner.complete):
            continue  # only a parent that declares its children complete has gaps
        gaps = _missing(sorted(seen))
        if gaps:
            numbers = sorted(seen)
            where = f"{parent}'s {kind}s"
            after = seen[numbers[0]]
            for low in numbers:
                if low + 1 not in seen and low != numbers[-1]:
                    after = seen[low]
                    break
            yield ctx.finding(
                f"{where} are numbered {_runs(numbers)}: number {', '.join(gaps)} "
                f"{'is' if len(gaps) == 1 and '-' not in gaps[0] else 'are'} missing; add the "
                "missing works or renumber, or drop the parent's `episode_count` or "
                f'`complete` (or add `allow = ["PL203"]` to the parent {owner.id!r})',
                at=owner,
                field="complete" if owner.complete else "episode_count",
                subjects=[owner],
                related=[ctx.related(f"the gap comes after {after.id}", after, "number")],
            )
    for problem in ctx.solution.work_problems:
        if problem.kind is not WorkProblemKind.PARENT_CYCLE:
            continue  # a missing parent is an unknown reference (PL102)
        chain = " → ".join((*problem.cycle, problem.cycle[0]))
        yield ctx.finding(
            f"works {chain} form a cycle of parents, so none of them has a place in the "
            f"works tree; correct the `parent` of one of them",
            at=problem.work,
            field="parent",
            subjects=[problem.work, *problem.cycle],
        )
    by_work: dict[str, dict[int, Event]] = defaultdict(dict)
    for event in ctx.story.events:
        if event.told_in is None or event.order is None:
            continue
        positions = by_work[event.told_in]
        other_event = positions.get(event.order)
        if other_event is None:
            positions[event.order] = event
            continue
        yield ctx.finding(
            f"events {ctx.where(event)} and '{other_event.label}' both have `order = "
            f"{event.order}`; give each event of a work its own position "
            '(or add `allow = ["PL203"]` to the event)',
            at=event,
            field="order",
            subjects=[event, other_event],
            related=[ctx.related("the other event at this position", other_event, "order")],
        )


def _runs(numbers: list[int]) -> str:
    """Write sorted, distinct numbers compactly: ``1, 2, 4`` or ``1-5, 7``."""
    parts: list[str] = []
    for _step, group in itertools.groupby(enumerate(numbers), key=lambda item: item[1] - item[0]):
        run = [number for _index, number in group]
        if len(run) > 2:
            parts.append(f"{run[0]}-{run[-1]}")
        else:
            parts.extend(str(number) for number in run)
    return ", ".join(parts)


# PL204 unmarked-flashback
def unmarked_flashback(ctx: Context) -> Iterator[Hit]:
    """Flag an event before present-mode events told earlier that is not marked a flashback.

    A present-mode event is taken to happen after the present-mode events told
    before it. When a date or constraint puts it earlier, the solver lets the
    hard fact win and this rule says so: the event is probably a flashback
    that is not marked as one (or the date is wrong). Events caught in a
    contradiction of hard facts are left to PL201 and PL202.

    Bad::

        [[events]]
        id = "wedding"
        told_in = "s1e01"
        when = "2020-06-01"

        [[events]]
        id = "first-date"
        told_in = "s1e03"
        when = "2015-02-14"

    Good::

        [[events]]
        id = "first-date"
        told_in = "s1e03"
        when = "2015-02-14"
        mode = "flashback"
    """
    tangled = {event for conflict in ctx.solution.conflicts for event in conflict.events}
    for override in ctx.solution.overridden:
        if override.event in tangled or override.earlier in tangled:
            continue  # contradictory facts are PL201's or PL202's to report
        event = ctx.story.event_index.get(override.event)
        earlier = ctx.story.event_index.get(override.earlier)
        if event is None or earlier is None:
            continue
        texts, related, _records = _explain(ctx, override.reason)
        because = f" ({'; '.join(texts)})" if texts else ""
        yield ctx.finding(
            f"{ctx.where(event)} happens before {ctx.where(earlier)}, which is told earlier"
            f'{because}, but is not marked as a flashback; mark it `mode = "flashback"` or '
            'correct the date or constraint (or add `allow = ["PL204"]` to the event)',
            at=event,
            field="mode",
            subjects=[event, earlier],
            related=[ctx.related("told earlier, but happens later", earlier), *related],
        )


# PL205 flashback-not-past
def flashback_not_past(ctx: Context) -> Iterator[Hit]:
    """Flag a flashback that happens after the point in the story where it is told.

    A flashback shows the past of the present moment: the present-mode event
    told just before it. When dates or constraints force that present event
    before the flashback, the "flashback" is in the future: a flash-forward,
    a vision, or a mistake. Flashbacks told before any present-mode event, or
    whose time is not pinned down, are never findings.

    Bad::

        [[events]]
        id = "trial"
        told_in = "s2e01"
        when = "2021-03-01"

        [[events]]
        id = "arrest"
        told_in = "s2e01"
        order = 2
        mode = "flashback"
        when = "2021-05-01"

    Good::

        [[events]]
        id = "arrest"
        told_in = "s2e01"
        order = 2
        mode = "flashback"
        when = "2020-11-01"
    """
    present: Event | None = None
    for event in ctx.telling:
        if event.mode is Mode.PRESENT:
            present = event
            continue
        if event.mode is not Mode.FLASHBACK or present is None:
            continue
        if ctx.solution.precedes(present.id, event.id):
            yield ctx.finding(
                f"flashback {ctx.where(event)} happens after {ctx.where(present)}, the present "
                "it is told in; correct its date or constraint, or mark it "
                '`mode = "vision"` if it shows the future (or add `allow = ["PL205"]` to the '
                "event)",
                at=event,
                field="mode",
                subjects=[event, present],
                related=[ctx.related("the present moment it is told in", present)],
            )
