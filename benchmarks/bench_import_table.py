"""Time ``plotline import`` of a release table: rows per second, with and without sources.

Run from the repository root::

    python benchmarks/bench_import_table.py                 # 1,000 to 100,000 rows
    python benchmarks/bench_import_table.py --sizes 10000 --runs 1

Each table has the columns of the Star Wars release table in
``tests/data/tables`` (film, episode, event, date, date_precision, place,
status, source_urls): one film per 10 rows, every row a distinct release
(film, kind, region) with one source URL, every tenth release given again by a
second source with another day. It is imported with one command line, as
works and as releases: once without the second sources' rows and the sources
column (``--rest drop``), once with both (``--sources releases=source_urls``:
sources and claims). ``rows`` counts the first table's rows.
Times are CPU seconds of :func:`plotline.cli.run` in this process
(``time.process_time``), the median of ``--runs`` runs; writing the story is
included (to a temporary file), Python's start-up is not.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from plotline.cli import run

KINDS = ("premiere", "theatrical", "home-video", "digital", "broadcast")
REGIONS = ("US", "GB", "FR", "DE", "JP", "ES", "IT", "BR")


def table(rows: int, *, disputed: bool) -> str:
    """A release table of ``rows`` rows, and one more per ten when ``disputed``."""
    lines = ["film,episode,event,date,date_precision,place,status,source_urls"]
    for n in range(rows):
        film, rest = divmod(n, 10)
        kind, region = KINDS[rest % len(KINDS)], REGIONS[(rest + film) % len(REGIONS)]
        day = 1 + (film % 27)
        url = f"https://example.org/films/{film}"
        date = f"1990-{1 + rest:02d}-{day:02d}"
        lines.append(f"Film {film},{film + 1},{kind},{date},day,{region},released,{url}")
        if disputed and rest == 0:
            lines.append(
                f"Film {film},{film + 1},{kind},1990-{1 + rest:02d}-{day + 1:02d},day,{region},"
                f"released,https://other.example.org/{film}"
            )
    return "\n".join(lines) + "\n"


def _command(path: Path, out: str) -> list[str]:
    """The one command line that imports a release table as works and releases."""
    return [
        "import", f"{path}:works", f"{path}:releases",
        "--column", "works.title=film", "--column", "works.number=episode",
        "--column", "releases.work=film", "--column", "releases.kind=event",
        "--column", "releases.region=place", "--rest", "drop", "-o", out,
    ]  # fmt: skip


def _time(argv: list[str]) -> float:
    out, err = io.StringIO(), io.StringIO()
    start = time.process_time()
    status = run(argv, out, err)
    elapsed = time.process_time() - start
    if status != 0:
        raise SystemExit(err.getvalue())
    return elapsed


def main() -> None:
    """Print a Markdown table of the timings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"load average {os.getloadavg()[0]:.1f}; CPU seconds, median of {args.runs} runs.\n"
    )
    print("| rows | no sources | per 1k rows | with sources and claims | per 1k rows |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(size) for size in args.sizes.split(",")):
            plain_table, sourced_table = Path(folder) / "plain.csv", Path(folder) / "sourced.csv"
            plain_table.write_text(table(size, disputed=False), encoding="utf-8")
            sourced_table.write_text(table(size, disputed=True), encoding="utf-8")
            out = str(Path(folder) / "story.toml")
            plain = statistics.median(_time(_command(plain_table, out)) for _ in range(args.runs))
            sourced = statistics.median(
                _time([*_command(sourced_table, out), "--sources", "releases=source_urls"])
                for _ in range(args.runs)
            )
            rows = size
            print(
                f"| {rows:,} | {plain:.2f} s | {1000 * plain / rows * 1000:.0f} ms | "
                f"{sourced:.2f} s | {1000 * sourced / rows * 1000:.0f} ms |"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
