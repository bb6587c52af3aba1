"""How long ``kechuang`` takes as a process, against ``python -c pass`` in the same run.

Each command runs ``--runs`` times (default 5), alternating with the baseline, on the seeds
store and, when it is cached, the 100,000-article search store (bench_search.py --build-only
--extraction none). Reported: min and median wall time of each, and the median less the
baseline's. Target: ``kechuang search 济南`` <= 150 ms; a one-word or quoted query, --help
and stats load no jieba. Also timed, for comparison: a query jieba has to split.

Usage: ``python benchmarks/bench_start.py [--runs 5] [--articles 100000]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CACHE, REPO, Result, report

BENCH = "start"
KECHUANG = [sys.executable, "-m", "tui.cli"]


def _seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=REPO)
    return time.perf_counter() - started


def run(runs: int, articles: int) -> list[Result]:
    from store.build import build

    seeds_db = Path(tempfile.mkdtemp()) / "seeds.db"
    build([REPO / "seeds"], seeds_db)
    stores = [("seeds", seeds_db)]
    big = CACHE / f"search-{articles}-noextract.db"
    if big.exists():
        stores.append((f"{articles // 1000}k", big))
    commands = [("--help", ["--help"], None)]
    for label, db in stores:
        commands += [
            (f"search 济南 ({label})", ["search", "济南", "--db", str(db)], "<= 150"),
            (f"search '\"济南\"' ({label})", ["search", '"济南"', "--db", str(db)], None),
            (f"search 高新技术企业 ({label}; as typed first)", ["search", "高新技术企业", "--db", str(db)], None),
            (f"stats ({label})", ["stats", "--db", str(db)], None),
        ]
    baseline: list[float] = []
    times: dict[str, list[float]] = {name: [] for name, _, _ in commands}
    for _ in range(runs):
        for name, argv, _ in commands:
            baseline.append(_seconds([sys.executable, "-c", "pass"]))
            times[name].append(_seconds(KECHUANG + argv))
    base = statistics.median(baseline) * 1000
    results = [Result(BENCH, "python -c pass (baseline)", base, "ms",
                      note=f"min {min(baseline) * 1000:.0f} ms, {len(baseline)} runs")]
    for name, _, target in commands:
        median = statistics.median(times[name]) * 1000
        passed = None if target is None else median <= 150
        results.append(Result(BENCH, f"kechuang {name}", median, "ms", target or "", passed,
                              note=f"min {min(times[name]) * 1000:.0f}, max {max(times[name]) * 1000:.0f} ms;"
                                   f" {median - base:.0f} ms over the baseline"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up time of the kechuang command.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=100000, help="the cached search store to use, if any")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    report(run(args.runs, args.articles), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
