"""The ``plotline rules`` command: the rule catalog, or one rule explained.

``add_rules_arguments(parser)`` declares its arguments; ``rules_command(args,
stdout, stderr) -> int`` prints a table of the rules (with whether each runs
under the project's ``[tool.plotline]``), one rule's full text when one code
is named, or either as JSON. Exit 0, or 2 for an unknown code or a bad
project table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plotline._check.reports import RuleInfo
from plotline._cli._common import EXIT_OK, EXIT_USAGE, parse_codes, unknown_codes
from plotline.exceptions import PlotlineError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

    from plotline._check._registry import Rule

__all__ = ["add_rules_arguments", "rules_command"]


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
