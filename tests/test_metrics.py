"""Metric extraction (store/metrics.py) on sentences of our own, plus a seed-gold floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from store.metrics import extract_metrics
from store.models import METRIC_KINDS, Mention
from store.textnorm import to_simplified

ROOT = Path(__file__).resolve().parent.parent


def only(body: str, **kw):
    found = extract_metrics(body, **kw)
    assert len(found) == 1, found
    return found[0]


def test_offsets_always_slice_the_body() -> None:
    body = "1-10月份，全区累计完成工业投资81.9亿元，同比增长43.5%。\n新增企业60家。"
    for m in extract_metrics(body):
        assert body[m.start : m.end] == m.text
        assert m.sentence_start <= m.start <= m.end <= m.sentence_end


def test_change_attaches_to_the_preceding_figure() -> None:
    body = "今年，全区工业投资81.9亿元，同比增长43.5%，其中技改投资55.3亿元，同比增长34.5%。"
    a, b = extract_metrics(body)
    assert (a.indicator, a.change.kind, a.change.value, a.change.unit) == ("工业投资", "同比增长", 43.5, "%")
    assert (b.indicator, b.change.value) == ("技改投资", 34.5)


def test_change_in_counts_and_points() -> None:
    m = only("入库企业达到544家，较去年增加109家。")
    assert (m.base_value, m.change.kind, m.change.value, m.change.unit) == (544, "较去年增加", 109, "家")
    m = only("企业占比达到64.93%，较去年提高9.15个百分点。")
    assert (m.change.kind, m.change.value, m.change.unit) == ("较去年提高", 9.15, "个百分点")


def test_change_with_its_own_noun_is_a_metric() -> None:
    a, b = extract_metrics("企业达到331家，研发费用较去年同期增加10亿元。")
    assert a.change is None
    assert (b.base_value, b.indicator, b.change) == (1_000_000_000, "研发费用增加", None)


def test_threshold_restatement_does_not_take_the_change() -> None:
    a, b = extract_metrics("总成交额达到47.53亿元，首次突破40亿元，同比增长109.75%。")
    assert a.change is not None and a.change.value == 109.75
    assert b.qualifier == "突破" and b.change is None and b.indicator == "总成交额"


def test_doubling() -> None:
    m = extract_metrics("高新技术企业75家，力争5年内翻一倍达到150家。")[-1]
    assert (m.base_value, m.change.kind, m.change.value, m.change.unit) == (150, "翻", 1, "倍")


@pytest.mark.parametrize(
    "body",
    [
        "2022年11月8日10:06，项目开工。",
        "增幅位居全市第2位，总量全市第一。",
        "聚焦三大重点，坚持两手抓，编制十四五规划。",
        "出台了“黄金12条”及配套细则。",
        "推动四个方面工作。",
        "发放KN95口罩，建设5G基站，天启11号卫星发射。",
        "咨询电话：0531-88886666。",
        "出台《关于加快人才聚集的十条措施》。",
        "服务千家万户。",
    ],
)
def test_non_metrics(body: str) -> None:
    assert extract_metrics(body) == []


def test_quantity_first_takes_the_noun_after() -> None:
    m = only("为1800余名高层次人才提供服务。")
    assert (m.indicator, m.qualifier, m.text) == ("高层次人才", "余", "1800余名高层次人才")


def test_range_gives_two_metrics_sharing_indicator_and_text() -> None:
    a, b = extract_metrics("人才有望获得50万元至100万元奖励。")
    assert (a.base_value, b.base_value) == (500_000, 1_000_000)
    assert a.indicator == b.indicator == "奖励"
    assert a.text == b.text == "50万元至100万元奖励"


def test_from_to_keeps_the_indicator() -> None:
    a, b = extract_metrics("规划面积从15.9平方公里发展到318平方公里。")
    assert a.indicator == b.indicator == "规划面积"


def test_period_as_written_and_resolved() -> None:
    body = "上半年，高新技术产业产值完成457.4亿元。有研发投入的企业达到331家。"
    a, b = extract_metrics(body)
    assert a.period == b.period == "上半年"
    m = only("今年前三季度，地区生产总值实现1106.8亿元。", date="2022-11-02")
    assert m.period == "今年前三季度（2022年）"
    m = only("今年前三季度，地区生产总值实现1106.8亿元。")
    assert m.period == "今年前三季度"


def test_comparison_year_is_not_the_period() -> None:
    m = only("申报企业341家，比上年增长12.54%。")
    assert m.period is None and m.change.kind == "比上年增长"


def test_subject_from_mentions_and_path() -> None:
    body = "1-10月份，章丘区完成工业投资81.9亿元。"
    place = Mention("章丘区", "place", 7, 10, path="山东省/济南市/章丘区")
    m = only(body, mentions=[place])
    assert (m.subject, m.subject_path, m.period) == ("章丘区", "山东省/济南市/章丘区", "1-10月份")


def test_subject_skips_examples_and_falls_back_to_title() -> None:
    body = "圣泉集团等4家企业入选领军企业。"
    m = only(body, title="章丘区上榜科技创新强县名单")
    assert m.subject == "章丘区"


def test_subject_fallback_finds_names_without_mentions() -> None:
    m = only("目前，金水河水厂已建成，惠及周边210个村庄。")
    assert m.subject == "金水河水厂"


def test_traditional_body_reports_its_own_script() -> None:
    body = "濟南高新區一線進出口總額100.5億元，同比增長337.5%。"
    m = only(body)
    assert (m.unit, m.base_value, m.base_unit) == ("億元", 10_050_000_000, "元")
    assert m.change.kind == "同比增長" and m.subject == "濟南高新區"
    assert body[m.start : m.end] == m.text and "總額" in m.indicator


def test_full_width_digits() -> None:
    m = only("投资额１．１亿元。")
    assert (m.quantity, m.base_value) == ("１．１亿元", 110_000_000)


def test_seed_gold_floor() -> None:
    """Each seed article's body (cut at the next article's start) against its gold metrics."""
    sys.path.insert(0, str(ROOT / "tests" / "data"))
    from score_gold import close, contains_either, norm

    tp = fp = fn = ind = 0
    for gold_file in sorted((ROOT / "tests" / "data" / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = (ROOT / "seeds" / gold["source"]).read_text(encoding="utf-8")
        starts = sorted((doc.find(a["body_starts_with"]), i) for i, a in enumerate(gold["articles"]))
        for n, (s, i) in enumerate(starts):
            body = doc[s : starts[n + 1][0] if n + 1 < len(starts) else len(doc)]
            preds = extract_metrics(body, title=gold["articles"][i]["title"])
            free = list(range(len(preds)))
            for gm in gold["articles"][i]["metrics"]:
                hits = [j for j in free if norm(preds[j].base_unit) == norm(gm["base_unit"])
                        and close(preds[j].base_value, gm["base_value"])]
                if not hits:
                    fn += 1
                    continue
                best = next((j for j in hits if contains_either(gm["indicator"], preds[j].indicator)), hits[0])
                ind += contains_either(gm["indicator"], preds[best].indicator)
                free.remove(best)
                tp += 1
            fp += len(free)
    # The cut bodies keep the next article's title lines, which hold a few figures of their own.
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.9
    assert ind / tp >= 0.85


def _mention(body: str, text: str, kind: str, path: str | None = None) -> Mention:
    s = body.index(text)
    return Mention(text=text, type=kind, start=s, end=s + len(text), key=f"{kind}:{text}", name=text, path=path)


def test_subject_is_the_most_specific_place() -> None:
    """A province or city holding the article's own place, or a body named by its level only
    (区政府), stands for the article's subject."""
    body = "山东省科技型企业评价入库达到320家。区政府安排资金800万元。"
    mentions = [_mention(body, "山东省", "place", "山东省"), _mention(body, "区政府", "org")]
    found = extract_metrics(body, title="历城区科技创新再上台阶", mentions=mentions)
    assert [m.subject for m in found] == ["历城区", "历城区"]


def test_listed_names_and_regions_are_not_subjects() -> None:
    body = "长川药业、华远生物等30家企业落户黄河流域，新增产值12亿元。"
    mentions = [_mention(body, "长川药业", "org"), _mention(body, "华远生物", "org"),
                _mention(body, "黄河流域", "place")]
    found = extract_metrics(body, title="历城区科技创新再上台阶", mentions=mentions)
    assert {m.subject for m in found} == {"历城区"}


def test_bare_zone_stands_for_the_named_zone() -> None:
    body = "潍坊高新区加快发展。高新区今年新增企业45家。"
    mentions = [_mention(body, "潍坊高新区", "place")]
    found = extract_metrics(body, mentions=mentions)
    assert [m.subject for m in found] == ["潍坊高新区"]


def test_indicator_leaves_out_the_subject_and_time_that_open_the_clause() -> None:
    from store.extract import extract_text

    [m] = [x for x in extract_text("宁波市鄞州区1-9月完成固定资产投资320.5亿元，同比增长8.1%。").metrics]
    assert m.indicator == "固定资产投资"
    assert m.subject == "鄞州区"  # the most specific place, not the city before it
    assert m.period == "1-9月"
    assert m.change is not None and m.change.value == 8.1


# Article A gives 济南高新区 and 天桥 a path through its mentions; each B below names the same
# place without a mention that carries a path, so B's own inputs give it none.
_A_BODY = "济南高新区实现工业投资81.9亿元。天桥新增企业60家。"
_A_MENTIONS = [_mention(_A_BODY, "济南高新区", "place", "山东省/济南市"),
               _mention(_A_BODY, "天桥", "place", "山东省/济南市/天桥区")]
_B_BODY_ZONE = "济南高新区实现工业投资50亿元。"
_B_BODY_TIANQIAO = "天桥实现工业投资50亿元。"


@pytest.mark.parametrize(
    ("body", "kw"),
    [
        pytest.param(_B_BODY_ZONE, {}, id="no-mentions"),
        pytest.param(_B_BODY_TIANQIAO, {"mentions": [_mention(_B_BODY_TIANQIAO, "天桥", "place")]},
                     id="mention-without-path"),
        pytest.param("工业投资50亿元。", {"title": "济南高新区工业投资创新高"}, id="title"),
    ],
)
def test_extraction_does_not_depend_on_articles_extracted_before(body: str, kw: dict) -> None:
    """extract_metrics is pure: the subject path of B's figures comes from B's own inputs, not
    from what an earlier article in the same process said about the same name."""
    alone = extract_metrics(body, **kw)
    assert alone and all(m.subject_path is None for m in alone), alone
    assert [m.subject_path for m in extract_metrics(_A_BODY, mentions=_A_MENTIONS)] == \
        ["山东省/济南市", "山东省/济南市/天桥区"]
    assert extract_metrics(body, **kw) == alone


_ORDER_SCRIPT = """
import json, sys
from store.metrics import extract_metrics
from store.models import METRIC_KINDS, Mention
from store.textnorm import to_simplified
a_body, a_mentions, b_body, b_mentions, a_first = json.loads(sys.argv[1])
if a_first:
    extract_metrics(a_body, mentions=[Mention(**m) for m in a_mentions])
found = extract_metrics(b_body, mentions=[Mention(**m) for m in b_mentions])
print(json.dumps([[m.subject, m.subject_path, m.start, m.end] for m in found], ensure_ascii=False))
"""


def test_extraction_in_a_fresh_process_does_not_depend_on_an_earlier_article() -> None:
    """In a fresh interpreter (nothing extracted before), B's figures are the same whether or
    not A was extracted first."""
    import dataclasses
    import subprocess

    b_mentions = [_mention(_B_BODY_TIANQIAO, "天桥", "place")]

    def run(a_first: bool) -> list:
        arg = json.dumps([_A_BODY, [dataclasses.asdict(m) for m in _A_MENTIONS], _B_BODY_TIANQIAO,
                          [dataclasses.asdict(m) for m in b_mentions], a_first], ensure_ascii=False)
        out = subprocess.run([sys.executable, "-c", _ORDER_SCRIPT, arg], cwd=ROOT, capture_output=True,
                             text=True, encoding="utf-8", check=True)
        return json.loads(out.stdout)

    alone = run(False)
    assert alone == [["天桥", None, _B_BODY_TIANQIAO.index("工业投资"), len(_B_BODY_TIANQIAO) - 1]]
    assert run(True) == alone


# --- kind, subject provenance, period dates --------------------------------------------

@pytest.mark.parametrize(("body", "kind"), [
    ("今年全县新增高新技术企业42家。", "actual"),
    ("到2027年，全县高新技术企业力争达到300家。", "target"),
    ("全县计划新建5G基站800个。", "target"),
    ("预计全年技术合同成交额将超过60亿元。", "forecast"),
    ("该项目有望带动就业1500人。", "forecast"),
    ("全县营业收入5000万元以上的企业共有86家。", "threshold"),
])
def test_kind_tells_actuals_from_targets_forecasts_and_thresholds(body: str, kind: str) -> None:
    figures = extract_metrics(body)
    assert figures[0].kind == kind
    assert all(f.kind in METRIC_KINDS for f in figures)


def test_the_count_selected_by_a_threshold_is_an_actual() -> None:
    figures = extract_metrics("全县营业收入5000万元以上的企业共有86家。")
    assert [f.kind for f in figures] == ["threshold", "actual"]


def _mention_of(body: str, text: str, type_: str = "org", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Mention(text, type_, start, start + len(text))


@pytest.mark.parametrize("body", [
    "据青云县统计局，青云县规上工业增加值增长7%。",
    "记者从云岭市科技局获悉，云岭市新增专利授权2300件。",
    "云岭市统计局数据显示，云岭市社会消费品零售总额达到820亿元。",
])
def test_the_reporting_agency_is_not_the_subject(body: str) -> None:
    agency = next(w for w in ("青云县统计局", "云岭市科技局", "云岭市统计局") if w in body)
    place = agency[:3]
    mentions = [_mention_of(body, agency), _mention_of(body, place, "place", nth=1)]
    found = extract_metrics(body, mentions=mentions)
    assert found and all(m.subject == place for m in found)
    assert all(body[m.subject_start : m.subject_end] == place for m in found)
    assert all(m.subject_key == mentions[1].key for m in found)


def test_a_collective_word_stands_for_the_article_region_with_no_offsets() -> None:
    title = "青云县科技创新再上台阶"
    body = f"{title}\n今年1-9月，全县完成研发投入12亿元。"
    mentions = [_mention_of(body, "青云县", "place")]
    m = only(body, title=title, mentions=mentions)
    assert m.subject == "青云县"
    assert (m.subject_start, m.subject_end) == (None, None)  # inferred from the title
    assert m.subject_key == mentions[0].key


def test_a_subject_named_in_the_sentence_carries_its_offsets() -> None:
    body = "青云县今年新增科技型企业120家。"
    mentions = [_mention_of(body, "青云县", "place")]
    m = only(body, mentions=mentions)
    assert body[m.subject_start : m.subject_end] == "青云县"


@pytest.mark.parametrize(("body", "date", "start", "end"), [
    ("2021年1-8月，全县完成投资30亿元。", None, "2021-01-01", "2021-08-31"),
    ("今年前三季度，全县完成投资30亿元。", "2024-10-20", "2024-01-01", "2024-09-30"),
    ("去年，全县完成投资30亿元。", "2024-03-01", "2023-01-01", "2023-12-31"),
    ("2023年第二季度，全县完成投资30亿元。", None, "2023-04-01", "2023-06-30"),
    ("上半年，全县完成投资30亿元。", "2022-07-15", "2022-01-01", "2022-06-30"),
    ("截至2023年底，全县累计培育企业300家。", None, "2023-12-31", "2023-12-31"),
    ("今年一至十月，全县完成投资30亿元。", "2022-11-05", "2022-01-01", "2022-10-31"),
])
def test_periods_resolve_to_iso_dates(body: str, date: str | None, start: str, end: str) -> None:
    m = extract_metrics(body, date=date)[0]
    assert (m.period_start, m.period_end) == (start, end)


def test_a_period_without_a_year_and_without_a_date_has_no_dates() -> None:
    m = extract_metrics("上半年，全县完成投资30亿元。")[0]
    assert m.period == "上半年"
    assert (m.period_start, m.period_end) == (None, None)


def test_a_news_agency_dateline_and_the_publisher_are_not_subjects() -> None:
    body = "远山日报讯 青云县今年引进人才800人。\n远山社青云5月3日电 全县新增企业60家。"
    mentions = [_mention_of(body, "远山日报"), _mention_of(body, "青云县", "place"), _mention_of(body, "远山社")]
    found = extract_metrics(body, mentions=mentions, publisher="远山日报")
    assert [m.subject for m in found] == ["青云县", "青云县"]


def test_a_national_ministry_speaking_names_no_region() -> None:
    body = "会上，交通运输部副部长指出，已建成农村公路120万公里。"
    m = only(body, mentions=[_mention_of(body, "交通运输部")])
    assert m.subject is None


def test_the_whole_year_is_the_year_the_paragraph_is_about() -> None:
    body = "2019年，全县经济平稳运行。全年实现地区生产总值210亿元。"
    m = only(body)
    assert (m.period, m.period_start, m.period_end) == ("全年（2019年）", "2019-01-01", "2019-12-31")


def test_the_first_months_of_a_year() -> None:
    m = only("今年前8个月，全县完成投资30亿元。", date="2020-09-10")
    assert (m.period_start, m.period_end) == ("2020-01-01", "2020-08-31")


def test_an_enumeration_gives_each_figure_its_own_indicator() -> None:
    found = extract_metrics("全县种植业、养殖业和加工业产值分别增长7.1%、5.4%和3.9%。")
    assert [m.indicator for m in found] == ["种植业产值增速", "养殖业产值增速", "加工业产值增速"]
    assert [m.value for m in found] == [7.1, 5.4, 3.9]


def test_an_enumeration_of_values_keeps_the_shared_head_noun() -> None:
    found = extract_metrics("全县一产、二产、三产投资分别为4亿元、9亿元、6亿元。")
    assert [m.indicator for m in found] == ["一产投资", "二产投资", "三产投资"]


def test_an_enumeration_of_places_gives_each_figure_its_own_subject() -> None:
    body = "东坡镇、西岭镇和南湖镇税收分别增长9%、6%和4%。"
    mentions = [_mention_of(body, name, "place") for name in ("东坡镇", "西岭镇", "南湖镇")]
    found = extract_metrics(body, mentions=mentions)
    assert [m.subject for m in found] == ["东坡镇", "西岭镇", "南湖镇"]
    assert [body[m.subject_start : m.subject_end] for m in found] == ["东坡镇", "西岭镇", "南湖镇"]
    assert {m.indicator for m in found} == {"税收增速"}


@pytest.mark.parametrize(("body", "kind", "value"), [
    ("今年營收達新台幣820億元，年增12.5%。", "年增", 12.5),
    ("去年出口額達50億元，成長8.1%。", "成长", 8.1),
    ("全年产值达到300亿元，较2019年增长9.2%。", "较2019年增长", 9.2),
    ("上半年营收120亿元，同比增速6.6%。", "同比增速", 6.6),
])
def test_changes_in_both_scripts_attach_to_their_figure(body: str, kind: str, value: float) -> None:
    m = only(body)
    assert m.change is not None and m.change.value == value
    assert to_simplified(m.change.kind) == kind


def test_a_share_between_a_figure_and_its_change_is_skipped() -> None:
    found = extract_metrics("全县实现产值500亿元，占全市的30.2%，同比增长8.8%。")
    assert [(m.quantity, m.change.value if m.change else None) for m in found] == [("500亿元", 8.8), ("30.2%", None)]


def test_a_figure_is_not_compared_with_its_own_year() -> None:
    found = extract_metrics("预计今年新增企业8家，2020年新增企业4家，较2020年增长100%。")
    assert [m.quantity for m in found] == ["8家", "4家", "100%"]
    assert all(m.change is None for m in found)


def test_base_unit_is_written_in_the_body_script():
    found = extract_metrics("該園區去年新增設備1.5萬臺，引進人才320個。")
    by_quantity = {m.quantity: m for m in found}
    assert by_quantity["1.5萬臺"].base_unit == "臺" and by_quantity["1.5萬臺"].base_value == 15000
    assert by_quantity["320個"].base_unit == "個"


def test_name_and_period_indexes_answer_as_a_scan_would():
    from store.metric_context import find_periods
    from store.metrics import NameIndex, PeriodIndex

    names = NameIndex([(30, 33, "东江市"), (2, 5, "青川县"), (12, 22, "星河光电科技有限公司")])
    assert [n[0] for n in names] == [2, 12, 30]
    assert names.starting_in(0, 12) == [(2, 5, "青川县")]
    assert names.starting_in(12, 31) == [(12, 22, "星河光电科技有限公司"), (30, 33, "东江市")]
    assert names.end_at[12] == 22 and names.exact["东江市"] == (30, 33)
    text = "今年前8个月，全县新增企业12家；上半年营收增长5%。"
    periods = PeriodIndex(find_periods(text))
    inside = text.index("8个月")
    assert periods.holding(inside, inside + 3)
    assert not periods.holding(text.index("12家"), text.index("12家") + 3)


def test_figures_of_a_long_article_are_those_of_its_paragraphs():
    paragraph = "临水区前三季度实现营业收入{n}.5亿元，同比增长3.2%。"
    paragraphs = [paragraph.format(n=10 + i) for i in range(300)]
    whole = extract_metrics("\n".join(paragraphs))
    assert len(whole) == 300
    assert all(m.period == "前三季度" and m.change and m.change.value == 3.2 for m in whole)
    assert [m.value for m in whole] == [10.5 + i for i in range(300)]


def test_a_count_after_an_amount_is_no_change_of_it() -> None:
    found = extract_metrics("该园区创造80亿元产值，增加300个就业岗位。")
    assert [m.quantity for m in found] == ["80亿元", "300个"]
    assert found[0].change is None


def test_listed_comparisons_each_name_their_base() -> None:
    """增速比A和B分别高x、y: each figure compares the rate before it with its own base."""
    found = extract_metrics("全县技改投资同比增长12.5%，比全省和全国分别高2.1、3.4个百分点。")
    assert [(m.quantity, m.indicator) for m in found[1:]] == [
        ("2.1个百分点", "技改投资增速高于全省"), ("3.4个百分点", "技改投资增速高于全国")]
    found = extract_metrics("全区完成工业产值41.2亿元，比甲县和乙县分别多3亿元和5亿元。")
    assert [m.indicator for m in found[1:]] == ["工业产值比甲县多", "工业产值比乙县多"]


def test_the_last_two_years_are_a_period_not_a_figure() -> None:
    found = extract_metrics("已上市企业200余家，近两年平均研发投入增长12%。")
    assert [(m.quantity, m.period) for m in found] == [("200余家", None), ("12%", "近两年")]


def test_a_half_is_reported_in_percent() -> None:
    [m] = extract_metrics("全省民营企业数量超过半数。")
    assert (m.quantity, m.unit, m.base_value, m.base_unit, m.qualifier) == ("半数", "%", 50, "%", "超过")
