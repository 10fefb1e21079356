"""The reader of a briefing many times the bundled one, in a real terminal: loading the
file alone, start-up against a bare app's (paired ratios, as in ``bench_startup``), ``/``
opening, search keystrokes from key to screen, and the reader's peak memory."""

from __future__ import annotations

import functools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.devtools.bench_startup import (
    MIN_ROUNDS,
    keep_validated,
    median_ms,
    paired_ratio,
    startup_figures,
    time_startup,
    with_cache_home,
)
from briefing.devtools.synthetic import synthetic_briefing
from briefing.devtools.tmux import TmuxScreens


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


def bench_scale(factor: int, runs: int, size: tuple[int, int] = (120, 40)) -> dict[str, float]:
    """The reader of a briefing ``factor`` times the bundled one: loading it alone, settled
    start-up against a bare app's (``MIN_ROUNDS`` rounds at least), ``/`` opening, search
    keystrokes from key to screen in tmux, and the reader's peak memory.

    What a first open costs beyond loading the file is worked out per round (the cold
    settled start-up less the load alone); its median is ``settled_beyond_load_ms``, and
    ``beyond_load_ratio`` the median of its ratios to the same round's bare app."""
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic(factor, Path(folder))
        results["file_mib"] = path.stat().st_size / 2**20
        times = time_startup(max(runs, MIN_ROUNDS), size, path)
        startup = startup_figures(times)
        for name in ("load_alone_ms", "bare_settled_ms", "reader_settled_ms", "settled_ratio"):
            results[name] = startup[name]
        results["cold_settled_ms"] = startup["cold_settled_ms"]
        results["cold_settled_ratio"] = startup["cold_settled_ratio"]
        beyond = [
            cold - load for cold, load in zip(times["cold_settled"], times["load"], strict=True)
        ]
        results["settled_beyond_load_ms"] = median_ms(beyond)
        results["beyond_load_ratio"] = paired_ratio(beyond, times["bare_settled"])
        results.update(_search_in_tmux(path, size, runs))
    return results


def _search_in_tmux(path: Path, size: tuple[int, int], runs: int) -> dict[str, float]:
    """``/`` opening, the search answering, each keystroke of "magnets" from key to
    screen, and the reader's peak memory, over ``runs`` readers of ``path``."""
    briefing_title = load_briefing(path).title[:30]
    opens: list[float] = []
    ready: list[float] = []
    keys: list[float] = []
    memory: list[float] = []
    screens = TmuxScreens()
    cache_home = Path(tempfile.mkdtemp())
    keep_validated(path, cache_home)
    reader = with_cache_home(cache_home, [sys.executable, "-m", "briefing", str(path)])
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
                keys += _keystrokes(screens, session, "magnets")
                memory.append(_peak_rss_mib(screens.pid(session)))
            finally:
                screens.kill(session)
    finally:
        screens.close()
        shutil.rmtree(cache_home, ignore_errors=True)
    return {
        "slash_opens_ms": median_ms(opens),
        "search_answers_ms": median_ms(ready),
        "keystroke_median_ms": median_ms(keys),
        "keystroke_max_ms": max(keys) * 1000,
        "reader_peak_rss_mib": statistics.median(memory),
    }


def _keystrokes(screens: TmuxScreens, session: str, word: str) -> list[float]:
    """Seconds from each key of ``word`` typed to the screen settled with it."""
    times = []
    typed = ""
    for char in word:
        before = screens.screen(session)
        typed += char
        pressed = time.perf_counter()
        screens.command("send-keys", "-t", session, char)
        # The key has reached the screen when the box shows it and the count line has
        # changed with it.
        screens.wait_for(session, functools.partial(_echoed, typed, before))
        screens.settle(session, quiet=0.05)
        times.append(time.perf_counter() - pressed - 0.05)
    return times


def _echoed(typed: str, before: str, screen: str) -> bool:
    return screen != before and typed in screen


def _peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB; Linux only."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
