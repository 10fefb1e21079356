"""Measure what users feel: start-up to a settled screen, big briefings, search, export,
and hostile sizes (``diff`` of long texts, ``validate`` of many unknown keys).

Run ``python -m briefing.devtools.benchmark`` (``--help`` for options). Start-up is timed in
a real terminal: each program starts in a fresh tmux window and the screen is polled until
its first full frame is there; a bare Textual app that shows one line is timed in the same
run, so the ratio holds on any machine.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.search import SearchIndex
from briefing.devtools.bench_export import measure_export_startup
from briefing.devtools.synthetic import synthetic_briefing
from briefing.devtools.tmux import SETTLED_AFTER, TmuxScreens

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("bare textual app ready")

Bare().run()
"""


# A tmux server of this run's own: two benchmarks run at once must not stop each other's.
# What people type: each prefix of these is one keystroke.
QUERIES = ["dysprosium", "magnets", "trump", "export controls", "terbuim", "gallium 2023"]


def _median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def _keep_validated(path: Path, cache_home: Path) -> None:
    """Validate ``path`` and keep it in the cache under ``cache_home`` (``XDG_CACHE_HOME``),
    as the reader's first open of it does."""
    from briefing.core import cache

    directory = cache.cache_directory({"XDG_CACHE_HOME": str(cache_home)})
    if not cache.store(path.read_bytes(), load_briefing(path), directory):
        raise RuntimeError(f"could not keep {path} in {directory}")


def _with_cache_home(cache_home: Path, command: list[str]) -> list[str]:
    return ["env", f"XDG_CACHE_HOME={cache_home}", *command]


def bench_startup(runs: int, size: tuple[int, int], path: Path | None = None) -> dict[str, float]:
    """Start-up of the reader (of ``path``, else the bundled briefing) and of a bare Textual
    app, interleaved: to the first full frame, and to the settled screen (``settle``).

    The reader is timed twice a round: ``warm``, the file validated by an earlier open and
    read from the cache of validated briefings, as on every open but the first; and ``cold``,
    with an empty cache, as on the first open of a file (it then validates the file). With
    ``path``, loading that file alone (in a fresh process) is timed in the same rounds.
    Each program runs under ``env``, with a cache directory of the benchmark's own."""
    shown = path or default_briefing()
    briefing = load_briefing(shown)
    reader = [sys.executable, "-m", "briefing", *([str(path)] if path else [])]
    # The reader's first full frame has its header (the title) and its footer (the keys).
    reader_markers = [briefing.title[:30], "Help"]
    times: dict[str, list[float]] = {
        "bare": [],
        "bare_settled": [],
        "reader": [],
        "settled": [],
        "cold": [],
        "cold_settled": [],
        "load": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        bare_app = Path(folder, "bare_app.py")
        bare_app.write_text(BARE_APP)
        warm_home = Path(folder, "warm")
        _keep_validated(shown, warm_home)
        bare = _with_cache_home(warm_home, [sys.executable, str(bare_app)])
        warm = _with_cache_home(warm_home, reader)
        screens = TmuxScreens()
        try:
            for round_number in range(runs):  # interleaved: load on the machine affects all alike
                first, settled = screens.time_to_settled(bare, ["bare textual app ready"], size)
                times["bare"].append(first)
                times["bare_settled"].append(settled)
                first, settled = screens.time_to_settled(warm, reader_markers, size)
                times["reader"].append(first)
                times["settled"].append(settled)
                cold = _with_cache_home(Path(folder, f"cold-{round_number}"), reader)
                first, settled = screens.time_to_settled(cold, reader_markers, size)
                times["cold"].append(first)
                times["cold_settled"].append(settled)
                if path is not None:
                    started = time.perf_counter()
                    load = [sys.executable, "-c", LOAD_ONLY, str(path)]
                    subprocess.run(load, check=True, capture_output=True)
                    times["load"].append(time.perf_counter() - started)
        finally:
            screens.close()
    medians = {name: _median_ms(samples) for name, samples in times.items() if samples}
    return {
        "bare_first_ms": medians["bare"],
        "reader_first_ms": medians["reader"],
        "first_ratio": medians["reader"] / medians["bare"],
        "bare_settled_ms": medians["bare_settled"],
        "reader_settled_ms": medians["settled"],
        "settled_ratio": medians["settled"] / medians["bare_settled"],
        "cold_first_ms": medians["cold"],
        "cold_settled_ms": medians["cold_settled"],
        "cold_settled_ratio": medians["cold_settled"] / medians["bare_settled"],
        **({"load_alone_ms": medians["load"]} if "load" in medians else {}),
    }


def write_synthetic(factor: int, folder: Path) -> Path:
    """The bundled briefing repeated ``factor`` times, written as a briefing file."""
    import yaml

    from briefing.core import validation

    briefing = synthetic_briefing(load_briefing(default_briefing()), factor)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(
        validation.to_data(briefing), Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000
    )
    path = folder / f"synthetic-x{factor}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


LOAD_ONLY = "import sys; from briefing.core.loader import load_briefing; load_briefing(sys.argv[1])"


def bench_scale(factor: int, runs: int, size: tuple[int, int] = (120, 40)) -> dict[str, float]:
    """The reader of a briefing ``factor`` times the bundled one: loading it alone, settled
    start-up against a bare app's, ``/`` opening, search keystrokes from key to screen in
    tmux, and the reader's peak memory."""
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic(factor, Path(folder))
        results["file_mib"] = path.stat().st_size / 2**20
        startup = bench_startup(runs, size, path)
        for name in ("load_alone_ms", "bare_settled_ms", "reader_settled_ms", "settled_ratio"):
            results[name] = startup[name]
        results["cold_settled_ms"] = startup["cold_settled_ms"]
        results["cold_settled_ratio"] = startup["cold_settled_ratio"]
        # Beyond loading: what a first open costs besides validating the file.
        beyond = startup["cold_settled_ms"] - results["load_alone_ms"]
        results["settled_beyond_load_ms"] = beyond
        results["beyond_load_ratio"] = beyond / startup["bare_settled_ms"]
        results.update(_search_in_tmux(path, size, runs))
    return results


def _search_in_tmux(path: Path, size: tuple[int, int], runs: int) -> dict[str, float]:
    briefing_title = load_briefing(path).title[:30]
    opens: list[float] = []
    ready: list[float] = []
    keys: list[float] = []
    memory: list[float] = []
    screens = TmuxScreens()
    cache_home = Path(tempfile.mkdtemp())
    _keep_validated(path, cache_home)
    reader = _with_cache_home(cache_home, [sys.executable, "-m", "briefing", str(path)])
    try:
        for _ in range(runs):
            session, _started = screens.start(reader, size)
            try:
                screens.wait_for(session, lambda screen: briefing_title in screen)
                screens.settle(session)
                pressed = time.perf_counter()
                screens.command("send-keys", "-t", session, "/")
                screens.wait_for(session, lambda screen: "Esc closes" in screen)
                opens.append(time.perf_counter() - pressed)
                # The index of a big briefing may still be in the making; keys are timed
                # once it answers.
                screens.wait_for(session, lambda screen: "Type to search" in screen, 120)
                ready.append(time.perf_counter() - pressed)
                typed = ""
                for char in "magnets":
                    before = screens.screen(session)
                    typed += char
                    pressed = time.perf_counter()
                    screens.command("send-keys", "-t", session, char)
                    # The key has reached the screen when the box shows it and the count
                    # line has changed with it.
                    screens.wait_for(session, functools.partial(_echoed, typed, before))
                    screens.settle(session, quiet=0.05)
                    keys.append(time.perf_counter() - pressed - 0.05)
                memory.append(_peak_rss_mib(screens.pid(session)))
            finally:
                screens.kill(session)
    finally:
        screens.close()
        shutil.rmtree(cache_home, ignore_errors=True)
    return {
        "slash_opens_ms": _median_ms(opens),
        "search_answers_ms": _median_ms(ready),
        "keystroke_median_ms": _median_ms(keys),
        "keystroke_max_ms": max(keys) * 1000,
        "reader_peak_rss_mib": statistics.median(memory),
    }


def _echoed(typed: str, before: str, screen: str) -> bool:
    return screen != before and typed in screen


def _peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB; Linux only."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _longest_block(briefing: Briefing, size: tuple[int, int]) -> float:
    """The longest time the reader's event loop was busy without a break, in seconds,
    from its first frame until it has settled (``SETTLED_AFTER``): while it fills what the
    first frame did not need, a key pressed waits that long at worst. As ``briefing``
    runs it: the collector paused until the first frame."""
    from briefing.ui.app import BriefingApp

    longest = 0.0
    running = True

    async def watch() -> None:
        nonlocal longest
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0)
            now = time.perf_counter()
            longest = max(longest, now - last)
            last = now

    gc.disable()
    app = BriefingApp(briefing, theme="dark")
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()  # the first frame
            watcher = asyncio.create_task(watch())
            await asyncio.sleep(SETTLED_AFTER * 2)
            running = False
            await watcher
    finally:
        gc.unfreeze()
        gc.enable()
    return longest


def bench_blocking(factor: int) -> dict[str, float]:
    base = load_briefing(default_briefing())
    results: dict[str, float] = {}
    for name, briefing in (("bundled", base), (f"x{factor}", synthetic_briefing(base, factor))):
        for size in ((80, 24), (120, 40)):
            block = asyncio.run(_longest_block(briefing, size))
            results[f"{name}_{size[0]}x{size[1]}_longest_block_ms"] = block * 1000
    return results


def _keystroke_times(index: SearchIndex) -> list[float]:
    """CPU seconds of search work per keystroke, as the reader's search asks for it (the
    shown results, each with its highlight, and the count): steady on a busy machine."""
    from briefing.ui.screens.search import SHOWN_LIMIT

    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            started = time.process_time()
            list(index.search(query[:end], limit=SHOWN_LIMIT))
            times.append(time.process_time() - started)
    return times


def _index_mib(briefing: Briefing) -> float:
    """What a prepared search index of ``briefing`` holds, in MiB (traced allocations)."""
    tracemalloc.start()
    try:
        index = SearchIndex(briefing)
        index.prepare()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del index
    return held / 2**20


def bench_search(factor: int) -> dict[str, float]:
    base = load_briefing(default_briefing())
    results: dict[str, float] = {}
    for name, briefing in (("bundled", base), (f"x{factor}", synthetic_briefing(base, factor))):
        started = time.process_time()
        index = SearchIndex(briefing)
        results[f"{name}_index_ms"] = (time.process_time() - started) * 1000
        results[f"{name}_items"] = len(index)
        started = time.process_time()
        index.prepare()  # the reader builds the typo dictionary in the background
        results[f"{name}_prepare_ms"] = (time.process_time() - started) * 1000
        results[f"{name}_index_mib"] = _index_mib(briefing)
        times = _keystroke_times(index)
        results[f"{name}_median_ms"] = _median_ms(times)
        results[f"{name}_max_ms"] = max(times) * 1000
    return results


async def _reader_keystroke_times(briefing: Briefing, size: tuple[int, int]) -> list[float]:
    """CPU seconds per keystroke in the reader's search screen, from the moment the app
    receives the key to the last frame drawn for it: the reader's own work, without
    the test driver's (which costs about 5 ms a key even for a bare ``Input``)."""
    from briefing.devtools.frames import FrameClock

    clock = FrameClock(time.process_time)
    # As ``briefing`` starts: the collector is paused until the first frame, and what
    # start-up built is then frozen out of later collections.
    gc.disable()
    app = clock.app()(briefing)
    times: list[float] = []
    try:
        with clock.drawing():
            async with app.run_test(size=size) as pilot:
                app.search_index.prepare()
                await pilot.press("slash")
                await pilot.pause()
                for query in QUERIES:
                    for char in query:
                        clock.reset()
                        await pilot.press("space" if char == " " else char)
                        await pilot.pause()
                        times.append(clock.elapsed)
                    for _ in query:
                        await pilot.press("backspace")
                    await pilot.pause()
    finally:
        gc.unfreeze()
        gc.enable()
    return times


def bench_search_in_reader(factor: int) -> dict[str, float]:
    base = load_briefing(default_briefing())
    results: dict[str, float] = {}
    for name, briefing in (("bundled", base), (f"x{factor}", synthetic_briefing(base, factor))):
        times = asyncio.run(_reader_keystroke_times(briefing, (120, 40)))
        results[f"{name}_median_ms"] = _median_ms(times)
        results[f"{name}_max_ms"] = max(times) * 1000
    return results


def _time_command(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return _median_ms(times)


def bench_export(runs: int) -> dict[str, float]:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.devtools.benchmark")
    parser.add_argument("--runs", type=int, default=10, help="repetitions per measurement")
    parser.add_argument(
        "--factor",
        type=int,
        default=80,
        help="size of the big synthetic briefing (80: about 3,000 events, 6,000 actors)",
    )
    parser.add_argument(
        "--only",
        choices=["startup", "scale", "blocking", "search", "export", "hostile"],
        action="append",
        help="run only these",
    )
    options = parser.parse_args(argv)
    chosen = set(options.only or ["startup", "scale", "blocking", "search", "export", "hostile"])
    steps: list[tuple[str, Callable[[], dict[str, float]]]] = []
    if "startup" in chosen:
        if shutil.which("tmux") is None:
            print("startup: skipped, tmux is not installed", file=sys.stderr)
        else:
            for size in ((80, 24), (120, 40)):
                title = f"startup to the first frame and to the settled screen, {size[0]}x{size[1]}"
                steps.append(
                    (
                        f"{title} (median of {options.runs})",
                        functools.partial(bench_startup, options.runs, size),
                    )
                )
    if "scale" in chosen and shutil.which("tmux") is not None:
        for factor in sorted({10, options.factor}):
            steps.append(
                (
                    f"{factor} times the bundled briefing, 120x40 (median of {options.runs})",
                    functools.partial(bench_scale, factor, options.runs),
                )
            )
    if "blocking" in chosen:
        steps.append(
            (
                "longest event-loop block from the first frame until settled",
                functools.partial(bench_blocking, options.factor),
            )
        )
    if "search" in chosen:
        steps.append(
            ("search work per keystroke, core", functools.partial(bench_search, options.factor))
        )
        steps.append(
            (
                "search per keystroke in the reader, key received to results drawn (120x40)",
                functools.partial(bench_search_in_reader, options.factor),
            )
        )
    if "export" in chosen:
        steps.append(
            (f"export (median of {options.runs})", functools.partial(bench_export, options.runs))
        )
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
