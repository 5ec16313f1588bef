"""Check story files as part of a pytest run.

Installed with plotline and registered under the ``pytest11`` entry point as
``plotline``, so ``pytest -p no:plotline`` turns it off. It collects nothing
until told which files are stories::

    [tool.pytest.ini_options]
    plotline_stories = ["stories/**/*.toml", "examples/*/"]
    plotline_ignore = ["PL603"]
    plotline_fail_on = "error"

Each story becomes one test item, ``stories/hero-mask.toml::plotline``: it
loads the story, finds the project's ``[tool.plotline]`` settings from the
story's folder, checks it, and fails when an active finding is at least as
serious as ``plotline_fail_on``. The failure lists the findings at
``file:line:col`` as ``plotline check`` prints them; a story that does not load
fails with its load problems, never with plotline's traceback. Findings below
the threshold do not fail the item; they are listed in a "plotline" section of
the summary at the end of the run.

Patterns are globs relative to the root directory, where the configuration
file is (``**`` crosses folders); a
pattern ending in ``/`` names directories, each of which is one story made of
the files in it, as ``plotline check DIR`` reads it. ``pyproject.toml`` is
never taken for a story. Matched files must lie
under the paths pytest collects (``testpaths`` or the command line), like any
test; the summary says so when some do not.

Options (command line wins over the ini file):

``--plotline``
    Also check the story files and directories named on the command line:
    ``pytest --plotline stories/hero.toml examples/hero-mask``.
``--plotline-select CODES`` / ini ``plotline_select``
    Run only these rules (codes or prefixes, comma-separated).
``--plotline-ignore CODES`` / ini ``plotline_ignore``
    Suppress these rules' findings.
``--plotline-fail-on error|warning|info`` / ini ``plotline_fail_on``
    The least serious finding that fails an item (default ``error``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs
import pytest

from plotline._check._finding import Finding, Report, Severity
from plotline._check.reports import findings_text, summary_line
from plotline._cli._common import parse_codes, unknown_codes
from plotline._io._formats import SUFFIXES
from plotline.exceptions import LoadError, PlotlineError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from plotline._model import Location, Story

__all__ = [
    "StoryCheckFailed",
    "StoryDirectory",
    "StoryFile",
    "StoryItem",
]

#: Files a broad pattern like ``*.toml`` may match that are never stories.
_NEVER_STORIES = frozenset({"pyproject.toml"})
_FAIL_ON = ("error", "warning", "info")
_ITEM_NAME = "plotline"
_PROPERTY = "plotline_findings"
_SUMMARY_NAME = "plotline-summary"

_Style = Literal["long", "short", "line", "no", "native", "value", "auto"]


class StoryCheckFailed(Exception):
    """A story has findings at or above the failure threshold; carries the report."""

    def __init__(self, report: Report, failing: tuple[Finding, ...]) -> None:
        super().__init__(f"{len(failing)} finding(s)")
        self.report = report
        self.failing = failing


# ---------------------------------------------------------------------------
# options


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare plotline's command-line and ini options."""
    group = parser.getgroup("plotline", "plotline: check story files")
    group.addoption(
        "--plotline",
        action="store_true",
        default=False,
        help="also check story files and directories named on the command line",
    )
    group.addoption(
        "--plotline-select",
        action="append",
        metavar="CODES",
        help="run only these plotline rules (codes or prefixes, comma-separated)",
    )
    group.addoption(
        "--plotline-ignore",
        action="append",
        metavar="CODES",
        help="suppress these plotline rules' findings (codes or prefixes, comma-separated)",
    )
    group.addoption(
        "--plotline-fail-on",
        choices=_FAIL_ON,
        default=None,
        help="the least serious finding that fails a story (default: error)",
    )
    parser.addini(
        "plotline_stories",
        type="args",
        default=[],
        help="glob patterns of story files (end a pattern with / for directory stories)",
    )
    parser.addini("plotline_select", type="args", default=[], help="plotline rules to run")
    parser.addini("plotline_ignore", type="args", default=[], help="plotline rules to suppress")
    parser.addini(
        "plotline_fail_on",
        type="string",
        default="error",
        help="least serious plotline finding that fails a story: error, warning or info",
    )


class _Settings:
    """The plugin's resolved options and the story paths it collects, for one session."""

    def __init__(self, config: pytest.Config) -> None:
        select = config.getoption("plotline_select") or config.getini("plotline_select") or None
        ignore = config.getoption("plotline_ignore") or config.getini("plotline_ignore") or None
        self.select = parse_codes(select)
        self.ignore = parse_codes(ignore)
        fail_on = config.getoption("plotline_fail_on") or config.getini("plotline_fail_on")
        if fail_on not in _FAIL_ON:
            msg = f"plotline_fail_on must be one of {', '.join(_FAIL_ON)}, not {fail_on!r}"
            raise pytest.UsageError(msg)
        self.threshold = Severity(fail_on).rank
        self.patterns: list[str] = list(config.getini("plotline_stories"))
        self.files: set[Path] = set()
        self.directories: set[Path] = set()
        root = config.rootpath
        for pattern in self.patterns:
            if Path(pattern).is_absolute():
                msg = f"plotline_stories patterns are relative to {root}, not {pattern!r}"
                raise pytest.UsageError(msg)
            for match in root.glob(pattern):
                if match.is_dir():
                    self.directories.add(match.absolute())
                elif match.is_file() and match.name not in _NEVER_STORIES:
                    self.files.add(match.absolute())
        if config.getoption("plotline") and config.args_source is pytest.Config.ArgsSource.ARGS:
            self._add_arguments(config)
        self.collected: set[Path] = set()
        if self.active:
            self._check_codes()

    def _check_codes(self) -> None:
        """Refuse codes that name no rule, as ``plotline check`` does."""
        from plotline._check._engine import rules

        problems = unknown_codes((*(self.select or ()), *(self.ignore or ())), rules())
        if problems:
            raise pytest.UsageError("plotline: " + "; ".join(problems))

    def _add_arguments(self, config: pytest.Config) -> None:
        here = config.invocation_params.dir
        for arg in config.args:
            path = (here / arg.split("::")[0]).absolute()
            if path.is_dir():
                self.directories.add(path)
            elif path.is_file() and path.suffix in SUFFIXES:
                self.files.add(path)

    @property
    def active(self) -> bool:
        """Whether there is anything to collect."""
        return bool(self.files or self.directories)


_SETTINGS = pytest.StashKey[_Settings]()


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the options and find the story paths once per session."""
    settings = _Settings(config)
    config.stash[_SETTINGS] = settings
    config.pluginmanager.register(_Summary(settings), _SUMMARY_NAME)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Unregister the session's summary plugin."""
    summary = config.pluginmanager.get_plugin(_SUMMARY_NAME)
    if summary is not None:
        config.pluginmanager.unregister(summary)


def _settings(config: pytest.Config) -> _Settings:
    return config.stash[_SETTINGS]


# ---------------------------------------------------------------------------
# collection


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> StoryFile | None:
    """Collect a file that a ``plotline_stories`` pattern (or ``--plotline``) names."""
    settings = _settings(parent.config)
    if not settings.active:
        return None
    path = file_path.absolute()
    if path in settings.files:
        settings.collected.add(path)
        return StoryFile.from_parent(parent, path=file_path)
    return None


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> StoryDirectory | None:
    """Collect a directory story: one item for the whole directory."""
    settings = _settings(parent.config)
    absolute = path.absolute()
    if absolute in settings.directories:
        settings.collected.add(absolute)
        return StoryDirectory.from_parent(parent, path=path)
    return None


class StoryFile(pytest.File):
    """A story file; it holds one :class:`StoryItem`."""

    def collect(self) -> Iterator[StoryItem]:
        """Yield the item that checks this story."""
        yield StoryItem.from_parent(self, name=_ITEM_NAME)


class StoryDirectory(pytest.Directory):
    """A directory that is one story; it holds one :class:`StoryItem`."""

    def collect(self) -> Iterator[StoryItem]:
        """Yield the item that checks this story."""
        yield StoryItem.from_parent(self, name=_ITEM_NAME)


class StoryItem(pytest.Item):
    """Load, check and judge one story (a file or a directory)."""

    title: str | None = None

    def runtest(self) -> None:
        """Check the story; raise :class:`StoryCheckFailed` when findings reach the threshold."""
        from plotline._check._config import find_project_config
        from plotline._check._engine import check
        from plotline._io import load

        settings = _settings(self.config)
        story: Story = load(self.path)
        self.title = story.title
        report = check(
            story, settings.select, settings.ignore, config=find_project_config(self.path)
        )
        report = _relative(report, self.config.invocation_params.dir)
        failing = tuple(f for f in report.active if f.severity.rank <= settings.threshold)
        if failing:
            raise StoryCheckFailed(report, failing)
        if report.active:
            self.user_properties.append((_PROPERTY, findings_text(report.active)))

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: _Style | None = None,
    ) -> str:
        """Show the findings, or the load problems, at ``file:line:col``; no traceback."""
        error = excinfo.value
        if isinstance(error, StoryCheckFailed):
            report = error.report
            return findings_text(report.active) + summary_line(report, 1)
        if isinstance(error, LoadError):
            count = len(error.problems)
            base = self.config.invocation_params.dir
            lines = [
                str(attrs.evolve(problem, location=_relative_location(problem.location, base)))
                for problem in error.problems
            ]
            lines.append(f"{self._display}: {count} problem{'s' if count != 1 else ''}")
            return "\n".join(lines)
        if isinstance(error, PlotlineError):
            return f"{self._display}: {error}"
        if isinstance(error, FileNotFoundError) and not isinstance(error, PlotlineError):
            return f"{error.filename or self._display}: no such file"
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Point at the story: its path, line 0 (the top), and ``story: title``."""
        name = self.title or self.path.name
        return self.path, 0 if self.path.is_file() else None, f"story: {name}"

    @property
    def _display(self) -> str:
        return _relpath(str(self.path), self.config.invocation_params.dir)


def _relpath(file: str, base: Path) -> str:
    path = Path(file)
    if not path.is_absolute():
        return file
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return os.fspath(path)


def _relative_location(location: Location | None, base: Path) -> Location | None:
    if location is None or location.file is None:
        return location
    return attrs.evolve(location, file=_relpath(location.file, base))


def _relative(report: Report, base: Path) -> Report:
    """Make absolute file names in the report relative to ``base`` where they lie under it."""
    findings: Iterable[Finding] = (
        attrs.evolve(
            finding,
            location=_relative_location(finding.location, base),
            related=tuple(
                attrs.evolve(related, location=_relative_location(related.location, base))
                for related in finding.related
            ),
        )
        for finding in report.findings
    )
    return Report(tuple(findings))


# ---------------------------------------------------------------------------
# reporting


class _Summary:
    """Collect findings of stories that passed, and report them at the end of the run.

    Registered as a plugin object per session, so its state lives and dies with
    that session; it reads test reports, so it works under pytest-xdist too.
    """

    def __init__(self, settings: _Settings) -> None:
        self.settings = settings
        self.passed: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Remember the findings of a story that passed with findings below the threshold."""
        if report.when != "call" or not report.passed:
            return
        for name, value in report.user_properties:
            if name == _PROPERTY and isinstance(value, str):
                self.passed.append((report.nodeid, value))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """List findings that did not fail their story, and story paths never collected."""
        settings = self.settings
        lines = []
        for nodeid, text in self.passed:
            lines.append(f"{nodeid}: findings below plotline_fail_on")
            lines.extend(f"  {line}" for line in text.splitlines())
        missed = (settings.files | settings.directories) - settings.collected
        config = terminalreporter.config
        if missed and config.args_source is not pytest.Config.ArgsSource.ARGS:
            lines.append(
                f"{len(missed)} story path(s) matched plotline_stories but were not collected; "
                "add their folders to testpaths"
            )
        if lines:
            terminalreporter.section("plotline", sep="-")
            for line in lines:
                terminalreporter.write_line(line)
