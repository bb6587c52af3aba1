"""The status line: database, counts, the active filter and a few key hints."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ..safe_text import one_line

DEFAULT_HINT = "? help  / search  Ctrl+P commands"


class StatusBar(Static):
    db_name: reactive[str] = reactive("")
    counts: reactive[str] = reactive("")
    filter_text: reactive[str] = reactive("")
    search_text: reactive[str] = reactive("")
    hint: reactive[str] = reactive(DEFAULT_HINT)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {one_line(self.db_name)} ", style="bold")
        if self.counts:
            text.append(f" {self.counts} ")
        if self.filter_text:
            text.append(" │ ", style="dim")
            text.append(f"filter: {one_line(self.filter_text)}", style="bold")  # names an entity
        if self.search_text:
            text.append(" │ ", style="dim")
            text.append(f"search “{one_line(self.search_text)}”", style="bold")
        # The key hint is the first thing to go on a narrow terminal: the filter matters more,
        # and a hint cut in half reads as nonsense.
        if self.hint and text.cell_len + 3 + cell_len(self.hint) <= self.size.width:
            text.append(" │ ", style="dim")
            text.append(self.hint, style="dim")
        return text
