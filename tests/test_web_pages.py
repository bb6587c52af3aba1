"""Article fields on saved web pages: chrome is no headline, meta lines in the shapes sites print
them, bylines at a paragraph's end, datelines that name the outlet. Pages invented for the tests."""

from __future__ import annotations

import pytest

from store.bylines import (
    is_chrome,
    is_photo_caption,
    parse_byline,
    parse_dateline,
    parse_meta,
    split_end_byline,
)
from store.split import split_articles


@pytest.mark.parametrize(
    ("line", "date", "publisher"),
    [
        ("来源:江北日报 2021-03-05", "2021-03-05", "江北日报"),
        ("发布时间：2021年03月05日 10:20", "2021-03-05", None),
        ("日期: 2021/03/05", "2021-03-05", None),
        ("来源:某某网2020-06-01 09:30", "2020-06-01", "某某网"),
        ("2020-06-01 09:30   阅读 532", "2020-06-01", None),
        ("2019年7月2日10:15 | 來源:某某網", "2019-07-02", "某某網"),
        ("http://www.example.hk   2019-07-02 10:15:09", "2019-07-02", None),
        ("第2043期:第03版 本期出版日期:2019-07-02", "2019-07-02", None),
        ("信息来源：江北区科技局", None, "江北区科技局"),
        ("文章来源：某某网 发布日期：2020-01-02", "2020-01-02", "某某网"),
        ("更新时间：2021-03-05", "2021-03-05", None),
        ("【字体：大 中 小】 发布时间：2021-03-05", "2021-03-05", None),
        ("时间：2021-03-05 点击：35次", "2021-03-05", None),
    ],
)
def test_meta_lines_in_real_page_shapes(line: str, date: str | None, publisher: str | None) -> None:
    meta = parse_meta(line)
    assert meta is not None
    assert meta.date == date
    assert meta.publisher == publisher


def test_an_author_line_with_the_date_glued_on() -> None:
    meta = parse_meta("版次:05 作者:张明 李华2020年5月6日")
    assert meta is not None
    assert meta.authors == ["张明", "李华"]
    assert meta.date == "2020-05-06"


@pytest.mark.parametrize(
    "line",
    [
        "当前页面: 首页 > 新闻中心 > 通知公告",
        "某某网>>财经",
        "第02版:综合 上一版 下一版",
        "第7版 下一版 上一版 下一期",
        "【打 印】 【关 闭】",
        "---|",
        "请用浏览器分享功能分享本页",
        "若页面长时间不动,请刷新本页面",
        "正在阅读:城东新区引进三家企业",
    ],
)
def test_navigation_and_page_prompts_are_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    ["城东新区引进三家企业", "全市科技企业突破千家 研发投入创新高", "专利数超30项！小企业撑起大产业"],
)
def test_headlines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    ("paragraph", "publisher", "authors"),
    [
        ("江城在线消息(王小明)近日,市科技局公布了名单。", "江城在线", ["王小明"]),
        ("某某网讯(记者 李华)5月6日,园区举行签约仪式。", "某某网", ["李华"]),
        ("据新华社北京5月6日电 国家统计局今天发布数据。", "新华社", []),
        ("某某社台北5月6日電/園區營業額再創新高。", "某某社", []),
    ],
)
def test_datelines_name_the_outlet(paragraph: str, publisher: str, authors: list[str]) -> None:
    dateline = parse_dateline(paragraph)
    assert dateline is not None
    assert dateline.publisher == publisher
    assert (dateline.byline.authors if dateline.byline else []) == authors


def test_a_byline_closing_a_paragraph() -> None:
    marked = split_end_byline("园区去年引进企业八十家,增长两成。■某某报记者 张明")
    assert marked is not None
    assert marked[0] == "园区去年引进企业八十家,增长两成。"
    assert marked[1].authors == ["张明"] and marked[1].publisher == "某某报"
    bracketed = split_end_byline("全年完成投资五十亿元。（记者 李华 通讯员 赵强）")
    assert bracketed is not None
    assert bracketed[1].authors == ["李华"] and bracketed[1].contributors == ["赵强"]
    assert split_end_byline("全年完成投资五十亿元。（见下表）") is None


def test_a_web_page_headline_sits_by_its_date_line() -> None:
    page = "\n\n".join([
        "其他新闻一则标题其他新闻二则标题其他新闻三则标题其他新闻四则标题其他新闻五则标题其他新闻六则标题其他新闻七则标题",
        "第2043期:第03版 本期出版日期:2019-07-02",
        "城东新区科技企业突破千家",
        "江城在线消息(王小明)近日,城东新区公布了今年的科技企业名单。",
        "全区研发投入同比增长一成。■江城日报记者 赵强",
    ])
    [article] = split_articles(page, "page.txt")
    assert article.title == "城东新区科技企业突破千家"
    assert article.date == "2019-07-02"
    assert article.publisher == "江城在线"
    assert article.authors == ["王小明", "赵强"]
    assert "其他新闻" not in article.body
    assert "赵强" not in article.body


def test_a_site_logo_repeating_the_source_is_no_headline() -> None:
    page = "\n\n".join([
        "某某網",
        "城東新區科技企業突破千家",
        "2019年7月2日10:15 | 來源:某某網",
        "某某網7月2日電 城東新區公布了今年的科技企業名單,共有一千家。",
    ])
    [article] = split_articles(page, "page.txt")
    assert article.title == "城東新區科技企業突破千家"
    assert article.kicker is None
    assert article.date == "2019-07-02"


def test_a_byline_role_wins_over_a_later_author_list() -> None:
    page = "\n".join([
        "版次:05 作者:张明 李华2020年5月6日",
        "本报讯(记者 张明 通讯员 李华)日前,城东新区公布了前三季度的经济数据,全区生产总值增长百分之七。",
    ])
    [article] = split_articles(page, "page.txt")
    assert article.authors == ["张明"]
    assert article.contributors == ["李华"]
    assert article.date == "2020-05-06"


def test_a_photo_caption_with_its_credit_is_no_headline() -> None:
    assert is_photo_caption("夜色中的滨江新城 记者 王明 摄")
    assert not is_photo_caption("滨江新城引进企业八十家")
    page = "\n".join([
        "夜色中的滨江新城 记者 王明 摄",
        "本报讯(记者 张明)日前,滨江新城公布了前三季度的经济数据,全区生产总值增长百分之七。",
    ])
    [article] = split_articles(page, "page.txt")
    assert article.title is None and article.subtitle is None
    assert article.authors == ["张明"]
    assert "王明" in (article.byline or "")


def test_people_fields_of_a_meta_line() -> None:
    meta = parse_meta("发布时间：2021-03-05 10:20:00 来源：江北日报 作者：张明 浏览次数：123")
    assert meta is not None and meta.authors == ["张明"] and meta.publisher == "江北日报"
    meta = parse_meta("记者：王明 编辑：李华")
    assert meta is not None and meta.authors == ["王明"] and meta.contributors == ["李华"]
    # An interview's question is body text, not a field.
    assert parse_meta("记者：请问今年的目标是什么？") is None


def test_closing_bylines_and_editor_lines_fill_authors_and_contributors() -> None:
    page = "\n\n".join([
        "城东新区科技企业突破千家",
        "本报讯 日前,城东新区公布了今年的科技企业名单,共有一千家。",
        "全区研发投入同比增长一成。",
        "（记者 张明 通讯员 李华）",
        "(王强) 编辑:赵刚 责编:孙丽",
    ])
    [article] = split_articles(page, "page.txt")
    assert article.title == "城东新区科技企业突破千家"
    assert article.authors == ["张明", "王强"]
    assert article.contributors == ["李华", "赵刚", "孙丽"]
    assert "张明" not in article.body and "赵刚" not in article.body


def test_an_editor_line_in_brackets() -> None:
    for line in ("(责任编辑：李华)", "【责任编辑：李华】"):
        meta = parse_meta(line)
        assert meta is not None and meta.contributors == ["李华"]


def test_the_headline_is_the_line_right_above_the_date_line() -> None:
    page = "\n\n".join([
        "栏目导航",
        "城东快讯",
        "城东新区科技企业突破千家",
        "发布时间：2021年03月05日 10:20",
        "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成。",
    ])
    [article] = split_articles(page, "page.txt")
    assert article.title == "城东新区科技企业突破千家"
    assert article.kicker is None and article.subtitle is None
    assert article.date == "2021-03-05"


def test_a_page_title_ending_with_its_site_gives_the_publisher() -> None:
    page = "\n\n".join([
        "城东新区科技企业突破千家_科技频道_江城在线",
        "发布时间：2021年03月05日 10:20",
        "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成。",
    ])
    [article] = split_articles(page, "page.txt")
    assert article.title == "城东新区科技企业突破千家"
    assert article.publisher == "江城在线"


def test_a_writer_credit_with_a_slash_is_a_byline() -> None:
    from store.bylines import parse_byline

    byline = parse_byline("文/张三")
    assert byline is not None and byline.authors == ["张三"]
    byline = parse_byline("文｜记者 李四")
    assert byline is not None and byline.authors == ["李四"]


def test_a_date_field_glued_to_the_first_paragraph() -> None:
    page = " date 2024-05-06 城东园区今年一至四月营业额达到两千亿元，已超越去年同期，再创新高。\n\n园区管理局表示，将继续扩大投资。"
    [article] = split_articles(page, "page.txt")
    assert article.date == "2024-05-06"
    assert article.body.startswith("城东园区今年一至四月营业额")
    # A date opening a sentence of the text is no field.
    [plain] = split_articles("2024年5月6日，城东园区召开大会，宣布营业额再创新高，企业数量继续增加。", "page.txt")
    assert plain.date is None


@pytest.mark.parametrize(
    ("line", "date", "publisher", "authors", "contributors"),
    [
        ("2021-03-05 10:20:33 来源: 江城网-科技频道", "2021-03-05", "江城网", [], []),
        ("【来源：江城网】", None, "江城网", [], []),
        ("Date: 2021-03-05", "2021-03-05", None, [], []),
        ("发表时间：2021-03-05", "2021-03-05", None, [], []),
        ("江城网 2021-03-05 10:20", "2021-03-05", "江城网", [], []),
        ("2021-03-05 15:30 江城日报", "2021-03-05", "江城日报", [], []),
        ("江城日报 2021年3月5日", "2021-03-05", "江城日报", [], []),
        ("供稿：江城区科技局 2021-03-05", "2021-03-05", "江城区科技局", [], []),
        ("发布者：江城区科技局 发布时间：2021-03-05", "2021-03-05", "江城区科技局", [], []),
        ("2021-03-05 来源：江城日报 作者：记者 张明", "2021-03-05", "江城日报", ["张明"], []),
        ("作者：江城日报记者 张明", None, "江城日报", ["张明"], []),
        ("作者:本报记者 张明 李华", None, None, ["张明", "李华"], []),
        ("来源：江城日报 | 作者：张明 | 2021-03-05", "2021-03-05", "江城日报", ["张明"], []),
        ("责任编辑：李华 校对：王强", None, None, [], ["李华"]),
    ],
)
def test_more_meta_line_shapes(line: str, date: str | None, publisher: str | None,
                               authors: list[str], contributors: list[str]) -> None:
    meta = parse_meta(line)
    assert meta is not None
    assert (meta.date, meta.publisher, meta.authors, meta.contributors) == (date, publisher, authors, contributors)


def test_a_site_and_a_date_need_nothing_else_on_the_line() -> None:
    assert parse_meta("江城网 2021-03-05 城东新区发布数据") is None
    assert parse_meta("本报 2021-03-05") is None


def test_outlet_datelines_keep_their_whole_name() -> None:
    dateline = parse_dateline("中国日报网3月5日电 日前，园区发布数据。")
    assert dateline is not None and dateline.publisher == "中国日报网"
    dateline = parse_dateline("江城融媒讯（记者 张明）日前，园区发布数据。")
    assert dateline is not None and dateline.publisher == "江城融媒"
    assert dateline.byline is not None and dateline.byline.authors == ["张明"]


def test_share_buttons_a_photo_credit_and_a_logo_are_no_headline() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    page = "\n\n".join(["城东新区科技企业突破千家", "分享到：微信 微博", "文/张明 图/李华",
                        "2021-03-05 10:20:33  来源：江城网", body])
    [article] = split_articles(page, "page.txt")
    assert article.title == "城东新区科技企业突破千家"
    assert article.authors == ["张明"] and article.contributors == ["李华"]
    # A logo repeating the outlet of the body's dateline.
    page = "\n\n".join(["江城网", "城东新区科技企业突破千家", "江城网3月5日讯（记者 张明）" + body])
    [article] = split_articles(page, "page.txt")
    assert article.title == "城东新区科技企业突破千家" and article.subtitle is None
    assert article.publisher == "江城网"
    assert is_chrome("第04版:要闻 上一版 下一版")


@pytest.mark.parametrize(
    "line", ["文 | 张明", "作者 | 张明", "张明 李华/文", "撰稿：张明", "文/图 张明", "文：张明", "记者：张明"],
)
def test_writer_credits_in_more_shapes(line: str) -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    for lines in (["城东新区科技企业突破千家", line, "来源：江城日报 2021-03-05", body],
                  ["城东新区科技企业突破千家", "来源：江城日报 2021-03-05", body + "（" + line + "）"]):
        [article] = split_articles("\n\n".join(lines), "page.txt")
        assert article.title == "城东新区科技企业突破千家"
        assert "张明" in article.authors


def test_mastheads_channels_and_menus_are_no_headline() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    for lines in (["江城网", "科技频道", "城东新区科技企业突破千家", body],
                  ["首页 新闻 科技 财经 体育", "城东新区科技企业突破千家", "本报讯 " + body],
                  ["2021-03-05", "江城网", "城东新区科技企业突破千家", body]):
        [article] = split_articles("\n\n".join(lines), "page.txt")
        assert article.title == "城东新区科技企业突破千家"
        assert article.kicker is None and article.subtitle is None


def test_a_dash_subtitle_an_exclamation_and_a_repeated_headline() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家", "——研发投入同比增长一成",
                                            "来源：江城日报 2021-03-05", body]), "page.txt")
    assert (article.title, article.subtitle) == ("城东新区科技企业突破千家", "研发投入同比增长一成")
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家！", "2021-03-05", body]), "page.txt")
    assert article.title == "城东新区科技企业突破千家！"
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家", "来源：江城日报 2021-03-05",
                                            "城东新区科技企业突破千家", body]), "page.txt")
    assert article.title == "城东新区科技企业突破千家" and article.subtitle is None


@pytest.mark.parametrize(
    ("paragraph", "authors", "publisher"),
    [
        ("〔記者張明／台南報導〕城東新區公布了今年的科技企業名單。", ["張明"], None),
        ("【記者張明／台北報導】城東新區公布了今年的科技企業名單。", ["張明"], None),
        ("中央社記者王小明台北5日電 城東新區公布了今年的科技企業名單。", ["王小明"], "中央社"),
        ("（中央社記者張明台北5日電）城東新區公布了今年的科技企業名單。", ["張明"], "中央社"),
    ],
)
def test_bylines_opening_the_first_paragraph(paragraph: str, authors: list[str], publisher: str | None) -> None:
    dateline = parse_dateline(paragraph)
    assert dateline is not None and dateline.byline is not None
    assert dateline.byline.authors == authors and dateline.publisher == publisher


def test_reporting_words_and_bracketed_editors() -> None:
    byline = parse_byline("記者張明、李華／綜合報導")
    assert byline is not None and byline.authors == ["張明", "李華"]
    byline = parse_byline("文、圖／張明")
    assert byline is not None and byline.authors == ["張明"]
    ended = split_end_byline("全年完成投资五十亿元。(责任编辑：李华)")
    assert ended is not None and ended[1].contributors == ["李华"]
    # A bracket opening a paragraph with no role in it is text.
    assert parse_dateline("（一）城东新区公布了今年的科技企业名单。") is None


def test_a_long_web_headline_and_a_masthead_naming_the_site() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    long_title = "城东新区科技企业突破千家 研发投入同比增长一成 全年新增发明专利两千件创历史新高"
    [article] = split_articles("\n\n".join([long_title + "_科技频道_江城在线网", "2021-03-05 10:20", body]), "p.txt")
    assert article.title == long_title and article.publisher == "江城在线网"
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家", "江城日报", "2021-03-05", body]), "p.txt")
    assert article.title == "城东新区科技企业突破千家" and article.publisher == "江城日报"


def test_closing_brackets_with_bare_names_or_full_width_brackets() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家", "2021-03-05", body, "（张明 李华）"]), "p.txt")
    assert article.authors == ["张明", "李华"] and "张明" not in article.body
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家", "2021-03-05", body, "［责任编辑：李华］"]), "p.txt")
    assert article.contributors == ["李华"]
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家", "2021-03-05", body, "（待续）"]), "p.txt")
    assert article.authors == []


@pytest.mark.parametrize(
    ("line", "authors", "publisher"),
    [("记者 张明 | 2021-03-05", ["张明"], None), ("2021-03-05  记者 张明", ["张明"], None),
     ("江城日报记者 张明 2021-03-05", ["张明"], "江城日报"), ("来源：本站 2021-03-05", [], None)],
)
def test_a_byline_and_a_date_on_one_line(line: str, authors: list[str], publisher: str | None) -> None:
    meta = parse_meta(line)
    assert meta is not None and meta.date == "2021-03-05"
    assert meta.authors == authors and meta.publisher == publisher


def test_a_page_title_line_repeating_the_headline_gives_the_site() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    for first in ("城东新区科技企业突破千家 - 江城网", "城东新区科技企业突破千家_科技_江城网"):
        [article] = split_articles("\n\n".join([first, "城东新区科技企业突破千家", "2021-03-05", body]), "p.txt")
        assert article.title == "城东新区科技企业突破千家"
        assert article.subtitle is None and article.kicker is None
        assert article.publisher == "江城网"


def test_a_headline_with_its_meta_line_or_byline_glued_on() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    for first in ("城东新区科技企业突破千家 2021-03-05 来源：江城网", "城东新区科技企业突破千家 来源：江城网 2021-03-05"):
        [article] = split_articles("\n\n".join([first, body]), "p.txt")
        assert (article.title, article.publisher, article.date) == ("城东新区科技企业突破千家", "江城网", "2021-03-05")
    [article] = split_articles("\n\n".join(["城东新区科技企业突破千家  （记者 张明）", body]), "p.txt")
    assert article.title == "城东新区科技企业突破千家" and article.authors == ["张明"]
    # A headline of two phrases stays whole.
    [article] = split_articles("\n\n".join(["全市科技企业突破千家 研发投入创新高", body]), "p.txt")
    assert article.title == "全市科技企业突破千家 研发投入创新高"


def test_a_long_page_title_line_is_not_a_cut_sentence() -> None:
    body = "日前,城东新区公布了今年的科技企业名单,共有一千家,比去年增加两成,研发投入同比增长一成。"
    long_title = "城东新区科技企业突破千家 研发投入同比增长一成 全年新增发明专利两千件创历史新高"
    [article] = split_articles("\n\n".join([long_title + "_科技频道_江城在线网", body]), "p.txt")
    assert article.title == long_title and article.publisher == "江城在线网"
    assert article.body.startswith("日前")


@pytest.mark.parametrize(
    "line",
    ["第B03版:经济", "第A12版：要闻", "第 5 版", "免费发布信息", "进入手机版,看更多,更流畅", "下载客户端"],
)
def test_page_labels_and_site_offers_are_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize("line", ["第一版新闻综述", "本周发布信息化规划一项", "园区企业下载量增长三成"])
def test_lines_of_text_near_those_words_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_a_page_label_above_the_headline_and_a_byline_after_an_arrow() -> None:
    page = ("第B03版:经济\n远山县新材料产业产值突破百亿元\n▶ 本报记者 王晓明\n"
            "本报讯 今年以来，远山县新材料产业加快发展，前三季度实现产值105亿元，同比增长12%。\n")
    [article] = split_articles(page, "page.txt")
    assert article.title == "远山县新材料产业产值突破百亿元"
    assert article.authors == ["王晓明"]
