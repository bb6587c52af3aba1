"""A bar chart of the figures in the table: one bar per entity, or, for one subject's
figures over several periods, one bar per period.

Bars are drawn with Rich, which measures Chinese names in cells, so every name stands on the
axis beside its bar; when the screen has fewer rows than bars, the last row says how many
more there are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from store.query import MetricRow
from store.textnorm import to_simplified

from ..clipboard import format_quantity
from ..safe_text import content, one_line, rich_text

# Display scales for large base values, so bars read 81.9 (亿元) not 8190000000.
_SCALES: tuple[tuple[float, str], ...] = ((1e8, "亿"), (1e4, "万"))
NO_SUBJECT = "(no subject)"


@dataclass
class ChartData:
    unit: str  # the base unit charted, with its scale word: 亿元
    labels: list[str]  # one per bar: entity names (Simplified), or periods for one subject
    values: list[float]  # in ``unit``
    figures: list[MetricRow]  # the figure behind each bar
    note: str  # what was left out and why
    period: str = ""  # the period(s) charted: 2022年, or 2021年–2023年
    by: str = "subject"  # subject: a bar per entity; period: one subject over its periods
    indicator: str = ""  # the one indicator charted (Simplified), "" when the figures name none


def _entity_key(metric: MetricRow) -> object:
    """One bar per entity: its id where the build linked one, else its name folded to
    Simplified (济南高新区 and 濟南高新區 are one bar)."""
    if metric.subject_id is not None:
        return ("id", metric.subject_id)
    return ("name", to_simplified(metric.subject or NO_SUBJECT))


def _period_span(figures: list[MetricRow]) -> str:
    periods = [m for m in figures if m.period]
    if not periods:
        return ""
    ordered = sorted(periods, key=lambda m: (m.period_start or "", m.period or ""))
    first, last = ordered[0].period, ordered[-1].period
    return first if first == last else f"{first}–{last}"


def chart_data(metrics: list[MetricRow], indicator: str | None = None) -> ChartData:
    """Actual figures of one indicator (``indicator`` when some figure has it, in either
    script: the one under the table's cursor; else the most common) in its dominant base unit: one bar
    per entity (its largest figure), or one bar per period when they all are one subject's.
    Targets, forecasts and thresholds are left out with a note (a 2023 target is not a 2022
    figure), and so are other indicators (工业投资 and 技术合同成交额 are no one scale)."""
    usable = [m for m in metrics if m.base_unit]
    if not usable:
        return ChartData("", [], [], [], "No figures to chart.")
    notes = []
    actual = [m for m in usable if m.kind == "actual"]
    if len(actual) < len(usable):
        kinds = Counter(m.kind for m in usable if m.kind != "actual")
        left = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in kinds.most_common())
        notes.append(f"Actual figures only: left out {left}.")
    if not actual:
        return ChartData("", [], [], [], " ".join(notes + ["No actual figures to chart."]))
    indicators = Counter(to_simplified(m.indicator or "") for m in actual)
    wanted = to_simplified(indicator) if indicator else None
    chosen_by = "the one under the cursor" if wanted in indicators else "the most common"
    if wanted not in indicators:
        wanted, _ = indicators.most_common(1)[0]
    indicator = wanted
    if len(indicators) > 1:
        others = [name or "no indicator" for name, _ in indicators.most_common() if name != indicator]
        shown_others = "、".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        notes.append(f"One indicator: charting {indicator or 'figures with no indicator'}, {chosen_by}; "
                     f"left out {shown_others} (move the cursor to another, or filter the table).")
        actual = [m for m in actual if to_simplified(m.indicator or "") == indicator]
    units = Counter(m.base_unit for m in actual)
    unit, _ = units.most_common(1)[0]
    chosen = [m for m in actual if m.base_unit == unit]
    if len(units) > 1:
        others = ", ".join(u for u, _ in units.most_common()[1:4])
        notes.append(f"Units differ: charting {unit}, the most common ({len(chosen)} of {len(actual)} "
                     f"figures); left out {others}.")
    groups: dict[object, list[MetricRow]] = {}
    for metric in chosen:
        groups.setdefault(_entity_key(metric), []).append(metric)
    by = "subject"
    if len(groups) == 1 and len({m.period for m in chosen if m.period}) > 1:
        # One subject over several periods: a bar per period, in time order.
        by = "period"
        per_period: dict[str, MetricRow] = {}
        for metric in chosen:
            if metric.period and (metric.period not in per_period
                                  or metric.base_value > per_period[metric.period].base_value):
                per_period[metric.period] = metric
        ranked = sorted(per_period.items(), key=lambda item: (item[1].period_start or "", item[0]))
    else:
        best = {key: max(figures, key=lambda m: m.base_value) for key, figures in groups.items()}
        if any(len(figures) > 1 for figures in groups.values()):
            notes.append("Subjects with several figures show their largest.")
        ranked = sorted(((to_simplified(m.subject or NO_SUBJECT), m) for m in best.values()),
                        key=lambda item: item[1].base_value, reverse=True)
    top = max((abs(m.base_value) for _, m in ranked), default=0)
    scale, word = 1.0, ""
    for factor, scale_word in _SCALES:
        if top >= factor * 10:
            scale, word = factor, scale_word
            break
    figures = [m for _, m in ranked]
    return ChartData(f"{word}{unit}", [label for label, _ in ranked], [m.base_value / scale for m in figures],
                     figures, " ".join(notes), period=_period_span(figures), by=by, indicator=indicator)


def chart_title(data: ChartData) -> str:
    """技术合同成交额 by subject · 2022年 · 亿元"""
    what = f"{data.indicator or 'Figures'} by {'period' if data.by == 'period' else 'subject'}"
    if data.by == "period" and data.figures and data.figures[0].subject:
        what = f"{to_simplified(data.figures[0].subject)} · {what}"
    return " · ".join(part for part in (what, data.period, data.unit or "no unit") if part)


def bar_lines(data: ChartData, width: int, height: int) -> list[Text]:
    """The chart as ``height`` lines at most of ``width`` cells: a name, a bar and its figure
    per line; when the bars do not all fit, the last line says how many more there are."""
    if height <= 0 or width <= 0 or not data.values:
        return []
    shown = len(data.values) if len(data.values) <= height else max(0, height - 1)
    labels = [one_line(label) for label in data.labels[:shown]]
    figures = [one_line(format_quantity(m)) for m in data.figures[:shown]]
    label_cells = min(max((cell_len(t) for t in labels), default=0), max(4, width // 3))
    figure_cells = max((cell_len(t) for t in figures), default=0)
    bar_cells = max(1, width - label_cells - figure_cells - 2)
    top = max((abs(v) for v in data.values), default=0) or 1.0
    lines = []
    for label, figure, value in zip(labels, figures, data.values):
        name = Text(label, no_wrap=True, overflow="ellipsis")
        name.truncate(label_cells, overflow="ellipsis", pad=True)
        length = max(1, round(abs(value) / top * bar_cells)) if value else 0
        line = Text.assemble(name, " ", ("█" * length, "bold cyan" if value >= 0 else "bold red"),
                             " " * (bar_cells - length), " ", figure)
        line.truncate(width)
        lines.append(line)
    hidden = len(data.values) - shown
    if hidden:
        lines.append(Text(f"… {hidden} more (zoom the terminal, or filter the table)", style="italic"))
    return lines


class BarList(Widget):
    """Every bar that fits, names on the axis; the rest counted on the last line."""

    def __init__(self, data: ChartData, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data = data

    def render(self) -> Text:
        return Text("\n").join(bar_lines(self.data, self.size.width, self.size.height))


class ChartScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,c", "close", "Close")]

    def __init__(self, metrics: list[MetricRow], caption: str, indicator: str | None = None) -> None:
        super().__init__()
        self.data = chart_data(metrics, indicator)
        self.caption = caption

    def compose(self) -> ComposeResult:
        data = self.data
        with Vertical(id="chart-box") as box:
            box.border_title = content(chart_title(data))
            box.border_subtitle = "Esc close"
            yield Static(rich_text(self.caption, no_wrap=True, overflow="ellipsis"), id="chart-caption")
            if data.note:
                yield Static(rich_text(data.note, multiline=True), id="chart-note")
            if not data.values:
                yield Static("No figures in the table. Filter or press a for every figure, then c.",
                             id="chart-empty")
                return
            yield BarList(data, id="chart-bars")

    def shown_lines(self) -> list[str]:
        """The chart's lines as now drawn (for tests and the screenshot)."""
        bars = self.query_one(BarList)
        return [line.plain for line in bar_lines(self.data, bars.size.width, bars.size.height)]

    def action_close(self) -> None:
        self.dismiss(None)
