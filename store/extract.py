"""Extraction of one article: entities, then the metrics that refer to them.

A pure function of the article, so a build can run it in worker processes. Offsets point into
``Article.text`` (head lines, then body), so the reporters named in a byline and the places in
a title are mentions with exact offsets like any other.
"""

from __future__ import annotations

from collections.abc import Sequence

from .entities import extract_entities
from .metrics import extract_metrics
from .models import Article, Extraction
from .tagger import Token, tag_text, tag_texts
from .textnorm import to_simplified


def article_tokens(articles: Sequence[Article]) -> list[list[Token]]:
    """The tagger's words of each article's Simplified text, all tagged in one batched pass
    (``tag_texts``): what ``extract_article`` takes as ``tokens``."""
    return tag_texts([to_simplified(a.text) if a.text.strip() else "" for a in articles])


def extract_article(article: Article, *, use_model: bool = True,
                    tokens: list[Token] | None = None) -> Extraction:
    """Entities and metrics of one article. ``use_model=False`` is the cheap extraction of an
    over-long article (see ``store.build.MAX_EXTRACT_CHARS``): no tagger (``tokens=[]``) and
    no figures, whose extraction grows faster than linearly with the text's length.
    ``tokens``: the article's words from ``article_tokens``, when the caller tagged several
    articles at once."""
    text = article.text
    # The tagger runs once: its words give the entities and the edges of each indicator.
    if not use_model or not text.strip():
        tokens = []
    elif tokens is None:
        tokens = tag_text(to_simplified(text))
    mentions = extract_entities(
        text, title=article.title, authors=article.authors, contributors=article.contributors,
        tokens=tokens,
    )
    if not use_model:
        return Extraction(mentions=mentions, metrics=[])
    metrics = extract_metrics(text, title=article.title, date=article.date, mentions=mentions,
                              publisher=article.publisher, tokens=tokens)
    # A headline restates a figure of the body in short (超47亿元 for 47.53亿元): figures are
    # the body's, so the one fact is not listed twice.
    body_start = article.body_start
    metrics = [m for m in metrics if m.start >= body_start]
    return Extraction(mentions=mentions, metrics=metrics)


def extract_text(text: str) -> Extraction:
    """Extraction of plain text with no article around it (``kechuang extract``)."""
    tokens = tag_text(to_simplified(text)) if text.strip() else []
    mentions = extract_entities(text, tokens=tokens)
    return Extraction(mentions=mentions, metrics=extract_metrics(text, mentions=mentions, tokens=tokens))
