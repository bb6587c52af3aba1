"""Splitting a document into articles.

A source document is a newspaper page (several items: kicker / title / subtitle lines, a byline,
body paragraphs), a saved web page (one item wrapped in menus, meta lines and share buttons) or
a Markdown file (``#`` headings). The split works in three passes:

1. lines -> units: blank lines separate paragraphs when the document uses them; lines of one
   block are joined (a two-line headline, a byline over three lines, a headline with its
   byline glued on are split apart again);
2. repair: paragraphs printed twice, a broken start printed before the full paragraph, and
   paragraphs broken mid-sentence across a blank line are fixed;
3. segmentation: bylines, datelines (本报济南讯 / 科技日报讯（记者…）) and top-level Markdown
   headings start articles; the headline lines just before them become kicker / title /
   subtitle; other short lines are section headings kept in the body.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field

from .bylines import (
    Byline,
    Meta,
    is_byline_continuation,
    is_chrome,
    is_outlet_name,
    is_photo_caption,
    parse_byline,
    parse_closing_byline,
    parse_dateline,
    parse_marked_byline,
    parse_meta,
    split_end_byline,
    split_glued_byline,
    split_glued_meta,
    split_meta_prefix,
    split_site_suffix,
)
from .models import Article

_MAX_HEADING_CHARS = 48
_MAX_WEB_HEADING_CHARS = 72
_SENTENCE_END = "。！？!?；;…"
_CLOSERS = "”’」』）)》】\"'"
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
# A heading that is only a figure (``# 12.9%``): a pull quote repeating the text, not an article.
_PULL_QUOTE_RE = re.compile(r"^[约近超逾\s]*[\d.,，]+\s*(?:%|％|[\u4e00-\u9fff]{0,3})$")
# Connectives and dates that open sentences, not headlines.
_SENTENCE_OPENING_RE = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日|(?:19|20)\d{2}年|其中|同时|同時|此外|另外|据悉|據悉|据了解|據了解|近日|目前|"
    r"今年以来|今年以來|近年来|近年來|随后|隨後|然而|但是|因此|对此|對此|为此|為此|而且|并且|並且)[，,]"
)
# Characters a clause does not end on: a paragraph ending on one was cut mid-sentence.
_OPEN_ENDINGS = frozenset("的在和与與及对對把被从從向将將为為是等之其以而并並或了这這那一个個")
_CLAUSE_COMMA_RE = re.compile(r"[，,](?![\s\u3000])")
# The start of a headline naming its subject: 钢城区对…, 山东产研院成立…
_SUBJECT_START_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,8}?(?:省|市|区|區|县|縣|镇|鎮|乡|鄉|村|街道|局|院|委|厅|廳|部|校|大学|大學|公司|集团|集團|园|園|中心)"
)
_PHOTO_NEWS_MIN_CHARS = 50


@dataclass(slots=True)
class _Unit:
    text: str
    start: int
    end: int
    gap: int  # blank lines before it
    kind: str  # "text", "md", "byline", "endbyline" (closing a paragraph), "caption", "meta", "chrome", "editor"
    level: int = 0  # Markdown heading level
    byline: Byline | None = None
    meta: Meta | None = None
    block: int = 0

    @property
    def is_heading(self) -> bool:
        return self.kind == "md" or (self.kind == "text" and _is_heading_like(self.text))


# A credit in brackets after a sentence: 园区一角。(新华社 资料照)
_TRAILING_CREDIT_RE = re.compile(r"[（(][^（）()]{1,20}[）)]$")


def _ends_sentence(text: str) -> bool:
    credit = _TRAILING_CREDIT_RE.search(text)
    if credit is not None and credit.start() > 0 and text[credit.start() - 1] in _SENTENCE_END:
        return True
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _is_heading_like(text: str) -> bool:
    if len(text) > _MAX_HEADING_CHARS:
        # A web page's long headline: three phrases with spaces, or a title with its site after it
        # (标题_频道_某某网); no clause or sentence mark in it.
        return len(text) <= _MAX_WEB_HEADING_CHARS and not re.search(r"[，,。；;！？!?：:]", text) \
            and (" " in text or split_site_suffix(text) is not None)
    if _ends_sentence(text):
        # 企业突破千家！: a short exclamation or question with no clause in it is a headline.
        return len(text) <= 30 and text.rstrip(_CLOSERS)[-1] in "！？!?" and not re.search(r"[，,。；;：:]", text)
    # 专利数超50项！专精特新企业…: a headline may exclaim inside; it holds no full stop.
    return "。" not in text


def _is_body_like(text: str) -> bool:
    return _ends_sentence(text) or len(text) > _MAX_HEADING_CHARS


def _continues(first: str, second: str) -> bool:
    """Whether ``second`` carries on the sentence ``first`` was cut in (a column or page break)."""
    if _ends_sentence(first) or not _is_body_like(second):
        return False
    if second[0] in "，。、；：,.;:）)”’":
        return True
    if (len(first) > _MAX_HEADING_CHARS and not _is_heading_like(first)) or any(ch in "。！？!?；;" for ch in first):
        return True
    if first[-1] in _OPEN_ENDINGS or _SENTENCE_OPENING_RE.match(first):
        return True
    clauses = _CLAUSE_COMMA_RE.split(first)
    # 强化企业创新主体地位，某区深挖潜力 | 工业技改…: a headline's halves balance, a cut sentence's do not.
    return len(clauses) >= 2 and len(clauses[-1]) * 2 < max(len(c) for c in clauses[:-1])


# ---------------------------------------------------------------- pass 1: lines -> units


def _classify_line(text: str, start: int, gap: int, block: int) -> list[_Unit]:
    end = start + len(text)
    md = _MD_HEADING_RE.match(text)
    if md and md.group(2):
        return [_Unit(md.group(2), start, end, gap, "md", level=len(md.group(1)), block=block)]
    closing = parse_closing_byline(text)
    if closing is not None:
        return [_Unit(text, start, end, gap, "endbyline", byline=closing, block=block)]
    byline = parse_marked_byline(text) or parse_byline(text)
    if byline is not None:
        return [_Unit(text, start, end, gap, "byline", byline=byline, block=block)]
    meta = parse_meta(text)
    if meta is not None:
        kind = "meta"
        return [_Unit(text, start, end, gap, kind, meta=meta, block=block)]
    prefixed = split_meta_prefix(text)
    if prefixed is not None:  # date 2025-12-13 园区营业额…: the date field, then the paragraph
        meta, rest = prefixed
        cut = text.index(rest)
        return [_Unit(text[:cut].strip(), start, start + cut, gap, "meta", meta=meta, block=block),
                *_classify_line(rest, start + cut, 0, block)]
    if is_chrome(text):
        return [_Unit(text, start, end, gap, "chrome", block=block)]
    if is_photo_caption(text):
        return [_Unit(text, start, end, gap, "caption", block=block)]
    glued_meta = split_glued_meta(text)
    if glued_meta is not None:  # 标题 2021-03-05 来源：某某网: the headline, then its meta line
        head, meta = glued_meta
        cut = text.index(head) + len(head)
        return [_Unit(head, start, start + len(head), gap, "text", block=block),
                _Unit(text[cut:].strip(), start + cut, end, 0, "meta", meta=meta, block=block)]
    glued = split_glued_byline(text)
    if glued is not None:
        head, byline = glued
        return [
            _Unit(head, start, start + len(head), gap, "text", block=block),
            _Unit(text[len(head):].strip(), start + len(head), end, 0, "byline", byline=byline, block=block),
        ]
    ended = split_end_byline(text)
    if ended is not None:
        body, byline = ended
        return [
            _Unit(body, start, start + len(body), gap, "text", block=block),
            _Unit(text[len(body):].strip(), start + len(body), end, 0, "endbyline", byline=byline, block=block),
        ]
    return [_Unit(text, start, end, gap, "text", block=block)]


def _units(text: str) -> list[_Unit]:
    lines: list[tuple[str, int, int]] = []  # (stripped text, start offset, blank lines before)
    offset = 0
    blanks = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append((stripped, offset + lead, blanks))
            blanks = 0
        else:
            blanks += 1
        offset += len(raw) + 1
    if not lines:
        return []
    # Blank-line style: most paragraphs are followed by a blank line. Then lines of one block
    # belong together; otherwise every line is a paragraph.
    blank_style = sum(1 for _, _, gap in lines[1:] if gap > 0) >= 0.4 * (len(lines) - 1)
    units: list[_Unit] = []
    block = 0
    for line, start, gap in lines:
        if gap > 0:
            block += 1
        prev = units[-1] if units else None
        same_block = prev is not None and gap == 0 and prev.block == block
        if same_block and prev.kind == "byline" and is_byline_continuation(line):
            merged = parse_byline(prev.text + " " + line) or prev.byline
            prev.text = f"{prev.text} {line}"
            prev.end = start + len(line)
            prev.byline = merged
            continue
        for unit in _classify_line(line, start, gap, block):
            prev = units[-1] if units else None
            if (
                blank_style
                and prev is not None
                and unit.kind == "text"
                and prev.kind == "text"
                and prev.block == unit.block
                and not _ends_sentence(prev.text)
            ):
                prev.text += unit.text
                prev.end = unit.end
            else:
                units.append(unit)
    return units


# ---------------------------------------------------------------- pass 2: repair


def _repair(units: list[_Unit]) -> list[_Unit]:
    out: list[_Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if prev is not None and unit.kind in ("text", "md") and prev.kind == unit.kind:
            if prev.text == unit.text:  # printed twice in a row
                continue
            if unit.kind == "text":
                if len(prev.text) >= 8 and unit.text.startswith(prev.text):
                    out[-1] = unit  # a broken start, then the whole paragraph
                    continue
                if _continues(prev.text, unit.text):
                    out[-1] = _Unit(prev.text + unit.text, prev.start, unit.end, prev.gap, "text",
                                    block=prev.block)
                    continue
        out.append(unit)
    return out


# ---------------------------------------------------------------- pass 3: segmentation


@dataclass
class _Draft:
    heads: list[_Unit] = field(default_factory=list)
    body: list[_Unit] = field(default_factory=list)
    byline: Byline = field(default_factory=Byline)
    has_byline: bool = False
    has_dateline: bool = False
    metas: list[_Unit] = field(default_factory=list)
    closed: bool = False  # a photo-news item: nothing more attaches to it

    @property
    def empty(self) -> bool:
        return not (self.heads or self.body or self.has_byline)

    def holds(self, text: str) -> bool:
        """Whether ``text`` repeats part of a recent paragraph of this article."""
        core = text.rstrip(_CLOSERS + _SENTENCE_END)  # a pull quote may end where the sentence went on
        recent = self.body[-200:]
        return any(core in unit.text for unit in recent if unit.kind == "text")


def _is_pull_quote(unit: _Unit) -> bool:
    return unit.kind == "md" and bool(_PULL_QUOTE_RE.match(unit.text))


def _article_level(units: list[_Unit]) -> int:
    """The Markdown heading level that starts articles: the highest level the document uses
    (``#``, or ``##`` in a file of ``##`` items with no ``#`` heading)."""
    return min((u.level for u in units if u.kind == "md" and not _is_pull_quote(u)), default=1)


def _starts_article_ahead(units: list[_Unit], i: int, article_level: int = 1) -> bool:
    """Whether, after unit ``i``, a new article starts (headlines then a byline or dateline) or the
    document ends."""
    for unit in units[i + 1: i + 8]:
        if unit.kind in ("chrome", "meta", "editor", "endbyline", "caption"):
            continue
        if unit.kind == "byline":
            return True
        if unit.kind == "md":
            if unit.level == article_level and not _is_pull_quote(unit):
                return True
            continue
        if unit.is_heading:
            continue
        return parse_dateline(unit.text) is not None
    return all(u.kind in ("chrome", "meta", "editor") for u in units[i + 1:])


def _title_group(pending: list[_Unit]) -> tuple[list[_Unit], list[_Unit]]:
    """Split pending headings into (left over for the previous article, headlines of the next)."""
    md_positions = [k for k, u in enumerate(pending) if u.kind == "md"]
    if md_positions:
        # Markdown: the last heading is the title; plain lines after it are a subtitle. Earlier
        # headings with no body under them are column labels (``## 园镜头``).
        last = md_positions[-1]
        return [], pending[last:][:2]
    return pending[:-3], pending[-3:]


def _flush_into_body(draft: _Draft, pending: list[_Unit]) -> None:
    for k, unit in enumerate(pending):
        following = pending[k + 1] if k + 1 < len(pending) else None
        if unit.kind == "md" and following is not None and following.kind == "md":
            continue  # a column label: a heading with nothing under it
        draft.body.append(unit)


def _segment(units: list[_Unit]) -> list[_Draft]:
    drafts: list[_Draft] = [_Draft()]
    pending: list[_Unit] = []
    pending_metas: list[_Unit] = []
    article_level = _article_level(units)

    def cur() -> _Draft:
        return drafts[-1]

    def start_new(heads: list[_Unit]) -> _Draft:
        draft = _Draft(heads=heads, metas=list(pending_metas))
        pending_metas.clear()
        drafts.append(draft)
        return draft

    def take_pending_as_heads() -> list[_Unit]:
        leftover, heads = _title_group(pending)
        _flush_into_body(cur(), leftover)
        pending.clear()
        return heads

    def flush_pending() -> None:
        _flush_into_body(cur(), pending)
        pending.clear()
        cur().metas.extend(pending_metas)
        pending_metas.clear()

    for i, unit in enumerate(units):
        kind = unit.kind
        if kind == "chrome":
            continue
        if kind == "meta":
            assert unit.meta is not None
            if pending and cur().body:
                pending_metas.append(unit)
            else:
                cur().metas.append(unit)
            continue
        if kind == "caption":
            # Kept with the byline lines (its photographer is named there), never a headline.
            (pending_metas if pending and cur().body else cur().metas).append(unit)
            continue
        if kind == "endbyline":
            # The byline of the paragraph it closes: it belongs to the article being read.
            assert unit.byline is not None
            cur().byline.merge(unit.byline)
            cur().metas.append(unit)
            continue
        if kind == "byline":
            assert unit.byline is not None
            draft = cur()
            photo_credit = unit.text.rstrip().endswith(("摄", "攝"))
            if photo_credit and draft.has_byline and draft.body and not pending:
                continue  # a photographer's credit under a picture, inside the article
            if draft.closed or (pending and draft.body) or (draft.has_byline and draft.body):
                draft = start_new(take_pending_as_heads())
            elif pending:
                draft.heads.extend(take_pending_as_heads())
                draft.metas.extend(pending_metas)
                pending_metas.clear()
            draft.byline.merge(unit.byline)
            draft.has_byline = True
            draft.metas.append(unit)  # not body; kept so the article's span covers it
            continue
        if kind == "md":
            if _is_pull_quote(unit):
                continue
            if unit.level == article_level:
                flush_pending()
                if cur().empty:
                    cur().heads.append(unit)
                else:
                    start_new([unit])
                continue
            pending.append(unit)
            continue
        # A text unit.
        if unit.is_heading:
            pending.append(unit)
            continue
        draft = cur()
        dateline = parse_dateline(unit.text)
        if dateline is not None:
            if draft.closed or (draft.body and (pending or draft.has_byline or draft.has_dateline)):
                draft = start_new(take_pending_as_heads())
            elif pending:
                if draft.empty:
                    draft.heads.extend(take_pending_as_heads())
                else:
                    flush_pending()
            draft.has_dateline = True
            if dateline.byline is not None:
                draft.byline.merge(dateline.byline)
            if dateline.publisher and not draft.byline.publisher:
                draft.byline.publisher = dateline.publisher
            draft.body.append(unit)
            continue
        if (
            unit.gap >= 2
            and not pending
            and draft.body
            and len(unit.text) >= _PHOTO_NEWS_MIN_CHARS
            and _starts_article_ahead(units, i, article_level)
        ):
            # A photo-news item: a caption paragraph of its own set off by extra blank lines.
            photo = start_new([])
            photo.body.append(unit)
            photo.closed = True
            continue
        if pending:
            if draft.empty:
                draft.heads.extend(take_pending_as_heads())
                draft.metas.extend(pending_metas)
                pending_metas.clear()
            else:
                flush_pending()
        if len(unit.text) >= 20 and draft.holds(unit.text):
            continue  # repeats text already in the article (a pull quote, a duplicated fragment)
        draft.body.append(unit)
    flush_pending()
    return drafts


# ---------------------------------------------------------------- records


def _assign_headlines(heads: list[_Unit]) -> tuple[str | None, str | None, str | None]:
    """(kicker, title, subtitle) of an article's headline lines."""
    if not heads:
        return None, None, None
    texts = [u.text for u in heads]
    md = [k for k, u in enumerate(heads) if u.kind == "md"]
    if md:
        k = md[0]
        kicker = texts[k - 1] if k >= 1 else None
        subtitle = texts[k + 1] if k + 1 < len(texts) else None
        return kicker, texts[k], subtitle
    if len(texts) == 1:
        return None, texts[0], None
    if len(texts) >= 3:
        return texts[-3], texts[-2], texts[-1]
    first, second = texts
    if second.startswith(("—", "－", "-")):
        return None, first, second.lstrip("—－- ")
    first_has_clauses = bool(re.search(r"[，,、；;]", first))
    second_has_clauses = bool(re.search(r"[，,、；;]", second))
    if first_has_clauses and not second_has_clauses and _SUBJECT_START_RE.match(second):
        return first, second, None
    return None, first, second


def _heads_by_meta_line(heads: list[_Unit], draft: _Draft) -> list[_Unit]:
    """On a web page the headline stands right above its date/source line: heads before it that
    are not Markdown headings are menu and channel words, and the line right above is the title."""
    if len(heads) < 2 or any(u.kind == "md" for u in heads):
        return heads
    first_body = min((u.start for u in draft.body), default=None)
    for meta in draft.metas:
        if meta.meta is None or not (meta.meta.date or meta.meta.publisher):
            continue
        if meta.start < heads[-1].end or (first_body is not None and meta.start > first_body):
            continue
        above = [u for u in heads if u.end <= meta.start]
        if above and above[-1] is heads[-1]:
            if heads[-1].text.startswith(("—", "－")):  # ——副题: the headline's subtitle
                return heads[-2:]
            return [heads[-1]]
    return heads


def _body_text(unit: _Unit) -> str:
    return unit.text


def _dedupe_repeated_headings(body: list[_Unit]) -> list[_Unit]:
    """A section heading printed twice in one article: keep the later one, where its text follows."""
    # The last index of each heading text, found in one pass: comparing each heading with
    # the rest of the article was quadratic, and a million short lines never finished.
    last_heading: dict[str, int] = {u.text: k for k, u in enumerate(body) if u.is_heading}
    return [u for k, u in enumerate(body) if not (u.is_heading and last_heading[u.text] != k)]


def _to_article(draft: _Draft, source: str, index: int) -> Article | None:
    body = _dedupe_repeated_headings(draft.body)
    if not any(u.kind == "text" for u in body):
        return None
    source_names = {u.meta.publisher for u in draft.metas if u.meta is not None and u.meta.publisher}
    if draft.byline.publisher:
        source_names.add(draft.byline.publisher)  # the outlet a dateline names (某某网讯)
    # A heading that only repeats the site named in 来源 or a dateline is the site's logo, not a headline.
    heads = [u for u in draft.heads if u.text not in source_names]
    # The page's title line (标题_频道_某某网) above its headline repeats it: the headline stays,
    # the title line gives the site.
    page_site = None
    texts = {u.text.strip() for u in heads}
    for u in list(heads):
        suffixed = split_site_suffix(u.text.strip())
        if suffixed is not None and suffixed[0] in texts and len(heads) >= 2:
            heads.remove(u)
            page_site = page_site or suffixed[1]
    masthead = None
    if len(heads) >= 2:  # 某某网 above the headline: the site's masthead
        kept = [u for u in heads if not is_outlet_name(u.text)] or heads
        masthead = next((u.text.strip() for u in heads if u not in kept), None)
        heads = kept
    kicker, title, subtitle = _assign_headlines(_heads_by_meta_line(heads, draft))
    if subtitle is not None and subtitle == title:
        subtitle = None  # the page's title line and its headline, the same words
    byline = Byline()
    byline.merge(draft.byline)
    publisher = None
    date = None
    byline_lines = [u.text.strip() for u in draft.metas if u.kind in ("byline", "endbyline", "caption")]
    for unit in draft.metas:
        meta = unit.meta
        if meta is None:
            continue
        if meta.authors or meta.contributors:
            byline_lines.append(unit.text.strip())
        publisher = publisher or meta.publisher
        date = date or meta.date
        if title is None and meta.original_title:
            title = meta.original_title
        byline.merge(Byline(authors=meta.authors, contributors=meta.contributors))
    site = split_site_suffix(title) if title else None
    if site is not None:
        title, site_name = site
        publisher = publisher or site_name
    units = draft.heads + draft.metas + body
    return Article(
        source=source,
        index=index,
        title=title,
        body="\n".join(_body_text(u) for u in body),
        subtitle=subtitle,
        kicker=kicker,
        authors=byline.authors,
        contributors=byline.contributors,
        publisher=publisher or byline.publisher or masthead or page_site,
        date=date,
        span=(min(u.start for u in units), max(u.end for u in units)),
        byline="\n".join(x for x in byline_lines if x) or None,
    )


def _drop_preamble(drafts: list[_Draft]) -> list[_Draft]:
    """Text before a web page's first headline with no headline, byline or dateline of its own
    (a menu of other stories, a ticker) is no article; its meta lines (出版日期) go to the next."""
    filled = [d for d in drafts if not d.empty]
    if len(filled) < 2:
        return drafts
    first, following = filled[0], filled[1]
    if first.heads or first.has_byline or first.has_dateline or first.closed:
        return drafts
    if not (following.heads and (following.has_byline or following.has_dateline)):
        return drafts
    following.metas[:0] = [u for u in first.metas if u.kind == "meta"]
    return [d for d in drafts if d is not first]


def split_articles(text: str, source: str) -> list[Article]:
    """The articles of one decoded source document, in document order."""
    # A 20 MB page makes hundreds of thousands of small acyclic objects; the cyclic collector
    # would walk them over and over (half the time) and has nothing to free, so it waits.
    collecting = gc.isenabled()
    gc.disable()
    try:
        drafts = _drop_preamble(_segment(_repair(_units(text))))
        articles: list[Article] = []
        for draft in drafts:
            article = _to_article(draft, source, len(articles))
            if article is not None:
                articles.append(article)
        return articles
    finally:
        if collecting:
            gc.enable()
