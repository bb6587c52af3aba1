"""Pilot tests: every binding and pane behaviour, over the in-memory seeds (exact records)."""

from __future__ import annotations

from textual.command import CommandList

from store.errors import QueryError
from tui import clipboard
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.widgets.reader import Reader

from .conftest import fake_app, settle_search, wait_until
from .fakes import FakeStore, big_fake_store

SIZE = (140, 40)
TITLE = "章丘区上榜2022年山东省科技创新强县拟确定名单"


async def test_first_screen_opens_first_article(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.article is not None and main.article.display_title == TITLE
        assert main.article_table.row_count == 16
        assert main.metric_table.row_count == len(main.article.metrics)
        assert app.focused is main.article_table


async def test_article_keys_move_and_open(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("j")
        assert main.article.id == 2
        await pilot.press("down", "k")
        assert main.article.id == 2
        await pilot.press("G")
        assert main.article.id == 16
        await pilot.press("g")
        assert main.article.id == 1
        await pilot.press("pagedown")
        assert main.article_table.cursor > 1
        await pilot.press("pageup")
        assert main.article_table.cursor == 0
        await pilot.press("enter")
        assert app.focused is main.reader


async def test_tab_cycles_panes(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("tab")
        assert app.focused is main.reader
        await pilot.press("tab")
        assert app.focused is main.entity_list
        await pilot.press("tab")  # the filter box is no Tab stop (f enters it)
        assert app.focused is main.metric_table
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is main.reader


async def test_entity_highlights_mentions_and_filters_articles(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.entity_list.focus()
        await pilot.press("down")  # first entity under the 地点 place heading
        entity = main.entity_list.highlighted_entity
        assert entity is not None and entity.type == "place"
        assert main.reader.focus_entity_id == entity.id
        await pilot.press("y")
        assert app.clipboard == clipboard.entity_citation(entity)
        # 济南市 takes the admin path: articles about 章丘区 and 天桥区 count too.
        jinan = next(e for e in fake_store._entities.values() if e.name == "济南市")
        main.filter_by_entity(jinan)
        await pilot.pause()
        assert main.article_table.row_count == fake_store.count_articles(entity_id=jinan.id)
        assert "济南市" in main.query_one("#status").filter_text
        await pilot.press("escape")
        assert main.entity_filter is None
        assert main.article_table.row_count == 16


async def test_entity_enter_filters(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.entity_list.focus()
        await pilot.press("down", "enter")
        entity = main.entity_list.highlighted_entity
        assert main.entity_filter == entity
        assert main.article_table.row_count == fake_store.count_articles(entity_id=entity.id)


async def test_metric_row_scrolls_reader_to_sentence(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        await pilot.press("G")
        metric = main.metric_table.cursor_row
        assert main.reader.metric == metric
        line = main.reader.line_of_offset(metric.sentence_start)
        top = main.reader.scroll_offset.y
        assert top <= line < top + main.reader.size.height


async def test_metric_scope_sort_and_filter(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        await pilot.press("a")
        assert main.metric_table.row_count == fake_store.stats().metrics
        await pilot.press("s")  # sort by subject
        assert main.metric_sort == "subject"
        await pilot.press("s", "s")  # indicator, then value
        assert main.metric_sort == "value"
        values = [main.metric_table.row_at(i).base_value for i in range(main.metric_table.row_count)]
        assert values == sorted(values)
        await pilot.press("S")
        assert main.metric_descending
        assert main.metric_table.cursor_row.base_value == max(values)
        # Typing Chinese filters the table (debounced).
        await pilot.press("章", "丘")
        assert app.focused.id == "metric-filter"
        await wait_until(pilot, lambda: main.metric_text == "章丘", "the debounced filter")
        assert main.metric_table.row_count == fake_store.count_metrics(text="章丘")
        await pilot.press("enter")
        assert app.focused is main.metric_table
        await pilot.press("escape")
        assert main.metric_text == ""
        await pilot.press("a")
        assert main.metric_table.row_count == len(main.article.metrics)


async def test_copy_metric_citation_and_tables(fake_store: FakeStore, system_clipboard: list[str]) -> None:
    for m in fake_store.metrics(indicator="工业投资", limit=None):  # what the build records of a dated article
        m.article_publisher, m.article_date = "大众日报", "2022-11-23"
        m.period_start, m.period_end = "2022-01-01", "2022-10-31"
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.set_metric_filter("工业投资")
        main.metric_table.focus()
        await pilot.press("y")
        expected = (
            "章丘区 工业投资 81.9亿元（1-10月，同比增长43.5%）——《章丘区上榜2022年山东省科技创新强县拟确定名单》，"
            "大众日报，2022-11-23\n" + main.metric_table.cursor_row.sentence
        )
        assert app.clipboard == expected
        assert system_clipboard[-1] == expected
        await pilot.press("Y")
        source = main.metric_table.cursor_row.source
        assert app.clipboard == (
            "Subject\tIndicator\tQuantity\tValue\tUnit\tBase value\tBase unit\tChange\tKind\tPeriod\t"
            "Period start\tPeriod end\tArticle\tPublisher\tDate\tSource\n"
            f"章丘区\t工业投资\t81.9亿元\t81.9\t亿元\t8190000000\t元\t同比增长43.5%\tactual\t1-10月\t"
            f"2022-01-01\t2022-10-31\t{TITLE}\t大众日报\t2022-11-23\t{source}\n"
        )
        await pilot.press("M")
        assert app.clipboard == (
            "| Subject | Indicator | Quantity | Value | Unit | Base value | Base unit | Change | Kind | Period |"
            " Period start | Period end | Article | Publisher | Date | Source |\n"
            "|" + " --- |" * 16 + "\n"
            f"| 章丘区 | 工业投资 | 81.9亿元 | 81.9 | 亿元 | 8190000000 | 元 | 同比增长43.5% | actual | 1-10月 |"
            f" 2022-01-01 | 2022-10-31 | {TITLE} | 大众日报 | 2022-11-23 | {source} |\n"
        )


async def test_copy_article_in_reader(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "y")
        assert app.clipboard == f"《{TITLE}》\n记者 段婷婷、申红"


async def test_copy_without_system_clipboard_still_copies(fake_store: FakeStore, monkeypatch) -> None:
    import pyperclip

    def fail(text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", fail)
    app = fake_app(fake_store)
    messages: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: messages.append(message))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "y")
        assert app.clipboard.startswith(f"《{TITLE}》")
        assert any("OSC 52" in m and "no system clipboard" in m for m in messages)


async def test_search_as_you_type_then_open_and_step(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"章丘区")
        await settle_search(pilot)
        search = app.screen
        assert search.hits and search.hits[0].title == TITLE
        assert len(search.hits) == 1
        assert "1 article matches “章丘区”" in str(search.query_one("#search-message").render())
        await pilot.press("enter")
        assert app.screen is main
        reader: Reader = main.reader
        assert reader.matches and reader.current_match == 0
        assert app.focused is reader
        await pilot.press("n")
        assert reader.current_match == 1
        await pilot.press("N", "N")
        assert reader.current_match == len(reader.matches) - 1
        await pilot.press("escape")
        assert reader.matches == []


async def test_search_message_counts_the_hits(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"济南")
        await settle_search(pilot)
        hits = app.screen.hits
        assert len(hits) > 1
        assert f"{len(hits)} articles match “济南”, best first." in str(app.screen.query_one("#search-message").render())


async def test_search_query_error_shows_message(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "*", "*")
        await settle_search(pilot)
        message = str(app.screen.query_one("#search-message").render())
        assert "Nothing to search for" in message
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_help_chart_zoom_quit(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        main = app.screen
        await pilot.press("c")
        assert app.screen.data.values
        await pilot.press("escape")
        assert app.screen is main
        await pilot.press("z")
        assert main.maximized is main.article_table
        await pilot.press("escape")
        assert main.maximized is None
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_command_palette_lists_actions(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("ctrl+p")
        await pilot.press(*"all figures")
        palette = app.screen
        await wait_until(pilot, lambda: palette.query_one(CommandList).highlighted is not None,
                         "the palette's matches")
        await pilot.press("enter")
        await pilot.pause()
        assert main.all_figures


async def test_empty_store_and_tiny_terminal() -> None:
    empty = FakeStore([], {}, db_path="/tmp/empty.db")
    app = fake_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert main.article_table.row_count == 0
        assert main.reader.article is None
        await pilot.press("y", "Y", "c", "j", "slash")
        await pilot.press("escape")
    app = fake_app()
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-too-small")


async def test_missing_and_corrupt_db_show_a_message(tmp_path) -> None:
    from tui.app import KechuangApp

    app = KechuangApp(tmp_path / "nothing.db")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "no store" in str(app.screen.query_one("#message-text").render()).lower()
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not a database" * 100)
    app = KechuangApp(corrupt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#message-text")
        await pilot.press("q")


def _paint(table) -> None:
    """Render every visible line, as a screen refresh would."""
    for y in range(table.size.height):
        table.render_line(y)


async def test_paging_100k_figures_fetches_only_visible_pages() -> None:
    """The figure table pages rows from the store: moving through 100,000 figures asks for a
    few small pages, never the whole table (timings are in benchmarks/bench_app.py)."""
    store = big_fake_store(100_000)
    fetched: list[tuple[int, int | None]] = []
    page_metrics = store.metrics

    def recording_metrics(query=None, **kwargs):
        fetched.append((kwargs.get("offset", 0), kwargs.get("limit")))
        return page_metrics(query, **kwargs)

    store.metrics = recording_metrics
    app = fake_app(store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        table = main.metric_table
        table.focus()
        main.set_all_figures(True)
        await pilot.pause()
        assert table.row_count == 100_000
        for action in (table.action_page_down, table.action_page_down, table.action_last,
                       table.action_page_up, table.action_first):
            action()
            _paint(table)
        assert fetched and all(limit is not None and limit <= 500 for _, limit in fetched)
        assert sum(limit for _, limit in fetched) < 5_000
        assert any(offset >= 99_000 for offset, _ in fetched), "the last page was fetched"
        main.set_metric_filter("历下区")
        _paint(table)
        assert 0 < table.row_count < 100_000
        await pilot.press("j")
        assert table.cursor == 1


def test_query_error_is_a_store_error() -> None:
    assert issubclass(QueryError, Exception)


async def test_f_focuses_filter_and_header_click_sorts(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        await pilot.press("f")
        assert app.focused.id == "metric-filter"
        await pilot.press("escape")
        assert app.focused is main.metric_table
        # f from another pane too: the article list, then the reader.
        for pane in (main.article_table, main.reader):
            pane.focus()
            await pilot.press("f", "章", "丘")
            assert app.focused.id == "metric-filter" and app.focused.value == "章丘"
            await pilot.press("escape")
            assert main.metric_text == ""
        main.metric_table.focus()
        # Row 0 of the table is its header; "Value" sorts by the normalised value.
        x = main.metric_table._layout_width - 1
        labels = [c.key for c in main.metric_table.columns]
        assert "value" in labels
        position = 0
        for column, width in zip(main.metric_table.columns, main.metric_table._column_widths(x + 1)):
            if column.key == "value":
                break
            position += width + 1
        await pilot.click(main.metric_table, offset=(position + 1, 0))
        assert main.metric_sort == "value" and not main.metric_descending
        await pilot.click(main.metric_table, offset=(position + 1, 0))
        assert main.metric_descending


def test_chart_groups_by_subject_in_the_dominant_unit(fake_store: FakeStore) -> None:
    from collections import Counter

    from tui.screens.chart import chart_data

    metrics = fake_store.metrics(limit=None)
    data = chart_data(metrics)  # no cursor: the most common indicator of the actual figures
    common = Counter(m.indicator for m in metrics if m.kind == "actual" and m.base_unit).most_common(1)[0][0]
    assert data.indicator == common and {m.indicator for m in data.figures} == {common}
    units = Counter(m.base_unit for m in metrics if m.kind == "actual" and m.indicator == common)
    assert data.unit.endswith(units.most_common(1)[0][0])
    assert data.values == sorted(data.values, reverse=True)
    assert len(data.labels) == len(set(data.labels))
    # The figure under the cursor names the indicator charted.
    other = next(m for m in metrics if m.kind == "actual" and m.base_unit and m.indicator != common)
    data = chart_data(metrics, other.indicator)
    assert data.indicator == other.indicator and "the one under the cursor" in data.note


def test_help_lists_every_key() -> None:
    """Every binding of the main screen and its panes appears in the help screen's key column."""
    from tui.screens.help import KEYS
    from tui.screens.main import MetricTable
    from tui.widgets.entity_list import EntityList
    from tui.widgets.virtual_table import VirtualTable

    tokens = {token for _, keys in KEYS for key, _ in keys for token in key.split()}
    shown = {"slash": "/", "question_mark": "?", "escape": "Esc", "enter": "Enter", "up": "↑", "down": "↓",
             "pageup": "PageUp", "pagedown": "PageDown", "home": "Home", "end": "End", "space": "Space"}
    missing = [f"{owner.__name__}: {key}"
               for owner in (MainScreen, MetricTable, VirtualTable, Reader, EntityList)
               for binding in owner.BINDINGS
               for key in binding.key.split(",")
               if shown.get(key, key) not in tokens]
    assert not missing, missing


async def test_figure_cursor_opens_other_articles_when_it_rests(fake_store: FakeStore) -> None:
    """All figures: moving through figures of other articles opens only the one the cursor
    rests on (after METRIC_FOLLOW_SECONDS); a figure of the open article shows at once."""
    from tui.screens.main import METRIC_FOLLOW_SECONDS

    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        await pilot.press("a")
        table = main.metric_table
        first_article = main.article.id
        index = next((i for i in range(table.row_count) if table.row_at(i).article_id != first_article), None)
        assert index is not None, "the fake store needs figures in two articles"
        opened: list[int] = []
        original = main.open_article
        main.open_article = lambda article_id, **kw: opened.append(article_id) or original(article_id, **kw)
        table.set_cursor(index)
        table.set_cursor(index)  # moved again before the rest: still one open
        await pilot.pause()
        assert main.article.id == first_article  # not yet
        await pilot.pause(METRIC_FOLLOW_SECONDS + 0.15)
        metric = table.cursor_row
        assert main.article.id == metric.article_id
        assert main.reader.metric == metric
        assert opened == [metric.article_id]
        # Another figure of the now open article: no rest needed.
        same = next((i for i in range(table.row_count)
                     if i != index and table.row_at(i).article_id == metric.article_id), None)
        if same is not None:
            table.set_cursor(same)
            await pilot.pause()
            assert main.reader.metric == table.row_at(same)


async def test_slash_and_f_are_text_inside_a_text_field(fake_store: FakeStore) -> None:
    # / and f act from any pane (priority bindings, so keys typed right after them follow),
    # but typed into the figure filter they are text.
    from tui.screens.search import SearchScreen

    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("f", "1", "/", "f")
        assert app.focused.id == "metric-filter" and app.focused.value == "1/f"
        assert not isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("f")
        assert app.focused.id == "search-input" and app.focused.value == "f"
        assert main.metric_text == ""


async def test_text_reaching_the_search_screen_before_its_box_has_focus_goes_into_the_box(
        fake_store: FakeStore) -> None:
    from tui.screens.search import SearchScreen

    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, SearchScreen)
        search.set_focus(None)  # as in the moment between the push and the box's focus
        await pilot.press("北", "斗")
        field = search.query_one("#search-input")
        assert app.focused is field and field.value == "北斗"
        # Opened again on the last query: the first early key replaces it, as typing over
        # its selection would.
        await settle_search(pilot)
        await pilot.press("enter")  # open the first hit; the query is kept
        await pilot.press("slash")
        search = app.screen
        assert search.query_one("#search-input").value == "北斗"
        search.set_focus(None)
        await pilot.press("量")
        assert search.query_one("#search-input").value == "量"
