"""The ``plotline show`` command: a story's events as a table in the terminal.

Events in telling order (as shown) or story order (as it happened), one row
each: where it is told, when it happens, its mode, threads and who is there.
Columns give way, widest first, when the terminal is narrow. Exit 0, or 2 for
a story that does not load or an unknown ``--as-of`` installment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from plotline._cli._common import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

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
    parser.add_argument("--as-of", metavar="WORK", help="only what is known after this installment")


def show_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline show``: load the story and print its events; return the exit status."""
    from plotline._cli._common import load_story

    story = load_story(args.path)
    if args.as_of:
        try:
            story = story.as_of(args.as_of)
        except KeyError as exc:
            stderr.write(f"plotline show: {exc.args[0]}\n")
            return EXIT_USAGE
    events = story.chronology() if args.order == "story" else story.telling()
    rows = [("#", "event", "told in", "when", "mode", "threads", "who")]
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
                "" if event.when is None else str(event.when),
                "" if event.mode.value == "present" else event.mode.value,
                ", ".join(event.all_threads),
                who,
            )
        )
    title = story.title or Path(args.path).name
    order = "story order" if args.order == "story" else "telling order"
    stdout.write(f"{title}: {len(events)} events in {order}\n\n")
    stdout.write(_table(rows, width=_terminal_width(stdout)))
    return EXIT_OK


def _terminal_width(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 120


def _table(rows: Sequence[Sequence[str]], *, width: int) -> str:
    """Rows as aligned columns; the widest columns give way first when space runs out."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    gap = 2
    while sum(widths) + gap * (len(widths) - 1) > width and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    lines = []
    for index, row in enumerate(rows):
        cells = [_fit(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)]
        lines.append((" " * gap).join(cells).rstrip())
        if index == 0:
            lines.append((" " * gap).join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
