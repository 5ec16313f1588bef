"""Writing files all at once: every file plotline writes goes through here.

The data goes to a temporary file in the target's folder, is synced to disk,
and is then renamed over the target, so a reader (or a crash, or a kill) sees
the old file or the new one, never half of one. A replaced file keeps its
permissions; a new one gets the umask's. On failure the temporary is removed.
A process killed mid-write can leave a ``.<name>.<random>.tmp`` file beside
the target, never a damaged target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    r"""Replace the file at ``path`` with ``data`` (text is written as UTF-8); return the path.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "story.toml", '[story]\ntitle = "x"\n').read_text()
    '[story]\ntitle = "x"\n'
    >>> sorted(p.name for p in folder.iterdir())
    ['story.toml']
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
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
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)
    return target


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
