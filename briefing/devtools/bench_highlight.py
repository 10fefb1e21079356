"""Measure search highlighting when one field holds a word thousands of times.

Run ``python -m briefing.devtools.bench_highlight`` (``--help`` for options). The bundled
briefing's 1992 event is retitled with a word repeated ``--repeats`` times (and, as the
baseline, 20 times); each run types that word into the search box of a headless reader at
120x40 and times, in CPU time of this process, the keystrokes until the results are drawn.
It prints the median of each and their ratio: the work grows with the matches, so the
ratio stays far below ``--repeats`` / 20.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_bytes
from briefing.ui.app import BriefingApp

TITLE = "title: Deng Xiaoping likens rare earths to Middle East oil"
WORD = "word"
BASELINE = 20


def _briefing_text(repeats: int) -> bytes:
    text = Path(default_briefing()).read_text(encoding="utf-8")
    return text.replace(TITLE, "title: " + f"{WORD} " * repeats, 1).encode()


async def _type_word(repeats: int) -> float:
    """CPU seconds from the first keystroke to the results drawn, ``repeats`` matches."""
    app = BriefingApp(load_bytes(_briefing_text(repeats), "bench"), theme="dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        start = time.process_time()
        await pilot.press(*WORD)
        await pilot.pause()
        return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20_000, help="matches in the title")
    parser.add_argument("--runs", type=int, default=3, help="runs of each")
    options = parser.parse_args(argv)
    small = [asyncio.run(_type_word(BASELINE)) for _ in range(options.runs)]
    large = [asyncio.run(_type_word(options.repeats)) for _ in range(options.runs)]
    small_ms, large_ms = statistics.median(small) * 1000, statistics.median(large) * 1000
    print(f"{BASELINE} matches: {small_ms:.0f} ms CPU for {len(WORD)} keystrokes (median)")
    print(f"{options.repeats} matches: {large_ms:.0f} ms CPU (median)")
    print(f"ratio: {large_ms / small_ms:.2f}x for {options.repeats // BASELINE}x the matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
