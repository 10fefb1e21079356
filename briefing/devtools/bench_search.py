"""Search per keystroke: the work the reader asks of the index, and the whole keystroke in
the reader's search screen, from the key received to the results drawn (CPU time)."""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.search import SearchIndex
from briefing.devtools.bench_startup import median_ms
from briefing.devtools.synthetic import synthetic_briefing

# What people type: each prefix of these is one keystroke.
QUERIES = ["dysprosium", "magnets", "trump", "export controls", "terbuim", "gallium 2023"]


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
    """Search in the core, for the bundled briefing and one ``factor`` times its size: the
    index made and prepared (CPU ms), what it holds (MiB), and the work per keystroke."""
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
        results[f"{name}_median_ms"] = median_ms(times)
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
    """CPU ms per keystroke in the reader's search screen at 120x40, median and worst, for
    the bundled briefing and one ``factor`` times its size."""
    base = load_briefing(default_briefing())
    results: dict[str, float] = {}
    for name, briefing in (("bundled", base), (f"x{factor}", synthetic_briefing(base, factor))):
        times = asyncio.run(_reader_keystroke_times(briefing, (120, 40)))
        results[f"{name}_median_ms"] = median_ms(times)
        results[f"{name}_max_ms"] = max(times) * 1000
    return results
