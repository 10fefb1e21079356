"""HAProxy in front of a server, for ``bench_serve``'s comparison of sessions opened
straight to a server and through the balancer: the two servers, the balancer with the
haproxy.cfg of docs/serving.md, and the figures of the pairs of sessions."""

from __future__ import annotations

import asyncio
import re
import socket
import statistics
import subprocess
import time
from pathlib import Path

from briefing.serve.server import BriefingServer, ServeOptions, prepare

_SERVING = Path(__file__).resolve().parents[2] / "docs" / "serving.md"


def haproxy_config(front: int, back: int) -> str | None:
    """The haproxy.cfg of docs/serving.md, with one backend on ``back``, listening on ``front``."""
    try:
        text = _SERVING.read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"```haproxy\n(.*?)```", text, re.DOTALL)
    if match is None:
        return None
    lines = [line for line in match.group(1).splitlines() if "127.0.0.1:2202" not in line]
    config = "\n".join(lines) + "\n"
    return config.replace("127.0.0.1:2222", f"127.0.0.1:{front}").replace(
        "127.0.0.1:2201", f"127.0.0.1:{back}"
    )


def free_port() -> int:
    """A loopback port free at this moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def listening(port: int, timeout: float) -> None:
    """Wait until something accepts connections on loopback ``port``; RuntimeError after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return
    raise RuntimeError(f"nothing listens on port {port}")


def start_haproxy(front: int, back: int, state: Path) -> subprocess.Popen[bytes] | None:
    """HAProxy started with the haproxy.cfg of docs/serving.md (written in ``state``),
    listening on ``front`` for the server on ``back``; None when that file is not found."""
    config = haproxy_config(front, back)
    if config is None:
        return None
    config_file = state / "haproxy.cfg"
    config_file.write_text(config)
    return subprocess.Popen(
        ["haproxy", "-db", "-f", str(config_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def straight_and_proxied(file: Path, state: Path) -> list[BriefingServer]:
    """Two servers of ``file``, started: one for clients, one behind a PROXY-protocol balancer."""
    servers = []
    for proxied in (False, True):
        options = ServeOptions(
            briefing=file.resolve(),
            port=0,
            host_key=state / "host_key",
            public=True,
            proxy_protocol=proxied,
        )
        servers.append(BriefingServer(options, prepare(options, say=lambda line: None)))
        await servers[-1].start()
    return servers


def print_pairs(
    direct: list[float],
    through: list[float],
    straight_login: list[float],
    balanced_login: list[float],
) -> None:
    """Print the medians of the first frames straight and through the balancer, and of the
    connections and logins alone, with the median ratios of the pairs."""
    # Each pair was opened back to back, so its ratio is the least disturbed by the
    # machine's drift; the median of the pairs' ratios is reported.
    ratio = statistics.median(t / d for d, t in zip(direct, through, strict=True))
    print(
        f"time to first frame: straight median {statistics.median(direct) * 1000:.0f} ms, "
        f"through HAProxy median {statistics.median(through) * 1000:.0f} ms; "
        f"median ratio of the pairs {ratio:.2f}x"
    )
    login_ratio = statistics.median(
        t / d for d, t in zip(straight_login, balanced_login, strict=True)
    )
    print(
        f"connection and login alone: straight median "
        f"{statistics.median(straight_login) * 1000:.0f} ms, through HAProxy median "
        f"{statistics.median(balanced_login) * 1000:.0f} ms; median ratio {login_ratio:.2f}x"
    )
