"""Writing files all at once: every file plotline writes goes through here.

The data goes to a temporary file in the target's folder, is synced to disk,
and is then renamed over the target, so a reader (or a crash, or a kill) sees
the old file or the new one, never half of one. A replaced file keeps its
permissions; a new one gets the umask's. On failure the temporary is removed.
A process killed mid-write can leave a ``.<name>.<random>.tmp`` file beside
the target, never a damaged target.

Only regular files are replaced. A symbolic link is written through: its
target gets the new data and the link stays a link. A device, a FIFO, a
socket or a folder at the path is refused with a :class:`WriteError` (as
root, a rename over ``/dev/null`` would turn it into a regular file). Given
the bytes it read, the writer checks just before the rename that nobody
changed the file meanwhile, so an edit saved while ``plotline fmt`` ran is
not lost.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from plotline.exceptions import WriteError

__all__ = ["atomic_write", "writable_target"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def writable_target(path: str | os.PathLike[str]) -> Path:
    """The regular file that writing to ``path`` replaces: links followed, others refused.

    Raises :class:`~plotline.exceptions.WriteError` for a link that loops and
    for a path that names something other than a regular file.

    >>> import tempfile, pathlib, os
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "real.toml").write_text("")
    0
    >>> os.symlink("real.toml", folder / "link.toml")
    >>> writable_target(folder / "link.toml").name
    'real.toml'
    >>> writable_target(folder)
    Traceback (most recent call last):
    ...
    plotline.exceptions.WriteError: ...: cannot write here: it is a folder, not a regular file
    """
    given = Path(path)
    try:
        target = Path(os.path.realpath(given, strict=False)) if given.is_symlink() else given
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as error:  # a loop of links, a name too long, no permission
        reason = error.strerror or str(error)
        raise WriteError(given, f"cannot write here: {reason.lower()}") from None
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise WriteError(given, f"cannot write here: it is {kind}, not a regular file")
    return target


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes, *, expected: bytes | None = None
) -> Path:
    r"""Replace the file at ``path`` with ``data`` (text is written as UTF-8); return the path.

    With ``expected`` (the bytes the caller read from ``path``), refuse with a
    :class:`~plotline.exceptions.WriteError` if the file holds anything else
    just before the rename: someone changed it meanwhile.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "story.toml", '[story]\ntitle = "x"\n').read_text()
    '[story]\ntitle = "x"\n'
    >>> sorted(p.name for p in folder.iterdir())
    ['story.toml']
    """
    target = writable_target(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _replace(target, payload, expected, Path(path))
    except WriteError:
        raise
    except OSError as error:  # a full disk, a read-only folder: say which file it was
        raise _write_failed(Path(path), target, error) from error
    return target


def _write_failed(given: Path, target: Path, error: OSError) -> WriteError:
    """A :class:`WriteError` naming the file that could not be written, with the system's reason.

    >>> error = _write_failed(Path("out.svg"), Path("out.svg"), OSError(28, "No space left"))
    >>> print(error)
    out.svg: could not write it: no space left; the old file, if any, is as it was
    >>> error.errno
    28
    """
    reason = error.strerror or str(error)
    reason = reason[:1].lower() + reason[1:]
    where = "" if target == given else f" (the target of the link, {target})"
    failed = WriteError(
        given, f"could not write it{where}: {reason}; the old file, if any, is as it was"
    )
    failed.errno = error.errno  # callers that look at the cause (ENOSPC, EACCES) still can
    return failed


def _replace(target: Path, payload: bytes, expected: bytes | None, given: Path) -> None:
    """Write ``payload`` beside ``target``, sync it and rename it over ``target``."""
    mode = _mode(target)
    folder = target.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            if os.chmod in os.supports_fd:
                os.chmod(stream.fileno(), mode)
            else:  # pragma: no cover - Windows
                os.chmod(temporary, mode)
            os.fsync(stream.fileno())
        if expected is not None and _current(target) != expected:
            raise WriteError(
                given, "the file changed while plotline worked on it; nothing was written"
            )
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _current(target: Path) -> bytes | None:
    """What the file at ``target`` holds now (``None`` if it is gone)."""
    try:
        return target.read_bytes()
    except OSError:
        return None


def _mode(target: Path) -> int:
    """The permissions for ``target``: those of the file it replaces, else the umask's."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (POSIX)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:  # pragma: no cover - Windows
        return
    try:
        handle = os.open(folder, os.O_RDONLY | flags)
    except OSError:  # pragma: no cover - a folder we may write in but not read
        return
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover - file systems that cannot sync folders
        pass
    finally:
        os.close(handle)
