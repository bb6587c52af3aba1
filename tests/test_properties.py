"""Property tests: splitting, extraction and search never raise on any text, and every
offset they report holds.

Strategies mix CJK, Chinese punctuation, digits and magnitude words, newlines, ``#`` and
``□`` markers, spaces and emoji, plus whole fragments of real pages (bylines, units, company
suffixes) so the interesting code paths are reached, not only the "nothing found" one.
The tagger model is slow, so example counts are moderate and texts short.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.build import build
from store.errors import QueryError
from store.extract import extract_article, extract_text
from store.models import Article
from store.query import Store
from store.split import split_articles

CJK = "科技创新济南市章丘区高新区同比增长亿万元家项人研究院有限公司局长王李张伟记者报道讯濟區業長來源"
PUNCT = "。，、“”《》（）：；！？…—·-/％%"
ODD = "#□◎ \n\t\u3000\u200b🚀😀\ufeffＡ１２"
FRAGMENTS = [
    "同比增长", "43.5%", "81.9亿元", "1.8万余家", "万亿", "亿", "万", "544家", "17项", "1-10月份", "2022年",
    "11月8日", "有限公司", "伊莱特能源装备股份有限公司", "研究院", "科技局", "济南市章丘区", "山东省",
    "□ 本报记者 段婷婷 申红\n", "◎本报记者 王延斌 通讯员 李晓君\n", "科技日报讯（记者俞慧友 实习生陈思霖）",
    "# ", "## ", "\n\n", "\n", "來源:大眾日報\n", "2021-02-01 10:06:02\n", "《济南市数字经济行动计划》",
    "较去年增加109家", "占比75.5%", "超", "近", "余", "约", "一百二十", "三", "第一", "KN95", "5G", "（",
    "）", "“", "”", "。", "，",
]

text_pieces = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(alphabet=CJK + PUNCT + ODD + "0123456789.", min_size=1, max_size=6),
    st.text(min_size=1, max_size=3),  # anything at all, surrogates excluded by hypothesis
)
texts = st.lists(text_pieces, max_size=40).map("".join)

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def check_extraction_offsets(body: str, extraction) -> None:
    """``body`` is the text extraction read: an article's printed text (head lines + body)."""
    for m in extraction.mentions:
        assert 0 <= m.start <= m.end <= len(body), m
        assert body[m.start:m.end] == m.text, (m, body[m.start:m.end])
    for m in extraction.metrics:
        assert 0 <= m.start <= m.end <= len(body), m
        assert body[m.start:m.end] == m.text, (m, body[m.start:m.end])
        assert 0 <= m.sentence_start <= m.start and m.end <= m.sentence_end <= len(body), m


@PROPERTY_SETTINGS
@given(texts)
def test_split_never_raises_and_spans_hold(text: str) -> None:
    articles = split_articles(text, "p.txt")
    assert isinstance(articles, list)
    previous_end = 0
    for article in articles:
        assert isinstance(article.body, str)
        start, end = article.span
        assert 0 <= start <= end <= len(text), (article.span, len(text))
        assert start >= previous_end or start == end == 0, "articles must not overlap"
        previous_end = max(previous_end, end)
        assert "\n\n" not in article.body, "the body holds no blank lines"


@PROPERTY_SETTINGS
@given(texts)
def test_extract_text_never_raises_and_offsets_hold(text: str) -> None:
    check_extraction_offsets(text, extract_text(text))


@PROPERTY_SETTINGS
@given(texts, st.one_of(st.none(), texts))
def test_extract_article_offsets_hold(body: str, title: str | None) -> None:
    article = Article(source="p.txt", index=0, title=title, body=body, authors=["段婷婷"])
    check_extraction_offsets(article.text, extract_article(article))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_split_then_extract_offsets_hold(text: str) -> None:
    for article in split_articles(text, "p.txt"):
        check_extraction_offsets(article.text, extract_article(article))


@pytest.fixture(scope="module")
def search_store(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("prop")
    src = root / "src"
    src.mkdir()
    (src / "a.txt").write_text("章丘区科技创新跑出加速度\n\n□ 本报记者 段婷婷\n\n"
                               "1-10月份，济南市章丘区累计完成工业投资81.9亿元，同比增长43.5%。\n", encoding="utf-8")
    (src / "b.txt").write_text("來源:大眾日報\n2021-02-01 10:06:02\n原標題:濟南高新區邁向一流\n"
                               "濟南綜合保稅區實現進出口總額100.5億元。\n", encoding="utf-8")
    db = root / "p.db"
    build([src], db)
    store = Store(Path(db))
    yield store
    store.close()


queries = st.one_of(
    texts,
    st.text(max_size=20),
    st.sampled_from(['"', '""', "*", "NEAR(a b)", "a OR", "AND", "NOT 章丘", "(", ")", "^", ":", "title_w:章丘",
                     "-", "'", "\\", "\x00", "章丘 AND", "工业投资*", "{a b}", " ", "🚀", "%", "_", "济南 高新区"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(queries)
def test_any_query_gives_hits_or_query_error(search_store: Store, query: str) -> None:
    try:
        hits = search_store.search(query)
    except QueryError as error:
        assert str(error).strip(), "a QueryError must say why"
        return
    assert isinstance(hits, list)
    for hit in hits:
        for start, end in hit.snippet_spans:
            assert 0 <= start <= end <= len(hit.snippet)
        for start, end in hit.title_spans:
            assert 0 <= start <= end <= len(hit.title)


def test_known_queries_find_the_article(search_store: Store) -> None:
    assert search_store.search("工业投资"), "a word of the body must be found"
    assert search_store.search("济南 高新区"), "Simplified query must match Traditional text"
    assert search_store.search("濟南"), "Traditional query must match"
    with pytest.raises(QueryError):
        search_store.search("。，、")
