"""The docs show real output: every console block is run and compared.

Each Markdown page of ``docs/`` and the README is read top to bottom in a
scratch folder that sees the repository's ``examples/``:

* a code block with a ``title="name"`` writes that file (a later block with the
  same title replaces it, as a reader editing the file would);
* a ``console`` block's ``$ plotline ...`` lines are run, and what they print
  must be what the page shows;
* a ``python`` block runs in a fresh interpreter and must not fail.

``PLOTLINE_UPDATE_DOCS=1 pytest tests/test_docs.py`` rewrites the outputs in
place from what the code prints now; review the diff before committing.
"""

from __future__ import annotations

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
PAGES = sorted([*ROOT.joinpath("docs").rglob("*.md"), ROOT / "README.md"])
UPDATE = os.environ.get("PLOTLINE_UPDATE_DOCS") == "1"


def _scratch(tmp_path: Path) -> Path:
    for name in ("examples",):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    return tmp_path


def _run_console(body: str, cwd: Path) -> str:
    """Run each ``$`` line of a console block; return the block as it should read."""
    out: list[str] = []
    for line in body.splitlines():
        if not line.startswith("$ "):
            continue
        out.append(line)
        argv = shlex.split(line[2:])
        if argv[0] != "plotline":
            pytest.fail(f"docs may only run plotline commands, not {argv[0]!r}")
        stdout, stderr = io.StringIO(), io.StringIO()
        previous = Path.cwd()
        os.chdir(cwd)
        try:
            run(argv[1:], stdout, stderr)
        finally:
            os.chdir(previous)
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
