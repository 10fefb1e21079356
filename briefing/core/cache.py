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

A pickle can run code when it is read, so a cache file is read only when it, its
directory and that directory's parent belong to this user and nobody else may write to
them, none of them a link (sshd's ``StrictModes`` rule for ``authorized_keys``); pruning
removes only files named as this module names them. Anything wrong with the cache
(missing, unreadable, corrupt, of other code, a full disk, no home directory) makes it be
ignored: the file is validated instead.
At most ``MAX_ENTRIES`` files are kept; the least recently used go first.
``read_private`` reads, under the same rules, the briefings a server validated for the
readers it starts (``briefing.serve.snapshot``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import re
import stat
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

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
    ``~/.cache/briefing/validated``. Raises ``RuntimeError`` when there is no home directory
    to find it in (``Path.home``)."""
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
    """Whether this user owns it and no one else may write to it (where there are no user
    ids, as on Windows, nothing passes)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return False
    return found.st_uid == getuid() and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


_ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")
_TEMPORARY = re.compile(r"\.[0-9a-f]{64}\.pickle\.[0-9]+")
_ABANDONED_AFTER_NS = 3600 * 10**9
"""A temporary file this old was left by a writer that was killed."""
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_FILE_FLAGS = os.O_NOFOLLOW if hasattr(os, "O_NOFOLLOW") else 0


@contextmanager
def _opened_directory(directory: Path | None, *, create: bool) -> Iterator[int | None]:
    """A descriptor of the cache directory, or None when there is none to trust.

    The directory and its parent (``briefing/``) must be real directories, not links,
    owned by this user and writable by no one else: then no one else can swap a file or a
    directory in. Every file is then opened, renamed and removed relative to the
    descriptor, never by a path that could have changed meanwhile.
    """
    if directory is None:
        try:
            directory = cache_directory()
        except (RuntimeError, KeyError):  # no home directory: no cache
            yield None
            return
    if create:
        # Both made private whatever the umask lets a new directory be: a group-writable
        # one would never be trusted.
        directory.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.mkdir(mode=0o700, exist_ok=True)
    for folder in (directory.parent, directory):
        found = os.lstat(folder)
        if not stat.S_ISDIR(found.st_mode) or not _owned_and_private(found):
            yield None
            return
    descriptor = os.open(directory, _DIRECTORY_FLAGS)
    try:
        yield descriptor if _owned_and_private(os.fstat(descriptor)) else None
    finally:
        os.close(descriptor)


@contextmanager
def _private_file(directory: Path | None, name: str) -> Iterator[BinaryIO | None]:
    """The file ``name`` of ``directory`` (None: the cache directory) opened for reading,
    or None when it, the directory or the directory's parent may not be trusted (see the
    module's docstring). Raises ``OSError`` when it cannot be opened."""
    with _opened_directory(directory, create=False) as folder:
        if folder is None:
            yield None
            return
        with open(os.open(name, os.O_RDONLY | _FILE_FLAGS, dir_fd=folder), "rb") as stream:
            found = os.fstat(stream.fileno())
            trusted = stat.S_ISREG(found.st_mode) and _owned_and_private(found)
            yield stream if trusted else None


def read_cached(raw: bytes, directory: Path | None = None) -> Briefing | None:
    """The briefing kept for the file bytes ``raw``, or None when none is kept or the kept
    one may not be trusted or read (see the module's docstring). ``directory``: the cache
    directory, by default ``cache_directory()``. Never raises."""
    try:
        with _private_file(directory, cache_key(raw) + _SUFFIX) as stream:
            if stream is None:
                return None
            # Imported only once there is a pickle to read: a miss costs no import.
            from briefing.core.model import Briefing

            briefing = pickle.load(stream)
            with suppress(OSError):
                os.utime(stream.fileno())  # used now: the last to be removed
    except Exception:  # noqa: BLE001  (a cache that cannot be read is no cache)
        return None
    return briefing if isinstance(briefing, Briefing) else None


def read_private(directory: Path, name: str) -> Briefing | None:
    """The briefing pickled in the file ``name`` of ``directory``, read under the cache's
    rules: the file, ``directory`` and its parent belong to this user, none is a link, and
    no one else may write to them. None when they do not, or the file cannot be read or
    holds no briefing. Never raises. For the briefings a server validated for its readers
    (``briefing.serve.snapshot``)."""
    try:
        with _private_file(directory, name) as stream:
            if stream is None:
                return None
            from briefing.core.model import Briefing

            briefing = pickle.load(stream)
    except Exception:  # noqa: BLE001  (the caller validates the file instead)
        return None
    return briefing if isinstance(briefing, Briefing) else None


def store(raw: bytes, briefing: Briefing, directory: Path | None = None) -> bool:
    """Keep ``briefing``, validated from the file bytes ``raw``, then remove the least
    recently used files beyond ``MAX_ENTRIES``. Written atomically (a temporary file
    renamed into place). ``directory``: as for ``read_cached``. False when it could not
    be kept; never raises."""
    try:
        with _opened_directory(directory, create=True) as folder:
            if folder is None:
                return False
            name = cache_key(raw) + _SUFFIX
            temporary = f".{name}.{os.getpid()}"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _FILE_FLAGS
            written = False
            try:
                with open(os.open(temporary, flags, 0o600, dir_fd=folder), "wb") as stream:
                    written = True
                    pickle.dump(briefing, stream, protocol=pickle.HIGHEST_PROTOCOL)
                # A rename replaces the file of that name, if any, in one step.
                os.rename(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                if written:
                    with suppress(OSError):
                        os.unlink(temporary, dir_fd=folder)
                raise
            _prune(folder)
    except Exception:  # noqa: BLE001  (the briefing is validated again next time)
        return False
    return True


def _prune(folder: int) -> None:
    """Remove the least recently used entries beyond ``MAX_ENTRIES``, and temporary files
    left by killed writers; nothing else in the directory is touched."""
    entries = []
    now = time.time_ns()
    with os.scandir(folder) as found:
        for entry in found:
            try:
                modified = entry.stat(follow_symlinks=False).st_mtime_ns
            except OSError:
                continue  # removed meanwhile, by another reader's pruning
            if _ENTRY.fullmatch(entry.name):
                entries.append((modified, entry.name))
            elif _TEMPORARY.fullmatch(entry.name) and now - modified > _ABANDONED_AFTER_NS:
                with suppress(OSError):
                    os.unlink(entry.name, dir_fd=folder)
    entries.sort(reverse=True)
    for _, name in entries[MAX_ENTRIES:]:
        with suppress(OSError):
            os.unlink(name, dir_fd=folder)
