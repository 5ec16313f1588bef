"""PL5: release history. Installments reach their audience in order, after they are announced."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from plotline._model import Release, ReleaseKind, ReleaseStatus, WorkKind
from plotline._time import Instant, Relation, TimeValue, relation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plotline._check._context import Context, Hit

__all__ = [
    "count_mismatch",
    "release_before_announcement",
    "release_out_of_order",
    "run_ends_before_start",
]

Lane = tuple[str, str, str]


def _first_moment(release: Release) -> TimeValue | None:
    """When a release first reached anyone: its date, or the start of its run."""
    if release.date is not None:
        return release.date
    return release.start


def _released(release: Release) -> bool:
    """Whether a release happened: ``status = "released"`` (the default).

    An ``announced``, ``rescheduled``, ``superseded`` or ``cancelled`` date is
    history of the plans, not of the releases: PL501 and PL502 leave it out.
    """
    return release.status is ReleaseStatus.RELEASED


def _lower(value: TimeValue) -> int:
    return value.lower


def _text(value: TimeValue) -> str:
    return str(value)


# PL501 release-out-of-order
def release_out_of_order(ctx: Context) -> Iterator[Hit]:
    """Flag an installment released before its predecessor, in the same region and medium.

    Within one lane (region, platform or kind, and release kind) a work is
    compared with its nearest earlier sibling in tree order that has a release
    in the same lane; it is a finding when its first release (its ``date``, or
    the ``start`` of a run) lies wholly before the sibling's. Equal dates are
    fine (a binge drop puts a whole season out on one day) and so are values
    whose spans overlap: ``2019-08`` against ``2019-08-23`` is no finding.
    Announcements are not releases (see PL502), and only releases with
    ``status = "released"`` (the default) take part: a date that was
    ``announced``, ``rescheduled``, ``superseded`` or ``cancelled`` is not
    when the work came out. Only siblings are compared: season 2's first
    episode against season 2's other episodes, seasons against seasons.

    Bad::

        [[releases]]
        work = "s1e01"
        kind = "broadcast"
        region = "JP"
        date = "2020-07-09"

        [[releases]]
        work = "s1e02"
        kind = "broadcast"
        region = "JP"
        date = "2020-07-02"

    Good::

        [[releases]]
        work = "s1e01"
        kind = "broadcast"
        region = "JP"
        date = "2020-07-02"

        [[releases]]
        work = "s1e02"
        kind = "broadcast"
        region = "JP"
        date = "2020-07-09"
    """
    firsts: dict[str, dict[Lane, tuple[TimeValue, Release]]] = defaultdict(dict)
    for release in ctx.story.releases:
        if release.kind is ReleaseKind.ANNOUNCEMENT or not _released(release):
            continue
        moment = _first_moment(release)
        if moment is None:
            continue
        lane: Lane = (*release.medium, release.kind.value)
        current = firsts[release.work].get(lane)
        if current is None or _lower(moment) < _lower(current[0]):
            firsts[release.work][lane] = (moment, release)
    for siblings in ctx.children.values():
        previous: dict[Lane, tuple[TimeValue, Release]] = {}
        for work in siblings:
            for lane, (moment, release) in firsts.get(work.id, {}).items():
                before = previous.get(lane)
                if before is not None and relation(moment, before[0]) is Relation.BEFORE:
                    region, medium, kind = lane
                    where = f"{kind} on {medium}" if medium != kind else kind
                    if region:
                        where += f" in {region}"
                    yield ctx.finding(
                        f"{work.id} is released ({_text(moment)}) before {before[1].work} "
                        f"({_text(before[0])}), which comes before it, in the same lane "
                        f"({where}); correct a date or the works' numbers "
                        '(or add `allow = ["PL501"]` to the release)',
                        at=release,
                        field="date" if release.date is not None else "start",
                        subjects=[work, release],
                        related=[ctx.related(f"{before[1].work} is released here", before[1])],
                    )
                previous[lane] = (moment, release)


# PL502 release-before-announcement
def release_before_announcement(ctx: Context) -> Iterator[Hit]:
    """Flag a release that precedes the announcement of its work or of an ancestor.

    Nothing is released before it is announced. Each release (its ``date`` or
    the ``start`` of its run) is compared with the earliest ``announcement``
    release of its work and of each of the work's ancestors, in any region; it
    is a finding only when the release lies wholly before the announcement
    (``2019`` against ``2019-06-01`` is no finding). Only releases with
    ``status = "released"`` (the default) are checked: a ``superseded`` or
    ``rescheduled`` date, a ``cancelled`` or merely ``announced`` release never
    fires. An ``announcement`` counts whatever its status: the news was out.

    Bad::

        [[releases]]
        work = "s2"
        kind = "announcement"
        date = "2020-03-01"

        [[releases]]
        work = "s2e01"
        kind = "streaming"
        date = "2019-12-06"

    Good::

        [[releases]]
        work = "s2"
        kind = "announcement"
        date = "2019-09-01"

    Good (a date given once and replaced is no release)::

        [[releases]]
        work = "s2"
        kind = "announcement"
        date = "2020-03-01"

        [[releases]]
        work = "s2e01"
        kind = "streaming"
        date = "2019-12-06"
        status = "superseded"

        [[releases]]
        work = "s2e01"
        kind = "streaming"
        date = "2020-04-03"
    """
    announced: dict[str, tuple[TimeValue, Release]] = {}
    for release in ctx.story.releases:
        moment = _first_moment(release)
        if release.kind is not ReleaseKind.ANNOUNCEMENT or moment is None:
            continue
        current = announced.get(release.work)
        if current is None or _lower(moment) < _lower(current[0]):
            announced[release.work] = (moment, release)
    if not announced:
        return
    for release in ctx.story.releases:
        moment = _first_moment(release)
        if release.kind is ReleaseKind.ANNOUNCEMENT or moment is None or not _released(release):
            continue
        for work in (release.work, *ctx.ancestors.get(release.work, ())):
            found = announced.get(work)
            if found is None or relation(moment, found[0]) is not Relation.BEFORE:
                continue
            of = "its work" if work == release.work else f"its ancestor {work}"
            yield ctx.finding(
                f"{release.work} is released ({_text(moment)}) before {of} is announced "
                f"({_text(found[0])}); correct a date or the announcement "
                '(or add `allow = ["PL502"]` to the release)',
                at=release,
                field="date" if release.date is not None else "start",
                subjects=[release.work, release],
                related=[ctx.related("the announcement", found[1], "date")],
            )
            break


# PL503 run-ends-before-start
def run_ends_before_start(ctx: Context) -> Iterator[Hit]:
    """Flag a run whose ``end`` precedes its ``start``.

    A broadcast run goes from its first airing to its last. An ``end`` that
    lies wholly before the ``start`` is a typo, usually a swapped pair or a
    wrong year; precision counts (``2020`` to ``2020-12-10`` is fine).

    Bad::

        [[releases]]
        work = "s1"
        kind = "broadcast"
        region = "JP"
        start = "2020-12-10"
        end = "2020-07-02"

    Good::

        [[releases]]
        work = "s1"
        kind = "broadcast"
        region = "JP"
        start = "2020-07-02"
        end = "2020-12-10"
    """
    for release in ctx.story.releases:
        start: Instant | None = release.start
        end: Instant | None = release.end
        if start is None or end is None:
            continue
        if relation(end, start) is Relation.BEFORE:
            yield ctx.finding(
                f"the {release.kind} run of {release.work} ends ({end}) before it starts "
                f"({start}); swap `start` and `end` or correct the year "
                '(or add `allow = ["PL503"]` to the release)',
                at=release,
                field="end",
                subjects=[release.work, release],
                related=[ctx.related("the run starts here", release, "start")],
            )


# PL504 count-mismatch
def count_mismatch(ctx: Context) -> Iterator[Hit]:
    """Flag a declared ``episode_count`` that differs from the children listed.

    A season that declares 15 episodes but lists 14 has lost one (or the
    count is wrong). Children of kind ``special`` are not counted: specials
    usually stand outside a season's numbering. A work that lists no
    children at all is not checked (a bible may record a season without its
    episodes).

    Bad::

        [[works]]
        id = "s1"
        kind = "season"
        episode_count = 16
        # only 15 works have parent = "s1"

    Good::

        [[works]]
        id = "s1"
        kind = "season"
        episode_count = 15
    """
    for work in ctx.story.works:
        if work.episode_count is None:
            continue
        children = [c for c in ctx.children.get(work.id, ()) if c.kind is not WorkKind.SPECIAL]
        if not children or len(children) == work.episode_count:
            continue
        yield ctx.finding(
            f"{work.id} declares `episode_count = {work.episode_count}` but lists "
            f"{len(children)} (not counting specials); add the missing works or correct the "
            'count (or add `allow = ["PL504"]` to the work)',
            at=work,
            field="episode_count",
        )
