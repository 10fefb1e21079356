"""What a reader has already read of a briefing: one small state file per briefing id.

The reader saves, when it quits, a digest of every item the briefing held (see
``item_digest``); on the next open of a briefing with the same id, ``load_marks`` says
which items are new since (their key was not saved) and which changed (their digest
differs). The first open marks nothing and says so.

Files live in ``read/`` under the state directory: ``$XDG_STATE_HOME/briefing/read/``
when ``XDG_STATE_HOME`` is an absolute path (the XDG Base Directory rule), else
``~/.local/state/briefing/read/``; the SSH server's host key lives in its parent. A file
is written atomically (a temporary file renamed over it). Reading never fails: a file
that is missing, of another briefing, truncated or corrupt, of another version, larger
than ``MAX_STATE_BYTES`` or unreadable is ignored, and ``ReadMarks.note`` says why.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from briefing.core.digest import item_digest
from briefing.core.model import Briefing, Element, Strict

STATE_FORMAT = 1
"""Version of the file's layout; a file of another version is ignored."""

MAX_STATE_BYTES = 4 * 1024 * 1024
"""A file over this is refused unread: a briefing at the loader's 4 MiB limit holds
fewer items than its state file would need this for."""

_SECTIONS = ("sources", "events", "elements", "actors", "quotes", "figures")

Mark = Literal["new", "changed"]


def state_directory(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_STATE_HOME/briefing/read`` (if absolute), else ``~/.local/state/briefing/read``."""
    env = os.environ if env is None else env
    base = env.get("XDG_STATE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / "briefing" / "read"


def item_key(section: str, item_id: str) -> str:
    """``events/april-controls``: how an item is named in a state file and in ``ReadMarks``.

    ``section`` is a ``Briefing`` field name; ``item_id`` is an id, an element's symbol,
    or for a key point the digest of its content (key points have no id).
    """
    return f"{section}/{item_id}"


def _items(briefing: Briefing) -> Iterator[tuple[str, Strict]]:
    for section in _SECTIONS:
        for item in getattr(briefing, section):
            ident = item.symbol if isinstance(item, Element) else item.id
            yield item_key(section, ident), item


def item_digests(briefing: Briefing) -> dict[str, str]:
    """Every item's key (see ``item_key``) and the digest of its content."""
    return {key: item_digest(item) for key, item in _keyed_items(briefing).items()}


def _keyed_items(briefing: Briefing) -> dict[str, Strict]:
    """Every item by its key; a key point's key is the digest of its content."""
    items = dict(_items(briefing))
    for point in briefing.key_points:
        items[item_key("key_points", item_digest(point))] = point
    return items


@dataclass(frozen=True)
class ReadMarks:
    """Items new or changed since the last visit, by ``item_key``.

    ``first_visit`` is true when nothing was known of this briefing (no file, or one that
    was ignored); then nothing is marked. ``note`` says why a file was ignored, or None.
    """

    first_visit: bool
    new: frozenset[str] = field(default_factory=frozenset)
    changed: frozenset[str] = field(default_factory=frozenset)
    note: str | None = None

    def mark(self, section: str, item_id: str) -> Mark | None:
        """``new``, ``changed`` or None for one item (a key point by its digest)."""
        key = item_key(section, item_id)
        if key in self.new:
            return "new"
        if key in self.changed:
            return "changed"
        return None

    def summary(self) -> str:
        """``3 new · 1 changed``, ``first visit``, or ``nothing new``."""
        if self.first_visit:
            return "first visit"
        parts = [f"{len(self.new)} new"] if self.new else []
        parts += [f"{len(self.changed)} changed"] if self.changed else []
        return " · ".join(parts) or "nothing new"


def state_file(briefing_id: str, directory: Path | None = None) -> Path:
    """Where the read state of the briefing ``briefing_id`` is kept: ``ID.json`` in ``directory``
    (default: ``state_directory()``)."""
    return (directory or state_directory()) / f"{briefing_id}.json"


def _ignored(path: Path, why: str) -> ReadMarks:
    return ReadMarks(first_visit=True, note=f"read state {path} ignored: {why}")


def load_marks(briefing: Briefing, directory: Path | None = None) -> ReadMarks:
    """The marks for ``briefing`` from its state file; never raises for a bad file."""
    path = state_file(briefing.id, directory)
    try:
        info = path.stat()
    except FileNotFoundError:
        return ReadMarks(first_visit=True)
    except OSError as error:
        return _ignored(path, error.strerror or "cannot be read")
    if not stat.S_ISREG(info.st_mode):
        return _ignored(path, "not a regular file")
    if info.st_size > MAX_STATE_BYTES:
        return _ignored(path, f"larger than {MAX_STATE_BYTES // (1024 * 1024)} MiB")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_STATE_BYTES + 1)
    except OSError as error:
        return _ignored(path, error.strerror or "cannot be read")
    if len(raw) > MAX_STATE_BYTES:
        return _ignored(path, f"larger than {MAX_STATE_BYTES // (1024 * 1024)} MiB")
    saved = _parse(raw, briefing.id)
    if isinstance(saved, str):
        return _ignored(path, saved)
    current = _keyed_items(briefing)
    new = frozenset(key for key in current if key not in saved)
    # Only items seen before can have changed: a new one is not digested.
    changed = frozenset(
        key
        for key, item in current.items()
        if key in saved and item_digest(item) not in saved[key]
    )
    return ReadMarks(first_visit=False, new=new, changed=changed)


def _parse(raw: bytes, briefing_id: str) -> dict[str, frozenset[str]] | str:
    """The digests read of each item, or why the file cannot be used."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "truncated or corrupt"
    if not isinstance(data, dict):
        return "truncated or corrupt"
    if data.get("format") != STATE_FORMAT:
        return f"written in another format ({str(data.get('format'))[:20]!r})"
    if data.get("briefing") != briefing_id:
        return f"it belongs to another briefing ({str(data.get('briefing'))[:40]!r})"
    items = data.get("items")
    if not isinstance(items, dict):
        return "truncated or corrupt"
    read: dict[str, frozenset[str]] = {}
    for key, value in items.items():
        digests = [value] if isinstance(value, str) else value
        if (
            not isinstance(key, str)
            or not isinstance(digests, list)
            or not 0 < len(digests) <= MAX_VERSIONS
            or not all(isinstance(digest, str) for digest in digests)
        ):
            return "truncated or corrupt"
        read[key] = frozenset(digests)
    return read


def save_read(briefing: Briefing, directory: Path | None = None) -> str | None:
    """Record every item of ``briefing`` as read; None when saved, else a note saying why not.

    What the file already records is kept: two readers of one state directory that quit
    together (two sessions of one SSH key) each add what they read, under a lock on the
    directory, and an item read in two versions keeps both digests (``MAX_VERSIONS`` at
    most). The file is replaced atomically, so it is never seen torn.
    """
    path = state_file(briefing.id, directory)
    from briefing.core.atomic import write_atomically  # only when saving, at quit

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with _locked(path.parent):
            items = _merged(_saved_digests(path, briefing.id), item_digests(briefing))
            data = {"format": STATE_FORMAT, "briefing": briefing.id, "items": items}
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            if len(text) + 1 > MAX_STATE_BYTES:
                return f"read state not saved to {path}: it would be larger than the limit"
            if (limit := _directory_limit(path.parent)) is not None:
                others = _bytes_of_others(path)
                if others + len(text) + 1 > limit:
                    return f"read state not saved to {path}: this reader's state is full"
            write_atomically(path, text + "\n", overwrite=True)
    except FileExistsError:  # from mkdir: something other than a directory is in the way
        return f"read state not saved to {path}: {path.parent} is not a directory"
    except OSError as error:
        return f"read state not saved to {path}: {error.strerror or 'cannot be written'}"
    return None


MAX_VERSIONS = 4
"""Digests kept per item: the versions of it read in sessions that overlapped."""


def _saved_digests(path: Path, briefing_id: str) -> dict[str, frozenset[str]]:
    """What ``path`` records, or nothing when it is missing or cannot be used."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_STATE_BYTES + 1)
    except OSError:
        return {}
    saved = _parse(raw, briefing_id) if len(raw) <= MAX_STATE_BYTES else "too large"
    return {} if isinstance(saved, str) else saved


def _merged(
    saved: Mapping[str, frozenset[str]], read: Mapping[str, str]
) -> dict[str, str | list[str]]:
    """``saved`` with this session's digests added: one digest per item where all agree."""
    items: dict[str, str | list[str]] = {}
    for key in saved.keys() | read.keys():
        digests = set(saved.get(key, ()))
        if key in read:
            digests.add(read[key])
        if len(digests) == 1:
            items[key] = next(iter(digests))
        else:
            # This session's digest first, then the others in a stable order.
            ordered = ([read[key]] if key in read else []) + sorted(digests - {read.get(key)})
            items[key] = ordered[:MAX_VERSIONS]
    return items


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on ``directory`` itself (flock), so no lock file is left about."""
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


_LIMIT_FILE = ".limit"
"""Set by ``limit_directory``: the most bytes the state files of a directory may take."""


def limit_directory(directory: Path, max_bytes: int) -> None:
    """Cap the bytes that the state files in ``directory`` may take together (a server
    caps each SSH key's directory); creates the directory, private to its owner."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    (directory / _LIMIT_FILE).write_text(f"{max_bytes}\n", encoding="ascii")


def _directory_limit(directory: Path) -> int | None:
    try:
        return int((directory / _LIMIT_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _bytes_of_others(path: Path) -> int:
    total = 0
    for entry in os.scandir(path.parent):
        if entry.name.endswith(".json") and entry.name != path.name:
            with contextlib.suppress(OSError):
                total += entry.stat(follow_symlinks=False).st_size
    return total


def changed_since_visit(briefing: Briefing, marks: ReadMarks) -> Briefing:
    """``briefing`` cut down for a brief of what is new or changed since the last visit.

    As ``briefing.core.diff.whats_new`` does for an old file: the new and changed items
    are marked ``key`` and no other, key points and elements are only the new or changed
    ones, and every event, actor and source stays so that references resolve. Raises
    ``ValueError`` when ``marks`` records no earlier visit.
    """
    if marks.first_visit:
        raise ValueError("no earlier visit is recorded")
    fresh = marks.new | marks.changed

    def marked(section: str) -> list[Any]:
        return [
            replace(item, key=item_key(section, item.id) in fresh)
            for item in getattr(briefing, section)
        ]

    tally = f"{len(marks.new)} new, {len(marks.changed)} changed"
    return replace(
        briefing,
        subtitle=f"What's new since your last visit: {tally}",
        key_points=[
            point
            for point in briefing.key_points
            if item_key("key_points", item_digest(point)) in fresh
        ],
        events=marked("events"),
        elements=[e for e in briefing.elements if item_key("elements", e.symbol) in fresh],
        actors=marked("actors"),
        quotes=marked("quotes"),
        figures=marked("figures"),
    )
