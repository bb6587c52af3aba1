"""The query API: everything the CLI and the app ask of a built store.

The app never writes SQL: it calls these methods and gets plain records back.
(Contract: the implementation is being written; signatures are settled.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .models import Change

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
    entity_id: int
    text: str
    type: str
    start: int
    end: int


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
    mentions: list[MentionRow] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)


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
    score: float  # bm25: lower is better
    snippet: str  # plain text around the first match
    snippet_spans: list[tuple[int, int]]  # spans of matched words inside ``snippet``
    body_spans: list[tuple[int, int]]  # spans of matched words inside the article body
    title_spans: list[tuple[int, int]]  # spans of matched words inside the display title


class Store:
    """A read-only view of a built database. Raises ``DatabaseError`` with a clear message
    when the file is missing, not a database, corrupt, or of another schema version."""

    def __init__(self, db_path: str | Path) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """See the newest committed build (after a build ran while the store was open)."""
        raise NotImplementedError

    def stats(self) -> Stats:
        raise NotImplementedError

    # Articles -----------------------------------------------------------------------
    def count_articles(self, *, entity_id: int | None = None) -> int:
        raise NotImplementedError

    def articles(self, *, entity_id: int | None = None, offset: int = 0, limit: int = 200) -> list[ArticleRow]:
        """Articles in document order. With ``entity_id``: only the articles that mention it,
        and for a place every place below it in the admin path (济南市 includes 章丘区)."""
        raise NotImplementedError

    def article(self, article_id: int) -> ArticleDetail:
        raise NotImplementedError

    # Entities -----------------------------------------------------------------------
    def entities(self, *, article_id: int | None = None, type: str | None = None,
                 limit: int | None = None) -> list[EntityRow]:
        """Entities of one article (mention counts in it) or of the whole store."""
        raise NotImplementedError

    def entity(self, entity_id: int) -> EntityRow:
        raise NotImplementedError

    # Metrics ------------------------------------------------------------------------
    def count_metrics(self, *, article_id: int | None = None, text: str | None = None,
                      indicator: str | None = None, place: str | None = None,
                      unit: str | None = None) -> int:
        raise NotImplementedError

    def metrics(self, *, article_id: int | None = None, text: str | None = None,
                indicator: str | None = None, place: str | None = None, unit: str | None = None,
                sort: str | None = None, descending: bool = False,
                offset: int = 0, limit: int | None = 200) -> list[MetricRow]:
        """Figures of one article or of the whole store. ``text`` filters on any of subject,
        indicator, quantity, period and article title (Simplified and Traditional alike);
        ``place`` matches the subject or its admin path (山东省 matches 章丘区's figures);
        ``sort`` is one of METRIC_SORT_KEYS."""
        raise NotImplementedError

    # Search -------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Ranked full-text search. Raises ``QueryError`` (a clear message) for a query that
        holds nothing searchable; never lets an FTS syntax error through."""
        raise NotImplementedError
