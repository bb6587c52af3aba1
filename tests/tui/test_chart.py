"""The figure chart: a bar per entity with its name on the axis, every bar or "N more",
targets apart from actuals, period and unit in the title, one subject across periods."""

from __future__ import annotations

from dataclasses import replace

from store.models import Change
from tui.screens.chart import ChartScreen, chart_data, chart_title

from .conftest import fake_app
from .fakes import FakeStore, seeds_fake_store

DISTRICTS = ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区", "莱芜区", "钢城区",
             "平阴县", "商河县", "济南高新区", "起步区", "南部山区", "莱芜高新区", "济南新旧动能转换先行区",
             *(f"第{n}产业园" for n in range(1, 14))]  # 30 subjects: more bars than 80x24 has rows


def district_store() -> FakeStore:
    """One 2022 actual of 技术合同成交额 per subject (30 bars), a 2023 target for 天桥区
    larger than its actual, and the 高新区's figure printed again in Traditional."""
    base = seeds_fake_store()
    template = base.metrics(limit=None)[0]
    rows = []
    for i, name in enumerate(DISTRICTS):
        value = 10.0 + i * 5
        rows.append(replace(template, id=1000 + i, subject=name, subject_id=None, indicator="技术合同成交额",
                            quantity=f"{value:g}亿元", value=value, unit="亿元", base_value=value * 1e8,
                            base_unit="元", period="2022年", period_start="2022-01-01", period_end="2022-12-31",
                            kind="actual"))
    rows.append(replace(rows[3], id=2000, quantity="90亿元", value=90.0, base_value=90e8, period="2023年",
                        period_start="2023-01-01", period_end="2023-12-31", kind="target"))
    rows.append(replace(rows[12], id=2001, subject="濟南高新區", quantity="12億元", value=12.0, base_value=12e8))
    article = replace(base._articles[0], metrics=rows)
    return FakeStore([article], base._entities)


def test_one_bar_per_entity_targets_apart_period_and_unit_in_title() -> None:
    data = chart_data(district_store().metrics(limit=None))
    assert len(data.labels) == 30 and data.labels.count("济南高新区") == 1  # both scripts, one bar
    tianqiao = data.figures[data.labels.index("天桥区")]
    assert tianqiao.kind == "actual" and tianqiao.quantity == "25亿元"  # not the 90亿元 target
    assert "Actual figures only: left out 1 target." in data.note
    assert chart_title(data) == "技术合同成交额 by subject · 2022年 · 亿元"


def test_one_subject_across_periods_is_a_bar_per_period_in_time_order() -> None:
    base = seeds_fake_store()
    template = base.metrics(limit=None)[0]
    rows = [replace(template, id=i, subject="章丘区", indicator="技术合同成交额", period=f"{year}年", period_start=f"{year}-01-01",
                    period_end=f"{year}-12-31", base_value=v * 1e8, base_unit="元", quantity=f"{v}亿元",
                    kind="actual")
            for i, (year, v) in enumerate(((2022, 81.9), (2020, 60.5), (2021, 70.2)), start=1)]
    data = chart_data(rows)
    assert data.by == "period" and data.labels == ["2020年", "2021年", "2022年"]
    assert chart_title(data) == "章丘区 · 技术合同成交额 by period · 2020年–2022年 · 亿元"


def test_figures_of_other_indicators_are_left_out_with_a_note() -> None:
    """Bars of 工业投资 beside bars of 技术合同成交额 would compare nothing: one indicator is charted."""
    rows = district_store().metrics(limit=None)
    mixed = [replace(m, indicator="工业投资", base_value=m.base_value * 10) if i % 10 == 0 else m
             for i, m in enumerate(rows)]
    data = chart_data(mixed)
    assert {m.indicator for m in data.figures} <= {"技术合同成交额", "技術合同成交額"}
    assert "charting 技术合同成交额, the most common; left out 工业投资" in data.note
    assert chart_title(data).startswith("技术合同成交额 by subject")


async def _chart_lines(size: tuple[int, int]) -> tuple[list[str], ChartScreen]:
    app = fake_app(district_store())
    async with app.run_test(size=size) as pilot:
        main = app.screen
        main.set_all_figures(True)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        return screen.shown_lines(), screen


async def test_chart_at_80x24_shows_names_and_says_how_many_more() -> None:
    lines, screen = await _chart_lines((80, 24))
    shown = [line for line in lines if "█" in line]
    assert shown and len(shown) < 30
    assert lines[-1].startswith(f"… {30 - len(shown)} more")
    for line, name in zip(shown, screen.data.labels):
        assert line.startswith(name[:4])  # the name on the axis, not a number
        assert all(len(line) <= 80 for line in lines)


async def test_chart_draws_every_bar_when_they_fit() -> None:
    lines, screen = await _chart_lines((120, 60))
    assert len([line for line in lines if "█" in line]) == 30
    assert not any("more" in line for line in lines)
    assert lines[0].startswith(screen.data.labels[0]) and lines[0].rstrip().endswith("155亿元")


async def test_kind_key_shows_actuals_first_then_targets_then_every_kind() -> None:
    app = fake_app(district_store())
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.screen
        main.set_all_figures(True)
        main.metric_table.focus()
        await pilot.pause()
        pane = main.query_one("#metric-pane")
        assert main.metric_table.row_count == 31 and "· actual (31)" in str(pane.border_title)
        await pilot.press("t")
        await pilot.pause()
        assert main.metric_table.row_count == 1 and main.metric_table.cursor_row.quantity == "90亿元"
        assert "· target (1)" in str(pane.border_title)
        for _ in range(3):  # forecast, threshold, every kind
            await pilot.press("t")
        await pilot.pause()
        assert main.metric_kind is None and main.metric_table.row_count == 32
        await pilot.press("t")
        assert main.metric_kind == "actual"


def test_why_spans_mark_subject_period_and_change() -> None:
    from tui.widgets.reader import why_note, why_spans

    base = seeds_fake_store()
    body = "2022年，天桥区技术合同成交额达到84.6亿元，同比增长41.7%。"
    template = base.metrics(limit=None)[0]
    figure = replace(template, start=body.index("84.6"), end=body.index("84.6") + 6, sentence_start=0,
                     sentence_end=len(body), subject="天桥区", subject_start=body.index("天桥区"),
                     subject_end=body.index("天桥区") + 3, period="2022年", quantity="84.6亿元",
                     change=Change("同比增长", 41.7, "%"))
    spans = {style: body[start:end] for start, end, style in why_spans(figure, body)}
    assert spans == {"why-subject": "天桥区", "why-period": "2022年", "why-change": "同比增长41.7%"}
    assert why_note(figure) is None
    inferred = replace(figure, subject_start=None, subject_end=None)
    assert "why-subject" not in {style for _, _, style in why_spans(inferred, body)}
    assert why_note(inferred) == "Subject 天桥区: from the article (title, dateline or lead), not this sentence."


async def test_choosing_a_figure_highlights_why_in_the_reader() -> None:
    from tui.widgets.reader import Reader

    store = seeds_fake_store()
    figure = next(m for m in store.metrics(limit=None) if m.period and m.period in m.sentence and m.subject)
    figure.subject_start = figure.sentence_start + figure.sentence.index(figure.subject) \
        if figure.subject in figure.sentence else None
    figure.subject_end = figure.subject_start + len(figure.subject) if figure.subject_start is not None else None
    app = fake_app(store)
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.screen
        main.open_article(figure.article_id)
        await pilot.pause()
        main.show_metric(figure)
        await pilot.pause()
        reader = main.query_one(Reader)
        styles = {reader._styles[name]: name for name in ("why-subject", "why-period", "why-change",
                                                          "match-current")}
        shown = {styles[style] for _, _, style in reader._overlay_spans() if style in styles}
        assert {"why-period", "match-current"} <= shown
        if figure.subject_start is not None:
            assert "why-subject" in shown and not reader.border_subtitle
        else:
            assert "from the article" in str(reader.border_subtitle)


async def test_chart_of_a_long_table_says_it_charts_the_first_rows() -> None:
    from tui.screens.main import CHART_ROW_LIMIT

    from .fakes import big_fake_store

    app = fake_app(big_fake_store(CHART_ROW_LIMIT + 500))
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.screen
        main.set_all_figures(True)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        assert f"the first {CHART_ROW_LIMIT:,} figures in the table's order" in screen.caption
    app = fake_app(district_store())
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.set_all_figures(True)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert "the first" not in app.screen.caption


async def test_c_charts_the_indicator_under_the_cursor() -> None:
    store = district_store()
    article = store._articles[0]
    article.metrics[:5] = [replace(m, indicator="工业投资") for m in article.metrics[:5]]
    store = FakeStore([article], store._entities)
    app = fake_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.screen
        main.set_all_figures(True)
        main.metric_table.focus()
        await pilot.pause()
        index = next(i for i in range(main.metric_table.row_count)
                     if main.metric_table.row_at(i).indicator == "工业投资")
        main.metric_table.set_cursor(index)
        await pilot.press("c")
        await pilot.pause()
        chart = app.screen
        assert isinstance(chart, ChartScreen) and chart.data.indicator == "工业投资"
        assert len(chart.data.labels) == 5 and "the one under the cursor" in chart.data.note
        assert str(chart.query_one("#chart-box").border_title).startswith("工业投资 by subject")
