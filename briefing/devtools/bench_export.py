"""How fast ``briefing export`` starts, against ``python -c "import pydantic, yaml"``.

Run ``python -m briefing.devtools.bench_export``. Both commands start a fresh Python, so
the ratio says what export costs on top of the libraries every command needs, on any
machine. Uses hyperfine when it is installed (warm-up runs, outliers reported), else a
plain loop of timed runs.
"""

from __future__ import annotations

import argparse
import json
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


@dataclass(frozen=True, slots=True)
class ExportStartup:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.devtools.bench_export")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    options = parser.parse_args(argv)
    result = measure_export_startup(options.runs)
    if options.json:
        print(json.dumps({**asdict(result), "ratio": result.ratio}))
    else:
        print(
            f"briefing export: {result.export_ms:.0f} ms; "
            f'python -c "import pydantic, yaml": {result.baseline_ms:.0f} ms; '
            f"ratio {result.ratio:.2f} (median of {result.runs}, {result.tool})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
