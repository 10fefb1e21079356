"""``?`` / F1: every key of the reader, grouped by where it works, read from the bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.core.bundled import data_dir
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import HEADING, KEY_MARK, MUTED
from briefing.ui.panes.base import PaneSpec
from briefing.ui.panes.table import PANES, filter_words
from briefing.ui.screens.export import ExportScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.search import SearchScreen
from briefing.ui.screens.source import SourceScreen
from briefing.ui.widgets.detail import Detail
from briefing.ui.widgets.hanging_text import HangingText
from briefing.ui.widgets.item_list import ItemList

KEYS_WIDTH = 18
# The palette's key is not a Binding of any class; it is listed with the reader's own.
PALETTE = Binding("ctrl+p", "command_palette", "Command palette: panes, themes, search, export")

_COUNTS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


def intro(panes: tuple[PaneSpec[Any], ...] = PANES, spoken: bool = False) -> str:
    """The help's first lines: the panes of the pane table, how they link, and how a key
    item is marked (in words when ``spoken``, for screen readers, as the rows are)."""
    count = _COUNTS[len(panes)] if len(panes) < len(_COUNTS) else str(len(panes))
    names = ", ".join(
        f"{spec.key} {spec.title}" + (f" ({spec.about})" if spec.about else "") for spec in panes
    )
    narrowed, _, by = filter_words(panes)
    return (
        f"{count} linked panes: {names}. "
        "Wide terminals show them together; narrow ones one at a time. Enter follows a link "
        f"to its item; f filters the {narrowed} by the selected {by}. "
        + (
            "A key item's row ends with the words key event, key actor or key quote."
            if spoken
            else f"{KEY_MARK} marks a key item."
        )
    )


def _declared(cls: type, *, inherited: bool = False) -> list[Binding]:
    """The Bindings a class declares (with ``inherited``, along its whole MRO)."""
    classes = [c for c in reversed(cls.__mro__) if "BINDINGS" in c.__dict__] if inherited else [cls]
    bindings: list[Binding] = []
    for declaring in classes:
        for item in declaring.__dict__.get("BINDINGS", []):
            bindings.extend(Binding.make_bindings([item]))
    return bindings


LIBRARY_INTRO = (
    "The library lists the folder's briefings, newest first: Enter opens one, and 0 "
    "comes back here from anywhere in it. A file that does not validate shows its first "
    "error and cannot be opened."
)


def binding_groups(
    app: App[object], current: str | None = None, *, library: bool = False
) -> list[tuple[str, list[Binding]]]:
    """What the help lists, in order: each group's title and its bindings.

    Made from the bindings and the pane table: with ``library`` (the library screen is
    shown) its keys first; then the ``current`` pane's group (a pane name), moving between
    panes, moving in lists, the other panes, links and the rest.
    """
    from briefing.ui.screens.library import LibraryScreen

    panes = [(spec.name, (spec.title, _declared(spec.list))) for spec in PANES]
    first = [group for name, group in panes if name == current]
    others = [group for name, group in panes if name != current]
    shelf = [("Library", [*_declared(LibraryScreen), *_declared(ItemList)])] if library else []
    return [
        *shelf,
        *first,
        (MainScreen.BINDING_GROUP_TITLE or "Panes", _declared(MainScreen)),
        ("Lists (every pane)", _list_bindings()),
        (Detail.BINDING_GROUP_TITLE or "Details", _declared(Detail)),
        *others,
        ("Reader", [*_reader_bindings(app), *_declared(App), PALETTE]),
        (SearchScreen.BINDING_GROUP_TITLE or "Search", _declared(SearchScreen)),
        ("Source (Enter on one)", _declared(SourceScreen)),
        (ExportScreen.BINDING_GROUP_TITLE or "Export", _declared(ExportScreen)),
    ]


def _reader_bindings(app: App[object]) -> list[Binding]:
    """The app's own keys; ``0`` only where there is a library to go back to."""
    library = getattr(app, "library", None) is not None
    return [b for b in _declared(type(app)) if library or b.action != "library"]


def _typed_keys(title: str) -> list[tuple[str, str]]:
    """Keys the list of the pane titled ``title`` reads itself (``PaneList.TYPED_KEYS``)."""
    return next((spec.list.TYPED_KEYS for spec in PANES if spec.title == title), [])


def _list_bindings() -> list[Binding]:
    return _declared(ItemList)


def _merged(app: App[object], bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(keys, description) per action, keys of the same action joined: ``↓ j``."""
    keys_by_action: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for binding in bindings:
        if not (binding.description or binding.tooltip):
            continue  # internal bindings, such as ctrl+c's hint on how to quit
        if binding.action not in keys_by_action:
            keys_by_action[binding.action] = []
            descriptions[binding.action] = binding.tooltip or binding.description
        elif not descriptions[binding.action] and binding.description:
            descriptions[binding.action] = binding.description
        display = app.get_key_display(binding)
        if display not in keys_by_action[binding.action]:
            keys_by_action[binding.action].append(display)
    rows = [(" ".join(keys), descriptions[action]) for action, keys in keys_by_action.items()]
    # One key may run different actions where it applies (f filters, or says where it
    # does); when they read the same, help lists the key once.
    return list(dict.fromkeys(rows))


def help_content(app: App[object], current: str | None = None, *, library: bool = False) -> Content:
    """The keys, a group under each heading (the library's, with ``library``, then the
    ``current`` pane's first); a long description wraps under itself when shown with a
    hanging indent of ``KEYS_WIDTH``."""
    lines: list[Content] = []
    about = {spec.title: spec.help for spec in PANES}
    for title, bindings in binding_groups(app, current, library=library):
        rows = [*_merged(app, bindings), *_typed_keys(title)]
        if not rows and title not in about:
            continue
        lines.append(Content.styled(title, HEADING))
        if title in about:
            # A row with no key: a no-break space stands in for one, so the description
            # wraps under itself, as a key's does (``hang`` indents past leading spaces).
            blank_key = "\N{NO-BREAK SPACE}".ljust(KEYS_WIDTH)
            lines.append(Content.assemble(f"  {blank_key}", (about[title], MUTED)))
        for keys, description in rows:
            lines.append(Content.assemble((f"  {keys:<{KEYS_WIDTH}}", "bold $accent"), description))
        lines.append(Content(""))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by pane; Esc, q or ? closes it."""

    CSS_PATH = data_dir("themes") / "screens.tcss"
    """Read when the screen is first opened: the first frame does not need it."""

    BINDING_GROUP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help-close"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help-down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help-up"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            main = MainScreen.of(self.app)
            library = main is None and getattr(self.app, "library", None) is not None
            lead = LIBRARY_INTRO if library else intro(spoken=screen_reader_on(self))
            yield Static(Content.styled(lead, MUTED), markup=False, id="help-intro")
            current = main.pane if main is not None else None
            text = help_content(self.app, current, library=library)
            yield HangingText(text, indent=KEYS_WIDTH, id="help-text")

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        if direction == "down":
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)
