"""Fixtures for the explorer's tests: one seeds database per session, app factories, and a
system clipboard that records instead of touching the real one."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import KechuangApp

from .fakes import FakeStore, seeds_fake_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled seeds built once into a temporary store."""
    from store.build import build

    db_path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    report = build([ROOT / "seeds"], db_path)
    assert report.articles > 0, report
    return db_path


@pytest.fixture
def system_clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app hands to pyperclip, in order (the real clipboard is left alone)."""
    import pyperclip

    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied


@pytest.fixture(autouse=True)
def _no_real_clipboard(system_clipboard: list[str]) -> None:
    """Every test records copies instead of writing to the machine's clipboard."""


@pytest.fixture
def real_app(seeds_db: Path) -> Callable[[], KechuangApp]:
    return lambda: KechuangApp(seeds_db)


@pytest.fixture
def fake_store() -> FakeStore:
    return seeds_fake_store()


def fake_app(store: FakeStore | None = None) -> KechuangApp:
    """An app over the in-memory seeds: fixed records, so screenshots and copies are exact."""
    store = store or seeds_fake_store()
    return KechuangApp(Path(store.db_path), store_factory=lambda _path: store)


async def wait_until(pilot, condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Wait for what a timer or worker brings about. A fixed pause is enough on an idle machine
    but not on a loaded CI runner, where a 0.25 s debounce can fire well after 0.4 s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        await pilot.pause(0.02)
    await pilot.pause()  # let the messages the change posted be handled


async def settle_search(pilot) -> None:
    """Wait until the search screen shows the hits for what its box holds."""
    await wait_until(pilot, lambda: pilot.app.screen.settled, "the search to settle")
