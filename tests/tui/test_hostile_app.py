"""The explorer on the hostile corpus (tests/hostile.py): every article, entity, figure,
border title, toast, palette entry and chart shows its text as written, with no control
character reaching the terminal, no crash on ``[/bold]``, and no action run when a text that
looks like ``[@click=…]`` is clicked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import OptionList
from textual.widgets._toast import Toast

from store.build import build
from store.query import Store
from tui.app import KechuangApp
from tui.screens.main import MainScreen

from ..hostile import make_corpus, remove_deep_folders
from .conftest import wait_until

SIZE = (140, 40)
# What must never be shown: C0 controls (but newline), DEL, C1, bidi overrides and isolates.
_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("hostile_app")
    victims = root / "victims"
    victims.mkdir()
    corpus = make_corpus(root, victims)
    report = build([corpus], root / "hostile.db")
    assert report.files_built >= 8, report.errors
    yield root / "hostile.db", victims
    remove_deep_folders(corpus)


def shown(text: str, what: str) -> None:
    bad = _RAW.findall(text)
    assert not bad, f"{what} shows raw controls {bad!r}: {text!r}"


def still_running(app: KechuangApp, victims: Path) -> None:
    assert app.is_running and app.return_code is None, "a click ran [@click=app.quit]"
    assert not list(victims.iterdir()), "a click ran [@click=app.screenshot(...)]"


async def test_every_article_entity_and_title_is_shown_as_text(hostile_db: tuple[Path, Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db, victims = hostile_db
    # What reaches Textual's notify (toasts last 3 s: on a loaded machine one may be gone
    # before the test looks at the screen).
    sent: list[tuple[str, bool]] = []
    textual_notify = App.notify

    def recording_notify(self, message, *, title="", severity="information", timeout=None, markup=True):
        sent.append((message, markup))
        return textual_notify(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", recording_notify)
    with Store(db) as store:
        articles = store.articles(limit=1000)
    app = KechuangApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.article is not None,
                         "the main screen")
        main = app.screen
        assert isinstance(main, MainScreen)
        saw_markup = False
        for row in articles:
            assert main.open_article(row.id)
            await pilot.pause()
            title = main.reader._border_title
            shown(title.plain, "the reader's border title")
            lines = "\n".join(line.plain for line in main.reader._lines)
            shown(lines, f"the reader on {row.source!r}")
            saw_markup = saw_markup or "[@click=app.quit]" in lines or "[@click=app.quit]" in title.plain
            # Click along the border title and the first lines of the reader.
            for x in range(1, 60, 6):
                await pilot.click(main.reader, offset=(x, 0))
                await pilot.click(main.reader, offset=(x, 1))
            still_running(app, victims)
            entity_list = main.entity_list
            for index in range(entity_list.option_count):
                option = entity_list.get_option_at_index(index)
                shown(option.prompt.plain if hasattr(option.prompt, "plain") else str(option.prompt),
                      "an entity")
            for y in range(min(entity_list.option_count, 12)):
                await pilot.click(entity_list, offset=(4, y))
            await pilot.pause()
            still_running(app, victims)
        assert saw_markup, "the markup in the corpus is shown as written"

        # Filter by each entity: the article list's border title and the toast name it.
        with Store(db) as store:
            entities = store.entities(limit=500)
        assert any("[/bold]" in e.name for e in entities) and any("[@click" in e.name for e in entities)
        messages: list[str] = []
        for entity in entities:
            if not any(mark in entity.name for mark in ("[", "\x1b", "\u202e")):
                continue
            main.filter_by_entity(entity)
            await pilot.pause()
            shown(main.article_table._border_title.plain, "the article list's border title")
            for x in range(1, 60, 6):
                await pilot.click(main.article_table, offset=(x, 0))
            await pilot.pause()
            assert sent, "filtering by an entity says how many articles mention it"
            for message, markup in sent:
                assert not markup, "a toast is never markup"
                shown(message, "a toast")
                messages.append(message)
            sent.clear()
            for toast in app.query(Toast):  # the toasts on screen, rendered, and clicked
                shown(toast.render().plain, "a toast")
                await pilot.click(toast)
            still_running(app, victims)
        assert any("[@click=" in m for m in messages), "toasts show markup literally"
        main.filter_by_entity(None)
        await pilot.pause()

        # Every figure in the table, and its rows drawn on screen.
        main.action_toggle_scope()
        await pilot.pause()
        table = main.metric_table
        await wait_until(pilot, lambda: table.row_count > 0, "the figures")
        for y in range(1, min(table.row_count, 30) + 1):
            shown(table.render_line(y).text, "a figure row")
        for x in range(1, 100, 4):
            await pilot.click(table, offset=(x, 1))
        still_running(app, victims)

        # The chart of the figures in the table.
        main.action_chart()
        await pilot.pause(0.5)
        still_running(app, victims)
        await pilot.press("escape")
        await pilot.pause()

        # The palette: articles and places whose names hold markup and escapes.
        for query in ("点我", "会议", "open article"):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await pilot.pause(0.8)
            lists = list(app.screen.query(OptionList))
            for option_list in lists:
                for index in range(option_list.option_count):
                    prompt = option_list.get_option_at_index(index).prompt
                    shown(getattr(prompt, "plain", str(prompt)), "a palette entry")
            await pilot.press("escape")
            await pilot.pause()
            still_running(app, victims)
