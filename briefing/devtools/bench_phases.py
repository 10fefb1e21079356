"""Where the reader's start-up goes, phase by phase, for one or more source trees in turn.

    python -m briefing.devtools.bench_phases FILE [--runs 4] [--size 120x40] [--tree PATH ...]

Each run starts the reader of FILE as ``briefing FILE`` does, in a fresh tmux window at
120x40 (or ``--size``), with ``PYTHONPATH`` set to a source tree (by default this one;
give an export of an older commit to compare). The reader notes the wall and CPU time
when the loading child is forked, when the app is built and asks for the briefing
(``imported``), when the briefing has arrived from the loading process, when the read
marks are made and when the first frame is drawn, with the loading child's CPU time, and
quits a second after. Trees are timed alternately, so that load on the machine affects
them alike; the medians are printed per tree, in milliseconds, then each other tree's
paired difference from the first (the median of the differences in the same round).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PHASES = ("forked", "imported", "arrived", "marked", "first_frame")
_OUTPUT = "BENCH_PHASES_OUTPUT"


class _Phases:
    """When each phase of start-up was reached: wall, CPU and children's CPU time, in ms
    from the moment this was made."""

    def __init__(self) -> None:
        self.started_wall, self.started_cpu = time.perf_counter(), time.process_time()
        self.notes: dict[str, list[float]] = {}

    def note(self, phase: str) -> None:
        times = os.times()
        self.notes[phase] = [
            (time.perf_counter() - self.started_wall) * 1000,
            (time.process_time() - self.started_cpu) * 1000,
            (times.children_user + times.children_system) * 1000,
        ]


def _child(file: str) -> None:
    """Run the reader of ``file``, noting the phases; written to ``$BENCH_PHASES_OUTPUT``."""
    phases = _Phases()
    _note_arrival_and_marks(phases)
    _note_fork(phases)
    from briefing.cli import main

    main([file])


def _note_arrival_and_marks(phases: _Phases) -> None:
    """Note when the app asks for the briefing, when it has it, and when the read marks
    are made."""
    from briefing.core import preload, readstate

    result = preload.PendingBriefing.result

    def arrived(self: preload.PendingBriefing) -> Any:
        phases.note("imported")
        briefing = result(self)
        phases.note("arrived")
        return briefing

    load_marks = readstate.load_marks

    def marked(*args: Any, **kwargs: Any) -> readstate.ReadMarks:
        marks = load_marks(*args, **kwargs)
        phases.note("marked")
        return marks

    preload.PendingBriefing.result = arrived  # type: ignore[method-assign]
    readstate.load_marks = marked


def _note_fork(phases: _Phases) -> None:
    """Note when the loading child is forked, and only then watch for the first frame."""
    from briefing.core import preload

    load_in_background = preload.load_in_background

    def forked(path: Path, may_keep: Callable[[], bool] = lambda: True) -> preload.PendingBriefing:
        # Textual is imported once the loading child is forked, as the reader does: imported
        # before, it would hold up the child and put loading on the critical path.
        pending = load_in_background(path, may_keep)
        phases.note("forked")
        _note_first_frame(phases)
        return pending

    preload.load_in_background = forked


def _note_first_frame(phases: _Phases) -> None:
    """Note the first frame that reaches the terminal, write the notes, and quit a second
    after."""
    from textual._compositor import CompositorUpdate
    from textual.app import App

    display = App._display

    def first_frame(app: App[Any], screen: Any, renderable: Any) -> None:
        display(app, screen, renderable)
        # Frames drawn in a batch never reach the terminal.
        drawn = isinstance(renderable, CompositorUpdate) and not app._batch_count
        if drawn and "first_frame" not in phases.notes:
            phases.note("first_frame")
            Path(os.environ[_OUTPUT]).write_text(json.dumps(phases.notes))
            app.set_timer(1.0, app.exit)

    App._display = first_frame  # type: ignore[method-assign,assignment]


def _run(
    file: Path, trees: Sequence[Path], runs: int, size: tuple[int, int] = (120, 40)
) -> dict[Path, dict[str, list[float]]]:
    from briefing.devtools.tmux import TmuxScreens

    found: dict[Path, dict[str, list[float]]] = {tree: {} for tree in trees}
    screens = TmuxScreens()
    try:
        with tempfile.TemporaryDirectory() as folder:
            for run in range(runs):
                for tree in trees:
                    output = Path(folder, f"{run}-{trees.index(tree)}.json")
                    command = [
                        "env",
                        f"PYTHONPATH={tree}",
                        f"{_OUTPUT}={output}",
                        sys.executable,
                        # Run as a script, so that the reader comes from the tree given.
                        __file__,
                        "--child",
                        str(file),
                    ]
                    session, _ = screens.start(command, size)
                    deadline = time.perf_counter() + 60
                    while not output.exists() and time.perf_counter() < deadline:
                        time.sleep(0.05)
                    screens.kill(session)
                    if not output.exists():
                        print(f"{tree}: no first frame within a minute", file=sys.stderr)
                        continue
                    for phase, values in json.loads(output.read_text()).items():
                        for kind, value in zip(("wall", "cpu", "child_cpu"), values, strict=True):
                            found[tree].setdefault(f"{phase}_{kind}_ms", []).append(value)
    finally:
        screens.close()
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.devtools.bench_phases")
    parser.add_argument("file", type=Path, help="the briefing to open")
    parser.add_argument("--runs", type=int, default=4, help="runs per tree")
    parser.add_argument(
        "--tree",
        type=Path,
        action="append",
        help="a source tree to time (repeatable); by default this one",
    )
    parser.add_argument("--size", default="120x40", help="terminal size, COLUMNSxROWS")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        _child(str(options.file))
        return 0
    trees = options.tree or [Path(__file__).resolve().parents[2]]
    median: Callable[[list[float]], float] = statistics.median
    columns, rows = (int(part) for part in options.size.split("x"))
    found = _run(options.file.resolve(), trees, options.runs, (columns, rows))
    for tree, samples in found.items():
        print(tree)
        for name, values in samples.items():
            print(f"  {name:28} {median(values):8.0f}   ({', '.join(f'{v:.0f}' for v in values)})")
    _print_paired(found, trees)
    return 0


def _print_paired(found: dict[Path, dict[str, list[float]]], trees: Sequence[Path]) -> None:
    """Each other tree's first frame against the first tree's: the median, over the rounds
    both finished, of the difference in the same round (wall and CPU, milliseconds)."""
    first = found[trees[0]]
    for tree in trees[1:]:
        for kind in ("wall", "cpu"):
            name = f"first_frame_{kind}_ms"
            pairs = list(zip(found[tree].get(name, []), first.get(name, []), strict=False))
            if pairs:
                difference = statistics.median(other - base for other, base in pairs)
                print(f"{tree} - {trees[0]}: first frame {kind} {difference:+.0f} ms (paired)")


if __name__ == "__main__":
    raise SystemExit(main())
