"""What a figure measures: the indicator, the noun phrase of what is counted (工业投资 in
累计完成工业投资81.9亿元, 高层次人才 in 引进1800余名高层次人才).

Runs on the Simplified, digit-normalised copy of a body that ``store.metrics`` works on, and
gives offsets into it; the caller slices the body in its own script.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Protocol

from .numbers import Quantity
from .tagger import Token

_CLAUSE_DELIMS = "，,；;：:、（）()。！？!?\n"

# Words between an indicator and its number (达到, 为, 完成) and in front of an indicator
# (累计, 其中, 全区) that are not part of what is measured.
_TRAILING_LINKS = re.compile(
    r"(?:的|达到|达|为|是|共计|共|合计|总计|累计|完成|实现|已经|已|有|均|仅|再|又|增长至|增长到|增加到|增加至|"
    r"提高到|提高至|提升至|发展到|整合为|创下|刷新|高出|超出|多出|高于|低于|增至|升至|降至|增到|至|到|从|由|约|超过|超|突破|接近|将近|近|逾|过|最高|最快|最低|最多|高达|多达|"
    r"不足|不到|至少|大约|首次|预计|有望|只有|仅有|只|仅|新台币|台币|人民币|美元|港元|港币|欧元|日元|英镑|[一二两三四五六七八九十]+个|“)+$"
)
_LEADING_FILLER = re.compile(
    r"^(?:其中|同时|此外|另外|并|还|也|共|共计|累计|预计|力争|力争实现|实现|完成|已|已经|目前|当前|全区|全市|全省|全县|"
    r"全国|我区|我市|我省|区内|市内|现有|拥有|在|对|为|与|和|等|年|首次|历史上)+"
)
_AFTER_NOUN_CUT = re.compile(
    r"(?:累计|完成|实现|已经|已|正在|正|将|进行|提供|开展|等|之一|相继|陆续|先后|共|均|都|获得|获|，|,|。|；|、)"
)
_ORG_TAIL = re.compile(r"(?:公司|集团|研究院|研究所|大学|学院|局|中心)")


class Figure(Protocol):
    """A figure found earlier in the article (store.metrics._Figure), as an indicator needs it."""

    sentence: tuple[int, int]
    indicator: str | None

    @property
    def q(self) -> Quantity: ...


class Names(Protocol):
    """The article's names as an indicator needs them (store.metrics.NameIndex): the end of the
    name starting at an offset, and the names starting in a span."""

    end_at: dict[int, int]

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int, str]]: ...


# The tagger's parts of speech (LAC) that end a noun phrase: names and times (who and when are
# fields of their own), numerals and measure words, pronouns, prepositions, adverbs, particles,
# conjunctions, locatives and punctuation. Nouns, verbs and adjectives make the phrase
# (工业投资, 科技型中小企业评价入库, 有研发投入的企业).
_EDGE = frozenset({"NAME", "PER", "LOC", "ORG", "TIME", "t", "m", "q", "r", "p", "d", "vd", "ad", "u", "c",
                   "f", "s", "w", "xc"})
# Of those, words that join two parts of one phrase (研发投入的企业, 计算机及通信设备产业,
# 规模以上工业企业, 国家级“双跨”平台).
_JOINER = re.compile(r"^(?:的|之|与|及|和|以上|以下|以内|及以上|“|”|‘|’|《|》|\(|\)|（|）)$")
# A collective word (全区, 我市, 该县) stands for the region: who, not what is measured.
_COLLECTIVE_WORD = re.compile(
    r"^(?:全|我|本|该|此)(?:[区市省县国镇乡州局委厅办院校所会]|公司|集团|单位)$|^(?:区内|市内|省内|县内|园内)$")
_NAME = "NAME"
# Words the model may tag as verbs that only say when or against what (截至2月, 相比去年).
_FUNCTION_WORDS = frozenset({"截至", "截止", "截止到", "直至", "至今", "相比", "相较", "对比", "以来",
                             "更是", "则是", "就是", "也是", "都是", "还是", "正是", "即是"})


class Words:
    """The tagger's words of an article (on the Simplified copy, so offsets are the body's), with
    every word that overlaps a name (a place, an organisation: who, not what) tagged NAME."""

    def __init__(self, tokens: Sequence[Token], names: Sequence[tuple[int, int, str]] = ()) -> None:
        spans = sorted((s, e) for s, e, _n in names)
        ends = [e for _s, e in spans]
        best_end, running = [], 0
        for e in ends:
            running = max(running, e)
            best_end.append(running)
        starts = [s for s, _e in spans]
        words = []
        for t in sorted(tokens, key=lambda t: t.start):
            i = bisect_left(starts, t.end) - 1  # the names starting before the word ends
            if i >= 0 and best_end[i] > t.start:
                t = Token(t.start, t.end, _NAME, t.text)
            words.append(t)
        # The locative of a threshold inside a noun phrase (规模|以上|工业增加值, 规模|以上工业|
        # 增加值: how the model cuts it) is part of the phrase, not its edge (园区|内 is one).
        for k in range(1, len(words) - 1):
            t = words[k]
            if t.tag == "f" and t.text.startswith(_THRESHOLD_LOCATIVES) and words[k - 1].tag in _NOUNS \
                    and words[k + 1].tag in _NOUNS \
                    and words[k - 1].end == t.start and t.end == words[k + 1].start:
                words[k] = Token(t.start, t.end, "n", t.text)
        self.words = words
        self.starts = [t.start for t in words]

    def at(self, pos: int) -> Token | None:
        """The word starting at ``pos``, if one does."""
        i = bisect_left(self.starts, pos)
        return self.words[i] if i < len(self.words) and self.starts[i] == pos else None

    def inside(self, lo: int, hi: int) -> list[Token] | None:
        """The words of [lo, hi), a word crossing an edge cut at it (约2.7亿元 -> 约 when the
        number is left out), or None where the words leave a gap."""
        i = max(0, bisect_left(self.starts, lo + 1) - 1)
        out = []
        pos = lo
        while i < len(self.words) and self.words[i].start < hi:
            t = self.words[i]
            i += 1
            if t.end <= lo:
                continue
            s, e = max(t.start, lo), min(t.end, hi)
            if s != pos:
                return None
            out.append(t if (s, e) == (t.start, t.end) else Token(s, e, t.tag, t.text[s - t.start : e - t.start]))
            pos = e
        return out if pos == hi else None


def _is_edge(t: Token) -> bool:
    return t.tag in _EDGE or t.text in _FUNCTION_WORDS or bool(_COLLECTIVE_WORD.match(t.text))


def _has_noun(words: Words, start: int, end: int, strict: bool = False) -> bool:
    """Whether text[start:end] holds a noun or a nominal verb (True when its words are unknown);
    ``strict``: a noun itself, not a verb used as one (整合为: a change, not a thing)."""
    ws = words.inside(start, end)
    tags = _STRICT_NOUNS if strict else _NOUNS
    return ws is None or any(t.tag in tags or t.tag in (_NAME, "LOC", "ORG") for t in ws)


def _counted_by_deed(words: Words | None, start: int, end: int) -> int:
    """Where the indicator starts in the phrase after a count: at its verb when one noun counted
    does something to something (12家企业入选省领军企业 -> 入选省领军企业): the deed is what the
    figure counts, the noun only who did it."""
    ws = words.inside(start, end) if words is not None else None
    if ws and len(ws) >= 3 and ws[0].tag == "n" and ws[1].tag == "v" and ws[1].text not in _LINK_VERBS \
            and any(t.tag in _NOUNS or t.tag in (_NAME, "LOC", "ORG") or t.text in _OPENERS for t in ws[2:]):
        return ws[1].start  # a verb alone (10个区县入围) is no indicator: 区县入围 stays
    return start


def _after_phrase_end(words: Words | None, start: int, end: int) -> int:
    """Where the phrase after a number ends: before a link verb (5000家企业有以下特征) and
    without the particles or adverbs closing it (组织推荐了)."""
    ws = words.inside(start, end) if words is not None else None
    if not ws:
        return end
    j = next((k for k, t in enumerate(ws) if k > 0 and t.text in _LINK_VERBS), len(ws))
    while j > 0 and ws[j - 1].tag in ("u", "d", "p", "c", "xc", "f") and ws[j - 1].text not in _CLOSERS:
        j -= 1
    return ws[j - 1].end if j > 0 else start


def _predicate(t: Token) -> bool:
    """An adjective or adverb saying how the figure compares (高, 快, 分别): not the phrase's."""
    return _is_edge(t) or t.tag in ("a", "ad")


def nominal_tail(words: Words | None, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase that ends text[start:end] (其中全区累计完成工业投资 -> 工业投资): the
    words after the last name, time, pronoun, adverb or function word, the predicate words at
    the end (分别, 高) left out. An empty span when nothing is left; None when the words are
    unknown (no tagger words, or a word crossing the segment's edge)."""
    if words is None or end <= start:
        return None
    ws = words.inside(start, end)
    if ws is None:
        return None
    j = len(ws)
    while j > 0 and _predicate(ws[j - 1]) and ws[j - 1].text not in _CLOSERS:
        j -= 1
    i = j
    if i > 1 and ws[i - 1].text == "”":
        # A quoted name before the number (“双百计划”12人) is the phrase, whatever its words.
        opener = next((k for k in range(i - 2, -1, -1) if ws[k].text == "“"), None)
        if opener is not None:
            i = opener
    while i > 0 and (not _is_edge(ws[i - 1]) or i < j and i > 1 and _JOINER.match(ws[i - 1].text)):
        i -= 1
    while i < j and _is_edge(ws[i]) and ws[i].text not in _OPENERS:
        i += 1  # a joiner does not open a phrase
    if 0 < i < j and ws[i - 1].tag == "m" and (len(ws[i].text) == 1 and i < j - 1 or ws[i].text in _CALENDAR):
        i += 1  # 四市占比, 2015/16年度: a one-character or calendar noun after a numeral counts with it
    if i >= j:
        return (end, end)
    return ws[i].start, ws[j - 1].end


_CALENDAR = frozenset({"年", "年度", "月", "月份", "季度", "日", "周", "天"})
_NOUNS = frozenset({"n", "nz", "nw", "vn", "an"})
_THRESHOLD_LOCATIVES = ("以上", "以下")
_STRICT_NOUNS = frozenset({"n", "nz", "nw"})
# The base a multiple is measured against: 超过全市平均水平的(1.5倍), 相当于上年度的(3倍).
_COMPARED_WITH = re.compile(r"(?:超过|超出|高于|低于|相当于|达到|达|是)[^，,；;。]*的$")
_DURATION = re.compile(r"(?:年|个月|月|天|日|小时|分钟|周)$")
_NOT_AFTER = re.compile(r"(?:以上|以下|以来|之内|之间|内|后|前|来|的|，|,|。)")
_NO_OPENING = frozenset({"c", "p", "d", "vd", "ad", "u", "r", "f", "m", "q", "xc"})
_LINK_VERBS = frozenset({"有", "是", "为", "具有", "拥有", "达", "达到", "左右", "至", "到", "增至", "升至", "降至"})
_NOT_MEASURED_AFTER = re.compile(
    r"(?:人民币|美元|港元|港币|欧元|日元|英镑|新台币|台币|历史新高|新高|纪录|记录|速度|水平|高位|关口)")
_FRAMING = re.compile(r"(?:从|分|按|就|据)[^，,]{0,10}(?:看|来看|而言|来说|显示)$")
_OPENERS = frozenset("“‘《(（")
_CLOSERS = frozenset("”’》)）")


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


def noun_before(text: str, start: int, end: int, names: Names, words: Words | None = None,
                floor: int | None = None, prev_end: int = 0) -> tuple[int, int]:
    """The noun phrase of the clause text[start:end] that ends where a verb or number follows:
    link words, filler, who and when trimmed off, then (with the tagger's words) the words after
    the last function word. With ``floor`` (the sentence start), a clause naming nothing (增速达)
    takes the phrase opening the clause before it (topic_before)."""
    s, e = strip_indicator(text, start, end)
    s = strip_leading(text, s, e, names)
    s, e = _core(text, s, e, names, words)
    if e <= s and floor is not None:
        topic = topic_before(text, start, floor, prev_end, names, words)
        if topic is None:
            topic = sentence_topic(text, floor, start, names, words)
        if topic is not None:
            return topic
    return s, e


def _core(text: str, start: int, end: int, names: Names, words: Words | None) -> tuple[int, int]:
    """The noun phrase ending text[start:end] (nominal_tail), filler trimmed again off its front
    (累计完成产值 -> 产值); the span as it is when the words are unknown or leave one character."""
    core = nominal_tail(words, start, end)
    if core is None:
        return start, end
    s = strip_leading(text, core[0], core[1], names)
    while s < core[1] and text[s] in "的之":
        s += 1
    if core[1] - s < 2:
        s = core[0]  # 年产: the filler was the phrase's own first character
    if core[1] - s < 2 or _TRAILING_LINKS.fullmatch(text, s, core[1]):
        return end, end  # one character (至, 用, 拥) or link words alone (增至) are no phrase
    return s, core[1]


def indicator_span(
    text: str, span: tuple[int, int], sent: tuple[int, int], prev_end: int, names: Names,
    words: Words | None = None,
) -> tuple[int, int]:
    """Where the indicator is: the noun phrase before the number (工业投资81.9亿元) or, when the
    number leads, the one after it (552家规模以上工业企业). ``span`` is the quantity's, or a
    whole range's (50万元至100万元奖励)."""
    qs, qe = span
    cstart = max(clause_start(text, qs, sent[0]), prev_end)
    end = qs
    if cstart == qs and qs > sent[0] and text[qs - 1] in ")）":
        # 地区生产总值(GDP)1029.5亿元: a gloss in brackets stands between the phrase and its number.
        opener = max(text.rfind("(", sent[0], qs), text.rfind("（", sent[0], qs))
        if opener >= prev_end and not re.search(r"\d", text[opener:qs]):
            end = opener
            cstart = max(clause_start(text, opener, sent[0]), prev_end)
    if text[qe - 1 : qe] == "倍":
        # 增速达到全市的1.5倍, X相当于上年的3倍: what is measured comes before the comparison.
        base = _COMPARED_WITH.search(text, cstart, end)
        if base:
            end = base.start()
    # Skip a parenthesised figure's bracket: 任务(50亿元)的56% -> look before the bracket too.
    before_s, before_e = strip_indicator(text, cstart, end)
    before_s = strip_leading(text, before_s, before_e, names)
    # A dimension before the number (直径6米、高3米的锻件) is the measure; otherwise a noun
    # right after the number is what is counted (为1800余名高层次人才, 圣泉集团等4家企业入选).
    dimension = re.search(r"(?:直径|高|长|宽|厚|深|全长|面积|跨度|时速|速度|容量|产能|年产|日产|规模)$", text[before_s:before_e])
    # A measure noun before the number (平均办理时间113分钟的“速度”, 投资总额3亿元的项目) is
    # what the number measures, whatever follows it.
    measure = re.search(r"(?:时间|时长|用时|金额|总额|总量|总值|产值|收入|营收|投资|数量|总数|比重|占比)$",
                        text[before_s:before_e])
    if not (dimension and dimension.start() == 0):
        before_s, before_e = _core(text, before_s, before_e, names, words)
        if cstart == prev_end > sent[0] and words is not None and not _has_noun(words, before_s, before_e):
            before_s = before_e  # 由23个整合为11个: a verb between two figures names nothing new
    after_s = qe
    while after_s < sent[1] and text[after_s] in "的”“":
        after_s += 1
    cut = _AFTER_NOUN_CUT.search(text, after_s, sent[1])
    after_e = cut.start() if cut else clause_end(text, after_s, sent[1])
    after_e = min(after_e, clause_end(text, after_s, sent[1]))
    nxt = re.search(r"\d", text[after_s:after_e])
    if nxt:
        after_e = after_s + nxt.start()
    after_e = _after_phrase_end(words, after_s, after_e)
    after = text[after_s:after_e]
    after_is_noun = bool(after) and "\u4e00" <= after[0] <= "\u9fff" and not re.match(
        r"(?:同比|环比|较|比|增长|增加|提高|以上|左右|以下|之间|不等|用于|时间内|大关|以内|左右)", after
    )
    if after_is_noun and words is not None:
        # 16.8%和13.5%, 3倍有多, 2.3亿元对该生产线, 4690亿元人民币: the word after the number
        # must open a phrase (a conjunction, a preposition, a link verb or a currency does not),
        # and an appraisal (创下1.2万亿元历史新高) is no measure.
        first = words.at(after_s)
        if first is not None and (first.tag in _NO_OPENING or first.text in _LINK_VERBS or (
                first.tag == "w" and first.text not in _OPENERS)):
            after_is_noun = False
        if _NOT_MEASURED_AFTER.match(text, after_s):
            after_is_noun = False
        elif not _DURATION.search(text, qs, qe) and not _has_noun(words, after_s, after_e) or (
                text[after_e : after_e + 1] in ("为", "至", "到") and not _has_noun(words, after_s, after_e, strict=True)):
            after_is_noun = False  # 高出210倍: a verb alone after a number says what it does (a time it takes, 35分钟办结, excepted)
    if after_is_noun and text[qe : qe + 1] == "的":
        # 10多年的发展 -> 发展; but 扎根天桥10多年的济南某公司 is about the company, not a measure.
        if names.starting_in(after_s, after_s + 2) or _ORG_TAIL.search(after):
            after_is_noun = False
    if not after_is_noun and before_e <= before_s and _DURATION.search(text, qs, qe):
        # 连续3年开展科技服务活动: a duration measures the doing that follows it.
        rest = clause_end(text, qe, sent[1])
        if rest - qe >= 2 and not _NOT_AFTER.match(text, qe):
            return qe, rest
    if after_is_noun and not dimension and not (measure and text[qe : qe + 1] == "的"):
        return _counted_by_deed(words, after_s, after_e), after_e
    if before_e > before_s:
        return before_s, before_e
    if after_is_noun:
        return after_s, after_e
    topic = topic_before(text, cstart, sent[0], prev_end, names, words)
    if topic is None:
        topic = sentence_topic(text, sent[0], cstart, names, words)
    if topic is None and text.startswith("其中", clause_start(text, qs, sent[0])):
        topic = _previous_sentence_topic(text, sent[0], names, words)
    if topic is None and prev_end == sent[0] and words is not None:
        # X营业额自…以来年年突破，去年创下1.24万亿元: the first figure of a sentence naming
        # nothing measured is about what the sentence opens with.
        first_end = clause_end(text, sent[0], sent[1])
        if first_end < cstart:
            topic = _head_phrase(text, sent[0], first_end, names, words)
    if topic is not None:
        return topic
    return qs, qs


def _previous_sentence_topic(text: str, floor: int, names: Names, words: Words | None) -> tuple[int, int] | None:
    """其中东区560家 opening a sentence: the breakdown of what the sentence before is about, the
    noun phrase it opens with (全市高新技术企业主要分布在…。其中…)."""
    if words is None or floor == 0:
        return None
    end = floor
    while end > 0 and text[end - 1] in " \u3000":
        end -= 1
    if text[end - 1 : end] not in ("。", "；", ";"):
        return None
    start = end - 1
    while start > 0 and text[start - 1] not in "。！？；;!?\n":
        start -= 1
    while start < end - 1:
        stop = clause_end(text, start, end - 1)
        if not _FRAMING.match(text, start, stop):  # 从地域分布看，…: how it is looked at
            return _head_phrase(text, start, stop, names, words)
        start = stop + 1
    return None


def sentence_topic(text: str, floor: int, before: int, names: Names, words: Words | None) -> tuple[int, int] | None:
    """The topic of the sentence: the nearest clause before ``before`` that is a noun phrase and
    nothing else (港口的吞吐量，自…以来连年增长，由…约2.7亿吨), what the sentence's figures with
    no phrase of their own measure. Who may open it (甲公司的营收，); None when no clause is one."""
    if words is None:
        return None
    end = before - 1
    while end > floor:
        if text[end] in "，,":
            start = clause_start(text, end, floor)
            topic = _bare_noun_phrase(text, start, end, names, words)
            if topic is not None:
                return topic
        end -= 1
    return None


def _bare_noun_phrase(text: str, start: int, end: int, names: Names, words: Words) -> tuple[int, int] | None:
    start = strip_leading(text, start, end, names)
    while start < end and text[start] in "的之":
        start += 1
    ws = words.inside(start, end)
    if not ws or end - start < 2 or ws[-1].tag not in _NOUNS:
        return None
    if any(_is_edge(t) and not _JOINER.match(t.text) for t in ws):
        return None
    return start, end


def topic_before(text: str, cstart: int, floor: int, prev_end: int, names: Names,
                 words: Words | None) -> tuple[int, int] | None:
    """The noun phrase that opens the clause before ``cstart`` (交通运输业恢复强劲，增速达14.8%;
    总收入最高，达9878亿元), for a number whose own clause names nothing: who or when trimmed
    off its front, ending at the first word that is not part of a noun (a predicate verb,
    an adverb, a preposition). None when that clause holds a figure of its own (``prev_end``)
    or no such phrase."""
    if words is None or cstart <= floor or text[cstart - 1] not in "，,":
        return None
    pstart = clause_start(text, cstart - 1, floor)
    if prev_end > pstart:
        return None
    return _head_phrase(text, pstart, cstart - 1, names, words)


def _head_phrase(text: str, start: int, end: int, names: Names, words: Words) -> tuple[int, int] | None:
    """The noun phrase text[start:end] opens with, who or when trimmed off its front, ending at
    the first word that is not part of a noun (a predicate verb, an adverb, a preposition)."""
    start = strip_leading(text, start, end, names)
    ws = words.inside(start, end)
    while ws and (_COLLECTIVE_WORD.match(ws[0].text) or ws[0].tag == _NAME):
        ws = ws[1:]  # 本市, 该区: who the phrase is about
    if not ws:
        return None
    j = 0
    while j < len(ws):
        nxt = ws[j + 1] if j + 1 < len(ws) else None
        if _is_edge(ws[j]) and not (j > 0 and nxt is not None and _JOINER.match(ws[j].text)):
            break
        if ws[j].tag in ("v", "a", "ad") and (nxt is None or nxt.tag not in _NOUNS):
            break  # 恢复强劲, 最高, 持续壮大: the predicate, not the noun
        j += 1
    if j == 0 or ws[j - 1].end - ws[0].start < 2:
        return None
    return ws[0].start, ws[j - 1].end


def earlier_indicator(text: str, unit: str, sent: tuple[int, int], in_sentence: Sequence[Figure],
                      figures: Sequence[Figure]) -> str | None:
    """The indicator of a figure whose clause names nothing measured: that of the figure before
    it in the sentence, of the same unit where one is (从15.9平方公里发展到318平方公里; 东片区企业
    360家，占比40%，西片区210家), or of a figure of the same unit in the clause before a semicolon
    (…；西片区210家): such clauses are one list."""
    same = [f for f in in_sentence if f.q.unit == unit and f.indicator]
    if not in_sentence and figures:
        prev = figures[-1].sentence
        if text[prev[1] - 1 : prev[1]] in ("；", ";") and not text[prev[1] : sent[0]].strip():
            same = [f for f in figures if f.sentence == prev and f.q.unit == unit and f.indicator]
    if same:
        return same[-1].indicator
    return in_sentence[-1].indicator if in_sentence else None


_ENUM_SEPARATORS = re.compile(r"、|和|及|与|以及")
_NO_NAMES_AT: dict[int, int] = {}


class _NoNames:
    end_at = _NO_NAMES_AT

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        return []


def _split_items(text: str, start: int, end: int, count: int) -> list[tuple[int, int]] | None:
    """text[start:end] cut into ``count`` coordinated items: at 、 alone when that gives the
    count (先进制造与自动化 stays one item), else at every conjunction; None when neither does."""
    for sep in (re.compile("、"), _ENUM_SEPARATORS):
        spans, pos = [], start
        for m in sep.finditer(text, start, end):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, end))
        if len(spans) == count and all(e > s for s, e in spans):
            return spans
    return None


def enumeration_items(text: str, seg_start: int, at: int, floor: int, count: int,
                      words: Words | None = None) -> list[tuple[int, int]] | None:
    """The spans of the items a 分别 at ``at`` distributes over ``count`` figures: the
    coordinated phrase before 分别 in its clause (A、B和C分别增长x、y、z), or, when that clause
    names nothing else (…，分别为x、y、z), the coordinated phrase opening the clause before it
    (A、B、C居前三位，分别为…), its last item ending where its noun phrase does. Names stay:
    they may be the items (甲县、乙县分别增长)."""
    head_s = strip_leading(text, seg_start, at, _NoNames())
    if head_s < at:
        return _split_items(text, head_s, at, count)
    if words is None or seg_start <= floor or text[seg_start - 1] not in "，,":
        return None
    pstart = seg_start - 1
    while pstart > floor and text[pstart - 1] not in "，,；;：:。":
        pstart -= 1
    pstart = strip_leading(text, pstart, seg_start - 1, _NoNames())
    spans = _split_items(text, pstart, seg_start - 1, count)
    if spans is None:
        return None
    last_s, last_e = spans[-1]
    ws = words.inside(last_s, last_e)
    if not ws:
        return None
    j = 0
    while j < len(ws):
        nxt = ws[j + 1] if j + 1 < len(ws) else None
        if _is_edge(ws[j]) and ws[j].tag != _NAME and not (0 < j and nxt and _JOINER.match(ws[j].text)):
            break
        if j > 0 and ws[j].tag in ("v", "a", "ad") and (nxt is None or nxt.tag not in _NOUNS):
            break  # 居前三位, 增长最快: the predicate ends the last item
        j += 1
    if j == 0:
        return None
    spans[-1] = (last_s, ws[j - 1].end)
    return spans


def distributed_head(text: str, floor: int, noun_s: int, noun_e: int, names: Names,
                     words: Words | None) -> tuple[int, int] | None:
    """The measure a sentence distributes over its items (今年各产业营业额，A产业增长x、B产业增长y:
    each is that item's 营业额): the nouns after 各 + kind in an earlier clause of the sentence,
    when the item ends like the kind (A产业 ~ 产业) and does not already name the measure."""
    if words is None or noun_e <= noun_s:
        return None
    noun = text[noun_s:noun_e]
    end = noun_s
    while end > floor:
        if text[end - 1] in "，,：:":
            start = clause_start(text, end - 1, floor)
            ws = words.inside(strip_leading(text, start, end - 1, names), end - 1)
            while ws and ws[0].text != "各" and (ws[0].tag in (_NAME, "TIME") or ws[0].tag in _NOUNS):
                ws = ws[1:]  # who and when: 今年园区各产业…
            if ws and len(ws) >= 3 and ws[0].text == "各" and ws[1].tag in _NOUNS:
                kind = ws[1].text
                j = 2
                while j < len(ws) and ws[j].tag in _NOUNS:
                    j += 1
                if j > 2 and noun.endswith(kind[-1]) and text[ws[2].start : ws[j - 1].end] not in noun:
                    return ws[2].start, ws[j - 1].end
            end = start
        else:
            end -= 1
    return None
