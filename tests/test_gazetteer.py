"""Admin-division gazetteer: short forms, paths, disambiguation by context."""

from store.gazetteer import admin_path, load, short_form


def test_paths_of_full_and_short_forms():
    assert admin_path("章丘区") == "山东省/济南市/章丘区"
    assert admin_path("章丘") == "山东省/济南市/章丘区"
    assert admin_path("济南") == "山东省/济南市"
    assert admin_path("山东") == "山东省"
    assert admin_path("朝阳区", {"110000"}) == "北京市/朝阳区"


def test_ambiguous_county_needs_context():
    assert admin_path("市中区") is None
    assert admin_path("市中区", {"370100", "370000"}) == "山东省/济南市/市中区"
    assert admin_path("鼓楼区", {"320100"}) == "江苏省/南京市/鼓楼区"


def test_short_forms_drop_ethnic_names_and_keep_common_words_out():
    gaz = load()
    assert short_form(gaz.by_code["222400"]) == "延边"
    assert admin_path("黔东南") == "贵州省/黔东南苗族侗族自治州"
    assert "和平" not in gaz.short  # 和平区 -> 和平 is a common word
    assert gaz.candidates("城") == []
