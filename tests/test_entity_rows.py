"""One entity per thing: one row per division or zone, paths for divisions and for the zones named
after them, figures pointing at their subject's entity. Own sentences, then the bundled seeds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import gazetteer
from store.build import build
from store.entities import extract_entities
from store.query import Store
from store.textnorm import to_simplified

ROOT = Path(__file__).parent.parent


def _places(text: str) -> dict[str, tuple[str, str | None]]:
    return {m.text: (m.key, m.path) for m in extract_entities(text) if m.type == "place"}


def test_a_zone_named_after_a_city_hangs_under_it() -> None:
    places = _places("苏州高新区今年引进企业120家，苏州市科技局表示将继续支持。")
    key, path = places["苏州高新区"]
    assert path == "江苏省/苏州市/苏州高新区"
    assert key == "place:苏州高新区"


def test_simplified_and_traditional_zone_forms_are_one_entity() -> None:
    simple = _places("苏州高新区今年引进企业120家。")["苏州高新区"]
    traditional = _places("蘇州高新區今年引進企業120家。")["蘇州高新區"]
    assert simple == traditional


def test_a_division_has_one_key_whichever_way_it_was_found() -> None:
    mentions = [m for m in extract_entities("苏州市召开大会。会上，苏州市与无锡市签署协议，苏州的企业代表发言。")
                if m.type == "place" and to_simplified(m.text).startswith("苏州")]
    assert mentions
    assert {m.key for m in mentions} == {"place:320500"}
    assert all(m.path == "江苏省/苏州市" for m in mentions)


def test_a_mention_never_begins_or_ends_on_a_space() -> None:
    for m in extract_entities("位于 东湖水厂 附近的苏州工业园区新建了一座泵站。"):
        assert m.text == m.text.strip() and m.text
        assert m.name == m.name.strip()


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    report = build([ROOT / "seeds"], db)
    assert report.ok
    assert report.linked_mentions > 0
    return db


def test_seeds_store_one_row_per_entity(seeds_db: Path) -> None:
    conn = sqlite3.connect(seeds_db)
    rows = conn.execute("SELECT name, type FROM entities").fetchall()
    conn.close()
    assert all(name == name.strip() for name, _ in rows)
    forms = [(to_simplified(name), type_) for name, type_ in rows]
    assert len(forms) == len(set(forms))


def test_seeds_every_division_mention_has_its_path(seeds_db: Path) -> None:
    conn = sqlite3.connect(seeds_db)
    rows = conn.execute(
        "SELECT e.name, e.path FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.type = 'place'"
    ).fetchall()
    conn.close()
    gaz = gazetteer.load()
    divisions = [(name, path) for name, path in rows if gaz.is_full_name(to_simplified(name))]
    assert divisions
    assert [d for d in divisions if not d[1]] == []


def test_seeds_a_city_filter_includes_its_zone_figures(seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        zone = [m for m in store.metrics(place="济南高新区", limit=10_000)]
        city = [m for m in store.metrics(place="济南市", limit=10_000)]
    assert zone
    assert {m.id for m in zone} <= {m.id for m in city}


def test_a_name_found_once_is_a_mention_wherever_it_stands_as_a_word() -> None:
    from store.tagger import Token, tag_text

    text = "明德研究所发布年度报告。报告由明德研究所编写。"
    tokens = tag_text(text)
    second = text.rindex("明德研究所")
    # The model tags the first occurrence and misses the second (tagged as two common words).
    tokens = [t for t in tokens if not (second <= t.start < second + 5)]
    tokens += [Token(second, second + 2, "n", "明德"), Token(second + 2, second + 5, "n", "研究所")]
    tokens.sort(key=lambda t: t.start)
    first = text.index("明德研究所")
    assert any(t.start == first and t.tag == "ORG" for t in tokens)
    found = [(m.start, m.key) for m in extract_entities(text, tokens=tokens) if m.text == "明德研究所"]
    assert [s for s, _ in found] == [first, second]
    assert len({k for _, k in found}) == 1


def test_one_character_place_forms_are_places() -> None:
    places = {m.text for m in extract_entities("皖企赴美参展，中美双方签署协议。") if m.type == "place"}
    assert "美" in places


def test_the_models_place_names_are_kept_unless_the_dictionary_says_otherwise() -> None:
    places = {m.text for m in extract_entities("代表团访问了新竹和宜兰，参观了两地的工厂。") if m.type == "place"}
    assert {"新竹", "宜兰"} <= places


def test_a_footer_of_links_is_one_organisation_per_link() -> None:
    orgs = [m.text for m in extract_entities("友情链接：中国科学院 科学技术部 教育部 国家发展和改革委员会")
            if m.type == "org"]
    assert "中国科学院" in orgs and "科学技术部" in orgs
    assert all(" " not in name for name in orgs)


def test_a_district_in_a_gb18030_file_is_a_place(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    text = "历城区科技局召开会议\n\n本报讯 历城区今年引进企业30家，同比增长20%。\n"
    (folder / "gb.txt").write_bytes(text.encode("gb18030"))
    db = tmp_path / "gb.db"
    assert build([folder], db).ok
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT type, path FROM entities WHERE name = '历城区'").fetchall()
    conn.close()
    assert rows == [("place", "山东省/济南市/历城区")]


def test_a_place_cut_from_a_longer_name_is_not_kept() -> None:
    from store.entities import _kept_model_place

    assert _kept_model_place("新竹")  # the dictionary's place name
    assert not _kept_model_place("污水")  # the dictionary's common noun
    assert not _kept_model_place("苏州科学")  # a place and a stray piece of the next word


def test_a_place_cut_from_its_zone_word_is_one_zone() -> None:
    from store.entities import _join_zone_words
    from store.tagger import Token

    tokens = [Token(0, 2, "p", "记者"), Token(2, 4, "LOC", "城东"), Token(4, 6, "vn", "示范"),
              Token(6, 7, "n", "区"), Token(7, 9, "v", "获悉")]
    joined = _join_zone_words(tokens)
    assert [(t.text, t.tag) for t in joined] == [("记者", "p"), ("城东示范区", "LOC"), ("获悉", "v")]
