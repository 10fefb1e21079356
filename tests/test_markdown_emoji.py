"""Text stays text under GitHub-flavoured renderers: ``:name:`` never becomes an emoji.

GitHub and pandoc's ``gfm`` reader turn emoji shortcodes into pictures, so "a ratio of
1:100:1000" would read "a ratio of 1💯1000". The brief and ``diff`` escape them.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from diff_support import MINI, Data, changed, item

from briefing.core.diff import diff_briefings, diff_markdown
from briefing.core.export import Budget, build_brief
from briefing.core.export.escaping import escape
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(
    PANDOC is None,
    reason="needs pandoc to render GitHub-flavoured Markdown (Debian: apt-get install pandoc)",
)
ROOMY = Budget(words=100_000, lines=100_000, table_rows=100)

# Each a shortcode GitHub knows, in the places a briefing's text can put one.
TEXTS = {
    "key point": "Magnets need a ratio of 1:100:1000 of the three oxides.",
    "event": "Licences :fire: for Dy and Tb",
    "figure": "Share at :+1: and :-1: in the tally",
    "actor": "Ministry:smile:of Commerce",
    "quote": "Talks were :thumbsup:constructive:tada:",
    "source": "Rare earths:rocket:",
}


def with_shortcodes(data: Data) -> None:
    data["key_points"][0]["text"] = TEXTS["key point"]
    item(data, "events", "april-controls")["title"] = TEXTS["event"]
    data["figures"][0]["label"] = TEXTS["figure"]
    item(data, "actors", "ministry")["name"] = TEXTS["actor"]
    data["quotes"][0]["text"] = TEXTS["quote"]
    data["sources"][0]["title"] = TEXTS["source"]


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def gfm_text(markdown: str) -> str:
    """What pandoc's GitHub-flavoured reader makes of ``markdown``, as plain text on one line."""
    assert PANDOC is not None
    result = subprocess.run(
        [PANDOC, "-f", "gfm", "-t", "plain", "--wrap=none"],
        input=markdown,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return " ".join(result.stdout.split())


def test_a_colon_that_could_open_a_shortcode_is_escaped() -> None:
    assert escape("1:100:1000") == "1\\:100\\:1000"
    assert escape("a :fire: b") == "a \\:fire: b"
    assert escape("ends in :fire") == "ends in \\:fire"  # the next piece could close it
    # Colons that cannot open one stay as they are.
    assert escape("Note: one, two") == "Note: one, two"
    assert escape("https://example.com") == "https:\\//example.com"


@needs_pandoc
def test_the_brief_keeps_its_words_under_gfm(mini: Briefing) -> None:
    markdown = build_brief(changed(mini, with_shortcodes), budget=ROOMY).markdown
    shown = gfm_text(markdown)
    for kind, text in TEXTS.items():
        assert text in shown, kind
    assert "💯" not in shown and "🔥" not in shown


@needs_pandoc
def test_diff_keeps_its_words_under_gfm(mini: Briefing) -> None:
    new = changed(mini, with_shortcodes)
    shown = gfm_text(diff_markdown(diff_briefings(mini, new), "old:fire:.yaml", "new.yaml"))
    for kind in ("event", "actor", "quote", "source"):
        for word in TEXTS[kind].split():
            assert word in shown, kind
    assert "old:fire:.yaml" in shown
    assert "1:100:1000" in shown
    assert "🔥" not in shown and "💯" not in shown
