"""What a figure measures: the indicator, the noun phrase of what is counted (工业投资 in
累计完成工业投资81.9亿元, 高层次人才 in 引进1800余名高层次人才).

Runs on the Simplified, digit-normalised copy of a body that ``store.metrics`` works on, and
gives offsets into it; the caller slices the body in its own script.
"""

from __future__ import annotations

import re
from typing import Protocol

_CLAUSE_DELIMS = "，,；;：:、（）()。！？!?\n"

# Words between an indicator and its number (达到, 为, 完成) and in front of an indicator
# (累计, 其中, 全区) that are not part of what is measured.
_TRAILING_LINKS = re.compile(
    r"(?:的|达到|达|为|是|共计|共|合计|总计|累计|完成|实现|已经|已|有|均|仅|再|又|增长至|增长到|增加到|增加至|"
    r"提高到|提高至|提升至|发展到|整合为|至|到|从|由|约|超过|超|突破|接近|将近|近|逾|过|最高|最快|最低|最多|高达|"
    r"不足|不到|至少|大约|首次|预计|有望|[一二两三四五六七八九十]+个|“)+$"
)
_LEADING_FILLER = re.compile(
    r"^(?:其中|同时|此外|另外|并|还|也|共|共计|累计|预计|力争|力争实现|实现|完成|已|已经|目前|当前|全区|全市|全省|全县|"
    r"全国|我区|我市|我省|区内|市内|现有|拥有|在|对|为|与|和|等|年|首次|历史上)+"
)
_AFTER_NOUN_CUT = re.compile(
    r"(?:累计|完成|实现|已经|已|正在|正|将|进行|提供|开展|等|之一|相继|陆续|先后|共|均|都|获得|获|，|,|。|；|、)"
)
_ORG_TAIL = re.compile(r"(?:公司|集团|研究院|研究所|大学|学院|局|中心)")


class Names(Protocol):
    """The article's names as an indicator needs them (store.metrics.NameIndex): the end of the
    name starting at an offset, and the names starting in a span."""

    end_at: dict[int, int]

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int, str]]: ...


def clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding ``pos`` starts (after a comma, colon, bracket ...), not before ``floor``."""
    i = pos
    while i > floor and text[i - 1] not in _CLAUSE_DELIMS:
        i -= 1
    return i


def clause_end(text: str, pos: int, ceil: int) -> int:
    """Where the clause holding ``pos`` ends, not after ``ceil``."""
    i = pos
    while i < ceil and text[i] not in _CLAUSE_DELIMS:
        i += 1
    return i


def strip_indicator(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim link words off the end and filler off the front of text[start:end]."""
    seg = text[start:end]
    m = _TRAILING_LINKS.search(seg)
    if m:
        end = start + m.start()
        seg = text[start:end]
    # A parenthesis closing right before the number (任务(50亿元)的) belongs to the indicator.
    m = _LEADING_FILLER.match(seg)
    if m:
        start += m.end()
    # 增长至2022年的5655万元: once the time and the link words are gone, nothing is left.
    seg = text[start:end]
    m = re.search(r"(?:20\d\d年(?:度)?|今年|去年)$", seg)
    if m:
        end = start + m.start()
        seg = text[start:end]
        m = _TRAILING_LINKS.search(seg)
        if m:
            end = start + m.start()
    m = re.match(r"(?:增长|增加|提高|提升|发展|整合|压缩)?(?:至|到|为)$", text[start:end])
    if m:
        end = start
    return start, max(start, end)


def _strip_periods(text: str, start: int, end: int) -> int:
    """Move start past a leading time expression (1-10月份 全区...)."""
    seg = text[start:end]
    m = re.match(
        r"(?:20\d\d年(?:度)?|今年|去年|上半年|下半年|前三季度|全年|\d{1,2}[-—–]\d{1,2}月(?:份)?|截至[^，,]{0,8}?(?:底|末|份|目前))",
        seg,
    )
    return start + m.end() if m and m.end() < len(seg) else start


def strip_leading(text: str, start: int, end: int, names: Names) -> int:
    """Move start past the subject and time that open a clause (济南市章丘区1-10月完成工业投资
    -> 工业投资): who and when are fields of their own, the indicator is what is measured."""
    starts = names.end_at
    while start < end:
        moved = start
        if starts.get(moved, end + 1) < end:
            moved = starts[moved]
        moved = _strip_periods(text, moved, end)
        m = _LEADING_FILLER.match(text[moved:end])  # anchored with ^: match the slice
        if m and moved + m.end() < end:
            moved += m.end()
        if moved == start:
            break
        start = moved
    return start


def indicator_span(
    text: str, span: tuple[int, int], sent: tuple[int, int], prev_end: int, names: Names
) -> tuple[int, int]:
    """Where the indicator is: the noun phrase before the number (工业投资81.9亿元) or, when the
    number leads, the one after it (552家规模以上工业企业). ``span`` is the quantity's, or a
    whole range's (50万元至100万元奖励)."""
    qs, qe = span
    cstart = max(clause_start(text, qs, sent[0]), prev_end)
    # Skip a parenthesised figure's bracket: 任务(50亿元)的56% -> look before the bracket too.
    before_s, before_e = strip_indicator(text, cstart, qs)
    before_s = strip_leading(text, before_s, before_e, names)
    after_s = qe
    while after_s < sent[1] and text[after_s] in "的”“":
        after_s += 1
    cut = _AFTER_NOUN_CUT.search(text, after_s, sent[1])
    after_e = cut.start() if cut else clause_end(text, after_s, sent[1])
    after_e = min(after_e, clause_end(text, after_s, sent[1]))
    nxt = re.search(r"\d", text[after_s:after_e])
    if nxt:
        after_e = after_s + nxt.start()
    after = text[after_s:after_e]
    after_is_noun = bool(after) and "\u4e00" <= after[0] <= "\u9fff" and not re.match(
        r"(?:同比|环比|较|比|增长|增加|提高|以上|左右|以下|之间|不等|用于|时间内|大关|以内|左右)", after
    )
    if after_is_noun and text[qe : qe + 1] == "的":
        # 10多年的发展 -> 发展; but 扎根天桥10多年的济南某公司 is about the company, not a measure.
        if names.starting_in(after_s, after_s + 2) or _ORG_TAIL.search(after):
            after_is_noun = False
    # A dimension before the number (直径6米、高3米的锻件) is the measure; otherwise a noun
    # right after the number is what is counted (为1800余名高层次人才, 圣泉集团等4家企业入选).
    dimension = re.search(r"(?:直径|高|长|宽|厚|深|全长|面积|跨度|时速|速度|容量|产能|年产|日产|规模)$", text[before_s:before_e])
    if after_is_noun and not dimension:
        return after_s, after_e
    if before_e > before_s:
        return before_s, before_e
    if after_is_noun:
        return after_s, after_e
    return qs, qs
