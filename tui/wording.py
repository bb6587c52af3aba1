"""Counts in words, one rule for every message: "1 article", "2 articles"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is one (1,234 figures)."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"
