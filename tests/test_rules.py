"""Tests for plotline.rules: the public module for rule authors, and third-party rules."""

from __future__ import annotations

import importlib
import inspect
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import plotline
import plotline.rules
from conftest import ROOT
from plotline.rules import catalog, unregister

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

DOCS = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
SECTION = DOCS[DOCS.index("## Writing your own rule") : DOCS.index("## The catalog")]


def _block(lang: str, title: str | None = None) -> str:
    """The body of the section's code block in ``lang`` (with that ``title``)."""
    attrs = f' title="{title}"' if title else ""
    match = re.search(rf"```{lang}{attrs}\n(.*?)```", SECTION, flags=re.DOTALL)
    assert match is not None, f"docs/rules.md has no {lang} block {title or ''}"
    return match.group(1)


@pytest.fixture
def house(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The docs' third-party rule as an installed package (a module and its entry point)."""
    site = tmp_path / "site"
    dist = site / "house-0.1.dist-info"
    dist.mkdir(parents=True)
    (site / "house_rules.py").write_text(_block("python", "house_rules.py"), encoding="utf-8")
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: house\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[plotline.rules]\nhouse = house_rules\n")
    (tmp_path / "bible.toml").write_text(_block("toml", "bible.toml"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yield site
    unregister("HM101")
    sys.modules.pop("house_rules", None)


class TestPublicModule:
    """plotline.rules has what a rule author needs, documented."""

    def test_names(self) -> None:
        """The names a rule uses are there, in a sorted __all__ (constants, classes, functions)."""
        names = plotline.rules.__all__
        assert names == sorted(names, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
        for name in ("rule", "unregister", "Context", "Hit", "Finding", "Related", "Severity"):
            assert name in names
        for name in names:
            assert getattr(plotline.rules, name) is not None

    def test_documented_without_private_modules(self) -> None:
        """The module and the names it owns have docstrings that name no private module."""
        assert "plotline._" not in (plotline.rules.__doc__ or "")
        for name in ("rule", "unregister", "Rule", "catalog", "get_rule", "Finding", "Severity"):
            doc = inspect.getdoc(getattr(plotline.rules, name))
            assert doc, name
            assert "plotline._" not in doc, name
        assert "plotline._" not in (inspect.getdoc(plotline.check) or "")

    def test_same_objects_as_the_package(self) -> None:
        """plotline.rules hands on the names plotline has, not copies."""
        assert plotline.rules.rule is plotline.rule
        assert plotline.rules.Finding is plotline.Finding
        assert plotline.rules.Severity is plotline.Severity

    def test_plain_function_plugin_names_the_public_decorator(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A plugin that names an undecorated function is told to use plotline.rules.rule."""
        import plotline._check._registry as registry

        class Plain:
            name = "plain"
            value = "plain_rules:untitled"

            def load(self) -> object:
                return lambda ctx: iter(())

        monkeypatch.setattr(registry.metadata, "entry_points", lambda group: [Plain()])
        monkeypatch.setattr(registry, "_PLUGINS_LOADED", False)
        with pytest.raises(plotline.ConfigError, match=r"@plotline\.rules\.rule\("):
            catalog()


class TestThirdPartyRule:
    """The rule of docs/rules.md, written only against plotline.rules, runs everywhere."""

    def test_written_against_the_public_module_only(self) -> None:
        """Its imports name plotline.rules and nothing private."""
        source = _block("python", "house_rules.py")
        imports = re.findall(r"^(?:from|import) (\S+)", source, flags=re.MULTILINE)
        assert [name for name in imports if name.startswith("plotline")] == ["plotline.rules"]

    def test_runs_in_plotline_check_python(
        self, house: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Imported, it runs in plotline.check with plotline's own rules."""
        monkeypatch.syspath_prepend(str(house))
        importlib.import_module("house_rules")
        report = plotline.check(plotline.load("bible.toml"), config=plotline.Config())
        (finding,) = report.by_code("HM")
        assert (finding.code, finding.rule, finding.severity) == (
            "HM101",
            "untitled-episode",
            plotline.Severity.WARNING,
        )
        assert str(finding.location) == "bible.toml:5:1"

    def test_import_twice_registers_once(
        self, house: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Reloading the module replaces its rule: one HM101, and it still runs."""
        monkeypatch.syspath_prepend(str(house))
        module = importlib.import_module("house_rules")
        before = len(catalog())
        importlib.reload(module)
        assert len(catalog()) == before
        assert [r.code for r in catalog()].count("HM101") == 1
        report = plotline.check(plotline.load("bible.toml"), select=["HM"])
        assert [f.code for f in report] == ["HM101"]

    def test_runs_in_plotline_check_command(self, house: Path) -> None:
        """Installed through its entry point, plotline check prints what the docs show."""
        env = {**os.environ, "PYTHONPATH": str(house), "NO_COLOR": "1"}
        command = [
            sys.executable,
            "-c",
            "import sys; from plotline.cli import main; sys.exit(main())",
        ]
        result = subprocess.run(
            [*command, "check", "bible.toml"], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 0, result.stderr
        shown = _block("text").splitlines()
        assert shown[0] == "$ plotline check bible.toml"
        assert result.stdout.splitlines() == shown[1:]
        listed = subprocess.run(
            [*command, "rules", "HM101"], capture_output=True, text=True, env=env, check=False
        )
        assert listed.stdout.startswith("HM101 untitled-episode [warning]\n")
