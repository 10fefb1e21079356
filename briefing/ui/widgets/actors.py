"""The actors pane's list: actors grouped by kind, each with its role."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.content import Content

from briefing.core.model import Actor, ActorKind, Briefing
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import HEADING, KEY, KEY_MARK, MUTED, key_note, line
from briefing.ui.widgets.item_list import ItemList, Row, text_row

KIND_TITLES = {
    ActorKind.PERSON: "People",
    ActorKind.GOVERNMENT: "Governments",
    ActorKind.AGENCY: "Agencies",
    ActorKind.COMPANY: "Companies",
    ActorKind.ORGANISATION: "Organisations",
    ActorKind.THINK_TANK: "Think tanks",
    ActorKind.MEDIA: "Media",
    ActorKind.COUNTRY: "Countries",
    ActorKind.GROUP: "Groups",
}


def actor_prompt(actor: Actor, spoken: bool = False) -> Content:
    """``★ Name  role``: the actor's row in the list; ``spoken`` (for screen readers)
    ``Name, role, key actor``."""
    if spoken:
        return Content.assemble(
            line(actor.name, "bold" if actor.key else ""),
            Content.assemble((", ", MUTED), line(actor.role, MUTED)) if actor.role else "",
            Content.assemble(", ", key_note("key actor", spoken=True)) if actor.key else "",
        )
    mark = (f"{KEY_MARK} ", KEY) if actor.key else "  "
    name = line(actor.name, "bold" if actor.key else "")
    if actor.role:
        return Content.assemble(mark, name, ("  ", ""), line(actor.role, MUTED))
    return Content.assemble(mark, name)


def grouped_actor_rows(briefing: Briefing, spoken: bool = False) -> Iterator[Row]:
    """A disabled heading per kind (in the order of ``ActorKind``), then its actors by name
    (their rows ``spoken`` for screen readers)."""
    by_kind: dict[ActorKind, list[Actor]] = {kind: [] for kind in ActorKind}
    for actor in briefing.actors:  # one pass, not one per kind
        by_kind[actor.kind].append(actor)
    for kind, actors in by_kind.items():
        if not actors:
            continue
        actors.sort(key=lambda actor: actor.name.casefold())
        heading = Content.assemble((KIND_TITLES[kind], HEADING), (f" ({len(actors)})", MUTED))
        yield text_row(None, heading)
        for actor in actors:
            yield Row(actor.id, partial(actor_prompt, actor, spoken))


class ActorList(ItemList):
    """Every actor, grouped by kind; the highlighted one is shown in the actor detail."""

    BINDING_GROUP_TITLE = "Actors"

    def show_actors(self, briefing: Briefing, keep: str | None = None) -> None:
        """List every actor of ``briefing``, grouped by kind."""
        self.replace_rows(grouped_actor_rows(briefing, screen_reader_on(self)), keep)
