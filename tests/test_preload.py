"""The reader's briefing is validated in a forked child while the interface is imported."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest
from ui_support import MINI

from briefing.cli import main
from briefing.core import loader, preload
from briefing.core.bundled import default_briefing
from briefing.core.dates import PartialDate
from briefing.core.loader import load_briefing
from briefing.core.preload import load_in_background
from briefing.core.problems import BriefingInvalid

ROOT = Path(__file__).resolve().parents[1]
BROKEN = "format: 1\nid: Broken\ntitle: x\n"


def only_the_child_can_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the fork: were the parent to fall back on loading the file itself, it fails."""

    def refuse(path: Path) -> None:
        raise AssertionError("the briefing was loaded in the parent, not in the child")

    monkeypatch.setattr(loader, "load_briefing", refuse)


@pytest.mark.parametrize("path", [MINI, default_briefing()], ids=["mini", "bundled"])
def test_the_child_returns_what_loading_here_returns(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = load_briefing(path)
    pending = load_in_background(path)
    assert pending.in_background
    only_the_child_can_load(monkeypatch)
    assert pending.result() == expected


def test_an_invalid_file_raises_the_same_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    with pytest.raises(BriefingInvalid) as here:
        load_briefing(broken)
    pending = load_in_background(broken)
    only_the_child_can_load(monkeypatch)
    with pytest.raises(BriefingInvalid) as in_child:
        pending.result()
    assert in_child.value.problems == here.value.problems
    assert "id contains the capital 'B'" in in_child.value.report()


def test_a_file_that_can_be_read_once_is_read_here(tmp_path: Path) -> None:
    fifo = tmp_path / "briefing.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"cat {MINI} > {fifo}"])
    try:
        pending = load_in_background(fifo)
        # Not forked: had a child read it and failed, loading here again would find it empty.
        assert not pending.in_background
        assert pending.result() == load_briefing(MINI)
    finally:
        writer.wait(timeout=10)


def test_without_fork_the_briefing_is_loaded_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    assert load_in_background(MINI).result() == load_briefing(MINI)


def test_when_the_child_fails_the_briefing_is_loaded_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_outcome(path: Path, raw: bytes | None) -> None:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(preload, "_outcome", broken_outcome)
    assert load_in_background(MINI).result() == load_briefing(MINI)


def test_when_the_child_fails_part_way_the_briefing_is_loaded_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parent reads the pickle as the child writes it: one cut short is not used."""

    def cut_short(outcome: object, stream: BinaryIO, protocol: int) -> None:
        whole = pickle.dumps(outcome, protocol=protocol)
        stream.write(whole[: len(whole) // 2])
        raise RuntimeError("the child fails part way")

    monkeypatch.setattr(preload.pickle, "dump", cut_short)
    pending = load_in_background(default_briefing())
    assert pending.in_background
    monkeypatch.undo()
    assert pending.result() == load_briefing(default_briefing())


def test_the_reader_process_never_imports_pydantic_or_yaml() -> None:
    # What the reader runs before its first frame, and every screen it can open later.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing.core.preload import load_in_background\n"
        f"pending = load_in_background(Path({str(MINI)!r}))\n"
        "import briefing.ui.app, briefing.ui.screens.search, briefing.ui.screens.export\n"
        "import briefing.ui.screens.help, briefing.ui.screens.too_small\n"
        "briefing = pending.result()\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml'})\n"
        "print(briefing.id, loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "mini []", done.stderr


def test_in_a_terminal_an_invalid_file_is_reported_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main([str(broken)]) == 1
    assert f"{broken}:2:5: id contains the capital 'B'" in capsys.readouterr().err


def test_the_briefing_arrives_compact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each text and date the file repeats is one object, and the parts have no dict
    each: what a big briefing costs the reader's memory."""
    pending = load_in_background(default_briefing())
    only_the_child_can_load(monkeypatch)
    briefing = pending.result()
    texts: dict[str, int] = {}
    dates: dict[PartialDate, int] = {}
    repeated = 0
    for event in briefing.events:
        for text in (*event.sources, *event.actors, *event.elements, *event.tags):
            repeated += text in texts
            assert texts.setdefault(text, id(text)) == id(text), text
        assert dates.setdefault(event.date, id(event.date)) == id(event.date), event.date
    for quote in briefing.quotes:
        assert texts.setdefault(quote.speaker, id(quote.speaker)) == id(quote.speaker)
    assert repeated > 100  # the bundled briefing cites its sources again and again
    parts = [*briefing.events, *briefing.actors, *briefing.quotes, *briefing.sources]
    assert not any(hasattr(part, "__dict__") for part in parts)
