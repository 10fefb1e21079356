"""The ``briefing`` command.

``briefing [FILE]`` opens the reader (``reader``, started by ``boot``); ``briefing COMMAND``
runs one of ``COMMANDS``, each a module of this package with its own parser and ``run``.
Only the module of the command given is imported, so the commands never import Textual
and start fast, and the reader never imports what only the commands need.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

from briefing.cli.command import Command

COMMANDS = ("validate", "schema", "summary", "read", "export", "serve", "diff")
"""Each ``briefing COMMAND``: the module ``briefing.cli.COMMAND`` holds it."""

READER = "reader"
"""The module of ``briefing [FILE]``."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``briefing`` with ``argv`` (default: the process's arguments); the exit status.

    0 done, 1 an invalid briefing (or a reader that ended in an error), 2 a usage or
    file-system error, 130 interrupted. A usage error raises ``SystemExit(2)`` from
    argparse, after printing the command's usage.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _never_fail_on_encoding()
    try:
        if args and args[0] in COMMANDS:
            command, args = command_of(args[0]), args[1:]
        elif args and (unknown := _unknown_command(args[0])):
            print(f"briefing: {unknown}", file=sys.stderr)
            return 2
        else:
            command = command_of(READER)
        return command.run(command.parser().parse_args(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `briefing summary | head` closed the pipe: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def command_of(name: str) -> Command:
    """The ``Command`` of module ``briefing.cli.NAME``, imported now.

    Raises ``ModuleNotFoundError`` for a name that is not one of ``COMMANDS`` or ``READER``.
    """
    command = importlib.import_module(f"{__name__}.{name}").COMMAND
    assert isinstance(command, Command), name
    return command


def _never_fail_on_encoding() -> None:
    """Text the terminal's encoding cannot show is printed as ``?``, never a traceback
    (Chinese names under ``LANG=en_US.ISO-8859-1``, say)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and stream.errors == "strict":
            reconfigure(errors="replace")


def _unknown_command(word: str) -> str | None:
    """Why ``briefing WORD`` is refused, when WORD is not a file but looks like a command."""
    if word.startswith("-") or os.path.lexists(word):
        return None
    import difflib  # only for a word that is neither a file nor a command

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    if close:
        return f"unknown command {word!r} (did you mean {close[0]!r}?)"
    if "." in word or os.sep in word:
        return None  # a file name: the reader says it does not exist
    return (
        f"unknown command {word!r}, and no file of that name "
        f"(commands: {', '.join(COMMANDS)}; or give a briefing file)"
    )
