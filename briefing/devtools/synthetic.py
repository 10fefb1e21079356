"""A large synthetic briefing, made by repeating a real one, for measuring speed at scale."""

from __future__ import annotations

from typing import Any

from briefing.core import validation
from briefing.core.model import Briefing

_SECTIONS_WITH_IDS = ("sources", "events", "actors", "quotes", "figures")
# Fields that hold ids of other items, which must be renamed along with the items.
_REFERENCES = {"sources", "source", "actors", "speaker", "affiliation", "event"}


def synthetic_briefing(base: Briefing, factor: int) -> Briefing:
    """``base`` with every source, event, actor, quote and figure repeated ``factor`` times.

    Copy N renames every id to ``ID-N`` and tags its text with a made-up word, so the
    copies are distinct items and the vocabulary grows with the size. Elements are not
    repeated (a symbol is unique), so the copies share them.
    """
    data = validation.to_data(base)
    for section in _SECTIONS_WITH_IDS:
        originals = data.get(section, [])
        data[section] = [_renamed(item, copy) for copy in range(factor) for item in originals]
    data["key_points"] = [_renamed(point, 0) for point in data.get("key_points", [])]
    for element in data.get("elements", []):
        _rename_references(element, 0)
    return validation.validate(data)


def _suffix(identifier: str, copy: int) -> str:
    return identifier if copy == 0 else f"{identifier}-{copy}"


def _renamed(item: dict[str, Any], copy: int) -> dict[str, Any]:
    renamed = dict(item)
    if "id" in renamed:
        renamed["id"] = _suffix(renamed["id"], copy)
    for text_field in ("title", "summary", "text", "name", "label"):
        if copy and text_field in renamed:
            renamed[text_field] = f"{renamed[text_field]} (batch{copy:03d})"
    _rename_references(renamed, copy)
    return renamed


def _rename_references(item: dict[str, Any], copy: int) -> None:
    for key, value in item.items():
        if key in _REFERENCES:
            if isinstance(value, list):
                item[key] = [_suffix(reference, copy) for reference in value]
            elif isinstance(value, str):
                item[key] = _suffix(value, copy)
        elif key == "controls":
            for control in value:
                _rename_references(control, 0)
