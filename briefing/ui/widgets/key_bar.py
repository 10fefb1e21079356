"""The bottom line: the keys that matter where the focus is, drawn as one line of text.

A lighter stand-in for Textual's Footer, which builds a widget per key: this one is a single
Static, so it costs next to nothing at start and when the focus moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
DISABLED_STYLE = "$text-disabled"


class KeyBar(Static):
    """The keys of the screen on top: a search or help over the reader shows its own keys."""

    def on_mount(self) -> None:
        self._watched: Screen[object] | None = None
        self.app.screen_change_signal.subscribe(self, self._watch)
        self._watch(self.screen)  # in the first frame already

    def on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)
        if self._watched is not None:
            self._watched.bindings_updated_signal.unsubscribe(self)

    def _watch(self, screen: Screen[object]) -> None:
        if not self.is_attached:
            return
        if screen is not self._watched:
            if self._watched is not None:
                self._watched.bindings_updated_signal.unsubscribe(self)
            self._watched = screen
            screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self._watched:
            line = self.describe(screen)
            if _same(self.content, line):
                return  # the same keys: drawing the bar again would change nothing
            # Always one line, whatever it says: nothing else moves.
            self.update(line, layout=False)

    def describe(self, screen: Screen[object]) -> Content:
        """The key bar's line for ``screen``: the keys that act there (only the screen's own over
        another screen), then the palette's key at the right end."""
        app = self.app
        # Over another screen only that screen's own keys apply: its text field takes q and ?.
        own_keys_only = screen is not self.screen
        palette_key = app.COMMAND_PALETTE_BINDING
        keys: list[Content] = []
        seen: set[str] = set()
        palette: Content | None = None
        for key, binding, enabled in self._bindings_of(screen, own_keys_only):
            if key == palette_key and app.ENABLE_COMMAND_PALETTE:
                palette = self._key(key, app.get_key_display(binding), "palette", enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(self._key(key, app.get_key_display(binding), binding.description, enabled))
        line = Content(" ").join(keys)
        if palette is not None:
            # Before the first layout the bar has no size yet; it spans the terminal.
            width = self.size.width or self.app.size.width
            gap = max(1, width - line.cell_length - palette.cell_length)
            line = Content.assemble(line, " " * gap, palette)
        return line

    @staticmethod
    def _bindings_of(screen: Screen[object], own_only: bool) -> Iterator[tuple[str, Binding, bool]]:
        """(key, binding, enabled) for every key in force, or only for the screen's own keys.

        The screen's own are read from its class: in the active bindings its text field's
        Enter would hide the screen's. As Textual does for active bindings, the screen's
        ``check_action`` hides a key (False) or shows it turned off (None).
        """
        if not own_only:
            for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
                yield key, binding, enabled
            return
        for binding in Binding.make_bindings(type(screen).BINDINGS):
            _namespace, name, parameters = parse_action(binding.action)
            allowed = screen.check_action(name, parameters)
            if allowed is not False:
                yield binding.key, binding, allowed is True

    @staticmethod
    def _key(key: str, display: str, description: str, enabled: bool) -> Content:
        return _key_label(key, display, description, enabled)

    def on_resize(self) -> None:
        if self._watched is not None:
            self._bindings_changed(self._watched)


def _same(shown: object, line: Content) -> bool:
    # Content's == compares the text only; a key turned off changes only its style.
    return isinstance(shown, Content) and (shown.plain, shown.spans) == (line.plain, line.spans)


@lru_cache(maxsize=256)
def _key_label(key: str, display: str, description: str, enabled: bool) -> Content:
    # Kept: the bar is redrawn each time the focus moves, and parsing the click markup
    # for every key took a couple of milliseconds of start-up.
    # Only key names and the app's own descriptions go in here, never briefing text.
    tag = Content.from_markup(f"[@click=app.simulate_key('{key}')] {display} [/]")
    tag = tag.stylize(KEY_STYLE if enabled else DISABLED_STYLE)
    return Content.assemble(tag, (description, DESCRIPTION_STYLE if enabled else DISABLED_STYLE))
