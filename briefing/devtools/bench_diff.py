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

Hostile sizes: two versions of a small briefing whose one title has 1,000 to 40,000 words,
every other word changed, and whose key points (2,000 to 20,000) are edited every other
one. Each is timed as ``briefing diff`` against ``briefing validate`` of both files, as
commands (processor time, start-up included) and as the work alone in this process; the
targets are at most 3 times for the commands at 10,000 words, and a growth exponent of
the diff's time from 1,000 to 40,000 words of at most 1.2.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import math
import os
import statistics
import subprocess
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
    from briefing.devtools.tmux import TmuxScreens

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


_SMALL = {
    "format": 1,
    "id": "small",
    "title": "A small briefing",
    "as_of": "2025-11-10",
    "summary": "One event whose title is very long.",
    "sources": [{"id": "wire", "publisher": "Wire", "title": "Report", "published": "2025-01-01"}],
}


def small_versions(words: int = 0, points: int = 0) -> tuple[str, str]:
    """Two versions of a small briefing, as YAML: one event's title of ``words`` words and
    ``points`` key points, every other word and every other point different."""

    def version(mark: str) -> str:
        data: dict[str, Any] = copy.deepcopy(_SMALL)
        title = " ".join(f"w{k}" if k % 2 == 0 else f"{mark}{k}" for k in range(words))
        event = {"id": "long", "date": "2025", "title": title or "Short", "summary": "s"}
        data["events"] = [{**event, "sources": ["wire"]}]
        data["key_points"] = [
            {"text": f"Point {k}" if k % 2 == 0 else f"Point {k}, {mark}", "sources": ["wire"]}
            for k in range(points)
        ] or [{"text": "One point", "sources": ["wire"]}]
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    return version("old"), version("new")


def _command_cpu(command: list[str]) -> float:
    """Processor time of a command run to its end, start-up included, its output dropped."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_utime + usage.ru_stime


def bench_hostile_diff(words: int, points: int, runs: int) -> dict[str, float]:
    """``briefing diff`` of ``small_versions`` against ``briefing validate`` of both files:
    as commands (processor time from start to exit, as a user waits for them) and in this
    process (the work alone, without start-up), alternating which goes first."""
    with tempfile.TemporaryDirectory() as directory:
        old_text, new_text = small_versions(words, points)
        old_file = Path(directory) / "old.yaml"
        new_file = Path(directory) / "new.yaml"
        old_file.write_text(old_text, encoding="utf-8")
        new_file.write_text(new_text, encoding="utf-8")
        files = [str(old_file), str(new_file)]
        briefing = [sys.executable, "-m", "briefing"]

        def validate_both() -> None:
            loader.check_briefing(old_file)
            loader.check_briefing(new_file)

        def whole_diff() -> None:
            diff = diff_briefings(loader.load_briefing(old_file), loader.load_briefing(new_file))
            diff_markdown(diff, str(old_file), str(new_file))
            json.dumps(diff_data(diff, str(old_file), str(new_file)), ensure_ascii=False)

        samples: dict[str, list[float]] = {
            "validate": [],
            "diff": [],
            "validate command": [],
            "diff command": [],
        }
        for run in range(runs):
            pair: list[tuple[str, Callable[[], float]]] = [
                ("validate", lambda: _timed(validate_both)),
                ("diff", lambda: _timed(whole_diff)),
                ("validate command", lambda: _command_cpu([*briefing, "validate", "-q", *files])),
                ("diff command", lambda: _command_cpu([*briefing, "diff", *files])),
            ]
            for name, work in pair if run % 2 == 0 else reversed(pair):
                samples[name].append(work())
        size = max(old_file.stat().st_size, new_file.stat().st_size)
    result = {name: statistics.median(times) * 1000 for name, times in samples.items()}
    return {"file KB": size / 1e3, **result}


def _row(label: str, result: dict[str, float], target: str = "") -> str:
    commands = result["diff command"] / result["validate command"]
    work = result["diff"] / result["validate"]
    return (
        f"  {label} {result['file KB']:6.0f} KB | commands: validate both "
        f"{result['validate command']:6.0f} ms, diff {result['diff command']:6.0f} ms, "
        f"ratio {commands:5.2f}{target} | work alone: validate both {result['validate']:6.1f} ms, "
        f"diff {result['diff']:6.1f} ms, ratio {work:6.2f}"
    )


def growth_exponent(small: tuple[float, float], big: tuple[float, float]) -> float:
    """k in time ~ size**k, from two (size, time) points."""
    return math.log(big[1] / small[1]) / math.log(big[0] / small[0])


def bench_hostile(runs: int) -> None:
    print("diff against validate of both files, one title, every other word changed:")
    results = {}
    for words in (1_000, 10_000, 40_000):
        results[words] = bench_hostile_diff(words, 0, runs)
        target = " (target at most 3)" if words == 10_000 else ""
        print(_row(f"{words:>6,} words", results[words], target))
    for what, key in (("the diff command", "diff command"), ("the diff's work alone", "diff")):
        exponent = growth_exponent((1_000, results[1_000][key]), (40_000, results[40_000][key]))
        print(
            f"  growth exponent of {what}, 1,000 to 40,000 words: {exponent:.2f}"
            " (target at most 1.2)"
        )
    print("diff against validate of both files, key points, every other one edited:")
    for points in (2_000, 20_000):
        print(_row(f"{points:>6,} points", bench_hostile_diff(0, points, runs)))


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
    parser.add_argument(
        "--hostile-only", action="store_true", help="only the long title and key-point cases"
    )
    options = parser.parse_args(argv)
    bench_hostile(options.runs)
    if options.hostile_only:
        return 0
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
