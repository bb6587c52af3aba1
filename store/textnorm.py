"""Script folding: Traditional to Simplified with offsets kept.

Search and extraction work on a Simplified copy of the text and report offsets into the
original, so the copy must have exactly the original's length. OpenCC converts by phrase and
can, rarely, change a phrase's length; where it does we fall back to converting each
character on its own, which always keeps the length.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    out = _T2S.convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Simplified copy of ``text`` with ``len(result) == len(text)``."""
    if not text or text.isascii():
        return text
    out = _T2S.convert(text)
    if len(out) == len(text):
        return out
    return "".join(_char_t2s(ch) for ch in text)


def is_traditional(text: str) -> bool:
    """True when folding to Simplified changes a noticeable share of the CJK characters."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return False
    changed = sum(1 for a, b in zip(text, to_simplified(text)) if a != b)
    return changed >= max(3, len(cjk) // 50)


@lru_cache(maxsize=1)
def _s2t() -> tuple[opencc.OpenCC, ...]:
    # Loaded on first use: the three converters take ~0.4 s, which a command that never
    # spells Simplified as Traditional (a search, an export) should not pay at start.
    return tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


@lru_cache(maxsize=4096)
def to_traditional_forms(simplified: str) -> tuple[str, ...]:
    """The Traditional spellings of a Simplified text (OpenCC's standard, Taiwan and Hong Kong
    forms differ: 线 is 線 or 綫), each distinct one once; for matching stored text in
    either script through an index."""
    if not simplified or simplified.isascii():
        return ()
    return tuple(dict.fromkeys(c.convert(simplified) for c in _s2t()))


@lru_cache(maxsize=65536)
def pinyin_key(text: str | None) -> str | None:
    """The sort key of a name in pinyin order (济南 "ji3 nan2" before 青岛 "qing1 dao3"),
    either script alike; None for no name (sorted last). Cached: a build asks for the same
    few thousand subjects again and again, and pypinyin takes ~0.3 ms a name."""
    if not text:
        return None
    from pypinyin import Style, lazy_pinyin  # loaded on first use: the build's, not the app's

    return " ".join(lazy_pinyin(to_simplified(text), style=Style.TONE3, neutral_tone_with_five=True))
