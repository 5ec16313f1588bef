"""The ``plotline check`` command.

``add_check_arguments(parser)`` declares its arguments on an
:class:`argparse.ArgumentParser` (the CLI hands it a subparser), and
``check_command(args, stdout, stderr) -> int`` runs it, writing only to the
streams it is given and returning the exit status (DESIGN §7):

* 0: no active finding of severity ``error`` (warnings and info do not fail);
* 1: at least one active error finding (0 with ``--exit-zero``);
* 2: bad input or usage: a missing file, a story that does not load, an
  unknown rule code or a bad ``[tool.plotline]`` table. Each problem is one
  ``file:line:col: message`` line on stderr, never a traceback.

``plotline check`` with several paths checks them in worker processes, one
path (one story) per task, ``--jobs`` at a time (default: one per core). Each
worker sends back a :class:`_Outcome`: the path's findings, the files it was
read from, its error lines, and for SARIF which suppressed findings an
``allow`` list silenced (what the format needs of the story, instead of the
story). The outcomes are merged in the order the paths were given, so the
output is the same, byte for byte, as with ``-j 1``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from plotline._atomic import atomic_write
from plotline._check.reports import (
    FORMATS,
    RuleInfo,
    format_report,
    suppressed_in_source,
    use_color,
)
from plotline._cli._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    overwritten_input,
    parse_codes,
    unknown_codes,
)
from plotline.exceptions import LoadError, PlotlineError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from concurrent.futures import Executor
    from typing import TextIO

    from plotline._check._finding import Finding, Report
    from plotline._check._registry import Rule
    from plotline._model import Story

__all__ = [
    "POOL_THRESHOLD",
    "add_check_arguments",
    "check_command",
    "default_jobs",
]

#: The environment variables that set the loader's limits (``--max-file-size``,
#: ``--max-depth``); their values are handed to every worker explicitly.
_LIMIT_VARIABLES: Final = ("PLOTLINE_MAX_FILE_SIZE", "PLOTLINE_MAX_DEPTH")

#: What a worker imports to load and check a story, loaded once by the fork server.
_PRELOAD: Final = (
    "plotline._check._config",
    "plotline._check._engine",
    "plotline._check.rules",
    "plotline._cli.check",
    "plotline._io",
)


# ---------------------------------------------------------------------------
# plotline check


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline check`` on ``parser``."""
    parser.add_argument(
        "paths",
        metavar="FILE|DIR",
        nargs="+",
        help="story files to check; a directory is one story made of the files in it",
    )
    parser.add_argument(
        "--select",
        metavar="CODES",
        action="append",
        help=(
            "run only these rules: codes or prefixes, comma-separated (PL3,PL501); "
            "replaces the select of [tool.plotline] and the file's [check] table"
        ),
    )
    parser.add_argument(
        "--ignore",
        metavar="CODES",
        action="append",
        help="suppress these rules' findings: codes or prefixes, comma-separated (PL403,PL6)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are error findings (bad input still exits 2)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="check again on every save and print what changed, until Ctrl-C",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        metavar="N",
        type=_positive_int,
        default=None,
        help=(
            "check up to N paths at once, each in a worker process (default: one per "
            "core when the story files add up to 4 MiB or more; 1: one after the "
            "other, in this process)"
        ),
    )


def _positive_int(text: str) -> int:
    """Read ``--jobs``: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        msg = f"not a whole number: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if value < 1:
        msg = f"must be at least 1, not {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def default_jobs() -> int:
    """How many paths ``plotline check`` checks at once by default: one per usable core."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(count or 1, 1)


POOL_THRESHOLD: Final = 4 * 1024 * 1024
"""Story files smaller than this in all are checked in-process unless ``-j`` says otherwise.

Starting the worker processes costs about half a second; checking 4 MiB of
story (some 12,000 events) on one core takes about as long as that saves.
"""


def _jobs_for(paths: Sequence[str]) -> int:
    """The default ``--jobs``: one per core, unless the stories are too small to be worth it."""
    from plotline._io import story_files

    total = 0
    for raw in paths:
        for file in story_files(raw) if os.path.isdir(raw) else [raw]:
            try:
                total += os.stat(file).st_size
            except OSError:
                continue
            if total >= POOL_THRESHOLD:
                return default_jobs()
    return 1


class _Settings(NamedTuple):
    """What checking one path needs besides the path; picklable, for the workers."""

    select: tuple[str, ...] | None
    ignore: tuple[str, ...] | None
    #: Tell which suppressed findings an ``allow`` list silenced (only SARIF says).
    in_source: bool
    #: The loader's limits as environment variables (``None``: not set).
    limits: tuple[tuple[str, str | None], ...] = ()
    #: Modules that register user rules at import, for a worker to import.
    rule_modules: tuple[str, ...] = ()
    #: The codes of every registered rule, which a worker's catalog must match.
    codes: tuple[str, ...] = ()


class _Outcome(NamedTuple):
    """What checking one path gave: its report, or the lines saying why there is none."""

    #: Lines for stderr (without their newlines); any means the path failed.
    errors: tuple[str, ...] = ()
    report: Report | None = None
    #: The files the story was read from, as its locations name them.
    files: tuple[str, ...] = ()
    #: The suppressed findings an ``allow`` list silenced (when asked for).
    in_source: tuple[Finding, ...] = ()
    #: The worker's rule catalog differs from the caller's: check the path in-process.
    rerun: bool = False


def check_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline check``: load, check and report every path; return the exit status."""
    from concurrent.futures.process import BrokenProcessPool

    from plotline._check._engine import rules
    from plotline._check._finding import Report

    select = parse_codes(args.select)
    ignore = parse_codes(args.ignore)
    try:
        catalog = rules()
    except PlotlineError as error:
        stderr.write(f"plotline check: {error}\n")
        return EXIT_USAGE
    unknown = unknown_codes((*(select or ()), *(ignore or ())), catalog)
    if unknown:
        for line in unknown:
            stderr.write(f"plotline check: {line}\n")
        return EXIT_USAGE
    clash = overwritten_input(args.output, args.paths) if args.output else None
    if clash is not None:
        stderr.write(f"plotline check: {clash}\n")
        return EXIT_USAGE
    if args.watch:
        if args.output or args.format != "text":
            stderr.write("plotline check: --watch writes text to the terminal (no -o, --format)\n")
            return EXIT_USAGE
        from plotline._cli._watch import watch

        return watch(args.paths, stdout, stderr, select=select, ignore=ignore)

    modules = _rule_modules(catalog)
    settings = _Settings(
        select,
        ignore,
        in_source=args.format == "sarif",
        limits=tuple((name, os.environ.get(name)) for name in _LIMIT_VARIABLES),
        rule_modules=modules or (),
        codes=tuple(rule.code for rule in catalog),
    )
    # Rules registered at run time that a worker could not import: stay in-process.
    jobs = 1 if modules is None else getattr(args, "jobs", None) or _jobs_for(args.paths)

    failed = False
    reports: list[Report] = []
    files: dict[str, None] = {}
    in_source: list[Finding] = []
    try:
        for outcome in _outcomes(args.paths, settings, jobs):
            for line in outcome.errors:
                stderr.write(f"{line}\n")
            if outcome.report is None:
                failed = True
                continue
            reports.append(outcome.report)
            files.update(dict.fromkeys(outcome.files))
            in_source.extend(outcome.in_source)
    except BrokenProcessPool:
        stderr.write(
            "plotline check: a worker process ended abruptly (killed, out of memory, or it "
            "could not start) before every path was checked; no report was written. "
            "Run with -j 1 to check the paths one after the other in this process.\n"
        )
        return EXIT_USAGE

    report = Report.merge(reports)
    if reports or not failed:
        ran = _rules_that_ran(catalog, select, report)
        if args.output:
            text = format_report(
                report, args.format, files=list(files), rules=ran, in_source=in_source
            )
            try:
                atomic_write(args.output, text)  # a failed write leaves the old report whole
            except OSError as error:
                described = _describe(error)
                located = described.startswith(f"{args.output}:")  # a WriteError names it
                stderr.write(f"{described if located else f'{args.output}: {described}'}\n")
                return EXIT_USAGE
        else:
            color = args.format == "text" and use_color(stdout)
            stdout.write(
                format_report(
                    report,
                    args.format,
                    files=list(files),
                    rules=ran,
                    in_source=in_source,
                    color=color,
                )
            )
    if failed:
        stderr.write("plotline check: some paths could not be checked (see above)\n")
        return EXIT_USAGE
    if report.ok or args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS


def _outcomes(paths: Sequence[str], settings: _Settings, jobs: int) -> Iterator[_Outcome]:
    """Check each path, in worker processes when there are several; yield in the given order."""
    workers = min(jobs, len(paths))
    executor = _executor(workers) if workers > 1 else None
    if executor is None:
        for raw in paths:
            yield _check_path(raw, settings)
        return
    try:
        futures = [executor.submit(_check_in_worker, raw, settings) for raw in paths]
        for raw, future in zip(paths, futures, strict=True):
            outcome = future.result()
            yield _check_path(raw, settings) if outcome.rerun else outcome
    finally:
        # On an error or an interrupt, do not wait for the paths not yet started.
        executor.shutdown(wait=True, cancel_futures=True)


def _executor(workers: int) -> Executor | None:
    """A pool of ``workers`` processes, or ``None`` where processes cannot be made.

    Workers are forked from a ``forkserver`` where there is one (POSIX), else
    spawned: never a plain ``fork`` of a process that may have threads. The
    fork server imports plotline's checker once, so that each worker starts
    with it loaded (and later pools in the same process start at once).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["__main__", *_PRELOAD])
    try:
        return ProcessPoolExecutor(workers, mp_context=context)
    except (OSError, NotImplementedError, ImportError):  # no semaphores, no processes
        return None


def _rule_modules(catalog: Sequence[Rule]) -> tuple[str, ...] | None:
    """The modules a worker imports to register the user rules; ``None`` if one cannot.

    plotline's own rules and plugins' (``plotline.rules`` entry points) register
    themselves in a worker as they do here. A rule registered at run time must
    be defined at the top level of an importable module (not ``__main__``, not
    inside a function) for a worker to have it.
    """
    modules: dict[str, None] = {}
    for rule in catalog:
        if rule.builtin:
            continue
        module = getattr(rule.function, "__module__", None) or "__main__"
        qualname = getattr(rule.function, "__qualname__", "<locals>")
        spec = getattr(sys.modules.get(module), "__spec__", None)
        if module == "__main__" or "<locals>" in qualname or spec is None:
            return None
        modules[module] = None
    return tuple(modules)


def _check_in_worker(raw: str, settings: _Settings) -> _Outcome:
    """Check one path in a worker process: what :func:`_check_path` does, set up first.

    A module-level function, so that ``spawn`` and ``forkserver`` workers can
    import it. The loader's limits are set from ``settings`` rather than
    inherited (a ``forkserver`` keeps the environment it started with), and
    the modules of user rules are imported; if the worker's rules still differ
    from the caller's, the outcome asks to check the path in the caller.
    """
    for name, value in settings.limits:
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    from plotline._check._engine import rules

    try:
        for module in settings.rule_modules:
            importlib.import_module(module)
        codes = tuple(rule.code for rule in rules())
    except (ImportError, PlotlineError):
        return _Outcome(rerun=True)
    if codes != settings.codes:
        return _Outcome(rerun=True)
    return _check_path(raw, settings)


def _check_path(raw: str, settings: _Settings) -> _Outcome:
    """Load and check one path (a file, or a directory: one story)."""
    from plotline._check._config import find_project_config
    from plotline._check._engine import check
    from plotline._gc import collector_off

    path = Path(raw)
    if not os.path.lexists(path):  # a link that loops or dangles exists: load says which
        return _Outcome(errors=(f"{raw}: no such file",))
    try:
        story = _load(path)
        config = find_project_config(path)
        with collector_off():  # the process is ours: see plotline._gc
            report = check(story, settings.select, settings.ignore, config=config)
    except LoadError as error:
        return _Outcome(errors=tuple(str(problem) for problem in error.problems))
    except (PlotlineError, OSError) as error:
        message = _describe(error)
        located = message.startswith((raw, str(path)))
        return _Outcome(errors=(message if located else f"{raw}: {message}",))
    return _Outcome(
        report=report,
        files=tuple(_story_files(story, raw)),
        in_source=suppressed_in_source(report, story) if settings.in_source else (),
    )


def _load(path: Path) -> Story:
    from plotline._cli._common import load_story

    return load_story(path)


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and not isinstance(error, PlotlineError) and error.strerror:
        return error.strerror.lower()
    return str(error)


def _story_files(story: Story, raw: str) -> list[str]:
    """List the files a story was read from, as its locations name them."""
    found: dict[str, None] = {}
    for record in (story, *story.records()):
        origin = record.origin
        if origin is not None and origin.record.file is not None:
            found.setdefault(origin.record.file)
    return list(found) or [raw]


def _rules_that_ran(
    catalog: Sequence[Rule], select: Sequence[str] | None, report: Report
) -> list[RuleInfo]:
    """Pick the rules SARIF and JUnit list: those selected (or on by default) or that found."""
    codes = {finding.code for finding in report.findings}
    infos = []
    for rule in catalog:
        info = RuleInfo.from_rule(rule)
        if select is not None:
            chosen = any(rule.code.startswith(code) for code in select)
        else:
            chosen = rule.enabled
        if chosen or rule.code in codes:
            infos.append(info)
    return infos
