"""Building the store from source files: incremental (by content hash) and atomic.

Steps per changed file: read, split into articles, extract entities and metrics, segment for
the full-text index. These are pure functions of the file, so with ``jobs > 1`` they run in
worker processes; the parent alone writes, in ONE transaction (``BEGIN IMMEDIATE`` ...
``COMMIT``): a failed, interrupted or killed build leaves the previous database as it was,
and the app (reading in WAL mode) keeps seeing the old data until the commit.

Which documents a build touches: only the files it is given. A new or changed file replaces
that file's document (matched by absolute path); an unchanged one (same SHA-256 of its
bytes) is skipped without being parsed; documents of files that are not among the given
paths, or that have disappeared, are KEPT. Building folder A then folder B gives one store
holding both, and a vanished file never silently takes its articles with it: only
``build(..., prune=True)`` (files that are gone) or ``remove(paths)`` takes documents out.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import reader as _reader
from .db import check_version, connect_write, explain
from .errors import DatabaseError, ReadError, StoreError
from .extract import article_tokens, extract_article
from .models import Article, Extraction, locate, printed_fields
from .schema import (
    SCHEMA_VERSION,
    count_gram_docs,
    counted_keys,
    create_schema,
    drop_schema,
    parse_counts,
    record_counts,
    upgrade_schema,
    user_tables,
)
from .search import IndexForms, char_form, fold, fold_check, index_forms
from .split import split_articles
from .textnorm import pinyin_key

# No news article is this long (a long feature is ~20,000 characters). Longer ones are a
# whole dump without headings, or a single giant line: they are built and searchable, but
# get cheap extraction (entities without the tagger, no figures): the tagger runs at about
# 25-60k characters/s and figure extraction grows faster than linearly with the length
# (2 M characters: minutes), which would stall the build on one file.
MAX_EXTRACT_CHARS = 200_000
# A build that writes at least this many articles (or a tenth of the store) merges the
# full-text index into one segment (see _Writer.finish).
OPTIMIZE_MIN_ARTICLES = 1000
# Up to this many articles, every build that changed something counts gram_docs again (~0.2 s).
RECOUNT_GRAMS_ARTICLES = 10_000
# Files parsed ahead of the writer per worker process (see _parse_all).
IN_FLIGHT_PER_WORKER = 8


class BuildError(StoreError):
    """A build stopped; the database was left as it was before it."""


@dataclass
class BuildProgress:
    done_files: int
    total_files: int
    current: str  # path of the file just handled


@dataclass
class BuildReport:
    db_path: str
    files_seen: int = 0
    files_built: int = 0  # new or changed, parsed and written
    files_unchanged: int = 0  # skipped by content hash
    files_removed: int = 0  # documents taken out: their files are gone (build --prune) or remove was asked
    articles: int = 0  # articles written by this build
    mentions: int = 0
    linked_mentions: int = 0  # of them, places linked to a gazetteer division or a zone under one
    places_without_path: int = 0  # place mentions left with no admin path
    metrics: int = 0
    errors: list[str] = field(default_factory=list)  # "path: reason", one per unreadable file
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # e.g. "older schema: rebuilt from scratch"
    warnings: list[str] = field(default_factory=list)  # "path: what was built only in part", per file
    entities: int = 0  # distinct entities in the store after the build
    total_articles: int = 0  # in the store after the build
    total_documents: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def nothing_built(self) -> bool:
        """True when files were given but none could be built or was already up to date."""
        return self.files_built == 0 and self.files_unchanged == 0


# Reading ---------------------------------------------------------------------------------------

def find_files(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Source files under ``paths`` (sorted, absolute, de-duplicated) and "path: reason" errors."""
    files, problems = _reader.find_source_files([Path(p) for p in paths])
    unique = sorted({Path(os.path.abspath(f)) for f in files})
    return unique, [str(e) for e in problems]


def file_hash(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a file's bytes."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# The pure per-document step ------------------------------------------------------------------

@dataclass
class ParsedArticle:
    article: Article
    extraction: Extraction
    forms: IndexForms


@dataclass
class ParsedDocument:
    path: str
    sha256: str
    size: int
    encoding: str | None = None
    articles: list[ParsedArticle] = field(default_factory=list)
    error: str | None = None  # "path: reason" when the file could not be read
    warning: str | None = None  # "path: reason" when it was built with cheap extraction


def parse_document(path: str, sha256: str, size: int) -> ParsedDocument:
    """Read, split, extract and segment one file. Unreadable files come back with ``error``;
    any other exception is a bug and propagates (the build then rolls back)."""
    result = ParsedDocument(path=path, sha256=sha256, size=size)
    try:
        doc = _reader.read_document(Path(path))
    except ReadError as exc:
        result.error = str(exc)
        return result
    except OSError as exc:
        result.error = f"{path}: {exc.strerror or exc}"
        return result
    # Store the hash of the bytes actually parsed (the file may have changed since hashing).
    result.encoding, result.sha256, result.size = doc.encoding, doc.sha256 or sha256, doc.size or size
    articles = split_articles(doc.text, path)
    long_ones = [len(a.text) for a in articles if len(a.text) > MAX_EXTRACT_CHARS]
    # One tagger pass over the document's articles: the model runs pieces of similar length
    # together, a batch a call, which is half its time a character against a call a piece.
    tagged = iter(article_tokens([a for a in articles if len(a.text) <= MAX_EXTRACT_CHARS]))
    for i, article in enumerate(articles):
        article.index = i
        full = len(article.text) <= MAX_EXTRACT_CHARS
        tokens = next(tagged) if full else None
        result.articles.append(ParsedArticle(article, extract_article(article, use_model=full, tokens=tokens),
                                             index_forms(article.title, article.body)))
    if long_ones:
        what = (f"an article of {long_ones[0]:,} characters" if len(long_ones) == 1
                else f"{len(long_ones)} articles of up to {max(long_ones):,} characters")
        result.warning = (f"{path}: {what} (over {MAX_EXTRACT_CHARS:,}; no news article is that long): "
                          f"built and searchable, but without figures and with fewer entities")
    return result


def _parse_job(job: tuple[str, str, int]) -> ParsedDocument:
    try:
        return parse_document(*job)
    except StoreError:
        raise
    except Exception as exc:  # a bug in a parsing step: name the file, stop the build
        raise BuildError(f"Build stopped while parsing {job[0]}: {type(exc).__name__}: {exc}.") from exc


def _parse_all(jobs: list[tuple[str, str, int]], workers: int) -> Iterator[ParsedDocument]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _parse_job(job)
        return
    # fork shares the tagger and the gazetteers already loaded here; it is only safe while no
    # other thread could hold a lock (the app builds from a worker thread: use spawn then).
    method = "fork" if os.name == "posix" and threading.active_count() == 1 else "spawn"
    if method == "fork":
        _warm_up()
    ctx = multiprocessing.get_context(method)
    # Objects alive now (models, dictionaries) go to the permanent generation: the collector
    # then never walks them, so forked workers do not copy their pages by touching them.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx,
                                 initializer=_worker_init, initargs=(os.getpid(),)) as pool:
            try:
                # Results are written in path order (ids do not depend on the number of jobs),
                # and at most IN_FLIGHT_PER_WORKER files per worker are parsed ahead of the
                # writer: parsed documents waiting in memory would otherwise grow with the
                # corpus whenever writing is the slower side (gigabytes at 100,000 articles).
                ahead = workers * IN_FLIGHT_PER_WORKER
                pending: deque = deque()
                queue = iter(jobs)
                for job in itertools.islice(queue, ahead):
                    pending.append(pool.submit(_parse_job, job))
                while pending:
                    doc = pending.popleft().result()
                    for job in itertools.islice(queue, 1):
                        pending.append(pool.submit(_parse_job, job))
                    yield doc
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        gc.unfreeze()


def _worker_init(parent_pid: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the build and rolls back;
    # workers must not each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent_pid)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_WATCH_SECONDS = 1.0


def _end_with_parent(parent_pid: int) -> None:
    """Make this worker end when the build that started it dies, even by SIGKILL.

    A killed parent never shuts its pool down, and each orphaned worker holds the tagger
    (over 100 MB). Linux kills us itself (``PR_SET_PDEATHSIG``); elsewhere, and in case the
    parent died before that call, a daemon thread watches for being re-parented.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent is already gone
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_WATCH_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="kechuang-parent-watch", daemon=True).start()


def _warm_up() -> None:
    from .extract import extract_text

    extract_text("济南市章丘区2022年地区生产总值增长5%。")


# Writing -------------------------------------------------------------------------------------

def body_offset(article: Article) -> int:
    """Where the body starts in the text extraction saw (0 when it saw the body alone)."""
    return int(getattr(article, "body_start", 0) or 0)


def _display_title(article: Article) -> str:
    if article.title and article.title.strip():
        return article.title.strip()
    first = (article.body or "").strip().split("\n", 1)[0]
    return (first[:30] + "…") if len(first) > 30 else (first or "(untitled)")


def _shifted(offset: int | None, shift: int) -> int | None:
    return None if offset is None else offset - shift


# The columns of a figure's row as add_document makes it, in order (and the positions the
# figure filter's index rows are read from).
_METRIC_INSERT_COLUMNS = (
    "id", "article_id", "text", "quantity", "value", "unit", "base_value", "base_unit", "qualifier", "indicator",
    "subject", "subject_path", "period", "change_kind", "change_value", "change_unit", "kind", "subject_start",
    "subject_end", "subject_id", "period_start", "period_end", "subject_sort", "start", '"end"', "sentence_start",
    "sentence_end", "filter_text", "filter_chars")
_ID, _KIND, _FILTER_TEXT, _FILTER_CHARS = (_METRIC_INSERT_COLUMNS.index(c)
                                           for c in ("id", "kind", "filter_text", "filter_chars"))


class _Writer:
    """Batched inserts inside the build's transaction. Ids are assigned here, so rows of
    different tables can be batched without reading back ``lastrowid``."""

    BATCH = 2000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        row = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()
        self.next_article = row[0] + 1
        self.next_document = conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0] + 1
        self.next_entity = conn.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0] + 1
        # Figures get their ids here, past every id ever stored, so their text goes to the
        # filter's indexes in the same batch (see flush).
        self.next_metric = conn.execute("SELECT coalesce(max(id), 0) FROM metrics").fetchone()[0] + 1
        self.entity_ids: dict[str, int] | None = None  # loaded on first need
        self.rows: dict[str, list[tuple]] = {k: [] for k in ("documents", "articles", "heads", "grams", "entities",
                                                             "mentions", "metrics")}
        self.built_at = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def _entity_id(self, key: str, name: str, type_: str, path: str | None) -> int:
        if self.entity_ids is None:
            self.entity_ids = dict(self.conn.execute("SELECT key, id FROM entities"))
        eid = self.entity_ids.get(key)
        if eid is None:
            eid = self.entity_ids[key] = self.next_entity
            self.next_entity += 1
            self.rows["entities"].append((eid, key, name, type_, path))
        return eid

    def remove_document(self, doc_id: int) -> None:
        self.flush()
        c = self.conn
        ids = "SELECT id FROM articles WHERE document_id = ?"
        c.execute(f"DELETE FROM mentions WHERE article_id IN ({ids})", (doc_id,))
        c.execute(f"DELETE FROM metrics WHERE article_id IN ({ids})", (doc_id,))
        # articles_grams is contentless: FTS5 deletes a row given the tokens it was inserted
        # with, recomputed from the stored title and body (meta.fold_check guarantees the
        # same folding; see _prepare_schema).
        stored = c.execute("SELECT id, title, body FROM articles WHERE document_id = ?", (doc_id,)).fetchall()
        forms = [(aid, index_forms(title, body)) for aid, title, body in stored]
        c.executemany("INSERT INTO articles_grams(articles_grams, rowid, title_g, body_g) VALUES ('delete', ?, ?, ?)",
                      [(aid, f.title_g, f.body_g) for aid, f in forms])
        c.execute(f"DELETE FROM article_heads WHERE id IN ({ids})", (doc_id,))
        c.execute("DELETE FROM articles WHERE document_id = ?", (doc_id,))
        c.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def add_document(self, doc: ParsedDocument, report: BuildReport) -> None:
        doc_id = self.next_document
        self.next_document += 1
        self.rows["documents"].append((doc_id, doc.path, os.path.basename(doc.path), doc.sha256, doc.encoding,
                                       doc.size, len(doc.articles), self.built_at))
        for parsed in doc.articles:
            a, ex, forms = parsed.article, parsed.extraction, parsed.forms
            aid = self.next_article
            self.next_article += 1
            title = _display_title(a)
            entity_ids = set()
            # Extraction reports offsets into the article as printed (head lines, then body).
            # A mention is stored with the part it lies in (mentions.field) and offsets into
            # that part's own text; figures are the body's, with body offsets.
            shift = body_offset(a)
            fields = printed_fields(a.kicker, a.title, a.subtitle, a.byline, a.body or "")
            key_ids: dict[str, int] = {}
            key_paths: dict[str, str | None] = {}
            span_keys: dict[tuple[int, int], str] = {}
            name_keys: dict[str, str] = {}
            for m in ex.mentions:
                eid = self._entity_id(m.key, m.name, m.type, m.path)
                key_ids[m.key] = eid
                key_paths[m.key] = m.path
                span_keys.setdefault((m.start, m.end), m.key)
                for form in (m.text, m.name):
                    name_keys.setdefault(form, m.key)
                entity_ids.add(eid)
                where, start, end = locate(fields, m.start, m.end)
                self.rows["mentions"].append((aid, eid, m.text, where, start, end))
                if m.type == "place":
                    if m.path:
                        report.linked_mentions += 1
                    else:
                        report.places_without_path += 1
            for m in ex.metrics:
                ch = m.change
                filter_text = fold("|".join(x or "" for x in (m.subject, m.indicator, m.quantity, m.period, title)))
                # The subject's entity: the key extraction gave, else the mention at the subject's
                # span, else the mention written as the subject (its text or its entity's name).
                subject_key = m.subject_key or span_keys.get((m.subject_start, m.subject_end)) or (
                    name_keys.get(m.subject) if m.subject else None)
                subject_id = key_ids.get(subject_key) if subject_key else None
                subject_path = (key_paths.get(subject_key) if subject_key else None) or m.subject_path
                metric_id = self.next_metric
                self.next_metric += 1
                self.rows["metrics"].append((
                    metric_id, aid, m.text, m.quantity, m.value, m.unit, m.base_value, m.base_unit, m.qualifier,
                    m.indicator, m.subject, subject_path, m.period,
                    ch.kind if ch else None, ch.value if ch else None, ch.unit if ch else None,
                    m.kind, _shifted(m.subject_start, shift), _shifted(m.subject_end, shift), subject_id,
                    m.period_start, m.period_end, pinyin_key(m.subject),
                    m.start - shift, m.end - shift, m.sentence_start - shift, m.sentence_end - shift, filter_text,
                    char_form(filter_text),
                ))
            span = a.span or (0, 0)
            self.rows["articles"].append((
                aid, doc_id, a.index, a.title, title, a.subtitle, a.kicker,
                json.dumps(list(a.authors), ensure_ascii=False), json.dumps(list(a.contributors), ensure_ascii=False),
                a.publisher, a.date, getattr(a, "byline", None), a.body or "", span[0], span[1],
                len(entity_ids), len(ex.mentions), len(ex.metrics),
            ))
            self.rows["heads"].append((aid, forms.title_f, forms.lead_f))
            self.rows["grams"].append((aid, forms.title_g, forms.body_g))
            report.articles += 1
            report.mentions += len(ex.mentions)
            report.metrics += len(ex.metrics)
        if len(self.rows["articles"]) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        c, r = self.conn, self.rows
        c.executemany("INSERT INTO documents(id, path, name, sha256, encoding, size, article_count, built_at) "
                      "VALUES (?,?,?,?,?,?,?,?)", r["documents"])
        c.executemany("INSERT INTO entities(id, key, name, type, path) VALUES (?,?,?,?,?)", r["entities"])
        c.executemany(
            "INSERT INTO articles(id, document_id, idx, title, display_title, subtitle, kicker, authors, "
            "contributors, publisher, date, byline, body, span_start, span_end, entity_count, mention_count, "
            "metric_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", r["articles"])
        c.executemany("INSERT INTO article_heads(id, title_f, lead_f) VALUES (?,?,?)", r["heads"])
        c.executemany("INSERT INTO articles_grams(rowid, title_g, body_g) VALUES (?,?,?)", r["grams"])
        c.executemany('INSERT INTO mentions(article_id, entity_id, text, field, start, "end") VALUES (?,?,?,?,?,?)',
                      r["mentions"])
        c.executemany(
            f"INSERT INTO metrics({', '.join(_METRIC_INSERT_COLUMNS)}) VALUES ({','.join('?' * len(_METRIC_INSERT_COLUMNS))})",
            r["metrics"])
        # The figure filter's indexes, which no insert trigger fills (schema.py): from the
        # figure's row (add_document) as inserted above.
        c.executemany("INSERT INTO metrics_fts(rowid, filter_text, kind) VALUES (?, ?, ?)",
                      [(row[_ID], row[_FILTER_TEXT], row[_KIND]) for row in r["metrics"]])
        c.executemany("INSERT INTO metrics_chars(rowid, filter_chars, kind) VALUES (?, ?, ?)",
                      [(row[_ID], row[_FILTER_CHARS], row[_KIND]) for row in r["metrics"]])
        for rows in r.values():
            rows.clear()

    def finish(self, changed: bool, written: int = 0) -> dict[str, int]:
        """End the build's writes; the store's counts (schema.counted_keys), as recorded."""
        self.flush()
        if changed:
            # Counts shown in entity lists; entities no article mentions any more go away.
            self.conn.execute(
                "UPDATE entities SET mention_count = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id),"
                " article_count = (SELECT count(DISTINCT article_id) FROM mentions m WHERE m.entity_id = entities.id)")
            self.conn.execute("DELETE FROM entities WHERE mention_count = 0")
        row = None if changed else self.conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
        counts = parse_counts(row[0] if row else None)
        if set(counts) != set(counted_keys()):
            # Read by Store.stats: counting 1.9 million figures takes half a second when the
            # store's pages are not in the page cache, and the first screen shows the counts.
            counts = record_counts(self.conn)
        if written >= max(OPTIMIZE_MIN_ARTICLES, counts["articles"] // 10):
            # A large build leaves the full-text indexes in many segments, and each costs every
            # query a seek; merged into one, a 100,000-article store searches ~10% faster and
            # counts a figure filter 2-3x faster (about 30 s once). Small incremental builds
            # leave it to FTS5's automerge.
            for table in ("articles_grams", "metrics_fts", "metrics_chars"):
                self.conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        if changed and (counts["articles"] <= RECOUNT_GRAMS_ARTICLES or written >= counts["articles"] // 10):
            # Search's choice of what to step through (schema.gram_docs); a few new articles
            # in a large store leave it as it was, since a pass over its index costs seconds.
            count_gram_docs(self.conn)
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('built_at', ?)", (self.built_at,))
        return counts


def _prepare_schema(conn: sqlite3.Connection, db_path: Path, report: BuildReport) -> None:
    """Inside the transaction: create the schema, or rebuild an older one from scratch (or
    one whose index was folded differently: see store.search.fold_check)."""
    version = check_version(conn, db_path, allow_older=True)
    check = fold_check()
    if version == 0 and not user_tables(conn):
        create_schema(conn)
    elif version < SCHEMA_VERSION and upgrade_schema(conn, version):
        report.notes.append(f"{db_path} had schema {version}; brought it to schema {SCHEMA_VERSION} in place.")
    elif version < SCHEMA_VERSION:
        drop_schema(conn)
        create_schema(conn)
        report.notes.append(f"{db_path} had an older schema ({version}); rebuilt it from scratch "
                            f"with schema {SCHEMA_VERSION}.")
    else:
        row = conn.execute("SELECT value FROM meta WHERE key = 'fold_check'").fetchone()
        if row is None or row[0] != check:
            drop_schema(conn)
            create_schema(conn)
            report.notes.append(f"{db_path} was indexed with other Traditional/Simplified tables (OpenCC); "
                                f"rebuilt it from scratch.")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fold_check', ?)", (check,))


def build(
    paths: Sequence[Path],
    db_path: Path,
    *,
    jobs: int = 1,
    progress: Callable[[BuildProgress], None] | None = None,
    prune: bool = False,
) -> BuildReport:
    """Build or update ``db_path`` from ``paths`` (files or folders) incrementally and
    atomically: one transaction, so a failed or killed build leaves the previous DB as it was.

    Raises ``DatabaseError`` (locked, corrupt, read-only, newer schema) or ``BuildError``
    (an unexpected failure while parsing a file; nothing was written)."""
    started = time.perf_counter()
    db_path = Path(db_path)
    report = BuildReport(db_path=str(db_path))
    files, report.errors = find_files(paths)
    report.files_seen = len(files)

    # A build that makes a new file and builds nothing (no such path, nothing readable, an
    # error) leaves no empty store behind for the explorer to open.
    created = not db_path.exists()
    try:
        report = _build_into(db_path, files, report, jobs, progress, prune)
    except BaseException:
        if created:
            _remove_store_files(db_path)
        raise
    if created and report.nothing_built:
        _remove_store_files(db_path)
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class RemoveReport:
    db_path: str
    removed: list[str] = field(default_factory=list)  # document paths taken out
    not_found: list[str] = field(default_factory=list)  # paths asked for that the store does not hold
    total_documents: int = 0
    total_articles: int = 0


def remove(paths: Sequence[Path], db_path: Path) -> RemoveReport:
    """Take the documents of ``paths`` (files, or folders: every document under them) out of
    the store ``db_path``, with their articles, mentions and figures, in one transaction.
    The files themselves need not exist. Raises ``DatabaseError`` as build does."""
    db_path = Path(db_path)
    report = RemoveReport(db_path=str(db_path))
    if not db_path.exists():
        raise DatabaseError(f"No database at {db_path}: nothing to remove from.")
    conn = connect_write(db_path)
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
            check_version(conn, db_path)
            known = conn.execute("SELECT id, path FROM documents ORDER BY path").fetchall()
            writer = _Writer(conn)
            for given in paths:
                where = os.path.abspath(given)
                inside = where.rstrip(os.sep) + os.sep
                matched = [(i, p) for i, p in known if p == where or p.startswith(inside)]
                if not matched:
                    report.not_found.append(str(given))
                for doc_id, path in matched:
                    if path not in report.removed:
                        writer.remove_document(doc_id)
                        report.removed.append(path)
            counts = writer.finish(changed=bool(report.removed))
            report.total_articles, report.total_documents = counts["articles"], counts["documents"]
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise explain(exc, db_path, writing=True) from None
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        raise
    finally:
        conn.close()
    return report


def _remove_store_files(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass  # never made (its folder could not be): nothing to remove


def _build_into(db_path: Path, files: list[Path], report: BuildReport, jobs: int,
                progress: Callable[[BuildProgress], None] | None, prune: bool = False) -> BuildReport:
    """The build proper: one transaction over the open store (see build)."""
    conn = connect_write(db_path)
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
            _prepare_schema(conn, db_path, report)
            known = {p: (i, h) for i, p, h in conn.execute("SELECT id, path, sha256 FROM documents")}
        except sqlite3.Error as exc:
            raise explain(exc, db_path, writing=True) from None

        jobs_to_parse: list[tuple[str, str, int]] = []
        done = 0
        for f in files:
            key = str(f)
            try:
                digest, size = file_hash(f)
            except OSError as exc:
                report.errors.append(f"{f}: {exc.strerror or exc}")
                done += 1
                continue
            old = known.get(key)
            if old is not None and old[1] == digest:
                report.files_unchanged += 1
                done += 1
                if progress:
                    progress(BuildProgress(done, len(files), key))
            else:
                jobs_to_parse.append((key, digest, size))

        writer = _Writer(conn)
        try:
            for doc in _parse_all(jobs_to_parse, max(1, int(jobs or 1))):
                done += 1
                if doc.error:
                    report.errors.append(doc.error)  # its old document, if any, is kept
                else:
                    old = known.get(doc.path)
                    if old is not None:
                        writer.remove_document(old[0])
                    writer.add_document(doc, report)
                    report.files_built += 1
                    if doc.warning:
                        report.warnings.append(doc.warning)
                if progress:
                    progress(BuildProgress(done, len(files), doc.path))
            if prune:  # in the same transaction: a failed build prunes nothing either
                for path, (doc_id, _digest) in known.items():
                    if not os.path.exists(path):
                        writer.remove_document(doc_id)
                        report.files_removed += 1
            counts = writer.finish(changed=report.files_built > 0 or report.files_removed > 0,
                                   written=report.articles)
            report.entities, report.total_articles, report.total_documents = (
                counts["entities"], counts["articles"], counts["documents"])
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise explain(exc, db_path, writing=True) from None
        except BuildError as exc:
            raise BuildError(f"{exc} The database {db_path} was left as it was.") from exc
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # closing the connection rolls back as well
        raise
    finally:
        conn.close()
    return report
