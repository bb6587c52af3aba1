"""Number and unit grammar (store/numbers.py) on sentences of our own."""

from __future__ import annotations

import pytest

from store.numbers import base_unit_of, find_quantities, parse_chinese_number, parse_number
from store.textnorm import to_simplified


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("written", "value"),
    [("十二", 12), ("一百零五", 105), ("两千", 2000), ("五千万", 50_000_000), ("三万亿", 3e12), ("万", 10_000)],
)
def test_chinese_numerals(written: str, value: float) -> None:
    assert parse_chinese_number(written) == value


def test_slogan_codes_are_not_numbers() -> None:
    assert parse_chinese_number("十四五") is None
    assert parse_chinese_number("五三") is None


def test_arabic_forms() -> None:
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("１２３．５") == 123.5


@pytest.mark.parametrize(
    ("text", "value", "unit", "base_value", "base_unit"),
    [
        ("投资81.9亿元", 81.9, "亿元", 8_190_000_000, "元"),
        ("规模3.5万亿元", 3.5, "万亿元", 3_500_000_000_000, "元"),
        ("资金五千万元", 5000, "万元", 50_000_000, "元"),
        ("订单2千万元", 2, "千万元", 20_000_000, "元"),
        ("设备3百万元", 3, "百万元", 3_000_000, "元"),
        ("产值８．５亿元", 8.5, "亿元", 850_000_000, "元"),
        ("种植5万亩", 5, "万亩", 50_000, "亩"),
        ("供水1.5万吨/天", 1.5, "万吨/天", 15_000, "吨/天"),
        ("当量1110人/年", 1110, "人/年", 1110, "人/年"),
        ("提高9.15个百分点", 9.15, "个百分点", 9.15, "百分点"),
        ("占比75.5%", 75.5, "%", 75.5, "%"),
        ("面积318平方公里", 318, "平方公里", 318, "平方公里"),
        ("管道559公里", 559, "公里", 559, "公里"),
        ("路长5千米", 5, "千米", 5, "千米"),
        ("企业一百零五家", 105, "家", 105, "家"),
        ("1.5倍", 1.5, "倍", 1.5, "倍"),
        ("用时35分钟", 35, "分钟", 35, "分钟"),
        ("百分之二十", 20, "%", 20, "%"),
        ("总额3,500万元", 3500, "万元", 35_000_000, "元"),
    ],
)
def test_units_and_magnitudes(text: str, value: float, unit: str, base_value: float, base_unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.base_value, q.base_unit) == (value, unit, base_value, base_unit)


@pytest.mark.parametrize(
    ("text", "qualifier", "unit", "base_value"),
    [
        ("新注册企业1.8万余家", "余", "万家", 18_000),
        ("落实资金2400余万元", "余", "万元", 24_000_000),
        ("连续370余天", "余", "天", 370),
        ("扎根10多年", "多", "年", 10),
        ("仅用一个多月", "多", "个月", 1),
        ("两千余家企业", "余", "家", 2000),
        ("投资近500万元", "近", "万元", 5_000_000),
        ("已接近4万人", "接近", "万人", 40_000),
        ("比重超过6%", "超过", "%", 6),
        ("审批率超75%", "超", "%", 75),
        ("逾300家", "逾", "家", 300),
        ("约3000人", "约", "人", 3000),
        ("新增100家以上", "以上", "家", 100),
        ("新增18家左右", "左右", "家", 18),
        ("总数突破千家", "突破", "家", 1000),
        ("规模均过千亿元", "过", "亿元", 100_000_000_000),
        ("近万名人才", "近", "名", 10_000),
    ],
)
def test_hedges(text: str, qualifier: str, unit: str, base_value: float) -> None:
    q = one(text)
    assert (q.qualifier, q.unit, q.base_value) == (qualifier, unit, base_value)
    assert text[q.qualifier_start : q.qualifier_end] == qualifier


def test_hedge_inside_a_word_is_not_a_hedge() -> None:
    assert one("通过3项").qualifier is None


def test_range_with_both_units_gives_two_linked_quantities() -> None:
    low, high = find_quantities("给予50万元至100万元奖励")
    assert (low.base_value, high.base_value) == (500_000, 1_000_000)
    assert low.range_partner == 1 and high.range_partner == 0


def test_range_with_one_unit_lends_it_to_the_bare_start() -> None:
    low, high = find_quantities("投资10-20亿元")
    assert (low.value, low.unit, low.base_value) == (10, "亿元", 1_000_000_000)
    assert low.implied_unit and (high.base_value, high.range_partner) == (2_000_000_000, 0)


@pytest.mark.parametrize(
    "text",
    ["2022年", "11月8日上午10:06", "位居全市第2位", "第二批名单", "KN95口罩", "5G基站", "二期工程", "一批项目",
     "30年来", "5年内", "热线0531-88886666", "十四五个", "成立30周年", "十一届十二次全会", "九年一贯制学校"],
)
def test_forms_that_are_never_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_traditional_text_after_folding() -> None:
    from store.textnorm import to_simplified

    text = "新註冊企業1.8萬余家，一線進出口總額100.5億元"
    a, b = find_quantities(to_simplified(text))
    assert (a.base_value, a.base_unit, b.base_value) == (18_000, "家", 10_050_000_000)


def test_base_unit_rules() -> None:
    assert base_unit_of("亿元") == (1e8, "元")
    assert base_unit_of("千米") == (1.0, "千米")
    assert base_unit_of("个百分点") == (1.0, "百分点")
    assert base_unit_of("万吨/天") == (1e4, "吨/天")


def _one(text: str):
    found = find_quantities(to_simplified(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value", "written"), [
    ("净利润同比-15.6%，", -15.6, "-15.6%"),
    ("出口增速为负2.4%", -2.4, "负2.4%"),
    ("温差正负3%", 3.0, "3%"),
])
def test_minus_signs(text: str, value: float, written: str) -> None:
    q = _one(text)
    assert q.value == value and q.base_value == value
    assert text[q.start : q.end] == written


def test_a_hyphen_after_a_digit_is_a_range_not_a_sign() -> None:
    found = find_quantities("投资8-12亿元")
    assert [q.value for q in found] == [8.0, 12.0]


@pytest.mark.parametrize(("text", "base_value", "base_unit"), [
    ("產值達3兆1,250億元", 3_125_000_000_000, "元"),
    ("從業人員41萬2,056人", 412_056, "人"),
    ("員工共12萬3千人", 123_000, "人"),
    ("營收2兆元", 2e12, "元"),
])
def test_taiwan_trillions_and_two_magnitude_compounds(text: str, base_value: float, base_unit: str) -> None:
    q = _one(text)
    assert (q.base_value, q.base_unit) == (base_value, base_unit)


def test_megawatts_are_not_trillions() -> None:
    q = _one("光伏装机80兆瓦")
    assert (q.base_value, q.base_unit) == (80, "兆瓦")


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("误差在千分之三以内", 3, "‰"),
    ("占比万分之八", 8, "‱"),
    ("近四分之一的企业", 25, "%"),
])
def test_fractions_in_words(text: str, value: float, unit: str) -> None:
    q = _one(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize(("text", "base_value", "base_unit"), [
    ("募得HK$250万", 2_500_000, "港元"),
    ("營收NT$3,400億元", 340_000_000_000, "新台币"),
    ("融资$1.5亿", 150_000_000, "美元"),
    ("售价￥99元", 99, "元"),
    ("投资港币6亿元", 600_000_000, "港元"),
    ("出口額達新台幣820億元", 82_000_000_000, "新台币"),
    ("吸引外资3.2亿欧元", 320_000_000, "欧元"),
    ("规模1,200亿日元", 120_000_000_000, "日元"),
])
def test_currencies_other_than_yuan(text: str, base_value: float, base_unit: str) -> None:
    q = _one(text)
    assert (q.base_value, q.base_unit) == (base_value, base_unit)


@pytest.mark.parametrize(("text", "base_value", "base_unit"), [
    ("全长56公里", 56, "公里"), ("占地3.6平方公里", 3.6, "平方公里"), ("厂房2万平方米", 20000, "平方米"),
    ("流转土地800亩", 800, "亩"), ("造林120公顷", 120, "公顷"), ("年产5万吨", 50000, "吨"),
    ("装机60万千瓦", 600000, "千瓦"), ("发电3亿千瓦时", 3e8, "千瓦时"), ("蓄水1.2亿立方米", 1.2e8, "立方米"),
    ("吞吐量300万标箱", 3e6, "标箱"),
])
def test_dimensions(text: str, base_value: float, base_unit: str) -> None:
    q = _one(text)
    assert (q.base_value, q.base_unit) == (base_value, base_unit)


@pytest.mark.parametrize("text", ["产值１２３．５亿元", "产值123.5 亿元"])
def test_full_width_and_spaced_digits(text: str) -> None:
    q = _one(text)
    assert q.base_value == 12_350_000_000


# --- shares in tenths and halves ---

@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("超六成受访企业", 6, "超"),
    ("七成以上的项目已投产", 7, "以上"),
    ("约3成用户", 3, "约"),
    ("近一成的资金", 1, "近"),
])
def test_tenths_written_with_cheng(text: str, value: float, qualifier: str) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.base_value, q.base_unit, q.qualifier) == (value, "成", value, "成", qualifier)


@pytest.mark.parametrize("text", [
    "他的做法一成不变", "游客三五成群", "项目建成投产", "这里成为创新高地", "2023成为转折之年", "他八十成名",
])
def test_cheng_in_words_is_no_share(text: str) -> None:
    assert [q for q in find_quantities(text) if q.unit == "成"] == []


@pytest.mark.parametrize(("text", "qualifier"), [
    ("民营企业超过半数", "超过"), ("占全省近半数，", "近"), ("半数以上的企业", "以上"), ("销量已过半，", "过"),
    ("占一半，", None), ("超过一半的企业", "超过"), ("一半以上的项目", "以上"),
])
def test_halves_are_fifty_percent(text: str, qualifier: str | None) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.base_unit, q.qualifier) == (50, "%", "%", qualifier)


@pytest.mark.parametrize("text", ["近半年来", "过半个月", "一年半", "一半是山一半是水"])
def test_half_a_period_is_no_share(text: str) -> None:
    assert [q for q in find_quantities(text) if q.unit == "%"] == []


# --- Chinese digits written one by one, and with a point ---

@pytest.mark.parametrize(("written", "value"), [
    ("二〇五八", 2058), ("三七一", 371), ("四万五六七八", 45678), ("三.四五", 3.45), ("一点八", 1.8), ("十二点五", 12.5),
])
def test_digit_by_digit_and_decimal_numerals(written: str, value: float) -> None:
    assert parse_chinese_number(written) == value


@pytest.mark.parametrize("written", ["三四", "七八", "十四五", "一点一滴", "〇五一"])
def test_estimates_and_codes_are_not_digit_runs(written: str) -> None:
    assert parse_chinese_number(written) is None


@pytest.mark.parametrize(("text", "base_value", "base_unit"), [
    ("今年新增二〇五八件专利", 2058, "件"),
    ("吸引二八七五億元投资", 287_500_000_000, "元"),
    ("营业额达到三．四五兆元", 3_450_000_000_000, "元"),
    ("产值一点八亿元", 180_000_000, "元"),
    ("提供四萬五六七八個岗位", 45678, "个"),
])
def test_chinese_digit_quantities(text: str, base_value: float, base_unit: str) -> None:
    q = _one(text)
    assert (q.base_value, q.base_unit) == (base_value, base_unit)


@pytest.mark.parametrize("text", ["三四家企业参加", "来了七八个人", "二〇二三年十月", "一点一滴做起"])
def test_estimates_and_dates_in_chinese_digits_are_no_quantities(text: str) -> None:
    assert find_quantities(to_simplified(text)) == []


# --- magnitudes with no unit after them, and magnitudes standing alone ---

@pytest.mark.parametrize(("text", "value", "unit", "base_value", "qualifier"), [
    ("全县工业产值38.2亿，", 38.2, "亿", 3_820_000_000, None),
    ("出口额约2.4兆、", 2.4, "兆", 2_400_000_000_000, "约"),
    ("进口额超过3千亿。", 3000, "亿", 300_000_000_000, "超过"),
    ("从业人员超过30万……", 30, "万", 300_000, "超过"),
    ("观众达1.2万多。", 1.2, "万", 12_000, "多"),
])
def test_amounts_ending_on_their_magnitude(text: str, value: float, unit: str, base_value: float,
                                           qualifier: str | None) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.base_value, q.base_unit, q.qualifier) == (value, unit, base_value, "", qualifier)


def test_thousand_hundred_millions_keep_the_usual_magnitude() -> None:
    q = _one("投资3千亿元")
    assert (q.value, q.unit, q.base_value, q.base_unit) == (3000, "亿元", 300_000_000_000, "元")


@pytest.mark.parametrize("text", ["型号V2.5万", "募得HK$250万", "年产30万辆"])
def test_bare_magnitude_needs_a_stop_and_no_code(text: str) -> None:
    assert all(q.base_unit for q in find_quantities(text))


@pytest.mark.parametrize(("text", "base_value", "qualifier"), [
    ("销售额首次突破亿元", 100_000_000, "突破"), ("营收逾兆元", 1_000_000_000_000, "逾"),
])
def test_magnitude_alone_after_passing_verb(text: str, base_value: float, qualifier: str) -> None:
    q = _one(text)
    assert (q.value, q.base_value, q.base_unit, q.qualifier) == (1, base_value, "元", qualifier)


def test_breaking_is_not_passing() -> None:
    assert find_quantities("打破兆元的纪录") == []


# --- lists of numbers that share the last one's unit ---

@pytest.mark.parametrize(("text", "values", "unit"), [
    ("增速比全省和全国分别高2.3、2.5个百分点", [2.3, 2.5], "个百分点"),
    ("营收分别为4.1和5.2亿元", [4.1, 5.2], "亿元"),
    ("占比依次为12.5、20.1与33.3%", [12.5, 20.1, 33.3], "%"),
])
def test_listed_numbers_share_the_unit(text: str, values: list[float], unit: str) -> None:
    found = find_quantities(text)
    assert [q.value for q in found] == values
    assert {q.unit for q in found} == {unit}
    assert [q.implied_unit for q in found] == [True] * (len(values) - 1) + [False]


@pytest.mark.parametrize("text", ["1、3家企业入选", "要点：2、5项任务", "A1、2个项目"])
def test_list_markers_and_codes_borrow_no_unit(text: str) -> None:
    assert [q.value for q in find_quantities(text)] in ([3], [5], [2])


# --- ranks and digit counts ---

@pytest.mark.parametrize("text", ["产量居前三位", "跻身全国前10名", "保持两位数增长"])
def test_ranks_and_digit_counts_are_no_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_a_count_of_people_after_qian_is_kept() -> None:
    assert _one("目前5位专家在岗").base_value == 5


def test_a_compound_takes_the_hedge_before_it() -> None:
    q = _one("职工超过12万3千人")
    assert (q.base_value, q.qualifier) == (123_000, "超过")


@pytest.mark.parametrize(("text", "qualifier"), [("达到前年的4倍有多，", "有多"), ("是原来的2倍有余", "有余"),
                                                 ("不知是2倍有多少", None)])
def test_more_than_after_a_multiple(text: str, qualifier: str | None) -> None:
    assert _one(text).qualifier == qualifier


@pytest.mark.parametrize(("text", "base_value", "qualifier"), [
    ("从业人员超过六十万。", 600_000, "超过"), ("储量近两千亿，", 200_000_000_000, "近"), ("总数为十二万。", 120_000, None),
])
def test_chinese_amounts_ending_on_their_magnitude(text: str, base_value: float, qualifier: str | None) -> None:
    q = _one(text)
    assert (q.base_value, q.base_unit, q.qualifier) == (base_value, "", qualifier)


@pytest.mark.parametrize("text", ["千万不要放弃。", "排在第100万，", "心中万一，"])
def test_magnitude_words_and_ordinals_are_no_bare_amounts(text: str) -> None:
    assert [q for q in find_quantities(text) if q.base_unit == ""] == []
