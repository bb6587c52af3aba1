"""Small stores the tests build on the spot."""

from __future__ import annotations

from pathlib import Path

from store.build import build

QUANTUM_REPORT = "量子通信白皮书\n\n济南市章丘区量子通信产业加快发展。\n"


def one_file_store(tmp_path: Path, text: str = QUANTUM_REPORT) -> tuple[Path, Path]:
    """A store built from a folder holding one file, a.txt, of ``text``: (folder, db)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    build([folder], db)
    return folder, db
