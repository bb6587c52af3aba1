"""Search: segmentation, query parsing, both scripts, ranking, exact highlight spans."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.build import build
from store.errors import QueryError
from store.paths import bundled_seeds_dir
from store.query import Store
from store.search import (
    LEAD_CHARS,
    char_form,
    find_spans,
    fold,
    fold_check,
    gram_form,
    index_forms,
    parse_query,
    rank_candidates,
)
from store.textnorm import to_simplified

from .stores import one_file_store

NASTY = [
    "", "   ", "\u3000", '"', '""', '"unterminated', "AND(", "AND", "OR", "NOT", "NEAR(a b)", "*", "a*", ":",
    "title:济南", "-", "--", "-济南", "- 济南", "济南 -", "(", ")", "((济南", "{title_w}: x", "^", "+",
    "😀", "😀济南😀", "'; DROP TABLE articles; --", "\\", "%", "_", "济南 OR", "OR 济南", "OR OR OR",
    "NOT 济南", "a NOT", "\x00", "\n\t", "科技" * 200, "-\"济南\"", '"济 南"', "ＡＩ", "１２", "a:b:c",
    "col:\"x\"", "\"\"\"", "济南 AND OR NOT 高新区", "𠀀", "﷽", "\ufeff济南",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("search")
    # A small fixture of our own beside the seeds: one Traditional, one Simplified article.
    (folder / "trad.txt").write_text("濟南高新區發展報告\n\n濟南高新區今年新增高新技術企業一百家。\n", encoding="utf-8")
    (folder / "simp.txt").write_text("章丘区科技创新\n\n济南市章丘区推动科技创新，量子通信产业加快发展。\n", encoding="utf-8")
    db = folder / "search.db"
    report = build([bundled_seeds_dir(), folder], db)
    assert not report.errors
    s = Store(db)
    yield s
    s.close()


def test_char_form_is_folded_one_token_per_character():
    assert char_form(fold("AI芯片，5G")) == "ai 芯 片 5g"
    assert char_form(fold("濟南高新區")) == "济 南 高 新 区"


def test_index_forms_hold_the_pair_form_and_the_folded_head():
    body = "濟南高新區" * 100
    forms = index_forms("濟南報告", body)
    assert forms.title_g == "济南 南报 报告 告" and forms.title_f == "济南报告"
    assert forms.lead_f == fold(body)[:LEAD_CHARS] and len(forms.lead_f) == LEAD_CHARS
    assert forms.body_g.split()[:3] == ["济南", "南高", "高新"]


def test_gram_form_is_one_token_per_character_position():
    # A non-ASCII character followed by another becomes the pair; ASCII words, a character
    # before an ASCII word and the last character stay themselves.
    assert gram_form(char_form(fold("AI芯片，5G基站建设"))) == "ai 芯片 片 5g 基站 站建 建设 设"
    assert gram_form("") == ""


@pytest.mark.parametrize("query,grams", [
    ("济南", ["济南"]), ("高新区", ["高新", "新区"]), ("5g基站", ["5g", "基站"]), ("基5g", ["基", "5g"]),
    ("ai", ["ai"]), ("济", ["济*"]), ("5g基", ["5g", "基*"]),
])
def test_term_pair_phrases(query, grams):
    (term,) = parse_query(f'"{query}"').highlight_terms()
    assert term.grams() == grams


@pytest.mark.parametrize("query", ["济南", "高新区", "科技创新", "量子通信", '"科技 创新"', "章丘 OR 量子",
                                   "济南 -高新区", "同比增长", "5g", "新区 发展", "新", "济南 新", "济南 -新",
                                   '"5g 基"', '"a 股"', '"济 南"', "新材料", "区 OR 市"])
def test_pair_table_matches_what_the_query_means(store, query):
    # The oracle: the query decided in Python over every folded title and body (the
    # characters of each word in a row, punctuation between them allowed).
    parsed = parse_query(query)
    expected = {aid for aid, title, body in store._query("SELECT id, title, body FROM articles")
                if parsed.matches(fold(title or "") + "\n" + fold(body))}
    found = {r[0] for r in store._query("SELECT rowid FROM articles_grams WHERE articles_grams MATCH ?",
                                        (parsed.match_expression(),))}
    assert found == expected
    # What a search steps through (the rarest part of a long word, the rarest word first)
    # finds these and maybe more; its test of the whole words keeps exactly these.
    expression, exact = parsed.step_expression(store._gram_docs(parsed))
    stepped = {r[0] for r in store._query("SELECT rowid FROM articles_grams WHERE articles_grams MATCH ?",
                                          (expression,))}
    assert stepped >= found and (stepped == found or not exact)
    rows = store._query("SELECT a.id, h.title_f, h.lead_f, a.body FROM articles a JOIN article_heads h ON h.id = a.id")
    assert {aid for aid, title_f, lead_f, body in rows if aid in stepped and parsed.holds(title_f, lead_f, body)
            and not any(all(t.regex().search(fold(title_f + "\n" + body)) for t in terms)
                        for terms in parsed.excluded)} == found
    assert found or query in ("5g", "济南 -高新区", '"5g 基"', '"a 股"')


def test_fold_keeps_length():
    text = "濟南高新區ABC，發展"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_give_results_or_query_error(store, query):
    try:
        hits = store.search(query)
    except QueryError as exc:
        assert str(exc)
    else:
        assert isinstance(hits, list)


@pytest.mark.parametrize("query", ["", "*", "😀", '"', "-济南", "OR", ":"])
def test_unsearchable_queries_say_why(query):
    with pytest.raises(QueryError):
        parse_query(query)


def test_match_expression_is_built_from_quoted_tokens():
    parsed = parse_query('济南 "科技 创新" OR 量子 -锻件')
    expr = parsed.match_expression()
    assert '"济南"' in expr and "NOT" in expr and '"科技 技创 创新"' in expr and '"锻件"' in expr
    assert parse_query("济南 新").match_expression() == '(("济南")) AND ((("新" *)))'
    # The exact expression keeps the words as typed, for SQL users (kechuang search --match).
    assert (parse_query("新 高新技术企业 济南", split=False).match_expression()
            == '((("新" *))) AND (("高新 新技 技术 术企 企业")) AND (("济南"))')


def test_a_long_word_is_stepped_through_by_its_rarest_pairs_in_a_row():
    (term,) = parse_query("数据中心机房", split=False).highlight_terms()
    assert term.grams() == ["数据", "据中", "中心", "心机", "机房"]
    docs = {"数据": 900, "据中": 40, "中心": 800, "心机": 30, "机房": 100}
    assert term.step_tokens(docs) == (["心机", "机房"], False)  # 30 x 100: the fewest together
    # A token the count has not seen is newer than the count: rare.
    assert term.step_tokens({**docs, "数据": 0}) == (["数据", "据中"], False)
    # Words of one or two pairs, and a prefix token, are their whole phrase.
    for word in ("高新区", "济南", "5g基"):
        (short,) = parse_query(f'"{word}"').highlight_terms()
        assert short.step_tokens(docs) == (short.grams(), True)


def test_the_step_expression_puts_the_rarest_first_and_keeps_excluded_words_whole():
    docs = {"高新": 50, "新技": 9, "技术": 90, "术企": 8, "企业": 95, "济南": 30, "人工": 70, "工智": 60, "智能": 80}
    expression, exact = parse_query("新 高新技术企业 济南 -人工智能", split=False).step_expression(docs)
    assert not exact
    # 高新 x 新技 the fewest together; 济南 after the 9 articles of 新技; the prefix token last.
    assert expression == '(("高新 新技")) AND (("济南")) AND ((("新" *))) NOT ("人工 工智 智能")'
    # Short words are exact; 新区, not counted, is rare and goes first.
    assert parse_query("济南 高新区", split=False).step_expression(docs) == ('(("高新 新区")) AND (("济南"))', True)


@pytest.mark.parametrize("title,body,holds", [
    ("数据中心机房建成", "正文与此无关。", True),  # in the title
    ("报告", "新建数据中心机房三处。", True),  # in the lead
    ("报告", "开头。" * 100 + "數據中心機房", True),  # past the lead, in Traditional
    ("报告", "中心机房一处，数据另计。", False),  # its rarest part only
    ("报告", "数据中心、机房", True),  # punctuation between characters, as the index allows
])
def test_holds_decides_a_candidate_as_the_whole_phrase_would(title, body, holds):
    parsed = parse_query("数据中心机房", split=False)
    assert parsed.holds(fold(title), fold(body)[:LEAD_CHARS], body) is holds
    assert parsed.matches(fold(title) + "\n" + fold(body)) is holds


def test_an_ascii_word_cut_at_the_lead_is_read_on_in_the_body():
    body = "一" * (LEAD_CHARS - 2) + "abc 芯片"
    lead = fold(body)[:LEAD_CHARS]
    assert lead.endswith("ab")
    assert not parse_query("ab 芯片", split=False).holds("", lead, body)
    assert parse_query("abc 芯片", split=False).holds("", lead, body)


def test_search_steps_through_a_part_and_keeps_only_the_whole_word(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "whole.txt": "机房报告\n\n新区的数据中心机房今年投入使用。\n",
        "trad.txt": "機房報告\n\n" + "开头。" * 80 + "數據中心機房擴建。\n",
        # 数据中 and 心机房 but not the word: what stepping through a part of it finds too
        "part.txt": "机房报告\n\n数据中有心机房。\n",
        "other.txt": "气象报告\n\n今日晴。\n",
    }
    for i in range(3):  # 中心 common, so the rarest part is 数据中 (数据 x 据中: 3 x 3)
        texts[f"city{i}.txt"] = "城区报告\n\n中心城区扩容。\n"
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    build([folder], db)
    with Store(db) as s:
        # gram_docs counts the articles each token is in.
        docs = dict(s._query("SELECT term, docs FROM gram_docs"))
        assert docs["机房"] == 3 and docs["数据"] == 3 and docs["中心"] == 5 and docs["晴"] == 1
        parsed = parse_query("数据中心机房", split=False)
        expression, exact = parsed.step_expression(s._gram_docs(parsed))
        assert not exact
        stepped = {r[0] for r in s._query("SELECT rowid FROM articles_grams WHERE articles_grams MATCH ?",
                                          (expression,))}
        names = {aid: name for aid, name in s._query("SELECT a.id, d.name FROM articles a JOIN documents d"
                                                      " ON d.id = a.document_id")}
        assert {names[a] for a in stepped} == {"whole.txt", "trad.txt", "part.txt"}
        assert sorted(names[h.article_id] for h in s.search("数据中心机房")) == ["trad.txt", "whole.txt"]
        assert [names[h.article_id] for h in s.search("数据中心机房", limit=1)] in (["whole.txt"], ["trad.txt"])


def test_rank_puts_title_hits_first_then_score_then_newest():
    terms = parse_query("量子 通信").highlight_terms()
    heads = [
        (1, "北斗导航", "量子通信量子通信量子"),  # many lead hits
        (2, "量子通信白皮书", "北斗"),  # a title hit: first
        (3, "北斗", "量子一词"),
        (4, "北斗", "量子一词"),  # same as 3, newer: before it
        (5, "其他", "无关"),  # matched deeper in its body: last
    ]
    ranked = rank_candidates(heads, terms)
    assert [aid for aid, _, _ in ranked] == [2, 1, 4, 3, 5]
    assert [t for _, _, t in ranked] == [True, False, False, False, False]
    scores = {aid: score for aid, score, _ in ranked}
    assert scores[1] > scores[4] == scores[3] > scores[5] == 0.0


def test_rank_weighs_rare_words_over_common_ones():
    # 量子 in every candidate's lead says little; 章丘 in one says a lot.
    terms = parse_query("量子 章丘").highlight_terms()
    heads = [(i, "报告", "量子量子量子") for i in range(1, 9)] + [(9, "报告", "量子章丘")]
    assert rank_candidates(heads, terms)[0][0] == 9


def test_rank_counts_ascii_words_whole():
    terms = parse_query("ai").highlight_terms()
    ranked = rank_candidates([(1, "x", "said paid"), (2, "x", "ai芯片")], terms)
    assert [(aid, score > 0) for aid, score, _ in ranked] == [(2, True), (1, False)]


def test_search_orders_title_hits_first_then_by_score(store):
    hits = store.search("章丘 OR 量子")
    assert len(hits) >= 3 and hits[0].title_spans and not hits[-1].title_spans
    in_title = [bool(h.title_spans) for h in hits]
    assert in_title == sorted(in_title, reverse=True)
    rest = [h.score for h in hits if not h.title_spans]
    assert rest == sorted(rest, reverse=True)


def test_fold_check_is_stable_and_stored(store):
    assert fold_check() == fold_check() and len(fold_check()) == 16
    assert store._query("SELECT value FROM meta WHERE key = 'fold_check'")[0][0] == fold_check()


def test_a_store_folded_differently_is_rebuilt_from_scratch(tmp_path):
    folder, db = one_file_store(tmp_path)  # a report on 量子通信 in 章丘区
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = 'other' WHERE key = 'fold_check'")
    conn.commit()
    conn.close()
    report = build([folder], db)
    assert report.files_built == 1 and any("rebuilt it from scratch" in n for n in report.notes)
    with Store(db) as s:
        assert len(s.search("量子通信")) == 1


@pytest.mark.parametrize("query,other", [("济南", "濟南"), ("高新区", "高新區"), ("发展", "發展")])
def test_simplified_and_traditional_find_each_other(store, query, other):
    a = {h.article_id for h in store.search(query, limit=100)}
    b = {h.article_id for h in store.search(other, limit=100)}
    assert a and a == b


def test_traditional_article_found_by_simplified_query(store):
    titles = [h.title for h in store.search("济南高新区发展报告")]
    assert "濟南高新區發展報告" in titles


@pytest.mark.parametrize("query,expected_in_title", [
    ("章丘", "章丘区"),  # jieba keeps 章丘区 whole in context
    ("高新区", "高新区"),  # inside 济南高新区 / 汕头高新区
    ("北斗", "北斗"),
    ("天桥区", "天桥区"),
    ("钢城", "钢城区"),
    ("汕头", "汕头高新区"),
    ("株洲", "株洲"),
    ("槐荫", "槐荫区"),
    ("量子", "章丘区科技创新"),
    ("数字经济", "数字经济"),
    ("校地", "校地融合"),
    ("综保区", "综保区"),
])
def test_real_queries_on_the_seeds(store, query, expected_in_title):
    hits = store.search(query)
    assert any(expected_in_title in to_simplified(h.title) for h in hits), [h.title for h in hits]


def test_two_character_words_match(store):
    for word in ("人才", "科技", "创新", "锻件"):
        assert store.search(word), word


def test_spans_are_exact_in_the_original_script(store):
    for query in ("济南", "濟南", "高新区", "科技创新", '"科技 金融"'):
        for hit in store.search(query, limit=100):
            detail = store.article(hit.article_id)
            assert hit.body_spans or hit.title_spans
            wanted = fold(query).replace('"', "").replace(" ", "")
            for s, e in hit.body_spans:
                assert fold(detail.body[s:e]).replace(" ", "") in wanted
            for s, e in hit.snippet_spans:
                assert fold(hit.snippet[s:e]).replace(" ", "") in wanted
            for s, e in hit.title_spans:
                assert fold(hit.title[s:e]).replace(" ", "") in wanted


def test_traditional_body_highlighted_in_traditional(store):
    hit = next(h for h in store.search("济南高新区") if h.title.startswith("濟南高新區發展"))
    detail = store.article(hit.article_id)
    assert {detail.body[s:e] for s, e in hit.body_spans} == {"濟南高新區"}
    assert {hit.title[s:e] for s, e in hit.title_spans} == {"濟南高新區"}


def test_title_matches_rank_first(store):
    hits = store.search("科技", limit=100)
    with_title = [bool(h.title_spans) for h in hits]
    assert with_title == sorted(with_title, reverse=True)
    assert with_title[0]


def test_or_and_exclusion(store):
    a = {h.article_id for h in store.search("量子", limit=100)}
    b = {h.article_id for h in store.search("北斗", limit=100)}
    assert {h.article_id for h in store.search("量子 OR 北斗", limit=100)} == a | b
    both = {h.article_id for h in store.search("科技 -济南", limit=100)}
    assert both and not both & {h.article_id for h in store.search("济南", limit=100)}


def test_phrase_requires_adjacent_words(store):
    phrase = {h.article_id for h in store.search('"科技金融"', limit=100)}
    words = {h.article_id for h in store.search("科技 金融", limit=100)}
    assert phrase and phrase <= words


def test_find_spans_merges_overlaps():
    terms = parse_query("济南 济南高新区").highlight_terms()
    assert find_spans(fold("在濟南高新區"), terms) == [(1, 6)]


def test_limit_zero_returns_nothing(store):
    assert store.search("济南", limit=0) == []


def test_search_latency_is_small(store):
    import time

    started = time.perf_counter()
    store.search("济南 科技")
    assert time.perf_counter() - started < 2.0
    assert Path(store.db_path).exists()


@pytest.mark.parametrize("query", ["济南", "科技 创新", "濟南 高新區", "量子 OR 章丘", "\"高新技术\"", "GDP"])
def test_lazy_body_spans_snippet_window_and_match_spans_agree(store, query):
    """Highlights are computed over the snippet window; body spans when first read (or by
    Store.match_spans): both must equal the spans over the whole folded body."""
    terms = parse_query(query).highlight_terms()
    for hit in store.search(query):
        body = store.article(hit.article_id).body
        whole = find_spans(fold(body), terms)
        assert hit.body_spans == whole == store.match_spans(hit.article_id, query)
        if whole:
            assert hit.snippet.replace("…", "").startswith(body[max(0, whole[0][0] - 24):][:10].replace("\n", " "))
        for s, e in hit.snippet_spans:
            assert fold(hit.snippet[s:e]) and find_spans(fold(hit.snippet[s:e]), terms) == [(0, e - s)]


def test_fold_lowers_ascii_only():
    assert fold("ＡI GDP Straße İ 濟南") == "Ａi gdp straße İ 济南"


def test_changed_file_leaves_no_pairs_behind(tmp_path):
    # articles_grams is contentless: a rebuild deletes a changed file's rows by their pair
    # form; a wrong form would leave the old words findable (or corrupt the index).
    folder, db = one_file_store(tmp_path)
    (folder / "a.txt").write_text("北斗导航报告\n\n青岛市北斗导航产业加快发展。\n", encoding="utf-8")
    build([folder], db)
    with Store(db) as s:
        assert not s.search("量子通信") and not s.search("章丘")
        assert s.search("北斗导航") and s.search("青岛")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO articles_grams(articles_grams, rank) VALUES ('integrity-check', 0)")
    # no stale postings (a search would drop them as rowids without an article, silently)
    assert not conn.execute("SELECT rowid FROM articles_grams WHERE articles_grams MATCH '量子 OR 章丘 OR 白皮'").fetchall()
    conn.close()


def test_a_large_build_merges_the_index_and_keeps_every_match(tmp_path, monkeypatch):
    import store.build as build_module

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"量子通信报告{i}\n\n济南市章丘区量子通信产业{i}加快发展。\n", encoding="utf-8")
    calls = []
    real_finish = build_module._Writer.finish

    def finish(self, changed, written=0):
        calls.append(written)
        return real_finish(self, changed, written)

    monkeypatch.setattr(build_module, "OPTIMIZE_MIN_ARTICLES", 2)
    monkeypatch.setattr(build_module._Writer, "finish", finish)
    db = tmp_path / "s.db"
    build([folder], db)
    (folder / "0.txt").write_text("北斗导航报告\n\n青岛市北斗导航产业加快发展。\n", encoding="utf-8")
    build([folder], db)  # one article written: below the threshold, no merge
    assert calls == [3, 1]
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO articles_grams(articles_grams, rank) VALUES ('integrity-check', 0)")
    conn.close()
    with Store(db) as s:
        assert len(s.search("量子通信")) == 2 and len(s.search("北斗")) == 1


def _many_articles_store(tmp_path: Path, articles: list[tuple[str, str]]) -> Store:
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "page.md").write_text("".join(f"# {t}\n\n{b}\n\n" for t, b in articles), encoding="utf-8")
    db = tmp_path / "many.db"
    build([folder], db)
    return Store(db)


def test_a_word_as_typed_ranks_before_articles_holding_only_its_parts(tmp_path):
    # Titles hold the parts jieba cuts 新材料企业 into, so by title and score alone the
    # articles holding only the parts would lead; the one holding the word as typed leads.
    parts = [(f"新材料产业与企业座谈第{n}场", f"会上介绍了新材料方面的进展，{n}家企业代表发言。") for n in range(1, 5)]
    whole = ("园区动态", "园区一家新材料企业完成扩产，产值增长两成。")
    with _many_articles_store(tmp_path, [*parts[:2], whole, *parts[2:]]) as store:
        hits = store.search("新材料企业", limit=10)
        bodies = [store.article(h.article_id).body for h in hits]
    assert "新材料企业" in bodies[0]
    assert len(hits) == 5  # the articles holding only the parts still follow
    assert all("新材料企业" not in b for b in bodies[1:])


def test_one_word_and_quoted_queries_need_no_segmenter():
    # The as-typed form of a query is parsed without jieba (a command that starts fast).
    parsed = parse_query('济南 "高新 技术"', split=False)
    assert [t.text for t in parsed.highlight_terms()] == ["济南", "高 新 技 术"]
    assert [t.text for t in parse_query("高新技术企业", split=False).highlight_terms()] == ["高新技术企业"]
    assert [t.text for t in parse_query("高新技术企业").highlight_terms()] != ["高新技术企业"]


def test_a_phrase_query_lights_the_phrase_in_snippet_and_reader(tmp_path):
    from .stores import one_file_store

    lead = "园区技术人员介绍了新设备。" + "这里的企业订单饱满，产能持续扩大。" * 12
    text = f"园区动态\n\n{lead}签订合同的企业越来越多。\n\n今年前三季度，全区技术合同成交额突破十亿元。\n"
    _, db = one_file_store(tmp_path, text)
    with Store(db) as store:
        [hit] = store.search("技术合同成交额")
        assert "技术合同成交额突破十亿元" in hit.snippet
        assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["技术合同成交额"]
        body = store.article(hit.article_id).body
        # n in the reader steps through the phrase, not through 技术 and 合同 one by one.
        assert [body[s:e] for s, e in hit.body_spans] == ["技术合同成交额"]
        assert [body[s:e] for s, e in store.match_spans(hit.article_id, "技术合同成交额")] == ["技术合同成交额"]
