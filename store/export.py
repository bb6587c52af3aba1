"""The JSON Lines export shape (documented in ../shared/tools/score_gold.py)."""

from __future__ import annotations

import os
from dataclasses import asdict

from .models import Article, Extraction


def mention_record(m) -> dict:
    return {"text": m.text, "type": m.type, "start": m.start, "end": m.end, "name": m.name, "path": m.path}


def metric_record(m) -> dict:
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


def article_record(article: Article, extraction: Extraction | None = None) -> dict:
    """One export line: an article with its entities and metrics."""
    extraction = extraction or Extraction()
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
        "entities": [mention_record(m) for m in extraction.mentions],
        "metrics": [metric_record(m) for m in extraction.metrics],
    }
