"""Load ``briefing serve`` with many reader sessions: start time and memory per session.

Run ``python -m briefing.devtools.bench_serve`` (``--help`` for options); needs the ssh extra.
A server listens on a loopback port with a temporary host key; sessions are opened one after
another with the asyncssh client, each timed from the connection request to the reader's
first full frame, and kept open. With all of them open, the memory of every reader process
is read from /proc: RSS (what ``ps`` shows) and PSS (RSS with shared pages divided among the
processes sharing them, the honest share of one session), from which follows how many
sessions a GiB holds. Then, when HAProxy is installed, sessions are opened alternately
straight to a server and through HAProxy (the ``haproxy.cfg`` of docs/serving.md, in front of a
server started with ``--proxy-protocol``), one at a time, to compare their time to first
frame. Then the bytes sent to a client while it scrolls are counted with and without
``--low-bandwidth``. Last, a library of 10 briefings (the briefing given, and nine copies
under other ids) is served beside the single briefing: sessions to each, alternately and
warm, time the library screen's first frame, the briefing's first frame once Enter opens it
from there, and the reader's memory with the briefing open, against the single briefing's.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.devtools.bench_haproxy import (
    free_port,
    listening,
    print_pairs,
    start_haproxy,
    straight_and_proxied,
)
from briefing.serve.policy import Limits
from briefing.serve.server import BriefingServer, ServeOptions, prepare
from briefing.serve.sshlib import asyncssh

_ESCAPE = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)")
# The footer is drawn last in the first frame: once it is there, the screen is complete.
_READY = b"Quit"


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


_logged_in: list[float] = []  # seconds from the connection request to the end of login


async def _open_session(
    port: int, columns: int, rows: int, timeout: float
) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientProcess[bytes], float]:
    started = time.perf_counter()
    conn = await asyncssh.connect(
        "127.0.0.1",
        port,
        known_hosts=None,
        username="bench",
        client_keys=None,
        agent_path=None,
        config=None,
    )
    _logged_in.append(time.perf_counter() - started)
    process = await conn.create_process(
        term_type="xterm-256color", term_size=(columns, rows), encoding=None
    )
    seen = b""
    async with asyncio.timeout(timeout):
        while _READY not in _ESCAPE.sub(b"", seen):
            chunk = await process.stdout.read(65536)
            if not chunk:
                raise RuntimeError(f"the session ended before its first frame: {seen[-300:]!r}")
            seen += chunk
    return conn, process, time.perf_counter() - started


async def _bench(file: Path, sessions: int, columns: int, rows: int, timeout: float) -> int:
    with tempfile.TemporaryDirectory() as state:
        options = ServeOptions(
            briefing=file.resolve(),
            port=0,
            host_key=Path(state) / "host_key",
            public=True,
            limits=Limits(max_sessions=sessions, max_per_address=sessions),
        )
        server = BriefingServer(options, prepare(options, say=lambda line: None))
        await server.start()
        opened = []
        start_times: list[float] = []
        try:
            print(f"{sessions} sessions of {file.name} at {columns}x{rows}, one after another")
            for number in range(1, sessions + 1):
                conn, process, seconds = await _open_session(server.port, columns, rows, timeout)
                opened.append((conn, process))
                print(f"  session {number:2d}: first frame after {seconds * 1000:6.0f} ms")
                start_times.append(seconds)
            await asyncio.sleep(1.0)  # let every reader settle after its first frame
            readers = [s.reader_pid for s in server.sessions if s.reader_pid is not None]
            memory = [_memory_kib(pid) for pid in readers]
            server_memory = _memory_kib(os.getpid())
        finally:
            for _, process in opened:
                process.stdin.write(b"q")
            await asyncio.sleep(0.5)
            for conn, _ in opened:
                conn.close()
            await server.close()
    rss = [kib / 1024 for kib, _ in memory]
    pss = [kib / 1024 for _, kib in memory]
    per_session = sum(pss) / len(pss)
    print()
    print(
        f"start to first frame: first {start_times[0] * 1000:.0f} ms, "
        f"median {statistics.median(start_times) * 1000:.0f} ms, "
        f"max {max(start_times) * 1000:.0f} ms"
    )
    print(
        f"memory per reader with {len(memory)} open: RSS median {statistics.median(rss):.1f} MiB "
        f"(max {max(rss):.1f}), PSS median {statistics.median(pss):.1f} MiB"
    )
    print(
        f"total for {len(memory)} readers: RSS {sum(rss):.0f} MiB, PSS {sum(pss):.0f} MiB; "
        f"server process RSS {server_memory[0] / 1024:.1f} MiB"
    )
    print(
        f"sessions per GiB: {1024 / per_session:.0f} by PSS ({per_session:.1f} MiB each), "
        f"{1024 / statistics.median(rss):.0f} by RSS"
    )
    return 0


async def _balancer(file: Path, rounds: int, columns: int, rows: int, timeout: float) -> None:
    """Time to first frame straight to a server and through HAProxy, alternately."""
    print()
    if shutil.which("haproxy") is None:
        print("HAProxy is not installed (Debian package haproxy): no balancer comparison")
        return
    with tempfile.TemporaryDirectory() as state:
        servers = await straight_and_proxied(file, Path(state))
        try:
            front = free_port()
            balancer = start_haproxy(front, servers[1].port, Path(state))
            if balancer is None:
                print("the haproxy.cfg of docs/serving.md was not found: no balancer comparison")
                return
            try:
                await listening(front, timeout)
                print(f"{rounds} sessions each, alternately straight and through HAProxy:")
                times = await _alternate(servers[0].port, front, rounds, columns, rows, timeout)
            finally:
                balancer.terminate()
                balancer.wait()
        finally:
            for server in servers:
                await server.close()
    print_pairs(*times)


async def _alternate(
    straight: int, front: int, rounds: int, columns: int, rows: int, timeout: float
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Sessions opened one at a time, alternately to port ``straight`` and to ``front``:
    seconds to the first frame straight and through the front, then to the end of login
    straight and through the front."""
    direct: list[float] = []
    through: list[float] = []
    login: dict[int, list[float]] = {straight: [], front: []}
    for _ in range(rounds):
        for port, times in ((straight, direct), (front, through)):
            conn, process, seconds = await _open_session(port, columns, rows, timeout)
            times.append(seconds)
            login[port].append(_logged_in[-1])
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait(), timeout)
            conn.close()
    return direct, through, login[straight], login[front]


async def _count_bytes(process: asyncssh.SSHClientProcess[bytes], received: list[int]) -> None:
    while chunk := await process.stdout.read(65536):
        received[0] += len(chunk)


async def _traffic(file: Path, columns: int, rows: int, timeout: float) -> None:
    """Bytes sent to the client while scrolling the timeline, with and without --low-bandwidth."""
    print()
    print(f"traffic while scrolling 40 lines of the timeline at {columns}x{rows}:")
    for low_bandwidth in (False, True):
        with tempfile.TemporaryDirectory() as state:
            options = ServeOptions(
                briefing=file.resolve(), port=0, host_key=Path(state) / "hk", public=True
            )
            server = BriefingServer(options, prepare(options, say=lambda line: None))
            if not low_bandwidth:
                command = [part for part in options.reader_command() if part != "--low-bandwidth"]
                server.settings = dataclasses.replace(server.settings, reader_command=command)
            await server.start()
            try:
                conn, process, _ = await _open_session(server.port, columns, rows, timeout)
                received = [0]
                counter = asyncio.create_task(_count_bytes(process, received))
                for _ in range(40):
                    process.stdin.write(b"\x1b[B")  # Down
                    await asyncio.sleep(0.025)
                await asyncio.sleep(1.0)
                counter.cancel()
                process.stdin.write(b"q")
                conn.close()
            finally:
                await server.close()
        label = "--low-bandwidth" if low_bandwidth else "default        "
        print(f"  {label}: {received[0] / 1024:6.1f} KiB")


_OPENED = b"Timeline"
"""Drawn in the main screen's first frame (its pane's title), and never in the library's."""


async def _wait_for(
    process: asyncssh.SSHClientProcess[bytes], marker: bytes, timeout: float
) -> None:
    seen = b""
    async with asyncio.timeout(timeout):
        while marker not in _ESCAPE.sub(b"", seen):
            chunk = await process.stdout.read(65536)
            if not chunk:
                raise RuntimeError(f"the session ended before {marker!r}: {seen[-300:]!r}")
            seen += chunk


def _make_library(file: Path, folder: Path, size: int) -> None:
    """``file`` and ``size - 1`` copies of it under other ids; ``file`` listed first."""
    text = file.read_text(encoding="utf-8")
    match = re.search(r"^id: *(\S+)", text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"{file} has no id: line")
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    for number in range(1, size):
        copy = text.replace(match.group(0), f"id: copy-{number}", 1)
        (folder / f"copy-{number:02d}.yaml").write_text(copy, encoding="utf-8")


async def _library(file: Path, rounds: int, columns: int, rows: int, timeout: float) -> None:
    """First frames and memory: a library of 10 against the single briefing, warm."""
    print()
    size = 10
    with tempfile.TemporaryDirectory() as state:
        folder = Path(state) / "library"
        folder.mkdir()
        _make_library(file, folder, size)
        servers = []
        for published in (file.resolve(), folder):
            options = ServeOptions(
                briefing=published, port=0, host_key=Path(state) / "host_key", public=True
            )
            servers.append(BriefingServer(options, prepare(options, say=lambda line: None)))
            await servers[-1].start()
        single_frames: list[float] = []
        list_frames: list[float] = []
        opened_frames: list[float] = []
        single_pss: list[int] = []
        library_pss: list[int] = []
        print(
            f"a library of {size} against {file.name} alone, at {columns}x{rows}: "
            f"{rounds} sessions each, alternately, after one of each to warm up"
        )
        try:
            for round_number in range(rounds + 1):
                warm = round_number > 0
                conn, process, seconds = await _open_session(
                    servers[0].port, columns, rows, timeout
                )
                await asyncio.sleep(0.5)
                if warm:
                    single_frames.append(seconds)
                    single_pss += [_memory_kib(pid)[1] for pid in _readers(servers[0])]
                process.stdin.write(b"q")
                await asyncio.wait_for(process.wait(), timeout)
                conn.close()

                conn, process, seconds = await _open_session(
                    servers[1].port, columns, rows, timeout
                )
                started = time.perf_counter()
                process.stdin.write(b"\r")
                await _wait_for(process, _OPENED, timeout)
                opened = time.perf_counter() - started
                await asyncio.sleep(0.5)
                if warm:
                    list_frames.append(seconds)
                    opened_frames.append(opened)
                    library_pss += [_memory_kib(pid)[1] for pid in _readers(servers[1])]
                process.stdin.write(b"q")
                await asyncio.wait_for(process.wait(), timeout)
                conn.close()
        finally:
            for server in servers:
                await server.close()
    single = statistics.median(single_frames)
    listed = statistics.median(list_frames)
    opened = statistics.median(opened_frames)
    print(f"  single briefing, connection to first frame: median {single * 1000:.0f} ms")
    print(
        f"  library, connection to the library's first frame: median {listed * 1000:.0f} ms "
        f"({listed / single:.2f}x the single briefing's)"
    )
    print(
        f"  library, Enter to the opened briefing's first frame: median {opened * 1000:.0f} ms "
        f"({opened / single:.2f}x the single briefing's whole start)"
    )
    if single_pss and library_pss:
        one, many = statistics.median(single_pss) / 1024, statistics.median(library_pss) / 1024
        print(
            f"  reader memory (PSS) with the briefing open: single {one:.1f} MiB, "
            f"from the library {many:.1f} MiB ({many / one:.2f}x)"
        )


def _readers(server: BriefingServer) -> list[int]:
    return [s.reader_pid for s in server.sessions if s.reader_pid is not None]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m briefing.devtools.bench_serve",
        description="Open many reader sessions over SSH; report start time and memory each.",
    )
    parser.add_argument("file", nargs="?", type=Path, default=None)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--size", default="80x24", help="terminal size, COLUMNSxROWS")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per session")
    parser.add_argument(
        "--rounds", type=int, default=15, help="sessions each way for the balancer comparison"
    )
    parser.add_argument(
        "--only", choices=("library",), help="run only this part (the library's comparison)"
    )
    options = parser.parse_args(argv)
    columns, rows = (int(part) for part in options.size.split("x"))
    file = options.file or default_briefing()
    if options.only == "library":
        asyncio.run(_library(file, options.rounds, columns, rows, options.timeout))
        return 0
    status = asyncio.run(_bench(file, options.sessions, columns, rows, options.timeout))
    asyncio.run(_balancer(file, options.rounds, columns, rows, options.timeout))
    asyncio.run(_traffic(file, columns, rows, options.timeout))
    asyncio.run(_library(file, options.rounds, columns, rows, options.timeout))
    return status


if __name__ == "__main__":
    sys.exit(main())
