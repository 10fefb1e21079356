"""Text whose wrapped lines are indented under the text, not sent back to the margin."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from briefing.ui.hanging import hang


class HangingText(Widget):
    """Lines of ``Content`` wrapped with a hanging indent, drawn line by line.

    ``update(content, indent)``: each line's continuations start ``indent`` cells past its
    own leading spaces (``first``, when given, is where the first line's continue).
    """

    DEFAULT_CSS = """
    HangingText {
        height: auto;
    }
    """

    def __init__(
        self,
        content: Content | None = None,
        indent: int = 2,
        *,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.content = content or Content("")
        """The text shown, unwrapped."""
        self.indent = indent
        self.first: int | None = None
        self._wrapped: tuple[int, list[Content]] | None = None

    def update(self, content: Content | str, indent: int = 2, first: int | None = None) -> None:
        """Show ``content`` instead (a ``str`` is shown as plain text)."""
        self.content = Content(content) if isinstance(content, str) else content
        self.indent = indent
        self.first = first
        self._wrapped = None
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The text wrapped to ``width`` cells."""
        if self._wrapped is None or self._wrapped[0] != width:
            wrapped = hang(self.content, max(width, 1), self.indent, self.first)
            self._wrapped = (width, wrapped if self.content.plain else [])
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.visual_style
        lines = self.lines(width)
        if not 0 <= y < len(lines):
            return Strip.blank(width, base.rich_style)
        return Strip(lines[y].render_segments(base)).adjust_cell_length(width, base.rich_style)
