"""Where things live: the bundled seeds and the default database."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def bundled_seeds_dir() -> Path:
    """``seeds/`` at the repository root, beside the ``store`` package."""
    return Path(__file__).resolve().parent.parent / "seeds"


def default_db_path() -> Path:
    """The user's data folder (platformdirs), e.g. ~/.local/share/kechuang/kechuang.db."""
    return Path(platformdirs.user_data_dir("kechuang", appauthor=False)) / "kechuang.db"
