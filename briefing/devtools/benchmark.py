"""Measure what users feel: start-up to a settled screen, big briefings, search, export,
and hostile sizes (``diff`` of long texts, ``validate`` of many unknown keys).

Run ``python -m briefing.devtools.benchmark`` (``--help`` for options). Start-up is timed in
a real terminal: each program starts in a fresh tmux window and the screen is polled until
its first full frame is there; a bare Textual app that shows one line is timed in the same
rounds, so the ratio holds on any machine. Every start-up ratio (``first_ratio``,
``settled_ratio``, ``cold_settled_ratio``, and those of the big briefings) is the median
of paired ratios over at least 7 rounds: the reader's time over the bare app's in the
same round, then the median of those, not the ratio of the two medians.

The parts: ``bench_startup`` (start-up, and the event loop while the reader settles),
``bench_scale`` (big briefings), ``bench_search`` (search per keystroke), and here the
export and the hostile sizes.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.devtools.bench_export import measure_export_startup
from briefing.devtools.bench_scale import bench_scale
from briefing.devtools.bench_search import bench_search, bench_search_in_reader
from briefing.devtools.bench_startup import MIN_ROUNDS, bench_blocking, bench_startup, median_ms

PARTS = ("startup", "scale", "blocking", "search", "export", "hostile")

Step = tuple[str, Callable[[], dict[str, float]]]
"""A title, and what prints the figures under it."""


def _time_command(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return median_ms(times)


def bench_export(runs: int) -> dict[str, float]:
    """``briefing export`` against importing pydantic and PyYAML alone, and ``briefing
    validate``, each from start to exit (median ms of ``runs``)."""
    startup = measure_export_startup(runs)
    validate = _time_command(
        [sys.executable, "-m", "briefing", "validate", str(default_briefing())], runs
    )
    return {
        "import_pydantic_yaml_ms": startup.baseline_ms,
        "export_ms": startup.export_ms,
        "export_ratio": startup.ratio,
        "validate_ms": validate,
    }


def _print(title: str, results: dict[str, float]) -> None:
    print(title)
    for key, value in results.items():
        print(f"  {key:28} {value:10.2f}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m briefing.devtools.benchmark")
    parser.add_argument("--runs", type=int, default=10, help="repetitions per measurement")
    parser.add_argument(
        "--factor",
        type=int,
        default=80,
        help="size of the big synthetic briefing (80: about 3,000 events, 6,000 actors)",
    )
    parser.add_argument("--only", choices=PARTS, action="append", help="run only these")
    return parser


def _terminal_steps(chosen: set[str], runs: int, factor: int) -> list[Step]:
    """The parts timed in tmux: start-up at two sizes, and the big briefings."""
    if shutil.which("tmux") is None:
        if "startup" in chosen:
            print("startup: skipped, tmux is not installed", file=sys.stderr)
        return []
    rounds = max(runs, MIN_ROUNDS)
    steps: list[Step] = []
    if "startup" in chosen:
        for size in ((80, 24), (120, 40)):
            title = f"startup to the first frame and to the settled screen, {size[0]}x{size[1]}"
            steps.append(
                (f"{title} (median of {rounds})", functools.partial(bench_startup, runs, size))
            )
    if "scale" in chosen:
        # Its search runs ``runs`` times, its start-up ``rounds`` times.
        counts = f"of {runs}" if rounds == runs else f"of {rounds} start-ups, {runs} searches"
        for scale in sorted({10, factor}):
            steps.append(
                (
                    f"{scale} times the bundled briefing, 120x40 (median {counts})",
                    functools.partial(bench_scale, scale, runs),
                )
            )
    return steps


def _in_process_steps(chosen: set[str], runs: int, factor: int) -> list[Step]:
    """The parts timed inside this process, or from start to exit of a command."""
    steps: list[Step] = []
    if "blocking" in chosen:
        steps.append(
            (
                "longest event-loop block from the first frame until settled",
                functools.partial(bench_blocking, factor),
            )
        )
    if "search" in chosen:
        steps.append(("search work per keystroke, core", functools.partial(bench_search, factor)))
        steps.append(
            (
                "search per keystroke in the reader, key received to results drawn (120x40)",
                functools.partial(bench_search_in_reader, factor),
            )
        )
    if "export" in chosen:
        steps.append((f"export (median of {runs})", functools.partial(bench_export, runs)))
    return steps


def main(argv: Sequence[str] | None = None) -> int:
    """Run the parts chosen with ``--only`` (all by default) and print their figures;
    the exit status, 0."""
    options = _parser().parse_args(argv)
    chosen = set(options.only or PARTS)
    steps = _terminal_steps(chosen, options.runs, options.factor)
    steps += _in_process_steps(chosen, options.runs, options.factor)
    for title, step in steps:
        _print(title, step())
    if "hostile" in chosen:
        _bench_hostile(max(3, options.runs // 2))
    return 0


def _bench_hostile(runs: int) -> None:
    """The figures of ``bench_diff`` and ``bench_load`` for hostile sizes, with their targets."""
    from briefing.devtools.bench_diff import bench_hostile
    from briefing.devtools.bench_load import bench_unknown_keys

    bench_hostile(runs)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as directory:
        bench_unknown_keys(Path(directory), runs)


if __name__ == "__main__":
    raise SystemExit(main())
