"""``briefing read``: the whole briefing as linear plain text on standard output."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from ui_support import MINI

from briefing.cli import main
from briefing.core.involves import Kind, Subject
from briefing.core.linear import linear_text
from briefing.core.loader import load_briefing

BUNDLED = Path(__file__).resolve().parents[1] / "content" / "rare-earths-2025.yaml"
# Any escape or control character but the newline, and box drawing: none belongs in the text.
NOISE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2500-\u257f]")


def test_read_prints_the_linear_text_of_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out == linear_text(load_briefing(MINI))
    assert not NOISE.search(out)


def test_read_without_a_file_reads_the_bundled_briefing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["read"]) == 0
    out = capsys.readouterr().out
    assert out == linear_text(load_briefing(BUNDLED))
    assert not NOISE.search(out)


@pytest.mark.parametrize(
    ("about", "subject"),
    [
        ("Dy", Subject(Kind.ELEMENT, "Dy")),
        ("dysprosium", Subject(Kind.ELEMENT, "Dy")),  # the same names export --about takes
    ],
)
def test_read_about_keeps_what_involves_the_subject(
    about: str, subject: Subject, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["read", str(MINI), "--about", about]) == 0
    out = capsys.readouterr().out
    assert out == linear_text(load_briefing(MINI), subject)
    assert out != linear_text(load_briefing(MINI))


def test_read_about_a_name_in_form_d_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "accents.yaml"
    text = MINI.read_text(encoding="utf-8").replace("Jane Minister", "Coopérative Agricole")
    path.write_text(text, encoding="utf-8")
    composed = main(["read", str(path), "--about", "coopérative"])
    first = capsys.readouterr().out
    decomposed = unicodedata.normalize("NFD", "coopérative")
    assert main(["read", str(path), "--about", decomposed]) == composed == 0
    assert capsys.readouterr().out == first
    assert "Coopérative Agricole" in first


@pytest.mark.parametrize("command", ["read", "export"])
def test_an_unknown_about_is_one_line_with_the_closest_id(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(MINI), "--about", "dyy"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"briefing {command}: --about ")
    assert lines[0].endswith("did you mean 'Dy'?")


def test_read_in_a_pipe_has_no_escape_sequences() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "read", str(MINI)],
        capture_output=True,
        timeout=60,
        env={"TERM": "xterm-256color", "FORCE_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert b"\x1b" not in result.stdout
    assert result.stdout.decode() == linear_text(load_briefing(MINI))
