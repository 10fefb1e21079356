"""Rich's Markdown drawn in the reader's theme.

Rich styles Markdown by name (``markdown.h2`` and so on, ``rich.default_styles``) with
terminal colours such as magenta and cyan, chosen for no background in particular: on the
reader's themes some fall below readable contrast. These map each name to a colour of the
reader's theme instead, which is chosen to read on its backgrounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.style import Style
from rich.theme import Theme
from textual.color import Color

if TYPE_CHECKING:
    pass


def markdown_theme(variables: Mapping[str, str]) -> Theme:
    """Rich's Markdown style names, in the colours of a theme's CSS variables
    (``App.get_css_variables()``: ``primary``, ``secondary``, ``accent``, ``foreground``,
    ``panel`` as colour strings). Styles Rich leaves uncoloured are left as Rich has them."""

    def color(name: str) -> str:
        return Color.parse(variables[name]).rich_color.name

    primary, secondary, accent = color("primary"), color("secondary"), color("accent")
    text, panel = color("foreground"), color("panel")
    return Theme(
        {
            "markdown.code": Style(bold=True, color=text, bgcolor=panel),
            "markdown.code_block": Style(color=text, bgcolor=panel),
            "markdown.block_quote": Style(color=secondary),
            "markdown.list": Style(color=secondary),
            "markdown.item.number": Style(color=secondary),
            "markdown.h2": Style(color=primary, bold=True, underline=True),
            "markdown.h3": Style(color=primary, bold=True),
            "markdown.h4": Style(color=primary, italic=True),
            "markdown.link": Style(color=primary),
            "markdown.link_url": Style(color=secondary, underline=True),
            "markdown.table.border": Style(color=secondary),
            "markdown.table.header": Style(color=text, bold=True),
            "markdown.kbd": Style(color=accent, bold=True),
        },
        inherit=True,
    )
