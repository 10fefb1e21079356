"""What a client of ``briefing serve`` may do: the rules, kept free of any networking.

Everything a remote client controls (its command line, environment, terminal type and
window size) passes through these functions before it reaches a process on the server.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

# Terminal names are short words like xterm-256color or screen.xterm-256color; anything
# else (spaces, slashes, escapes) would at best be useless and at worst a path.
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}\Z")
_LOCALE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}\Z")
_LOCALE_NAME = re.compile(r"LC_[A-Z]{1,20}\Z")
_ABOUT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}\Z")

FALLBACK_TERM = "xterm"
"""Used when a client sends no terminal type, or one that fails validation."""

# Server-side variables the child needs to find Python and the package; nothing else of
# the server's environment is passed on.
_SERVER_ENV = ("PATH", "HOME", "PYTHONPATH", "VIRTUAL_ENV", "TZ", "TMPDIR")

SERVED_MARKER = "BRIEFING_SERVED"
"""Set in the environment of every process started for an SSH client."""


def is_served(env: Mapping[str, str] | None = None) -> bool:
    """True in a reader started by ``briefing serve``: files and screenshots it saved would
    land on the server, out of the remote reader's reach."""
    return SERVED_MARKER in (os.environ if env is None else env)


SCREEN_READER_VARIABLE = "BRIEFING_SCREEN_READER"
"""Accepted from a client (OpenSSH's ``SetEnv``), as ``0`` or ``1``: the reader's
``--screen-reader`` mode, which a client has no other way to ask for."""

READ_STATE_VARIABLE = "BRIEFING_READ_STATE"
"""Set by the server in the environment of a process started for a key that keeps read
state: the absolute path of that key's directory (see ``briefing.serve.keystate``)."""


def served_read_state(env: Mapping[str, str] | None = None) -> Path | None:
    """The directory where this served process keeps its key's read state, or None when it
    keeps none (a ``--public`` session, ``--no-state``, or not served at all)."""
    env = os.environ if env is None else env
    value = env.get(READ_STATE_VARIABLE, "") if SERVED_MARKER in env else ""
    return Path(value) if value and os.path.isabs(value) else None


DEFAULT_SIZE = (80, 24)
MAX_COLUMNS = 512
MAX_ROWS = 256
MIN_COLUMNS = 10
MIN_ROWS = 3

# Sent to a client whose reader was ended by the server rather than by the reader itself,
# so its terminal is left usable: mouse reporting, bracketed paste, focus events and the
# kitty keyboard protocol off, main screen back, then attributes reset and the cursor shown
# (after leaving the alternate screen, since some terminals restore cursor state then).
RESTORE_TERMINAL = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    "\x1b[?2004l\x1b[?1004l\x1b[<u\x1b[?2026l"
    "\x1b[?1049l\x1b[0m\x1b[?25h"
).encode("ascii")


class Refused(Exception):
    """A client request the server will not carry out; the message is shown to the client."""


@dataclass(frozen=True)
class ExportCommand:
    """``export [ID] [--about ID | --since-last-visit]`` or ``read [ID] [--about ID]``: what
    a client may run to print a briefing. ``name`` is the ``briefing`` command run, one of
    ``CLIENT_COMMANDS``; ``briefing_id`` names the briefing (the one served when None);
    ``about`` narrows it to one event, element or actor; ``since_last_visit`` (export only)
    asks for the brief of what is new since that key last quit the reader."""

    about: str | None = None
    name: str = "export"
    briefing_id: str | None = None
    since_last_visit: bool = False

    def describe(self) -> str:
        """The command as the log names it: ``export``, ``read ID --about X``,
        ``export --since-last-visit``."""
        words = [self.name]
        if self.briefing_id is not None:
            words.append(self.briefing_id)
        if self.about is not None:
            words += ["--about", self.about]
        if self.since_last_visit:
            words.append(SINCE_LAST_VISIT)
        return " ".join(words)


@dataclass(frozen=True)
class ListCommand:
    """``list``: one line per briefing served, its id, as-of date and title."""

    def describe(self) -> str:
        """The command as the log names it: ``list``."""
        return "list"


ClientCommand = ExportCommand | ListCommand
"""A command a client may run (or a key's forced command names)."""

SINCE_LAST_VISIT = "--since-last-visit"

CLIENT_COMMANDS = ("export", "read")
"""The ``briefing`` commands that print a briefing for a client over SSH."""

ONLY_COMMANDS = "only 'list', 'export [ID] [--about ID]' and 'read [ID] [--about ID]' can run here"
"""Why any other command is refused."""


def parse_command(command: str) -> ClientCommand:
    """The request in an SSH exec command, or ``Refused`` for anything else."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in command):
        raise Refused(ONLY_COMMANDS)
    try:
        words = shlex.split(command)
    except ValueError:
        raise Refused(ONLY_COMMANDS) from None
    if words == ["list"]:
        return ListCommand()
    if words[:1] == ["list"]:
        raise Refused("usage: list")
    if not words or words[0] not in CLIENT_COMMANDS:
        raise Refused(ONLY_COMMANDS)
    name = words[0]
    rest = [word for word in words[1:] if word != SINCE_LAST_VISIT]
    asked = _client_command(name, rest)
    if len(rest) == len(words) - 1:
        return asked
    if name != "export":
        raise Refused(f"{SINCE_LAST_VISIT} is an option of export")
    if asked.about is not None:
        raise Refused(f"{SINCE_LAST_VISIT} and --about cannot be used together")
    return replace(asked, since_last_visit=True)


def _client_command(name: str, rest: list[str]) -> ExportCommand:
    """``name`` (``export`` or ``read``) with the words after it, ``--since-last-visit``
    taken out: an optional briefing id and ``--about ID``, in either order."""
    if any(word.startswith("--since") for word in rest):
        raise Refused(
            "--since reads an earlier version from a file; there is none to give here "
            f"(use {SINCE_LAST_VISIT})"
        )
    rest = list(rest)
    about: str | None = None
    briefing_id: str | None = None
    while rest:
        word = rest.pop(0)
        if word.startswith("--about="):
            rest.insert(0, word.removeprefix("--about="))
            word = "--about"
        if word == "--about" and rest and about is None:
            about = rest.pop(0)
            if not _ABOUT_ID.match(about):
                raise Refused("--about takes the id of an event, element or actor")
        elif not word.startswith("-") and briefing_id is None:
            if not _ABOUT_ID.match(word):
                raise Refused(f"{name} takes the id of a briefing: 'list' shows them")
            briefing_id = word
        else:
            raise Refused(f"usage: {name} [ID] [--about ID]")
    return ExportCommand(about=about, name=name, briefing_id=briefing_id)


def valid_term(term: str | None) -> bool:
    """True when ``term`` is a plausible terminal name (a letter or digit, then up to 63 of
    letters, digits and ``._+-``), so a client's ``TERM`` can be passed to the reader; False
    for None."""
    return term is not None and bool(_TERM.match(term))


def child_environment(
    client_env: Mapping[str, str],
    term: str | None,
    server_env: Mapping[str, str] | None = None,
    *,
    read_state: Path | None = None,
) -> dict[str, str]:
    """The whole environment of a reader or export process started for a client.

    From the client: TERM (validated), locale settings (LANG, LC_*) and
    ``BRIEFING_SCREEN_READER`` (``0`` or ``1``) only, as sshd's ``AcceptEnv`` would name
    them. COLUMNS and LINES are never set: they would pin the reader to one size and break
    resizing. From the server: ``read_state``, the directory of the client key's read
    state, when it keeps one (``READ_STATE_VARIABLE``).
    """
    server_env = os.environ if server_env is None else server_env
    env = {name: server_env[name] for name in _SERVER_ENV if name in server_env}
    for name, value in client_env.items():
        locale = (name == "LANG" or _LOCALE_NAME.match(name)) and _LOCALE.match(value)
        if locale or (name == SCREEN_READER_VARIABLE and value in ("0", "1")):
            env[name] = value
    env["TERM"] = term if term is not None and valid_term(term) else FALLBACK_TERM
    # SSH clients are UTF-8 nowadays; a client locale the server lacks must not turn
    # the reader's box drawing into question marks.
    env["PYTHONUTF8"] = "1"
    # Tells the reader it runs for a remote user: it must not save files or open a
    # browser on this machine.
    env[SERVED_MARKER] = "ssh"
    if read_state is not None:
        env[READ_STATE_VARIABLE] = str(read_state)
    return env


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """A window size safe to give a pseudo-terminal: 0 means unknown, huge means hostile."""
    if columns <= 0 or rows <= 0:
        columns, rows = DEFAULT_SIZE
    return (
        min(max(columns, MIN_COLUMNS), MAX_COLUMNS),
        min(max(rows, MIN_ROWS), MAX_ROWS),
    )


_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smh]?)\Z")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_duration(text: str) -> float:
    """Seconds in ``90``, ``90s``, ``15m`` or ``4h``; 0 turns the limit off."""
    match = _DURATION.match(text.strip().lower())
    if match is None:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 15m, 4h)")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


MAX_CHANNELS = 10
"""Session channels one connection may have open, started or not: sshd's ``MaxSessions``."""

MAX_ENVIRONMENT_BYTES = 8192
"""Bytes of ``env`` requests (names and values) one channel may send. Only ``LANG`` and
``LC_*`` are used, a few hundred bytes; the bound keeps one connection's memory for
environments within ``MAX_CHANNELS`` times this."""


@dataclass(frozen=True)
class Limits:
    """How much one server and one client may use; durations in seconds, 0 = no limit.

    ``max_auth_tries`` is sshd's ``MaxAuthTries``: the number of distinct keys a connection
    may have refused; the last of them ends the connection.
    """

    max_sessions: int = 20
    max_per_address: int = 10
    login_grace: float = 30.0
    idle_timeout: float = 30 * 60.0
    max_session: float = 4 * 3600.0
    max_auth_tries: int = 6
    max_channels: int = MAX_CHANNELS
    max_environment_bytes: int = MAX_ENVIRONMENT_BYTES

    def __post_init__(self) -> None:
        if self.max_sessions < 1 or self.max_per_address < 1:
            raise ValueError("session limits must be at least 1")
        if self.max_auth_tries < 1 or self.max_channels < 1:
            raise ValueError("connection limits must be at least 1")
        if min(self.login_grace, self.idle_timeout, self.max_session) < 0:
            raise ValueError("durations cannot be negative")

    @property
    def max_connections(self) -> int:
        """Open connections, authenticated or not: bounds memory before sessions start."""
        return self.max_sessions * 2 + 10

    @property
    def max_connections_per_address(self) -> int:
        """So that one address cannot take every place by connecting and never logging in."""
        return self.max_per_address * 2 + 2


def session_refusal(active: int, from_address: int, limits: Limits) -> str | None:
    """Why one more session cannot start, or None when it can."""
    if active >= limits.max_sessions:
        return f"the server is full ({limits.max_sessions} sessions are open); try again later"
    if from_address >= limits.max_per_address:
        return (
            f"too many sessions from your address ({limits.max_per_address}); "
            "close one and try again"
        )
    return None


TOO_MANY_CONNECTIONS = "too many connections; try again later"
TOO_MANY_FROM_ADDRESS = "too many connections from your address; close one and try again"
TOO_MANY_AUTH_FAILURES = "too many authentication failures"


def connection_refusal(open_connections: int, from_address: int, limits: Limits) -> str | None:
    """Why one more connection is turned away before the SSH handshake, or None."""
    if open_connections >= limits.max_connections:
        return TOO_MANY_CONNECTIONS
    if from_address >= limits.max_connections_per_address:
        return TOO_MANY_FROM_ADDRESS
    return None


def channel_refusal(open_channels: int, limits: Limits) -> str | None:
    """Why a connection may not open one more session channel, or None when it may."""
    if open_channels >= limits.max_channels:
        return (
            f"too many sessions on this connection ({limits.max_channels}); close one and try again"
        )
    return None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


EndReason = Literal[
    "quit",
    "client closed",
    "client dropped",
    "idle timeout",
    "max session length",
    "server shutdown",
    "refused",
    "failed",
]


def format_duration(seconds: float) -> str:
    """``seconds`` as the log writes a session's length: ``4.2s`` under a minute, else ``12m05s``
    or ``1h02m05s``."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


# Control and bidirectional-override characters could forge or hide log content.
_LOG_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def log_field(value: str, limit: int = 120) -> str:
    """A client-supplied value as one log token: escaped, quoted when it has spaces, bounded."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    escaped = _LOG_UNSAFE.sub(
        lambda match: f"\\u{ord(match.group()):04x}",
        value.replace("\\", "\\\\").replace('"', '\\"'),
    )
    if not escaped or any(char in escaped for char in ' "'):
        return f'"{escaped}"'
    return escaped


def state_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where the server keeps its host key: ``$XDG_STATE_HOME/briefing``."""
    env = os.environ if env is None else env
    base = env.get("XDG_STATE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / "briefing"
