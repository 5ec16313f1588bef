"""The ``plotline import`` and ``plotline export`` subcommands.

``plotline import FILE --from FORMAT [-o story.toml]`` reads a foreign file,
prints each row or record it could not carry over as ``file:line:col: …`` on
stderr, and writes the story (atomically, to ``-o`` or as TOML to stdout).
Exit 0 when a story was imported, even with problems; 2 when nothing in the
file was usable.

``plotline export FILE --to FORMAT [-o OUT]`` loads a story file and writes it
in another tool's format, to stdout or atomically to ``OUT``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from plotline._atomic import atomic_write
from plotline._io import dumps, load
from plotline.exceptions import LoadError
from plotline.exporters import FORMATS as EXPORT_FORMATS
from plotline.exporters import ExportError, export
from plotline.importers import FORMATS as IMPORT_FORMATS
from plotline.importers import import_story

if TYPE_CHECKING:
    import argparse

__all__ = [
    "add_export_arguments",
    "add_import_arguments",
    "export_command",
    "import_command",
]

EXIT_OK = 0
EXIT_USAGE = 2

_STORY_SUFFIXES = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``plotline import`` to ``parser``."""
    parser.add_argument("path", metavar="FILE", help="the file to import")
    parser.add_argument(
        "--from",
        dest="from_format",
        choices=sorted(IMPORT_FORMATS),
        metavar="FORMAT",
        help=f"its format: {', '.join(sorted(IMPORT_FORMATS))} (default: from the file name: "
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
    story_format = "toml"
    if output is not None:
        story_format = _STORY_SUFFIXES.get(output.suffix.lower(), "")
        if not story_format:
            stderr.write(f"plotline import: {output}: name the story file .toml, .yaml or .json\n")
            return EXIT_USAGE
    try:
        result = import_story(args.path, args.from_format)
    except LoadError as error:
        for problem in error.problems:
            stderr.write(f"{problem}\n")
        stderr.write(f"plotline import: nothing usable in {args.path}; nothing was written\n")
        return EXIT_USAGE
    for problem in result.problems:
        stderr.write(f"{problem}\n")
    text = dumps(result.story, format=story_format)
    story = result.story
    counts = f"{len(story.works)} works, {len(story.events)} events, {len(story.entities)} entities"
    if output is None:
        stdout.write(text)
    else:
        atomic_write(output, text)
        stdout.write(f"imported {args.path} to {output}: {counts}\n")
    if result.problems:
        count = len(result.problems)
        stderr.write(
            f"plotline import: {count} problem{'s' if count != 1 else ''}; the rest was imported\n"
        )
    return EXIT_OK


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``plotline export`` to ``parser``."""
    parser.add_argument("path", metavar="FILE", help="the story file to export")
    parser.add_argument(
        "--to",
        dest="to_format",
        required=True,
        choices=sorted(EXPORT_FORMATS),
        metavar="FORMAT",
        help=f"the format to write: {', '.join(sorted(EXPORT_FORMATS))}",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="the file to write; default: stdout")


def export_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline export``; return the exit status."""
    story = load(args.path)
    try:
        text = export(story, args.to_format)
    except ExportError as error:
        stderr.write(f"plotline export: {args.path}: {error}\n")
        return EXIT_USAGE
    if args.output:
        atomic_write(Path(args.output), text)
    else:
        stdout.write(text)
    return EXIT_OK
