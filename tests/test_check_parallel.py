"""``plotline check -j N``: several paths checked in worker processes, one report.

The workers must not change a byte of what ``plotline check`` prints, nor its
exit status: every test compares a run with ``-j 2`` against ``-j 1``.
"""

from __future__ import annotations

import io
import json
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

from conftest import DEAD_MAN_WALKING
from plotline._check.reports import FORMATS
from plotline._cli import check as check_cli
from plotline._cli._common import EXIT_FINDINGS, EXIT_USAGE
from plotline._cli.check import (
    _check_in_worker,
    _check_path,
    _Outcome,
    _Settings,
    default_jobs,
)
from plotline.cli import run

if TYPE_CHECKING:
    from collections.abc import Iterator

FIXED = DEAD_MAN_WALKING.replace('monica = "present"', 'monica = "mentioned"')
ONLY_WARNINGS = FIXED + '\n[[threads]]\nid = "who-did-it"\ntitle = "Who killed Monica?"\n'
#: The dead woman walks, but the event allows it: a finding suppressed in the source.
ALLOWED = DEAD_MAN_WALKING.replace(
    'participants = { monica = "present" }',
    'participants = { monica = "present" }\nallow = ["PL301"]',
)
DEAD_YAML = """\
story:
  title: Dead in YAML
works:
  - {id: e1, kind: episode, number: 1}
  - {id: e2, kind: episode, number: 2}
entities:
  - {id: rose, name: Rose}
events:
  - {id: falls, told_in: e1, participants: {rose: dies}}
  - {id: dances, told_in: e2, participants: {rose: present}}
"""
BROKEN = '[story]\ntitle = "x\n'


class Run(NamedTuple):
    """The outcome of one command: exit status and both streams."""

    status: int
    out: str
    err: str


def plotline(*argv: str) -> Run:
    """Run ``plotline ARGV`` through the command line's own parser."""
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out, err)
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder of different stories, as the working directory."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "bible"\n', encoding="utf-8")
    files = {
        "dead.toml": DEAD_MAN_WALKING,
        "fixed.toml": FIXED,
        "threads.toml": ONLY_WARNINGS,
        "allowed.toml": ALLOWED,
        "dead.yaml": DEAD_YAML,
        "broken.toml": BROKEN,
        "saga/story.toml": DEAD_MAN_WALKING,
        "ignoring/pyproject.toml": '[tool.plotline]\nignore = ["PL301"]\n',
        "ignoring/dead.toml": DEAD_MAN_WALKING,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("FORCE_COLOR", "NO_COLOR", "PLOTLINE_MAX_FILE_SIZE", "PLOTLINE_MAX_DEPTH"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


#: Good stories, a directory, one that does not load and a missing path, in that order.
PATHS = (
    "dead.toml",
    "threads.toml",
    "broken.toml",
    "allowed.toml",
    "nope.toml",
    "dead.yaml",
    "saga",
    "ignoring/dead.toml",
    "fixed.toml",
)


def both(*argv: str) -> tuple[Run, Run]:
    """Run ``plotline check ARGV`` with ``-j 1`` and with ``-j 2``."""
    return plotline("check", "-j", "1", *argv), plotline("check", "-j", "2", *argv)


class TestSameOutput:
    """Workers change nothing in what is printed or in the exit status."""

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_every_format(self, project: Path, fmt: str) -> None:
        """Findings, files, error lines and status are the same, byte for byte."""
        one, two = both("--format", fmt, *PATHS)
        assert two == one
        assert one.status == EXIT_USAGE
        assert one.err.splitlines() == [
            "broken.toml:2:11: invalid TOML: Illegal character '\\n'",
            "nope.toml: no such file",
            "plotline check: some paths could not be checked (see above)",
        ]
        assert "Traceback" not in two.err
        if fmt == "json":
            data = json.loads(two.out)
            assert data["files"] == [
                "dead.toml",
                "threads.toml",
                "allowed.toml",
                "dead.yaml",
                "saga/story.toml",
                "ignoring/dead.toml",
                "fixed.toml",
            ]
            assert data["summary"]["errors"] == 3
            assert data["summary"]["suppressed"] == 2

    def test_findings_exit_status(self, project: Path) -> None:
        """Without bad paths, error findings still exit 1."""
        one, two = both("dead.toml", "fixed.toml", "dead.yaml")
        assert two == one
        assert one.status == EXIT_FINDINGS
        assert one.out.endswith("2 errors, 0 warnings, 0 info in 3 files\n")

    def test_exit_zero_and_ignore(self, project: Path) -> None:
        """``--exit-zero`` and ``--ignore`` work the same in workers."""
        one, two = both("--ignore", "PL301", "--exit-zero", "dead.toml", "saga")
        assert two == one
        assert one.status == 0
        assert one.out == "no findings (2 suppressed) in 2 files\n"

    def test_output_file(self, project: Path) -> None:
        """``--output`` writes the same report."""
        plotline("check", "-j", "1", "-o", "one.sarif", "--format", "sarif", *PATHS)
        plotline("check", "-j", "2", "-o", "two.sarif", "--format", "sarif", *PATHS)
        assert (project / "two.sarif").read_bytes() == (project / "one.sarif").read_bytes()

    def test_sarif_tells_allow_lists_from_ignores(self, project: Path) -> None:
        """A finding allowed by its record is ``inSource``; an ignored one ``external``.

        Both stories have an event ``walks``: only the first one's allows PL301.
        """
        one, two = both("--format", "sarif", "allowed.toml", "ignoring/dead.toml")
        assert two == one
        results = json.loads(two.out)["runs"][0]["results"]
        kinds = {
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: [
                suppression["kind"] for suppression in result["suppressions"]
            ]
            for result in results
        }
        assert kinds == {"allowed.toml": ["inSource"], "ignoring/dead.toml": ["external"]}

    def test_default_is_one_job_per_core(
        self, project: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without ``-j`` the output is the same too."""
        monkeypatch.setattr(check_cli, "POOL_THRESHOLD", 1)
        assert plotline("check", *PATHS) == plotline("check", "-j", "1", *PATHS)

    def test_small_stories_stay_in_process_by_default(
        self, project: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without ``-j``, stories smaller than the threshold in all make no pool."""
        made: list[int] = []
        monkeypatch.setattr(check_cli, "_executor", made.append)
        assert plotline("check", *PATHS) == plotline("check", "-j", "1", *PATHS)
        assert made == []
        monkeypatch.setattr(check_cli, "POOL_THRESHOLD", 1)
        plotline("check", *PATHS)
        assert made == [min(check_cli.default_jobs(), len(PATHS))]


class TestLimits:
    """``--max-file-size`` and ``--max-depth`` apply inside the workers."""

    def test_max_file_size_option(self, project: Path) -> None:
        """Every file over the limit is refused, by every worker."""
        one = plotline("--max-file-size", "100", "check", "-j", "1", "dead.toml", "dead.yaml")
        two = plotline("--max-file-size", "100", "check", "-j", "2", "dead.toml", "dead.yaml")
        assert two == one
        assert two.status == EXIT_USAGE
        assert "dead.toml:1:1: the file is too large" in two.err
        assert "dead.yaml:1:1: the file is too large" in two.err

    def test_environment_set_after_workers_started(
        self, project: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A limit set after an earlier run started the fork server still applies."""
        assert plotline("check", "-j", "2", "dead.toml", "fixed.toml").status == EXIT_FINDINGS
        monkeypatch.setenv("PLOTLINE_MAX_DEPTH", "1")
        one, two = both("dead.toml", "fixed.toml")
        assert two == one
        assert "dead.toml:" in two.err
        assert "nested more than 1 levels deep" in two.err

    def test_option_is_put_back(self, project: Path) -> None:
        """A limit given as an option does not stick to later runs' workers."""
        plotline("--max-file-size", "100", "check", "-j", "2", "dead.toml", "fixed.toml")
        assert plotline("check", "-j", "2", "dead.toml", "fixed.toml").status == EXIT_FINDINGS


def _die(raw: str, settings: _Settings) -> _Outcome:
    """A worker that dies as a crashed or killed process does."""
    os._exit(3)


def _ask_for_rerun(raw: str, settings: _Settings) -> _Outcome:
    """A worker whose rules differ from the caller's."""
    return _Outcome(rerun=True)


class TestWorkers:
    """How the pool is used, and what happens when it fails."""

    def test_worker_crash(self, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A worker that dies is reported in one clear line, exit 2, no traceback."""
        monkeypatch.setattr(check_cli, "_check_in_worker", _die)
        run = plotline("check", "-j", "2", "dead.toml", "fixed.toml")
        assert run.status == EXIT_USAGE
        assert run.out == ""
        assert run.err.startswith("plotline check: a worker process ended abruptly")
        assert "-j 1" in run.err
        assert "Traceback" not in run.err

    def test_rerun_in_process(self, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A worker that asks for it has its path checked by the caller instead."""
        monkeypatch.setattr(check_cli, "_check_in_worker", _ask_for_rerun)
        two = plotline("check", "-j", "2", *PATHS)
        assert two == plotline("check", "-j", "1", *PATHS)

    def test_no_pool_for_one_path_or_one_job(
        self, project: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """One path, or ``-j 1``, is checked in this process: no pool is made."""
        made: list[int] = []
        monkeypatch.setattr(check_cli, "_executor", made.append)
        assert plotline("check", "-j", "4", "dead.toml").status == EXIT_FINDINGS
        assert plotline("check", "-j", "1", "dead.toml", "fixed.toml").status == EXIT_FINDINGS
        assert made == []
        plotline("check", "-j", "4", "dead.toml", "fixed.toml")
        assert made == [2]  # no more workers than paths

    def test_without_processes(self, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where no process pool can be made, the paths are checked in this process."""
        import concurrent.futures

        def refuse(*args: Any, **kwargs: Any) -> None:
            raise OSError(38, "Function not implemented")

        monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
        assert plotline("check", "-j", "2", *PATHS) == plotline("check", "-j", "1", *PATHS)

    def test_worker_function_is_importable(self) -> None:
        """The worker function pickles by reference, as spawned workers need."""
        assert pickle.loads(pickle.dumps(_check_in_worker)) is _check_in_worker
        assert _check_in_worker.__module__ == "plotline._cli.check"

    def test_preloaded_modules_exist(self) -> None:
        """Every module the fork server preloads can be imported, the worker's own among them."""
        import importlib

        assert "plotline._cli.check" in check_cli._PRELOAD
        for name in check_cli._PRELOAD:
            importlib.import_module(name)

    def test_worker_matches_in_process(self, project: Path) -> None:
        """In a worker or not, one path gives the same outcome."""
        settings = _Settings(None, None, in_source=True, codes=_codes())
        outcome = _check_in_worker("allowed.toml", settings)
        assert outcome == _check_path("allowed.toml", settings)
        assert outcome.report is not None
        assert [f.code for f in outcome.report.suppressed] == ["PL301"]
        assert outcome.in_source == outcome.report.suppressed
        assert outcome.files == ("allowed.toml",)
        ignored = _check_path("ignoring/dead.toml", settings)
        assert ignored.report is not None
        assert len(ignored.report.suppressed) == 1
        assert ignored.in_source == ()
        assert _check_in_worker("broken.toml", settings).errors == (
            "broken.toml:2:11: invalid TOML: Illegal character '\\n'",
        )

    def test_worker_with_other_rules_asks_for_rerun(self, project: Path) -> None:
        """A worker whose rule catalog differs from the caller's does not check."""
        settings = _Settings(None, None, in_source=False, codes=(*_codes(), "XY999"))
        assert _check_in_worker("dead.toml", settings) == _Outcome(rerun=True)


def _codes() -> tuple[str, ...]:
    from plotline._check._engine import rules

    return tuple(rule.code for rule in rules())


@pytest.fixture
def local_rule() -> Iterator[None]:
    """A user rule registered inside a function: no worker could import it."""
    from plotline.rules import Context, rule, unregister

    @rule(code="HM201", name="untitled-episode", severity="error")
    def untitled(ctx: Context) -> Iterator[Any]:
        """Flag an episode without a title."""
        for work in ctx.works:
            if not work.title:
                yield ctx.finding(f"{work.id} has no title", at=work, field="title")

    yield
    unregister("HM201")


def test_rules_registered_at_run_time(
    project: Path, monkeypatch: pytest.MonkeyPatch, local_rule: None
) -> None:
    """A rule workers cannot import keeps the check in this process, and it runs."""
    made: list[int] = []
    monkeypatch.setattr(check_cli, "_executor", made.append)
    run = plotline("check", "-j", "2", "--select", "HM", "dead.toml", "fixed.toml")
    assert made == []
    assert run.status == EXIT_FINDINGS
    assert run.out.count("HM201 error: ") == 4


class TestJobsOption:
    """``-j/--jobs N`` takes a whole number of at least 1."""

    @pytest.mark.parametrize("value", ["0", "-2", "two"])
    def test_bad_value(self, project: Path, value: str) -> None:
        """Anything else is a usage error."""
        run = plotline("check", "--jobs", value, "dead.toml")
        assert run.status == EXIT_USAGE
        assert "argument -j/--jobs" in run.err

    def test_default_jobs(self) -> None:
        """The default is the number of cores this process may use."""
        count = getattr(os, "process_cpu_count", os.cpu_count)()
        assert default_jobs() == max(count or 1, 1)
