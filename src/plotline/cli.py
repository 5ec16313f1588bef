"""The ``plotline`` command: a thin shell over the library.

Every subcommand is a function ``(args, stdout, stderr) -> int`` so that tests
can pass their own streams; :func:`main` parses ``argv`` and maps errors to
exit codes (DESIGN §7):

* 0: clean, or only warnings;
* 1: findings of severity ``error`` (``plotline check``), or files that
  ``plotline fmt --check`` would change;
* 2: bad input or usage. Errors go to stderr as ``file:line:col: message``,
  never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from plotline._version import __version__
from plotline.exceptions import LoadError, PlotlineError

__all__ = ["main", "run"]

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports usage errors by exception, not ``sys.exit``."""

    def error(self, message: str) -> None:  # type: ignore[override]  # never returns
        raise _UsageError(self.format_usage() + f"{self.prog}: error: {message}\n")


class _UsageError(Exception):
    pass


def _parser() -> _Parser:
    from plotline._check._command import add_check_arguments, add_rules_arguments
    from plotline._interop_command import add_export_arguments, add_import_arguments
    from plotline._render._command import add_render_arguments

    parser = _Parser(
        prog="plotline",
        description="Keep the facts of a serial story straight: check and draw story files.",
    )
    parser.add_argument("--version", action="version", version=f"plotline {__version__}")
    parser.add_argument(
        "--max-file-size",
        type=int,
        metavar="BYTES",
        help="refuse story files larger than this (default 256 MiB; env PLOTLINE_MAX_FILE_SIZE)",
    )
    parser.add_argument(
        "--max-depth",
        type=int,
        metavar="N",
        help="refuse values nested deeper than this (default 100; env PLOTLINE_MAX_DEPTH)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check story files for continuity mistakes")
    add_check_arguments(check)
    check.set_defaults(func=_lazy("plotline._check._command", "check_command"))

    rules = sub.add_parser("rules", help="list the rule catalog, or explain one rule")
    add_rules_arguments(rules)
    rules.set_defaults(func=_lazy("plotline._check._command", "rules_command"))

    render = sub.add_parser("render", help="draw a view of a story with Graphviz")
    add_render_arguments(render)
    render.set_defaults(func=_lazy("plotline._render._command", "render_command"))

    imp = sub.add_parser("import", help="make a story file from another tool's file")
    add_import_arguments(imp)
    imp.set_defaults(func=_lazy("plotline._interop_command", "import_command"))

    exp = sub.add_parser("export", help="write a story in another tool's format")
    add_export_arguments(exp)
    exp.set_defaults(func=_lazy("plotline._interop_command", "export_command"))

    show = sub.add_parser("show", help="print a story's events as a table")
    show.add_argument("path", metavar="FILE", help="a story file or a directory of them")
    show.add_argument(
        "--order",
        choices=("telling", "story"),
        default="telling",
        help="telling order (as shown) or story order (as it happened); default: telling",
    )
    show.add_argument("--as-of", metavar="WORK", help="only what is known after this installment")
    show.set_defaults(func=_show)

    fmt = sub.add_parser("fmt", help="rewrite story files in canonical form")
    fmt.add_argument("paths", metavar="FILE", nargs="+", help="story files to format")
    fmt.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if any file is not in canonical form",
    )
    fmt.set_defaults(func=_fmt)

    schema = sub.add_parser("schema", help="print the JSON Schema of story files")
    schema.set_defaults(func=_schema)
    return parser


def _lazy(module: str, name: str) -> Command:
    """A command imported only when it runs, so ``plotline --help`` stays fast."""

    def command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
        import importlib

        func: Command = getattr(importlib.import_module(module), name)
        return func(args, stdout, stderr)

    return command


# ---------------------------------------------------------------------------
# show


def _show(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from plotline._io import load

    story = load(args.path)
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


# ---------------------------------------------------------------------------
# fmt


def _fmt(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from plotline._fmt import format_file

    changed = 0
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            stderr.write(f"{path}: is a directory; name the story files to format\n")
            return EXIT_USAGE
        if format_file(path, check=args.check):
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


# ---------------------------------------------------------------------------
# schema


def _schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from plotline._io import story_schema

    json.dump(story_schema(), stdout, indent=2, ensure_ascii=False)
    stdout.write("\n")
    return EXIT_OK


# ---------------------------------------------------------------------------
# entry points


def run(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the command line ``argv`` (without the program name); return the exit status."""
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = _parser().parse_args(list(argv))
    except _UsageError as exc:
        stderr.write(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version exit through argparse
        return int(exc.code or 0)
    if getattr(args, "func", None) is None:
        stderr.write(
            "plotline: name a command (check, render, show, fmt, rules, import, export, schema); "
            "see --help\n"
        )
        return EXIT_USAGE
    limits = {
        "PLOTLINE_MAX_FILE_SIZE": args.max_file_size,
        "PLOTLINE_MAX_DEPTH": args.max_depth,
    }
    try:
        with _environment({k: str(v) for k, v in limits.items() if v is not None}):
            status: int = args.func(args, stdout, stderr)
    except LoadError as exc:
        for problem in exc.problems:
            stderr.write(f"{problem}\n")
        count = len(exc.problems)
        stderr.write(f"plotline: {count} problem{'s' if count != 1 else ''}; nothing was changed\n")
        return EXIT_USAGE
    except (PlotlineError, OSError) as exc:
        stderr.write(f"plotline: {_describe(exc)}\n")
        return EXIT_USAGE
    return status


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the length of one command, then put them back."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _describe(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError) and exc.filename and not isinstance(exc, PlotlineError):
        return f"{exc.filename}: no such file or directory"
    if isinstance(exc, OSError) and exc.filename and not isinstance(exc, PlotlineError):
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run ``plotline`` with ``sys.argv`` and return its exit status."""
    return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
