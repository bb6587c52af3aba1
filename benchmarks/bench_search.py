"""Search latency on a large store, against a LIKE scan over the same bodies.

The store of N articles (default 100,000) is built once and cached under
``benchmarks/.cache/`` (git-ignored); ``--rebuild`` builds it again after the code changed.
200 typical queries of one to three words (places, industries, indicators, organisations,
some in Traditional script) are timed through ``Store.search``; p95 must stay under 30 ms.
The baseline is ``body LIKE '%word%'`` for every word over the same ``articles`` table.

Usage: ``python benchmarks/bench_search.py [--articles 100000] [--rebuild]``
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

from common import CACHE, Result, corpus, drop_page_cache, percentile, report
from make_corpus import (
    COUNT_INDICATORS,
    INDUSTRIES,
    MONEY_INDICATORS,
    ORG_PREFIXES,
    PLACES,
    TOPICS,
    to_traditional,
)

BENCH = "search"


# How the benchmark stores are extracted: "none" for search (it reads only articles and the
# index, which the build fills by its real path), "rules" for the app (the real figure
# extractor, entities by the gazetteer and rules without the LAC tagger), "full" (the tagger:
# a 100,000-article build is then about an hour of CPU on two cores).
EXTRACTION_MODES = ("none", "rules", "full")
_DB_NAMES = {"none": "search-{n}-noextract.db", "rules": "store-{n}-rules.db", "full": "store-{n}.db"}


def _set_extraction(mode: str) -> None:
    """Replace the build's extraction for ``mode`` (in this process and the workers it forks)."""
    import store.build as build_module
    from store.extract import extract_entities, extract_metrics
    from store.models import Extraction

    def no_extraction(article, *, use_model: bool = True, tokens=None) -> Extraction:
        return Extraction(mentions=[], metrics=[])

    def rules_extraction(article, *, use_model: bool = True, tokens=None) -> Extraction:
        text = article.text
        mentions = extract_entities(text, title=article.title, authors=article.authors,
                                    contributors=article.contributors, tokens=[])
        if not use_model:
            return Extraction(mentions=mentions, metrics=[])
        metrics = extract_metrics(text, title=article.title, date=article.date, mentions=mentions)
        return Extraction(mentions=mentions, metrics=[m for m in metrics if m.start >= article.body_start])

    def no_tagging(articles) -> list[None]:  # the entities need none; the figures tag their own
        return [None] * len(articles)

    if mode in ("none", "rules"):
        build_module.article_tokens = no_tagging
    if mode == "none":
        build_module.extract_article = no_extraction
    elif mode == "rules":
        build_module.extract_article = rules_extraction


def cached_store(n_articles: int, *, rebuild: bool = False, jobs: int = 2, extraction: str = "full") -> Path:
    """The store of ``n_articles`` under the cache, built on first use (or when asked), with
    ``extraction`` one of EXTRACTION_MODES."""
    from store.build import build

    db = CACHE / _DB_NAMES[extraction].format(n=n_articles)
    if rebuild or not db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        folder = corpus(n_articles)
        _set_extraction(extraction)
        print(f"building {db.name} from {folder.name} with {jobs} jobs (once; cached), extraction: {extraction}...",
              flush=True)
        started = time.perf_counter()
        partial = db.with_suffix(".partial.db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        rep = build([folder], partial, jobs=jobs)
        partial.rename(db)  # only a finished build becomes the cache
        print(f"built {rep.total_articles} articles, {rep.mentions} mentions, {rep.metrics} figures"
              f" in {time.perf_counter() - started:.0f} s", flush=True)
    return db


def typical_queries(count: int = 200, *, seed: int = 7) -> list[str]:
    """One to three words a reader would type: places, industries, indicators, names."""
    rng = random.Random(seed)
    districts = [d for _, _, d in PLACES]
    cities = sorted({c for _, c, _ in PLACES})
    pools = [
        districts, cities, INDUSTRIES, TOPICS, MONEY_INDICATORS, [w for w, _ in COUNT_INDICATORS], ORG_PREFIXES,
        ["高新区", "量子", "北斗", "技术合同", "研究院", "专精特新", "同比增长", "科技局", "产业园"],
    ]
    queries = []
    for _ in range(count):
        words = [rng.choice(rng.choice(pools)) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        query = " ".join(words)
        if rng.random() < 0.1:
            query = to_traditional(query)
        queries.append(query)
    return queries


def as_typed_precision(store, queries: list[str]) -> tuple[int, int, int]:
    """Of the queries with at least 5 articles holding every word as typed: how many have all
    of their top 5 hits holding every word as typed, now (Store.search) and when every word is
    split by jieba and ranked as one (the search before, Store._ranked of parse_query)."""
    from store.search import fold, parse_query

    eligible = now = before = 0
    for q in dict.fromkeys(queries):
        as_typed = parse_query(q, split=False)
        holding = store._query("SELECT count(*) FROM (SELECT rowid FROM articles_grams WHERE articles_grams"
                               " MATCH ? LIMIT 5)", (as_typed.match_expression(),))[0][0]
        if holding < 5:
            continue
        eligible += 1

        def holds(article_id: int, parsed=as_typed) -> bool:
            a = store.article(article_id)
            return parsed.matches(fold(f"{a.display_title} {a.body}"))

        now += all(holds(h.article_id) for h in store.search(q, limit=5))
        before += all(holds(aid) for aid, _, _ in store._ranked(q, parse_query(q), 5, set()))
    return eligible, now, before


def like_seconds(db: Path, query: str) -> float:
    """One LIKE scan for all the query's words over the article bodies (read-only)."""
    words = query.split()
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        where = " AND ".join("body LIKE ?" for _ in words)
        started = time.perf_counter()
        conn.execute(f"SELECT id FROM articles WHERE {where}", [f"%{w}%" for w in words]).fetchall()
        return time.perf_counter() - started
    finally:
        conn.close()


def run(n_articles: int, *, rebuild: bool = False, n_queries: int = 200, like_queries: int = 20,
        extraction: str = "none", cold: bool = False) -> list[Result]:
    from store.errors import QueryError
    from store.query import Store

    db = cached_store(n_articles, rebuild=rebuild, extraction=extraction)
    queries = typical_queries(n_queries)
    cache_note = drop_page_cache() if cold else "page cache as the machine left it"
    store = Store(db)
    try:
        # As the app does in its search thread after the first frame: load jieba, read ahead
        # the newest article heads. Reported, not counted in the percentiles.
        started = time.perf_counter()
        store.warm_up()
        warm_s = time.perf_counter() - started
        started = time.perf_counter()
        store.search("科技", limit=50)
        first_s = time.perf_counter() - started
        for q in queries[:5]:
            store.search(q, limit=50)
        latencies = []
        hits = 0
        errors = 0
        for q in queries:
            started = time.perf_counter()
            try:
                hits += bool(store.search(q, limit=50))
            except QueryError:
                errors += 1
            latencies.append(time.perf_counter() - started)
        articles = store.stats().articles
        precision = as_typed_precision(store, queries)
    finally:
        store.close()
    like = [like_seconds(db, q) for q in queries[:like_queries]]
    p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
    like_p50 = percentile(like, 50) * 1000
    return [
        Result(BENCH, "store", articles, "articles",
               note=f"{db.name} (extraction: {extraction}; index rows by the real build); {cache_note}"),
        Result(BENCH, "warm-up (jieba; newest heads and articles read ahead: the app's search thread)", warm_s * 1000, "ms"),
        Result(BENCH, "first search", first_s * 1000, "ms"),
        Result(BENCH, f"search p50 ({len(queries)} queries)", p50, "ms",
               note=f"{hits} with hits, {errors} QueryError"),
        Result(BENCH, "search p95", p95, "ms", "<= 10", p95 <= 10),
        Result(BENCH, "search max", max(latencies) * 1000, "ms"),
        Result(BENCH, "top 5 hold every word as typed", precision[1], "queries", f"= {precision[0]}",
               precision[1] == precision[0],
               note=f"of {precision[0]} distinct queries with >= 5 such articles; every word split by jieba "
                    f"and ranked as one (the search before): {precision[2]}"),
        Result(BENCH, f"LIKE scan p50 ({len(like)} queries)", like_p50, "ms"),
        Result(BENCH, "LIKE p50 / search p50", like_p50 / p50 if p50 else float("nan"), "x"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search latency on a large cached store.")
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--rebuild", action="store_true", help="build the cached store again")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--build-only", action="store_true", help="only make sure the cached store exists")
    parser.add_argument("--extraction", choices=EXTRACTION_MODES,
                        help="how the store is extracted (default: none for the search benchmark, which reads no "
                             "entities or figures; rules with --build-only, the app's store)")
    parser.add_argument("--cold", action="store_true", help="drop the page cache first (root only): the "
                        "store is read from disk, as after a reboot")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    if args.build_only:
        print(cached_store(args.articles, rebuild=args.rebuild, extraction=args.extraction or "rules"))
        return 0
    report(run(args.articles, rebuild=args.rebuild, n_queries=args.queries, extraction=args.extraction or "none",
               cold=args.cold), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
