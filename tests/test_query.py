"""The query API on the seeds: paging, entity filter with admin paths, metric filters and sorting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from store.build import build
from store.db import connect_write
from store.errors import DatabaseError, QueryError, StoreError
from store.models import mention_order
from store.paths import bundled_seeds_dir
from store.query import METRIC_SORT_KEYS, Store
from store.schema import COUNTED_TABLES, create_schema

from .stores import one_file_store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    db = tmp_path_factory.mktemp("query") / "seeds.db"
    report = build([bundled_seeds_dir()], db)
    assert report.files_built == 5 and not report.errors
    s = Store(db)
    yield s
    s.close()


@contextmanager
def statements_run(store: Store) -> Iterator[list[str]]:
    """The SQL ``store`` runs meanwhile, on its connection and on the one counts run on; the
    counts it remembered are forgotten first, so each is asked of SQLite."""
    store.count_metrics(text="济南")  # counts run on a connection of their own: open it
    store._forget_counts()
    statements: list[str] = []
    connections = (store._conn, store._counter._conn)
    for conn in connections:
        conn.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        for conn in connections:
            conn.set_trace_callback(None)


def place(store: Store, name: str):
    return next(e for e in store.entities(type="place") if e.name == name)


def test_stats_match_counts(store):
    s = store.stats()
    assert s.documents == 5 and s.articles == store.count_articles() > 5
    assert s.metrics == store.count_metrics() and s.entities == len(store.entities())


def test_articles_paged_in_document_order(store):
    everything = store.articles(limit=1000)
    pages = store.articles(limit=3) + store.articles(offset=3, limit=3) + store.articles(offset=6, limit=1000)
    assert [a.id for a in pages] == [a.id for a in everything]
    assert [a.source for a in everything] == sorted(a.source for a in everything)
    assert all(a.display_title for a in everything)
    assert store.articles(offset=10_000) == []


def test_entity_filter_includes_places_below_in_the_admin_path(store):
    jinan = place(store, "济南市")
    zhangqiu = place(store, "章丘区")
    assert zhangqiu.path.startswith(jinan.path + "/")
    in_jinan = {a.id for a in store.articles(entity_id=jinan.id, limit=1000)}
    in_zhangqiu = {a.id for a in store.articles(entity_id=zhangqiu.id, limit=1000)}
    assert in_zhangqiu and in_zhangqiu <= in_jinan
    assert store.count_articles(entity_id=jinan.id) == len(in_jinan)
    assert store.count_articles(entity_id=zhangqiu.id) == len(in_zhangqiu)


def test_article_position_is_the_index_in_the_list(store):
    everything = store.articles(limit=1000)
    assert [store.article_position(a.id) for a in everything] == list(range(len(everything)))
    zhangqiu = place(store, "章丘区")
    listed = store.articles(entity_id=zhangqiu.id, limit=1000)
    assert [store.article_position(a.id, entity_id=zhangqiu.id) for a in listed] == list(range(len(listed)))
    outside = next(a for a in everything if a.id not in {b.id for b in listed})
    assert store.article_position(outside.id, entity_id=zhangqiu.id) is None
    assert store.article_position(10**9) is None


def test_article_detail_offsets_are_exact(store):
    parts = set()
    for row in store.articles(limit=1000):
        detail = store.article(row.id)
        for m in detail.mentions:
            # Every mention indexes the text of its own part (title, byline ... body), never negative.
            assert 0 <= m.start <= m.end and detail.field_text(m.field)[m.start:m.end] == m.text
            parts.add(m.field)
        assert detail.mentions == sorted(detail.mentions, key=mention_order)  # reading order
        for m in detail.metrics:
            assert detail.body[m.start:m.end] == m.text
            assert m.sentence == detail.body[m.sentence_start:m.sentence_end]
        assert len(detail.metrics) == row.metric_count
    assert {"title", "byline", "body"} <= parts  # the seeds name places in titles, reporters in bylines


def test_entities_of_an_article_count_mentions_in_it(store):
    row = max(store.articles(limit=1000), key=lambda a: a.entity_count)
    ents = store.entities(article_id=row.id)
    detail = store.article(row.id)
    assert len(ents) == row.entity_count
    assert sum(e.mention_count for e in ents) == len(detail.mentions)


def test_missing_ids_raise_store_error(store):
    with pytest.raises(StoreError):
        store.article(10**9)
    with pytest.raises(StoreError):
        store.entity(10**9)


def test_sort_by_value_uses_base_value(store):
    rows = store.metrics(sort="value", limit=None)
    base = [m.base_value for m in rows if m.base_value is not None]
    assert base == sorted(base)
    desc = [m.base_value for m in store.metrics(sort="value", descending=True, limit=None) if m.base_value is not None]
    assert desc == sorted(base, reverse=True)


@pytest.mark.parametrize("key", METRIC_SORT_KEYS)
def test_every_sort_key_works(store, key):
    assert len(store.metrics(sort=key, limit=None)) == store.count_metrics()
    assert len(store.metrics(sort=key, descending=True, limit=5)) == 5


def test_bad_sort_key_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.metrics(sort="value; DROP TABLE metrics")


def test_metrics_paging(store):
    everything = store.metrics(limit=None)
    paged = store.metrics(limit=7) + store.metrics(offset=7, limit=None)
    assert [m.id for m in paged] == [m.id for m in everything]


def test_metric_place_filter_uses_admin_path(store):
    shandong = store.metrics(place="山东省", limit=None)
    assert any(m.subject_path and m.subject_path.endswith("章丘区") for m in shandong)
    jinan = store.metrics(place="济南市", limit=None)
    assert {m.id for m in store.metrics(place="章丘区", limit=None)} <= {m.id for m in jinan} <= {m.id for m in shandong}
    assert store.count_metrics(place="山东省") == len(shandong)


def test_metric_text_filter_in_both_scripts(store):
    assert store.count_metrics(text="济南") == store.count_metrics(text="濟南") > 0


def test_metric_indicator_and_unit_filters(store):
    indicator, n = store.metric_values("indicator", limit=1)[0]
    assert store.count_metrics(indicator=indicator) == n
    assert all(m.indicator == indicator for m in store.metrics(indicator=indicator, limit=None))
    yuan = store.metrics(unit="元", limit=None)
    assert yuan and all("元" in (m.unit, m.base_unit) for m in yuan)


def test_missing_and_bad_files(tmp_path):
    with pytest.raises(DatabaseError, match="No database"):
        Store(tmp_path / "nothing.db")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 100)
    with pytest.raises(DatabaseError, match="not a kechuang database"):
        Store(bad)
    with pytest.raises(DatabaseError, match="folder"):
        Store(tmp_path)


def test_refresh_sees_a_new_build(tmp_path):
    src, db = one_file_store(tmp_path, "第一篇\n\n济南市的正文。\n")
    with Store(db) as s:
        assert s.count_articles() == 1
        (src / "b.txt").write_text("第二篇\n\n青岛市的正文。\n", encoding="utf-8")
        build([src], db)
        s.refresh()
        assert s.count_articles() == 2


@pytest.mark.parametrize("text", ["亿", "济南", "增长", "济南市", "技术合同", "2022", "%", "5", "ab", "年|", "gdp"])
def test_metric_text_filter_is_a_substring_of_filter_text(store, text):
    # Three paths (trigram index, character index, instr scan) must agree with a plain scan.
    from store.search import fold

    everything = store.metrics(limit=None)
    titles = {m.article_id: m.article_title for m in everything}
    expected = [m.id for m in everything
                if fold(text) in fold("|".join(x or "" for x in (m.subject, m.indicator, m.quantity, m.period,
                                                                   titles[m.article_id])))]
    got = [m.id for m in store.metrics(text=text, limit=None)]
    if len(text) <= 2 and not text.isascii():
        # the character index may also match across a field separator: a superset, never less
        assert set(expected) <= set(got), text
    else:
        assert got == expected, text
    assert store.count_metrics(text=text) == len(got)


@pytest.mark.parametrize("key", METRIC_SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_sorted_pages_join_up_to_the_whole_sort(store, key, descending):
    whole = [m.id for m in store.metrics(sort=key, descending=descending, limit=None)]
    paged = []
    for offset in range(0, len(whole) + 7, 7):
        paged += [m.id for m in store.metrics(sort=key, descending=descending, offset=offset, limit=7)]
    assert paged == whole
    assert [m.id for m in store.metrics(sort=key, descending=descending, offset=5, limit=None)] == whole[5:]


@pytest.mark.parametrize("text", ["济南", "高新区", "亿元", "2022年", "增长", "区", "5%", "技术合同成交额"])
@pytest.mark.parametrize("sort,descending", [(None, False), ("value", True), ("subject", False)])
def test_dense_filter_pages_are_the_same_whichever_way_they_are_read(store, monkeypatch, text, sort, descending):
    # The seeds hold ~230 figures: with _DENSE at 5 every filter here is "dense"; with
    # _SCAN_ROWS huge each page tests rows one by one, with it at 0 against the match list.
    import store.query as query_module

    expected = [m.id for m in store.metrics(text=text, sort=sort, descending=descending, limit=None)]
    assert len(expected) == store.count_metrics(text=text)
    monkeypatch.setattr(query_module, "_DENSE", 5)
    # _SCAN_SECONDS 0: every walk that tests rows is given up at once for the match list.
    # _LIST_ROWS 0: no match list is small enough to skip the walk; huge: every one is.
    for scan_rows, scan_seconds, list_rows in ((10**9, 60, 0), (10**9, 0, 0), (0, 60, 0), (400, 60, 0),
                                               (10**9, 60, 10**9), (400, 60, 10**9)):
        monkeypatch.setattr(query_module, "_SCAN_ROWS", scan_rows)
        monkeypatch.setattr(query_module, "_SCAN_SECONDS", scan_seconds)
        monkeypatch.setattr(query_module, "_LIST_ROWS", list_rows)
        pages = []
        for offset in range(0, len(expected) + 7, 7):
            pages += [m.id for m in store.metrics(text=text, sort=sort, descending=descending, offset=offset, limit=7)]
        assert pages == expected, (scan_rows, scan_seconds, list_rows)


@pytest.mark.parametrize("sort", [None, *METRIC_SORT_KEYS])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_near_the_end_walk_backwards_and_match_the_full_order(store, sort, descending):
    expected = [m.id for m in store.metrics(sort=sort, descending=descending, limit=None)]
    statements = []
    store._conn.set_trace_callback(statements.append)
    try:
        pages = []
        for offset in range(0, len(expected), 30):
            pages += [m.id for m in store.metrics(sort=sort, descending=descending, offset=offset, limit=30)]
    finally:
        store._conn.set_trace_callback(None)
    assert pages == expected
    walks = [s.split(" LIMIT")[0] for s in statements if s.startswith("SELECT m.id FROM metrics m")]
    backwards = [w for w in walks if w.endswith("m.id DESC")]  # forward walks end with "m.id"
    assert backwards, "the last pages were read backwards"
    for sql in set(walks):
        plan = " ".join(r[-1] for r in store._conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "TEMP B-TREE" not in plan, (sql, plan)


@pytest.mark.parametrize("kind,period", [("actual", None), ("actual", "2022"), ("target", None),
                                         (None, "2021-2023"), ("actual", "..2020")])
@pytest.mark.parametrize("sort,descending", [(None, False), ("value", True), ("period", False)])
def test_kind_and_period_pages_are_the_same_whichever_way_they_are_read(store, monkeypatch, kind, period, sort,
                                                                        descending):
    """A kind or period range is counted in metrics_by_kind_period; a page walks the sort order
    testing rows, or (sparse, or the walk given up) reads the matches from that index and sorts them."""
    import store.query as query_module
    from store.query import MetricQuery, period_range

    period_from, period_to = period_range(period or "")
    query = MetricQuery(kind=kind, period_from=period_from, period_to=period_to, sort=sort, descending=descending)
    expected = [m.id for m in store.metrics(query, limit=None)]
    assert len(expected) == store.count_metrics(query)
    by_hand = [m.id for m in store.metrics(sort=sort, descending=descending, limit=None)
               if (kind is None or m.kind == kind)
               and (period_from is None or (m.period_end or "") >= query_module.period_bound(period_from, end=False))
               and (period_to is None or (m.period_start is not None
                                          and m.period_start <= query_module.period_bound(period_to, end=True)))]
    assert expected == by_hand
    for scan_seconds in (60, 0):  # 0: every walk given up at once for the index
        monkeypatch.setattr(query_module, "_SCAN_SECONDS", scan_seconds)
        pages = []
        for offset in range(0, len(expected) + 7, 7):
            pages += [m.id for m in store.metrics(query, offset=offset, limit=7)]
        assert pages == expected, scan_seconds


def test_the_actual_figures_are_counted_in_an_index_and_paged_by_the_sort_order(store):
    from store.query import MetricQuery

    with statements_run(store) as statements:
        store.count_metrics(MetricQuery(kind="actual", period_from="2019"))
        store.metrics(MetricQuery(kind="actual", sort="value"), limit=30)
    plans = {sql.split(" FROM")[0]: " ".join(r[-1] for r in store._conn.execute("EXPLAIN QUERY PLAN " + sql))
             for sql in statements if sql.startswith(("SELECT count(*) FROM metrics m", "SELECT m.id FROM metrics m"))}
    assert "COVERING INDEX metrics_by_kind_period" in plans["SELECT count(*)"]
    assert "metrics_sort_value" in plans["SELECT m.id"] and "TEMP B-TREE" not in plans["SELECT m.id"]


@pytest.mark.parametrize("period", [None, "2022"])
def test_one_articles_figures_of_a_kind_are_found_by_the_article_index(store, period):
    from store.query import MetricQuery, metric_filter, period_range

    article_id = store.articles(limit=1)[0].id
    period_from, period_to = period_range(period or "")
    query = MetricQuery(article_id=article_id, kind="actual", period_from=period_from, period_to=period_to)
    where, params = metric_filter(query).where("count")
    plan = " ".join(r[-1] for r in store._conn.execute(
        f"EXPLAIN QUERY PLAN SELECT count(*) FROM metrics m {where}", params))
    assert "(article_id=?)" in plan and "metrics_by_kind_period" not in plan, plan
    assert store.count_metrics(query) == len([
        m for m in store.metrics(MetricQuery(article_id=article_id), limit=None)
        if m.kind == "actual" and (period is None or (m.period_end or "") >= "2022-01-01"
                                   and m.period_start is not None and m.period_start <= "2022-12-31")])


def test_a_sparse_period_far_down_the_order_is_sorted_from_its_index(store):
    """When the walk gives up (the period's figures lie far down the article order), the
    matches come from metrics_by_kind_period, which holds the default order's columns too:
    sorted there, no row read for each."""
    from store.query import MetricQuery, metric_filter, period_range

    period_from, period_to = period_range("..2022")
    query = MetricQuery(kind="actual", period_from=period_from, period_to=period_to)
    sql, params = store._page_sql(metric_filter(query).where("count"), query, False, 0, 5)
    plan = " ".join(r[-1] for r in store._conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "COVERING INDEX metrics_by_kind_period" in plan, plan
    expected = [m.id for m in store.metrics(query, limit=None)]
    assert expected and [r[0] for r in store._conn.execute(sql, params)] == expected[:5]


def _counted(db) -> tuple[int, ...]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES)
    finally:
        conn.close()


def _stats_tuple(s: Store) -> tuple[int, ...]:
    stats = s.stats()
    return tuple(getattr(stats, t) for t in COUNTED_TABLES)


def test_stats_read_the_counts_the_build_recorded_and_follow_a_new_build(tmp_path):
    import sqlite3

    src, db = one_file_store(tmp_path, "第一篇\n\n济南市2022年营业收入12亿元，增长5%。\n")
    conn = sqlite3.connect(db)
    recorded = conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
    conn.close()
    assert recorded is not None and '"metrics"' in recorded[0]
    with Store(db) as s:
        assert _stats_tuple(s) == _counted(db)
        assert s.count_metrics() > 0 and s.count_articles() == 1
        # Another build commits while the store is open: no refresh needed to see its counts.
        (src / "b.txt").write_text("第二篇\n\n青岛市2023年产值8亿元。\n", encoding="utf-8")
        build([src], db)
        assert _stats_tuple(s) == _counted(db)
        assert s.count_articles() == 2


@pytest.mark.parametrize("value", [None, "not json", '{"metrics": "many"}', "[1, 2]"])
def test_stats_count_the_tables_when_the_record_is_missing_or_unreadable(tmp_path, value):
    import sqlite3

    db = tmp_path / "k.db"
    build([bundled_seeds_dir()], db)
    conn = sqlite3.connect(db)
    with conn:
        if value is None:  # a store built before the record existed
            conn.execute("DELETE FROM meta WHERE key = 'counts'")
        else:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'counts'", (value,))
    conn.close()
    with Store(db) as s:
        assert _stats_tuple(s) == _counted(db)
        assert s.count_metrics() == _counted(db)[-1]


def test_an_unchanged_rebuild_writes_the_missing_count_record(tmp_path):
    import sqlite3

    db = tmp_path / "k.db"
    build([bundled_seeds_dir()], db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM meta WHERE key = 'counts'")
    build([bundled_seeds_dir()], db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone() is not None
    conn.close()


def test_the_first_page_of_a_dense_filter_leaves_the_exact_count_for_later(store, monkeypatch):
    # A page needs only to know the filter is dense: counting 300,000 matches of a filter over
    # 1.9 million figures is left to the app's worker (see Store.known_metric_count).
    import store.query as query_module

    monkeypatch.setattr(query_module, "_DENSE", 5)
    text = "年"
    store.refresh()  # forget earlier counts
    first = store.metrics(text=text, limit=7)
    assert len(first) == 7
    assert store.known_metric_count(text=text) is None
    whole = store.metrics(text=text, limit=None)
    assert [m.id for m in first] == [m.id for m in whole[:7]]
    n = store.count_metrics(text=text)
    assert n == len(whole) and store.known_metric_count(text=text) == n
    # A sparse filter's bounded count is its exact count: known after its first page.
    store.metrics(text="增长", limit=7)
    assert store.known_metric_count(text="增长") == len(store.metrics(text="增长", limit=None))
    # One article's figures and the whole store are always known without a full count.
    some = store.metrics(limit=1)[0]
    assert store.known_metric_count(article_id=some.article_id, text=text) == store.count_metrics(
        article_id=some.article_id, text=text)
    assert store.known_metric_count() == store.stats().metrics


def test_a_count_in_another_thread_does_not_hold_up_pages(store):
    import threading

    store.refresh()
    store.count_metrics(text="济南")  # opens the counting connection
    counter = store._counter
    assert counter is not None
    with counter._lock:  # a count is running on the counting connection
        done = threading.Event()
        pages: list = []

        def fetch() -> None:
            pages.append(store.metrics(text="亿元", limit=5))
            done.set()

        threading.Thread(target=fetch).start()
        assert done.wait(10), "a page waited for a count"
    assert pages and pages[0]


def test_warm_up_reads_ahead_on_any_store_and_searches_the_same(store, tmp_path):
    before = [(h.article_id, h.score) for h in store.search("济南 科技")]
    store.warm_up()
    assert [(h.article_id, h.score) for h in store.search("济南 科技")] == before
    # A store with no rows (a folder with no documents builds none, so make the schema alone).
    db = tmp_path / "empty.db"
    conn = connect_write(db)
    with conn:
        create_schema(conn)
    conn.close()
    with Store(db) as s:
        s.warm_up()  # no rows: nothing to read, no error
        assert s.search("济南") == []


def test_a_refresh_while_a_count_runs_neither_deadlocks_nor_keeps_the_old_count(store):
    import threading

    store.refresh()
    store.count_metrics(text="年")  # opens the counting connection
    store.refresh()
    results: list = []

    def count() -> None:
        results.append(store.count_metrics(text="亿元"))

    with store._lock:
        if store._counter is None:
            store._counter = Store(store.db_path)
        counter = store._counter
    with counter._lock:  # hold the counter, as a long count would
        worker = threading.Thread(target=count)
        worker.start()
        refresher = threading.Thread(target=store.refresh)
        refresher.start()
    worker.join(10)
    refresher.join(10)
    assert not worker.is_alive() and not refresher.is_alive(), "deadlock"
    assert results == [len(store.metrics(text="亿元", limit=None))]
    assert store.count_metrics(text="亿元") == results[0]


def test_counts_of_one_kind_are_the_builds_record_and_follow_a_new_build(tmp_path):
    import json
    import sqlite3

    from store.models import METRIC_KINDS

    src, db = one_file_store(tmp_path, "第一篇\n\n济南市2022年营业收入12亿元，增长5%，计划2025年达到20亿元。\n")

    def by_sql() -> dict[str, int]:
        conn = sqlite3.connect(db)
        try:
            return {k: conn.execute("SELECT count(*) FROM metrics WHERE kind = ?", (k,)).fetchone()[0]
                    for k in METRIC_KINDS}
        finally:
            conn.close()

    with Store(db) as s:
        assert {k: s.count_metrics(kind=k) for k in METRIC_KINDS} == by_sql()
        assert by_sql()["actual"] >= 1 and by_sql()["target"] >= 1
        (src / "b.txt").write_text("第二篇\n\n青岛市2023年产值8亿元。\n", encoding="utf-8")
        build([src], db)
        assert {k: s.count_metrics(kind=k) for k in METRIC_KINDS} == by_sql()
    # A record without the kinds (a store of schema 10): the kind is counted in the table.
    conn = sqlite3.connect(db)
    with conn:
        (value,) = conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
        tables_only = {k: n for k, n in json.loads(value).items() if ":" not in k}
        conn.execute("UPDATE meta SET value = ? WHERE key = 'counts'", (json.dumps(tables_only),))
    conn.close()
    with Store(db) as s:
        assert {k: s.count_metrics(kind=k) for k in METRIC_KINDS} == by_sql()
    build([src], db)  # unchanged files: the record is made whole again
    conn = sqlite3.connect(db)
    (value,) = conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
    conn.close()
    assert {k: json.loads(value)[f"metrics.kind:{k}"] for k in METRIC_KINDS} == by_sql()


@pytest.mark.parametrize("text", ["济南", "高新区", "增长", "亿元", "技术合同", "5%"])
@pytest.mark.parametrize("kind", ["actual", "target", "forecast"])
def test_a_text_filter_of_one_kind_is_one_index_query_and_pages_as_by_hand(store, monkeypatch, text, kind):
    """The text indexes hold each figure's kind: a text filter on one kind is counted by the
    index alone (no look-up of a row or of metrics_kind_period_by_id per match), and every
    way of reading its pages gives the text filter's figures of that kind, in order."""
    import store.query as query_module
    from store.query import MetricQuery

    by_hand = [m.id for m in store.metrics(MetricQuery(text=text), limit=None) if m.kind == kind]
    query = MetricQuery(text=text, kind=kind)
    with statements_run(store) as statements:
        assert store.count_metrics(query) == len(by_hand)
    counts = [s for s in statements if s.startswith("SELECT count(*)")]
    if text != "5%":  # too short for trigrams and not CJK: scanned
        assert counts and all("JOIN" not in s and "metrics m" not in s for s in counts), counts
    assert [m.id for m in store.metrics(query, limit=None)] == by_hand
    monkeypatch.setattr(query_module, "_DENSE", 5)
    for scan_seconds in (60, 0):
        monkeypatch.setattr(query_module, "_SCAN_SECONDS", scan_seconds)
        for sort, descending in ((None, False), ("value", True)):
            expected = [m.id for m in store.metrics(MetricQuery(text=text, sort=sort, descending=descending),
                                                    limit=None) if m.kind == kind]
            pages = []
            for offset in range(0, len(expected) + 7, 7):
                pages += [m.id for m in store.metrics(query.with_sort(sort, descending), offset=offset, limit=7)]
            assert pages == expected, (scan_seconds, sort)


def test_the_kind_is_asked_of_the_index_by_a_token_no_other_kind_holds():
    from store.models import METRIC_KINDS
    from store.query import _kind_match

    for kind in METRIC_KINDS:
        match = _kind_match(kind, "metrics_fts")
        assert match.startswith('{kind} : "') and match.endswith('"')
        gram = match[len('{kind} : "'):-1]
        assert gram in kind and not any(gram in other for other in METRIC_KINDS if other != kind)
        assert _kind_match(kind, "metrics_chars") == f'{{kind}} : "{kind}"'


def test_counts_run_on_a_connection_with_a_small_page_cache(store):
    from store.query import _COUNTER_CACHE_KIB

    store.count_metrics(text="济南")
    assert store._conn.execute("PRAGMA cache_size").fetchone()[0] == -65536
    assert store._counter._conn.execute("PRAGMA cache_size").fetchone()[0] == -_COUNTER_CACHE_KIB
    store.refresh()  # a refresh opens the counter again, as small
    store.count_metrics(text="高新区")
    assert store._counter._conn.execute("PRAGMA cache_size").fetchone()[0] == -_COUNTER_CACHE_KIB
