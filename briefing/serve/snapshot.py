"""The copy of a library a server makes for one reader session, and how the reader reads it.

A reader served a library runs in a private folder made for its session
(``make_snapshot``). It holds the bytes each file is served with (the last valid version
of a broken edit) and the current bytes of a file that never validated, under their names
in the library; and, in ``.served/``, the catalogue as the server made it
(``catalogue.json``: each file's summary, or its first error) and each servable briefing
as the server validated it (``NAME.pickle``).

The reader lists the library from that catalogue and unpickles only the briefing opened
(``ServedLibrary``): it validates nothing, and imports neither the loader nor pydantic, as
a reader of a single briefing does not. The catalogue is used only when it was made by the
same code as the reader's (``briefing.core.cache.code_fingerprint``), and a pickle only
under the rules of the cache of validated briefings (``briefing.core.cache.read_private``);
otherwise the reader validates the copy itself, as ``briefing DIR`` does.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.core.cache import code_fingerprint, read_private
from briefing.core.catalogue import Catalogue, Entry, Summary

if TYPE_CHECKING:
    from briefing.core.model import Briefing

SERVED = ".served"
"""The folder, within a session's copy, of what the server made for its reader."""
CATALOGUE = "catalogue.json"
_PICKLED = ".pickle"


class SnapshotStore:
    """The files of a server's session copies, each written once, in a private folder of
    the server's (mode 0700), and hard-linked into every copy that holds it: a session's
    copy of a library of 500 files then costs 500 links, not 60 MB written while the
    server waits. Files are known by the bytes object the library keeps for a version of
    a file (``Entry.raw``, ``Entry.validated``), which it keeps until the file changes."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        """Made when the first file is stored; removed by ``close``."""
        self._stored: dict[int, tuple[bytes, Path]] = {}
        self._made = 0

    def put(self, data: bytes, destination: Path) -> None:
        """Put ``data`` at ``destination``, a new file: a hard link to the store's copy, or a
        private copy of its own where links cannot be made (another file system). Raises
        ``OSError`` when neither can be written."""
        try:
            os.link(self._stored_path(data), destination)
        except OSError:
            _write_private(destination, data)

    def keep_only(self, kept: list[bytes]) -> None:
        """Unlink what is not in ``kept`` from the store: the copies that link it keep their
        file until they are removed."""
        wanted = {id(data) for data in kept}
        for key in [key for key in self._stored if key not in wanted]:
            _, path = self._stored.pop(key)
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """Remove the store's folder (copies made from it keep their files)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
        self._stored.clear()

    def _stored_path(self, data: bytes) -> Path:
        known = self._stored.get(id(data))
        if known is not None and known[0] is data:
            return known[1]
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="briefing-store-"))
        self._made += 1
        path = self.folder / str(self._made)
        _write_private(path, data)
        self._stored[id(data)] = (data, path)  # holding data: its id is not reused
        return path


def make_snapshot(
    catalogue: Catalogue, shown: Callable[[str | None], str], store: SnapshotStore | None = None
) -> Path:
    """A new private folder (mode 0700) holding the library as ``catalogue`` lists it, for a
    reader run in it on ``.`` (see the module's docstring). Files are named as in the
    library, and ``shown`` turns each problem into what a client may see (naming no server
    path); with a ``store``, they are links to its files. The caller removes it
    (``remove_snapshot``). Raises ``OSError`` when it cannot be written."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-library-"))
    put = store.put if store is not None else _write_private_to
    try:
        served = folder / SERVED
        served.mkdir(mode=0o700)
        for entry in catalogue.entries:
            raw = entry.raw if entry.raw is not None else _current_bytes(entry.path)
            if raw is not None:
                # A file that never validated is read afresh: nothing to share.
                if entry.raw is None:
                    _write_private(folder / entry.path.name, raw)
                else:
                    put(raw, folder / entry.path.name)
            if entry.servable and entry.validated is not None:
                put(entry.validated, served / f"{entry.path.name}{_PICKLED}")
        listed = {"code": code_fingerprint().hex(), "entries": _listed(catalogue, shown)}
        _write_private(served / CATALOGUE, json.dumps(listed).encode())
    except OSError:
        remove_snapshot(folder)
        raise
    return folder


def remove_snapshot(folder: Path) -> None:
    """Remove a folder made by ``make_snapshot``."""
    shutil.rmtree(folder, ignore_errors=True)


def _current_bytes(path: Path) -> bytes | None:
    # Only the server makes copies, and it has the loader already; a reader never does.
    from briefing.core.loader import MAX_BYTES

    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def _write_private_to(data: bytes, path: Path) -> None:
    _write_private(path, data)


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _private_folder(path: Path) -> bool:
    """Whether ``path`` is a folder, not a link, that only its owner, this user, may enter:
    as ``make_snapshot`` makes them (mode 0700). A folder unpacked or made by hand (0755)
    is not taken for one, whatever it holds. Raises ``OSError`` when it cannot be read."""
    found = os.lstat(path)
    getuid = getattr(os, "getuid", None)
    return (
        getuid is not None
        and stat.S_ISDIR(found.st_mode)
        and found.st_uid == getuid()
        and not found.st_mode & 0o077
    )


def _listed(catalogue: Catalogue, shown: Callable[[str | None], str]) -> list[dict[str, Any]]:
    """Each entry as the reader would find it validating the copy: a servable entry's copy
    is a valid version, so it has no problem even when the file's latest edit does."""
    listed = []
    for entry in catalogue.entries:
        summary = entry.briefing
        listed.append(
            {
                "file": entry.path.name,
                "id": summary.id if summary else None,
                "title": summary.title if summary else None,
                "as_of": summary.as_of.isoformat() if summary else None,
                "events": summary.events if summary else 0,
                "quotes": summary.quotes if summary else 0,
                "problem": None if entry.servable else shown(entry.problem),
                "clash": entry.clash,
            }
        )
    return listed


class ServedLibrary:
    """The library a server made for this session (``make_snapshot``), as a ``Shelf``: the
    catalogue the server listed, and each briefing unpickled when it is opened."""

    def __init__(self, folder: Path, catalogue: Catalogue) -> None:
        """The copy in ``folder`` and the ``catalogue`` read from it (see ``read``)."""
        self.folder = folder
        self._catalogue = catalogue

    @classmethod
    def read(cls, folder: Path) -> ServedLibrary | None:
        """The library a server made in ``folder``; None when it made none there, or made it
        with other code than this reader's: the reader then validates the folder itself."""
        try:
            if not (_private_folder(folder) and _private_folder(folder / SERVED)):
                return None
            listed = json.loads((folder / SERVED / CATALOGUE).read_bytes())
            if listed["code"] != code_fingerprint().hex():
                return None
            entries = tuple(_entry(folder, item) for item in listed["entries"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(folder, Catalogue(entries))

    def refresh(self) -> Catalogue:
        """The catalogue the server made: the same each time, since the copy is this
        session's alone (the next session sees the library's edits)."""
        return self._catalogue

    def briefing(self, entry: Entry) -> Briefing:
        """The briefing of the servable ``entry`` as the server validated it, or when that
        cannot be read, validated here from the copy of its file (raising
        ``BriefingInvalid`` or ``BriefingUnreadable`` as the loader does)."""
        served = Path(os.path.abspath(self.folder / SERVED))
        kept = read_private(served, f"{entry.path.name}{_PICKLED}")
        if kept is not None and kept.id == entry.id:
            return kept
        from briefing.core.loader import load_briefing

        return load_briefing(entry.path)


def _entry(folder: Path, item: dict[str, Any]) -> Entry:
    """One entry of ``catalogue.json``; raises ``KeyError``, ``TypeError`` or
    ``ValueError`` when it is not one."""
    name = item["file"]
    if not isinstance(name, str) or os.sep in name or name.startswith("."):
        raise ValueError(f"not a file of the library: {name!r}")
    summary = None
    if item["id"] is not None:
        summary = Summary(
            str(item["id"]),
            str(item["title"]),
            date.fromisoformat(item["as_of"]),
            int(item["events"]),
            int(item["quotes"]),
        )
    problem = None if item["problem"] is None else str(item["problem"])
    return Entry(folder / name, summary, None, problem, bool(item["clash"]))
