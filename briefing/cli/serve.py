"""``briefing serve [FILE]``: an SSH server whose only program is the reader of FILE."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from briefing.cli.arguments import count, duration, port, public_address
from briefing.cli.command import Command, command_parser
from briefing.cli.loading import load_or_report
from briefing.core.bundled import default_briefing
from briefing.serve.policy import Limits, parse_duration


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing serve``."""
    serve = command_parser(
        "serve",
        "Run an SSH server whose only program is the reader of FILE: "
        "'ssh -p PORT brief@HOST' opens it, 'ssh -p PORT HOST export' prints the brief. "
        "Needs the ssh extra: pip install 'briefing[ssh]'.",
    )
    serve.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="the briefing to publish, or a folder of briefings (default: the bundled one)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    serve.add_argument("--port", type=port, default=2222, help="port to listen on (%(default)s)")
    serve.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="PATH",
        help="public keys allowed in (default: authorized_keys in the state directory)",
    )
    serve.add_argument(
        "--public", action="store_true", help="let anyone in without a key (prints a warning)"
    )
    serve.add_argument(
        "--host-key",
        type=Path,
        metavar="PATH",
        help="ed25519 host key, created if missing (default: in the state directory)",
    )
    serve.add_argument(
        "--no-state",
        action="store_true",
        help="keep no read state for anyone: no marks of what is new, "
        "no 'export --since-last-visit'",
    )
    _add_limit_options(serve)
    serve.add_argument(
        "--public-address",
        type=public_address,
        metavar="HOST[:PORT]",
        help="the name (and port) clients connect to, shown in the commands the reader "
        "suggests (default: the address and port listened on)",
    )
    serve.add_argument(
        "--proxy-protocol",
        action="store_true",
        help="expect HAProxy's PROXY header (v1 or v2) on every connection, "
        "and take the client's address from it",
    )
    return serve


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    """How many sessions, and for how long: ``--max-sessions`` and the options after it."""
    parser.add_argument(
        "--max-sessions",
        type=count,
        default=20,
        metavar="N",
        help="readers open at once (%(default)s)",
    )
    parser.add_argument(
        "--max-per-address",
        type=count,
        default=10,
        metavar="N",
        help="readers open at once from one address (%(default)s)",
    )
    parser.add_argument(
        "--max-auth-tries",
        type=count,
        default=6,
        metavar="N",
        help="keys a connection may have refused before it is closed, as sshd's "
        "MaxAuthTries (%(default)s)",
    )
    parser.add_argument(
        "--login-grace",
        type=duration,
        default="30s",
        metavar="TIME",
        help="time to log in (%(default)s)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=duration,
        default="30m",
        metavar="TIME",
        help="end sessions without input (%(default)s)",
    )
    parser.add_argument(
        "--max-session",
        type=duration,
        default="4h",
        metavar="TIME",
        help="longest session (%(default)s)",
    )


def run(options: argparse.Namespace) -> int:
    """Serve ``options.file`` until the server is stopped.

    Returns the server's exit status; 1 without the ssh extra or with an invalid
    briefing, 2 when the briefing cannot be read or a path given is refused.
    """
    if importlib.util.find_spec("asyncssh") is None:
        print("briefing serve needs the ssh extra: pip install 'briefing[ssh]'", file=sys.stderr)
        return 1
    from briefing.serve import server  # needs asyncssh, checked above

    file = (options.file or default_briefing()).resolve()
    if file.is_dir() and not _holds_briefings(file):
        print(
            f"briefing serve: cannot read {file}: a folder with no briefing files "
            "(*.yaml, *.yml) in it",
            file=sys.stderr,
        )
        return 2
    if file.is_dir():  # a library: its files are checked as it is served
        served_ids = _library_ids(file)
    else:
        served = load_or_report(file, "briefing serve")
        if isinstance(served, int):
            return served
        served_ids = (served.id,)
    try:
        limits = Limits(
            max_sessions=options.max_sessions,
            max_per_address=options.max_per_address,
            max_auth_tries=options.max_auth_tries,
            login_grace=parse_duration(options.login_grace),
            idle_timeout=parse_duration(options.idle_timeout),
            max_session=parse_duration(options.max_session),
        )
    except ValueError as error:
        print(f"briefing serve: {error}", file=sys.stderr)
        return 2
    try:
        return server.run(
            server.ServeOptions(
                briefing=file,
                host=options.host,
                port=options.port,
                host_key=options.host_key,
                authorized_keys=options.authorized_keys,
                public=options.public,
                limits=limits,
                proxy_protocol=options.proxy_protocol,
                public_address=options.public_address,
                keep_state=not options.no_state,
                served_ids=served_ids,
            )
        )
    except OSError as error:
        # A path given in an option that the system refuses (a host key under /proc...).
        where = f"{error.filename}: " if error.filename else ""
        print(f"briefing serve: {where}{(error.strerror or str(error)).lower()}", file=sys.stderr)
        return 2


def _library_ids(folder: Path) -> tuple[str, ...]:
    """The ids the library in ``folder`` serves now (none when it cannot be read: the
    server then says why), so that read state kept for them is not dropped as expired."""
    from briefing.core.catalogue import LibraryError
    from briefing.core.library import Library

    try:
        return tuple(Library(folder).refresh().ids())
    except LibraryError:
        return ()


def _holds_briefings(folder: Path) -> bool:
    """Whether ``folder`` has a briefing file to serve; a folder past the limit does too
    (the server then refuses it, saying so)."""
    from briefing.core.catalogue import LibraryError
    from briefing.core.library import list_briefing_files

    try:
        return bool(list_briefing_files(folder))
    except LibraryError:
        return True


COMMAND = Command(parser, run)
