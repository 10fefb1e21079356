"""A keyboard-first list of briefing items, one line or a few per item, selected by id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

MIN_FIRST_CHUNK = 20
"""Options shown at once, at the least; see ``ItemList.SHARE_OF_SCREEN``."""
LATER_CHUNK = 1000
"""Options added per frame after the first."""


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

    SHARE_OF_SCREEN: ClassVar[float] = 0.5
    """The most of the terminal's height this list can take up. A pane's list shares the
    pane with its detail, so it never has more lines than half the terminal. Each option
    takes a line or more, so that many options fill the list: the rest come a frame
    later, and the first frame does not wait to measure options it cannot show."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, markup=False)
        self._pending: Iterator[Option | None] | None = None
        """Options not added yet; see ``replace_options``."""
        self._center_when_drawn = False

    def replace_options(self, options: Iterable[Option | None], keep: str | None = None) -> None:
        """Show new options, keeping the item ``keep`` highlighted when it is still there.

        A long list shows its first options at once and takes the rest a chunk per frame,
        so a briefing of thousands of items still opens without a wait. ``options`` may
        be a generator: prompts are then only built when their chunk is added.
        """
        self._pending = iter(options)
        first_chunk = max(int(self.app.size.height * self.SHARE_OF_SCREEN) + 1, MIN_FIRST_CHUNK)
        first = list(islice(self._pending, first_chunk))
        if len(first) < first_chunk:
            self._pending = None
        self.set_options(first)
        if keep is None or not self.select_id(keep):
            self.action_first()
        self._load_later()

    def _load_later(self) -> None:
        if self._pending is not None:
            self.call_after_refresh(self._load_chunk)

    def _load_chunk(self) -> None:
        if self._pending is None:
            return
        chunk = list(islice(self._pending, LATER_CHUNK))
        if len(chunk) < LATER_CHUNK:
            self._pending = None
        if chunk:
            self.add_options(chunk)
        self._load_later()

    def load_all(self) -> None:
        """Add every option still waiting, for when all of them are needed now."""
        if self._pending is not None:
            rest = list(self._pending)
            self._pending = None
            if rest:
                self.add_options(rest)

    @property
    def complete(self) -> bool:
        """Whether every option has been added."""
        return self._pending is None

    def action_last(self) -> None:
        self.load_all()
        super().action_last()

    def select_id(self, option_id: str) -> bool:
        """Highlight the option with this id; False when the list does not hold it."""
        try:
            index = self.get_option_index(option_id)
        except OptionDoesNotExist:  # filtered out, not in this briefing, or not added yet
            if self._pending is None:
                return False
            self.load_all()
            return self.select_id(option_id)
        self.highlighted = index
        # A jump lands mid-list, with what came before and after it in view.
        if self.size:
            self.call_after_refresh(self.center_highlight)
        else:  # not laid out yet: centred as it is first drawn, see render_lines
            self._center_when_drawn = True
        return True

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._center_when_drawn:
            # Centring after a refresh would show the list's first frame at the top.
            self._center_when_drawn = False
            self.center_highlight()
        return super().render_lines(crop)

    def center_highlight(self) -> None:
        """Scroll the highlighted option to the middle of the list, as far as it goes."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        line = self._index_to_line.get(highlighted)
        if line is None:
            return
        region = Region(0, line, self.scrollable_content_region.width, self._heights[highlighted])
        self.scroll_to_region(region, center=True, force=True, animate=False, immediate=True)

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return None if option is None else option.id
