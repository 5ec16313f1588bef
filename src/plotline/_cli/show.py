"""The ``plotline show`` command: a story's events (or releases) as a table in the terminal.

Events in telling order (as shown) or story order (as it happened), one row
each: where it is told, when it happens (as written: ``32 BBY`` in a story
calendar), its mode, threads, who is there, the ages of those with a
``born`` and its ``meta``. With ``--releases``, the release history instead:
one row per release with its dates, lane, title, edition, publisher, status
and ``meta``.
The first line names the story and its authors; the story's own ``meta``
follows it. An ``ages`` or ``meta`` column (and a release column such as ``edition``)
that is empty in every row is left out, and columns give way, widest first,
when the terminal is narrow. Exit 0, or 2 for a story that does not load or
an unknown ``--as-of`` installment.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plotline._cli._common import EXIT_OK, EXIT_USAGE, add_as_of_arguments
from plotline._cli._table import table as _table
from plotline._cli._table import terminal_width as _terminal_width

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

    from plotline._model import Event, Release, Story

__all__ = ["add_show_arguments", "show_command"]


def add_show_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline show`` on ``parser``."""
    parser.add_argument("path", metavar="FILE", help="a story file or a directory of them")
    parser.add_argument(
        "--order",
        choices=("telling", "story"),
        default="telling",
        help="telling order (as shown) or story order (as it happened); default: telling",
    )
    add_as_of_arguments(parser)
    table = parser.add_mutually_exclusive_group()
    table.add_argument(
        "--releases",
        action="store_true",
        help="show the release history (titles, editions, publishers, statuses) instead",
    )
    table.add_argument(
        "--routes",
        action="store_true",
        help="show the routes between places (and any quicker way between their ends) instead",
    )
    from plotline._cli._show_knowledge import add_knowledge_arguments

    add_knowledge_arguments(parser)


def show_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline show``: load the story and print its events; return the exit status."""
    from plotline._cli._common import as_of_story, load_story

    story = load_story(args.path)
    try:
        story, cut = as_of_story(story, args)
    except (KeyError, ValueError) as exc:
        stderr.write(f"plotline show: {exc.args[0]}\n")
        return EXIT_USAGE
    from plotline._cli._show_knowledge import show_knowledge, wants_knowledge

    if wants_knowledge(args):
        return show_knowledge(story, args, stdout, stderr)
    title = story.title or Path(args.path).name
    by = f" by {_listed(story.authors)}" if story.authors else ""
    if args.releases:
        rows = _filled(_release_rows(story.releases), _RELEASE_OPTIONAL)
        what = f"{len(story.releases)} releases"
    elif args.routes:
        rows = _filled(_route_rows(story), ("id", "by", "fastest", "meta"))
        what = f"{len(story.routes)} routes"
    else:
        events = story.chronology() if args.order == "story" else story.telling()
        rows = _filled(_event_rows(events, story), ("ages", "meta"))
        order = "story order" if args.order == "story" else "telling order"
        what = f"{len(events)} events in {order}"
    shown = "" if cut is None else f" ({cut})"
    stdout.write(f"{title}{by}: {what}{shown}\n")
    if story.meta:
        stdout.write(f"meta: {compact_meta(story.meta)}\n")
    stdout.write("\n")
    stdout.write(_table(rows, width=_terminal_width(stdout)))
    return EXIT_OK


#: Columns of the release table left out when no release shown has a value there.
_RELEASE_OPTIONAL = ("id", "region", "platform", "title", "edition", "publisher", "meta")


def _event_rows(events: Sequence[Event], story: Story) -> list[tuple[str, ...]]:
    from plotline._ages import ages_text
    from plotline._display import time_text

    rows: list[tuple[str, ...]] = [
        ("#", "event", "told in", "when", "mode", "threads", "who", "ages", "meta")
    ]
    for number, event in enumerate(events, 1):
        who = ", ".join(
            entity if role.value == "present" else f"{entity} ({role.value})"
            for entity, role in event.participants.items()
        )
        rows.append(
            (
                str(number),
                event.label,
                event.told_in or "",
                time_text(story, event.when),
                "" if event.mode.value == "present" else event.mode.value,
                ", ".join(event.all_threads),
                who,
                ages_text(story, event),
                compact_meta(event.meta),
            )
        )
    return rows


def _release_rows(releases: Sequence[Release]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (
            "#",
            "id",
            "work",
            "kind",
            "date",
            "region",
            "platform",
            "title",
            "edition",
            "publisher",
            "status",
            "meta",
        )
    ]
    for number, release in enumerate(releases, 1):
        span = release.span
        rows.append(
            (
                str(number),
                release.id or "",
                release.work,
                str(release.kind),
                "" if span is None else str(span),
                release.region or "",
                release.platform or "",
                release.title or "",
                release.edition or "",
                release.publisher or "",
                str(release.status),
                compact_meta(release.meta),
            )
        )
    return rows


def _route_rows(story: Story) -> list[tuple[str, ...]]:
    """One row per route; ``fastest`` is the quickest journey between its ends, if quicker."""
    from plotline._order._travel import Travel, duration_text

    travel = Travel(story.entity_index.values(), story.routes)
    rows: list[tuple[str, ...]] = [
        ("#", "id", "from", "to", "time", "ways", "by", "fastest", "meta")
    ]
    for number, route in enumerate(story.routes, 1):
        fastest = travel.seconds(route.from_, route.to)
        shorter = fastest is not None and fastest < route.time.min_seconds
        rows.append(
            (
                str(number),
                route.id or "",
                route.from_,
                route.to,
                str(route.time),
                "one way" if route.oneway else "both",
                route.by or "",
                duration_text(fastest) if shorter and fastest is not None else "",
                compact_meta(route.meta),
            )
        )
    return rows


def compact_meta(meta: Mapping[str, Any]) -> str:
    """A record's ``meta`` on one line: ``key=value`` pairs joined by ``; ``.

    >>> compact_meta({"pages": 223, "imprint": "Levine", "reprint": False, "isbn": ["a", "b"]})
    'pages=223; imprint=Levine; reprint=false; isbn=[a, b]'
    >>> compact_meta({"venue": {"city": "London", "seats": 2000}})
    'venue={city=London, seats=2000}'
    """
    return "; ".join(f"{key}={_meta_value(value)}" for key, value in meta.items())


def _meta_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={_meta_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_meta_value(item) for item in value) + "]"
    return str(value)


def _listed(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _filled(rows: Sequence[Sequence[str]], optional: Sequence[str]) -> list[Sequence[str]]:
    """The rows without the ``optional`` columns that are empty below the header."""
    header = rows[0]
    keep = [
        i
        for i, name in enumerate(header)
        if name not in optional or len(rows) == 1 or any(row[i] for row in rows[1:])
    ]
    return [[row[i] for i in keep] for row in rows]
