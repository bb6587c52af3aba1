"""The reader: an article's title block and its body, entities coloured by type, figures
marked, search matches and a chosen figure's sentence highlighted.

Paragraphs are folded by cell width (``fold.fold_text``) so Chinese wraps at the pane's
edge, and each screen line remembers the part of the article (kicker, title, subtitle,
byline, body) and the offset in it that it starts at, so the reader can scroll to and
highlight any mention, match or sentence, in the head lines as in the body.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.models import mention_order
from store.query import ArticleDetail, MetricRow

from ..clipboard import TYPE_LABELS, byline
from ..safe_text import content, one_line, safe_text
from .fold import fold_text, text_strip
from .virtual_table import set_virtual_size

ENTITY_TYPES: tuple[str, ...] = ("place", "org", "person", "document")
LAYOUT_CACHE_SIZE = 8
_STYLE_NAMES: tuple[str, ...] = (
    "place", "org", "person", "document", "figure", "entity-focus", "sentence", "match",
    "match-current", "kicker", "title", "subtitle", "byline", "meta", "rule", "empty",
    "why-subject", "why-period", "why-change",
)


def why_spans(metric: MetricRow, body: str) -> list[tuple[int, int, str]]:
    """Why the table reads a figure as it does: body spans of its subject's mention, its
    period and its change (each where the sentence prints it), with the style each takes.
    The figure itself is highlighted apart (match-current)."""
    spans: list[tuple[int, int, str]] = []
    if metric.subject_start is not None and metric.subject_end is not None and metric.subject_start >= 0:
        spans.append((metric.subject_start, metric.subject_end, "why-subject"))
    lo, hi = metric.sentence_start, metric.sentence_end
    sentence = body[lo:hi]
    for text, style in ((metric.period, "why-period"), (_change_text(metric, sentence), "why-change")):
        if text:
            at = sentence.find(text)
            if at >= 0 and not (lo + at < metric.end and lo + at + len(text) > metric.start):
                spans.append((lo + at, lo + at + len(text), style))
    return spans


def _change_text(metric: MetricRow, sentence: str) -> str | None:
    """The change as the sentence prints it: 同比增长43.5%, else its kind word alone."""
    from ..clipboard import format_change

    printed = format_change(metric)
    if printed and printed in sentence:
        return printed
    return metric.change.kind if metric.change is not None else None


def shown_offsets(raw: str, shown: str) -> list[int]:
    """For each offset 0..len(raw) of ``raw``, the offset of the same place in ``shown``, which
    is ``raw`` with its white space stripped or collapsed (the byline on one line, the title
    stripped): mention offsets into the stored text become offsets into what is shown."""
    out: list[int] = []
    j = 0
    for ch in raw:
        out.append(j)
        if j < len(shown) and (shown[j] == ch or (ch.isspace() and shown[j].isspace())):
            j += 1
    out.append(j)
    return out


Span = tuple[str, int, int]  # (part of the article: store.models.TEXT_FIELDS, start, end)


def why_note(metric: MetricRow) -> str | None:
    """Said when the figure's subject is not in its sentence but was read from the article."""
    if metric.subject and metric.subject_start is None:
        return f"Subject {metric.subject}: from the article (title, dateline or lead), not this sentence."
    return None


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
        "reader--why-subject", "reader--why-period", "reader--why-change",
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
        self._body_line_offset: dict[int, int] = {}  # screen line number -> body offset
        # Screen line number of a head line -> (its part, offset in the part as shown there)
        self._head_line_offset: dict[int, tuple[str, int]] = {}
        # What each head part shows: part -> (text shown, shown offset of each stored offset)
        self._head_shown: dict[str, tuple[str, list[int]]] = {}
        self._layout_width = -1
        self._strip_cache: dict[int, Strip] = {}
        # The highlights that change as the user moves (chosen figure, matches, focused
        # entity) are laid over the folded lines as they are drawn, so moving between
        # figures of one article re-renders a screenful instead of folding the body again.
        self._overlays: list[tuple[int, int, Style]] = []
        self._head_overlays: list[tuple[str, int, int, Style]] = []  # the same in head lines (shown offsets)
        self._styles: dict[str, Style] = {}
        # Folded articles by (id, body, width, styles): going back to an article (figure
        # cursor moving between a few articles) skips the fold, which styles every mention.
        self._layouts: OrderedDict[tuple, tuple] = OrderedDict()

    # Content ----------------------------------------------------------------------------
    def show_article(self, article: ArticleDetail | None, *, matches: list[tuple[int, int]] | None = None) -> None:
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        if not same:
            self.focus_entity_id = None
            self.metric = None
        self.matches = sorted(matches or [])
        self.current_match = 0 if self.matches else -1
        self._invalidate(layout=True)
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        if self.matches:
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
            self._scroll_to_span(spans[0])

    def show_metric(self, metric: MetricRow | None) -> None:
        """Highlight a figure with why it reads so (subject, period, change), its sentence in view."""
        self.metric = metric
        self._invalidate()
        self.border_subtitle = content(why_note(metric) or "") if metric is not None else ""
        if metric is not None:
            self.scroll_to_offset(metric.sentence_start)

    def _entity_spans(self) -> list[Span]:
        if self.article is None or self.focus_entity_id is None:
            return []
        # Every mention the entity pane counts, in reading order: those in the head lines
        # (title, byline ...) come first, at the top, where those lines are.
        mentions = sorted((m for m in self.article.mentions if m.entity_id == self.focus_entity_id),
                          key=mention_order)
        return [(m.field, m.start, m.end) for m in mentions]

    def _scroll_to_span(self, span: Span) -> None:
        part, start, _ = span
        if part != "body":
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self.scroll_to_offset(start)

    def _navigable(self) -> tuple[list[Span], str]:
        """What n/N step through: search matches (in the body), else the chosen entity's mentions."""
        if self.matches:
            return [("body", start, end) for start, end in self.matches], "match"
        return self._entity_spans(), "mention"

    def _step(self, delta: int) -> None:
        spans, kind = self._navigable()
        if not spans:
            self.notify("No matches here: search with / or choose an entity.", severity="warning", timeout=3)
            return
        self.current_match = (self.current_match + delta) % len(spans)
        self._invalidate()
        self._scroll_to_span(spans[self.current_match])
        self.post_message(self.MatchMoved(self.current_match, len(spans), kind))

    def action_next_match(self) -> None:
        self._step(1)

    def action_previous_match(self) -> None:
        self._step(-1)

    # Layout -----------------------------------------------------------------------------
    def _invalidate(self, *, layout: bool = False) -> None:
        """Redraw with the current highlights; ``layout``: the article changed, fold it (again)."""
        if layout:
            self._layout_width = -1
        self._strip_cache.clear()
        self._ensure_layout()
        self._overlays = self._overlay_spans()
        self._head_overlays = self._head_overlay_spans()
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
        article = self.article
        # Resolved once per layout: a style lookup per mention was a third of a fold.
        self._styles = {name: self._style(name) for name in _STYLE_NAMES}
        if article is None:
            self._lines = [Text(self.empty_message, style=self._styles["empty"])]
            self._line_offsets, self._line_numbers, self._body_line_offset = [], [], {}
            self._head_line_offset, self._head_shown = {}, {}
            set_virtual_size(self, Size(0, 1))
            return
        key = (article.id, article.body, article.display_title, width, tuple(self._styles.values()))
        cached = self._layouts.get(key)
        if cached is None:
            lines: list[Text] = []
            self._line_offsets = []
            self._line_numbers = []
            self._head_line_offset = {}
            self._head_shown = {}
            self._layout_head(article, width, lines)
            self._layout_body(article, width, lines)
            cached = (lines, self._line_offsets, self._line_numbers, self._head_line_offset, self._head_shown)
            self._layouts[key] = cached
            if len(self._layouts) > LAYOUT_CACHE_SIZE:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        self._lines, self._line_offsets, self._line_numbers, self._head_line_offset, self._head_shown = cached
        self._body_line_offset = dict(zip(self._line_numbers, self._line_offsets))
        set_virtual_size(self, Size(0, len(self._lines)))

    def _overlay_spans(self) -> list[tuple[int, int, Style]]:
        """The moving highlights as (start, end, style) body spans, in the order they stack."""
        article = self.article
        if article is None:
            return []
        styles = self._styles
        overlays: list[tuple[int, int, Style]] = []
        if self.metric is not None and self.metric.article_id == article.id:
            overlays.append((self.metric.sentence_start, self.metric.sentence_end, styles["sentence"]))
            overlays += [(start, end, styles[style]) for start, end, style in why_spans(self.metric, article.body)]
            overlays.append((self.metric.start, self.metric.end, styles["match-current"]))
        overlays += [(start, end, style) for part, start, end, style in self._focus_spans() if part == "body"]
        return overlays

    def _focus_spans(self) -> list[tuple[str, int, int, Style]]:
        """The spans n/N step through, the current one marked, in stored offsets."""
        styles = self._styles
        spans, _ = self._navigable()
        focus_style = styles["entity-focus"] if not self.matches else styles["match"]
        return [(part, start, end, styles["match-current"] if index == self.current_match else focus_style)
                for index, (part, start, end) in enumerate(spans)]

    def _head_overlay_spans(self) -> list[tuple[str, int, int, Style]]:
        """The moving highlights of the head lines, in offsets of the text shown there."""
        out = []
        for part, start, end, style in self._focus_spans():
            shown = self._head_shown.get(part)
            if part != "body" and shown is not None and end <= len(shown[1]) - 1:
                out.append((part, shown[1][start], shown[1][end], style))
        return out

    def _folded(self, text: str, style: Style, width: int, lines: list[Text]) -> None:
        lines.extend(line for _, line in fold_text(Text(one_line(text), style=style), width))

    def _head_part(self, article: ArticleDetail, part: str, shown: str, width: int, lines: list[Text]) -> None:
        """One head line (``part`` of the article, shown as ``shown``), its mentions coloured
        by type, folded; each screen line remembers where in ``shown`` it starts."""
        raw = article.field_text(part)
        offsets = shown_offsets(raw, shown)
        self._head_shown[part] = (shown, offsets)
        text = Text(one_line(shown), style=self._style(part))
        for mention in article.mentions:
            if mention.field == part and 0 <= mention.start <= mention.end <= len(raw):
                start, end = offsets[mention.start], offsets[mention.end]
                if shown[start:end] == mention.text:  # never colour what is not the mention
                    text.stylize(self._styles.get(mention.type) or self._style(mention.type), start, end)
        for line_offset, line in fold_text(text, width):
            self._head_line_offset[len(lines)] = (part, line_offset)
            lines.append(line)

    def _layout_head(self, article: ArticleDetail, width: int, lines: list[Text]) -> None:
        if article.kicker:
            self._head_part(article, "kicker", article.kicker, width, lines)
        if article.title:
            self._head_part(article, "title", article.display_title, width, lines)
        else:
            self._folded(article.display_title, self._style("title"), width, lines)
        if article.subtitle:
            self._head_part(article, "subtitle", article.subtitle, width, lines)
        credit = byline(article)
        if credit and (article.byline or "").strip():
            self._head_part(article, "byline", credit, width, lines)  # the byline as printed, on one line
        elif credit:
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
        # One for one (tabs become spaces, controls their pictures): the mention offsets still fit.
        styled = Text(safe_text(body.replace("\t", " "), keep="\n"))
        styles = self._styles
        # Mentions of the head lines are coloured there (_head_part).
        # The same span twice styles nothing more: a store may hold a figure many times over
        # (tens of thousands of identical spans made every fold and split crawl).
        seen: set[tuple[int, int, str]] = set()
        for mention in article.mentions:
            key = (mention.start, mention.end, mention.type)
            if mention.field == "body" and key not in seen:
                seen.add(key)
                styled.stylize(styles.get(mention.type) or self._style(mention.type), mention.start, mention.end)
        for metric in article.metrics:
            key = (metric.start, metric.end, "figure")
            if metric.start >= 0 and key not in seen:
                seen.add(key)
                styled.stylize(styles["figure"], metric.start, metric.end)
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

    def _line_text(self, index: int) -> Text:
        """Screen line ``index`` with the moving highlights laid over it."""
        text = self._lines[index]
        start = self._body_line_offset.get(index)
        overlays = self._overlays
        if start is None:
            head = self._head_line_offset.get(index)
            if head is None:
                return text
            part, start = head
            overlays = [(s, e, style) for p, s, e, style in self._head_overlays if p == part]
        if not overlays:
            return text
        end = start + len(text.plain)
        covering = [(s, e, style) for s, e, style in overlays if s < end and e > start and e > s]
        if not covering:
            return text
        text = text.copy()
        for s, e, style in covering:
            text.stylize(style, max(s, start) - start, min(e, end) - start)
        return text

    def render_line(self, y: int) -> Strip:
        self._ensure_layout()
        width = self.size.width
        index = round(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strip_cache.get(index)
        if strip is None:
            text = self._line_text(index)
            strip = text_strip(text, self.app.console)
            self._strip_cache[index] = strip
        return strip.apply_style(base).crop_extend(0, width, base)

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
