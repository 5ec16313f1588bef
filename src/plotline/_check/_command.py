"""The ``plotline check`` and ``plotline rules`` subcommands.

Each command comes as a pair: ``add_*_arguments(parser)`` declares its
arguments on an :class:`argparse.ArgumentParser` (the CLI hands it a
subparser), and ``*_command(args, stdout, stderr) -> int`` runs it, writing
only to the streams it is given and returning the exit status (DESIGN §7):

* 0: no active finding of severity ``error`` (warnings and info do not fail);
* 1: at least one active error finding (0 with ``--exit-zero``);
* 2: bad input or usage: a missing file, a story that does not load, an
  unknown rule code or a bad ``[tool.plotline]`` table. Each problem is one
  ``file:line:col: message`` line on stderr, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plotline._check._format import FORMATS, RuleInfo, format_report, use_color
from plotline.exceptions import LoadError, PlotlineError, suggestion

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence
    from typing import TextIO

    from plotline._check._engine import Rule
    from plotline._check._finding import Report
    from plotline._model import Story

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_check_arguments",
    "add_rules_arguments",
    "check_command",
    "parse_codes",
    "rules_command",
    "unknown_codes",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def parse_codes(values: Iterable[str] | None) -> tuple[str, ...] | None:
    """Split repeated, comma-separated code options into codes; ``None`` when none were given.

    >>> parse_codes(["PL3,PL501", " PL6 "])
    ('PL3', 'PL501', 'PL6')
    >>> parse_codes(None) is None
    True
    """
    if values is None:
        return None
    codes = [code.strip().upper() for value in values for code in value.split(",")]
    return tuple(code for code in codes if code)


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


def check_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline check``: load, check and report every path; return the exit status."""
    from plotline._check._config import find_project_config
    from plotline._check._engine import check, rules
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

    failed = False
    reports: list[Report] = []
    stories: list[Story] = []
    files: list[str] = []
    for raw in args.paths:
        path = Path(raw)
        if not path.exists():
            stderr.write(f"{raw}: no such file\n")
            failed = True
            continue
        try:
            story = _load(path)
            config = find_project_config(path)
            report = check(story, select, ignore, config=config)
        except LoadError as error:
            for problem in error.problems:
                stderr.write(f"{problem}\n")
            failed = True
            continue
        except (PlotlineError, OSError) as error:
            message = _describe(error)
            located = message.startswith((raw, str(path)))
            stderr.write(f"{message}\n" if located else f"{raw}: {message}\n")
            failed = True
            continue
        stories.append(story)
        reports.append(report)
        files.extend(file for file in _story_files(story, raw) if file not in files)

    report = Report.merge(reports)
    if reports or not failed:
        ran = _rules_that_ran(catalog, select, report)
        if args.output:
            text = format_report(
                report, args.format, files=files, rules=ran, stories=stories, color=False
            )
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as error:
                stderr.write(f"{args.output}: {_describe(error)}\n")
                return EXIT_USAGE
        else:
            color = args.format == "text" and use_color(stdout)
            stdout.write(
                format_report(
                    report, args.format, files=files, rules=ran, stories=stories, color=color
                )
            )
    if failed:
        stderr.write("plotline check: some paths could not be checked (see above)\n")
        return EXIT_USAGE
    if report.ok or args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS


def _load(path: Path) -> Story:
    from plotline._io import load

    return load(path)


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


def unknown_codes(codes: Iterable[str], catalog: Sequence[Rule]) -> list[str]:
    """Describe each code that is no prefix of any rule's code (none: all are known)."""
    known = [rule.code for rule in catalog]
    messages = []
    for code in codes:
        if any(rule_code.startswith(code) for rule_code in known):
            continue
        messages.append(
            f"no rule matches {code!r}{suggestion(code, known)}; 'plotline rules' lists them"
        )
    return messages


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


# ---------------------------------------------------------------------------
# plotline rules


def add_rules_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline rules`` on ``parser``."""
    parser.add_argument(
        "codes",
        metavar="CODE",
        nargs="*",
        help="a rule code (PL301) to explain, or a prefix (PL3) to list a family",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )


def rules_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline rules``: list the catalog as a table, or explain the rules named."""
    from plotline._check._config import find_project_config
    from plotline._check._engine import rules

    try:
        catalog = rules()
        config = find_project_config(Path.cwd())
    except PlotlineError as error:
        stderr.write(f"plotline rules: {error}\n")
        return EXIT_USAGE
    codes = parse_codes(args.codes) or ()
    unknown = unknown_codes(codes, catalog)
    if unknown:
        for line in unknown:
            stderr.write(f"plotline rules: {line}\n")
        return EXIT_USAGE
    chosen = [rule for rule in catalog if not codes or any(rule.code.startswith(c) for c in codes)]
    status = _status(catalog, config.select, config.ignore)
    if args.format == "json":
        data = [_rule_data(rule, status[rule.code]) for rule in chosen]
        stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif len(chosen) == 1 and codes:
        stdout.write(_explain(chosen[0], status[chosen[0].code]))
    else:
        stdout.write(_table(chosen, status))
    return EXIT_OK


def _status(
    catalog: Sequence[Rule], select: Sequence[str], ignore: Sequence[str]
) -> dict[str, str]:
    """Whether each rule runs under the project's settings: ``yes``, ``no`` or ``ignored``."""
    from plotline._check._config import Layer, resolve_settings

    settings = resolve_settings(
        [rule.code for rule in catalog],
        default_enabled={rule.code for rule in catalog if rule.enabled},
        layers=[Layer(select, ignore)],
    )
    status = {}
    for rule in catalog:
        if rule.code not in settings.run:
            status[rule.code] = "no"
        elif rule.code in settings.ignored:
            status[rule.code] = "ignored"
        else:
            status[rule.code] = "yes"
    return status


def _rule_data(rule: Rule, enabled: str) -> dict[str, Any]:
    info = RuleInfo.from_rule(rule)
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "summary": info.summary,
        "enabled": enabled == "yes",
        "enabled_by_default": rule.enabled,
        "options": dict(rule.options),
        "doc": info.doc,
    }


def _explain(rule: Rule, enabled: str) -> str:
    info = RuleInfo.from_rule(rule)
    head = f"{rule.code} {rule.name} [{rule.severity.value}]"
    lines = [head, "=" * len(head), "", info.doc.strip(), ""]
    notes = []
    if not rule.enabled:
        notes.append(f"Off by default: turn it on with --select {rule.code}.")
    if enabled == "ignored":
        notes.append("Ignored by [tool.plotline] in this project.")
    if rule.options:
        options = ", ".join(f"{key} = {value!r}" for key, value in rule.options.items())
        notes.append(f"Options (set them in [tool.plotline] or [check]): {options}.")
    if notes:
        lines += [*notes, ""]
    return "\n".join(lines)


def _table(catalog: Sequence[Rule], status: dict[str, str]) -> str:
    rows = [("code", "severity", "name", "enabled", "summary")]
    for rule in catalog:
        summary = RuleInfo.from_rule(rule).summary
        rows.append((rule.code, rule.severity.value, rule.name, status[rule.code], summary))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if index == 0:
            lines.append("  ".join([*("-" * w for w in widths), "-" * len(row[-1])]))
    return "\n".join(lines) + "\n"
