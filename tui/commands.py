"""The command palette (Ctrl+P): every action, articles to open, entities to jump to,
places to filter by."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from store.errors import StoreError

from .clipboard import TYPE_LABELS
from .safe_text import content, highlighted
from .wording import counted

PALETTE_ARTICLE_LIMIT = 300
PALETTE_PLACE_LIMIT = 200


def _data_prompt(matcher, name: str, detail: str):
    """A palette entry made from document data: shown as written, never as markup.

    Textual parses both a string prompt and every ``help`` as markup (a title holding
    ``[@click=app.quit]`` would run it), so the entry and its detail line are built as plain
    ``Content`` here and no ``help`` string is passed.
    """
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    return highlighted(name, offsets, matcher.match_style) + content("\n", multiline=True) + content(detail, style="dim")


class KechuangCommands(Provider):
    def _main(self):
        from .screens.main import MainScreen

        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        main = self._main()
        if main is None:
            return []
        actions: list[tuple[str, Callable[[], object], str]] = [
            ("Search articles", main.action_search, "/ full-text search"),
            ("Toggle all figures / this article's figures", main.action_toggle_scope, "a"),
            ("Chart the indicator under the cursor by subject", main.action_chart, "c"),
            ("Filter figures by period: 2022, 2022-2023, 2022-03..2023", main.action_period, "p"),
            ("Clear the period filter", main.clear_period, "p, empty, Enter"),
            ("Copy the selected fact", main.action_copy_fact, "y"),
            ("Copy the figure table as TSV", main.action_copy_table_tsv, "Y"),
            ("Copy the figure table as Markdown", main.action_copy_table_markdown, "M"),
            ("Clear filters", main.action_back, "Esc"),
            ("Refresh: show the newest build of the store", main.action_refresh, "r"),
            ("Help: keys", main.action_help, "?"),
            ("Quit", self.app.exit, "q"),
        ]
        for key in ("subject", "indicator", "value", "period", "change", "article"):
            actions.append((f"Sort figures by {key}", partial(main.sort_metrics, key, False), "s"))
            actions.append((f"Sort figures by {key}, descending", partial(main.sort_metrics, key, True), "S"))
        return actions

    async def discover(self) -> Hits:
        for name, callback, help_text in self._actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        main = self._main()
        if main is None:
            return
        for name, callback, help_text in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        try:
            articles = main.store.articles(limit=PALETTE_ARTICLE_LIMIT)
            places = main.store.entities(type="place", limit=PALETTE_PLACE_LIMIT)
        except StoreError:
            articles, places = [], []
        for row in articles:
            name = f"Open article: {row.display_title}"
            score = matcher.match(name)
            if score > 0:
                detail = " · ".join(p for p in (row.publisher, row.date, row.source) if p)
                yield Hit(score, _data_prompt(matcher, name, detail), partial(main.open_article, row.id),
                          text=name)
        entities = [main.entity_list.entity_by_id(int(k[1:])) for k in main.entity_list._entities]
        for entity in entities:
            if entity is None:
                continue
            name = f"Jump to entity: {entity.name}"
            score = matcher.match(name)
            if score > 0:
                detail = f"{TYPE_LABELS.get(entity.type, entity.type)} · in this article"
                yield Hit(score, _data_prompt(matcher, name, detail), partial(main.jump_to_entity, entity.id),
                          text=name)
        for place in places:
            name = f"Filter by place: {place.name}"
            score = matcher.match(name)
            if score > 0:
                detail = f"{place.path or place.name} · {counted(place.article_count, 'article')}"
                yield Hit(score, _data_prompt(matcher, name, detail), partial(main.filter_by_entity, place),
                          text=name)
