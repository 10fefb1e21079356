"""Read state shared by readers that overlap (two sessions of one SSH key), and the brief of
what changed since the last visit."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from diff_support import MINI, changed, next_version

from briefing.core.export import build_brief
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.readstate import (
    changed_since_visit,
    limit_directory,
    load_marks,
    save_read,
    state_file,
)


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def test_two_versions_read_in_overlapping_sessions_both_count(
    mini: Briefing, tmp_path: Path
) -> None:
    later = changed(mini, next_version)
    # One session read the old version, another the new one; they quit in either order.
    assert save_read(later, tmp_path) is None
    assert save_read(mini, tmp_path) is None
    # Nothing either session read is marked on the next visit to either version.
    assert load_marks(later, tmp_path).summary() == "nothing new"
    assert load_marks(mini, tmp_path).summary() == "nothing new"


def test_items_of_another_version_are_kept(mini: Briefing, tmp_path: Path) -> None:
    later = changed(mini, next_version)
    save_read(later, tmp_path)
    save_read(mini, tmp_path)
    items = json.loads(state_file("mini", tmp_path).read_text())["items"]
    assert "events/december-talks" in items  # only the later version has it


def _save_many(args: tuple[Briefing, str, int]) -> None:
    briefing, directory, rounds = args
    for _ in range(rounds):
        assert save_read(briefing, Path(directory)) is None


def test_readers_quitting_at_once_leave_a_whole_file_with_both_reads(
    mini: Briefing, tmp_path: Path
) -> None:
    later = changed(mini, next_version)
    # Two processes, each saving its own version many times, at the same moment.
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        pool.map(_save_many, [(mini, str(tmp_path), 40), (later, str(tmp_path), 40)])
    # Whichever quit last, what the other read is kept: neither version shows anything new.
    assert load_marks(later, tmp_path).summary() == "nothing new"
    assert load_marks(mini, tmp_path).summary() == "nothing new"
    json.loads(state_file("mini", tmp_path).read_text())  # whole, never torn
    assert [p.name for p in tmp_path.iterdir()] == ["mini.json"]


def test_a_full_directory_refuses_with_a_note(mini: Briefing, tmp_path: Path) -> None:
    limit_directory(tmp_path, 100)
    note = save_read(mini, tmp_path)
    assert note is not None and "full" in note
    assert not state_file("mini", tmp_path).exists()


def test_the_brief_since_the_last_visit_holds_only_what_changed(
    mini: Briefing, tmp_path: Path
) -> None:
    save_read(mini, tmp_path)
    later = changed(mini, next_version)
    marks = load_marks(later, tmp_path)
    since = changed_since_visit(later, marks)
    assert since.subtitle == "What's new since your last visit: 3 new, 1 changed"
    assert {event.id for event in since.events if event.key} == {"december-talks"}
    assert {quote.id for quote in since.quotes if quote.key} == {"minister-talks"}
    assert [element.symbol for element in since.elements] == ["Sm"]
    text = build_brief(since).markdown
    assert "What's new since your last visit" in text


def test_no_brief_since_a_visit_that_never_was(mini: Briefing, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        changed_since_visit(mini, load_marks(mini, tmp_path))
