"""The periodic-table grid: navigation, control status, typing symbols, and how it looks."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rich.style import Style as RichStyle
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from briefing.core.bundled import data_dir
from briefing.core.dates import PartialDate
from briefing.core.grid import (
    ControlStatus,
    SymbolTyping,
    control_state,
    control_status,
    first_discussed,
    step,
)
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.periodic import ELEMENTS
from briefing.ui.themes import THEMES, VARIABLE_DEFAULTS
from briefing.ui.widgets import element_grid
from briefing.ui.widgets.element_detail import ElementDetail
from briefing.ui.widgets.element_grid import ElementGrid, cell_width_for

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


# -- moving between cells ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "rows", "columns", "expected"),
    [
        ("H", 0, 1, "He"),  # across the widest gap
        ("He", 0, -1, "H"),
        ("Be", 0, 1, "B"),  # across the d-block gap in period 2
        ("B", 0, -1, "Be"),
        ("Ba", 0, 1, "Hf"),  # over the place the f-block is taken out of
        ("H", 1, 0, "Li"),
        ("B", -1, 0, "He"),  # nearest column above, not the far-away H
        ("Ba", 1, 0, "Ra"),
        ("Ra", 1, 0, "La"),  # into the f-block rows
        ("La", 1, 0, "Ac"),
        ("La", -1, 0, "Y"),  # same column first, then the nearest row
        ("Y", 1, 0, "La"),
        ("Ce", -1, 0, "Rf"),
        ("Og", 1, 0, "Lu"),
        ("Lu", -1, 0, "Ts"),
    ],
)
def test_step_goes_to_the_nearest_element(
    start: str, rows: int, columns: int, expected: str
) -> None:
    assert step(start, rows, columns) == expected


@pytest.mark.parametrize(
    ("start", "rows", "columns"),
    [("H", -1, 0), ("H", 0, -1), ("He", 0, 1), ("Lr", 1, 0), ("Ac", 1, 0), ("La", 0, -1)],
)
def test_step_stops_at_the_edges(start: str, rows: int, columns: int) -> None:
    assert step(start, rows, columns) == start


def test_every_element_can_be_reached_by_moving_right_and_down() -> None:
    reached = set()
    row_start = "H"
    for _ in range(12):
        symbol = row_start
        for _ in range(18):
            reached.add(symbol)
            symbol = step(symbol, 0, 1)
        reached.add(symbol)
        row_start = step(row_start, 1, 0)
    # Row starts go H, Li, ... Fr, then La and Ac in the f-block.
    assert reached == {element.symbol for element in ELEMENTS}


# -- control status on a date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "on", "expected"),
    [
        ("Ho", "2025-11-08", ControlStatus.IN_FORCE),
        ("Ho", "2025-11-09", ControlStatus.IN_FORCE),
        ("Ho", "2025-11-10", ControlStatus.LIFTED),  # "until" is the first day it is gone
        ("Ho", "2025-11-07", ControlStatus.SCHEDULED),
        ("Dy", "2025-04-04", ControlStatus.IN_FORCE),
        ("Tb", "2025-11-10", ControlStatus.IN_FORCE),
        ("Dy", "2025-04-03", ControlStatus.SCHEDULED),
        ("Dy", "2025-03", ControlStatus.SCHEDULED),
        ("Nd", "2025-11-10", ControlStatus.DISCUSSED),
        ("Ga", "2025-11-10", ControlStatus.DISCUSSED),
    ],
)
def test_control_status_on_a_date(
    mini: Briefing, symbol: str, on: str, expected: ControlStatus
) -> None:
    assert control_status(mini.element(symbol), day(on)) is expected


def test_elements_not_in_the_briefing_are_not_discussed(mini: Briefing) -> None:
    assert mini.element("Fe") is None
    assert control_status(None, day("2025-11-10")) is ControlStatus.NOT_DISCUSSED


def test_each_status_has_its_own_glyph() -> None:
    glyphs = [status.glyph for status in ControlStatus]
    assert len(set(glyphs)) == len(glyphs)


def test_control_state_of_one_control(mini: Briefing) -> None:
    holmium = mini.element("Ho")
    assert holmium is not None
    control = holmium.controls[0]
    assert control_state(control, day("2025-11-01")) is ControlStatus.SCHEDULED
    assert control_state(control, day("2025-11-08")) is ControlStatus.IN_FORCE
    assert control_state(control, day("2025-12")) is ControlStatus.LIFTED


def test_cursor_starts_on_the_first_element_discussed(mini: Briefing) -> None:
    assert first_discussed(mini) == "Dy"
    assert first_discussed(replace(mini, elements=[])) == "H"


# -- typing a symbol -----------------------------------------------------------------------


def test_typing_two_letters_jumps_to_the_symbol() -> None:
    typing = SymbolTyping()
    assert typing.type_key("D") == (None, True)
    assert typing.pending == "D"
    assert typing.type_key("y") == ("Dy", True)
    assert typing.pending == ""


def test_a_capital_without_longer_symbols_jumps_at_once() -> None:
    typing = SymbolTyping()
    assert typing.type_key("U") == ("U", True)
    assert typing.pending == ""


def test_a_one_letter_symbol_waits_for_the_pause() -> None:
    typing = SymbolTyping()
    assert typing.type_key("H") == (None, True)
    assert typing.finish() == "H"


def test_a_key_that_does_not_extend_the_symbol_finishes_it_and_is_not_used() -> None:
    typing = SymbolTyping()
    typing.type_key("H")
    # "j" makes no symbol after H: jump to H, and let "j" move down as usual.
    assert typing.type_key("j") == ("H", False)
    typing.type_key("N")
    assert typing.type_key(None) == ("N", False)


def test_a_new_capital_finishes_the_previous_one() -> None:
    typing = SymbolTyping()
    typing.type_key("H")
    assert typing.type_key("D") == ("H", True)
    assert typing.pending == "D"


def test_small_letters_alone_are_left_to_the_bindings() -> None:
    typing = SymbolTyping()
    assert typing.type_key("k") == (None, False)
    assert typing.type_key("g") == (None, False)


def test_a_capital_no_symbol_starts_with_is_swallowed() -> None:
    typing = SymbolTyping()
    assert typing.type_key("Q") == (None, True)
    assert typing.pending == ""
    assert typing.finish() is None


# -- the widgets in a small host app -------------------------------------------------------


class GridApp(App[None]):
    CSS_PATH = data_dir("themes") / "grid.tcss"

    def __init__(self, briefing: Briefing) -> None:
        super().__init__()
        self.briefing = briefing

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # The category colours, which the reader's themes define and Textual's do not.
        return {**super().get_theme_variable_defaults(), **VARIABLE_DEFAULTS}

    def compose(self) -> ComposeResult:
        yield ElementGrid(self.briefing, id="elements-list")
        yield ElementDetail(self.briefing, id="detail")

    def on_mount(self) -> None:
        self.query_one(ElementDetail).show(self.query_one(ElementGrid).cursor)

    def on_pane_list_highlighted(self, message: ElementGrid.Highlighted) -> None:
        if isinstance(message.control, ElementGrid):
            self.query_one(ElementDetail).show(message.item_id)


def described(detail: ElementDetail, symbol: str, on: PartialDate) -> str:
    """The detail's text for ``symbol`` as of ``on``, and its links' labels."""
    detail.as_of = on
    view = detail.describe(symbol)
    assert view is not None
    return "\n".join([view.text.plain, *(link.label.plain for link in view.links)])


def drawn_lines(app: GridApp) -> list[Strip]:
    """The grid's lines as they are drawn on screen."""
    grid = app.query_one(ElementGrid)
    return [grid.render_line(y) for y in range(grid.size.height)]


def grid_text(app: GridApp) -> str:
    return "\n".join(line.text.rstrip() for line in drawn_lines(app))


def cell_style(app: GridApp, symbol: str) -> RichStyle:
    """The style the symbol is drawn in."""
    for line in drawn_lines(app):
        for segment in line:
            if segment.text.strip() == symbol:
                return segment.style or RichStyle()
    raise AssertionError(f"{symbol} is not drawn")


def posted(messages: list[Message], kind: type[Message]) -> list[Message]:
    """Each message once: the hook sees a message again at every node it bubbles to."""
    unique = {id(message): message for message in messages if isinstance(message, kind)}
    return list(unique.values())


def highlighted(messages: list[Message]) -> list[str]:
    grids = posted(messages, ElementGrid.Highlighted)
    return [m.item_id for m in grids if isinstance(m.control, ElementGrid)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_arrows_and_hjkl_move_the_cursor(mini: Briefing, size: tuple[int, int]) -> None:
    messages: list[Message] = []
    app = GridApp(mini)
    async with app.run_test(size=size, message_hook=messages.append) as pilot:
        grid = app.query_one(ElementGrid)
        assert app.focused is grid
        assert grid.cursor == "Dy"
        await pilot.press("right", "l", "left", "h", "up", "k", "down", "j")
        await pilot.pause()
        assert highlighted(messages) == ["Ho", "Er", "Ho", "Dy", "Cn", "Hg", "Cn", "Dy"]
        await pilot.press("home")
        assert grid.cursor == "H"
        await pilot.press("end")
        assert grid.cursor == "Og"
        await pilot.press("g")
        assert grid.cursor == "H"


async def test_highlighted_message_names_the_grid_as_its_control(mini: Briefing) -> None:
    messages: list[Message] = []
    app = GridApp(mini)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.press("right")
        await pilot.pause()
        message = next(
            m
            for m in messages
            if isinstance(m, ElementGrid.Highlighted) and isinstance(m.control, ElementGrid)
        )
        assert message.control is app.query_one(ElementGrid)


async def test_typing_a_symbol_jumps_to_it(mini: Briefing) -> None:
    messages: list[Message] = []
    app = GridApp(mini)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        grid = app.query_one(ElementGrid)
        await pilot.press("G", "a")
        assert grid.cursor == "Ga"
        await pilot.press("D", "y")
        assert grid.cursor == "Dy"
        # "g" after H makes mercury, not "go to the first element".
        await pilot.press("H", "g")
        assert grid.cursor == "Hg"
        await pilot.pause()
        assert highlighted(messages) == ["Ga", "Dy", "Hg"]


async def test_a_one_letter_symbol_jumps_after_a_pause(mini: Briefing) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(ElementGrid)
        await pilot.press("N")
        assert grid.cursor == "Dy"  # N could still become Nd, Na, Ne...
        await pilot.pause(element_grid.TYPING_PAUSE + 0.3)
        assert grid.cursor == "N"


async def test_a_one_letter_symbol_jumps_when_the_next_key_does_not_extend_it(
    mini: Briefing,
) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(ElementGrid)
        await pilot.press("H", "j")  # to H, then down
        assert grid.cursor == "Li"


async def test_a_double_click_posts_chosen(mini: Briefing) -> None:
    # Enter is the reader's own move into the links (``screen.enter_links``), done when
    # the key is handled; a double click tells whoever holds the grid.
    messages: list[Message] = []
    app = GridApp(mini)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        grid = app.query_one(ElementGrid)
        width = cell_width_for(grid.size.width)
        left = ElementGrid._left_margin(width, grid.size.width)
        holmium = next(e for e in ELEMENTS if e.symbol == "Ho")
        gutter = grid.content_region.offset - grid.region.offset
        offset = (gutter.x + left + (holmium.column - 1) * width + 1, gutter.y + holmium.row - 1)
        await pilot.double_click(grid, offset=offset)
        await pilot.pause()
        chosen = posted(messages, ElementGrid.Chosen)
        assert [m.item_id for m in chosen] == ["Ho"]  # type: ignore[attr-defined]
        assert chosen[0].control is grid


async def test_select_symbol_moves_the_cursor_and_ignores_unknown_symbols(mini: Briefing) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(80, 24)):
        grid = app.query_one(ElementGrid)
        grid.select_symbol("nd")
        assert grid.cursor == "Nd"
        grid.select_symbol("Xx")
        assert grid.cursor == "Nd"


async def test_clicking_a_cell_selects_it(mini: Briefing) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(ElementGrid)
        width = cell_width_for(grid.size.width)
        left = grid.content_region.x - grid.region.x + (grid.size.width - 18 * width) // 2
        # Helium: row 1, column 18.
        await pilot.click(ElementGrid, offset=(left + 17 * width, 1))
        assert grid.cursor == "He"


async def test_changing_as_of_changes_the_glyphs(mini: Briefing) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(ElementGrid)
        assert "Ho○" in grid_text(app)  # lifted on the briefing's date, 2025-11-10
        assert "Controls as of 10 Nov 2025: 2 elements" in grid_text(app)
        grid.as_of = day("2025-11-08")
        await pilot.pause()
        assert "Ho●" in grid_text(app)
        assert "Controls as of 8 Nov 2025: 3 elements" in grid_text(app)
        grid.as_of = day("2025-01-01")
        await pilot.pause()
        text = grid_text(app)
        assert "Dy◌" in text and "Tb◌" in text and "Ho◌" in text
        assert "●" not in text.split("\n", 2)[2]  # no cell shows a control; only the legend
        assert "Controls as of 1 Jan 2025: none" in text


async def test_the_drawn_grid_follows_the_cursor_and_the_theme(mini: Briefing) -> None:
    app = GridApp(mini)
    for theme in THEMES:
        app.register_theme(theme)
    app.theme = "dark"
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(ElementGrid)
        grid.focus()
        await pilot.pause()
        assert cell_style(app, "Dy").reverse  # the cursor, focused
        assert not cell_style(app, "He").reverse
        grid.cursor = "He"
        await pilot.pause()
        assert cell_style(app, "He").reverse
        assert not cell_style(app, "Dy").reverse
        dark = cell_style(app, "Dy").color
        app.theme = "light"
        await pilot.pause()
        assert cell_style(app, "Dy").color != dark


@pytest.mark.parametrize(("size", "cell"), [((80, 24), "Dy●"), ((120, 40), "66Dy●")])
async def test_wide_grids_show_atomic_numbers(
    mini: Briefing, size: tuple[int, int], cell: str
) -> None:
    app = GridApp(mini)
    async with app.run_test(size=size):
        text = grid_text(app)
        assert cell in text
        assert ("57La" in text) is (size[0] >= 110)
        rows = text.split("\n")
        # La sits under the group-3 marker of period 6.
        assert rows[5].index("*") == rows[8].index("La")


def test_cell_width_follows_the_space_available() -> None:
    assert cell_width_for(78) == 4
    assert cell_width_for(60) == 3
    assert cell_width_for(110) == 6
    assert cell_width_for(130) == 7


async def test_a_briefing_without_elements_still_shows_a_table(mini: Briefing) -> None:
    app = GridApp(replace(mini, elements=[]))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "This briefing discusses no elements" in grid_text(app)
        await pilot.press("right")
        assert app.query_one(ElementGrid).cursor == "He"


async def test_detail_shows_controls_events_and_status(mini: Briefing) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(120, 40)):
        detail = app.query_one(ElementDetail)
        dysprosium = described(detail, "Dy", day("2025-11-10"))
        assert "Dysprosium" in dysprosium
        assert "Element 66 · period 6 · lanthanide" in dysprosium
        assert "Category: heavy rare earth" in dysprosium
        assert "Uses: magnets, motors" in dysprosium
        assert "Export licence required" in dysprosium
        assert "since 4 Apr 2025 · in force" in dysprosium
        assert "Licences required for Dy and Tb" in dysprosium
        holmium = described(detail, "Ho", day("2025-11-10"))
        assert "from 8 Nov 2025 until 10 Nov 2025 · no longer in force" in holmium
        assert "not yet in force" in described(detail, "Ho", day("2025-10-01"))
        iron = described(detail, "Fe", day("2025-11-10"))
        assert "Not discussed in this briefing." in iron


async def test_detail_follows_the_cursor(mini: Briefing) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = app.query_one(ElementDetail)
        assert detail.item_id == "Dy"
        await pilot.press("left")
        await pilot.pause()
        assert detail.item_id == "Tb"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_grid_snapshot(snap_compare, mini: Briefing, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(GridApp(mini), terminal_size=size)


async def test_the_category_legend_wraps_to_the_width(mini: Briefing) -> None:
    app = GridApp(mini)
    async with app.run_test(size=(58, 24)):
        grid = app.query_one(ElementGrid)
        lines = grid_text(app).split("\n")
        assert len(lines) == 12  # ten table rows and the legend on two lines
        assert all(len(line) <= grid.size.width for line in lines)
        assert grid.size.height == 12
        assert "other critical" in lines[-1]


def test_every_binding_has_an_id_and_a_description() -> None:
    for binding in ElementGrid.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.id and binding.description


def test_the_grid_logic_does_not_import_textual() -> None:
    code = "import sys, briefing.core.grid; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_hostile_text_in_the_detail_is_shown_not_obeyed() -> None:
    hostile = load_briefing(Path(__file__).parent / "data" / "hostile.yaml")
    app = GridApp(hostile)
    async with app.run_test(size=(120, 40)):
        text = described(app.query_one(ElementDetail), "Dy", hostile.as_of_date)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "␛" in text  # the escape is made visible
        assert "[red]motors[/red]" in text  # brackets stay text, not markup
        assert "[bold]required[/]" in text
