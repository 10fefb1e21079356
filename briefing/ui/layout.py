"""When the panes show together, and when one at a time."""

from __future__ import annotations

FOUR_PANES_WIDTH = 120
"""From this width, and ``FOUR_PANES_HEIGHT``, the panes show together."""
FOUR_PANES_HEIGHT = 36
"""Below this height the top panes would leave the element detail a line or two, and the
bottom ones a few lines each: the panes then show one at a time."""


def four_panes_fit(width: int, height: int) -> bool:
    """Whether a terminal of ``width`` x ``height`` cells shows the panes together."""
    return width >= FOUR_PANES_WIDTH and height >= FOUR_PANES_HEIGHT
