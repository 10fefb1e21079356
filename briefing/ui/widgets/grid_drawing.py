"""How the periodic table is drawn: its cells, f-block markers and legends, as lines of
text (``ElementGrid`` adds the keys, the mouse and the cursor's moves)."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style

from briefing.core.dates import PartialDate
from briefing.core.grid import FIRST_SYMBOL, ControlStatus, statuses_on
from briefing.core.linear import describe_element
from briefing.core.model import Briefing
from briefing.core.periodic import (
    ACTINIDE_ROW,
    BY_POSITION,
    BY_SYMBOL,
    GRID_COLUMNS,
    GRID_ROWS,
    LANTHANIDE_ROW,
)
from briefing.core.text import sanitize_line
from briefing.ui.cursor import place_cursor, screen_reader_on
from briefing.ui.glyphs import GLYPHS
from briefing.ui.pane_list import PaneList

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


class GridDrawing(PaneList):
    """All 118 elements laid out as the periodic table, drawn as lines of text rather than
    a widget per element, so it costs next to nothing to build and redraw. The legend sits
    in the empty top of the table."""

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

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.briefing = briefing
        """The briefing whose elements are marked."""
        self._categories = {element.symbol: element.category or "" for element in briefing.elements}
        self._style_cache: dict[str, Style] = {}
        self._list_top = 0
        """In the list (``listing``): the first element in view."""
        self._drawn: tuple[tuple[int, int, Style], list[Strip]] | None = None
        """The lines last drawn, and the width, height and base style they were drawn for."""

    # -- drawing ---------------------------------------------------------------------------

    @property
    def listing(self) -> bool:
        """Whether the elements are drawn as a list, one line each with its status in words
        (the screen-reader mode), rather than as the table."""
        return screen_reader_on(self)

    @property
    def listed_row(self) -> int | None:
        """The line of the list the cursor's element is on (the title is line 0); None
        when the cursor is on an element the briefing does not discuss."""
        symbols = [element.symbol for element in self.briefing.elements]
        return symbols.index(self.cursor) + 1 if self.cursor in symbols else None

    def list_top(self) -> int:
        """In the list: the first element in view, moved just enough to show the cursor's
        (under the title line)."""
        rows = max(self.size.height - 1, 1)
        index = (self.listed_row or 1) - 1
        top = self._list_top
        if index < top:
            top = index
        elif index >= top + rows:
            top = index - rows + 1
        self._list_top = max(min(top, len(self.briefing.elements) - rows), 0)
        return self._list_top

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.listing:
            return container.width
        return GRID_COLUMNS * cell_width_for(container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.listing:
            return 1 + len(self.briefing.elements)
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

    def selection_offset(self) -> Offset | None:
        """Where the cursor's cell shows its symbol, in screen cells."""
        region = self.content_region
        if self.listing:
            row = self.listed_row
            return Offset(region.x, region.y + (row - self.list_top() if row else 0))
        info = BY_SYMBOL.get(self.cursor)
        if info is None:
            return None
        width = cell_width_for(region.width)
        x = self._left_margin(width, region.width) + (info.column - 1) * width
        if width >= 6:
            x += _number_width(width)
        return Offset(region.x + min(x, region.width - 1), region.y + info.row - 1)

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = super().render_lines(crop)
        place_cursor(self)  # drawn with the cursor's cell: the terminal's cursor goes there
        return strips

    def render_line(self, y: int) -> Strip:
        # Drawn straight to segments: going through ``render`` and Textual's general
        # content layout (wrapping, click offsets) took most of the first frame's grid.
        base = self.visual_style
        width = self.size.width
        if self._drawn is None or self._drawn[0] != (width, self.size.height, base):
            padding = base.background_style.rich_style
            strips = [
                Strip(line.render_segments(base)).adjust_cell_length(width, padding)
                for line in self._lines(width)
            ]
            self._drawn = ((width, self.size.height, base), strips)
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
        if self.listing:
            return self._list_lines()
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

    def _list_lines(self) -> list[Content]:
        """The title, then each element the briefing discusses, its name first and its
        status in words: ``Dysprosium (Dy): controlled since 4 Apr 2025``."""
        lines = [Content.styled(self.title_text(), self._style("element-grid--title"))]
        briefing_date = self.briefing.as_of_date
        top = self.list_top()
        for element in self.briefing.elements[top : top + max(self.size.height - 1, 1)]:
            text = Content(describe_element(element, self.as_of, as_of=briefing_date))
            if element.symbol == self.cursor:
                text = text.stylize(self._style("element-grid--cursor"))
            lines.append(text)
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
