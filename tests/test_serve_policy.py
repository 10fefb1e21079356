"""The rules of ``briefing serve`` that need no network: commands, environment, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.serve.policy import (
    FALLBACK_TERM,
    RESTORE_TERMINAL,
    ExportCommand,
    Limits,
    ListCommand,
    Refused,
    child_environment,
    clamp_size,
    log_field,
    parse_command,
    parse_duration,
    session_refusal,
    state_dir,
    valid_term,
)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("export", ExportCommand()),
        ("  export  ", ExportCommand()),
        ("export --about Dy", ExportCommand(about="Dy")),
        ("export --about=2025-04-04-licences", ExportCommand(about="2025-04-04-licences")),
        ("'export' '--about' 'mofcom'", ExportCommand(about="mofcom")),
        ("read", ExportCommand(name="read")),
        ("read --about Dy", ExportCommand(about="Dy", name="read")),
        ("read --about=mofcom", ExportCommand(about="mofcom", name="read")),
        ("read mini", ExportCommand(name="read", briefing_id="mini")),
        ("export mini", ExportCommand(briefing_id="mini")),
        ("export mini --about Dy", ExportCommand(about="Dy", briefing_id="mini")),
        (
            "export --about=Dy rare-earths-2025",
            ExportCommand(about="Dy", briefing_id="rare-earths-2025"),
        ),
        ("list", ListCommand()),
    ],
)
def test_list_export_and_read_are_the_only_commands_accepted(
    command: str, expected: ExportCommand | ListCommand
) -> None:
    assert parse_command(command) == expected


@pytest.mark.parametrize(
    "command",
    [
        "",
        "sh",
        "id",
        "cat /etc/passwd",
        "scp -t /tmp",
        "bash -c export",
        "export; sh",
        "export && id",
        "export $(id)",
        "export --about",
        "export --about ../../etc/passwd",
        "export --about 'a b'",
        "export --about x --about y",
        "export --output /tmp/x",
        "export\nsh",
        "export \x1b[2J",
        "export 'unterminated",
        "python -m briefing",
        "read; sh",
        "read --about",
        "read --about ../../etc/passwd",
        "read --since old.yaml",
        "read -o /tmp/x",
        "summary",
        "serve",
        "export mini other",
        "export ../etc/passwd",
        "export mini --about",
        "export -- mini",
        "list mini",
        "list; id",
    ],
)
def test_every_other_command_is_refused(command: str) -> None:
    with pytest.raises(Refused):
        parse_command(command)


def test_export_describes_itself_for_the_log() -> None:
    assert ExportCommand().describe() == "export"
    assert ExportCommand(about="Dy").describe() == "export --about Dy"
    assert ExportCommand(about="Dy", name="read").describe() == "read --about Dy"
    assert ExportCommand(about="Dy", briefing_id="mini").describe() == "export mini --about Dy"
    assert ListCommand().describe() == "list"


@pytest.mark.parametrize(
    "term",
    [
        "xterm-256color",
        "xterm",
        "screen-256color",
        "tmux-256color",
        "linux",
        "vt100",
        "rxvt-unicode",
    ],
)
def test_terminal_types_real_clients_send_are_valid(term: str) -> None:
    assert valid_term(term)
    assert child_environment({}, term, server_env={})["TERM"] == term


@pytest.mark.parametrize(
    "term",
    [None, "", "../../../tmp/evil", "xterm 256color", "x" * 65, "xterm\x1b", "-xterm", "/bin/sh"],
)
def test_other_terminal_types_fall_back(term: str | None) -> None:
    assert not valid_term(term)
    assert child_environment({}, term, server_env={})["TERM"] == FALLBACK_TERM


def test_only_locale_settings_pass_from_the_client() -> None:
    client = {
        "LANG": "de_DE.UTF-8",
        "LC_ALL": "C.UTF-8",
        "LC_TIME": "en_GB.UTF-8",
        "LC_EVIL": "x; rm -rf /",
        "LD_PRELOAD": "/tmp/evil.so",
        "PYTHONPATH": "/tmp/evil",
        "PATH": "/tmp/evil",
        "HOME": "/tmp/evil",
        "COLUMNS": "10",
        "LINES": "5",
        "COLORTERM": "truecolor",
        "TEXTUAL_DRIVER": "evil:Driver",
        "NO_COLOR": "1",
    }
    server = {"PATH": "/usr/bin", "HOME": "/home/srv", "SECRET_TOKEN": "s3cret", "LINES": "50"}
    env = child_environment(client, "xterm-256color", server_env=server)
    assert env == {
        "PATH": "/usr/bin",
        "HOME": "/home/srv",
        "LANG": "de_DE.UTF-8",
        "LC_ALL": "C.UTF-8",
        "LC_TIME": "en_GB.UTF-8",
        "TERM": "xterm-256color",
        "PYTHONUTF8": "1",
        "BRIEFING_SERVED": "ssh",
    }


@pytest.mark.parametrize(
    ("value", "passed"), [("1", True), ("0", True), ("yes", False), ("1; rm -rf /", False)]
)
def test_the_client_may_ask_for_the_screen_reader_mode(value: str, passed: bool) -> None:
    env = child_environment({"BRIEFING_SCREEN_READER": value}, "xterm", server_env={})
    assert env.get("BRIEFING_SCREEN_READER") == (value if passed else None)


def test_the_child_never_gets_a_fixed_size() -> None:
    env = child_environment({"COLUMNS": "80", "LINES": "24"}, "xterm", {"COLUMNS": "1"})
    assert "COLUMNS" not in env and "LINES" not in env


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((80, 24), (80, 24)),
        ((0, 0), (80, 24)),
        ((120, 0), (80, 24)),
        ((100000, 100000), (512, 256)),
        ((1, 1), (10, 3)),
    ],
)
def test_window_sizes_are_clamped(size: tuple[int, int], expected: tuple[int, int]) -> None:
    assert clamp_size(*size) == expected


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("4h", 14400), ("0", 0)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "ten", "-5s", "5d", "1m30s"])
def test_bad_durations_are_explained(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_limits_reject_nonsense() -> None:
    with pytest.raises(ValueError):
        Limits(max_sessions=0)
    with pytest.raises(ValueError):
        Limits(idle_timeout=-1)


def test_the_21st_session_and_an_address_over_its_cap_are_refused() -> None:
    limits = Limits(max_sessions=20, max_per_address=3)
    assert session_refusal(19, 2, limits) is None
    full = session_refusal(20, 0, limits)
    assert full is not None and "full" in full and "\n" not in full
    crowded = session_refusal(5, 3, limits)
    assert crowded is not None and "your address" in crowded


def test_log_fields_cannot_forge_lines_or_hide_text() -> None:
    assert log_field("SHA256:abc") == "SHA256:abc"
    assert log_field("refused exec cat /etc/passwd") == '"refused exec cat /etc/passwd"'
    forged = log_field("x\n2026-01-01T00:00:00Z 10.0.0.1 ended=quit")
    assert "\n" not in forged and "\\u000a" in forged
    assert log_field("\u202eevil") == "\\u202eevil"
    assert log_field('say "hi"') == '"say \\"hi\\""'
    assert len(log_field("a" * 1000)) <= 120


def test_restore_sequence_turns_mouse_off_and_shows_the_cursor() -> None:
    for sequence in (b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l", b"\x1b[?25h", b"\x1b[?1049l"):
        assert sequence in RESTORE_TERMINAL


def test_state_dir_follows_xdg(tmp_path: Path) -> None:
    assert state_dir({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "briefing"
    assert state_dir({"XDG_STATE_HOME": "relative"}) == (
        Path.home() / ".local" / "state" / "briefing"
    )


def test_serve_without_the_ssh_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    from briefing import cli

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "asyncssh" else find_spec(name, *args),
    )
    assert cli.main(["serve", str(Path(__file__).parent / "data" / "mini.yaml"), "--public"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "briefing serve needs the ssh extra: pip install 'briefing[ssh]'\n"
    assert captured.out == ""
