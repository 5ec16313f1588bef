"""Time plotline end to end on synthetic stories of growing size.

Run from the repository root::

    python benchmarks/run.py                               # 1,000, 10,000 and 100,000 events
    python benchmarks/run.py --quick                       # 1,000 and 10,000, fewer runs
    python benchmarks/run.py --sizes 1000,10000,100000,1000000

Each size runs in a subprocess of its own, so its peak memory (maximum
resident set size, story included) is its own. The story comes from
:func:`plotline.testing.synthetic_story`: at 100,000 events 2,000 threads,
5,000 entities and 0.3 constraints per event, scaled down proportionally for
smaller sizes. It is dumped to JSON and TOML in a temporary folder, and then
each stage is timed in CPU seconds of the process (``time.process_time``; the
machines we share are busy, and CPU time does not count the waiting), the
median of a few runs, fewer at large sizes:

- ``json.loads`` of the JSON file: the floor any JSON loader pays, as a user
  would call it, and again with the cyclic garbage collector paused, the
  lower floor;
- ``plotline.load`` of the JSON and of the TOML file (parse, locate, structure),
  as a library call (the host's collector left alone), and the JSON load the
  way the command line does it (collector off while loading, then the heap
  frozen: see ``plotline._gc``);
- ``plotline.check`` of the loaded story, cold: order solving included;
- order solving alone (``plotline.solve``), and the check rules alone
  (the cold check less the solve: the story keeps no solution to reuse);
- ``plotline.dumps`` to JSON;
- the storyline view's DOT source (``render(...).source``; no Graphviz run),
  the solve taken off as for the rules;
- when networkx is installed, the baseline: build a ``DiGraph`` of the same
  ordering edges the solver starts from (constraints plus consecutive
  present-mode events in telling order), test it for cycles and sort it
  topologically, with the collector paused (the floor);
- ``plotline.load`` then ``plotline.check`` of the JSON file once more, in a
  fresh process of its own, loaded as the command line loads: what
  ``plotline check story.json`` costs, and its
  peak memory ("load+check peak"), without the generator's and the other
  stages' memory.

From one million events on, the TOML load and the storyline view are left
out (they would take most of an hour), and each stage runs once. The file
size limit is raised for the children (a million events make ~350 MB of JSON,
above the default limit of 256 MiB).

The table is printed and written to ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import plotline  # noqa: E402 -- after the path is set
from plotline.testing import synthetic_story  # noqa: E402

STAGES = [
    ("generate", "generate"),
    ("json_loads", "json.loads"),
    ("json_loads_paused", "json.loads, no GC"),
    ("load_json", "load JSON"),
    ("load_json_cli", "load JSON, CLI"),
    ("load_toml", "load TOML"),
    ("check", "check (cold)"),
    ("solve", "solve order"),
    ("rules", "rules only"),
    ("dumps_json", "dumps JSON"),
    ("render_dot", "storyline DOT"),
    ("networkx", "networkx"),
    ("load_check", "load+check"),
]

HUGE = 1_000_000
"""From this size on, the slowest stages are skipped."""

LIMITS = {"PLOTLINE_MAX_FILE_SIZE": str(4 * 1024**3)}
"""Environment for the children: room for the largest generated files."""


def shape(size: int) -> tuple[int, int]:
    """Threads and entities for ``size`` events: 2,000 and 5,000 at 100,000, proportionally."""
    return max(10, size * 2_000 // 100_000), max(20, size * 5_000 // 100_000)


def repeats(size: int, quick: bool) -> int:
    """How many runs to take the median of."""
    if size >= HUGE:
        return 1
    if size >= 100_000:
        return 1 if quick else 3
    return 3 if quick else 5


def timed(function: Callable[[], Any], runs: int) -> float:
    """The median CPU time of ``runs`` calls of ``function``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def paused(function: Callable[[Any], Any], argument: Any) -> Any:
    """Call ``function(argument)`` with the cyclic garbage collector paused."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(argument)
    finally:
        if enabled:
            gc.enable()


def networkx_baseline(story: plotline.Story) -> float | None:
    """Cycle test and topological sort of the solver's starting edges, or ``None``."""
    try:
        import networkx as nx  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    telling = story.telling()  # telling order is the input, not part of the baseline
    start = time.process_time()
    graph = nx.DiGraph()
    graph.add_nodes_from(event.id for event in story.events)
    graph.add_edges_from((c.before, c.after) for c in story.constraints)
    previous = None
    for event in telling:
        if event.mode is plotline.Mode.PRESENT:
            if previous is not None:
                graph.add_edge(previous, event.id)
            previous = event.id
    if nx.is_directed_acyclic_graph(graph):
        list(nx.topological_sort(graph))
    else:
        nx.find_cycle(graph)
    return time.process_time() - start


def measure(size: int, quick: bool) -> dict[str, Any]:
    """Generate, write and time one size (run inside the subprocess)."""
    threads, entities = shape(size)
    runs = repeats(size, quick)
    start = time.process_time()
    story = synthetic_story(size, threads, entities, constraints=0.3)
    row: dict[str, Any] = {
        "events": size,
        "threads": threads,
        "entities": entities,
        "constraints": len(story.constraints),
        "runs": runs,
        "generate": time.process_time() - start,
    }
    with tempfile.TemporaryDirectory() as folder:
        json_path, toml_path = Path(folder, "story.json"), Path(folder, "story.toml")
        plotline.dump(story, json_path)
        if size < HUGE:
            plotline.dump(story, toml_path)
        row["json_mb"] = json_path.stat().st_size / 1e6
        text = json_path.read_text(encoding="utf-8")
        row["json_loads"] = timed(lambda: json.loads(text), runs)
        row["json_loads_paused"] = timed(lambda: paused(json.loads, text), runs)
        row["load_json"] = timed(lambda: plotline.load(json_path), runs)
        row["load_json_cli"] = timed(lambda: cli_load(json_path), runs)
        huge = size >= HUGE
        row["load_toml"] = None if huge else timed(lambda: plotline.load(toml_path), runs)
        alone = run_load_check(json_path)
        row["load_check"] = alone["load"] + alone["check"]
        row["load_check_peak_mb"] = alone["peak_mb"]
        loaded = plotline.load(json_path)
    assert loaded == story
    report = plotline.check(loaded)
    row["errors"] = sum(f.severity is plotline.Severity.ERROR for f in report.findings)
    row["findings"] = len(report.findings)
    # Each check and each render solves the order afresh: the story keeps no solution.
    row["check"] = timed(lambda: plotline.check(loaded), runs)
    row["solve"] = timed(lambda: plotline.solve(loaded), runs)
    row["rules"] = max(row["check"] - row["solve"], 0.0)
    row["dumps_json"] = timed(lambda: plotline.dumps(loaded, format="json"), runs)
    row["render_dot"] = (
        None
        if size >= HUGE
        else max(
            timed(lambda: plotline.render(loaded, view="storyline").source, runs) - row["solve"],
            0.0,
        )
    )
    baseline = [paused(networkx_baseline, loaded) for _ in range(runs)]
    measured = [value for value in baseline if value is not None]
    row["networkx"] = statistics.median(measured) if measured else None
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def cli_load(path: Path) -> plotline.Story:
    """Load ``path`` as ``plotline check`` does, then thaw the heap for the next run."""
    from plotline._cli._common import load_story

    story = load_story(path)
    gc.unfreeze()
    return story


def load_and_check(path: Path) -> dict[str, float]:
    """Load and check ``path`` once (run in a fresh process) as the CLI does: CPU s, peak MB."""
    from plotline._cli._common import load_story
    from plotline._gc import collector_off

    start = time.process_time()
    story = load_story(path)
    loaded = time.process_time()
    with collector_off():
        plotline.check(story)
    checked = time.process_time()
    return {
        "load": loaded - start,
        "check": checked - loaded,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(arguments: list[str], what: str) -> dict[str, Any]:
    command = [sys.executable, __file__, *arguments]
    environment = {**os.environ, **LIMITS}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        msg = f"{what} failed with status {done.returncode}"
        raise SystemExit(msg)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_load_check(path: Path) -> dict[str, Any]:
    """Load and check ``path`` in a fresh interpreter, for its own peak memory."""
    return _child(["--load-check", str(path)], f"load+check of {path.name}")


def run_child(size: int, quick: bool) -> dict[str, Any]:
    """Measure ``size`` in a fresh interpreter and return its row."""
    return _child(["--child", str(size), *(["--quick"] if quick else [])], f"size {size}")


def seconds(value: float | None) -> str:
    """A time, to three significant figures."""
    if value is None:
        return "n/a"
    return f"{value * 1000:.3g} ms" if value < 1 else f"{value:.3g} s"


def table(rows: list[dict[str, Any]]) -> str:
    """The results as Markdown: times, ratios, and times per 1,000 events."""
    lines = [
        "| events | threads | entities | constraints | JSON MB | "
        + " | ".join(label for _key, label in STAGES)
        + " | peak RSS | load+check peak |",
        "|" + "---:|" * (len(STAGES) + 7),
    ]
    for row in rows:
        cells = [
            f"{row['events']:,}",
            f"{row['threads']:,}",
            f"{row['entities']:,}",
            f"{row['constraints']:,}",
            f"{row['json_mb']:.1f}",
            *(seconds(row[key]) for key, _label in STAGES),
            f"{row['peak_mb']:,.0f} MB",
            f"{row['load_check_peak_mb']:,.0f} MB",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        (
            "| events | load JSON / json.loads | load JSON / json.loads, no GC "
            "| check / load JSON | solve / networkx "
            "| check per 1k events | load JSON per 1k events | errors found |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        per_k = 1000 / row["events"]
        nx_ratio = "n/a" if row["networkx"] is None else f"{row['solve'] / row['networkx']:.1f}x"
        lines.append(
            f"| {row['events']:,} | {row['load_json'] / row['json_loads']:.1f}x "
            f"| {row['load_json'] / row['json_loads_paused']:.1f}x "
            f"| {row['check'] / row['load_json']:.2f}x | {nx_ratio} "
            f"| {seconds(row['check'] * per_k)} | {seconds(row['load_json'] * per_k)} "
            f"| {row['errors']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the sizes asked for, print the table and write ``benchmarks/results.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="comma-separated event counts")
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer runs")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--load-check", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_check is not None:
        print(json.dumps(load_and_check(args.load_check)))
        return 0
    if args.child is not None:
        print(json.dumps(measure(args.child, args.quick)))
        return 0
    default = "1000,10000" if args.quick else "1000,10000,100000"
    sizes = [int(part.replace("_", "")) for part in (args.sizes or default).split(",")]
    rows = []
    for size in sizes:
        print(f"measuring {size:,} events ...", file=sys.stderr, flush=True)
        rows.append(run_child(size, args.quick))
    text = table(rows)
    machine = (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end; "
        f"CPU seconds, median of {', '.join(str(row['runs']) for row in rows)} runs."
    )
    print(text)
    print()
    print(machine)
    (HERE / "results.md").write_text(
        f"# Benchmark results\n\nMade by `python benchmarks/run.py`. {machine}\n\n{text}\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
