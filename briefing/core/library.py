"""A folder of briefings: what ``briefing DIR`` and ``briefing serve DIR`` list and open.

A library is the ``*.yaml`` and ``*.yml`` files directly in one folder (not below it).
Each briefing is named by its ``id:``. ``Library.refresh`` looks at the folder again and
returns a ``Catalogue``: one ``Entry`` per file, newest ``as_of`` first, then files that
do not validate. It is meant to be called once per session, so that a curator's edit is
seen by the next session without a restart:

- a file whose size, modification time and inode are unchanged is not read again;
- an edit that does not validate leaves the last valid version of that file in service
  (its bytes are kept), and its first error is reported once through ``on_problem``;
- a file removed from the folder leaves the catalogue;
- two files with the same id are both listed with an error, and neither is served by it;
- a symbolic link whose target lies outside the folder is not followed.

More than ``MAX_FILES`` files is refused with ``LibraryTooLarge``, before any is read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.loader import MAX_BYTES, load_bytes
from briefing.core.model import Briefing
from briefing.core.problems import BriefingInvalid, Problem
from briefing.core.suggest import closest

MAX_FILES = 500
"""Files a library may hold. Each is validated when first seen (about 50 ms for a briefing
the size of the bundled one), so a folder of this many takes some seconds the first time."""

SUFFIXES = (".yaml", ".yml")


class LibraryError(Exception):
    """A folder that cannot be used as a library; ``str()`` is one line saying why."""


class LibraryTooLarge(LibraryError):
    """The folder holds more briefing files than ``MAX_FILES``."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a library, as a person choosing what to read needs to see it.

    ``briefing`` is the version served (the file's current one, or the last valid one when
    an edit broke it); ``None`` when no version of it has ever validated or its id is
    taken by another file. ``problem`` is the file's first error, or a clash of ids, as
    ``FILE:LINE:COL: message``; an entry may have both a briefing and a problem.
    """

    path: Path
    briefing: Briefing | None
    raw: bytes | None
    """The bytes of the version served, exactly as the file held them."""
    problem: str | None = None
    clash: bool = False
    """Another file of the library has the same id."""

    @property
    def id(self) -> str | None:
        """The briefing's id, when a version of it validated."""
        return self.briefing.id if self.briefing is not None else None

    @property
    def servable(self) -> bool:
        """Whether the entry can be opened: a version validated and its id is its own."""
        return self.briefing is not None and not self.clash


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What a library holds at one moment: entries in the order they are listed."""

    entries: tuple[Entry, ...]

    def servable(self) -> list[Entry]:
        """The entries that can be opened, in listed order."""
        return [entry for entry in self.entries if entry.servable]

    def ids(self) -> list[str]:
        """The ids that can be opened, in listed order."""
        return [entry.briefing.id for entry in self.servable() if entry.briefing is not None]

    def find(self, briefing_id: str) -> Entry | None:
        """The servable entry named ``briefing_id``, or None."""
        for entry in self.servable():
            if entry.id == briefing_id:
                return entry
        return None

    def suggestion(self, briefing_id: str) -> str | None:
        """The servable id closest to a mistyped ``briefing_id``, if any is close."""
        choices = {
            entry.briefing.id: (entry.briefing.title,)
            for entry in self.servable()
            if entry.briefing is not None
        }
        return closest(briefing_id, choices)


@dataclass(slots=True)
class _Known:
    signature: tuple[int, int, int]
    briefing: Briefing | None
    raw: bytes | None
    problem: str | None


@dataclass
class Library:
    """A folder of briefings, looked at again on each ``refresh``.

    ``on_problem`` receives each new problem once (a file's first error, with its
    position), for a server's log. Raises ``LibraryError`` from ``refresh`` when the folder
    itself cannot be read or holds too many files.
    """

    folder: Path
    on_problem: Callable[[str], None] = lambda line: None
    _known: dict[Path, _Known] = field(default_factory=dict)
    _reported: set[tuple[Path, str]] = field(default_factory=set)

    def refresh(self) -> Catalogue:
        """The catalogue as the folder holds it now (see the module docstring)."""
        paths = list_briefing_files(self.folder)
        seen: dict[Path, _Known] = {}
        for path in paths:
            seen[path] = self._look_at(path)
        self._known = seen
        return _catalogue(seen)

    def _look_at(self, path: Path) -> _Known:
        try:
            stat = path.stat()
        except OSError as error:
            return self._failed(path, f"{path}:1:1: {(error.strerror or str(error)).lower()}")
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        known = self._known.get(path)
        if known is not None and known.signature == signature:
            return known
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
            briefing = load_bytes(raw, str(path))
        except BriefingInvalid as invalid:
            first = invalid.problems[0] if invalid.problems else Problem(str(path), 1, 1, "?")
            return self._failed(path, str(first), signature, known)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            return self._failed(path, f"{path}:1:1: {reason}", signature, known)
        return _Known(signature, briefing, raw, None)

    def _failed(
        self,
        path: Path,
        problem: str,
        signature: tuple[int, int, int] = (0, 0, 0),
        known: _Known | None = None,
    ) -> _Known:
        if (path, problem) not in self._reported:
            self._reported.add((path, problem))
            self.on_problem(problem)
        # The last valid version stays in service while the edit is mended.
        if known is not None and known.briefing is not None:
            return _Known(signature, known.briefing, known.raw, problem)
        return _Known(signature, None, None, problem)


def list_briefing_files(folder: Path) -> list[Path]:
    """The briefing files directly in ``folder``, by name; raises ``LibraryError``.

    Symbolic links are followed only to files inside the folder itself.
    """
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise LibraryError(
            f"cannot read the folder {folder}: {(error.strerror or str(error)).lower()}"
        ) from None
    inside = folder.resolve()
    found: list[Path] = []
    for name in names:
        if not name.endswith(SUFFIXES) or name.startswith("."):
            continue
        path = folder / name
        if path.is_symlink() and path.resolve().parent != inside:
            continue
        if not path.is_file():
            continue
        found.append(path)
        if len(found) > MAX_FILES:
            raise LibraryTooLarge(
                f"{folder} holds more than {MAX_FILES} briefing files; "
                "split it into folders of at most that many"
            )
    return found


def _catalogue(known: dict[Path, _Known]) -> Catalogue:
    owners: dict[str, list[Path]] = {}
    for path, state in known.items():
        if state.briefing is not None:
            owners.setdefault(state.briefing.id, []).append(path)
    entries: list[Entry] = []
    for path, state in known.items():
        problem, clash = state.problem, False
        if state.briefing is not None and len(owners[state.briefing.id]) > 1:
            clash = True
            others = ", ".join(p.name for p in owners[state.briefing.id] if p != path)
            problem = (
                f"{path}:1:1: the id '{state.briefing.id}' is also the id of "
                f"{others} (give each briefing an id of its own)"
            )
        entries.append(Entry(path, state.briefing, state.raw, problem, clash))
    return Catalogue(tuple(_listed_order(entries)))


def _listed_order(entries: Iterable[Entry]) -> list[Entry]:
    """Newest ``as_of`` first, then by title; files that never validated last, by name."""
    valid = [(entry.briefing, entry) for entry in entries if entry.briefing is not None]
    invalid = [entry for entry in entries if entry.briefing is None]
    valid.sort(key=lambda pair: pair[1].path.name)
    valid.sort(key=lambda pair: pair[0].as_of, reverse=True)
    invalid.sort(key=lambda entry: entry.path.name)
    return [entry for _, entry in valid] + invalid
