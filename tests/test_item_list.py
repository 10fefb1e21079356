"""The line-based list measures rows that wrap exactly as it draws them."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.geometry import Size

from briefing.ui.hanging import hang
from briefing.ui.widgets.item_list import ItemList, text_row

TEXTS = [
    "a" * 10,
    "a" * 11,
    "word " * 5,
    "word word  ",
    "日本語" * 3,
    "tab\there",
    "two\nlines",
    "x" * 30,
    "  indented text that goes on",
    "→ Dy Dysprosium  element",
]


@pytest.mark.parametrize("width", [4, 8, 9, 10, 11, 12, 20, 40])
def test_a_list_is_as_tall_as_its_rows_wrapped(width: int) -> None:
    """Rows that fit are counted as one line without being wrapped; the height must be
    the lines the rows are drawn in, whichever way they were counted."""
    rows = ItemList()
    rows.replace_rows(text_row(str(n), Content(text), height=0) for n, text in enumerate(TEXTS))
    drawn = sum(len(hang(Content(text), width, 2)) for text in TEXTS)
    assert rows.get_content_height(Size(width, 10), Size(width, 10), width) == drawn
