"""The search screen: incremental results grouped by kind, jumping, and n/N afterwards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from textual.widget import Widget
from textual.widgets import Input
from ui_support import WIDE, main_screen, make_app, ready

from briefing.core.involves import Kind
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.search import SearchScreen


def result_prompts(app) -> list[str]:
    results = app.screen.query_one("#search-results")
    return [str(results.prompt(index)) for index in range(results.option_count)]


async def test_slash_opens_search_and_results_update_on_each_keystroke() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        assert app.focused.id == "search-input"
        await pilot.press("m", "i", "n")
        await ready(pilot)
        count = str(app.screen.query_one("#search-count").content)
        many = int(count.split()[0])
        assert many > 1
        await pilot.press("i", "s", "t", "e", "r")
        await ready(pilot)
        fewer = int(str(app.screen.query_one("#search-count").content).split()[0])
        assert 0 < fewer < many
        prompts = result_prompts(app)
        # Grouped: a heading per kind, with its count, before that kind's hits.
        assert prompts[0].startswith("Actors (")


async def test_matched_text_is_highlighted_with_spans() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"holmium")
        await ready(pilot)
        results = app.screen.query_one("#search-results")
        hits = [index for index, row in enumerate(results.rows) if row.id is not None]
        prompt = results.prompt(hits[0])
        styled = [prompt.plain[span.start : span.end] for span in prompt.spans]
        assert any(text.lower() == "holmium" for text in styled)


async def test_enter_jumps_to_the_item_and_n_steps_through_matches() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"talks")
        await ready(pilot)
        hits = app.screen.hits
        assert len(hits) >= 2
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        first = hits[0]
        selected = {
            "event": lambda: main_screen(app).selected(Kind.EVENT),
            "quote": lambda: main_screen(app).selected(Kind.QUOTE),
            "actor": lambda: main_screen(app).selected(Kind.ACTOR),
        }
        assert selected[first.kind]() == first.item_id
        await pilot.press("n")
        await ready(pilot)
        second = hits[1]
        assert selected[second.kind]() == second.item_id
        await pilot.press("N")
        await ready(pilot)
        assert selected[first.kind]() == first.item_id


async def test_down_then_enter_opens_the_second_result() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"talks", "down", "enter")
        await ready(pilot)
        assert app.screen.match_index == 1


async def test_escape_closes_search_without_moving() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        before = main_screen(app).selected(Kind.EVENT)
        await pilot.press("slash", *"minister", "escape")
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).selected(Kind.EVENT) == before
        assert app.screen.matches == []


async def test_no_matches_says_so() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"zzzzqqq")
        await ready(pilot)
        assert str(app.screen.query_one("#search-count").content) == "No matches"
        await pilot.press("enter")
        assert isinstance(app.screen, SearchScreen)


async def test_letters_that_come_with_the_slash_go_into_the_query() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        # Posted at once, as keys read in one burst are: none waits for the screen to open.
        # "e" would open the export screen if it reached the panes.
        for key in ["slash", "m", "i", "n", "e"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await ready(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "mine"


async def test_in_the_results_j_and_k_move_and_do_not_type() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"minister")
        await ready(pilot)
        results = app.screen.query_one("#search-results")
        results.focus()
        await pilot.pause()
        before = results.highlighted
        await pilot.press("j")
        assert results.highlighted is not None and results.highlighted != before
        assert app.screen.query_one("#search-input", Input).value == "minister"
        assert app.focused is results


async def test_the_search_opens_at_once_and_answers_when_the_index_is_ready() -> None:
    from briefing.core.search import SearchIndex
    from briefing.ui.app import BriefingApp

    class SlowIndexApp(BriefingApp):
        def _prepare_search(self) -> None:  # the worker has not finished yet
            pass

    app = SlowIndexApp(make_app().briefing, theme="dark")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"talks")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert "Preparing" in str(app.screen.query_one("#search-count").content)
        BriefingApp._prepare_search(app)  # the worker runs now, and says when it is done
        await app.workers.wait_for_complete()
        for _ in range(100):
            await pilot.pause()
            if app.screen.hits:
                break
        assert app.screen.hits
        assert isinstance(app.screen.index, SearchIndex)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        pytest.param("Talks\nin May", "Talks in May", id="two-lines"),
        pytest.param("\nTalks\r\nin May\n", "Talks in May", id="starts-with-a-newline"),
        pytest.param("\n", "", id="only-a-newline"),
    ],
)
async def test_a_paste_of_several_lines_is_searched_whole(pasted: str, expected: str) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        box = app.screen.query_one("#search-input", Input)
        box.post_message(events.Paste(pasted))
        await pilot.pause()
        assert box.value == expected


async def test_more_matches_than_shown_are_counted_and_the_best_listed() -> None:
    from briefing.core.bundled import default_briefing
    from briefing.core.loader import load_briefing
    from briefing.core.search import SearchIndex
    from briefing.devtools.synthetic import synthetic_briefing
    from briefing.ui.app import BriefingApp
    from briefing.ui.screens.search import SHOWN_LIMIT

    briefing = synthetic_briefing(load_briefing(default_briefing()), 3)
    app = BriefingApp(briefing, theme="dark")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", "e")
        await ready(pilot)
        everything = SearchIndex(briefing).search("e")
        assert len(everything) > SHOWN_LIMIT
        count = str(app.screen.query_one("#search-count").content)
        assert count == f"{len(everything)} matches (first {SHOWN_LIMIT} shown)"
        listed = {(hit.kind, hit.item_id) for hit in app.screen.hits}
        assert listed == {(hit.kind, hit.item_id) for hit in everything[:SHOWN_LIMIT]}


async def test_the_results_keep_their_scrollbar_and_it_follows_each_keystroke() -> None:
    # Always there, so results do not rewrap when they start or stop overflowing; told
    # the new height with the rows, so the thumb is drawn with them.
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        results = app.screen.query_one("#search-results")
        assert results.show_vertical_scrollbar  # nothing listed yet
        for query in ["e", "talks", "zzzz", "minister"]:
            app.screen._update(query)  # as the input's watcher does, before any layout
            bar = results.vertical_scrollbar
            assert results.show_vertical_scrollbar
            assert bar.window_virtual_size == results.virtual_size.height
            assert bar.window_size == results.scrollable_content_region.height


async def test_the_search_styles_are_read_while_waiting_and_style_the_screen() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        # Read once the index is ready and the brief built ahead, so that "/" does not
        # parse every stylesheet again.
        for _ in range(500):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.brief_ahead is not None:
                break
        assert app.stylesheet.has_source(str(SearchScreen.CSS_PATH))
        await pilot.press("slash")
        await pilot.pause()
        box = app.screen.query_one("#search-box")
        assert box.styles.border_top[0] == "round"
        assert app.screen.query_one("#search-results").styles.overflow_y == "scroll"


def _content_work(monkeypatch: pytest.MonkeyPatch, make: Callable[[], object]) -> int:
    """Characters and spans handed to new ``Content`` objects while ``make`` runs: the
    work of styling, counted rather than timed."""
    from textual.content import Content

    work = 0
    original = Content.__init__

    def counting(self: Content, text: str = "", spans: list | None = None, *args, **kw) -> None:
        nonlocal work
        work += len(text) + len(spans or ())
        original(self, text, spans, *args, **kw)

    with monkeypatch.context() as patch:
        patch.setattr(Content, "__init__", counting)
        make()
    return work


@pytest.mark.parametrize("in_label", [True, False], ids=["label", "field"])
def test_highlighting_costs_work_in_proportion_to_the_matches(
    monkeypatch: pytest.MonkeyPatch, in_label: bool
) -> None:
    from briefing.core.involves import Kind
    from briefing.core.search import Hit
    from briefing.ui.screens.search import hit_row

    def row(repeats: int) -> object:
        text = "word " * repeats
        spans = tuple((at, at + 4) for at in range(0, len(text), 5))
        label = text if in_label else "A title"
        hit = Hit(Kind.EVENT, "e", label, "summary", text, spans, 1.0)
        return hit_row(1, hit).prompt()

    small = _content_work(monkeypatch, lambda: row(2_000))
    large = _content_work(monkeypatch, lambda: row(8_000))
    assert large <= 4.5 * small, (small, large)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 24), (120, 40)])
async def test_the_match_notice_never_covers_the_detail_it_describes(
    size: tuple[int, int],
) -> None:
    from briefing.core.bundled import default_briefing
    from briefing.core.loader import load_briefing
    from briefing.ui.app import BriefingApp

    app = BriefingApp(load_briefing(default_briefing()), theme="dark")
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"magnet")
        await ready(pilot)
        total = len(app.screen.hits)
        assert total > 5
        await pilot.press("enter")
        kinds = set()
        for step in range(total):
            if step:
                await pilot.press("n")
            toasts: list[Widget] = []
            for _ in range(50):
                await pilot.pause()
                toasts = [t for t in app.screen.query("Toast") if "Match" in str(t.render())]
                if toasts and all(t.region.area for t in toasts):
                    break
            assert toasts, step
            screen = app.screen
            assert isinstance(screen, MainScreen)
            kinds.add(screen.current.spec.kind)
            detail = screen.current.detail.region
            for toast in toasts:
                assert not toast.region.overlaps(detail), (step, screen.pane)
        assert len(kinds) >= 3


@pytest.mark.parametrize("in_label", [True, False], ids=["label", "field"])
def test_a_huge_label_is_shown_around_the_match_only(in_label: bool) -> None:
    from briefing.core.involves import Kind
    from briefing.core.search import Hit
    from briefing.ui.screens.search import EXCERPT_WIDTH, LABEL_LIMIT, hit_row

    label = "lorem ipsum " * 20_000 + "needle " + "dolor sit " * 20_000
    at = label.index("needle")
    text, spans = (label, ((at, at + 6),)) if in_label else ("a needle", ((2, 8),))
    prompt = hit_row(1, Hit(Kind.EVENT, "e", label, "title", text, spans, 1.0)).prompt()
    assert len(prompt.plain) <= LABEL_LIMIT + EXCERPT_WIDTH + 20
    assert [
        prompt.plain[span.start : span.end] for span in prompt.spans if span.end - span.start == 6
    ] == ["needle"]
