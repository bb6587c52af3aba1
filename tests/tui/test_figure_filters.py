"""The figure table's filter by entity (a place includes the places and zones under it) and
its sorts by meaning (period by time, subject in pinyin order), through the app's keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from store.query import EntityRow
from tui.app import KechuangApp
from tui.screens.main import MainScreen

from .conftest import fake_app, wait_until
from .fakes import FakeStore, seeds_fake_store

SIZE = (120, 40)
# (subject, its admin path, period as printed, start, end, value in 亿元)
ROWS = (("青岛市", "山东省/青岛市", "2022年上半年", "2022-01-01", "2022-06-30", 30.0),
        ("章丘区", "山东省/济南市/章丘区", "2021年", "2021-01-01", "2021-12-31", 81.9),
        ("淄博市", "山东省/淄博市", "2022年1-10月", "2022-01-01", "2022-10-31", 45.0),
        ("北京市", "北京市", "2020年", "2020-01-01", "2020-12-31", 500.0),
        ("济南高新区", "山东省/济南市/济南高新区", "2023年", "2023-01-01", "2023-12-31", 120.5),
        ("天桥区", "山东省/济南市/天桥区", "2019年", "2019-01-01", "2019-12-31", 84.6))


def places_store() -> FakeStore:
    base = seeds_fake_store()
    template = base.metrics(limit=None)[0]
    rows = [replace(template, id=300 + i, subject=subject, subject_path=path, indicator="技术合同成交额",
                    quantity=f"{value:g}亿元", value=value, unit="亿元", base_value=value * 1e8, base_unit="元",
                    period=period, period_start=start, period_end=end, kind="actual")
            for i, (subject, path, period, start, end, value) in enumerate(ROWS)]
    return FakeStore([replace(base._articles[0], metrics=rows)], base._entities)


def column(main: MainScreen, attr: str) -> list:
    table = main.metric_table
    return [getattr(table.row_at(i), attr) for i in range(table.row_count)]


async def test_entity_filter_narrows_the_figures_to_the_place_and_the_places_under_it() -> None:
    store = places_store()
    jinan = next(e for e in store._entities.values() if e.name == "济南市")
    app = fake_app(store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.set_all_figures(True)
        await pilot.pause()
        assert main.metric_table.row_count == 6
        main.filter_by_entity(jinan)
        await pilot.pause()
        assert sorted(column(main, "subject")) == sorted(["章丘区", "济南高新区", "天桥区"])
        assert "· 济南市 ·" in str(main.query_one("#metric-pane").border_title)
        main.set_metric_period("2021..")  # filters combine
        await pilot.pause()
        assert sorted(column(main, "subject")) == ["济南高新区", "章丘区"]
        main.metric_table.focus()
        await pilot.press("escape")  # Esc clears the entity filter first, then the period
        assert main.entity_filter is None and sorted(column(main, "subject")) == sorted([
            "济南高新区", "章丘区", "青岛市", "淄博市"])
        await pilot.press("escape")
        assert main.metric_table.row_count == 6


async def test_a_person_filters_the_articles_not_the_figures() -> None:
    store = places_store()
    person = next(e for e in store._entities.values() if e.type == "person")
    app = fake_app(store)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.set_all_figures(True)
        main.filter_by_entity(person)
        await pilot.pause()
        assert main.figure_entity is None and main.metric_table.row_count == 6


async def test_sort_keys_sort_period_by_time_and_subject_in_pinyin_order() -> None:
    app = fake_app(places_store())
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.set_all_figures(True)
        main.metric_table.focus()
        await pilot.pause()
        await pilot.press("s")  # subject
        assert main.metric_sort == "subject"
        # pinyin: bei, ji, qing, tian, zhang, zi (code points would put 天 before 济 and 章)
        assert column(main, "subject") == ["北京市", "济南高新区", "青岛市", "天桥区", "章丘区", "淄博市"]
        await pilot.press("S")
        assert column(main, "subject") == ["淄博市", "章丘区", "天桥区", "青岛市", "济南高新区", "北京市"]
        await pilot.press("s", "s", "s")  # indicator, value, period
        assert main.metric_sort == "period"
        # by time (as text 2022年1-10月 < 2022年上半年; the first half ends first)
        assert column(main, "period") == ["2023年", "2022年1-10月", "2022年上半年", "2021年", "2020年", "2019年"]
        await pilot.press("S")
        assert column(main, "period") == ["2019年", "2020年", "2021年", "2022年上半年", "2022年1-10月", "2023年"]
        main.sort_metrics("value", descending=True)
        assert column(main, "quantity")[:2] == ["500亿元", "120.5亿元"]


async def test_entity_filter_over_a_real_store_takes_both_scripts(tmp_path: Path) -> None:
    from tests.stores import figure_store
    from tests.test_figures import FIGURES

    app = KechuangApp(figure_store(tmp_path, FIGURES))
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.set_all_figures(True)
        main.set_metric_kind(None)
        await wait_until(pilot, lambda: not main.metric_table.counting, "the count")
        zone = main.store.find_entities("济南高新区")[0]
        assert isinstance(zone, EntityRow) and zone.path == "山东省/济南市/济南高新区"
        main.filter_by_entity(zone)
        await wait_until(pilot, lambda: not main.metric_table.counting, "the count")
        assert sorted(column(main, "quantity")) == ["120.5亿元", "150亿元", "84.6億元"]  # 濟南高新區 too
        main.set_metric_period("2022")
        await pilot.pause()
        assert sorted(column(main, "quantity")) == ["120.5亿元", "84.6億元"]


async def test_typed_filter_matches_either_script_over_a_real_store(tmp_path: Path) -> None:
    from tests.stores import figure_store
    from tests.test_figures import FIGURES

    app = KechuangApp(figure_store(tmp_path, FIGURES))
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.set_all_figures(True)
        main.metric_table.focus()
        found = {}
        for typed in ("技术合同", "技術合同"):
            await pilot.press("f", *typed, "enter")
            await wait_until(pilot, lambda: not main.metric_table.counting, "the count")
            found[typed] = sorted(column(main, "quantity"))
            await pilot.press("escape")
        assert found["技术合同"] == found["技術合同"] == ["120.5亿元", "84.6億元"]
