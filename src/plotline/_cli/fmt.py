"""The ``plotline fmt`` command: story files rewritten in canonical form.

Each file is put in canonical form by :mod:`plotline._io._canonical`, which
refuses (and leaves the file as it was) when the rewrite would lose anything.
With ``--check`` nothing is written. A file may write times in the calendars
that other story files of its folder define. Exit 0; 1 with ``--check`` when any file
would change; 2 for a directory, a file that does not load or one that cannot
be rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from plotline._cli._common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

__all__ = ["add_fmt_arguments", "fmt_command"]


def add_fmt_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline fmt`` on ``parser``."""
    parser.add_argument("paths", metavar="FILE", nargs="+", help="story files to format")
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if any file is not in canonical form",
    )


def fmt_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline fmt``: format each file, or say which would change; return the status."""
    from plotline._io._calendars import folder_calendars
    from plotline._io._canonical import format_file
    from plotline._time import using_calendars

    changed = 0
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            stderr.write(f"{path}: is a directory; name the story files to format\n")
            return EXIT_USAGE
        with using_calendars(folder_calendars(path)):  # the folder is one story
            formatted = format_file(path, check=args.check)
        if formatted:
            changed += 1
            verb = "would reformat" if args.check else "reformatted"
            stdout.write(f"{verb} {path}\n")
    total = len(args.paths)
    unchanged = total - changed
    if args.check:
        stdout.write(f"{changed} file(s) would be reformatted, {unchanged} already formatted\n")
        return EXIT_FINDINGS if changed else EXIT_OK
    stdout.write(f"{changed} file(s) reformatted, {unchanged} left unchanged\n")
    return EXIT_OK
