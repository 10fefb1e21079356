"""Measure ``briefing diff`` on a big briefing against loading its two versions.

Run ``python -m briefing.devtools.bench_diff`` (``--help`` for options). Two versions of a
briefing ``--factor`` times the bundled one are written as YAML: the second has some
events retitled, quotes removed, events added and figures renamed. Each run times, in CPU
time of this process and alternating which goes first, (a) loading both files and (b)
everything ``briefing diff`` does: loading both, comparing, writing Markdown and JSON.
The target is (b) at most 1.2 times (a). It also times what the read state costs the
reader: finding the marks from a state file, and saving one; and the reader's start-up to
its settled screen in tmux with a state file that marks items, against ``--no-state``
(target: at most 10% slower).
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from briefing.core import loader, validation
from briefing.core.bundled import default_briefing
from briefing.core.diff import SECTIONS, diff_briefings, diff_data, diff_markdown
from briefing.core.model import Briefing
from briefing.core.readstate import load_marks, save_read
from briefing.devtools.synthetic import synthetic_briefing


def mutated(briefing: Briefing, every: int) -> Briefing:
    """``briefing`` with one event in ``every`` retitled, one quote in ``every`` removed,
    one figure in ``every`` renamed, and a few new events."""
    data: dict[str, Any] = copy.deepcopy(validation.to_data(briefing))
    for index, event in enumerate(data["events"]):
        if index % every == 0:
            event["title"] = "Revised: " + event["title"]
    data["quotes"] = [quote for index, quote in enumerate(data["quotes"]) if index % every]
    for index, figure in enumerate(data["figures"]):
        if index % every == 0:
            figure["id"] = f"renamed-{figure['id']}"
    for number in range(len(data["events"]) // every):
        data["events"].append(
            {
                "id": f"added-{number}",
                "date": "2025-12-01",
                "title": f"A new event {number}",
                "summary": "Something new happened.",
                "sources": [data["sources"][0]["id"]],
            }
        )
    return validation.validate(data)


def _write(path: Path, briefing: Briefing) -> Path:
    text = yaml.safe_dump(validation.to_data(briefing), sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _timed(work: Callable[[], object]) -> float:
    """CPU time of ``work`` in this process: the other programs of a shared machine do not
    count, as they would in wall-clock time."""
    gc.collect()
    start = time.process_time()
    work()
    return time.process_time() - start


def bench_diff(factor: int, runs: int, every: int) -> dict[str, float]:
    base = loader.load_briefing(default_briefing())
    old = synthetic_briefing(base, factor)
    new = mutated(old, every)
    with tempfile.TemporaryDirectory() as directory:
        old_file = _write(Path(directory) / "old.yaml", old)
        new_file = _write(Path(directory) / "new.yaml", new)
        size = max(old_file.stat().st_size, new_file.stat().st_size)
        # The 100x file is over the loader's limit for hand-written files; lifted for the
        # benchmark so the real loader reads it.
        loader.MAX_BYTES = max(loader.MAX_BYTES, size)

        def load_both() -> tuple[Briefing, Briefing]:
            return loader.load_briefing(old_file), loader.load_briefing(new_file)

        def whole_diff() -> None:
            first, second = load_both()
            diff = diff_briefings(first, second)
            diff_markdown(diff, str(old_file), str(new_file))
            json.dumps(diff_data(diff, str(old_file), str(new_file)), ensure_ascii=False)

        loads: list[float] = []
        diffs: list[float] = []
        for run in range(runs):
            pair = [(loads, load_both), (diffs, whole_diff)]
            for samples, work in pair if run % 2 == 0 else reversed(pair):
                samples.append(_timed(work))
        first, second = load_both()
        compare = [_timed(lambda: diff_briefings(first, second)) for _ in range(runs)]
        diff = diff_briefings(first, second)
        counts = diff.counts()

        def render() -> None:
            diff_markdown(diff, str(old_file), str(new_file))
            json.dumps(diff_data(diff, str(old_file), str(new_file)), ensure_ascii=False)

        rendering = [_timed(render) for _ in range(runs)]
    load_ms = statistics.median(loads) * 1000
    diff_ms = statistics.median(diffs) * 1000
    return {
        "items": float(sum(len(getattr(old, section)) for section in SECTIONS)),
        "file MB": size / 1e6,
        "changes": float(sum(counts.values())),
        "load both (ms)": load_ms,
        "diff, all of it (ms)": diff_ms,
        "compare only (ms)": statistics.median(compare) * 1000,
        "Markdown and JSON only (ms)": statistics.median(rendering) * 1000,
        "ratio": diff_ms / load_ms,
    }


def bench_read_state(runs: int) -> dict[str, float]:
    """What the read state costs for the bundled briefing: marks found, state saved."""
    briefing = loader.load_briefing(default_briefing())
    with tempfile.TemporaryDirectory() as directory:
        state = Path(directory)
        first_visit = [_timed(lambda: load_marks(briefing, state)) for _ in range(runs)]
        save_read(briefing, state)
        marks = [_timed(lambda: load_marks(briefing, state)) for _ in range(runs)]
        saves = [_timed(lambda: save_read(briefing, state)) for _ in range(runs)]
    return {
        "marks, no state file (ms)": statistics.median(first_visit) * 1000,
        "marks from a state file (ms)": statistics.median(marks) * 1000,
        "state saved on quit (ms)": statistics.median(saves) * 1000,
    }


def bench_state_startup(runs: int, size: tuple[int, int]) -> dict[str, float]:
    """The reader of the bundled briefing started in tmux to its settled screen, with a
    read state that marks items (an older version was read) and with ``--no-state``,
    interleaved."""
    from briefing.devtools.benchmark import TmuxScreens

    path = default_briefing()
    briefing = loader.load_briefing(path)
    older = mutated(briefing, 10)  # a tenth of the events retitled, and so on
    times: dict[str, list[float]] = {"state": [], "no_state": []}
    with tempfile.TemporaryDirectory() as directory:
        state = Path(directory)
        save_read(older, state / "briefing" / "read")
        marks = load_marks(briefing, state / "briefing" / "read")
        reader = [sys.executable, "-m", "briefing"]
        with_state = ["env", f"XDG_STATE_HOME={state}", *reader, str(path)]
        without = ["env", f"XDG_STATE_HOME={state}", *reader, "--no-state", str(path)]
        markers = [briefing.title[:30], "Help"]
        screens = TmuxScreens()
        try:
            for run in range(runs):
                pair = [("state", with_state), ("no_state", without)]
                for name, command in pair if run % 2 == 0 else reversed(pair):
                    # Killed, not quit, so the state file stays the older version's.
                    times[name].append(screens.time_to_settled(command, markers, size)[1])
        finally:
            screens.close()
    state_ms = statistics.median(times["state"]) * 1000
    no_state_ms = statistics.median(times["no_state"]) * 1000
    return {
        "items marked": float(len(marks.new) + len(marks.changed)),
        "settled, with state (ms)": state_ms,
        "settled, --no-state (ms)": no_state_ms,
        "ratio": state_ms / no_state_ms,
    }


def _print(title: str, results: dict[str, float]) -> None:
    print(title)
    for name, value in results.items():
        print(f"  {name:32} {value:10.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--factor", type=int, default=100, help="size of the synthetic briefing")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument(
        "--every", type=int, default=50, help="change one item in this many (default 50)"
    )
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=11,
        help="reader start-ups in tmux with and without state (0: skip; needs tmux)",
    )
    options = parser.parse_args(argv)
    _print(
        f"diff of two versions of {options.factor}x the bundled briefing",
        bench_diff(options.factor, options.runs, options.every),
    )
    _print("read state, bundled briefing", bench_read_state(max(options.runs, 21)))
    if options.startup_runs:
        _print(
            "reader start-up to the settled screen, bundled briefing, 120x40",
            bench_state_startup(options.startup_runs, (120, 40)),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
