"""Opening store databases, and turning SQLite's errors into messages a user can act on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import DatabaseError
from .schema import APPLICATION_ID, SCHEMA_VERSION, read_version, user_tables

_SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 3.0


def _fix(path: Path) -> str:
    return f"delete {path} and build again, or pass --db with another file"


def explain(exc: BaseException, path: str | Path, *, writing: bool = False) -> DatabaseError:
    """A ``DatabaseError`` naming the file, the problem and the fix, for an sqlite3/OS error."""
    path = Path(path)
    msg = str(exc).lower()
    if isinstance(exc, DatabaseError):
        return exc
    if "locked" in msg or "busy" in msg:
        return DatabaseError(
            f"{path} is locked: another build is writing to it. Wait for it to finish and try again."
        )
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return DatabaseError(f"{path} is not a kechuang database or is damaged: {_fix(path)}.")
    if "readonly" in msg or "read-only" in msg or isinstance(exc, PermissionError) or "permission" in msg:
        return DatabaseError(
            f"Cannot write {path}: its folder or file is read-only. Pass --db with a file in a writable folder."
        )
    if "unable to open" in msg:
        folder = path.parent
        if writing and folder.exists() and not os.access(folder, os.W_OK):
            return DatabaseError(
                f"Cannot write {path}: the folder {folder} is read-only. Pass --db with a file in a writable folder."
            )
        return DatabaseError(f"Cannot open {path}: check that the path exists and can be read.")
    if "full" in msg:
        return DatabaseError(f"Cannot write {path}: the disk is full. Free some space and build again.")
    # Only the messages above say the file itself is damaged. An I/O error is the disk's or
    # the file system's, "too complex", "too big" and "interrupted" are the query's: deleting a
    # healthy store would lose it for nothing.
    if "disk i/o error" in msg or "i/o error" in msg:
        return DatabaseError(f"Cannot use {path}: the disk or file system reported an I/O error. "
                             "Check the disk (and that the file is still there), then try again.")
    if "too complex" in msg or "too big" in msg or "too many" in msg or "interrupted" in msg:
        return DatabaseError(f"SQLite cannot run this on {path}: {exc}. Make the query shorter or simpler.")
    return DatabaseError(f"SQLite reported a problem with {path}: {exc}.")


def check_header(path: Path) -> None:
    """Refuse a non-empty file that is not SQLite before SQLite tries to use it."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise explain(exc, path) from None
    if head and head != _SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a kechuang database (not an SQLite file): {_fix(path)}.")


def connect_write(path: Path) -> sqlite3.Connection:
    """A connection for a build: autocommit (the build opens its own transaction), WAL."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file: pass --db with a file name.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"Cannot create the folder {path.parent}: {exc.strerror or exc}. "
                            f"Pass --db with a file in a writable folder.") from None
    check_header(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -65536")
    except (sqlite3.Error, OSError) as exc:
        raise explain(exc, path, writing=True) from None
    return conn


# A read connection's page cache at most, KiB (SQLite's default is 2 MiB): a search of a
# large store reads the same index pages again and again.
READ_CACHE_KIB = 65536


def connect_read(path: Path, *, cache_kib: int = READ_CACHE_KIB) -> sqlite3.Connection:
    """A read-only connection; it sees each build's work once the build commits (WAL).
    ``cache_kib``: its page cache at most."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"No database at {path}: build one first with `kechuang build` (or pass --db).")
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file: pass --db with a file name.")
    check_header(path)
    if path.stat().st_size == 0:
        raise DatabaseError(f"{path} is empty: build it first with `kechuang build --db {path}`.")
    uri = path.resolve().as_uri()
    last: Exception | None = None
    # mode=ro needs the -shm file of a WAL database; in a read-only folder where it cannot be
    # created, immutable=1 still reads the committed data (nothing can write there anyway).
    for params in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{params}", uri=True, timeout=BUSY_TIMEOUT_S,
                                   isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
            check_version(conn, path)
            return conn
        except DatabaseError:
            raise
        except sqlite3.Error as exc:
            last = exc
    raise explain(last, path) from None


def check_version(conn: sqlite3.Connection, path: Path, *, allow_older: bool = False) -> int:
    """Raise a clear ``DatabaseError`` unless ``conn`` is a kechuang store of this version.
    Returns the version found (0 for an empty file)."""
    app, version = read_version(conn)
    tables = user_tables(conn)
    if app != APPLICATION_ID:
        if not tables:
            if allow_older:
                return 0
            raise DatabaseError(f"{path} holds no kechuang store yet: build it with `kechuang build --db {path}`.")
        raise DatabaseError(f"{path} is an SQLite file of another program, not a kechuang database: "
                            f"pass --db with another file.")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was built by a newer kechuang (schema {version}, this one reads {SCHEMA_VERSION}): "
            f"upgrade kechuang, or pass --db with another file."
        )
    if version < SCHEMA_VERSION and not allow_older:
        raise DatabaseError(
            f"{path} was built by an older kechuang (schema {version}, now {SCHEMA_VERSION}): "
            f"run `kechuang build --db {path}` to rebuild it."
        )
    return version


def older_store_sources(path: Path) -> list[Path] | None:
    """For a kechuang store of an older schema at ``path``: the files it was built from that
    still exist (building them again is its upgrade; a build starts an older store afresh).
    None when ``path`` is no such store (missing, current, newer, not ours, unreadable)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        app, version = read_version(conn)
        if app != APPLICATION_ID or not 0 < version < SCHEMA_VERSION:
            return None
        recorded = [Path(r[0]) for r in conn.execute("SELECT path FROM documents ORDER BY path")]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return [p for p in recorded if p.is_file()]
