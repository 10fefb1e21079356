"""The protocol every pane's list meets, and the messages it posts.

A pane (``briefing.ui.panes.base.Pane``) is generic over its list's class, which is a
``PaneList``: the pane reads and moves the list's cursor, and marks its items, through
these few members only, whatever the list draws (rows of a list, the periodic table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Self

from textual.message import Message
from textual.widget import Widget

from briefing.core.model import Briefing
from briefing.ui.marks import MarkOf


class PaneList(Widget):
    """A widget with a cursor on one of its items, each known by an id (a string).

    It posts ``Highlighted`` when the cursor moves and ``Chosen`` for Enter or a double
    click on an item: it says what happened, and the screen decides what that means.
    """

    TYPED_KEYS: ClassVar[list[tuple[str, str]]] = []
    """Keys the list reads itself rather than through a Binding, for the help: (keys,
    what they do)."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another item (None: the list is empty)."""

        pane_list: PaneList = field(repr=False)
        item_id: str | None

        @property
        def control(self) -> PaneList:
            return self.pane_list

    @dataclass
    class Chosen(Message):
        """Enter, or a double click, on an item."""

        pane_list: PaneList = field(repr=False)
        item_id: str

        @property
        def control(self) -> PaneList:
            return self.pane_list

    @classmethod
    def for_pane(cls, briefing: Briefing, list_id: str) -> Self:
        """A new list for a pane of ``briefing``, with id ``list_id``."""
        return cls(id=list_id)

    @property
    def highlighted_id(self) -> str | None:
        """Id of the item under the cursor, if any."""
        raise NotImplementedError

    @property
    def item_ids(self) -> list[str]:
        """The ids of the items, in the list's order."""
        raise NotImplementedError

    def select_id(self, item_id: str) -> bool:
        """Put the cursor on ``item_id``; False when the list has no such item."""
        raise NotImplementedError

    def pass_on(self, keys: frozenset[str]) -> None:
        """Leave these keys (characters) to the screen's bindings from now on, where the
        list would read them itself (a list that reads no keys itself ignores this)."""

    def show_marks(self, mark_of: MarkOf | None) -> None:
        """Mark items by ``mark_of`` (None: no marks), now or once the list is drawn."""
        raise NotImplementedError
