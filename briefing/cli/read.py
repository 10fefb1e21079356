"""``briefing read [FILE] [--about ID]``: the whole briefing as linear plain text."""

from __future__ import annotations

import argparse
import sys
import unicodedata

from briefing.cli.arguments import input_path
from briefing.cli.command import Command, command_parser
from briefing.cli.loading import load_or_report
from briefing.core.export.subject import UnknownSubject, resolve_subject
from briefing.core.involves import Subject
from briefing.core.linear import linear_text


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing read``."""
    read = command_parser(
        "read",
        "Print the whole briefing as plain text, section by section, for screen readers, "
        "braille displays and pagers (summary is the short form). "
        "Exit status: 0 printed, 1 invalid briefing, 2 usage or file-system error.",
    )
    read.add_argument("file", nargs="?", type=input_path, help="'-' reads standard input")
    read.add_argument(
        "--about", metavar="ID", help="only what involves one actor id, element symbol or tag"
    )
    return read


def run(options: argparse.Namespace) -> int:
    """Print the linear text of ``options.file``; 0, 1 invalid, 2 unreadable or an unknown
    ``--about`` (said on standard error with the closest id, as ``export --about`` does)."""
    briefing = load_or_report(options.file, "briefing read")
    if isinstance(briefing, int):
        return briefing
    about: Subject | None = None
    if options.about is not None:
        try:
            # Typed in form D (as some keyboards and file systems give it), it still matches.
            found = resolve_subject(briefing, unicodedata.normalize("NFC", options.about))
        except UnknownSubject as unknown:
            print(f"briefing read: --about {unknown}", file=sys.stderr)
            return 2
        about = Subject(found.kind, found.id)
    sys.stdout.write(linear_text(briefing, about))
    sys.stdout.flush()
    return 0


COMMAND = Command(parser, run)
