"""The kechuang command, through main(argv) with captured output and a few real subprocesses."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from store.models import printed_fields
from store.paths import bundled_seeds_dir
from store.schema import record_counts
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["open", "build", "remove", "search", "export", "stats", "extract", "metrics", "entities"]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "seeds.db"
    assert main(["build", str(bundled_seeds_dir()), "--db", str(db)]) == 0
    return db


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_prints_db_and_summary(capsys, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("济南新闻\n\n济南市章丘区投资5亿元。\n", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01" * 50)
    db = tmp_path / "k.db"
    code, out, err = run(capsys, "build", str(src), "--db", str(db))
    assert code == 0  # partial success: the readable file was built
    assert str(db) in out and "1 built" in out
    assert "bad.txt" in err and "Traceback" not in err
    code, out, _ = run(capsys, "build", str(src), "--db", str(db))
    assert code == 0 and "1 unchanged" in out


def test_build_nothing_buildable_is_an_error(capsys, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01" * 50)
    code, _, err = run(capsys, "build", str(tmp_path / "bad.txt"), "--db", str(tmp_path / "k.db"))
    assert code != 0 and "bad.txt" in err
    code, _, err = run(capsys, "build", str(tmp_path / "nowhere"), "--db", str(tmp_path / "k.db"))
    assert code != 0 and "nowhere" in err


def test_stats(capsys, seeds_db):
    code, out, _ = run(capsys, "stats", "--db", str(seeds_db), "--json")
    data = json.loads(out)
    assert code == 0 and data["documents"] == 5 and data["articles"] > 5 and data["metrics"] > 0
    code, out, _ = run(capsys, "stats", "--db", str(seeds_db))
    assert code == 0 and "articles" in out


def test_search_json_and_plain(capsys, seeds_db):
    code, out, _ = run(capsys, "search", "濟南", "--db", str(seeds_db), "--json", "--limit", "3")
    hits = json.loads(out)
    assert code == 0 and 0 < len(hits) <= 3 and {"title", "source", "snippet"} <= set(hits[0])
    code, out, _ = run(capsys, "search", "高新区", "--db", str(seeds_db))
    assert code == 0 and "高新" in out


@pytest.mark.parametrize("query", ['"', "*", "😀", "-济南"])
def test_search_bad_query_is_one_line(capsys, seeds_db, query):
    code, out, err = run(capsys, "search", "--db", str(seeds_db), "--", query)
    assert code == 1 and err.count("\n") == 1 and err.startswith("kechuang:")


def test_export_has_the_score_gold_shape(capsys, seeds_db):
    code, out, _ = run(capsys, "export", "--db", str(seeds_db))
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(lines) > 5
    keys = {"source", "title", "subtitle", "kicker", "authors", "contributors", "publisher", "date", "body",
            "entities", "metrics"}
    for rec in lines:
        assert keys <= set(rec)
        for m in rec["metrics"]:
            assert rec["body"][m["start"]:m["end"]] == m["text"]
            assert {"quantity", "value", "unit", "base_value", "base_unit", "qualifier", "indicator", "subject",
                    "period", "change"} <= set(m)
        parts = {name: (at, at + len(text)) for name, at, text in printed_fields(
            rec["kicker"], rec["title"], rec["subtitle"], rec["byline"], "")}
        for e in rec["entities"]:
            assert {"text", "type", "start", "end", "field"} <= set(e)
            assert 0 <= e["start"] and rec["body"][e["start"]:e["end"]] == e["text"]
            if e["field"] != "body":  # in the head lines, inside the part it names
                assert parts[e["field"]][0] <= e["start"] <= e["end"] <= parts[e["field"]][1]


def test_export_scores_against_gold(tmp_path, seeds_db):
    out = tmp_path / "export.jsonl"
    assert main(["export", "--db", str(seeds_db), "-o", str(out)]) == 0
    score = subprocess.run([sys.executable, str(ROOT / "tests/data/score_gold.py"), str(out), "--gold",
                            str(ROOT / "tests/data/gold"), "--min", "articles_f1=0.9"],
                           capture_output=True, text=True)
    assert score.returncode == 0, score.stdout + score.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_metrics_formats(capsys, seeds_db, fmt):
    code, out, _ = run(capsys, "metrics", "--db", str(seeds_db), "--format", fmt, "--sort", "value", "--desc",
                       "--limit", "5", "--place", "山东省")
    assert code == 0 and out.strip()
    if fmt == "json":
        rows = json.loads(out)
        assert len(rows) == 5
        assert [r["base_value"] for r in rows] == sorted((r["base_value"] for r in rows), reverse=True)


def test_entities(capsys, seeds_db):
    code, out, _ = run(capsys, "entities", "--db", str(seeds_db), "--type", "place", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["type"] == "place" for r in rows)


def test_extract_lines(capsys, monkeypatch):
    data = "济南市章丘区投资5亿元。\n青岛市增长10%。\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(capsys, "extract", "--lines")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(rows) == 2
    assert any(e["text"] == "济南市" for e in rows[0]["entities"])


def test_extract_carries_kind_subject_offsets_and_period_dates(capsys, monkeypatch):
    text = "2023年1-6月，济南市章丘区完成投资5亿元。到2025年，章丘区力争引进项目40个。"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))
    code, out, _ = run(capsys, "extract")
    metrics = json.loads(out)["metrics"]
    assert code == 0 and [m["kind"] for m in metrics] == ["actual", "target"]
    first = metrics[0]
    assert (first["period_start"], first["period_end"]) == ("2023-01-01", "2023-06-30")
    assert text[first["subject_start"]:first["subject_end"]] == first["subject"]


def test_extract_whole_text(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("投资5亿元".encode()), encoding="utf-8"))
    code, out, _ = run(capsys, "extract")
    assert code == 0 and "metrics" in json.loads(out)


@pytest.mark.parametrize("argv,needle", [
    (["stats", "--db", "/nonexistent/k.db"], "No database"),
    (["search", "x", "--db", "/nonexistent/k.db"], "No database"),
    (["export", "--db", "/nonexistent/k.db"], "No database"),
])
def test_user_errors_are_one_line(capsys, argv, needle):
    code, _, err = run(capsys, *argv)
    assert code == 1 and needle in err and "Traceback" not in err and err.count("\n") == 1


def test_corrupt_db_one_line(capsys, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite at all")
    code, _, err = run(capsys, "stats", "--db", str(bad))
    assert code == 1 and "delete" in err and str(bad) in err


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0 and "usage" in capsys.readouterr().out


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["metrics", "--sort", "nonsense"])
    assert info.value.code == 2


def test_piped_to_head_exits_quietly(seeds_db):
    proc = subprocess.run(f"{sys.executable} -m tui.cli export --db {seeds_db} | head -c 10", shell=True,
                          cwd=ROOT, capture_output=True, text=True)
    assert "Traceback" not in proc.stderr and "Broken" not in proc.stderr


def test_open_on_a_missing_named_db_says_how_to_build_it(capsys, tmp_path) -> None:
    missing = tmp_path / "none" / "x.db"
    code, _, err = run(capsys, "open", "--db", str(missing))
    assert code == 1 and "no database at" in err and "kechuang build" in err
    assert not missing.exists(), "nothing is built into a path the user mistyped"


@pytest.mark.parametrize("what", ["missing path", "empty folder", "unreadable file"])
def test_a_failed_build_creates_no_database(capsys, tmp_path, what):
    if what == "missing path":
        source = tmp_path / "does" / "not" / "exist"
    elif what == "empty folder":
        source = tmp_path / "empty"
        source.mkdir()
    else:
        source = tmp_path / "bad.txt"
        source.write_bytes(b"\x00\x01" * 50)
    db = tmp_path / "new.db"
    code, _, err = run(capsys, "build", str(source), "--db", str(db))
    assert code == 1 and err
    assert not db.exists() and not list(tmp_path.glob("new.db*"))


def test_a_failed_build_keeps_the_store_there_was(capsys, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("济南新闻\n\n济南市章丘区投资5亿元。\n", encoding="utf-8")
    db = tmp_path / "k.db"
    assert run(capsys, "build", str(src), "--db", str(db))[0] == 0
    assert run(capsys, "build", str(tmp_path / "gone"), "--db", str(db))[0] == 1
    code, out, _ = run(capsys, "stats", "--db", str(db))
    assert code == 0 and db.exists()


def test_advice_on_a_file_that_is_not_sqlite_works_when_followed(capsys, tmp_path):
    import asyncio

    from tui.app import KechuangApp

    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite at all" * 20)
    app = KechuangApp(junk)

    async def message() -> str:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return str(app.screen.query_one("#message-text").render())

    text = asyncio.run(message())
    # No advice to build into the same path: build refuses a file that is not SQLite.
    assert f"--db {junk}" not in text and "delete" in text
    code, _, err = run(capsys, "build", str(bundled_seeds_dir()), "--db", str(junk))
    assert code == 1 and "delete" in err
    junk.unlink()  # as advised
    first_seed = sorted(bundled_seeds_dir().glob("*.txt"))[0]
    assert run(capsys, "build", str(first_seed), "--db", str(junk))[0] == 0


def _store_of_many_figures(seeds_db: Path, folder: Path, figures: int) -> Path:
    """A copy of the seeds' store whose figures are copied until it holds ``figures`` (the
    figure indexes' triggers dropped first: the export reads none of them)."""
    db = folder / "many-figures.db"
    shutil.copy(seeds_db, db)
    conn = sqlite3.connect(db, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'metrics'"):
        conn.execute(f"DROP TRIGGER {name}")
    columns = ", ".join(f'"{r[1]}"' for r in conn.execute("PRAGMA table_info(metrics)") if r[1] != "id")
    conn.execute("BEGIN")
    while (n := conn.execute("SELECT count(*) FROM metrics").fetchone()[0]) < figures:
        conn.execute(f"INSERT INTO metrics({columns}) SELECT {columns} FROM metrics LIMIT ?", (figures - n,))
    record_counts(conn)
    conn.execute("COMMIT")
    conn.close()
    return db


# The peak resident size of the command itself. Linux keeps ru_maxrss across exec, so a
# child forked from this (large) test process would report the parent's size: the child's
# own high-water mark (VmHWM, reset at exec) where there is one, else getrusage.
_PEAK_RSS_OF_MAIN = """
import resource, sys
from tui.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f"peak_kb={peak_kb}\\n")
sys.exit(code)
"""


@pytest.mark.parametrize("command", [["metrics", "--kind", "all", "--limit", "all", "--format", "csv"],
                                     ["metrics", "--kind", "all", "--limit", "all", "--format", "json", "--sort", "value"]])
def test_an_export_of_many_figures_streams_in_bounded_memory(seeds_db, tmp_path, command):
    # 100,000 figures held as records at once take several hundred MB; written as they
    # are read, the process stays near its size at start.
    db = _store_of_many_figures(seeds_db, tmp_path, 100_000)
    out = tmp_path / "out"
    with open(out, "wb") as sink:
        done = subprocess.run([sys.executable, "-c", _PEAK_RSS_OF_MAIN, *command, "--db", str(db)],
                              stdout=sink, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stderr.rsplit("peak_kb=", 1)[1]) / 1024
    rows = out.read_text(encoding="utf-8")
    assert (len(list(csv.reader(io.StringIO(rows)))) == 100_001 if "csv" in command
            else len(json.loads(rows)) == 100_000)
    assert peak_mb < 150, f"peak RSS {peak_mb:.0f} MB"


def _two_file_store(capsys, tmp_path) -> tuple[Path, Path]:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("东湖新闻\n\n东湖区新建实验室三座，投资2亿元。\n", encoding="utf-8")
    (src / "sub" / "b.txt").write_text("西山新闻\n\n西山县引进企业五家，签约金额8亿元。\n", encoding="utf-8")
    db = tmp_path / "k.db"
    assert run(capsys, "build", str(src), "--db", str(db))[0] == 0
    return src, db


def _titles(capsys, db: Path) -> list[str]:
    code, out, _ = run(capsys, "export", "--db", str(db))
    return sorted(json.loads(line)["title"] for line in out.splitlines())


def test_remove_takes_documents_out(capsys, tmp_path):
    src, db = _two_file_store(capsys, tmp_path)
    code, out, _ = run(capsys, "remove", str(src / "sub"), "--db", str(db))
    assert code == 0 and "b.txt" in out
    assert _titles(capsys, db) == ["东湖新闻"]
    code, out, _ = run(capsys, "search", "西山", "--db", str(db))
    assert "西山新闻" not in out
    code, _, err = run(capsys, "remove", str(src / "nothing.txt"), "--db", str(db))
    assert code == 1 and "nothing.txt" in err


def test_build_prune_takes_out_documents_whose_files_are_gone(capsys, tmp_path):
    src, db = _two_file_store(capsys, tmp_path)
    (src / "a.txt").unlink()
    assert run(capsys, "build", str(src), "--db", str(db))[0] == 0
    assert _titles(capsys, db) == ["东湖新闻", "西山新闻"]  # kept without --prune
    code, out, _ = run(capsys, "build", str(src), "--db", str(db), "--prune")
    assert code == 0 and "pruned: 1" in out
    assert _titles(capsys, db) == ["西山新闻"]


# Cells of every kind the figure export meets: plain, None, ints, a comma and a quote (CSV
# quotes them), and what one_line changes (tab, newline, carriage return, a C0 and a C1
# control, a bidi override, an astral format character) next to an astral character it keeps.
_AWKWARD_CELLS = ["逗号,引号\"", "制表\t符", "换\n行", "回\r车", "\x1b[2J", "\x85", "\u202e倒", "\U000e0041", "𠀀字"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_chunked_export_writes_what_the_row_by_row_table_writes(capsys, fmt):
    from tui.cli import _print_table, _text_cells, _write_delimited

    header = ["id", "a", "b"]
    plain = [(i, "济南市", None) for i in range(5)]
    chunks = [plain[:2], *([(7, cell, "x")] for cell in _AWKWARD_CELLS), plain[2:], [(8, None, "𠀀")], []]
    _print_table(header, (_text_cells(r) for rows in chunks for r in rows), fmt)
    row_by_row = capsys.readouterr().out
    _write_delimited(header, chunks, fmt)
    assert capsys.readouterr().out == row_by_row
    assert len(row_by_row.split("\n")) == 1 + 5 + len(_AWKWARD_CELLS) + 1 + 1  # header, rows, final newline
