"""Shared pieces of the benchmarks: results, the cached corpora, decoding, the machine."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"  # git-ignored

sys.path.insert(0, str(REPO))  # run as `python benchmarks/x.py` without an installed package too

from make_corpus import generate_corpus  # noqa: E402


@dataclass
class Result:
    """One measured figure and its target. ``passed`` is None when the figure has no target."""

    bench: str
    name: str
    value: float
    unit: str
    target: str = ""
    passed: bool | None = None
    note: str = ""

    def line(self) -> str:
        verdict = "" if self.passed is None else ("PASS" if self.passed else "MISS")
        target = f"  (target {self.target})" if self.target else ""
        note = f"  [{self.note}]" if self.note else ""
        return f"{verdict:4} {self.name}: {_fmt(self.value)} {self.unit}{target}{note}"


def _fmt(value: float) -> str:
    if value != value:  # NaN: not measured
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def report(results: list[Result], json_out: Path | None) -> None:
    for r in results:
        print(r.line(), flush=True)
    if json_out:
        json_out.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))


def drop_page_cache() -> str:
    """Empty the kernel's page cache (root only), so a benchmark reads its store from disk as
    after a reboot or a large build; what happened, for the report."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return "page cache dropped before the run"
    except (OSError, subprocess.CalledProcessError) as error:
        return f"page cache not dropped ({getattr(error, 'strerror', None) or error})"


def corpus(n_articles: int, *, seed: int = 0) -> Path:
    """The cached corpus of ``n_articles`` (generated on first use)."""
    out = CACHE / f"corpus-{n_articles}-s{seed}"
    stamp = out / ".complete"
    if not stamp.exists():
        summary = generate_corpus(n_articles, out, seed=seed)
        stamp.write_text(json.dumps({"articles": summary.articles, "files": summary.files,
                                     "chars": summary.chars}))
        print(f"generated {summary.articles} articles in {summary.files} files ({summary.seconds:.1f} s)",
              flush=True)
    return out


def decode_for_floor(data: bytes) -> str:
    """Decode a corpus file the way a reader would, for the model floor (outside any timing)."""
    for encoding in ("utf-8-sig", "big5", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n")
    return data.decode("utf-8", "replace")


def read_corpus_texts(folder: Path) -> list[str]:
    """Decoded text of every corpus file. Uses the project's reader when it has landed."""
    try:
        from store.reader import read_document  # type: ignore[attr-defined]
    except ImportError:
        read_document = None
    texts = []
    for path in sorted(folder.glob("*.txt")):
        if read_document is not None:
            try:
                texts.append(read_document(path).text)
                continue
            except Exception:  # the floor must not depend on the reader being right
                pass
        texts.append(decode_for_floor(path.read_bytes()))
    return texts


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "?"
    mem_gib = ""
    try:
        mem_kib = int(Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1])
        mem_gib = f"{mem_kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "commit": commit,
    }


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of non-empty ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def publish_partial_db(conn: sqlite3.Connection, partial: Path, db: Path) -> None:
    """Fold the WAL into ``partial``, close it and move it to ``db``: a cached store appears
    whole or not at all, so an interrupted benchmark never leaves a half-made one behind."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    shutil.move(partial, db)
