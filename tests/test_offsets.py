"""Mention offsets: each mention lies in one part of its article (mentions.field: kicker,
title, subtitle, byline or body) and its offsets index that part's text, never negative; the
export moves them onto the printed text and keeps the part's name."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from store.build import build
from store.export import article_record, stored_article_record
from store.extract import extract_article
from store.models import TEXT_FIELDS, Article, locate, printed_fields, printed_text
from store.paths import bundled_seeds_dir
from store.query import Store
from store.reader import read_document
from store.split import split_articles
from tui.cli import main

# Written for these tests: places in a title and a subtitle, reporters in a byline, and the
# same places again in the body.
DOCUMENTS = {
    "a.txt": ("青岛市崂山区建成海洋仪器产业园\n——黄岛区企业首批入驻\n本报记者 王晓明 通讯员 李红梅\n"
              "3月5日，青岛市崂山区海洋仪器产业园正式启用，首批入驻企业12家。\n"
              "崂山区科技局负责人表示，产业园今年计划引进企业30家。\n"),
    "b.txt": ("烟台市芝罘区打造海洋科创走廊\n本报记者 赵志强\n本报通讯员 孙丽娟\n"
              "4月12日，烟台市芝罘区召开海洋科创走廊建设推进会。\n芝罘区今年将新建研发平台8个。\n"),
    "c.md": "# 潍坊高新区新增专精特新企业\n\n记者 周明远\n\n潍坊高新区近日公布新一批专精特新企业名单，共15家企业入选。\n",
}
HEAD_MENTIONS = {("title", "青岛市"), ("title", "崂山区"), ("subtitle", "黄岛区"), ("byline", "王晓明"),
                 ("byline", "李红梅"), ("title", "烟台市"), ("byline", "赵志强"), ("byline", "孙丽娟"),
                 ("title", "潍坊高新区"), ("byline", "周明远")}

# The stored text a mention's offsets index, by its field (the articles column of that name).
PART_SQL = ("SELECT m.field, m.start, m.\"end\", m.text, CASE m.field WHEN 'kicker' THEN a.kicker"
            " WHEN 'title' THEN a.title WHEN 'subtitle' THEN a.subtitle WHEN 'byline' THEN a.byline"
            " ELSE a.body END FROM mentions m JOIN articles a ON a.id = m.article_id")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("offsets") / "src"
    src.mkdir()
    for name, text in DOCUMENTS.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def own_db(folder, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("offsets") / "own.db"
    assert build([folder], db).articles == 3
    return db


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("offsets") / "seeds.db"
    assert build([bundled_seeds_dir()], db).files_built == 5
    return db


def _stored(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(PART_SQL).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("which", ["own_db", "seeds_db"])
def test_every_stored_mention_is_its_part_sliced_never_negative(which, request):
    rows = _stored(request.getfixturevalue(which))
    assert rows
    for field, start, end, text, part in rows:
        assert field in TEXT_FIELDS
        assert 0 <= start <= end <= len(part)
        assert part[start:end] == text
    heads = {field for field, *_ in rows} - {"body"}
    assert {"title", "byline"} <= heads  # both stores name entities above the body


def test_title_subtitle_and_byline_mentions_are_stored_in_their_part(own_db):
    rows = _stored(own_db)
    assert HEAD_MENTIONS <= {(field, text) for field, _, _, text, _ in rows}
    with Store(own_db) as store:
        for row in store.articles():
            detail = store.article(row.id)
            for m in detail.mentions:
                assert detail.field_text(m.field)[m.start:m.end] == m.text
            # Reading order: the head parts top to bottom, then the body.
            order = [TEXT_FIELDS.index(m.field) for m in detail.mentions]
            assert order == sorted(order) and order[-1] == TEXT_FIELDS.index("body")


def test_export_offsets_index_the_printed_text_and_name_the_part(own_db, folder):
    with Store(own_db) as store:
        records = {r.display_title: stored_article_record(store.article(r.id)) for r in store.articles()}
    seen = set()
    for record in records.values():
        parts = {name: (at, at + len(text)) for name, at, text in printed_fields(
            record["kicker"], record["title"], record["subtitle"], record["byline"], "")}
        for e in record["entities"]:
            assert 0 <= e["start"] and record["body"][e["start"]:e["end"]] == e["text"]
            if e["field"] != "body":
                assert parts[e["field"]][0] <= e["start"] <= e["end"] <= parts[e["field"]][1]
            seen.add((e["field"], e["text"]))
    assert HEAD_MENTIONS <= seen
    # The export of a store is the export of its articles as extraction saw them.
    for path in sorted(folder.iterdir()):
        for article in split_articles(read_document(path).text, str(path)):
            record = article_record(article, extract_article(article))
            stored = records[record["title"]]
            assert record["entities"] == stored["entities"] and record["body"] == stored["body"]


def test_cli_export_carries_the_field(capsys, own_db):
    assert main(["export", "--db", str(own_db)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(e["field"], e["text"]) for r in records for e in r["entities"]} >= HEAD_MENTIONS


def test_printed_fields_and_locate_cover_every_part():
    kicker, title, subtitle, byline, body = "科技周刊", "日照市建成港口实验室", "副题", "记者 甲乙\n编辑 丙丁", "正文一\n正文二"
    fields = printed_fields(kicker, title, subtitle, byline, body)
    text = printed_text([kicker, title, subtitle, *byline.split("\n")], body)
    assert [name for name, _, _ in fields] == list(TEXT_FIELDS)
    for name, at, part in fields:
        assert text[at:at + len(part)] == part
        for start in range(len(part)):
            for end in range(start, len(part) + 1):
                assert locate(fields, at + start, at + end) == (name, start, end)
    # Parts an article lacks are not printed and take no room.
    fields = printed_fields(None, "题", None, None, "正文")
    assert [(name, at) for name, at, _ in fields] == [("title", 0), ("body", 2)]
    assert locate(fields, 2, 4) == ("body", 0, 2)
    assert locate(printed_fields(None, None, None, None, "正文"), 0, 2) == ("body", 0, 2)


def test_article_text_is_what_printed_fields_lay_out():
    article = Article(source="x.txt", index=0, title="题目", body="甲\n乙", kicker="眉题", subtitle="副题",
                      byline="记者 某\n编辑 某")
    fields = printed_fields(article.kicker, article.title, article.subtitle, article.byline, article.body)
    assert fields[-1][1] == article.body_start
    assert "\n".join(part for _, _, part in fields) == article.text
