"""The command line: standard input, mistyped commands, usage errors and exit statuses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from ui_support import MINI

from briefing.cli import main

COMMANDS_WITH_BAD_ARGUMENTS = [
    ["validate"],
    ["validate", str(MINI), "--no-such-option"],
    ["validate", ""],
    ["schema", "extra"],
    ["summary", str(MINI), "extra"],
    ["summary", ""],
    ["export", "-o", ""],
    ["export", "--about"],
    ["export", str(MINI), "--stamp=yes"],
    ["read", "--about"],
    ["read", str(MINI), "extra"],
    ["read", str(MINI), "-o", "x"],
    ["serve", "--port", "99999"],
    ["serve", "--port", "-1"],
    ["serve", "--port", "http"],
    ["serve", "--port", "２２"],
    ["serve", "--max-sessions", "0"],
    ["serve", "--max-per-address", "1e9"],
    ["serve", "--login-grace", "soon"],
    ["serve", "--idle-timeout", "99999999999h"],
    ["serve", "--max-session", "-4h"],
    ["--theme"],
    ["--no-such-option"],
]


def exit_status(args: list[str]) -> int:
    """``main(args)``'s exit status, whether it returns it or argparse exits with it."""
    try:
        return main(args)
    except SystemExit as stop:
        return int(stop.code or 0)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], input=stdin, capture_output=True, timeout=60
    )


@pytest.mark.parametrize("args", COMMANDS_WITH_BAD_ARGUMENTS, ids=" ".join)
def test_bad_arguments_are_a_one_line_usage_error(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_status(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 1, err
    command = args[0] if args[0].isalpha() else ""
    assert err.startswith(f"usage: briefing {command}".rstrip()), err
    assert errors[0].startswith(f"briefing {command}".rstrip() + ": error: "), err


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [("sumary", "summary"), ("exprot", "export"), ("validte", "validate"), ("serv", "serve")],
)
def test_a_mistyped_command_is_named_with_a_suggestion(
    word: str, suggestion: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([word, str(MINI)]) == 2
    assert capsys.readouterr().err == (
        f"briefing: unknown command {word!r} (did you mean {suggestion!r}?)\n"
    )


def test_a_word_that_is_neither_a_command_nor_a_file_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: unknown command 'frobnicate'") and err.count("\n") == 1


def test_a_file_named_like_a_command_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(MINI, tmp_path / "sumary")
    monkeypatch.chdir(tmp_path)
    assert main(["sumary"]) == 0
    assert "Mini briefing" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["validate", "export", "summary", "read"])
def test_a_dash_reads_standard_input(command: str) -> None:
    from_file = run(command, str(MINI))
    from_stdin = run(command, "-", stdin=MINI.read_bytes())
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert from_stdin.stdout.replace(b"<stdin>", str(MINI).encode()) == from_file.stdout


def test_problems_on_standard_input_are_named_stdin() -> None:
    result = run("validate", "-", stdin=MINI.read_bytes().replace(b"format: 1", b"format: 2"))
    assert result.returncode == 1
    assert result.stderr.decode().startswith("<stdin>:2:9: ")


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="needs /dev/stdin")
def test_export_reads_dev_stdin_and_process_substitution() -> None:
    expected = run("export", str(MINI), "-q").stdout
    piped = run("export", "/dev/stdin", "-q", stdin=MINI.read_bytes())
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == expected
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("needs bash for <(...)")
    substituted = subprocess.run(
        [bash, "-c", f'"{sys.executable}" -m briefing export -q <(cat "{MINI}")'],
        capture_output=True,
        timeout=60,
    )
    assert substituted.returncode == 0, substituted.stderr
    assert substituted.stdout == expected


def unreadable_paths(tmp_path: Path) -> list[Path]:
    # Root reads through any permission bits, so these fail for other reasons.
    inside_a_file = tmp_path / "brief.yaml" / "inner.yaml"
    (tmp_path / "brief.yaml").write_text("format: 1\n")
    paths = [inside_a_file, tmp_path]
    if Path("/proc/self/mem").exists():
        paths.append(Path("/proc/self/mem"))  # opens, but reading it fails
    return paths


def test_an_unreadable_input_is_a_file_system_error_for_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in unreadable_paths(tmp_path):
        assert main(["export", str(path)]) == 2, path
        err = capsys.readouterr().err
        assert err.startswith(f"briefing export: cannot read {path}: "), err
        assert err.count("\n") == 1, err


def test_output_under_a_file_says_the_parent_is_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "notes.txt"
    parent.write_text("not a directory")
    assert main(["export", str(MINI), "-o", str(parent / "brief.md")]) == 2
    assert capsys.readouterr().err == (
        f"briefing export: cannot write {parent / 'brief.md'}: "
        f"{parent} is a file, not a directory\n"
    )


def test_an_empty_output_name_says_it_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_status(["export", str(MINI), "-o", ""]) == 2
    assert "the file name is empty" in capsys.readouterr().err


def with_title(tmp_path: Path, title: str, name: str = "draft.yaml") -> Path:
    path = tmp_path / name
    text = MINI.read_text(encoding="utf-8")
    start = text.index("\ntitle: ") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + f"title: {title}" + text[end:], encoding="utf-8")
    return path


def test_warnings_follow_errors_and_fail_only_with_strict(tmp_path: Path) -> None:
    warned = with_title(tmp_path, "Licence round #2 announced", "warned.yaml")
    broken = with_title(tmp_path, '" "', "broken.yaml")
    plain = run("validate", str(warned))
    assert plain.returncode == 0
    assert plain.stderr.decode().startswith(f"{warned}:")
    assert ": warning: " in plain.stderr.decode()
    assert run("validate", "--strict", str(warned)).returncode == 1
    assert run("validate", "--strict", str(MINI)).returncode == 0
    both = run("validate", str(warned), str(broken))
    assert both.returncode == 1
    lines = both.stderr.decode().splitlines()
    assert [": warning: " in line for line in lines[:2]] == [True, False], lines


def test_export_and_summary_print_no_warnings(tmp_path: Path) -> None:
    warned = with_title(tmp_path, "Licence round #2 announced")
    for command in ("export", "summary"):
        result = run(command, str(warned), *(["-q"] if command == "export" else []))
        assert result.returncode == 0 and result.stderr == b"", result.stderr


def test_about_matches_however_the_accents_were_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "accents.yaml"
    text = MINI.read_text(encoding="utf-8").replace("Jane Minister", "Coopérative Agricole")
    path.write_text(text, encoding="utf-8")
    composed = main(["export", str(path), "-q", "--about", "coopérative"])
    expected = capsys.readouterr().out
    decomposed = unicodedata.normalize("NFD", "coopérative")
    assert main(["export", str(path), "-q", "--about", decomposed]) == composed == 0
    assert capsys.readouterr().out == expected
    assert "Coopérative Agricole" in expected


def test_a_reader_that_ends_in_an_error_exits_non_zero(tmp_path: Path) -> None:
    # A real terminal: Textual shows its crash report and the command must not exit 0.
    import pty

    script = tmp_path / "crash.py"
    script.write_text(
        "import sys\n"
        "from briefing.cli import main\n"
        "from briefing.ui.app import BriefingApp\n"
        "def boom(self):\n"
        "    raise RuntimeError('broken on purpose')\n"
        "BriefingApp.on_mount = boom\n"
        f"sys.exit(main([{str(MINI)!r}]))\n"
    )
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    process = subprocess.Popen(
        [sys.executable, str(script)], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    output: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        status = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        reader.join(timeout=10)
        os.close(leader)
    assert b"broken on purpose" in b"".join(output)
    assert status == 1


UNREADABLE_COMMANDS = [
    ["summary", "{file}"],
    ["{file}"],  # in a pipe: the summary
    ["--theme", "dark", "{file}"],  # on a terminal: the reader
    ["export", "{file}"],
    ["export", str(MINI), "--since", "{file}"],
    ["read", "{file}"],
    ["diff", "{file}", str(MINI)],
    ["diff", str(MINI), "{file}"],
    ["validate", "{file}"],
    ["validate", str(MINI), "{file}"],
    ["serve", "{file}"],
]


@pytest.mark.parametrize("args", UNREADABLE_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_a_file_that_cannot_be_read_is_a_file_system_error_in_every_command(
    args: list[str],
    kind: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The README's rule: 1 for an invalid briefing, 2 for usage or file-system errors.
    file = tmp_path / "nosuch.yaml"
    if kind == "directory":
        file.mkdir()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: args[0] == "--theme")
    assert exit_status([str(file) if arg == "{file}" else arg for arg in args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"cannot read {file}" in err or f"cannot read {file.resolve()}" in err
