"""Streaming export: ``kechuang metrics --format csv --limit all --kind all`` over a store of
many figures, as a process: rows a second and peak resident size (VmHWM of the process).

The store is bench_metrics.py's (the seeds' figures copied through the ordinary INSERT until
it holds ``--figures``; cached). Targets: >= 100,000 rows/s, peak RSS < 300 MB.

Baseline, alternating with the command in the same run: a naive floor of an export in Python,
a process that only reads the rows (the CSV's columns of every figure with its article and
source, one joined SELECT in the export's order, ``fetchmany`` and nothing written).

Usage: ``python benchmarks/bench_export.py [--figures 1000000] [--runs 3]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench_metrics import cached_store
from common import REPO, Result, report

BENCH = "export"

_PEAK = """
import sys
from tui.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
sys.stderr.write(f"peak_kb={peak_kb}\\n")
sys.exit(code)
"""


# The baseline: the rows the CSV writes, read by the plain joined SELECT and dropped.
_READ_ONLY = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
cursor = conn.execute(
    "SELECT m.article_id, m.subject, m.indicator, m.quantity, m.value, m.unit, m.base_value, m.base_unit,"
    " m.qualifier, m.kind, m.period, m.period_start, m.period_end, m.change_kind, m.change_value, m.change_unit,"
    " a.display_title, a.publisher, a.date, d.name, m.text FROM metrics m JOIN articles a ON a.id = m.article_id"
    " JOIN documents d ON d.id = a.document_id ORDER BY m.article_id, m.start, m.id")
n = 0
while rows := cursor.fetchmany(2000):
    n += len(rows)
print(n)
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(n_figures: int, runs: int, fmt: str) -> list[Result]:
    db = cached_store(n_figures)
    results = []
    speeds, peaks, floors, cpu_speeds = [], [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _READ_ONLY, str(db)], capture_output=True, check=True)
        floors.append(int(done.stdout) / (time.perf_counter() - started))
        started = time.perf_counter()
        cpu_before = _children_cpu()
        done = subprocess.run([sys.executable, "-c", _PEAK, "metrics", "--db", str(db), "--kind", "all",
                               "--limit", "all", "--format", fmt], capture_output=True,
                              cwd=REPO, check=True)
        seconds = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        rows = done.stdout.count(b"\n") - 1
        speeds.append(rows / seconds)
        cpu_speeds.append(rows / cpu)
        peaks.append(int(done.stderr.decode().rsplit("peak_kb=", 1)[1]) / 1024)
    results.append(Result(BENCH, f"metrics --format {fmt}: rows/s ({rows:,} figures)", max(speeds), "rows/s",
                          ">= 100000", max(speeds) >= 100_000,
                          note=f"range {min(speeds):,.0f}-{max(speeds):,.0f} over {runs} runs; per CPU second of the "
                               f"process (what a shared machine's load leaves out): "
                               f"{min(cpu_speeds):,.0f}-{max(cpu_speeds):,.0f}"))
    results.append(Result(BENCH, "baseline: the same rows read by one joined SELECT, nothing written", max(floors), "rows/s",
                          note=f"range {min(floors):,.0f}-{max(floors):,.0f}; export / floor, run by run: "
                               + ", ".join(f"{e / f:.2f}" for e, f in zip(speeds, floors))))
    results.append(Result(BENCH, f"metrics --format {fmt}: peak RSS", max(peaks), "MB", "< 300", max(peaks) < 300,
                          note=f"range {min(peaks):.0f}-{max(peaks):.0f} MB"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Streaming export of many figures.")
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="csv", choices=("csv", "tsv", "json"))
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    report(run(args.figures, args.runs, args.format), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
