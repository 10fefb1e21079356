"""Starting the reader: what happens between ``briefing FILE`` and the first frame, and why.

In order:

1. **The collector is paused** (``briefing.ui.startup``, which holds the start-up tricks
   that are kept and their figures). The app turns it back on after its first frame;
   ``start_reader`` turns it back on if the reader ends before that, or never opens.
2. **The briefing is loaded by a forked child**, before Textual is imported: the child
   reads and validates the file on the other core while this process imports the
   interface (``briefing.core.preload``). A briefing piped on standard input can be
   read only once, so it is read here, first, and its problems reported before any key
   is read. A folder (``briefing DIR``) is listed instead, and only the briefing chosen
   is loaded, when it is opened; a reader served a folder lists the catalogue its server
   made for the session and validates nothing (``library_shelf``).
3. **Keys come from the terminal.** When standard input is a pipe or a file, the
   controlling terminal (``/dev/tty``) is opened in its place, as ``less`` and ``fzf``
   do; with no terminal at all, the reader refuses in one line.
4. **What the reader may do depends on where it runs.** ``briefing serve`` marks the
   environment of every reader it starts (``briefing.serve.policy.is_served``). A served
   reader would save files, screenshots and validated briefings on the server, where its
   user cannot reach them and every client would share them, so it keeps none of them,
   cannot be suspended (there is no shell to return to), and tells its user the
   ``ssh ... export`` command that saves a brief on their own machine. Its read state is
   kept only where the server says, in the client key's own directory
   (``briefing.serve.policy.served_read_state``); without one it keeps none.
5. **The app runs**; afterwards the exit status says whether the briefing could be had,
   and what was read is remembered for the next visit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.arguments import split_address
from briefing.cli.loading import check, is_stdin, report_load_problem
from briefing.core.bundled import default_briefing
from briefing.core.preload import load_in_background
from briefing.core.problems import BriefingInvalid, BriefingUnreadable
from briefing.serve.policy import is_served, served_read_state
from briefing.ui import startup

if TYPE_CHECKING:
    from briefing.core.catalogue import Shelf
    from briefing.core.model import Briefing
    from briefing.core.readstate import ReadMarks


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """What the command line asks of the reader."""

    file: Path | None
    """The briefing: None for the bundled one, ``-`` for standard input."""
    theme: str | None = None
    """A theme name already checked, or None for the default."""
    remember: bool = False
    """Read and save what was read (``--no-state`` turns it off). When served, only where
    the server names a directory for it."""
    public_address: str | None = None
    """``HOST[:PORT]`` a served reader's users connect to, for the commands it suggests."""
    show_cursor: bool = False
    """Show the terminal's cursor (``--show-cursor``); it is always on the selection."""
    screen_reader: bool = False
    """Lay the reader out for screen readers and braille displays (``--screen-reader``)."""


@dataclass(frozen=True, slots=True)
class Allowed:
    """What this reader may do where it runs (step 4 of the module's description)."""

    served: bool
    """Started by ``briefing serve`` for an SSH client."""
    remember: bool
    """Keep read state between visits."""
    state_directory: Path | None = None
    """Where the read state is kept: None for the local default."""

    @classmethod
    def here(cls, options: ReaderOptions) -> Allowed:
        """Worked out from the environment ``briefing serve`` sets, and the options."""
        if not is_served():
            return cls(served=False, remember=options.remember)
        directory = served_read_state()
        return cls(
            served=True,
            remember=options.remember and directory is not None,
            state_directory=directory,
        )


EMPTY_FOLDER = "a folder with no briefing files (*.yaml, *.yml) in it"
"""Why ``briefing DIR`` refuses a folder with nothing to list."""


def may_keep() -> bool:
    """Whether this reader may keep what it validated in the cache: not when served.

    Asked in the loading child once the briefing is sent, so start-up does not wait."""
    return not is_served()


def served_export_hint(address: str | None, briefing_id: str | None = None) -> str:
    """What a reader served over SSH tells its user to run to save a brief: ``ssh -p PORT
    HOST export [ID] > brief.md``, with the address the server was given when it has one,
    and the briefing's id when the server serves a library."""
    host, port = split_address(address) if address else ("HOST", "PORT")
    port_option = "" if port in (None, "22") else f"-p {port} "
    named = "" if briefing_id is None else f" {briefing_id}"
    return (
        "Read over SSH: ctrl+y copies the brief to your clipboard, "
        f"or on your machine run: ssh {port_option}{host} export{named} > brief.md"
    )


def start_reader(options: ReaderOptions) -> int:
    """Run the reader on this process's terminal, as the module's description says.

    Returns 0 when the reader quit, 1 for an invalid briefing, 2 for one that cannot be
    read or no terminal to read keys from, or the app's own non-zero return code when it
    ended in an error (Textual showed its crash report).
    """
    startup.pause_collection()
    try:
        return _run(options)
    finally:
        startup.resume_collection()  # when the reader ended before its first frame


def _run(options: ReaderOptions) -> int:
    if options.file is not None and options.file.is_dir():
        return _run_library(options, options.file)
    briefing: Briefing | Callable[[], Briefing]
    if is_stdin(options.file):
        try:  # the piped briefing is read first; keys come from the terminal after
            briefing = check(options.file, warn=False)[0]
        except BriefingInvalid as invalid:
            print(invalid.report(), file=sys.stderr)
            return 1
    else:
        # The app waits for it only once it is built and has read its styles.
        briefing = load_in_background(options.file or default_briefing(), may_keep).result
    # Imported only now, while the child validates the briefing.
    from briefing.ui.app import BriefingApp

    if (unable := _keys_from_terminal()) is not None:
        if callable(briefing):  # the briefing's own problems are reported first
            try:
                briefing()
            except (BriefingInvalid, BriefingUnreadable) as problem:
                return report_load_problem("briefing", options.file, problem)
        print(f"briefing: {unable}.", file=sys.stderr)
        return 2
    allowed = Allowed.here(options)
    marks_of: Callable[[Briefing], ReadMarks] | None = None
    if allowed.remember:
        from briefing.core.readstate import load_marks  # only a reader that remembers

        marks_of = partial(load_marks, directory=allowed.state_directory)
    app = BriefingApp(
        briefing,
        theme=options.theme,
        may_save_files=not allowed.served,
        may_suspend=not allowed.served,
        export_hint=served_export_hint(options.public_address) if allowed.served else None,
        read_marks=marks_of,
        state_directory=allowed.state_directory,
        show_cursor=options.show_cursor,
        screen_reader=options.screen_reader,
    )
    app.run()
    if app.load_problem is not None:
        return report_load_problem("briefing", options.file, app.load_problem)
    # Non-zero when the app ended in an error (Textual showed its crash report).
    if app.return_code:
        return app.return_code
    if allowed.remember:
        _remember_read(app.briefing, allowed.state_directory)
    return 0


def library_shelf(folder: Path) -> Shelf:
    """Where the library screen gets the briefings of ``folder``: for a reader served a
    library, what its server made for the session (``ServedLibrary``: nothing is
    validated); else, or when the server made none there, the folder validated here
    (``Library``)."""
    if is_served():
        from briefing.serve.snapshot import ServedLibrary

        if (served := ServedLibrary.read(folder)) is not None:
            return served
    from briefing.core.library import Library

    return Library(folder)


def _run_library(options: ReaderOptions, folder: Path) -> int:
    """``briefing DIR``: the reader opens on the library screen; as ``_run`` otherwise."""
    from briefing.core.catalogue import LibraryError

    library = library_shelf(folder)
    try:
        catalogue = library.refresh()
    except LibraryError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return 2
    if not catalogue.entries:
        print(f"briefing: cannot read {folder}: {EMPTY_FOLDER}", file=sys.stderr)
        return 2
    from briefing.ui.app import BriefingApp

    if (unable := _keys_from_terminal()) is not None:
        print(f"briefing: {unable}.", file=sys.stderr)
        return 2
    allowed = Allowed.here(options)
    marks_of: Callable[[Briefing], ReadMarks] | None = None
    if allowed.remember:
        from briefing.core.readstate import load_marks

        marks_of = partial(load_marks, directory=allowed.state_directory)
    address = options.public_address
    app = BriefingApp(
        None,
        theme=options.theme,
        may_save_files=not allowed.served,
        may_suspend=not allowed.served,
        export_hint=(lambda shown: served_export_hint(address, shown.id))
        if allowed.served
        else None,
        read_marks=marks_of,
        state_directory=allowed.state_directory,
        show_cursor=options.show_cursor,
        screen_reader=options.screen_reader,
        library=library,
        catalogue=catalogue,
    )
    app.run()
    if app.return_code:
        return app.return_code
    if allowed.remember:
        # Each briefing once, as last opened: opened again, it is a new copy.
        for briefing in {b.id: b for b in app.opened}.values():
            _remember_read(briefing, allowed.state_directory)
    return 0


def _keys_from_terminal() -> str | None:
    """Read keys from the controlling terminal when standard input is something else (a
    pipe, a file); why not, when there is none."""
    if sys.stdin is not None and sys.stdin.isatty():
        return None
    try:
        terminal = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return "standard input is not a terminal, and there is no terminal to read keys from"
    os.dup2(terminal, 0)
    os.close(terminal)
    return None


def _remember_read(briefing: Briefing, directory: Path | None) -> None:
    """Record what the briefing held when the reader quit, in ``directory`` (None: the
    local default): the next visit marks what is new."""
    from briefing.core.readstate import save_read

    if note := save_read(briefing, directory):
        print(f"briefing: {note}", file=sys.stderr)
