"""The app, the CLI and the tests' fake store share one interface (store.query.StoreAPI):
the fake answers every method the Protocol names, with the same parameters as Store."""

from __future__ import annotations

import inspect

from store.query import Store, StoreAPI

from .fakes import FakeStore


def _members() -> list[str]:
    return [name for name, value in vars(StoreAPI).items()
            if callable(value) and not name.startswith("_")]


def _parameters(function) -> list[tuple[str, object, object]]:
    """Names, kinds and defaults (annotations are strings under postponed evaluation)."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_store_and_fake_store_have_every_protocol_method_with_its_parameters() -> None:
    members = _members()
    assert {"metrics", "count_metrics", "search", "article", "entities"} <= set(members)
    for name in members:
        expected = _parameters(getattr(StoreAPI, name))
        for implementation in (Store, FakeStore):
            method = getattr(implementation, name, None)
            assert method is not None, f"{implementation.__name__} has no {name}"
            assert _parameters(method) == expected, f"{implementation.__name__}.{name}"


def test_every_store_method_the_app_calls_is_in_the_protocol() -> None:
    """The explorer sees the store only through StoreAPI (the CLI opens a Store of its own,
    whose exports also read Store.iter_metric_values, which no fake needs)."""
    import re
    from pathlib import Path

    tui = Path(__file__).resolve().parents[2] / "tui"
    called = {m for path in tui.rglob("*.py") if path.name != "cli.py"
              for m in re.findall(r"\bstore\.([a-z_]+)\(", path.read_text(encoding="utf-8"))}
    assert called and called <= set(_members()), sorted(called - set(_members()))
