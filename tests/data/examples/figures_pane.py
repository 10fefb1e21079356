"""A new pane, as the development notes show it: the briefing's figures.

A pane is three classes (its list, its detail, the pane) and one row of the pane table,
which says where it stands when the panes show together.
This file is checked with ``mypy --strict`` by ``tests/test_examples.py``.
"""

from __future__ import annotations

from functools import partial

from textual.content import Content

from briefing.core.involves import Kind
from briefing.core.model import Briefing, Figure
from briefing.ui.format import HEADING, MUTED, line
from briefing.ui.layout import GridPlace
from briefing.ui.links import actor_link, element_link
from briefing.ui.panes.base import Pane, PaneSpec
from briefing.ui.widgets.detail import Detail, DetailView
from briefing.ui.widgets.item_list import ItemList, Row


def figure_prompt(figure: Figure) -> Content:
    """``value  label``: a figure's row in the list (briefing text only through ``line``)."""
    return Content.assemble(line(figure.value, "bold"), "  ", line(figure.label, MUTED))


class FigureList(ItemList):
    """The list: an ``ItemList`` meets the pane-list protocol (``PaneList``) already."""

    def show_figures(self, figures: list[Figure]) -> None:
        self.replace_rows(Row(figure.id, partial(figure_prompt, figure)) for figure in figures)


class FigureDetail(Detail):
    """The detail: what the figure says, links to what it measures, its source."""

    def describe(self, item_id: str) -> DetailView | None:
        figure = next((f for f in self.briefing.figures if f.id == item_id), None)
        if figure is None:
            return None
        text = Content("\n").join([line(figure.value, HEADING), line(figure.label)])
        links = [element_link(symbol) for symbol in figure.elements]
        links += [
            link
            for actor_id in figure.actors
            if (link := actor_link(self.briefing, actor_id, "measured")) is not None
        ]
        return DetailView(text, links, [figure.source])


class FiguresPane(Pane[FigureList]):
    """The pane, generic over its list: ``self.list`` is a ``FigureList``, no cast."""

    ITEMS = "figures"

    @classmethod
    def shown_for(cls, briefing: Briefing) -> bool:
        return bool(briefing.figures)

    def fill(self) -> None:
        self.list.show_figures(list(self.briefing.figures))


FIGURES = PaneSpec(
    key="5",
    name="figures",
    title="Figures",
    kind=Kind.FIGURE,
    pane=FiguresPane,
    list=FigureList,
    detail=FigureDetail,
    section="figures",
    help="Numbers the briefing reports, each with its source.",
    place=GridPlace(row=1),  # the bottom row: it shares with the actors what the quotes leave
)
"""The row to add to ``PANES`` in ``briefing/ui/panes/table.py``."""
