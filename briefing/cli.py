"""The ``briefing`` command.

``briefing [FILE]`` opens the reader; the subcommands below work without it and never
import Textual, so they start fast and run anywhere.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import __version__

if TYPE_CHECKING:
    from briefing.core.model import Briefing

SUBCOMMANDS = ("validate", "schema", "summary", "export", "serve")


def _reader_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Read a curated policy briefing in the terminal.",
        epilog=(
            "commands: briefing export [FILE] | briefing validate FILE... | briefing schema "
            "| briefing summary [FILE] | briefing serve [FILE]. "
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
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="check briefing files",
        description="Check briefing files; print every problem as FILE:LINE:COL: message.",
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
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
    summary.add_argument("file", nargs="?", type=Path)
    _add_export_parser(commands)
    _add_serve_parser(commands)
    return parser


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
    export.add_argument("file", nargs="?", type=Path)
    export.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="PATH",
        help="write the brief here, atomically (default and '-': standard output)",
    )
    export.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    export.add_argument(
        "--about", metavar="ID", help="only what involves one actor id, element symbol or tag"
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
    serve.add_argument("--port", type=int, default=2222, help="port to listen on (%(default)s)")
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
        type=int,
        default=20,
        metavar="N",
        help="readers open at once (%(default)s)",
    )
    serve.add_argument(
        "--max-per-address",
        type=int,
        default=10,
        metavar="N",
        help="readers open at once from one address (%(default)s)",
    )
    serve.add_argument(
        "--login-grace", default="30s", metavar="TIME", help="time to log in (%(default)s)"
    )
    serve.add_argument(
        "--idle-timeout",
        default="30m",
        metavar="TIME",
        help="end sessions without input (%(default)s)",
    )
    serve.add_argument(
        "--max-session", default="4h", metavar="TIME", help="longest session (%(default)s)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            return _run_command(_command_parser().parse_args(args))
        options = _reader_parser().parse_args(args)
        return _open_reader(options)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `briefing summary | head` closed the pipe: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run_command(options: argparse.Namespace) -> int:
    if options.command == "validate":
        return _validate(options.files, quiet=options.quiet)
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
    raise AssertionError(options.command)


def _validate(files: list[Path], quiet: bool) -> int:
    from briefing.core.loader import load_briefing
    from briefing.core.problems import BriefingInvalid

    failed = 0
    for file in files:
        try:
            briefing = load_briefing(file)
        except BriefingInvalid as invalid:
            failed += 1
            print(invalid.report(), file=sys.stderr)
            continue
        if not quiet:
            print(
                f"{file}: ok ({len(briefing.events)} events, {len(briefing.elements)} elements, "
                f"{len(briefing.actors)} actors, {len(briefing.quotes)} quotes, "
                f"{len(briefing.figures)} figures)"
            )
    if failed and len(files) > 1:
        print(f"{failed} of {len(files)} files are invalid", file=sys.stderr)
    return 1 if failed else 0


def _load_or_report(file: Path | None) -> Briefing | None:
    from briefing.core.bundled import default_briefing
    from briefing.core.loader import load_briefing
    from briefing.core.problems import BriefingInvalid

    try:
        return load_briefing(file or default_briefing())
    except BriefingInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return None


def _summary(file: Path | None) -> int:
    from briefing.core.summary import text_summary

    briefing = _load_or_report(file)
    if briefing is None:
        return 1
    sys.stdout.write(text_summary(briefing))
    return 0


def _export(options: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from briefing.core.export import UnknownSubject, build_brief

    if options.file is not None and not options.file.is_file():
        # A path that cannot be read is a file-system error (2), not an invalid briefing (1).
        what = "is a directory" if options.file.is_dir() else "no such file"
        print(f"briefing export: cannot read {options.file}: {what}", file=sys.stderr)
        return 2
    briefing = _load_or_report(options.file)
    if briefing is None:
        return 1
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
        for note in _shortened_notes(brief.dropped, brief.shortened, brief.unsupported):
            print(f"briefing export: {note}", file=sys.stderr)
    return 0


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
    dropped: Sequence[str], shortened: Sequence[str], unsupported: Sequence[str]
) -> list[str]:
    notes = []
    if groups_left_out := [
        item.split(": ", 1)[1] for item in dropped if item.startswith("element group: ")
    ]:
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
    if _load_or_report(file) is None:
        return 1
    try:
        limits = Limits(
            max_sessions=options.max_sessions,
            max_per_address=options.max_per_address,
            login_grace=parse_duration(options.login_grace),
            idle_timeout=parse_duration(options.idle_timeout),
            max_session=parse_duration(options.max_session),
        )
    except ValueError as error:
        print(f"briefing serve: {error}", file=sys.stderr)
        return 2
    return run(
        ServeOptions(
            briefing=file,
            host=options.host,
            port=options.port,
            host_key=options.host_key,
            authorized_keys=options.authorized_keys,
            public=options.public,
            limits=limits,
        )
    )


def _open_reader(options: argparse.Namespace) -> int:
    _apply_terminal_options(options)
    if options.theme is not None and (problem := _theme_problem(options.theme)):
        print(f"briefing: {problem}", file=sys.stderr)
        return 2
    # In a pipe or under CI there is no one to read the screen: print the summary instead.
    if not sys.stdout.isatty():
        return _summary(options.file)
    # Start-up allocates ~100k objects and frees few of them, so the cycle collector's
    # passes over them (~50 ms) find little; the app turns it back on after its first frame.
    gc.disable()
    try:
        return _run_reader(options)
    finally:
        gc.enable()  # when the reader ended before its first frame, or never opened


def _run_reader(options: argparse.Namespace) -> int:
    from briefing.core.bundled import default_briefing
    from briefing.core.preload import load_in_background
    from briefing.core.problems import BriefingInvalid

    pending = load_in_background(options.file or default_briefing())
    from briefing.ui.app import BriefingApp  # meanwhile, the child validates the briefing

    try:
        briefing = pending.result()
    except BriefingInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return 1
    BriefingApp(briefing, theme=options.theme).run()
    return 0


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
