"""Schema: tables, indexes, WAL, versions; older stores rebuilt, newer and foreign files refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.build import build
from store.errors import DatabaseError
from store.query import Store
from store.schema import APPLICATION_ID, SCHEMA_VERSION


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("济南高新区新闻\n\n济南市章丘区投资5亿元建设科技园。\n", encoding="utf-8")
    return src


def test_tables_indexes_and_pragmas(tmp_path, corpus):
    db = tmp_path / "k.db"
    build([corpus], db)
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    for table in ("meta", "documents", "articles", "entities", "mentions", "metrics", "article_heads",
                  "articles_grams"):
        assert table in names
    for index in ("metrics_by_indicator", "metrics_by_subject", "metrics_by_subject_path", "metrics_by_unit",
                  "metrics_by_kind_period",
                  "metrics_by_article", "mentions_by_entity", "mentions_by_article", "articles_by_document"):
        assert index in names
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fks = {r[2] for r in conn.execute("PRAGMA foreign_key_list(mentions)")}
    assert fks == {"articles", "entities"}
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    conn.close()


def test_older_schema_is_rebuilt_from_scratch(tmp_path, corpus):
    db = tmp_path / "k.db"
    build([corpus], db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 9")  # before the in-place upgrades
    conn.close()
    with pytest.raises(DatabaseError, match="older"):
        Store(db)
    report = build([corpus], db)
    assert report.notes and "rebuilt" in report.notes[0]
    assert report.files_built == 1
    with Store(db) as s:
        assert s.stats().articles == 1


def test_schema_10_is_brought_up_in_place_without_building_again(tmp_path, corpus):
    db = tmp_path / "k.db"
    build([corpus], db)
    conn = sqlite3.connect(db)
    with conn:  # schema 10 as it was: an insert trigger filled the figure filter's indexes, no index by id
        conn.execute("DROP INDEX metrics_kind_period_by_id")
        conn.execute("CREATE TRIGGER metrics_fts_insert AFTER INSERT ON metrics BEGIN "
                     "INSERT INTO metrics_fts(rowid, filter_text) VALUES (new.id, new.filter_text); END")
        conn.execute("DROP TABLE gram_docs")  # schema 12 had no token counts
        conn.execute("PRAGMA user_version = 10")
    conn.close()
    with pytest.raises(DatabaseError, match="older"):
        Store(db)
    report = build([corpus], db)
    assert report.notes == [f"{db} had schema 10; brought it to schema {SCHEMA_VERSION} in place."]
    assert (report.files_built, report.files_unchanged) == (0, 1)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'metrics_fts_insert'").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'metrics_kind_period_by_id'").fetchone() == (1,)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # The search index's token counts, as a fresh build counts them.
    counted = dict(conn.execute("SELECT term, docs FROM gram_docs"))
    assert counted and set(counted.values()) == {1}
    conn.close()
    with Store(db) as s:
        assert s.stats().articles == 1
        assert s.search("章丘区投资")


def test_newer_schema_is_refused(tmp_path, corpus):
    db = tmp_path / "k.db"
    build([corpus], db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DatabaseError, match="newer") as info:
        build([corpus], db)
    assert str(db) in str(info.value)
    with pytest.raises(DatabaseError, match="newer"):
        Store(db)


def test_sqlite_file_of_another_program_is_left_alone(tmp_path, corpus):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="another program"):
        build([corpus], db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT x FROM notes").fetchall() == [("keep me",)]
    conn.close()


def test_corrupt_file_named_with_the_fix(tmp_path):
    db = tmp_path / "k.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DatabaseError) as info:
        Store(db)
    assert str(db) in str(info.value) and "delete" in str(info.value)


def test_older_store_sources_lists_the_files_still_there(tmp_path, corpus):
    from store.db import older_store_sources

    db = tmp_path / "k.db"
    build([corpus], db)
    assert older_store_sources(db) is None  # current: nothing to upgrade
    conn = sqlite3.connect(db)
    paths = sorted(r[0] for r in conn.execute("SELECT path FROM documents"))
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    Path(paths[0]).unlink()
    assert older_store_sources(db) == [Path(p) for p in paths[1:]]
    assert older_store_sources(tmp_path / "missing.db") is None
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all" * 100)
    assert older_store_sources(tmp_path / "junk.db") is None


def test_schema_13_and_14_are_brought_up_in_place(tmp_path, corpus):
    db = tmp_path / "k.db"
    build([corpus], db)
    with Store(db) as s:
        before = {k: [m.id for m in s.metrics(text="章丘", kind=k, limit=None)] for k in ("actual", "target")}
    conn = sqlite3.connect(db)
    with conn:  # schema 13 as it was: the figure text indexes without the kind
        conn.execute("DROP TRIGGER metrics_fts_delete")
        conn.execute("DROP TRIGGER metrics_fts_update")
        conn.execute("DROP TABLE metrics_fts")
        conn.execute("DROP TABLE metrics_chars")
        conn.execute("CREATE VIRTUAL TABLE metrics_fts USING fts5(filter_text, content = 'metrics', "
                     "content_rowid = 'id', tokenize = 'trigram')")
        conn.execute("CREATE VIRTUAL TABLE metrics_chars USING fts5(filter_chars, content = 'metrics', "
                     "content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')")
        conn.execute("INSERT INTO metrics_fts(metrics_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO metrics_chars(metrics_chars) VALUES ('rebuild')")
        conn.execute("DROP INDEX metrics_by_kind_period")  # and schema 14's index of kind and period
        conn.execute("CREATE INDEX metrics_by_kind_period ON metrics(kind, period_start, period_end)")
        conn.execute("PRAGMA user_version = 13")
    conn.close()
    report = build([corpus], db)
    assert report.notes == [f"{db} had schema 13; brought it to schema {SCHEMA_VERSION} in place."]
    assert (report.files_built, report.files_unchanged) == (0, 1)
    conn = sqlite3.connect(db)
    actual = conn.execute("SELECT count(*) FROM metrics WHERE kind = 'actual'").fetchone()[0]
    assert actual
    for table, token in (("metrics_fts", '"act"'), ("metrics_chars", "actual")):
        assert "kind" in [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        # every actual figure is in the index again, under its kind
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (f"kind : {token}",)
                            ).fetchone()[0] == actual
    assert [r[2] for r in conn.execute("PRAGMA index_info(metrics_by_kind_period)")] == [
        "kind", "period_start", "period_end", "article_id", "start"]
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"metrics_fts_delete", "metrics_fts_update"} <= names
    conn.close()
    with Store(db) as s:
        assert {k: [m.id for m in s.metrics(text="章丘", kind=k, limit=None)] for k in ("actual", "target")} == before
        assert before["actual"]
