"""Time ``plotline check`` over many story files, one after the other and in parallel.

Run from the repository root::

    python benchmarks/bench_many.py                       # 200 files of 2,000 events
    python benchmarks/bench_many.py --files 50 --events 1000 --runs 1
    python benchmarks/bench_many.py --jobs 1,2,4,default  # "default": no -j (one per core)

Each file is a different story (:func:`plotline.testing.synthetic_story`, one
seed per file; 30 threads and 80 entities per 2,000 events, scaled with the
size), written as JSON into a temporary folder. Then the whole command line
``plotline check --format json -o REPORT FILES...`` is run in a fresh
interpreter for each job count, so each time includes everything a user
waits for: Python starting, plotline importing, the worker pool starting,
loading, checking, merging and writing the report. The reports of every job
count must be the same, byte for byte.

Times are wall-clock (``time.perf_counter``), the median and the best of
``--runs`` runs, interleaved so that a change in the machine's load falls on
every command alike. The CPU column is the processor time of every process
of the run (the command, the fork server and its workers: the fork server is
stopped and waited for at the end so that its children's time is counted),
user plus system, median of the runs. A parallel run can only gain in wall
time, and on a shared machine that depends on what else runs; so the load
average is printed with the table, and a control row runs two independent
``plotline check -j 1`` at once, each on half the files: what two cores
give two processes at that moment, with no pool involved. ``-j 2`` can be
no faster than the control.
The fixed cost is the same command on one small file: starting Python and
importing plotline, which every run pays once. The pool start-up is what
``-j 2`` adds to ``-j 1`` on two small files: starting the worker processes
(and the fork server, which imports plotline once more).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))

import plotline  # noqa: E402 -- after the path is set
from plotline.testing import synthetic_story  # noqa: E402

#: Run the command line in a fresh interpreter, then report the CPU time of all its processes.
WRAPPER = """
import json, resource, sys
from plotline.cli import main
status = main()
try:  # wait for the fork server: its workers' CPU time then counts as ours
    from multiprocessing import forkserver
    forkserver._forkserver._stop()
except Exception:
    pass
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usage)
sys.stderr.write(json.dumps({"cpu": cpu}) + "\\n")
sys.exit(status)
"""
CLI = [sys.executable, "-c", WRAPPER]


class Measure(NamedTuple):
    """One run: wall-clock seconds and CPU seconds of every process in it."""

    wall: float
    cpu: float


def generate(folder: Path, files: int, events: int) -> list[str]:
    """Write ``files`` different stories of ``events`` events each; return their paths."""
    threads = max(5, events * 30 // 2_000)
    entities = max(10, events * 80 // 2_000)
    paths = []
    for seed in range(files):
        story = synthetic_story(events, threads, entities, seed=seed)
        path = folder / f"story-{seed:04d}.json"
        plotline.dump(story, path)
        paths.append(str(path))
    return paths


def _start(paths: list[str], jobs: str, report: Path) -> subprocess.Popen[bytes]:
    report.unlink(missing_ok=True)
    option = [] if jobs == "default" else ["-j", jobs]
    command = [*CLI, "check", *option, "--format", "json", "-o", str(report), *paths]
    path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _finish(process: subprocess.Popen[bytes], what: str, report: Path) -> float:
    """Wait for a run; return its CPU seconds. Stop the benchmark if it failed."""
    _out, err = process.communicate()
    text = err.decode(errors="replace")
    # 1 is error findings, not a failure; but a Python traceback exits 1 too.
    if process.returncode not in (0, 1) or not report.exists() or "Traceback" in text:
        sys.stderr.write(text)
        msg = f"{what} failed with status {process.returncode}"
        raise SystemExit(msg)
    cpu: float = json.loads(text.strip().splitlines()[-1])["cpu"]
    return cpu


def check(paths: list[str], jobs: str, report: Path) -> Measure:
    """Run ``plotline check -j JOBS`` once over ``paths``."""
    start = time.perf_counter()
    cpu = _finish(_start(paths, jobs, report), f"plotline check -j {jobs}", report)
    return Measure(time.perf_counter() - start, cpu)


def check_halves(paths: list[str], folder: Path) -> Measure:
    """Run two ``plotline check -j 1`` at once, each on half the paths.

    The control: what two cores give two independent processes on this
    machine at this moment, with no pool involved.
    """
    half = len(paths) // 2
    reports = [folder / "half-1.json", folder / "half-2.json"]
    start = time.perf_counter()
    processes = [
        _start(part, "1", report)
        for part, report in zip((paths[:half], paths[half:]), reports, strict=True)
    ]
    cpu = sum(
        _finish(process, "plotline check -j 1 (half)", report)
        for process, report in zip(processes, reports, strict=True)
    )
    return Measure(time.perf_counter() - start, cpu)


def main(argv: list[str] | None = None) -> int:
    """Generate the files, time each job count and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="how many story files")
    parser.add_argument("--events", type=int, default=2_000, help="events per story")
    parser.add_argument("--runs", type=int, default=3, help="runs per command")
    parser.add_argument("--jobs", default="1,2,default", help="job counts to time, comma-separated")
    args = parser.parse_args(argv)
    job_counts = [part.strip() for part in args.jobs.split(",") if part.strip()]

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(
            f"writing {args.files} stories of {args.events:,} events ...",
            file=sys.stderr,
            flush=True,
        )
        start = time.perf_counter()
        paths = generate(folder, args.files, args.events)
        size = sum(Path(path).stat().st_size for path in paths)
        print(f"  {time.perf_counter() - start:.1f} s, {size / 1e6:.1f} MB", file=sys.stderr)

        smalls = [str(folder / "small-1.json"), str(folder / "small-2.json")]
        for seed, small in enumerate(smalls):
            plotline.dump(synthetic_story(10, 2, 3, seed=seed), small)
        small_report = folder / "small-report.json"
        fixed = [check(smalls[:1], "1", small_report) for _ in range(args.runs)]
        pooled = [
            check(smalls, "2", small_report).wall - check(smalls, "1", small_report).wall
            for _ in range(args.runs)
        ]

        # Runs are interleaved (1, 2, default, control, 1, 2, ...) so that a change in
        # the machine's load falls on every command alike.
        labels = [f"-j {jobs}" if jobs != "default" else "no -j" for jobs in job_counts]
        control = "control: 2 x -j 1 on halves"
        runs: dict[str, list[Measure]] = {label: [] for label in [*labels, control]}
        reports: dict[str, bytes] = {}
        loads = []
        for number in range(1, args.runs + 1):
            loads.append(os.getloadavg()[0])
            for jobs, label in zip(job_counts, labels, strict=True):
                print(f"run {number}: {label} ...", file=sys.stderr, flush=True)
                report = folder / f"report-{jobs}.json"
                runs[label].append(check(paths, jobs, report))
                reports[jobs] = report.read_bytes()
            print(f"run {number}: {control} ...", file=sys.stderr, flush=True)
            runs[control].append(check_halves(paths, folder))
        if len(set(reports.values())) != 1:
            raise SystemExit("the reports differ between job counts")
        report_bytes = len(next(iter(reports.values())))
    loads.append(os.getloadavg()[0])

    print(table(args.files, args.events, size, runs))
    cores = getattr(os, "process_cpu_count", os.cpu_count)()
    print(
        f"""
JSON report: {report_bytes:,} bytes for {args.files} stories
fixed cost (one small file, -j 1): {statistics.median(m.wall for m in fixed):.2f} s wall, \
{statistics.median(m.cpu for m in fixed):.2f} s CPU
pool start-up (two small files, -j 2 minus -j 1): {statistics.median(pooled):.2f} s wall
Python {platform.python_version()} on {platform.system()} {platform.machine()}, {cores} cores; \
load average (1 min) at the start of each run and at the end: \
{", ".join(f"{load:.1f}" for load in loads)}; {args.runs} runs of each command.""",
    )
    return 0


def table(files: int, events: int, size: int, runs: dict[str, list[Measure]]) -> str:
    """The results as Markdown."""
    total = files * events
    first = next(iter(runs))
    base = statistics.median(m.wall for m in runs[first])
    header = (
        "| command | wall, median | wall, best | CPU, median | files/s | events/s "
        f"| speed-up over {first} | wall of each run |"
    )
    lines = [
        f"{files} files x {events:,} events = {total:,} events, {size / 1e6:.1f} MB of JSON",
        "",
        header,
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, measures in runs.items():
        wall = statistics.median(m.wall for m in measures)
        best = min(m.wall for m in measures)
        cpu = statistics.median(m.cpu for m in measures)
        each = ", ".join(f"{m.wall:.1f}" for m in measures)
        lines.append(
            f"| {label} | {wall:.1f} s | {best:.1f} s | {cpu:.1f} s | {files / wall:,.1f} "
            f"| {total / wall:,.0f} | {base / wall:.2f}x | {each} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
