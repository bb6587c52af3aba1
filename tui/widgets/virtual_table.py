"""A table that pages its rows from a data source and renders only the visible lines.

DataTable holds every row in memory and takes seconds to paint 100,000 of them; this
widget asks its source for the row count and for pages of rows (``offset``/``limit``) as
they scroll into view, the way Textual's Log and toolong's log view render by line.
A count the source cannot give at once (a filter over 1.9 million figures, up to ~100 ms
when the store is not in the page cache) is taken in a worker while the first page shows.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..safe_text import one_line, rich_text
from .fold import text_strip

PAGE_SIZE = 100
MAX_CACHED_PAGES = 32


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Set ``view.virtual_size`` without laying out the whole screen when it can be helped.

    ``virtual_size`` is a layout reactive: every change re-arranges and repaints every widget
    on the screen (30-40 ms on the main screen), and a filter or a new article changes it.
    Only a vertical scrollbar that appears or goes needs that; otherwise the view's
    scrollbar is updated and the view alone repainted."""
    if size == view.virtual_size:
        return
    had_scrollbar = view.show_vertical_scrollbar
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)
    if view.show_vertical_scrollbar != had_scrollbar:
        view.refresh(layout=True)
    else:
        view.refresh()


class RowSource(Protocol):
    """Where a VirtualTable gets its rows."""

    def count(self) -> int: ...

    def known_count(self) -> int | None:
        """``count()`` when it is cheap; None when counting would hold up the screen."""
        ...

    def fetch(self, offset: int, limit: int) -> Sequence[Any]: ...


class TableMessage(Message):
    """A message from a VirtualTable (its ``control``, for ``@on`` selectors)."""

    def __init__(self, table: VirtualTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> VirtualTable:
        return self.table


@dataclass
class Column:
    key: str
    label: str
    width: int | None = None  # fixed width in cells; None shares the rest by ``ratio``
    ratio: int = 1
    min_width: int = 4
    justify: str = "left"
    hide_below: int = 0  # hide the column when the table is narrower than this


class VirtualTable(ScrollView, can_focus=True):
    """Rows from a ``RowSource``; a header line; a cursor; sorting by column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "Top", show=False),
        Binding("end,G", "last", "Bottom", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--cursor-blurred",
        "virtual-table--odd",
        "virtual-table--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(TableMessage):
        """The cursor moved to a row."""

        def __init__(self, table: VirtualTable, index: int, row: Any) -> None:
            super().__init__(table)
            self.index = index
            self.row = row

    class Selected(Highlighted):
        """Enter (or a second click) on a row."""

    class Counted(TableMessage):
        """The row count taken in the background has arrived (see ``counting``)."""

        def __init__(self, table: VirtualTable, count: int) -> None:
            super().__init__(table)
            self.count = count

    class SortRequested(TableMessage):
        """A header was clicked: sort by this column."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__(table)
            self.key = key

    def __init__(
        self,
        columns: Sequence[Column],
        format_row: Callable[[Any], Sequence[str | Text]],
        *,
        empty_message: str = "Nothing to show.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.format_row = format_row
        self.empty_message = empty_message
        self._source: RowSource | None = None
        self._row_count = 0
        self._counting = False
        self._pages: OrderedDict[int, Sequence[Any]] = OrderedDict()
        self.sort_key: str | None = None
        self.sort_descending = False

    # Data -------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return self._row_count

    @property
    def counting(self) -> bool:
        """True while the row count is being taken in the background: ``row_count`` is then
        the rows of the first page, and more follow."""
        return self._counting

    def set_source(self, source: RowSource | None, *, keep_cursor: bool = False, post: bool = True) -> None:
        """Show rows from ``source``: count them now (or, when counting is slow, show the first
        page now and count in a worker), fetch pages as they are drawn."""
        self._source = source
        self._pages.clear()
        self._counting = False
        if source is None:
            self._row_count = 0
        elif keep_cursor:  # the cursor may lie past the first page: it needs the count
            self._row_count = source.count()
        else:
            known = source.known_count()
            if known is None:
                first = source.fetch(0, PAGE_SIZE)
                self._pages[0] = first
                known = len(first)
                # A full first page: the rest are counted in a worker (see Counted).
                self._counting = known == PAGE_SIZE
                if self._counting:
                    # A callable, not a coroutine: a worker cancelled before it starts (the
                    # next filter, exclusive) then leaves no coroutine never awaited.
                    self.run_worker(partial(self._count_rows, source), group="row-count", exclusive=True,
                                    exit_on_error=False)
            self._row_count = known
        set_virtual_size(self, Size(0, self._row_count + 1))
        cursor = min(self.cursor, max(0, self._row_count - 1)) if keep_cursor else 0
        if not keep_cursor:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.set_cursor(cursor, post=post)
        self.refresh()

    async def _count_rows(self, source: RowSource) -> None:
        count = await asyncio.to_thread(source.count)
        if source is self._source and self._counting:
            self._set_row_count(count)

    def settle_count(self) -> None:
        """Wait for the count now (a key that needs the last row: End, a page past the first)."""
        if self._counting and self._source is not None:
            self._set_row_count(self._source.count())  # the worker's count, once it is in

    def _set_row_count(self, count: int) -> None:
        self._counting = False
        self._row_count = count
        set_virtual_size(self, Size(0, count + 1))
        if self.cursor >= count:
            self.set_cursor(count - 1)
        self.refresh()
        self.post_message(self.Counted(self, count))

    def row_at(self, index: int) -> Any | None:
        if self._source is None or not 0 <= index < self._row_count:
            return None
        page_index = index // PAGE_SIZE
        page = self._pages.get(page_index)
        if page is None:
            page = self._source.fetch(page_index * PAGE_SIZE, PAGE_SIZE)
            self._pages[page_index] = page
            if len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_index)
        offset = index - page_index * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def cursor_row(self) -> Any | None:
        return self.row_at(self.cursor)

    def visible_rows(self) -> list[Any]:
        """The rows now on screen, top to bottom."""
        first = round(self.scroll_offset.y)
        last = min(self._row_count, first + max(0, self.size.height - 1))
        return [row for row in (self.row_at(i) for i in range(first, last)) if row is not None]

    # Cursor -----------------------------------------------------------------------------
    def set_cursor(self, index: int, *, post: bool = True) -> None:
        if self._row_count == 0:
            self.cursor = 0
            return
        index = max(0, min(index, self._row_count - 1))
        self.cursor = index
        self._scroll_cursor_visible()
        self.refresh()
        if post:
            self.post_message(self.Highlighted(self, index, self.row_at(index)))

    def _scroll_cursor_visible(self) -> None:
        body_height = max(1, self.size.height - 1)
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + body_height:
            self.scroll_to(y=self.cursor - body_height + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.set_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        if self.cursor + 1 >= self._row_count:
            self.settle_count()
        self.set_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self.set_cursor(self.cursor - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        target = self.cursor + max(1, self.size.height - 2)
        if target >= self._row_count:
            self.settle_count()
        self.set_cursor(target)

    def action_first(self) -> None:
        self.set_cursor(0)

    def action_last(self) -> None:
        self.settle_count()
        self.set_cursor(self._row_count - 1)

    def action_select(self) -> None:
        row = self.cursor_row
        if row is not None:
            self.post_message(self.Selected(self, self.cursor, row))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            key = self._column_at(offset.x)
            if key is not None:
                self.post_message(self.SortRequested(self, key))
            return
        index = round(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < self._row_count:
            if index == self.cursor and event.chain > 1:
                self.action_select()
            else:
                self.set_cursor(index)

    # Layout -----------------------------------------------------------------------------
    def _visible(self, width: int) -> list[int]:
        """Indexes of the columns shown at this width."""
        return [i for i, c in enumerate(self.columns) if width >= c.hide_below]

    def _column_widths(self, width: int) -> list[int]:
        columns = [self.columns[i] for i in self._visible(width)]
        gaps = max(0, len(columns) - 1)
        fixed = sum(c.width for c in columns if c.width is not None)
        flexible = [c for c in columns if c.width is None]
        spare = max(0, width - fixed - gaps)
        total_ratio = sum(c.ratio for c in flexible) or 1
        widths: list[int] = []
        given = 0
        for column in columns:
            if column.width is not None:
                widths.append(column.width)
            else:
                share = max(column.min_width, spare * column.ratio // total_ratio)
                widths.append(share)
                given += share
        # Hand the cells lost to rounding to the last flexible column.
        if flexible and given < spare:
            last = max(i for i, c in enumerate(columns) if c.width is None)
            widths[last] += spare - given
        return widths

    def _column_at(self, x: int) -> str | None:
        position = 0
        columns = [self.columns[i] for i in self._visible(self._layout_width)]
        for column, width in zip(columns, self._column_widths(self._layout_width)):
            if position <= x < position + width + 1:
                return column.key
            position += width + 1
        return None

    @property
    def _layout_width(self) -> int:
        """Cells the columns may use: the content width less the scrollbar."""
        return self.scrollable_content_region.width or self.size.width

    def _cells_line(self, cells: Sequence[str | Text], width: int, style: Style) -> Strip:
        line = Text(no_wrap=True, overflow="ellipsis", end="", style=style)
        visible = self._visible(width)
        cells = [cells[i] for i in visible]
        columns = [self.columns[i] for i in visible]
        for index, (cell, cell_width, column) in enumerate(zip(cells, self._column_widths(width), columns)):
            if index:
                line.append(" ")
            # Cells hold titles and figures from documents: one line, controls made visible.
            if isinstance(cell, Text):
                text = cell.copy()
                text.plain = one_line(text.plain)  # one for one: the cell's spans still fit
            else:
                text = rich_text(cell)
            text.no_wrap = True
            if cell_len(text.plain) > cell_width:
                text.truncate(cell_width, overflow="ellipsis")
            padding = cell_width - cell_len(text.plain)
            if padding > 0:
                if column.justify == "right":
                    text = Text(" " * padding) + text
                else:
                    text.append(" " * padding)
            line.append_text(text)
        return text_strip(line, self.app.console).crop_extend(0, self.size.width, style)

    def render_line(self, y: int) -> Strip:
        width = self._layout_width
        base_style = self.rich_style
        if y == 0:
            header_style = base_style + self.get_component_rich_style("virtual-table--header")
            labels = []
            for column in self.columns:
                label = column.label
                if column.key == self.sort_key:
                    label += " ▼" if self.sort_descending else " ▲"
                labels.append(Text(label))
            return self._cells_line(labels, width, header_style)
        index = round(self.scroll_offset.y) + y - 1
        if self._row_count == 0:
            if y == 1:
                empty_style = base_style + self.get_component_rich_style("virtual-table--empty")
                return Strip([Segment(self.empty_message, empty_style)]).crop_extend(0, self.size.width, base_style)
            return Strip.blank(self.size.width, base_style)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(self.size.width, base_style)
        style = base_style
        if index % 2:
            style = style + self.get_component_rich_style("virtual-table--odd")
        if index == self.cursor:
            cursor_class = "virtual-table--cursor" if self.has_focus else "virtual-table--cursor-blurred"
            style = style + self.get_component_rich_style(cursor_class)
        return self._cells_line(self.format_row(row), width, style)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, self._row_count + 1)
        self._scroll_cursor_visible()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
