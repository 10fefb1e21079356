"""Display width: what a briefing holds never shifts a row.

Terminals disagree on the width of some emoji sequences: one that knows the sequence draws
it as one emoji, one that does not draws each part. The text shown keeps to sequences whose
width is the same either way: the sum of its characters' own widths.
"""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len
from ui_support import MINI, WIDE, ready

from briefing.core.loader import load_bytes
from briefing.core.text import sanitize, sanitize_line
from briefing.ui.app import BriefingApp


def drawn_apart(text: str) -> int:
    """Cells a terminal that knows no emoji sequence draws ``text`` in: each character in
    its own width, as wcwidth gives it (two for wide ones, none for marks and formats)."""
    width = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


SEQUENCES = {
    "emoji presentation": "\u26a0\ufe0f Warning",
    "text presentation": "\u2764\ufe0e love",
    "keycap": "#\ufe0f\u20e3 1\ufe0f\u20e3",
    "zwj family": "\U0001f468\u200d\U0001f469\u200d\U0001f467 family",
    "zwj profession": "\U0001f468\u200d\U0001f4bb coder",
    "zwj with gender sign": "\U0001f3c3\u200d\u2640\ufe0f runner",
    "zwj eye in bubble": "\U0001f441\ufe0f\u200d\U0001f5e8\ufe0f eye",
    "skin tone": "\U0001f44d\U0001f3fd thumbs",
    "skin tone in zwj": "\U0001f469\U0001f3fe\u200d\U0001f52c scientist",
    "flag": "\U0001f1fa\U0001f1f8 \U0001f1ef\U0001f1f5 flags",
    "lone regional indicator": "\U0001f1fa alone",
    "tag flag": "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f wales",
}


@pytest.mark.parametrize("text", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_shown_text_has_the_same_width_drawn_whole_or_apart(text: str) -> None:
    # Rich (and so Textual) counts a sequence it knows as one emoji.
    for shown in (sanitize(text), sanitize_line(text)):
        assert cell_len(shown) == drawn_apart(shown), ascii(shown)
        assert "\ufe0f" not in shown and "\ufe0e" not in shown


def test_the_rule_keeps_what_terminals_agree_on() -> None:
    # Flags: two letters or one flag, two cells either way, so they stay.
    assert sanitize("\U0001f1fa\U0001f1f8") == "\U0001f1fa\U0001f1f8"
    # A ZWJ sequence is broken into its emoji; a skin tone is dropped.
    assert sanitize("\U0001f468\u200d\U0001f4bb") == "\U0001f468\U0001f4bb"
    assert sanitize("\U0001f44d\U0001f3fd") == "\U0001f44d"
    # Joiners in scripts that need them for shaping are left alone (zero width anyway).
    malayalam = "\u0d28\u0d4d\u200d"
    assert sanitize(malayalam) == malayalam
    persian = "\u0645\u200d"
    assert sanitize(persian) == persian


async def test_no_row_of_the_reader_shifts(tmp_path) -> None:
    title = " ".join(SEQUENCES.values())
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("title: Talks in May", f'title: "{title}"', 1)
    text = text.replace(
        "summary: Officials met during the month.", f'summary: "{title} Officials met."', 1
    )
    briefing = load_bytes(text.encode(), "mini")
    app = BriefingApp(briefing, theme="dark")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.screen.panes["timeline"].select("may-talks")
        await pilot.pause()
        checked = 0
        for name in ("timeline-list", "timeline-detail", "elements-list"):
            widget = app.screen.query_one(f"#{name}")
            widths = set()
            for y in range(widget.size.height):
                row = "".join(segment.text for segment in widget.render_line(y))
                assert cell_len(row) == drawn_apart(row), (name, y, row)
                widths.add(cell_len(row))
                checked += 1
            assert len(widths) == 1, name
        assert checked > 20
