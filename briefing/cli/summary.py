"""``briefing summary [FILE]``: a short plain-text summary of a briefing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.cli.arguments import input_path
from briefing.cli.command import Command, command_parser
from briefing.cli.loading import load_or_report
from briefing.core.summary import text_summary


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing summary``."""
    summary = command_parser("summary", "Print a short plain-text summary of a briefing.")
    summary.add_argument("file", nargs="?", type=input_path, help="'-' reads standard input")
    return summary


def print_summary(file: Path | None, command: str) -> int:
    """Print the summary of ``file`` (None: the bundled briefing; '-': standard input).

    Returns 0, or the exit status of ``load_or_report`` when the briefing cannot be had;
    ``command`` names the reporter (the reader prints a summary too, where it cannot open).
    """
    briefing = load_or_report(file, command)
    if isinstance(briefing, int):
        return briefing
    sys.stdout.write(text_summary(briefing))
    return 0


def run(options: argparse.Namespace) -> int:
    """Print the summary of ``options.file``; 0, 1 invalid, 2 unreadable."""
    return print_summary(options.file, "briefing summary")


COMMAND = Command(parser, run)
