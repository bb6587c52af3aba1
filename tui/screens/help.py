"""The help screen: every key, by pane."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..clipboard import TYPE_LABELS

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (
        ("Tab / Shift+Tab", "next / previous pane"),
        ("j k ↑ ↓", "move"),
        ("PageUp PageDown", "page up / down"),
        ("g G Home End", "top / bottom"),
        ("Enter", "open: article, entity filter, figure's sentence"),
        ("/", "search every article (简体 and 繁體)"),
        ("Esc", "back: clear search, filters, period, zoom"),
        ("Ctrl+P", "command palette: every action"),
        ("r", "refresh: show the newest build of the store"),
        ("z", "zoom the focused pane"),
        ("?", "this help"),
        ("q", "quit"),
    )),
    ("Reader", (
        ("Space", "page down"),
        ("n / N", "next / previous search match or entity mention"),
        ("y", "copy the title and byline"),
    )),
    ("Entities", (
        ("↑ ↓", "highlight every mention in the reader"),
        ("Enter", "only articles that mention it (places include the places below)"),
        ("y", "copy the name and type"),
    )),
    ("Figures", (
        ("a", "this article's figures / every figure in the store"),
        ("s / S", "sort by the next column / reverse the order (click a header too)"),
        ("f (any pane) or type", "filter on subject, indicator, quantity, period, article"),
        ("c", "chart the indicator under the cursor, by subject"),
        ("t", "figure kind: actual (default), target, forecast, threshold, every kind"),
        ("p", "period: 2022, 2022-2023, 2022-03..2023 (empty: none)"),
        ("y", "copy the figure as a citation with its sentence"),
        ("Y / M", "copy the table as TSV (spreadsheets) / Markdown"),
    )),
    ("Search (/)", (
        ("type", "search as you type; ↓ to the hits"),
        ("Enter", "open the hit in the reader, matches marked"),
        ("Esc", "clear the search"),
    )),
    ("Chart (c)", (
        ("Esc q c", "close"),
    )),
)


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, keys in KEYS:
        table.add_row(Text(section, style="bold underline"), "")
        for key, what in keys:
            table.add_row(key, what)
        table.add_row("", "")
    legend = Text("Entity types: " + ", ".join(TYPE_LABELS.values()))
    table.add_row(Text("Types", style="bold underline"), legend)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "kechuang 科创 · keys"
            box.border_subtitle = "Esc close"
            yield Static(help_table(), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
