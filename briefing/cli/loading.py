"""Reading the briefing a command names, and saying in one line why it cannot be had.

Exit statuses, the same in every command: 1 for an invalid briefing, 2 for a usage or
file-system error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.core.bundled import default_briefing
from briefing.core.problems import BriefingInvalid, BriefingUnreadable

if TYPE_CHECKING:
    from briefing.core.model import Briefing
    from briefing.core.problems import Problem

STDIN_NAME = "<stdin>"
"""How standard input ('-') is named in messages."""


def is_stdin(file: Path | None) -> bool:
    """True when ``file`` is ``-``, standard input."""
    return file is not None and str(file) == "-"


def display_name(file: Path | None) -> str:
    """``file`` as messages name it: ``<stdin>`` for ``-``."""
    return STDIN_NAME if is_stdin(file) else str(file)


def check(file: Path | None, *, warn: bool) -> tuple[Briefing, list[Problem]]:
    """Load ``file`` ('-': standard input; None: the bundled briefing), with its warnings
    when ``warn`` (else no warnings).

    Raises ``BriefingInvalid``, or ``BriefingUnreadable`` when it cannot be read.
    """
    # The loader brings pydantic and PyYAML; the reader imports this module and must
    # not load them unless it reads a briefing here, from standard input.
    from briefing.core.loader import (
        check_briefing,
        check_bytes,
        load_briefing,
        load_bytes,
        read_stream,
    )

    if is_stdin(file):
        raw = read_stream(sys.stdin.buffer)
        return check_bytes(raw, STDIN_NAME) if warn else (load_bytes(raw, STDIN_NAME), [])
    path = file or default_briefing()
    return check_briefing(path) if warn else (load_briefing(path), [])


def unreadable(command: str, file: Path | None, reason: str) -> int:
    """Say on standard error, in one line headed ``command``, that ``file`` cannot be
    read for ``reason``; the exit status for that, 2."""
    print(f"{command}: cannot read {display_name(file)}: {reason}", file=sys.stderr)
    return 2


def load_or_report(file: Path | None, command: str) -> Briefing | int:
    """The briefing in ``file`` (as ``check`` reads it), or the exit status once the
    problem is reported on standard error: 2 when it cannot be read, 1 when it is
    invalid. ``command`` names the reporter."""
    try:
        return check(file, warn=False)[0]
    except (BriefingInvalid, BriefingUnreadable) as problem:
        return report_load_problem(command, file, problem)


def report_load_problem(
    command: str, file: Path | None, problem: BriefingInvalid | BriefingUnreadable
) -> int:
    """Report why the briefing in ``file`` could not be had, as ``load_or_report`` does;
    the exit status for that (2 unreadable, 1 invalid)."""
    if isinstance(problem, BriefingUnreadable):
        return unreadable(command, file, problem.reason)
    print(problem.report(), file=sys.stderr)
    return 1
