"""What one server publishes: a single briefing file, or a folder of them (a library).

The commands a client runs name a briefing by its ``id:``. Each session looks at the
folder again (``briefing.core.library.Library.refresh``), so a curator's edit is seen by
the next session; a broken edit keeps its last valid version in service, and the export
child is given that version's bytes on standard input rather than the file on disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.core.cache import code_fingerprint
from briefing.core.catalogue import Catalogue, Entry, LibraryError, Summary
from briefing.core.library import Library
from briefing.serve.policy import ExportCommand, Refused
from briefing.serve.snapshot import SnapshotStore, make_snapshot

# A title is the curator's text; a client's terminal must get it as plain characters.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class ExportJob:
    """The command line that prints a brief, and the briefing's bytes for its standard
    input (None: the command names the file itself)."""

    argv: list[str]
    input: bytes | None = None
    name: str = "export"
    """The ``briefing`` command it runs, for messages: ``export`` or ``read``."""


class Published:
    """A briefing file or a folder of briefings, as the server's sessions see it.

    ``on_problem`` gets each new problem of a library's file once, with its position
    (``FILE:LINE:COL: message``), for the server's log.
    """

    def __init__(self, path: Path, on_problem: Callable[[str], None] = lambda line: None):
        self.path = path
        # Fingerprinted now, before anything is validated: the snapshots name the code
        # that validated their briefings, not code installed later while the server runs.
        code_fingerprint()
        self.library = Library(path, on_problem) if path.is_dir() else None
        self.store = SnapshotStore()
        """The files the sessions' copies of a library share (``close`` removes them)."""

    def catalogue(self) -> Catalogue:
        """What the folder holds now; raises ``Refused`` when it cannot be read or holds
        too many files. Only for a library."""
        assert self.library is not None
        try:
            return self.library.refresh()
        except LibraryError as error:
            raise Refused(str(error)) from None

    def listing(self) -> bytes:
        """``list``'s output: one line per briefing, ``ID  AS-OF  TITLE``, newest first;
        ``invalid: FILE:LINE:COL: message`` for a file that cannot be served."""
        entries = self._entries()
        width = max((len(entry.id or "") for entry in entries if entry.servable), default=0)
        lines = []
        for entry in entries:
            if entry.servable and entry.briefing is not None:
                title = _UNPRINTABLE.sub(" ", entry.briefing.title)
                lines.append(f"{entry.briefing.id:<{width}}  {entry.briefing.as_of}  {title}")
            else:
                lines.append(f"invalid: {self._shown(entry.problem or '')}")
        return "".join(f"{line}\n" for line in lines).encode()

    def export_job(self, command: ExportCommand, python: str) -> ExportJob:
        """How to run ``command``: ``python -m briefing export [--about ID] FILE`` (or
        ``read``, or with ``--since-last-visit``) for a single file (an id given must be its
        own), or ``... export [--about ID] -`` with the named briefing's bytes for a
        library. Raises ``Refused`` with the one line the client is
        told: no id among several, an unknown or shared id (with the closest id)."""
        about = [] if command.about is None else ["--about", command.about]
        since = ["--since-last-visit"] if command.since_last_visit else []
        argv = [python, "-m", "briefing", command.name, *about, *since]
        if self.library is None:
            if command.briefing_id is not None:
                self._named(self._entries(), command.briefing_id)
            return ExportJob([*argv, str(self.path)], name=command.name)
        entry = self._choose(self.catalogue(), command.briefing_id, command.name)
        return ExportJob([*argv, "-"], entry.raw, command.name)

    def snapshot(self) -> Path:
        """A new private folder (mode 0700) holding the library as this session serves it, for
        a reader run in it on ``.`` (``briefing.serve.snapshot.make_snapshot``): each file's
        served bytes (the last valid version of a broken edit), the current bytes of a file
        that never validated, and the catalogue with each servable briefing validated, so
        the reader validates nothing. Named as in the library, so errors name no server
        path. The caller removes it (``remove_snapshot``). Raises ``Refused`` as
        ``catalogue`` does, or when it cannot be written."""
        catalogue = self.catalogue()
        try:
            made = make_snapshot(catalogue, self._shown, self.store)
        except OSError as error:
            raise Refused(f"cannot prepare the library: {(error.strerror or '').lower()}") from None
        kept = [data for entry in catalogue.entries for data in (entry.raw, entry.validated)]
        self.store.keep_only([data for data in kept if data is not None])
        return made

    def close(self) -> None:
        """Remove the files the sessions' copies share (copies still open keep theirs)."""
        self.store.close()

    def _entries(self) -> list[Entry]:
        if self.library is not None:
            return list(self.catalogue().entries)
        from briefing.core.loader import load_briefing
        from briefing.core.problems import BriefingInvalid, BriefingUnreadable

        try:
            briefing = load_briefing(self.path)
        except BriefingInvalid as invalid:
            first = str(invalid.problems[0]) if invalid.problems else f"{self.path}:1:1: invalid"
            return [Entry(self.path, None, None, first)]
        except BriefingUnreadable as unreadable:
            return [Entry(self.path, None, None, f"{self.path}:1:1: {unreadable.reason}")]
        return [Entry(self.path, Summary.of(briefing), None)]

    def _choose(self, catalogue: Catalogue, briefing_id: str | None, name: str) -> Entry:
        if briefing_id is not None:
            return self._named(list(catalogue.entries), briefing_id)
        servable = catalogue.servable()
        if len(servable) == 1:
            return servable[0]
        if not servable:
            raise Refused("no briefing here can be served: 'list' says why")
        ids = ", ".join(catalogue.ids())
        raise Refused(f"name the briefing to {name}: {name} ID (one of {ids})")

    def _named(self, entries: list[Entry], briefing_id: str) -> Entry:
        for entry in entries:
            if entry.id == briefing_id:
                if entry.servable:
                    return entry
                raise Refused(f"'{briefing_id}' cannot be served: {self._shown(entry.problem)}")
        close = Catalogue(tuple(entries)).suggestion(briefing_id)
        hint = f" (did you mean '{close}'?)" if close else ""
        raise Refused(f"no briefing has the id '{briefing_id}'{hint}; 'list' shows them")

    def _shown(self, problem: str | None) -> str:
        """A problem as a client sees it: the file named within the folder, not the server's
        path to it."""
        problem = _UNPRINTABLE.sub(" ", problem or "")
        if self.library is not None:
            return problem.removeprefix(f"{self.path}/")
        return problem.removeprefix(f"{self.path.parent}/")
