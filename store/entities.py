"""Entity extraction. (Placeholder: being written.)"""

from __future__ import annotations

from .models import Mention


def extract_entities(
    body: str,
    *,
    title: str | None = None,
    authors: list[str] | tuple[str, ...] = (),
    contributors: list[str] | tuple[str, ...] = (),
) -> list[Mention]:
    return []
