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

An entry carries the summary of its briefing (``briefing.core.catalogue.Summary``), which
is all a list of them needs; ``Library.briefing`` gives the briefing itself once it is
opened.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.catalogue import Catalogue, Entry, LibraryError, Summary
from briefing.core.loader import MAX_BYTES, load_bytes
from briefing.core.model import Briefing
from briefing.core.problems import BriefingInvalid, Problem

MAX_FILES = 500
"""Files a library may hold. Each is validated when first seen (about 50 ms for a briefing
the size of the bundled one), so a folder of this many takes some seconds the first time."""

SUFFIXES = (".yaml", ".yml")


class LibraryTooLarge(LibraryError):
    """The folder holds more briefing files than ``MAX_FILES``."""


@dataclass(slots=True)
class _Known:
    signature: tuple[int, int, int]
    summary: Summary | None
    raw: bytes | None
    validated: bytes | None
    problem: str | None


@dataclass
class Library:
    """A folder of briefings, looked at again on each ``refresh``; a ``Shelf``.

    Keeps of each file its summary, the bytes of the version served and that version
    validated, pickled (a third of the memory of the briefing itself, and what a server
    hands its readers). ``on_problem`` receives each new problem once (a file's first
    error, with its position), for a server's log. Raises ``LibraryError`` from
    ``refresh`` when the folder itself cannot be read or holds too many files.
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

    def briefing(self, entry: Entry) -> Briefing:
        """The briefing of a servable ``entry`` of this library's catalogue, as validated
        when it was listed. Raises ``ValueError`` for an entry that cannot be opened."""
        if entry.validated is None:
            raise ValueError(f"{entry.path} cannot be opened: {entry.problem}")
        # Pickled by this process from a briefing it validated.
        briefing: Briefing = pickle.loads(entry.validated)  # noqa: S301
        return briefing

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
        validated = pickle.dumps(briefing, protocol=pickle.HIGHEST_PROTOCOL)
        return _Known(signature, Summary.of(briefing), raw, validated, None)

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
        if known is not None and known.summary is not None:
            return _Known(signature, known.summary, known.raw, known.validated, problem)
        return _Known(signature, None, None, None, problem)


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
        if state.summary is not None:
            owners.setdefault(state.summary.id, []).append(path)
    entries: list[Entry] = []
    for path, state in known.items():
        problem, clash = state.problem, False
        if state.summary is not None and len(owners[state.summary.id]) > 1:
            clash = True
            others = ", ".join(p.name for p in owners[state.summary.id] if p != path)
            problem = (
                f"{path}:1:1: the id '{state.summary.id}' is also the id of "
                f"{others} (give each briefing an id of its own)"
            )
        entries.append(Entry(path, state.summary, state.raw, problem, clash, state.validated))
    return Catalogue(tuple(_listed_order(entries)))


def _listed_order(entries: Iterable[Entry]) -> list[Entry]:
    """Newest ``as_of`` first, then by title; files that never validated last, by name."""
    valid = [(entry.briefing, entry) for entry in entries if entry.briefing is not None]
    invalid = [entry for entry in entries if entry.briefing is None]
    valid.sort(key=lambda pair: pair[1].path.name)
    valid.sort(key=lambda pair: pair[0].as_of, reverse=True)
    invalid.sort(key=lambda entry: entry.path.name)
    return [entry for _, entry in valid] + invalid
