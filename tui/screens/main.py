"""The main screen: article list, reader, entities and the figure table, wired by messages."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static

from store.errors import StoreError
from store.models import DEFAULT_METRIC_KIND, METRIC_KINDS
from store.query import (
    ArticleDetail,
    ArticleRow,
    EntityRow,
    MetricQuery,
    MetricRow,
    SearchHit,
    Stats,
    StoreAPI,
)

from .. import clipboard
from ..clipboard import METRIC_COLUMNS, TYPE_LABELS
from ..safe_text import content
from ..widgets.entity_list import EntityList
from ..widgets.reader import Reader
from ..widgets.status_bar import DEFAULT_HINT, StatusBar
from ..widgets.virtual_table import Column, VirtualTable
from ..wording import counted
from .sources import ArticleSource, MetricSource

# Table column -> the store's sort key (sorting by either value column uses the normalised value).
METRIC_SORT_BY_COLUMN: dict[str, str] = {
    "subject": "subject", "indicator": "indicator", "value": "value", "base": "value",
    "period": "period", "change": "change", "article": "article",
}
SORT_CYCLE: tuple[str, ...] = ("subject", "indicator", "value", "period", "change", "article")
# Rows copied by Y / M at most: a spreadsheet paste, not an export (use `kechuang export`).
COPY_ROW_LIMIT = 10_000
# Figures the chart reads at most (the table's first, in its order); the caption says when there are more.
CHART_ROW_LIMIT = 2_000
MIN_SIZE = (60, 16)
FOOTER_PALETTE_MIN_WIDTH = 72
FILTER_DEBOUNCE_SECONDS = 0.15
# A figure of another article is opened in the reader once the figure cursor has rested this
# long: opening one (read it with its mentions and figures, fold it) takes longer than a key
# repeat, and holding page-down through 100,000 figures would open every article passed.
METRIC_FOLLOW_SECONDS = 0.1
# Keys the figure table keeps for itself; any other printable key starts the filter.
_TABLE_KEYS = set("jkgGsSyYMcatpqrz?/fnN ")
# Rows looked through to find the article or figure that was selected before a refresh (r):
# enough for any screenful, bounded so a 100,000-figure table refreshes at once.
REFRESH_SCAN_LIMIT = 2_000


# The kinds the figure table shows in turn (t): actuals first, None for every kind.
KIND_CYCLE: tuple[str | None, ...] = (*METRIC_KINDS, None)


def _article_key(article: ArticleRow | ArticleDetail) -> tuple[str, str]:
    """What identifies an article across rebuilds (ids may change)."""
    return (article.source, article.display_title)


def _metric_key(metric: MetricRow) -> tuple:
    return (metric.article_title, metric.start, metric.end, metric.text)


def _entity_key(entity: EntityRow) -> tuple[str, str, str | None]:
    return (entity.name, entity.type, entity.path)


def _refresh_message(before: Stats | None, after: Stats | None) -> str:
    """“40 articles (+39) · 812 figures (+700)”: what the new build brought."""
    if after is None:
        return "The store could not be counted."
    parts = []
    for label, attr in (("articles", "articles"), ("entities", "entities"), ("figures", "metrics")):
        now = getattr(after, attr)
        text = f"{now:,} {label}"
        if before is not None and now != getattr(before, attr):
            text += f" ({now - getattr(before, attr):+,})"
        parts.append(text)
    if before is not None and all(getattr(before, a) == getattr(after, a)
                                  for a in ("articles", "entities", "metrics")):
        return " · ".join(parts) + ": no change."
    return " · ".join(parts)


def article_cells(row: ArticleRow) -> list[str | Text]:
    return [row.display_title, row.publisher or "", row.date or "", str(row.entity_count), str(row.metric_count)]


def metric_cells(row: MetricRow) -> list[str | Text]:
    return list(clipboard.metric_table_row(row))


ARTICLE_COLUMNS = [
    Column("title", "Title", ratio=1, min_width=10),
    Column("publisher", "Publisher", width=10, hide_below=70),
    Column("date", "Date", width=10, hide_below=56),
    Column("entities", "Ent", width=3, justify="right", hide_below=28),
    Column("metrics", "Fig", width=3, justify="right", hide_below=28),
]


def metric_columns() -> list[Column]:
    layout = {
        "subject": dict(ratio=2, min_width=6),
        "indicator": dict(ratio=3, min_width=8),
        "value": dict(width=12, justify="right"),
        "base": dict(width=20, justify="right", hide_below=110),
        "period": dict(width=10, hide_below=60),
        "change": dict(width=14, hide_below=72),
        "article": dict(ratio=3, min_width=8, hide_below=120),
    }
    return [Column(key, label, **layout[key]) for key, label in METRIC_COLUMNS]


class MetricTable(VirtualTable):
    """The figure table: printable keys that are not its own start the filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "screen.sort_next", "Sort"),
        Binding("S", "screen.sort_reverse", "Reverse", show=False),
    ]

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character and character.isprintable() and character not in _TABLE_KEYS:
            event.prevent_default()
            event.stop()
            self.screen.start_filter(character)  # type: ignore[attr-defined]


class FilterBox(Input):
    """The figure filter. It is not a Tab stop: Tab moves between the panes, and a box in the
    cycle took the single-letter keys the footer promises (Tab ×3 then s typed an "s"). It is
    entered with f, by typing in the figure table or by a click (see invite), and left with
    Enter, Esc, Down or Tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "leave", "Back to the table", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._invited = False

    def allow_focus(self) -> bool:
        return self._invited

    def invite(self) -> None:
        """Let the next set_focus land here (and Tab leave from here); undone on blur."""
        self._invited = True

    def on_blur(self, event: events.Blur) -> None:
        self._invited = False

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if not self.has_focus:
            self.invite()
            self.screen.set_focus(self)

    def action_leave(self) -> None:
        self.screen.set_focus(self.screen.query_one(MetricTable))


class MetricPane(Vertical):
    """The filter box and the figure table; zoomed (z) as one."""

    ALLOW_MAXIMIZE = True


class MainScreen(Screen[None]):
    """Everything a reader of reports needs on one screen."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (34, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        # / and f move focus from any pane. Priority bindings run as the key arrives, so keys
        # typed right after them (while the app is busy, e.g. loading jieba) already go to the
        # search box or the filter (see _not_in_text_field). f stays out of the footer: at 80
        # columns it would push out ? and q; the figure pane's subtitle shows it.
        Binding("slash", "search", "Search", priority=True),
        Binding("a", "toggle_scope", "All figures", show=False),
        Binding("f", "focus_filter", "Filter figures", show=False, priority=True),
        Binding("c", "chart", "Chart", show=False),
        Binding("t", "cycle_kind", "Kind", show=False),
        Binding("p", "period", "Period", show=False),
        Binding("y", "copy_fact", "Copy"),
        # Y and M stay out of the footer so 80 columns still show r, ? and q (help and palette list them).
        Binding("Y", "copy_table_tsv", "Copy TSV", show=False),
        Binding("M", "copy_table_markdown", "Copy MD", show=False),
        Binding("r", "refresh", "Refresh"),
        Binding("z", "maximize_pane", "Zoom", show=False),
        Binding("escape", "back", "Back", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, store: StoreAPI, *, db_name: str) -> None:
        super().__init__()
        self.store = store
        self.db_name = db_name
        self.article: ArticleDetail | None = None
        self.entity_filter: EntityRow | None = None
        self.all_figures = False
        self.metric_text = ""
        self.metric_sort: str | None = None
        self.metric_descending = False
        self.metric_kind: str | None = DEFAULT_METRIC_KIND  # t cycles KIND_CYCLE; None: every kind
        # p: the period range as typed ("" for none) and its ends, as store.query.period_range reads it
        self.period_text = ""
        self.period_from: str | None = None
        self.period_to: str | None = None
        self.search_query = ""
        self.search_hits: list[SearchHit] = []
        self._filter_timer: Timer | None = None
        self._follow_timer: Timer | None = None
        self._follow_metric: MetricRow | None = None
        self._store_counts = ""
        self._stats: Stats | None = None

    # Layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Container(id="panes"):
            yield from self._compose_panes()
        yield Static("The terminal is too small for kechuang: make it at least 60×16.", id="too-small")
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def _compose_panes(self) -> ComposeResult:
        articles = VirtualTable(ARTICLE_COLUMNS, article_cells, id="articles",
                                empty_message="No articles. Build a store: kechuang build FOLDER --db FILE")
        articles.border_title = "Articles"
        yield articles
        reader = Reader(id="reader")
        reader.border_title = "Reader"
        yield reader
        entities = EntityList(id="entities")
        entities.border_title = "Entities"
        yield entities
        with MetricPane(id="metric-pane"):
            yield FilterBox(placeholder="filter figures: subject, indicator, period, article…",
                            id="metric-filter", compact=True, select_on_focus=False)
            yield MetricTable(metric_columns(), metric_cells, id="metrics",
                              empty_message=self._no_figures_message())

    def on_mount(self) -> None:
        self.query_one("#metric-pane").border_title = "Figures"
        self.query_one(StatusBar).db_name = self.db_name
        self._load_counts()
        self.query_one("#articles", VirtualTable).set_source(self._article_source())
        if self.query_one("#articles", VirtualTable).row_count == 0:
            self.reader.empty_message = "The store is empty: no article to read."
            self.reader.show_article(None)
            self._reload_metrics()
            self.entity_list.show_entities([])
        self.set_focus(self.query_one("#articles"))
        self._update_status()
        self._check_size()

    def _load_counts(self) -> Stats | None:
        """Count the store for the status line; None (and a notice) when it cannot be read."""
        try:
            stats = self.store.stats()
        except StoreError as error:
            self.show_error(error)
            return None
        self._stats = stats
        self._store_counts = (f"{stats.articles:,} articles · {stats.entities:,} entities · "
                              f"{stats.metrics:,} figures")
        return stats

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def entity_list(self) -> EntityList:
        return self.query_one(EntityList)

    @property
    def article_table(self) -> VirtualTable:
        return self.query_one("#articles", VirtualTable)

    @property
    def metric_table(self) -> MetricTable:
        return self.query_one(MetricTable)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size()

    def _check_size(self) -> None:
        width, height = self.app.size
        # Below this the footer cannot show its keys and the palette's together: the keys
        # were cut mid-word ("…y C▏^p palette"). Ctrl+P still works; help lists it.
        self.query_one(Footer).show_command_palette = width >= FOOTER_PALETTE_MIN_WIDTH
        self.set_class(width < MIN_SIZE[0] or height < MIN_SIZE[1], "-too-small")

    def show_error(self, error: StoreError) -> None:
        if self.app._thread_id != threading.get_ident():  # a count in a worker thread
            self.app.call_from_thread(self.show_error, error)
            return
        self.notify(str(error), title="Store error", severity="error", timeout=8)

    # Sources ----------------------------------------------------------------------------
    def _article_source(self) -> ArticleSource:
        entity_id = self.entity_filter.id if self.entity_filter else None
        return ArticleSource(self.store, entity_id, self.show_error)

    def _metric_source(self) -> MetricSource:
        article_id = None if self.all_figures else (self.article.id if self.article else -1)
        return MetricSource(self.store, self.metric_query(article_id), on_error=self.show_error)

    def metric_query(self, article_id: int | None) -> MetricQuery:
        """What the figure table shows: its scope, filter and order."""
        return MetricQuery(article_id=article_id, text=self.metric_text or None, entity=self.figure_entity,
                           kind=self.metric_kind, period_from=self.period_from, period_to=self.period_to,
                           sort=self.metric_sort, descending=self.metric_descending)

    @property
    def figure_entity(self) -> str | None:
        """What the entity filter narrows the figures to (MetricQuery.entity): a place by its
        admin path (its figures and those of the places and zones under it), an organisation
        by name; a person or a document is the subject of no figure and narrows only the articles."""
        entity = self.entity_filter
        if entity is None or entity.type not in ("place", "org"):
            return None
        return entity.path or entity.name if entity.type == "place" else entity.name

    def _reload_metrics(self, *, keep_cursor: bool = False) -> None:
        table = self.metric_table
        table.sort_key = self._sort_column()
        table.sort_descending = self.metric_descending
        table.set_source(self._metric_source(), keep_cursor=keep_cursor, post=False)
        table.empty_message = self._no_figures_message()
        self._update_metric_title()
        self._update_status()

    def _no_figures_message(self) -> str:
        """What an empty figure table means, in the scope and filter it shows."""
        if self._stats is not None and self._stats.metrics == 0:
            return "The store has no figures." if self._stats.articles else "The store is empty: no figures."
        where = "in the store" if self.all_figures else "of this article"
        hint = "" if self.all_figures else ", a for every figure"
        if self.figure_entity and self.entity_filter:
            where += f" about {self.entity_filter.name}"
        period = self.period_label
        during = "" if not period else f" {period}" if period.startswith(("from ", "up to ")) else f" in {period}"
        if self.metric_text:
            return f"No figure {where}{during} matches “{self.metric_text}”. Esc clears the filter{hint}."
        if period:
            kind = f"{self.metric_kind} figure" if self.metric_kind else "figure"
            return f"No {kind} {where}{during}. p changes the period, Esc clears it{hint}."
        if self.figure_entity:
            return f"No figure {where} (places under it included). Esc clears the entity filter{hint}."
        if self.all_figures:
            return "No figures in the store."
        if self.article is None:
            return "No article open. Press a for every figure in the store."
        return "This article has no figures. Press a for every figure in the store."

    def _update_metric_title(self) -> None:
        table = self.metric_table
        scope = "all articles" if self.all_figures else "this article"
        count = "counting…" if table.counting else f"{table.row_count:,}"
        pane = self.query_one("#metric-pane")
        period = f" · {self.period_label}" if self.period_label else ""
        about = f" · {self.entity_filter.name}" if self.figure_entity and self.entity_filter else ""
        pane.border_title = content(f"Figures · {scope}{about} · {self.metric_kind or 'every kind'}{period} ({count})")
        pane.border_subtitle = "a all/article · s sort · f filter · p period · c chart"

    @property
    def period_label(self) -> str:
        """The period filter as it reads ("2022–2023", "from 2022"), or "" when there is none."""
        from .period import period_label

        return period_label(self.period_from, self.period_to)

    @on(VirtualTable.Counted, "#metrics")
    def _metrics_counted(self, event: VirtualTable.Counted) -> None:
        self._update_metric_title()

    def _sort_column(self) -> str | None:
        if self.metric_sort is None:
            return None
        return "value" if self.metric_sort == "value" else self.metric_sort

    def _update_status(self) -> None:
        status = self.query_one(StatusBar)
        status.counts = self._store_counts
        filters = []
        if self.entity_filter is not None:
            label = TYPE_LABELS.get(self.entity_filter.type, self.entity_filter.type)
            filters.append(f"{self.entity_filter.name} ({label}) → {counted(self.article_table.row_count, 'article')}")
        if self.metric_text:
            filters.append(f"figures “{self.metric_text}”")
        if self.period_label:
            filters.append(f"period {self.period_label}")
        status.filter_text = " · ".join(filters)
        # A search marks matches in the reader; it does not narrow the list, so it is no filter.
        status.search_text = self.search_query if self.reader.matches else ""

    # Articles ---------------------------------------------------------------------------
    @on(VirtualTable.Highlighted, "#articles")
    def _article_highlighted(self, event: VirtualTable.Highlighted) -> None:
        self._cancel_follow()  # the article chosen here wins over a figure still waiting
        if event.row is not None and (self.article is None or self.article.id != event.row.id):
            self.open_article(event.row.id)

    @on(VirtualTable.Selected, "#articles")
    def _article_selected(self, event: VirtualTable.Selected) -> None:
        self.open_article(event.row.id)
        self.set_focus(self.reader)

    def open_article(self, article_id: int, *, matches: list[tuple[int, int]] | None = None) -> bool:
        """Show an article in the reader with its entities and (in article scope) its figures."""
        try:
            detail = self.store.article(article_id)
            entities = self.store.entities(article_id=article_id)
        except StoreError as error:
            self.show_error(error)
            return False
        changed = self.article is None or self.article.id != detail.id
        self.article = detail
        self.reader.border_title = content(f"Reader · {detail.source}")
        self.reader.show_article(detail, matches=matches)
        if changed:
            self.entity_list.show_entities(entities)
            if not self.all_figures:
                self._reload_metrics()
        self._update_status()
        return True

    # Entities ---------------------------------------------------------------------------
    @on(EntityList.EntityHighlighted)
    def _entity_highlighted(self, event: EntityList.EntityHighlighted) -> None:
        if self.reader.matches:
            self.reader.clear_matches()
        self.reader.highlight_entity(event.entity.id)

    @on(EntityList.EntitySelected)
    def _entity_selected(self, event: EntityList.EntitySelected) -> None:
        self.filter_by_entity(event.entity)

    def filter_by_entity(self, entity: EntityRow | None) -> None:
        """Show only the articles mentioning ``entity`` (places include the places below them)
        and, for a place or an organisation, only the figures about it (see figure_entity)."""
        self.entity_filter = entity
        table = self.article_table
        table.set_source(self._article_source(), post=False)
        table.border_title = content(f"Articles · {entity.name}") if entity else "Articles"
        # Keep the open article selected when it is in the filtered list.
        if self.article is not None:
            for index in range(min(table.row_count, 500)):
                row = table.row_at(index)
                if row is not None and row.id == self.article.id:
                    table.set_cursor(index, post=False)
                    break
            else:
                if table.row_count:
                    table.set_cursor(0)
        self._reload_metrics()
        if entity is not None:
            mention = "mentions" if table.row_count == 1 else "mention"
            self.notify(f"{counted(table.row_count, 'article')} {mention} {entity.name}", timeout=3)
        self._update_status()

    def jump_to_entity(self, entity_id: int) -> None:
        if self.entity_list.select_entity(entity_id):
            self.set_focus(self.entity_list)
            self.reader.highlight_entity(entity_id)

    # Figures ----------------------------------------------------------------------------
    @on(VirtualTable.Highlighted, "#metrics")
    def _metric_highlighted(self, event: VirtualTable.Highlighted) -> None:
        metric = event.row
        if metric is None:
            return
        if self.article is not None and self.article.id == metric.article_id:
            self.show_metric(metric)  # same article: a highlight and a scroll, no fold
            return
        # Another article: open it when the cursor rests (see METRIC_FOLLOW_SECONDS).
        self._follow_metric = metric
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(METRIC_FOLLOW_SECONDS, self._follow_cursor)

    def _follow_cursor(self) -> None:
        metric, self._follow_metric = self._follow_metric, None
        self._follow_timer = None
        if metric is not None and self.metric_table.cursor_row == metric:
            self.show_metric(metric)

    @on(VirtualTable.Selected, "#metrics")
    def _metric_selected(self, event: VirtualTable.Selected) -> None:
        self.show_metric(event.row)

    def show_metric(self, metric: MetricRow | None) -> None:
        """Open the figure's article if need be, scroll to its sentence and highlight it."""
        if metric is None:
            return
        self._cancel_follow()
        if self.article is None or self.article.id != metric.article_id:
            if not self.open_article(metric.article_id):
                return
        self.reader.show_metric(metric)

    def _cancel_follow(self) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = None
        self._follow_metric = None

    @on(VirtualTable.SortRequested, "#metrics")
    def _metric_sort_requested(self, event: VirtualTable.SortRequested) -> None:
        self.sort_metrics(METRIC_SORT_BY_COLUMN[event.key])

    def sort_metrics(self, key: str, descending: bool | None = None) -> None:
        if descending is None:
            descending = not self.metric_descending if key == self.metric_sort else False
        self.metric_sort = key
        self.metric_descending = descending
        self._reload_metrics()

    def action_sort_next(self) -> None:
        index = SORT_CYCLE.index(self.metric_sort) + 1 if self.metric_sort in SORT_CYCLE else 0
        self.sort_metrics(SORT_CYCLE[index % len(SORT_CYCLE)], descending=self.metric_descending)

    def action_sort_reverse(self) -> None:
        self.sort_metrics(self.metric_sort or "value", descending=not self.metric_descending)

    def action_cycle_kind(self) -> None:
        """Actual figures (the default), then targets, forecasts, thresholds, then every kind."""
        index = KIND_CYCLE.index(self.metric_kind) + 1
        self.set_metric_kind(KIND_CYCLE[index % len(KIND_CYCLE)])

    def set_metric_kind(self, kind: str | None) -> None:
        self.metric_kind = kind
        self._reload_metrics()

    def action_period(self) -> None:
        """p: ask for a period range (2022, 2022-2023, 2022-03..2023) the figures must fall in."""
        from .period import PeriodScreen

        self.app.push_screen(PeriodScreen(self.period_text), self._period_done)

    def _period_done(self, text: str | None) -> None:
        if text is not None:  # None: left with Esc, as it was
            self.set_metric_period(text)

    def set_metric_period(self, text: str) -> None:
        """Show the figures whose period overlaps ``text`` (see store.query.period_range; ""
        clears it). Raises QueryError for a range it cannot read."""
        from store.query import period_range

        period_from, period_to = period_range(text)
        self.period_text = text.strip()
        self.period_from, self.period_to = period_from, period_to
        self._reload_metrics()

    def clear_period(self) -> None:
        self.set_metric_period("")

    def action_toggle_scope(self) -> None:
        self.set_all_figures(not self.all_figures)

    def set_all_figures(self, value: bool) -> None:
        self.all_figures = value
        self._reload_metrics()

    def _not_in_text_field(self) -> None:
        """For the actions of priority keys: typed into a text field, the key is text."""
        if isinstance(self.focused, Input):
            raise SkipAction()

    # Focus moves by Screen.set_focus, at once: Widget.focus() queues the move behind keys
    # already waiting, and those (typed fast after f, or while the app was busy) went to the
    # pane being left and were lost.
    def action_focus_filter(self) -> None:
        self._not_in_text_field()
        field = self.query_one("#metric-filter", FilterBox)
        field.invite()
        self.set_focus(field)

    def start_filter(self, character: str) -> None:
        field = self.query_one("#metric-filter", FilterBox)
        field.invite()
        self.set_focus(field)
        field.insert_text_at_cursor(character)

    @on(Input.Changed, "#metric-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DEBOUNCE_SECONDS, self._apply_filter)

    def _apply_filter(self) -> None:
        text = self.query_one("#metric-filter", Input).value.strip()
        if text != self.metric_text:
            self.metric_text = text
            self._reload_metrics()

    @on(Input.Submitted, "#metric-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self._apply_filter()
        self.set_focus(self.metric_table)

    def set_metric_filter(self, text: str) -> None:
        """Filter the figure table now (no debounce): for the palette and tests."""
        field = self.query_one("#metric-filter", Input)
        with field.prevent(Input.Changed):
            field.value = text
        self.metric_text = text.strip()
        self._reload_metrics()

    def all_table_metrics(self, limit: int = COPY_ROW_LIMIT) -> list[MetricRow]:
        """Every figure the table now shows (filter, scope and order), up to ``limit``."""
        return self._metric_source().fetch(0, limit)

    # Search -----------------------------------------------------------------------------
    def action_search(self) -> None:
        self._not_in_text_field()
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(self.search_query, self.search_hits), self._search_done)

    def _search_done(self, result: tuple[str, list[SearchHit], SearchHit | None] | None) -> None:
        if result is None:
            return
        self.search_query, self.search_hits, hit = result
        if hit is None:
            self.reader.clear_matches()
            self.search_query = ""
            self._update_status()
            return
        if self.open_article(hit.article_id, matches=hit.body_spans):
            self._select_open_article()
        self.set_focus(self.reader)
        self._update_status()

    def _select_open_article(self) -> None:
        """Put the article list's cursor on the article the reader shows (y there copies it),
        leaving an entity filter that does not hold it."""
        if self.article is None:
            return
        entity_id = self.entity_filter.id if self.entity_filter else None
        try:
            index = self.store.article_position(self.article.id, entity_id=entity_id)
            if index is None and entity_id is not None:
                self.filter_by_entity(None)
                index = self.store.article_position(self.article.id)
        except StoreError as error:
            self.show_error(error)
            return
        if index is not None:
            self.article_table.set_cursor(index, post=False)

    @on(Reader.MatchMoved)
    def _match_moved(self, event: Reader.MatchMoved) -> None:
        self.query_one(StatusBar).hint = f"{event.kind} {event.index + 1}/{event.total}  n next  N previous"

    # Refresh ----------------------------------------------------------------------------
    def action_refresh(self) -> None:
        """r: read the newest build (one may have run while the app was open) and show it,
        keeping the open article, the figure and the entity under the cursors where they
        still exist. Rows are matched by content, not id: a rebuild may renumber them."""
        before = self._stats  # as shown: the connection may already see the new build
        article_key = _article_key(self.article) if self.article else None
        old_body = self.article.body if self.article else None
        old_cursor = self.article_table.cursor
        metric = self.metric_table.cursor_row
        metric_key = _metric_key(metric) if metric is not None else None
        reader_metric_key = _metric_key(self.reader.metric) if self.reader.metric is not None else None
        entity = self.entity_list.highlighted_entity
        focus_entity = (self.entity_list.entity_by_id(self.reader.focus_entity_id)
                        if self.reader.focus_entity_id is not None else None)
        matches = list(self.reader.matches)
        reader_top = self.reader.scroll_offset.y
        try:
            self.store.refresh()
        except StoreError as error:
            self.show_error(error)
            return
        self.app.refresh_search()  # type: ignore[attr-defined]
        # Search hits name articles by id: run the search again rather than open a stale one.
        self.search_hits = []
        after = self._load_counts()
        if self.entity_filter is not None:
            self.entity_filter = self._same_entity(self.entity_filter)
            if self.entity_filter is None:
                self.notify("The entity filter is gone from the new build: showing every article.",
                            severity="warning", timeout=5)
        table = self.article_table
        table.set_source(self._article_source(), post=False)
        table.border_title = content(f"Articles · {self.entity_filter.name}") if self.entity_filter else "Articles"
        self.article = None
        self.reader.show_article(None)  # forget the old build's ids (focus entity, figure)
        if table.row_count == 0:
            self.entity_list.show_entities([])
            self._reload_metrics()
            self._update_status()
            self.notify(_refresh_message(before, after), title="Refreshed", timeout=4)
            return
        index = self._find_row(table, article_key, _article_key, old_cursor)
        table.set_cursor(index if index is not None else old_cursor, post=False)
        row = table.cursor_row
        if row is None or not self.open_article(row.id, matches=matches):
            return
        if self.all_figures:  # open_article reloads the figures of one article only
            self._reload_metrics(keep_cursor=True)
        same = self.article is not None and self.article.body == old_body
        if not same:
            self.reader.clear_matches()  # the spans belong to the old text
        self._restore_entity(entity, focus_entity)
        self._restore_metric(metric_key, reader_metric_key)
        if same:
            self.reader.scroll_to(y=reader_top, animate=False, immediate=True)
        self._update_status()
        self.notify(_refresh_message(before, after), title="Refreshed", timeout=4)

    def _same_entity(self, entity: EntityRow) -> EntityRow | None:
        """The entity with this name, type and path in the refreshed store."""
        try:
            found = self.store.find_entities(entity.name, limit=50)
        except StoreError as error:
            self.show_error(error)
            return None
        return next((e for e in found if _entity_key(e) == _entity_key(entity)), None)

    def _find_row(self, table: VirtualTable, key: object, key_of: Any, hint: int) -> int | None:
        """The index of the row whose ``key_of`` is ``key``: at ``hint`` first, then from the top."""
        if key is None:
            return None
        row = table.row_at(hint)
        if row is not None and key_of(row) == key:
            return hint
        for index in range(min(table.row_count, REFRESH_SCAN_LIMIT)):
            row = table.row_at(index)
            if row is not None and key_of(row) == key:
                return index
        return None

    def _restore_entity(self, highlighted: EntityRow | None, focused: EntityRow | None) -> None:
        entity_list = self.entity_list
        keys = {_entity_key(e): e for e in entity_list._entities.values()}
        if highlighted is not None and _entity_key(highlighted) in keys:
            new = keys[_entity_key(highlighted)]
            # Quietly: the highlight message would scroll the reader away from where it was.
            with entity_list.prevent(OptionList.OptionHighlighted):
                entity_list.select_entity(new.id)
        if focused is not None and _entity_key(focused) in keys:
            self.reader.highlight_entity(keys[_entity_key(focused)].id, scroll=False)

    def _restore_metric(self, metric_key: tuple | None, reader_metric_key: tuple | None) -> None:
        table = self.metric_table
        index = self._find_row(table, metric_key, _metric_key, table.cursor)
        if index is not None:
            table.set_cursor(index, post=False)
        if reader_metric_key is not None:
            found = self._find_row(table, reader_metric_key, _metric_key, table.cursor)
            row = table.row_at(found) if found is not None else None
            if row is not None and self.article is not None and row.article_id == self.article.id:
                self.reader.show_metric(row)

    # Other screens ----------------------------------------------------------------------
    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_chart(self) -> None:
        from .chart import ChartScreen

        metrics = self.all_table_metrics(limit=CHART_ROW_LIMIT + 1)
        caption = self._chart_caption()
        if len(metrics) > CHART_ROW_LIMIT:  # said, not left to look like the whole table
            metrics = metrics[:CHART_ROW_LIMIT]
            caption += f" · the first {CHART_ROW_LIMIT:,} figures in the table's order: filter for the rest"
        cursor = self.metric_table.cursor_row
        self.app.push_screen(ChartScreen(metrics, caption, indicator=cursor.indicator if cursor else None))

    def _chart_caption(self) -> str:
        scope = "all articles" if self.all_figures else (self.article.display_title if self.article else "")
        return " · ".join(part for part in (scope, self.metric_text, self.period_label) if part)

    def action_maximize_pane(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        focused = self.focused
        if focused is not None:
            self.maximize(focused)

    def action_quit(self) -> None:
        self.app.exit()

    def action_back(self) -> None:
        """Esc: undo the most recent narrowing (zoom, search, entity filter, figure filter, period)."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is self.query_one("#metric-filter"):
            self.set_metric_filter("")
            self.set_focus(self.metric_table)
        elif self.reader.matches:
            self.reader.clear_matches()
            self.search_query = ""
            self.query_one(StatusBar).hint = DEFAULT_HINT
        elif self.entity_filter is not None:
            self.filter_by_entity(None)
        elif self.metric_text:
            self.set_metric_filter("")
        elif self.period_text:
            self.clear_period()
        self._update_status()

    # Copying ----------------------------------------------------------------------------
    def _copy(self, text: str, what: str) -> None:
        problem = clipboard.copy_text(self.app, text)
        if problem is None:
            self.notify(f"Copied {what}.", timeout=3)
        else:
            self.notify(f"Copied {what} through the terminal (OSC 52); {problem}.", timeout=5)

    def action_copy_fact(self) -> None:
        """y: the fact under the cursor of the focused pane."""
        focused = self.focused
        if focused is self.metric_table or (focused is not None and focused.id == "metric-filter"):
            metric = self.metric_table.cursor_row
            if metric is None:
                self.notify("No figure selected to copy.", severity="warning", timeout=3)
                return
            self._copy(clipboard.metric_citation(metric), "the figure with its source sentence")
        elif focused is self.entity_list:
            entity = self.entity_list.highlighted_entity
            if entity is None:
                self.notify("No entity selected to copy.", severity="warning", timeout=3)
                return
            self._copy(clipboard.entity_citation(entity), f"{entity.name}")
        else:
            article = self.article
            if focused is self.article_table and self.article_table.cursor_row is not None:
                row = self.article_table.cursor_row
                if article is None or article.id != row.id:
                    article = self.store.article(row.id)
            if article is None:
                self.notify("No article open to copy.", severity="warning", timeout=3)
                return
            self._copy(clipboard.article_citation(article), "the title and byline")

    def _table_rows(self) -> tuple[list[str], list[list[str]]] | None:
        metrics = self.all_table_metrics()
        if not metrics:
            self.notify("The figure table is empty: nothing to copy.", severity="warning", timeout=3)
            return None
        return list(clipboard.EXPORT_COLUMNS), [clipboard.metric_export_row(m) for m in metrics]

    def action_copy_table_tsv(self) -> None:
        table = self._table_rows()
        if table is not None:
            self._copy(clipboard.table_tsv(*table), f"{counted(len(table[1]), 'figure')} as TSV")

    def action_copy_table_markdown(self) -> None:
        table = self._table_rows()
        if table is not None:
            self._copy(clipboard.table_markdown(*table), f"{counted(len(table[1]), 'figure')} as Markdown")
