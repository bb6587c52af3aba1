"""Figure extraction per character as an article grows (1k -> 200k characters).

Extraction looks names up per figure; with names indexed once per article (store.metrics.NameIndex)
the time per character stays flat instead of growing with the number of names. Prints µs per
character at each size and the ratio of the largest size to the smallest (flat is about 1x).

    .venv/bin/python benchmarks/bench_extract_scaling.py [--repeat 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import Result, report

from store.metrics import extract_metrics
from store.models import Mention

BENCH = "extract"

SIZES = (1_000, 10_000, 50_000, 200_000)
# Sentences of our own: a place, an organisation, figures with changes, periods.
_PARAGRAPH = ("{place}前三季度实现营业收入{a}.5亿元，同比增长{b}.2%。{org}新增发明专利{c}件，"
              "研发投入{d}.8亿元，较上年增加{b}.1个百分点。")
_PLACES = ("青川县", "临水区", "东江市", "北岭镇", "西河县", "南港区")
_ORGS = ("星河光电科技有限公司", "远山智能研究院", "临水电子集团", "东江材料实验室")


def article(chars: int) -> tuple[str, list[Mention]]:
    parts, mentions, pos, i = [], [], 0, 0
    while pos < chars:
        place, org = _PLACES[i % len(_PLACES)], _ORGS[i % len(_ORGS)]
        para = _PARAGRAPH.format(place=place, org=org, a=10 + i % 80, b=1 + i % 9, c=5 + i % 90, d=2 + i % 7)
        mentions.append(Mention(place, "place", pos, pos + len(place)))
        at = pos + para.index(org)
        mentions.append(Mention(org, "org", at, at + len(org)))
        parts.append(para)
        pos += len(para) + 1
        i += 1
    return "\n".join(parts), mentions


def per_char(chars: int, repeat: int) -> float:
    text, mentions = article(chars)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        extract_metrics(text, mentions=mentions)
        best = min(best, time.perf_counter() - t0)
    return best / len(text) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = ap.parse_args()
    per = {n: per_char(n, args.repeat) for n in SIZES}
    results = [Result(BENCH, f"figure extraction, {n:,} characters", us, "µs/char") for n, us in per.items()]
    ratio = per[SIZES[-1]] / per[SIZES[0]]
    results.append(Result(BENCH, f"per character, {SIZES[-1]:,} / {SIZES[0]:,} characters", ratio, "x", "≤ 1.5",
                          ratio <= 1.5, "issue 15 measured 1.8 -> 28 µs/char (15x) before names were indexed"))
    report(results, args.json)


if __name__ == "__main__":
    main()
