"""A keyboard-first list of briefing items, one line or a few per item, selected by id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist


class ItemList(OptionList):
    """An OptionList with vi keys and selection by option id.

    Options are rendered from ``Content`` (never markup), so briefing text shows literally.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("g", "first", "Top", show=False, id="cursor-top"),
        Binding("G", "last", "Bottom", show=False, id="cursor-bottom"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, markup=False)

    def replace_options(self, options: Iterable[Option | None], keep: str | None = None) -> None:
        """Show new options, keeping the item ``keep`` highlighted when it is still there."""
        self.set_options(options)
        if keep is not None and self.select_id(keep):
            return
        self.action_first()

    def select_id(self, option_id: str) -> bool:
        """Highlight the option with this id; False when the list does not hold it."""
        try:
            index = self.get_option_index(option_id)
        except OptionDoesNotExist:  # filtered out, or not in this briefing
            return False
        self.highlighted = index
        return True

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return None if option is None else option.id
