"""Run every benchmark, each in a process of its own, and write ``benchmarks/RESULTS.md``.

``make bench`` runs this with the full sizes: a 20,000-article build (one job, then
``--jobs``) and a 100,000-article store for search and the app; these take a long while on a
small machine. ``--quick`` runs everything on 2,000 articles as a smoke check.

Usage: ``python benchmarks/run_all.py [--quick] [--articles N] [--store-articles N]
[--jobs 2] [--only build,search,app,metrics,hostile,start,export] [--out benchmarks/RESULTS.md]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCH_DIR, Result, machine

QUICK_ARTICLES = 1000  # a smoke check: the LAC tagger makes builds slow (about 20k chars/s)


def run_bench(script: str, args: list[str]) -> tuple[list[Result], str]:
    """Run ``script`` in a child process; its results, or an error text when it failed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        cmd = [sys.executable, str(BENCH_DIR / script), *args, "--json", str(out)]
        print(f"$ {' '.join(cmd[1:])}", flush=True)
        proc = subprocess.run(cmd, stdout=None, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0 or not out.exists():
            tail = "\n".join(proc.stderr.strip().splitlines()[-6:])
            print(tail, file=sys.stderr)
            return [], f"{script} failed (exit {proc.returncode}): {tail.splitlines()[-1] if tail else ''}"
        return [Result(**r) for r in json.loads(out.read_text())], ""


def markdown(results: list[Result], failures: list[str], info: dict[str, str], command: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{command}`",
        "",
        "| Machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in info.items()),
        "",
        "| Bench | Figure | Value | Unit | Target | Verdict | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        verdict = "" if r.passed is None else ("PASS" if r.passed else "**MISS**")
        value = "n/a" if r.value != r.value else (f"{r.value:,.0f}" if abs(r.value) >= 100 else f"{r.value:.3g}")
        lines.append(f"| {r.bench} | {r.name} | {value} | {r.unit} | {r.target} | {verdict} | {r.note} |")
    if failures:
        lines += ["", "Benchmarks that could not run:", ""] + [f"- {f}" for f in failures]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and write RESULTS.md.")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ARTICLES} articles everywhere (smoke check)")
    parser.add_argument("--articles", type=int, help="articles for the build benchmark (default 20000)")
    parser.add_argument("--store-articles", type=int, help="articles of the search/app store (default 100000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="build,search,app,metrics,hostile,start,export,extract", help="comma-separated subset")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "RESULTS.md")
    args = parser.parse_args(argv)
    build_n = args.articles or (QUICK_ARTICLES if args.quick else 20000)
    store_n = args.store_articles or (QUICK_ARTICLES if args.quick else 100000)
    chosen = {name.strip() for name in args.only.split(",")}

    started = time.perf_counter()
    results: list[Result] = []
    failures: list[str] = []
    plan = [
        ("build", "bench_build.py", ["--articles", str(build_n), "--jobs", str(args.jobs)]),
        # Cold: the page cache dropped first (when run as root), as after a reboot or a build.
        ("search", "bench_search.py", ["--articles", str(store_n), "--cold"]),
        ("app", "bench_app.py", ["--articles", str(store_n), "--cold"]),
        # 100,000 figures even with --quick: the store is seed figures copied (about a minute, cached)
        ("metrics", "bench_metrics.py", ["--figures", "100000"]),
        # A file of many short lines builds in linear time (about a minute for 1M lines).
        ("hostile", "bench_hostile.py", ["--sizes", "10000,100000" if args.quick else "10000,100000,1000000"]),
        # After search: its store of store_n articles is then cached for the start-up timings.
        ("start", "bench_start.py", ["--articles", str(store_n)]),
        ("export", "bench_export.py", ["--figures", "100000" if args.quick else "1000000"]),
        # Figure extraction per character stays flat from 1k to 200k characters (a few seconds).
        ("extract", "bench_extract_scaling.py", []),
    ]
    for name, script, bench_args in plan:
        if name in chosen:
            got, error = run_bench(script, bench_args)
            results += got
            if error:
                failures.append(error)
    info = machine()
    info["total time"] = f"{time.perf_counter() - started:.0f} s"
    command = "python benchmarks/run_all.py " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.write_text(markdown(results, failures, info, command.strip()), encoding="utf-8")
    print(f"\nwrote {args.out}")
    misses = [r for r in results if r.passed is False]
    for r in misses:
        print(f"MISS {r.bench}: {r.name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
