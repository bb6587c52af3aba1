"""Splitting documents into articles: small invented pages, then the seeds against the gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from store.bylines import parse_byline, parse_dateline
from store.reader import read_text
from store.split import split_articles

DATA = Path(__file__).parent / "data"
SPLIT = DATA / "split"
ROOT = Path(__file__).parent.parent


def _split(name: str):
    path = SPLIT / name
    text = read_text(path)
    return text, split_articles(text, str(path))


def _check_common(text: str, articles) -> None:
    previous_end = 0
    for i, article in enumerate(articles):
        assert article.index == i
        start, end = article.span
        assert previous_end <= start < end <= len(text)
        previous_end = end
        assert article.body and "\n\n" not in article.body
        for paragraph in article.paragraphs:
            assert paragraph == paragraph.strip()


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    "line, authors, contributors, publisher",
    [
        ("□ 本报记者 林晓燕 周明", ["林晓燕", "周明"], [], None),
        ("□ 记者 宋佳 通讯员 韩梅梅 报道", ["宋佳"], ["韩梅梅"], None),
        ("◎本报记者 陈立新 通讯员 罗敏", ["陈立新"], ["罗敏"], None),
        ("东方晨报·东方新闻网记者 马晓云", ["马晓云"], [], "东方晨报·东方新闻网"),
        ("北方日报/北方网记者 孙丽 通讯员 钱多多", ["孙丽"], ["钱多多"], "北方日报/北方网"),
        ("□陳志明 黃麗華", ["陳志明", "黃麗華"], [], None),
        ("记者 吴刚、郑爽 摄", ["吴刚", "郑爽"], [], None),
        ("特约记者 阿不都·热合曼 实习生 许诺 编辑 白云", ["阿不都·热合曼"], ["许诺", "白云"], None),
    ],
)
def test_byline_shapes(line, authors, contributors, publisher) -> None:
    byline = parse_byline(line, bare_names=line.startswith("□"))
    assert byline is not None
    assert byline.authors == authors
    assert byline.contributors == contributors
    assert byline.publisher == publisher


@pytest.mark.parametrize(
    "line",
    ["记者从会上获悉，产业园即将开工建设。", "本报记者在现场看到了这一幕", "□ 这里曾是一片荒地，如今高楼林立。"],
)
def test_sentences_mentioning_reporters_are_not_bylines(line) -> None:
    assert parse_byline(line, bare_names=line.startswith("□")) is None


def test_dateline_names_publisher_and_people() -> None:
    dateline = parse_dateline("科技日报讯（记者刘洋 实习生孙琪）10月9日，大会在西陵举行。")
    assert dateline is not None
    assert dateline.publisher == "科技日报"
    assert dateline.byline is not None
    assert dateline.byline.authors == ["刘洋"] and dateline.byline.contributors == ["孙琪"]
    own = parse_dateline("本报济南讯 全市技术合同成交额再创新高。")
    assert own is not None and own.publisher is None
    assert parse_dateline("互联网通讯设备产量增长明显。") is None


# ---------------------------------------------------------------- newspaper page


def test_newspaper_page_items() -> None:
    text, articles = _split("newspaper_page.txt")
    _check_common(text, articles)
    got = [(a.kicker, a.title, a.subtitle, a.authors, a.contributors) for a in articles]
    assert got == [
        (None, "青岩区上榜省级数字经济示范区名单", "数字赋能激活产业新动能", ["林晓燕", "周明"], []),
        # two headline lines with no blank line between are one title
        (None, "白河县“引才聚智”打造人才发展高地", None, ["高远"], []),
        # a photo-news caption set off by extra blank lines is an item of its own, with no title
        (None, None, None, [], []),
        # a line with a comma above a line naming its subject is a kicker
        ("盘活闲置资产，提升使用效益", "东林区对40多处闲置资产“摸底清查”", None, ["宋佳"], ["韩梅梅"]),
        # a byline over three lines, headline lost
        (None, None, None, ["宋佳"], ["何力", "罗小青"]),
        # a headline with the byline glued on
        (None, "西河区技术交易总额超12亿元", None, ["宋佳"], ["何力"]),
    ]
    assert all(a.publisher is None for a in articles)  # 本报 names no publisher
    assert articles[2].body.startswith("日前，位于白河县滨河新区")
    assert articles[4].body.startswith("本报讯 “以前下雨天")


def test_section_heading_and_broken_word_stay_in_article() -> None:
    _, articles = _split("newspaper_page.txt")
    paragraphs = articles[0].paragraphs
    assert "夯实数字基础“压舱石”" in paragraphs  # a section heading, not a new article
    # a word broken across a blank line is joined back into one paragraph
    assert "4月10日，在青岩云计算数据中心有限公司，新一代液冷机柜正式投运。该中心的算力规模因此翻了一番。" in paragraphs
    assert not any("□" in p or "本报记者" in p for a in articles for p in a.paragraphs)


def test_kicker_versus_subtitle() -> None:
    page = "数字赋能产业升级\n\n构建全链条服务体系\n\n□ 本报记者 方圆\n\n全区数字经济规模持续扩大，产业链条不断延伸。\n"
    [article] = split_articles(page, "p.txt")
    assert (article.kicker, article.title, article.subtitle) == (None, "数字赋能产业升级", "构建全链条服务体系")
    page = "盘活存量，做优增量\n\n北湖区为120家企业“把脉问诊”\n\n□ 记者 方圆 报道\n\n北湖区近日组织专家走访企业，帮助解决发展难题。\n"
    [article] = split_articles(page, "p.txt")
    assert (article.kicker, article.title, article.subtitle) == ("盘活存量，做优增量", "北湖区为120家企业“把脉问诊”", None)
    page = "北湖区召开科技大会\n\n——表彰一批创新先进集体\n\n□ 记者 方圆\n\n北湖区近日召开全区科技创新大会。\n"
    [article] = split_articles(page, "p.txt")
    assert (article.title, article.subtitle) == ("北湖区召开科技大会", "表彰一批创新先进集体")


# ---------------------------------------------------------------- web pages


def test_web_page_chrome_meta_and_editor() -> None:
    text, [article] = _split("web_page.txt")
    _check_common(text, [article])
    assert article.title == "【科创前沿】南岭区科技局:以创新驱动引领高质量发展"
    assert article.date == "2022-09-08"
    assert article.publisher == "东方晨报·东方新闻网"
    assert article.authors == ["马晓云"]
    assert article.contributors == ["邵华"]  # the editor line names an editor
    assert article.paragraphs[0].startswith("近年来,南岭区先后获评")
    for chrome in ("首页", "大字体", "打印", "分享到", "编辑", "马晓云"):
        assert chrome not in article.body


def test_traditional_page_without_blank_lines() -> None:
    text, [article] = _split("traditional_page.txt")
    _check_common(text, [article])
    assert article.title == "北嶺高新區:奮力打造創新高地 為全市發展注入新動能"
    assert article.publisher == "東方日報"
    assert article.date == "2020-11-03"
    assert article.authors == ["陳志明", "黃麗華"]
    # the lead paragraphs before the byline are body
    assert article.paragraphs[0].startswith("北嶺高新區今年新引進重點項目")
    assert "科技創新勢能強勁" in article.paragraphs
    assert "爆料" not in article.body and "來源" not in article.body and "原標題" not in article.body


def test_chrome_lines_alone_make_no_article() -> None:
    page = "首页 | 新闻 | 科技 | 财经 | 体育\n首页>科技>正文\n分享到:\n打印 关闭\n"
    assert split_articles(page, "chrome.txt") == []
    assert split_articles("", "empty.txt") == []
    assert split_articles("\n \n\u3000\n", "blank.txt") == []


# ---------------------------------------------------------------- Markdown


def test_markdown_headings_pull_quote_column_and_duplicates() -> None:
    text, articles = _split("markdown_page.md")
    _check_common(text, articles)
    assert [a.title for a in articles] == [
        "聚力“三个突破”，东港高新区描绘新蓝图",
        "特色产业持续壮大 南湾高新区建设创新走廊",
        "2025年集群规模达500亿元 西陵加快建设智能装备产业园",
    ]
    first, second, third = articles
    assert (first.authors, first.contributors, first.publisher) == (["陈立新"], ["罗敏"], None)
    # the pull quote (# 15.2%), its repeated sentence and the photo credit are not new text
    assert "15.2%" not in first.paragraphs
    assert sum(p.startswith("今年前三季度") for p in first.paragraphs) == 1
    assert "供图" not in first.body
    assert first.paragraphs.count("二十年发展史，创新成为“第一引擎”") == 1
    # a broken start followed by the whole paragraph: the paragraph once
    assert [p for p in second.paragraphs if p.startswith("今年以来")] == [
        "今年以来，南湾高新区相继出台“人才新政十条”等政策，为打造创新走廊注入新动能，全年兑现补贴两千万元。"
    ]
    assert "园区速递" not in second.body + third.body  # a column label is no article and no body
    assert (third.authors, third.contributors, third.publisher) == (["刘洋"], ["孙琪"], "科技日报")
    assert third.body.startswith("科技日报讯（记者刘洋 实习生孙琪）10月9日")


def test_paragraphs_printed_twice_in_a_row_are_kept_once() -> None:
    page = "北湖区新建五座智慧公园\n\n□ 记者 方圆\n\n公园内设有智能步道和健身设施。\n\n公园内设有智能步道和健身设施。\n\n市民反响良好。\n"
    [article] = split_articles(page, "p.txt")
    assert article.paragraphs == ["公园内设有智能步道和健身设施。", "市民反响良好。"]


def test_page_with_no_headings() -> None:
    text, [article] = _split("no_headings.txt")
    assert article.title is None and article.authors == []
    assert len(article.paragraphs) == 3
    assert article.span == (0, len(text.rstrip("\n")))


def test_huge_single_line_is_one_article() -> None:
    # Speed on such input is measured in benchmarks/; here: nothing lost, nothing split.
    line = "科技创新，产业升级，" * 250_000  # 2.5 M characters, no line break
    [article] = split_articles(line, "long.txt")
    assert len(article.body) == len(line)
    assert article.span == (0, len(line))


# ---------------------------------------------------------------- seeds against the gold

_SPACE = re.compile(r"[\s\u3000#《》“”\"'「」]+")


def _norm(value) -> str:
    return "" if value is None else _SPACE.sub("", str(value))


@pytest.mark.parametrize("gold_path", sorted((DATA / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_seed_articles_meet_gold(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    seed = ROOT / "seeds" / gold["source"]
    articles = split_articles(read_text(seed), str(seed))
    assert len(articles) == len(gold["articles"])
    for expected in gold["articles"]:
        key = _norm(expected["body_starts_with"])
        # the gold may drop a dateline (科技日报讯（…）) that the body keeps
        key_without_dateline = _norm(re.sub(r"^\S{0,12}?讯\s*(（[^）]{0,40}）)?\s*", "", expected["body_starts_with"]))
        matches = [a for a in articles if key in _norm(a.body) or key_without_dateline in _norm(a.body)]
        assert len(matches) == 1, expected["body_starts_with"]
        got = matches[0]
        for name in ("title", "subtitle", "kicker", "publisher", "date"):
            assert _norm(getattr(got, name)) == _norm(expected[name]), (name, expected["body_starts_with"])
        assert set(got.authors) == set(expected["authors"])
        assert set(got.contributors) == set(expected["contributors"])


def test_markdown_items_under_second_level_headings_with_no_first_level_are_articles() -> None:
    text = ("## 城东新区智能装备产业园开工\n\n园区规划面积三平方公里，计划三年内引进企业四十家。\n\n"
            "## 北山县建成首个数字农业示范基地\n\n基地覆盖十二个村，传感器实时监测土壤墒情。\n\n"
            "### 配套措施\n\n县里同步培训了两百名新型职业农民。\n\n"
            "## 滨江区发布人才新政\n\n新政提出对高层次人才给予安家补贴。\n")
    articles = split_articles(text, "items.md")
    assert [a.title for a in articles] == [
        "城东新区智能装备产业园开工", "北山县建成首个数字农业示范基地", "滨江区发布人才新政"]
    # A lower heading inside an item stays in its article.
    assert any("配套措施" in p for p in articles[1].paragraphs)
    assert any("两百名" in p for p in articles[1].paragraphs)
