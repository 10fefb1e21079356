"""``briefing export [FILE]``: the one-page Markdown brief, on standard output or in a file."""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from briefing.cli.arguments import input_path, output_path
from briefing.cli.command import Command, command_parser
from briefing.cli.loading import is_stdin, load_or_report
from briefing.core.atomic import BriefNotWritten, write_brief
from briefing.core.export import LeftOut, UnknownSubject, build_brief
from briefing.core.model import Briefing


def parser() -> argparse.ArgumentParser:
    """The command line of ``briefing export``."""
    export = command_parser(
        "export",
        "Write a one-page Markdown brief of the briefing: bottom line, key points, "
        "figures, timeline, elements, actors, quotes and numbered sources. "
        "Exit status: 0 written, 1 invalid briefing, 2 usage or file-system error.",
    )
    export.add_argument("file", nargs="?", type=input_path, help="'-' reads standard input")
    export.add_argument(
        "-o",
        "--output",
        default="-",
        type=output_path,
        metavar="PATH",
        help="write the brief here, atomically (default and '-': standard output)",
    )
    export.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    export.add_argument(
        "--about", metavar="ID", help="only what involves one actor id, element symbol or tag"
    )
    export.add_argument(
        "--since",
        type=input_path,
        metavar="OLD",
        help="only what is new or changed since OLD, an earlier version of the briefing",
    )
    export.add_argument(
        "--since-last-visit",
        action="store_true",
        help="only what is new or changed since you last quit the reader of this briefing "
        "(from its read state)",
    )
    export.add_argument(
        "--stamp", action="store_true", help="add the time of export (UTC) under the title"
    )
    export.add_argument(
        "-q", "--quiet", action="store_true", help="do not say what was left out to fit the page"
    )
    return export


def run(options: argparse.Namespace) -> int:
    """Build the brief and write it to ``options.output``; say on standard error what was
    left out (unless ``quiet``).

    Returns 0 written, 1 invalid briefing, 2 a usage or file-system error.
    """
    output_problem = _output_problem(options.output)
    if output_problem:
        print(f"briefing export: {output_problem}", file=sys.stderr)
        return 2
    briefing = load_or_report(options.file, "briefing export")
    if isinstance(briefing, int):
        return briefing
    if options.since_last_visit:
        cut = _since_last_visit(briefing, options)
        if isinstance(cut, int):
            return cut
        briefing = cut
    elif options.since is not None:
        cut = _since(briefing, options)
        if isinstance(cut, int):
            return cut
        briefing = cut
    about = options.about
    if about is not None:
        # Typed in form D (as some keyboards and file systems give it), it still matches.
        about = unicodedata.normalize("NFC", about)
    stamp = datetime.now(UTC) if options.stamp else None
    try:
        brief = build_brief(briefing, about=about, stamp=stamp)
    except UnknownSubject as unknown:
        print(f"briefing export: --about {unknown}", file=sys.stderr)
        return 2
    if options.output == "-":
        if (status := _write_stdout(brief.markdown.encode("utf-8"))) != 0:
            return status
    else:
        target = Path(options.output)
        if problem := _write_problem(target, brief.markdown, force=options.force):
            print(f"briefing export: {problem}", file=sys.stderr)
            return 2
    if not options.quiet:
        scoped = brief.subject is not None
        for note in left_out_notes(brief.dropped, brief.fits, brief.usage_line(), scoped):
            print(f"briefing export: {note}", file=sys.stderr)
        shown = brief.shown.get("elements", 0) > 0
        for note in shortened_notes(brief.dropped, brief.shortened, brief.unsupported, shown):
            print(f"briefing export: {note}", file=sys.stderr)
    return 0


def _write_stdout(data: bytes) -> int:
    """Write the brief's bytes to standard output; 0, or 2 when it cannot be written.
    A closed pipe is left to ``main``, which ends quietly."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        # Drop what could not be written, or Python reports it again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"briefing export: cannot write standard output: {error.strerror}", file=sys.stderr)
        return 2
    return 0


def _since(briefing: Briefing, options: argparse.Namespace) -> Briefing | int:
    """The briefing cut down to what is new since ``--since OLD``, or the exit status."""
    if options.about is not None:
        print("briefing export: --since and --about cannot be used together", file=sys.stderr)
        return 2
    if is_stdin(options.since) and is_stdin(options.file):
        print("briefing export: only one of --since and FILE can be '-'", file=sys.stderr)
        return 2
    old = load_or_report(options.since, "briefing export")
    if isinstance(old, int):
        return old
    from briefing.core.diff import whats_new  # only here: a plain export never compares

    return whats_new(old, briefing)


def _since_last_visit(briefing: Briefing, options: argparse.Namespace) -> Briefing | int:
    """The briefing cut down to what is new since the reader last quit it, from the read
    state (a served export: its key's), or the exit status with a one-line reason."""
    for other, name in ((options.since, "--since"), (options.about, "--about")):
        if other is not None:
            print(
                f"briefing export: --since-last-visit and {name} cannot be used together",
                file=sys.stderr,
            )
            return 2
    from briefing.core.readstate import changed_since_visit, load_marks
    from briefing.serve.policy import is_served, served_read_state

    directory = served_read_state()
    if is_served() and directory is None:
        print("briefing export: no read state is kept for this session", file=sys.stderr)
        return 2
    marks = load_marks(briefing, directory)
    try:
        return changed_since_visit(briefing, marks)
    except ValueError:
        # A served export does not show the server's paths.
        why = f" ({marks.note})" if marks.note and directory is None else ""
        print(
            f"briefing export: no earlier visit of {briefing.id!r} is recorded{why}; "
            "open it in the reader and quit, and the next export shows what changed since",
            file=sys.stderr,
        )
        return 2


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
    try:
        write_brief(target, text, overwrite=force)
    except BriefNotWritten as refused:
        return f"{target} exists; add --force to overwrite it" if refused.exists else str(refused)
    return None


def left_out_notes(dropped: Sequence[LeftOut], fits: bool, usage: str, scoped: bool) -> list[str]:
    """What was left out to fit the page, counted by kind, and whether the brief is still
    over the page budget (``usage`` says by how much); ``scoped`` briefs get no hint to
    narrow them with ``--about``."""
    notes = []
    if dropped:
        counts: dict[str, int] = {}
        for item in dropped:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        left_out = ", ".join(
            f"{count} {kind}{'s' if count > 1 else ''}" for kind, count in counts.items()
        )
        hint = "" if scoped else "; --about ID gives a narrower brief"
        notes.append(f"left out to fit one page ({left_out}){hint}")
    if not fits:
        notes.append(f"over the one-page budget even with every optional item left out: {usage}")
    return notes


def shortened_notes(
    dropped: Sequence[LeftOut],
    shortened: Sequence[LeftOut],
    unsupported: Sequence[LeftOut],
    elements_shown: bool = True,
) -> list[str]:
    """Notes on the element groups left out or listed by symbol, and on the items left off
    for want of a source from on or after their date."""
    notes = []
    groups_left_out = [item.title for item in dropped if item.kind == "element group"]
    if elements_shown and groups_left_out:
        notes.append(
            "the elements section is titled 'Selected elements' since these groups are left "
            "out: " + "; ".join(groups_left_out)
        )
    if shortened:
        groups = "; ".join(item.title for item in shortened)
        notes.append(f"element groups listed by symbol to fit one page: {groups}")
    for item in unsupported:
        notes.append(
            f"left out {item.kind}: {item.title}: no source it cites was published on or "
            "after its date (briefing validate warns about it)"
        )
    return notes


COMMAND = Command(parser, run)
