#!/usr/bin/env python3
"""Build ``admin_divisions.tsv`` from cpca's ``resources/adcodes.csv`` (MIT licence).

    .venv/bin/python store/data/make_gazetteer.py

Output columns: adcode (6 digits), name, level (1 province, 2 city, 3 county), parent
adcode ("" for provinces). Placeholder rows (市辖区, 县, 省直辖县级行政区划) are dropped; counties
of municipalities and province-administered county-level cities hang directly off the
province. The runtime (store/gazetteer.py) derives short forms and paths from this file, so
it needs neither cpca nor pandas.

cpca's table predates a few administrative changes; the ones below are applied on top of it
(each is a published State Council approval, not something read off the seeds).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# (adcode, new name, new parent adcode or None to keep): post-2015 changes missing in cpca.
CHANGES: list[tuple[str, str, str | None]] = [
    ("370181", "章丘区", None),  # 2016: 章丘市 -> 济南市章丘区
    ("370125", "济阳区", None),  # 2018: 济阳县 -> 济南市济阳区
    ("371202", "莱芜区", "370100"),  # 2019: 莱芜市 merged into 济南市, 莱城区 -> 莱芜区
    ("371203", "钢城区", "370100"),
]
REMOVED = {"371200"}  # 莱芜市 (2019, merged into 济南市)


def build(src: Path, dst: Path) -> int:
    rows: dict[str, str] = {}
    with src.open(encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            code = rec["adcode"][:6]
            if rec["name"] not in PLACEHOLDERS:
                rows[code] = rec["name"]
    parent_override: dict[str, str] = {}
    for code, name, parent in CHANGES:
        rows[code] = name
        if parent:
            parent_override[code] = parent
    for code in REMOVED:
        rows.pop(code, None)
    out = []
    for code in sorted(rows):
        name = rows[code]
        if code.endswith("0000"):
            level, parent = 1, ""
        elif code.endswith("00"):
            level, parent = 2, code[:2] + "0000"
        else:
            level = 3
            parent = parent_override.get(code) or code[:4] + "00"
            if parent not in rows:  # municipality district or province-administered city
                parent = code[:2] + "0000"
        out.append(f"{code}\t{name}\t{level}\t{parent}")
    dst.write_text("# adcode\tname\tlevel\tparent (from cpca adcodes.csv, MIT; see make_gazetteer.py)\n"
                   + "\n".join(out) + "\n", encoding="utf-8")
    return len(out)


def main() -> int:
    import cpca  # only the build script needs cpca

    src = Path(cpca.__file__).parent / "resources" / "adcodes.csv"
    dst = Path(__file__).with_name("admin_divisions.tsv")
    print(f"{build(src, dst)} divisions -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
