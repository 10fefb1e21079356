"""The package as users get it: headless core, console commands, and the built wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.core.validation import json_schema

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.yaml"

HEADLESS_PACKAGES = ("briefing/core", "briefing/cli")
"""Packages that never import Textual: the format, loader, search and brief, and the
command line (which imports the reader only when it opens it)."""


def headless_modules() -> list[str]:
    """Every module of ``HEADLESS_PACKAGES``, found on disk, by its dotted name."""
    names = []
    for package in HEADLESS_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def run_python(code: str, cwd: Path = ROOT, python: str = sys.executable) -> str:
    done = subprocess.run(
        [python, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def test_the_core_never_imports_textual() -> None:
    modules = headless_modules()
    # Found on disk, packages and their modules alike.
    assert {"briefing.core.loader", "briefing.core.export", "briefing.cli.boot"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    assert run_python(code).strip() == "[]"


def test_validate_and_summary_commands_never_import_textual() -> None:
    code = (
        "import sys\nfrom briefing.cli import main\n"
        f"main(['validate', '-q', {str(MINI)!r}])\n"
        f"main(['summary', {str(MINI)!r}])\n"
        "print('textual' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stderr.strip().endswith("False"), done.stderr


def test_validate_exits_0_for_valid_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI)]) == 0
    assert "ok (" in capsys.readouterr().out


def test_validate_exits_1_and_reports_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: Bad\n")
    assert main(["validate", str(MINI), str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:5: id contains the capital 'B'" in err
    assert "1 of 2 files are invalid" in err


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_the_committed_schema_is_up_to_date() -> None:
    committed = json.loads((ROOT / "briefing" / "schema" / "briefing.schema.json").read_text())
    assert committed == json_schema(), "run: briefing schema > briefing/schema/briefing.schema.json"


def test_reader_without_a_terminal_prints_the_summary_instead_of_hanging() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing", str(MINI)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "Mini briefing" in done.stdout


def test_a_missing_file_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "validate", str(tmp_path / "nope.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2  # a file-system error, not an invalid briefing
    assert "Traceback" not in done.stderr
    assert done.stderr == f"briefing validate: cannot read {tmp_path / 'nope.yaml'}: no such file\n"


def test_the_wheel_ships_the_bundled_briefing(tmp_path: Path) -> None:
    """A plain (non-editable) install finds the bundled briefing and its stylesheets."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("briefing-*.whl"))
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    # The dependencies come from this environment; its .pth files (the editable install
    # of this checkout among them) are not processed for a path added this way.
    site = run_python(
        "import sysconfig; print(sysconfig.get_paths()['purelib'])", python=str(python)
    )
    deps = run_python("import sysconfig; print(sysconfig.get_paths()['purelib'])")
    Path(site.strip(), "zz_dependencies.pth").write_text(deps.strip() + "\n")

    where = run_python(
        "import briefing.core.bundled as b; print(b.default_briefing()); "
        "print(b.data_dir('themes'))",
        cwd=tmp_path,
        python=str(python),
    ).split()
    assert all(path.startswith(str(target)) for path in where), where
    assert Path(where[0]).is_file() and Path(where[1]).is_dir()
    done = subprocess.run(
        [str(target / "bin" / "briefing"), "validate", where[0]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert done.returncode == 0, done.stderr
