"""Row sources for the paged tables: each asks the store for a count and for pages."""

from __future__ import annotations

from collections.abc import Callable

from store.errors import StoreError
from store.query import ArticleRow, MetricQuery, MetricRow, StoreAPI

# Called with a store error; counts may run in a worker thread, so it must be thread-safe.
ErrorReporter = Callable[[StoreError], None]


class ArticleSource:
    """Articles in document order, or those mentioning one entity (places by admin path)."""

    def __init__(self, store: StoreAPI, entity_id: int | None, on_error: ErrorReporter) -> None:
        self.store = store
        self.entity_id = entity_id
        self.on_error = on_error

    def count(self) -> int:
        try:
            return self.store.count_articles(entity_id=self.entity_id)
        except StoreError as error:
            self.on_error(error)
            return 0

    def known_count(self) -> int:
        return self.count()  # cheap: one index range of mentions at most

    def fetch(self, offset: int, limit: int) -> list[ArticleRow]:
        try:
            return self.store.articles(entity_id=self.entity_id, offset=offset, limit=limit)
        except StoreError as error:
            self.on_error(error)
            return []


class MetricSource:
    """The figures of a MetricQuery (one article's or the whole store's, filtered, sorted)."""

    def __init__(self, store: StoreAPI, query: MetricQuery, on_error: ErrorReporter) -> None:
        self.store = store
        self.query = query
        self.on_error = on_error

    def count(self) -> int:
        try:
            return self.store.count_metrics(self.query)
        except StoreError as error:
            self.on_error(error)
            return 0

    def known_count(self) -> int | None:
        """None for a text filter over the whole store not counted yet: the table then shows
        the first page and counts in a worker."""
        try:
            return self.store.known_metric_count(self.query)
        except StoreError as error:
            self.on_error(error)
            return 0

    def fetch(self, offset: int, limit: int | None) -> list[MetricRow]:
        try:
            return self.store.metrics(self.query, offset=offset, limit=limit)
        except StoreError as error:
            self.on_error(error)
            return []
