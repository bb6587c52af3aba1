"""What a figure measures (store/indicators.py), on sentences of our own: the phrase's edges
come from the tagger's words, so these run the tagger like a build does."""

from __future__ import annotations

from store.extract import extract_text
from store.indicators import Words, nominal_tail, topic_before
from store.metrics import extract_metrics
from store.models import Mention
from store.tagger import Token


def _words(*pairs: tuple[str, str]) -> tuple[str, list[Token]]:
    """A text and its words, as the tagger would give them: (word, tag) pairs in order."""
    tokens, pos = [], 0
    for word, tag in pairs:
        tokens.append(Token(pos, pos + len(word), tag, word))
        pos += len(word)
    return "".join(w for w, _t in pairs), tokens


def _mention(body: str, text: str, kind: str = "place") -> Mention:
    s = body.index(text)
    return Mention(text=text, type=kind, start=s, end=s + len(text), key=f"{kind}:{text}", name=text)


def _indicators(body: str, **kw) -> list[str | None]:
    return [m.indicator for m in extract_metrics(body, **kw)]


# --- the edges of a phrase, on words given by hand (no model) ---------------------------------

def test_phrase_starts_after_the_last_function_word() -> None:
    text, tokens = _words(("上半年", "TIME"), ("全县", "n"), ("累计", "vd"), ("完成", "v"),
                          ("技改", "vn"), ("投资", "v"))
    assert text[slice(*nominal_tail(Words(tokens), 0, len(text)))] == "完成技改投资"


def test_names_times_and_collective_words_end_a_phrase() -> None:
    text, tokens = _words(("青川县", "LOC"), ("科技型", "a"), ("企业", "n"), ("数量", "n"))
    s, e = nominal_tail(Words(tokens), 0, len(text))
    assert text[s:e] == "科技型企业数量"
    text, tokens = _words(("长河", "n"), ("镇", "n"), ("工业", "n"), ("产值", "n"))
    names = [(0, 3, "长河镇")]  # a name the entities found, whatever the model's words
    s, e = nominal_tail(Words(tokens, names), 0, len(text))
    assert text[s:e] == "工业产值"


def test_predicate_words_at_the_end_are_not_the_phrase() -> None:
    """比全省分别高: an adverb, a conjunction, a comparing adjective name nothing measured."""
    text, tokens = _words(("比", "p"), ("全省", "n"), ("和", "c"), ("全国", "n"), ("分别", "d"), ("高", "a"))
    s, e = nominal_tail(Words(tokens), 0, len(text))
    assert s == e


def test_joiners_stay_inside_a_phrase_and_quotes_stay_whole() -> None:
    text, tokens = _words(("有", "v"), ("研发", "vn"), ("机构", "n"), ("的", "u"), ("企业", "n"))
    assert text[slice(*nominal_tail(Words(tokens), 0, len(text)))] == "有研发机构的企业"
    text, tokens = _words(("“", "w"), ("百", "m"), ("人", "n"), ("计划", "n"), ("”", "w"))
    assert text[slice(*nominal_tail(Words(tokens), 0, len(text)))] == "“百人计划”"


def test_a_word_crossing_the_segment_is_cut_at_its_edge() -> None:
    """约2.7亿元 is one word of the model's: the segment before the number keeps 约 alone."""
    text, tokens = _words(("研发", "vn"), ("投入", "v"), ("约2.7亿元", "m"))
    words = Words(tokens)
    assert [(t.text, t.tag) for t in words.inside(1, 5)] == [("发", "vn"), ("投入", "v"), ("约", "m")]
    assert text[slice(*nominal_tail(words, 0, 5))] == "研发投入"
    assert nominal_tail(None, 0, len(text)) is None


def test_numeral_and_one_character_noun_count_together() -> None:
    text, tokens = _words(("其余", "r"), ("四", "m"), ("市", "n"), ("占", "v"), ("比", "n"))
    assert text[slice(*nominal_tail(Words(tokens), 0, len(text)))] == "占比"


def test_topic_comes_from_the_clause_before() -> None:
    text, tokens = _words(("其中", "r"), ("物流业", "n"), ("回升", "v"), ("明显", "a"), ("，", "w"),
                          ("增速", "n"), ("达", "v"))
    span = topic_before(text, text.index("增速"), 0, 0, _NoNames(), Words(tokens))
    assert text[slice(*span)] == "物流业"
    # a clause holding a figure of its own gives no topic
    assert topic_before(text, text.index("增速"), 0, 3, _NoNames(), Words(tokens)) is None


class _NoNames:
    end_at: dict[int, int] = {}

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        return []


# --- whole sentences through the tagger --------------------------------------------------------

def test_the_noun_phrase_before_the_number() -> None:
    assert _indicators("今年以来，全县累计完成技改投资36.2亿元。") == ["技改投资"]
    assert _indicators("全省民生支出占比达到72.4%。") == ["民生支出占比"]


def test_a_place_opening_the_clause_is_not_the_indicator() -> None:
    body = "2023年，滨江县规模以上工业企业研发投入实现12.4亿元。"
    [ind] = _indicators(body, mentions=[_mention(body, "滨江县")])
    assert ind == "规模以上工业企业研发投入"


def test_a_gloss_in_brackets_before_the_number() -> None:
    assert _indicators("前三季度，全市实现地区生产总值（GDP）856.3亿元。") == ["地区生产总值"]


def test_a_clause_naming_nothing_takes_the_phrase_of_the_clause_before() -> None:
    assert _indicators("其中物流业回升明显，增速达12.5%。") == ["物流业增速"]
    assert _indicators("从规模看，软件企业营业收入最高，达523.6亿元。") == ["软件企业营业收入"]


def test_a_multiple_measures_what_comes_before_the_comparison() -> None:
    [ind] = _indicators("研发经费增速超过全省平均水平的2倍。")
    assert ind == "研发经费增速"


def test_a_name_alone_takes_the_indicator_of_the_same_unit() -> None:
    """东片区企业数量达到360家，占比40%；西片区210家: 210家 counts the same thing as 360家."""
    body = "其中，东片区企业数量达到360家，占比为40%；西片区210家，占比为23%。"
    mentions = [_mention(body, "东片区"), _mention(body, "西片区")]
    assert _indicators(body, mentions=mentions) == ["企业数量", "占比", "企业数量", "占比"]


def test_a_duration_measures_the_doing_after_it() -> None:
    [ind] = _indicators("该局连续5年开展科技下乡活动。")
    assert ind == "开展科技下乡活动"


def test_comparison_clauses_take_the_figure_they_compare() -> None:
    """比全省和全国分别高: no phrase of its own; the figure compared is the one before."""
    found = extract_metrics("全县固定资产投资同比增长9.6%，比全省和全国分别高3.2和4.1个百分点。")
    assert all(m.indicator and m.indicator.startswith("固定资产投资") for m in found)


def test_extract_text_passes_one_tagging_to_both() -> None:
    [m] = extract_text("今年以来，全县累计完成技改投资36.2亿元。").metrics
    assert m.indicator == "技改投资"


def test_a_word_after_the_number_that_opens_no_phrase_is_not_counted() -> None:
    """16.8%和13.5%: the conjunction after a number is no noun; nor a currency, a preposition."""
    assert _indicators("从业人员增长率分别为16.8%和13.5%。") == ["从业人员增长率", "从业人员增长率"]
    assert _indicators("全年营业额达1.2万亿元人民币。") == ["营业额"]
    [ind] = _indicators("公司投资2.3亿元对这条生产线进行改造。")
    assert ind.endswith("投资")


def test_enumeration_items_in_the_clause_before_fenbie() -> None:
    """A、B、C居前三位，分别为x、y、z: the items open the clause before 分别's own."""
    found = extract_metrics("其中，数字创意、智能装备、节能与环保列前三位，分别为512家、387家、296家。")
    assert [m.indicator for m in found if m.unit == "家"] == ["数字创意", "智能装备", "节能与环保"]


def test_enumeration_items_in_the_clause_of_fenbie() -> None:
    found = extract_metrics("批发业、零售业和住宿业分别增长5.1%、3.2%和8.4%。")
    assert [m.indicator for m in found] == ["批发业增速", "零售业增速", "住宿业增速"]


def test_a_sentence_topic_covers_its_figures_without_a_phrase() -> None:
    """X的Y，自…以来连年增长，由…约1200件，增至…约2600件: the noun-phrase clause is the topic."""
    body = "事实上，园区企业的专利授权量，自新政实施以来连年增长，由2019年度约1200件，增至翌年的约2600件。"
    assert _indicators(body) == ["园区企业的专利授权量", "园区企业的专利授权量"]


def test_link_words_and_calendar_nouns_are_no_phrase() -> None:
    assert _indicators("全区技术合同成交额多达35.6亿元。") == ["技术合同成交额"]
    text, tokens = _words(("由", "p"), ("2019", "m"), ("年度", "n"))
    s, e = nominal_tail(Words(tokens), 0, len(text))
    assert s == e


def test_the_phrase_after_a_number_ends_at_a_link_verb_or_particle() -> None:
    """近3000家企业有以下特点: what is counted is 企业; 分三批组织评审了: no 了."""
    [m] = extract_metrics("这些近3000家企业有以下特点。")
    assert m.indicator == "企业"
    [m] = extract_metrics("今年分三批组织评审了。")
    assert m.indicator.endswith("评审")


def test_a_verb_alone_or_a_time_word_names_nothing_measured() -> None:
    """截至3月, 创下, 高出: the figure keeps the sentence's topic instead."""
    body = "事实上，园区企业的专利授权量，截至3月已达2600件，较上年同期1200件高出1倍多。"
    assert [m.indicator for m in extract_metrics(body) if m.unit == "件"] == ["园区企业的专利授权量"] * 2
    [m] = extract_metrics("今年平均35分钟办结。")
    assert m.indicator == "办结"  # a time it takes measures the doing after it


def test_a_comparison_with_no_phrase_takes_the_figure_compared() -> None:
    """…同比增长18.2%，高于全省增速4.3个百分点: what is compared is the figure before."""
    found = extract_metrics("全年实现软件业务收入860亿元，同比增长18.2%，高于全省增速4.3个百分点。")
    assert [m.indicator for m in found] == ["软件业务收入", "软件业务收入"]


def test_a_verb_between_two_figures_names_nothing_new() -> None:
    """机构数量由23个整合为11个: both count the bodies."""
    assert _indicators("机构数量由23个整合为11个。") == ["机构数量", "机构数量"]


def test_a_measure_noun_before_the_number_wins_over_the_noun_after() -> None:
    [m] = extract_metrics("平均审批时间42分钟的“东城效率”。")
    assert m.indicator == "平均审批时间"


def test_what_a_count_did_is_its_indicator() -> None:
    """15家企业入选省级瞪羚企业: the deed is what is counted (入选省级瞪羚企业)."""
    [m] = extract_metrics("今年15家企业入选省级瞪羚企业。")
    assert m.indicator == "入选省级瞪羚企业"


def test_qizhong_opening_a_sentence_breaks_down_the_sentence_before() -> None:
    """从园区布局看，X多数位于…。其中东区共有560家: the 560 are X."""
    body = "从园区布局看，本市科技型企业的总数多数位于东区和西区。其中东区共有560家。"
    [m] = extract_metrics(body, mentions=[_mention(body, "东区")])
    assert m.indicator == "科技型企业的总数"


def test_a_measure_distributed_over_items_by_ge() -> None:
    """今年园区各产业营业额，A产业增长x、B产业增长y: each is that industry's 营业额."""
    found = extract_metrics("今年园区各产业营业额，电子信息产业增长21.5%、新材料产业增长9.8%。")
    assert [m.indicator for m in found] == ["电子信息产业营业额增长", "新材料产业营业额增长"]
    found = extract_metrics("分行业看，各行业营业收入均保持增长，软件业增长12.1%，制造业增长8.3%。")
    assert [m.indicator for m in found] == ["软件业营业收入增长", "制造业营业收入增长"]


def test_a_sentence_first_figure_naming_nothing_is_about_what_the_sentence_opens_with() -> None:
    body = "园区营业额自2015年首度突破千亿元以来，近年更是年年突破千亿元，去年创下1380亿元新高。"
    assert {m.indicator for m in extract_metrics(body)} == {"园区营业额"}


def test_a_currency_before_the_number_is_not_the_phrase() -> None:
    assert _indicators("今年前十月园区营业额逾新台币1.3兆元。") == ["园区营业额"]


def test_a_count_keeps_its_noun_when_the_verb_has_no_object() -> None:
    """12个乡镇入围: a verb alone is never the indicator."""
    [m] = extract_metrics("全市12个乡镇入围。")
    assert m.indicator == "乡镇入围"


def test_trailing_locatives_and_only_are_not_the_phrase() -> None:
    [m] = extract_metrics("在全国178个国家级经开区中，排名第9位。")
    assert m.indicator == "国家级经开区"
    assert _indicators("五年前，园区科技型企业只有420家。") == ["园区科技型企业"]


def test_a_threshold_inside_the_phrase_is_kept_however_the_model_cuts_it() -> None:
    """规模以上 cut by the model as 规模 | 以上工业 (a locative) stays in the indicator, after a
    place the model does not know as well as after a collective word."""
    for sentence in ("前三季度，全县规模以上工业增加值同比增长5.2%。",
                     "2022年前三季度，远山县规模以上工业增加值同比增长5.2%。"):
        [figure] = extract_metrics(sentence)
        assert figure.indicator.startswith("规模以上工业增加值"), figure.indicator
    [inside] = extract_metrics("园区内规模以下企业营业收入增长3%。")
    assert inside.indicator.startswith("规模以下企业营业收入")
