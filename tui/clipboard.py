"""What the explorer copies, as exact strings, and the act of copying.

The formatting functions are pure so tests can check every character a user pastes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from store.query import ArticleDetail, EntityRow, MetricRow

# Entity types as the interface shows them: data words in Chinese, interface words in English.
TYPE_LABELS: dict[str, str] = {
    "place": "地点 place",
    "org": "机构 org",
    "person": "人物 person",
    "document": "文件 document",
}

# Qualifiers written before the number (近100家, 超3000人); the rest follow it (100余家).
_PREFIX_QUALIFIERS = {
    "近", "超", "超过", "逾", "约", "达", "共", "累计", "仅", "不到", "不足", "将近", "接近", "高达",
    "最高", "最低", "至少", "不少于", "不低于", "不超过", "大约", "突破", "近乎",
    # The same in Traditional script.
    "超過", "達", "約", "僅", "將近", "累計", "高達", "不少於", "不低於", "不超過", "大約",
}

METRIC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("subject", "Subject"),
    ("indicator", "Indicator"),
    ("value", "Value"),
    ("base", "Normalised"),
    ("period", "Period"),
    ("change", "Change"),
    ("article", "Article"),
)


def format_number(value: float) -> str:
    """43.5 -> "43.5", 12.0 -> "12", 8190000000.0 -> "8,190,000,000"."""
    if value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def plain_number(value: float) -> str:
    """A number as a spreadsheet reads it: every digit, no exponent (12050000000, not
    1.205e+10), no trailing ".0"."""
    # The common cases first: an export of millions of figures calls this for each number.
    value = float(value)
    if value.is_integer() and abs(value) < 2 ** 53:
        return str(int(value))  # -0.0 -> "0" too
    text = repr(float(value))
    if "e" not in text and "n" not in text:  # no exponent, not inf or nan: already plain
        return text
    from decimal import Decimal

    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _plain_number(value: float) -> str:
    """Like ``format_number`` without thousands separators, as a report writes a change."""
    return format_number(value).replace(",", "")


def format_quantity(metric: MetricRow) -> str:
    """The quantity as written, with its qualifier where the report puts it."""
    qualifier = metric.qualifier or ""
    if not qualifier or qualifier in metric.quantity:  # 10多年: written inside the quantity
        return metric.quantity
    if qualifier in _PREFIX_QUALIFIERS:
        return f"{qualifier}{metric.quantity}"
    return f"{metric.quantity}{qualifier}"


def format_change(metric: MetricRow) -> str:
    """同比增长43.5% from the change record; empty when the figure states none."""
    change = metric.change
    if change is None:
        return ""
    return f"{change.kind}{_plain_number(change.value)}{change.unit}"


def format_base(metric: MetricRow) -> str:
    """The normalised value: 8,190,000,000 元."""
    return f"{format_number(metric.base_value)} {metric.base_unit}".strip()


def metric_citation(metric: MetricRow) -> str:
    """One line a journalist can paste, then the sentence it came from:

    章丘区 工业投资 81.9亿元（1-10月，同比增长43.5%）——《章丘区上榜…名单》，大众日报，2022-11-23
    前10个月，章丘区工业投资……
    """
    head = " ".join(part for part in (metric.subject, metric.indicator, format_quantity(metric)) if part)
    details = "，".join(part for part in (metric.period, format_change(metric)) if part)
    if details:
        head += f"（{details}）"
    head += "——" + "，".join(part for part in (f"《{metric.article_title}》", metric.article_publisher,
                                                metric.article_date) if part)
    sentence = metric.sentence.strip()
    return f"{head}\n{sentence}" if sentence else head


def entity_citation(entity: EntityRow) -> str:
    """济南市（地点 place，山东省/济南市）: name, type, and the admin path for places."""
    label = TYPE_LABELS.get(entity.type, entity.type)
    if entity.path and entity.path != entity.name:
        return f"{entity.name}（{label}，{entity.path}）"
    return f"{entity.name}（{label}）"


def byline(article: ArticleDetail) -> str:
    """The byline as printed when the store kept it, else authors, contributors, publisher
    and date on one line, as far as they are known."""
    printed = (getattr(article, "byline", None) or "").strip()
    if printed:
        return " ".join(printed.split())  # one line, whatever the page's line breaks
    parts = []
    if article.authors:
        parts.append("记者 " + "、".join(article.authors))
    if article.contributors:
        parts.append("通讯员 " + "、".join(article.contributors))
    if article.publisher:
        parts.append(article.publisher)
    if article.date:
        parts.append(article.date)
    return " · ".join(parts)


def article_citation(article: ArticleDetail) -> str:
    """《title》, then the byline on its own line (when there is one)."""
    title = f"《{article.display_title}》"
    line = byline(article)
    return f"{title}\n{line}" if line else title


def metric_table_row(metric: MetricRow) -> list[str]:
    """The cells of one metric, in ``METRIC_COLUMNS`` order, as the table and copies show them."""
    return [
        metric.subject or "",
        metric.indicator or "",
        format_quantity(metric),
        format_base(metric),
        metric.period or "",
        format_change(metric),
        metric.article_title,
    ]


# The columns of a copied figure table (Y, M): raw numbers a spreadsheet can sum (base value
# as a plain number, units apart), what kind of figure, its period as dates, and its source.
EXPORT_COLUMNS: tuple[str, ...] = (
    "Subject", "Indicator", "Quantity", "Value", "Unit", "Base value", "Base unit", "Change", "Kind", "Period",
    "Period start", "Period end", "Article", "Publisher", "Date", "Source",
)


def metric_export_row(metric: MetricRow) -> list[str]:
    """The cells of one figure in ``EXPORT_COLUMNS`` order."""
    return [
        metric.subject or "",
        metric.indicator or "",
        format_quantity(metric),
        plain_number(metric.value) if metric.value is not None else "",
        metric.unit or "",
        plain_number(metric.base_value) if metric.base_value is not None else "",
        metric.base_unit or "",
        format_change(metric),
        metric.kind,
        metric.period or "",
        metric.period_start or "",
        metric.period_end or "",
        metric.article_title,
        metric.article_publisher or "",
        metric.article_date or "",
        metric.source,
    ]


def table_tsv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated rows that paste into a spreadsheet; tabs and newlines in cells become spaces."""

    def clean(cell: str) -> str:
        return cell.replace("\t", " ").replace("\r", " ").replace("\n", " ")

    lines = ["\t".join(clean(c) for c in header)]
    lines += ["\t".join(clean(c) for c in row) for row in rows]
    return "\n".join(lines) + "\n"


def table_markdown(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table; pipes in cells are escaped."""

    def clean(cell: str) -> str:
        return cell.replace("|", "\\|").replace("\n", " ").strip()

    lines = ["| " + " | ".join(clean(c) for c in header) + " |",
             "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(clean(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def copy_text(app: App, text: str) -> str | None:
    """Copy through the terminal (OSC 52) and the system clipboard where one exists.

    Returns None when the system clipboard took it too, else why it could not (the OSC 52
    copy has still been sent: most terminals honour it).
    """
    app.copy_to_clipboard(text)
    try:
        import pyperclip  # imported here: only a copy needs it

        pyperclip.copy(text)
    except Exception:  # pyperclip raises PyperclipException, or OSError from a helper program
        return "no system clipboard here"
    return None
