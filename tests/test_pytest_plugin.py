"""The pytest plugin: story files collected and checked as test items."""

from __future__ import annotations

import pytest

from conftest import DEAD_MAN_WALKING

pytest_plugins = ["pytester"]

#: Load the plugin by module name and block the ``plotline`` entry point, so it
#: is registered once whether or not plotline is installed.
# pytest-lsp and pytest-asyncio (test dependencies of the language server) stay out of
# the inner runs: pytest-lsp 1.0's runtest hook breaks items that are not Python tests.
PLUGIN = (
    "-p",
    "no:plotline",
    "-p",
    "plotline.pytest_plugin",
    "-p",
    "no:pytest-lsp",
    "-p",
    "no:asyncio",
)


FIXED = DEAD_MAN_WALKING.replace('monica = "present"', 'monica = "mentioned"')

ONLY_WARNINGS = FIXED + '\n[[threads]]\nid = "who-did-it"\n'

BROKEN = '[story]\ntitle = "Broken"\n\n[[works]]\nid = 3\n'


def line_of(text: str, needle: str) -> int:
    return max(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def configure(pytester: pytest.Pytester, **ini: object) -> None:
    """Write ``[tool.pytest.ini_options]`` with the given options."""
    lines = ["[tool.pytest.ini_options]"]
    for key, value in ini.items():
        if isinstance(value, list):
            items = ", ".join(f'"{item}"' for item in value)
            lines.append(f"{key} = [{items}]")
        else:
            lines.append(f'{key} = "{value}"')
    pytester.makefile(".toml", pyproject="\n".join(lines) + "\n")


def story(pytester: pytest.Pytester, path: str, text: str) -> None:
    target = pytester.path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


class TestCollection:
    """Which files become items."""

    def test_nothing_without_patterns(self, pytester: pytest.Pytester) -> None:
        """Without ``plotline_stories`` or ``--plotline`` nothing is collected."""
        configure(pytester)
        story(pytester, "stories/dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest(*PLUGIN)
        assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED

    def test_pattern(self, pytester: pytest.Pytester) -> None:
        """Each file matched by a pattern is one item, ``FILE::plotline``."""
        configure(pytester, plotline_stories=["stories/**/*.toml"])
        story(pytester, "stories/a.toml", FIXED)
        story(pytester, "stories/deep/b.toml", FIXED)
        story(pytester, "stories/notes.txt", "not a story")
        story(pytester, "other/c.toml", FIXED)
        result = pytester.runpytest(*PLUGIN, "--collect-only", "-q")
        result.stdout.fnmatch_lines(["stories/a.toml::plotline", "stories/deep/b.toml::plotline"])
        assert "other/c.toml" not in result.stdout.str()

    def test_directory_story(self, pytester: pytest.Pytester) -> None:
        """A pattern ending in ``/`` makes each matched directory one story."""
        configure(pytester, plotline_stories=["examples/*/"])
        story(pytester, "examples/dead/story.toml", DEAD_MAN_WALKING)
        story(pytester, "examples/fixed/story.toml", FIXED)
        result = pytester.runpytest(*PLUGIN, "-v")
        result.stdout.fnmatch_lines(
            ["*examples/dead::plotline FAILED*", "*examples/fixed::plotline PASSED*"]
        )
        result.assert_outcomes(passed=1, failed=1)

    def test_command_line_paths(self, pytester: pytest.Pytester) -> None:
        """``--plotline`` checks story files named on the command line."""
        configure(pytester)
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest(*PLUGIN, "--plotline", "dead.toml")
        result.assert_outcomes(failed=1)

    def test_command_line_directory(self, pytester: pytest.Pytester) -> None:
        """``--plotline DIR`` checks the directory as one story."""
        configure(pytester)
        story(pytester, "bible/one.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest(*PLUGIN, "--plotline", "bible", "--collect-only", "-q")
        result.stdout.fnmatch_lines(["bible::plotline"])

    def test_absolute_pattern(self, pytester: pytest.Pytester) -> None:
        """Patterns must be relative to the root directory."""
        configure(pytester, plotline_stories=["/stories/*.toml"])
        result = pytester.runpytest(*PLUGIN)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*plotline_stories patterns are relative to*"])

    def test_unknown_code(self, pytester: pytest.Pytester) -> None:
        """A code that names no rule is a usage error."""
        configure(pytester, plotline_stories=["*.toml"])
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest(*PLUGIN, "--plotline-ignore=PL3O1")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*plotline: no rule matches 'PL3O1'*"])

    def test_command_line_paths_need_the_flag(self, pytester: pytest.Pytester) -> None:
        """Without ``--plotline`` pytest finds nothing to collect in a named story file."""
        configure(pytester)
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest(*PLUGIN, "dead.toml")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["ERROR: not found: *dead.toml"])

    def test_python_tests_still_run(self, pytester: pytest.Pytester) -> None:
        """Stories and ordinary tests are collected side by side."""
        configure(pytester, plotline_stories=["*.toml"])
        story(pytester, "fixed.toml", FIXED)
        pytester.makepyfile(test_it="def test_it():\n    assert True\n")
        pytester.runpytest(*PLUGIN).assert_outcomes(passed=2)

    def test_uncollected_matches_are_reported(self, pytester: pytest.Pytester) -> None:
        """Stories outside the collected paths are named in the summary."""
        configure(pytester, plotline_stories=["stories/*.toml"], testpaths=["tests"])
        story(pytester, "stories/dead.toml", DEAD_MAN_WALKING)
        pytester.mkdir("tests")
        pytester.makepyfile(**{"tests/test_it": "def test_it():\n    pass\n"})
        result = pytester.runpytest(*PLUGIN)
        result.stdout.fnmatch_lines(["*1 story path(s) matched plotline_stories*testpaths*"])


class TestOutcome:
    """Items fail on findings, showing them at ``file:line:col``."""

    def test_failure_shows_findings(self, pytester: pytest.Pytester) -> None:
        """A story with an error fails with the finding at its line, no traceback."""
        configure(pytester, plotline_stories=["stories/*.toml"])
        story(pytester, "stories/dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest(*PLUGIN)
        result.assert_outcomes(failed=1)
        output = result.stdout.str()
        (line,) = [ln for ln in output.splitlines() if " PL301 error: " in ln and ln[0] != "F"]
        assert line.startswith("stories/dead.toml:")
        number = int(line.split(":")[1])
        walks = line_of(DEAD_MAN_WALKING, 'id = "walks"')
        assert walks - 1 <= number <= walks + 2
        result.stdout.fnmatch_lines(["*1 error, 0 warnings, 0 info in 1 file*"])
        assert "Traceback" not in output
        assert "_engine.py" not in output

    def test_passes_once_fixed(self, pytester: pytest.Pytester) -> None:
        """The same story passes once it is fixed."""
        configure(pytester, plotline_stories=["stories/*.toml"])
        story(pytester, "stories/dead.toml", DEAD_MAN_WALKING)
        pytester.runpytest(*PLUGIN).assert_outcomes(failed=1)
        story(pytester, "stories/dead.toml", FIXED)
        pytester.runpytest(*PLUGIN).assert_outcomes(passed=1)

    def test_load_error(self, pytester: pytest.Pytester) -> None:
        """A story that does not load fails with its problems, not plotline's traceback."""
        configure(pytester, plotline_stories=["*.toml"])
        story(pytester, "broken.toml", BROKEN)
        result = pytester.runpytest(*PLUGIN)
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["broken.toml:5:*", "broken.toml: 1 problem*"])
        assert "Traceback" not in result.stdout.str()

    def test_warnings_pass_and_are_listed(self, pytester: pytest.Pytester) -> None:
        """Warnings do not fail by default; the summary lists them."""
        configure(pytester, plotline_stories=["*.toml"])
        story(pytester, "threads.toml", ONLY_WARNINGS)
        result = pytester.runpytest(*PLUGIN)
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(
            ["*- plotline -*", "threads.toml::plotline: findings below plotline_fail_on", "*PL4*"]
        )

    def test_fail_on_warning(self, pytester: pytest.Pytester) -> None:
        """``plotline_fail_on = warning`` fails on warnings."""
        configure(pytester, plotline_stories=["*.toml"], plotline_fail_on="warning")
        story(pytester, "threads.toml", ONLY_WARNINGS)
        result = pytester.runpytest(*PLUGIN)
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*threads.toml:*PL4* warning: *"])

    def test_fail_on_option_wins(self, pytester: pytest.Pytester) -> None:
        """``--plotline-fail-on`` overrides the ini file."""
        configure(pytester, plotline_stories=["*.toml"], plotline_fail_on="warning")
        story(pytester, "threads.toml", ONLY_WARNINGS)
        pytester.runpytest(*PLUGIN, "--plotline-fail-on=error").assert_outcomes(passed=1)

    def test_bad_fail_on(self, pytester: pytest.Pytester) -> None:
        """A bad ``plotline_fail_on`` is a usage error."""
        configure(pytester, plotline_stories=["*.toml"], plotline_fail_on="fatal")
        result = pytester.runpytest(*PLUGIN)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*plotline_fail_on must be one of error, warning, info*"])

    def test_ignore_option(self, pytester: pytest.Pytester) -> None:
        """``--plotline-ignore`` suppresses a rule."""
        configure(pytester, plotline_stories=["*.toml"])
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        pytester.runpytest(*PLUGIN, "--plotline-ignore=PL301").assert_outcomes(passed=1)

    def test_ini_select(self, pytester: pytest.Pytester) -> None:
        """``plotline_select`` runs only the rules named."""
        configure(pytester, plotline_stories=["*.toml"], plotline_select=["PL4", "PL5"])
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        pytester.runpytest(*PLUGIN).assert_outcomes(passed=1)

    def test_select_option_wins(self, pytester: pytest.Pytester) -> None:
        """``--plotline-select`` overrides ``plotline_select``."""
        configure(pytester, plotline_stories=["*.toml"], plotline_select=["PL4"])
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        pytester.runpytest(*PLUGIN, "--plotline-select=PL3").assert_outcomes(failed=1)

    def test_project_config(self, pytester: pytest.Pytester) -> None:
        """``[tool.plotline]`` next to the story applies."""
        pytester.makefile(
            ".toml",
            pyproject=(
                '[tool.pytest.ini_options]\nplotline_stories = ["*.toml"]\n\n'
                '[tool.plotline]\nignore = ["PL301"]\n'
            ),
        )
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        pytester.runpytest(*PLUGIN).assert_outcomes(passed=1)

    def test_verbose_location(self, pytester: pytest.Pytester) -> None:
        """Failures are headed by the story, and ``-rf`` names the item."""
        configure(pytester, plotline_stories=["*.toml"])
        story(pytester, "dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest(*PLUGIN, "-rf")
        result.stdout.fnmatch_lines(["*_ story: dead.toml _*", "FAILED dead.toml::plotline - *"])


class TestItem:
    """The item's report information."""

    def test_reportinfo(self, pytester: pytest.Pytester) -> None:
        """``reportinfo`` points at the story file and names the story."""
        configure(pytester, plotline_stories=["*.toml"])
        story(pytester, "fixed.toml", FIXED)
        items, _ = pytester.inline_genitems(*PLUGIN)
        (item,) = items
        path, line, name = item.reportinfo()
        assert path == pytester.path / "fixed.toml"
        assert line == 0
        assert name == "story: fixed.toml"
        item.runtest()
        assert item.reportinfo()[2] == "story: Dead Man Walking"


class TestRegistration:
    """Under its ``pytest11`` entry point the plugin is registered once."""

    @pytest.fixture
    def entry_point(self, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
        """Install a distribution whose ``pytest11`` entry point names the plugin, as plotline's."""
        import os
        from pathlib import Path

        import plotline.pytest_plugin

        site = pytester.mkdir("site")
        info = site / "plotline_entry-0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: plotline-entry\nVersion: 0\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(
            "[pytest11]\nplotline = plotline.pytest_plugin\n", encoding="utf-8"
        )
        source = str(Path(plotline.pytest_plugin.__file__).parents[1])
        paths = [str(site), source, *filter(None, [os.environ.get("PYTHONPATH")])]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
        monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)

    @pytest.mark.usefixtures("entry_point")
    def test_loaded_by_entry_point(self, pytester: pytest.Pytester) -> None:
        """Installed, the plugin needs no ``-p``."""
        configure(pytester, plotline_stories=["stories/*.toml"])
        story(pytester, "stories/dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *PLUGIN[4:])
        result.assert_outcomes(failed=1)

    @pytest.mark.usefixtures("entry_point")
    def test_explicit_plugin_beside_entry_point(self, pytester: pytest.Pytester) -> None:
        """``-p no:plotline -p plotline.pytest_plugin`` does not register it twice."""
        configure(pytester, plotline_stories=["stories/*.toml"])
        story(pytester, "stories/dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest_subprocess(*PLUGIN, "-p", "no:cacheprovider")
        result.assert_outcomes(failed=1)
        assert "already registered" not in result.stderr.str()

    @pytest.mark.usefixtures("entry_point")
    def test_disabled(self, pytester: pytest.Pytester) -> None:
        """``-p no:plotline`` turns the plugin off."""
        configure(pytester, plotline_stories=["stories/*.toml"])
        story(pytester, "stories/dead.toml", DEAD_MAN_WALKING)
        result = pytester.runpytest_subprocess(
            "-p", "no:plotline", "-p", "no:cacheprovider", *PLUGIN[4:]
        )
        assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
        result.stdout.fnmatch_lines(["*Unknown config option: plotline_stories*"])
