"""Chinese administrative divisions (province, city, county) with short forms and paths.

Data: ``store/data/admin_divisions.tsv`` (built from cpca's adcodes by
``store/data/make_gazetteer.py``). Loaded once per process, lazily.

A surface form (济南市, 济南, 章丘区, 章丘) can name several divisions (市中区 exists in three
cities); :func:`resolve` picks one with the places the article itself mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "admin_divisions.tsv"

_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|"
    "景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|"
    "德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_SUFFIX_BY_LEVEL = {
    1: re.compile(r"^(.{2,}?)(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)$"),
    2: re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族)*(?:自治州|地区|盟|市)$"),
    3: re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族)*(?:自治县|自治旗|林区|特区|新区|区|县|市|旗)$"),
}

# Short forms that are ordinary words far more often than places (和平区 -> 和平).
_SHORT_STOP = frozenset(
    "和平 新华 长安 平安 永安 安宁 东方 开平 城关 新城 市中 郊区 向阳 红旗 前进 胜利 解放 光明 友好 "
    "新市 白云 青山 南山 北山 东山 西山 中山 江南 江北 河东 河西 海南 城中 城东 城西 城南 城北 "
    "东区 西区 南区 北区 新兴 永定 通化 清新 高新 矿区 金平 龙华 宝山 普陀 长宁 沙市 城区 东风 "
    "团结 黄山 泰山 华山 嵩山 峨眉 九龙 大同 合作 太平 吉利 巴州 正定 大方 保定 建设 新区 金山".split()
)


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # full official name, Simplified: 章丘区
    level: int  # 1 province, 2 city, 3 county
    parent: str  # parent adcode, "" for provinces

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


class Gazetteer:
    def __init__(self, divisions: list[Division]):
        self.by_code: dict[str, Division] = {d.code: d for d in divisions}
        self.full: dict[str, list[Division]] = {}
        self.short: dict[str, list[Division]] = {}
        for d in divisions:
            self.full.setdefault(d.name, []).append(d)
        for d in divisions:
            form = short_form(d)
            if form and form not in _SHORT_STOP and form not in self.full:
                self.short.setdefault(form, []).append(d)
        # A short form shared by a province and one of its cities/counties (吉林) is still usable:
        # resolve() prefers the higher level. Short forms of counties that collide with another
        # division's short form are kept too and need context to resolve.

    def candidates(self, form: str) -> list[Division]:
        """Divisions a surface form (Simplified) can name, full names first."""
        return self.full.get(form) or self.short.get(form) or []

    def is_full_name(self, form: str) -> bool:
        return form in self.full

    def path(self, division: Division) -> str:
        names = []
        d: Division | None = division
        while d is not None:
            names.append(d.name)
            d = self.by_code.get(d.parent) if d.parent else None
        return "/".join(reversed(names))

    def ancestors(self, division: Division) -> set[str]:
        codes = set()
        d = self.by_code.get(division.parent) if division.parent else None
        while d is not None:
            codes.add(d.code)
            d = self.by_code.get(d.parent) if d.parent else None
        return codes

    def resolve(self, form: str, context: set[str] = frozenset()) -> Division | None:
        """The division ``form`` most likely names, given adcodes of places the article names.

        A candidate whose province or city is in ``context`` wins; else the highest level;
        among equals (three 市中区 and no context) the form stays unresolved.
        """
        cands = self.candidates(form)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        scored = []
        for d in cands:
            hits = len(self.ancestors(d) & context) + (d.code in context)
            scored.append((hits, -d.level, d))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        best, second = scored[0], scored[1]
        if (best[0], best[1]) == (second[0], second[1]):
            return None
        return best[2]


def short_form(d: Division) -> str | None:
    """济南市 -> 济南, 章丘区 -> 章丘, 延边朝鲜族自治州 -> 延边; None when too short to be safe."""
    m = _SUFFIX_BY_LEVEL[d.level].match(d.name)
    return m.group(1) if m else None


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    divisions = []
    with DATA_FILE.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, name, level, parent = line.rstrip("\n").split("\t")
            divisions.append(Division(code, name, int(level), parent))
    return Gazetteer(divisions)


def admin_path(form: str, context: set[str] = frozenset()) -> str | None:
    """Full admin path of a place name (Simplified), e.g. 章丘区 -> 山东省/济南市/章丘区."""
    gaz = load()
    d = gaz.resolve(form, context)
    return gaz.path(d) if d else None
