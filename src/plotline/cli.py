"""The ``plotline`` command: a thin shell over the library.

Each subcommand lives in its own module of :mod:`plotline._cli` as a pair,
``add_NAME_arguments(parser)`` and ``NAME_command(args, stdout, stderr) -> int``,
so that tests can pass their own streams; this module builds the parser from
them, runs the one named, and maps errors to exit codes (DESIGN §7):

* 0: clean, or only warnings;
* 1: findings of severity ``error`` (``plotline check``), or files that
  ``plotline fmt --check`` would change;
* 2: bad input or usage. Errors go to stderr as ``file:line:col: message``,
  never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO, TypeAlias, cast

from plotline._cli._common import EXIT_USAGE, counted, write_problems
from plotline._printable import printable
from plotline._version import __version__
from plotline.exceptions import LoadError, PlotlineError

__all__ = ["main", "run"]

Command: TypeAlias = Callable[[argparse.Namespace, TextIO, TextIO], int]


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports usage errors by exception, not ``sys.exit``."""

    def error(self, message: str) -> None:  # type: ignore[override]  # never returns
        raise _UsageError(self.format_usage() + f"{self.prog}: error: {message}\n")


class _UsageError(Exception):
    pass


def _positive(text: str) -> int:
    """A limit given on the command line: a whole number of at least 1.

    >>> _positive("100")
    100
    >>> _positive("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '0' is not a limit: give a whole number of at least 1
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"{text!r} is not a limit: give a whole number of at least 1"
        raise argparse.ArgumentTypeError(msg)
    return value


_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("check", "check", "check story files for continuity mistakes"),
    ("rules", "rules", "list the rule catalog, or explain one rule"),
    ("render", "render", "draw a view of a story with Graphviz"),
    ("import", "import_", "make a story file from another tool's file"),
    ("export", "export", "write a story in another tool's format"),
    ("show", "show", "print a story's events as a table"),
    ("diff", "diff", "what changed in the canon between two versions"),
    ("fmt", "fmt", "rewrite story files in canonical form"),
    ("schema", "schema", "print the JSON Schema of story files"),
    ("lsp", "lsp", "run the language server for editors"),
)
"""Each command: its name, its module in :mod:`plotline._cli`, and its one-line help."""

_GLOBAL_VALUES = frozenset({"--max-file-size", "--max-depth"})
"""The options before the command that take a value."""


def _named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (the first word that is not an option or its value)."""
    names = {name for name, _, _ in _COMMANDS}
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _GLOBAL_VALUES:
            skip = True
        elif not word.startswith("-"):
            return word if word in names else None
    return None


def _parser(argv: Sequence[str] = ()) -> _Parser:
    """The parser; only the command ``argv`` names gets its arguments (and its module imported).

    ``plotline check`` never imports what ``render`` or ``export`` need, so it
    starts as fast as the check itself allows; ``plotline --help`` lists
    every command from :data:`_COMMANDS` without importing any.
    """
    import importlib

    parser = _Parser(
        prog="plotline",
        description="Keep the facts of a serial story straight: check and draw story files.",
    )
    parser.add_argument("--version", action="version", version=f"plotline {__version__}")
    parser.add_argument(
        "--max-file-size",
        type=_positive,
        metavar="BYTES",
        help="refuse story files larger than this (default 256 MiB; env PLOTLINE_MAX_FILE_SIZE)",
    )
    parser.add_argument(
        "--max-depth",
        type=_positive,
        metavar="N",
        help="refuse values nested deeper than this (default 100; env PLOTLINE_MAX_DEPTH)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = _named_command(argv)
    for name, module_name, help in _COMMANDS:
        subparser = sub.add_parser(name, help=help)
        if name != chosen:
            continue
        module = importlib.import_module(f"plotline._cli.{module_name}")
        stem = module_name.rstrip("_")
        add_arguments: Callable[[argparse.ArgumentParser], None] = getattr(
            module, f"add_{stem}_arguments"
        )
        command: Command = getattr(module, f"{stem}_command")
        add_arguments(subparser)
        subparser.set_defaults(func=command)
    return parser


# ---------------------------------------------------------------------------
# entry points


class _Printable(io.TextIOBase):
    """A stream for messages: what story files put in them is shown, never obeyed.

    Ids and paths in messages come from the files; a control character or a
    bidirectional override among them is written as a visible escape
    (:func:`plotline._printable.printable`).
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def run(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the command line ``argv`` (without the program name); return the exit status."""
    stderr = cast("TextIO", _Printable(stderr))
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = _parser(argv).parse_args(list(argv))
    except _UsageError as exc:
        stderr.write(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version exit through argparse
        return int(exc.code or 0)
    if getattr(args, "func", None) is None:
        stderr.write(
            "plotline: name a command (check, render, show, diff, fmt, rules, import, export, "
            "schema, lsp); see --help\n"
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
        write_problems(stderr, exc.problems)
        stderr.write(f"plotline: {counted(len(exc.problems), 'problem')}; nothing was changed\n")
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
    """The console script: run ``plotline`` with ``sys.argv`` and return its exit status.

    Text that the terminal's encoding cannot hold is written as an escape
    rather than ending the run with a traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
