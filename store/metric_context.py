"""Context of a figure in its sentence: periods, and a light subject finder for when the
caller has no entity mentions.

Works on the Simplified, digit-normalised copy of the body (same length as the body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Time a figure covers. Bare day dates (11月8日) are event times, not periods, and stay out.
_PERIOD = re.compile(
    # Spans up to now, counted (近3年来, 两年多来, 三个多月来, 十年来) or from an event of the
    # subject (自成立以来, 建成以来), and 至此 (as of the point the text has reached).
    r"(?<!\d)(?:近|过去|这)?[一二两三四五六七八九十百\d]{1,3}(?:多|余)?个?(?:多|余)?(?:年|月|季度)(?:多|余)?(?:以来|来)(?!自)"
    r"|(?:自|从)?(?:成立|建成|建院|建校|组建|启动|运营|投用|投运|开园|挂牌|实施|开展|创办|设立)以来|至此"
    r"|(?:截至|截止)(?:到|至)?(?:目前|(?:20\d\d|今|去|上|二[〇零○][〇零○一二三四五六七八九]{2})?年(?:\d{1,2}月)?(?:底|末|初)?|\d{1,2}月(?:份)?(?:底|末)?)"
    r"|(?:到|至)(?:20\d\d|二[〇零○][〇零○一二三四五六七八九]{2})年(?:[一二三四五六七八九十]{1,3}月(?![一二三四五六七八九十]{0,3}日))?(?:底|末)?"
    r"|(?:自|从)20\d\d年\d{1,2}月(?:\d{1,2}日)?起"
    # A year opening a day's date (2021年1月7日，某大学宣布) dates an event; it is no period.
    # Years in digits or in Chinese numerals (二〇一八年, as some Taiwan papers write them).
    r"|(?:20\d\d|二[〇零○][〇零○一二三四五六七八九]{2}|今|去|明|上)年(?!\d{1,2}月\d{1,2}日)(?:度)?"
    r"(?:以来|前[\d一二三四五六七八九十]{1,3}(?:个)?月|\d{1,2}[-—–至~]\d{1,2}月(?:份)?|[一二三四五六七八九十]{1,2}至[一二三四五六七八九十]{1,3}月(?:份)?|(?:前|首)[两二三1-3]季度?|第?[一二三四1-4]季度?(?:末)?|首季度?|(?:首|前)[\d一二两三四五六七八九十]{1,3}个?月|上半年|下半年|全年|\d{1,2}月(?:份)?(?:底|末)?(?!\d{0,2}日)|[一二三四五六七八九十]{1,3}月(?:份)?(?:底|末)?(?![一二三四五六七八九十]{0,3}日)|底|初|末)?"
    r"|\d{1,2}(?:月份?)?[-—–至~到]\d{1,2}月(?:份)?|[一二三四五六七八九十]{1,2}月?(?:至|到)[一二三四五六七八九十]{1,3}月(?:份)?"
    r"|上半年|下半年|前三季度|全年|近年来|近几年|(?:近|过去)[一二两三四五六七八九十\d]{1,2}年|"
    r"目前|如今|当前|现阶段|每年|(?:成立)?\d{1,3}年来|[一二三四五六七八九十]+年来|\d{1,2}年内"
    # Fiscal and school years (2018/19年度, 本年度(2018/19)) and years counted from the one
    # before (翌年, 次年, 之后两个年度).
    r"|(?:本)?20\d\d/\d\d年度|本年度(?:[(（]20\d\d/\d\d[)）])?|翌年|次年"
    r"|(?:之后|其后|此后)[一二两三四五六七八九十\d]{1,2}个?年度?"
    # Quarters, first months and months standing alone (一季度, 前10个月, 10月份, 9月末, 3月以来),
    # the year or month the text is at (当年, 同年, 当月, 本月), and plan periods (“十四五”期间).
    r"|(?:前|首)[两二三1-3]季度?|第?[一二三四1-4]季度(?:末)?|第[一二三四1-4]季|首季度?|(?:前|首)[\d一二两三四五六七八九十]{1,3}个?月"
    r"|\d{1,2}月份|\d{1,2}月(?:底|末|以来)|当年|同年|当月|本月|上月|至今|年初以来|年底|年末|年初|年内"
    r"|“?十[一二三四五]五”?(?:期间|时期|以来|末)"
    # Spans counted from now (未来三年, 今后五年, 三年内, 到“十四五”末).
    r"|(?:未来|今后|此后)[一二两三四五六七八九十\d]{1,2}年(?:内|间)?|[一二两三四五六七八九十]{1,2}年内"
)
_RELATIVE_YEAR = {"今年": 0, "去年": -1, "明年": 1, "上年": -1}


@dataclass
class Period:
    text: str
    start: int
    end: int
    # The time of a comparison base (比上年, 较2012年, 是2010年的3倍): not the period of the
    # figures around it, only of a base figure written right after it (较2012年的25亿元).
    # "base" (比上年, 较2012年) or "multiple" (是2010年的3倍); "rate" for 每年, the period of a
    # rate only where its clause names no other (2020年和2021年保持每年净增…).
    comparison: str | None = None


# A multiple measured against a time (是2010年的3倍, 相当于上年度全年的2倍): that time is the
# base compared with, not the multiple's period.
_MULTIPLE_OF = re.compile(r"(?:全年|同期)?的?(?:约|近|超|逾)?[\d.一二两三四五六七八九十百]+(?:多|余)?倍")


def find_periods(text: str) -> list[Period]:
    """Time expressions that can be a figure's period, outside 《document titles》."""
    out: list[Period] = []
    depth_starts = [m.start() for m in re.finditer("《", text)]
    depth_ends = [m.start() for m in re.finditer("》", text)]
    titles = list(zip(depth_starts, depth_ends))
    for m in _PERIOD.finditer(text):
        if any(s < m.start() < e for s, e in titles):
            continue
        if m.start() > 0 and text[m.start() - 1] == "占":
            continue  # 占全年任务的56% measures against the year's target; the figure's period is elsewhere
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        # 比上年增长, 较去年增加: the year compared with, not the period
        comparison = None
        if m.start() > 0 and text[m.start() - 1] in "比较同":
            comparison = "base"
        elif _MULTIPLE_OF.match(text, m.end()):
            comparison = "multiple"
        elif m.group() == "每年":
            comparison = "rate"
        if out and not comparison and not out[-1].comparison and out[-1].end == m.start() \
                and m.group()[:1] in "至到" and _YEAR_OF.search(out[-1].text) and _YEAR_OF.search(m.group()):
            # 2014年到2016年, 二〇一八年至二〇二四年十月: one span from the first to the last
            out[-1] = Period(out[-1].text + m.group(), out[-1].start, m.end())
            continue
        out.append(Period(m.group(), m.start(), m.end(), comparison))
    return out


def resolve_period(written: str, date: str | None) -> str:
    """The period as written; with the publication date, a relative year gets its year added:
    今年前三季度 -> 今年前三季度（2022年）."""
    if not date or not re.match(r"\d{4}-", date):
        return written
    year = int(date[:4])
    for word, offset in _RELATIVE_YEAR.items():
        if word in written:
            return f"{written}（{year + offset}年）"
    return written


# --- Subject fallback: place and organisation names by suffix -------------------------------

_ZONE_SUFFIXES = "自贸试验区|综合保税区|高新区|开发区|综保区|新区|街道|镇"
_ADMIN_SUFFIXES = "省|市|区|县"
_ORG_SUFFIXES = (
    "股份有限公司|有限公司|公司|集团|研究院|研究所|产研院|科技局|财政局|管委会|大学|学院|实验室|"
    "产业园|科技园|联合会|协会|共同体|机场|水厂|医院|银行|审批服务部|分中心"
)
_NAME_SUFFIX = re.compile(f"(?P<org>{_ORG_SUFFIXES})|(?P<zone>{_ZONE_SUFFIXES})|(?P<admin>{_ADMIN_SUFFIXES})")
# Characters that cannot be inside a name: function words, pronouns, generic quantifiers.
_STOP = set("的在对为和与及是了把被向从由以于等让使据经其并也都还已该各全本我这那每此其年月日来说将个家")
# Verbs glued to the left of an organisation name by the suffix search (积极创建济南大学).
_ORG_LEADING_VERB = re.compile(
    r".*(?:创建|推动|支持|依托|引进|加快|建设|携手|共建|发挥|实现|突破|布局|提供|着力|成立|如|一批|领域|获|落户)"
)
_GENERIC_ORG = re.compile(r"^(?:省级|市级|区级|国家级|国家|省|市|首批|重点)")
_DIVISIONS_FILE = Path(__file__).with_name("data") / "admin_divisions.tsv"


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, list[str]], dict[str, tuple[str, str]], set[str]]:
    """(full name -> adcodes, adcode -> (name, parent), short forms) from the bundled table."""
    by_name: dict[str, list[str]] = {}
    by_code: dict[str, tuple[str, str]] = {}
    shorts: set[str] = set()
    try:
        lines = _DIVISIONS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return by_name, by_code, shorts
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        code, name, _level, parent = (line.split("\t") + ["", "", "", ""])[:4]
        by_name.setdefault(name, []).append(code)
        by_code[code] = (name, parent)
        if len(name) >= 3 and name[-1] in "省市区县":
            shorts.add(name[:-1])
    return by_name, by_code, shorts


def admin_path(name: str) -> str | None:
    """山东省/济南市/章丘区 for a full division name that names one division only."""
    by_name, by_code, _ = _divisions()
    codes = by_name.get(name, [])
    if len(codes) != 1:
        return None
    parts, code = [], codes[0]
    while code and code in by_code:
        parts.append(by_code[code][0])
        code = by_code[code][1]
    return "/".join(reversed(parts))


@dataclass
class NameSpan:
    text: str
    type: str  # place or org
    start: int
    end: int


def _is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and ch not in _STOP


def find_names(text: str) -> list[NameSpan]:
    """Place (章丘区, 济南高新区) and organisation (滨州市科技局) names found by their suffix.

    A rough stand-in for entity mentions: provinces, cities and counties must be names in the
    bundled division table; zones (高新区, 街道) need a known place before them or two
    characters; an organisation is up to ten name characters before its suffix.
    """
    by_name, _, shorts = _divisions()
    out: list[NameSpan] = []
    for m in _NAME_SUFFIX.finditer(text):
        end = m.end()
        if end < len(text) and text[end] in "长委":
            continue  # 院长, 区长, 区委 are people or bodies named differently
        start = m.start()
        if m.group("org"):
            while start > 0 and m.start() - start < 10 and _is_name_char(text[start - 1]):
                start -= 1
            name = text[start:end]
            cut = _ORG_LEADING_VERB.search(name, 0, m.start() - start)
            if cut:
                start += cut.end()
                name = text[start:end]
            if m.start() - start >= 2 and not _GENERIC_ORG.match(name):
                out.append(NameSpan(name, "org", start, end))
        elif m.group("admin"):
            for width in (4, 3, 2, 1):
                cand = text[max(0, m.start() - width) : end]
                if len(cand) == width + 1 and cand in by_name:
                    out.append(NameSpan(cand, "place", end - len(cand), end))
                    break
        else:
            for width in (4, 3, 2):
                part = text[max(0, start - width) : start]
                if len(part) == width and part in shorts:
                    out.append(NameSpan(part + m.group("zone"), "place", start - width, end))
                    break
            else:
                part = text[max(0, start - 2) : start]
                if len(part) == 2 and all(_is_name_char(c) for c in part) and m.group("zone") in ("街道", "镇"):
                    out.append(NameSpan(part + m.group("zone"), "place", start - 2, end))
    return out


# --- Periods as ISO dates ---------------------------------------------------------------

_CN_MONTH = "一二三四五六七八九十"
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR_OF = re.compile(r"(20\d\d|二[〇零○][〇零○一二三四五六七八九]{2})年|(今|去|明|上)年")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_MONTH_RANGE = re.compile(rf"([\d{_CN_MONTH}]{{1,3}})(?:月份?)?[-—–至~到]([\d{_CN_MONTH}]{{1,3}})月")
_MONTH = re.compile(rf"([\d{_CN_MONTH}]{{1,3}})月(?:份)?(底|末)?")
_FIRST_MONTHS = re.compile(r"前([\d一二三四五六七八九十]{1,3})(?:个)?月")
_QUARTER = re.compile(r"第?([一二三四1-4])季度")


def _month_number(written: str) -> int | None:
    if written.isdigit():
        value = int(written)
    else:
        try:
            import cn2an  # the numeral grammar is cn2an's; imported where it is needed

            value = int(cn2an.cn2an(written, "smart"))
        except (ValueError, KeyError):
            return None
    return value if 1 <= value <= 12 else None


def _month_end(year: int, month: int) -> str:
    import calendar

    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def period_dates(written: str | None, date: str | None) -> tuple[str | None, str | None]:
    """(first day, last day) as ISO dates of a period as written (2022年1-10月 -> 2022-01-01,
    2022-10-31; 上半年, 前三季度, 第二季度, 全年, 3月份), the year taken from the period or else
    from the article's ``date`` (今年 -> its year, 去年 -> the one before). A point in time
    (截至6月底, 年末) gives the same day twice. (None, None) where it does not resolve."""
    if not written:
        return None, None
    span = re.match(r"(.*?年.*?)(?:至|到)(.*年.*)$", written)
    if span and not written.startswith(("至", "到")):
        # A span of years (2013年到2017年): from the first one's start to the last one's end.
        first, last = period_dates(span.group(1), date), period_dates(span.group(2), date)
        if first[0] and last[1]:
            return first[0], last[1]
    year = None
    m = _YEAR_OF.search(written)
    article_year = int(date[:4]) if date and re.match(r"\d{4}-", date) else None
    if m and m.group(1):
        year = int("".join(_CN_DIGIT.get(c, c) for c in m.group(1)))
    elif m and article_year is not None:
        year = article_year + _RELATIVE_YEAR[m.group(2) + "年"]
    elif article_year is not None:
        year = article_year
    if year is None:
        return None, None
    point = "截至" in written or "到" in written[:1] or "至" in written[:1]
    if (r := _FIRST_MONTHS.search(written)) is not None:
        last = _month_number(r.group(1))
        if last is None:
            return None, None
        start, end = f"{year:04d}-01-01", _month_end(year, last)
    elif (r := _MONTH_RANGE.search(written)) is not None:
        first, last = _month_number(r.group(1)), _month_number(r.group(2))
        if first is None or last is None or first > last:
            return None, None
        start, end = f"{year:04d}-{first:02d}-01", _month_end(year, last)
    elif "前三季度" in written:
        start, end = f"{year:04d}-01-01", f"{year:04d}-09-30"
    elif (r := _QUARTER.search(written)) is not None:
        quarter = _QUARTER_NUMBER[r.group(1)]
        start, end = f"{year:04d}-{3 * quarter - 2:02d}-01", _month_end(year, 3 * quarter)
    elif "上半年" in written:
        start, end = f"{year:04d}-01-01", f"{year:04d}-06-30"
    elif "下半年" in written:
        start, end = f"{year:04d}-07-01", f"{year:04d}-12-31"
    elif (r := _MONTH.search(written)) is not None:
        month = _month_number(r.group(1))
        if month is None:
            return None, None
        end = _month_end(year, month)
        start = end if point or r.group(2) else f"{year:04d}-{month:02d}-01"
    elif re.search(r"年(?:底|末)|年$|年度$|全年", written) and not re.search(r"以来|来$|内$|每年", written):
        if not (m or "全年" in written):
            return None, None
        end = f"{year:04d}-12-31"
        start = end if point or re.search(r"年(?:底|末)", written) else f"{year:04d}-01-01"
    else:
        return None, None
    if point:
        start = end
    return start, end
