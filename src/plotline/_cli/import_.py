"""The ``plotline import`` command: a story file made from another tool's file, or from tables.

``plotline import FILE [--from FORMAT] [-o story.toml]`` reads a foreign file
(its format told from its name and first bytes when ``--from`` is absent),
prints each row or record it could not carry over as ``file:line:col: …`` on
stderr, and writes the story (atomically, to ``-o`` or as TOML to stdout).
Exit 0 when a story was imported, even with problems; 2 when nothing in the
file was usable, or when it cannot be read as a story file cannot: not a
regular file, over ``--max-file-size``, not UTF-8 (every format but SGB's,
which has its own check), or the very file ``-o`` names.

``plotline import TABLE.csv[:RECORDS]… --as RECORDS [--column FIELD=HEADER]…
[--mapping map.toml] [--into STORY]`` reads any CSV or TSV table as records
of one record table (see :mod:`plotline.importers._table`). Any bad row is
reported and nothing is written (exit 2). ``--into`` adds the records to an
existing story: a new file in a folder story, or appended to a TOML file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from plotline._atomic import atomic_write
from plotline._cli._common import (
    EXIT_OK,
    EXIT_USAGE,
    counted,
    load_story,
    overwritten_input,
    write_problems,
)
from plotline._io import dumps, loads, read_story_file
from plotline._io._fields import RECORD_TABLES
from plotline._io._formats import story_format
from plotline._io._limits import read_limited
from plotline.exceptions import LoadError, Problem, did_you_mean
from plotline.importers import FORMATS, import_story, recognise_format
from plotline.importers._table import TableImport, import_tables
from plotline.importers._tablemap import (
    REST,
    TableInput,
    TableMapping,
    apply_flags,
    read_mapping_file,
)

if TYPE_CHECKING:
    import argparse

    from plotline._model import Story

__all__ = ["add_import_arguments", "import_command"]


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``plotline import`` to ``parser``."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="FILE[:RECORDS]",
        help="the file to import; a table may name its record table after a colon "
        "(films.csv:works)",
    )
    parser.add_argument(
        "--from",
        dest="from_format",
        choices=sorted(FORMATS),
        metavar="FORMAT",
        help=f"its format: {', '.join(sorted(FORMATS))} (default: told from the file's name "
        "and contents)",
    )
    tables = "|".join(RECORD_TABLES)
    group = parser.add_argument_group(
        "any table (CSV, TSV, or .xlsx with plotline[xlsx])",
        "TABLE. or TABLE= limits an option to one record table",
    )
    group.add_argument(
        "--as",
        dest="records",
        metavar="RECORDS",
        help=f"the record table each row becomes: {tables}",
    )
    group.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="[TABLE.]FIELD=HEADER",
        help="the column that holds a field (headers named like a field map by themselves)",
    )
    group.add_argument(
        "--split",
        action="append",
        default=[],
        metavar="[TABLE.]FIELD=SEP",
        help="the separator of a list field's items (default ';')",
    )
    group.add_argument(
        "--set",
        dest="constants",
        action="append",
        default=[],
        metavar="[TABLE.]FIELD=VALUE",
        help="a value every row gives a field",
    )
    group.add_argument(
        "--sources",
        action="append",
        default=[],
        metavar="[TABLE=]HEADER",
        help="a column of source URLs: each becomes a source, each value of its row a claim",
    )
    group.add_argument(
        "--claim",
        dest="claims",
        action="append",
        default=[],
        metavar="[TABLE.]FIELD=HEADER=SOURCE",
        help="a column of one source's values for a field: each cell a claim from SOURCE "
        "(a URL, or the id of a source there is)",
    )
    group.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="[TABLE=]FIELD,FIELD",
        help="the fields whose values make the id of a row without one "
        "(default: title or name; a release's work, kind, region, platform, edition)",
    )
    group.add_argument(
        "--rest",
        action="append",
        default=[],
        metavar=f"[TABLE=]{'|'.join(REST)}",
        help="what becomes of the columns no field takes (default: meta)",
    )
    group.add_argument("--delimiter", metavar="SEP", help="the column separator (default: sniffed)")
    group.add_argument(
        "--sheet", metavar="NAME", help="the sheet of an .xlsx workbook (default: its first)"
    )
    group.add_argument(
        "--mapping", metavar="MAP.toml", help="the tables and their options, in a file"
    )
    parser.add_argument(
        "--into",
        metavar="STORY",
        help="add the records to this story: a new file in its folder, or the end of its TOML file",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="STORY",
        help="the story file to write (.toml, .yaml or .json); default: TOML on stdout",
    )


def import_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline import``; return the exit status."""
    tabled = args.records or args.mapping or any(_table_of(path)[1] for path in args.paths)
    if tabled:
        if args.from_format is not None:
            stderr.write(
                "plotline import: --from names another tool's format; a table takes --as "
                "(or FILE:RECORDS) instead\n"
            )
            return EXIT_USAGE
        return _tables_command(args, stdout, stderr)
    if len(args.paths) != 1:
        stderr.write(
            "plotline import: name one file (or several tables, each with :RECORDS or --as)\n"
        )
        return EXIT_USAGE
    if args.into is not None:
        stderr.write("plotline import: --into takes tables (with --as or FILE:RECORDS)\n")
        return EXIT_USAGE
    path = args.paths[0]
    output = Path(args.output) if args.output else None
    kind = "toml" if output is None else story_format(output)
    if kind is None:
        stderr.write(f"plotline import: {output}: name the story file .toml, .yaml or .json\n")
        return EXIT_USAGE
    clash = overwritten_input(output, [path]) if output is not None else None
    if clash is not None:
        stderr.write(f"plotline import: {clash}\n")
        return EXIT_USAGE
    try:
        format = args.from_format or recognise_format(path)
        _check_readable(path, format)
    except LoadError as error:
        write_problems(stderr, error.problems)
        stderr.write(f"plotline import: cannot read {path}; nothing was written\n")
        return EXIT_USAGE
    try:
        result = import_story(path, format)
    except LoadError as error:
        write_problems(stderr, error.problems)
        stderr.write(f"plotline import: nothing usable in {path}; nothing was written\n")
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
        stdout.write(f"imported {path} to {output}: {counts}\n")
    if result.problems:
        problems = counted(len(result.problems), "problem")
        stderr.write(f"plotline import: {problems}; the rest was imported\n")
    return EXIT_OK


# -- tables --------------------------------------------------------------------------


def _table_of(argument: str) -> tuple[str, str | None]:
    """Split ``films.csv:works`` into the path and the record table (``None`` if not named)."""
    path, colon, table = argument.rpartition(":")
    if colon and path and (table in RECORD_TABLES or not os.path.exists(argument)):
        return path, table
    return argument, None


def _inputs(args: argparse.Namespace) -> tuple[list[TableInput], list[Problem]]:
    problems: list[Problem] = []
    inputs: list[TableInput] = []
    if args.mapping is not None:
        try:
            inputs.extend(read_mapping_file(args.mapping))
        except LoadError as error:
            problems.extend(error.problems)
        except OSError as error:
            problems.append(Problem(f"{args.mapping}: cannot read the mapping: {error.strerror}"))
    for argument in args.paths:
        path, table = _table_of(argument)
        table = table or args.records
        if table is None:
            problems.append(
                Problem(f"{path}: say which records its rows are: {path}:RECORDS or --as RECORDS")
            )
        elif table not in RECORD_TABLES:
            guess = did_you_mean(table, RECORD_TABLES)
            hint = f"did you mean {guess!r}?" if guess else "one of " + ", ".join(RECORD_TABLES)
            problems.append(Problem(f"{path}: there is no record table {table!r}", hint=hint))
        else:
            inputs.append(TableInput(path, TableMapping(table)))
    if problems or not inputs:
        if not inputs and not problems:
            problems.append(Problem("name a table to import, or a --mapping file"))
        return inputs, problems
    mappings, flagged = apply_flags(
        [source.mapping for source in inputs],
        columns=args.column,
        split=args.split,
        constants=args.constants,
        sources=args.sources,
        key=args.key,
        rest=args.rest,
        claims=args.claims,
        delimiter=args.delimiter,
        sheet=args.sheet,
    )
    inputs = [
        TableInput(source.path, mapping) for source, mapping in zip(inputs, mappings, strict=True)
    ]
    return inputs, flagged


def _tables_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    inputs, problems = _inputs(args)
    if problems:
        write_problems(stderr, problems)
        stderr.write("plotline import: nothing was written\n")
        return EXIT_USAGE
    into: Story | None = None
    if args.into is not None:
        try:
            into = load_story(args.into)
        except LoadError as error:
            write_problems(stderr, error.problems)
            stderr.write(f"plotline import: cannot read {args.into}; nothing was written\n")
            return EXIT_USAGE
        except OSError as error:
            stderr.write(f"plotline import: {args.into}: {error.strerror}; nothing was written\n")
            return EXIT_USAGE
    target, kind, refusal = _target(args, inputs)
    if refusal is not None:
        stderr.write(f"plotline import: {refusal}\n")
        return EXIT_USAGE
    try:
        result = import_tables(inputs, into=into)
    except LoadError as error:
        write_problems(stderr, error.problems)
        bad = counted(len(error.problems), "problem")
        stderr.write(f"plotline import: {bad}; nothing was written\n")
        return EXIT_USAGE
    text = dumps(result.story, format=kind)
    summary = _summary(result)
    if target is None:
        stdout.write(text)
        stderr.write(f"plotline import: {summary}\n")
        return EXIT_OK
    if args.into is not None and not os.path.isdir(args.into):
        _, old = read_story_file(target)
        text = old + ("" if old.endswith("\n") or not old else "\n") + "\n" + text
        try:
            loads(text, format="toml", file=target)
        except LoadError as error:
            why = error.problems[0].message if error.problems else "it would not load"
            stderr.write(
                f"plotline import: {target} cannot take the records at its end ({why}); "
                "import into its folder instead; nothing was written\n"
            )
            return EXIT_USAGE
    atomic_write(target, text)
    files = ", ".join(dict.fromkeys(source.path for source in inputs))
    stdout.write(f"imported {files} to {target}: {summary}\n")
    return EXIT_OK


def _target(
    args: argparse.Namespace, inputs: list[TableInput]
) -> tuple[str | None, str, str | None]:
    """Where the story goes, in which format, or why it cannot go anywhere."""
    names = [source.path for source in inputs]
    if args.into is None:
        if args.output is None:
            return None, "toml", None
        kind = story_format(args.output)
        if kind is None:
            return None, "toml", f"{args.output}: name the story file .toml, .yaml or .json"
        return args.output, kind, overwritten_input(args.output, names)
    if os.path.isdir(args.into):
        name = args.output or os.path.join(args.into, Path(names[0]).stem + ".toml")
        kind = story_format(name)
        if kind is None:
            return None, "toml", f"{name}: name the story file .toml, .yaml or .json"
        if os.path.exists(name):
            return None, kind, f"{name} is there already; name a new file with -o"
        return name, kind, None
    if story_format(args.into) != "toml":
        return (
            None,
            "toml",
            (
                f"{args.into}: records are appended to a TOML story file only; "
                "import into its folder instead (a new file there)"
            ),
        )
    if args.output is not None:
        return None, "toml", "-o and --into a file do not go together: the file is the output"
    return args.into, "toml", None


def _summary(result: TableImport) -> str:
    added = [
        f"{count} {table if count != 1 else _singular(table)}"
        for table, count in result.added.items()
    ]
    text = ", ".join(added) or "no records"
    for path, headers in result.kept.items():
        noun = "column" if len(headers) == 1 else "columns"
        text += f"; {noun} kept in meta from {path}: {', '.join(headers)}"
    return text


def _singular(table: str) -> str:
    """``works`` is ``work``, ``entities`` is ``entity``."""
    return table[:-3] + "y" if table.endswith("ies") else table.removesuffix("s")


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
