"""The README's section for SQL users, run as written against a built seed store: the
search query over articles_grams, the Datasette page that names that index, the figures view."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from store.search import fold
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
WORD = "技术合同"  # what the README's query looks for


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("**SQL users.**")
    return text[start:text.index("**Export.**", start)]


def sql_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", readme_section(), re.S)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    from store.build import build

    db = tmp_path_factory.mktemp("sql-users") / "kechuang.db"
    build([ROOT / "seeds"], db)
    return db


def articles_holding(conn: sqlite3.Connection, word: str) -> set[int]:
    """The articles whose folded title or body hold ``word`` (what the pair phrase matches)."""
    return {i for i, title, body in conn.execute("SELECT id, title, body FROM articles")
            if word in fold(title or "") or word in fold(body or "")}


def test_readme_search_query_finds_the_articles_holding_the_word(seeds_db) -> None:
    query = next(block for block in sql_blocks() if "articles_grams" in block)
    conn = sqlite3.connect(seeds_db)
    rows = conn.execute(query).fetchall()
    assert rows, "the README's query finds no seed article"
    assert {r[0] for r in rows} == articles_holding(conn, WORD)
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)  # newest id first


def test_match_prints_the_expression_the_readme_uses(capsys) -> None:
    assert main(["search", WORD, "--match"]) == 0
    expression = capsys.readouterr().out.strip()
    query = next(block for block in sql_blocks() if "articles_grams" in block)
    assert f"MATCH '{expression}'" in query


def test_the_readme_datasette_page_searches_the_pair_index(seeds_db) -> None:
    """Datasette is not a dependency: this runs the filter its table page adds for
    ?_fts_table=T&_searchmode=raw&_search=Q (rowid in the rowids T matches for Q, as raw FTS5)."""
    url = next(u for u in re.findall(r"`(/\S+\?\S+)`", readme_section()) if "_fts_table" in u)
    path, params = urlsplit(url).path, parse_qs(urlsplit(url).query)
    assert path.endswith("/articles") and params["_searchmode"] == ["raw"]
    table, search = params["_fts_table"][0], params["_search"][0]
    conn = sqlite3.connect(seeds_db)
    found = {r[0] for r in conn.execute(
        f"SELECT rowid FROM articles WHERE rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)", (search,))}
    assert found and found == articles_holding(conn, WORD)
    # The settings file names the same table for every page.
    settings = re.search(r"```yaml\n(.*?)```", readme_section(), re.S).group(1)
    assert re.search(rf"articles:\s*\n\s*fts_table: {table}\s*\n\s*searchmode: raw", settings)


def test_no_fts_table_is_declared_over_articles_so_datasette_needs_the_settings(seeds_db) -> None:
    """What the README says of Datasette's own detection (a table declared content="articles")."""
    conn = sqlite3.connect(seeds_db)
    declared = conn.execute("SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE '%USING fts%'"
                            " AND (sql LIKE '%content=\"articles\"%' OR sql LIKE '%content=[articles]%'"
                            " OR sql LIKE '%content=''articles''%')").fetchall()
    assert declared == []


def test_readme_figures_query_runs(seeds_db) -> None:
    query = next(block for block in sql_blocks() if "FROM figures" in block)
    rows = sqlite3.connect(seeds_db).execute(query).fetchall()
    assert all(kind == "actual" for *_, kind, _publisher, _date in rows)
