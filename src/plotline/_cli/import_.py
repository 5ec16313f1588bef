"""The ``plotline import`` command: a story file made from another tool's file.

``plotline import FILE --from FORMAT [-o story.toml]`` reads a foreign file,
prints each row or record it could not carry over as ``file:line:col: …`` on
stderr, and writes the story (atomically, to ``-o`` or as TOML to stdout).
Exit 0 when a story was imported, even with problems; 2 when nothing in the
file was usable, or when it cannot be read as a story file cannot: not a
regular file, over ``--max-file-size``, not UTF-8 (every format but SGB's,
which has its own check), or the very file ``-o`` names.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from plotline._atomic import atomic_write
from plotline._cli._common import (
    EXIT_OK,
    EXIT_USAGE,
    counted,
    overwritten_input,
    write_problems,
)
from plotline._io import dumps, read_story_file
from plotline._io._formats import story_format
from plotline._io._limits import read_limited
from plotline.exceptions import LoadError, Problem
from plotline.importers import FORMATS, guess_format, import_story

if TYPE_CHECKING:
    import argparse

__all__ = ["add_import_arguments", "import_command"]


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``plotline import`` to ``parser``."""
    parser.add_argument("path", metavar="FILE", help="the file to import")
    parser.add_argument(
        "--from",
        dest="from_format",
        choices=sorted(FORMATS),
        metavar="FORMAT",
        help=f"its format: {', '.join(sorted(FORMATS))} (default: from the file name: "
        ".csv, .pltr, .dat)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="STORY",
        help="the story file to write (.toml, .yaml or .json); default: TOML on stdout",
    )


def import_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline import``; return the exit status."""
    output = Path(args.output) if args.output else None
    kind = "toml" if output is None else story_format(output)
    if kind is None:
        stderr.write(f"plotline import: {output}: name the story file .toml, .yaml or .json\n")
        return EXIT_USAGE
    clash = overwritten_input(output, [args.path]) if output is not None else None
    if clash is not None:
        stderr.write(f"plotline import: {clash}\n")
        return EXIT_USAGE
    try:
        _check_readable(args.path, args.from_format or guess_format(args.path))
    except LoadError as error:
        write_problems(stderr, error.problems)
        stderr.write(f"plotline import: cannot read {args.path}; nothing was written\n")
        return EXIT_USAGE
    try:
        result = import_story(args.path, args.from_format)
    except LoadError as error:
        write_problems(stderr, error.problems)
        stderr.write(f"plotline import: nothing usable in {args.path}; nothing was written\n")
        return EXIT_USAGE
    write_problems(stderr, result.problems)
    text = dumps(result.story, format=kind)
    story = result.story
    counts = f"{len(story.works)} works, {len(story.events)} events, {len(story.entities)} entities"
    if result.kept_in_meta:
        keep = "keeps" if result.kept_in_meta == 1 else "keep"
        counts += f"; {counted(result.kept_in_meta, 'record')} {keep} extra fields in meta"
    if output is None:
        stdout.write(text)
    else:
        atomic_write(output, text)
        stdout.write(f"imported {args.path} to {output}: {counts}\n")
    if result.problems:
        problems = counted(len(result.problems), "problem")
        stderr.write(f"plotline import: {problems}; the rest was imported\n")
    return EXIT_OK


def _check_readable(path: str, format: str | None) -> None:
    """Refuse, before an importer opens it, a file that ``plotline`` reads nowhere else either.

    A FIFO or a device (which would hang or never end), a file over the size
    limit, and text that is not UTF-8 are each a located problem; SGB files
    are bytes that their reader checks line by line.
    """
    if format == "sgb":
        data = read_limited(path)
        if isinstance(data, Problem):
            raise LoadError([data])
    else:
        read_story_file(path)
