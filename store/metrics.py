"""Metric extraction. (Placeholder: being written.)"""

from __future__ import annotations

from .models import Mention, Metric


def extract_metrics(
    body: str,
    *,
    title: str | None = None,
    date: str | None = None,
    mentions: list[Mention] | tuple[Mention, ...] = (),
) -> list[Metric]:
    return []
