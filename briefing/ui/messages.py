"""Messages that widgets send up to the screen, which owns the navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message

ItemKind = Literal["event", "element", "actor", "quote", "source"]


@dataclass
class JumpTo(Message):
    """Show this item in its own pane and select it there."""

    kind: ItemKind
    item_id: str
