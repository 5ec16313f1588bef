"""PL4: plot threads (PL401 to PL404) and arcs (PL411 to PL413)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

from plotline._model import Arc, Event, ThreadStatus

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._check._context import Context, Hit

__all__ = [
    "arc_gap",
    "arc_length",
    "arc_overlap",
    "dormant_thread",
    "empty_thread",
    "thread_order",
    "unresolved_thread",
]

_UNRESOLVED_OK = frozenset(
    {ThreadStatus.OPEN, ThreadStatus.SEQUEL_HOOK, ThreadStatus.ABANDONED, ThreadStatus.RESOLVED}
)


# PL401 unresolved-thread
def unresolved_thread(ctx: Context) -> Iterator[Hit]:
    """Flag a thread never resolved and not declared open, a sequel hook or abandoned.

    A question the story raises and never answers is either a plan (a sequel
    hook, a thread left open on purpose) or a loose end. A thread no event
    ``resolves`` needs a ``status`` that says which: ``open``,
    ``sequel-hook`` or ``abandoned``. A thread whose status is ``resolved``
    is taken at its author's word (the resolution may happen off the page).
    Threads without any event are PL404's, not this rule's.

    Bad::

        [[threads]]
        id = "who-is-the-mask"
        title = "Who is behind the mask?"

        [[events]]
        id = "the-mask-appears"
        told_in = "s1e01"
        opens = ["who-is-the-mask"]
        # never resolved, and the thread has no status

    Good::

        [[threads]]
        id = "who-is-the-mask"
        title = "Who is behind the mask?"
        status = "sequel-hook"
    """
    for thread in ctx.story.threads:
        if thread.status in _UNRESOLVED_OK or thread.id not in ctx.busy_threads:
            continue
        events = ctx.thread_events.get(thread.id, ())
        if any(thread.id in event.resolves for event in events):
            continue
        related = [ctx.related("the thread's last event", events[-1])] if events else []
        yield ctx.finding(
            f"thread '{thread.label}' is never resolved; add `resolves = [\"{thread.id}\"]` "
            'to the event that resolves it, or set `status = "open"`, `"sequel-hook"` or '
            f'`"abandoned"` (or add `allow = ["PL401"]` to the thread {thread.id!r})',
            at=thread,
            field="status",
            related=related,
        )


# PL402 thread-order
def thread_order(ctx: Context) -> Iterator[Hit]:
    """Flag a thread resolved before it is opened, or going on after its resolution.

    In the telling, a thread is opened (by an event with ``opens``), runs, and
    is resolved (by an event with ``resolves``). A resolution told before the
    first opening is a finding (and then the only one for the thread), and so
    is a present-mode (or ``time-travel``) event of the thread told after its
    last resolution: flashbacks, dreams, visions, recaps and false accounts
    may revisit a closed thread, the present may not (open a new thread for
    the aftermath instead). One finding per thread for each problem.

    Only the telling counts, not story time: a time-travel rescue told last
    resolves a thread even if, in story time, an event told before it happens
    later. Backstory (an event with no ``told_in``) is not told, so it is
    never "after" a resolution, and it opens and resolves nothing here.
    Threads whose ``parent`` links form a cycle are a finding too: a sub-plot
    cannot contain the plot that contains it.

    Bad::

        [[threads]]
        id = "monica-murder"
        title = "Who killed Monica?"

        [[events]]
        id = "killer-unmasked"
        told_in = "s1e10"
        resolves = ["monica-murder"]

        [[events]]
        id = "new-clue"
        told_in = "s1e12"
        threads = ["monica-murder"]

    Good::

        [[events]]
        id = "new-clue"
        told_in = "s1e08"
        threads = ["monica-murder"]

        [[events]]
        id = "killer-unmasked"
        told_in = "s1e10"
        resolves = ["monica-murder"]
    """
    yield from _thread_cycles(ctx)
    pos = ctx.telling_pos
    for thread in ctx.story.threads:
        events = [e for e in ctx.thread_events.get(thread.id, ()) if e.told_in is not None]
        if not events:
            continue
        opening = next((e for e in events if thread.id in e.opens), None)
        resolution = next((e for e in events if thread.id in e.resolves), None)
        if opening is not None and resolution is not None and pos[resolution.id] < pos[opening.id]:
            yield ctx.finding(
                f"thread '{thread.label}' is resolved in {ctx.where(resolution)} before it "
                f"is opened in {ctx.where(opening)}; swap the `opens` and `resolves`, or fix "
                f'the order of the events (or add `allow = ["PL402"]` to the thread {thread.id!r})',
                at=resolution,
                field="resolves",
                subjects=[thread, resolution],
                related=[ctx.related("the thread is opened here", opening, "opens")],
            )
            continue
        last_resolution = next((e for e in reversed(events) if thread.id in e.resolves), None)
        if last_resolution is None:
            continue
        after = [
            e
            for e in events
            if pos[e.id] > pos[last_resolution.id]
            and e.mode.is_real
            and thread.id not in e.resolves
        ]
        if after:
            first = after[0]
            more = f" (and {len(after) - 1} more)" if len(after) > 1 else ""
            yield ctx.finding(
                f"thread '{thread.label}' goes on in {ctx.where(first)}{more} after it is "
                f"resolved in {ctx.where(last_resolution)}; move the resolution later, mark "
                "the event a flashback or recap, or give the aftermath its own thread "
                f'(or add `allow = ["PL402"]` to the thread {thread.id!r})',
                at=first,
                field="threads",
                subjects=[thread, first],
                related=[
                    ctx.related("the thread is resolved here", last_resolution, "resolves"),
                    *(ctx.related("another event after the resolution", e) for e in after[1:6]),
                ],
            )


def _thread_cycles(ctx: Context) -> Iterator[Hit]:
    """One finding per cycle of thread parents, at the thread that comes first in the file."""
    index = ctx.story.thread_index
    done: set[str] = set()
    for thread in ctx.story.threads:
        path: list[str] = []
        seen: set[str] = set()
        current: str | None = thread.id
        while current is not None and current not in done and current not in seen:
            seen.add(current)
            path.append(current)
            record = index.get(current)
            current = record.parent if record is not None else None
        done.update(path)
        if current is None or current not in seen:
            continue
        cycle = path[path.index(current) :]
        first = index[cycle[0]]
        chain = " → ".join((*cycle, cycle[0]))
        yield ctx.finding(
            f"threads {chain} form a cycle of parents, so none of them belongs to a plot; "
            f"correct the `parent` of one of them "
            f'(or add `allow = ["PL402"]` to the thread {first.id!r})',
            at=first,
            field="parent",
            subjects=[index[item] for item in cycle],
        )


# PL403 dormant-thread
def dormant_thread(ctx: Context) -> Iterator[Hit]:
    """Flag a thread absent for more than N consecutive installments between its events.

    A thread that disappears for a long stretch is easily forgotten, by the
    audience and by the writers. Between a thread's first and last event, a
    run of more than N installments (in tree order; option
    ``dormant_installments``, default 5) in which no event touches the thread
    is a finding, one per gap. Any told event counts, in any mode: a
    flashback keeps a thread alive too. Backstory (no ``told_in``) is not
    told and keeps nothing alive.

    An installment is a work of the kind ``[check] installment`` names, or by
    default of an installment kind (``episode``, ``special``, ``film``,
    ``novel``, ``novella``, ``book``, ``volume``, ``issue``, ``game``,
    ``serial``); an event counts for the nearest such work at or above the
    work it is told in. So chapters are not installments: a thread of a novel
    series touched in chapter 2 and chapter 20 of one book is not dormant. A
    story with no work of those kinds counts its leaf works.

    Bad::

        [[threads]]
        id = "sarah-secret"
        title = "What is Sarah hiding?"

        [[events]]
        id = "sarah-gets-a-letter"
        told_in = "s1e01"
        opens = ["sarah-secret"]

        [[events]]
        id = "sarah-burns-the-letter"
        told_in = "s1e12"
        threads = ["sarah-secret"]
        # nothing of the thread in s1e02 to s1e11

    Good::

        [[events]]
        id = "sarah-hides-the-letter"
        told_in = "s1e06"
        threads = ["sarah-secret"]
    """
    limit = int(ctx.option("dormant_installments"))
    installments = ctx.installments
    where = ctx.event_installment
    for thread in ctx.story.threads:
        events = ctx.thread_events.get(thread.id, ())
        by_installment: dict[int, Event] = {}
        for event in events:
            at = where.get(event.id)
            if at is not None:
                by_installment.setdefault(at, event)
        seen = sorted(by_installment)
        for before, after in itertools.pairwise(seen):
            gap = after - before - 1
            if gap <= limit:
                continue
            first = ctx.installment_name(installments[before + 1])
            last = ctx.installment_name(installments[after - 1])
            span = first if gap == 1 else f"from {first} to {last}"
            yield ctx.finding(
                f"thread '{thread.label}' is absent for {gap} "
                f"installment{'s' if gap != 1 else ''}, {span}, more than {limit}; "
                "touch it in between, or raise `dormant_installments` "
                f'(or add `allow = ["PL403"]` to the thread {thread.id!r})',
                at=thread,
                field="id",
                related=[
                    ctx.related("last event before the gap", by_installment[before]),
                    ctx.related("first event after the gap", by_installment[after]),
                ],
            )


# PL404 empty-thread
def empty_thread(ctx: Context) -> Iterator[Hit]:
    """Flag a thread that has no events.

    A thread no event touches (through ``threads``, ``opens`` or ``resolves``)
    is a note, not a thread: it cannot be drawn or checked. A parent thread is
    not empty when one of its descendant threads has events.

    Bad::

        [[threads]]
        id = "the-ledger"
        title = "Where is the ledger?"
        # no event names "the-ledger"

    Good::

        [[events]]
        id = "ledger-stolen"
        told_in = "s1e03"
        opens = ["the-ledger"]
    """
    for thread in ctx.story.threads:
        if thread.id not in ctx.busy_threads:
            yield ctx.finding(
                f"thread '{thread.label}' has no events; tag its events with "
                f'`threads = ["{thread.id}"]` or remove it '
                f'(or add `allow = ["PL404"]` to the thread {thread.id!r})',
                at=thread,
                field="id",
            )


def _arc_spans(ctx: Context) -> dict[int, list[tuple[int, int, Arc]]]:
    """Arcs by level with their leaf spans, sorted by start; unknown or reversed arcs left out."""
    levels: dict[int, list[tuple[int, int, Arc]]] = defaultdict(list)
    spans = ctx.leaf_span
    for arc in ctx.story.arcs:
        if arc.start in spans and arc.end in spans:
            lower, upper = spans[arc.start][0], spans[arc.end][1]
            if lower <= upper:
                levels[arc.level].append((lower, upper, arc))
    for items in levels.values():
        items.sort(key=lambda item: (item[0], item[1]))
    return levels


# PL411 arc-overlap
def arc_overlap(ctx: Context) -> Iterator[Hit]:
    """Flag two arcs of the same level that overlap.

    Arcs of one level divide the telling into consecutive spans (a season's
    story arcs, a book's parts); an installment belongs to at most one of them.
    Spans run in leaf installments from the first leaf of ``start`` to the
    last leaf of ``end``. Arcs nested inside each other belong on different
    levels (``level = 2``). Each arc is compared with the one reaching
    furthest among those before it.

    Bad::

        [[arcs]]
        id = "the-mask"
        start = "s1e01"
        end = "s1e08"

        [[arcs]]
        id = "the-ledger"
        start = "s1e07"
        end = "s1e15"

    Good::

        [[arcs]]
        id = "the-ledger"
        start = "s1e09"
        end = "s1e15"
    """
    for items in _arc_spans(ctx).values():
        reach: tuple[int, int, Arc] | None = None
        for item in items:
            if reach is not None and item[0] <= reach[1]:
                other = reach[2]
                arc = item[2]
                yield ctx.finding(
                    f"arc '{arc.label}' (level {arc.level}, from {arc.start}) overlaps arc "
                    f"'{other.label}' (to {other.end}); move a boundary or put one arc on "
                    f'another level (or add `allow = ["PL411"]` to the arc {arc.id!r})',
                    at=arc,
                    field="start",
                    subjects=[arc, other],
                    related=[ctx.related(f"arc '{other.label}' ends here", other, "end")],
                )
            if reach is None or item[1] > reach[1]:
                reach = item


# PL412 arc-gap
def arc_gap(ctx: Context) -> Iterator[Hit]:
    """Flag installments inside a level's arcs that belong to no arc of that level.

    Between the first arc's start and the last arc's end at one level, every
    leaf installment should belong to some arc of that level; a run of
    installments that belongs to none is one finding, placed on the arc before
    the gap. Installments before the first arc or after the last are not gaps.

    Bad::

        [[arcs]]
        id = "the-mask"
        start = "s1e01"
        end = "s1e06"

        [[arcs]]
        id = "the-ledger"
        start = "s1e09"
        end = "s1e15"

    Good::

        [[arcs]]
        id = "the-ledger"
        start = "s1e07"
        end = "s1e15"
    """
    leaves = ctx.leaves
    for level, items in _arc_spans(ctx).items():
        reach: tuple[int, int, Arc] | None = None
        for item in items:
            if reach is not None and item[0] > reach[1] + 1:
                before, after = reach[2], item[2]
                first, last = leaves[reach[1] + 1].id, leaves[item[0] - 1].id
                gap = first if first == last else f"{first} to {last}"
                yield ctx.finding(
                    f"installments {gap} lie between arcs '{before.label}' and "
                    f"'{after.label}' but belong to no arc of level {level}; extend an arc "
                    f'or add one (or add `allow = ["PL412"]` to the arc {before.id!r})',
                    at=before,
                    field="end",
                    subjects=[before, after],
                    related=[ctx.related("the next arc starts here", after, "start")],
                )
            if reach is None or item[1] > reach[1]:
                reach = item


# PL413 arc-length
def arc_length(ctx: Context) -> Iterator[Hit]:
    """Flag an arc shorter or longer than its declared bounds, or ending before it starts.

    ``min_length`` and ``max_length`` bound an arc's length in leaf
    installments (both ends included): a season-long arc declared to run 10 to
    13 episodes that runs 15 is a finding. An arc whose ``end`` comes before
    its ``start`` in tree order is always a finding.

    Bad::

        [[arcs]]
        id = "the-ledger"
        start = "s1e09"
        end = "s1e10"
        min_length = 3

    Good::

        [[arcs]]
        id = "the-ledger"
        start = "s1e09"
        end = "s1e12"
        min_length = 3
    """
    spans = ctx.leaf_span
    for arc in ctx.story.arcs:
        if arc.start not in spans or arc.end not in spans:
            continue
        lower, upper = spans[arc.start][0], spans[arc.end][1]
        length = upper - lower + 1
        if length <= 0:
            yield ctx.finding(
                f"arc '{arc.label}' ends ({arc.end}) before it starts ({arc.start}); "
                "swap `start` and `end`",
                at=arc,
                field="end",
            )
        elif arc.min_length is not None and length < arc.min_length:
            yield ctx.finding(
                f"arc '{arc.label}' runs {length} installments, fewer than its "
                f"`min_length` of {arc.min_length}; extend it or lower the bound "
                f'(or add `allow = ["PL413"]` to the arc {arc.id!r})',
                at=arc,
                field="min_length",
            )
        elif arc.max_length is not None and length > arc.max_length:
            yield ctx.finding(
                f"arc '{arc.label}' runs {length} installments, more than its "
                f"`max_length` of {arc.max_length}; shorten it or raise the bound "
                f'(or add `allow = ["PL413"]` to the arc {arc.id!r})',
                at=arc,
                field="max_length",
            )
