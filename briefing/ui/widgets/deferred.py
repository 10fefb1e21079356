"""A widget mounted in its place just after the first frame, so that frame comes sooner."""

from __future__ import annotations

from textual.widget import Widget


class Deferred(Widget):
    """Holds ``widget`` (and what is composed into it) until the first frame is drawn.

    Like Textual's ``Lazy``, but when the reader quits before that frame, as when ``q`` is
    pressed the moment it starts, the widget is dropped instead of raising ``MountError``.
    The reader's stylesheet (``themes/app.tcss``) hides it until then, as the app's other
    styles live there too.
    """

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.deferred = widget

    def compose_add_child(self, widget: Widget) -> None:
        """Children composed into the placeholder go to the deferred widget."""
        self.deferred.compose_add_child(widget)

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        """Mount the deferred widget in the placeholder's place after the next refresh, instead
        of now; nothing when the screen is being taken down by then."""
        self.call_after_refresh(self._mount_in_place)

    async def _mount_in_place(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.is_attached:
            return  # the screen is already being taken down
        await parent.mount(self.deferred, after=self)
        await self.remove()
