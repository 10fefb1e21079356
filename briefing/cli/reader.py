"""``briefing [FILE]``: the reader, or the summary where there is no terminal to draw on."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from briefing import __version__
from briefing.cli import boot
from briefing.cli.command import Command
from briefing.cli.summary import print_summary
from briefing.terminal import terminal_problem


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing [FILE]``."""
    reader = argparse.ArgumentParser(
        prog="briefing",
        description="Read a curated policy briefing in the terminal.",
        epilog=(
            "commands: briefing export [FILE] | briefing validate FILE... | briefing schema "
            "| briefing summary [FILE] | briefing serve [FILE] | briefing diff OLD NEW. "
            "Run 'briefing COMMAND --help' for more."
        ),
    )
    reader.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="a briefing .yaml file, or a folder of them (default: the bundled one)",
    )
    reader.add_argument(
        "--theme",
        metavar="NAME",
        help="colours: dark (default), light, high-contrast, ansi (the terminal's own 16)",
    )
    reader.add_argument(
        "--no-color", action="store_true", help="monochrome display (as does NO_COLOR=1)"
    )
    reader.add_argument(
        "--low-bandwidth",
        action="store_true",
        help="no animations or smooth scrolling, fewer frames: for slow remote links",
    )
    reader.add_argument(
        "--show-cursor",
        action="store_true",
        help="show the terminal's cursor, which is always on the selection",
    )
    reader.add_argument(
        "--screen-reader",
        action="store_true",
        help=(
            "for screen readers and braille displays (as does BRIEFING_SCREEN_READER=1): "
            "one pane at a time, no borders or animation, statuses in words, the cursor shown"
        ),
    )
    reader.add_argument(
        "--no-state",
        action="store_true",
        help="do not remember what was read: no state is read or written",
    )
    # Given by `briefing serve` to the readers it starts: where its users connect.
    reader.add_argument("--served-address", metavar="HOST[:PORT]", help=argparse.SUPPRESS)
    reader.add_argument("--version", action="version", version=f"briefing {__version__}")
    return reader


def apply_terminal_options(options: argparse.Namespace) -> None:
    """Turn ``--no-color`` and ``--low-bandwidth`` into the environment variables Textual
    reads (``NO_COLOR``, ``TEXTUAL_ANIMATIONS``, ``TEXTUAL_SMOOTH_SCROLL``, ``TEXTUAL_FPS``).

    Textual reads them when it is first imported, so this runs before that.
    """
    if options.no_color:
        os.environ["NO_COLOR"] = "1"
    if screen_reader_wanted(options):
        # Nothing moves on its own: a screen reader would read every frame of it again.
        os.environ["TEXTUAL_ANIMATIONS"] = "none"
        os.environ["TEXTUAL_SMOOTH_SCROLL"] = "0"
    if options.low_bandwidth:
        os.environ["TEXTUAL_ANIMATIONS"] = "none"
        os.environ["TEXTUAL_SMOOTH_SCROLL"] = "0"
        os.environ["TEXTUAL_FPS"] = "20"


def screen_reader_wanted(options: argparse.Namespace) -> bool:
    """Whether the reader is laid out for screen readers: ``--screen-reader``, or
    ``BRIEFING_SCREEN_READER`` set to anything but empty or ``0``."""
    return bool(options.screen_reader) or os.environ.get("BRIEFING_SCREEN_READER", "") not in (
        "",
        "0",
    )


def theme_problem(name: str) -> str | None:
    """Why ``--theme NAME`` cannot be used, or None when it can: one of ours, or any
    theme Textual has built in."""
    from textual.theme import BUILTIN_THEMES  # only when a theme is named

    from briefing.ui.themes import THEME_NAMES

    if name in THEME_NAMES or name in BUILTIN_THEMES:
        return None
    return (
        f"unknown theme {name!r}; choose one of {', '.join(THEME_NAMES)} "
        f"(or a Textual theme: {', '.join(sorted(BUILTIN_THEMES))})"
    )


def run(options: argparse.Namespace) -> int:
    """Open the reader of ``options.file`` on this terminal, or print the summary when
    the output is not a terminal or the terminal cannot take a full-screen program.

    Returns 0, 1 for an invalid briefing or a reader that ended in an error, 2 for an
    unknown theme, an unreadable file, or no terminal to read keys from.
    """
    apply_terminal_options(options)
    if options.theme is not None and (problem := theme_problem(options.theme)):
        print(f"briefing: {problem}", file=sys.stderr)
        return 2
    # In a pipe or under CI there is no one to read the screen: print the summary instead
    # (of a folder, its list of briefings).
    if options.file is not None and options.file.is_dir() and not sys.stdout.isatty():
        return print_library(options.file)
    if not sys.stdout.isatty():
        return print_summary(options.file, "briefing")
    if (unable := terminal_problem(os.environ)) is not None:
        # As pagers do on a terminal that cannot take a full-screen program.
        print(f"briefing: {unable}; here is the summary instead.", file=sys.stderr)
        return print_summary(options.file, "briefing")
    return boot.start_reader(reader_options(options))


def print_library(folder: Path) -> int:
    """``briefing DIR`` without a terminal: one line per briefing, as ``ssh HOST list``
    prints it; 2 when the folder cannot be used."""
    from briefing.serve.policy import Refused
    from briefing.serve.published import Published

    try:
        listing = Published(folder).listing().decode()
    except Refused as error:
        print(f"briefing: {error}", file=sys.stderr)
        return 2
    if not listing:
        print(f"briefing: cannot read {folder}: {boot.EMPTY_FOLDER}", file=sys.stderr)
        return 2
    sys.stdout.write(listing)
    return 0


def reader_options(options: argparse.Namespace) -> boot.ReaderOptions:
    """What ``parser()`` read, as the options the reader's start-up takes."""
    return boot.ReaderOptions(
        file=options.file,
        theme=options.theme,
        remember=not options.no_state,
        public_address=options.served_address,
        show_cursor=options.show_cursor,
        screen_reader=screen_reader_wanted(options),
    )


COMMAND = Command(parser, run)
