"""The ``plotline check`` and ``plotline rules`` subcommands."""

from __future__ import annotations

import argparse
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import DEAD_MAN_WALKING
from plotline._cli._common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from plotline._cli.check import add_check_arguments, check_command
from plotline._cli.rules import add_rules_arguments, rules_command
from plotline.cli import run

FIXED = DEAD_MAN_WALKING.replace('monica = "present"', 'monica = "mentioned"')

#: A story whose only findings are warnings: a thread nobody follows.
ONLY_WARNINGS = (
    FIXED
    + """
[[threads]]
id = "who-did-it"
title = "Who killed Monica?"
"""
)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the last occurrence of ``needle`` in ``text``."""
    return max(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


class Run:
    """The outcome of one command: exit status and both streams."""

    def __init__(self, status: int, out: str, err: str) -> None:
        self.status = status
        self.out = out
        self.err = err


def plotline(*argv: str) -> Run:
    """Run ``plotline check|rules ARGV`` through the subcommands' own parsers."""
    command, *rest = argv
    parser = argparse.ArgumentParser(prog=f"plotline {command}")
    if command == "check":
        add_check_arguments(parser)
        func = check_command
    else:
        add_rules_arguments(parser)
        func = rules_command
    args = parser.parse_args(rest)
    out, err = io.StringIO(), io.StringIO()
    status = func(args, out, err)
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (with a pyproject.toml) as the working directory."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "bible"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


class TestExitStatus:
    """0 clean or warnings only, 1 error findings, 2 bad input."""

    def test_clean(self, project: Path) -> None:
        """A story without findings exits 0 and says so."""
        name = write(project, "fixed.toml", FIXED)
        run = plotline("check", name)
        assert run.status == EXIT_OK, run.out + run.err
        assert run.out == "no findings in 1 file\n"
        assert run.err == ""

    def test_error_finding(self, project: Path) -> None:
        """An error finding exits 1 and is printed at its file, line and column."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name)
        assert run.status == EXIT_FINDINGS
        first = run.out.splitlines()[0]
        assert first.startswith(f"{name}:")
        assert " PL301 error: " in first
        line = int(first.split(":")[1])
        walks = line_of(DEAD_MAN_WALKING, 'id = "walks"')
        assert walks - 1 <= line <= walks + 2
        assert run.out.endswith("1 error, 0 warnings, 0 info in 1 file\n")

    def test_warnings_only(self, project: Path) -> None:
        """Warnings are reported but exit 0."""
        name = write(project, "threads.toml", ONLY_WARNINGS)
        run = plotline("check", name)
        assert run.status == EXIT_OK
        assert " warning: " in run.out
        assert "0 errors" in run.out

    def test_exit_zero(self, project: Path) -> None:
        """``--exit-zero`` exits 0 despite errors."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--exit-zero")
        assert run.status == EXIT_OK
        assert "PL301" in run.out

    def test_missing_file(self, project: Path) -> None:
        """A missing file exits 2 with ``file: no such file``."""
        run = plotline("check", "nope.toml")
        assert run.status == EXIT_USAGE
        assert run.err.splitlines()[0] == "nope.toml: no such file"
        assert run.out == ""

    def test_load_error(self, project: Path) -> None:
        """A story that does not load exits 2 with its problems on stderr, no traceback."""
        broken = write(project, "broken.toml", '[story]\ntitle = "x\n')
        wrong = write(project, "wrong.toml", '[story]\ntitle = "x"\n\n[[works]]\nid = 3\n')
        run = plotline("check", broken, wrong)
        assert run.status == EXIT_USAGE
        assert "Traceback" not in run.err
        assert f"{broken}:" in run.err
        assert f"{wrong}:5:" in run.err
        assert run.err.endswith("plotline check: some paths could not be checked (see above)\n")

    def test_good_stories_still_reported(self, project: Path) -> None:
        """When one path fails, the others are still checked and reported."""
        good = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", good, "nope.toml")
        assert run.status == EXIT_USAGE
        assert "PL301" in run.out

    def test_unknown_code(self, project: Path) -> None:
        """A code that names no rule is a usage error with a suggestion."""
        name = write(project, "fixed.toml", FIXED)
        run = plotline("check", name, "--select", "PL3O1")
        assert run.status == EXIT_USAGE
        assert "no rule matches 'PL3O1'" in run.err


class TestSelection:
    """``--select`` and ``--ignore`` choose rules; the project's settings apply."""

    def test_ignore(self, project: Path) -> None:
        """An ignored rule's findings are suppressed, counted and do not fail."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--ignore", "PL301")
        assert run.status == EXIT_OK
        assert run.out == "no findings (1 suppressed) in 1 file\n"

    def test_select(self, project: Path) -> None:
        """Selecting other rules does not run PL301."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--select", "PL4,PL5")
        assert run.status == EXIT_OK

    def test_codes_are_case_insensitive_and_repeatable(self, project: Path) -> None:
        """``--select pl1 --select pl3`` selects both families."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--select", "pl1", "--select", "pl3")
        assert run.status == EXIT_FINDINGS

    def test_project_config(self, project: Path) -> None:
        """``[tool.plotline]`` in the nearest pyproject.toml applies."""
        stories = project / "sub"
        write(stories, "pyproject.toml", '[tool.plotline]\nignore = ["PL301"]\n')
        write(stories, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", "sub/dead.toml")
        assert run.status == EXIT_OK
        assert "(1 suppressed)" in run.out

    def test_bad_project_config(self, project: Path) -> None:
        """A broken pyproject.toml is bad input, not a traceback."""
        write(project, "sub/pyproject.toml", "[tool.plotline\n")
        write(project, "sub/dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", "sub/dead.toml")
        assert run.status == EXIT_USAGE
        assert "sub/dead.toml: " in run.err


class TestPaths:
    """Several files make one report; a directory is one story."""

    def test_several_files(self, project: Path) -> None:
        """Findings of every file are merged into one report."""
        a = write(project, "a.toml", DEAD_MAN_WALKING)
        b = write(project, "b.toml", FIXED)
        run = plotline("check", a, b)
        assert run.status == EXIT_FINDINGS
        assert run.out.endswith("in 2 files\n")

    def test_directory(self, project: Path) -> None:
        """A directory is loaded as one story."""
        write(project, "bible/story.toml", DEAD_MAN_WALKING)
        run = plotline("check", "bible")
        assert run.status == EXIT_FINDINGS
        assert "PL301" in run.out


class TestFormats:
    """``--format`` and ``--output`` choose what is written where."""

    def test_json(self, project: Path) -> None:
        """The json format has the documented summary."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--format", "json")
        data = json.loads(run.out)
        assert data["summary"]["errors"] == 1
        assert data["summary"]["ok"] is False
        assert data["files"] == [name]

    def test_sarif_to_file(self, project: Path) -> None:
        """SARIF written with ``--output`` is valid and points at the story file."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--format", "sarif", "--output", "out.sarif")
        assert run.status == EXIT_FINDINGS
        assert run.out == ""
        log = json.loads((project / "out.sarif").read_text(encoding="utf-8"))
        schema_file = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(log)
        result = log["runs"][0]["results"][0]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == name
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        assert rules[result["ruleIndex"]]["id"] == "PL301"
        assert rules[result["ruleIndex"]]["help"]["text"]

    def test_junit(self, project: Path) -> None:
        """JUnit output parses and fails the PL301 test case."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--format", "junit")
        root = ET.fromstring(run.out)
        case = root.find(f".//testcase[@classname='{name}'][@name='PL301 acts-after-death']")
        assert case is not None
        assert case.find("failure") is not None
        assert int(root.get("tests", "0")) > 1

    def test_github(self, project: Path) -> None:
        """GitHub output is one workflow command per finding."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--format", "github")
        assert run.out.startswith(f"::error file={name},line=")

    def test_unwritable_output(self, project: Path) -> None:
        """An output file that cannot be written is exit 2."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        run = plotline("check", name, "--output", "no/such/dir/out.txt")
        assert run.status == EXIT_USAGE
        assert "no/such/dir/out.txt: " in run.err

    def test_force_color(self, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``FORCE_COLOR`` colours text output even into a pipe."""
        monkeypatch.setenv("FORCE_COLOR", "1")
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        assert "\033[" in plotline("check", name).out

    def test_no_color_by_default_in_pipes(self, project: Path) -> None:
        """Output into a pipe is plain."""
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        assert "\033[" not in plotline("check", name).out

    def test_machine_formats_never_coloured(
        self, project: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``FORCE_COLOR`` colours text, and none of the machine formats."""
        monkeypatch.setenv("FORCE_COLOR", "1")
        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        assert "\033[" in plotline("check", name).out  # the variable is in force
        for format in ("json", "sarif", "junit", "github"):
            out = plotline("check", name, "--format", format).out
            assert "PL301" in out, format
            assert "\033" not in out, format
        json.loads(plotline("check", name, "--format", "json").out)


class TestRules:
    """``plotline rules`` lists the catalog and explains rules."""

    def test_table(self, project: Path) -> None:
        """The table has a header and one row per rule."""
        run = plotline("rules")
        assert run.status == EXIT_OK
        header, rule, *rows = run.out.splitlines()
        assert header.split() == ["code", "severity", "name", "enabled", "summary"]
        assert set(rule) <= {"-", " "}
        pl301 = next(row for row in rows if row.startswith("PL301"))
        assert pl301.split()[:4] == ["PL301", "error", "acts-after-death", "yes"]
        pl603 = next(row for row in rows if row.startswith("PL603"))
        assert pl603.split()[3] == "no"

    def test_project_ignores_show(self, project: Path) -> None:
        """Rules the project ignores are marked so."""
        write(project, "pyproject.toml", '[tool.plotline]\nignore = ["PL4"]\n')
        rows = plotline("rules").out.splitlines()
        pl404 = next(row for row in rows if row.startswith("PL404"))
        assert pl404.split()[3] == "ignored"

    def test_explain(self, project: Path) -> None:
        """``plotline rules PL301`` prints the rule's full documentation."""
        from plotline._check._engine import get_rule

        run = plotline("rules", "PL301")
        assert run.status == EXIT_OK
        assert run.out.startswith("PL301 acts-after-death [error]\n")
        assert get_rule("PL301").doc.strip() in run.out

    def test_off_by_default_explained(self, project: Path) -> None:
        """An off-by-default rule says how to turn it on."""
        assert "--select PL603" in plotline("rules", "pl603").out

    def test_family(self, project: Path) -> None:
        """A prefix lists the family as a table."""
        rows = plotline("rules", "PL3").out.splitlines()[2:]
        assert rows
        assert all(row.startswith("PL3") for row in rows)

    def test_unknown(self, project: Path) -> None:
        """An unknown code is exit 2 with a suggestion."""
        run = plotline("rules", "PL399")
        assert run.status == EXIT_USAGE
        assert "no rule matches 'PL399'" in run.err

    def test_json(self, project: Path) -> None:
        """``--format json`` lists the rules as data."""
        data = json.loads(plotline("rules", "--format", "json", "PL301").out)
        assert data[0]["code"] == "PL301"
        assert data[0]["severity"] == "error"
        assert data[0]["enabled"] is True
        assert data[0]["doc"]


class TestCli:
    """The subcommands are wired into ``plotline``."""

    def test_check_through_main(self, project: Path) -> None:
        """``plotline check FILE`` runs through the CLI's own parser."""
        from plotline.cli import run

        name = write(project, "dead.toml", DEAD_MAN_WALKING)
        out, err = io.StringIO(), io.StringIO()
        assert run(["check", name, "--format", "json"], out, err) == EXIT_FINDINGS
        assert json.loads(out.getvalue())["summary"]["errors"] == 1

    def test_rules_through_main(self, project: Path) -> None:
        """``plotline rules PL301`` runs through the CLI's own parser."""
        from plotline.cli import run

        out, err = io.StringIO(), io.StringIO()
        assert run(["rules", "PL301"], out, err) == EXIT_OK
        assert out.getvalue().startswith("PL301")

    def test_bad_format_is_usage(self, project: Path) -> None:
        """An unknown ``--format`` is a usage error."""
        from plotline.cli import run

        out, err = io.StringIO(), io.StringIO()
        assert run(["check", "x.toml", "--format", "html"], out, err) == EXIT_USAGE
        assert "invalid choice" in err.getvalue()


class TestOptionErrors:
    """A bad [check] option is reported at its line, once."""

    def test_unknown_option_located(self, tmp_path: Path) -> None:
        """The message starts with file:line:col and names the closest option."""
        story = tmp_path / "s.toml"
        story.write_text('[check]\ndormant_after = 3\n\n[[works]]\nid = "a"\n', encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        status = run(["check", str(story)], out, err)
        assert status == 2
        first = err.getvalue().splitlines()[0]
        assert first.startswith(f"{story}:2:1: unknown check option 'dormant_after'")
        assert "dormant_installments" in first
