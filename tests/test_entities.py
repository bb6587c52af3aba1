"""Entity rules on invented sentences, plus the seeds staying above the targets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from store.entities import extract_entities
from store.reader import read_text

ROOT = Path(__file__).resolve().parent.parent


def forms(text: str, kind: str, **kw) -> set[str]:
    return {m.text for m in extract_entities(text, **kw) if m.type == kind}


def check_offsets(text: str, **kw):
    mentions = extract_entities(text, **kw)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return mentions


def test_org_suffixes():
    text = "青岛海川智能装备有限公司与烟台大学共建海洋工程研究院，市科技局到会指导。"
    orgs = forms(text, "org")
    assert "青岛海川智能装备有限公司" in orgs
    assert "烟台大学" in orgs
    assert "市科技局" in orgs
    assert "企业" not in orgs


def test_generic_words_are_not_entities():
    all_forms = {m.text for m in extract_entities("企业和高校要与政府部门一起推进重点实验室建设。")}
    assert not all_forms & {"企业", "高校", "政府", "重点实验室"}


def test_titles_before_names():
    people = forms("会上，局长秦明远介绍了情况，董事长龚晓峰表示将加大投入。", "person")
    assert {"秦明远", "龚晓峰"} <= people


def test_byline_names():
    text = "本报记者 郝静怡 通讯员 卞子航\n新的园区昨天开园。"
    assert {"郝静怡", "卞子航"} <= forms(text, "person", authors=["郝静怡"], contributors=["卞子航"])


def test_development_zones_and_streets():
    text = "潍坊高新区与临沂综合保税区签约，奎文区北海路街道也参与其中。"
    places = forms(text, "place")
    assert "潍坊高新区" in places
    assert "临沂综合保税区" in places
    assert "北海路街道" in places or "奎文区" in places


def test_documents_without_brackets():
    docs = forms("省里印发了《关于加快海洋经济发展的若干措施》和《2023年工作要点》。", "document")
    assert docs == {"关于加快海洋经济发展的若干措施", "2023年工作要点"}


def test_gazetteer_paths_and_disambiguation():
    mentions = check_offsets("山东省济南市市中区今年新增科技型企业120家，市中区将继续发力。")
    paths = {m.text: m.path for m in mentions if m.type == "place"}
    assert paths.get("市中区") == "山东省/济南市/市中区"
    assert paths.get("济南市") == "山东省/济南市"


def test_short_forms_link_to_full_names():
    mentions = check_offsets("济南市出台新政。济南的科技企业数量快速增长。")
    keys = {m.key for m in mentions if m.text in ("济南", "济南市")}
    names = {m.name for m in mentions if m.text in ("济南", "济南市")}
    assert len(keys) == 1 and names == {"济南市"}


def test_traditional_text_and_variant_linking():
    text = "濟南高新區今年引進項目50個。高新區將繼續擴大開放，南京江寧高新區和江寧高新區都在發力。"
    mentions = check_offsets(text)
    zones = [m for m in mentions if m.type == "place"]
    # A bare 高新區 is a generic word (the gold lists named zones only); the named forms are
    # linked: 江寧高新區 is 南京江寧高新區.
    assert "高新區" not in {m.text for m in zones}
    assert {m.name for m in zones if m.text == "濟南高新區"} == {"济南高新区"}
    assert {m.name for m in zones if "江寧" in m.text} == {"南京江宁高新区"}


def test_every_occurrence_with_exact_offsets():
    text = "章丘区加快发展。\n章丘区的企业很多，章丘区还在努力。"
    mentions = check_offsets(text)
    assert sum(1 for m in mentions if m.text == "章丘区") == 3


def test_empty_and_plain_text():
    assert extract_entities("") == []
    check_offsets("12345 abc，。！")


def _seed_scores() -> dict[str, tuple[int, int, int]]:
    sys.path.insert(0, str(ROOT / "tests" / "data"))
    from score_gold import norm

    counts = {t: [0, 0, 0] for t in ("place", "org", "person", "document")}
    for gold_file in sorted((ROOT / "tests" / "data" / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = read_text(ROOT / "seeds" / gold["source"])
        arts = gold["articles"]
        mentions = extract_entities(
            text,
            authors=[a for art in arts for a in art["authors"]],
            contributors=[a for art in arts for a in art["contributors"]],
        )
        assert all(text[m.start : m.end] == m.text for m in mentions)
        for t, c in counts.items():
            gs = {norm(x) for art in arts for x in art["entities"].get(t, [])} - {""}
            ps = {norm(m.text) for m in mentions if m.type == t} - {""}
            c[0] += len(gs & ps)
            c[1] += len(ps - gs)
            c[2] += len(gs - ps)
    return counts


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.mark.slow
def test_seeds_stay_above_targets():
    counts = _seed_scores()
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    # Floors a little under the current figures (whole documents, union of gold per document),
    # so a regression shows; raise them as the rules improve.
    assert _f1(*total) >= 0.82
    assert _f1(*counts["person"]) >= 0.9
    assert _f1(*counts["document"]) >= 0.9
    assert _f1(*counts["place"]) >= 0.84
    assert _f1(*counts["org"]) >= 0.77


def test_firm_short_names_from_a_proper_name_and_a_trade():
    text = "华泰特种汽车等5家企业入选省级名单，鲁信物联网、海天电子已投产。淄博二机床、烟台永华被认定为示范企业。"
    orgs = forms(text, "org")
    assert {"华泰特种汽车", "鲁信物联网", "海天电子", "淄博二机床", "烟台永华"} <= orgs
    # A place's trade before more nouns is no firm.
    assert not forms("山东新材料产业规模持续扩大。", "org")


def test_programmes_and_products_are_not_places_or_orgs():
    text = "他是泰山学者，今年还入选泰山产业领军人才。他用苹果手机拍下了现场。"
    assert "泰山" not in forms(text, "place")
    assert "苹果" not in forms(text, "org")


def test_org_token_repairs():
    assert "城发控股" in forms("园区配备了城发控股子公司和服务中心。", "org")
    assert "城发控股子公司" not in forms("园区配备了城发控股子公司和服务中心。", "org")
    orgs = forms("今年，南山区携手深圳大学共建先进材料技术创新研究院。", "org")
    assert {"深圳大学", "先进材料技术创新研究院"} <= orgs
    assert forms("方兴科技能取得今天的成绩离不开政策支持。", "org") == {"方兴科技"}
    assert forms("会上要兼顾好科技部和省里的考核。", "org") == {"科技部"}


def test_listed_firms_and_non_roads():
    text = "金现代等6家企业成功上市。园区落户了以恒瑞医药、华海药业、前景生物等为代表的80多家领军企业。"
    orgs = forms(text, "org")
    assert "金现代" in orgs
    assert "金现代" not in forms(text, "person")
    assert "前景生物" in orgs
    assert "集成电路" not in forms("支持集成电路、半导体领域企业申报项目。", "place")


def test_descriptive_institution_names():
    orgs = forms("山东产研院成立海洋数字经济研究所，建成海洋超级计算中心，搭建各类研发平台。", "org")
    assert {"海洋数字经济研究所", "海洋超级计算中心"} <= orgs
    assert "研发平台" not in orgs


def test_industrial_park_is_one_place() -> None:
    text = "无锡工业园区今年新增企业300家。"
    places = [m.text for m in extract_entities(text) if m.type == "place"]
    assert places == ["无锡工业园区"]


def test_a_body_joining_two_fields_of_its_remit_is_one_name() -> None:
    orgs = forms("省人力资源和社会保障厅与市科技和信息化局联合发文。", "org")
    assert {"省人力资源和社会保障厅", "市科技和信息化局"} <= orgs
    assert "太仓科学技术和经济信息化局" in forms("太仓科学技术和经济信息化局负责人称，高校也要参与。", "org")
    # Two bodies or two places joined by 和 stay two.
    assert forms("新华社和人民日报社记者到场。", "org") == {"新华社", "人民日报社"}
    assert "苏州和无锡高新区" not in forms("苏州和无锡高新区合作。", "place")


def test_a_company_with_its_seat_in_brackets() -> None:
    orgs = forms("园区内的恒达精工(苏州)有限公司扩建了厂房。", "org")
    assert "恒达精工(苏州)有限公司" in orgs
    assert "海洋装备创新服务中心（青岛）" in forms("他们建设了海洋装备创新服务中心（青岛）。", "org")


def test_national_bodies_and_named_bases() -> None:
    orgs = forms("今年获批国家先进计算中心，并建成徐州国家级文化和旅游融合示范基地。", "org")
    assert {"国家先进计算中心", "徐州国家级文化和旅游融合示范基地"} <= orgs
    assert not forms("该项目是电池生产基地，不是名称。", "org")


def test_a_company_not_its_department_and_paired_parks() -> None:
    assert forms("华信材料股份有限公司综合部经理王明说。", "org") == {"华信材料股份有限公司"}
    assert {"房山园", "平谷园"} <= forms("增长最快的为房山园和平谷园，均达到40%。", "place")


def test_a_list_closed_by_a_number_word_and_etc() -> None:
    orgs = forms("涌现了华强机电、国泰汽配、际光七二一等一大批本土企业。", "org")
    assert {"华强机电", "国泰汽配", "际光七二一"} <= orgs


def test_datelines_name_their_outlet_and_place() -> None:
    mentions = extract_entities("据新华社北京5月18日电 记者从会上获悉。")
    assert {(m.text, m.type) for m in mentions} >= {("新华社", "org"), ("北京", "place")}
    assert ("光明网", "org") in {(m.text, m.type) for m in extract_entities("光明网讯(记者 张晓华)3月2日，会议举行。")}
    # 本报 names no outlet; the place of its dateline is still a place.
    assert {(m.text, m.type) for m in extract_entities("本报济南讯 今天上午，会议召开。")} == {("济南", "place")}


def test_a_surname_cut_from_its_given_name_after_a_title() -> None:
    assert "向挺" in forms("区科技局副局长向挺介绍，今年以来企业增加。", "person")
    assert not forms("局长向他表示感谢。副局长向记者介绍了情况。", "person")


def test_compass_regions_are_places() -> None:
    places = forms("其中，东部地区项目占六成，西北地区291家，华南地区增长最快。", "place")
    assert {"东部地区", "西北地区", "华南地区"} <= places


def test_lists_of_organisations_whole_items() -> None:
    orgs = forms("是继华为、宏达光电、金鸿科技、联创移动、冠达之后，园区第6家百亿企业。", "org")
    assert {"宏达光电", "金鸿科技", "联创移动"} <= orgs
    assert "上柴" in forms("引来了东风康达、上柴、锡柴等龙头客户。", "org")
    mentions = {(m.text, m.type) for m in extract_entities("与华为、腾讯、北京、上海等合作。")}
    assert ("北京", "place") in mentions and ("北京", "org") not in mentions


def test_a_list_of_links_to_other_stories_holds_no_mentions() -> None:
    text = "园区在上海召开会议，中国科学院参加。\n• 上海举行大会\n• 图片新闻\n• 日本核监管机构同意排放\n"
    mentions = extract_entities(text)
    assert {(m.text, m.type) for m in mentions} == {("上海", "place"), ("中国科学院", "org")}
    assert all(m.start < text.index("•") for m in mentions)
    # One bulleted line in the text is the article's own.
    assert "北京" in forms("• 北京召开会议\n园区很好。", "place")


def test_short_forms_of_an_organisation_named_in_full() -> None:
    orgs = forms("苏州市经发局表示，将加大投入。经发局局长张明指出，今年增长。", "org")
    assert {"苏州市经发局", "经发局"} <= orgs
    orgs = forms("华信精密(苏州)有限公司扩产。华信公司生产线全年满负荷。", "org")
    assert {"华信精密(苏州)有限公司", "华信公司"} <= orgs


def test_an_outlet_before_its_reporter_inside_a_sentence() -> None:
    assert "科技日报" in forms("张明告诉科技日报记者，园区开工。", "org")
    assert "江城晚报" in forms("他接受江城晚报专访时说。江城晚报记者李华摄", "org")
    # 本报 names no outlet.
    assert not forms("本报记者 张明报道。", "org")


def test_incubators_and_maker_spaces_are_organisations() -> None:
    orgs = forms("江城大学附属医院建成华信数字经济众创空间和海川生物医药孵化器。", "org")
    assert {"华信数字经济众创空间", "海川生物医药孵化器"} <= orgs
    assert not forms("企业入驻孵化器和众创空间。", "org")


def test_places_abroad_and_named_regions() -> None:
    assert {"美国", "硅谷", "德国", "慕尼黑"} <= forms("该公司在美国硅谷、德国慕尼黑设立研发中心。", "place")
    assert {"长三角地区", "珠三角地区", "京津冀地区"} <= forms("长三角地区、珠三角地区和京津冀地区是重点。", "place")


def test_named_parks_and_science_parks() -> None:
    assert "华海园区" in forms("引进生技产业为主的华海园区营业额更是成长五成。", "org")
    assert "南部科学园区" in forms("南部科学园区持续展现强劲成长动能。", "org")
    assert "苏州工业园区" not in forms("企业入驻苏州工业园区。", "org")


def test_names_from_abroad_the_model_tags_are_kept() -> None:
    # No common surname begins them: written with · or in transliteration characters alone.
    assert "奥巴马" in forms("美国总统奥巴马会见了来访的加拿大总理哈珀。", "person")
    assert "彼得·希格斯" in forms("英国科学家彼得·希格斯在讲座上回答了学生的提问。", "person")
    assert "港青" not in forms("港青创业团队入驻深圳的孵化器。", "person")


def test_places_the_lexicon_lists_as_names_are_kept() -> None:
    # 波士顿 is a person's name in the general lexicon; the model reads it as a place here.
    assert {"波士顿", "匹兹堡"} <= forms("代表团访问了波士顿和匹兹堡两座城市。", "place")


def test_a_lists_first_item_and_paired_city_short_forms() -> None:
    orgs = forms("园区引进了华为、中兴等企业。", "org")
    assert orgs == {"华为", "中兴"}
    assert not forms("郑汴一体化加快推进。", "person")


def test_a_brand_the_model_took_for_a_verb_after_its_place() -> None:
    assert "山东载信智慧物流园" in forms("江河未来城、山东载信智慧物流园等一批项目。", "org")
    assert "山东建设智慧物流园" not in forms("山东建设智慧物流园取得进展。", "org")


def test_facilities_ending_in_a_station_word_are_no_places() -> None:
    places = forms("园区新建雨水泵站两座、充电站十座，西湖站也已开通。", "place")
    assert not {"雨水泵站", "充电站"} & places


def test_a_list_of_places_closed_by_what_it_counts() -> None:
    assert {"铜锣", "宜兰"} <= forms("今年加强铜锣、宜兰等园区建设。", "place")
    assert not forms("华为、腾讯等企业参与。", "place")
