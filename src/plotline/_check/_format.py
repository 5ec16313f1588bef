"""The report formats' old home, kept so that code importing from here still works.

Everything lives in :mod:`plotline._check.reports`, one module per format.
"""

from __future__ import annotations

from plotline._check.reports import (
    FORMATS,
    JSON_SCHEMA_VERSION,
    SARIF_SCHEMA,
    Format,
    RuleInfo,
    findings_text,
    format_report,
    github_escape,
    github_escape_property,
    summary_line,
    suppressed_in_source,
    use_color,
)

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
