"""Pilot tests for what surprised a new user in the first hour (issue 14): keys doing what the
footer says, messages saying what is true, the panes agreeing with each other."""

from __future__ import annotations

from tui.screens.main import MainScreen

from .conftest import fake_app
from .fakes import FakeStore

SIZE = (140, 40)


async def test_tab_skips_the_filter_box_so_letters_stay_keys(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("tab", "tab", "tab")
        assert app.focused is main.metric_table
        await pilot.press("s")  # the footer's Sort, not an "s" in the filter
        assert main.metric_sort == "subject"
        assert main.query_one("#metric-filter").value == ""
        await pilot.press("tab")
        assert app.focused is main.article_table  # round the panes, past the box
        await pilot.press("shift+tab")
        assert app.focused is main.metric_table


async def test_filter_box_is_left_with_down_tab_enter_and_esc(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        for leave in ("down", "tab", "enter", "escape"):
            await pilot.press("f", "章")
            assert app.focused.id == "metric-filter"
            await pilot.press(leave)
            assert app.focused is main.metric_table, leave
            main.set_metric_filter("")
        main.metric_table.focus()
        await pilot.press("x")  # typing in the table enters the box
        assert app.focused.id == "metric-filter" and app.focused.value == "x"


def _empty_message(main: MainScreen) -> str:
    return main.metric_table.empty_message


async def test_empty_figure_table_says_why(fake_store: FakeStore) -> None:
    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.set_all_figures(True)
        main.set_metric_filter("没有这样的指标")
        await pilot.pause()
        assert main.metric_table.row_count == 0
        message = _empty_message(main)
        assert "没有这样的指标" in message and "Press a" not in message
        main.set_all_figures(False)
        assert "this article" in _empty_message(main)
    empty = FakeStore([], {}, db_path="/tmp/empty.db")
    app = fake_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        message = _empty_message(app.screen)
        assert "empty" in message and "Press a" not in message


async def test_opening_a_search_hit_moves_the_article_list_to_it(fake_store: FakeStore) -> None:
    from tui import clipboard

    from .conftest import settle_search

    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert main.article_table.cursor == 0
        await pilot.press("slash", *"综保区")
        await settle_search(pilot)
        target = fake_store.article(app.screen.hits[0].article_id)
        assert target.id != main.article.id
        await pilot.press("enter")
        assert main.article.id == target.id
        assert main.article_table.cursor_row.id == target.id
        main.set_focus(main.article_table)
        await pilot.press("y")
        assert app.clipboard == clipboard.article_citation(target)


async def test_footer_keys_fit_at_60_columns(fake_store: FakeStore) -> None:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from .conftest import wait_until

    app = fake_app(fake_store)
    async with app.run_test(size=(60, 20)) as pilot:
        main = app.screen
        footer = main.query_one(Footer)

        def fits() -> bool:
            keys = list(footer.query(FooterKey))
            return (any(key.description == "Quit" for key in keys)
                    and all(key.region.right <= footer.region.right for key in keys))

        for pane in (main.article_table, main.reader, main.entity_list, main.metric_table):
            main.set_focus(pane)
            await wait_until(pilot, fits, f"every footer key to fit with {pane} focused", timeout=3)


async def test_status_bar_calls_a_search_a_search(fake_store: FakeStore) -> None:
    from .conftest import settle_search

    app = fake_app(fake_store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("slash", *"章丘区")
        await settle_search(pilot)
        await pilot.press("enter")
        status = main.query_one("#status")
        assert status.filter_text == ""  # the article list is not narrowed
        rendered = str(status.render())
        assert "filter" not in rendered and "search “章丘区”" in rendered


def test_counts_are_singular_for_one() -> None:
    from tui.wording import counted

    assert counted(1, "article") == "1 article"
    assert counted(2, "article") == "2 articles"
    assert counted(12_345, "figure") == "12,345 figures"


async def test_palette_says_1_article(fake_store: FakeStore) -> None:
    from textual.command import CommandList

    from .conftest import wait_until

    app = fake_app(fake_store)
    once = next(e for e in fake_store._entities.values()
                if e.type == "place" and fake_store.count_articles(entity_id=e.id) == 1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *f"Filter by place: {once.name}")
        commands = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0, "the palette's matches")
        helps = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any("· 1 article" in text and "1 articles" not in text for text in helps), helps


async def test_mention_steps_count_what_the_entity_pane_counts(real_app) -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.screen
        entities = main.entity_list._entities.values()
        # An entity named in the title as well as the body.
        entity = next(e for e in entities
                      if any(m.entity_id == e.id and m.field != "body" for m in main.article.mentions)
                      and any(m.entity_id == e.id and m.field == "body" for m in main.article.mentions))
        main.entity_list.select_entity(entity.id)
        main.reader.highlight_entity(entity.id)
        main.set_focus(main.reader)
        await pilot.press("n")
        hint = main.query_one("#status").hint
        assert hint.startswith("mention ") and hint.split()[1].endswith(f"/{entity.mention_count}"), hint
        assert main.reader.scroll_offset.y >= 0
