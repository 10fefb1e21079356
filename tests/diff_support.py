"""Versions of the mini briefing for the tests of diff, export --since and the read state."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.core import validation
from briefing.core.model import Briefing

MINI = Path(__file__).parent / "data" / "mini.yaml"

Data = dict[str, Any]
"""A briefing as plain data, as ``validation.to_data`` gives it."""


def changed(base: Briefing, edit: Callable[[Data], None]) -> Briefing:
    """``base`` with ``edit`` applied to a copy of its data, validated again."""
    data = copy.deepcopy(validation.to_data(base))
    edit(data)
    return validation.validate(data)


def item(data: Data, section: str, item_id: str) -> Data:
    """The item of ``section`` with this id (symbol, for elements)."""
    key = "symbol" if section == "elements" else "id"
    found: Data = next(entry for entry in data[section] if entry[key] == item_id)
    return found


def next_version(data: Data) -> None:
    """What a curator might do between two versions: an event and a key point and an
    element added, a quote reworded, a figure retired."""
    data["events"].append(
        {
            "id": "december-talks",
            "date": "2025-12-01",
            "title": "Talks in December",
            "summary": "They met again.",
            "sources": ["daily"],
            "actors": ["minister"],
        }
    )
    data["quotes"][1]["text"] = "Talks were very constructive."
    data["key_points"].append({"text": "Talks resumed in December.", "sources": ["daily"]})
    data["elements"].append({"symbol": "Sm", "category": "light-rare-earth"})
    data["figures"].pop()
