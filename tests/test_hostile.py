"""Hostile documents (issue 10): nothing in a file reaches the terminal as a command.

Every CLI command runs on the hostile corpus of tests/hostile.py through a pseudo-terminal
(and piped), and no escape sequence or C1 control from the data may reach the output; TSV and
CSV stay one row per record; JSON stays exact. Building follows no link out of the folders
given, walks 1,100 nested folders, and a million-line file builds. A killed --jobs 2 build
leaves no worker behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.build import build
from store.query import Store
from tui.safe_text import FORMAT_RANGES, json_safe, one_line, safe_text

from .hostile import (
    CLIPBOARD,
    DEEP_FOLDERS,
    ESC,
    RLO,
    foreign_controls,
    make_corpus,
    remove_deep_folders,
)

ROOT = Path(__file__).resolve().parents[1]
KECHUANG = [sys.executable, "-m", "tui.cli"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    victims = root / "victims"
    victims.mkdir()
    corpus = make_corpus(root, victims)
    db = root / "hostile.db"
    report = build([corpus], db)
    assert report.files_built >= 8, report.errors
    yield {"root": root, "corpus": corpus, "db": db, "victims": victims}
    remove_deep_folders(corpus)


def run_on_pty(args: list[str], *, stdin: bytes | None = None, timeout: float = 120) -> tuple[int, str]:
    """Run kechuang with stdout and stderr on a pseudo-terminal: (exit status, all it wrote)."""
    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS="160", LINES="50", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(KECHUANG + args, cwd=ROOT, stdout=slave, stderr=slave, env=env,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    os.close(slave)
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    status = proc.wait(timeout=30)
    return status, b"".join(chunks).decode("utf-8", errors="strict")


def run_piped(args: list[str], *, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(KECHUANG + args, cwd=ROOT, capture_output=True, input=stdin, timeout=120)


def assert_clean(output: str, what: str) -> None:
    found = foreign_controls(output)
    assert not found, f"{what}: control sequences from the data reached the terminal: {found[:5]!r}"
    assert "Traceback" not in output, f"{what}: {output[-2000:]}"


# The one safe-text module ---------------------------------------------------------------------

def test_safe_text_replaces_controls_one_for_one() -> None:
    text = f"a{CLIPBOARD}b\n\tc{RLO}d\x9be\ud800\u2028"
    shown = safe_text(text, keep="\n")
    assert len(shown) == len(text)  # entity offsets still fit
    assert "\x1b" not in shown and "\x07" not in shown and RLO not in shown and "\x9b" not in shown
    assert "␛]52;c;" in shown and "\n" in shown and "\t" not in shown
    line = one_line(text)
    assert len(line) == len(text) and "\n" not in line and "\t" not in line
    assert safe_text("济南市章丘区") == "济南市章丘区"


def test_format_ranges_cover_every_format_character() -> None:
    import unicodedata

    covered = {c for a, b in FORMAT_RANGES for c in range(a, b + 1)}
    missing = [hex(c) for c in range(0x80, 0x110000) if unicodedata.category(chr(c)) == "Cf" and c not in covered]
    assert not missing


def test_json_safe_keeps_values_exact() -> None:
    value = {"name": f"x{CLIPBOARD}\x9b{RLO}\ud800\U000e0041"}
    encoded = json_safe(json.dumps(value, ensure_ascii=False))
    assert json.loads(encoded) == value
    assert not any(0x80 <= ord(ch) <= 0x9f or ch == RLO for ch in encoded)


# Building -------------------------------------------------------------------------------------

def test_build_follows_no_link_out_of_the_folder(hostile: dict[str, Path]) -> None:
    with Store(hostile["db"]) as store:
        sources = {Path(a.source).name for a in store.articles(limit=1000)}
    assert "passwd.txt" not in sources and "secret.txt" not in sources
    assert "deepest.txt" in sources, f"the file {DEEP_FOLDERS} folders down was not built: {sources}"
    assert "escapes.txt" in sources
    assert "linked.txt" in sources, "a link to a text document outside the folder is built"
    status, output = run_on_pty(["build", str(hostile["corpus"]), "--db", str(hostile["root"] / "again.db")])
    assert status == 0, output
    assert_clean(output, "build")
    for skipped in ("passwd.txt", "etc", "root", "secret.txt", "outside"):
        assert any(f"/{skipped}: symbolic link to" in line and "outside the folders given" in line
                   for line in output.splitlines()), f"{skipped} not reported as skipped:\n{output}"


def test_a_million_line_file_builds(tmp_path: Path) -> None:
    lines = [f"第{i}行。" if i % 7 else f"小标题{i % 50}" for i in range(1_000_000)]
    (tmp_path / "million.txt").write_text("\n".join(lines), encoding="utf-8")
    report = build([tmp_path / "million.txt"], tmp_path / "m.db")
    assert report.files_built == 1 and not report.errors
    assert report.warnings, "an article that long is built without figures, and says so"


# The CLI on a terminal and piped --------------------------------------------------------------

COMMANDS = [
    ["search", "区"], ["search", "区", "--json"], ["stats"], ["stats", "--json"],
    *[["entities", "--format", f, "--limit", "200"] for f in ("table", "tsv", "csv", "md", "json")],
    *[["metrics", "--format", f, "--limit", "all"] for f in ("table", "tsv", "csv", "md", "json")],
    ["export"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:3]))
def test_cli_on_a_terminal_shows_no_control_from_the_data(hostile: dict[str, Path], args: list[str]) -> None:
    status, output = run_on_pty([*args, "--db", str(hostile["db"])])
    assert status == 0, output
    assert_clean(output, " ".join(args))
    assert output.strip()


def test_cli_extract_on_a_terminal(hostile: dict[str, Path]) -> None:
    text = (hostile["corpus"] / "escapes.txt").read_bytes()
    status, output = run_on_pty(["extract"], stdin=text)
    assert status == 0, output
    assert_clean(output, "extract")


def test_tables_show_markup_as_written(hostile: dict[str, Path]) -> None:
    status, output = run_on_pty(["entities", "--db", str(hostile["db"]), "--limit", "200", "-f", "md"])
    assert status == 0
    assert "[/bold]" in output and "[@click=app.quit]" in output


def test_piped_tsv_and_csv_keep_one_row_per_record(hostile: dict[str, Path]) -> None:
    db = ["--db", str(hostile["db"])]
    entities = json.loads(run_piped(["entities", "-f", "json", "-n", "200", *db]).stdout)
    metrics = json.loads(run_piped(["metrics", "-f", "json", "-n", "all", *db]).stdout)
    assert any(ESC in e["name"] for e in entities), "JSON keeps the names exact"
    for args, rows in ((["entities", "-n", "200"], entities), (["metrics", "-n", "all"], metrics)):
        tsv = run_piped([*args, "-f", "tsv", *db])
        assert tsv.returncode == 0, tsv.stderr
        lines = tsv.stdout.decode("utf-8").split("\n")[:-1]
        assert len(lines) == len(rows) + 1
        assert len({line.count("\t") for line in lines}) == 1
        assert not foreign_controls(tsv.stdout.decode("utf-8"))
        out = run_piped([*args, "-f", "csv", *db]).stdout.decode("utf-8")
        assert out.count("\n") == len(rows) + 1
        assert len(list(csv.reader(io.StringIO(out)))) == len(rows) + 1
    hits = run_piped(["search", "区", "-n", "50", *db]).stdout.decode("utf-8").split("\n")[:-1]
    assert hits and all(line.count("\t") == 4 for line in hits)
    names = {a["source"] for a in json.loads(run_piped(["search", "召开", "--json", "-n", "50", *db]).stdout)}
    assert any("\n" in n for n in names) and any("\t" in n for n in names), "JSON keeps file names exact"
    exported = [json.loads(line) for line in run_piped(["export", *db]).stdout.splitlines()]
    assert any(CLIPBOARD in r["title"] for r in exported if r.get("title"))


def test_arguments_that_are_not_text_give_a_message(hostile: dict[str, Path]) -> None:
    for args in (["search", "\udcff济南"], ["metrics", "--text", "\udcff"], ["metrics", "--place", "\udcff区"]):
        proc = subprocess.run([*KECHUANG, *args, "--db", str(hostile["db"])], cwd=ROOT, capture_output=True,
                              timeout=60, env=dict(os.environ, PYTHONUTF8="0"))
        err = proc.stderr.decode("utf-8", errors="replace")
        assert proc.returncode == 1, err
        assert "not valid text" in err and "Traceback" not in err


def test_a_nul_in_an_entity_query_is_refused(hostile: dict[str, Path]) -> None:
    from store.errors import QueryError

    with Store(hostile["db"]) as store:
        with pytest.raises(QueryError, match="NUL"):
            store.find_entities("\x00")
        with pytest.raises(QueryError, match="NUL"):
            store.metrics(place="\x00")


def test_io_errors_do_not_advise_deleting_the_db() -> None:
    import sqlite3

    from store.db import explain

    for message in ("disk I/O error", "LIKE or GLOB pattern too complex"):
        assert "delete" not in str(explain(sqlite3.OperationalError(message), "x.db"))
    assert "delete" in str(explain(sqlite3.DatabaseError("database disk image is malformed"), "x.db"))


# Workers end with their build -----------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        pytest.skip("ps is not installed")
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_parallel_build_leaves_no_worker(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for f in range(200):
        (src / f"f{f}.txt").write_text("\n".join(
            f"章丘区{f}月第{i}周完成工业投资{i}.{f}亿元，同比增长{i % 50}.5%。" for i in range(150)), encoding="utf-8")
    proc = subprocess.Popen([*KECHUANG, "build", str(src), "--db", str(tmp_path / "k.db"), "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.1)
    assert len(workers) >= 2, "the build never started its two workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"workers {left} outlived the killed build by 5 s"


def test_a_file_name_that_is_not_utf8_is_reported_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "good.txt").write_text("# 会议\n\n章丘区完成投资1.5亿元，增长2.5%。\n", encoding="utf-8")
    with open(os.fsencode(folder) + b"/bad\xffname.txt", "w", encoding="utf-8") as fh:
        fh.write("# 会议\n\n历下区完成投资2.5亿元，增长3.5%。\n")
    proc = run_piped(["build", str(folder), "--db", str(tmp_path / "n.db")])
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "not valid UTF-8" in err and "bad\ufffdname.txt" in err
