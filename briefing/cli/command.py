"""The record each ``briefing`` command module gives the dispatcher."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """One command: how its command line is read, and what runs it.

    ``parser()`` builds the command's own parser, whose usage is printed with any usage
    error (argparse then exits with status 2). ``run(options)`` takes what that parser
    read and returns the exit status.
    """

    parser: Callable[[], argparse.ArgumentParser]
    run: Callable[[argparse.Namespace], int]


def command_parser(name: str, description: str) -> argparse.ArgumentParser:
    """An empty parser for ``briefing NAME``, its usage headed ``usage: briefing NAME``."""
    return argparse.ArgumentParser(prog=f"briefing {name}", description=description)
