"""Full-text search over the store: ranked hits with highlighted snippets, as you type."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.errors import StoreError
from store.query import SearchHit

from ..safe_text import rich_text

SEARCH_DEBOUNCE_SECONDS = 0.25
SearchResult = tuple[str, list[SearchHit], SearchHit | None]


def highlighted(text: str, spans: list[tuple[int, int]], style: str) -> Text:
    result = rich_text(text)  # one line, controls made visible one for one: the spans still fit
    for start, end in spans:
        result.stylize(style, start, end)
    return result


class SearchScreen(ModalScreen[SearchResult | None]):
    """Type to search; Enter opens a hit; Esc clears the search and goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear search"),
        Binding("down", "focus_hits", "Hits", show=False),
        Binding("tab", "focus_next", "Next", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"search--match", "search--meta", "search--title"}

    def __init__(self, query: str = "", hits: list[SearchHit] | None = None) -> None:
        super().__init__()
        self.initial_query = query
        self.hits: list[SearchHit] = list(hits or [])
        self._timer: Timer | None = None
        self._searched = query

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Search articles (简体 and 繁體 alike)"
            box.border_subtitle = "Enter open · ↓ hits · Esc clear"
            yield Input(value=self.initial_query, placeholder="e.g. 北斗, 技术合同, 量子", id="search-input")
            yield Static("", id="search-message")
            yield OptionList(id="search-hits")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        if self.app.is_headless:
            field.cursor_blink = False  # steady screenshots in tests
        field.focus()
        if self.initial_query and not self.hits:
            # A query without its hits (dropped by a refresh, r): search the new build again.
            self.run_search(self.initial_query)
        else:
            self._show_hits(self.hits, self.initial_query)

    @property
    def settled(self) -> bool:
        """Whether the hits shown answer what the box holds: no search waiting or running."""
        typed = self.query_one("#search-input", Input).value.strip()
        busy = any(not w.is_finished and w.node is self and w.group == "search" for w in self.app.workers)
        return typed == self._searched and not busy

    def on_key(self, event: events.Key) -> None:
        # Text typed right after / can arrive before the search box has focus (it takes
        # focus once mounted): the keys then reach the screen, and belong in the box.
        field = self.query_one("#search-input", Input)
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            if field.select_on_focus:
                # The first key replaces the last query, as typing over its selection would;
                # and focus must not select what was typed.
                field.select_on_focus = False
                field.value = ""
            field.insert_text_at_cursor(event.character)
            self.set_focus(field)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DEBOUNCE_SECONDS, lambda: self.run_search(event.value))

    def run_search(self, query: str) -> None:
        query = query.strip()
        self._searched = query
        if not query:
            self.workers.cancel_group(self, "search")
            self._show_hits([], "")
            return
        self.query_one("#search-message", Static).update(rich_text(f"Searching for “{query}”…", style="dim"))
        self._search(query)

    @work(exclusive=True, group="search")
    async def _search(self, query: str) -> None:
        """Runs in the app's search thread; a newer query cancels this one."""
        try:
            hits = await self.app.search_store(query)  # type: ignore[attr-defined]
        except StoreError as error:
            self.hits = []
            self.query_one("#search-hits", OptionList).clear_options()
            self.query_one("#search-message", Static).update(rich_text(str(error), style="bold red", multiline=True))
            return
        if query == self._searched:
            self._show_hits(hits, query)

    def _show_hits(self, hits: list[SearchHit], query: str) -> None:
        self.hits = hits
        message = self.query_one("#search-message", Static)
        if not query:
            message.update(Text("Type to search every article.", style="dim"))
        elif not hits:
            message.update(rich_text(f"No article matches “{query}”.", style="dim"))
        else:
            count = "1 article matches" if len(hits) == 1 else f"{len(hits)} articles match"
            message.update(rich_text(f"{count} “{query}”, best first.", style="dim"))
        match = self.get_component_rich_style("search--match")
        meta = self.get_component_rich_style("search--meta")
        title_style = self.get_component_rich_style("search--title")
        options = []
        for index, hit in enumerate(hits):
            prompt = highlighted(hit.title, hit.title_spans, "")
            prompt.stylize(title_style)
            for start, end in hit.title_spans:
                prompt.stylize(match, start, end)
            details = " · ".join(p for p in (hit.publisher, hit.date, hit.source) if p)
            prompt.append("\n")
            prompt.append_text(rich_text(details, style=meta))
            snippet = Text("\n")
            snippet.append_text(rich_text(hit.snippet))
            for start, end in hit.snippet_spans:
                snippet.stylize(match, start + 1, end + 1)
            prompt.append_text(snippet)
            options.append(Option(prompt, id=f"hit-{index}"))
        hit_list = self.query_one("#search-hits", OptionList)
        hit_list.set_options(options)
        if options:
            hit_list.highlighted = 0

    def action_focus_hits(self) -> None:
        self.query_one("#search-hits", OptionList).focus()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query != self._searched:
            # Enter before the debounce fired: search now, open the best hit when it lands.
            self.run_search(query)
            return
        hit_list = self.query_one("#search-hits", OptionList)
        self.open_hit(hit_list.highlighted or 0)

    @on(OptionList.OptionSelected, "#search-hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open_hit(event.option_index)

    def open_hit(self, index: int) -> None:
        if 0 <= index < len(self.hits):
            self.dismiss((self._searched, self.hits, self.hits[index]))

    def action_clear(self) -> None:
        self.dismiss(("", [], None))
