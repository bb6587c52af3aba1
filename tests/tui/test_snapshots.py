"""Screenshots of the main screen, search results, help and the full figure table at 80x24
and 140x40, over the in-memory seeds (fixed records: the pictures change only when the UI does)."""

from __future__ import annotations

import pytest

from .conftest import fake_app, settle_search

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]


async def _search_beidou(pilot) -> None:
    await pilot.press("slash", *"北斗")
    await settle_search(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, size) -> None:
    assert snap_compare(fake_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, size) -> None:
    assert snap_compare(fake_app(), terminal_size=size, run_before=_search_beidou)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, size) -> None:
    assert snap_compare(fake_app(), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES)
def test_full_metric_table(snap_compare, size) -> None:
    assert snap_compare(fake_app(), terminal_size=size, press=["tab", "tab", "tab", "a", "z"])


@pytest.mark.parametrize("size", SIZES)
def test_search_opened_in_reader(snap_compare, size) -> None:
    async def open_hit(pilot) -> None:
        await _search_beidou(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(fake_app(), terminal_size=size, run_before=open_hit)
