"""``briefing validate FILE...``: every problem in every file, errors first, then warnings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.cli.arguments import input_path
from briefing.cli.command import Command, command_parser
from briefing.cli.loading import check, display_name, unreadable
from briefing.core.problems import BriefingInvalid, BriefingUnreadable


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing validate``."""
    validate = command_parser(
        "validate",
        "Check briefing files ('-' reads standard input); print every problem as "
        "FILE:LINE:COL: message, errors first, then warnings. Exit status: 0 valid "
        "(warnings allowed), 1 any error (or, with --strict, any warning), 2 usage error.",
    )
    validate.add_argument("files", nargs="+", type=input_path, metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.add_argument(
        "--strict", action="store_true", help="exit 1 when there are warnings, too"
    )
    return validate


def run(options: argparse.Namespace) -> int:
    """Check ``options.files``; print ``FILE: ok (counts)`` for each valid one (unless
    ``quiet``) and every problem on standard error.

    Returns 0 when all are valid (warnings allowed), 1 when any is invalid or, with
    ``strict``, has a warning, 2 when a file cannot be read.
    """
    files: list[Path] = options.files
    failed = 0
    warned = 0
    unread = 0
    for file in files:
        try:
            briefing, warnings = check(file, warn=True)
        except BriefingUnreadable as error:
            unread = unreadable("briefing validate", file, error.reason)
            continue
        except BriefingInvalid as invalid:
            failed += 1
            print(invalid.report(), file=sys.stderr)
            continue
        if not options.quiet:
            print(
                f"{display_name(file)}: ok ({len(briefing.events)} events, "
                f"{len(briefing.elements)} elements, {len(briefing.actors)} actors, "
                f"{len(briefing.quotes)} quotes, {len(briefing.figures)} figures)"
                + (
                    f", {len(warnings)} warning{'s' if len(warnings) > 1 else ''}"
                    if warnings
                    else ""
                )
            )
        if warnings:
            warned += 1
            print("\n".join(str(warning) for warning in warnings), file=sys.stderr)
    if failed and len(files) > 1:
        print(f"{failed} of {len(files)} files are invalid", file=sys.stderr)
    if unread:
        return unread
    return 1 if failed or (options.strict and warned) else 0


COMMAND = Command(parser, run)
