"""The periodic table, with the briefing's elements marked by category and control status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.timer import Timer
from textual.widget import Widget

from briefing.core.dates import PartialDate
from briefing.core.grid import (
    FIRST_SYMBOL,
    LAST_SYMBOL,
    ControlStatus,
    SymbolTyping,
    first_discussed,
    statuses_on,
    step,
)
from briefing.core.model import Briefing
from briefing.core.periodic import (
    ACTINIDE_ROW,
    BY_POSITION,
    BY_SYMBOL,
    GRID_COLUMNS,
    GRID_ROWS,
    LANTHANIDE_ROW,
    lookup,
)
from briefing.core.text import sanitize_line
from briefing.ui.glyphs import GLYPHS

TYPING_PAUSE = 1.0
"""Seconds to wait for the second letter of a symbol after a capital."""

KNOWN_CATEGORIES = ("light-rare-earth", "heavy-rare-earth", "other-critical")
"""Categories with a colour of their own; any other category is shown as ``discussed``."""

_STATUS_CLASSES = {
    ControlStatus.IN_FORCE: "element-grid--controlled",
    ControlStatus.SCHEDULED: "element-grid--scheduled",
    ControlStatus.LIFTED: "element-grid--lifted",
    ControlStatus.DISCUSSED: "element-grid--uncontrolled",
    ControlStatus.NOT_DISCUSSED: "element-grid--absent",
}
_LEGEND_LABELS = {
    ControlStatus.IN_FORCE: "controlled",
    ControlStatus.SCHEDULED: "to come",
    ControlStatus.LIFTED: "lifted",
    ControlStatus.DISCUSSED: "no control",
}
# The f-block rows are marked where they belong in the main table, as printed tables do.
# Keyed by the first column of the gap that holds them.
_F_BLOCK_MARKERS = {(6, 3): "*", (7, 3): "**", (LANTHANIDE_ROW, 1): "*", (ACTINIDE_ROW, 1): "**"}
_CATEGORY_SWATCH = GLYPHS.swatch


def category_label(category: str) -> str:
    """``heavy-rare-earth`` as ``heavy rare earth``."""
    return sanitize_line(category.replace("-", " "))


def cell_width_for(available: int) -> int:
    """Cell width for a content width: 3 or 4 when narrow, 6 or 7 (with numbers) when wide."""
    for width in (7, 6, 4):
        if available >= GRID_COLUMNS * width:
            return width
    return 3


class ElementGrid(Widget, can_focus=True):
    """All 118 elements laid out as the periodic table, navigable from cell to cell.

    The table is drawn as lines of text rather than a widget per element, so it costs next
    to nothing to build and redraw. The legend sits in the empty top of the table.
    """

    BINDING_GROUP_TITLE = "Periodic table"
    HELP = (
        "Move with the arrow keys or h j k l; g or Home goes to hydrogen, End to oganesson. "
        "Type a symbol to jump to it (capital first: D then y for Dy). Enter goes to its links."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,k",
            "navigate(-1,0)",
            "Up",
            id="grid-up",
            show=False,
            tooltip="Nearest element above",
        ),
        Binding(
            "down,j",
            "navigate(1,0)",
            "Down",
            id="grid-down",
            show=False,
            tooltip="Nearest element below",
        ),
        Binding(
            "left,h",
            "navigate(0,-1)",
            "Left",
            id="grid-left",
            show=False,
            tooltip="Previous element in the row",
        ),
        Binding(
            "right,l",
            "navigate(0,1)",
            "Right",
            id="grid-right",
            show=False,
            tooltip="Next element in the row",
        ),
        Binding(
            "home,g", "first", "First element", id="grid-first", show=False, tooltip="Hydrogen"
        ),
        Binding("end", "last", "Last element", id="grid-last", show=False, tooltip="Oganesson"),
        Binding(
            "pageup", "page(-1)", "Top", id="grid-page-up", show=False, tooltip="Up the column"
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Bottom",
            id="grid-page-down",
            show=False,
            tooltip="Down the column",
        ),
        Binding(
            "enter",
            "screen.enter_links",
            "Links",
            id="grid-choose",
            tooltip="Go to the element's links: its events, quotes and actors",
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "element-grid--title",
        "element-grid--legend",
        "element-grid--cursor",
        "element-grid--number",
        "element-grid--marker",
        "element-grid--absent",
        "element-grid--discussed",
        "element-grid--light-rare-earth",
        "element-grid--heavy-rare-earth",
        "element-grid--other-critical",
        "element-grid--controlled",
        "element-grid--scheduled",
        "element-grid--lifted",
        "element-grid--uncontrolled",
    }

    as_of: reactive[PartialDate] = reactive(PartialDate(1970, 1, 1), init=False)
    """Control status is shown as it stood on this date."""
    cursor: reactive[str] = reactive(FIRST_SYMBOL, init=False)
    """Symbol of the selected element."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another element."""

        symbol: str
        grid: ElementGrid | None = field(default=None, repr=False)

        @property
        def control(self) -> ElementGrid | None:
            return self.grid

    @dataclass
    class Chosen(Message):
        """The reader pressed Enter on an element."""

        symbol: str
        grid: ElementGrid | None = field(default=None, repr=False)

        @property
        def control(self) -> ElementGrid | None:
            return self.grid

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.briefing = briefing
        """The briefing whose elements are marked."""
        self._categories = {element.symbol: element.category or "" for element in briefing.elements}
        self._typing = SymbolTyping()
        self._typing_timer: Timer | None = None
        self._style_cache: dict[str, Style] = {}
        self._drawn: tuple[tuple[int, Style], list[Strip]] | None = None
        """The lines last drawn, and the width and base style they were drawn for."""
        self.set_reactive(ElementGrid.as_of, briefing.as_of_date)
        self.set_reactive(ElementGrid.cursor, first_discussed(briefing))

    # -- behaviour -------------------------------------------------------------------------

    def select_symbol(self, symbol: str) -> None:
        """Move the cursor to ``symbol`` (any case); unknown symbols are ignored."""
        found = lookup(symbol)
        if found is not None:
            self.cursor = found.symbol

    def validate_cursor(self, symbol: str) -> str:
        return symbol if symbol in BY_SYMBOL else self.cursor

    def watch_cursor(self, symbol: str) -> None:
        self._redraw()
        self.post_message(self.Highlighted(symbol, self))

    def action_navigate(self, rows: int, columns: int) -> None:
        self.cursor = step(self.cursor, rows, columns)

    def action_page(self, rows: int) -> None:
        symbol = self.cursor
        column = BY_SYMBOL[symbol].column
        for _ in range(GRID_ROWS):  # to the end of the column, not across a gap
            following = step(symbol, rows, 0)
            if following == symbol or BY_SYMBOL[following].column != column:
                break
            symbol = following
        if symbol == self.cursor:
            self.app.bell()
        self.cursor = symbol

    def action_first(self) -> None:
        self.cursor = FIRST_SYMBOL

    def action_last(self) -> None:
        self.cursor = LAST_SYMBOL

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.cursor, self))

    def on_key(self, event: events.Key) -> None:
        # Runs before the bindings, so that the small letter of "Hg" is read as part of a
        # symbol and not as "go to the first element". A key sent here before the focus
        # moved away is not the grid's: the app sends it on to the focus.
        if not self.has_focus:
            return
        symbol, used = self._typing.type_key(event.character)
        self._stop_typing_timer()
        if symbol is not None:
            self.cursor = symbol
        if self._typing.pending:
            self._typing_timer = self.set_timer(TYPING_PAUSE, self._finish_typing)
        if used:
            event.stop()
            event.prevent_default()

    def on_blur(self) -> None:
        self._finish_typing()
        self._redraw()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        width = cell_width_for(self.size.width)
        left = self._left_margin(width, self.size.width)
        row = offset.y + 1
        column = (offset.x - left) // width + 1 if offset.x >= left else 0
        found = BY_POSITION.get((row, column))
        if found is None:
            return
        self.cursor = found.symbol
        if event.chain >= 2:
            self.action_choose()

    def _finish_typing(self) -> None:
        self._stop_typing_timer()
        symbol = self._typing.finish()
        if symbol is not None:
            self.cursor = symbol

    def _stop_typing_timer(self) -> None:
        if self._typing_timer is not None:
            self._typing_timer.stop()
            self._typing_timer = None

    # -- drawing ---------------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return GRID_COLUMNS * cell_width_for(container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # As many lines as ``_lines`` draws, counted without drawing the cells.
        self._style_cache.clear()
        margin = self._left_margin(cell_width_for(width), width)
        return GRID_ROWS + len(self._category_legend(max(width - margin, 1)))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))

    # What changes the lines drawn: the cursor, the date, the focus (the cursor's style)
    # and the theme. Each drops the lines kept from the last drawing.
    def _redraw(self) -> None:
        self._drawn = None
        self.refresh()

    def watch_as_of(self) -> None:
        self._redraw()

    def on_focus(self) -> None:
        self._redraw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None

    def render_line(self, y: int) -> Strip:
        # Drawn straight to segments: going through ``render`` and Textual's general
        # content layout (wrapping, click offsets) took most of the first frame's grid.
        base = self.visual_style
        width = self.size.width
        if self._drawn is None or self._drawn[0] != (width, base):
            padding = base.background_style.rich_style
            strips = [
                Strip(line.render_segments(base)).adjust_cell_length(width, padding)
                for line in self._lines(width)
            ]
            self._drawn = ((width, base), strips)
        strips = self._drawn[1]
        return strips[y] if 0 <= y < len(strips) else Strip.blank(width, base.rich_style)

    def title_text(self) -> str:
        """``Controls as of 8 Nov 2025: 2 elements``, the line the legend starts with."""
        if not self.briefing.elements:
            return "This briefing discusses no elements"
        if not self.briefing.has_controls:
            count = len(self.briefing.elements)
            return f"This briefing discusses {count} element{'s' if count != 1 else ''}"
        count = len(self.briefing.controlled_on(self.as_of))
        if count == 0:
            return f"Controls as of {self.as_of.human()}: none"
        noun = "element" if count == 1 else "elements"
        return f"Controls as of {self.as_of.human()}: {count} {noun}"

    def _style(self, component: str) -> Style:
        style = self._style_cache.get(component)
        if style is None:
            style = self.get_visual_style(component, partial=True)
            # The visual style leaves out reverse, which the cursor needs to read without colour.
            if self.get_component_styles(component).text_style.reverse:
                style += Style(reverse=True)
            self._style_cache[component] = style
        return style

    @staticmethod
    def _left_margin(width: int, available: int) -> int:
        """Spaces before the table, which is centred in the ``available`` cells."""
        return max(0, (available - GRID_COLUMNS * width) // 2)

    def _lines(self, available: int) -> list[Content]:
        # Styles are looked up once per drawing, not once per cell: they change only
        # between drawings (theme, focus).
        self._style_cache.clear()
        width = cell_width_for(available)
        statuses = statuses_on(self.briefing, self.as_of)
        # Gaps at the top of the table hold the title and the status legend.
        title = Content.styled(self.title_text(), self._style("element-grid--title"))
        gap_text: dict[int, Content] = {1: title}
        if self.briefing.has_controls:
            gap_text.update(self._status_legend())
        margin = " " * self._left_margin(width, available)
        lines = []
        for row in range(1, GRID_ROWS + 1):
            parts: list[Content] = [Content(margin)]
            column = 1
            while column <= GRID_COLUMNS:
                found = BY_POSITION.get((row, column))
                if found is not None:
                    parts.append(self._cell(found.symbol, found.number, statuses, width))
                    column += 1
                    continue
                gap_end = column
                while gap_end <= GRID_COLUMNS and (row, gap_end) not in BY_POSITION:
                    gap_end += 1
                span = (gap_end - column) * width
                marker = _F_BLOCK_MARKERS.get((row, column))
                if row in gap_text and gap_end - column > 2:
                    # Row 1's gap starts a column earlier; line the title up with the legend.
                    indent = 1 if column > 2 else (3 - column) * width + 1
                    parts.append(_fit(gap_text.pop(row), span, indent=indent))
                elif marker is not None:
                    parts.append(self._marker(marker, row, span, width))
                else:
                    parts.append(Content(" " * span))
                column = gap_end
            lines.append(Content.assemble(*parts).rstrip())
        legend_width = max(available - len(margin), 1)
        lines.extend(Content.assemble(margin, line) for line in self._category_legend(legend_width))
        return lines

    def _marker(self, marker: str, row: int, span: int, width: int) -> Content:
        styled = Content.styled(marker, self._style("element-grid--marker"))
        if row in (LANTHANIDE_ROW, ACTINIDE_ROW):
            # Just left of the f-block row, pointing at its first element.
            return styled.right(span - 1).pad_right(1)
        # Where the symbol of the missing group-3 element would be.
        return _fit(styled, span, indent=_number_width(width))

    def _cell(
        self, symbol: str, number: int, statuses: dict[str, ControlStatus], width: int
    ) -> Content:
        status = statuses.get(symbol, ControlStatus.NOT_DISCUSSED)
        if status is ControlStatus.NOT_DISCUSSED:
            symbol_class = "element-grid--absent"
        else:
            category = self._categories.get(symbol, "")
            known = category in KNOWN_CATEGORIES
            symbol_class = f"element-grid--{category}" if known else "element-grid--discussed"
        parts: list[Content] = []
        if width >= 6:
            number_text = f"{number:>3}".ljust(_number_width(width))
            parts.append(Content.styled(number_text, self._style("element-grid--number")))
        parts.append(Content.styled(f"{symbol:<2}", self._style(symbol_class)))
        if self.briefing.has_controls:
            # Without controls, a discussed element is told apart by its bold symbol.
            glyph = GLYPHS.status[status]
            parts.append(Content.styled(glyph, self._style(_STATUS_CLASSES[status])))
        cell = Content.assemble(*parts)
        if symbol == self.cursor:
            cell = cell.stylize(self._style("element-grid--cursor"))
        return cell.pad_right(width - cell.cell_length)

    def _status_legend(self) -> dict[int, Content]:
        items = [
            Content.assemble(
                (GLYPHS.status[status], self._style(_STATUS_CLASSES[status])),
                (f" {label}", self._style("element-grid--legend")),
            )
            for status, label in _LEGEND_LABELS.items()
        ]
        return {
            2: Content("  ").join(items[:2]),
            3: Content("  ").join(items[2:]),
        }

    def _category_legend(self, width: int) -> list[Content]:
        """One swatch per category the briefing uses, on as many lines as ``width`` needs."""
        present = list(dict.fromkeys(category for category in self._categories.values()))
        items = []
        for category in present:
            known = category in KNOWN_CATEGORIES
            swatch_class = f"element-grid--{category}" if known else "element-grid--discussed"
            label = category_label(category) if category else "no category"
            # Without colour the swatches look alike: the label takes the category's style.
            label_class = swatch_class if self.app.no_color else "element-grid--legend"
            items.append(
                Content.assemble(
                    (_CATEGORY_SWATCH, self._style(swatch_class)),
                    (f" {label}", self._style(label_class)),
                )
            )
        lines: list[Content] = []
        for item in items:
            if lines and lines[-1].cell_length + 2 + item.cell_length <= width:
                lines[-1] = Content.assemble(lines[-1], "  ", item)
            else:
                lines.append(item)
        return lines


def _number_width(cell_width: int) -> int:
    """Cells of 6 and more show the atomic number before the symbol (with a space at 7)."""
    return 0 if cell_width < 6 else cell_width - 3


def _fit(content: Content, span: int, indent: int = 0) -> Content:
    """``content`` cut or padded to exactly ``span`` cells, after ``indent`` spaces."""
    return content.truncate(span - indent, ellipsis=True, pad=True).pad_left(indent)
