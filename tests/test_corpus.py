"""Bad input never crashes plotline: each file of ``tests/corpus`` gives a clear error or finding.

A load error exits 2 with ``path:line:col: message`` lines on stderr; a story
that loads but is wrong exits 1 with findings. The big, binary and deeply
nested inputs are made at test time instead of being committed; the slow or
dangerous ones run in a subprocess with a timeout as a hang guard.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from conftest import cli_process
from plotline.cli import run

CORPUS = Path(__file__).parent / "corpus"

# file -> (expected exit status, a fragment of the expected message)
EXPECTED: dict[str, tuple[int, str]] = {
    "bom.toml": (1, "bom.toml:11:1: PL102 error"),
    "date-february-30.toml": (2, "February 2018 has 28 days"),
    "date-fraction-ten-digits.toml": (2, ":4:1: '2020-01-01T00:00:00.1234567890' is not a time"),
    "date-month-13.yaml": (2, "there is no month 13"),
    "date-toml-native-invalid.toml": (2, "Invalid date or datetime"),
    "date-year-too-large.toml": (2, "years beyond ±999999999 are not supported"),
    "duration-too-large.toml": (2, "a number in it is too large"),
    "empty.json": (2, "invalid JSON: Expecting value"),
    "finding-dangling-reference.yaml": (1, "PL102 error"),
    "finding-duplicate-ids.toml": (1, "PL101 error"),
    "finding-parent-cycle.toml": (1, "PL203 error"),
    "finding-parent-self.json": (1, "PL203 error"),
    "finding-self-constraint.toml": (1, "PL201 error"),
    "missing-required-id.toml": (2, "this work has no 'id'"),
    "number-1e999.json": (2, "expected a whole number, got a number (inf)"),
    "number-1e999.toml": (2, "expected a whole number, got a float (inf)"),
    "number-5000-digits.json": (2, "a number is too long to read"),
    "number-5000-digits.toml": (2, "a number is too long to read"),
    "number-5000-digits.yaml": (2, "is not a valid !!int"),
    "number-nan.toml": (2, "got a float (nan)"),
    "syntax-json-single-quotes.json": (2, "invalid JSON"),
    "syntax-json-trailing-comma.json": (2, "invalid JSON"),
    "syntax-json-unclosed.json": (2, "invalid JSON"),
    "syntax-toml-bad-header.toml": (2, "invalid TOML"),
    "syntax-toml-bare-value.toml": (2, "invalid TOML: Invalid value"),
    "syntax-toml-duplicate-key.toml": (2, "invalid TOML: Cannot overwrite a value"),
    "syntax-toml-unclosed-string.toml": (2, "invalid TOML"),
    "syntax-yaml-bad-indent.yaml": (2, "invalid YAML"),
    "syntax-yaml-tab.yaml": (2, "invalid YAML"),
    "syntax-yaml-two-documents.yaml": (2, "expected a single document"),
    "type-json-top-array.json": (2, "got an array"),
    "type-number-float.json": (2, "got a number (1.5)"),
    "type-number-is-string.toml": (2, "expected a whole number, got a string"),
    "type-number-negative.toml": (2, "expected a number of 0 or more"),
    "type-participants-list.toml": (1, "PL102 error"),
    "type-title-table.yaml": (2, "expected a string, got a mapping"),
    "type-works-not-array.json": (2, "expected a list of works"),
    "type-yaml-top-scalar.yaml": (2, "got a string"),
    "unknown-enum-kind.json": (0, "PL103 warning: unknown work kind 'epsiode' (did you mean"),
    "unknown-enum-mode.toml": (2, "unknown mode 'flashfoward'"),
    "unknown-enum-role.yaml": (2, "unknown role 'resurrected'"),
    "unknown-key.toml": (2, "unknown key 'tittle'"),
    "unknown-table.json": (2, "unknown table 'storys'"),
    "yaml-billion-laughs.yaml": (2, "aliases and merges repeat more than"),
    "yaml-binary-tag.yaml": (2, "the tag !!binary is not allowed"),
    "yaml-python-name.yaml": (2, "the tag !!python/name:os.system is not allowed"),
    "yaml-python-object.yaml": (2, "the tag !!python/object/apply:os.system is not allowed"),
    "yaml-recursive-alias.yaml": (2, "an alias refers to a value that contains it"),
    "yaml-sexagesimal.yaml": (2, ":4:5: '1:30' is not a date"),
    # A file with nothing in it is refused (a placeholder left behind, a failed save);
    # an explicit empty mapping is an empty story, written on purpose.
    "empty.toml": (2, "the file is empty"),
    "empty.yaml": (2, "the file is empty"),
    "empty-object.json": (0, "no findings"),
    "only-comment.yaml": (2, "the file is empty"),
}

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): ")


def _check(path: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(["check", str(path)], stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def _assert_clean(path: Path, result: tuple[int, str, str], expected: int, fragment: str) -> None:
    status, out, err = result
    assert "Traceback" not in out + err
    assert status == expected, out + err
    assert fragment in out + err
    if status == 2:
        lines = [line for line in err.splitlines() if not line.startswith(("plotline", " "))]
        assert lines, err
        for line in lines:
            match = LOCATED.match(line)
            assert match is not None, line
            assert match.group("path") == str(path)


class TestCorpus:
    """Every committed bad-input file gives its expected exit status and message."""

    def test_table_covers_corpus(self) -> None:
        """The table names exactly the files of the corpus."""
        assert sorted(EXPECTED) == sorted(p.name for p in CORPUS.iterdir())

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_file(self, name: str) -> None:
        """The file exits as expected, with a located message and no traceback."""
        path = CORPUS / name
        _assert_clean(path, _check(path), *EXPECTED[name])


def _deep(format: str, depth: int) -> str:
    if format == "json":
        return '{"x-deep": ' + "[" * depth + "]" * depth + "}"
    if format == "toml":
        return "x-deep = " + "[" * depth + "]" * depth + "\n"
    return "x-deep:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(depth))


MADE: dict[str, tuple[bytes, int, str]] = {
    "invalid-utf8.toml": (b'[story]\ntitle = "caf\xe9"\n', 2, ":2:13: the file is not UTF-8 text"),
    "invalid-utf8.json": (b'{"story": {"title": "\xff"}}', 2, ":1:22: the file is not UTF-8 text"),
    "invalid-utf8.yaml": (b"story:\n  title: \xc3\x28\n", 2, ":2:10: the file is not UTF-8 text"),
    "nul.toml": (b'[story]\ntitle = "a\x00b"\n', 2, "invalid TOML"),
    "nul.json": (b'{"story": {"title": "a\x00b"}}', 2, "invalid JSON"),
    "nul.yaml": (b"story:\n  title: a\x00b\n", 2, "invalid YAML"),
    "deep-100k.json": (_deep("json", 100_000).encode(), 2, "nested more than 100 levels deep"),
    "deep-100k.toml": (_deep("toml", 100_000).encode(), 2, "nested more than 100 levels deep"),
    "deep-flow-100k.yaml": (
        ("x-deep: " + "[" * 100_000 + "]" * 100_000).encode(),
        2,
        "nested more than 100 levels deep",
    ),
    "deep-block-3000.yaml": (_deep("yaml", 3000).encode(), 2, "nested more than 100 levels deep"),
    "deep-dash-100k.yaml": (("x-deep: " + "- " * 100_000 + "a\n").encode(), 2, "invalid YAML"),
}


class TestMadeInputs:
    """Binary, huge and deeply nested inputs, made at test time, run in a subprocess."""

    @pytest.mark.parametrize("name", sorted(MADE))
    def test_file(self, name: str, tmp_path: Path) -> None:
        """The input exits as expected without a crash, a hang or a traceback."""
        data, expected, fragment = MADE[name]
        path = tmp_path / name
        path.write_bytes(data)
        _assert_clean(path, cli_process("check", str(path)), expected, fragment)

    def test_directory_named_like_a_file(self, tmp_path: Path) -> None:
        """A folder named ``x.toml`` with no story files in it is a located error."""
        path = tmp_path / "story.toml"
        path.mkdir()
        _assert_clean(path, _check(path), 2, "no story files")

    @pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "link-loop"])
    def test_not_a_regular_file(self, kind: str, tmp_path: Path) -> None:
        """A FIFO (which hung), a link to a device (which never ended) and a link loop."""
        path = tmp_path / "story.toml"
        if kind == "fifo":
            if not hasattr(os, "mkfifo"):
                pytest.skip("no FIFOs on this system")
            os.mkfifo(path)
            fragment = ":1:1: not a regular file: it is a FIFO"
        elif kind == "link-to-dev-zero":
            if not os.path.exists("/dev/zero"):
                pytest.skip("no /dev/zero")
            path.symlink_to("/dev/zero")
            fragment = ":1:1: not a regular file: it is a character device"
        else:
            path.symlink_to(path.name)
            fragment = ":1:1: the path is a loop of symbolic links"
        _assert_clean(path, cli_process("check", str(path)), 2, fragment)

    def test_50_mb_file(self, tmp_path: Path) -> None:
        """A 50 MB file is read (or refused) without a hang; a syntax error at its end is found."""
        path = tmp_path / "big.toml"
        with path.open("w", encoding="utf-8") as handle:
            handle.write('[story]\ntitle = "big"\n')
            line = "# " + "x" * 1022 + "\n"
            for _ in range(50 * 1024):
                handle.write(line)
            handle.write("oops =\n")
        _assert_clean(path, cli_process("check", str(path)), 2, "invalid TOML")

    def test_file_over_size_limit(self, tmp_path: Path) -> None:
        """A file over ``PLOTLINE_MAX_FILE_SIZE`` is refused before it is read."""
        path = tmp_path / "big.toml"
        path.write_text('[story]\ntitle = "' + "x" * 5000 + '"\n', encoding="utf-8")
        _assert_clean(
            path,
            cli_process("check", str(path), PLOTLINE_MAX_FILE_SIZE="1000"),
            2,
            ":1:1: the file is too large",
        )

    def test_depth_limit_can_be_raised(self, tmp_path: Path) -> None:
        """``PLOTLINE_MAX_DEPTH`` raises the nesting limit."""
        path = tmp_path / "deep.json"
        path.write_text(_deep("json", 150), encoding="utf-8")
        _assert_clean(
            path, cli_process("check", str(path), PLOTLINE_MAX_DEPTH="200"), 0, "no findings"
        )
