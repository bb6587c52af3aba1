"""Recognising the non-body lines of a news page: bylines, datelines, meta lines and site chrome.

All patterns are anchored and bounded so that a 5 MB line costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Markers printed before a byline: □ 本报记者 …, ◎本报记者 …, ■记者 …
BYLINE_MARKERS = "□■◎●○◆◇▲△★☆※▶►▷"

_AUTHOR_ROLES = (
    "文/图", "文／圖", "图/文", "圖／文", "文图", "文/", "文／", "文|", "文｜", "撰文", "撰稿", "采写", "採寫",
    "本报特约记者", "本报首席记者", "本报见习记者", "本报融媒记者", "本报记者", "本报記者",
    "特约记者", "特約記者", "首席记者", "首席記者", "见习记者", "見習記者", "融媒记者",
    "全媒体记者", "全媒體記者", "新华社记者", "新華社記者", "记者", "記者",
)
_CONTRIBUTOR_ROLES = (
    "本报通讯员", "本報通訊員", "通讯员", "通訊員", "实习记者", "實習記者", "实习生", "實習生",
    "责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯",
    "图/", "圖/", "图／", "圖／", "摄影/", "攝影/",  # 文/张三 图/李四: the photographer
)
_ROLE_RE = re.compile(
    "|".join(sorted(map(re.escape, _AUTHOR_ROLES + _CONTRIBUTOR_ROLES), key=len, reverse=True))
)
_AUTHOR_SET = frozenset(_AUTHOR_ROLES)
# Words after the names that say what the people did, not who they are.
_TRAILING_WORDS_RE = re.compile(
    r"(?:\s*(?:[/／]\s*[\u4e00-\u9fff]{0,6}?(?:報導|报导|報道|报道)|摄影报道|摄影|报道|報道|報導|摄|攝|文/图|文图|发|發|整理))+\s*$"
)
_NAME_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}[·・•][\u4e00-\u9fff]{1,10})$")
_NAME_SPLIT_RE = re.compile(r"[\s\u3000、，,／/]+")
# A publisher named before the reporter role: 某市日报/某市网记者, 某省商报·某某新闻网记者.
_PUBLISHER_RE = re.compile(
    r"^[^\s，。：:]{1,24}?(?:日报|日報|晚报|晚報|早报|早報|商报|商報|时报|時報|报|報|网|網|社|台|刊|客户端|客戶端|新闻|新聞|传媒|傳媒|融媒)$"
)
_OWN_PAPER_RE = re.compile(r"^本(?:报|報|刊|网|網|台)")
_MAX_BYLINE_CHARS = 64
# Bylines hold names, never a sentence: a quick way to pass over body paragraphs.
_SENTENCE_PUNCT_RE = re.compile(r"[，。；！？!?;“”]")


@dataclass
class Byline:
    """Who wrote an article, as printed in a byline or a dateline's brackets."""

    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    publisher: str | None = None

    def merge(self, other: Byline) -> None:
        # A name already placed keeps its role: a byline's 通讯员 stays a contributor when a
        # page's 作者: line later lists every name.
        for name in other.authors:
            if name not in self.authors and name not in self.contributors:
                self.authors.append(name)
        for name in other.contributors:
            if name not in self.contributors and name not in self.authors:
                self.contributors.append(name)
        self.publisher = self.publisher or other.publisher


def _names(chunk: str) -> list[str] | None:
    """Names in ``chunk`` (separated by spaces or 、), or None when something else is there."""
    chunk = _TRAILING_WORDS_RE.sub("", chunk)
    names = [t for t in _NAME_SPLIT_RE.split(chunk) if t]
    if not all(_NAME_RE.match(t) for t in names):
        return None
    return names


def _publisher(prefix: str) -> str | None:
    prefix = prefix.strip()
    if not prefix or _OWN_PAPER_RE.match(prefix):
        return None
    return prefix if _PUBLISHER_RE.match(prefix) else None


# A writer's role spelt with a separator: 文 | 张三, 作者｜张三, 文：张三 (all 文/).
_SPACED_ROLE_RE = re.compile(r"^(?:文|作者|文字|撰文|文[、/／]\s*[图圖]|[图圖][、/／]\s*文)\s*[|｜/／:：]\s*")
# Names with the writer's mark after them: 张三 李四/文.
_TRAILING_WRITER_RE = re.compile(r"^(?P<names>[^/／]{2,40}?)\s*[/／]\s*(?:文|文图|文/图)$")


def parse_byline(line: str, *, bare_names: bool = False) -> Byline | None:
    """The byline in ``line``, or None when the line is not (only) a byline.

    ``bare_names``: names with no role word count as authors (after a □ marker: ``□郭曉飛 田珊``).
    """
    text = line.strip().lstrip(BYLINE_MARKERS).strip()
    if not text or len(text) > _MAX_BYLINE_CHARS or _SENTENCE_PUNCT_RE.search(text):
        return None
    text = _SPACED_ROLE_RE.sub("文/", text)
    writer = _TRAILING_WRITER_RE.match(text)
    if writer is not None:
        names = _names(writer.group("names"))
        return Byline(authors=names) if names else None
    text = _TRAILING_WORDS_RE.sub("", text).strip()
    roles = list(_ROLE_RE.finditer(text))
    if not roles:
        if not bare_names or not text:
            return None
        names = _names(text)
        return Byline(authors=names) if names else None
    byline = Byline()
    prefix = text[: roles[0].start()]
    if prefix.strip():
        byline.publisher = _publisher(prefix)
        if byline.publisher is None and not _OWN_PAPER_RE.match(prefix.strip()):
            return None  # text before the role that is not a publisher: a sentence, not a byline
    for i, role in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(text)
        chunk = text[role.end(): end]
        if role.group() in _AUTHOR_SET:  # （记者：张三）; an editor's field (编辑:…) is a meta line's
            chunk = chunk.lstrip(":： ")
        names = _names(chunk)
        if names is None:
            return None
        target = byline.authors if role.group() in _AUTHOR_SET else byline.contributors
        target.extend(n for n in names if n not in target)
    if not byline.authors and not byline.contributors:
        return None
    return byline


def is_byline_continuation(line: str) -> bool:
    """A later line of a byline printed over several lines: ``通讯员 韩宏伟 栾中铭`` or ``报道``."""
    text = line.strip()
    if not text or len(text) > _MAX_BYLINE_CHARS:
        return False
    if _TRAILING_WORDS_RE.fullmatch(text):
        return True
    return bool(_ROLE_RE.match(text)) and parse_byline(text) is not None


def parse_marked_byline(line: str) -> Byline | None:
    """A byline introduced by a marker (□ ◎ ■ …), which may be bare names."""
    text = line.strip()
    if not text or text[0] not in BYLINE_MARKERS:
        return None
    return parse_byline(text, bare_names=True)


_MARKER_RE = re.compile(f"[{BYLINE_MARKERS}]")
# A byline closing a paragraph: …进发。■某某报记者 张三 / …增长。（记者 李四）
_END_BYLINE_RE = re.compile(f"(?<=[。！？!?”」])\\s*(?:[{BYLINE_MARKERS}]\\s*(?P<marked>[^{BYLINE_MARKERS}。]{{2,40}})|"
                            r"[（(](?P<bracketed>[^（）()]{2,40})[）)])\s*$")


_BRACKETED_RE = re.compile(r"^[（(【\[［](?P<inner>[^（）()【】\[\]［］]{2,60})[）)】\]］]$")
# Words in closing brackets that are no reporter's name: （完）, （待续）.
_NOT_NAMES = frozenset("完 待续 未完 全文完 续完 结束 转载 原创 供图 图文 资料 图片 来源 摄影 本报 本刊 同上 见下 下同".split())


_EDITOR_COLON_RE = re.compile(r"(责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：]\s*")


def _bracketed_byline(inner: str) -> Byline | None:
    """The byline in brackets: （记者 张三）, (责任编辑：李四) - an editor's colon is the role's."""
    return parse_byline(_EDITOR_COLON_RE.sub(r"\1 ", inner))


def parse_closing_byline(line: str) -> Byline | None:
    """A line that is only a byline in brackets, printed under an article: （记者 张三 通讯员 李四）."""
    match = _BRACKETED_RE.match(line.strip())
    if match is None:
        return None
    byline = _bracketed_byline(match.group("inner"))
    if byline is None and not _ROLE_RE.search(match.group("inner")):
        # （张三 李四）under an article: its reporters, with no role word.
        names = _names(match.group("inner"))
        if names and all(2 <= len(n) <= 3 and n not in _NOT_NAMES for n in names):
            byline = Byline(authors=names)
    return byline


def split_end_byline(line: str) -> tuple[str, Byline] | None:
    """A paragraph with its byline printed at the end -> (paragraph, byline); None otherwise.

    The byline must name a role (记者, 通讯员, 编辑 …), so a closing remark in brackets stays text.
    """
    match = _END_BYLINE_RE.search(line, max(0, len(line) - 48))
    if match is None or match.start() == 0:
        return None
    byline = parse_byline(match.group("marked")) if match.group("marked") else _bracketed_byline(match.group("bracketed"))
    if byline is None:
        return None
    return line[: match.start()].rstrip(), byline


_GLUED_BRACKET_RE = re.compile(r"^(?P<head>[^（(。！？!?]{4,48}?)\s*[（(](?P<inner>[^（）()]{2,40})[）)]\s*$")


def split_glued_byline(line: str) -> tuple[str, Byline] | None:
    """A headline with its byline glued on: ``总成交额超47亿元□ 记者 王健`` or ``标题 （记者 王健）``
    -> (headline, byline)."""
    match = _MARKER_RE.search(line, 1, 80)
    if match is None:
        bracketed = _GLUED_BRACKET_RE.match(line.strip())
        if bracketed is None or not _ROLE_RE.search(bracketed.group("inner")):
            return None
        byline = _bracketed_byline(bracketed.group("inner"))
        return (bracketed.group("head").rstrip(), byline) if byline is not None else None
    byline = parse_byline(line[match.start():], bare_names=False)
    if byline is None:
        return None
    return line[: match.start()].rstrip(), byline


# Datelines opening a body paragraph: 本报济南讯, 某某日报讯（记者王某 实习生李某）, 新华社北京12月1日电.
# 据新华社…电 (a report taken from an agency) names the agency; 某某网消息 and 某某在线讯 are datelines too.
_DATELINE_RE = re.compile(
    r"^(?:据|據)?(?P<pub>本报|本報|本刊|本网|本網|[^\s，。、：:（(据據]{2,14}?"
    r"(?:日报|日報|晚报|晚報|早报|早報|商报|商報|时报|時報|报|報|网|網|社|台|客户端|客戶端|在线|在線|融媒体|融媒體|融媒))"
    # The place a dispatch is sent from never begins with an outlet's last word (中国日报网: 网 is
    # the outlet's, not a place).
    r"(?P<place>(?![网網报報])[\u4e00-\u9fff]{0,8}?)(?:\d{1,2}月\d{1,2}日)?(?:讯|訊|电|電|消息)"
    r"(?:\s*[（(](?P<paren>[^）)]{1,60})[）)]|(?=[\s\u3000/／:：，,]))"
)


@dataclass
class Dateline:
    publisher: str | None
    byline: Byline | None
    length: int  # characters of the paragraph the dateline takes


# A byline in brackets opening the first paragraph: 〔记者张三／台南报导〕, 【记者张三／台北报导】.
_LEADING_BYLINE_RE = re.compile(r"^[〔【（(\[](?P<inner>[^〔〕【】（）()\[\]]{3,40})[〕】）)\]]")
# An agency's reporter and dispatch: 中央社记者张三台北5日电 (the place is the two characters
# before the date).
_AGENCY_REPORTER_RE = re.compile(
    r"^[（(]?(?P<pub>[\u4e00-\u9fff]{2,8}?(?:社|網|网|報|报|台))(?:記者|记者)(?P<name>[\u4e00-\u9fff]{2,3}?)"
    r"[\u4e00-\u9fff]{2}(?:\d{1,2}月)?\d{1,2}日(?:電|电)[）)]?"
)


def parse_dateline(paragraph: str) -> Dateline | None:
    match = _DATELINE_RE.match(paragraph)
    if match is None:
        agency = _AGENCY_REPORTER_RE.match(paragraph)
        if agency is not None:
            return Dateline(publisher=agency.group("pub"), byline=Byline(authors=[agency.group("name")]),
                            length=agency.end())
        lead = _LEADING_BYLINE_RE.match(paragraph)
        if lead is not None and len(paragraph) > lead.end() + 10 and _ROLE_RE.search(lead.group("inner")):
            byline = parse_byline(lead.group("inner"))
            if byline is not None:
                return Dateline(publisher=byline.publisher, byline=byline, length=lead.end())
        return None
    pub = match.group("pub")
    publisher = None if _OWN_PAPER_RE.match(pub) else pub
    paren = match.group("paren")
    # 某某网消息(张三): a bracket after a dateline holds the reporters even with no role word.
    byline = parse_byline(paren, bare_names=True) if paren else None
    return Dateline(publisher=publisher, byline=byline, length=match.end())


# Meta lines: 来源:大众日报, 原标题:…, 2023-04-16 13:41:04, 发布时间：2021年2月1日, 作者：…
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
)
_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_META_KEY_RE = re.compile(
    r"(?:本文|本稿|信息|文章|稿件|新闻|新聞|消息|資料|资料)?"  # 信息来源, 文章来源: the same field
    r"(?P<key>来源|來源|稿源|出处|出處|供稿|发布者|發布者|发布单位|發布單位|发布机构|發布機構|"
    r"原标题|原標題|作者|记者|記者|通讯员|通訊員|"
    r"(?:发布|發佈|發布|更新|发稿|發稿|出版|发表|發表)?(?:时间|時間|日期)|[Dd]ate|DATE|"
    r"版次|浏览次数|瀏覽次數|阅读次数|閱讀次數|浏览量|瀏覽量|阅读量|閱讀量|点击数|點擊數|点击|點擊|访问量|訪問量|"
    r"字号|字號|字体|字體|责任校对|責任校對|校对|校對|审核|審核|审校|審校|签发|簽發|终审|終審|"
    r"责任编辑|責任編輯|编辑|編輯|责编|責編)\s*[:：]\s*"
)
# Fields whose value is the page's own UI (counts, font buttons): they end the value before them.
_UI_KEYS = frozenset("版次 浏览次数 瀏覽次數 阅读次数 閱讀次數 浏览量 瀏覽量 阅读量 閱讀量 点击数 點擊數 点击 點擊 "
                     "访问量 訪問量 字号 字號 字体 字體".split())
# Staff who check a page, not who wrote or edited it: their field is passed over.
_CHECK_KEYS = frozenset("责任校对 責任校對 校对 校對 审核 審核 审校 審校 签发 簽發 终审 終審".split())
_PUBLISHER_KEYS = frozenset("来源 來源 稿源 出处 出處 供稿 发布者 發布者 发布单位 發布單位 发布机构 發布機構".split())
# A site's channel after its name in a source field: 某某网-科技频道, 某某网_财经.
_CHANNEL_RE = re.compile(r"^(?P<site>\S{2,}?)\s*[-－—_]\s*\S{1,10}?(?:频道|頻道|栏目|欄目|专栏|專欄|版)?$")
_UI_WORDS = frozenset(
    "打印 关闭 關閉 关闭窗口 大字体 小字体 大字體 小字體 字体 字號 字号 大 中 小 默认 扫码带走 扫一扫 分享 分享到 "
    "收藏 评论 評論 返回顶部 返回 顶部 上一篇 下一篇 微信 微博 QQ空间 QQ 复制链接 手机看 手机版 点击 浏览 阅读 "
    "浏览次数 阅读数 我要评论 纠错 打印本页 关闭本页 字号： 大字號 中字號 小字號 字體 "
    "上一版 下一版 上一期 下一期 版面导航 版面導航 朋友圈 语音播报 語音播報 搜索 站内搜索 站内高级搜索 高级搜索 "
    "标题 標題 • 栏目导航 欄目導航 网站导航 網站導航 导航 導航 网站首页 網站首頁 返回首页 返回首頁 首页 首頁 正文".split()
)
# A page or issue label of a printed paper: 第04版, 第13472期:第01版, 第04版:要闻, 第B03版:经济
# (papers letter their sections).
_PAGE_LABEL_RE = re.compile(r"^(?:第\s*[A-Za-z]?\d+\s*[版期][:：]?)+(?:[\u4e00-\u9fff]{1,6})?$")
_CHROME_RE = re.compile(
    r"爆料|新闻热线|新聞熱線|版权所有|版權所有|©|ICP备|ICP證|ICP证|未经.{0,12}(?:许可|授权|許可|授權)|"
    r"转载请注明|轉載請注明|免责声明|免責聲明|违法和不良信息举报|违法和不良信息舉報|Copyright|COPYRIGHT|"
    # Prompts of a page's scripts and share buttons.
    r"点击右上角|點擊右上角|(?:请|請)使用(?:浏览器|瀏覽器)|分享功能|(?:请|請)刷新|(?:请|請)稍候|加载中|載入中|"
    r"^(?:正在阅读|正在閱讀)[:：]|"
    # A site's offers to its visitors: its mobile version or app, posting, signing up.
    r"(?:进入|進入|切换到|切換到|访问|訪問|下载|下載)(?:移动版|移動版|手机版|手機版|电脑版|電腦版|客户端|客戶端|APP)|"
    r"^(?:免费|免費)?(?:发布信息|發布信息|注册|註冊|登录|登錄|投稿)$"
)
_BREADCRUMB_RE = re.compile(
    r"^(?:首页|首頁|当前位置|當前位置|当前页面|當前頁面|您的位置|你的位置|您现在的位置|位置)\s*[>＞»›:：]"
)
_CRUMB_SEP_RE = re.compile(r"\s*[>＞»›]+\s*")
_PHOTO_CREDIT_RE = re.compile(
    r"^(?:[^\s，。]{0,12}(?:供图|供圖)|(?:图片来源|圖片來源|图|圖)[/／:：]\s*\S{1,20}|[^\s，。]{0,12}\s?(?:摄|攝))$"
)


_CHANNEL_WORD_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:频道|頻道|栏目|欄目|专栏|專欄)$")
_URL_PREFIX_RE = re.compile(r"^(?:https?://|www\.)[!-~]+\s+")
# What may stand before a page's first meta field: separators, page and issue labels.
_META_HEAD_RE = re.compile(r"^[|｜【\[（(\s]*(?:(?:第\s*[A-Za-z]?\d+\s*[版期][:：]?\s*)+(?:本期|本版)?)?[|｜\s]*$")


# A photo caption ending in its photographer's credit: 蓬勃发展的新城区 记者 张三 摄.
_CAPTION_CREDIT_RE = re.compile(
    r"^[^，。！？]{2,40}?[\s\u3000]+(?:\S{0,12}?(?:记者|記者|通讯员|通訊員))\s*[\u4e00-\u9fff]{2,4}\s*(?:摄|攝)$"
)


@dataclass
class Meta:
    """Fields a web page prints around an article."""

    publisher: str | None = None
    date: str | None = None
    original_title: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)


def _iso_date(match: re.Match[str]) -> str | None:
    y, m, d = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _is_ui_words(text: str) -> bool:
    if len(text) > 60 or "，" in text or "。" in text:
        return False
    tokens = [t.strip("【】[]()（）:：|｜") for t in text.split()]
    tokens = [t for t in tokens if t]
    if _all_ui_words(tokens):
        return True
    # 分享到：微信 微博: a button's label and its choices.
    if _all_ui_words([t.strip("【】[]()（）|｜") for t in re.split(r"[\s:：]+", text) if t.strip("【】[]()（）|｜")]):
        return True
    # 【打 印】: a button whose word the page spaced out.
    return _all_ui_words([t for t in re.split(r"[【】\[\]|｜]+", re.sub(r"\s+", "", text)) if t])


def _all_ui_words(tokens: list[str]) -> bool:
    words = [t for t in tokens if not t.isdigit() and not _PAGE_LABEL_RE.match(t)]
    # Counts (阅读 1641) and page labels (第04版 上一版) go with UI words, never alone.
    return bool(words) and all(t in _UI_WORDS for t in words)


def _date_beside(text: str) -> tuple[re.Match[str], str | None] | None:
    """The date of a line and the text on its one side (None when both sides hold text)."""
    match = _DATE_RE.search(text)
    if match is None:
        return None
    before = text[: match.start()].strip(" |｜")
    after = _TIME_RE.sub("", text[match.end():], count=1).strip(" |｜")
    return match, before if not after else after if not before else None


def _site_and_date(text: str) -> Meta | None:
    """某某日报 2021年3月5日, 2021-03-05 15:30 某某网: a site's name and the date, nothing else."""
    found = _date_beside(text)
    if found is None:
        return None
    match, site = found
    if not site or len(site) > 16 or " " in site or _OWN_PAPER_RE.match(site) or not _PUBLISHER_RE.match(site):
        return None
    return Meta(publisher=site, date=_iso_date(match))


def _byline_and_date(text: str) -> Meta | None:
    """记者 张三 | 2021-03-05, 2021-03-05 某某日报记者 张三: a byline and the date, nothing else."""
    found = _date_beside(text)
    if found is None:
        return None
    match, part = found
    byline = parse_byline(part) if part and _ROLE_RE.search(part) else None
    if byline is None:
        return None
    return Meta(publisher=byline.publisher, date=_iso_date(match), authors=byline.authors,
                contributors=byline.contributors)


_GAP_RE = re.compile(r"[ \u3000\t]+")


def split_glued_meta(line: str) -> tuple[str, Meta] | None:
    """A headline with its date or source line glued on, as a flattened page prints them:
    ``标题 2021-03-05 来源：某某网`` -> (headline, the meta line's fields)."""
    text = line.strip()
    if len(text) > 200:
        return None
    for gap in _GAP_RE.finditer(text, 4, 50):
        head, rest = text[: gap.start()], text[gap.end():]
        if any(ch in head for ch in "。！？!?：:") or not rest:
            continue
        if not (rest[:1].isdigit() or _META_KEY_RE.match(rest)):
            continue
        meta = parse_meta(rest)
        if meta is not None and (meta.date or meta.publisher):
            return head, meta
    return None


def parse_meta(line: str) -> Meta | None:
    """The fields of a meta line, or None when the line is not one."""
    text = _URL_PREFIX_RE.sub("", line.strip())  # http://www.site.hk  2021-12-14 12:25
    if len(text) <= 60 and "：" not in text and (credited := _byline_and_date(text)) is not None:
        return credited
    untimed = _TIME_RE.sub("", text, count=1)
    if len(text) <= 40 and ":" not in untimed and "：" not in untimed and (site := _site_and_date(text)) is not None:
        return site
    if len(text) > 160 or not (text[:1].isdigit() or ":" in text or "：" in text):
        return None
    date_match = _DATE_RE.match(text)
    if date_match is not None:
        # A line opening with a date is meta only when nothing but a time, fields or UI words follow.
        rest = _TIME_RE.sub("", text[date_match.end():], count=1).strip()
        for ch in "星期":
            rest = rest.replace(ch, " ")
        rest = re.sub(r"^[一二三四五六日天]\s*", "", rest.strip())
        meta = Meta(date=_iso_date(date_match))
        if rest and not _is_ui_words(rest):
            fields = _parse_fields(rest)
            if fields is None:
                return None
            fields.date = meta.date
            return fields
        return meta
    return _parse_fields(text)


_DATE_KEYS = frozenset(
    f"{verb}{noun}" for verb in ("", "发布", "發佈", "發布", "更新", "发稿", "發稿", "出版", "发表", "發表")
    for noun in ("时间", "時間", "日期")
) | {"date", "Date", "DATE"}


def _source_value(value: str) -> str | None:
    """The publisher a source field names: its first word, without brackets or a channel."""
    words = value.strip("【】[]（）() |｜").split()
    if not words:
        return None
    site = words[0].strip("【】[]（）()|｜")
    if re.match(r"^本(?:报|報|刊|网|網|站|台)$", site):
        return None  # 来源：本站 names no publisher, as 本报 does not
    channel = _CHANNEL_RE.match(site)
    if channel is not None and _PUBLISHER_RE.match(channel.group("site")):
        site = channel.group("site")
    return site or None


# A date field opening a paragraph the page glued to it: date 2025-12-13 某某園區營業額…,
# 发布时间：2021年3月5日 10:20 本报讯…
_LEADING_DATE_RE = re.compile(
    r"^(?:date|Date|DATE|(?:发布|發佈|發布|更新|出版)?(?:日期|时间|時間))\s*[:：]?\s*"
    + _DATE_RE.pattern + r"(?:\s*" + _TIME_RE.pattern + r")?\s+"
)


def split_meta_prefix(line: str) -> tuple[Meta, str] | None:
    """(the date field, the paragraph after it) of a line that opens with a labelled date and
    carries on with sentences; None for any other line."""
    match = _LEADING_DATE_RE.match(line.strip())
    if match is None:
        return None
    rest = line.strip()[match.end():]
    date = _iso_date(match)
    if date is None or len(rest) < 20 or not any(ch in rest for ch in "。，,！？"):
        return None
    return Meta(date=date), rest


def _parse_fields(text: str) -> Meta | None:
    keys = list(_META_KEY_RE.finditer(text))
    if not keys:
        return None
    meta = Meta()
    head = text[: keys[0].start()].strip()
    for i, key in enumerate(keys):
        value = text[key.end(): keys[i + 1].start() if i + 1 < len(keys) else len(text)].strip()
        name = key.group("key")
        if name in ("原标题", "原標題"):
            if i != 0 or head:
                return None
            meta.original_title = value or None
            return meta  # the rest of the line is the title, whatever it holds
        value_date = _DATE_RE.search(value)
        if value_date is not None and name not in ("原标题", "原標題"):
            # 来源:某某网2021-11-23 15:08, 作者:张三 李四2023年10月30日: the date is glued on.
            meta.date = meta.date or _iso_date(value_date)
            if name not in _DATE_KEYS:
                value = value[: value_date.start()].strip()
        if name in _UI_KEYS or name in _CHECK_KEYS:
            continue  # a page number, a count of readers, font buttons, a proofreader
        if name in _PUBLISHER_KEYS:
            meta.publisher = _source_value(value)
        elif name in ("作者",):
            value = value.strip("|｜ ")
            names = _names(value)
            byline = parse_byline(value) if names is None or _ROLE_RE.search(value) else None
            if byline is not None:  # 作者：本报记者 张三, 作者：某某日报记者 张三
                meta.authors, meta.contributors = byline.authors, [*meta.contributors, *byline.contributors]
                meta.publisher = meta.publisher or byline.publisher
            else:
                meta.authors = names or []
        elif name in ("记者", "記者", "通讯员", "通訊員"):
            names = _names(value)
            if not names:
                return None  # 记者：请问…？ is an interview's question, not a field
            (meta.authors if name in ("记者", "記者") else meta.contributors).extend(names)
        elif name in ("责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編"):
            names = _names(value.strip("（）()【】[]［］ "))
            if names is None:
                return None
            meta.contributors += names
        elif value_date is None:  # 发布时间, 时间, 日期 with no date: not a meta line
            return None
    if head and _META_HEAD_RE.match(head):
        head = ""
    bracketed = _BRACKETED_RE.match(head)
    if bracketed is not None and (names := _names(bracketed.group("inner"))):
        # (张三) 编辑:李四 责编:王五: the reporter in brackets, then the editors.
        meta.authors = [*names, *meta.authors]
        head = ""
    if head:
        # Text before the first key: a publisher glued to 编辑 (某某新闻网·某某商报编辑:张某) or UI words.
        if not (_is_ui_words(head) or (_publisher(head) and keys[0].group("key") in (
                "责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編"))):
            return None
    return meta


# A page title with its site after a separator: 园区企业突破千家_江城在线, 标题 - 某某网.
_SITE_SUFFIX_RE = re.compile(
    r"^(?P<title>.{6,}?)(?:\s*[_|｜]\s*|\s+[-–—]\s+)(?:[^_|｜]{1,12}[_|｜]\s*)*"
    r"(?P<site>[^\s_|｜]{2,14}?(?:网|網|日报|日報|晚报|晚報|报|報|在线|在線|新闻网|新聞網|客户端|客戶端|电视台|電視台|政府网站))$"
)


def split_site_suffix(title: str) -> tuple[str, str] | None:
    """(headline, site) of a page title that ends with its site's name; None otherwise."""
    match = _SITE_SUFFIX_RE.match(title.strip())
    return (match.group("title").strip(), match.group("site")) if match else None


_LOGO_RE = re.compile(
    r"^[\u4e00-\u9fffA-Za-z]{1,10}?(?:网|網|在线|在線|客户端|客戶端|新闻网|新聞網|日报|日報|晚报|晚報|融媒|电视台|電視台)$"
)


def is_outlet_name(line: str) -> bool:
    """A line that is only an outlet's name (某某网, 某某日报): a page's masthead or logo."""
    text = line.strip()
    return len(text) <= 12 and bool(_LOGO_RE.match(text))


def is_photo_caption(line: str) -> bool:
    """A photo caption ending in its photographer's credit (夜色中的新城 记者 张三 摄): no headline."""
    text = line.strip()
    return len(text) <= 60 and _CAPTION_CREDIT_RE.match(text) is not None


def is_chrome(line: str) -> bool:
    """Site chrome: menus, breadcrumbs, share buttons, hotlines, copyright lines, photo credits."""
    text = line.strip()
    if not text:
        return True
    if _is_ui_words(text):
        return True
    if len(text) <= 300 and _CHROME_RE.search(text):
        return True
    if _BREADCRUMB_RE.match(text):
        return True
    if len(text) <= 400:
        for sep in ("|", "｜"):
            if text.count(sep) < 3:
                continue
            parts = [p.strip() for p in text.split(sep)]
            if len(parts) >= 4 and sum(len(p) for p in parts) / len(parts) <= 8:
                return True
        parts = [p.strip() for p in _CRUMB_SEP_RE.split(text)]
        if len(parts) >= 2 and all(0 < len(p) <= 10 for p in parts) and (
                len(parts) >= 3 or _CRUMB_SEP_RE.search(text).group().strip() in (">>", "＞＞", "»")):
            return True
    if len(text) <= 24 and _PHOTO_CREDIT_RE.match(text):
        return True
    if len(text) <= 24 and _PAGE_LABEL_RE.match(text.replace(" ", "")):
        return True  # 第A02版:要闻 alone: the printed page's label, never a headline
    if len(text) <= 10 and _CHANNEL_WORD_RE.match(text):
        return True  # 科技频道, 要闻栏目: a channel's name
    parts = text.split()
    if len(parts) >= 4 and all(len(p) <= 4 for p in parts) and not _SENTENCE_PUNCT_RE.search(text):
        return True  # 首页 新闻 科技 财经 体育: a menu row
    # A rule or table border (---|, ====): no word, digit or letter at all.
    return not any(ch.isalnum() for ch in text)
