"""The SQLite schema of a kechuang store.

``PRAGMA application_id`` marks a file as ours and ``PRAGMA user_version`` holds
``SCHEMA_VERSION``; the ``meta`` table repeats both with the build time, for people reading
the file with other tools. Bump ``SCHEMA_VERSION`` on any change below: a build then
rebuilds an older store from scratch, and the app refuses a newer one.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: sqlite_utils pulls in numpy, which the app must not pay for
    import sqlite_utils

# 2: articles.byline, head-line mentions; 3: word and character FTS tables;
# 4: metrics_fts (trigram index of metrics.filter_text) and one index per figure sort order;
# 5: articles_grams (character-pair index with a 1-character prefix index; search matches there)
# 6: article_heads (folded title and lead, which search ranks by) replace articles_chars and
#    articles_words; meta.fold_check
# 7: metrics.kind, subject_start/end, subject_id, period_start/end
# 8: metrics.subject_sort (pinyin key: the subject order), the period order by period_start/end,
#    the figures view for SQL users
# 9: mentions.field: the part of the article a mention lies in (kicker, title, subtitle, byline,
#    body), its offsets into that part's text (no negative offsets for head-line mentions)
# 10: metrics_by_kind_period: the kind filter (the table's default, actual figures) and a period
#    range are counted in an index, not by scanning every figure
# 11: no insert trigger on metrics: the build fills metrics_fts and metrics_chars itself
# 12: metrics_kind_period_by_id: a text filter's matches tested for kind and period without
#    reading their rows (11 and 12 are applied to an older store in place: _UPGRADES)
# 13: gram_docs, the articles each token of articles_grams is in (search steps through a long
#    word's rarest part: store.search.Term.step_tokens); added in place
# 14: metrics_fts and metrics_chars index the figure's kind too (a text filter on one kind is
#    one index query); made again in place
# 15: metrics_by_kind_period holds article_id and start too (the default order); made again
#    in place
SCHEMA_VERSION = 15
APPLICATION_ID = 0x4B434348  # "KCCH"

TABLES = ("meta", "documents", "articles", "entities", "mentions", "metrics", "article_heads", "articles_grams",
          "gram_docs", "metrics_fts", "metrics_chars")
# Tables whose row counts a build records in meta.counts (JSON), for Store.stats.
COUNTED_TABLES = ("documents", "articles", "entities", "mentions", "metrics")
# ... and the figures of each kind (store.models.METRIC_KINDS), under these keys: the figure
# table opens on actual figures, and counting 1.3 million of them took ~150 ms a screen.
KIND_COUNT_PREFIX = "metrics.kind:"


def kind_count_key(kind: str) -> str:
    return KIND_COUNT_PREFIX + kind


def counted_keys() -> tuple[str, ...]:
    """Every key of a complete meta.counts record."""
    from .models import METRIC_KINDS

    return COUNTED_TABLES + tuple(map(kind_count_key, METRIC_KINDS))


def parse_counts(value: str | None) -> dict[str, int]:
    """The table counts of a meta.counts value; {} when there is none or it is unreadable
    (a store built before the record existed: the reader counts the tables then)."""
    try:
        counts = json.loads(value) if value else {}
    except (TypeError, ValueError):
        return {}
    if not isinstance(counts, dict):
        return {}
    known = counted_keys()
    return {t: n for t, n in counts.items() if t in known and isinstance(n, int)}

# Sort orders of the figure table: key -> (column, nullable) in order. The query (store/query.py)
# writes ORDER BY "(col IS NULL), col [DESC]" per nullable column (NULLs last), then
# article_id, start, id; each order and its descending twin has an index of exactly those
# expressions, so sorted pages (and OFFSET) walk an index instead of sorting 100,000 rows.
METRIC_SORT_COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    "subject": (("subject_sort", True), ("subject", True)),  # pinyin order (store.textnorm.pinyin_key)
    "indicator": (("indicator", True),),
    "value": (("base_value", True),),
    "unit": (("base_unit", True), ("unit", True)),
    "period": (("period_start", True), ("period_end", True), ("period", True)),  # by time, then as printed
    "change": (("change_value", True),),
    "article": (("article_id", False),),
    "qualifier": (("qualifier", True),),
}


def metric_order_terms(key: str | None, descending: bool) -> list[str]:
    """The ORDER BY terms of a figure sort (without the table alias), shared by the
    indexes below and the query, which must spell them identically to use them."""
    terms: list[str] = []
    if key:
        direction = " DESC" if descending else ""
        for col, nullable in METRIC_SORT_COLUMNS[key]:
            if nullable:
                terms.append(f"({col} IS NULL)")
            terms.append(col + direction)
    if key != "article":
        terms.append("article_id")
    terms += ["start"]  # then the rowid (id), which every index entry ends with
    return terms


def _metric_sort_indexes() -> str:
    out = []
    for key in METRIC_SORT_COLUMNS:
        if key == "article":
            # ascending is metrics_by_article(article_id, start); descending needs its own
            out.append("CREATE INDEX metrics_sort_article_desc ON metrics(article_id DESC, start);")
            continue
        for desc in (False, True):
            name = f"metrics_sort_{key}{'_desc' if desc else ''}"
            out.append(f"CREATE INDEX {name} ON metrics({', '.join(metric_order_terms(key, desc))});")
    return "\n".join(out)


# How many articles hold each token of the search index, for a search to step through the
# rarest part of a long word (store.search.Term.step_tokens). Only speed depends on it: a
# count grown stale since (a small incremental build does not count again) picks a less rare
# part, never other hits. Counted from FTS5's own vocabulary: one pass over the index, ~2 s
# for 100,000 articles.
GRAM_DOCS_DDL = (
    "-- Articles per token of articles_grams (search's choice of what to step through)\n"
    "CREATE TABLE IF NOT EXISTS gram_docs (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID",
)
GRAM_DOCS_COUNT = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_grams_vocab USING fts5vocab(main, articles_grams, row)",
    "DELETE FROM gram_docs",
    "INSERT INTO gram_docs(term, docs) SELECT term, doc FROM temp.articles_grams_vocab",
    "DROP TABLE temp.articles_grams_vocab",
)


def count_gram_docs(conn: sqlite3.Connection) -> None:
    """Count gram_docs afresh (inside the caller's transaction)."""
    for statement in GRAM_DOCS_COUNT:
        conn.execute(statement)


# Substring search of the figure filter: metrics_fts (trigrams) for 3 characters or more;
# metrics_chars (one token per CJK character, store.search.char_form) for 1-2 CJK characters,
# which trigrams cannot find; other short filters scan filter_text. External content: the
# text lives once, in metrics. Each also indexes the figure's kind, so a text filter on one
# kind (the table's default: actual figures) is one index query, counted without looking up
# a row per match (1.9M figures: 济南's 68,425 actual figures counted in 20 ms, not 40-600).
FIGURE_TEXT_DDL = """
CREATE VIRTUAL TABLE metrics_fts USING fts5(
    filter_text, kind, content = 'metrics', content_rowid = 'id', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE metrics_chars USING fts5(
    filter_chars, kind, content = 'metrics', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
-- No insert trigger: the build adds a batch of figures' rows to both indexes itself
-- (store.build._Writer.flush), a third of the time the trigger took a row; whoever inserts
-- figures otherwise calls reindex_figure_text. Deletes and updates keep their triggers.
CREATE TRIGGER metrics_fts_delete AFTER DELETE ON metrics BEGIN
    INSERT INTO metrics_fts(metrics_fts, rowid, filter_text, kind) VALUES ('delete', old.id, old.filter_text, old.kind);
    INSERT INTO metrics_chars(metrics_chars, rowid, filter_chars, kind)
        VALUES ('delete', old.id, old.filter_chars, old.kind);
END;
CREATE TRIGGER metrics_fts_update AFTER UPDATE OF filter_text, filter_chars, kind ON metrics BEGIN
    INSERT INTO metrics_fts(metrics_fts, rowid, filter_text, kind) VALUES ('delete', old.id, old.filter_text, old.kind);
    INSERT INTO metrics_chars(metrics_chars, rowid, filter_chars, kind)
        VALUES ('delete', old.id, old.filter_chars, old.kind);
    INSERT INTO metrics_fts(rowid, filter_text, kind) VALUES (new.id, new.filter_text, new.kind);
    INSERT INTO metrics_chars(rowid, filter_chars, kind) VALUES (new.id, new.filter_chars, new.kind);
END;
"""

_DDL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,      -- absolute path as the build saw it
    name TEXT NOT NULL,             -- base name, shown as the article's source
    sha256 TEXT NOT NULL,           -- of the file's bytes: unchanged files are skipped by it
    encoding TEXT,
    size INTEGER,
    article_count INTEGER NOT NULL DEFAULT 0,
    built_at TEXT NOT NULL
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    title TEXT,
    display_title TEXT NOT NULL,
    subtitle TEXT,
    kicker TEXT,
    authors TEXT NOT NULL DEFAULT '[]',       -- JSON list
    contributors TEXT NOT NULL DEFAULT '[]',  -- JSON list
    publisher TEXT,
    date TEXT,
    byline TEXT,                    -- byline and editor lines as printed, one per line
    body TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    entity_count INTEGER NOT NULL DEFAULT 0,
    mention_count INTEGER NOT NULL DEFAULT 0,
    metric_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    path TEXT,                      -- admin path for places: 山东省/济南市/章丘区
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0
);
-- A mention lies in one part of its article, named by mentions.field: 'kicker', 'title',
-- 'subtitle', 'byline' or 'body' (store.models.TEXT_FIELDS), the articles column of the same
-- name; start/end are offsets into that column's text, never negative, and
-- substr(<field>, start + 1, "end" - start) = text. (The byline column keeps its line breaks.)
-- Offsets of metrics (start, sentence_start, subject_start ...) are into articles.body.
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    text TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT 'body' CHECK (field IN ('kicker', 'title', 'subtitle', 'byline', 'body')),
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" >= start)
);
CREATE TABLE metrics (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    quantity TEXT NOT NULL,
    value REAL,
    unit TEXT,
    base_value REAL,
    base_unit TEXT,
    qualifier TEXT,
    indicator TEXT,
    subject TEXT,
    subject_path TEXT,
    period TEXT,
    change_kind TEXT,
    change_value REAL,
    change_unit TEXT,
    kind TEXT NOT NULL DEFAULT 'actual',  -- store.models.METRIC_KINDS
    subject_start INTEGER,          -- the subject's mention (body offsets); NULL when inferred
    subject_end INTEGER,
    subject_id INTEGER REFERENCES entities(id),  -- the subject's entity, when it is one
    period_start TEXT,              -- ISO date, where the period resolves
    period_end TEXT,
    subject_sort TEXT,              -- the subject's pinyin (store.textnorm.pinyin_key), its sort order
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    filter_text TEXT NOT NULL DEFAULT '',  -- Simplified subject|indicator|quantity|period|title
    filter_chars TEXT NOT NULL DEFAULT ''  -- filter_text as space-separated characters (metrics_chars)
);
-- One row per figure with what a reader of the table asks: the figure, its subject and the
-- subject's admin path, period, kind, and the article it comes from (README: "SQL users").
CREATE VIEW figures AS SELECT
    m.id AS figure_id, m.text AS figure, m.quantity, m.value, m.unit, m.base_value, m.base_unit,
    m.indicator, m.subject, coalesce(e.path, m.subject_path) AS entity_path, m.period, m.period_start,
    m.period_end, m.kind, m.change_kind, m.change_value, m.change_unit, a.id AS article_id,
    a.display_title AS article_title, a.publisher, a.date, d.name AS source,
    substr(a.body, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence
FROM metrics m JOIN articles a ON a.id = m.article_id JOIN documents d ON d.id = a.document_id
LEFT JOIN entities e ON e.id = m.subject_id;
CREATE INDEX articles_by_document ON articles(document_id, idx);
CREATE INDEX mentions_by_entity ON mentions(entity_id, article_id);
CREATE INDEX mentions_by_article ON mentions(article_id);
CREATE INDEX entities_by_type ON entities(type, mention_count);
CREATE INDEX entities_by_path ON entities(path);
CREATE INDEX metrics_by_article ON metrics(article_id, start);
CREATE INDEX metrics_by_indicator ON metrics(indicator);
CREATE INDEX metrics_by_subject ON metrics(subject);
CREATE INDEX metrics_by_subject_path ON metrics(subject_path);
CREATE INDEX metrics_by_unit ON metrics(base_unit, unit);
CREATE INDEX metrics_by_base_value ON metrics(base_value);
CREATE INDEX metrics_by_subject_id ON metrics(subject_id);
-- The figure table shows one kind at a time (actual figures by default), often over a period
-- range: counted here (100,000 figures: 310 ms -> a few ms; with a period 265-605 -> 26-75 ms).
-- It holds the default order's columns too, so the matches of a period that lie far down that
-- order are sorted from here, without reading a row each (..2020 on 100,000 copied figures,
-- 7,259 matches: 171-189 -> 31-42 ms, warm and after a reboot).
CREATE INDEX metrics_by_kind_period ON metrics(kind, period_start, period_end, article_id, start);
-- The same columns by id: a text filter with a kind or period (the figure table's default)
-- tests each match of the text index on them, and a figure's row is wide (its texts): read
-- here, the first count of 技术合同成交额 on 1.9M figures reads ~1,000 pages, not ~13,000
-- (95 ms -> a few). Ids only grow, so the build appends to it.
CREATE INDEX metrics_kind_period_by_id ON metrics(id, kind, period_start, period_end);
-- What search ranks by (store/search.py, rank_candidates): the article's title and the
-- start of its body (LEAD_CHARS), folded (Simplified, lower-case; same length as the text).
-- Small rows, so ranking a search's candidates reads a few pages, not their bodies.
CREATE TABLE article_heads (
    id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    title_f TEXT NOT NULL,
    lead_f TEXT NOT NULL
);
-- Where search matches: title and body in the character-pair form of store/search.py
-- (gram_form), with a 1-character prefix index that answers a lone character (any token
-- starting with it). Contentless (content = ''): a row is deleted with FTS5's 'delete'
-- command and its pair form, recomputed from articles.title and articles.body; meta's
-- fold_check makes a build start afresh if folding ever changes (a new OpenCC), since the
-- recomputed form must be the one that was inserted.
CREATE VIRTUAL TABLE articles_grams USING fts5(
    title_g, body_g, content = '', prefix = '1',
    tokenize = 'unicode61 remove_diacritics 2'
);
""" + FIGURE_TEXT_DDL + "\n".join(f"{s};" for s in GRAM_DOCS_DDL)


def _statements(ddl: str) -> list[str]:
    out: list[str] = []
    buffer = ""
    for line in ddl.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


# What takes a store of an older schema to the next one in place, where that is only a change
# of triggers or indexes (a build runs it instead of starting afresh; see upgrade_schema).
_UPGRADES: dict[int, tuple[str, ...]] = {
    10: ("DROP TRIGGER IF EXISTS metrics_fts_insert",),
    11: ("CREATE INDEX IF NOT EXISTS metrics_kind_period_by_id ON metrics(id, kind, period_start, period_end)",),
    12: GRAM_DOCS_DDL + GRAM_DOCS_COUNT,
    # the figure filter's indexes made again with the kind (~1 minute for 1.9M figures)
    13: ("DROP TRIGGER IF EXISTS metrics_fts_delete", "DROP TRIGGER IF EXISTS metrics_fts_update",
         "DROP TABLE IF EXISTS metrics_fts", "DROP TABLE IF EXISTS metrics_chars", *_statements(FIGURE_TEXT_DDL),
         "INSERT INTO metrics_fts(metrics_fts) VALUES ('rebuild')",
         "INSERT INTO metrics_chars(metrics_chars) VALUES ('rebuild')",
         # one segment each, as a large build leaves them (see build._Writer.finish)
         "INSERT INTO metrics_fts(metrics_fts) VALUES ('optimize')",
         "INSERT INTO metrics_chars(metrics_chars) VALUES ('optimize')"),
    14: ("DROP INDEX IF EXISTS metrics_by_kind_period",
         "CREATE INDEX metrics_by_kind_period ON metrics(kind, period_start, period_end, article_id, start)"),
}


def upgrade_schema(conn: sqlite3.Connection, version: int) -> bool:
    """Take a store of schema ``version`` to SCHEMA_VERSION in place (inside the caller's
    transaction), if every step between is an in-place one; False, untouched, otherwise."""
    if any(v not in _UPGRADES for v in range(version, SCHEMA_VERSION)):
        return False
    for v in range(version, SCHEMA_VERSION):
        for statement in _UPGRADES[v]:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    return True


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table and index on an empty database (inside the caller's transaction)."""
    # executescript would COMMIT the caller's transaction: run statement by statement
    # (complete_statement, since a trigger body holds ";" of its own).
    for statement in _statements(_DDL + "\n" + _metric_sort_indexes()):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.executemany(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
        [("schema_version", str(SCHEMA_VERSION)), ("application", "kechuang")],
    )


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over ``conn``, imported here: only a build needs it (it imports numpy,
    about 0.2-2.5 s that opening the app on a store must not cost)."""
    import sqlite_utils

    return sqlite_utils.Database(conn)


def drop_schema(conn: sqlite3.Connection) -> None:
    """Drop every table of ours (inside the caller's transaction)."""
    db = _database(conn)
    conn.execute("DROP VIEW IF EXISTS figures")
    for name in ("articles_fts", "articles_chars", "articles_words", "articles_grams", "gram_docs", "article_heads",
                 "metrics_fts", "metrics_chars", "mentions", "metrics", "articles", "entities", "documents", "meta"):
        if name in db.table_names():
            conn.execute(f"DROP TABLE {name}")
    conn.execute("PRAGMA user_version = 0")


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables of the file, FTS shadow tables and SQLite's own left out. Plain SQL: every
    Store opening calls this, and must not import sqlite-utils."""
    shadow = ("sqlite_", "articles_fts_", "articles_chars_", "articles_words_", "articles_grams_", "metrics_fts_",
              "metrics_chars_")
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [t for t in names if not t.startswith(shadow)]


def read_version(conn: sqlite3.Connection) -> tuple[int, int]:
    """(application_id, user_version) of an open database."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app, version


def reindex_figure_text(conn: sqlite3.Connection) -> None:
    """Make the figure filter's text indexes (metrics_fts, metrics_chars) again from every
    row of ``metrics``: for figures inserted other than by the build (copies, fixtures),
    which no trigger indexes."""
    conn.execute("INSERT INTO metrics_fts(metrics_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO metrics_chars(metrics_chars) VALUES ('rebuild')")


def record_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Count the tables and each kind of figure and record them in meta.counts (what
    Store.stats and the figure table read instead of counting); the counts. The build calls
    it; so must whoever changes rows by hand (copies, fixtures)."""
    from .models import METRIC_KINDS

    counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED_TABLES}
    by_kind = dict(conn.execute("SELECT kind, count(*) FROM metrics GROUP BY kind"))
    counts.update((kind_count_key(k), by_kind.get(k, 0)) for k in METRIC_KINDS)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('counts', ?)", (json.dumps(counts),))
    return counts
