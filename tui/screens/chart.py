"""A bar chart of the figures in the table, one bar per subject (textual-plotext)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.query import MetricRow

from ..clipboard import format_number, format_quantity
from ..safe_text import content, one_line, rich_text

MAX_BARS = 20
# Display scales for large base values, so bars read 81.9 (亿元) not 8190000000.
_SCALES: tuple[tuple[float, str], ...] = ((1e8, "亿"), (1e4, "万"))


@dataclass
class ChartData:
    unit: str  # the base unit charted, with its scale word: 亿元
    labels: list[str]  # subjects, largest first
    values: list[float]  # in ``unit``
    figures: list[MetricRow]  # the figure behind each bar
    note: str  # what was left out and why


def chart_data(metrics: list[MetricRow]) -> ChartData:
    """Group figures by subject in the dominant base unit; each subject's largest figure."""
    usable = [m for m in metrics if m.base_unit]
    if not usable:
        return ChartData("", [], [], [], "No figures to chart.")
    units = Counter(m.base_unit for m in usable)
    unit, _ = units.most_common(1)[0]
    chosen = [m for m in usable if m.base_unit == unit]
    notes = []
    if len(units) > 1:
        others = ", ".join(u for u, _ in units.most_common()[1:4])
        notes.append(f"Units differ: charting {unit}, the most common ({len(chosen)} of {len(usable)} "
                     f"figures); left out {others}.")
    best: dict[str, MetricRow] = {}
    for metric in chosen:
        subject = metric.subject or "(no subject)"
        if subject not in best or metric.base_value > best[subject].base_value:
            best[subject] = metric
    if any(sum(1 for m in chosen if (m.subject or "(no subject)") == s) > 1 for s in best):
        notes.append("Subjects with several figures show their largest.")
    ranked = sorted(best.items(), key=lambda item: item[1].base_value, reverse=True)
    if len(ranked) > MAX_BARS:
        notes.append(f"Showing the {MAX_BARS} largest of {len(ranked)} subjects.")
        ranked = ranked[:MAX_BARS]
    top = max((abs(m.base_value) for _, m in ranked), default=0)
    scale, word = 1.0, ""
    for factor, scale_word in _SCALES:
        if top >= factor * 10:
            scale, word = factor, scale_word
            break
    return ChartData(f"{word}{unit}", [s for s, _ in ranked], [m.base_value / scale for _, m in ranked],
                     [m for _, m in ranked], " ".join(notes))


class ChartScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,c", "close", "Close")]

    def __init__(self, metrics: list[MetricRow], caption: str) -> None:
        super().__init__()
        self.data = chart_data(metrics)
        self.caption = caption

    def compose(self) -> ComposeResult:
        data = self.data
        with Vertical(id="chart-box") as box:
            box.border_title = content(f"Figures by subject · {data.unit or 'no unit'}")
            box.border_subtitle = "Esc close"
            yield Static(rich_text(self.caption, no_wrap=True, overflow="ellipsis"), id="chart-caption")
            if data.note:
                yield Static(rich_text(data.note, multiline=True), id="chart-note")
            if not data.values:
                yield Static("No figures in the table. Filter or press a for every figure, then c.",
                             id="chart-empty")
                return
            with Horizontal(id="chart-body"):
                from textual_plotext import PlotextPlot  # plotext is heavy: import on first chart

                plot = PlotextPlot(id="chart-plot")
                yield plot
                yield Static(self._key_table(), id="chart-key")

    def _key_table(self) -> Table:
        # Chinese labels inside plotext misalign (it counts characters, not cells): number the
        # bars and name the subjects here, where Rich measures cells.
        table = Table(box=None, padding=(0, 1), show_header=True, header_style="bold")
        table.add_column("#", justify="right")
        table.add_column("Subject")
        table.add_column("Figure", justify="right")
        for index, (label, metric) in enumerate(zip(self.data.labels, self.data.figures), start=1):
            table.add_row(str(index), rich_text(label), rich_text(format_quantity(metric)))
        return table

    def on_mount(self) -> None:
        if not self.data.values:
            return
        from textual_plotext import PlotextPlot

        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        count = len(self.data.values)
        numbers = [str(i) for i in range(count, 0, -1)]
        # Largest at the top: plotext draws horizontal bars bottom-up.
        plt.bar(numbers, list(reversed(self.data.values)), orientation="horizontal", width=0.6)
        plt.yticks(list(range(1, count + 1)), numbers)  # label every bar, not every other one
        plt.xlabel(one_line(self.data.unit))  # plotext's output is read as ANSI: no ESC from data
        top = max(self.data.values)
        plt.xticks([0, top / 2, top], ["0", format_number(round(top / 2, 2)), format_number(round(top, 2))])

    def action_close(self) -> None:
        self.dismiss(None)
