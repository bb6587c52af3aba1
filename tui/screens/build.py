"""First run: build the bundled seeds into a new store, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, ProgressBar, Static

from store.errors import StoreError

from ..safe_text import content


class BuildScreen(Screen[None]):
    """Builds in a worker thread; the app opens the store when the build is done."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def __init__(self, sources: list[Path], db_path: Path, *, upgrade: bool = False) -> None:
        super().__init__()
        self.sources = sources
        self.db_path = db_path
        self.upgrade = upgrade  # an older kechuang's store, built again from its files

    def compose(self) -> ComposeResult:
        with Vertical(id="build-box") as box:
            if self.upgrade:
                box.border_title = "kechuang 科创 · upgrade"
                intro = (f"{self.db_path} was made by an older kechuang.\n"
                         f"Building it again from its {len(self.sources)} files…")
            else:
                box.border_title = "kechuang 科创 · first run"
                intro = f"No store yet at {self.db_path}.\nBuilding it from the bundled reports…"
            yield Static(content(intro, multiline=True), id="build-intro")
            yield ProgressBar(id="build-progress", show_eta=False)
            yield Label("", id="build-file")

    def on_mount(self) -> None:
        self.run_build()

    @work(thread=True, exclusive=True)
    def run_build(self) -> None:
        from store.build import build  # the builder's dependencies load only when building

        def progress(step) -> None:  # BuildProgress, from the build thread
            self.app.call_from_thread(self._progress, step.done_files, step.total_files, step.current)

        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            report = build(self.sources, self.db_path, progress=progress)
        except StoreError as error:
            self.app.call_from_thread(self.app.show_fatal, f"The build failed: {error}")  # type: ignore[attr-defined]
            return
        except Exception as error:  # a bug in the builder: say so instead of a traceback
            self.app.call_from_thread(self.app.show_fatal,  # type: ignore[attr-defined]
                                      f"The build failed unexpectedly: {type(error).__name__}: {error}")
            return
        if report.errors:
            self.app.call_from_thread(self.notify, "\n".join(report.errors[:5]),
                                      title=f"{len(report.errors)} files could not be read", severity="warning")
        self.app.call_from_thread(self.app.open_store)  # type: ignore[attr-defined]

    def _progress(self, done: int, total: int, current: str) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#build-file", Label).update(content(f"{done}/{total}  {Path(current).name}"))
