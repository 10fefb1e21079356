"""The ``briefing`` command.

``briefing [FILE]`` opens the reader; the subcommands below work without it and never
import Textual, so they start fast and run anywhere.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import __version__

if TYPE_CHECKING:
    from briefing.core.model import Briefing
    from briefing.core.problems import BriefingInvalid, BriefingUnreadable, Problem
    from briefing.core.readstate import ReadMarks

SUBCOMMANDS = ("validate", "schema", "summary", "export", "serve", "diff")


def _reader_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Read a curated policy briefing in the terminal.",
        epilog=(
            "commands: briefing export [FILE] | briefing validate FILE... | briefing schema "
            "| briefing summary [FILE] | briefing serve [FILE] | briefing diff OLD NEW. "
            "Run 'briefing COMMAND --help' for more."
        ),
    )
    parser.add_argument(
        "file", nargs="?", type=Path, help="a briefing .yaml file (default: the bundled one)"
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colours: dark (default), light, high-contrast, ansi (the terminal's own 16)",
    )
    parser.add_argument(
        "--no-color", action="store_true", help="monochrome display (as does NO_COLOR=1)"
    )
    parser.add_argument(
        "--low-bandwidth",
        action="store_true",
        help="no animations or smooth scrolling, fewer frames: for slow remote links",
    )
    parser.add_argument(
        "--no-state",
        action="store_true",
        help="do not remember what was read: no state is read or written",
    )
    # Given by `briefing serve` to the readers it starts: where its users connect.
    parser.add_argument("--served-address", metavar="HOST[:PORT]", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    return parser


def _command_parsers() -> dict[str, argparse.ArgumentParser]:
    """The parser of each command, by name: a usage error prints that command's usage."""
    parser = argparse.ArgumentParser(prog="briefing")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="check briefing files",
        description=(
            "Check briefing files ('-' reads standard input); print every problem as "
            "FILE:LINE:COL: message, errors first, then warnings. Exit status: 0 valid "
            "(warnings allowed), 1 any error (or, with --strict, any warning), 2 usage error."
        ),
    )
    validate.add_argument("files", nargs="+", type=_input_path, metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.add_argument(
        "--strict", action="store_true", help="exit 1 when there are warnings, too"
    )
    commands.add_parser(
        "schema",
        help="print the JSON Schema of the format",
        description="Print the JSON Schema of the briefing format, for editors and other tools.",
    )
    summary = commands.add_parser(
        "summary",
        help="print a short text summary",
        description="Print a short plain-text summary of a briefing.",
    )
    summary.add_argument("file", nargs="?", type=_input_path, help="'-' reads standard input")
    _add_export_parser(commands)
    _add_serve_parser(commands)
    _add_diff_parser(commands)
    return dict(commands.choices)


def _add_export_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help="write the one-page Markdown brief",
        description=(
            "Write a one-page Markdown brief of the briefing: bottom line, key points, "
            "figures, timeline, elements, actors, quotes and numbered sources. "
            "Exit status: 0 written, 1 invalid briefing, 2 usage or file-system error."
        ),
    )
    export.add_argument("file", nargs="?", type=_input_path, help="'-' reads standard input")
    export.add_argument(
        "-o",
        "--output",
        default="-",
        type=_output_path,
        metavar="PATH",
        help="write the brief here, atomically (default and '-': standard output)",
    )
    export.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    export.add_argument(
        "--about", metavar="ID", help="only what involves one actor id, element symbol or tag"
    )
    export.add_argument(
        "--since",
        type=_input_path,
        metavar="OLD",
        help="only what is new or changed since OLD, an earlier version of the briefing",
    )
    export.add_argument(
        "--stamp", action="store_true", help="add the time of export (UTC) under the title"
    )
    export.add_argument(
        "-q", "--quiet", action="store_true", help="do not say what was left out to fit the page"
    )


def _add_serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="publish a briefing over SSH",
        description=(
            "Run an SSH server whose only program is the reader of FILE: "
            "'ssh -p PORT brief@HOST' opens it, 'ssh -p PORT HOST export' prints the brief. "
            "Needs the ssh extra: pip install 'briefing[ssh]'."
        ),
    )
    serve.add_argument(
        "file", nargs="?", type=Path, help="the briefing to publish (default: the bundled one)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    serve.add_argument("--port", type=_port, default=2222, help="port to listen on (%(default)s)")
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
        "--max-sessions",
        type=_count,
        default=20,
        metavar="N",
        help="readers open at once (%(default)s)",
    )
    serve.add_argument(
        "--max-per-address",
        type=_count,
        default=10,
        metavar="N",
        help="readers open at once from one address (%(default)s)",
    )
    serve.add_argument(
        "--max-auth-tries",
        type=_count,
        default=6,
        metavar="N",
        help="keys a connection may have refused before it is closed, as sshd's "
        "MaxAuthTries (%(default)s)",
    )
    serve.add_argument(
        "--login-grace",
        type=_duration,
        default="30s",
        metavar="TIME",
        help="time to log in (%(default)s)",
    )
    serve.add_argument(
        "--idle-timeout",
        type=_duration,
        default="30m",
        metavar="TIME",
        help="end sessions without input (%(default)s)",
    )
    serve.add_argument(
        "--max-session",
        type=_duration,
        default="4h",
        metavar="TIME",
        help="longest session (%(default)s)",
    )
    serve.add_argument(
        "--public-address",
        type=_public_address,
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


def _add_diff_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = commands.add_parser(
        "diff",
        help="list what changed between two versions of a briefing",
        description=(
            "List what was added, removed, changed and renamed from OLD to NEW, by section "
            "and item id; '-' reads one of them from standard input. "
            "Exit status: 0 identical, 1 different, 2 on any error (an invalid briefing too)."
        ),
    )
    diff.add_argument("old", metavar="OLD", type=_input_path, help="the earlier version, or '-'")
    diff.add_argument("new", metavar="NEW", type=_input_path, help="the later version, or '-'")
    diff.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown for people (default), json for tools",
    )


# --- option values: each refusal is one line under the command's usage, exit status 2


def _input_path(text: str) -> Path:
    if not text:
        raise argparse.ArgumentTypeError(
            "the file name is empty; give a path, or - for standard input"
        )
    return Path(text)


def _output_path(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError(
            "the file name is empty; give a path, or - for standard output"
        )
    return text


def _whole_number(text: str, low: int, high: int, what: str) -> int:
    # ASCII digits only: int() would also take '２２' or '٢٢'.
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not {what} (write it with the digits 0-9)")
    value = int(text)
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            f"{value} is out of range: {what} runs from {low} to {high}"
        )
    return value


def _public_address(text: str) -> str:
    host, port = split_address(text)
    if not host or any(char.isspace() for char in text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not HOST or HOST:PORT (an IPv6 address goes in brackets: [::1]:2222)"
        )
    if port is not None:
        _port(port)
    return text


def split_address(text: str) -> tuple[str, str | None]:
    """``HOST[:PORT]`` as its host and port (None when not given); ``[::1]:22`` too."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, rest[1:] if rest.startswith(":") else None
    host, colon, port = text.rpartition(":")
    if not colon or ":" in host:  # no port, or a bare IPv6 address
        return text, None
    return host, port


def _port(text: str) -> int:
    return _whole_number(text, 0, 65535, "a port number")


def _count(text: str) -> int:
    return _whole_number(text, 1, 100_000, "a count")


MAX_DURATION_SECONDS = 366 * 24 * 3600
"""A year: longer limits are mistakes, and the event loop refuses far longer timers."""


def _duration(text: str) -> str:
    """A duration as written (``30s``, ``15m``, ``4h``), checked before anything starts."""
    from briefing.serve.policy import parse_duration

    if not text.isascii():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration (write it with the digits 0-9, like 30s, 15m or 4h)"
        )
    try:
        seconds = parse_duration(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration (write it like 30s, 15m or 4h; 0 for no limit)"
        ) from None
    if seconds > MAX_DURATION_SECONDS:
        raise argparse.ArgumentTypeError(f"{text!r} is longer than a year")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``briefing`` with ``argv`` (default: the process's arguments); the exit status.

    0 done, 1 an invalid briefing (or a reader that ended in an error), 2 a usage or
    file-system error, 130 interrupted.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _never_fail_on_encoding()
    try:
        if args and args[0] in SUBCOMMANDS:
            options = _command_parsers()[args[0]].parse_args(args[1:])
            options.command = args[0]
            return _run_command(options)
        if args and (unknown := _unknown_command(args[0])):
            print(f"briefing: {unknown}", file=sys.stderr)
            return 2
        options = _reader_parser().parse_args(args)
        return _open_reader(options)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `briefing summary | head` closed the pipe: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


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
    import difflib

    close = difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=0.6)
    if close:
        return f"unknown command {word!r} (did you mean {close[0]!r}?)"
    if "." in word or os.sep in word:
        return None  # a file name: the reader says it does not exist
    return (
        f"unknown command {word!r}, and no file of that name "
        f"(commands: {', '.join(SUBCOMMANDS)}; or give a briefing file)"
    )


def _run_command(options: argparse.Namespace) -> int:
    if options.command == "validate":
        return _validate(options.files, quiet=options.quiet, strict=options.strict)
    if options.command == "schema":
        import json

        from briefing.core.validation import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    if options.command == "summary":
        return _summary(options.file)
    if options.command == "export":
        return _export(options)
    if options.command == "serve":
        return _serve(options)
    if options.command == "diff":
        return _diff(options)
    raise AssertionError(options.command)


STDIN_NAME = "<stdin>"
"""How standard input ('-') is named in messages."""


def _is_stdin(file: Path | None) -> bool:
    return file is not None and str(file) == "-"


def _check(file: Path | None, *, warn: bool) -> tuple[Briefing, list[Problem]]:
    """Load ``file`` ('-': standard input; None: the bundled briefing), with its warnings
    when ``warn``; raises BriefingInvalid, or BriefingUnreadable when it cannot be read."""
    from briefing.core.bundled import default_briefing
    from briefing.core.loader import (
        check_briefing,
        check_bytes,
        load_briefing,
        load_bytes,
        read_stream,
    )

    if _is_stdin(file):
        raw = read_stream(sys.stdin.buffer)
        return check_bytes(raw, STDIN_NAME) if warn else (load_bytes(raw, STDIN_NAME), [])
    path = file or default_briefing()
    return check_briefing(path) if warn else (load_briefing(path), [])


def _validate(files: list[Path], quiet: bool, strict: bool = False) -> int:
    from briefing.core.problems import BriefingInvalid, BriefingUnreadable

    failed = 0
    warned = 0
    unreadable = 0
    for file in files:
        try:
            briefing, warnings = _check(file, warn=True)
        except BriefingUnreadable as error:
            unreadable = _unreadable("briefing validate", file, error.reason)
            continue
        except BriefingInvalid as invalid:
            failed += 1
            print(invalid.report(), file=sys.stderr)
            continue
        if not quiet:
            name = STDIN_NAME if _is_stdin(file) else file
            print(
                f"{name}: ok ({len(briefing.events)} events, {len(briefing.elements)} elements, "
                f"{len(briefing.actors)} actors, {len(briefing.quotes)} quotes, "
                f"{len(briefing.figures)} figures)"
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
    if unreadable:
        return unreadable
    return 1 if failed or (strict and warned) else 0


def _unreadable(command: str, file: Path | None, reason: str) -> int:
    """Say in one line that ``file`` cannot be read; the exit status for that, 2.

    The README's rule: 1 for an invalid briefing, 2 for usage or file-system errors.
    """
    name = STDIN_NAME if _is_stdin(file) else file
    print(f"{command}: cannot read {name}: {reason}", file=sys.stderr)
    return 2


def _load_or_report(file: Path | None, command: str) -> Briefing | int:
    """The briefing in ``file``, or the exit status once the problem is reported:
    2 when it cannot be read, 1 when it is invalid. ``command`` names the reporter."""
    from briefing.core.problems import BriefingInvalid, BriefingUnreadable

    try:
        return _check(file, warn=False)[0]
    except BriefingUnreadable as unreadable:
        return _unreadable(command, file, unreadable.reason)
    except BriefingInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return 1


def _summary(file: Path | None, command: str = "briefing summary") -> int:
    from briefing.core.summary import text_summary

    briefing = _load_or_report(file, command)
    if isinstance(briefing, int):
        return briefing
    sys.stdout.write(text_summary(briefing))
    return 0


def _export(options: argparse.Namespace) -> int:
    import unicodedata
    from datetime import UTC, datetime

    from briefing.core.export import UnknownSubject, build_brief

    output_problem = _output_problem(options.output)
    if output_problem:
        print(f"briefing export: {output_problem}", file=sys.stderr)
        return 2
    briefing = _load_or_report(options.file, "briefing export")
    if isinstance(briefing, int):
        return briefing
    if options.since is not None:
        cut = _since(briefing, options)
        if isinstance(cut, int):
            return cut
        briefing = cut
    if options.about is not None:
        # Typed in form D (as some keyboards and file systems give it), it still matches.
        options.about = unicodedata.normalize("NFC", options.about)
    stamp = datetime.now(UTC) if options.stamp else None
    try:
        brief = build_brief(briefing, about=options.about, stamp=stamp)
    except UnknownSubject as unknown:
        print(f"briefing export: --about {unknown}", file=sys.stderr)
        return 2
    data = brief.markdown.encode("utf-8")
    if options.output == "-":
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            # Drop what could not be written, or Python reports it again at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            print(
                f"briefing export: cannot write standard output: {error.strerror}", file=sys.stderr
            )
            return 2
    else:
        target = Path(options.output)
        if problem := _write_problem(target, brief.markdown, force=options.force):
            print(f"briefing export: {problem}", file=sys.stderr)
            return 2
    if not options.quiet:
        scoped = brief.subject is not None
        for note in _export_notes(brief.dropped, brief.fits, brief.usage_line(), scoped):
            print(f"briefing export: {note}", file=sys.stderr)
        shown = brief.shown.get("elements", 0) > 0
        for note in _shortened_notes(brief.dropped, brief.shortened, brief.unsupported, shown):
            print(f"briefing export: {note}", file=sys.stderr)
    return 0


def _since(briefing: Briefing, options: argparse.Namespace) -> Briefing | int:
    """The briefing cut down to what is new since ``--since OLD``, or the exit status."""
    from briefing.core.diff import whats_new

    if options.about is not None:
        print("briefing export: --since and --about cannot be used together", file=sys.stderr)
        return 2
    if _is_stdin(options.since) and _is_stdin(options.file):
        print("briefing export: only one of --since and FILE can be '-'", file=sys.stderr)
        return 2
    old = _load_or_report(options.since, "briefing export")
    if isinstance(old, int):
        return old
    return whats_new(old, briefing)


def _diff(options: argparse.Namespace) -> int:
    """0 identical, 1 different, 2 on any error: the exit status of ``diff``."""
    import json

    from briefing.core.diff import diff_briefings, diff_data, diff_markdown

    if _is_stdin(options.old) and _is_stdin(options.new):
        print("briefing diff: only one of OLD and NEW can be '-' (standard input)", file=sys.stderr)
        return 2
    loaded = []
    for file in (options.old, options.new):
        briefing = _load_or_report(file, "briefing diff")
        if not isinstance(briefing, int):  # any error is 2, an invalid briefing too
            loaded.append(briefing)
    if len(loaded) < 2:
        return 2
    diff = diff_briefings(loaded[0], loaded[1])
    labels = [
        "standard input" if _is_stdin(file) else str(file) for file in (options.old, options.new)
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


def _output_problem(output: str) -> str | None:
    """Why ``-o OUTPUT`` cannot be written, found before any work is done; None if it may."""
    if output == "-":
        return None
    parent = Path(output).parent
    for directory in (parent, *parent.parents):
        if directory.exists() and not directory.is_dir():
            return f"cannot write {output}: {directory} is a file, not a directory"
    return None


def _write_problem(target: Path, text: str, *, force: bool) -> str | None:
    """Write the brief to ``target``; None when done, else what went wrong."""
    from briefing.core.atomic import BriefNotWritten, write_brief

    try:
        write_brief(target, text, overwrite=force)
    except BriefNotWritten as refused:
        return f"{target} exists; add --force to overwrite it" if refused.exists else str(refused)
    return None


def _export_notes(dropped: Sequence[str], fits: bool, usage: str, scoped: bool) -> list[str]:
    notes = []
    if dropped:
        counts: dict[str, int] = {}
        for item in dropped:
            section = item.split(":", 1)[0]
            counts[section] = counts.get(section, 0) + 1
        left_out = ", ".join(
            f"{count} {section}{'s' if count > 1 else ''}" for section, count in counts.items()
        )
        hint = "" if scoped else "; --about ID gives a narrower brief"
        notes.append(f"left out to fit one page ({left_out}){hint}")
    if not fits:
        notes.append(f"over the one-page budget even with every optional item left out: {usage}")
    return notes


def _shortened_notes(
    dropped: Sequence[str],
    shortened: Sequence[str],
    unsupported: Sequence[str],
    elements_shown: bool = True,
) -> list[str]:
    notes = []
    if elements_shown and (
        groups_left_out := [
            item.split(": ", 1)[1] for item in dropped if item.startswith("element group: ")
        ]
    ):
        notes.append(
            "the elements section is titled 'Selected elements' since these groups are left "
            "out: " + "; ".join(groups_left_out)
        )
    if shortened:
        groups = "; ".join(item.split(": ", 1)[1] for item in shortened)
        notes.append(f"element groups listed by symbol to fit one page: {groups}")
    for item in unsupported:
        notes.append(
            f"left out {item}: no source it cites was published on or after its date "
            "(briefing validate warns about it)"
        )
    return notes


def _apply_terminal_options(options: argparse.Namespace) -> None:
    # Textual reads these when it is first imported, so they are set before that.
    if options.no_color:
        os.environ["NO_COLOR"] = "1"
    if options.low_bandwidth:
        os.environ["TEXTUAL_ANIMATIONS"] = "none"
        os.environ["TEXTUAL_SMOOTH_SCROLL"] = "0"
        os.environ["TEXTUAL_FPS"] = "20"


def _serve(options: argparse.Namespace) -> int:
    import importlib.util

    from briefing.core.bundled import default_briefing
    from briefing.serve.policy import Limits, parse_duration

    if importlib.util.find_spec("asyncssh") is None:
        print("briefing serve needs the ssh extra: pip install 'briefing[ssh]'", file=sys.stderr)
        return 1
    from briefing.serve.server import ServeOptions, run

    file = (options.file or default_briefing()).resolve()
    status = _load_or_report(file, "briefing serve")
    if isinstance(status, int):
        return status
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
        return run(
            ServeOptions(
                briefing=file,
                host=options.host,
                port=options.port,
                host_key=options.host_key,
                authorized_keys=options.authorized_keys,
                public=options.public,
                limits=limits,
                proxy_protocol=options.proxy_protocol,
                public_address=options.public_address,
            )
        )
    except OSError as error:
        # A path given in an option that the system refuses (a host key under /proc...).
        where = f"{error.filename}: " if error.filename else ""
        print(f"briefing serve: {where}{(error.strerror or str(error)).lower()}", file=sys.stderr)
        return 2


def _open_reader(options: argparse.Namespace) -> int:
    _apply_terminal_options(options)
    if options.theme is not None and (problem := _theme_problem(options.theme)):
        print(f"briefing: {problem}", file=sys.stderr)
        return 2
    # In a pipe or under CI there is no one to read the screen: print the summary instead.
    if not sys.stdout.isatty():
        return _summary(options.file, "briefing")
    from briefing.terminal import terminal_problem

    if (unable := terminal_problem(os.environ)) is not None:
        # As pagers do on a terminal that cannot take a full-screen program.
        print(f"briefing: {unable}; here is the summary instead.", file=sys.stderr)
        return _summary(options.file, "briefing")
    # Start-up allocates ~100k objects and frees few of them, so the cycle collector's
    # passes over them (~50 ms) find little; the app turns it back on after its first frame.
    gc.disable()
    try:
        return _run_reader(options)
    finally:
        gc.enable()  # when the reader ended before its first frame, or never opened


def _keys_from_terminal() -> str | None:
    """Read keys from the controlling terminal when standard input is something else (a
    pipe, a file), as ``less`` and ``fzf`` do; why not, when there is none."""
    if sys.stdin is not None and sys.stdin.isatty():
        return None
    try:
        terminal = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return "standard input is not a terminal, and there is no terminal to read keys from"
    os.dup2(terminal, 0)
    os.close(terminal)
    return None


def _may_keep() -> bool:
    """Whether this reader may keep what it validated in the cache: not when served."""
    from briefing.serve.policy import is_served

    return not is_served()


def _run_reader(options: argparse.Namespace) -> int:
    from briefing.core.bundled import default_briefing
    from briefing.core.preload import load_in_background
    from briefing.core.problems import BriefingInvalid, BriefingUnreadable

    briefing: Briefing | Callable[[], Briefing]
    if _is_stdin(options.file):
        try:  # the piped briefing is read first; keys come from the terminal after
            briefing = _check(options.file, warn=False)[0]
        except BriefingInvalid as invalid:
            print(invalid.report(), file=sys.stderr)
            return 1
    else:
        # The app waits for it only once it is built and has read its styles.
        # A reader served over SSH keeps nothing on the server; asked in the loading child,
        # once the briefing is sent, so the reader's start-up does not wait for it.
        briefing = load_in_background(options.file or default_briefing(), _may_keep).result
    from briefing.ui.app import BriefingApp  # meanwhile, the child validates the briefing

    if (unable := _keys_from_terminal()) is not None:
        if callable(briefing):  # the briefing's own problems are reported first
            try:
                briefing()
            except (BriefingInvalid, BriefingUnreadable) as problem:
                return _reader_load_problem(options, problem)
        print(f"briefing: {unable}.", file=sys.stderr)
        return 2
    from briefing.serve.policy import is_served

    # A reader served over SSH saves nothing: the files would land on the server. Nor
    # does it keep read state, which would be the server's, shared by every client.
    # (Options made by hand, without the flag, keep none either.)
    served = is_served()
    keeps_state = not (getattr(options, "no_state", True) or served)
    marks_of: Callable[[Briefing], ReadMarks] | None = None
    if keeps_state:
        from briefing.core.readstate import load_marks

        marks_of = load_marks  # made once the briefing is there
    public_address = getattr(options, "served_address", None)
    app = BriefingApp(
        briefing,
        theme=options.theme,
        may_save_files=not served,
        may_suspend=not served,
        export_hint=served_export_hint(public_address) if served else None,
        read_marks=marks_of,
    )
    app.run()
    if app.load_problem is not None:
        return _reader_load_problem(options, app.load_problem)
    # Non-zero when the app ended in an error (Textual showed its crash report).
    if app.return_code:
        return app.return_code
    if keeps_state:
        _remember_read(app.briefing)
    return 0


def _reader_load_problem(
    options: argparse.Namespace, problem: BriefingInvalid | BriefingUnreadable
) -> int:
    """Say why the reader's briefing could not be had; the exit status for that."""
    from briefing.core.problems import BriefingUnreadable

    if isinstance(problem, BriefingUnreadable):
        return _unreadable("briefing", options.file, problem.reason)
    print(problem.report(), file=sys.stderr)
    return 1


def _remember_read(briefing: Briefing) -> None:
    """Record what the briefing held when the reader quit: the next visit marks what is new."""
    from briefing.core.readstate import save_read

    if note := save_read(briefing):
        print(f"briefing: {note}", file=sys.stderr)


def served_export_hint(address: str | None) -> str:
    """What a reader served over SSH tells its user to run to save a brief: ``ssh -p PORT
    HOST export > brief.md``, with the address the server was given when it has one."""
    host, port = split_address(address) if address else ("HOST", "PORT")
    port_option = "" if port in (None, "22") else f"-p {port} "
    return (
        "Read over SSH: ctrl+y copies the brief to your clipboard, "
        f"or on your machine run: ssh {port_option}{host} export > brief.md"
    )


def _theme_problem(name: str) -> str | None:
    """Why ``--theme NAME`` cannot be used, or None when it can."""
    from textual.theme import BUILTIN_THEMES

    from briefing.ui.themes import THEME_NAMES

    if name in THEME_NAMES or name in BUILTIN_THEMES:
        return None
    return (
        f"unknown theme {name!r}; choose one of {', '.join(THEME_NAMES)} "
        f"(or a Textual theme: {', '.join(sorted(BUILTIN_THEMES))})"
    )
