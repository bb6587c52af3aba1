"""The figure filters and exports by meaning: kind, period, entity, either script, raw numbers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from store.errors import QueryError
from store.query import MetricQuery, Store
from tests.stores import figure_store
from tui.cli import main
from tui.clipboard import plain_number

FIGURES = [
    dict(file="a.txt", text="120.5亿元", indicator="技术合同成交额", subject="济南高新区",
         subject_path="山东省/济南市/济南高新区", value=120.5, unit="亿元", base_value=12_050_000_000.0,
         base_unit="元", period="2022年", period_start="2022-01-01", period_end="2022-12-31", kind="actual",
         change_kind="同比增长", change_value=18.0, change_unit="%"),
    dict(file="a.txt", text="150亿元", indicator="技术合同成交额", subject="济南高新区",
         subject_path="山东省/济南市/济南高新区", value=150.0, unit="亿元", base_value=15_000_000_000.0,
         base_unit="元", period="2023年", period_start="2023-01-01", period_end="2023-12-31", kind="target"),
    dict(file="a.txt", text="81.9亿元", indicator="工业投资", subject="章丘区",
         subject_path="山东省/济南市/章丘区", value=81.9, unit="亿元", base_value=8_190_000_000.0,
         base_unit="元", period="2021年", period_start="2021-01-01", period_end="2021-12-31", kind="actual"),
    dict(file="b.txt", text="84.6億元", indicator="技術合同成交額", subject="濟南高新區",
         subject_path="山东省/济南市/济南高新区", value=84.6, unit="億元", base_value=8_460_000_000.0,
         base_unit="元", period="2022年", period_start="2022-01-01", period_end="2022-12-31", kind="actual"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return figure_store(tmp_path_factory.mktemp("figures"), FIGURES)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def quantities(out: str) -> list[str]:
    return sorted(row["quantity"] for row in csv.DictReader(io.StringIO(out), delimiter="\t"))


def test_indicator_matches_either_script(capsys, db) -> None:
    _, simplified, _ = run(capsys, "metrics", "--db", str(db), "--indicator", "技术合同成交额", "--kind", "all")
    _, traditional, _ = run(capsys, "metrics", "--db", str(db), "--indicator", "技術合同成交額", "--kind", "all")
    assert quantities(simplified) == quantities(traditional) == ["120.5亿元", "150亿元", "84.6億元"]


def test_unit_matches_either_script(capsys, db) -> None:
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--unit", "亿元")
    assert quantities(out) == ["120.5亿元", "81.9亿元", "84.6億元"]
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--unit", "億元")
    assert quantities(out) == ["120.5亿元", "81.9亿元", "84.6億元"]


def test_kind_actuals_by_default(capsys, db) -> None:
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--indicator", "技术合同成交额")
    assert quantities(out) == ["120.5亿元", "84.6億元"]
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--kind", "target")
    assert quantities(out) == ["150亿元"]


def test_period_range(capsys, db) -> None:
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--from", "2022", "--to", "2022")
    assert quantities(out) == ["120.5亿元", "84.6億元"]
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--from", "2022-06")
    assert quantities(out) == ["120.5亿元", "150亿元", "84.6億元"]
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--to", "2021-12-31")
    assert quantities(out) == ["81.9亿元"]


def test_bad_period_is_one_line(capsys, db) -> None:
    code, out, err = run(capsys, "metrics", "--db", str(db), "--from", "last year")
    assert code == 1 and "Cannot read the period 'last year'" in err and "Traceback" not in err


def test_place_includes_places_under_it(capsys, db) -> None:
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--place", "济南市")
    assert quantities(out) == ["120.5亿元", "81.9亿元", "84.6億元"]
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--place", "章丘区")
    assert quantities(out) == ["81.9亿元"]


def test_store_query_value_and_keywords_agree(db) -> None:
    with Store(db) as store:
        by_value = store.metrics(MetricQuery(indicator="技術合同成交額", kind="actual", sort="value"))
        by_words = store.metrics(indicator="技术合同成交额", kind="actual", sort="value")
        assert [m.quantity for m in by_value] == [m.quantity for m in by_words] == ["84.6億元", "120.5亿元"]
        assert store.count_metrics(MetricQuery(indicator="技术合同成交额")) == 3
        assert [m.quantity for m in store.iter_metrics(MetricQuery(sort="value"), chunk=1)] == [
            "81.9亿元", "84.6億元", "120.5亿元", "150亿元"]


def test_csv_carries_raw_numbers_and_sources(capsys, db) -> None:
    _, out, _ = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--sort", "value", "--desc", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    top = rows[0]
    assert top["base_value"] == "15000000000" and top["base_unit"] == "元"
    assert top["value"] == "150" and top["unit"] == "亿元"
    assert top["kind"] == "target" and top["period_start"] == "2023-01-01" and top["period_end"] == "2023-12-31"
    assert top["article_title"] == "济南高新区科技创新报告" and top["source"] == "a.txt"
    assert {"publisher", "date"} <= set(top)
    assert rows[1]["base_value"] == "12050000000" and rows[1]["change"] == "同比增长 18%"
    assert "e+" not in out


@pytest.mark.parametrize("fmt", ["tsv", "md", "json"])
def test_every_text_format_has_the_columns(capsys, db, fmt) -> None:
    code, out, _ = run(capsys, "metrics", "--db", str(db), "--kind", "all", "-f", fmt)
    assert code == 0
    if fmt == "json":
        records = json.loads(out)
        assert len(records) == 4 and records[0]["base_value"] == 12_050_000_000.0
        assert {"kind", "period_start", "period_end", "publisher", "date", "source"} <= set(records[0])
    else:
        header = out.splitlines()[0]
        for column in ("base_value", "kind", "period_start", "period_end", "article_title", "publisher", "date",
                       "source"):
            assert column in header
        assert "12050000000" in out


def test_xlsx_has_typed_cells(capsys, db, tmp_path) -> None:
    import datetime

    from openpyxl import load_workbook

    target = tmp_path / "figures.xlsx"
    code, _, _ = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--sort", "value", "-f", "xlsx",
                     "-o", str(target))
    assert code == 0
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    first = dict(zip(header, rows[1]))
    assert len(rows) == 5
    assert first["base_value"] == 8_190_000_000 and isinstance(first["base_value"], (int, float))
    assert first["period_start"] == datetime.datetime(2021, 1, 1)
    assert first["unit"] == "亿元" and first["kind"] == "actual"


def test_xlsx_to_a_terminal_is_refused(capsys, db, monkeypatch) -> None:
    monkeypatch.setattr("tui.cli._is_tty", lambda stream: True)
    code, _, err = run(capsys, "metrics", "--db", str(db), "-f", "xlsx")
    assert code == 1 and "--output" in err


def test_limit_all_and_truncation_notice(capsys, db) -> None:
    code, out, err = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--limit", "2")
    assert code == 0 and len(out.splitlines()) == 3
    assert err == "kechuang: 2 more figures left out by --limit 2 (--limit all for every row).\n"
    for every in ("all", "0"):
        code, out, err = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--limit", every)
        assert len(out.splitlines()) == 5 and err == ""
    _, _, err = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--limit", "4")
    assert err == ""


def test_bad_limit_exits_2(capsys, db) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["metrics", "--db", str(db), "--limit", "many"])
    assert exit_.value.code == 2


@pytest.mark.parametrize(("value", "text"), [
    (12_050_000_000.0, "12050000000"), (0.5, "0.5"), (1.5e-7, "0.00000015"), (-3.0, "-3"), (81.9, "81.9"),
])
def test_plain_number(value, text) -> None:
    assert plain_number(value) == text


def test_sort_subject_in_pinyin_and_period_by_time(tmp_path) -> None:
    figures = [dict(FIGURES[0], subject=name, period=period, period_start=start, period_end=end)
               for name, period, start, end in (
                   ("青岛市", "2022年上半年", "2022-01-01", "2022-06-30"),
                   ("济南市", "2021年", "2021-01-01", "2021-12-31"),
                   ("淄博市", "2022年1-10月", "2022-01-01", "2022-10-31"),
                   ("北京市", "2020年", "2020-01-01", "2020-12-31"))]
    db = figure_store(tmp_path, figures)
    with Store(db) as store:
        # code point order would put 北 (5317) before 济 (6D4E), 淄 (6DC4), 青 (9752)
        assert [m.subject for m in store.metrics(sort="subject")] == ["北京市", "济南市", "青岛市", "淄博市"]
        assert [m.subject for m in store.metrics(sort="subject", descending=True)] == [
            "淄博市", "青岛市", "济南市", "北京市"]
        # as strings "2022年1-10月" < "2022年上半年" < "2020年"… would not be time
        assert [m.period for m in store.metrics(sort="period")] == ["2020年", "2021年", "2022年上半年", "2022年1-10月"]


def test_figures_view_for_sql_users(db) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT figure, subject, entity_path, period_start, kind, article_title, source"
                        " FROM figures WHERE kind = 'target'").fetchall()
    assert rows == [("150亿元", "济南高新区", "山东省/济南市/济南高新区", "2023-01-01", "target",
                     "济南高新区科技创新报告", "a.txt")]


@pytest.mark.parametrize("names", [
    ("article_id", "quantity", "value", "article_title", "source"),  # the article's fields last
    ("source", "quantity", "article_date", "change_kind", "change_value", "article_publisher"),  # mixed
    ("quantity", "sentence", "article_title"),  # the sentence: cut from the body in SQL
    ("quantity", "base_value", "kind"),  # no article field
])
def test_metric_values_are_the_rows_fields(db, monkeypatch, names) -> None:
    # The stream an export reads (tuples, articles joined by the store a chunk at a time) has
    # the values of iter_metrics' records, whatever the fields asked and their order; with
    # one row a chunk and the kept articles forgotten at each chunk too.
    import store.query

    monkeypatch.setattr(store.query, "_ARTICLES_KEPT", 0)
    query = MetricQuery(kind=None, sort="value", descending=True)

    def field(m, name: str):
        if name.startswith("change_"):
            return getattr(m.change, name[len("change_"):]) if m.change else None
        return getattr(m, name)

    with Store(db) as store:
        expected = [tuple(field(m, n) for n in names) for m in store.iter_metrics(query)]
        for chunk in (1, 3, 2000):
            chunks = list(store.iter_metric_values(query, names, chunk=chunk))
            assert all(len(rows) <= chunk for rows in chunks)
            assert [r for rows in chunks for r in rows] == expected
        assert [r for rows in store.iter_metric_values(query, names, limit=2) for r in rows] == expected[:2]
        with pytest.raises(QueryError):
            list(store.iter_metric_values(query, ("quantity", "no_such_field")))


def test_period_option_reads_the_ranges_the_app_reads(capsys, db) -> None:
    for period, expected in (("2022", ["120.5亿元", "84.6億元"]), ("2022-2023", ["120.5亿元", "150亿元", "84.6億元"]),
                             ("..2021-12", ["81.9亿元"]), ("2023..", ["150亿元"])):
        _, out, _ = run(capsys, "metrics", "--db", str(db), "--kind", "all", "--period", period)
        assert quantities(out) == expected, period
    code, _, err = run(capsys, "metrics", "--db", str(db), "--period", "2022", "--from", "2021")
    assert code == 1 and "not both" in err
    code, _, err = run(capsys, "metrics", "--db", str(db), "--period", "2023-2021")
    assert code == 1 and "ends before it starts" in err and "Traceback" not in err
