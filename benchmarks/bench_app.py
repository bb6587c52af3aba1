"""The explorer on a large store, driven by the Textual pilot.

Measured in a process of its own (so peak RSS is the app's, not a build's):

* time to the first usable screen: from before ``import tui.app`` to the main screen mounted
  with its article table filled (target < 1.5 s);
* peak RSS of the process (target < 400 MB);
* the full figure table (every figure of the store): showing it, jumping to its last row,
  and page-down (each < 100 ms);
* applying a figure filter (< 100 ms), timed from the call to the figure table painting its
  first page of the result; and, apart, until its exact count is in (taken in a worker while
  the first page shows: see VirtualTable.counting).

``--cold`` drops the page cache first (root only), so the store is read from disk as on the
first run after a reboot or a large build.

The store is the cached one of ``bench_search.py`` (built in a child process when missing).

Usage: ``python benchmarks/bench_app.py [--articles 100000]``
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import time
from pathlib import Path

from common import BENCH_DIR, CACHE, Result, drop_page_cache, percentile, report

BENCH = "app"
FILTERS = ("济南", "技术合同成交额", "同比增长", "高新区", "2022年")


def ensure_store(n_articles: int) -> Path:
    """The cached store of ``n_articles`` with figures by the real extractor and entities by
    rules (see bench_search.EXTRACTION_MODES), built in a child process on first use."""
    db = CACHE / f"store-{n_articles}-rules.db"
    if not db.exists():
        subprocess.run([sys.executable, str(BENCH_DIR / "bench_search.py"), "--articles", str(n_articles),
                        "--build-only", "--extraction", "rules"], check=True)
    return db


async def _wait_for(pilot, predicate, timeout: float = 30.0) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return True
        await pilot.pause(0.005)
    return False


async def _wait_for_search_warm(app, timeout: float = 30.0) -> float:
    """Seconds until the app's search thread has loaded the tokenizer (see ``warm_search``)."""
    started = time.perf_counter()
    deadline = started + timeout
    while app._search_store is None and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    # One worker: a no-op queued behind the warm-up finishes after it.
    await asyncio.wait_for(asyncio.wrap_future(app._search_executor.submit(lambda: None)), timeout)
    return time.perf_counter() - started


async def measure(db: Path, started_at: float, cache_note: str = "", every_kind: bool = False) -> list[Result]:
    from tui.app import KechuangApp
    from tui.screens.main import MainScreen

    app = KechuangApp(db)
    results: list[Result] = []
    if cache_note:
        results.append(Result(BENCH, "page cache", float("nan"), "", note=cache_note))
    async with app.run_test(size=(160, 48)) as pilot:
        ready = await _wait_for(
            pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.article_table.row_count > 0)
        first_s = time.perf_counter() - started_at
        results.append(Result(BENCH, "first usable screen", first_s, "s", "< 1.5", ready and first_s < 1.5,
                              note="" if ready else "main screen never showed articles"))
        if not ready:
            return results
        screen: MainScreen = app.screen
        await pilot.pause()

        # The app loads jieba in its search thread half a second after the first frame (about a
        # second of CPU holding the GIL). Timed on its own here: a key measured while it runs
        # measures the warm-up (it made "jump to the last figure" 1-2.6 s).
        warm_s = await _wait_for_search_warm(app)
        results.append(Result(BENCH, "search warm-up done (background, after first screen)", warm_s, "s",
                              note="keys pressed meanwhile share the GIL with it"))

        if every_kind:  # the table as it opened before issue 13 (every kind), to compare with then
            screen.metric_kind = None
        started = time.perf_counter()
        screen.set_all_figures(True)
        await pilot.pause()
        show_s = time.perf_counter() - started
        table = screen.metric_table
        rows = table.row_count
        results.append(Result(BENCH, "show the full figure table", show_s * 1000, "ms", "< 100", show_s < 0.1,
                              note=f"{rows:,} figures"))

        table.focus()
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        end_s = time.perf_counter() - started
        at_end = table.cursor == rows - 1
        results.append(Result(BENCH, "jump to the last figure", end_s * 1000, "ms", "< 100",
                              end_s < 0.1 and at_end, note="" if at_end else f"cursor at {table.cursor}"))
        # The reader follows the figure cursor once it rests (METRIC_FOLLOW_SECONDS): from the
        # key to the reader showing the last figure, the rest included.
        last = table.cursor_row
        followed = await _wait_for(pilot, lambda: screen.reader.metric == last, timeout=5)
        follow_s = time.perf_counter() - started
        results.append(Result(BENCH, "reader shows the last figure (key to reader, incl. rest)", follow_s * 1000,
                              "ms", note="" if followed else "the reader never showed it"))

        # The pilot's own cost per key (an unbound key, a full frame): the floor under the figures below.
        idle = []
        for _ in range(20):
            started = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            idle.append(time.perf_counter() - started)
        baseline = percentile(idle, 50)
        results.append(Result(BENCH, "pilot baseline: unbound key p50", baseline * 1000, "ms",
                              note="pilot.press + pause: at least 3 idle waits of 20 ms"))

        await pilot.press("home")
        await pilot.pause()
        pages = []
        for _ in range(40):
            started = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            pages.append(time.perf_counter() - started)
        page_p95 = percentile(pages, 95)
        results.append(Result(BENCH, "page down p95 (40 pages)", page_p95 * 1000, "ms", "< 100", page_p95 < 0.1,
                              note=f"app ≈ {max(0.0, page_p95 - baseline) * 1000:.0f} ms over the baseline"))

        # When the table paints: pilot.pause() waits for the process to go idle, and a count
        # running in a worker thread keeps it busy after the first page is on screen.
        painted = [0.0]
        render_line = table.render_line

        def timed_render_line(y: int):
            painted[0] = time.perf_counter()
            return render_line(y)

        table.render_line = timed_render_line
        filter_times, count_times, counts = [], [], []
        for text in FILTERS:
            started = time.perf_counter()
            screen.set_metric_filter(text)
            called = time.perf_counter()
            await _wait_for(pilot, lambda called=called: painted[0] > called, timeout=10)
            filter_times.append(painted[0] - started)
            await _wait_for(pilot, lambda: not table.counting, timeout=30)
            count_times.append(time.perf_counter() - started)
            counts.append(table.row_count)
            await pilot.pause()
        screen.set_metric_filter("")
        await pilot.pause()
        table.render_line = render_line
        worst = max(filter_times)
        results.append(Result(BENCH, f"apply a figure filter (worst of {len(FILTERS)})", worst * 1000, "ms",
                              "< 100", worst < 0.1, note=", ".join(f"{t * 1000:.0f}" for t in filter_times)
                              + " ms: call to the table painting the first page of the result"))
        results.append(Result(BENCH, "  its exact count in (worker; worst)", max(count_times) * 1000, "ms",
                              note=", ".join(f"{n:,} in {t * 1000:.0f}" for n, t in zip(counts, count_times))))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    results.append(Result(BENCH, "peak RSS", peak_mb, "MB", "< 400", peak_mb < 400))
    return results


def run(n_articles: int, db: Path | None = None, profile: bool = False, cold: bool = False,
        every_kind: bool = False) -> list[Result]:
    db = db or ensure_store(n_articles)  # a build runs in a child process: not in this RSS
    cache_note = drop_page_cache() if cold else ""
    started_at = time.perf_counter()  # textual and the app are imported after this
    if not profile:
        return asyncio.run(measure(db, started_at, cache_note, every_kind))
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    results = profiler.runcall(asyncio.run, measure(db, started_at, cache_note, every_kind))
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(60)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The explorer on a large store (Textual pilot).")
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--db", type=Path, help="this store instead of the cached store-N-rules.db "
                        "(e.g. .cache/metrics-100000.db: 100,000 figures without a 100,000-article build)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the run to stderr "
                        "(the figures are then inflated by the profiler)")
    parser.add_argument("--cold", action="store_true", help="drop the page cache first (root only): "
                        "the store is read from disk")
    parser.add_argument("--every-kind", action="store_true", help="the figure table of every kind, as the app "
                        "opened before issue 13 (default: actual figures, as it opens now)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    report(run(args.articles, args.db, args.profile, args.cold, args.every_kind), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
