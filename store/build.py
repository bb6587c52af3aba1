"""Building the store from source files. (Contract: being written.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildProgress:
    done_files: int
    total_files: int
    current: str  # path of the file just handled


@dataclass
class BuildReport:
    db_path: str
    files_seen: int = 0
    files_built: int = 0  # new or changed, parsed and written
    files_unchanged: int = 0  # skipped by content hash
    files_removed: int = 0  # in the DB before, gone from the given paths now
    articles: int = 0
    mentions: int = 0
    metrics: int = 0
    errors: list[str] = field(default_factory=list)  # "path: reason", one per unreadable file
    seconds: float = 0.0


def build(
    paths: Sequence[Path],
    db_path: Path,
    *,
    jobs: int = 1,
    progress: Callable[[BuildProgress], None] | None = None,
) -> BuildReport:
    """Build or update ``db_path`` from ``paths`` (files or folders) incrementally and
    atomically: one transaction, so a failed or killed build leaves the previous DB as it was."""
    raise NotImplementedError
