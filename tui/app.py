"""The Textual explorer: ``kechuang`` and ``kechuang open --db FILE`` run this app."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel
from textual.timer import Timer

from store.errors import StoreError

from .commands import KechuangCommands
from .safe_text import one_line, safe_text

if TYPE_CHECKING:  # store.query is imported when the store opens, not at start-up
    from store.query import StoreAPI

StoreFactory = Callable[[Path], "StoreAPI"]
# The search warm-up waits for this long without a key after the first frame (see warm_search).
WARM_SEARCH_IDLE_SECONDS = 1.0


def freeze_long_lived() -> None:
    """Set the objects alive now aside from the garbage collector (gc.freeze), once the app is
    warm: jieba's dictionary, the stores and the widgets, which live as long as the app. A
    full collection walked them all (26-67 ms on the 100,000-article store), and one falling
    between two key presses let the figure cursor rest long enough for the reader to open an
    article (page down p95 over 100 ms in 9 of 34 runs). Garbage made later is collected as
    before; the collection first makes sure nothing already garbage is set aside."""
    gc.collect()
    gc.freeze()


def _open_store(db_path: Path) -> StoreAPI:
    from store.query import Store

    return Store(db_path)


class KechuangApp(App[int]):
    """Opens the store (building the seeds first when there is none) and shows the main screen."""

    TITLE = "kechuang 科创"
    CSS_PATH = "styles/app.tcss"
    COMMANDS = App.COMMANDS | {KechuangCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_path: Path, *, seeds: list[Path] | None = None,
                 store_factory: StoreFactory = _open_store) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.seeds = seeds
        self.store_factory = store_factory
        self.store: StoreAPI | None = None
        # One thread owns the search connection, so SQLite and jieba never see two threads
        # and a slow query never stalls typing.
        self._search_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kechuang-search")
        self._search_store: StoreAPI | None = None
        self._warm_timer: Timer | None = None

    def on_mount(self) -> None:
        if self.seeds:
            from store.db import older_store_sources

            # The default store: built from the seeds on first use, and built again from the
            # files it holds when an older kechuang made it (a newer schema cannot be read).
            sources = None if self.db_path.exists() else list(self.seeds)
            upgrade = False
            if sources is None:
                older = older_store_sources(self.db_path)
                if older is not None:
                    sources, upgrade = older or list(self.seeds), True
            if sources is not None:
                from .screens.build import BuildScreen

                self.push_screen(BuildScreen(sources, self.db_path, upgrade=upgrade))
                return
        self.open_store()

    def open_store(self) -> None:
        """Open the store and show it, or a screen that says what is wrong with it."""
        if not self.db_path.exists() and self.store_factory is _open_store:
            self.show_fatal(f"There is no store at {self.db_path}.\n\n"
                            "Build one first:  kechuang build FOLDER --db FILE\n"
                            "or run kechuang with no arguments to build the bundled reports.")
            return
        try:
            self.store = self.store_factory(self.db_path)
        except StoreError as error:
            # The error names the fix (delete the file, or another --db): a build into the same
            # path would refuse it just as the store did.
            self.show_fatal(str(error))
            return
        from .screens.build import BuildScreen
        from .screens.main import MainScreen

        main = MainScreen(self.store, db_name=self.db_path.name)
        if isinstance(self.screen, BuildScreen):
            self.switch_screen(main)  # nothing to go back to once the build is done
        else:
            self.push_screen(main)
        self.call_after_refresh(self._start_warm_timer)

    def _start_warm_timer(self) -> None:
        # Loading jieba holds the GIL for most of a second (marshal.load of its dictionary):
        # the app then reacts late, and keys that arrive meanwhile are routed to the pane
        # focused when they arrive, which a key before them may be about to change (f, Tab, /:
        # the text typed after them went to the old pane and was lost). So the warm-up waits
        # for the first frame and then for a pause in typing (each key restarts the timer).
        self._warm_timer = self.set_timer(WARM_SEARCH_IDLE_SECONDS, self.warm_search)

    async def on_event(self, event: events.Event) -> None:
        if self._warm_timer is not None and isinstance(event, events.Key):
            self._warm_timer.reset()
        await super().on_event(event)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every toast (widgets and screens send theirs here) shows its text as written:
        messages name files and entities, so they are never markup and hold no controls."""
        super().notify(safe_text(str(message)), title=one_line(title), severity=severity, timeout=timeout,
                       markup=False)

    def show_fatal(self, message: str) -> None:
        from .screens.message import MessageScreen

        self.push_screen(MessageScreen("kechuang 科创 · cannot open the store", message))

    # Search -----------------------------------------------------------------------------
    def _search_in_thread(self, query: str, limit: int) -> list:
        if self._search_store is None:
            self._search_store = self.store_factory(self.db_path)
        return self._search_store.search(query, limit=limit)

    async def search_store(self, query: str, limit: int = 50) -> list:
        """Search in the search thread; raises the store's QueryError as it is."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._search_executor, self._search_in_thread, query, limit)

    def warm_search(self) -> None:
        """Load the tokenizer (jieba) and read ahead what searches read (Store.warm_up), in the
        search thread, so the first search is quick."""
        self._warm_timer = None

        def warm() -> None:
            try:
                if self._search_store is None:
                    self._search_store = self.store_factory(self.db_path)
                warm_up = getattr(self._search_store, "warm_up", None)
                if warm_up is not None:
                    warm_up()
                else:
                    self._search_store.search("科技", limit=1)
            except Exception:  # warming is best-effort: a real search reports any problem
                pass
            freeze_long_lived()

        try:
            self._search_executor.submit(warm)
        except RuntimeError:  # the app is closing: nothing to warm
            pass

    def refresh_search(self) -> None:
        """Make the search connection see the newest build too (r), in the search thread that
        owns it, after any search already queued."""
        store = self._search_store
        if store is None or not hasattr(store, "refresh"):
            return

        def refresh() -> None:
            try:
                store.refresh()
            except Exception:  # the next search reopens the store and reports any problem
                pass

        try:
            self._search_executor.submit(refresh)
        except RuntimeError:  # the app is closing
            pass

    def on_unmount(self) -> None:
        self._search_executor.shutdown(wait=False, cancel_futures=True)
        gc.unfreeze()  # what freeze_long_lived set aside is collected as usual again
        for store in (self.store, self._search_store):
            if store is not None:
                try:
                    store.close()
                except Exception:  # closing at exit: nothing useful to report
                    pass


def run_explorer(db_path: Path, *, seeds: list[Path] | None = None) -> int:
    """Open the explorer on ``db_path``; when the DB does not exist and ``seeds`` is given,
    build them first with a progress display. Returns the process exit status."""
    app = KechuangApp(Path(db_path), seeds=seeds)
    app.run()
    return app.return_code or 0
