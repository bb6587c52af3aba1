"""The query API: everything the CLI and the app ask of a built store.

The app never writes SQL: it calls these methods and gets plain records back.
Every method takes the store's lock, so the app may call it from worker threads. The
connection is read-only and in autocommit, so each call sees the newest committed build.
Counting a large figure filter runs on a second connection of its own, so a count in a
worker thread does not hold up the pages the app asks for meanwhile.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import itemgetter
from pathlib import Path
from typing import Protocol

from .db import READ_CACHE_KIB, check_version, connect_read, explain
from .errors import DatabaseError, QueryError, StoreError
from .models import TEXT_FIELDS, Change, mention_order
from .schema import (
    COUNTED_TABLES,
    KIND_COUNT_PREFIX,
    METRIC_SORT_COLUMNS,
    SCHEMA_VERSION,
    kind_count_key,
    metric_order_terms,
    parse_counts,
)
from .search import (
    ParsedQuery,
    Term,
    char_form,
    find_spans,
    fold,
    parse_query,
    rank_candidates,
    snippet_for,
    splittable,
)

# Columns the metric table may sort by; "value" sorts by the normalised base_value.
METRIC_SORT_KEYS: tuple[str, ...] = (
    "subject", "indicator", "value", "unit", "period", "change", "article", "qualifier",
)


@dataclass
class Stats:
    documents: int
    articles: int
    entities: int
    mentions: int
    metrics: int
    db_path: str
    schema_version: int


@dataclass
class ArticleRow:
    """A line of the article list."""

    id: int
    title: str | None  # None for an untitled item; display_title always has text
    display_title: str  # title, or the first characters of the body for untitled items
    publisher: str | None
    date: str | None
    source: str  # base name of the source file
    entity_count: int
    metric_count: int


@dataclass
class MentionRow:
    """A mention; ``start``/``end`` index the text of the article's part named by ``field``
    (store.models.TEXT_FIELDS: kicker, title, subtitle, byline or body), never negative:
    ``ArticleDetail.field_text(field)[start:end] == text``."""

    entity_id: int
    text: str
    type: str
    start: int
    end: int
    name: str = ""  # display name of the linked entity
    path: str | None = None  # admin path for places
    field: str = "body"  # the part of the article it lies in


@dataclass
class MetricRow:
    id: int
    article_id: int
    article_title: str  # display title of its article
    text: str
    quantity: str
    value: float
    unit: str
    base_value: float
    base_unit: str
    qualifier: str | None
    indicator: str | None
    subject: str | None
    subject_path: str | None
    period: str | None
    change: Change | None
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str  # body[sentence_start:sentence_end] of its article
    kind: str = "actual"  # store.models.METRIC_KINDS
    subject_start: int | None = None  # body offsets of the subject's mention; None when inferred
    subject_end: int | None = None
    subject_id: int | None = None
    period_start: str | None = None  # ISO dates the period runs from and to, where it resolves
    period_end: str | None = None
    article_publisher: str | None = None
    article_date: str | None = None
    source: str = ""  # base name of the article's source file


@dataclass
class ArticleDetail:
    id: int
    source: str
    title: str | None
    display_title: str
    subtitle: str | None
    kicker: str | None
    authors: list[str]
    contributors: list[str]
    publisher: str | None
    date: str | None
    body: str
    mentions: list[MentionRow] = field(default_factory=list)  # in printed order: head parts, then body
    metrics: list[MetricRow] = field(default_factory=list)
    byline: str | None = None  # byline and editor lines as printed

    def field_text(self, name: str) -> str:
        """The text a mention's offsets index: the article's kicker, title, subtitle, byline
        or body (store.models.TEXT_FIELDS); "" for a part it does not have."""
        if name not in TEXT_FIELDS:
            raise ValueError(f"not a text field: {name!r}")
        return getattr(self, name) or ""


@dataclass
class EntityRow:
    id: int
    name: str  # display name (Simplified, full form)
    type: str  # place | org | person | document
    path: str | None  # admin path for places: 山东省/济南市/章丘区
    mention_count: int  # in the article asked about, or in the whole store
    article_count: int


@dataclass
class SearchHit:
    article_id: int
    title: str  # display title
    source: str
    publisher: str | None
    date: str | None
    score: float  # store.search.rank_candidates: higher is better
    snippet: str  # plain text around the first match
    snippet_spans: list[tuple[int, int]]  # spans of matched words inside ``snippet``
    # Spans of matched words inside the article body. Computed on first access (the body
    # folded and scanned: the costly part of a search when done for all 50 hits), so reading
    # it works as before; Store.match_spans(article_id, query) gives the same.
    body_spans: list[tuple[int, int]]
    title_spans: list[tuple[int, int]]  # spans of matched words inside the display title


def _get_body_spans(hit: SearchHit) -> list[tuple[int, int]]:
    spans = hit.__dict__.get("_body_spans")
    if spans is None:
        compute = hit.__dict__.pop("_compute_body_spans", None)
        spans = compute() if compute is not None else []
        hit.__dict__["_body_spans"] = spans
    return spans


def _set_body_spans(hit: SearchHit, spans: list[tuple[int, int]] | None) -> None:
    hit.__dict__["_body_spans"] = spans


# A property over the dataclass field: SearchHit(body_spans=[...]) still works (the generated
# __init__ assigns through the setter), and Store.search leaves it None with a way to compute it.
SearchHit.body_spans = property(_get_body_spans, _set_body_spans)  # type: ignore[assignment]



class NotFoundError(StoreError, KeyError):
    """An article or entity id that is not in the store (it may have gone with a rebuild)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


# The columns of an article list row and of a figure row: (field of the record, SQL that
# reads it). Rows are read by these names, never by position.
_ARTICLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "a.id"), ("title", "a.title"), ("display_title", "a.display_title"), ("publisher", "a.publisher"),
    ("date", "a.date"), ("source", "d.name"), ("entity_count", "a.entity_count"),
    ("metric_count", "a.metric_count"),
)
_METRIC_FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "m.id"), ("article_id", "m.article_id"), ("article_title", "a.display_title"), ("text", "m.text"),
    ("quantity", "m.quantity"), ("value", "m.value"), ("unit", "m.unit"), ("base_value", "m.base_value"),
    ("base_unit", "m.base_unit"), ("qualifier", "m.qualifier"), ("indicator", "m.indicator"),
    ("subject", "m.subject"), ("subject_path", "m.subject_path"), ("period", "m.period"),
    ("change_kind", "m.change_kind"), ("change_value", "m.change_value"), ("change_unit", "m.change_unit"),
    ("start", "m.start"), ("end", 'm."end"'), ("sentence_start", "m.sentence_start"),
    ("sentence_end", "m.sentence_end"),
    ("sentence", "substr(a.body, m.sentence_start + 1, m.sentence_end - m.sentence_start)"),
    ("kind", "m.kind"), ("subject_start", "m.subject_start"), ("subject_end", "m.subject_end"),
    ("subject_id", "m.subject_id"), ("period_start", "m.period_start"), ("period_end", "m.period_end"),
    ("article_publisher", "a.publisher"), ("article_date", "a.date"), ("source", "d.name"),
)
_METRIC_NAMES = tuple(name for name, _ in _METRIC_FIELDS)
_METRIC_SELECT = (f"SELECT {', '.join(sql for _, sql in _METRIC_FIELDS)} FROM metrics m"
                  " JOIN articles a ON a.id = m.article_id JOIN documents d ON d.id = a.document_id")
_METRIC_SQL = dict(_METRIC_FIELDS)
_METRIC_VALUE_NAMES = tuple(n for n in _METRIC_NAMES if n != "sentence")
# The figure fields that are their article's (see Store.iter_metric_values).
_ARTICLE_SIDE = frozenset(("article_title", "article_publisher", "article_date", "source"))
# How many articles' fields Store.iter_metric_values keeps between chunks.
_ARTICLES_KEPT = 20_000
_ARTICLE_NAMES = tuple(name for name, _ in _ARTICLE_FIELDS)
_ARTICLE_COLS = ", ".join(sql for _, sql in _ARTICLE_FIELDS)

# Sort keys of the metric table (NULLs always go last, ties keep article order); the ORDER
# BY terms come from store.schema.metric_order_terms, which the sort indexes are made of.
_METRIC_ORDER = METRIC_SORT_COLUMNS
# A text filter this long or longer uses the trigram index (metrics_fts); shorter ones scan.
_TRIGRAM_MIN = 3
# Above this many matches of a text filter, pages walk the sort index instead of sorting matches.
_DENSE = 2000
# A dense filter's page that lies within this many rows of its sort order's start tests rows
# one by one instead of materialising the match list (see Store.metrics).
_SCAN_ROWS = 50_000
# A text filter whose index is known (counted before) to hold at most this many matches
# tests ids against the materialised match list (a few ms to make), never rows.
_LIST_ROWS = 50_000
# How long a walk testing rows may take before the page is read through the match list
# (a kind or period range, or a text filter whose matches cluster far down the order).
_SCAN_SECONDS = 0.02
# The page cache of the connection counts run on (SQLite's default, 2 MiB): a count reads
# an index once and is then remembered, so 64 MiB kept its pages for nothing (actual figures
# on 1.9M figures: a filter's count reads the kind's ~5 MB of index entries; peak RSS 18 MB
# less than with 64 MiB, counts as fast: 17-24 ms against 17-25).
_COUNTER_CACHE_KIB = 2048
# Ids of a page are read back in IN lists of at most this many.
_ID_CHUNK = 500

MAX_QUERY_CHARS = 500
# How many matching articles a search ranks at most (the newest ones); see Store.search.
# Reading and ranking each candidate's head costs ~2.7 us: 500 (was 1,000, before that 2,000)
# takes 1.5-2.8 ms off the p95 of 100,000 articles, and is still ten times the 50 hits shown.
RANK_WINDOW = 500
# Candidates read beyond those still needed when a search tests them for its whole words
# (Store._ranked): one more read only when more than this many of a batch fail.
_TEST_SPARE = 8
# How many of the newest articles' heads (~700 bytes each) and articles (~3.5 KB each)
# Store.warm_up reads ahead.
WARM_HEADS = 200_000
WARM_ARTICLES = 20_000


@dataclass(frozen=True)
class MetricQuery:
    """Which figures, in which order: the one filter value the app, the CLI and the tests
    hand the store. Text fields match in either script (Simplified and Traditional)."""

    article_id: int | None = None
    text: str | None = None  # a substring of subject, indicator, quantity, period or article title
    indicator: str | None = None  # the indicator, exactly (either script)
    entity: str | None = None  # a place (name or admin path): its figures and those of places under it
    unit: str | None = None  # the unit as printed or the base unit (亿元 finds 億元)
    kind: str | None = None  # one of store.models.METRIC_KINDS; None: every kind
    period_from: str | None = None  # "2022", "2022-06" or "2022-06-30": periods ending on or after it
    period_to: str | None = None  # periods starting on or before its end
    sort: str | None = None  # one of METRIC_SORT_KEYS
    descending: bool = False

    def filtered(self) -> bool:
        """Whether anything but the order narrows the figures."""
        return self.article_id is not None or self.kind is not None or any(
            x and x.strip() for x in (self.text, self.indicator, self.entity, self.unit,
                                      self.period_from, self.period_to))

    def with_sort(self, sort: str | None, descending: bool = False) -> MetricQuery:
        return replace(self, sort=sort, descending=descending)


# Clauses of a figure filter ---------------------------------------------------------------
# Each renders its own SQL and says what it is, which is all the planner (Store.metrics) reads:
# RowTest tests a figure's own columns; IndexedMatch is a full-text index lookup, which may
# drive the query ("index"), be tested against its materialised list ("listed"), or be
# replaced by the same test made on the row ("row", for a walk that stops after a page); "count"
# renders the clauses for a count, where an index on a kind or period may drive (RowTest.walk).

@dataclass(frozen=True)
class RowTest:
    sql: str
    params: tuple = ()
    # The same test kept off an index ("+m.kind"), for every form but "count": an index that
    # counts a kind or period range well would otherwise drive a page or an export, which
    # then sorts every match (actual figures: 77,000 of 100,000, 20 ms -> 640 ms a page)
    # instead of walking the sort order's index to the page.
    walk: str | None = None

    def render(self, form: str) -> tuple[str, list]:
        return (self.sql if form == "count" or self.walk is None else self.walk), list(self.params)


@dataclass(frozen=True)
class IndexedMatch:
    index: str  # metrics_fts | metrics_chars
    match: str  # its FTS5 query
    row: RowTest  # the same test on the figure's row

    def ids_sql(self) -> str:
        return f"SELECT rowid FROM {self.index} WHERE {self.index} MATCH ?"

    def render(self, form: str) -> tuple[str, list]:
        if form == "row":
            return self.row.render(form)
        # "+" keeps SQLite from driving by the list, which looks up every match and sorts them all
        lead = "+m.id" if form == "listed" else "m.id"
        return f"{lead} IN ({self.ids_sql()})", [self.match]


Clause = RowTest | IndexedMatch


@dataclass(frozen=True)
class MetricFilter:
    """The clauses of a MetricQuery, ANDed."""

    clauses: tuple[Clause, ...]

    @property
    def indexed(self) -> bool:
        """Whether a full-text index lookup takes part (then counts are worth remembering)."""
        return any(isinstance(c, IndexedMatch) for c in self.clauses)

    @property
    def lookup(self) -> IndexedMatch | None:
        """The full-text index lookup among the clauses, if any."""
        return next((c for c in self.clauses if isinstance(c, IndexedMatch)), None)

    @property
    def index_only(self) -> IndexedMatch | None:
        """The index lookup when it is the whole filter: its matches can be counted in the index."""
        if len(self.clauses) == 1 and isinstance(self.clauses[0], IndexedMatch):
            return self.clauses[0]
        return None

    def where(self, form: str = "index") -> tuple[str, list]:
        parts, params = [], []
        for clause in self.clauses:
            sql, ps = clause.render(form)
            parts.append(sql)
            params += ps
        return ("WHERE " + " AND ".join(parts)) if parts else "", params

    @property
    def key(self) -> tuple:
        where, params = self.where()
        return where, tuple(params)


def _text_clause(folded: str, kind: str | None = None) -> Clause:
    """A substring of filter_text (the figure's Simplified, folded text), of figures of
    ``kind`` only when given (the text indexes hold the kind too: see schema.FIGURE_TEXT_DDL)."""
    chars = char_form(folded).split()
    if len(folded) >= _TRIGRAM_MIN:
        # A quoted trigram phrase is a substring match, read from the index (100,000 figures:
        # ~100 ms -> a few ms); on the row, what it matches is a substring.
        return _of_kind(IndexedMatch("metrics_fts", "{filter_text} : " + _quote_fts(folded),
                                     RowTest("instr(m.filter_text, ?) > 0", (folded,))), kind)
    if chars and "".join(chars) == folded and not any(c.isascii() for c in chars):
        # 1-2 CJK characters: too short for trigrams; the phrase of their character tokens.
        # (It may match across a field separator "|" of filter_text: a rare extra row.)
        return _of_kind(IndexedMatch("metrics_chars", "{filter_chars} : " + _quote_fts(" ".join(chars)),
                                     RowTest("instr(' ' || m.filter_chars || ' ', ?) > 0", (f" {' '.join(chars)} ",))),
                        kind)
    return RowTest("instr(m.filter_text, ?) > 0", (folded,))  # "5%", "gd": scan the (folded) text


def _kind_match(kind: str, index: str) -> str:
    """The FTS5 query of the kind column that matches ``kind`` alone: in the trigram index
    the first trigram of its name that no other kind's name holds (one token, read ~2.5x
    faster than the phrase of all of them), else the quoted name; in the character index
    the name, which unicode61 keeps as one token."""
    from .models import METRIC_KINDS

    token = _quote_fts(kind)
    if index == "metrics_fts":
        for i in range(len(kind) - _TRIGRAM_MIN + 1):
            gram = kind[i:i + _TRIGRAM_MIN]
            if not any(gram in other for other in METRIC_KINDS if other != kind):
                token = _quote_fts(gram)
                break
    return f"{{kind}} : {token}"


def _of_kind(match: IndexedMatch, kind: str | None) -> IndexedMatch:
    """``match`` narrowed to figures of ``kind`` in the index itself: the count of a text
    filter on the table's default kind is one index query, not a look-up per match."""
    if kind is None:
        return match
    row = match.row
    return IndexedMatch(match.index, f"{match.match} AND {_kind_match(kind, match.index)}",
                        RowTest(f"{row.sql} AND m.kind = ?", (*row.params, kind),
                                walk=f"{row.sql} AND +m.kind = ?"))


def spellings(text: str) -> tuple[str, ...]:
    """``text`` as typed, Simplified and in the Traditional forms OpenCC knows (Taiwan, Hong
    Kong): the spellings a stored indicator or unit may have that fold to the same text."""
    from .textnorm import to_traditional_forms

    simplified = fold(text)
    forms = [text, simplified, *to_traditional_forms(simplified)]
    return tuple(dict.fromkeys(forms))


def _in_list(column: str, values: tuple[str, ...]) -> RowTest:
    return RowTest(f"{column} IN ({', '.join('?' * len(values))})", values)


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def period_bound(text: str, *, end: bool) -> str:
    """The ISO date a --from/--to value stands for: its first day, or with ``end`` its last
    ("2023" -> 2023-12-31, "2022-02" -> 2022-02-28). Raises QueryError for anything else."""
    import calendar

    m = _PERIOD.match(text.strip())
    month = int(m.group(2)) if m and m.group(2) else None
    day = int(m.group(3)) if m and m.group(3) else None
    if not m or (month is not None and not 1 <= month <= 12):
        raise QueryError(f"Cannot read the period {text!r}: give a year (2022), a month (2022-06) or a day "
                         "(2022-06-30).")
    year = int(m.group(1))
    if month is None:
        month = 12 if end else 1
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last if end else 1
    if not 1 <= day <= last:
        raise QueryError(f"Cannot read the period {text!r}: {year}-{month:02d} has no day {day}.")
    return f"{year:04d}-{month:02d}-{day:02d}"


# One bound of a typed period range: a year, a month or a day, as period_bound reads them.
_BOUND = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
# Between two bounds: "..", a dash, a tilde, 至/到 or "to"; either end may be left open.
_RANGE = re.compile(rf"^({_BOUND})?\s*(?:\.\.+|[~～–—至到]|to|-)\s*({_BOUND})?$", re.IGNORECASE)


def _bound_form(text: str) -> str:
    """2022年3月 -> 2022-3, 2022/03 -> 2022-03, full-width digits as ASCII."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"(\d)\s*[年月/.](?=\s*\d)", r"\1-", text)  # 年 or 月 before more digits: a separator
    text = re.sub(r"(\d)\s*[年月日号]", r"\1", text)
    return text.strip()


def period_range(text: str) -> tuple[str | None, str | None]:
    """The (period_from, period_to) of a typed range, for MetricQuery: "2022" is that year,
    "2022-2023" (or 2022..2023, 2022~2023, 2022至2023) both years, "2022-03..2023" from March 2022
    to the end of 2023, "2022.." from 2022 on, "..2023" up to 2023; years, months and days as
    --from/--to read them (2022年3月 too). An empty text is no range (None, None). Raises
    QueryError for anything else, or a range that ends before it starts."""
    text = text.strip()
    if not text:
        return None, None
    form = _bound_form(text)
    if re.fullmatch(_BOUND, form):
        low = high = form
    else:
        # ".." never belongs to a bound, so it is the separator wherever it stands.
        halves = form.split("..", 1) if ".." in form else None
        if halves is not None and all(not h.strip() or re.fullmatch(_BOUND, h.strip()) for h in halves):
            low, high = (h.strip() or None for h in halves)
        else:
            m = _RANGE.match(form)
            if not m:
                raise QueryError(f"Cannot read the period range {text!r}: give a year (2022), a range of years "
                                 "(2022-2023) or months (2022-03..2023-06); either end may be left open (2022..).")
            low, high = m.group(1), m.group(2)
        if low is None and high is None:
            raise QueryError(f"Cannot read the period range {text!r}: give at least one end (2022.. or ..2023).")
    start = period_bound(low, end=False) if low else None
    end = period_bound(high, end=True) if high else None
    if start and end and start > end:
        raise QueryError(f"The period range {text!r} ends before it starts.")
    return low, high


def metric_filter(query: MetricQuery) -> MetricFilter:
    """The clauses of ``query`` (raises QueryError for a kind or period it cannot read)."""
    from .models import METRIC_KINDS

    clauses: list[Clause] = []
    if query.article_id is not None:
        clauses.append(RowTest("m.article_id = ?", (query.article_id,)))
    if query.kind is not None and query.kind not in METRIC_KINDS:
        raise QueryError(f"No figure kind {query.kind!r}: choose one of {', '.join(METRIC_KINDS)}.")
    text = _text_clause(fold(query.text.strip()), query.kind) if query.text and query.text.strip() else None
    if text is not None:
        clauses.append(text)
    if query.indicator and query.indicator.strip():
        clauses.append(_in_list("m.indicator", spellings(query.indicator.strip())))
    if query.entity and query.entity.strip():
        name = query.entity.strip()
        p = fold(name).strip("/")
        clauses.append(RowTest(
            "(m.subject IN (?, ?) OR m.subject_path = ? OR substr(m.subject_path, 1, ?) = ?"
            " OR m.subject_path LIKE ? ESCAPE '\\' OR m.subject_path LIKE ? ESCAPE '\\'"
            " OR m.subject_id IN (SELECT id FROM entities WHERE type = 'place' AND (path = ?"
            " OR substr(path, 1, ?) = ? OR path LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\')))",
            (name, p, p, len(p) + 1, p + "/", "%/" + _like_escape(p), "%/" + _like_escape(p) + "/%",
             p, len(p) + 1, p + "/", "%/" + _like_escape(p), "%/" + _like_escape(p) + "/%")))
    if query.unit and query.unit.strip():
        forms = spellings(query.unit.strip())
        marks = ", ".join("?" * len(forms))
        clauses.append(RowTest(f"(m.unit IN ({marks}) OR m.base_unit IN ({marks}))", forms + forms))
    def kind_or_period(sql: str, value: str) -> RowTest:
        # One article's figures are found by its index: a count of them must not walk the
        # kind's (metrics_by_kind_period holds article_id, so it would cover the count and
        # SQLite took it: 1.3M entries read, 0.9 s cold, for an article's 20 figures).
        walk = f"+{sql}"
        return RowTest(walk if query.article_id is not None else sql, (value,), walk=walk)

    if query.kind is not None and not isinstance(text, IndexedMatch):  # else the index tests it
        clauses.append(kind_or_period("m.kind = ?", query.kind))
    if query.period_from and query.period_from.strip():
        clauses.append(kind_or_period("m.period_end >= ?", period_bound(query.period_from, end=False)))
    if query.period_to and query.period_to.strip():
        clauses.append(kind_or_period("m.period_start <= ?", period_bound(query.period_to, end=True)))
    return MetricFilter(tuple(clauses))


def _narrow(plan: MetricFilter) -> bool:
    """Whether every clause but the text lookup is a kind or period test (the columns of
    metrics_kind_period_by_id)."""
    return all(isinstance(c, RowTest) and c.walk for c in plan.clauses if c is not plan.lookup)


def _matches_tested(plan: MetricFilter) -> tuple[str, list]:
    """``SELECT 1`` for each match of the plan's text lookup that passes its other clauses,
    in the text index's order. CROSS JOIN keeps the index the outer loop, so its matches
    stream (with a LIMIT, the statement stops early); "m.id IN (matches)" made the whole match
    list first (高新区 on 1.9M figures: 318k ids, 60-90 ms before the first row was tested).
    Kind and period tests read metrics_kind_period_by_id, not the wide rows."""
    lookup = plan.lookup
    assert lookup is not None
    rest, params = MetricFilter(tuple(c for c in plan.clauses if c is not lookup)).where("index")
    indexed_by = " INDEXED BY metrics_kind_period_by_id" if _narrow(plan) else ""
    tests = rest.replace("WHERE ", "AND ", 1)
    return (f"SELECT 1 FROM {lookup.index} CROSS JOIN metrics m{indexed_by} ON m.id = {lookup.index}.rowid"
            f" WHERE {lookup.index} MATCH ? {tests}", [lookup.match, *params])


def _quote_fts(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _aliased(term: str) -> str:
    """An ORDER BY term of store.schema.metric_order_terms on the alias m: "(col IS NULL)"
    becomes "(m.col IS NULL)", "col DESC" becomes "m.col DESC"."""
    return "(m." + term[1:] if term.startswith("(") else "m." + term


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _metric_export_sql(query: MetricQuery, select: str, limit: int | None) -> tuple[str, list]:
    """``select`` (over metrics m, articles a, documents d) of the figures ``query`` selects,
    in its order, up to ``limit``: the statement of the exports' streams."""
    if query.sort is not None and query.sort not in _METRIC_ORDER:
        raise QueryError(f"Cannot sort figures by {query.sort!r}: choose one of {', '.join(METRIC_SORT_KEYS)}.")
    clause, params = metric_filter(query).where()
    order = ", ".join(map(_aliased, metric_order_terms(query.sort, query.descending) + ["id"]))
    sql = f"{select} {clause} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    return sql, params


def _article_row(r: tuple) -> ArticleRow:
    return ArticleRow(**dict(zip(_ARTICLE_NAMES, r)))


def _metric_row(r: tuple) -> MetricRow:
    f = dict(zip(_METRIC_NAMES, r))
    kind, value, unit = f.pop("change_kind"), f.pop("change_value"), f.pop("change_unit")
    f["change"] = Change(kind=kind, value=value, unit=unit or "") if kind is not None else None
    f["sentence"] = f["sentence"] or ""
    return MetricRow(**f)


class StoreAPI(Protocol):
    """What the app and the CLI ask of a store: Store, and the tests' stand-in
    (tests/tui/fakes.FakeStore), both have this shape."""

    db_path: str | Path

    def close(self) -> None: ...
    def refresh(self) -> None: ...
    def stats(self) -> Stats: ...
    def built_at(self) -> str | None: ...
    def count_articles(self, *, entity_id: int | None = None) -> int: ...
    def articles(self, *, entity_id: int | None = None, offset: int = 0, limit: int = 200) -> list[ArticleRow]: ...
    def article_position(self, article_id: int, *, entity_id: int | None = None) -> int | None: ...
    def article(self, article_id: int) -> ArticleDetail: ...
    def entities(self, *, article_id: int | None = None, type: str | None = None,
                 limit: int | None = None) -> list[EntityRow]: ...
    def entity(self, entity_id: int) -> EntityRow: ...
    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityRow]: ...
    def count_metrics(self, query: MetricQuery | None = None, **given) -> int: ...
    def known_metric_count(self, query: MetricQuery | None = None, **given) -> int | None: ...
    def metrics(self, query: MetricQuery | None = None, *, offset: int = 0, limit: int | None = 200,
                **given) -> list[MetricRow]: ...
    def iter_metrics(self, query: MetricQuery | None = None, *, limit: int | None = None,
                     chunk: int = 2000, **given) -> Iterator[MetricRow]: ...
    def iter_entities(self, *, type: str | None = None, limit: int | None = None,
                      chunk: int = 2000) -> Iterator[EntityRow]: ...
    def metric_values(self, column: str, *, limit: int = 200) -> list[tuple[str, int]]: ...
    def warm_up(self) -> None: ...
    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]: ...
    def match_spans(self, article_id: int, query: str) -> list[tuple[int, int]]: ...


_QUERY_FIELDS = {f.name for f in fields(MetricQuery)}


def _entities_sql(type: str | None, limit: int | None, article_id: int | None = None) -> tuple[str, list]:
    """The entities of the store, most mentioned first, or of one article with their mention
    counts in it, most mentioned there first, then first mentioned (Store.entities and
    iter_entities): one builder for both, so a type or a limit reads the same in each."""
    if article_id is None:
        sql = "SELECT id, name, type, path, mention_count, article_count FROM entities e WHERE 1"
        params: list = []
        group, order = "", "mention_count DESC, article_count DESC, name"
    else:
        sql = ("SELECT e.id, e.name, e.type, e.path, count(*) AS n, e.article_count FROM mentions m"
               " JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?")
        params = [article_id]
        group, order = " GROUP BY e.id", "n DESC, min(m.start)"
    if type:
        sql += " AND e.type = ?"
        params.append(type)
    sql += f"{group} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(0, int(limit)))
    return sql, params


def as_query(query: MetricQuery | None, given: dict) -> MetricQuery:
    """``query``, or the MetricQuery of keyword arguments (place is entity's older name)."""
    if "place" in given:
        given = {("entity" if k == "place" else k): v for k, v in given.items()}
    unknown = set(given) - _QUERY_FIELDS
    if unknown:
        raise TypeError(f"unknown figure query fields: {', '.join(sorted(unknown))}")
    if query is None:
        query = MetricQuery(**given)
    elif given:
        query = replace(query, **given)
    for what in ("text", "indicator", "entity", "unit", "period_from", "period_to"):
        check_query_text(getattr(query, what), what.replace("_", " "))
    return query


def check_query_text(value: str | None, what: str) -> None:
    """Refuse query text SQLite cannot take as written: a NUL ends a C string, so ``a\\0b``
    would search for ``a`` (and a NUL alone for everything); a lone surrogate (an argument
    that was not valid text) cannot be encoded at all."""
    if not value or not isinstance(value, str):
        return
    if "\x00" in value:
        raise QueryError(f"The {what} holds a NUL character: type the text without it.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(f"The {what} is not valid text (bytes that are not UTF-8, shown as �): "
                         "check the terminal's encoding and type it again.") from None


class Store:
    """A read-only view of a built database. Raises ``DatabaseError`` with a clear message
    when the file is missing, not a database, corrupt, or of another schema version."""

    def __init__(self, db_path: str | Path, *, cache_kib: int = READ_CACHE_KIB) -> None:
        self.db_path = Path(db_path)
        self._cache_kib = cache_kib  # the connection's page cache at most (see connect_read)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._counts: dict[tuple, int] = {}  # count_metrics cache, see there
        self._counts_version: int | None = None
        self._table_counts: dict[str, int] | None = None  # meta.counts, see _table_count
        self._counter: Store | None = None  # the connection large counts run on
        self._conn = connect_read(self.db_path, cache_kib=self._cache_kib)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            counter = self._detach()
        if counter is not None:
            counter.close()  # waits for a count still running on it

    def refresh(self) -> None:
        """See the newest committed build (after a build ran while the store was open)."""
        counter = None
        try:
            with self._lock:  # one step: no caller sees the store closed in between
                counter = self._detach()
                self._forget_counts()
                self._conn = connect_read(self.db_path, cache_kib=self._cache_kib)
        finally:
            if counter is not None:
                counter.close()

    def _detach(self) -> Store | None:
        """Close the connection and hand back the counting store, for the caller to close
        once it has released self._lock (held here): a count running on the counter takes
        self._lock to remember its result."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        counter, self._counter = self._counter, None
        return counter

    # Plumbing -----------------------------------------------------------------------
    def _query(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        with self._lock:
            if self._conn is None:
                raise DatabaseError(f"{self.db_path} is closed.")
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                err = explain(exc, self.db_path)
            # A build that rebuilt the schema from scratch, or a file swapped underneath:
            # reopen once and say clearly what is wrong if it persists.
            try:
                self._conn.close()
                self._forget_counts()
                self._conn = connect_read(self.db_path, cache_kib=self._cache_kib)
                check_version(self._conn, self.db_path)
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error:
                raise err from None

    def _one(self, sql: str, params: tuple | list = ()) -> tuple | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None

    def _forget_counts(self) -> None:
        self._counts.clear()
        self._table_counts = None

    def _check_counts(self) -> None:
        """Drop remembered counts once another connection has committed (a build)."""
        with self._lock:
            version = self._data_version()
            if self._counts_version != version:
                self._forget_counts()
                self._counts_version = version

    def _table_count(self, table: str) -> int:
        """Rows of a table: as the build recorded them in meta.counts, in the same transaction
        as the rows (a count of 1.9 million figures reads ~100 MB: half a second when those
        pages are not in the page cache); counted when a store has no record."""
        self._check_counts()
        with self._lock:
            if self._table_counts is None:
                row = self._one("SELECT value FROM meta WHERE key = 'counts'")
                self._table_counts = parse_counts(row[0] if row else None)
            if table not in self._table_counts:
                if table.startswith(KIND_COUNT_PREFIX):
                    sql, params = "SELECT count(*) FROM metrics WHERE kind = ?", (table[len(KIND_COUNT_PREFIX):],)
                else:
                    sql, params = f"SELECT count(*) FROM {table}", ()
                self._table_counts[table] = self._one(sql, params)[0]
            return self._table_counts[table]

    def stats(self) -> Stats:
        documents, articles, entities, mentions, metrics = map(self._table_count, COUNTED_TABLES)
        return Stats(documents=documents, articles=articles, entities=entities, mentions=mentions,
                     metrics=metrics, db_path=str(self.db_path), schema_version=SCHEMA_VERSION)

    def built_at(self) -> str | None:
        r = self._one("SELECT value FROM meta WHERE key = 'built_at'")
        return r[0] if r else None

    # Articles -----------------------------------------------------------------------
    def _entity_scope(self, entity_id: int) -> tuple[str, list]:
        """SQL (and params) for the ids of an entity and, for a place, the places below it."""
        e = self.entity(entity_id)
        if e.type == "place" and e.path:
            return ("SELECT id FROM entities WHERE id = ? OR path = ? OR substr(path, 1, ?) = ?",
                    [entity_id, e.path, len(e.path) + 1, e.path + "/"])
        return "SELECT ?", [entity_id]

    def count_articles(self, *, entity_id: int | None = None) -> int:
        if entity_id is None:
            return self._table_count("articles")
        scope, params = self._entity_scope(entity_id)
        return self._one(f"SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id IN ({scope})",
                         params)[0]

    def articles(self, *, entity_id: int | None = None, offset: int = 0, limit: int = 200) -> list[ArticleRow]:
        """Articles in document order. With ``entity_id``: only the articles that mention it,
        and for a place every place below it in the admin path (济南市 includes 章丘区)."""
        where, params = "", []
        if entity_id is not None:
            scope, params = self._entity_scope(entity_id)
            where = f"WHERE a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({scope}))"
        rows = self._query(
            f"SELECT {_ARTICLE_COLS} FROM articles a JOIN documents d ON d.id = a.document_id {where} "
            f"ORDER BY d.path, a.idx LIMIT ? OFFSET ?",
            [*params, max(0, int(limit)), max(0, int(offset))])
        return [_article_row(r) for r in rows]

    def article_position(self, article_id: int, *, entity_id: int | None = None) -> int | None:
        """Where ``article_id`` stands in ``articles(entity_id=...)`` (0-based), or None when
        that list does not hold it: lets a pane put its cursor on any article of 100,000."""
        found = self._one("SELECT d.path, a.idx FROM articles a JOIN documents d ON d.id = a.document_id"
                          " WHERE a.id = ?", [article_id])
        if found is None:
            return None
        path, index = found
        where, params = "", []
        if entity_id is not None:
            scope, params = self._entity_scope(entity_id)
            inside = self._one(f"SELECT 1 FROM mentions WHERE article_id = ? AND entity_id IN ({scope}) LIMIT 1",
                               [article_id, *params])
            if inside is None:
                return None
            where = f"AND a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({scope}))"
        return self._one(
            f"SELECT count(*) FROM articles a JOIN documents d ON d.id = a.document_id"
            f" WHERE (d.path < ? OR (d.path = ? AND a.idx < ?)) {where}",
            [path, path, index, *params])[0]

    def article(self, article_id: int) -> ArticleDetail:
        r = self._one(
            "SELECT a.id, d.name, a.title, a.display_title, a.subtitle, a.kicker, a.authors, a.contributors,"
            " a.publisher, a.date, a.body, a.byline FROM articles a JOIN documents d ON d.id = a.document_id"
            " WHERE a.id = ?", (article_id,))
        if r is None:
            raise NotFoundError(f"No article {article_id} in {self.db_path} (was the store rebuilt?).")
        mentions = [MentionRow(*m) for m in self._query(
            'SELECT m.entity_id, m.text, e.type, m.start, m."end", e.name, e.path, m.field FROM mentions m'
            ' JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? ORDER BY m.start, m."end"',
            (article_id,))]
        mentions.sort(key=mention_order)  # stable: by start and end within each part
        return ArticleDetail(
            id=r[0], source=r[1], title=r[2], display_title=r[3], subtitle=r[4], kicker=r[5],
            authors=json.loads(r[6] or "[]"), contributors=json.loads(r[7] or "[]"), publisher=r[8],
            date=r[9], body=r[10], mentions=mentions, metrics=self.metrics(article_id=article_id, limit=None),
            byline=r[11],
        )

    # Entities -----------------------------------------------------------------------
    def entities(self, *, article_id: int | None = None, type: str | None = None,
                 limit: int | None = None) -> list[EntityRow]:
        """Entities of one article (mention counts in it) or of the whole store."""
        return [EntityRow(*r) for r in self._query(*_entities_sql(type, limit, article_id))]

    def entity(self, entity_id: int) -> EntityRow:
        r = self._one("SELECT id, name, type, path, mention_count, article_count FROM entities WHERE id = ?",
                      (entity_id,))
        if r is None:
            raise NotFoundError(f"No entity {entity_id} in {self.db_path} (was the store rebuilt?).")
        return EntityRow(*r)

    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityRow]:
        """Entities whose name holds ``name`` (Simplified or Traditional), most mentioned first."""
        check_query_text(name, "entity name")
        pattern = "%" + _like_escape(fold(name.strip())) + "%"
        return [EntityRow(*r) for r in self._query(
            "SELECT id, name, type, path, mention_count, article_count FROM entities"
            " WHERE name LIKE ? ESCAPE '\\' ORDER BY (name = ?) DESC, mention_count DESC LIMIT ?",
            (pattern, fold(name.strip()), max(0, int(limit))))]

    # Metrics ------------------------------------------------------------------------
    def count_metrics(self, query: MetricQuery | None = None, **given) -> int:
        """How many figures ``query`` (or a MetricQuery of the keyword ``fields``) selects."""
        query = as_query(query, given)
        if not query.filtered():
            return self._table_count("metrics")
        plan = metric_filter(query)
        if query.kind is not None and replace(query, kind=None, sort=None, descending=False) == MetricQuery():
            return self._table_count(kind_count_key(query.kind))  # one kind: as the build counted it
        # The app counts before every first page and after each filter keystroke: counts are
        # remembered until another connection commits (a build; PRAGMA data_version).
        cached = self._remembered_count(plan.key)
        if cached is not None:
            return cached
        lookup = plan.index_only
        if lookup is not None:
            # The text filter alone: count the index's matches without visiting metrics
            # (external content: every index row is a figure).
            sql, params = lookup.ids_sql().replace("SELECT rowid", "SELECT count(*)", 1), [lookup.match]
        elif plan.lookup is not None and _narrow(plan):
            # A text filter with a kind or period (the table's default): stream the text
            # index's matches through metrics_kind_period_by_id (1.9M figures: 96-389 ms with
            # the match list tested on the rows -> 52-122 ms).
            matches, params = _matches_tested(plan)
            sql = f"SELECT count(*) FROM ({matches})"
        else:
            where, params = plan.where("count")
            sql = f"SELECT count(*) FROM metrics m {where}"
        while True:
            with self._lock:
                if self._conn is None:
                    raise DatabaseError(f"{self.db_path} is closed.")
                if self._counter is None:
                    self._counter = Store(self.db_path, cache_kib=_COUNTER_CACHE_KIB)
                counter = self._counter
            # One count at a time; a second caller of the same count waits for it. Lock order:
            # the counter's, then self._lock (taken inside, to remember), never the other way.
            with counter._lock:
                if counter._conn is None:
                    continue  # closed by a refresh meanwhile: count on the new one
                cached = self._remembered_count(plan.key)
                if cached is None:
                    cached = counter._one(sql, params)[0]
                    if self._counter is counter:  # not a count of the store before a refresh
                        self._remember_count(plan.key, cached)
                return cached

    def known_metric_count(self, query: MetricQuery | None = None, **given) -> int | None:
        """The count of count_metrics when it costs no more than a page: the store's total,
        one article's figures, a filter that reads no full-text index, or one counted before;
        None when only counting would tell (a text filter over the whole store: up to ~100 ms
        on 1.9 million figures)."""
        query = as_query(query, given)
        plan = metric_filter(query)
        if query.article_id is not None or not plan.indexed:
            return self.count_metrics(query)
        return self._remembered_count(plan.key)

    def _remembered_count(self, key: tuple) -> int | None:
        self._check_counts()
        with self._lock:
            return self._counts.get(key)

    def _remember_count(self, key: tuple, count: int) -> None:
        with self._lock:
            self._counts[key] = count
            if len(self._counts) > 256:
                self._counts.pop(next(iter(self._counts)))

    def _count_at_least(self, plan: MetricFilter, bound: int) -> int:
        """How many figures a filter matches, counting no further than ``bound``: the exact
        count when it is below ``bound`` (and then remembered), else ``bound``."""
        cached = self._remembered_count(plan.key)
        if cached is not None:
            return min(cached, bound)
        lookup = plan.index_only
        if lookup is not None:
            found = self._one(f"SELECT count(*) FROM ({lookup.ids_sql()} LIMIT ?)", [lookup.match, bound])[0]
        else:
            # The text index streams its matches (CROSS JOIN keeps it the outer loop) and each
            # match's row is tested for the other clauses, so the count stops at ``bound``
            # after about that many look-ups. As "m.id IN (matches)" SQLite first made the
            # whole match list (高新区 on 1.9M figures: 318k ids, 60-90 ms before the first
            # look-up); in the "count" form the kind's index drove, testing each of its
            # entries against the list (技术合同成交额 on 100,000 figures: 9-10 ms -> 3 ms).
            sql, params = _matches_tested(plan)
            found = self._one(f"SELECT count(*) FROM ({sql} LIMIT ?)", [*params, bound])[0]
        if found < bound:
            self._remember_count(plan.key, found)
        return found

    def _data_version(self) -> int | None:
        try:
            return self._one("PRAGMA data_version")[0]
        except (DatabaseError, TypeError):
            return None

    def metrics(self, query: MetricQuery | None = None, *, offset: int = 0, limit: int | None = 200,
                **given) -> list[MetricRow]:
        """A page of the figures ``query`` selects (or a MetricQuery of the keyword ``fields``:
        article_id, text, indicator, place (= entity), unit, kind, period_from, period_to, sort,
        descending), in its order. ``limit=None``: every figure from ``offset`` on."""
        query = as_query(query, given)
        off, lim = max(0, int(offset)), (None if limit is None else max(0, int(limit)))
        with self._lock:
            ids = self._page_ids(query, off, lim)
            rows: dict[int, MetricRow] = {}
            for i in range(0, len(ids), _ID_CHUNK):  # bounded IN lists
                rows.update((m.id, m) for m in self._metric_rows(ids[i:i + _ID_CHUNK]))
        return [rows[i] for i in ids if i in rows]

    def iter_metrics(self, query: MetricQuery | None = None, *, limit: int | None = None,
                     chunk: int = 2000, **given) -> Iterator[MetricRow]:
        """Every figure ``query`` selects (up to ``limit``), in its order, for exports that
        write rows as they come instead of holding millions in a list. One statement on a
        connection of its own, read a chunk at a time from its cursor: memory stays at a
        chunk, the rows are one consistent snapshot, and no page is skipped to by OFFSET
        (paging 1.9 million figures by offset re-walks the order for every page)."""
        query = as_query(query, given)
        if limit is not None and limit <= 0:
            return
        sql, params = _metric_export_sql(query, _METRIC_SELECT, limit)
        yield from self._iter_rows(sql, params, _metric_row, chunk)

    def iter_metric_values(self, query: MetricQuery | None = None, names: Sequence[str] = _METRIC_VALUE_NAMES,
                           *, limit: int | None = None, chunk: int = 2000) -> Iterator[list[tuple]]:
        """The figures of ``iter_metrics`` as plain tuples of the fields ``names`` (a
        MetricRow's fields, but the change as its columns change_kind, change_value and
        change_unit), a list of at most ``chunk`` at a time: for exports of millions of rows,
        which need neither a record per row nor the fields they do not write.

        The statement reads the figures alone; the fields of their articles (title,
        publisher, date, source) are read once per article a chunk needs and joined here,
        which costs less than SQLite joining them row by row. The sentence is cut from its
        article's body only when asked for (in SQL: that needs the join)."""
        unknown = [n for n in names if n not in _METRIC_SQL]
        if unknown:
            raise QueryError(f"No figure field {unknown[0]!r}: choose from {', '.join(_METRIC_SQL)}.")
        query = as_query(query, {})
        if limit is not None and limit <= 0:
            return
        if "sentence" in names:
            select = (f"SELECT {', '.join(_METRIC_SQL[n] for n in names)} FROM metrics m"
                      " JOIN articles a ON a.id = m.article_id JOIN documents d ON d.id = a.document_id")
            sql, params = _metric_export_sql(query, select, limit)
            yield from self._iter_chunks(sql, params, chunk)
            return
        own = [n for n in names if n not in _ARTICLE_SIDE]
        theirs = [n for n in names if n in _ARTICLE_SIDE]
        read = own if "article_id" in own or not theirs else [*own, "article_id"]
        sql, params = _metric_export_sql(query, f"SELECT {', '.join(_METRIC_SQL[n] for n in read)} FROM metrics m",
                                         limit)
        if not theirs:
            yield from self._iter_chunks(sql, params, chunk)
            return
        key = read.index("article_id")
        joined = [*read, *theirs]
        # The rows as asked: read + their article's fields, reordered (and article_id
        # dropped when it was read only to join) unless that is already the order asked.
        order = None if joined == list(names) else itemgetter(*(joined.index(n) for n in names))
        article_sql = (f"SELECT a.id, {', '.join(_METRIC_SQL[n] for n in theirs)} FROM articles a"
                       " JOIN documents d ON d.id = a.document_id WHERE a.id IN ")
        conn = connect_read(self.db_path)
        articles: dict[int, tuple] = {}
        try:
            try:
                conn.execute("BEGIN")  # one snapshot for the figures and their articles
                cursor = conn.execute(sql, params)
                while rows := cursor.fetchmany(chunk):
                    need = list({r[key] for r in rows}.difference(articles))
                    if need:
                        if len(articles) > _ARTICLES_KEPT:
                            articles = {}
                            need = list({r[key] for r in rows})
                        for i in range(0, len(need), _ID_CHUNK):
                            ids = need[i:i + _ID_CHUNK]
                            for a in conn.execute(f"{article_sql}({','.join('?' * len(ids))})", ids):
                                articles[a[0]] = a[1:]
                    rows = [r + articles[r[key]] for r in rows]
                    yield rows if order is None else list(map(order, rows))
            except sqlite3.Error as exc:
                raise explain(exc, self.db_path) from None
        finally:
            conn.close()

    def iter_entities(self, *, type: str | None = None, limit: int | None = None,
                      chunk: int = 2000) -> Iterator[EntityRow]:
        """The store's entities as ``entities`` orders them (most mentioned first), streamed
        like iter_metrics."""
        sql, params = _entities_sql(type, limit)
        yield from self._iter_rows(sql, params, lambda r: EntityRow(*r), chunk)

    def _iter_rows(self, sql: str, params: list, make, chunk: int) -> Iterator:
        """Rows of one statement, made into records a chunk at a time, on a read connection
        of their own (the store's stays free for other callers while an export runs)."""
        for rows in self._iter_chunks(sql, params, chunk):
            yield from map(make, rows)

    def _iter_chunks(self, sql: str, params: list, chunk: int) -> Iterator[list[tuple]]:
        """The rows of one statement as lists of at most ``chunk`` tuples (see _iter_rows)."""
        conn = connect_read(self.db_path)
        try:
            try:
                cursor = conn.execute(sql, params)
                while rows := cursor.fetchmany(chunk):
                    yield rows
            except sqlite3.Error as exc:
                raise explain(exc, self.db_path) from None
        finally:
            conn.close()

    def _metric_rows(self, ids: list[int]) -> list[MetricRow]:
        return [_metric_row(r) for r in self._query(
            f"{_METRIC_SELECT} WHERE m.id IN ({','.join('?' * len(ids))})", ids)] if ids else []

    def _page_ids(self, query: MetricQuery, off: int, lim: int | None) -> list[int]:
        """The ids of a page, in order. The plan comes from what the filter's clauses are:
        an index lookup (a text filter) decides between driving by the index, walking the
        sort order and testing rows, or testing ids against the materialised match list."""
        if query.sort is not None and query.sort not in _METRIC_ORDER:
            raise QueryError(f"Cannot sort figures by {query.sort!r}: choose one of {', '.join(METRIC_SORT_KEYS)}.")
        plan = metric_filter(query)
        indexed = plan.indexed
        # How many figures pass the filter: needed past the first page and for an indexed text
        # filter (cached, see count_metrics). The first page of a text filter over the whole
        # store needs only to know whether the filter is dense enough for a walk that tests
        # rows (see below): it counts that far, and leaves the exact count to a worker.
        total = self.count_metrics(MetricQuery(article_id=query.article_id)) if indexed else 0
        matches = 0
        if indexed and off == 0 and lim is not None:
            # (a text filter with the table's kind, actual figures, too: counting all of it
            # first held up the first page of 济南 on 100,000 figures for 116-152 ms)
            bound = max(_DENSE + 1, math.ceil(lim * total / max(_SCAN_ROWS, 1)))
            matches = self._count_at_least(plan, bound)
        elif indexed or (lim is not None and off > 0):
            matches = self.count_metrics(query)
        reverse = False
        if lim is not None and off > 0 and matches - off - lim < off:
            # The page is nearer the end: walk the order backwards (SQLite reads the same index
            # in reverse), so the last page of 1.9 million figures skips nothing.
            reverse = True
            off, lim = max(0, matches - off - lim), max(0, min(lim, matches - off))
        form = "index"
        scan: tuple[str, list] | None = None
        if indexed and matches > _DENSE:
            # Many matches: walk the sort order's index, stopping at the page. Near the top
            # (the page ends within about _SCAN_ROWS rows of the walk, at the filter's density)
            # each row is tested itself: materialising the match list costs more (高新区 on
            # 1.9 million figures: 319k matches, 80 ms, against a few ms). Deeper, each id is
            # tested against the once materialised match list. Few matches: the list drives.
            # A list known to hold at most _LIST_ROWS matches (counted before: the count is
            # remembered) is made in a few ms, and walking the order testing ids against it
            # reads no row but the matches': then the list, also near the top. Not counted to
            # decide: counting 50,000 matches costs what listing them does (技术合同成交额 on
            # 1.9M figures, 49,371 matches: counted and listed in 25-30 ms, walked in 1-4).
            # A walk that misses its page in _SCAN_SECONDS (matches clustered far down the
            # order: 100,000 copied figures, 高新区 in a few articles) gives way to the list.
            if (off + (lim or total)) * total <= _SCAN_ROWS * matches:
                listed = self._remembered_count(MetricFilter((plan.lookup,)).key)
                if listed is None or listed > _LIST_ROWS:
                    scan = self._page_sql(plan.where("row"), query, reverse, off, lim)
            form = "listed"
        sql, params = self._page_sql(plan.where(form), query, reverse, off, lim)
        if (scan is None and not indexed and lim is not None
                and any(isinstance(c, RowTest) and c.walk for c in plan.clauses)):
            # A kind or period range: walk the sort order testing rows. When at least half the
            # figures pass (actual figures are most of them) that is all; sparser, the walk is
            # given _SCAN_SECONDS, and if the matches cluster far down the order (a period of
            # old years in article order) metrics_by_kind_period finds them and they are sorted.
            # (Counting them there takes a few ms.)
            everything = self._table_count("metrics") if query.article_id is None else \
                self.count_metrics(MetricQuery(article_id=query.article_id))
            if 2 * self.count_metrics(query) < everything:
                scan = sql, params
                sql, params = self._page_sql(plan.where("count"), query, reverse, off, lim)
        with self._lock:
            found = self._query_within(*scan, _SCAN_SECONDS) if scan is not None else None
            # The scan's guess (the matches spread evenly along the order) fails when they
            # cluster far down it (a filter on the newest articles' titles): then the list.
            ids = [r[0] for r in (found if found is not None else self._query(sql, params))]
        if reverse:
            ids.reverse()
        return ids

    @staticmethod
    def _page_sql(where: tuple[str, list], query: MetricQuery, reverse: bool, off: int,
                  lim: int | None) -> tuple[str, list]:
        """The ids of a page of figures in the sort order (walked backwards when ``reverse``).
        Two steps make a page: these ids, from an index-only walk of the sort order's index
        (OFFSET skips index entries, not joined rows), then the rows of those ids only."""
        order = metric_order_terms(query.sort, query.descending) + ["id"]
        if reverse:
            order = [t[:-len(" DESC")] if t.endswith(" DESC") else t + " DESC" for t in order]
        clause, params = where
        sql = f"SELECT m.id FROM metrics m {clause} ORDER BY {', '.join(map(_aliased, order))}"
        params = list(params)
        if lim is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [lim, off]
        elif off:
            sql += " LIMIT -1 OFFSET ?"
            params.append(off)
        return sql, params

    def _query_within(self, sql: str, params: list, seconds: float) -> list[tuple] | None:
        """``_query``, given up (None) once it has run ``seconds``."""
        with self._lock:
            if self._conn is None:
                raise DatabaseError(f"{self.db_path} is closed.")
            deadline = time.perf_counter() + seconds
            self._conn.set_progress_handler(lambda: time.perf_counter() > deadline, 1000)
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc).lower():
                    return None
                return self._query(sql, params)  # its clear message (or a reopened store)
            finally:
                self._conn.set_progress_handler(None, 0)

    def metric_values(self, column: str, *, limit: int = 200) -> list[tuple[str, int]]:
        """Distinct indicators, units, subjects or subject paths with how many figures have each,
        most frequent first (for filter choosers)."""
        if column not in ("indicator", "unit", "base_unit", "subject", "subject_path", "period"):
            raise QueryError(f"No metric column {column!r}.")
        return [(r[0], r[1]) for r in self._query(
            f"SELECT {column}, count(*) AS n FROM metrics WHERE {column} IS NOT NULL AND {column} != ''"
            f" GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?", (max(0, int(limit)),))]

    # Search -------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Get ready to search, e.g. from a worker thread while the app starts: load jieba
        (about a second), and read ahead the rows searches read most when the store is not in
        the page cache (after a reboot or a large build), where each costs a disk read: the
        newest WARM_HEADS titles and leads that searches rank (up to RANK_WINDOW a search;
        100,000 articles: that step's p95 44 ms -> 6 ms, ~70 MB read in 0.2 s), and the newest
        WARM_ARTICLES articles, whose bodies the hits of a common word come from. Then the
        figure filter's index entries of the figure table's default kind (actual figures),
        which a text filter on it reads throughout (1.9M figures: ~10 MB), and the newest
        figures' rows, into the system's page cache only: read on a connection of its own,
        closed after, so they cost the app no memory (after a reboot, 1.9M figures: the first
        filter 31-241 ms -> see benchmarks/README.md)."""
        from .models import DEFAULT_METRIC_KIND
        from .search import jieba_module

        jieba_module()
        # count(*) over a rowid range reads each leaf page of the range once, in order.
        for table, rows in (("article_heads", WARM_HEADS), ("articles", WARM_ARTICLES)):
            self._one(f"SELECT count(*) FROM {table} WHERE id > (SELECT max(id) FROM {table}) - ?", (rows,))
        conn = connect_read(self.db_path, cache_kib=1024)
        try:
            # and the newest figures' rows, which the table's first page of a dense text filter
            # walks (up to _SCAN_ROWS of them, newest article first)
            conn.execute("SELECT count(*) FROM metrics WHERE id > (SELECT max(id) FROM metrics) - ?",
                         (_SCAN_ROWS,)).fetchone()
            for index in ("metrics_fts", "metrics_chars"):
                conn.execute(f"SELECT count(*) FROM {index} WHERE {index} MATCH ?",
                             (_kind_match(DEFAULT_METRIC_KIND, index),)).fetchone()
        except sqlite3.Error:
            pass  # only speed depends on it; a store that fails here says so on its next query
        finally:
            conn.close()

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Ranked full-text search. Raises ``QueryError`` (a clear message) for a query that
        holds nothing searchable; never lets an FTS syntax error through.

        Order (store.search.rank_candidates): articles with a query word in the title
        first, then by a BM25 score of title and lead (higher is better), then newest. When
        more than ``RANK_WINDOW`` articles match, the ranking covers the newest
        ``RANK_WINDOW`` of them, which keeps a search of a 100,000-article store fast."""
        if not isinstance(query, str):
            raise QueryError("A search needs text.")
        check_query_text(query, "search")
        if len(query) > MAX_QUERY_CHARS:
            raise QueryError(f"The search is too long ({len(query)} characters; at most {MAX_QUERY_CHARS}).")
        as_typed = parse_query(query, split=False)
        if limit is None or limit <= 0:
            return []
        limit = int(limit)
        with self._lock:
            # First the words as typed (高新技术企业 as one phrase); only when they fill fewer
            # than ``limit`` hits, jieba's words (高新技术 + 企业, anywhere), whose further hits
            # rank after them. A word or phrase needs no jieba (loading it: ~0.7 s).
            tiers = [(as_typed.highlight_terms(), self._ranked(query, as_typed, limit, ()))]
            if len(tiers[0][1]) < limit and splittable(query):
                words = parse_query(query)
                if words.match_expression() != as_typed.match_expression():
                    seen = {aid for aid, _, _ in tiers[0][1]}
                    tiers.append((words.highlight_terms(),
                                  self._ranked(query, words, limit - len(tiers[0][1]), seen)))
            ranked = [(aid, score, heads, terms) for terms, found in tiers for aid, score, heads in found]
            if not ranked:
                return []
            ids = [r[0] for r in ranked]
            marks = ",".join("?" * len(ids))
            rows = {r[0]: r for r in self._query(
                f"SELECT a.id, a.display_title, d.name, a.publisher, a.date, a.body, a.title FROM articles a"
                f" JOIN documents d ON d.id = a.document_id WHERE a.id IN ({marks})", ids)}
        hits = []
        for aid, score, (title_f, lead_f), terms in ranked:  # heads already folded: article_heads
            r = rows.get(aid)
            if r is None:
                continue
            title, body = r[1], r[5]
            # Highlights over the snippet's window only; body spans when first read.
            snippet, snippet_spans = snippet_for(body, terms, head=lead_f)
            hit = SearchHit(
                article_id=aid, title=title, source=r[2], publisher=r[3], date=r[4], score=score,
                snippet=snippet, snippet_spans=snippet_spans, body_spans=None,
                title_spans=find_spans(title_f if title == r[6] else fold(title), terms),
            )
            hit.__dict__["_compute_body_spans"] = _body_spans_of(body, terms)
            hits.append(hit)
        return hits

    def _ranked(self, query: str, parsed: ParsedQuery, limit: int,
                seen: set[int]) -> list[tuple[int, float, tuple[str, str]]]:
        """The best ``limit`` articles matching ``parsed`` and not in ``seen``, as
        ``(article_id, score, (title_f, lead_f))`` (store.search.rank_candidates)."""
        expression, exact = parsed.step_expression(self._gram_docs(parsed))
        try:
            # FTS5 walks rowids backwards and stops at the window: a word found in most of
            # a 100,000-article store costs no more than a rare one.
            candidates = [r[0] for r in self._query(
                "SELECT rowid FROM articles_grams WHERE articles_grams MATCH ? ORDER BY rowid DESC LIMIT ?",
                (expression, RANK_WINDOW)) if r[0] not in seen]
        except DatabaseError as exc:
            if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
                raise QueryError(f"Cannot search for {query!r}: {_HELP_TEXT}") from None
            raise
        heads = self._query(f"SELECT id, title_f, lead_f FROM article_heads"
                            f" WHERE id IN ({','.join('?' * len(candidates))})", candidates)
        folded = {h[0]: (h[1], h[2]) for h in heads}
        ranked = rank_candidates(heads, parsed.highlight_terms())
        if exact:
            return [(aid, score, folded[aid]) for aid, score, _ in ranked[:limit]]
        # The index stepped through a part of some long word: the best candidates that hold
        # the whole of every word, tested in rank order until ``limit`` do.
        out: list[tuple[int, float, tuple[str, str]]] = []
        start = 0
        while len(out) < limit and start < len(ranked):
            batch = ranked[start:start + limit - len(out) + _TEST_SPARE]
            start += len(batch)
            ids = [aid for aid, _, _ in batch]
            bodies = dict(self._query(f"SELECT id, body FROM articles WHERE id IN ({','.join('?' * len(ids))})",
                                      ids))
            for aid, score, _ in batch:
                if aid in bodies and parsed.holds(*folded[aid], bodies[aid]):
                    out.append((aid, score, folded[aid]))
                    if len(out) == limit:
                        break
        return out

    def _gram_docs(self, parsed: ParsedQuery) -> dict[str, int]:
        """Articles per index token (schema.gram_docs) of the query's words (what
        ParsedQuery.step_expression picks and orders by): a few point reads."""
        tokens = sorted({t for term in parsed.highlight_terms() for t in term.grams() if not t.endswith("*")})
        if not tokens:
            return {}
        return dict(self._query(f"SELECT term, docs FROM gram_docs WHERE term IN ({','.join('?' * len(tokens))})",
                                tokens))

    def match_spans(self, article_id: int, query: str) -> list[tuple[int, int]]:
        """Spans of ``query``'s words in the body of ``article_id`` (what a search hit's
        ``body_spans`` holds), for the reader to highlight when it opens a hit: the words as
        typed where the body holds them all, else jieba's words (see search)."""
        r = self._one("SELECT body FROM articles WHERE id = ?", (article_id,))
        if r is None:
            raise NotFoundError(f"No article {article_id} in {self.db_path} (was the store rebuilt?).")
        body = fold(r[0])
        parsed = parse_query(query, split=False)
        if splittable(query) and not parsed.matches(body):
            parsed = parse_query(query)
        return find_spans(body, parsed.highlight_terms())


def _body_spans_of(body: str, terms: list[Term]):
    return lambda: find_spans(fold(body), terms)


_HELP_TEXT = 'type words (all must match), a "quoted phrase", a OR b, or -word to leave out.'
