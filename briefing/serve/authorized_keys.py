"""Authorized-keys files as sshd(8) reads them, options included (needs asyncssh for the keys).

The options and their meaning follow sshd(8), section AUTHORIZED_KEYS FILE FORMAT. Option
names are case-insensitive; values are double-quoted, with ``\\"`` for a quote inside. A
line whose options cannot be honoured here is not used to let anyone in, and the reason is
logged, as sshd does with "bad options".
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from briefing.serve.policy import ClientCommand, Refused, parse_command
from briefing.serve.sshlib import asyncssh

# Forwarding, ~/.ssh/rc, tunnels and the client's environment are never offered here
# (only TERM, LANG and LC_* pass, for every key), so these options change nothing.
_NO_OP_FLAGS = frozenset(
    {
        "agent-forwarding",
        "no-agent-forwarding",
        "port-forwarding",
        "no-port-forwarding",
        "x11-forwarding",
        "no-x11-forwarding",
        "user-rc",
        "no-user-rc",
        # Only loosens sshd's own check of a security key's touch; asyncssh keeps its own.
        "no-touch-required",
    }
)
_NO_OP_VALUES = frozenset({"permitopen", "permitlisten", "environment", "tunnel"})
_REFUSED = {
    "cert-authority": "cert-authority is not supported here (certificates are not accepted)",
    "principals": "principals= is not supported here (certificates are not accepted)",
    "verify-required": "verify-required cannot be checked here",
}
_FLAGS = _NO_OP_FLAGS | {"restrict", "pty", "no-pty", "cert-authority", "verify-required"}
_VALUED = _NO_OP_VALUES | {"command", "from", "expiry-time", "principals"}
_ONCE = ("command", "from")
_NAME = re.compile(r"[A-Za-z0-9-]+")
_WILDCARDS = re.compile(r"[*?]")


class OptionsError(ValueError):
    """An options field that cannot be read; the message says where and why."""


class KeyRefused(Exception):
    """A key whose options do not let it in; the message says why, for the log."""


@dataclass(frozen=True)
class KeyOption:
    """One option of an authorized-keys line: its lower-case name and its unquoted value."""

    name: str
    value: str | None = None

    def __str__(self) -> str:
        if self.value is None:
            return self.name
        return f'{self.name}="{self.value}"'


@dataclass(frozen=True)
class KeyRights:
    """What a key that got in may do: open a terminal, and run only a forced command."""

    pty: bool = True
    command: ClientCommand | None = None


@dataclass(frozen=True)
class AuthorizedKey:
    """One usable line of an authorized-keys file (``line`` counts from 1)."""

    line: int
    key: asyncssh.SSHKey
    options: tuple[KeyOption, ...] = ()


def parse_options(text: str) -> tuple[KeyOption, ...]:
    """The comma-separated options before a key, in order; ``OptionsError`` when malformed."""
    options: list[KeyOption] = []
    at = 0
    while True:
        match = _NAME.match(text, at)
        if match is None:
            raise OptionsError(f"expected an option name at column {at + 1}")
        name = match.group().lower()
        at = match.end()
        value: str | None = None
        if text.startswith("=", at):
            value, at = _quoted(text, at + 1)
        options.append(KeyOption(name, value))
        if at == len(text):
            return tuple(options)
        if text[at] != ",":
            raise OptionsError(f"expected ',' after {name} at column {at + 1}")
        at += 1


def _quoted(text: str, at: int) -> tuple[str, int]:
    """A double-quoted value starting at ``at`` and the index just past it (sshd's rules)."""
    if not text.startswith('"', at):
        raise OptionsError(f"the value at column {at + 1} must be in double quotes")
    value: list[str] = []
    index = at + 1
    while index < len(text):
        char = text[index]
        if char == "\\" and text.startswith('"', index + 1):
            value.append('"')
            index += 2
            continue
        if char == '"':
            return "".join(value), index + 1
        value.append(char)
        index += 1
    raise OptionsError(f"the quote at column {at + 1} is not closed")


def split_options(line: str) -> tuple[str, str]:
    """(options, rest of the line) where options end at the first unquoted space or tab."""
    quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if quoted and char == "\\" and line.startswith('"', index + 1):
            index += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char in " \t" and not quoted:
            return line[:index], line[index:].strip()
        index += 1
    return line, ""


def rights_for(
    options: Sequence[KeyOption], address: str | None = None, now: datetime | None = None
) -> KeyRights:
    """What a key with these options may do when used from ``address`` at ``now``.

    Raises ``KeyRefused`` when an option refuses the key: one the server does not know or
    cannot honour, a malformed value, ``from=`` not matching, or ``expiry-time=`` passed.
    Without an address or a time those two are not checked (to check a file once it is read).
    Options apply in order, so ``restrict,pty`` allows a terminal and ``pty,restrict`` does not.
    """
    pty = True
    command: ClientCommand | None = None
    for name in _ONCE:
        if sum(1 for option in options if option.name == name) > 1:
            raise KeyRefused(f"{name}= is given more than once")
    for option in options:
        name, value = option.name, option.value
        if name in _REFUSED:
            raise KeyRefused(_REFUSED[name])
        if name not in _FLAGS | _VALUED:
            raise KeyRefused(f"unknown option {name!r}")
        if name in _FLAGS and value is not None:
            raise KeyRefused(f"{name} takes no value")
        if name in _VALUED and value is None:
            raise KeyRefused(f'{name} needs a value: {name}="..."')
        if name == "restrict" or name == "no-pty":
            pty = False
        elif name == "pty":
            pty = True
        elif name == "command":
            assert value is not None
            try:
                command = parse_command(value)
            except Refused:
                raise KeyRefused(
                    f"command={_shown(value)} is not a command this server runs "
                    "(only list, export [ID] [--about ID] or read [ID] [--about ID])"
                ) from None
        elif name == "environment":
            assert value is not None
            if not re.match(r"[^=\s]+=", value):
                raise KeyRefused(f"environment={_shown(value)} is not NAME=value")
        elif name == "expiry-time":
            assert value is not None
            expiry = parse_expiry_time(value)
            if now is not None and expiry < now:
                raise KeyRefused(f"the key expired at expiry-time={_shown(value)}")
        elif name == "from":
            assert value is not None
            allowed = from_matches(value, address) if address is not None else True
            if not allowed:
                raise KeyRefused(f"from={_shown(value)} does not match {address}")
    return KeyRights(pty=pty, command=command)


def _shown(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def parse_expiry_time(text: str) -> datetime:
    """``YYYYMMDD[Z]`` or ``YYYYMMDDHHMM[SS][Z]``: local time, or UTC with Z (sshd(8)).

    Returns an aware datetime; raises ``KeyRefused`` for anything else.
    """
    utc = text[-1:] in ("Z", "z")
    digits = text[:-1] if utc else text
    formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
    if not digits.isascii() or not digits.isdigit() or len(digits) not in formats:
        raise KeyRefused(f"expiry-time={_shown(text)} is not YYYYMMDD[HHMM[SS]][Z]")
    try:
        moment = datetime.strptime(digits, formats[len(digits)])
    except ValueError:
        raise KeyRefused(f"expiry-time={_shown(text)} is not a real date") from None
    if utc:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone()  # a naive time is read in the system's time zone


def from_matches(patterns: str, address: str) -> bool:
    """Whether ``address`` satisfies a ``from=`` pattern list (ssh_config(5), PATTERNS).

    Patterns are addresses, CIDR networks, or wildcards (``*``, ``?``); ``!`` negates, and
    a negated match refuses whatever else matches. Host names are not looked up, as with
    sshd's default ``UseDNS no``. A network with host bits set matches nothing, as in sshd.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = None
    matched = False
    for pattern in patterns.split(","):
        negated = pattern.startswith("!")
        body = pattern[1:] if negated else pattern
        hit = _pattern_matches(body, address, ip)
        if hit is None:
            return False
        if hit and negated:
            return False
        matched = matched or hit
    return matched


def _pattern_matches(
    pattern: str, address: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None
) -> bool | None:
    """True or False, or None when the pattern is an inconsistent network (refuse)."""
    if not _WILDCARDS.search(pattern):
        try:
            network = ipaddress.ip_network(pattern, strict=True)
        except ValueError:
            if "/" in pattern:
                try:
                    ipaddress.ip_network(pattern, strict=False)
                except ValueError:
                    return False
                return None  # e.g. 192.0.2.1/24: host bits set
            return pattern.lower() == address.lower()
        return ip is not None and ip.version == network.version and ip in network
    regex = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    return re.fullmatch(regex, address, re.IGNORECASE) is not None


@dataclass(frozen=True)
class LineProblem:
    """A line of an authorized-keys file that lets no one in, and why."""

    line: int
    message: str


def read_authorized_keys(text: str) -> tuple[list[AuthorizedKey], list[LineProblem]]:
    """The usable lines of an authorized-keys file and the problems of the others.

    A line whose options are known to refuse its key (an unknown option, say) is still
    returned, so that a client using that key is told nothing and the log says why.
    """
    entries: list[AuthorizedKey] = []
    problems: list[LineProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            entries.append(AuthorizedKey(number, *_key_and_options(line)))
        except OptionsError as error:
            problems.append(LineProblem(number, f"cannot read the options: {error}"))
            continue
        except asyncssh.KeyImportError:
            problems.append(LineProblem(number, "not a public key"))
            continue
        try:
            rights_for(entries[-1].options)
        except KeyRefused as refused:
            problems.append(LineProblem(number, f"{refused}; this key is refused"))
    return entries, problems


def _key_and_options(line: str) -> tuple[asyncssh.SSHKey, tuple[KeyOption, ...]]:
    try:
        return asyncssh.import_public_key(line), ()
    except asyncssh.KeyImportError:
        pass
    options_text, rest = split_options(line)
    options = parse_options(options_text)  # says so when a quote is left open
    if not rest:
        raise asyncssh.KeyImportError("not a public key")
    return asyncssh.import_public_key(rest), options


def matching(entries: Sequence[AuthorizedKey], key: asyncssh.SSHKey) -> Iterator[AuthorizedKey]:
    """The lines for ``key``, in file order: sshd uses the first one whose options pass."""
    return (entry for entry in entries if entry.key == key)


class AuthorizedKeysFile:
    """An authorized-keys file, read again whenever it changes; problems go to ``warn``."""

    def __init__(self, path: Path, warn: Callable[[str], None] | None = None) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._entries: list[AuthorizedKey] = []
        self._warn = warn

    def entries(self) -> list[AuthorizedKey]:
        """The keys the file allows now, read again whenever its modification time or size
        changed. A file that is missing or cannot be read allows no key (the second is
        logged); a line that cannot be used is logged with its number and left out."""
        try:
            info = self.path.stat()
        except OSError:
            self._entries, self._stamp = [], None
            return self._entries
        stamp = (info.st_mtime_ns, info.st_size)
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                text = self.path.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                self._report(f"cannot read {self.path}: {error.strerror}; no key is accepted")
                self._entries = []
                return self._entries
            self._entries, problems = read_authorized_keys(text)
            for problem in problems:
                self._report(f"{self.path}:{problem.line}: {problem.message}")
        return self._entries

    def _report(self, message: str) -> None:
        if self._warn is not None:
            self._warn(message)
