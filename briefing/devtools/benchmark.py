"""Measure what users feel: start-up to the first full frame, search per keystroke, export.

Run ``python -m briefing.devtools.benchmark`` (``--help`` for options). Start-up is timed in
a real terminal: each program starts in a fresh tmux window and the screen is polled until
its first full frame is there; a bare Textual app that shows one line is timed in the same
run, so the ratio holds on any machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.search import SearchIndex
from briefing.devtools.bench_export import measure_export_startup
from briefing.devtools.synthetic import synthetic_briefing

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("bare textual app ready")

Bare().run()
"""

# A tmux server of the benchmark's own.
TMUX = ["tmux", "-L", "briefing-benchmark"]

# What people type: each prefix of these is one keystroke.
QUERIES = ["dysprosium", "magnets", "trump", "export controls", "terbuim", "gallium 2023"]


def _median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


class TmuxScreens:
    """Programs started in tmux windows, their screens read through one control-mode client.

    Reading a screen with ``tmux capture-pane`` would start a process per look, and those
    processes would take CPU from the program being timed. A control-mode client takes
    commands on its standard input instead.
    """

    def __init__(self) -> None:
        # An idle session keeps the server up between programs, and the client attaches to it.
        subprocess.run([*TMUX, "kill-server"], check=False, capture_output=True)  # a leftover
        subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "sleep", "3600"], check=True)
        self._client = subprocess.Popen(
            [*TMUX, "-C", "attach-session", "-t", "keep"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            self._reply()  # to the attach itself
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-server"], check=False, capture_output=True)
        self._client.wait(timeout=10)

    def command(self, *words: str) -> list[str]:
        """Run one tmux command; its output lines."""
        assert self._client.stdin is not None
        self._client.stdin.write(" ".join(_tmux_quote(word) for word in words) + "\n")
        self._client.stdin.flush()
        return self._reply()

    def _kill_session(self, session: str) -> None:
        # The program may have ended and taken its session with it.
        with contextlib.suppress(RuntimeError):
            self.command("kill-session", "-t", session)

    def _reply(self) -> list[str]:
        assert self._client.stdout is not None
        lines: list[str] = []
        inside = False
        for raw in self._client.stdout:
            line = raw.rstrip("\n")
            if not inside:
                inside = line.startswith("%begin")  # anything else is a notification
            elif line.startswith("%error"):
                raise RuntimeError("tmux: " + " ".join(lines))
            elif line.startswith("%end"):
                return lines
            else:
                lines.append(line)
        raise RuntimeError("the tmux control client exited")

    def time_to_screen(
        self, command: list[str], markers: Sequence[str], size: tuple[int, int]
    ) -> float:
        """Seconds from starting ``command`` until every marker is on its screen."""
        session = f"bench{time.monotonic_ns()}"
        width, height = size
        started = time.perf_counter()
        self.command(
            "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height),
            shlex.join(command),
        )  # fmt: skip
        try:
            deadline = started + 30
            while time.perf_counter() < deadline:
                screen = "\n".join(self.command("capture-pane", "-p", "-t", session))
                if all(marker in screen for marker in markers):
                    return time.perf_counter() - started
                time.sleep(0.002)
            raise TimeoutError(f"{command[-1]} never showed {markers}")
        finally:
            self._kill_session(session)


def _tmux_quote(word: str) -> str:
    # tmux reads commands much as a shell does; a single-quoted word is taken as it is.
    if "'" in word or "\n" in word:
        raise ValueError(f"cannot pass {word!r} to tmux")
    return f"'{word}'"


def bench_startup(runs: int, size: tuple[int, int]) -> dict[str, float]:
    briefing = load_briefing(default_briefing())
    reader = [sys.executable, "-m", "briefing"]
    # The reader's first full frame has its header (the title) and its footer (the keys).
    reader_markers = [briefing.title[:30], "Help"]
    bare_times: list[float] = []
    reader_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        bare_app = Path(folder, "bare_app.py")
        bare_app.write_text(BARE_APP)
        bare = [sys.executable, str(bare_app)]
        screens = TmuxScreens()
        try:
            for _ in range(runs):  # interleaved, so load on the machine affects both alike
                bare_times.append(screens.time_to_screen(bare, ["bare textual app ready"], size))
                reader_times.append(screens.time_to_screen(reader, reader_markers, size))
        finally:
            screens.close()
    bare_ms, reader_ms = _median_ms(bare_times), _median_ms(reader_times)
    return {"bare_ms": bare_ms, "reader_ms": reader_ms, "ratio": reader_ms / bare_ms}


def _keystroke_times(index: SearchIndex) -> list[float]:
    """CPU seconds of search work per keystroke: steady even when the machine is busy."""
    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            started = time.process_time()
            index.search(query[:end])
            times.append(time.process_time() - started)
    return times


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
    parser.add_argument("--factor", type=int, default=100, help="size of the synthetic briefing")
    parser.add_argument(
        "--only", choices=["startup", "search", "export"], action="append", help="run only these"
    )
    options = parser.parse_args(argv)
    chosen = set(options.only or ["startup", "search", "export"])
    steps: list[tuple[str, Callable[[], dict[str, float]]]] = []
    if "startup" in chosen:
        if shutil.which("tmux") is None:
            print("startup: skipped, tmux is not installed", file=sys.stderr)
        else:
            for size in ((80, 24), (120, 40)):
                title = f"startup to first full frame at {size[0]}x{size[1]}"
                steps.append(
                    (
                        f"{title} (median of {options.runs})",
                        functools.partial(bench_startup, options.runs, size),
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
