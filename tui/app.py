"""The Textual explorer. (Placeholder: being written.)"""

from __future__ import annotations

from pathlib import Path


def run_explorer(db_path: Path, *, seeds: list[Path] | None = None) -> int:
    """Open the explorer on ``db_path``; when the DB does not exist and ``seeds`` is given,
    build them first with a progress display. Returns the process exit status."""
    raise NotImplementedError
