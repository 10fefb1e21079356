"""Text whose wrapped lines are indented under the text, not sent back to the margin."""

from __future__ import annotations

from dataclasses import replace

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions


def hang(content: Content, width: int, indent: int, first: int | None = None) -> list[Content]:
    """``content`` wrapped to ``width``, each line's continuations ``indent`` cells further in.

    A line that starts with spaces keeps them and its continuations go ``indent`` past them,
    so a second line such as ``  field: text`` wraps under its own text. ``first``, when
    given, is the column the first line's continuations start at instead.
    """
    lines: list[Content] = []
    for number, paragraph in enumerate(content.split("\n", allow_blank=True)):
        plain = paragraph.plain
        lead = len(plain) - len(plain.lstrip(" "))
        step = first if number == 0 and first is not None else lead + indent
        # Never indent so far that the continuation has no room left.
        step = min(step, max(width // 2, 0))
        opening, *more = paragraph.wrap(width) or [paragraph]
        lines.append(opening)
        if not more:
            continue
        rest = paragraph.divide([len(opening.plain)])[1]
        rest = rest.divide([len(rest.plain) - len(rest.plain.lstrip(" "))])[-1]
        lines.extend(Content(" " * step) + part for part in rest.wrap(max(width - step, 1)))
    return lines


class Hanging(Content):
    """Content that wraps with a hanging indent; unwrapped (``text-wrap: nowrap``) it is as is.

    Being ``Content`` it still has the text and spans; only the way it wraps differs.
    """

    def __init__(self, content: Content, indent: int = 2, first: int | None = None) -> None:
        super().__init__(content.plain, list(content.spans), content.cell_length)
        self.indent = indent
        self.first = first
        """Where the first line's continuations start, if not ``indent`` past its spaces."""
        self._wrap_cache: tuple[int, Content] | None = None

    def _wrapped(self, width: int) -> Content:
        if self._wrap_cache is None or self._wrap_cache[0] != width:
            plain = Content(self.plain, list(self.spans), self.cell_length)
            self._wrap_cache = (
                width,
                Content("\n").join(hang(plain, width, self.indent, self.first)),
            )
        return self._wrap_cache[1]

    @staticmethod
    def _wraps(rules: RulesMap) -> bool:
        return rules.get("text_wrap", "wrap") != "nowrap"

    def get_height(self, rules: RulesMap, width: int) -> int:
        if not self._wraps(rules) or width <= 0:
            return super().get_height(rules, width)
        # Every wrapped line fits the width: wrapping them again to count them is wasted.
        return self._wrapped(width).plain.count("\n") + 1

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if not self._wraps(options.rules) or width <= 0:
            return super().render_strips(width, height, style, options)
        # Selection offsets refer to the unwrapped text, so the indented copy is not selected.
        unselected = replace(options, selection=None, selection_style=None)
        return self._wrapped(width).render_strips(width, height, style, unselected)
