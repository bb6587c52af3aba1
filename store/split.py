"""Splitting a document into articles. (Placeholder: being written.)"""

from __future__ import annotations

from .models import Article


def split_articles(text: str, source: str) -> list[Article]:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    return [Article(source=source, index=0, title=paras[0] if paras else None, body="\n".join(paras[1:]))]
