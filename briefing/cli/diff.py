"""``briefing diff OLD NEW``: what changed between two versions of a briefing."""

from __future__ import annotations

import argparse
import json
import os
import sys

from briefing.cli.arguments import input_path
from briefing.cli.command import Command, command_parser
from briefing.cli.loading import is_stdin, load_or_report
from briefing.core.diff import diff_briefings, diff_data, diff_markdown


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing diff``."""
    diff = command_parser(
        "diff",
        "List what was added, removed, changed and renamed from OLD to NEW, by section "
        "and item id; '-' reads one of them from standard input. "
        "Exit status: 0 identical, 1 different, 2 on any error (an invalid briefing too).",
    )
    diff.add_argument("old", metavar="OLD", type=input_path, help="the earlier version, or '-'")
    diff.add_argument("new", metavar="NEW", type=input_path, help="the later version, or '-'")
    diff.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown for people (default), json for tools",
    )
    return diff


def run(options: argparse.Namespace) -> int:
    """Print the differences from ``options.old`` to ``options.new`` as Markdown or JSON.

    Returns 0 identical, 1 different, 2 on any error (an invalid briefing too).
    """
    if is_stdin(options.old) and is_stdin(options.new):
        print("briefing diff: only one of OLD and NEW can be '-' (standard input)", file=sys.stderr)
        return 2
    loaded = []
    for file in (options.old, options.new):
        briefing = load_or_report(file, "briefing diff")
        if not isinstance(briefing, int):  # any error is 2, an invalid briefing too
            loaded.append(briefing)
    if len(loaded) < 2:
        return 2
    diff = diff_briefings(loaded[0], loaded[1])
    labels = [
        "standard input" if is_stdin(file) else str(file) for file in (options.old, options.new)
    ]
    if options.format == "json":
        text = json.dumps(diff_data(diff, *labels), indent=2, ensure_ascii=False) + "\n"
    else:
        text = diff_markdown(diff, *labels)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        # Drop what could not be written, or Python reports it again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"briefing diff: cannot write standard output: {error.strerror}", file=sys.stderr)
        return 2
    return 0 if diff.identical else 1


COMMAND = Command(parser, run)
