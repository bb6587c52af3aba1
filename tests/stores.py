"""Small stores the tests build on the spot."""

from __future__ import annotations

from pathlib import Path

from store.build import build

QUANTUM_REPORT = "量子通信白皮书\n\n济南市章丘区量子通信产业加快发展。\n"


def one_file_store(tmp_path: Path, text: str = QUANTUM_REPORT) -> tuple[Path, Path]:
    """A store built from a folder holding one file, a.txt, of ``text``: (folder, db)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    build([folder], db)
    return folder, db


# Two reports of one figure: one printed in Simplified, one in Traditional (written for these
# tests, not taken from a page), with a 2022 actual, a 2023 target and a figure of a district.
SIMPLIFIED_REPORT = ("济南高新区科技创新报告\n\n"
                     "2022年，济南高新区技术合同成交额达到120.5亿元，同比增长18%。\n"
                     "2023年，济南高新区技术合同成交额力争达到150亿元。\n"
                     "2021年，章丘区工业投资完成81.9亿元。\n")
TRADITIONAL_REPORT = ("濟南高新區科技創新報告\n\n"
                      "2022年，濟南高新區技術合同成交額達到84.6億元。\n")


def figure_store(tmp_path: Path, figures: list[dict]) -> Path:
    """A store of the two reports above whose figures are exactly ``figures``: each a dict of
    metrics columns with "file" (a.txt: Simplified, b.txt: Traditional) and "text" (the
    figure as printed, found in that article's body). The extraction's own figures are
    replaced, so a test says every field it reads."""
    import sqlite3

    from store.schema import record_counts, reindex_figure_text
    from store.search import char_form, fold
    from store.textnorm import pinyin_key

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SIMPLIFIED_REPORT, encoding="utf-8")
    (folder / "b.txt").write_text(TRADITIONAL_REPORT, encoding="utf-8")
    db = tmp_path / "figures.db"
    build([folder], db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM metrics")
        articles = {name: (aid, body, title) for aid, name, body, title in conn.execute(
            "SELECT a.id, d.name, a.body, a.display_title FROM articles a JOIN documents d ON d.id = a.document_id")}
        for figure in figures:
            f = dict(figure)
            aid, body, title = articles[f.pop("file")]
            start = body.index(f["text"])
            sentence_start = body.rfind("\n", 0, start) + 1
            sentence_end = body.find("\n", start) % (len(body) + 1) if "\n" in body[start:] else len(body)
            f.setdefault("quantity", f["text"])
            row = {"article_id": aid, "start": start, "end": start + len(f["text"]),
                   "sentence_start": sentence_start, "sentence_end": sentence_end, **f}
            row["filter_text"] = fold("|".join(row.get(k) or "" for k in
                                                ("subject", "indicator", "quantity", "period")) + "|" + title)
            row["filter_chars"] = char_form(row["filter_text"])
            row["subject_sort"] = pinyin_key(row.get("subject"))
            conn.execute(f"INSERT INTO metrics ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
        reindex_figure_text(conn)
        record_counts(conn)
    conn.close()
    return db
