"""Entity rules measured on public news NER text (benchmarks/score_ner.py), each on sentences
of our own: keep what the tagger finds unless a rule is sure it is wrong."""

from store.entities import extract_entities


def forms(text: str, kind: str) -> set[str]:
    return {m.text for m in extract_entities(text) if m.type == kind}


def test_a_conjunction_after_a_whole_body_joins_two_bodies() -> None:
    # 党中央 and 某某党 are whole bodies: 和 after them starts the next name, no field of a remit.
    orgs = forms("会议由党中央和国务院有关部门联合召开。", "org")
    assert {"党中央", "国务院"} <= orgs and "党中央和国务院" not in orgs
    assert "省科学技术和工业信息化厅" in forms("市政府办公厅和省科学技术和工业信息化厅联合发文。", "org")


def test_a_common_word_ending_in_a_suffix_character_is_no_name() -> None:
    # 干部 and 南部 end in 部, 书城 in 城: common words, so no organisation grows from them.
    assert forms("天津市干部群众积极参加植树活动。", "org") == set()
    assert forms("他出生在西班牙南部的一座小城。", "org") == set()
    assert "西班牙" in forms("他出生在西班牙南部的一座小城。", "place")
    assert "深圳市南山区科技创新局" in forms("深圳市南山区科技创新局发布通知。", "org")


def test_hua_as_china_is_a_place() -> None:
    # 在华, 对华: 华 is China's one-character form, like 中 in 中美.
    assert "华" in forms("多家跨国公司近年来在华设立研发中心。", "place")


def test_a_datelines_dian_is_not_part_of_the_name_after_it() -> None:
    # 某地某月某日电 ends the dateline: the body named next starts after 电.
    assert "中共中央办公厅" in forms("新华社北京5月6日电中共中央办公厅近日印发通知。", "org")
    assert "市科学技术委员会" in forms("本报上海8月9日电市科学技术委员会发布新规。", "org")


def test_a_village_and_its_township_are_two_places() -> None:
    places = forms("她是临江镇北山村的农民。", "place")
    assert {"临江镇", "北山村"} <= places and "临江镇北山村" not in places


def test_a_post_the_model_tags_as_a_body_is_not_joined_with_its_holder() -> None:
    # 国务卿 | 基辛格: a post and the person holding it, not one organisation's name.
    people = forms("前国务卿基辛格会见了代表团。", "person")
    assert "基辛格" in people
    assert not any("基辛格" in o for o in forms("前国务卿基辛格会见了代表团。", "org"))


def test_a_city_ending_in_cheng_is_a_place_and_a_science_city_a_body() -> None:
    assert {"费城", "墨西哥城"} <= forms("代表团先后访问了费城和墨西哥城。", "place")
    assert "中关村科学城" in forms("中关村科学城吸引了大批企业。", "org")
    assert "江河未来城" in forms("江河未来城项目开工。", "org")


def test_a_post_before_he_is_no_field_of_a_bodys_remit() -> None:
    # 某某总理和某国政府: a person with a post, then a body; 和 joins no remit here.
    text = "我要感谢克雷蒂安总理和加拿大政府的邀请。"
    assert "加拿大政府" in forms(text, "org")
    assert "克雷蒂安" in forms(text, "person")
