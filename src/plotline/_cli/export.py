"""The ``plotline export`` command: a story written in another tool's format.

``plotline export FILE --to FORMAT [--group-by thread|entity] [-o OUT]``
loads a story file and writes it in another tool's format, to stdout or
atomically to ``OUT``. Exit 0, or 2
when the story does not load or the format cannot express it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from plotline._atomic import atomic_write
from plotline._cli._common import EXIT_OK, EXIT_USAGE, load_story, overwritten_input
from plotline.exceptions import ExportError
from plotline.exporters import FORMATS, GROUP_BY, export

if TYPE_CHECKING:
    import argparse

__all__ = ["add_export_arguments", "export_command"]


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``plotline export`` to ``parser``."""
    parser.add_argument("path", metavar="FILE", help="the story file to export")
    parser.add_argument(
        "--to",
        dest="to_format",
        required=True,
        choices=sorted(FORMATS),
        metavar="FORMAT",
        help=f"the format to write: {', '.join(sorted(FORMATS))}",
    )
    parser.add_argument(
        "--group-by",
        choices=GROUP_BY,
        default="thread",
        help="markwhen: one group per thread (default) or per entity",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="the file to write; default: stdout")


def export_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline export``; return the exit status."""
    clash = overwritten_input(args.output, [args.path]) if args.output else None
    if clash is not None:
        stderr.write(f"plotline export: {clash}\n")
        return EXIT_USAGE
    story = load_story(args.path)
    try:
        text = export(story, args.to_format, group_by=args.group_by)
    except ExportError as error:
        stderr.write(f"plotline export: {args.path}: {error}\n")
        return EXIT_USAGE
    if args.output:
        atomic_write(Path(args.output), text)
    else:
        stdout.write(text)
    return EXIT_OK
