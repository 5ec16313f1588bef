"""A story as a git revision holds it, copied out into a folder to load.

``plotline diff HEAD~1`` compares the story at a path as the revision had it
with the working tree. :func:`check_out` asks git which files the revision
has under that path (and the ``pyproject.toml`` files above it, whose
``[tool.plotline]`` settings the check uses), and unpacks just those from
``git archive`` into a folder of ours.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path, PurePosixPath
from typing import Final

from plotline.exceptions import PlotlineError

__all__ = ["GitError", "check_out", "looks_like_range"]

_TIMEOUT: Final = 120


class GitError(PlotlineError):
    """A revision that git does not know, or no git to ask."""


class _NoGit(GitError):
    """The ``git`` program is not there."""


def looks_like_range(text: str) -> tuple[str, str] | None:
    """``A..B`` as its two revisions (``None`` if it is not a range).

    >>> looks_like_range("main..feature"), looks_like_range("HEAD~1")
    (('main', 'feature'), None)
    """
    if ".." not in text or "..." in text:
        return None
    old, _, new = text.partition("..")
    return (old or "HEAD", new or "HEAD")


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=_TIMEOUT,
        )
    except FileNotFoundError:
        msg = "git is not installed (a revision needs git; two paths do not)"
        raise _NoGit(msg) from None
    except subprocess.TimeoutExpired:
        msg = f"git {args[0]} took longer than {_TIMEOUT} s"
        raise GitError(msg) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(detail[-1] if detail else f"git {args[0]} failed")
    return done.stdout


def _top_level(cwd: Path) -> Path:
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except _NoGit:
        raise
    except GitError:
        msg = f"{cwd} is not inside a git repository, so revisions cannot be read"
        raise GitError(msg) from None
    return Path(out.decode().strip())


def check_out(revision: str, path: str, into: Path, cwd: Path | None = None) -> Path:
    """Unpack the story at ``path`` as ``revision`` has it under ``into``; return its path there.

    ``path`` is a story file or folder, relative to ``cwd`` (default: the
    current directory) as in the working tree. Raise :class:`GitError` for an
    unknown revision, or one that has nothing at ``path``.
    """
    cwd = Path.cwd() if cwd is None else cwd
    top = _top_level(cwd)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except GitError:
        msg = f"{revision!r} is neither a path nor a revision git knows"
        raise GitError(msg) from None
    absolute = Path(os.path.abspath(cwd / path))
    try:
        relative = PurePosixPath(absolute.relative_to(top.resolve()).as_posix())
    except ValueError:
        try:
            relative = PurePosixPath(absolute.relative_to(top).as_posix())
        except ValueError:
            msg = f"{path} is outside the repository at {top}"
            raise GitError(msg) from None
    spec = "." if str(relative) == "." else str(relative)
    listed = _git(["ls-tree", "-r", "-z", "--name-only", revision, "--", spec], top)
    files = [name for name in listed.decode("utf-8", "surrogateescape").split("\0") if name]
    if not files:
        msg = f"{revision} has nothing at {relative}"
        raise GitError(msg)
    configs = [
        str(PurePosixPath(*relative.parts[:depth], "pyproject.toml"))
        for depth in range(len(relative.parts))
    ]
    present = _git(["ls-tree", "-z", "--name-only", revision, "--", *configs], top)
    wanted = [spec, *(name for name in present.decode().split("\0") if name)]
    archive = _git(["archive", "--format=tar", revision, "--", *wanted], top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / relative
