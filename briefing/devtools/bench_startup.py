"""Start-up of the reader against a bare Textual app, in a real terminal, round by round;
and the longest the reader's event loop is busy while it settles.

Each round starts, in fresh tmux windows, a bare app that shows one line, the reader with
its briefing read from the cache of validated briefings (warm), and the reader with an
empty cache (cold). A ratio is worked out per round, from the reader and the bare app of
that same round, and the median of those paired ratios is reported, over at least
``MIN_ROUNDS`` rounds: a round on a busy moment slows both programs alike, and its ratio
stays near the others.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.devtools.synthetic import synthetic_briefing
from briefing.devtools.tmux import SETTLED_AFTER, TmuxScreens

MIN_ROUNDS = 7
"""The fewest rounds a start-up ratio is the median of."""

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("bare textual app ready")

Bare().run()
"""

LOAD_ONLY = "import sys; from briefing.core.loader import load_briefing; load_briefing(sys.argv[1])"

Rounds = dict[str, list[float]]
"""Seconds per round, by what was timed: ``bare``, ``bare_settled``, ``reader``,
``settled`` (warm), ``cold``, ``cold_settled`` and, for a file of one's own, ``load``."""


def median_ms(samples: Sequence[float]) -> float:
    """The median of ``samples`` (seconds), in milliseconds."""
    return statistics.median(samples) * 1000


def paired_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the ratios of the samples taken in the same round (same index)."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def keep_validated(path: Path, cache_home: Path) -> None:
    """Validate ``path`` and keep it in the cache under ``cache_home`` (``XDG_CACHE_HOME``),
    as the reader's first open of it does. Raises RuntimeError when it cannot be kept."""
    from briefing.core import cache

    directory = cache.cache_directory({"XDG_CACHE_HOME": str(cache_home)})
    if not cache.store(path.read_bytes(), load_briefing(path), directory):
        raise RuntimeError(f"could not keep {path} in {directory}")


def with_cache_home(cache_home: Path, command: list[str]) -> list[str]:
    """``command`` run under ``env`` with ``cache_home`` as its ``XDG_CACHE_HOME``."""
    return ["env", f"XDG_CACHE_HOME={cache_home}", *command]


def time_startup(runs: int, size: tuple[int, int], path: Path | None = None) -> Rounds:
    """Start-up of the reader (of ``path``, else the bundled briefing) and of a bare Textual
    app, interleaved, ``runs`` rounds: to the first full frame, and to the settled screen.

    The reader is timed twice a round: warm, the file validated by an earlier open and
    read from the cache of validated briefings, as on every open but the first; and cold,
    with an empty cache, as on the first open of a file (it then validates the file). With
    ``path``, loading that file alone (in a fresh process) is timed in the same rounds.
    Each program runs under ``env``, with a cache directory of the benchmark's own."""
    shown = path or default_briefing()
    reader = [sys.executable, "-m", "briefing", *([str(path)] if path else [])]
    # The reader's first full frame has its header (the title) and its footer (the keys).
    markers = [load_briefing(shown).title[:30], "Help"]
    names = ("bare", "bare_settled", "reader", "settled", "cold", "cold_settled", "load")
    times: Rounds = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as folder:
        bare_app = Path(folder, "bare_app.py")
        bare_app.write_text(BARE_APP)
        warm_home = Path(folder, "warm")
        keep_validated(shown, warm_home)
        programs = {
            "bare": (
                with_cache_home(warm_home, [sys.executable, str(bare_app)]),
                ["bare textual app ready"],
            ),
            "reader": (with_cache_home(warm_home, reader), markers),
        }
        screens = TmuxScreens()
        try:
            for round_number in range(runs):  # interleaved: load on the machine affects all alike
                cold = with_cache_home(Path(folder, f"cold-{round_number}"), reader)
                _time_round(screens, {**programs, "cold": (cold, markers)}, size, times)
                if path is not None:
                    started = time.perf_counter()
                    load = [sys.executable, "-c", LOAD_ONLY, str(path)]
                    subprocess.run(load, check=True, capture_output=True)
                    times["load"].append(time.perf_counter() - started)
        finally:
            screens.close()
    return {name: samples for name, samples in times.items() if samples}


def _time_round(
    screens: TmuxScreens,
    programs: dict[str, tuple[list[str], list[str]]],
    size: tuple[int, int],
    times: Rounds,
) -> None:
    """Start each program (its command, and the texts its first full frame shows) in turn,
    adding its times to the first frame and to the settled screen to ``times``."""
    settled_names = {"bare": "bare_settled", "reader": "settled", "cold": "cold_settled"}
    for name, (command, markers) in programs.items():
        first, settled = screens.time_to_settled(command, markers, size)
        times[name].append(first)
        times[settled_names[name]].append(settled)


def startup_figures(times: Rounds) -> dict[str, float]:
    """The medians of ``times`` in milliseconds, and each ratio of the reader to the bare
    app as the median of the rounds' paired ratios."""
    medians = {name: median_ms(samples) for name, samples in times.items()}
    return {
        "bare_first_ms": medians["bare"],
        "reader_first_ms": medians["reader"],
        "first_ratio": paired_ratio(times["reader"], times["bare"]),
        "bare_settled_ms": medians["bare_settled"],
        "reader_settled_ms": medians["settled"],
        "settled_ratio": paired_ratio(times["settled"], times["bare_settled"]),
        "cold_first_ms": medians["cold"],
        "cold_settled_ms": medians["cold_settled"],
        "cold_settled_ratio": paired_ratio(times["cold_settled"], times["bare_settled"]),
        **({"load_alone_ms": medians["load"]} if "load" in medians else {}),
    }


def bench_startup(runs: int, size: tuple[int, int], path: Path | None = None) -> dict[str, float]:
    """``startup_figures`` of ``time_startup`` over ``runs`` rounds, ``MIN_ROUNDS`` at least."""
    return startup_figures(time_startup(max(runs, MIN_ROUNDS), size, path))


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
    """The longest event-loop block (ms) from the first frame until settled, for the bundled
    briefing and one ``factor`` times its size, at 80x24 and 120x40."""
    base = load_briefing(default_briefing())
    results: dict[str, float] = {}
    for name, briefing in (("bundled", base), (f"x{factor}", synthetic_briefing(base, factor))):
        for size in ((80, 24), (120, 40)):
            block = asyncio.run(_longest_block(briefing, size))
            results[f"{name}_{size[0]}x{size[1]}_longest_block_ms"] = block * 1000
    return results
