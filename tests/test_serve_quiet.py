"""`briefing serve` starts quietly: no library's warnings, and a refused start writes nothing.

CI installs whatever the package index serves on the day, so a dependency that starts to
warn on import shows up here as a failing test rather than on a user's screen.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import MINI, make_key, start_server  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"
# The lines `briefing serve` itself writes at start and stop (stdout and stderr).
OWN_PREFIXES = (
    "briefing serve:",
    "created host key ",
    "host key fingerprint: ",
    "expecting a PROXY protocol header",
    "warning: --public lets anyone",
    "connect with: ",
)


def _clean_environment(state: Path) -> dict[str, str]:
    # The user's own warning settings are theirs; the test checks the defaults.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env["XDG_STATE_HOME"] = str(state)
    return env


def test_every_import_of_asyncssh_goes_through_the_quiet_module() -> None:
    direct: list[str] = []
    for module in PACKAGE.rglob("*.py"):
        if module.name == "sshlib.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "asyncssh" or name.startswith("asyncssh.") for name in names):
                direct.append(f"{module.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert direct == []


def test_importing_the_server_prints_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import briefing.serve.server, briefing.serve.session"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_clean_environment(tmp_path),
    )
    assert result.returncode == 0
    assert result.stderr == ""


def test_our_own_warnings_still_show_after_the_quiet_import(tmp_path: Path) -> None:
    code = (
        "import warnings, briefing.serve.sshlib\n"
        "warnings.warn('ours', UserWarning)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=_clean_environment(tmp_path),
    )
    assert "UserWarning: ours" in result.stderr


def test_serve_without_keys_prints_one_line_and_creates_nothing(tmp_path: Path) -> None:
    state = tmp_path / "state"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", str(MINI), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_clean_environment(state),
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("briefing serve: no authorized keys file at ")
    assert not state.exists()


@pytest.mark.parametrize("access", ["public", "keys"])
def test_serve_prints_only_its_own_lines(tmp_path: Path, access: str) -> None:
    if access == "public":
        options = ["--public"]
    else:
        key = make_key(tmp_path)
        authorized = tmp_path / "authorized_keys"
        authorized.write_bytes(Path(f"{key}.pub").read_bytes())
        options = ["--authorized-keys", str(authorized)]
    server = start_server(tmp_path, str(MINI), *options)
    assert server.stop() == 0
    printed = server.banner.splitlines() + [line.rstrip("\n") for line in server.log_lines()]
    strangers = [line for line in printed if not line.startswith(OWN_PREFIXES)]
    assert strangers == []
    assert any(line.startswith("host key fingerprint: ") for line in printed)
