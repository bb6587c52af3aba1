"""Faults: a killed build, the app reading during a build, damaged or foreign databases,
read-only folders and locks. Each must end in a clear message naming the file and the fix
(CLI: stderr, non-zero exit, no traceback; API: ``store.errors.DatabaseError``).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store.build import build
from store.errors import DatabaseError
from store.query import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_corpus import generate_corpus  # noqa: E402

from .test_bad_input import GB_PAGE, GOOD_PAGE, kechuang_command, run_cli  # noqa: E402


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of two short pages, built once for the read-side tests."""
    root = tmp_path_factory.mktemp("small")
    folder = root / "src"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "b.txt").write_text(GB_PAGE, encoding="utf-8")
    db = root / "small.db"
    report = build([folder], db)
    assert report.files_built == 2, report.errors
    return db


def counts(db: Path) -> tuple[int, int]:
    store = Store(db)
    try:
        stats = store.stats()
        return stats.documents, stats.articles
    finally:
        store.close()


def assert_clear_cli_error(proc: subprocess.CompletedProcess, db: Path) -> None:
    assert proc.returncode != 0, f"exit 0 for a broken database\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    assert str(db) in proc.stderr or db.name in proc.stderr, f"the message must name the file:\n{proc.stderr}"


# A killed build ------------------------------------------------------------------------

def test_sigkill_mid_build_leaves_previous_db(tmp_path: Path) -> None:
    old_src = tmp_path / "old"
    old_src.mkdir()
    (old_src / "a.txt").write_text(GOOD_PAGE, encoding="utf-8")
    db = tmp_path / "k.db"
    build([old_src], db)
    before = counts(db)

    big = tmp_path / "big"
    generate_corpus(400, big, seed=3)  # several seconds of extraction
    proc = subprocess.Popen([*kechuang_command(),
                             "build", str(big), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(4.0)
        assert proc.poll() is None, "the build finished before it could be killed: make the corpus bigger"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert counts(db) == before, "a killed build must leave the previous data"
    store = Store(db)
    try:
        assert store.search("工业投资"), "the old data must still be searchable"
    finally:
        store.close()

    new_src = tmp_path / "more"
    new_src.mkdir()
    (new_src / "b.txt").write_text(GB_PAGE, encoding="utf-8")
    report = build([old_src, new_src], db)
    assert report.files_built == 1 and report.files_unchanged == 1
    assert counts(db)[0] == before[0] + 1


# Damaged and foreign databases ------------------------------------------------------------

def _corrupt(db: Path) -> None:
    data = bytearray(db.read_bytes())
    # Keep the header so SQLite tries to read it, then scribble over the pages.
    for i in range(100, len(data), 97):
        data[i] = (data[i] + 101) % 256
    db.write_bytes(bytes(data))


def _truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: max(200, len(data) // 3)])


def _newer_schema(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()


def _garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database at all\n" * 100)


@pytest.mark.parametrize("damage", [_corrupt, _truncate, _newer_schema, _garbage],
                         ids=["corrupt", "truncated", "newer-schema", "not-sqlite"])
def test_damaged_db_gives_clear_error(damage, small_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "damaged.db"
    conn = sqlite3.connect(small_db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    db.write_bytes(small_db.read_bytes())
    damage(db)

    with pytest.raises(DatabaseError) as info:
        store = Store(db)
        try:  # some damage only shows when pages are read
            store.stats()
            store.search("工业投资")
            store.metrics(limit=50)
        finally:
            store.close()
    assert str(db) in str(info.value) or db.name in str(info.value)

    proc = run_cli("stats", "--db", str(db))
    assert_clear_cli_error(proc, db)
    if damage is _newer_schema:
        assert "newer" in proc.stderr.lower()
        # A build must refuse it too, and leave it alone.
        proc = run_cli("build", str(tmp_path), "--db", str(db))
        assert_clear_cli_error(proc, db)


def test_read_only_folder(small_db: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: root may write in a chmod-555 folder, so it cannot be made read-only")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "store.db"
    db.write_bytes(small_db.read_bytes())
    src = tmp_path / "src"
    src.mkdir()
    (src / "c.txt").write_text(GB_PAGE, encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        # Reading works; building says what to do.
        assert counts(db)[1] >= 1
        proc = run_cli("build", str(src), "--db", str(db))
        assert_clear_cli_error(proc, db)
        assert "read-only" in proc.stderr or "writable" in proc.stderr
        with pytest.raises(DatabaseError):
            build([src], db)
        fresh = folder / "new.db"
        proc = run_cli("build", str(src), "--db", str(fresh))
        assert_clear_cli_error(proc, fresh)
    finally:
        os.chmod(folder, 0o755)


def test_db_path_under_a_file_is_clear(tmp_path: Path) -> None:
    """A --db inside something that is not a folder: what root meets instead of a read-only folder."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    db = blocker / "store.db"
    src = tmp_path / "src"
    src.mkdir()
    (src / "c.txt").write_text(GB_PAGE, encoding="utf-8")
    proc = run_cli("build", str(src), "--db", str(db))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    assert str(blocker) in proc.stderr, proc.stderr
    with pytest.raises(DatabaseError):
        build([src], db)


def test_locked_db(small_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    db.write_bytes(small_db.read_bytes())
    src = tmp_path / "src"
    src.mkdir()
    (src / "c.txt").write_text(GB_PAGE, encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        proc = run_cli("build", str(src), "--db", str(db), timeout=120)
        assert_clear_cli_error(proc, db)
        assert "locked" in proc.stderr.lower(), proc.stderr
        assert time.monotonic() - started < 60, "a locked database must fail after a short wait"
        with pytest.raises(DatabaseError) as info:
            build([src], db)
        assert "locked" in str(info.value).lower()
        # Reading during a lock either works (WAL) or says so clearly; never a raw sqlite3 error.
        try:
            store = Store(db)
            try:
                store.stats()
            finally:
                store.close()
        except DatabaseError as error:
            assert str(db) in str(error) or db.name in str(error)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert counts(db) == counts(small_db), "the locked build must not have written anything"


def test_missing_db_is_clear(tmp_path: Path) -> None:
    db = tmp_path / "nothing.db"
    with pytest.raises(DatabaseError):
        Store(db)
    proc = run_cli("stats", "--db", str(db))
    assert_clear_cli_error(proc, db)
    assert not db.exists(), "reading must not create the database"


# The app reading while a build writes -------------------------------------------------------

async def test_app_survives_concurrent_build_and_r_refreshes(tmp_path: Path) -> None:
    from tui.app import KechuangApp
    from tui.screens.main import MainScreen

    first = tmp_path / "first"
    first.mkdir()
    (first / "a.txt").write_text(GOOD_PAGE, encoding="utf-8")
    db = tmp_path / "live.db"
    build([first], db)
    more = tmp_path / "more"
    generate_corpus(40, more, seed=5)

    app = KechuangApp(db)
    async with app.run_test(size=(140, 44)) as pilot:
        for _ in range(200):
            if isinstance(app.screen, MainScreen) and app.screen.article_table.row_count:
                break
            await pilot.pause(0.02)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        before = screen.article_table.row_count

        outcome: dict[str, object] = {}

        def writer() -> None:
            try:
                outcome["report"] = build([first, more], db)
            except Exception as exc:  # reported by the assertion below
                outcome["error"] = exc

        thread = threading.Thread(target=writer)
        thread.start()
        # Keep using the app while the build writes: move, page, filter, search.
        keys = ["down", "down", "pagedown", "up", "tab", "pagedown", "end", "home"]
        while thread.is_alive():
            for key in keys:
                await pilot.press(key)
            screen.set_metric_filter("济南")
            await pilot.pause(0.05)
            screen.set_metric_filter("")
        thread.join()
        assert "error" not in outcome, outcome.get("error")
        assert app.screen is screen, "the app left its main screen during the build"
        assert app.return_code is None, "the app exited during the build"

        await pilot.press("escape")
        screen.article_table.focus()
        await pilot.press("r")
        await pilot.pause(0.2)
        main = app.screen
        assert isinstance(main, MainScreen)
        after = main.article_table.row_count
        assert after > before, (f"`r` must refresh to the new build: {before} articles before, {after} after "
                                f"(the store holds {counts(db)[1]})")
        assert after == counts(db)[1]
