"""Fail when code or tests hold a run of text copied from a seed or devset page.

The rule of the project: extraction is written from grammar, and tests use sentences of
our own, so that scores on pages nobody here has read mean something. A rule or test
written around a sentence copied from a page we score on is evidence of nothing.

The devset texts are not in the repository (they are fetched into
$KECHUANG_DEVSET or ~/.cache/kechuang-devset); where none is there, only the seeds are
checked (and those in store/ and tui/ only). A "run" is WIDTH characters (spaces ignored) of which at least MIN_CJK are Han
characters: long enough that a shared run is a copied clause, not a common term
(规模以上工业增加值 is nine).

    python .ci/no_copied_text.py            # exit 1 and list each copied run
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

WIDTH = 12
MIN_CJK = 10
ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("store", "tui", "tests", "benchmarks")
SEED_CHECKED = ("store", "tui")
SPACE = re.compile(r"\s+")


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _runs(text: str) -> set[str]:
    flat = SPACE.sub("", text)
    return {
        flat[i : i + WIDTH]
        for i in range(len(flat) - WIDTH + 1)
        if sum(_is_han(c) for c in flat[i : i + WIDTH]) >= MIN_CJK
    }


def _pages(folder: Path, pattern: str) -> dict[str, str]:
    """Name -> text of the pages in a folder (none when it is not there)."""
    if not folder.is_dir():
        return {}
    return {f"{folder.name}/{path.name}": path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(folder.glob(pattern)) if path.is_file()}


def _owners(pages: dict[str, str]) -> dict[str, str]:
    owner: dict[str, str] = {}
    for name, text in pages.items():
        for run in _runs(text):
            owner.setdefault(run, name)
    return owner


def main() -> int:
    devset = Path(os.environ.get("KECHUANG_DEVSET") or Path.home() / ".cache" / "kechuang-devset")
    devset_owner = _owners(_pages(devset, "d*.txt"))
    # The seeds are the app's bundled documents: tests of the app may show their titles,
    # but no rule of the library may be written around their sentences.
    seed_owner = _owners(_pages(ROOT / "seeds", "*"))
    found = 0
    for part in CHECKED:
        owner = devset_owner | seed_owner if part in SEED_CHECKED else devset_owner
        for path in sorted((ROOT / part).rglob("*.py")):
            copied = sorted(_runs(path.read_text(encoding="utf-8")) & owner.keys())
            if copied:
                found += len(copied)
                pages = sorted({owner[run] for run in copied})
                print(f"{path.relative_to(ROOT)}: {len(copied)} runs copied from {', '.join(pages)}: "
                      f"{'; '.join(copied[:4])}")
    if found:
        print("copied text: write a sentence of your own with the same grammar "
              "(no seed or devset sentence in code, comments or tests)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
