"""Each SSH key's own read state on a shared server: where it lives, its cap, its expiry.

A reader started for a key-authenticated session keeps what that key has read of each
briefing, as a local reader does (see ``briefing.core.readstate``), in a directory of
its own: ``STATE/read-by-key/SHA256_<fingerprint>/``, where ``STATE`` is the server's state
directory. The reader process writes it when it quits; the server only makes the
directory (private to the server's user), caps it, and drops what has expired.

Sessions let in without a key (``--public``), and every session under ``--no-state``, keep
nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Collection
from pathlib import Path

from briefing.core.readstate import limit_directory

KEYS_DIRECTORY = "read-by-key"
MAX_KEY_STATE_BYTES = 8 * 1024 * 1024
"""The most one key's read state may take, over every briefing it has read."""
RETENTION_DAYS = 90
"""A key's state of a briefing no longer served is dropped once untouched this long."""


def key_directory(state: Path, fingerprint: str) -> Path:
    """Where the key with this fingerprint (``SHA256:...``, as OpenSSH prints it) keeps
    its read state. The name is the fingerprint with ``:``, ``/`` and ``+`` made safe for
    a file name; raises ``ValueError`` for anything but a SHA256 fingerprint."""
    kind, _, digest = fingerprint.partition(":")
    if kind != "SHA256" or not digest or not digest.replace("/", "").replace("+", "").isalnum():
        raise ValueError(f"not a SHA256 key fingerprint: {fingerprint[:60]!r}")
    safe = digest.replace("/", "_").replace("+", "-").rstrip("=")
    return state / KEYS_DIRECTORY / f"SHA256_{safe}"


def prepare_key_directory(state: Path, fingerprint: str) -> Path:
    """Make the key's directory (mode 0700, as its parents) with its cap; returns it.

    Raises ``OSError`` when the file system refuses, and ``ValueError`` as
    ``key_directory`` does.
    """
    directory = key_directory(state, fingerprint)
    for folder in (state, state / KEYS_DIRECTORY):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    limit_directory(directory, MAX_KEY_STATE_BYTES)
    os.chmod(directory, 0o700)
    return directory


def drop_expired(
    state: Path,
    served: Collection[str],
    *,
    now: float | None = None,
    retention_days: float = RETENTION_DAYS,
) -> list[Path]:
    """Remove every key's state of a briefing id not in ``served`` and untouched for
    ``retention_days``, then key directories left with no state; returns what was removed.

    Never follows a link; anything it cannot remove is left for the next time.
    """
    root = state / KEYS_DIRECTORY
    now = time.time() if now is None else now
    oldest = now - retention_days * 86400
    removed: list[Path] = []
    try:
        keys = list(os.scandir(root))
    except OSError:
        return removed
    for key in keys:
        if not key.is_dir(follow_symlinks=False):
            continue
        remaining = 0
        for entry in os.scandir(key.path):
            if not entry.name.endswith(".json"):
                continue
            info = entry.stat(follow_symlinks=False)
            briefing_id = entry.name.removesuffix(".json")
            if stat.S_ISREG(info.st_mode) and briefing_id not in served and info.st_mtime < oldest:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                    continue
            remaining += 1
        if remaining == 0:
            with contextlib.suppress(OSError):
                shutil.rmtree(key.path)
                removed.append(Path(key.path))
    return removed
