"""How long ``briefing validate`` takes, and how much memory, on big and on hostile files.

Run ``python -m briefing.devtools.bench_load`` (Linux: it reads /proc). Each file is
checked by ``briefing validate -q FILE`` in a fresh Python, timed from start to exit (wall
and processor time), and in ``main`` alone (the file's own cost); memory is the process's
peak resident set. Two sets of files:

- big: the bundled briefing repeated 10 and 100 times (``--factors``), and the largest
  repetition under the size limit (``--at-the-limit``);
- hostile: each kind of mistake the loader must answer clearly, at its worst size, which
  must each be answered in under a second and a gibibyte (``--budget-s``, ``--budget-mib``).

- unknown keys: the bundled briefing with 20,000 and 200,000 unknown keys in one event,
  each against a valid briefing twice its size (the bundled one repeated); the target
  is at most 2 times, in the processor time spent checking the file (``main`` alone).

Exit status 1 when a hostile file is over the budget or is answered with the wrong exit
status, so the script can guard a change.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import MAX_BYTES


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    """Median wall time of the command, start to exit."""
    cpu_seconds: float
    """Median processor time (user and system) of the command: on a shared machine, the
    wall time also counts waiting for a core."""
    work_seconds: float
    """Median time in ``main`` after the imports every command needs: the file's own cost."""
    work_cpu_seconds: float
    """Median processor time in ``main``: the file's own cost, whatever else the machine runs."""
    peak_mib: float
    """Largest peak resident set (VmHWM) over the runs, in MiB."""
    status: int
    size: int
    """Bytes in the file."""


# Run in the measured process: times what the file costs beyond start-up, and reads the
# peak resident set from the kernel (the parent's rusage would count its own pages,
# copied into the child before exec).
_CHILD = """
import contextlib, json, os, sys, time
from briefing.core import validation
validation._adapter()
from briefing.cli import main
started = time.perf_counter()
started_cpu = time.process_time()
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    with contextlib.redirect_stderr(sink):
        status = main(["validate", "-q", sys.argv[1]])
work = time.perf_counter() - started
work_cpu = time.process_time() - started_cpu
with open("/proc/self/status") as proc:
    peak = next(int(line.split()[1]) for line in proc if line.startswith("VmHWM:"))
with open(sys.argv[2], "w") as report:
    json.dump({"status": status, "work": work, "work_cpu": work_cpu, "peak_kib": peak}, report)
sys.exit(status)
"""


def measure(path: Path, runs: int) -> Run:
    """``briefing validate -q PATH`` run ``runs`` times, each in a fresh process."""
    import json

    walls: list[float] = []
    cpus: list[float] = []
    works: list[float] = []
    work_cpus: list[float] = []
    peak = 0
    status = 0
    report = path.with_suffix(".json")
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", _CHILD, str(path), str(report)])
        _, wait_status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - started)
        process.returncode = os.waitstatus_to_exitcode(wait_status)
        cpus.append(usage.ru_utime + usage.ru_stime)
        measured = json.loads(report.read_text())
        works.append(measured["work"])
        work_cpus.append(measured["work_cpu"])
        peak = max(peak, measured["peak_kib"])
        status = measured["status"]
    report.unlink()
    return Run(
        statistics.median(walls),
        statistics.median(cpus),
        statistics.median(works),
        statistics.median(work_cpus),
        peak / 1024,
        status,
        path.stat().st_size,
    )


def synthetic_text(factor: int) -> str:
    """The bundled briefing with every item repeated ``factor`` times, as YAML."""
    import yaml

    from briefing.core import validation
    from briefing.core.loader import load_briefing
    from briefing.devtools.synthetic import synthetic_briefing

    data = validation.to_data(synthetic_briefing(load_briefing(default_briefing()), factor))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _bundled() -> str:
    return default_briefing().read_text(encoding="utf-8")


def _replace(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        text = _bundled()
        if old not in text:
            raise SystemExit(f"bench_load: the bundled briefing no longer holds {old!r}")
        return text.replace(old, new, 1)

    return make


def many_unknown_references(count: int = 3000) -> str:
    """``count`` events, each citing a source that is not defined, among ``count`` sources."""
    sources = "".join(
        f"  - {{id: source-{i}, publisher: p, title: t, published: 2025}}\n" for i in range(count)
    )
    events = "".join(
        f"  - {{id: e{i}, date: 2025, title: t, summary: s, sources: [nope-{i}]}}\n"
        for i in range(count)
    )
    return (
        "format: 1\nid: x\ntitle: t\nas_of: 2025-01-01\nsummary: s\n"
        f"sources:\n{sources}events:\n{events}"
    )


def alias_bomb() -> str:
    """Nine levels of aliases, each nine times the one before: a billion strings if expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


def _filled(unit: str, head: str = "a: ", tail: str = "\n") -> Callable[[], str]:
    """As many ``unit`` as fit under the size limit, after ``head``."""

    def make() -> str:
        room = MAX_BYTES - len(head.encode()) - len(tail.encode()) - 16
        return head + unit * (room // len(unit.encode())) + tail

    return make


_TITLE = "title: Rare earths in the 2025 trade war"
_NAME = "    name: Donald Trump"

HOSTILE: dict[str, tuple[Callable[[], str], int]] = {
    # name: (make the file's text, the exit status validate must give)
    "flow nesting 40,000 deep": (lambda: "a: " + "[" * 40_000 + "]" * 40_000 + "\n", 1),
    "block nesting 40,000 deep": (lambda: "- " * 40_000 + "x\n", 1),
    "flow nesting to the size limit": (_filled("["), 1),
    "block nesting to the size limit": (_filled("- ", head=""), 1),
    "mapping nesting to the size limit": (_filled("{a: "), 1),
    "a key of the size limit": (_filled("k", head="", tail=": v\n"), 1),
    "line separators to the size limit": (_filled("x\u2028"), 1),
    "' #' comments to the size limit": (_filled(" #", head="title: "), 1),
    "alias bomb": (alias_bomb, 1),
    "3,000 unknown references": (many_unknown_references, 1),
    "U+2028 in a value": (_replace(_TITLE, _TITLE + "\u2028subtitle: smuggled"), 1),
    "U+2029 in a comment": (_replace("format: 1", "format: 1 # A\u2029small"), 1),
    "slug with a line break": (_replace("id: rare-earths-2025", "id: |\n  rare-earths-2025"), 1),
    "fullwidth date": (_replace("as_of: 2025-10-15", "as_of: ２０２５-10-15"), 1),
    "superscript format": (_replace("format: 1", "format: ¹"), 1),
    "blank title": (_replace(_TITLE, 'title: " "'), 1),
    "byte-order mark mid-file": (_replace("\nid: ", "\n\ufeffid: "), 1),
    "decomposed actor name": (
        _replace(_NAME, "    name: " + unicodedata.normalize("NFD", "Donald Trumpé")),
        0,
    ),
    "lone quote in plain text": (
        _replace(_TITLE, _TITLE + ' of 12" bore\nkind group'),
        1,
    ),
    "key indented 3 spaces": (_replace("\n    date: ", "\n   date: "), 1),
    "key of 1,100 characters": (_replace(_TITLE, "k" * 1100 + ": v\n" + _TITLE), 1),
    "space in a web address": (_replace("url: https://", "url: https://a b/"), 1),
    "symbol in lower case": (_replace("elements: [Dy", "elements: [dy"), 1),
    "value cut by ' #'": (_replace(_TITLE, _TITLE + " #2"), 0),
}


@dataclass(frozen=True, slots=True)
class Verdict:
    name: str
    run: Run
    expected_status: int
    within: bool


def hostile_verdicts(
    directory: Path, runs: int, budget_s: float, budget_mib: float
) -> Iterator[Verdict]:
    for number, (name, (make, expected)) in enumerate(HOSTILE.items()):
        path = directory / f"hostile-{number}.yaml"
        path.write_bytes(make().encode("utf-8"))
        result = measure(path, runs)
        path.unlink()
        within = result.cpu_seconds < budget_s and result.peak_mib < budget_mib
        yield Verdict(name, result, expected, within and result.status == expected)


def unknown_keys(count: int) -> str:
    """The bundled briefing with ``count`` unknown keys in its first event."""
    text = _bundled()
    marker = "\n    date: "
    if marker not in text:
        raise SystemExit("bench_load: the bundled briefing no longer has an event date")
    keys = "".join(f"\n    extra-{number}: v" for number in range(count))
    return text.replace(marker, keys + marker, 1)


def bench_unknown_keys(directory: Path, runs: int) -> bool:
    """Unknown keys against a valid briefing twice the size; True when each ratio is at
    most 2."""
    per_copy = len(synthetic_text(2).encode()) - len(synthetic_text(1).encode())
    base = len(synthetic_text(1).encode())
    within = True
    print("briefing validate, unknown keys in one event against a valid briefing twice the size:")
    for count in (20_000, 200_000):
        hostile = directory / f"unknown-{count}.yaml"
        hostile.write_text(unknown_keys(count), encoding="utf-8")
        factor = max(1, round((2 * hostile.stat().st_size - base) / per_copy) + 1)
        valid = directory / f"valid-x{factor}.yaml"
        valid.write_text(synthetic_text(factor), encoding="utf-8")
        bad, good = measure(hostile, runs), measure(valid, runs)
        ratio = bad.work_cpu_seconds / good.work_cpu_seconds
        within &= ratio <= 2 and bad.status == 1 and good.status == 0
        print(
            f"  {count:>7,} keys {bad.size / 1e6:5.2f} MB  checking {bad.work_cpu_seconds:6.2f} s"
            f"  command {bad.cpu_seconds:6.2f} s  |  valid x{factor} {good.size / 1e6:5.2f} MB"
            f"  checking {good.work_cpu_seconds:6.2f} s  command {good.cpu_seconds:6.2f} s"
            f"  |  ratio {ratio:4.2f} (target at most 2)"
        )
        hostile.unlink()
        valid.unlink()
    return within


def largest_factor_under_the_limit() -> int:
    """The biggest repetition of the bundled briefing that the size limit lets in."""
    per_copy = len(synthetic_text(2).encode()) - len(synthetic_text(1).encode())
    base = len(synthetic_text(1).encode())
    return max(1, int((MAX_BYTES - base) / per_copy * 0.98))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per file (median time)")
    parser.add_argument(
        "--factors", default="10,100", help="repetitions of the bundled briefing to time"
    )
    parser.add_argument(
        "--at-the-limit", action="store_true", help="also time the largest repetition allowed"
    )
    parser.add_argument("--budget-s", type=float, default=1.0)
    parser.add_argument("--budget-mib", type=float, default=1024.0)
    parser.add_argument("--skip-big", action="store_true", help="only the hostile files")
    parser.add_argument(
        "--unknown-keys-only", action="store_true", help="only unknown keys against valid files"
    )
    options = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as name:
        directory = Path(name)
        failed |= not bench_unknown_keys(directory, options.runs)
        if options.unknown_keys_only:
            return 1 if failed else 0
        if not options.skip_big:
            factors = [int(factor) for factor in options.factors.split(",") if factor]
            if options.at_the_limit:
                factors.append(largest_factor_under_the_limit())
            print("briefing validate, big briefings (median of runs, peak memory):")
            for factor in [1, *factors]:
                path = directory / f"x{factor}.yaml"
                if factor == 1:
                    path.write_bytes(default_briefing().read_bytes())
                else:
                    path.write_text(synthetic_text(factor), encoding="utf-8")
                result = measure(path, options.runs)
                print(
                    f"  x{factor:<4} {result.size / 1e6:6.2f} MB  wall {result.seconds:6.2f} s  "
                    f"cpu {result.cpu_seconds:6.2f} s  checking {result.work_seconds:6.2f} s  "
                    f"{result.peak_mib:5.0f} MiB  exit {result.status}"
                )
                failed |= result.status != 0
                path.unlink()
        print(
            f"briefing validate, hostile files (each under {options.budget_s:g} s of processor "
            f"time and {options.budget_mib:g} MiB):"
        )
        for verdict in hostile_verdicts(
            directory, options.runs, options.budget_s, options.budget_mib
        ):
            mark = "ok  " if verdict.within else "FAIL"
            run = verdict.run
            print(
                f"  {mark} {verdict.name:<36} {run.size / 1e6:5.2f} MB  wall {run.seconds:5.2f} s"
                f"  cpu {run.cpu_seconds:5.2f} s  checking {run.work_seconds:5.2f} s"
                f"  {run.peak_mib:4.0f} MiB  exit {run.status} (expected {verdict.expected_status})"
            )
            failed |= not verdict.within
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
