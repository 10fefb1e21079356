"""What the reader prepares in the background once its first frame is out: the search
index, the brief for the current filter, and the styles of the screens not yet opened, so
that ``/`` and ``e`` answer at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker, WorkerState

from briefing.core.model import Briefing
from briefing.ui import startup
from briefing.ui.key_order import KeysInOrder
from briefing.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from briefing.core.search import SearchIndex
    from briefing.ui.screens.export import PreparedBrief


class PreparedAhead(KeysInOrder):
    """The reader app's background work: ``BriefingApp`` sets ``briefing`` and the
    attributes below, and starts ``_prepare_search`` after its first frame."""

    briefing: Briefing
    _search_index: SearchIndex | None
    _search_ready: bool
    _brief_ahead: PreparedBrief | None

    @property
    def search_index(self) -> SearchIndex:
        """The briefing's search index, made now if the background worker has not yet."""
        if self._search_index is None:
            from briefing.core.search import SearchIndex

            self._search_index = SearchIndex(self.briefing)
        return self._search_index

    @property
    def search_ready(self) -> SearchIndex | None:
        """The search index once the background worker has made it ready, else None."""
        return self._search_index if self._search_ready else None

    @property
    def brief_ahead(self) -> PreparedBrief | None:
        """The brief for the current filter once built ahead in the background, else None."""
        return self._brief_ahead

    @work(thread=True, exclusive=True, group="search-index")
    def _prepare_search(self) -> None:
        from briefing.core.search import SearchIndex

        briefing = self.briefing
        index = SearchIndex(briefing)
        index.prepare()
        if self.briefing is not briefing:
            return  # another briefing was opened meanwhile: its own index is on its way
        if self._search_index is None:
            self._search_index = index
        else:  # made in the meantime by someone who could not wait
            self._search_index.prepare()
        self._search_ready = True
        startup.keep_for_good()  # the index lives as long as the reader

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "search-index" and event.state == WorkerState.SUCCESS:
            self._announce_search_ready()
            self._prepare_brief()

    def _announce_search_ready(self) -> None:
        """Hand the index to every search screen opened while it was being made."""
        from briefing.ui.screens.search import SearchScreen

        index = self.search_ready
        for screen in self.screen_stack:
            if index is not None and isinstance(screen, SearchScreen) and screen.index is None:
                screen.post_message(SearchScreen.IndexReady(index))

    def on_main_screen_filter_changed(self, _message: MainScreen.FilterChanged) -> None:
        # The brief is about the filtered actor or element: the one built ahead is not.
        self._brief_ahead = None
        if self._search_ready:
            self._prepare_brief()

    def _filter_id(self) -> str | None:
        main = MainScreen.of(self)
        return main.filter.id if main is not None and main.filter is not None else None

    @work(thread=True, exclusive=True, group="brief-ahead", exit_on_error=False)
    def _prepare_brief(self) -> None:
        """Build the brief for the filter now, while the reader waits for keys."""
        from briefing.core.export import UnknownSubject
        from briefing.ui.screens.export import ExportScreen, prepare_brief

        about = self._filter_id()
        briefing = self.briefing
        try:
            prepared: PreparedBrief | None = prepare_brief(briefing, about)
        except UnknownSubject:
            prepared = None  # the screen says so when asked
        self.call_from_thread(self._keep_brief, prepared, str(ExportScreen.CSS_PATH), briefing)

    def _keep_brief(
        self, prepared: PreparedBrief | None, export_styles: str, briefing: Briefing
    ) -> None:
        current = self._filter_id()
        # Else the filter changed, or another briefing was opened.
        if prepared is not None and prepared.about == current and briefing is self.briefing:
            self._brief_ahead = prepared
        self._read_later_styles(export_styles)

    def _read_later_styles(self, export_styles: str) -> None:
        """Read the search and export screens' styles now, while the reader waits for keys,
        rather than when ``/`` or ``e`` is first pressed (Textual then parses every
        stylesheet again). Both at once: parsing them all blocks the reader for a while.

        Their rules style only the search, help, size and export screens, none of which
        is open yet, so nothing on screen needs them applied now.
        """
        from briefing.ui.screens.search import SearchScreen

        unread = [
            path
            for path in (str(SearchScreen.CSS_PATH), export_styles)
            if not self.stylesheet.has_source(path)
        ]
        for path in unread:
            self.stylesheet.read(path)
        if unread:
            self.stylesheet.reparse()

