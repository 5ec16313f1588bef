"""The shared, precomputed view of a story that every rule reads.

The engine builds one :class:`Context` per check. Each of its views (tree order
of the works, the leaf installments, each entity's events in telling and in
story order, each thread's events…) is a cached property: computed once, on
first use, with integer positions, so a rule costs one pass over what it reads
and never a re-solve.

A rule reports a problem by yielding :meth:`Context.finding`; the engine fills
in the code, the severity, the rule's name and the location.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from plotline._check._finding import Related, Severity
from plotline._knowledge import StoryClock
from plotline._model import Mode, Role, WorkKind
from plotline._order import solve

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from plotline._model import Event, Record, Story, Thread, Work
    from plotline._order import Solution, WorksTree

__all__ = ["INSTALLMENT_KINDS", "REAL_MODES", "Appearance", "Appearances", "Context", "Hit"]

#: Modes whose events happen in story time (and so can kill, revive or place someone).
#: Dreams and visions show what did not happen; a recap re-shows an event told before;
#: a false account (a lie, a staged death) places nobody and ends no life.
REAL_MODES = frozenset({Mode.PRESENT, Mode.FLASHBACK, Mode.TIME_TRAVEL})

#: Work kinds a reader counts as one installment when ``[check] installment`` names none.
#: Chapters, scenes, parts and levels are inside an installment, never one.
INSTALLMENT_KINDS: frozenset[str] = frozenset(
    {
        WorkKind.EPISODE,
        WorkKind.SPECIAL,
        WorkKind.FILM,
        WorkKind.NOVEL,
        WorkKind.NOVELLA,
        WorkKind.BOOK,
        WorkKind.VOLUME,
        WorkKind.ISSUE,
        WorkKind.GAME,
        WorkKind.SERIAL,
    }
)

_PRESENT = Role.PRESENT


@attrs.frozen(slots=True)
class Hit:
    """What a rule yields: a message and the records it is about.

    The engine turns it into a :class:`~plotline.rules.Finding`: the location
    is ``at``'s origin (of ``field`` when given), the subjects are the ids of
    ``subjects``, and the ``allow`` lists of ``at`` and every subject record are
    consulted for suppression. ``severity`` overrides the rule's default.
    """

    message: str
    at: Record | None = None
    field: str | None = None
    subjects: tuple[str, ...] = ()
    records: tuple[Record, ...] = ()
    related: tuple[Related, ...] = ()
    severity: Severity | None = None


class Appearance(NamedTuple):
    """One entity's part in one event, with the event's position in an order."""

    pos: int
    event: Event
    role: Role


def _kind(record: Record) -> str:
    return type(record).__name__.lower()


class Context:
    """Everything a rule may want to know about a story, computed once and shared.

    ``options`` are the resolved rule options (``final_installments``,
    ``dormant_installments`` and any a user rule declares). All positions are
    integers: ``telling_pos[event_id]`` is the event's index in :attr:`telling`,
    ``leaf_pos[work_id]`` a leaf installment's index in :attr:`leaves`.
    Where ids repeat (PL101), the first record with the id wins.

    >>> from plotline import Event, Story, Work
    >>> ctx = Context(Story(
    ...     works=[Work("s1", kind="season"), Work("s1e02", parent="s1", number=2),
    ...            Work("s1e01", parent="s1", number=1)],
    ...     events=[Event("meet", told_in="s1e02", participants={"sarah": "introduced"})],
    ... ))
    >>> [work.id for work in ctx.leaves], ctx.leaf_span["s1"], ctx.event_leaf["meet"]
    (['s1e01', 's1e02'], (0, 1), 1)
    >>> [(part.event.id, str(part.role)) for part in ctx.entity_telling["sarah"]]
    [('meet', 'introduced')]

    Installments are what PL305 and PL403 count: here the episodes.

    >>> [work.id for work in ctx.installments], ctx.event_installment["meet"]
    (['s1e01', 's1e02'], 1)
    """

    def __init__(
        self,
        story: Story,
        options: Mapping[str, Any] | None = None,
        *,
        solution: Solution | None = None,
    ) -> None:
        self.story = story
        self.options: Mapping[str, Any] = dict(options or {})
        self._solved = solution

    # -- reporting ----------------------------------------------------------------

    def finding(
        self,
        message: str,
        *,
        at: Record | None = None,
        field: str | None = None,
        subjects: Iterable[Record | str] = (),
        related: Iterable[Related] = (),
        severity: Severity | str | None = None,
    ) -> Hit:
        """Make a finding to yield: ``message`` about ``subjects``, at ``at``'s ``field``.

        Without ``subjects`` the finding is about ``at`` alone. Subjects may be
        records or ids; records without an id (releases, claims) still lend
        their ``allow`` list.
        """
        items = list(subjects)
        if not items and at is not None:
            items = [at]
        ids: list[str] = []
        records: list[Record] = [] if at is None else [at]
        for item in items:
            if isinstance(item, str):
                ids.append(item)
                records.extend(self.records_by_id.get(item, ()))
            else:
                if item.id is not None:
                    ids.append(item.id)
                records.append(item)
        return Hit(
            message=message,
            at=at,
            field=field,
            subjects=tuple(dict.fromkeys(ids)),
            records=tuple(records),
            related=tuple(related),
            severity=None if severity is None else Severity(severity),
        )

    def related(self, message: str, record: Record, field: str | None = None) -> Related:
        """Make a related location: ``record`` (its ``field``) explained by ``message``."""
        location = record.origin.of(field) if record.origin is not None else None
        return Related(message=message, location=location, subject=record.id)

    def option(self, name: str) -> Any:
        """Return the resolved value of rule option ``name``."""
        return self.options[name]

    def where(self, event: Event) -> str:
        """Name an event as an editor would: ``'Monica is shot' (s1e03)``."""
        told = f" ({event.told_in})" if event.told_in else ""
        return f"'{event.label}'{told}"

    # -- the solved order -----------------------------------------------------------

    @cached_property
    def solution(self) -> Solution:
        """The story's solved order: the one given, or solved once per context on first use."""
        return self._solved if self._solved is not None else solve(self.story)

    @cached_property
    def telling(self) -> tuple[Event, ...]:
        """Events in telling order."""
        return tuple(self.solution.telling)

    @cached_property
    def telling_pos(self) -> Mapping[str, int]:
        """Event id → index in :attr:`telling` (the first of duplicates)."""
        return self.solution.telling_pos

    @cached_property
    def chronology(self) -> tuple[Event, ...]:
        """Events in story order (ties and unknowns broken by telling order)."""
        return tuple(self.solution.chronology)

    @cached_property
    def story_pos(self) -> Mapping[str, int]:
        """Event id → index in :attr:`chronology` (the first of duplicates)."""
        return self.solution.story_pos

    @cached_property
    def clock(self) -> StoryClock:
        """Certainly-before on the solved order, flashbacks in their past (the PL7 rules)."""
        return StoryClock(self.solution)

    def before(self, first: Event, second: Event) -> bool:
        """Tell whether ``first`` is known to happen before ``second`` in story time.

        Two present-mode events follow story order, which the telling decides
        unless dates or constraints say otherwise. Where either is told another
        way (a flashback has no place in the telling's present), only hard facts
        count: dates and constraints must force the order.
        """
        if first.mode is Mode.PRESENT and second.mode is Mode.PRESENT:
            return self.story_pos[first.id] < self.story_pos[second.id]
        return bool(self.solution.precedes(first.id, second.id))

    # -- the works tree ---------------------------------------------------------------

    @cached_property
    def works(self) -> tuple[Work, ...]:
        """Works in tree order: each work before its children, siblings by number."""
        return tuple(self.solution.works)

    @cached_property
    def work_pos(self) -> Mapping[str, int]:
        """Work id → index in :attr:`works`."""
        return self.solution.work_pos

    @cached_property
    def tree(self) -> WorksTree:
        """The works tree of the solution: parents, children, leaves and their spans."""
        return self.solution.tree

    @cached_property
    def children(self) -> Mapping[str | None, tuple[Work, ...]]:
        """Parent id → its children in tree order; ``None`` → the top-level works."""
        return self.tree.by_parent

    @cached_property
    def leaves(self) -> tuple[Work, ...]:
        """The leaf installments (works with no children) in tree order."""
        return self.tree.leaves

    @cached_property
    def leaf_pos(self) -> Mapping[str, int]:
        """Leaf work id → index in :attr:`leaves`."""
        return _positions(work.id for work in self.leaves)

    @cached_property
    def leaf_span(self) -> Mapping[str, tuple[int, int]]:
        """Work id → the first and last index (inclusive) of its leaf installments."""
        return self.tree.leaf_spans

    @cached_property
    def ancestors(self) -> Mapping[str, tuple[str, ...]]:
        """Work id → the ids of its ancestors, nearest first (walked up the tree on lookup)."""
        return self.tree.ancestry

    @cached_property
    def event_leaf(self) -> Mapping[str, int]:
        """Event id → the leaf installment it is told in.

        An event told in a season counts as told in its first episode; events
        told nowhere known are absent.
        """
        spans = self.leaf_span
        result: dict[str, int] = {}
        for event in self.story.events:
            if event.told_in is not None and event.told_in in spans:
                result.setdefault(event.id, spans[event.told_in][0])
        return result

    # -- installments -----------------------------------------------------------------

    @cached_property
    def installment_kinds(self) -> frozenset[str]:
        """The work kinds that count as one installment: ``[check] installment`` or the default."""
        named = self.story.check.installment
        return frozenset({named}) if named else INSTALLMENT_KINDS

    @cached_property
    def _nearest_installment(self) -> Mapping[str, str]:
        """Work id → the id of the nearest work of an installment kind at or above it."""
        kinds = self.installment_kinds
        tree = self.tree
        nearest: dict[str, str] = {}
        for work in tree.works:  # tree order: each parent before its children
            if work.id in nearest:
                continue  # a repeated id: the first work wins
            if work.kind in kinds:
                nearest[work.id] = work.id
                continue
            parent = tree.parent(work.id)
            if parent is not None and parent.id in nearest:
                nearest[work.id] = nearest[parent.id]
        return nearest

    @cached_property
    def leaf_installment(self) -> tuple[int, ...]:
        """Per leaf (by index in :attr:`leaves`): the index of its installment."""
        nearest = self._nearest_installment
        index: dict[str, int] = {}
        result: list[int] = []
        for leaf in self.leaves:
            key = nearest.get(leaf.id, leaf.id)
            result.append(index.setdefault(key, len(index)))
        return tuple(result)

    @cached_property
    def installments(self) -> tuple[Work, ...]:
        """The installments PL305 and PL403 count, in tree order.

        Each leaf work counts for the nearest work at or above it whose kind is
        an installment kind (:attr:`installment_kinds`), or for itself when
        there is none: a novel with chapters is one installment, an episode is
        one, and a story with no work of those kinds counts its leaf works.
        """
        nearest = self._nearest_installment
        works = self.story.work_index
        found: dict[str, Work] = {}
        for leaf in self.leaves:
            key = nearest.get(leaf.id, leaf.id)
            if key not in found:
                found[key] = works.get(key, leaf)
        return tuple(found.values())

    @cached_property
    def installment_pos(self) -> Mapping[str, int]:
        """Installment work id → index in :attr:`installments`."""
        return _positions(work.id for work in self.installments)

    @cached_property
    def event_installment(self) -> Mapping[str, int]:
        """Event id → the index of the installment it is told in.

        An event counts for the nearest installment at or above the work it is
        told in; an event told above every installment (in a season, in a
        serial whose episodes are the installments) counts for the first one
        inside that work. Backstory (no ``told_in``) and events told nowhere
        known are absent.
        """
        nearest = self._nearest_installment
        positions = self.installment_pos
        spans = self.leaf_span
        of_leaf = self.leaf_installment
        result: dict[str, int] = {}
        for event in self.story.events:
            told = event.told_in
            if told is None or event.id in result:
                continue
            key = nearest.get(told)
            if key is not None and key in positions:
                result[event.id] = positions[key]
            elif told in spans:
                result[event.id] = of_leaf[spans[told][0]]
        return result

    @cached_property
    def installment_chain(self) -> tuple[int, ...]:
        """Per installment: the index of the story chain it belongs to.

        A work with ``continues = false`` (a prequel, a parallel book) starts a
        new chain, and the works after it in tree order continue that chain.
        """
        chain_of: dict[str, int] = {}
        chain = 0
        for work in self.works:
            if not work.continues:
                chain += 1
            chain_of.setdefault(work.id, chain)
        return tuple(chain_of.get(work.id, 0) for work in self.installments)

    @staticmethod
    def installment_name(work: Work) -> str:
        """Name an installment as an editor would: ``'Title' (id)``, or its id without a title."""
        return f"'{work.title}' ({work.id})" if work.title else work.id

    # -- places -----------------------------------------------------------------------

    @cached_property
    def within(self) -> Mapping[str, str]:
        """Entity id → the id of the entity it is ``within`` (the first of duplicates)."""
        return {
            entity.id: entity.within
            for entity in self.story.entity_index.values()
            if entity.within is not None
        }

    def inside(self, inner: str, outer: str) -> bool:
        """Tell whether ``inner`` is ``outer`` or within it, transitively.

        The walk up the ``within`` links stops where a cycle comes round.
        """
        within = self.within
        seen: set[str] = set()
        current: str | None = inner
        while current is not None and current not in seen:
            if current == outer:
                return True
            seen.add(current)
            current = within.get(current)
        return False

    def one_place(self, first: str, second: str) -> bool:
        """Tell whether two locations are one place: the same, or one within the other."""
        return self.inside(first, second) or self.inside(second, first)

    @cached_property
    def within_cycles(self) -> tuple[tuple[str, ...], ...]:
        """Each cycle of ``within`` links, once, from the member written first."""
        within = self.within
        order = {entity_id: i for i, entity_id in enumerate(self.story.entity_index)}
        cycles: list[tuple[str, ...]] = []
        done: set[str] = set()
        for start in within:
            path: list[str] = []
            on_path: set[str] = set()
            current: str | None = start
            while current is not None and current not in done and current not in on_path:
                path.append(current)
                on_path.add(current)
                current = within.get(current)
            if current is not None and current in on_path:
                cycle = path[path.index(current) :]
                first = min(cycle, key=order.__getitem__)
                at = cycle.index(first)
                cycles.append((*cycle[at:], *cycle[:at]))
            done.update(path)
        return tuple(cycles)

    # -- per entity, per thread -------------------------------------------------------

    @cached_property
    def entity_telling(self) -> Appearances:
        """Entity id → its parts in events, in telling order.

        Each entity's parts are gathered on first use: a rule that looks at a
        few entities (those who die, say) does not pay for all of them.
        """
        return Appearances(self.telling)

    @cached_property
    def entity_story(self) -> Appearances:
        """Entity id → its parts in events, in story order (gathered on first use)."""
        return Appearances(self.chronology)

    @cached_property
    def role_holders(self) -> Mapping[Role, frozenset[str]]:
        """Role → the ids of the entities that have it in at least one event (any mode).

        ``present``, which nearly every entity has, is left out. Rules about
        deaths, births and exits start from these few entities rather than from
        everyone's appearances.
        """
        holders: dict[Role, set[str]] = defaultdict(set)
        for event in self.story.events:
            for entity, role in event.participants.items():
                if role is not _PRESENT:
                    holders[role].add(entity)
        return {role: frozenset(entities) for role, entities in holders.items()}

    def holders(self, *roles: Role) -> frozenset[str]:
        """The ids of the entities that have any of ``roles`` in some event (not ``present``)."""
        found = self.role_holders
        return frozenset().union(*(found.get(role, ()) for role in roles))

    @cached_property
    def thread_events(self) -> Mapping[str, tuple[Event, ...]]:
        """Thread id → the events that touch it, in telling order.

        An event touches a thread through ``threads``, ``opens`` or ``resolves``.
        """
        groups: dict[str, list[Event]] = defaultdict(list)
        for event in self.telling:
            for thread in event.all_threads:
                groups[thread].append(event)
        return {thread: tuple(events) for thread, events in groups.items()}

    @cached_property
    def thread_children(self) -> Mapping[str, tuple[Thread, ...]]:
        """Thread id → its child threads, in file order."""
        groups: dict[str, list[Thread]] = defaultdict(list)
        for thread in self.story.threads:
            if thread.parent is not None and thread.parent != thread.id:
                groups[thread.parent].append(thread)
        return {parent: tuple(threads) for parent, threads in groups.items()}

    @cached_property
    def thread_span(self) -> Mapping[str, tuple[int, int]]:
        """Thread id → the first and last leaf installment (inclusive) its events are told in."""
        spans: dict[str, tuple[int, int]] = {}
        leaf_of = self.event_leaf
        for thread, events in self.thread_events.items():
            leaves = [leaf_of[event.id] for event in events if event.id in leaf_of]
            if leaves:
                spans[thread] = (min(leaves), max(leaves))
        return spans

    @cached_property
    def busy_threads(self) -> frozenset[str]:
        """Ids of the threads with events of their own or through a descendant thread."""
        parents = {thread.id: thread.parent for thread in self.story.threads}
        busy: set[str] = set()
        for thread in self.thread_events:
            current: str | None = thread
            while current is not None and current not in busy:
                busy.add(current)
                current = parents.get(current)
        return frozenset(busy)

    # -- records by id ---------------------------------------------------------------

    @cached_property
    def records_by_id(self) -> Mapping[str, tuple[Record, ...]]:
        """Every id → the records of any kind that carry it."""
        groups: dict[str, list[Record]] = defaultdict(list)
        for record in self.story.records():
            if record.id is not None:
                groups[record.id].append(record)
        return {key: tuple(records) for key, records in groups.items()}

    @staticmethod
    def kind(record: Record) -> str:
        """Name the kind of a record as a story file does: ``event``, ``work``."""
        return _kind(record)


def _positions(ids: Iterable[str]) -> dict[str, int]:
    result: dict[str, int] = {}
    for i, key in enumerate(ids):
        result.setdefault(key, i)
    return result


class Appearances(Mapping[str, tuple[Appearance, ...]]):
    """Entity id → its parts in the events of one order, each entity's built on first use.

    One pass over the order notes the positions of each entity's events; the
    :class:`Appearance` records of an entity are made when it is looked up.
    Keys come in the order of each entity's first appearance.
    """

    def __init__(self, order: Sequence[Event]) -> None:
        index: dict[str, list[int]] = defaultdict(list)
        for pos, event in enumerate(order):
            for entity in event.participants:
                index[entity].append(pos)
        self._order = order
        self._index = dict(index)
        self._built: dict[str, tuple[Appearance, ...]] = {}

    def __getitem__(self, entity: str) -> tuple[Appearance, ...]:
        built = self._built.get(entity)
        if built is None:
            order = self._order
            built = tuple(
                Appearance(pos, order[pos], order[pos].participants[entity])
                for pos in self._index[entity]
            )
            self._built[entity] = built
        return built

    def __contains__(self, entity: object) -> bool:
        return entity in self._index

    def walk(self, entity: str, *, reverse: bool = False) -> Iterator[Appearance]:
        """The entity's parts one at a time (last first if ``reverse``), none if it has none.

        For a rule that stops early: nothing is built beyond what it reads.
        """
        positions = self._index.get(entity, ())
        order = self._order
        for pos in reversed(positions) if reverse else positions:
            event = order[pos]
            yield Appearance(pos, event, event.participants[entity])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
