"""Number and unit grammar for Chinese news text.

``find_quantities`` finds every "number + unit" in a text and parses it: Arabic numbers
(with decimals, thousand separators, full-width digits), Chinese numerals (五千万, 两千余,
一百零五), magnitude words (万 亿 万亿 千 百万 千万) folded into a base value, hedges
(近 超过 余 多 以上 左右 ...), measure words, physical units, rates (万吨/天) and ranges
(10-20亿元, 50万元至100万元: one quantity per number, the bare end borrows the other's unit),
lists sharing the last unit (高1.4、1.8个百分点), Chinese digits written one by one or with a
point (一九一六件, 二．二六兆元: cn2an reads them), shares in tenths (超五成) and halves (近半数),
and amounts that end on their magnitude with the unit unsaid (产值27.6亿, 超过50万: base unit "").

It only knows the grammar of a quantity. Whether a quantity states a fact (and not a date,
a rank, a model name or a slogan) is judged here only where the form alone decides it
(2022年, 第2, KN95); the sentence-level judgement is in ``store.metrics``.

The text passed in must be Simplified (``store.textnorm.to_simplified``); offsets are
offsets into it, so callers holding the original text of the same length can slice it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Full-width digits and decimal point to ASCII: one character each, so offsets are kept.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


def normalize_digits(text: str) -> str:
    """``text`` with full-width digits, point and percent sign made ASCII (same length)."""
    return text.translate(_FULLWIDTH)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"


def parse_chinese_number(text: str) -> float | None:
    """Value of a Chinese numeral (十二 -> 12, 一百零五 -> 105, 五千万 -> 50000000).

    Returns None for digit strings that are not numbers in the normal positional grammar,
    such as slogan codes (十四五) or digit-by-digit years (二〇二二).
    """
    if not text:
        return None
    point = next((i for i, ch in enumerate(text) if ch in ".点"), -1)
    if point >= 0:
        # 二.二六, 二点五: the whole part in the usual grammar, the decimals digit by digit.
        whole, decimals = text[:point], text[point + 1 :]
        if not whole or not decimals or any(ch not in _CN_DIGITS for ch in decimals):
            return None
        return _cn2an(whole + "点" + decimals)
    if any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if len(text) >= 3 and all(ch in _CN_DIGITS for ch in text) and text[0] not in "零〇":
        # Digit by digit (一九一六, 二九六四), as Taiwan papers write counts and sums. Two
        # digits are no number: 三四家 and 七八个 are estimates (three or four).
        return _cn2an(text)
    group = re.fullmatch(f"(.+?)([万亿])([{''.join(_CN_DIGITS)}]{{4}})", text)
    if group and not any(ch in _CN_SMALL_UNITS for ch in group.group(3)):
        # 六万三四九二: a higher group, then the lower four digits written digit by digit.
        high, low = parse_chinese_number(group.group(1)), _cn2an(group.group(3))
        if high is None or low is None:
            return None
        return high * (10_000 if group.group(2) == "万" else 100_000_000) + low
    total = 0  # whole 亿 groups
    wan = 0  # whole 万 groups below the current 亿
    section = 0  # below 万
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0 and _CN_DIGITS[ch] != 0:
                return None  # two digits in a row: 十四五, 五三
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (digit if digit else 1) * _CN_SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            group = section + (digit or 0)
            wan = (wan + (group or 1)) * 10_000
            section, digit = 0, None
        else:  # 亿
            group = wan + section + (digit or 0)
            total = (total + (group or 1)) * 100_000_000
            wan, section, digit = 0, 0, None
    return float(total + wan + section + (digit or 0))


def _cn2an(text: str) -> float | None:
    """cn2an's reading of a Chinese numeral (its "normal" grammar also reads digit-by-digit
    runs and decimals written with 点), or None when it is not one."""
    import cn2an  # imported on first use: most texts never need it

    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, TypeError):
        return None


def parse_number(text: str) -> float | None:
    """Value of an Arabic (1,234.5 / １２３．５) or Chinese (两千) number as written."""
    text = normalize_digits(text).strip()
    if not text:
        return None
    if text[0].isdigit():
        plain = text.replace(",", "")
        try:
            return float(plain)
        except ValueError:
            return None
    return parse_chinese_number(text)


# Magnitude words folded into the base value. 千 is not one before 米/克/瓦 (千米 is a unit).
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,  # 5千亿: read as 5000 亿
    "百亿": 1e10,
    "兆": 1e12,  # Taiwan usage (4兆元); 兆瓦, 兆赫 are units, kept out by _MAG
    "千万": 1e7,
    "百万": 1e6,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# Units, longest first so the alternation prefers 平方公里 over 公里 and 个百分点 over 个.
_PHYSICAL_UNITS = (
    "平方公里 平方千米 平方米 平米 立方米 公里 千米 厘米 毫米 纳米 米 公顷 亩 "
    "千瓦时 兆瓦 千瓦 吉瓦 万千瓦 吨 千克 公斤 克 升 标箱 "
    "元 美元 欧元 港元 港币 日元 英镑 新台币 台币 澳门元 韩元 卢布 "
    "分钟 小时 秒 天 年 周 岁"
).split()
_COUNT_UNITS = (
    "家次 人次 场次 批次 户次 架次 "
    "家 项 个 人 名 位 场 笔 辆 台 所 座 套 批 条 件 次 类 片 种 只 支 株 户 间 栋 处 款 篇 "
    "部 期 轮 份 张 例 架 艘 枚 颗 倍"
).split()
UNITS: tuple[str, ...] = tuple(sorted(set(_PHYSICAL_UNITS + _COUNT_UNITS), key=len, reverse=True))
# Per-time (or per-thing) denominators of rates: 万吨/天, 人/年, 元/吨.
_RATE_DENOMINATORS = "小时 平方米 天 日 年 月 时 秒 吨 亩 人 台 辆 件 户 次 公里 千瓦时".split()

_NUM_AR = r"\d+(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
# A Chinese numeral, with decimals written after a point (二.二六, 二点五: the full-width ．
# is made ASCII first).
_NUM_CN = f"[{CN_NUMERAL_CHARS}]+(?:[.点][{''.join(_CN_DIGITS)}]+)?"
_MAG = r"万亿|千亿|百亿|千万|百万|亿|兆(?!瓦|赫|字|帕|焦|欧|比)|万|千(?!米|克|瓦)|百(?!分)"
# N成 is N tenths of a whole (超五成, 七成以上); 成 opening a word (成为, 成功, 一成不变, 三五成群)
# is no share.
_SHARE_TENTHS = "成(?![为功立交果本效员绩就长型品片都年人不套批分规群语熟])"
_UNIT = "|".join(
    ["个百分点", "百分点", "个(?:多|余)?月", "%", "‰", _SHARE_TENTHS]
    + [re.escape(u) for u in UNITS]
)
_RATE = "|".join(sorted(_RATE_DENOMINATORS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?P<num>{_NUM_AR}|{_NUM_CN})"
    r"(?:(?<=\d)[ \u3000](?=[万亿千百兆%\u4e00-\u9fff]))?"  # 81.9 亿元: a space after the digits
    r"(?P<q1>余|多)?"
    rf"(?P<mag>{_MAG})?"
    r"(?P<q2>余|多)?"
    rf"(?P<unit>{_UNIT})"
    rf"(?P<rate>/(?:{_RATE}))?"
    r"(?P<post>以上|左右|以下|以内|上下|有多(?![少大高长快么远重])|有余)?"  # 3倍有多: more than
)
_PERCENT_WORDS = re.compile(rf"百分之(?P<num>{_NUM_AR}|[零〇一二两三四五六七八九十百]+)")
# 千分之五 (‰), 万分之三 (‱), 三分之一 (a share, as a percentage of the whole).
_FRACTION_WORDS = re.compile(
    rf"(?P<den>{_NUM_AR}|[零〇一二两三四五六七八九十百千万]+)分之(?P<num>{_NUM_AR}|[零〇一二两三四五六七八九十百]+)"
)
# A number of two magnitudes (4兆2,664亿元, 32万3,113人, 16万5千人): the lower group follows
# the higher one; the value is read in the higher magnitude.
_COMPOUND = re.compile(
    rf"(?P<n1>{_NUM_AR})(?P<m1>兆|亿|万)(?P<n2>{_NUM_AR}|[一二两三四五六七八九])(?P<m2>亿|万|千|百)?"
    r"(?P<q>余|多)?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in sorted(set(_PHYSICAL_UNITS + _COUNT_UNITS), key=len, reverse=True))})"
)
_COMPOUND_MARK = re.compile(r"[兆亿万][\d一二两三四五六七八九]")
# Currency signs written before the number ($5亿, HK$300万, NT$1,200): the currency is the unit.
_CURRENCY_SIGNS = {"HK$": "港元", "NT$": "新台币", "US$": "美元", "$": "美元", "￥": "元", "¥": "元", "€": "欧元", "£": "英镑"}
_SIGNED = re.compile(
    rf"(?P<sign>HK\$|NT\$|US\$|\$|￥|¥|€|£)\s?(?P<num>{_NUM_AR})(?P<mag>万亿|亿|兆|万|千)?(?P<unit>元)?"
)

# What may follow a figure that ends on its magnitude word (产值27.6亿，; 超过50万。): a stop,
# or a hedge after it.
_AFTER_BARE = r"(?=[，,。、；;：:…！!？?）)”\s]|$)"
# An amount with no unit after its magnitude (产值27.6亿, 出口额约1.3兆, 人员超过50万): the unit is
# left unsaid, so the base unit is empty.
_BARE_MAGNITUDE = re.compile(
    rf"(?P<num>{_NUM_AR})(?P<mag>万亿|千亿|百亿|千万|百万|亿|兆|万)(?P<q>余|多)?(?P<post>以上|左右)?{_AFTER_BARE}"
)
# The same in Chinese numerals (超过五十万。, 近三千亿，), read only after a hedge or 达/为: a
# numeral run alone at a stop is as often a word (千万, 亿万).
_BARE_MAGNITUDE_CN = re.compile(
    rf"(?P<num>[{''.join(_CN_DIGITS)}十百千]+)(?P<mag>万亿|亿|万)(?P<q>余|多)?(?P<post>以上|左右)?{_AFTER_BARE}"
)
# A magnitude standing for one of itself after a verb of passing (突破兆元, 逾亿元); 破 alone
# also ends 打破, 击破, so it is not read.
_MAGNITUDE_ALONE = re.compile(
    r"(?P<pre>突破|超过|逾)(?P<mag>万亿|千亿|百亿|亿|兆)(?P<unit>元|美元|港元|欧元|日元|英镑|新台币|台币)"
)
# Half of a whole (半数, 近半, 过半): a share of 50%. 近半年 and 过半个月 are times, not shares.
_HALF = re.compile(
    rf"(?P<half>半数)|(?P<pre>接近|将近|超过|近|过|超|逾)(?P<h2>半){_AFTER_BARE[:-1]}|以上)"
    # 一半 is a share after a hedge or 占 (占一半, 超过一半) or before 以上; 一半是… alone is not.
    rf"|(?P<pre3>占|接近|将近|超过|近|约|逾)(?P<h3>一半)|(?P<h4>一半)(?=以上)"
)

# Hedges written before the number, longest first (超过 before 超, 接近 before 近).
PRE_QUALIFIERS: tuple[str, ...] = (
    "接近", "将近", "超过", "突破", "最高", "最快", "最低", "最多", "最少", "不足", "不到", "至少",
    "大约", "逾", "约", "近", "超", "过",
)
# A hedge is no hedge when it ends a longer word: 通过3项, 最近3年, 附近, 不超过 is kept whole.
_QUALIFIER_BLOCKERS = {"过": "通经度跨越闯超不", "近": "最附邻接将靠", "超": "赶", "约": "签制节预"}
_RANGE_JOINERS = "-—–~～至到"


@dataclass
class Quantity:
    """One number with its unit, parsed. Offsets are into the text given to ``find_quantities``."""

    start: int  # first character of the number (or of 百分之)
    end: int  # after the unit (and the rate denominator), before any trailing hedge
    number: str  # the number as written: 81.9, 两千, 千
    value: float  # the number's value without the magnitude word
    unit: str  # unit with magnitude, hedges removed: 亿元, 万家, 个月
    base_value: float
    base_unit: str
    qualifier: str | None = None
    qualifier_start: int | None = None  # span of the hedge, which may lie before or after
    qualifier_end: int | None = None
    magnitude: str = ""
    unit_spans: list[tuple[int, int]] = field(default_factory=list)  # where the unit's characters are
    range_partner: int | None = None  # index of the other end of a range in the result list
    implied_unit: bool = False  # range start whose unit is borrowed from the other end
    chinese: bool = False  # written in Chinese numerals

    @property
    def span(self) -> tuple[int, int]:
        """Span including hedges."""
        start = min(self.start, self.qualifier_start if self.qualifier_start is not None else self.start)
        end = max(self.end, self.qualifier_end if self.qualifier_end is not None else self.end)
        return start, end


def base_unit_of(unit: str) -> tuple[float, str]:
    """(multiplier, base unit) for a unit as written: 亿元 -> (1e8, 元), 个百分点 -> (1, 百分点)."""
    unit = unit.replace("余", "").replace("多", "")
    if unit == "个百分点":
        return 1.0, "百分点"
    for mag in sorted(MAGNITUDES, key=len, reverse=True):
        rest = unit[len(mag):]
        if unit.startswith(mag) and rest and not (mag == "千" and rest[0] in "米克瓦") and rest != "分点" \
                and not (mag == "兆" and rest[0] in "瓦赫字帕焦欧比"):
            return MAGNITUDES[mag], rest
    return 1.0, unit


def _round(value: float) -> float:
    # 81.9 * 1e8 is 8190000000.000001 in binary floating point; news figures have few digits.
    return float(f"{value:.10g}") if value else 0.0


def _pre_qualifier(text: str, start: int) -> tuple[str, int] | None:
    for q in PRE_QUALIFIERS:
        qs = start - len(q)
        if qs >= 0 and text.startswith(q, qs):
            blockers = _QUALIFIER_BLOCKERS.get(q[0] if len(q) == 1 else "", "")
            if len(q) == 1 and qs > 0 and text[qs - 1] in blockers:
                return None
            return q, qs
    return None


def _is_date_or_code(text: str, m: re.Match[str], value: float) -> bool:
    """Forms that are never a measured quantity, whatever the sentence says."""
    start, num = m.start("num"), m.group("num")
    unit = m.group("unit")
    before = text[start - 1] if start > 0 else ""
    after_unit = text[m.end("unit"): m.end("unit") + 4]
    if before == "第":  # ordinal: 第2位, 第二批
        return True
    if unit in ("位", "名") and before == "前" and start >= 2 and text[start - 2] in "居列排名入身国省市":
        return True  # rank: 居前三位, 跻身前10名
    if unit == "位" and after_unit.startswith("数"):
        return True  # 两位数 is a number of digits (两位数增长)
    if before and (before.isascii() and before.isalnum() or before in ".．" or before in CN_NUMERAL_CHARS):
        return True  # inside a code (KN95) or a longer numeral (十四五个 holds no 五个)
    if m.end("num") < len(text) and text[m.end("num")].isascii() and text[m.end("num")].isalpha():
        return True  # 5G
    if unit == "年":
        if value >= 1000 or len(num) >= 4 or (not m.group("q1") and not m.group("q2") and after_unit[:1] and after_unit[0] in "来内前后间里中底初末度代级制"):
            return True  # 2022年 is a date; 30年来 and 5年内 are periods, 九年制 a kind of school
        if after_unit.startswith("一贯"):
            return True
    if unit == "周" and after_unit.startswith("年"):
        return True  # 30周年 is an anniversary
    if unit == "次" and re.match(r"(全会|会议|代表大会|党代会|常委会)", after_unit):
        return True  # 十二次全会 is an ordinal
    if unit in ("天", "日") and before == "月":
        return True
    return False


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (Simplified), in order, with ranges linked.

    Forms that are plainly not measured facts are left out (dates 2022年, ordinals 第二批,
    codes KN95/5G, ordinal 二 as in 二期, bare 一 as in 一批); the number's context in its
    sentence (slogans, nicknames) is judged by the caller.
    """
    text = normalize_digits(text)
    found: list[Quantity] = _special_quantities(text)
    taken = sorted((q.start, q.end) for q in found)
    pos = 0
    while True:
        m = _QUANTITY.search(text, pos)
        if not m:
            break
        inside = next((e for s, e in taken if s <= m.start() < e), None)
        if inside is not None:
            pos = inside
            continue
        q = _quantity_from_match(text, m)
        if q is None:
            # Retry one character further: 十四五个 must not hide 五个, 2022年10个 must not hide 10个.
            pos = m.start() + 1
            continue
        found.append(q)
        pos = m.end()
    for m in _PERCENT_WORDS.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None:
            found.append(Quantity(m.start(), m.end(), m.group("num"), value, "%", value, "%",
                                  unit_spans=[(m.start(), m.start() + 3)], chinese=not m.group("num")[0].isdigit()))
    found.sort(key=lambda q: q.start)
    for q in found:
        _apply_sign(text, q)
        _currency_before(text, q)
    _link_ranges(text, found)
    return found


_MINUS = "-−－"
# A currency named before the amount (港币3亿元, 新台币1,200亿元): the amount is in that currency.
_CURRENCY_BEFORE = re.compile(r"(港币|港元|新台币|台币|美元|欧元|日元|英镑|澳门元)$")
_CURRENCY_NAME = {"港币": "港元", "台币": "新台币"}


def _currency_before(text: str, q: Quantity) -> None:
    if q.base_unit != "元":
        return
    m = _CURRENCY_BEFORE.search(text, max(0, q.start - 3), q.start)
    if m:
        q.base_unit = _CURRENCY_NAME.get(m.group(1), m.group(1))


def _apply_sign(text: str, q: Quantity) -> None:
    """A minus sign or 负 right before a number (-22.2%, 负3.9%) makes it negative. A hyphen
    after a digit is a range (10-20亿元), not a sign."""
    if q.start == 0 or q.implied_unit:
        return
    sign = text[q.start - 1]
    glued = q.start >= 2 and (text[q.start - 2].isdigit() or text[q.start - 2].isascii() and text[q.start - 2].isalnum())
    if sign == "负" or (sign in _MINUS and not glued):
        if sign == "负" and q.start >= 2 and text[q.start - 2] in "正":
            return  # 正负3% is a tolerance
        q.start -= 1
        q.value, q.base_value = -q.value, -q.base_value
        if q.number and q.number[0] not in _MINUS + "负":
            q.number = sign + q.number


def _special_quantities(text: str) -> list[Quantity]:
    """Forms the main pattern does not read: compounds of two magnitudes, fractions written
    in words, and amounts after a currency sign."""
    found: list[Quantity] = []
    # Each form is rare: look for it only where its mark is in the text at all.
    compounds = _COMPOUND.finditer(text) if _COMPOUND_MARK.search(text) else ()
    for m in compounds:
        high = MAGNITUDES[m.group("m1")]
        low = MAGNITUDES[m.group("m2")] if m.group("m2") else 1.0
        if low >= high:
            continue
        n1, n2 = parse_number(m.group("n1")), parse_number(m.group("n2"))
        if n1 is None or n2 is None or n2 * low >= high:
            continue
        base = n1 * high + n2 * low
        unit = m.group("m1") + m.group("unit")
        spans = [(m.start("m1"), m.end("m1")), (m.start("unit"), m.end("unit"))]
        q = Quantity(m.start(), m.end(), m.group("n1") + m.group("m1") + m.group("n2") + (m.group("m2") or ""),
                     _round(base / high), unit, _round(base), m.group("unit"), magnitude=m.group("m1"), unit_spans=spans)
        if m.group("q"):
            q.qualifier, q.qualifier_start, q.qualifier_end = m.group("q"), m.start("q"), m.end("q")
        else:
            pre = _pre_qualifier(text, m.start())
            if pre:  # 超过16万5千人
                q.qualifier, q.qualifier_start, q.qualifier_end = pre[0], pre[1], pre[1] + len(pre[0])
        found.append(q)
    for m in _FRACTION_WORDS.finditer(text) if "分之" in text else ():
        if any(q.start <= m.start() < q.end for q in found):
            continue
        den, num = parse_number(m.group("den")), parse_number(m.group("num"))
        if not den or num is None:
            continue
        chinese = not m.group("num")[0].isdigit()
        spans = [(m.start(), m.start("num"))]
        if den in (1000.0, 10000.0):
            unit = "‰" if den == 1000 else "‱"
            found.append(Quantity(m.start(), m.end(), m.group("num"), num, unit, num, unit,
                                  unit_spans=spans, chinese=chinese))
        elif den != 100:  # 百分之N is read with the percentages
            share = _round(100 * num / den)
            found.append(Quantity(m.start(), m.end(), m.group(), share, "%", share, "%",
                                  unit_spans=spans, chinese=chinese))
    for q in _bare_magnitudes(text):
        if not any(f.start <= q.start < f.end for f in found):
            found.append(q)
    for m in _SIGNED.finditer(text) if any(sign in text for sign in "$￥¥€£") else ():
        if any(q.start <= m.start() < q.end for q in found):
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        currency = _CURRENCY_SIGNS[m.group("sign")]
        mag = m.group("mag") or ""
        spans = [(m.start("sign"), m.end("sign"))] + ([(m.start("mag"), m.end("mag"))] if mag else [])
        if m.group("unit"):
            spans.append((m.start("unit"), m.end("unit")))
        found.append(Quantity(m.start(), m.end(), m.group("num"), value, mag + currency,
                              _round(value * MAGNITUDES.get(mag, 1.0)), currency, magnitude=mag, unit_spans=spans))
    return found


def _bare_magnitudes(text: str) -> list[Quantity]:
    """Amounts that end on their magnitude word (27.6亿, 5千亿, 50万), magnitudes standing alone
    after 突破 (突破兆元: one 兆元), and halves (半数, 近半) as 50%."""
    found: list[Quantity] = []
    if any(mag in text for mag in "万亿兆"):
        for m in _BARE_MAGNITUDE.finditer(text):
            before = text[m.start() - 1] if m.start() else ""
            if before and (before.isascii() and before.isalnum() or before in ".$￥¥€£第"):
                continue  # part of a code, or an amount after a currency sign (read with the signs)
            value = parse_number(m.group("num"))
            if value is None:
                continue
            mag, mag_start = m.group("mag"), m.start("mag")
            if mag in ("千亿", "百亿"):
                value *= MAGNITUDES[mag] / MAGNITUDES["亿"]
                mag, mag_start = "亿", mag_start + 1
            q = Quantity(m.start(), m.end("mag"), m.group("num"), value, mag, _round(value * MAGNITUDES[mag]), "",
                         magnitude=mag, unit_spans=[(mag_start, m.end("mag"))])
            hedge = "q" if m.group("q") else "post" if m.group("post") else None
            if hedge:
                q.qualifier, q.qualifier_start, q.qualifier_end = m.group(hedge), m.start(hedge), m.end(hedge)
            else:
                pre = _pre_qualifier(text, m.start())
                if pre:
                    q.qualifier, q.qualifier_start, q.qualifier_end = pre[0], pre[1], pre[1] + len(pre[0])
            found.append(q)
        for m in _BARE_MAGNITUDE_CN.finditer(text):
            pre = _pre_qualifier(text, m.start())
            if not pre and not text[max(0, m.start() - 2) : m.start()].endswith(("达", "到", "为")):
                continue
            if m.start() and text[m.start() - 1] in CN_NUMERAL_CHARS:
                continue  # inside a longer run
            value = parse_chinese_number(m.group("num"))
            if value is None:
                continue
            mag = m.group("mag")
            q = Quantity(m.start(), m.end("mag"), m.group("num"), value, mag, _round(value * MAGNITUDES[mag]), "",
                         magnitude=mag, unit_spans=[(m.start("mag"), m.end("mag"))], chinese=True)
            hedge = "q" if m.group("q") else "post" if m.group("post") else None
            if hedge:
                q.qualifier, q.qualifier_start, q.qualifier_end = m.group(hedge), m.start(hedge), m.end(hedge)
            elif pre:
                q.qualifier, q.qualifier_start, q.qualifier_end = pre[0], pre[1], pre[1] + len(pre[0])
            found.append(q)
        for m in _MAGNITUDE_ALONE.finditer(text):
            mag, unit = m.group("mag"), m.group("unit")
            currency = _CURRENCY_NAME.get(unit, unit)
            found.append(Quantity(m.start("mag"), m.end(), mag, 1.0, mag + unit, MAGNITUDES[mag], currency,
                                  qualifier=m.group("pre"), qualifier_start=m.start(), qualifier_end=m.end("pre"),
                                  magnitude=mag, unit_spans=[(m.start("mag"), m.end())], chinese=True))
    for m in _HALF.finditer(text) if "半" in text else ():
        group = next(g for g in ("half", "h2", "h3", "h4") if m.group(g))
        start, end = m.start(group), m.end(group)
        q = Quantity(start, end, text[start:end], 50.0, "%", 50.0, "%", chinese=True)
        hedge = "pre" if m.group("pre") else "pre3" if m.group("pre3") and m.group("pre3") != "占" else None
        pre = (m.group(hedge), m.start(hedge)) if hedge else _pre_qualifier(text, start)
        if pre is None and text.startswith("以上", end):
            pre = ("以上", end)  # 半数以上
        if pre:
            q.qualifier, q.qualifier_start, q.qualifier_end = pre[0], pre[1], pre[1] + len(pre[0])
        found.append(q)
    return found


def _quantity_from_match(text: str, m: re.Match[str]) -> Quantity | None:
    num = m.group("num")
    num_start = m.start("num")
    mag = m.group("mag") or ""
    mag_start = m.start("mag") if mag else m.start("unit")
    chinese = not num[0].isdigit()
    if chinese:
        if mag and any(ch in "万亿" for ch in num):
            return None  # 五千万万元 is not a form; a Chinese numeral carries its own magnitude
        # The numeral run swallows its magnitude (五千万, 千亿): peel it off, unless it is all
        # there is (万名 is ten thousand people).
        for cand in ("万亿", "亿", "万"):
            if num.endswith(cand) and len(num) > len(cand):
                mag = cand
                mag_start = num_start + len(num) - len(cand)
                num = num[: -len(cand)]
                break
        # A run can start inside a word (统一, 万一) or be a single digit used as an
        # ordinal (二期) or as an article (一批); keep only real counts.
        if num in ("一", "二", "〇", "零") and not (m.group("q1") or m.group("q2") or "多" in m.group("unit") or "余" in m.group("unit")) \
                and not (m.group("unit") == "成" and _pre_qualifier(text, num_start)):  # 超一成 is a share
            return None
    value = parse_number(num)
    if value is None:
        return None
    if m.group("unit") == "成" and (mag or value > 10 or m.group("rate")):
        return None  # tenths run from 一成 to 十成
    if mag in ("千亿", "百亿"):
        # 5千亿 is 5000 亿: the unit keeps the usual magnitude word.
        value *= MAGNITUDES[mag] / MAGNITUDES["亿"]
        mag, mag_start = "亿", mag_start + 1
    if _is_date_or_code(text, m, value):
        return None
    unit_text = m.group("unit")
    unit_start = m.start("unit")
    unit_spans: list[tuple[int, int]] = []
    if mag:
        unit_spans.append((mag_start, mag_start + len(mag)))
    qualifier: str | None = None
    q_start: int | None = None
    q_end: int | None = None
    inner = re.match(r"个(多|余)月", unit_text)
    if inner:
        unit_spans += [(unit_start, unit_start + 1), (unit_start + 2, unit_start + 3)]
        qualifier, q_start, q_end = inner.group(1), unit_start + 1, unit_start + 2
    else:
        unit_spans.append((unit_start, unit_start + len(unit_text)))
    if m.group("rate"):
        unit_spans.append((m.start("rate"), m.end("rate")))
    for g in ("q1", "q2"):
        if m.group(g):
            qualifier, q_start, q_end = m.group(g), m.start(g), m.end(g)
    if m.group("post"):
        qualifier, q_start, q_end = m.group("post"), m.start("post"), m.end("post")
    end = m.end("rate") if m.group("rate") else m.end("unit")
    if qualifier is None:
        pre = _pre_qualifier(text, num_start)
        if pre:
            qualifier, q_start = pre
            q_end = q_start + len(qualifier)
    unit = "".join(text[s:e] for s, e in unit_spans)
    mult, base_unit = base_unit_of(unit)
    return Quantity(
        start=num_start,
        end=end,
        number=num,
        value=value,
        unit=unit,
        base_value=_round(value * mult),
        base_unit=base_unit,
        qualifier=qualifier,
        qualifier_start=q_start,
        qualifier_end=q_end,
        magnitude=mag,
        unit_spans=unit_spans,
        chinese=chinese,
    )


# Joiners of a list of numbers that share the unit written after the last (高1.4、1.8个百分点;
# 分别为6.4和6.9亿元).
_LIST_JOINERS = "、和与及"
# A bare number opening a clause before 、 is a list marker (1、企业…), not a figure.
_CLAUSE_OPENERS = "。；;：:！!？?（(\n \u3000"


def _shared_unit_list(text: str, found: list[Quantity], present: set[int]) -> list[Quantity]:
    """The bare numbers listed before a quantity, each with that quantity's unit."""
    added: list[Quantity] = []
    for q in found:
        if q.unit in ("年", "天", "成") or q.implied_unit or (q.qualifier_start is not None and q.qualifier_start < q.start):
            continue
        head = q
        while True:
            joiner = head.start - 1
            if joiner < 1 or text[joiner] not in _LIST_JOINERS or joiner in present:
                break
            m = _BARE_NUMBER_BEFORE.search(text, max(0, joiner - 20), joiner)
            if not m or m.group()[0] not in "0123456789" or m.start() == 0:
                break  # Chinese numerals listed this way are ranks and names (一、二等奖)
            before = text[m.start() - 1]
            if before in _CLAUSE_OPENERS or before in "第第" or before.isascii() and before.isalnum() or before in "./-":
                break
            value = parse_number(m.group())
            if value is None:
                break
            mult, _ = base_unit_of(q.unit)
            head = Quantity(
                start=m.start(), end=m.end(), number=m.group(), value=value, unit=q.unit,
                base_value=_round(value * mult), base_unit=q.base_unit, magnitude=q.magnitude,
                unit_spans=list(q.unit_spans), implied_unit=True,
            )
            added.append(head)
    return added


_BARE_NUMBER_BEFORE = re.compile(rf"(?:{_NUM_AR}|[{CN_NUMERAL_CHARS}]+)$")


def _link_ranges(text: str, found: list[Quantity]) -> None:
    """Link 50万元至100万元 and add the bare start of 10-20亿元 as a quantity of its own."""
    present = {q.span[1] for q in found}
    added: list[Quantity] = []
    for q in found:
        joiner = q.start - 1
        if joiner < 1 or text[joiner] not in _RANGE_JOINERS or joiner in present:
            continue
        if text[joiner] in "至到":
            continue  # 增长至10亿元 is a target, not a range; 至 joins only two written quantities
        m = _BARE_NUMBER_BEFORE.search(text, max(0, joiner - 20), joiner)
        if not m or (m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum()):
            continue
        if m.start() > 0 and text[m.start() - 1] == "第":
            continue
        value = parse_number(m.group())
        if value is None or q.unit in ("年", "天") or value > q.value:
            continue  # 2020-2022年 is a span of years; 12-5 is not a range
        mult, _ = base_unit_of(q.unit)
        added.append(Quantity(
            start=m.start(), end=m.end(), number=m.group(), value=value, unit=q.unit,
            base_value=_round(value * mult), base_unit=q.base_unit, magnitude=q.magnitude,
            unit_spans=list(q.unit_spans), implied_unit=True, chinese=not m.group()[0].isdigit(),
        ))
    added += _shared_unit_list(text, found, present)
    if added:
        found.extend(added)
        found.sort(key=lambda x: x.start)
    for i in range(1, len(found)):
        low, high = found[i - 1], found[i]
        joiner = high.start - 1
        if (low.span[1] == joiner and text[joiner] in _RANGE_JOINERS and low.base_unit == high.base_unit
                and (high.qualifier_start is None or high.qualifier_start >= high.start)):
            low.range_partner, high.range_partner = i, i - 1
