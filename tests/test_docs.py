"""The docs show real output: every console block is run and compared.

Each Markdown page of ``docs/`` and the README is read top to bottom in a
scratch folder that sees the repository's ``examples/``:

* a code block with a ``title="name"`` writes that file (a later block with the
  same title replaces it, as a reader editing the file would);
* a ``console`` block's ``$ plotline ...`` lines are run, and what they print
  must be what the page shows; so must the exit status: a ``$`` line that
  ends in ``# exit N`` must exit with status N, any other must exit 0;
* a ``python`` block runs in a fresh interpreter and must not fail;
* a ``text`` block is not run, so it must say it is an illustration (output
  that cannot be produced here, a diagram, code for another tool): an
  ``<!-- illustration -->`` comment on the line just above its fence. Output
  that can be produced belongs in a ``console`` block, where it is checked.
  Every block names its language, so no output hides in a bare fence.

``PLOTLINE_UPDATE_DOCS=1 pytest tests/test_docs.py`` rewrites the outputs in
place from what the code prints now; review the diff before committing.
"""

from __future__ import annotations

import ast
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from plotline.cli import run

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)(?P<attrs>[^\n]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
TITLE = re.compile(r'title="([^"]+)"')
EXIT = re.compile(r"[ \t]+# exit (?P<status>\d+)[ \t]*$")
ILLUSTRATION = "<!-- illustration -->"
PAGES = sorted([*ROOT.joinpath("docs").rglob("*.md"), ROOT / "README.md"])
UPDATE = os.environ.get("PLOTLINE_UPDATE_DOCS") == "1"


def _scratch(tmp_path: Path) -> Path:
    for name in ("examples",):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    return tmp_path


def _command(line: str) -> tuple[str, int]:
    """A ``$`` line's command and the exit status it promises (``# exit N``, else 0)."""
    match = EXIT.search(line)
    if match is None:
        return line[2:], 0
    return line[2 : match.start()], int(match["status"])


def _run_console(body: str, cwd: Path) -> str:
    """Run each ``$`` line of a console block; return the block as it should read.

    A command whose exit status is not the one its line promises is written back
    with the status it gave, so a stale promise shows as a difference.
    """
    out: list[str] = []
    for line in body.splitlines():
        if not line.startswith("$ "):
            continue
        command, _ = _command(line)
        argv = shlex.split(command)
        if argv[0] != "plotline":
            pytest.fail(f"docs may only run plotline commands, not {argv[0]!r}")
        stdout, stderr = io.StringIO(), io.StringIO()
        previous = Path.cwd()
        os.chdir(cwd)
        try:
            status = run(argv[1:], stdout, stderr)
        finally:
            os.chdir(previous)
        out.append(f"$ {command}  # exit {status}" if status else f"$ {command}")
        printed = stdout.getvalue() + stderr.getvalue()
        out.extend(x.rstrip() for x in printed.rstrip("\n").splitlines() if printed.strip())
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_output_is_real(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every console block shows what its commands print today."""
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps help to the terminal
    monkeypatch.setenv("NO_COLOR", "1")
    cwd = _scratch(tmp_path)
    text = page.read_text(encoding="utf-8")
    pieces: list[str] = []
    last = 0
    stale: list[str] = []
    for match in FENCE.finditer(text):
        lang, attrs, body = match["lang"], match["attrs"], match["body"]
        problem = _fence_problem(text, match)
        assert problem is None, (
            f"{page.name}:{text.count(chr(10), 0, match.start()) + 1}: {problem}"
        )
        title = TITLE.search(attrs)
        if title:
            target = cwd / title.group(1)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_dedent(body, match["indent"]), encoding="utf-8")
        if lang == "console" and "$ plotline" in body:
            expected = _dedent(body, match["indent"])
            actual = _run_console(expected, cwd)
            if actual != expected:
                stale.append(f"--- shown\n{expected}--- printed\n{actual}")
                indented = "".join(match["indent"] + x + "\n" for x in actual.splitlines())
                pieces.append(text[last : match.start("body")] + indented)
                last = match.end("body")
        elif lang == "python":
            # Its own process: a block may register rules or change global state.
            result = subprocess.run(
                [sys.executable, "-c", _dedent(body, match["indent"])],
                cwd=cwd,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, f"{page.name}: python block failed:\n{result.stderr}"
    if stale and UPDATE:
        pieces.append(text[last:])
        page.write_text("".join(pieces), encoding="utf-8")
        return
    assert not stale, f"{page.name}: output differs from the page:\n" + "\n".join(stale)


def _fence_problem(text: str, match: re.Match[str]) -> str | None:
    """What breaks the page's conventions in the code block ``match`` of ``text``, if anything."""
    if not match["lang"]:
        return "a code block must name its language (console, text, toml…)"
    marked = text[: match.start()].rstrip().endswith(ILLUSTRATION)
    if marked != (match["lang"] == "text"):
        return (
            f"a text block needs {ILLUSTRATION} on the line above it, and only a text block "
            "has one; show output that can be produced in a console block"
        )
    return None


class TestConventions:
    """The conventions the page test enforces catch what they name."""

    def test_exit_annotation_is_read(self) -> None:
        """A trailing ``# exit N`` is the promised status; without it, 0."""
        assert _command("$ plotline check a.toml  # exit 2") == ("plotline check a.toml", 2)
        assert _command("$ plotline rules") == ("plotline rules", 0)

    def test_wrong_exit_status_is_a_difference(self, tmp_path: Path) -> None:
        """A command whose status is not the one promised reads differently from the page."""
        shown = "$ plotline check missing.toml\n"
        printed = _run_console(shown, tmp_path)
        assert printed.startswith("$ plotline check missing.toml  # exit 2\n")
        promised = "$ plotline rules PL101  # exit 1\n"
        assert _run_console(promised, tmp_path).startswith("$ plotline rules PL101\n")

    @pytest.mark.parametrize(
        ("page", "ok"),
        [
            ("```text\nx\n```\n", False),
            ("<!-- illustration -->\n\n```text\nx\n```\n", True),
            ("<!-- illustration -->\n```console\n$ plotline rules\n```\n", False),
            ("```\nx\n```\n", False),
            ("```toml\n[story]\n```\n", True),
        ],
    )
    def test_text_blocks_must_be_marked(self, page: str, ok: bool) -> None:
        """An unmarked text block, a marked non-text block and a bare fence are refused."""
        match = FENCE.search(page)
        assert match is not None
        assert (_fence_problem(page, match) is None) == ok


TEST_NAME = re.compile(r"`(?P<file>test_\w+\.py)(?P<names>(?:::\w+)*)`")


def test_reliability_names_real_tests() -> None:
    """Every test docs/reliability.md names as keeping a promise exists."""
    text = ROOT.joinpath("docs", "reliability.md").read_text(encoding="utf-8")
    named = list(TEST_NAME.finditer(text))
    assert len(named) > 10
    for match in named:
        tree = ast.parse(ROOT.joinpath("tests", match["file"]).read_text(encoding="utf-8"))
        scope: list[ast.stmt] = tree.body
        for name in match["names"].split("::")[1:]:
            found = [
                node
                for node in scope
                if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == name
            ]
            assert found, f"docs/reliability.md names {match[0]}, which is not a test"
            scope = found[0].body


def _dedent(body: str, indent: str) -> str:
    if not indent:
        return body
    return "".join(x[len(indent) :] if x.startswith(indent) else x for x in body.splitlines(True))


@pytest.mark.skipif(shutil.which("mkdocs") is None, reason="mkdocs is not installed")
def test_mkdocs_strict_build(tmp_path: Path) -> None:
    """The documentation site builds with warnings treated as errors."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
