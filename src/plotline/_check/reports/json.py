"""The ``json`` format: a stable document for scripts and dashboards.

Suppressed findings are included, marked ``"suppressed": true``. Version 1::

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

import json
from typing import TYPE_CHECKING, Any, Final

from plotline._check._finding import Finding, Related, Severity
from plotline._version import __version__

if TYPE_CHECKING:
    from plotline._check.reports._base import ReportRequest
    from plotline._model import Location

__all__ = ["JSON_SCHEMA_VERSION", "format_json"]

#: The version of the ``json`` format's schema.
JSON_SCHEMA_VERSION: Final = 1


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


def format_json(request: ReportRequest) -> str:
    """Write the report as the version-1 JSON document described above."""
    report = request.report
    counts = report.counts
    document = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "plotline", "version": __version__},
        "files": list(request.files),
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "suppressed": len(report.suppressed),
            "files": len(request.files),
            "ok": report.ok,
        },
        "findings": [_finding_data(finding) for finding in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
