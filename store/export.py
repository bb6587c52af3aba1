"""The JSON Lines export shape (documented in tests/data/score_gold.py): from extraction
records, or from a built store."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import TextIO

from .models import Article, Extraction, head_lines, locate, printed_fields, printed_text


def mention_record(m, shift: int = 0, field: str | None = None) -> dict:
    """Export shape of a mention; ``shift`` moves offsets by that many characters; ``field``
    (when given) names the part of the article it lies in (store.models.TEXT_FIELDS)."""
    record = {"text": m.text, "type": m.type, "start": m.start + shift, "end": m.end + shift,
              "name": m.name, "path": m.path}
    if field is not None:
        record["field"] = field
    return record


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
        "kind": m.kind,
        "subject_start": None if m.subject_start is None else m.subject_start + shift,
        "subject_end": None if m.subject_end is None else m.subject_end + shift,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "start": m.start + shift,
        "end": m.end + shift,
        "sentence_start": m.sentence_start + shift,
        "sentence_end": m.sentence_end + shift,
    }


def article_record(article: Article, extraction: Extraction | None = None) -> dict:
    """One export line: an article with its entities and metrics.

    ``body`` is the article as printed (head lines, then paragraphs), the text extraction
    read, so the reporters of a byline and the places of a title carry valid offsets too;
    each entity's ``field`` says which part of it (title, byline, body ...) it lies in.
    """
    extraction = extraction or Extraction()
    fields = printed_fields(article.kicker, article.title, article.subtitle, article.byline, article.body)
    return {
        "source": os.path.basename(article.source),
        "title": article.title,
        "subtitle": article.subtitle,
        "kicker": article.kicker,
        "authors": list(article.authors),
        "contributors": list(article.contributors),
        "publisher": article.publisher,
        "date": article.date,
        "byline": article.byline,
        "body": article.text,
        "entities": [mention_record(m, field=locate(fields, m.start, m.end)[0]) for m in extraction.mentions],
        "metrics": [metric_record(m) for m in extraction.metrics],
    }


# Export of a built store -------------------------------------------------------------------

def stored_mention_record(m, shift: int = 0) -> dict:
    """Export shape of a stored mention (``query.MentionRow``): the store keeps offsets into
    the mention's own part (``m.field``), ``shift`` (where that part starts in the printed
    text) makes them offsets into the printed text; the record keeps ``field``."""
    return mention_record(m, shift, m.field)


def stored_metric_record(m, shift: int = 0) -> dict:
    """Export shape of a stored figure (``query.MetricRow``): it has the fields of a
    ``Metric``, so it takes the same shape."""
    return metric_record(m, shift)


def stored_article_record(detail) -> dict:
    """One export line from a stored article (``query.ArticleDetail``), the same as
    ``article_record`` gives for the article it was built from."""
    head = head_lines(detail.kicker, detail.title, detail.subtitle, detail.byline)
    shift = sum(len(line) + 1 for line in head)
    starts = {name: at for name, at, _ in printed_fields(detail.kicker, detail.title, detail.subtitle,
                                                           detail.byline, detail.body)}
    return {
        "source": detail.source,
        "title": detail.title,
        "subtitle": detail.subtitle,
        "kicker": detail.kicker,
        "authors": list(detail.authors),
        "contributors": list(detail.contributors),
        "publisher": detail.publisher,
        "date": detail.date,
        "byline": detail.byline,
        "body": printed_text(head, detail.body),
        "entities": [stored_mention_record(m, starts[m.field]) for m in detail.mentions],
        "metrics": [stored_metric_record(m, shift) for m in detail.metrics],
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
