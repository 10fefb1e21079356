"""Briefings already validated, kept so that opening the same file again skips validating.

A valid briefing depends only on the bytes of its file and on the code that reads them.
Validating needs PyYAML and pydantic: for the bundled briefing about 150 ms of CPU, and
more in proportion to size. Once the reader has validated a file (in the child process it
forks for that, where it can fork) it keeps the result, pickled, under
``$XDG_CACHE_HOME/briefing/validated/`` (``~/.cache/briefing/validated/`` when
``XDG_CACHE_HOME`` is not an absolute path, as the XDG Base Directory rule says), named
by a SHA-256 digest of the file's bytes and of ``code_fingerprint()``. The next open of
the same bytes with the same code reads that instead.

Only valid briefings are kept: a file with a problem is validated every time, so every
message is the loader's own. ``briefing validate`` never reads the cache.

A pickle can run code when it is read, so a cache file is read only when it and its
directory belong to this user and nobody else may write to them (sshd's ``StrictModes``
rule for ``authorized_keys``). Anything wrong with the cache (missing, unreadable,
corrupt, of other code, a full disk) makes it be ignored: the file is validated instead.
At most ``MAX_ENTRIES`` files are kept; the least recently used go first.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import stat
import sys
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import __version__

if TYPE_CHECKING:
    from briefing.core.model import Briefing

MAX_ENTRIES = 16
"""Validated briefings kept; opening a 17th removes the one used longest ago."""

_SUFFIX = ".pickle"
# Whatever validation depends on besides the file: this package's core and the libraries
# that read and check it. A new version of any of them changes every key.
_LIBRARIES = ("yaml", "pydantic", "pydantic_core")


def cache_directory(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/briefing/validated`` (if absolute), else
    ``~/.cache/briefing/validated``."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "briefing" / "validated"


@cache
def code_fingerprint() -> bytes:
    """A digest of the code that turns a file into a ``Briefing``: this package's version,
    the size and modification time of each module of ``briefing.core``, Python's version,
    and where PyYAML, pydantic and pydantic-core are installed and when they were."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    core = Path(__file__).parent
    for module in sorted(core.rglob("*.py")):
        found = module.stat()
        digest.update(
            f"{module.relative_to(core)}\0{found.st_size}\0{found.st_mtime_ns}\0".encode()
        )
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        mtime = os.stat(origin).st_mtime_ns if origin else 0
        digest.update(f"{name}\0{origin}\0{mtime}\0".encode())
    return digest.digest()


def cache_key(raw: bytes) -> str:
    """The name under which the briefing of the file bytes ``raw`` is kept: 64 hex digits."""
    return hashlib.sha256(code_fingerprint() + raw).hexdigest()


def _owned_and_private(found: os.stat_result) -> bool:
    """Whether this user owns it and no one else may write to it."""
    getuid = getattr(os, "getuid", None)
    owner_ok = getuid is None or found.st_uid == getuid()
    return owner_ok and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_cached(raw: bytes, directory: Path | None = None) -> Briefing | None:
    """The briefing kept for the file bytes ``raw``, or None when none is kept or the kept
    one may not be trusted or read (see the module's docstring). Never raises."""
    directory = directory or cache_directory()
    try:
        if not _owned_and_private(directory.stat()):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        path = directory / (cache_key(raw) + _SUFFIX)
        descriptor = os.open(path, flags)
        with open(descriptor, "rb") as stream:
            found = os.fstat(stream.fileno())
            if not stat.S_ISREG(found.st_mode) or not _owned_and_private(found):
                return None
            # Imported only once there is a pickle to read: a miss costs no import.
            from briefing.core.model import Briefing

            briefing = pickle.load(stream)
        os.utime(path)  # used now: the last to be removed
    except Exception:  # noqa: BLE001  (a cache that cannot be read is no cache)
        return None
    return briefing if isinstance(briefing, Briefing) else None


def store(raw: bytes, briefing: Briefing, directory: Path | None = None) -> bool:
    """Keep ``briefing``, validated from the file bytes ``raw``, then remove the least
    recently used files beyond ``MAX_ENTRIES``. Written atomically (a temporary file
    renamed into place). False when it could not be kept; never raises."""
    directory = directory or cache_directory()
    temporary: Path | None = None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _owned_and_private(directory.stat()):
            return False
        path = directory / (cache_key(raw) + _SUFFIX)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with open(os.open(temporary, flags, 0o600), "wb") as stream:
            pickle.dump(briefing, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        _prune(directory)
    except Exception:  # noqa: BLE001  (the briefing is validated again next time)
        return False
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return True


_ABANDONED_AFTER_NS = 3600 * 10**9
# A temporary file this old was left by a writer that was killed.


def _prune(directory: Path) -> None:
    kept = []
    now = time.time_ns()
    for entry in os.scandir(directory):
        modified = entry.stat(follow_symlinks=False).st_mtime_ns
        if entry.name.startswith("."):
            if now - modified > _ABANDONED_AFTER_NS:
                Path(entry.path).unlink(missing_ok=True)
        elif entry.name.endswith(_SUFFIX):
            kept.append((modified, entry.path))
    kept.sort(reverse=True)
    for _, path in kept[MAX_ENTRIES:]:
        Path(path).unlink(missing_ok=True)
