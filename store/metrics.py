"""Metric extraction: every quantity fact in an article body, with exact provenance.

The grammar of a quantity is in ``store.numbers``; this module decides which quantities are
facts, and reads their context: the hedge, what is measured (indicator), about whom
(subject), when (period) and the change stated with them (同比增长43.5%).

Everything runs on a Simplified, digit-normalised copy of the body of the same length, so
offsets found there are offsets into the body, and text handed back is sliced from the body
in its own script.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .indicators import Words, distributed_head, earlier_indicator, enumeration_items, noun_before
from .indicators import clause_end as _clause_end
from .indicators import clause_start as _clause_start
from .indicators import indicator_span as _indicator_span
from .indicators import strip_leading as _strip_leading
from .metric_context import Period, admin_path, find_names, find_periods, period_dates, resolve_period
from .models import Change, Mention, Metric
from .numbers import Quantity, find_quantities, normalize_digits, parse_number
from .tagger import Token, tag_text
from .textnorm import to_simplified

_SENTENCE_END = "。！？；!?;\n"

# The change stated with a figure: optional comparison (同比, 较去年同期, 比承诺时间) and a verb.
# Both scripts read Simplified here: 成長 is 成长, 年增/年減 the Taiwan year-on-year forms.
_CHANGE_VERBS = "增长|增加|提高|提升|上升|下降|减少|降低|压缩|缩短|缩减|回落|下滑|增幅|降幅|涨幅|增速|成长|衰退|年增|年减"
_CHANGE_BEFORE = re.compile(
    rf"(?P<kind>(?:同比|环比|(?:较|比)(?:20\d\d年)?[^，,。；;、\d%]{{0,10}}?)?(?:{_CHANGE_VERBS}))(?:了|为|达到|达)?$"
)
_DOUBLING = re.compile(r"翻(?P<num>[一两二三四五\d]+)(?P<unit>倍|番)")

# Collective words standing for a region (全区, 我县, 该市, 园区, 全园) and the level they name;
# one set against another (占全市的, 比全省高, 高于全国) is a base compared with, not the subject.
# A rank among them (位居全市第一, 领跑全省, 全省首个) compares too.
_COLLECTIVE = re.compile(
    r"(?<![占比较于过到达居跑列])(?:(?:全|我|本|该)(?P<level>区|市|省|县|国|镇)|(?P<park>园区|全园|本园|该园区))"
    r"(?![长委第首前])")
# Words a place name ends with, and the level each names (zones are districts: 高新区, 示范区).
_LEVEL_OF = {"省": "省", "市": "市", "区": "区", "县": "县", "镇": "镇", "旗": "县", "乡": "镇"}
_GENERIC_AFTER_COUNT = re.compile(r"^(?:方面|措施|举措|政策|意见|细则|规定)")
_MAGNITUDE_ONLY = set("百千万亿")
_REGION_NAME = re.compile(r"(?:流域|沿线|走廊|经济圈|经济带)$")
# A place named in an award or list (入选山东省科技领军企业) is not who the figure is about.
# A name heading a field (量子科技产业, 北斗行业) names the field, not who the figure is about.
_FIELD_AFTER = re.compile(r"(?:产业|行业|领域)")
_AWARD_BEFORE = re.compile(r"(?:入选|认定为|评为|获评|列入|荣获|获得|获)$")
# A name that is the object of what the subject does (参与某工程, 通过某实验室建设, 引进某研究院).
_OBJECT_BEFORE = re.compile(r"(?:参与|承担|建设|建成|依托|通过|加入|引进|培育|打造|组建|成立|新建|设立|入驻|联合|携手)$")


# What a figure states (models.METRIC_KINDS): a goal set (力争, 目标, 到2025年达到), an
# expectation (预计, 有望), or a bound that selects what is counted (2000万元以上的企业).
_TARGET_WORDS = re.compile(r"力争|争取|目标|计划|规划|确保|要求|任务是|到20\d\d年(?:底|末)?|至20\d\d年(?:底|末)?")
_FORECAST_WORDS = re.compile(r"预计|预期|预测|估计|有望|将达|将超|将突破|可望")
# A bound qualifies the noun after it: 年营收2000万元以上的企业, 500万元以下项目.
_THRESHOLD_AFTER = re.compile(r"(?:以上|以下|及以上|以内)(?:的)?(?=[\u4e00-\u9fff])(?!的?(?:同比|增长|增加|，|。))")


def _metric_kind(text: str, q: Quantity, sent: tuple[int, int]) -> str:
    """actual, target, forecast or threshold for the quantity ``q`` in its sentence."""
    qs, qe = q.span
    after = text[q.end : min(sent[1], q.end + 6)]
    if _THRESHOLD_AFTER.match(after) and not re.match(r"(?:以上|以下|以内)(?:的)?(?:增长|增幅|水平|目标)", after):
        return "threshold"
    head = text[sent[0] : qs]
    # The nearer of the two words governs: 计划……预计 reads as a forecast.
    forecasts = [m.start() for m in _FORECAST_WORDS.finditer(head)]
    targets = [m.start() for m in _TARGET_WORDS.finditer(head)]
    if not forecasts and not targets:
        return "actual"
    if not targets or (forecasts and forecasts[-1] > targets[-1]):
        return "forecast"
    return "target"


@dataclass
class _Figure:
    q: Quantity
    sentence: tuple[int, int]
    ind_start: int
    ind_end: int
    indicator: str | None
    change: Change | None = None
    is_threshold: bool = False
    text_start: int | None = None  # a range's upper end quotes the whole range
    subject: tuple[int, int, str] | None = None  # the name an enumeration gives this figure
    period: Period | None = None  # the period an enumeration gives this figure


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence: split after 。！？； and at line ends, spaces trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            end = i + 1 if ch != "\n" else i
            spans.append((start, end))
            start = i + 1
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# A paragraph ends at a line end, or where a sentence's end is followed by a space: Chinese
# sets no spaces between sentences, so a page flattened into one line keeps its paragraph
# breaks (and the short headings between them) as spaces after 。.
_PARAGRAPH_BREAK = re.compile(r"\n|[。！？!?”](?=[ \t\u3000\xa0]+\S)")


def paragraph_starts(text: str) -> list[int]:
    """Offsets where the paragraphs of ``text`` start, in order (the first is 0)."""
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _in_short_quote(text: str, q: Quantity, sent: tuple[int, int]) -> bool:
    """A number inside a short quoted name (“黄金12条”, “三个走在前”) is a nickname, not a fact.
    A quote holding only the quantity (五个“100%”) is a fact."""
    s, e = q.span
    left = text.rfind("“", sent[0], s)
    if left < 0 or text.find("”", left, s) >= 0:
        return False
    right = text.find("”", e, sent[1])
    if right < 0 or right - left > 12:
        return False
    inner = text[left + 1 : right]
    # “100%” alone in quotes is a figure; “三十条” alone is a policy nickname.
    return inner != text[s:e] or q.chinese


def _is_non_metric(text: str, q: Quantity, sent: tuple[int, int], later: Quantity | None) -> bool:
    s, e = q.span
    after = text[e : e + 3]
    if _in_short_quote(text, q, sent):
        return True
    left = text.rfind("《", sent[0], s)
    if left >= 0 and text.find("》", left, s) < 0:
        return True  # inside a document title: 《绿色发展五年行动计划》
    if q.chinese and _GENERIC_AFTER_COUNT.match(after):
        return True  # 四个方面, 三大重点: slogan counts
    if q.unit == "个" and after.startswith("方面"):
        return True
    # A count word right before another quantity (五个“100%”) only counts that quantity.
    if later is not None and q.chinese and 0 <= later.span[0] - e <= 1:
        return True
    # 千家万户: a bare magnitude word is a figure only when stated as one (突破千家, 近万名, 达百人).
    if q.number and all(ch in _MAGNITUDE_ONLY for ch in q.number) and not q.magnitude:
        before = text[max(0, s - 2) : s]
        if q.qualifier is None and not before.endswith(("达", "到", "过")):
            return True
    if q.number and all(ch in _MAGNITUDE_ONLY for ch in q.number) and q.magnitude and q.qualifier is None:
        before = text[max(0, s - 2) : s]
        if not before.endswith(("达", "到", "过", "破")):
            return True
    return False


class NameIndex(list):
    """An article's names (start, end, text), sorted, indexed once per article: a figure asks for
    the names in a span by bisection instead of scanning every name, so extraction stays linear
    in the article however many names and figures it holds."""

    def __init__(self, names: list[tuple[int, int, str]] | tuple = ()) -> None:
        super().__init__(sorted(names))
        self.starts = [n[0] for n in self]
        self.end_at = {s: e for s, e, _n in self}  # the last name at a start wins, as a dict would
        self.exact: dict[str, tuple[int, int]] = {}  # a name -> its first span written in full
        for s, e, name in self:
            if e - s == len(name):
                self.exact.setdefault(name, (s, e))

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The names that start in [lo, hi), in order."""
        return self[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]


class PeriodIndex(list):
    """An article's periods in text order (as find_periods gives them), with their starts for
    bisection: a figure finds its period among its neighbours, not by scanning the article."""

    def __init__(self, periods: list) -> None:
        super().__init__(periods)
        self.starts = [p.start for p in self]
        self.longest = max((p.end - p.start for p in self), default=0)

    def holding(self, start: int, end: int) -> bool:
        """Whether a period holds the span [start, end) (前8个月 holds 8个月)."""
        lo = bisect_left(self.starts, end - self.longest)
        hi = bisect_left(self.starts, start + 1)
        return any(p.start <= start and end <= p.end for p in self[lo:hi])

    def starting_in(self, lo: int, hi: int) -> list:
        return self[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]


def _find_subject(
    text: str,
    pos: int,
    sentences: list[tuple[int, int]],
    sent_index: int,
    names: NameIndex,
    main_subject: tuple[str, str | None] | None,
    paragraph_start: int,
    paths: Mapping[str, str | None],
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(subject, path, span of the name it was read from): nearest name before the figure in
    its sentence, else the first name of the sentence before it in the paragraph, else
    the article's main subject (span None: inferred from the article, not this sentence)."""
    sent = sentences[sent_index]
    inferred = (*main_subject, None) if main_subject else (None, None, None)
    collective = None
    for m in _COLLECTIVE.finditer(text, sent[0], pos):
        if not _COMPARED_BEFORE.search(text, max(sent[0], m.start() - 12), m.start()):
            collective = m  # 比全市和全国分别高: both are bases compared with
    best = None
    for s, e, name in names.starting_in(sent[0], pos):
        if e <= pos and not _is_listed(text, s, e) and not _FIELD_AFTER.match(text, e) \
                and not _AWARD_BEFORE.search(text, max(sent[0], s - 4), s) \
                and not _OBJECT_BEFORE.search(text, max(sent[0], s - 4), s):
            best = (s, e, name)
    anaphor = None
    for m in _ANAPHOR.finditer(text, sent[0], pos):
        anaphor = m
    if anaphor is not None and (best is None or best[1] <= anaphor.start()) \
            and (collective is None or collective.end() <= anaphor.start()):
        earlier = _last_organisation(text, names, paths, sent[0])
        if earlier is not None:
            return _from_name(earlier, main_subject, paths)
    if collective is not None and (best is None or best[1] <= collective.start()):
        return _collective_subject(collective, main_subject, names, paths, paragraph_start)
    if best is not None:
        return _from_name(best, main_subject, paths)
    # The sentence before, in the same paragraph, may have named it (星河水厂是重点项目。使用
    # 债券5000万元…); a name said further back is another sentence's.
    if sent_index > 0 and sentences[sent_index - 1][1] > paragraph_start:
        s0, e0 = sentences[sent_index - 1]
        inside = [n for n in names.starting_in(s0, e0) if n[1] <= e0 and not _is_listed(text, n[0], n[1])]
        if inside:
            return _from_name(inside[0], main_subject, paths)
    return inferred


# 比全市和全国, 高于全省, 占全县: collective words after these are what is compared with.
_COMPARED_BEFORE = re.compile(r"(?:比|较|高于|低于|快于|慢于|超过|相当于|占)(?:全[区市省县国]|[和、及与])*$")
# A word pointing back at an organisation named before (该公司技术升级后…).
_ANAPHOR = re.compile(r"该(?:公司|企业|集团|研究院|院|所|高校|学校|中心|平台)")
_ANAPHOR_REACH = 600


def _last_organisation(
    text: str, names: NameIndex, paths: Mapping[str, str | None], before: int
) -> tuple[int, int, str] | None:
    """The organisation named last before ``before`` (within a few hundred characters), that
    is not in a list or an agency: what 该公司 points back at."""
    for s, e, name in reversed(names.starting_in(max(0, before - _ANAPHOR_REACH), before)):
        if name not in paths and not _is_listed(text, s, e) and not _AGENCY_TAIL.search(to_simplified(name)):
            return s, e, name
    return None


def _level(name: str, path: str | None) -> str | None:
    """The administrative level a place's name or path ends with (章丘区 -> 区, 四川 with path
    四川省 -> 省); None for an organisation or a place of unknown level."""
    for written in ((path or "").rsplit("/", 1)[-1], to_simplified(name)):
        if written and written[-1] in _LEVEL_OF:
            return _LEVEL_OF[written[-1]]
    return None


def _collective_subject(
    collective: re.Match,
    main_subject: tuple[str, str | None] | None,
    names: NameIndex,
    paths: Mapping[str, str | None],
    paragraph_start: int,
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """Who a collective word stands for: the article's own region when it names that region's
    level (全区 in an article on a district, 园区 in one on a park, 全省 in one on a province);
    for another level, the place of that level the paragraph named before it (山东省…，全省10个
    区县), else no one (the province of a district's article, unnamed); never the country
    (全国, 我国)."""
    if collective.group("level") == "国":
        return None, None, None
    level = _level(*main_subject) if main_subject else None
    if main_subject is not None and (collective.group("park") or level == _LEVEL_OF[collective.group("level")]):
        return (*main_subject, None)
    wanted = _LEVEL_OF.get(collective.group("level") or "")
    for s, e, name in reversed(names.starting_in(paragraph_start, collective.start())):
        if e <= collective.start() and name in paths and _level(name, paths.get(name)) == wanted:
            return name, paths.get(name), (s, e)
    if main_subject is not None and level is None and collective.group("level") != "省":
        return (*main_subject, None)  # an organisation's article: 全区, 全市 are its place
    return None, None, None


_NATIONAL_BODY = re.compile(
    r"^(?:党中央|中共中央|国务院[\u4e00-\u9fff]{0,6}|全国人大[\u4e00-\u9fff]{0,6}|(?:国家|中国)[\u4e00-\u9fff]{1,8}(?:局|委|署|部|委员会)"
    r"|(?![\u4e00-\u9fff]*[省市区县州镇乡])(?![\u4e00-\u9fff]*(?:俱乐|事业|总|本|分|支|党支|内|外|东|西|南|北|中)部$)[\u4e00-\u9fff]{1,8}部)$"
)


def _from_name(
    found: tuple[int, int, str], main_subject: tuple[str, str | None] | None, paths: Mapping[str, str | None]
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The subject a name in the text gives, with the name's span when it is that name itself.
    A national body (工信部, 国务院, 国家统计局) acting in a sentence speaks for the country:
    its figures name no region, so no subject."""
    if _NATIONAL_BODY.match(to_simplified(found[2])):
        return None, None, None
    name, path = _more_specific(found[2], main_subject, paths)
    return name, path, (found[0], found[1]) if name == found[2] else None


def _is_listed(text: str, s: int, e: int) -> bool:
    """A name in a list (恒瑞医药、奥赛康等200多家企业; 引进A研究院和B研究院) is one of the
    members counted, not who the figure is about."""
    after = text[e : e + 1]
    before = text[s - 1 : s] if s > 0 else ""
    return after in ("等", "、") or before == "、" or (before in ("和", "及") and s >= 2 and text[s - 2] in _NAME_END)


# Last characters of an organisation's or place's name (for 甲研究院和乙研究院).
_NAME_END = frozenset("院所司团区县市省局委心室园学校会厂行馆站部")
# A body named by its government level only (区政府, 市委, 区科技局): the article's own
# place's body, so the article's subject.
_LEVEL_BODY = re.compile(r"^[省市区县镇乡][\u4e00-\u9fff]{0,5}(?:委|政府|局|厅|办|委员会)$")


def _more_specific(
    name: str, main_subject: tuple[str, str | None] | None, paths: Mapping[str, str | None]
) -> tuple[str, str | None]:
    """The subject is the most specific place: a province or city that holds the article's
    own subject (山东省 in an article on 天桥区, 济南 in one on 济南高新区) stands for it."""
    path = paths.get(name)
    if main_subject is not None and _LEVEL_BODY.match(name):
        return main_subject
    if main_subject is None or path is None:
        return name, path
    main, main_path = main_subject
    main_simp = to_simplified(main)
    if main_simp == name:
        return name, path
    if main_path and main_path != path and main_path.startswith(path + "/"):
        return main_subject
    # A zone or body named after the place (济南高新区, 滨州市科技局) has no path of its own.
    leaf = path.rsplit("/", 1)[-1]
    if not main_path and len(main_simp) > len(name) and (main_simp.startswith(name) or main_simp.startswith(leaf)):
        return main_subject
    return name, path


def extract_metrics(
    body: str,
    *,
    title: str | None = None,
    date: str | None = None,
    mentions: list[Mention] | tuple[Mention, ...] = (),
    publisher: str | None = None,
    tokens: Sequence[Token] | None = None,
) -> list[Metric]:
    """Every quantity fact in ``body``: ``body[m.start:m.end] == m.text`` for each metric.

    ``mentions`` are the article's entity mentions (places and organisations give the
    subject); without them a suffix-based name finder stands in. ``date`` (ISO) lets a
    relative year in a period (今年) be resolved; the period keeps its written form first.
    ``tokens`` are the tagger's words of ``to_simplified(body)`` (run here when not given).
    """
    if not body:
        return []
    text = normalize_digits(to_simplified(body))
    sentences = split_sentences(text)
    names, paths = _subject_names(text, mentions)
    if publisher:
        own = to_simplified(publisher)
        names = [n for n in names if to_simplified(n[2]) != own]  # the paper reports; it is not the subject
    names = NameIndex(names)
    words = Words(tag_text(to_simplified(body)) if tokens is None else tokens, names)
    keys = _mention_keys(mentions)
    main_subject = _main_subject(title, text, names, paths)
    periods = PeriodIndex(find_periods(text))
    paragraphs = paragraph_starts(text)
    sentence_index = {sent: i for i, sent in enumerate(sentences)}
    quantities = [q for q in find_quantities(text) if q.start < len(text)]
    figures: list[_Figure] = []
    sent_i = 0
    by_sentence: dict[int, list[_Figure]] = {}
    for qi, q in enumerate(quantities):
        while sent_i < len(sentences) and sentences[sent_i][1] <= q.start:
            sent_i += 1
        if sent_i >= len(sentences):
            break
        sent = sentences[sent_i]
        if q.start < sent[0]:
            continue
        later = quantities[qi + 1] if qi + 1 < len(quantities) else None
        if periods.holding(q.start, q.end):
            continue  # 前8个月, 近5年: the time a figure covers, not a figure
        if _is_non_metric(text, q, sent, later):
            continue
        in_sentence = by_sentence.setdefault(sent_i, [])
        qs, qe = q.span
        # A change stated after a figure (，同比增长43.5%) belongs to that figure.
        change = _change_before(text, q, sent)
        if change is not None:
            kind, kind_start, clause_start = change
            head = text[clause_start:kind_start].strip()
            target = _change_target(in_sentence, head, text)
            base_year = re.search(r"20\d\d年", kind)
            if target is not None and base_year and base_year.group() in text[sent[0] : target.q.span[0]]:
                target = None  # 2017年新增3家，较2017年增长100%: a figure is not compared with its own year
            if target is not None and q.base_unit not in ("%", "百分点", "‰", "倍", target.q.base_unit):
                target = None  # 创造30亿元产值，增加500个岗位: a count is no change of an amount
            if target is not None:
                target.change = Change(kind=body[kind_start : kind_start + len(kind)], value=q.value, unit=q.unit)
                continue
        prev_end = in_sentence[-1].q.span[1] if in_sentence else sent[0]
        if q.range_partner is not None and q.range_partner < qi and in_sentence:
            partner = in_sentence[-1]
            fig = _Figure(q, sent, partner.ind_start, partner.ind_end, partner.indicator)
            fig.text_start = min(partner.q.span[0], partner.ind_start if partner.ind_end > partner.ind_start else partner.q.span[0])
        else:
            span = q.span
            if q.range_partner is not None and q.range_partner > qi:
                span = (q.span[0], quantities[q.range_partner].span[1])
            ind_s, ind_e = _indicator_span(text, span, sent, prev_end, names, words)
            if change is not None:
                # 研发经费投入增长18%: no figure to attach to, so the change is the fact itself;
                # the indicator is the noun and its verb, without the comparison (较去年同期).
                kind, kind_start, clause_start = change
                verb = re.search(f"(?:{_CHANGE_VERBS})$", kind)
                noun_s, noun_e = noun_before(text, clause_start, kind_start, names, words, sent[0], prev_end)
                verb_text = body[kind_start + verb.start() : kind_start + verb.end()] if verb else ""
                ind_s, ind_e = noun_s, kind_start + len(kind)
                head = distributed_head(text, sent[0], noun_s, noun_e, names, words)  # 各产业营业额，A产业增长…
                shared = body[head[0] : head[1]] if head else ""
                indicator = body[noun_s:noun_e] + shared + verb_text if noun_e > noun_s else None
                if indicator is None:  # 高于全市增速7.5个百分点: the figure before is compared
                    indicator = earlier_indicator(text, q.unit, sent, in_sentence, figures)
                fig = _Figure(q, sent, ind_s, ind_e, indicator)
            else:
                indicator = body[ind_s:ind_e] if ind_e > ind_s else None
                if indicator is None:
                    indicator = earlier_indicator(text, q.unit, sent, in_sentence, figures)
                fig = _Figure(q, sent, ind_s, ind_e, indicator)
        fig.is_threshold = q.qualifier == "突破" or (fig.indicator or "").startswith("超")
        doubling = _DOUBLING.search(text, _clause_start(text, qs, sent[0]), qs)
        if doubling and fig.change is None:
            fig.change = Change(kind="翻", value=parse_number(doubling.group("num")) or 0.0,
                                unit=body[doubling.start("unit") : doubling.end("unit")])
        in_sentence.append(fig)
        figures.append(fig)
    for in_sentence in by_sentence.values():
        _distribute_enumerations(body, text, in_sentence, names, words, periods)
    return [
        _to_metric(body, text, f, sentences, sentence_index, names, paths, main_subject, periods, date, keys,
                   paragraphs)
        for f in figures
    ]


_GROWTH_VERB = re.compile(r"^(?:同比|环比)?(?:增长|增加|提高|提升|上升|下降|减少|回落|增)(?:了)?$")


def _period_run(text: str, periods: PeriodIndex, start: int, end: int, count: int) -> list[Period] | None:
    """The ``count`` periods coordinated in text[start:end] (一季度、上半年和全年), joined by
    nothing but 、 和 及 与, or None when there is no such run."""
    inside = [p for p in periods.starting_in(start, end) if p.end <= end and not p.comparison]
    for first in range(len(inside) - count + 1):
        run = inside[first : first + count]
        if all(re.fullmatch(r"[、和及与]|以及", text[a.end : b.start]) for a, b in zip(run, run[1:])):
            return run
    return None


def _distribute_periods(body: str, text: str, group: list[_Figure], periods: PeriodIndex,
                        seg_start: int, at: int, suffix: str, names: NameIndex) -> bool:
    """一季度、上半年和全年（生产总值）分别增长a、b、c: each figure gets its own period, and
    what is measured is the rest of the phrase, shared. False when the items are no periods."""
    run = _period_run(text, periods, seg_start, at, len(group))
    if run is None:
        # 今年一季度、上半年和前三季度，全县投资分别为…: the periods lead the sentence, the
        # items of the clause (if any) are read as usual.
        run = _period_run(text, periods, group[0].sentence[0], seg_start, len(group))
        if run is not None:
            for p, member in zip(run, group):
                member.period = p
        return False
    head_s = _strip_leading(text, seg_start, run[0].start, names)
    shared = body[head_s : run[0].start] + body[run[-1].end : at]
    for p, member in zip(run, group):
        member.period = p
        if shared:
            member.indicator = shared + suffix
    return True


_LIST_REACH = 300


def _listed_before(text: str, names: NameIndex, before: int, count: int, rest: bool) -> list | None:
    """The names of the last list (甲市、乙市和丙市) in the paragraph before ``before`` with
    ``count`` members, or, for 其余 (the rest), the last ``count`` of one with a member more."""
    floor = max(text.rfind("\n", 0, before) + 1, before - _LIST_REACH)
    found = [n for n in names.starting_in(floor, before) if n[1] <= before]
    runs: list[list] = []
    for n in found:
        if runs and re.fullmatch(r"[、和及与]|以及", text[runs[-1][-1][1] : n[0]]):
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in reversed(runs):
        if len(run) == count and not rest:
            return run
        if rest and len(run) == count + 1:
            return run[1:]
    return None


def _distribute_enumerations(body: str, text: str, figures: list[_Figure], names: list[tuple[int, int, str]],
                             words: Words | None = None, periods: PeriodIndex | None = None) -> None:
    """A、B和C分别增长x、y、z: each figure gets its own item (A增速, B增速, C增速). The items
    are the coordinated phrase before 分别; the figures are the ones that follow each other
    joined only by 、 和 及; a head noun written once on the last item (批发、零售和餐饮业增加值)
    is shared by all. Items that are periods (一季度、上半年和全年) give each figure its period."""
    i = 0
    while i < len(figures):
        fig = figures[i]
        qs = fig.q.span[0]
        seg_start = qs
        while seg_start > fig.sentence[0] and text[seg_start - 1] not in "，,；;：:。":
            seg_start -= 1
        at = text.rfind("分别", seg_start, qs)
        if at < 0:
            i += 1
            continue
        group = [fig]
        for nxt in figures[i + 1 :]:
            gap = text[group[-1].q.span[1] : nxt.q.span[0]]
            if not re.fullmatch(r"[、和及与，,]|以及", gap):
                break
            group.append(nxt)
        verb = text[at + 2 : qs]
        suffix = "增速" if _GROWTH_VERB.match(verb) and fig.q.unit == "%" else ""
        if len(group) >= 2 and periods is not None and _distribute_periods(
                body, text, group, periods, seg_start, at, suffix, names):
            i += len(group)
            continue  # 一季度、上半年和全年分别…: the items are when
        if len(group) >= 2 and isinstance(names, NameIndex) and not names.starting_in(seg_start, at):
            # 集中在甲市、乙市和丙市。其余两市占比分别为a、b: the names listed before.
            rest = bool(re.search("其余|其他|另外", text[seg_start:at]))
            listed = _listed_before(text, names, fig.sentence[0], len(group), rest)
            for n, member in zip(listed or (), group):
                member.subject = n
        spans = enumeration_items(text, seg_start, at, fig.sentence[0], len(group), words)
        if len(group) < 2 or spans is None:
            i += len(group)
            continue
        items = [text[s:e] for s, e in spans]
        compared = re.match(r"[^，,；;]{0,6}?(?:比|较|高于|低于)", text[seg_start : spans[0][1]])
        if compared and compared.end() < spans[0][1] - seg_start:
            # 增速比全省和全国分别高x、y: the items are what the figure before is compared with;
            # each figure is that comparison (…增速比全省高, …增速比全国高).
            # 比A高 is written 高于A; what is compared is a growth rate (增速) when the figure
            # before is one or carries one.
            before = [f for f in figures[:i] if f.indicator]
            base = re.sub(r"(?:同比|环比)?(?:增长|增加|提高|增速)$", "", before[-1].indicator) if before else ""
            own = re.sub(r"(?:比|较|高于|低于)$", "", body[seg_start : seg_start + compared.end()])
            rate = own or ("增速" if before and (before[-1].q.unit == "%" or before[-1].change) else "")
            verb_written = body[at + 2 : qs]
            comparative = verb_written + "于" if verb_written in ("高", "低", "快", "慢") else None
            spans = [(max(s, seg_start + compared.end()), e) for s, e in spans]
            for (s, e), member in zip(spans, group):
                item = body[s:e]
                member.indicator = base + rate + (comparative + item if comparative else "比" + item + verb_written)
            i += len(group)
            continue
        # Parallel items end alike (批发业、零售业): on the last one, what follows that ending
        # is the shared head noun.
        tail = ""
        ending = items[0][-1]
        cut = items[-1].rfind(ending, 0, len(items[-1]) - 1)
        if all(x.endswith(ending) for x in items[:-1]) and cut >= 1:
            tail = body[spans[-1][0] + cut + 1 : spans[-1][1]]
        starts = {n[0]: n for n in names}
        named = [starts.get(sp[0]) for sp in spans]
        if all(n is not None for n in named):
            # 甲县、乙县和丙县分别增长…: the items are who; what is measured is shared.
            shared = body[named[-1][1] : spans[-1][1]]
            for n, member in zip(named, group):
                member.subject = n
                if shared:
                    member.indicator = shared + suffix
            i += len(group)
            continue
        for (s, e), member in zip(spans, group):
            own = body[s:e]
            if (s, e) != spans[-1] and tail:
                own += tail
            member.indicator = own + suffix
        i += len(group)


def _change_before(text: str, q: Quantity, sent: tuple[int, int]) -> tuple[str, int, int] | None:
    """(kind as in the Simplified text, its start, the clause start) when a change verb leads
    straight into the quantity (同比增长43.5%, 较去年增加109家)."""
    qs = q.span[0]
    cstart = _clause_start(text, qs, sent[0])
    m = _CHANGE_BEFORE.search(text, cstart, qs)
    if not m:
        return None
    return m.group("kind"), m.start("kind"), cstart


def _is_share(text: str, fig: _Figure) -> bool:
    clause = text[_clause_start(text, fig.q.span[0], fig.sentence[0]) : fig.q.span[0]]
    return fig.q.unit == "%" and clause.startswith(("占", "约占", "占比"))


def _change_target(in_sentence: list[_Figure], head: str, text: str) -> _Figure | None:
    """The figure a change belongs to: the last figure of the sentence that is not a threshold
    (首次突破40亿元) or an excess (超指标任务22.6亿元), provided nothing but that figure's own
    indicator (占比增幅) or filler stands between them."""
    if not in_sentence:
        return None
    head = re.sub(r"^(?:其中|并|且|比|较|同时|总数|总量|分别)+", "", head)
    # A share (占全市的41.3%) stated between a figure and its change is not what changed.
    # A change that names what changed (占比增幅) may well be the share's.
    candidates = [f for f in in_sentence if not f.is_threshold and f.change is None
                  and (head or not _is_share(text, f))]
    if not candidates:
        return None
    target = candidates[-1]
    if head and not (target.indicator and (head in to_simplified(target.indicator) or to_simplified(target.indicator).endswith(head))):
        return None
    return target


def _subject_names(
    text: str, mentions: list[Mention] | tuple[Mention, ...]
) -> tuple[list[tuple[int, int, str]], dict[str, str | None]]:
    """The names that can be a figure's subject, and the admin path of each place among them:
    both from this article alone (its mentions, else the names found in its text)."""
    names: list[tuple[int, int, str]] = []
    paths: dict[str, str | None] = {}
    usable = [m for m in mentions if m.type in ("place", "org")]
    if usable:
        for m in usable:
            if _REGION_NAME.search(to_simplified(m.text)):
                continue  # 黄河流域, 京沪沿线: a region the fact is set in, never its subject
            if m.type == "org" and _is_reporter(text, m.start, m.end):
                continue  # 据省统计局, 记者从市科技厅获悉: who reports a figure is not its subject
            if _DATELINE_AFTER.match(text, m.end):
                continue  # 某社北京5月18日电: where the story was filed, not what it is about
            names.append((m.start, m.end, m.text))
            if m.type == "place" and (m.path or m.text not in paths):
                paths[m.text] = m.path  # every place is a key (path None when unknown): see _main_subject
        names += _bare_zones(text, names)
    else:
        for n in find_names(text):
            if n.type == "org" and _is_reporter(text, n.start, n.end) or _DATELINE_AFTER.match(text, n.end):
                continue
            names.append((n.start, n.end, n.text))
            if n.type == "place":
                paths.setdefault(n.text, admin_path(n.text))
    names += _macro_regions(text, names, paths)
    # A name that is all of a quote (迎来了“东风”) is a figure of speech, not a name.
    names = [n for n in names if not (n[0] > 0 and text[n[0] - 1] in "“「『\"'" and text[n[1] : n[1] + 1] in "”」』\"'")]
    titles = [(m.start(), m.end()) for m in re.finditer(r"《[^《》]{1,60}》", text)]
    if titles:
        # A place in a document's title (《某某大湾区发展规划纲要》) names the document.
        names = [n for n in names if not any(s < n[0] and n[1] < e for s, e in titles)]
    names.sort()
    return names, paths


# The frames that name who reports a figure rather than who it is about: 据X(统计|数据|消息),
# 记者从X获悉, 来源：X, 发布机构：X, X发布/公布/显示/介绍/透露, and a news agency's dateline (X讯, X电).
_REPORT_BEFORE = re.compile(r"(?:据|记者从|从|来源[:：]|发布机构[:：]|发布单位[:：]|来自|根据)$")
_REPORT_AFTER = re.compile(
    r"^(?:[^，,。；;：:]{0,12}?(?:获悉|了解到|发布的?|公布的?|披露|指出|透露|介绍说?|表示)"
    r"|(?:最新|日前|近日|今天|今日|昨天|昨日)?"
    r"(?:统计|数据|消息|资料|报告|监测)?(?:显示|表明|介绍|透露|指出|称|讯|电|报道|消息|发布|公布)"
    # a dateline: 某社某地12月14日电, 某网讯
    r"|[\u4e00-\u9fff]{0,4}\d{1,2}月\d{1,2}日(?:电|讯))"
)
# The place of a dateline (某社北京5月18日电, 本报青云3日讯): a date and 电/讯 right after it.
_DATELINE_AFTER = re.compile(r"\s?(?:(?:\d{1,2}月)?\d{1,2}日\s?(?:电|讯)|讯)")
# Bodies that report, publish or govern: agencies, ministries, newspapers and news sites. A
# company or a park in a reporting frame (某公司负责人介绍) is still what its figures are about.
_AGENCY_TAIL = re.compile(r"(?:局|厅|部|委|办|办公室|社|网|报|台|协会|学会|联合会|中央|国务院|政府)$")


def _is_reporter(text: str, start: int, end: int) -> bool:
    """Whether the agency at text[start:end] stands in a reporting frame (据市统计局, 记者从
    区科技局获悉, 来源：某报, 市统计局数据显示, 某社某地12月1日电): it reports the figure and
    is not its subject."""
    if not _AGENCY_TAIL.search(text[start:end]):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 6) : start]
    after = text[end : end + 16]
    if _REPORT_BEFORE.search(before):
        return True
    return bool(_REPORT_AFTER.match(after))


def _mention_keys(mentions: list[Mention] | tuple[Mention, ...]) -> dict[object, str]:
    """Entity key of each place or organisation mention, by its span and by its Simplified
    text (the first mention of a text wins), so a subject maps to its entity."""
    keys: dict[object, str] = {}
    for m in mentions:
        if m.type in ("place", "org"):
            keys.setdefault((m.start, m.end), m.key)
            keys.setdefault(to_simplified(m.text), m.key)
    return keys


# The country's macro-regions (东部地区, 东北地区, 华南地区): named regions a figure can be
# about (东部地区企业2626家), though no division of the gazetteer.
_MACRO_REGION = re.compile(r"(?:东部|西部|中部|东北|华东|华南|华北|华中|西南|西北)地区")


def _macro_regions(
    text: str, names: list[tuple[int, int, str]], paths: dict[str, str | None]
) -> list[tuple[int, int, str]]:
    taken = [(s, e) for s, e, _n in names]
    out = []
    for m in _MACRO_REGION.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            out.append((m.start(), m.end(), m.group()))
            paths.setdefault(m.group(), None)
    return out


_BARE_ZONE = re.compile(r"(?:高新区|开发区|综保区|综合保税区|自贸试验区|片区|新区)")


def _bare_zones(text: str, names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A bare 高新区 is no entity, but it is the article's named zone (济南高新区) when that is
    named: as a subject it stands for it."""
    zones = [n for n in names if _BARE_ZONE.search(to_simplified(n[2]))]
    if not zones:
        return []
    taken = [(s, e) for s, e, _n in names]
    out = []
    for m in _BARE_ZONE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        owner = next((n for n in zones if to_simplified(n[2]).endswith(m.group())), None)
        if owner is not None:
            out.append((m.start(), m.end(), owner[2]))
    return out


_LEAD_CHARS = 600


def _lead_end(text: str, title: str | None) -> int:
    """Where the lead ends: the first few hundred characters after the title (all the text
    when the title is not found in it)."""
    at = text.find(normalize_digits(to_simplified(title))) if title else -1
    start = at + len(title) if title and at >= 0 else 0
    for m in _PARAGRAPH_BREAK.finditer(text, start):
        if re.search("[。！？!?]", text[start : m.start() + 1]):
            return min(m.end(), start + _LEAD_CHARS)
    return start + _LEAD_CHARS


# A title about the whole country: 我国…, 全国…, 中国…产业 (a country is no figure's subject).
_NATIONAL_TITLE = re.compile(r"我国|全国|^中国")


def _main_subject(
    title: str | None, text: str, names: list[tuple[int, int, str]], paths: Mapping[str, str | None]
) -> tuple[str, str | None] | None:
    """The region or body the article is about, found once: the first place or organisation
    named in its title (as tagged among the mentions, else by suffix), else its first name."""
    if title:
        at = text.find(normalize_digits(to_simplified(title)))
        if at >= 0:
            # A place named in the title is the region; an organisation there (天桥区科技局)
            # mostly speaks for its place, which the suffix finder below reads out of it.
            in_title = [n for n in names if at <= n[0] and n[1] <= at + len(title) and n[2] in paths]
            if in_title:
                first = in_title[0]
                return first[2], paths.get(first[2])
        found = find_names(normalize_digits(to_simplified(title)))
        if found:
            first = min(found, key=lambda n: n.start)
            # Keep the title's own spelling (Traditional stays Traditional).
            name = title[first.start : first.end]
            return name, paths.get(first.text) or (admin_path(first.text) if first.type == "place" else None)
        if _NATIONAL_TITLE.search(normalize_digits(to_simplified(title))):
            return None  # 我国卫星导航产业产值达…: the country's figures, no region's
    # No name in the title: the lead's first place, else its first organisation that is not a
    # national or reporting body (党中央, 国务院, 某部 set policy; they are not the region).
    # A name in a list (甲公司、乙公司两家通过审核) is one of those counted, not the article's.
    lead_end = _lead_end(text, title)
    names = [n for n in names if not _is_listed(text, n[0], n[1]) and n[0] < lead_end]
    places = [n for n in names if n[2] in paths]
    if places:
        return places[0][2], paths.get(places[0][2])
    bodies = [n for n in names if not _AGENCY_TAIL.search(to_simplified(n[2])) and not _NATIONAL_BODY.match(n[2])]
    if bodies:
        return bodies[0][2], paths.get(bodies[0][2])
    return None


def _to_metric(
    body: str,
    text: str,
    f: _Figure,
    sentences: list[tuple[int, int]],
    sentence_index: Mapping[tuple[int, int], int],
    names: NameIndex,
    paths: Mapping[str, str | None],
    main_subject: tuple[str, str | None] | None,
    periods: PeriodIndex,
    date: str | None,
    keys: Mapping[object, str],
    paragraphs: list[int],
) -> Metric:
    q = f.q
    qs, qe = q.span
    sent = f.sentence
    start = min(qs, f.ind_start) if f.ind_end > f.ind_start else qs
    end = max(qe, f.ind_end) if f.ind_end > f.ind_start else qe
    if f.text_start is not None:
        start = min(start, f.text_start)
    start, end = max(start, sent[0]), min(end, sent[1])
    sent_index = sentence_index[sent]
    paragraph_start = paragraphs[bisect_right(paragraphs, sent[0]) - 1]
    modified = _modified_name(text, qe, names, paths)
    if f.subject is not None:
        subject, path, subject_span = _from_name(f.subject, main_subject, paths)
    elif modified is not None:
        # 扎根某区10多年的某公司: the figure describes the organisation it modifies.
        subject, path, subject_span = _from_name(modified, main_subject, paths)
    else:
        subject, path, subject_span = _find_subject(
            text, qs, sentences, sent_index, names, main_subject, paragraph_start, paths)
    subject_key = None
    if subject_span is not None:
        subject_key = keys.get(subject_span)
    elif subject is not None:
        subject_key = keys.get(to_simplified(subject))
    if subject is not None:
        # Names found in the Simplified copy are reported in the body's own script.
        written = names.exact.get(subject)  # written in full: not a bare 高新区 standing for it
        if written is not None:
            subject = body[written[0]:written[1]]
    period = f.period or _find_period(text, periods, start, qs, qe, sent, paragraph_start)
    if period is not None and f.period is None and to_simplified(q.base_unit) in _DURATION_UNITS:
        period = None  # 连续12年, 扎根10多年: a duration measures time itself; it covers no period
    written = text[period.start : period.end] if period else None
    period_text = resolve_period(body[period.start : period.end], date) if period else None
    if written == "全年":
        # 全年 is the whole of the year the text is about (2013年，…。全年实现…): its dates are
        # that year's, and the period names it after the words as written: 全年（2013年）.
        year = next((p for p in reversed(periods) if p.end <= period.start and _BARE_YEAR.match(p.text)
                     and not p.comparison), None)
        if year is not None:
            written = year.text
            period_text = f"{body[period.start : period.end]}（{body[year.start : year.end]}）"
    dates = period_dates(written, date) if period else (None, None)
    quantity = body[q.start : q.end] if not q.implied_unit else body[q.start : q.end] + q.unit
    unit_written = "".join(body[s:e] for s, e in q.unit_spans) or q.unit  # 半数 is written with no unit: 50 %
    base_unit = q.base_unit
    if len(unit_written) == len(q.unit) and q.unit.endswith(base_unit):
        # The base unit in the body's own script, like the unit (萬臺 -> 臺, 個百分點 -> 百分點);
        # a unit named from a sign ($ -> 美元) is not written in the text and stays as named.
        base_unit = unit_written[len(unit_written) - len(base_unit):]
    return Metric(
        text=body[start:end],
        quantity=quantity,
        value=q.value,
        unit=unit_written,
        base_value=q.base_value,
        base_unit=base_unit,
        start=start,
        end=end,
        sentence_start=sent[0],
        sentence_end=sent[1],
        qualifier=body[q.qualifier_start : q.qualifier_end] if q.qualifier_start is not None else None,
        indicator=f.indicator,
        subject=subject,
        subject_path=path,
        subject_start=subject_span[0] if subject_span else None,
        subject_end=subject_span[1] if subject_span else None,
        subject_key=subject_key,
        period=period_text,
        period_start=dates[0],
        period_end=dates[1],
        change=f.change,
        kind=_metric_kind(text, q, sent),
    )


def _modified_name(text: str, qe: int, names: NameIndex, paths: Mapping[str, str | None]):
    """The organisation a figure modifies (10多年的某公司, 年营收过亿的某集团): named right after
    the figure and 的."""
    if text[qe : qe + 1] != "的":
        return None
    found = names.starting_in(qe + 1, qe + 2)
    if found and found[0][2] not in paths:
        return found[0]
    return None


_DURATION_UNITS = frozenset({"年", "个月", "月", "天", "日", "周", "小时", "分钟", "年度"})
_BARE_YEAR = re.compile(r"^20\d\d年(?:度)?$")


# Clauses that may stand before a sentence's time without taking it from the sentence
# (数据显示，今年…; 其中，2022年…): a reporting frame or a linking word.
_LEAD_IN = re.compile(r"(?:显示|表明|获悉|介绍|了解到|指出|透露|表示|统计|其中|同时|此外|另外|据悉)$")


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether the time at ``pos`` opens its sentence (2022年，全区…; 全区2022年实现…;
    数据显示，今年…): such a time is the paragraph's lead and covers the sentences after it.
    A time after another clause (…持续走强，去年规模达到…) covers its own sentence only."""
    i = pos
    while i > 0 and text[i - 1] not in _SENTENCE_END:
        i -= 1
        if text[i] in "，,：:" and not _LEAD_IN.search(text, max(0, i - 6), i):
            return False
    return True


def _find_period(text: str, periods: PeriodIndex, start: int, qs: int, qe: int, sent: tuple[int, int],
                 paragraph_start: int):
    # The last period of the paragraph ending before the figure (one ending by qs starts before it) ...
    for p in reversed(periods.starting_in(paragraph_start, qs)):
        if p.start < sent[0] and not _opens_sentence(text, p.start):
            continue  # a time inside an earlier sentence (…，去年规模达到…) is that sentence's
        if p.end <= qs:
            if p.comparison == "rate":
                clause = _clause_start(text, p.start, sent[0])
                named = [o for o in periods.starting_in(clause, p.start) if not o.comparison]
                return named[-1] if named else p
            if p.comparison:
                # 较2012年的25亿元: a base figure right after the time it is of; any other
                # figure looks past a comparison's time (比上年增长, 是2010年的3倍).
                if p.comparison == "base" and re.fullmatch(r"的?(?:约|近|超|逾)?", text[p.end : qs]):
                    return p
                continue
            return p
    # ... else the first one after it in its clause.
    after = [p for p in periods.starting_in(qe, _clause_end(text, qe, sent[1])) if not p.comparison]
    return after[0] if after else None
