"""Report formatters: text, json, sarif, junit and github output."""

from __future__ import annotations

import importlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from plotline import PlotlineError, ReportFormatError
from plotline._check._finding import Finding, Related, Report, Severity
from plotline._check.reports import (
    FORMATS,
    SARIF_SCHEMA,
    RuleInfo,
    format_report,
    github_escape,
    github_escape_property,
    summary_line,
    use_color,
)
from plotline._model import Entity, Event, Location, Story
from plotline._version import __version__

SCHEMAS = Path(__file__).parent / "schemas"

RULES = [
    RuleInfo("PL301", "acts-after-death", "error", "An entity acts after its death.\n\nLonger."),
    RuleInfo("PL305", "dropped-entity", "warning", "A main entity is dropped."),
    RuleInfo("PL404", "empty-thread", "warning", "A thread has no events."),
    RuleInfo("PL603", "unsourced", "info", "A record cites no source.", enabled=False),
]


def death(file: str = "stories/hero.toml", *, suppressed: bool = False) -> Finding:
    return Finding(
        code="PL301",
        severity=Severity.ERROR,
        message="monica is present in 'walks' after her death in 'killed'",
        subjects=("monica", "walks"),
        location=Location(file, 42, 7, "$.events[3]"),
        related=(Related("monica dies here", Location(file, 30, 1, "$.events[1]"), "killed"),),
        rule="acts-after-death",
        suppressed=suppressed,
    )


def dropped(file: str = "stories/hero.toml") -> Finding:
    return Finding(
        code="PL305",
        severity=Severity.WARNING,
        message="sarah: 50% gone, not dead: not exited",
        subjects=("sarah",),
        location=Location(file, 10, 1, "$.entities[1]"),
        rule="dropped-entity",
    )


def empty_thread(*, suppressed: bool = False) -> Finding:
    return Finding(
        code="PL404",
        severity=Severity.WARNING,
        message="thread 'x' has no events",
        subjects=("x",),
        rule="empty-thread",
        suppressed=suppressed,
    )


def unsourced() -> Finding:
    return Finding(
        code="PL603",
        severity=Severity.INFO,
        message="'monica' cites no source",
        subjects=("monica",),
        location=Location("stories/hero.toml", 5, 1),
        rule="unsourced",
    )


FULL = Report([death(), dropped(), empty_thread(suppressed=True), unsourced()])


def render(report: Report, fmt: str, **kwargs: Any) -> str:
    kwargs.setdefault("files", ["stories/hero.toml"])
    kwargs.setdefault("rules", RULES)
    return format_report(report, fmt, **kwargs)


class TestText:
    """The text format prints ``file:line:col: CODE severity: message`` lines."""

    def test_lines_notes_and_summary(self) -> None:
        """Each finding is one line, its related locations indented notes, then a summary."""
        assert render(FULL, "text").splitlines() == [
            "stories/hero.toml:5:1: PL603 info: 'monica' cites no source",
            "stories/hero.toml:10:1: PL305 warning: sarah: 50% gone, not dead: not exited",
            (
                "stories/hero.toml:42:7: PL301 error: "
                "monica is present in 'walks' after her death in 'killed'"
            ),
            "  stories/hero.toml:30:1: note: monica dies here",
            "1 error, 1 warning, 1 info (1 suppressed) in 1 file",
        ]

    def test_no_findings(self) -> None:
        """A clean report says so."""
        assert render(Report(), "text") == "no findings in 1 file\n"

    def test_only_suppressed(self) -> None:
        """Suppressed findings are counted, never listed."""
        text = render(Report([empty_thread(suppressed=True)]), "text", files=["a.toml", "b.toml"])
        assert text == "no findings (1 suppressed) in 2 files\n"

    def test_plurals(self) -> None:
        """Counts of more than one take a plural; info never does."""
        report = Report([death(), death("other.toml"), dropped(), dropped("other.toml")])
        assert summary_line(report, 2) == "2 errors, 2 warnings, 0 info in 2 files"

    def test_finding_without_location(self) -> None:
        """A finding about a story built in Python has no location prefix."""
        text = render(Report([empty_thread()]), "text")
        assert text.splitlines()[0] == "PL404 warning: thread 'x' has no events"

    def test_related_without_location(self) -> None:
        """A related note without a location is still shown."""
        finding = Finding("PL301", Severity.ERROR, "m", related=(Related("see 'killed'"),))
        assert render(Report([finding]), "text").splitlines()[1] == "  note: see 'killed'"

    def test_files_default_to_the_findings_files(self) -> None:
        """Without ``files`` the summary counts the files the findings name."""
        text = format_report(Report([death("a.toml"), death("b.toml")]), "text", rules=RULES)
        assert text.endswith("in 2 files\n")

    def test_plain_without_color(self) -> None:
        """No ANSI escapes unless asked."""
        assert "\033[" not in render(FULL, "text")

    def test_color(self) -> None:
        """With ``color=True`` severities, codes and the summary are coloured."""
        text = render(FULL, "text", color=True)
        assert "\033[1;31merror\033[0m" in text
        assert "\033[1;33mwarning\033[0m" in text
        assert "\033[1mPL301\033[0m" in text
        assert "\033[1;31m1 error\033[0m" in text

    def test_color_no_findings(self) -> None:
        """A clean report is green."""
        assert render(Report(), "text", color=True).startswith("\033[1;32mno findings")


class TestUseColor:
    """Colour follows the terminal, ``NO_COLOR`` and ``FORCE_COLOR``."""

    class _Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    def test_terminal(self) -> None:
        """A terminal gets colour, a pipe does not."""
        assert use_color(self._Tty(), {})
        assert not use_color(io.StringIO(), {})

    def test_no_color(self) -> None:
        """``NO_COLOR`` turns colour off even on a terminal."""
        assert not use_color(self._Tty(), {"NO_COLOR": "1"})

    def test_force_color(self) -> None:
        """``FORCE_COLOR`` turns colour on even in a pipe."""
        assert use_color(io.StringIO(), {"FORCE_COLOR": "1"})

    def test_empty_values_are_unset(self) -> None:
        """Empty variables count as unset."""
        assert not use_color(io.StringIO(), {"FORCE_COLOR": ""})
        assert use_color(self._Tty(), {"NO_COLOR": ""})

    def test_stream_without_isatty(self) -> None:
        """A stream without ``isatty`` is no terminal."""
        assert not use_color(object(), {})

    def test_closed_stream(self) -> None:
        """A closed stream is no terminal."""
        stream = io.StringIO()
        stream.close()
        assert not use_color(stream, {})


class TestJson:
    """The json format is a stable, versioned document."""

    def test_document(self) -> None:
        """Top-level keys, tool, files and summary."""
        data = json.loads(render(FULL, "json"))
        assert data["version"] == 1
        assert data["tool"] == {"name": "plotline", "version": __version__}
        assert data["files"] == ["stories/hero.toml"]
        assert data["summary"] == {
            "errors": 1,
            "warnings": 1,
            "info": 1,
            "suppressed": 1,
            "files": 1,
            "ok": False,
        }

    def test_finding(self) -> None:
        """A finding carries code, severity, rule, message, subjects, location and related."""
        data = json.loads(render(Report([death()]), "json"))
        assert data["findings"] == [
            {
                "code": "PL301",
                "severity": "error",
                "rule": "acts-after-death",
                "message": "monica is present in 'walks' after her death in 'killed'",
                "subjects": ["monica", "walks"],
                "location": {
                    "file": "stories/hero.toml",
                    "line": 42,
                    "column": 7,
                    "path": "$.events[3]",
                },
                "related": [
                    {
                        "message": "monica dies here",
                        "subject": "killed",
                        "location": {
                            "file": "stories/hero.toml",
                            "line": 30,
                            "column": 1,
                            "path": "$.events[1]",
                        },
                    }
                ],
                "suppressed": False,
            }
        ]

    def test_suppressed_and_unlocated(self) -> None:
        """Suppressed findings are included and marked; no location is ``null``."""
        data = json.loads(render(Report([empty_thread(suppressed=True)]), "json"))
        (finding,) = data["findings"]
        assert finding["suppressed"] is True
        assert finding["location"] is None
        assert data["summary"]["ok"] is True

    def test_order(self) -> None:
        """Findings come sorted by location, as the report holds them."""
        data = json.loads(render(FULL, "json"))
        assert [f["code"] for f in data["findings"]] == ["PL603", "PL305", "PL301", "PL404"]

    def test_unicode_kept(self) -> None:
        """Non-ASCII text is written as is."""
        finding = attrs_evolve(dropped(), message="Zoë vanishes")
        assert "Zoë" in render(Report([finding]), "json")


def attrs_evolve(finding: Finding, **changes: Any) -> Finding:
    import attrs

    return attrs.evolve(finding, **changes)


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


class TestSarif:
    """The sarif format is valid SARIF 2.1.0 that GitHub code scanning can place."""

    @pytest.mark.parametrize(
        "report",
        [
            Report(),
            FULL,
            Report([empty_thread(suppressed=True), death(suppressed=True)]),
            Report([death("/elsewhere/hero.toml")]),
        ],
        ids=["empty", "full", "suppressed", "outside-root"],
    )
    def test_valid_against_the_schema(
        self, report: Report, sarif_validator: jsonschema.protocols.Validator
    ) -> None:
        """The output validates against the official SARIF 2.1.0 JSON schema."""
        log = json.loads(render(report, "sarif", root="/project"))
        errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)

    def test_header(self) -> None:
        """One run, the schema, the version and the driver."""
        log = json.loads(render(FULL, "sarif"))
        assert log["$schema"] == SARIF_SCHEMA
        assert log["version"] == "2.1.0"
        (run,) = log["runs"]
        driver = run["tool"]["driver"]
        assert driver["name"] == "plotline"
        assert driver["version"] == __version__
        assert run["columnKind"] == "unicodeCodePoints"

    def test_rules(self) -> None:
        """Rules carry id, name, descriptions, help and default level."""
        log = json.loads(render(FULL, "sarif"))
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        assert [rule["id"] for rule in rules] == ["PL301", "PL305", "PL404", "PL603"]
        first = rules[0]
        assert first["name"] == "acts-after-death"
        assert first["shortDescription"] == {"text": "An entity acts after its death."}
        assert first["fullDescription"] == {"text": "Longer."}
        assert first["help"]["text"].startswith("An entity acts after its death.")
        assert first["defaultConfiguration"] == {"level": "error", "enabled": True}
        assert rules[3]["defaultConfiguration"] == {"level": "note", "enabled": False}
        assert first["properties"]["tags"] == ["plotline", "continuity"]

    def test_results(self) -> None:
        """Results point at their rule and at the story file's line and column."""
        log = json.loads(render(Report([death()]), "sarif"))
        run = log["runs"][0]
        (result,) = run["results"]
        assert result["ruleId"] == "PL301"
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "PL301"
        assert result["level"] == "error"
        assert result["message"] == {
            "text": "monica is present in 'walks' after her death in 'killed'"
        }
        (location,) = result["locations"]
        assert location["physicalLocation"] == {
            "artifactLocation": {"uri": "stories/hero.toml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 42, "startColumn": 7},
        }
        assert location["logicalLocations"] == [
            {"fullyQualifiedName": "$.events[3]", "kind": "element"}
        ]
        (related,) = result["relatedLocations"]
        assert related["message"] == {"text": "monica dies here"}
        assert related["physicalLocation"]["region"] == {"startLine": 30, "startColumn": 1}
        assert "suppressions" not in result

    def test_levels(self) -> None:
        """Errors, warnings and info become error, warning and note."""
        log = json.loads(render(FULL, "sarif"))
        levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
        assert levels == {"PL301": "error", "PL305": "warning", "PL404": "warning", "PL603": "note"}

    def test_absolute_path_under_root(self, tmp_path: Path) -> None:
        """An absolute path under the root becomes relative, with forward slashes."""
        file = str(tmp_path / "stories" / "hero mask.toml")
        log = json.loads(render(Report([death(file)]), "sarif", root=tmp_path, files=[file]))
        artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert artifact["artifactLocation"] == {
            "uri": "stories/hero%20mask.toml",
            "uriBaseId": "%SRCROOT%",
        }
        artifacts = log["runs"][0]["artifacts"]
        assert artifacts[0]["location"]["uri"] == "stories/hero%20mask.toml"

    def test_absolute_path_outside_root(self, tmp_path: Path) -> None:
        """A path outside the root stays an absolute file URI, without a base."""
        log = json.loads(render(Report([death("/elsewhere/hero.toml")]), "sarif", root=tmp_path))
        artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert artifact["artifactLocation"] == {"uri": "file:///elsewhere/hero.toml"}

    def test_unlocated_finding(self) -> None:
        """A finding without location has no locations (SARIF allows it)."""
        log = json.loads(render(Report([empty_thread()]), "sarif"))
        assert "locations" not in log["runs"][0]["results"][0]

    def test_suppressions(self) -> None:
        """An ``allow`` list is an in-source suppression; an ignore is external."""
        story = Story(
            entities=[Entity("monica", allow=["PL301"])],
            events=[Event("walks")],
        )
        report = Report([death(suppressed=True), empty_thread(suppressed=True)])
        log = json.loads(render(report, "sarif", stories=[story]))
        kinds = {
            r["ruleId"]: [s["kind"] for s in r["suppressions"]] for r in log["runs"][0]["results"]
        }
        assert kinds == {"PL301": ["inSource"], "PL404": ["external"]}

    def test_fingerprints(self) -> None:
        """Fingerprints ignore line numbers but tell repeated findings apart."""
        moved = attrs_evolve(death(), location=Location("stories/hero.toml", 99, 1))
        first = json.loads(render(Report([death()]), "sarif"))["runs"][0]["results"][0]
        second = json.loads(render(Report([moved]), "sarif"))["runs"][0]["results"][0]
        assert first["partialFingerprints"] == second["partialFingerprints"]
        both = json.loads(render(Report([death(), moved]), "sarif"))["runs"][0]["results"]
        prints = [r["partialFingerprints"]["plotlineFinding/v1"] for r in both]
        assert len(set(prints)) == 2

    def test_unknown_rule_gets_a_descriptor(self) -> None:
        """A finding of a rule nobody described still gets a rule entry to point at."""
        finding = Finding("XY101", Severity.WARNING, "custom", rule="my-rule")
        log = json.loads(format_report(Report([finding]), "sarif", rules=[]))
        run = log["runs"][0]
        assert run["tool"]["driver"]["rules"][0]["id"] == "XY101"
        assert run["results"][0]["ruleIndex"] == 0


class TestJunit:
    """The junit format has one test case per rule per file."""

    def parse(self, report: Report, **kwargs: Any) -> ET.Element:
        return ET.fromstring(render(report, "junit", **kwargs))

    def test_cases(self) -> None:
        """Every enabled rule is a test case of the file's suite; off rules appear if they found."""
        root = self.parse(FULL)
        assert root.tag == "testsuites"
        (suite,) = root.findall("testsuite")
        assert suite.get("name") == "stories/hero.toml"
        names = [case.get("name") for case in suite.findall("testcase")]
        assert names == [
            "PL301 acts-after-death",
            "PL305 dropped-entity",
            "PL404 empty-thread",
            "PL603 unsourced",
        ]
        assert {case.get("classname") for case in suite.findall("testcase")} == {
            "stories/hero.toml"
        }

    def test_errors_fail(self) -> None:
        """A rule with error findings fails with them listed."""
        root = self.parse(FULL)
        failures = root.findall(".//failure")
        assert len(failures) == 1
        failure = failures[0]
        assert failure.get("type") == "error"
        assert failure.get("message", "").startswith("1 error: monica is present")
        assert "stories/hero.toml:42:7: PL301 error:" in (failure.text or "")
        assert root.get("failures") == "1"
        assert root.get("tests") == "4"

    def test_warnings_pass_with_output(self) -> None:
        """Warnings do not fail; they show in the test case's output."""
        root = self.parse(Report([dropped()]))
        case = root.find(".//testcase[@name='PL305 dropped-entity']")
        assert case is not None
        assert case.find("failure") is None
        out = case.find("system-out")
        assert out is not None
        assert "PL305 warning: sarah" in (out.text or "")

    def test_suppressed_left_out(self) -> None:
        """Suppressed findings neither fail nor show."""
        root = self.parse(Report([death(suppressed=True)]))
        assert root.find(".//failure") is None
        assert root.find(".//system-out") is None

    def test_a_suite_per_file(self) -> None:
        """Each checked file has its own suite, even without findings."""
        root = self.parse(Report([death("b.toml")]), files=["a.toml", "b.toml"])
        suites = root.findall("testsuite")
        assert [s.get("name") for s in suites] == ["a.toml", "b.toml"]
        assert [s.get("failures") for s in suites] == ["0", "1"]

    def test_unlocated_findings_go_to_the_only_file(self) -> None:
        """A finding without location belongs to the only file checked."""
        root = self.parse(Report([attrs_evolve(death(), location=None, related=())]))
        assert root.find("testsuite[@name='stories/hero.toml']//failure") is not None

    def test_nothing_checked(self) -> None:
        """With no files and no findings there is still a well-formed document."""
        root = ET.fromstring(format_report(Report(), "junit", rules=RULES))
        assert root.get("tests") == "3"

    def test_escaping(self) -> None:
        """Markup in messages is escaped."""
        finding = attrs_evolve(death(), message="<b>&amp; 'x' \"y\"")
        root = self.parse(Report([finding]))
        failure = root.find(".//failure")
        assert failure is not None
        assert "<b>&amp; 'x' \"y\"" in (failure.text or "")


class TestGithub:
    """The github format is workflow commands, escaped as GitHub requires."""

    def test_commands(self) -> None:
        """One command per active finding, by severity."""
        lines = render(FULL, "github").splitlines()
        assert lines == [
            (
                "::notice file=stories/hero.toml,line=5,col=1,title=PL603 unsourced"
                "::'monica' cites no source"
            ),
            (
                "::warning file=stories/hero.toml,line=10,col=1,title=PL305 dropped-entity"
                "::sarah: 50%25 gone, not dead: not exited"
            ),
            (
                "::error file=stories/hero.toml,line=42,col=7,title=PL301 acts-after-death"
                "::monica is present in 'walks' after her death in 'killed'"
                "%0Astories/hero.toml:30:1: note: monica dies here"
            ),
        ]

    def test_unlocated(self) -> None:
        """A finding without location has only a title."""
        text = render(Report([empty_thread()]), "github")
        assert text == "::warning title=PL404 empty-thread::thread 'x' has no events\n"

    def test_escape_property(self) -> None:
        """Properties escape ``%``, newlines, ``:`` and ``,``."""
        assert github_escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"

    def test_escape_message(self) -> None:
        """Messages escape ``%`` and newlines but keep ``:`` and ``,``."""
        assert github_escape("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"

    def test_escaped_file_name(self) -> None:
        """A file name with a comma or colon cannot break the command."""
        text = render(Report([dropped("odd,name:1.toml")]), "github")
        assert text.startswith("::warning file=odd%2Cname%3A1.toml,line=10,")

    def test_clean(self) -> None:
        """No findings, no output."""
        assert render(Report([death(suppressed=True)]), "github") == ""


class TestFormatReport:
    """``format_report`` dispatches on the format name."""

    def test_every_format(self) -> None:
        """Every listed format renders a report ending in a newline."""
        for fmt in FORMATS:
            assert render(FULL, fmt).endswith("\n") or fmt == "github"

    def test_unknown_format(self) -> None:
        """An unknown format is a ReportFormatError (a ValueError) that names the choices."""
        with pytest.raises(ValueError, match="choose one of text, json, sarif, junit, github"):
            format_report(FULL, "html")
        with pytest.raises(ReportFormatError, match="'sarf' \\(did you mean 'sarif'\\?\\)"):
            format_report(FULL, "sarf")
        assert issubclass(ReportFormatError, PlotlineError)

    def test_one_module_per_format(self) -> None:
        """Each format is written by the module of its name."""
        for fmt in FORMATS:
            module = importlib.import_module(f"plotline._check.reports.{fmt}")
            assert callable(getattr(module, f"format_{fmt}"))

    def test_registered_rules_by_default(self) -> None:
        """Without ``rules`` the registered catalog describes the rules."""
        log = json.loads(format_report(Report(), "sarif"))
        ids = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
        assert "PL301" in ids

    def test_rule_info_from_engine_rule(self) -> None:
        """A ``RuleInfo`` reads any rule-like object."""

        class Rule:
            code = "XY1"
            name = "x"
            severity = Severity.INFO
            doc = "Summary.\n\nDetails."

        info = RuleInfo.from_rule(Rule())
        assert (info.code, info.summary, info.details, info.enabled) == (
            "XY1",
            "Summary.",
            "Details.",
            True,
        )
        assert RuleInfo.from_rule(info) is info
