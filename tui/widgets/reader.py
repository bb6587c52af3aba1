"""The reader: an article's title block and its body, entities coloured by type, figures
marked, search matches and a chosen figure's sentence highlighted.

Paragraphs are folded by cell width (``fold.fold_text``) so Chinese wraps at the pane's
edge, and each screen line remembers the body offset it starts at, so the reader can
scroll to any mention, match or sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.query import ArticleDetail, MetricRow

from ..clipboard import TYPE_LABELS, byline
from .fold import fold_text, text_strip

ENTITY_TYPES: tuple[str, ...] = ("place", "org", "person", "document")


class Reader(ScrollView, can_focus=True):
    """One article, folded to the pane's width."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("n", "next_match", "Next"),
        Binding("N", "previous_match", "Prev"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--place", "reader--org", "reader--person", "reader--document",
        "reader--figure", "reader--entity-focus", "reader--sentence", "reader--match",
        "reader--match-current", "reader--kicker", "reader--title", "reader--subtitle",
        "reader--byline", "reader--meta", "reader--rule", "reader--empty",
    }

    class MatchMoved(Message):
        """The current match changed (n/N): say which of how many."""

        def __init__(self, index: int, total: int, kind: str) -> None:
            super().__init__()
            self.index = index
            self.total = total
            self.kind = kind

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: ArticleDetail | None = None
        self.empty_message = "No article open."
        self.focus_entity_id: int | None = None
        self.matches: list[tuple[int, int]] = []  # search matches in the body
        self.current_match = -1
        self.metric: MetricRow | None = None
        self._lines: list[Text] = []
        self._line_offsets: list[int] = []  # body offset of each body line, in order
        self._line_numbers: list[int] = []  # screen line number of each body line
        self._layout_width = -1
        self._strip_cache: dict[int, Strip] = {}

    # Content ----------------------------------------------------------------------------
    def show_article(self, article: ArticleDetail | None, *, matches: list[tuple[int, int]] | None = None) -> None:
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        if not same:
            self.focus_entity_id = None
            self.metric = None
        self.matches = sorted(matches or [])
        self.current_match = -1
        self._invalidate()
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        if self.matches:
            self.current_match = 0
            self._invalidate()
            self.scroll_to_offset(self.matches[0][0])

    def clear_matches(self) -> None:
        self.matches = []
        self.current_match = -1
        self._invalidate()

    def highlight_entity(self, entity_id: int | None, *, scroll: bool = True) -> None:
        self.focus_entity_id = entity_id
        self.current_match = -1
        self._invalidate()
        spans = self._entity_spans()
        if scroll and spans:
            self.current_match = 0
            self.scroll_to_offset(spans[0][0])

    def show_metric(self, metric: MetricRow | None) -> None:
        self.metric = metric
        self._invalidate()
        if metric is not None:
            self.scroll_to_offset(metric.sentence_start)

    def _entity_spans(self) -> list[tuple[int, int]]:
        if self.article is None or self.focus_entity_id is None:
            return []
        # Mentions in the head lines (negative offsets) have no place in the body.
        return [(m.start, m.end) for m in self.article.mentions
                if m.entity_id == self.focus_entity_id and m.start >= 0]

    def _navigable(self) -> tuple[list[tuple[int, int]], str]:
        """What n/N step through: search matches, else the chosen entity's mentions."""
        if self.matches:
            return self.matches, "match"
        return self._entity_spans(), "mention"

    def _step(self, delta: int) -> None:
        spans, kind = self._navigable()
        if not spans:
            self.notify("No matches here: search with / or choose an entity.", severity="warning", timeout=3)
            return
        self.current_match = (self.current_match + delta) % len(spans)
        self._invalidate()
        self.scroll_to_offset(spans[self.current_match][0])
        self.post_message(self.MatchMoved(self.current_match, len(spans), kind))

    def action_next_match(self) -> None:
        self._step(1)

    def action_previous_match(self) -> None:
        self._step(-1)

    # Layout -----------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._layout_width = -1
        self._strip_cache.clear()
        self._ensure_layout()
        self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"reader--{name}", partial=True)

    def _ensure_layout(self) -> None:
        # Fold to the cells left of the scrollbar.
        width = max(10, self.scrollable_content_region.width or self.size.width)
        if width == self._layout_width:
            return
        self._layout_width = width
        self._strip_cache.clear()
        lines: list[Text] = []
        self._line_offsets = []
        self._line_numbers = []
        article = self.article
        if article is None:
            lines = [Text(self.empty_message, style=self._style("empty"))]
        else:
            self._layout_head(article, width, lines)
            self._layout_body(article, width, lines)
        self._lines = lines
        self.virtual_size = Size(0, len(lines))

    def _folded(self, text: str, style: Style, width: int, lines: list[Text]) -> None:
        lines.extend(line for _, line in fold_text(Text(text, style=style), width))

    def _layout_head(self, article: ArticleDetail, width: int, lines: list[Text]) -> None:
        if article.kicker:
            self._folded(article.kicker, self._style("kicker"), width, lines)
        self._folded(article.display_title, self._style("title"), width, lines)
        if article.subtitle:
            self._folded(article.subtitle, self._style("subtitle"), width, lines)
        credit = byline(article)
        if credit:
            self._folded(credit, self._style("byline"), width, lines)
        meta = [part for part in (article.publisher, article.date) if part and part not in credit]
        meta.append(f"source {article.source}")
        self._folded(" · ".join(meta), self._style("meta"), width, lines)
        lines.append(self._legend(width))
        lines.append(Text("─" * width, style=self._style("rule")))

    def _legend(self, width: int) -> Text:
        """The colour key on one line: 地点 place … figure, or the English words alone
        when the pane is too narrow for both (a wrapped key splits a label from its colour)."""
        for labels in (TYPE_LABELS, {t: TYPE_LABELS[t].split()[-1] for t in ENTITY_TYPES}):
            legend = Text(style=self._style("meta"))
            for entity_type in ENTITY_TYPES:
                legend.append(labels[entity_type], style=self._style(entity_type))
                legend.append("  ")
            legend.append("figure", style=self._style("figure"))
            if legend.cell_len <= width:
                break
        legend.truncate(width)
        return legend

    def _layout_body(self, article: ArticleDetail, width: int, lines: list[Text]) -> None:
        body = article.body
        styled = Text(body)
        # Negative offsets mark the head lines (title, byline): Rich would count them from the end.
        for mention in article.mentions:
            if mention.start >= 0:
                styled.stylize(self._style(mention.type), mention.start, mention.end)
        for metric in article.metrics:
            if metric.start >= 0:
                styled.stylize(self._style("figure"), metric.start, metric.end)
        if self.metric is not None and self.metric.article_id == article.id:
            styled.stylize(self._style("sentence"), self.metric.sentence_start, self.metric.sentence_end)
            styled.stylize(self._style("match-current"), self.metric.start, self.metric.end)
        spans, _ = self._navigable()
        focus_style = self._style("entity-focus") if not self.matches else self._style("match")
        for index, (start, end) in enumerate(spans):
            current = index == self.current_match
            styled.stylize(self._style("match-current") if current else focus_style, start, end)
        offset = 0
        for paragraph in styled.split("\n", allow_blank=True):
            length = len(paragraph.plain)
            if paragraph.plain.strip():
                for line_offset, line in fold_text(paragraph, width):
                    self._line_offsets.append(offset + line_offset)
                    self._line_numbers.append(len(lines))
                    lines.append(line)
                lines.append(Text(""))
            offset += length + 1  # the "\n" between paragraphs
        if not article.body.strip():
            lines.append(Text("This article has no body text.", style=self._style("empty")))

    def line_of_offset(self, offset: int) -> int:
        """The screen line that shows body character ``offset``."""
        self._ensure_layout()
        if not self._line_offsets:
            return 0
        index = max(0, bisect_right(self._line_offsets, offset) - 1)
        return self._line_numbers[index]

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding body ``offset`` sits a third of the way down."""
        line = self.line_of_offset(offset)
        top = max(0, line - max(1, self.size.height // 3))
        self.scroll_to(y=top, animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        self._ensure_layout()
        width = self.size.width
        index = round(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strip_cache.get(index)
        if strip is None:
            text = self._lines[index]
            strip = text_strip(text, self.app.console)
            self._strip_cache[index] = strip
        return strip.apply_style(base).crop_extend(0, width, base)

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
