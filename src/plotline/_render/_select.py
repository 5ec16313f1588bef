"""What a view shows: the story cut by ``as_of`` and limited to threads, entities, works.

The views never look at a story directly for "which events": they ask a
:class:`Selection`, so every view limits the same way. Findings to mark are
indexed here too (:class:`Marks`), by record id and by file location.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import attrs

from plotline._check._finding import Finding, Report
from plotline._model import Event, Location, Origin, Story, Thread, Work, WorkKind, cut_after
from plotline._order import Solution, WorksTree, solve
from plotline.exceptions import UnknownIdError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from plotline._time import TimeValue

__all__ = ["Marks", "Selection", "WorkTree", "select"]


WorkTree = WorksTree
"""The works tree the views read (the solver's own: :class:`plotline._order.WorksTree`).

The views use its ``works``, ``position``, ``chain``, ``within`` and ``span``.
"""


_SHORT_KIND: Mapping[WorkKind, str] = {
    WorkKind.SEASON: "S",
    WorkKind.EPISODE: "E",
    WorkKind.VOLUME: "Vol. ",
    WorkKind.CHAPTER: "Ch. ",
    WorkKind.ISSUE: "#",
    WorkKind.PART: "Part ",
    WorkKind.BOOK: "Book ",
    WorkKind.LEVEL: "Level ",
    WorkKind.SCENE: "Sc. ",
}


def work_names(work: Work) -> tuple[str, ...]:
    """Ways to name a work, longest first: its title, its id, a short code like ``E3``."""
    names = [work.title] if work.title else []
    names.append(work.id)
    short = _SHORT_KIND.get(work.kind) if isinstance(work.kind, WorkKind) else None
    if short is not None and work.number is not None:
        names.append(f"{short}{work.number}")
    return tuple(names)


class Marks:
    """Findings to mark on a diagram, found by record id or by file location."""

    def __init__(self, findings: Report | Iterable[Finding] | None = None) -> None:
        if findings is None:
            active: tuple[Finding, ...] = ()
        elif isinstance(findings, Report):
            active = findings.active
        else:
            active = tuple(f for f in findings if not f.suppressed)
        self.findings = active
        self._by_subject: dict[str, list[Finding]] = defaultdict(list)
        self._by_location: dict[tuple[str | None, int, int], list[Finding]] = defaultdict(list)
        for finding in active:
            for subject in finding.subjects:
                self._by_subject[subject].append(finding)
            if finding.location is not None:
                self._by_location[_key(finding.location)].append(finding)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def about(
        self, record_id: str | None, origin: Origin | None = None, *, codes: str = ""
    ) -> tuple[Finding, ...]:
        """The findings about a record: it is a subject, or a finding sits where it was written.

        ``codes`` keeps only findings whose code starts with it (``"PL5"``).
        """
        if not self.findings:
            return ()
        found: dict[int, Finding] = {}
        if record_id is not None:
            for finding in self._by_subject.get(record_id, ()):
                found[id(finding)] = finding
        if origin is not None:
            for location in (origin.record, *origin.fields.values()):
                for finding in self._by_location.get(_key(location), ()):
                    found[id(finding)] = finding
        return tuple(f for f in found.values() if f.code.startswith(codes))

    @staticmethod
    def describe(findings: Iterable[Finding]) -> str:
        """The findings as tooltip lines: ``PL301 error: message``."""
        return "\n".join(f"{f.code} {f.severity.value}: {f.message}" for f in findings)


def _key(location: Location) -> tuple[str | None, int, int]:
    return (location.file, location.line, location.column)


@attrs.frozen(slots=True)
class Selection:
    """The part of a story a view draws, and the findings to mark on it."""

    story: Story
    solution: Solution
    """The solved order of :attr:`story` (solved once, for every view of the selection)."""
    tree: WorksTree
    events: tuple[Event, ...]
    threads: tuple[Thread, ...]
    entities: frozenset[str] | None
    works: frozenset[str] | None
    as_of: str | None
    marks: Marks
    filters: tuple[str, ...]

    @property
    def thread_set(self) -> frozenset[str]:
        """The ids of the threads shown."""
        return frozenset(thread.id for thread in self.threads)

    def thread_ids(self, event: Event, shown: frozenset[str] | None = None) -> tuple[str, ...]:
        """The event's threads that are shown (``shown``: :attr:`thread_set`, if known)."""
        shown = self.thread_set if shown is None else shown
        return tuple(thread for thread in event.all_threads if thread in shown)


def _ids(value: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(value)


def _known(kind: str, wanted: Sequence[str], known: Iterable[str]) -> None:
    names = list(known)
    for name in wanted:
        if name not in names:
            raise UnknownIdError(kind, name, names)


def select(
    story: Story,
    *,
    threads: Iterable[str] | str | None = None,
    entities: Iterable[str] | str | None = None,
    works: Iterable[str] | str | None = None,
    as_of: str | None = None,
    report: Report | Iterable[Finding] | None = None,
    as_of_date: TimeValue | str | None = None,
    region: str | None = None,
) -> Selection:
    """Cut and limit ``story`` for a view; an unknown id is a :class:`~plotline.UnknownIdError`.

    ``as_of`` keeps what is told up to that installment; ``as_of_date`` and
    ``region`` keep what a viewer there had by the end of that date (see
    :meth:`Story.released <plotline.Story.released>`). ``threads`` keeps the
    events on those threads (and only their lanes), ``entities`` the events
    with those entities, ``works`` the events told in those works (or inside
    them). Each accepts a list or a comma-separated string.

    The events come in telling order, with the backstory (events with no
    ``told_in``) first, in story order: the views draw it before the first
    installment.
    """
    filters: list[str] = []
    if as_of is not None:
        if as_of not in story.work_index:
            _known("work", [as_of], story.work_index)
        story = story.as_of(as_of)
        filters.append(f"as of {as_of}")
    elif as_of_date is not None or region is not None:
        released = story.released(date=as_of_date, region=region)
        story = cut_after(story, released.works)
        filters.append(released.describe())
    solution = solve(story)
    tree = solution.tree
    thread_ids = _ids(threads)
    entity_ids = _ids(entities)
    work_ids = _ids(works)
    if thread_ids is not None:
        _known("thread", thread_ids, story.thread_index)
        filters.append("threads: " + ", ".join(thread_ids))
    if entity_ids is not None:
        _known("entity", entity_ids, story.entity_index)
        filters.append("entities: " + ", ".join(entity_ids))
    if work_ids is not None:
        _known("work", work_ids, story.work_index)
        filters.append("works: " + ", ".join(work_ids))
    # Backstory (told nowhere) leads, in story order: it happened before the telling
    # shows anything, never after the last installment. Events told in a work that
    # does not exist keep their place at the end.
    backstory = sorted(
        (event for event in solution.telling if event.told_in is None),
        key=lambda event: solution.story_pos[event.id],
    )
    told = [event for event in solution.telling if event.told_in is not None]
    events: list[Event] = []
    for event in (*backstory, *told):
        if thread_ids is not None and not set(event.all_threads).intersection(thread_ids):
            continue
        if entity_ids is not None and not set(event.participants).intersection(entity_ids):
            continue
        if work_ids is not None and not tree.within(event.told_in, work_ids):
            continue
        events.append(event)
    if thread_ids is not None:
        lanes = tuple(story.thread_index[thread] for thread in dict.fromkeys(thread_ids))
    else:
        seen: dict[str, Thread] = {}
        for thread in story.threads:
            seen.setdefault(thread.id, thread)
        for event in events:  # threads the events name but the story does not declare
            for named in event.all_threads:
                if named not in seen:
                    seen[named] = Thread(named)
        lanes = tuple(seen.values())
    return Selection(
        story=story,
        solution=solution,
        tree=tree,
        events=tuple(events),
        threads=lanes,
        entities=None if entity_ids is None else frozenset(entity_ids),
        works=None if work_ids is None else frozenset(work_ids),
        as_of=as_of,
        marks=Marks(report),
        filters=tuple(filters),
    )
