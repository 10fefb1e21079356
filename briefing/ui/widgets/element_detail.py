"""What the briefing says about one element: category, uses, controls, and links to the
events, quotes and actors that involve it."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content

from briefing.core.dates import PartialDate
from briefing.core.grid import ControlStatus, control_state
from briefing.core.involves import Kind, Subject, involving
from briefing.core.model import Briefing, Control
from briefing.core.periodic import LANTHANIDE_ROW, lookup
from briefing.core.text import sanitize_line
from briefing.ui.cursor import screen_reader_on
from briefing.ui.glyphs import GLYPHS
from briefing.ui.links import Link, actor_link, event_links, quote_links
from briefing.ui.widgets.detail import Detail, DetailView

_CONTROL_CLASSES = {
    ControlStatus.IN_FORCE: "element-detail--controlled",
    ControlStatus.SCHEDULED: "element-detail--scheduled",
    ControlStatus.LIFTED: "element-detail--lifted",
}


class ElementDetail(Detail):
    """The selected element's facts and controls as of a date, with links to what involves it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "element-detail--symbol",
        "element-detail--name",
        "element-detail--heading",
        "element-detail--label",
        "element-detail--muted",
        "element-detail--controlled",
        "element-detail--scheduled",
        "element-detail--lifted",
    }

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(briefing, id=id)
        self.as_of = briefing.as_of_date
        """Controls are described as they stood on this date."""

    def show_as_of(self, as_of: PartialDate) -> None:
        """Describe the controls as of ``as_of`` from now on."""
        if as_of != self.as_of:
            self.as_of = as_of
            if self.item_id is not None:
                self.update_text(self.describe_text(self.item_id))

    def describe(self, item_id: str) -> DetailView | None:
        info = lookup(item_id)
        if info is None:
            return None
        element = self.briefing.element(info.symbol)
        sources = list(element.sources) if element is not None else []
        return DetailView(self.describe_text(info.symbol), self._links(info.symbol), sources)

    def _links(self, symbol: str) -> list[Link]:
        involved = involving(self.briefing, Subject(Kind.ELEMENT, symbol))
        links = event_links(self.briefing, involved.event_ids)
        links += quote_links(self.briefing, involved.quote_ids)
        for actor_id in involved.actors:
            if (link := actor_link(self.briefing, actor_id, "involved")) is not None:
                links.append(link)
        return links

    def describe_text(self, symbol: str) -> Content:
        """The element's facts and controls, as one Content of several lines."""
        info = lookup(symbol)
        assert info is not None
        as_of = self.as_of
        element = self.briefing.element(info.symbol)
        if info.group is not None:
            place = f"group {info.group}"
        else:
            place = "lanthanide" if info.row == LANTHANIDE_ROW else "actinide"
        lines: list[Content] = [
            Content.assemble(
                (info.symbol, self._style("element-detail--symbol")),
                "  ",
                (info.name, self._style("element-detail--name")),
            ),
            self._muted(f"Element {info.number} · period {info.period} · {place}"),
        ]
        if element is None:
            lines.append(self._muted("Not discussed in this briefing."))
        else:
            if element.category:
                lines.append(self._field("Category", element.category.replace("-", " ")))
            if element.uses:
                lines.append(self._field("Uses", ", ".join(element.uses)))
            if element.note:
                lines.append(self._field("Note", element.note))
            if self.briefing.has_controls:
                lines.extend(self._controls(element.controls, as_of))
        return Content("\n").join(lines)

    def _style(self, component: str) -> str:
        # Named, not resolved: the body looks the style up when it draws, so a change of
        # theme recolours text that is already shown.
        return f".{component}"

    def _muted(self, text: str) -> Content:
        return Content.styled(text, self._style("element-detail--muted"))

    def _heading(self, text: str) -> list[Content]:
        return [Content(""), Content.styled(text, self._style("element-detail--heading"))]

    def _field(self, label: str, text: str) -> Content:
        return Content.assemble(
            (f"{label}: ", self._style("element-detail--label")), sanitize_line(text)
        )

    def _controls(self, controls: list[Control], as_of: PartialDate) -> list[Content]:
        if not controls:
            return [*self._heading("Controls"), self._muted("No controls recorded.")]
        lines = self._heading(f"Controls as of {as_of.human()}")
        sources_date = self.briefing.as_of_date
        for control in controls:
            state = control_state(control, as_of, as_of=sources_date)
            if state is ControlStatus.IN_FORCE:
                verdict = "in force"
            elif state is ControlStatus.SCHEDULED:
                verdict = "not yet in force"
            else:
                verdict = "no longer in force"
            period = f"since {control.since.human()}"
            if control.until is not None:
                period = f"from {control.since.human()} until {control.until.human()}"
            # The status is in words on the next line: a screen reader skips its glyph.
            glyph = "" if screen_reader_on(self) else GLYPHS.status[state]
            lines.append(
                Content.assemble(
                    (glyph, self._style(_CONTROL_CLASSES[state])),
                    " " if glyph else "",
                    sanitize_line(control.measure),
                )
            )
            lines.append(
                Content.assemble(f"  {period} · ", (verdict, self._style(_CONTROL_CLASSES[state])))
            )
            if control.starts_after(sources_date):
                lines.append(
                    self._muted(
                        f"  due after the briefing (as of {sources_date.human()}): not confirmed"
                    )
                )
            event = self.briefing.event(control.event) if control.event else None
            if event is not None:
                lines.append(
                    self._muted(f"  by: {sanitize_line(event.title)} ({event.date.human()})")
                )
        return lines
