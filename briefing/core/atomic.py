"""Writing a file so that readers see the old file or the whole new one, never a part.

Shared by ``briefing export -o`` and the reader's export screen.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path


class BriefNotWritten(Exception):
    """The file system refused the brief; ``reason`` says why in a few words."""

    def __init__(self, path: Path, reason: str, *, exists: bool = False) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason
        self.exists = exists
        """True when the only problem is that the file is already there."""


_WRITE_ERRORS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.ENAMETOOLONG: "the name is too long",
}


def write_brief(path: Path, text: str, *, overwrite: bool = False) -> None:
    """``write_atomically``, with every refusal turned into BriefNotWritten."""
    if path.is_dir():
        raise BriefNotWritten(path, "it is a directory; give a file name")
    if not path.parent.is_dir():
        raise BriefNotWritten(path, f"no such directory {path.parent}")
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    try:
        if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
            # /dev/null, /dev/stdout or a pipe: write into it. Renaming a file over it
            # would replace the device itself.
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(text)
            return
        if mode is not None and not stat.S_ISREG(mode):
            raise BriefNotWritten(path, "it is not a regular file")
        write_atomically(path, text, overwrite=overwrite)
    except FileExistsError:
        raise BriefNotWritten(path, "it already exists", exists=True) from None
    except OSError as error:
        reason = _WRITE_ERRORS.get(error.errno or 0, error.strerror or str(error))
        raise BriefNotWritten(path, reason) from None


def write_atomically(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one.

    Raises FileExistsError when ``path`` exists and ``overwrite`` is false, and OSError
    for anything the file system refuses (the temporary file is removed).
    """
    data = text.encode("utf-8")
    directory = path.parent
    temporary = directory / f".{path.name}.{secrets.token_hex(4)}.tmp"
    # O_EXCL: never follow or reuse someone else's file; the umask sets the permissions.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_without_overwrite(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _link_without_overwrite(temporary: Path, path: Path) -> None:
    # A hard link fails if the target exists, with no window for a race; file systems
    # without hard links fall back to a check and rename.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
    else:
        temporary.unlink()
