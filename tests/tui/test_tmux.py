"""End to end: the real ``kechuang`` command in a real terminal (tmux), driven by keys.

Builds the seeds with the CLI, opens the explorer in a private tmux server, searches,
copies a figure with ``y`` and reads the copy back: tmux with ``set-clipboard on`` keeps
an application's OSC 52 copy in its paste buffer, which is what a user's terminal gets.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from store.query import Store
from tui import clipboard

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed: the end-to-end terminal test needs it")

KECHUANG = Path(sys.executable).parent / "kechuang"
QUERY = "技术合同"
COLS, ROWS = 140, 40
STEP_TIMEOUT_SECONDS = 20.0


class Tmux:
    """One private tmux server (its own socket), so the test never sees a user's sessions."""

    def __init__(self) -> None:
        self.socket = f"kechuang-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = dict(os.environ)
        # tmux replaces wide characters with "_" unless it believes the locale is UTF-8.
        if "UTF-8" not in (self.env.get("LC_ALL") or self.env.get("LC_CTYPE") or self.env.get("LANG") or "").upper():
            self.env["LC_ALL"] = "C.UTF-8"

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, env=self.env, check=check, timeout=10)

    def start(self, command: str) -> None:
        # set-clipboard is set in the same call as the session starts, before the app can copy.
        self("new-session", "-d", "-s", "e2e", "-x", str(COLS), "-y", str(ROWS), command,
             ";", "set", "-g", "set-clipboard", "on")

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "e2e", check=False).stdout

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self("send-keys", "-t", "e2e", "-l", text)

    def buffer(self) -> str:
        result = self("show-buffer", check=False)
        return result.stdout if result.returncode == 0 else ""

    def kill(self) -> None:
        self("kill-server", check=False)


def wait_for(what: str, read: Callable[[], str], ready: Callable[[str], bool],
             timeout: float = STEP_TIMEOUT_SECONDS) -> str:
    """Poll ``read`` until ``ready`` holds; fail with what was last seen."""
    deadline = time.monotonic() + timeout
    seen = read()
    while not ready(seen):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}; last seen:\n{seen}")
        time.sleep(0.05)
        seen = read()
    print(f"{what}: {timeout - (deadline - time.monotonic()):.2f} s")
    return seen


def test_search_copy_figure_in_tmux(tmp_path: Path) -> None:
    if not KECHUANG.exists():
        pytest.skip(f"no kechuang command next to {sys.executable}: install the project in this environment")
    started = time.monotonic()
    db = tmp_path / "seeds.db"
    subprocess.run([str(KECHUANG), "build", str(ROOT / "seeds"), "--db", str(db)],
                   check=True, capture_output=True, timeout=60)

    # The figure the keys will reach: the search's best hit, its first figure with a period
    # and a change (so every part of the citation format is exercised).
    with Store(db) as store:
        hit = store.search(QUERY, limit=1)[0]
        metrics = store.metrics(article_id=hit.article_id)
    row = next((i for i, m in enumerate(metrics) if m.period and m.change and m.subject and m.indicator), None)
    assert row is not None, f"the best hit for {QUERY} ({hit.title}) has no figure with period and change"
    metric = metrics[row]
    expected = clipboard.metric_citation(metric)  # its format is tested in tests/tui/test_formatting.py

    tmux = Tmux()
    # No DISPLAY: the app's system-clipboard copy fails quietly instead of touching the
    # machine's clipboard; the OSC 52 copy still reaches tmux.
    command = (f"env -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color "
               f"{shlex.quote(str(KECHUANG))} open --db {shlex.quote(str(db))}; "
               "echo \"[kechuang exited with $?]\"; sleep 60")
    try:
        tmux.start(command)
        wait_for("the first screen", tmux.screen,
                 lambda s: "Articles" in s and "Figures" in s and "16 articles" in s and "Quit" in s)
        tmux.type("/")
        wait_for("the search box", tmux.screen, lambda s: "Search articles" in s)
        tmux.type(QUERY)
        wait_for("search results", tmux.screen, lambda s: f"“{QUERY}”, best first" in s and hit.title[:8] in s)
        tmux.keys("Enter")
        screen = wait_for("the best hit in the reader", tmux.screen,
                          lambda s: "Search articles" not in s and f"search “{QUERY}”" in s)
        assert hit.title in screen
        # Reader (focused after a search) -> entities -> figure table (the filter box is no Tab stop).
        tmux.keys("Tab", "Tab")
        tmux.keys(*["j"] * row)
        tmux.type("y")
        copied = wait_for("the OSC 52 copy in tmux's buffer", tmux.buffer, bool)
        assert copied == expected
        wait_for("the copy notice", tmux.screen, lambda s: "Copied the figure" in s)
        tmux.type("q")
        wait_for("the app to quit", tmux.screen, lambda s: "[kechuang exited with 0]" in s)
    finally:
        tmux.kill()
    print(f"end to end in {time.monotonic() - started:.1f} s")  # about 10 s on an idle machine


def test_hostile_article_leaves_the_clipboard_alone(tmp_path: Path) -> None:
    """Issue 10: copy a seed article with ``y``, then show articles whose title and file name
    hold OSC 52 (set the clipboard) and OSC 0 (set the window title): the copy must still be
    what ``y`` copied, and the pane title unchanged."""
    if not KECHUANG.exists():
        pytest.skip(f"no kechuang command next to {sys.executable}: install the project in this environment")
    from ..hostile import make_corpus, remove_deep_folders

    victims = tmp_path / "victims"
    victims.mkdir()
    corpus = make_corpus(tmp_path, victims)
    db = tmp_path / "mixed.db"
    try:
        _hostile_in_tmux(corpus, db)
    finally:
        remove_deep_folders(corpus)


def _hostile_in_tmux(corpus: Path, db: Path) -> None:
    from tui.safe_text import one_line

    subprocess.run([str(KECHUANG), "build", str(ROOT / "seeds"), str(corpus), "--db", str(db)],
                   check=True, capture_output=True, timeout=120)
    with Store(db) as store:
        seed_hit = store.search(QUERY, limit=1)[0]
        hostile_hits = [store.search(q, limit=1)[0] for q in ("pwned", "市中区召开会议")]
    assert Path(hostile_hits[0].source).name == "escapes.txt"
    assert "52;c;" in Path(hostile_hits[1].source).name

    tmux = Tmux()
    command = (f"env -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color "
               f"{shlex.quote(str(KECHUANG))} open --db {shlex.quote(str(db))}; "
               "echo \"[kechuang exited with $?]\"; sleep 60")
    try:
        tmux.start(command)
        title_before = tmux("display", "-p", "-t", "e2e", "#{pane_title}").stdout
        wait_for("the first screen", tmux.screen, lambda s: "Articles" in s and "Figures" in s)

        def open_hit(query: str, title: str) -> None:
            tmux.type("/")
            wait_for("the search box", tmux.screen, lambda s: "Search articles" in s)
            tmux.type(query)
            wait_for(f"results for {query}", tmux.screen, lambda s: f"“{query}”, best first" in s)
            tmux.keys("Enter")
            shown = one_line(title)[:7]
            wait_for(f"{shown} in the reader", tmux.screen, lambda s: "Search articles" not in s and shown in s)

        open_hit(QUERY, seed_hit.title)
        tmux.type("y")  # the reader has the focus after a search: the article's title and byline
        copied = wait_for("the OSC 52 copy in tmux's buffer", tmux.buffer, bool)
        assert seed_hit.title in copied
        for query, hit in zip(("pwned", "市中区召开会议"), hostile_hits):
            tmux.keys("Escape")
            open_hit(query, hit.title or "")
        screen = tmux.screen()
        assert "␛]52;c;" in screen, "the escape is shown as text"
        time.sleep(1.0)
        assert tmux.buffer() == copied, "an article's OSC 52 replaced what y copied"
        assert tmux("display", "-p", "-t", "e2e", "#{pane_title}").stdout == title_before
        tmux.type("q")
        wait_for("the app to quit", tmux.screen, lambda s: "[kechuang exited with 0]" in s)
    finally:
        tmux.kill()
