"""``briefing schema``: the JSON Schema of the briefing format, for editors and tools."""

from __future__ import annotations

import argparse
import json

from briefing.cli.command import Command, command_parser
from briefing.core.validation import json_schema


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing schema``: no arguments."""
    return command_parser(
        "schema",
        "Print the JSON Schema of the briefing format, for editors and other tools.",
    )


def run(options: argparse.Namespace) -> int:
    """Print the schema as indented JSON on standard output; 0."""
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


COMMAND = Command(parser, run)
