"""Reports as text for people and as data for machines.

:func:`format_report` turns a :class:`~plotline._check.Report` into one of five
formats (:data:`FORMATS`):

``text``
    One line per active finding, ``file:line:col: PL301 error: message``, each
    related location indented below it as ``  file:line:col: note: message``,
    then a summary line: ``3 errors, 2 warnings, 0 info (1 suppressed) in 1 file``
    or ``no findings in 1 file``. ANSI colours when ``color=True``. Suppressed
    findings are counted, not listed.

``json``
    A stable document (schema version 1, below) for scripts and dashboards.
    Suppressed findings are included, marked ``"suppressed": true``.

``sarif``
    SARIF 2.1.0, one run, for GitHub code scanning and other SARIF viewers.
    Artifact URIs are relative to ``root`` (the working directory by default),
    with forward slashes and ``"uriBaseId": "%SRCROOT%"``; suppressed findings
    carry ``suppressions`` (``inSource`` for a record's ``allow`` list,
    ``external`` for ignores in configuration or on the command line).

``junit``
    JUnit XML: one ``<testsuite>`` per story file and one ``<testcase>`` per
    rule and file (``classname`` the file, ``name`` like
    ``PL301 acts-after-death``). A rule with active *error* findings fails
    (``<failure type="error">`` listing them, one per line, in text format);
    warnings and info never fail a test case (as they never fail
    ``plotline check``): they are listed in the test case's ``<system-out>``,
    which CI systems show beside the result. Suppressed findings are left out.

``github``
    GitHub Actions workflow commands, one per active finding:
    ``::error file=F,line=L,col=C,title=PL301 acts-after-death::message``
    (``::warning`` for warnings, ``::notice`` for info), escaped as GitHub
    requires. Related locations follow the message on lines of their own.

The JSON format, version 1::

    {
      "version": 1,                      # bumped only on incompatible changes
      "tool": {"name": "plotline", "version": "0.1.0"},
      "files": ["hero-mask.toml"],       # the story files checked
      "summary": {
        "errors": 1, "warnings": 2, "info": 0,   # active findings by severity
        "suppressed": 1,                         # findings silenced by ignore/allow
        "files": 1,
        "ok": false                              # true when no active error
      },
      "findings": [                      # sorted by file, line, column, code
        {
          "code": "PL301",
          "severity": "error",           # "error" | "warning" | "info"
          "rule": "acts-after-death",
          "message": "monica is present in 'ev-12' after dying in 'ev-3'",
          "subjects": ["monica", "ev-12"],
          "location": {"file": "hero-mask.toml", "line": 42, "column": 7,
                       "path": "$.events[12]"},          # or null
          "related": [
            {"message": "monica dies here", "subject": "ev-3",
             "location": {"file": "hero-mask.toml", "line": 30, "column": 1,
                          "path": "$.events[3]"}}        # location may be null
          ],
          "suppressed": false
        }
      ]
    }

Keys are never removed or renamed within a version; new keys may be added.
"""

from __future__ import annotations

import hashlib
import json
import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from importlib import metadata
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from plotline._check._finding import Finding, Related, Report, Severity
from plotline._version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

    from plotline._model import Location, Story

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_VERSION",
    "SARIF_SCHEMA",
    "Format",
    "RuleInfo",
    "findings_text",
    "format_report",
    "github_escape",
    "github_escape_property",
    "summary_line",
    "suppressed_in_source",
    "use_color",
]

Format = Literal["text", "json", "sarif", "junit", "github"]

#: The names :func:`format_report` accepts, in the order the CLI lists them.
FORMATS: Final[tuple[Format, ...]] = ("text", "json", "sarif", "junit", "github")

#: The version of the ``json`` format's schema.
JSON_SCHEMA_VERSION: Final = 1

#: The ``$schema`` written into SARIF logs: the OASIS SARIF 2.1.0 schema (errata 01).
SARIF_SCHEMA: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

_NO_FILE: Final = "<string>"


@attrs.frozen(slots=True)
class RuleInfo:
    """What a formatter needs to know about a rule: the catalog entry, without the code.

    ``doc`` is the rule's full documentation; its first line is the summary.
    :meth:`from_rule` reads any object with ``code``, ``name``, ``severity``
    and ``doc`` attributes, like the engine's ``Rule``.
    """

    code: str
    name: str = ""
    severity: Severity = attrs.field(default=Severity.WARNING, converter=Severity)
    doc: str = ""
    enabled: bool = True

    @property
    def summary(self) -> str:
        """The first line of :attr:`doc`."""
        return self.doc.strip().partition("\n")[0].strip()

    @property
    def details(self) -> str:
        """:attr:`doc` without its summary line."""
        return self.doc.strip().partition("\n")[2].strip()

    @classmethod
    def from_rule(cls, rule: Any) -> RuleInfo:
        """Describe an engine ``Rule`` (or anything with the same attributes)."""
        if isinstance(rule, RuleInfo):
            return rule
        return cls(
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            doc=getattr(rule, "doc", "") or "",
            enabled=getattr(rule, "enabled", True),
        )


def format_report(
    report: Report,
    fmt: str,
    *,
    files: Sequence[str] = (),
    color: bool = False,
    rules: Iterable[Any] | None = None,
    root: str | os.PathLike[str] | None = None,
    stories: Iterable[Story] = (),
    in_source: Collection[Finding] = (),
) -> str:
    """Render the report in format ``fmt`` (one of :data:`FORMATS`), ready to print.

    ``files`` are the story files that were checked, as they should be shown
    (default: the files the findings name). ``color`` adds ANSI colours to the
    ``text`` format. ``rules`` describes the rules that ran (engine ``Rule``
    objects or :class:`RuleInfo`); SARIF lists them as its rules and JUnit
    writes a test case for each; by default the registered rules are used.
    ``root`` is the directory SARIF and GitHub paths are relative to (default:
    the working directory). ``stories`` are the checked stories, used to tell
    a record's ``allow`` list from a configured ignore in SARIF suppressions.
    ``in_source`` does the same without the stories: the suppressed findings
    that a record's ``allow`` list silenced, as :func:`suppressed_in_source`
    tells them for each story (cheap to pickle, when stories were checked
    in other processes).

    >>> from plotline._check._finding import Finding, Report, Severity
    >>> report = Report([Finding("PL404", Severity.WARNING, "thread 'x' has no events",
    ...                          subjects=("x",), rule="empty-thread")])
    >>> print(format_report(report, "text", files=["bible.toml"]), end="")
    PL404 warning: thread 'x' has no events
    0 errors, 1 warning, 0 info in 1 file
    """
    formatter = _FORMATTERS.get(fmt)
    if formatter is None:
        choices = ", ".join(FORMATS)
        msg = f"unknown report format {fmt!r}; choose one of {choices}"
        raise ValueError(msg)
    context = _Context(
        report=report,
        files=tuple(files) or _files_of(report),
        color=color,
        rules=rules,
        root=Path(root) if root is not None else Path.cwd(),
        stories=tuple(stories),
        in_source=frozenset(in_source),
    )
    return formatter(context)


@attrs.frozen(slots=True)
class _Context:
    report: Report
    files: tuple[str, ...]
    color: bool
    rules: Iterable[Any] | None
    root: Path
    stories: tuple[Story, ...]
    in_source: frozenset[Finding]

    def catalog(self) -> list[RuleInfo]:
        """List the rules that ran, by code, plus any code a finding has that none describes."""
        if self.rules is None:
            infos = _registered_rules()
        else:
            infos = [RuleInfo.from_rule(rule) for rule in self.rules]
        by_code = {info.code: info for info in infos}
        for finding in self.report.findings:
            if finding.code not in by_code:
                by_code[finding.code] = RuleInfo(
                    code=finding.code, name=finding.rule, severity=finding.severity
                )
        return [by_code[code] for code in sorted(by_code)]


def _registered_rules() -> list[RuleInfo]:
    try:
        from plotline._check._engine import rules
    except ImportError:  # pragma: no cover - the engine ships with plotline
        return []
    return [RuleInfo.from_rule(rule) for rule in rules()]


def _files_of(report: Report) -> tuple[str, ...]:
    files: dict[str, None] = {}
    for finding in report.findings:
        if finding.location is not None:
            files.setdefault(finding.location.file or _NO_FILE)
    return tuple(files)


# ---------------------------------------------------------------------------
# text


_RESET = "\033[0m"
_STYLES: Final = {
    "bold": "\033[1m",
    "dim": "\033[2m",
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
    "note": "\033[36m",
    "ok": "\033[1;32m",
}


def use_color(stream: Any, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output written to ``stream``.

    ``NO_COLOR`` (any non-empty value) turns colour off and ``FORCE_COLOR``
    turns it on, as https://no-color.org and https://force-color.org describe;
    otherwise colour is used when the stream is a terminal.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):
        return False


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color else text


def _where(location: Location | None) -> str:
    if location is None:
        return ""
    return f"{location.file or _NO_FILE}:{location.line}:{location.column}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(report: Report, files: int, *, color: bool = False) -> str:
    """Write the last line of the text format: counts by severity, suppressed, files.

    >>> from plotline._check._finding import Report
    >>> summary_line(Report(), 1)
    'no findings in 1 file'
    """
    counts = report.counts
    suppressed = len(report.suppressed)
    tail = f" ({suppressed} suppressed)" if suppressed else ""
    where = f" in {_plural(files, 'file')}"
    if not report.active:
        return _paint("no findings", "ok", color) + tail + where
    parts = [
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
        f"{counts[Severity.INFO]} info",
    ]
    if color:
        parts = [
            _paint(part, severity, color) if counts[severity] else part
            for part, severity in zip(parts, Severity, strict=True)
        ]
    return ", ".join(parts) + tail + where


def _text_finding(finding: Finding, color: bool) -> list[str]:
    where = _where(finding.location)
    head = _paint(f"{where}:", "bold", color) + " " if where else ""
    code = _paint(finding.code, "bold", color)
    severity = _paint(finding.severity.value, finding.severity, color)
    lines = [f"{head}{code} {severity}: {finding.message}"]
    for related in finding.related:
        place = _where(related.location)
        prefix = _paint(f"{place}:", "dim", color) + " " if place else ""
        lines.append(f"  {prefix}{_paint('note', 'note', color)}: {related.message}")
    return lines


def findings_text(findings: Iterable[Finding], *, color: bool = False) -> str:
    """Render findings in text format, one line each plus their related notes (no summary)."""
    lines = [line for finding in findings for line in _text_finding(finding, color)]
    return "".join(f"{line}\n" for line in lines)


def _format_text(ctx: _Context) -> str:
    body = findings_text(ctx.report.active, color=ctx.color)
    return body + summary_line(ctx.report, len(ctx.files), color=ctx.color) + "\n"


# ---------------------------------------------------------------------------
# json


def _location_data(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "path": location.path,
    }


def _related_data(related: Related) -> dict[str, Any]:
    return {
        "message": related.message,
        "subject": related.subject,
        "location": _location_data(related.location),
    }


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "rule": finding.rule,
        "message": finding.message,
        "subjects": list(finding.subjects),
        "location": _location_data(finding.location),
        "related": [_related_data(related) for related in finding.related],
        "suppressed": finding.suppressed,
    }


def _format_json(ctx: _Context) -> str:
    report = ctx.report
    counts = report.counts
    document = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "plotline", "version": __version__},
        "files": list(ctx.files),
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "suppressed": len(report.suppressed),
            "files": len(ctx.files),
            "ok": report.ok,
        },
        "findings": [_finding_data(finding) for finding in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------
# paths for SARIF and GitHub


def _relative_uri(file: str, root: Path) -> tuple[str, bool]:
    """``file`` as a URI relative to ``root`` with forward slashes; ``False`` if not under it."""
    path = Path(file)
    if not path.is_absolute():
        return PurePath(file).as_posix(), True
    try:
        return path.relative_to(root).as_posix(), True
    except ValueError:
        return path.as_uri(), False


def _uri_path(uri: str) -> str:
    """Percent-encode what a URI reference may not contain (spaces, ``%``, ``#``, ``?``)."""
    from urllib.parse import quote

    return quote(uri, safe="/:@!$&'()*+,;=-._~")


def _github_path(file: str, root: Path) -> str:
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()
    return PurePath(file).as_posix()


# ---------------------------------------------------------------------------
# sarif

_SARIF_LEVEL: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _project_url() -> str | None:
    try:
        meta = metadata.metadata("plotline")
    except metadata.PackageNotFoundError:
        return None
    entries: list[str] = meta.get_all("Project-URL") or []
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "documentation", "source", "repository"}:
            return url.strip()
    return None


_FAMILIES: Final = {
    "PL1": "integrity",
    "PL2": "ordering",
    "PL3": "continuity",
    "PL40": "threads",
    "PL41": "arcs",
    "PL5": "releases",
    "PL6": "sources",
}


def _tags(code: str) -> list[str]:
    """Tag plotline's own rules with their family (``continuity`` for PL3…)."""
    for prefix in sorted(_FAMILIES, key=len, reverse=True):
        if code.startswith(prefix):
            return ["plotline", _FAMILIES[prefix]]
    return []


def _sarif_rule(info: RuleInfo) -> dict[str, Any]:
    summary = info.summary or info.name or info.code
    rule: dict[str, Any] = {
        "id": info.code,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": info.details or summary},
        "help": {"text": info.doc.strip() or summary},
        "defaultConfiguration": {
            "level": _SARIF_LEVEL[info.severity],
            "enabled": info.enabled,
        },
        "properties": {"tags": _tags(info.code)},
    }
    if info.name:
        rule["name"] = info.name
    return rule


def _sarif_location(location: Location, root: Path) -> dict[str, Any]:
    uri, relative = _relative_uri(location.file or _NO_FILE, root)
    artifact: dict[str, Any] = {"uri": _uri_path(uri) if relative else uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {
        "artifactLocation": artifact,
        "region": {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)},
    }
    result: dict[str, Any] = {"physicalLocation": physical}
    if location.path:
        result["logicalLocations"] = [{"fullyQualifiedName": location.path, "kind": "element"}]
    return result


def suppressed_in_source(report: Report, story: Story) -> tuple[Finding, ...]:
    """The suppressed findings of ``report`` (a check of ``story``) that an ``allow`` list silenced.

    What the SARIF format needs to know of a story (:func:`format_report`'s
    ``in_source``), small enough to send back from a worker process.
    """
    return tuple(f for f in report.suppressed if _allowed_in_source(f, (story,)))


def _allowed_in_source(finding: Finding, stories: Sequence[Story]) -> bool:
    """Whether a record the finding is about lists its code in ``allow``."""
    for story in stories:
        records: list[Any] = [story.get(subject) for subject in finding.subjects]
        for record in records:
            allow: tuple[str, ...] = getattr(record, "allow", ()) if record is not None else ()
            if any(finding.code.startswith(code) for code in allow):
                return True
    return False


def _fingerprint(finding: Finding, root: Path, seen: dict[str, int]) -> str:
    """Hash code, file and subjects: stable when lines move, distinct per occurrence."""
    file = finding.location.file if finding.location is not None else None
    where = _relative_uri(file, root)[0] if file else ""
    key = "\0".join((finding.code, where, *finding.subjects))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    occurrence = seen.get(digest, 0) + 1
    seen[digest] = occurrence
    return f"{digest}:{occurrence}"


def _format_sarif(ctx: _Context) -> str:
    catalog = ctx.catalog()
    index = {info.code: position for position, info in enumerate(catalog)}
    driver: dict[str, Any] = {
        "name": "plotline",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_sarif_rule(info) for info in catalog],
    }
    url = _project_url()
    if url is not None:
        driver["informationUri"] = url
    seen: dict[str, int] = {}
    results = []
    for finding in ctx.report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
        }
        if finding.location is not None:
            result["locations"] = [_sarif_location(finding.location, ctx.root)]
        related = []
        for number, note in enumerate(finding.related, 1):
            entry: dict[str, Any] = {"id": number, "message": {"text": note.message}}
            if note.location is not None:
                entry.update(_sarif_location(note.location, ctx.root))
            related.append(entry)
        if related:
            result["relatedLocations"] = related
        result["partialFingerprints"] = {
            "plotlineFinding/v1": _fingerprint(finding, ctx.root, seen)
        }
        if finding.subjects:
            result["properties"] = {"subjects": list(finding.subjects)}
        if finding.suppressed:
            in_source = finding in ctx.in_source or _allowed_in_source(finding, ctx.stories)
            result["suppressions"] = [
                {
                    "kind": "inSource" if in_source else "external",
                    "justification": (
                        f"{finding.code} is in the record's allow list"
                        if in_source
                        else f"{finding.code} is ignored by the check configuration"
                    ),
                }
            ]
        results.append(result)
    artifacts = []
    for file in ctx.files:
        uri, relative = _relative_uri(file, ctx.root)
        location: dict[str, Any] = {"uri": _uri_path(uri) if relative else uri}
        if relative:
            location["uriBaseId"] = "%SRCROOT%"
        artifacts.append({"location": location, "roles": ["analysisTarget"]})
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [{"executionSuccessful": True}],
                "artifacts": artifacts,
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------
# junit


def _test_name(info: RuleInfo) -> str:
    return f"{info.code} {info.name}".strip()


def _format_junit(ctx: _Context) -> str:
    catalog = ctx.catalog()
    infos = {info.code: info for info in catalog}
    by_file: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    files = list(ctx.files)
    for finding in ctx.report.active:
        if finding.location is not None:
            file = finding.location.file or _NO_FILE
        else:
            file = files[0] if len(files) == 1 else "<story>"
        if file not in files:
            files.append(file)
        by_file[file][finding.code].append(finding)
    if not files:
        files = ["<story>"]
    suites = ET.Element("testsuites", name="plotline")
    total_tests = total_failures = 0
    for file in files:
        suite = ET.SubElement(suites, "testsuite", name=file)
        tests = failures = 0
        for info in catalog:
            found = by_file[file].get(info.code, [])
            if not info.enabled and not found:
                continue
            tests += 1
            case = ET.SubElement(
                suite, "testcase", classname=file, name=_test_name(infos[info.code])
            )
            errors = [f for f in found if f.severity is Severity.ERROR]
            others = [f for f in found if f.severity is not Severity.ERROR]
            if errors:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type="error",
                    message=f"{_plural(len(errors), 'error')}: {errors[0].message}",
                )
                failure.text = findings_text(errors)
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = findings_text(others)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += tests
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


# ---------------------------------------------------------------------------
# github

_GITHUB_COMMAND: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def github_escape(text: str) -> str:
    r"""Escape the message of a workflow command: ``%``, ``\r`` and ``\n``.

    >>> github_escape("50% done\nnext")
    '50%25 done%0Anext'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a property value of a workflow command: as a message, plus ``:`` and ``,``.

    >>> github_escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return github_escape(text).replace(":", "%3A").replace(",", "%2C")


def _format_github(ctx: _Context) -> str:
    lines = []
    for finding in ctx.report.active:
        props = []
        if finding.location is not None:
            path = _github_path(finding.location.file or _NO_FILE, ctx.root)
            props += [
                f"file={github_escape_property(path)}",
                f"line={finding.location.line}",
                f"col={finding.location.column}",
            ]
        title = f"{finding.code} {finding.rule}".strip()
        props.append(f"title={github_escape_property(title)}")
        message = finding.message
        for related in finding.related:
            place = _where(related.location)
            message += (
                f"\n{place}: note: {related.message}" if place else f"\nnote: {related.message}"
            )
        command = _GITHUB_COMMAND[finding.severity]
        lines.append(f"::{command} {','.join(props)}::{github_escape(message)}\n")
    return "".join(lines)


_FORMATTERS: Final[Mapping[str, Callable[[_Context], str]]] = {
    "text": _format_text,
    "json": _format_json,
    "sarif": _format_sarif,
    "junit": _format_junit,
    "github": _format_github,
}
