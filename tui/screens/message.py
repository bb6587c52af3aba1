"""A full screen that explains a problem (missing, corrupt or outdated store) and how to fix it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..safe_text import content


class MessageScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "Quit")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box") as box:
            box.border_title = content(self.title_text)
            yield Static(content(self.message, multiline=True), id="message-text")
            yield Static("Press q to quit.", id="message-hint")
        yield Footer()
