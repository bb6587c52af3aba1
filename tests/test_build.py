"""Build: incremental by content hash, unreadable files reported, atomic on failure and kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import store.build as build_module
import store.db as db_module
from store.build import BuildError, build
from store.errors import DatabaseError
from store.query import Store

ROOT = Path(__file__).resolve().parent.parent


def write_corpus(folder: Path, n: int, tag: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        f = folder / f"doc{i:03d}.txt"
        f.write_text(f"第{i}篇{tag}标题\n\n济南市科技创新第{i}篇{tag}正文，投资{i + 1}亿元。\n", encoding="utf-8")
        files.append(f)
    return files


def titles(db: Path) -> list[str]:
    with Store(db) as s:
        return [a.display_title for a in s.articles(limit=10_000)]


def test_first_build_then_unchanged_rebuild_skips_by_hash(tmp_path):
    write_corpus(tmp_path / "src", 3)
    db = tmp_path / "k.db"
    first = build([tmp_path / "src"], db)
    assert (first.files_seen, first.files_built, first.files_unchanged) == (3, 3, 0)
    assert first.articles >= 3 and not first.errors
    again = build([tmp_path / "src"], db)
    assert (again.files_built, again.files_unchanged, again.articles) == (0, 3, 0)
    assert again.total_articles == first.total_articles


def test_changed_file_replaced_others_kept(tmp_path):
    files = write_corpus(tmp_path / "src", 3)
    db = tmp_path / "k.db"
    build([tmp_path / "src"], db)
    files[1].write_text("改过的标题\n\n章丘区的新正文。\n", encoding="utf-8")
    report = build([tmp_path / "src"], db)
    assert (report.files_built, report.files_unchanged) == (1, 2)
    got = titles(db)
    assert "改过的标题" in got and not any(t.startswith("第1篇") for t in got)
    assert any(t.startswith("第0篇") for t in got) and any(t.startswith("第2篇") for t in got)
    with Store(db) as s:
        assert s.stats().documents == 3


def test_documents_of_other_paths_are_kept(tmp_path):
    write_corpus(tmp_path / "a", 1, "甲")
    write_corpus(tmp_path / "b", 1, "乙")
    db = tmp_path / "k.db"
    build([tmp_path / "a"], db)
    build([tmp_path / "b"], db)
    assert len(titles(db)) == 2


def test_unreadable_file_reported_rest_built(tmp_path):
    write_corpus(tmp_path / "src", 2)
    (tmp_path / "src" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = tmp_path / "k.db"
    report = build([tmp_path / "src", tmp_path / "missing"], db)
    assert report.files_built == 2
    assert any("binary.txt" in e for e in report.errors)
    assert any("missing" in e for e in report.errors)


def test_failure_midway_leaves_previous_db(tmp_path, monkeypatch):
    files = write_corpus(tmp_path / "src", 3)
    db = tmp_path / "k.db"
    build([tmp_path / "src"], db)
    before = titles(db)
    for f in files:
        f.write_text("新标题\n\n新正文。\n", encoding="utf-8")
    real = build_module.extract_article
    calls = {"n": 0}

    def flaky(article, **options):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("injected")
        return real(article, **options)

    monkeypatch.setattr(build_module, "extract_article", flaky)
    with pytest.raises(BuildError, match="left as it was"):
        build([tmp_path / "src"], db)
    assert titles(db) == before


def test_killed_build_leaves_db_openable_with_old_data(tmp_path):
    src = tmp_path / "src"
    write_corpus(src, 40, "旧")
    db = tmp_path / "k.db"
    build([src], db)
    before = titles(db)
    write_corpus(src, 40, "新")
    marker = tmp_path / "started"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from store.build import build\n"
        "def progress(p):\n"
        f"    if p.done_files == 20:\n"
        f"        Path({str(marker)!r}).write_text('x')\n"
        "        time.sleep(60)\n"
        f"build([Path({str(src)!r})], Path({str(db)!r}), progress=progress)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert titles(db) == before
    # and the next build completes normally
    report = build([src], db)
    assert report.files_built == 40 and all("新" in t for t in titles(db))


def test_jobs_two_gives_the_same_store(tmp_path):
    write_corpus(tmp_path / "src", 6)
    one = build([tmp_path / "src"], tmp_path / "one.db", jobs=1)
    two = build([tmp_path / "src"], tmp_path / "two.db", jobs=2)
    assert (one.articles, one.mentions, one.metrics) == (two.articles, two.mentions, two.metrics)
    assert titles(tmp_path / "one.db") == titles(tmp_path / "two.db")


def test_jobs_two_with_a_short_window_writes_every_file_in_order(tmp_path, monkeypatch):
    # Two files in flight at a time (the window refills as the writer takes each one).
    import store.build as build_module

    monkeypatch.setattr(build_module, "IN_FLIGHT_PER_WORKER", 1)
    write_corpus(tmp_path / "src", 7)
    one = build([tmp_path / "src"], tmp_path / "one.db", jobs=1)
    seen = []
    two = build([tmp_path / "src"], tmp_path / "two.db", jobs=2, progress=seen.append)
    assert two.files_built == 7 and (one.articles, one.metrics) == (two.articles, two.metrics)
    assert [p.current for p in seen] == sorted(p.current for p in seen)
    assert titles(tmp_path / "one.db") == titles(tmp_path / "two.db")


def test_progress_reports_every_file(tmp_path):
    write_corpus(tmp_path / "src", 3)
    seen = []
    build([tmp_path / "src"], tmp_path / "k.db", progress=seen.append)
    assert [p.done_files for p in seen] == [1, 2, 3] and all(p.total_files == 3 for p in seen)


def test_locked_db_gives_clear_error(tmp_path, monkeypatch):
    write_corpus(tmp_path / "src", 1)
    db = tmp_path / "k.db"
    build([tmp_path / "src"], db)
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.1)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        (tmp_path / "src" / "doc000.txt").write_text("另一个\n\n正文。\n", encoding="utf-8")
        with pytest.raises(DatabaseError, match="locked"):
            build([tmp_path / "src"], db)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_not_a_database_gives_clear_error(tmp_path):
    write_corpus(tmp_path / "src", 1)
    db = tmp_path / "k.db"
    db.write_text("this is not sqlite")
    with pytest.raises(DatabaseError, match="not a kechuang database"):
        build([tmp_path / "src"], db)
    assert db.read_text() == "this is not sqlite"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_clear_error(tmp_path):
    write_corpus(tmp_path / "src", 1)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(DatabaseError, match="read-only"):
            build([tmp_path / "src"], ro / "k.db")
    finally:
        ro.chmod(0o755)


def test_db_in_a_folder_that_is_a_file(tmp_path):
    write_corpus(tmp_path / "src", 1)
    (tmp_path / "file").write_text("x")
    with pytest.raises(DatabaseError):
        build([tmp_path / "src"], tmp_path / "file" / "k.db")


def test_over_long_article_is_searchable_with_cheap_extraction_and_a_warning(tmp_path, monkeypatch):
    # The real limit is 200,000 characters; a small one keeps the test fast.
    monkeypatch.setattr(build_module, "MAX_EXTRACT_CHARS", 30)
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "long.txt").write_text("长文标题\n\n济南市章丘区技术合同成交额84.6亿元，同比增长41.7%。" * 3, encoding="utf-8")
    (folder / "short.txt").write_text("短文\n\n增长5%。\n", encoding="utf-8")
    report = build([folder], tmp_path / "s.db")
    assert report.files_built == 2 and not report.errors
    assert len(report.warnings) == 1 and "long.txt" in report.warnings[0], report.warnings
    assert "without figures" in report.warnings[0]
    with Store(tmp_path / "s.db") as s:
        assert [h.source for h in s.search("成交额")] == ["long.txt"]
        assert s.count_metrics(text="长文") == 0


def _figure_text_index_checked(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        # An external-content FTS5 index passes its 'integrity-check' (with rank 1) only when
        # it holds every row of its content table with that row's text, and nothing else.
        for table in ("metrics_fts", "metrics_chars"):
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def test_the_figure_filters_text_indexes_follow_each_build_without_a_trigger(tmp_path):
    from store.query import MetricQuery

    files = write_corpus(tmp_path / "src", 4)
    db = tmp_path / "k.db"
    build([tmp_path / "src"], db)
    _figure_text_index_checked(db)
    with Store(db) as s:
        every = s.count_metrics(MetricQuery())
        assert every >= 4
        assert s.count_metrics(MetricQuery(text="篇标题")) == every  # trigrams
        assert s.count_metrics(MetricQuery(text="亿元")) == every  # one token a character
    # A changed file: its old figures leave both indexes (delete trigger), the new one comes in.
    files[2].write_text("改过的标题\n\n章丘区今年投资88亿元，增长12%。\n", encoding="utf-8")
    build([tmp_path / "src"], db)
    _figure_text_index_checked(db)
    with Store(db) as s:
        assert [m.quantity for m in s.metrics(MetricQuery(text="改过的标题"))] == ["88亿元"]
        assert s.count_metrics(MetricQuery(text="篇标题")) == every - 1
