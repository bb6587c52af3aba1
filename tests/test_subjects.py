"""Who and when a figure is about (subject and period), on sentences of our own."""

from __future__ import annotations

from store.metrics import extract_metrics
from store.models import Mention


def _mention_of(body: str, text: str, type_: str = "org", nth: int = 0, path: str | None = None) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Mention(text, type_, start, start + len(text), path=path)


def _by_quantity(body: str, **kw) -> dict:
    return {m.quantity: m for m in extract_metrics(body, **kw)}


# --- periods ---------------------------------------------------------------------------

def test_the_whole_year_names_the_year_the_text_is_about() -> None:
    found = _by_quantity("2016年，全县经济平稳运行。全年实现地区生产总值180亿元。")
    m = found["180亿元"]
    assert (m.period, m.period_start, m.period_end) == ("全年（2016年）", "2016-01-01", "2016-12-31")


def test_a_multiple_of_a_year_is_not_of_that_year() -> None:
    found = _by_quantity("今年全县产值达到90亿元，是2015年的3倍。", date="2023-05-01")
    assert found["3倍"].period == "今年（2023年）"
    found = _by_quantity("全县产值达到90亿元，相当于上年度全年的2倍。")
    assert found["2倍"].period is None


def test_a_base_figure_has_the_period_it_is_compared_at() -> None:
    found = _by_quantity("全县营收达到30亿元，较2016年度1.2亿元高出20多倍。")
    assert found["1.2亿元"].period == "2016年度"
    assert found["30亿元"].period is None


def test_fiscal_years_and_the_year_after() -> None:
    found = _by_quantity("2019/20年度，该港吸引投资12亿元，翌年的投资约15亿元，之后两个年度再增长约1倍。")
    assert found["12亿元"].period == "2019/20年度"
    assert found["15亿元"].period == "翌年"


def test_now_words_are_periods() -> None:
    found = _by_quantity("当前，全县共有科技企业300家。")
    assert found["300家"].period == "当前"


def test_a_period_does_not_cross_a_paragraph_break_written_as_a_space() -> None:
    found = _by_quantity("2013年，全县产值增长。全年产值100亿元。 人才工作 全县新增人才500名。")
    assert found["100亿元"].period == "全年（2013年）"
    assert found["500名"].period is None


def test_a_time_opening_a_sentence_covers_the_sentences_after_it() -> None:
    found = _by_quantity("2022年，全县经济平稳运行。数据显示，今年一季度，全县完成投资5亿元。"
                         "新材料产业持续走强，去年规模达到300亿元。全县拥有新材料企业40家。")
    assert found["5亿元"].period == "今年一季度"
    assert found["300亿元"].period == "去年"
    assert found["40家"].period == "今年一季度"  # not 去年, said inside the sentence before


def test_quarters_months_and_plan_periods_standing_alone() -> None:
    found = _by_quantity("一季度，全县完成投资5亿元。\n前10个月，全县出口额12亿元。\n"
                         "10月份，全县新增企业8家。\n“十三五”期间，全县引进人才600名。", date="2021-11-20")
    assert [found[q].period for q in ("5亿元", "12亿元", "8家", "600名")] == \
        ["一季度", "前10个月", "10月份", "“十三五”期间"]
    assert (found["12亿元"].period_start, found["12亿元"].period_end) == ("2021-01-01", "2021-10-31")

def test_an_enumeration_of_periods_gives_each_figure_its_own() -> None:
    found = extract_metrics("全县生产总值一季度、上半年和全年分别增长5%、6%和7%。")
    assert [m.period for m in found] == ["一季度", "上半年", "全年"]
    assert {m.indicator for m in found} == {"生产总值增速"}
    found = extract_metrics("今年一季度、上半年和前三季度，全县工业投资分别为12亿元、25亿元、38亿元。",
                            date="2023-11-02")
    assert [m.period for m in found] == ["今年一季度（2023年）", "上半年", "前三季度"]
    assert [m.period_end for m in found] == ["2023-03-31", "2023-06-30", "2023-09-30"]


def test_a_rate_per_year_takes_the_years_its_clause_names() -> None:
    found = _by_quantity("2020年和2021年保持每年净增300家以上。\n园区企业每年可获得补助20万元。")
    assert found["300家"].period == "2021年"
    assert found["20万元"].period == "每年"

def test_a_duration_covers_no_period() -> None:
    found = _by_quantity("今年前十月，园区营业额增长29%，并连续12年突破千亿元。")
    assert found["29%"].period == "今年前十月"
    assert found["12年"].period is None


def test_spans_counted_from_now_are_periods() -> None:
    found = _by_quantity("未来三年，全县将新增企业300家。")
    assert found["300家"].period == "未来三年"


def test_up_to_a_year_end_named_in_any_way() -> None:
    found = _by_quantity("截至去年底，全县共有企业300家。\n截至年底，全县新增人才80名。", date="2023-03-01")
    assert found["300家"].period == "截至去年底（2022年）"
    assert (found["300家"].period_start, found["300家"].period_end) == ("2022-12-31", "2022-12-31")
    assert found["80名"].period == "截至年底"

def test_the_year_of_a_day_date_is_no_period() -> None:
    found = _by_quantity("2021年1月7日，远山大学宣布，团队实现跨度4600公里的量子密钥分发。")
    assert found["4600公里"].period is None

def test_years_in_chinese_numerals_and_spans_of_years() -> None:
    found = _by_quantity("二〇一八年至二〇二四年十月，园区新增投资案820件。\n2014年到2016年，全县引进人才500名。")
    m = found["820件"]
    assert (m.period, m.period_start, m.period_end) == ("二〇一八年至二〇二四年十月", "2018-01-01", "2024-10-31")
    m = found["500名"]
    assert (m.period, m.period_start, m.period_end) == ("2014年到2016年", "2014-01-01", "2016-12-31")

# --- the article's own subject ---------------------------------------------------------

def test_the_place_of_a_dateline_is_not_the_subject() -> None:
    body = "远山社北京5月18日电 今年我国北斗产业新增企业600家。"
    m = extract_metrics(body, mentions=[_mention_of(body, "远山社"), _mention_of(body, "北京", "place")])[0]
    assert m.subject is None


def test_a_title_about_the_country_gives_no_region() -> None:
    title = "我国北斗产业产值达4000亿元"
    body = f"{title}\n会上，青云县代表发言。\n全行业企业总数保持在1.2万家左右。"
    found = _by_quantity(body, title=title, mentions=[_mention_of(body, "青云县", "place")])
    assert found["1.2万家"].subject is None


def test_names_in_a_list_are_not_the_article_subject() -> None:
    body = "东川电缆有限公司、西岭材料有限公司两家企业通过审核。\n高新技术产业产值增长12%。"
    mentions = [_mention_of(body, "东川电缆有限公司"), _mention_of(body, "西岭材料有限公司")]
    found = _by_quantity(body, mentions=mentions)
    assert found["12%"].subject is None


def test_the_article_subject_is_a_place_of_its_lead_paragraph() -> None:
    title = "小巨人企业支撑创新发展"
    body = (f"{title}\n远山网讯 会上介绍了中小企业的有关情况。\n"
            "企业研发投入超过1000万元。\n其中，中部地区有企业1084家。")
    mentions = [_mention_of(body, "中部地区", "place")]
    found = _by_quantity(body, title=title, mentions=mentions)
    assert found["1000万元"].subject is None
    assert found["1084家"].subject == "中部地区"


# --- collective words ------------------------------------------------------------------

_COUNTY_TITLE = "青云县科技创新综述"


def _county(body: str, *extra: Mention) -> dict:
    text = f"{_COUNTY_TITLE}\n{body}"
    mentions = [_mention_of(text, "青云县", "place", path="远山省/东江市/青云县"), *extra]
    return _by_quantity(text, title=_COUNTY_TITLE, mentions=mentions)


def test_a_collective_word_of_the_article_level_is_the_article_region() -> None:
    assert _county("今年全县新增企业60家。")["60家"].subject == "青云县"


def test_a_collective_word_of_another_level_is_not_the_article_region() -> None:
    found = _county("在全省81个县市考评中，我县名列前茅。")
    assert found["81个"].subject is None


def test_a_collective_word_stands_for_the_place_of_its_level_named_before_it() -> None:
    text = f"{_COUNTY_TITLE}\n远山省强县名单公布，全省10个县入围。"
    found = _county("远山省强县名单公布，全省10个县入围。",
                    _mention_of(text, "远山省", "place", path="远山省"))
    m = found["10个"]
    assert m.subject == "远山省" and text[m.subject_start : m.subject_end] == "远山省"


def test_a_rank_among_a_collective_is_no_collective() -> None:
    found = _county("今年，青云县技术交易额达28亿元，位居全市第一，占全年任务的56%。")
    assert found["56%"].subject == "青云县"


def test_the_country_is_no_subject() -> None:
    assert _county("在全国105个试点县中，我县排名靠前。")["105个"].subject is None


def test_the_park_word_is_the_park_the_article_is_about() -> None:
    title = "星河科学园区营业额创新高"
    body = f"{title}\n园区年产值相当于全省生产总值的14%。"
    mentions = [_mention_of(body, "星河科学园区", "place")]
    assert _by_quantity(body, title=title, mentions=mentions)["14%"].subject == "星河科学园区"


# --- names in the sentence -------------------------------------------------------------

def test_macro_regions_are_subjects() -> None:
    found = _by_quantity("其中，东部地区企业数量达到2626家，西部地区771家，东北地区281家。")
    assert [found[q].subject for q in ("2626家", "771家", "281家")] == ["东部地区", "西部地区", "东北地区"]


def test_a_name_opening_the_figure_clause_is_its_subject() -> None:
    body = "全省高新技术企业主要集中在三市。其中远川市共有9856家，占总量近80%。"
    found = _by_quantity(body, mentions=[_mention_of(body, "远川市", "place")])
    assert found["9856家"].subject == "远川市"


def test_a_name_heading_an_industry_is_not_the_subject() -> None:
    title = "青云县量子产业十年"
    body = f"{title}\n青云县培育星河科技产业已经10年。"
    mentions = [_mention_of(body, "青云县", "place", nth=1), _mention_of(body, "星河科技")]
    assert _by_quantity(body, title=title, mentions=mentions)["10年"].subject == "青云县"


def test_a_collective_compared_with_is_not_the_subject() -> None:
    found = _county("今年前三季度，青云县生产总值增长12%，增速达到全市的1.5倍。")
    assert found["1.5倍"].subject == "青云县"


def test_collectives_coordinated_in_a_comparison_are_bases() -> None:
    found = _county("前三季度，全县生产总值增长7%，增速比全省和全国分别高2.1个百分点、2.6个百分点。")
    assert [found[q].subject for q in ("2.1个百分点", "2.6个百分点")] == ["青云县", "青云县"]


def test_that_company_points_back_at_the_company_named_before() -> None:
    title = "青云县科技创新综述"
    body = (f"{title}\n青云县星河动力股份有限公司是缸盖生产企业。"
            "该公司技术升级后，抢占了国内市场15%的份额。")
    mentions = [_mention_of(body, "青云县", "place", path="远山省/东江市/青云县"),
                _mention_of(body, "星河动力股份有限公司")]
    m = _by_quantity(body, title=title, mentions=mentions)["15%"]
    assert m.subject == "星河动力股份有限公司"


def test_a_place_in_a_document_title_is_not_the_subject() -> None:
    title = "星河港初创融资增长"
    body = f"{title}\n《远湾区发展规划纲要》提出支持建设，星河港初创企业融资达54.4亿元。"
    mentions = [_mention_of(body, "远湾区", "place")]
    assert _by_quantity(body, title=title, mentions=mentions)["54.4亿元"].subject is None


def test_an_enumeration_of_figures_takes_the_names_listed_before() -> None:
    body = "企业主要集中在甲川市、乙岭市和丙江市。其余两市占比分别为4.7%、2.3%。"
    mentions = [_mention_of(body, n, "place") for n in ("甲川市", "乙岭市", "丙江市")]
    found = _by_quantity(body, mentions=mentions)
    assert [found[q].subject for q in ("4.7%", "2.3%")] == ["乙岭市", "丙江市"]
    body = "企业主要集中在甲川市和乙岭市。两市占比分别为4.7%、2.3%。"
    mentions = [_mention_of(body, n, "place") for n in ("甲川市", "乙岭市")]
    found = _by_quantity(body, mentions=mentions)
    assert [found[q].subject for q in ("4.7%", "2.3%")] == ["甲川市", "乙岭市"]


def test_a_name_that_is_all_of_a_quote_is_a_figure_of_speech() -> None:
    title = "星河港初创融资增长"
    body = f"{title}\n科技发展迎来了“东风”。\n初创企业融资达54.4亿元。"
    mentions = [_mention_of(body, "东风")]
    assert _by_quantity(body, title=title, mentions=mentions)["54.4亿元"].subject is None


def test_the_place_of_a_dateline_without_a_date_is_not_the_subject() -> None:
    title = "青云县项目会审"
    body = f"{title}\n远山日报东江讯 星河水厂是青云县重点项目之一。使用政府债券5000万元。"
    mentions = [_mention_of(body, "青云县", "place", path="远山省/东江市/青云县"),
                _mention_of(body, "东江", "place", path="远山省/东江市"), _mention_of(body, "星河水厂")]
    assert _by_quantity(body, title=title, mentions=mentions)["5000万元"].subject == "星河水厂"


def test_a_name_that_is_the_object_of_an_action_is_not_the_subject() -> None:
    body = "星河集团参与远山省智慧园区示范工程项目，获省级资金723.5万元。"
    mentions = [_mention_of(body, "星河集团"), _mention_of(body, "远山省智慧园区")]
    assert _by_quantity(body, mentions=mentions)["723.5万元"].subject == "星河集团"


def test_a_name_carries_to_the_next_sentence_only() -> None:
    def subject(body: str) -> str | None:
        text = f"{_COUNTY_TITLE}\n{body}"
        mentions = [_mention_of(text, "青云县", "place", path="远山省/东江市/青云县"),
                    _mention_of(text, "星河集团")]
        return _by_quantity(text, title=_COUNTY_TITLE, mentions=mentions)["50亿元"].subject

    assert subject("星河集团是重点企业。今年新增产值50亿元。") == "星河集团"
    assert subject("星河集团是重点企业。园区完善了配套设施。今年新增产值50亿元。") == "青云县"


def test_a_figure_modifying_an_organisation_is_about_it() -> None:
    body = "扎根青云县10多年的星河农业科技开发有限公司推出了新品牌。"
    mentions = [_mention_of(body, "青云县", "place"), _mention_of(body, "星河农业科技开发有限公司")]
    assert _by_quantity(body, mentions=mentions)["10多年"].subject == "星河农业科技开发有限公司"


def test_spans_up_to_now_are_periods() -> None:
    """A span counted back from now (N年来, 两年多来) or from the subject's own start
    (自成立以来) is the time the figures after it cover; 至此 is as of that point."""
    from store.metrics import extract_metrics

    def periods(sentence: str) -> list[str | None]:
        return [m.period for m in extract_metrics(sentence)]

    assert periods("研究院自成立以来，累计孵化企业400多家，授权专利136项。") == ["自成立以来"] * 2
    assert periods("两年多来，园区共引进项目230个。") == ["两年多来"]
    assert periods("近5年来，该县累计投入研发经费20亿元。") == ["近5年来"]
    assert periods("三个多月来，开发区签约项目15个。") == ["三个多月来"]
    assert periods("至此，全市科技型企业总数达到1208家。") == ["至此"]
    # A year followed by 来自 is a year, not a span.
    assert periods("2022年来自企业的研发投入达5亿元。") == ["2022年"]
