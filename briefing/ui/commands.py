"""The reader's entries in the command palette, next to Textual's own."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from briefing.ui.format import line
from briefing.ui.themes import THEME_NAMES


def highlighted(matcher: Matcher, title: str) -> Content:
    """``title`` as plain text (never markup), the letters the query matched highlighted."""
    content = line(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class BriefingCommands(Provider):
    """``pane: Timeline`` (one per pane of the pane table), ``theme: light``, ``search``,
    ``export``, ``help``, ``filter: clear``, ``back``."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from briefing.ui.screens.main import MainScreen

        app = self.app
        main = MainScreen.of(app)
        commands: list[tuple[str, Callable[[], object], str]] = []
        if main is not None:
            for spec in main.specs:
                go = partial(main.action_show_pane, spec.name)
                commands.append((f"pane: {spec.title}", go, f"Go to {spec.title} ({spec.key})"))
            commands.append(("search", main.action_search, "Search the whole briefing (/)"))
            commands.append(
                ("filter: clear", main.action_clear_filter, "Show every event and quote (Esc)")
            )
            commands.append(("back", main.action_back, "Back where you were (Backspace)"))
            commands.append(("forward", main.action_forward, "Forward again (])"))
        for name in THEME_NAMES:
            commands.append(
                (f"theme: {name}", partial(setattr, app, "theme", name), f"Use the {name} theme")
            )
        if getattr(app, "library", None) is not None:
            commands.append(
                ("library", partial(app.run_action, "library"), "Back to the list of briefings (0)")
            )
        if main is not None:
            commands.append(("export", partial(app.run_action, "export"), "Export a brief (e)"))
        commands.append(
            (
                "mark all as read",
                partial(app.run_action, "mark_read"),
                "Count everything as read: no item is marked new or changed",
            )
        )
        commands.append(("help", partial(app.run_action, "help"), "Every key, by pane (?)"))
        return commands

    async def discover(self) -> Hits:
        """Every reader command, for the palette before anything is typed."""
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(line(title), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """The reader commands whose titles match ``query``, best first, with the matched letters
        highlighted."""
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlighted(matcher, title), callback, help=help_text)
