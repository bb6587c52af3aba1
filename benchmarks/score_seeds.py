"""Run the pipeline on the seeds with no database and score it against the gold.

    .venv/bin/python benchmarks/score_seeds.py [-v]

Writes the export to benchmarks/.cache/seeds_export.jsonl and runs tests/data/score_gold.py on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.export import article_record  # noqa: E402
from store.extract import extract_article  # noqa: E402
from store.reader import read_text  # noqa: E402
from store.split import split_articles  # noqa: E402


def main(argv: list[str]) -> int:
    out = ROOT / "benchmarks" / ".cache" / "seeds_export.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            for article in split_articles(read_text(path), str(path)):
                record = article_record(article, extract_article(article))
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    scorer = ROOT / "tests" / "data" / "score_gold.py"
    return subprocess.call(
        [sys.executable, str(scorer), str(out), "--gold", str(ROOT / "tests" / "data" / "gold"), *argv]
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
