"""Which installments a viewer in a region had on a date, from the release history.

:func:`released_works` reads works and releases (records, never a ``Story``)
and answers with a :class:`Released`: the ids of the works that were
*certainly* out, for spoilers err on the side of showing less.

* Only releases with status ``released`` count; ``announcement`` releases
  never release anything (an announced, cancelled or rescheduled release does
  not either).
* A release counts in region ``R`` when its region is ``R``, ``WW`` (the
  world) or not given: a release that names no region is taken to be
  everywhere, so a story that never names regions answers for any region.
  Without a region every release counts (out anywhere). Regions are compared
  without regard to case.
* "On date ``D``" means by the end of ``D``, and a release is out only when
  its whole span is: a release dated ``2019-08`` is out on ``2019-08-31``
  and later, not on ``2019-08-15``.
* A release of a work releases its parts (a season's streaming release
  releases its episodes). A *run* (``start``/``end``) releases the first
  installment of the work at its start and the whole work at its end: in
  between, only the parts' own releases say more. A work all of whose parts
  are out is out.

>>> from plotline._records import Release, Work
>>> works = [Work("s1"), Work("e1", parent="s1", number=1), Work("e2", parent="s1", number=2)]
>>> run = Release("s1", "broadcast", start="2020-07-02", end="2020-07-09", region="JP")
>>> released_works(works, [run], date="2020-07-05", region="jp").describe()
'as of 2020-07-05 in JP: up to e1'
>>> released_works(works, [run], date="2020-07", region="JP").describe()
'as of 2020-07 in JP: all 2 installments, up to e2'
>>> released_works(works, [run], date="2020-07-05", region="US").describe()
'as of 2020-07-05 in US: nothing released'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from plotline._order._works import WorksTree
from plotline._records import ReleaseKind, ReleaseStatus
from plotline._time import Instant, Interval, TimeValue, parse_time

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from plotline._records import Release, Work

__all__ = ["WORLD", "Released", "released_works"]

WORLD = "WW"
"""The region code of a worldwide release; it counts in every region."""


@attrs.frozen(slots=True)
class Released:
    """The works a viewer had: on :attr:`date` (its end), in :attr:`region` (or anywhere)."""

    date: TimeValue | None
    """The viewer's date; ``None`` for every release made so far."""
    region: str | None
    """The viewer's region (upper case); ``None`` for anywhere."""
    works: frozenset[str]
    """The ids of the works certainly out, with their parts."""
    installments: tuple[str, ...]
    """The leaf installments out, in tree order."""
    all_installments: tuple[str, ...] = attrs.field(repr=False)
    """Every leaf installment of the story, in tree order."""

    def describe(self) -> str:
        """A header line: ``as of 2020-09-01 in JP: up to s1e12``."""
        when = "as of " + ("now" if self.date is None else str(self.date))
        where = "" if self.region is None else f" in {self.region}"
        return f"{when}{where}: {self.summary()}"

    def summary(self) -> str:
        """Which installments were out: ``up to s1e12``, or their stretches when not a prefix."""
        out = set(self.installments)
        if not out:
            return "nothing released"
        stretches: list[tuple[str, str]] = []
        run_start: str | None = None
        previous: str | None = None
        for leaf in self.all_installments:
            if leaf in out:
                if run_start is None:
                    run_start = leaf
                previous = leaf
            elif run_start is not None and previous is not None:
                stretches.append((run_start, previous))
                run_start = None
        if run_start is not None and previous is not None:
            stretches.append((run_start, previous))
        first, last = stretches[0]
        if len(stretches) == 1 and first == self.all_installments[0]:
            if last == self.all_installments[-1]:
                return f"all {len(out)} installments, up to {last}"
            return f"up to {last}"
        return ", ".join(a if a == b else f"{a} to {b}" for a, b in stretches)


def _elsewhere(region: str | None, where: str) -> bool:
    """Whether a release in ``region`` is out of reach of a viewer in ``where`` (upper case)."""
    if region is None or region in (where, WORLD):
        return False
    return region.upper() not in (where, WORLD)


def _value(value: TimeValue | str | int | None) -> TimeValue | None:
    if value is None or isinstance(value, Instant | Interval):
        return value
    return parse_time(str(value))


def released_works(
    works: Sequence[Work],
    releases: Iterable[Release],
    *,
    date: TimeValue | str | int | None = None,
    region: str | None = None,
    tree: WorksTree | None = None,
) -> Released:
    """The works certainly out on ``date`` (by its end) in ``region``; see the module.

    ``date`` is a time value or its text (``"2020-09-01"``, ``"2020-09"``);
    bad text raises :class:`~plotline.TimeValueError`. ``tree`` is the works'
    tree, if already built.
    """
    when = _value(date)
    where = None if region is None else region.upper()
    tree = WorksTree(works) if tree is None else tree
    position = tree.position
    limit = None if when is None else when.upper
    out = [False] * len(tree)

    def mark(at: int) -> None:
        for j in range(at, tree.subtree_end(at) + 1):
            out[j] = True

    released, announcement = ReleaseStatus.RELEASED, ReleaseKind.ANNOUNCEMENT
    for release in releases:
        if release.status is not released or release.kind is announcement:
            continue
        if where is not None and _elsewhere(release.region, where):
            continue
        at = position.get(release.work)
        if at is None:
            continue
        if release.date is not None:
            if limit is None or release.date.upper <= limit:
                mark(at)
        elif release.end is not None and (limit is None or release.end.upper <= limit):
            mark(at)
        elif release.start is not None and (limit is None or release.start.upper <= limit):
            first = at
            while tree.subtree_end(first) != first:  # down to the first installment
                first += 1
            out[first] = True
    # A work whose parts are all out is out (it tells nothing the parts do not).
    for at in range(len(tree) - 1, -1, -1):
        end = tree.subtree_end(at)
        if not out[at] and end != at:
            child = at + 1
            whole = True
            while child <= end:
                if not out[child]:
                    whole = False
                    break
                child = tree.subtree_end(child) + 1
            out[at] = whole
    ids = tree.works
    leaves = tuple(ids[at].id for at in range(len(tree)) if tree.subtree_end(at) == at)
    return Released(
        date=when,
        region=where,
        works=frozenset(ids[at].id for at in range(len(tree)) if out[at]),
        installments=tuple(
            ids[at].id for at in range(len(tree)) if out[at] and tree.subtree_end(at) == at
        ),
        all_installments=leaves,
    )
