"""The ``plotline render`` command.

``add_render_arguments(parser)`` declares the arguments on the subparser the
CLI hands it; ``render_command(args, stdout, stderr) -> int`` runs it, writing
only to the streams it is given. Exit status (DESIGN §7): 0 when the diagram
was written; 2 for bad input or usage (a story that does not load, an unknown
view or id, an image format without Graphviz installed), each problem one
line on stderr, never a traceback. Findings never change the status: drawing
them is the point.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from plotline._cli._common import (
    EXIT_OK,
    EXIT_USAGE,
    add_as_of_arguments,
    counted,
    overwritten_input,
    split_ids,
    write_problems,
)
from plotline.exceptions import LoadError, PlotlineError

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from plotline._check import Report
    from plotline._model import Story

__all__ = ["add_render_arguments", "render_command"]

VIEW_NAMES = ("storyline", "chronology", "cast", "releases", "knowledge")
FORMAT_NAMES = ("svg", "png", "pdf", "dot")
_TEXT_FORMATS = ("svg", "dot")


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline render`` on ``parser``."""
    parser.add_argument(
        "path",
        metavar="FILE|DIR",
        help="a story file, or a directory that holds one story's files",
    )
    parser.add_argument(
        "--view",
        choices=VIEW_NAMES,
        default="storyline",
        help="what to draw (default: storyline)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=(
            "write the diagram to FILE (.svg, .png, .pdf, .dot or .gv); "
            "without it the DOT source goes to standard output"
        ),
    )
    parser.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        help="output format (default: from the suffix of -o, else dot)",
    )
    add_as_of_arguments(parser)
    parser.add_argument(
        "--threads",
        metavar="IDS",
        action="append",
        help="only these threads: ids, comma-separated (may be repeated)",
    )
    parser.add_argument(
        "--entities",
        metavar="IDS",
        action="append",
        help="only events with these entities: ids, comma-separated",
    )
    parser.add_argument(
        "--works",
        metavar="IDS",
        action="append",
        help="only what is told in these works (and the works inside them): ids, comma-separated",
    )
    parser.add_argument(
        "--theme",
        choices=("light", "dark"),
        default="light",
        help="colours for a light or a dark page (default: light)",
    )
    parser.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="do not run the checker; draw no findings",
    )


def render_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline render``: load, check, draw and write; return the exit status."""
    from plotline._cli._common import load_story
    from plotline._render._output import FORMATS, image, write
    from plotline._render._render import render

    output = Path(args.output) if args.output else None
    fmt = args.format
    if fmt is None:
        fmt = FORMATS.get(output.suffix.lower(), None) if output is not None else "dot"
        if fmt is None:
            assert output is not None
            stderr.write(
                f"plotline render: {output}: cannot tell the format from the suffix "
                f"{output.suffix!r}; use .svg, .png, .pdf, .dot or .gv, or give --format\n"
            )
            return EXIT_USAGE
    if output is None and fmt not in _TEXT_FORMATS:
        stderr.write(f"plotline render: {fmt} is not text; write it to a file with -o FILE\n")
        return EXIT_USAGE
    clash = overwritten_input(output, [args.path]) if output is not None else None
    if clash is not None:
        stderr.write(f"plotline render: {clash}\n")
        return EXIT_USAGE

    path = Path(args.path)
    try:
        story = load_story(path)
    except LoadError as error:
        write_problems(stderr, error.problems)
        stderr.write(
            f"plotline render: {counted(len(error.problems), 'problem')}; nothing was drawn\n"
        )
        return EXIT_USAGE
    except FileNotFoundError:
        stderr.write(f"{args.path}: no such file or directory\n")
        return EXIT_USAGE
    except (PlotlineError, OSError) as error:
        stderr.write(f"{args.path}: {error}\n")
        return EXIT_USAGE

    try:
        report = _check(story, path) if args.check else None
        graph = render(
            story,
            args.view,
            report=report,
            threads=split_ids(args.threads),
            entities=split_ids(args.entities),
            works=split_ids(args.works),
            as_of=args.as_of,
            theme=args.theme,
            as_of_date=args.as_of_date,
            region=args.region,
        )
        if output is None:
            text = graph.source if fmt == "dot" else image(graph, fmt).decode("utf-8")
            stdout.write(text)
            return EXIT_OK
        write(graph, output, format=fmt)
    except (ValueError, PlotlineError, OSError) as error:
        stderr.write(f"plotline render: {_describe(error)}\n")
        return EXIT_USAGE
    stdout.write(f"wrote {output} ({args.view})\n")
    return EXIT_OK


def _check(story: Story, path: Path) -> Report:
    """The story's findings, with the project's settings, to mark on the diagram."""
    from plotline._check import check, find_project_config

    return check(story, config=find_project_config(path))


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and not isinstance(error, PlotlineError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return str(error)
