"""How fast the one-page brief is made, on the command line and in the reader.

Run ``python -m briefing.devtools.bench_export`` (``--only`` picks parts). It measures:

- ``startup``: ``briefing export`` of the bundled briefing against ``python -c "import
  pydantic, yaml"``. Both start a fresh Python, so the ratio says what export costs on
  top of the libraries every command needs, on any machine. Uses hyperfine when it is
  installed, else a plain loop of timed runs.
- ``scale``: briefings made here with N key items in every section (key points,
  figures, events, actors, quotes). ``briefing export`` of N = 400 against ``briefing
  validate`` of the same file (wall and CPU time), and the growth exponent of the CPU
  time to build the brief (in process, after loading) fitted over N = 25 to 400: 1 is
  linear.
- ``reader``: in the reader, ``e`` to the brief's preview drawn against ``?`` to the help
  screen drawn, in the same run, alternating, once the reader has built the brief ahead
  (it does so after the first frame and the search index).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.periodic import BY_SYMBOL, RARE_EARTHS


@dataclass(frozen=True, slots=True)
class ExportStartup:
    """Median wall times of ``briefing export`` and of the import baseline."""

    export_ms: float
    """Median wall time of ``briefing export`` of the bundled briefing to /dev/null."""
    baseline_ms: float
    """Median wall time of ``python -c "import pydantic, yaml"``."""
    runs: int
    tool: str
    """``hyperfine`` or ``loop``."""

    @property
    def ratio(self) -> float:
        return self.export_ms / self.baseline_ms


def _commands(briefing: Path) -> tuple[list[str], list[str]]:
    python = sys.executable
    export = [python, "-m", "briefing", "export", "-q", str(briefing)]
    baseline = [python, "-c", "import pydantic, yaml"]
    return export, baseline


def _median_loop(command: list[str], runs: int) -> float:
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _timed_run(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median_hyperfine(hyperfine: str, commands: list[list[str]], runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [
                hyperfine,
                "--warmup",
                "3",
                "--runs",
                str(runs),
                "--shell=none",
                "--style",
                "none",
                "--export-json",
                str(report),
                *(" ".join(_quoted(part) for part in command) for command in commands),
            ],
            check=True,
            capture_output=True,
        )
        results = json.loads(report.read_text())["results"]
    return [result["median"] * 1000 for result in results]


def _quoted(part: str) -> str:
    # hyperfine --shell=none splits on spaces and honours quotes.
    return f'"{part}"' if " " in part or "," in part else part


def measure_export_startup(runs: int = 20, briefing: Path | None = None) -> ExportStartup:
    """Median start-to-exit time of ``briefing export`` and of the import baseline."""
    export, baseline = _commands(briefing or default_briefing())
    hyperfine = shutil.which("hyperfine")
    if hyperfine is not None:
        export_ms, baseline_ms = _median_hyperfine(hyperfine, [export, baseline], runs)
        return ExportStartup(export_ms, baseline_ms, runs, "hyperfine")
    return ExportStartup(_median_loop(export, runs), _median_loop(baseline, runs), runs, "loop")


# --- scale ---------------------------------------------------------------------------------

SCALE_SIZES = (25, 50, 100, 200, 400)
# The rare earths and four other critical elements, as in a real briefing.
_SYMBOLS = (
    *sorted(RARE_EARTHS, key=lambda symbol: BY_SYMBOL[symbol].number),
    "Ga",
    "Ge",
    "C",
    "Li",
)
# Words for made-up text: the elements' names and a few of the trade's words.
_WORDS = [BY_SYMBOL[symbol].name.lower() for symbol in _SYMBOLS] + [
    "licence",
    "quota",
    "truce",
    "tariff",
]


def key_items_briefing(n: int) -> dict[str, object]:
    """A valid briefing with ``n`` key items in every section, all citing sources
    published after the events they report, as plain YAML data."""
    return {
        "format": "1",
        "id": f"key-items-{n}",
        "title": "Key items at scale",
        "as_of": "2025-11-10",
        "summary": _text(0, 60),
        "key_points": [{"text": _text(i, 30), "sources": [f"s{i}"]} for i in range(n)],
        "sources": _sources(n),
        "events": _events(n),
        "elements": _elements(),
        "actors": [
            {
                "id": f"a{i}",
                "name": f"Person {i}",
                "kind": "person",
                "role": _text(i, 5),
                "key": "true",
            }
            for i in range(n)
        ],
        "quotes": _quotes(n),
        "figures": [
            {
                "id": f"f{i}",
                "value": f"{i} tonnes",
                "label": _text(i, 8),
                "source": f"s{i}",
                "key": "true",
            }
            for i in range(n)
        ],
    }


def _text(seed: int, count: int) -> str:
    """``count`` made-up words, the same for the same ``seed``, as a sentence."""
    return " ".join(_WORDS[(seed * 7 + k * 3) % len(_WORDS)] for k in range(count)).capitalize()


def _sources(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"s{i}",
            "publisher": f"Wire {i}",
            "title": _text(i, 9),
            "published": f"2025-10-{1 + i % 28:02d}",
            "url": f"https://news.example.com/{i}",
        }
        for i in range(n)
    ]


def _events(n: int) -> list[dict[str, object]]:
    """Events of 2025 up to September: before every source, which is of October."""
    return [
        {
            "id": f"e{i}",
            "date": f"2025-{1 + i % 9:02d}-{1 + i % 28:02d}",
            "title": _text(i, 10),
            "summary": _text(i + 1, 25),
            "sources": [f"s{i}", f"s{(i + 1) % n}"],
            "actors": [f"a{i}", f"a{(i + 1) % n}"],
            "elements": [_SYMBOLS[i % len(_SYMBOLS)]],
            "key": "true",
        }
        for i in range(n)
    ]


def _elements() -> list[dict[str, object]]:
    """Each of ``_SYMBOLS``, every other one under a control."""
    return [
        {
            "symbol": symbol,
            "sources": [f"s{k}"],
            **(
                {"controls": [{"since": "2025-04-04", "measure": "Licence", "event": f"e{k}"}]}
                if k % 2
                else {}
            ),
        }
        for k, symbol in enumerate(_SYMBOLS)
    ]


def _quotes(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"q{i}",
            "text": _text(i, 40),
            "speaker": f"a{i}",
            "source": f"s{i}",
            "date": "2025-10",
            "key": "true",
        }
        for i in range(n)
    ]


def write_key_items_briefing(n: int, directory: Path) -> Path:
    """``key_items_briefing(n)`` as YAML in ``directory``; returns the file's path."""
    import yaml

    path = directory / f"key-items-{n}.yaml"
    path.write_text(yaml.safe_dump(key_items_briefing(n), sort_keys=False), encoding="utf-8")
    return path


def growth_exponent(sizes: Sequence[int], times: Sequence[float]) -> float:
    """The slope of log(time) against log(size), by least squares: time ~ size ** slope."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(time) for time in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def measure_scale(runs: int) -> dict[str, float]:
    """Export against validate at N = 400, and the growth of the time to build a brief."""
    from briefing.core.export import build_brief
    from briefing.core.loader import load_briefing

    results: dict[str, float] = {}
    build_ms: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        paths = {n: write_key_items_briefing(n, Path(scratch)) for n in SCALE_SIZES}
        for n in SCALE_SIZES:
            briefing = load_briefing(paths[n])
            # CPU time of this process, the median of runs totalling at least half a
            # second: a machine busy with other work disturbs it least.
            samples: list[float] = []
            while len(samples) < max(3, runs // 2) or sum(samples) < 0.5:
                started = time.process_time()
                build_brief(briefing)
                samples.append(time.process_time() - started)
            build_ms.append(statistics.median(samples) * 1000)
            results[f"build_ms_n{n}"] = build_ms[-1]
        largest = str(paths[SCALE_SIZES[-1]])
        python = sys.executable
        export = [python, "-m", "briefing", "export", "-q", "-o", "-", largest]
        validate = [python, "-m", "briefing", "validate", largest]
        # Alternating, so that a busy machine slows both alike; CPU time is steadier.
        walls: dict[str, list[float]] = {"export": [], "validate": []}
        cpus: dict[str, list[float]] = {"export": [], "validate": []}
        for _ in range(max(3, runs // 2)):
            for name, command in (("export", export), ("validate", validate)):
                wall, cpu = _timed_run(command)
                walls[name].append(wall)
                cpus[name].append(cpu)
    for name in ("export", "validate"):
        results[f"{name}_n400_ms"] = statistics.median(walls[name]) * 1000
        results[f"{name}_n400_cpu_ms"] = statistics.median(cpus[name]) * 1000
    results["export_over_validate_n400"] = results["export_n400_ms"] / results["validate_n400_ms"]
    results["export_over_validate_n400_cpu"] = (
        results["export_n400_cpu_ms"] / results["validate_n400_cpu_ms"]
    )
    results["growth_exponent"] = growth_exponent(SCALE_SIZES, build_ms)
    return results


# --- the reader ------------------------------------------------------------------------------


async def _preview_and_help_times(runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds from the key reaching the app to the last frame drawn once the screen
    it opens is complete: ``e`` (the preview shown) and ``?`` (help shown), alternating."""
    from briefing.core.bundled import default_briefing
    from briefing.core.loader import load_briefing
    from briefing.devtools.frames import FrameClock
    from briefing.ui.app import BriefingApp
    from briefing.ui.screens.export import ExportScreen
    from briefing.ui.screens.help import HelpScreen

    def ready(app: BriefingApp, key: str) -> bool:
        screen = app.screen
        if key == "e":
            # (A screen without the attribute, as before the preview was built in a thread,
            # is complete once mounted.)
            return isinstance(screen, ExportScreen) and getattr(screen, "preview_shown", True)
        return isinstance(screen, HelpScreen)

    clock = FrameClock(time.perf_counter)
    app = clock.app()(load_briefing(default_briefing()))
    times: dict[str, list[float]] = {"e": [], "question_mark": []}
    with clock.drawing():
        async with app.run_test(size=(120, 40)) as pilot:
            # The reader builds the brief once the search index is made: as a reader
            # who presses e a moment after start finds it.
            while app.search_ready is None or app.brief_ahead is None:
                await pilot.pause(0.01)
            await pilot.pause(0.5)
            for _ in range(runs):
                for key in ("question_mark", "e"):
                    clock.reset()
                    await pilot.press(key)
                    while not ready(app, key):
                        await pilot.pause(0.005)
                    await pilot.pause()
                    times[key].append(clock.elapsed)
                    await pilot.press("escape")
                    await pilot.pause()
    return times["e"], times["question_mark"]


def measure_reader(runs: int) -> dict[str, float]:
    """Median milliseconds of ``e`` and ``?`` to their screens drawn, and their ratio."""
    import asyncio

    preview, help_shown = asyncio.run(_preview_and_help_times(runs))
    results = {
        "preview_ms": statistics.median(preview) * 1000,
        "help_ms": statistics.median(help_shown) * 1000,
    }
    results["preview_over_help"] = results["preview_ms"] / results["help_ms"]
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen measures and print them (``--json`` for JSON); returns 0."""
    parser = argparse.ArgumentParser(prog="python -m briefing.devtools.bench_export")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument(
        "--only", choices=["startup", "scale", "reader"], action="append", help="run only these"
    )
    options = parser.parse_args(argv)
    chosen = options.only or ["startup", "scale", "reader"]
    report: dict[str, object] = {}
    if "startup" in chosen:
        result = measure_export_startup(options.runs)
        report["startup"] = {**asdict(result), "ratio": result.ratio}
        if not options.json:
            print(
                f"briefing export: {result.export_ms:.0f} ms; "
                f'python -c "import pydantic, yaml": {result.baseline_ms:.0f} ms; '
                f"ratio {result.ratio:.2f} (median of {result.runs}, {result.tool})"
            )
    for name, measure in (("scale", measure_scale), ("reader", measure_reader)):
        if name in chosen:
            numbers = measure(options.runs)
            report[name] = numbers
            if not options.json:
                print(name)
                for key, value in numbers.items():
                    print(f"  {key:28} {value:10.2f}")
    if options.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
