"""The ``junit`` format: JUnit XML, for CI systems that show test results.

One ``<testsuite>`` per story file and one ``<testcase>`` per rule and file
(``classname`` the file, ``name`` like ``PL301 acts-after-death``). A rule
with active *error* findings fails (``<failure type="error">`` listing them,
one per line, in text format); warnings and info never fail a test case (as
they never fail ``plotline check``): they are listed in the test case's
``<system-out>``, which CI systems show beside the result. Suppressed findings
are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from plotline._check._finding import Finding, Severity
from plotline._check.reports._base import NO_FILE, ReportRequest, RuleInfo, plural
from plotline._check.reports.text import findings_text
from plotline._printable import xml_safe

__all__ = ["format_junit"]


def _test_name(info: RuleInfo) -> str:
    return f"{info.code} {info.name}".strip()


def format_junit(request: ReportRequest) -> str:
    """Write the report as JUnit XML: a test suite per file, a test case per rule."""
    catalog = request.catalog()
    infos = {info.code: info for info in catalog}
    by_file: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    files = list(request.files)
    for finding in request.report.active:
        if finding.location is not None:
            file = finding.location.file or NO_FILE
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
        suite = ET.SubElement(suites, "testsuite", name=xml_safe(file))
        tests = failures = 0
        for info in catalog:
            found = by_file[file].get(info.code, [])
            if not info.enabled and not found:
                continue
            tests += 1
            case = ET.SubElement(
                suite, "testcase", classname=xml_safe(file), name=_test_name(infos[info.code])
            )
            errors = [f for f in found if f.severity is Severity.ERROR]
            others = [f for f in found if f.severity is not Severity.ERROR]
            if errors:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type="error",
                    message=xml_safe(f"{plural(len(errors), 'error')}: {errors[0].message}"),
                )
                failure.text = xml_safe(findings_text(errors))
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = xml_safe(findings_text(others))
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
