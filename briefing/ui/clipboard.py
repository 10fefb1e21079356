"""``y``: an item with its citation to the clipboard, through the terminal (OSC 52)."""

from __future__ import annotations

from textual.dom import DOMNode

from briefing.core.export.snippet import item_markdown
from briefing.core.involves import Kind
from briefing.core.model import Briefing

COPIED = (
    "Copied the {what} as Markdown, through the terminal (OSC 52): tmux passes it on only "
    "with set-clipboard on, GNU screen not at all."
)


def copy_item(node: DOMNode, briefing: Briefing, kind: Kind, item_id: str) -> None:
    """Copy item ``item_id`` of ``kind`` as a short Markdown block (``item_markdown``),
    and say so, and where the copy may not arrive, in a notice (``node`` is any widget
    or screen of the app)."""
    markdown = item_markdown(briefing, kind, item_id)
    if markdown is None:
        node.app.notify(
            f"This {kind} is not discussed in this briefing: nothing to copy.", timeout=3
        )
        return
    node.app.copy_to_clipboard(markdown)
    what = kind if kind is Kind.SOURCE else f"{kind} with its sources"
    node.app.notify(COPIED.format(what=what), markup=False, timeout=6)
