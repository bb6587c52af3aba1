"""The reader colours the mentions of the head lines (title, subtitle, byline) where they are
printed, from their own offsets, and n/N marks them there."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from store.build import build
from store.query import Store
from tui.app import KechuangApp
from tui.widgets.reader import Reader, shown_offsets

from .conftest import wait_until

# Written for these tests: places in the title and subtitle, reporters in the byline (printed
# on two lines, which the reader shows on one), the title's places again in the body.
DOCUMENT = ("日照市东港区加快建设海洋装备基地\n——岚山区企业参与共建\n本报记者 钱志远\n本报通讯员 吴海燕\n"
            "6月8日，日照市东港区海洋装备基地开工，东港区首批引进研发团队5个。\n")


@pytest.fixture(scope="module")
def head_db(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("head") / "src"
    src.mkdir()
    (src / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    db = src.parent / "head.db"
    build([src], db)
    return db


def _styled(line: Text, style) -> set[str]:
    """The substrings of ``line`` carrying ``style``."""
    return {line.plain[span.start:span.end] for span in line.spans if span.style == style}


def test_shown_offsets_follow_stripped_and_collapsed_white_space() -> None:
    raw = " 记者 甲乙\n编辑  丙丁 "
    shown = " ".join(raw.split())
    offsets = shown_offsets(raw, shown)
    for word in ("甲乙", "丙丁", "记者"):
        start = raw.index(word)
        assert shown[offsets[start]:offsets[start + len(word)]] == word
    assert len(offsets) == len(raw) + 1


async def test_head_line_mentions_are_coloured_where_they_are_printed(head_db) -> None:
    with Store(head_db) as store:
        (row,) = store.articles()
        detail = store.article(row.id)
    heads = {(m.field, m.text) for m in detail.mentions if m.field != "body"}
    assert {("title", "日照市"), ("title", "东港区"), ("subtitle", "岚山区"), ("byline", "钱志远"),
            ("byline", "吴海燕")} <= heads
    app = KechuangApp(head_db)
    async with app.run_test(size=(100, 30)) as pilot:
        main = app.screen
        await wait_until(pilot, lambda: main.reader.article is not None, "the article")
        reader: Reader = main.query_one(Reader)
        lines = {part: reader._lines[index] for index, (part, offset) in reader._head_line_offset.items()
                 if offset == 0}
        assert {"title", "subtitle", "byline"} <= set(lines)
        place, person = reader._styles["place"], reader._styles["person"]
        assert {"日照市", "东港区"} <= _styled(lines["title"], place)
        assert _styled(lines["subtitle"], place) == {"岚山区"}
        assert _styled(lines["byline"], person) == {"钱志远", "吴海燕"}
        # The chosen entity is marked in the byline line; n makes it the current mention there.
        reporter = next(m for m in detail.mentions if m.text == "吴海燕")
        reader.highlight_entity(reporter.entity_id)
        await pilot.pause()
        byline_index = next(i for i, (part, _) in reader._head_line_offset.items() if part == "byline")
        assert _styled(reader._line_text(byline_index), reader._styles["entity-focus"]) == {"吴海燕"}
        reader.action_next_match()
        await pilot.pause()
        assert _styled(reader._line_text(byline_index), reader._styles["match-current"]) == {"吴海燕"}
        assert reader.scroll_offset.y == 0
        # A place of the title and the body: n/N step through the title's, then the body's.
        district = next(m for m in detail.mentions if m.text == "东港区" and m.field == "title")
        reader.highlight_entity(district.entity_id)
        spans = reader._entity_spans()
        assert [part for part, _, _ in spans] == ["title"] + ["body"] * (len(spans) - 1) and len(spans) >= 2
        title_index = next(i for i, (part, _) in reader._head_line_offset.items() if part == "title")
        reader.action_previous_match()
        reader.action_next_match()  # back on the title's
        await pilot.pause()
        assert _styled(reader._line_text(title_index), reader._styles["match-current"]) == {"东港区"}
        reader.action_next_match()  # the body's first
        await pilot.pause()
        assert not _styled(reader._line_text(title_index), reader._styles["match-current"])
