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
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from common import CACHE, Result, corpus, percentile, publish_partial_db, report
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


def _stub_extraction() -> None:
    """Replace entity and figure extraction by nothing, in this process and the workers it
    forks: the LAC tagger makes a full 100,000-article build take about an hour of CPU, and
    search reads only the articles and the FTS tables, which the build still fills through its
    real path (split, fold, jieba word form, character form)."""
    import store.build as build_module
    from store.models import Extraction

    def no_extraction(article, *, use_model: bool = True) -> Extraction:
        return Extraction(mentions=[], metrics=[])

    build_module.extract_article = no_extraction


# A stubbed store bigger than this is made of copies of a store of this many articles built
# by the real path: jieba alone over 100,000 articles is ~25 CPU-minutes on a loaded machine.
COPY_BASE = 2000


def replicated_store(n_articles: int, base: Path, db: Path) -> None:
    """``db`` := ``base`` with its documents, articles and FTS rows copied until it holds at
    least ``n_articles`` articles. The FTS rows are the real path's (fold, jieba word form,
    character form) copied; only their rowids change, so the index holds as many rows and
    postings as a store of ``n_articles`` articles of the same corpus would."""
    partial = db.with_suffix(".partial.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    from store.search import gram_form

    src = sqlite3.connect(base)
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    shutil.copyfile(base, partial)
    conn = sqlite3.connect(partial, isolation_level=None)
    art_cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)") if r[1] not in ("id", "document_id")]
    doc_cols = [r[1] for r in conn.execute("PRAGMA table_info(documents)") if r[1] not in ("id", "path")]
    n_base, max_art = conn.execute("SELECT count(*), max(id) FROM articles").fetchone()
    max_doc = conn.execute("SELECT max(id) FROM documents").fetchone()[0]
    copies = -(-n_articles // n_base)  # ceil: the base itself is copy 0
    conn.execute("BEGIN")
    for k in range(1, copies):
        da, dd = k * max_art, k * max_doc
        cols = ", ".join(doc_cols)
        conn.execute(f"INSERT INTO documents(id, path, {cols}) SELECT id + ?, path || '#' || ?, {cols}"
                     f" FROM documents WHERE id <= ?", (dd, k, max_doc))
        cols = ", ".join(art_cols)
        conn.execute(f"INSERT INTO articles(id, document_id, {cols}) SELECT id + ?, document_id + ?, {cols}"
                     f" FROM articles WHERE id <= ?", (da, dd, max_art))
        conn.execute("INSERT INTO articles_chars(rowid, title_c, body_c) SELECT rowid + ?, title_c, body_c"
                     " FROM articles_chars WHERE rowid <= ?", (da, max_art))
        conn.execute("INSERT INTO articles_words(rowid, title_w, body_w) SELECT rowid + ?, title_w, body_w"
                     " FROM articles_words WHERE rowid <= ?", (da, max_art))
        # articles_grams is contentless (nothing to SELECT): its rows are the pair form of
        # the character rows, as the build writes them.
        conn.executemany("INSERT INTO articles_grams(rowid, title_g, body_g) VALUES (?,?,?)",
                         ((rowid + da, gram_form(t or ""), gram_form(b or "")) for rowid, t, b in
                          conn.execute("SELECT rowid, title_c, body_c FROM articles_chars WHERE rowid <= ?",
                                       (max_art,)).fetchall()))
    conn.execute("COMMIT")
    conn.execute("INSERT INTO articles_chars(articles_chars) VALUES ('optimize')")
    conn.execute("INSERT INTO articles_words(articles_words) VALUES ('optimize')")
    conn.execute("INSERT INTO articles_grams(articles_grams) VALUES ('optimize')")
    publish_partial_db(conn, partial, db)


def cached_store(n_articles: int, *, rebuild: bool = False, jobs: int = 2, extraction: bool = True) -> Path:
    """The store of ``n_articles`` under the cache, built on first use (or when asked).
    ``extraction=False``: built with the extraction stubbed out (see _stub_extraction)."""
    from store.build import build

    db = CACHE / (f"store-{n_articles}.db" if extraction else f"search-{n_articles}-noextract.db")
    if rebuild or not db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        if not extraction and n_articles > COPY_BASE:
            base = cached_store(COPY_BASE, rebuild=rebuild, jobs=jobs, extraction=False)
            started = time.perf_counter()
            print(f"making {db.name}: copies of {base.name} (real FTS rows; EXTRACTION STUBBED)...", flush=True)
            replicated_store(n_articles, base, db)
            print(f"made {db.name} in {time.perf_counter() - started:.0f} s", flush=True)
            return db
        folder = corpus(n_articles)
        if not extraction:
            _stub_extraction()
        print(f"building {db.name} from {folder.name} with {jobs} jobs (once; cached)"
              f"{'' if extraction else ', EXTRACTION STUBBED: real FTS indexing, no entities/figures'}...",
              flush=True)
        started = time.perf_counter()
        partial = db.with_suffix(".partial.db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        rep = build([folder], partial, jobs=jobs)
        partial.rename(db)  # only a finished build becomes the cache
        print(f"built {rep.total_articles} articles in {time.perf_counter() - started:.0f} s", flush=True)
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
        extraction: bool = False) -> list[Result]:
    from store.errors import QueryError
    from store.query import Store

    db = cached_store(n_articles, rebuild=rebuild, extraction=extraction)
    queries = typical_queries(n_queries)
    store = Store(db)
    try:
        started = time.perf_counter()
        store.search("科技", limit=50)  # loads jieba: reported, not counted in the percentiles
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
    finally:
        store.close()
    like = [like_seconds(db, q) for q in queries[:like_queries]]
    p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
    like_p50 = percentile(like, 50) * 1000
    return [
        Result(BENCH, "store", articles, "articles",
               note=db.name + ("" if extraction else " (extraction stubbed: FTS rows by the real path"
                               + (f", {COPY_BASE:,} articles copied" if n_articles > COPY_BASE else "") + ")")),
        Result(BENCH, "first search (loads jieba)", first_s * 1000, "ms"),
        Result(BENCH, f"search p50 ({len(queries)} queries)", p50, "ms",
               note=f"{hits} with hits, {errors} QueryError"),
        Result(BENCH, "search p95", p95, "ms", "< 30", p95 < 30),
        Result(BENCH, "search max", max(latencies) * 1000, "ms"),
        Result(BENCH, f"LIKE scan p50 ({len(like)} queries)", like_p50, "ms"),
        Result(BENCH, "LIKE p50 / search p50", like_p50 / p50 if p50 else float("nan"), "x"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search latency on a large cached store.")
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--rebuild", action="store_true", help="build the cached store again")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--build-only", action="store_true", help="only make sure the cached store exists")
    parser.add_argument("--extraction", action="store_true",
                        help="build the store with full extraction (default: stubbed, which search does not read; "
                             "--build-only always uses full extraction, for bench_app's figures)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    if args.build_only:
        print(cached_store(args.articles, rebuild=args.rebuild))
        return 0
    report(run(args.articles, rebuild=args.rebuild, n_queries=args.queries, extraction=args.extraction), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
