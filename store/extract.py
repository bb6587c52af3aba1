"""Extraction of one article: entities, then the metrics that refer to them.

A pure function of the article, so a build can run it in worker processes.
"""

from __future__ import annotations

from .entities import extract_entities
from .metrics import extract_metrics
from .models import Article, Extraction


def extract_article(article: Article) -> Extraction:
    mentions = extract_entities(
        article.body, title=article.title, authors=article.authors, contributors=article.contributors
    )
    metrics = extract_metrics(article.body, title=article.title, date=article.date, mentions=mentions)
    return Extraction(mentions=mentions, metrics=metrics)


def extract_text(text: str) -> Extraction:
    """Extraction of plain text with no article around it (``kechuang extract``)."""
    mentions = extract_entities(text)
    return Extraction(mentions=mentions, metrics=extract_metrics(text, mentions=mentions))
