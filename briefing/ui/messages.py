"""Messages that widgets send up to the screen, which owns the navigation."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from briefing.core.involves import Kind


@dataclass
class JumpTo(Message):
    """Show this item in its own pane and select it there."""

    kind: Kind
    item_id: str
