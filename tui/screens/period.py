"""The period filter (p): a box that takes a year or a range of them, and says what it read."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.errors import QueryError
from store.query import period_range

PERIOD_HINT = ("2022 · 2022-2023 · 2022-03..2023 · 2022.. (from) · ..2023 (up to)\n"
               "Keeps the figures whose dated period overlaps the range.\n"
               "Enter applies · empty clears it · Esc keeps it as it was")


def period_label(period_from: str | None, period_to: str | None) -> str:
    """How a period range reads in the status line and the figure pane's title."""
    if period_from and period_to:
        return period_from if period_from == period_to else f"{period_from}–{period_to}"
    if period_from:
        return f"from {period_from}"
    if period_to:
        return f"up to {period_to}"
    return ""


class PeriodScreen(ModalScreen[str | None]):
    """Returns the range as typed (checked by store.query.period_range; "" clears it), or
    None when left with Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Leave as it was")]

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="period-box") as box:
            box.border_title = "Figures of a period"
            box.border_subtitle = "Enter apply · Esc cancel"
            # select_on_focus: typing replaces the range shown; Backspace then Enter clears it
            yield Input(self.current, placeholder="2022-2023", id="period-input")
            yield Static(PERIOD_HINT, id="period-hint", markup=False)
            yield Static("", id="period-error", markup=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#period-input", Input))

    @on(Input.Submitted, "#period-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            period_range(text)
        except QueryError as error:
            self.query_one("#period-error", Static).update(str(error))
            return
        self.dismiss(text)

    @on(Input.Changed, "#period-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#period-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
