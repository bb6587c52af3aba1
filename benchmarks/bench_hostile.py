"""Hostile input: a document of many short lines builds in time linear in its length.

A page of a million short lines once never finished (splitting compared each heading with the
rest of the article). This builds single files of 10k, 100k and 1M short lines (one line in
seven a heading-like line, the rest short sentences) and prints the time of the split alone
and of the whole build, with the ratio from each size to the next: linear growth is a ratio
near 10 per tenfold, quadratic near 100. The model is loaded before the first timing.

Usage: ``python benchmarks/bench_hostile.py [--sizes 10000,100000,1000000] [--json FILE]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from common import Result, report

from store.build import build
from store.split import split_articles

BENCH = "hostile"
# A tenfold longer file may take at most this many times as long: linear is 10, and the
# bigger sizes skip figure extraction (an article over 200,000 characters), so less is normal.
MAX_RATIO = 15.0


def short_lines(n: int) -> str:
    return "\n".join(f"第{i}行。" if i % 7 else f"小标题{i % 50}" for i in range(n))


def run(sizes: list[int]) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "warm.txt").write_text("济南市章丘区完成工业投资81.9亿元，同比增长43.5%。", encoding="utf-8")
        build([root / "warm.txt"], root / "warm.db")  # load the tagger before timing
        splits: list[float] = []
        builds: list[float] = []
        for n in sizes:
            text = short_lines(n)
            path = root / f"lines_{n}.txt"
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            split_articles(text, str(path))
            splits.append(time.perf_counter() - started)
            started = time.perf_counter()
            built = build([path], root / f"lines_{n}.db")
            builds.append(time.perf_counter() - started)
            assert built.files_built == 1, built.errors
            results.append(Result(BENCH, f"split {n:,} short lines", splits[-1], "s"))
            results.append(Result(BENCH, f"build {n:,} short lines", builds[-1], "s",
                                  note=f"{len(text) / 1e6:.1f} M characters"))
        for i in range(1, len(sizes)):
            growth = sizes[i] / sizes[i - 1]
            for what, times in (("split", splits), ("build", builds)):
                ratio = times[i] / times[i - 1]
                results.append(Result(BENCH, f"{what} time ratio {sizes[i - 1]:,} -> {sizes[i]:,} lines", ratio,
                                      "x", f"<= {MAX_RATIO * growth / 10:g} ({growth:g}x lines)",
                                      ratio <= MAX_RATIO * growth / 10))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build time of many short lines (linear, not quadratic).")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated line counts")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    report(run([int(s) for s in args.sizes.split(",")]), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
