"""The ``sarif`` format: SARIF 2.1.0, one run, for GitHub code scanning and other viewers.

Artifact URIs are relative to the request's ``root`` (the working directory by
default), with forward slashes and ``"uriBaseId": "%SRCROOT%"``; suppressed
findings carry ``suppressions`` (``inSource`` for a record's ``allow`` list,
``external`` for ignores in configuration or on the command line).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from plotline._check._finding import Finding, Report, Severity
from plotline._check.reports._base import NO_FILE, ReportRequest, RuleInfo
from plotline._version import __version__

if TYPE_CHECKING:
    from plotline._model import Location, Story

__all__ = ["SARIF_SCHEMA", "format_sarif", "suppressed_in_source"]

#: The ``$schema`` written into SARIF logs: the OASIS SARIF 2.1.0 schema (errata 01).
SARIF_SCHEMA: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


_SARIF_LEVEL: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


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
    return quote(uri, safe="/:@!$&'()*+,;=-._~")


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
    uri, relative = _relative_uri(location.file or NO_FILE, root)
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


def format_sarif(request: ReportRequest) -> str:
    """Write the report as a SARIF 2.1.0 log with one run."""
    catalog = request.catalog()
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
    for finding in request.report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
        }
        if finding.location is not None:
            result["locations"] = [_sarif_location(finding.location, request.root)]
        related = []
        for number, note in enumerate(finding.related, 1):
            entry: dict[str, Any] = {"id": number, "message": {"text": note.message}}
            if note.location is not None:
                entry.update(_sarif_location(note.location, request.root))
            related.append(entry)
        if related:
            result["relatedLocations"] = related
        result["partialFingerprints"] = {
            "plotlineFinding/v1": _fingerprint(finding, request.root, seen)
        }
        if finding.subjects:
            result["properties"] = {"subjects": list(finding.subjects)}
        if finding.suppressed:
            in_source = finding in request.in_source or _allowed_in_source(finding, request.stories)
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
    for file in request.files:
        uri, relative = _relative_uri(file, request.root)
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
