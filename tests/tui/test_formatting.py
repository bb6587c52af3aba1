"""The exact strings kechuang copies, and folding Chinese by cell width."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from store.models import Change
from store.query import ArticleDetail, EntityRow, MetricRow
from tui import clipboard
from tui.widgets.fold import fold_offsets, fold_text

TITLE = "章丘区上榜2022年山东省科技创新强县拟确定名单"


def metric(**changes) -> MetricRow:
    fields = dict(
        id=1, article_id=1, article_title=TITLE, text="工业投资81.9亿元", quantity="81.9亿元", value=81.9,
        unit="亿元", base_value=8_190_000_000.0, base_unit="元", qualifier=None, indicator="工业投资",
        subject="章丘区", subject_path="山东省/济南市/章丘区", period="1-10月",
        change=Change("同比增长", 43.5, "%"), start=10, end=20, sentence_start=0, sentence_end=40,
        sentence="1-10月，章丘区完成工业投资81.9亿元，同比增长43.5%。",
    )
    fields.update(changes)
    return MetricRow(**fields)


def test_metric_citation_exact() -> None:
    assert clipboard.metric_citation(metric()) == (
        "章丘区 工业投资 81.9亿元（1-10月，同比增长43.5%）——《章丘区上榜2022年山东省科技创新强县拟确定名单》\n"
        "1-10月，章丘区完成工业投资81.9亿元，同比增长43.5%。"
    )


def test_metric_citation_with_publisher_and_date() -> None:
    assert clipboard.metric_citation(metric(article_publisher="大众日报", article_date="2022-11-23")) == (
        "章丘区 工业投资 81.9亿元（1-10月，同比增长43.5%）——《章丘区上榜2022年山东省科技创新强县拟确定名单》，大众日报，"
        "2022-11-23\n1-10月，章丘区完成工业投资81.9亿元，同比增长43.5%。"
    )
    assert clipboard.metric_citation(metric(article_date="2022-11-23", sentence="")) == (
        f"章丘区 工业投资 81.9亿元（1-10月，同比增长43.5%）——《{TITLE}》，2022-11-23")


def test_metric_export_row_has_raw_numbers() -> None:
    row = dict(zip(clipboard.EXPORT_COLUMNS, clipboard.metric_export_row(metric(base_value=12_050_000_000.0))))
    assert row["Base value"] == "12050000000" and row["Value"] == "81.9" and row["Unit"] == "亿元"
    assert row["Kind"] == "actual"


def test_metric_citation_without_period_change_or_subject() -> None:
    row = metric(period=None, change=None, subject=None, qualifier="近", quantity="100家", sentence="")
    assert clipboard.metric_citation(row) == f"工业投资 近100家——《{TITLE}》"
    assert clipboard.format_quantity(metric(qualifier="以上", quantity="100家")) == "100家以上"
    assert clipboard.format_quantity(metric(qualifier="多", quantity="10多年")) == "10多年"
    assert clipboard.format_quantity(metric(qualifier="突破", quantity="40亿元")) == "突破40亿元"


def test_numbers() -> None:
    assert clipboard.format_number(8_190_000_000.0) == "8,190,000,000"
    assert clipboard.format_number(43.5) == "43.5"
    assert clipboard.format_number(12.0) == "12"
    assert clipboard.format_base(metric()) == "8,190,000,000 元"
    assert clipboard.format_change(metric(change=Change("下降", 2.0, "个百分点"))) == "下降2个百分点"


def test_entity_citation() -> None:
    place = EntityRow(id=1, name="济南市", type="place", path="山东省/济南市", mention_count=3, article_count=2)
    org = EntityRow(id=2, name="伊莱特", type="org", path=None, mention_count=7, article_count=1)
    assert clipboard.entity_citation(place) == "济南市（地点 place，山东省/济南市）"
    assert clipboard.entity_citation(org) == "伊莱特（机构 org）"


def test_article_citation() -> None:
    article = ArticleDetail(id=1, source="000.txt", title=TITLE, display_title=TITLE, subtitle=None, kicker=None,
                            authors=["段婷婷", "申红"], contributors=["李晓君"], publisher="大众日报",
                            date="2022-12-08", body="")
    assert clipboard.article_citation(article) == f"《{TITLE}》\n记者 段婷婷、申红 · 通讯员 李晓君 · 大众日报 · 2022-12-08"
    article.authors, article.contributors, article.publisher, article.date = [], [], None, None
    assert clipboard.article_citation(article) == f"《{TITLE}》"


def test_tables() -> None:
    header = ["Subject", "Value"]
    rows = [["章丘区", "81.9亿元"], ["a|b", "x\ty"]]
    assert clipboard.table_tsv(header, rows) == "Subject\tValue\n章丘区\t81.9亿元\na|b\tx y\n"
    assert clipboard.table_markdown(header, rows) == (
        "| Subject | Value |\n| --- | --- |\n| 章丘区 | 81.9亿元 |\n| a\\|b | x\ty |\n"
    )
    assert clipboard.metric_table_row(metric()) == [
        "章丘区", "工业投资", "81.9亿元", "8,190,000,000 元", "1-10月", "同比增长43.5%", TITLE]


def test_fold_by_cells_keeps_styles() -> None:
    text = Text("11月8日，全国首家以政府性融资担保机构为核心的科技金融示范基地落户济南市章丘区。")
    start = text.plain.index("济南市")
    text.stylize("red", start, start + 6)
    lines = fold_text(text, 20)
    assert "".join(line.plain for _, line in lines) == text.plain
    assert all(cell_len(line.plain) <= 20 for _, line in lines)
    styled = "".join(line.plain[s.start:s.end] for _, line in lines for s in line.spans)
    assert styled == "济南市章丘区"
    # Offsets point into the paragraph.
    for offset, line in lines:
        assert text.plain[offset:offset + len(line.plain)] == line.plain


def test_fold_never_starts_a_line_with_closing_punctuation() -> None:
    plain = "甲乙丙丁戊己庚辛，壬癸"
    starts = fold_offsets(plain, 16)  # the comma would begin line two
    assert all(plain[s] not in "，。" for s in starts)
    assert starts == [0, 7]


def test_fold_keeps_numbers_whole() -> None:
    plain = "增长了12345.67亿元"
    starts = fold_offsets(plain, 10)
    assert plain[starts[1]:].startswith("12345.67")


def test_fold_follows_cjk_line_breaking_rules_at_every_width() -> None:
    from rich.cells import cell_len

    from tui.widgets.fold import NO_LINE_END, NO_LINE_START

    plain = ("该区高新技术产业产值占工业总产值的比重为68.2%，较上年提高3.1个百分点。"
             "（数据来自区统计局《年度公报》）气温最高达到37℃，“科技小院”已建成12个。")
    for width in range(8, 60):
        starts = fold_offsets(plain, width)
        lines = [plain[a:b] for a, b in zip(starts, [*starts[1:], len(plain)])]
        assert "".join(lines) == plain
        for line in lines:
            assert cell_len(line) <= width, (width, line)
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, lines)
