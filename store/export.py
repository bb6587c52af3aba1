"""The JSON Lines export shape (documented in tests/data/score_gold.py): from extraction
records, or from a built store."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import TextIO

from .models import Article, Extraction


def mention_record(m, shift: int = 0) -> dict:
    """Export shape of a mention; ``shift`` turns offsets into the article as printed into
    body offsets (a mention in the head lines then has a negative start and ``head`` true)."""
    start, end = m.start - shift, m.end - shift
    return {"text": m.text, "type": m.type, "start": start, "end": end, "name": m.name, "path": m.path,
            "head": start < 0}


def metric_record(m, shift: int = 0) -> dict:
    return {
        "text": m.text,
        "quantity": m.quantity,
        "value": m.value,
        "unit": m.unit,
        "base_value": m.base_value,
        "base_unit": m.base_unit,
        "qualifier": m.qualifier,
        "indicator": m.indicator,
        "subject": m.subject,
        "subject_path": m.subject_path,
        "period": m.period,
        "change": asdict(m.change) if m.change else None,
        "start": m.start - shift,
        "end": m.end - shift,
        "sentence_start": m.sentence_start - shift,
        "sentence_end": m.sentence_end - shift,
    }


def article_record(article: Article, extraction: Extraction | None = None) -> dict:
    """One export line: an article with its entities and metrics."""
    extraction = extraction or Extraction()
    shift = int(getattr(article, "body_start", 0) or 0)  # extraction saw head lines + body
    return {
        "source": os.path.basename(article.source),
        "title": article.title,
        "subtitle": article.subtitle,
        "kicker": article.kicker,
        "authors": list(article.authors),
        "contributors": list(article.contributors),
        "publisher": article.publisher,
        "date": article.date,
        "body": article.body,
        "entities": [mention_record(m, shift) for m in extraction.mentions],
        "metrics": [metric_record(m, shift) for m in extraction.metrics],
    }


# Export of a built store -------------------------------------------------------------------

def stored_mention_record(m) -> dict:
    """Export shape of a stored mention (``query.MentionRow``)."""
    return {"text": m.text, "type": m.type, "start": m.start, "end": m.end, "name": m.name, "path": m.path,
            "head": m.start < 0}


def stored_metric_record(m) -> dict:
    """Export shape of a stored figure (``query.MetricRow``): the same keys as ``metric_record``."""
    return {
        "text": m.text,
        "quantity": m.quantity,
        "value": m.value,
        "unit": m.unit,
        "base_value": m.base_value,
        "base_unit": m.base_unit,
        "qualifier": m.qualifier,
        "indicator": m.indicator,
        "subject": m.subject,
        "subject_path": m.subject_path,
        "period": m.period,
        "change": asdict(m.change) if m.change else None,
        "start": m.start,
        "end": m.end,
        "sentence_start": m.sentence_start,
        "sentence_end": m.sentence_end,
    }


def stored_article_record(detail) -> dict:
    """One export line from a stored article (``query.ArticleDetail``)."""
    return {
        "source": detail.source,
        "title": detail.title,
        "subtitle": detail.subtitle,
        "kicker": detail.kicker,
        "authors": list(detail.authors),
        "contributors": list(detail.contributors),
        "publisher": detail.publisher,
        "date": detail.date,
        "body": detail.body,
        "entities": [stored_mention_record(m) for m in detail.mentions],
        "metrics": [stored_metric_record(m) for m in detail.metrics],
    }


def iter_store_records(store, *, page: int = 500) -> Iterator[dict]:
    """Every article of a ``query.Store`` in document order, as export records."""
    offset = 0
    while True:
        rows = store.articles(offset=offset, limit=page)
        if not rows:
            return
        for row in rows:
            yield stored_article_record(store.article(row.id))
        offset += len(rows)


def write_jsonl(records: Iterable[dict], out: TextIO) -> int:
    """Write records as JSON Lines (UTF-8 characters kept as they are); returns the count."""
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
