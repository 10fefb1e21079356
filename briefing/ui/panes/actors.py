"""The actors pane: every actor, grouped by kind; ``f`` filters by the selected one."""

from __future__ import annotations

from briefing.core.involves import Kind, Subject
from briefing.ui.panes.base import Pane
from briefing.ui.widgets.actors import ActorList


class ActorsPane(Pane[ActorList]):
    """People and organisations; the filter does not narrow this list."""

    FILTERS = True
    ITEMS = "actors"

    def fill(self) -> None:
        self.list.show_actors(self.briefing)

    def filter_subject(self) -> Subject | None:
        actor_id = self.selected_id
        return Subject(Kind.ACTOR, actor_id) if actor_id is not None else None
