"""Fixtures for the explorer's tests: one seeds database per session, app factories, and a
system clipboard that records instead of touching the real one."""

from __future__ import annotations

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
