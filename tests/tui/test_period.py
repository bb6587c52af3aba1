"""The period filter (p): a typed range of years, months or days narrows the figure table
through MetricQuery's period range, shows in the status line and the pane's title, and is
cleared by an empty box or Esc."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandList

from store.errors import QueryError
from store.query import period_range
from tui.app import KechuangApp
from tui.screens.main import MainScreen
from tui.screens.period import PeriodScreen, period_label
from tui.widgets.status_bar import StatusBar

from .conftest import fake_app, wait_until
from .fakes import FakeStore, seeds_fake_store

SIZE = (120, 40)
# (quantity, period as printed, start, end, kind): one subject's figures over the years.
YEARS = (("60.5亿元", "2020年", "2020-01-01", "2020-12-31", "actual"),
         ("70.2亿元", "2021年", "2021-01-01", "2021-12-31", "actual"),
         ("40.1亿元", "2022年上半年", "2022-01-01", "2022-06-30", "actual"),
         ("81.9亿元", "2022年", "2022-01-01", "2022-12-31", "actual"),
         ("95亿元", "2023年", "2023-01-01", "2023-12-31", "actual"),
         ("120亿元", "2024年", "2024-01-01", "2024-12-31", "target"))


def years_store() -> FakeStore:
    base = seeds_fake_store()
    template = base.metrics(limit=None)[0]
    rows = [replace(template, id=100 + i, subject="章丘区", indicator="技术合同成交额", quantity=quantity,
                    value=float(quantity.rstrip("亿元")), unit="亿元", base_value=float(quantity.rstrip("亿元")) * 1e8,
                    base_unit="元", period=period, period_start=start, period_end=end, kind=kind)
            for i, (quantity, period, start, end, kind) in enumerate(YEARS)]
    return FakeStore([replace(base._articles[0], metrics=rows)], base._entities)


def shown(main: MainScreen) -> list[str]:
    table = main.metric_table
    return sorted(table.row_at(i).quantity for i in range(table.row_count))


async def _set_period(pilot, text: str, *, clear_first: bool = False) -> None:
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PeriodScreen), "the period box")
    if clear_first:
        await pilot.press("backspace")  # the range shown is selected: one key empties the box
    await pilot.press(*text, "enter")
    await pilot.pause()


@pytest.mark.parametrize(("text", "expected"), [
    ("2022", ("2022", "2022")), ("2022-2023", ("2022", "2023")), ("2022-03..2023", ("2022-03", "2023")),
    ("2022..", ("2022", None)), ("..2023", (None, "2023")), ("2022至2023", ("2022", "2023")),
    ("2022年3月-2023年", ("2022-3", "2023")), ("2022-06", ("2022-06", "2022-06")), ("", (None, None)),
])
def test_period_range_reads_years_months_and_open_ends(text, expected) -> None:
    assert period_range(text) == expected


@pytest.mark.parametrize("text", ["last year", "2023-2022", "2022-13", ".."])
def test_period_range_refuses_what_it_cannot_read(text) -> None:
    with pytest.raises(QueryError):
        period_range(text)


def test_period_label() -> None:
    assert period_label("2022", "2022") == "2022"
    assert period_label("2022-03", "2023") == "2022-03–2023"
    assert period_label("2022", None) == "from 2022"
    assert period_label(None, "2023") == "up to 2023"
    assert period_label(None, None) == ""


async def test_p_sets_a_period_shown_in_the_status_line_and_title() -> None:
    app = fake_app(years_store())
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        await pilot.pause()
        assert len(shown(main)) == 5  # the actuals; the 2024 target is left out by kind
        await _set_period(pilot, "2022")
        assert app.screen is main and app.focused is main.metric_table
        assert (main.period_from, main.period_to) == ("2022", "2022")
        assert shown(main) == ["40.1亿元", "81.9亿元"]  # 2022 and its first half
        assert "period 2022" in main.query_one(StatusBar).filter_text
        assert "· actual · 2022 (2)" in str(main.query_one("#metric-pane").border_title)
        # The range shown in the box is selected: what is typed replaces it.
        await _set_period(pilot, "2021-2023")
        assert shown(main) == ["40.1亿元", "70.2亿元", "81.9亿元", "95亿元"]
        assert "period 2021–2023" in main.query_one(StatusBar).filter_text
        await _set_period(pilot, "2022-07..2023")  # overlapping: the first half of 2022 ends before July
        assert shown(main) == ["81.9亿元", "95亿元"]
        await _set_period(pilot, "..2021")
        assert shown(main) == ["60.5亿元", "70.2亿元"]
        await pilot.press("t")  # kinds and periods combine
        assert shown(main) == []
        assert main.metric_table.empty_message == (
            "No target figure of this article up to 2021. p changes the period, Esc clears it, a for every figure.")


async def test_period_open_end_and_other_kinds() -> None:
    app = fake_app(years_store())
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        main.set_metric_kind(None)
        await _set_period(pilot, "2023..")
        assert shown(main) == ["120亿元", "95亿元"]
        assert "from 2023" in main.query_one(StatusBar).filter_text


async def test_period_is_cleared_by_an_empty_box_or_esc() -> None:
    app = fake_app(years_store())
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        await _set_period(pilot, "2022")
        assert len(shown(main)) == 2
        await _set_period(pilot, "", clear_first=True)  # p, Backspace, Enter
        assert main.period_text == "" and len(shown(main)) == 5
        assert "period" not in main.query_one(StatusBar).filter_text
        await _set_period(pilot, "2020")
        assert shown(main) == ["60.5亿元"]
        await pilot.press("escape")
        assert main.period_text == "" and len(shown(main)) == 5
        assert "period" not in str(main.query_one("#metric-pane").border_title)


async def test_period_box_says_what_it_cannot_read_and_esc_leaves_it_as_it_was() -> None:
    app = fake_app(years_store())
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.metric_table.focus()
        await _set_period(pilot, "2022")
        await _set_period(pilot, "2023-2021")
        box = app.screen
        assert isinstance(box, PeriodScreen)  # still open
        assert "ends before it starts" in str(box.query_one("#period-error").render())
        await pilot.press("escape")
        assert app.screen is main
        assert (main.period_from, main.period_to) == ("2022", "2022") and len(shown(main)) == 2


async def test_period_from_the_command_palette() -> None:
    app = fake_app(years_store())
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("ctrl+p")
        await pilot.press(*"by period")
        palette = app.screen
        await wait_until(pilot, lambda: palette.query_one(CommandList).highlighted is not None,
                         "the palette's matches")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PeriodScreen), "the period box")
        await pilot.press(*"2021", "enter")
        await pilot.pause()
        assert shown(main) == ["70.2亿元"]


async def test_period_filter_over_a_real_store(tmp_path: Path) -> None:
    """The same keys over a built store: the range reaches SQL through MetricQuery."""
    from tests.stores import figure_store
    from tests.test_figures import FIGURES

    db = figure_store(tmp_path, FIGURES)
    app = KechuangApp(db)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        main.set_all_figures(True)
        main.set_metric_kind(None)
        main.metric_table.focus()
        await wait_until(pilot, lambda: not main.metric_table.counting, "the count")
        assert len(shown(main)) == 4
        await _set_period(pilot, "2022")
        assert shown(main) == ["120.5亿元", "84.6億元"]
        await _set_period(pilot, "2022-06..2023")
        assert shown(main) == ["120.5亿元", "150亿元", "84.6億元"]
        await _set_period(pilot, "..2021-12")
        assert shown(main) == ["81.9亿元"]
        await pilot.press("escape")
        assert len(shown(main)) == 4
