"""The ``kechuang`` command: build, search, export and inspect a store, or open the explorer.

Output is rich on a terminal and plain when piped. Every error a user can cause is one line
on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .clipboard import plain_number
from .safe_text import FORMAT_RANGES, json_safe, one_line, rich_text, safe_text

EXIT_OK = 0
EXIT_ERROR = 1  # a user error: bad database, bad query, nothing could be built
EXIT_USAGE = 2  # argparse's own status for bad arguments
EXIT_INTERRUPTED = 130


def _default_db() -> Path:
    env = os.environ.get("KECHUANG_DB")
    if env:
        return Path(env).expanduser()
    from store.paths import default_db_path

    return default_db_path()


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _console(stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    return Console(file=stream, highlight=False, soft_wrap=not _is_tty(stream))


def _out(text: str = "") -> None:
    """One line of output. Callers pass data through ``one_line`` (or ``_json``) first."""
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    # Messages name files and queries, which may hold escape sequences: never raw to stderr.
    sys.stderr.write(safe_text(text, keep="\n") + "\n")


def _json(value, **kwargs) -> str:
    """JSON text with the exact values, and nothing in it a terminal would act on."""
    return json_safe(json.dumps(value, ensure_ascii=False, **kwargs))


class _JsonSafeStream:
    """A text stream that writes JSON text through ``json_safe`` (for the export's lines)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(json_safe(text))

    def flush(self) -> None:
        self._stream.flush()


def _open_store(args):
    from store.query import Store

    return Store(args.db)


# Commands -----------------------------------------------------------------------------------

def cmd_open(args) -> int:
    from store.paths import bundled_seeds_dir

    try:
        from tui.app import run_explorer
    except ImportError as exc:
        _err(f"kechuang: the explorer cannot start: {exc}")
        return EXIT_ERROR
    # Only the default store is filled with the bundled seeds on first use: a --db the user
    # named that does not exist is more likely a typo than a wish for the seeds there.
    seeds = [bundled_seeds_dir()] if not getattr(args, "db_given", False) else None
    if seeds is None and not Path(args.db).exists():
        _err(f"kechuang: no database at {args.db}: build one with `kechuang build PATH --db {args.db}`,"
             " or run `kechuang` alone to open the bundled seeds.")
        return EXIT_ERROR
    return int(run_explorer(args.db, seeds=seeds) or 0)


def cmd_build(args) -> int:
    from store.build import build
    from store.paths import bundled_seeds_dir

    paths = [Path(p) for p in args.paths] or [bundled_seeds_dir()]
    if args.jobs < 1:
        _err("kechuang: --jobs must be at least 1.")
        return EXIT_USAGE
    tty = _is_tty(sys.stderr)
    if tty:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}", markup=False), console=_console(sys.stderr),
                      transient=True) as bar:
            task = bar.add_task("", total=None)

            def progress(p) -> None:
                bar.update(task, total=p.total_files, completed=p.done_files,
                           description=one_line(Path(p.current).name))

            report = build(paths, args.db, jobs=args.jobs, progress=progress, prune=args.prune)
    else:
        report = build(paths, args.db, jobs=args.jobs, prune=args.prune)

    for note in report.notes:
        _err(f"kechuang: {note}")
    lines = [
        f"database: {report.db_path}",
        f"files: {report.files_built} built, {report.files_unchanged} unchanged, {len(report.errors)} failed"
        f" ({report.files_seen} found)",
        f"written: {report.articles} articles, {report.mentions} mentions, {report.metrics} metrics",
        *([f"pruned: {report.files_removed} documents whose files are gone"] if args.prune else []),
        f"places: {report.linked_mentions} mentions linked to the gazetteer, "
        f"{report.places_without_path} with no admin path",
        f"store: {report.total_documents} documents, {report.total_articles} articles, {report.entities} entities",
        f"time: {report.seconds:.2f} s",
    ]
    for line in lines:
        _out(one_line(line))  # the database path may hold anything a file name can
    for warning in report.warnings:
        _err(f"kechuang: warning: {warning}")
    for error in report.errors:
        _err(f"kechuang: cannot build {error}")
    if report.files_seen == 0 and not report.errors:
        _err(f"kechuang: no source files (.txt, .md) under {', '.join(map(str, paths))}.")
        return EXIT_ERROR
    # Partial success is success: the files that could be read were built (errors listed above).
    return EXIT_ERROR if report.nothing_built else EXIT_OK


def cmd_search(args) -> int:
    from store.errors import QueryError

    if args.match:
        # For sqlite3 and Datasette users: the expression over articles_grams that finds the
        # query's words as typed (no store, no segmenter needed).
        from store.search import parse_query

        _out(parse_query(args.query, split=False).match_expression())
        return EXIT_OK
    if args.limit < 1:
        raise QueryError("--limit must be at least 1.")
    with _open_store(args) as store:
        hits = store.search(args.query, limit=args.limit)
    if args.json:
        _out(_json([{
            "article_id": h.article_id, "title": h.title, "source": h.source, "publisher": h.publisher,
            "date": h.date, "score": h.score, "snippet": h.snippet, "snippet_spans": h.snippet_spans,
            "title_spans": h.title_spans, "body_spans": h.body_spans,
        } for h in hits]))
        return EXIT_OK
    if not hits:
        _err(f"kechuang: nothing found for {args.query!r}.")
        return EXIT_OK
    if _is_tty(sys.stdout):
        from rich.text import Text

        console = _console()
        for i, h in enumerate(hits, 1):
            title = Text(f"{i}. ")
            title.append(_marked(h.title, h.title_spans, "bold"))
            title.append_text(rich_text(f"  {h.source}" + (f"  {h.date}" if h.date else ""), style="dim"))
            console.print(title)
            console.print(_marked(h.snippet, h.snippet_spans, ""), Text(""))
    else:
        for i, h in enumerate(hits, 1):
            _out("\t".join(one_line(v) for v in (i, h.title, h.source, h.date or "", h.snippet)))
    return EXIT_OK


def _marked(text: str, spans: Sequence[tuple[int, int]], base: str):

    t = rich_text(text, style=base)  # one for one: the spans still fit
    for s, e in spans:
        t.stylize("bold black on yellow", s, e)
    return t


def cmd_export(args) -> int:
    from store.export import iter_store_records, write_jsonl

    with _open_store(args) as store:
        if args.output:
            target = Path(args.output)
            tmp = target.with_name(target.name + ".part")
            try:
                with open(tmp, "w", encoding="utf-8") as fh:
                    n = write_jsonl(iter_store_records(store), fh)  # a file: exact, as written
                os.replace(tmp, target)
            except OSError as exc:
                _err(f"kechuang: cannot write {target}: {exc.strerror or exc}.")
                return EXIT_ERROR
            _err(f"kechuang: wrote {n} articles to {target}.")
        else:
            write_jsonl(iter_store_records(store), _JsonSafeStream(sys.stdout))
            sys.stdout.flush()
    return EXIT_OK


def cmd_stats(args) -> int:
    with _open_store(args) as store:
        s = store.stats()
        built = store.built_at()
    rows = [("database", s.db_path), ("schema", str(s.schema_version)), ("built", built or "-"),
            ("documents", str(s.documents)), ("articles", str(s.articles)), ("entities", str(s.entities)),
            ("mentions", str(s.mentions)), ("metrics", str(s.metrics))]
    if args.json:
        _out(_json({"db_path": s.db_path, "schema_version": s.schema_version, "built_at": built,
                         "documents": s.documents, "articles": s.articles, "entities": s.entities,
                         "mentions": s.mentions, "metrics": s.metrics}))
    else:
        _print_table(["", "value"], rows, "table" if _is_tty(sys.stdout) else "plain")
    return EXIT_OK


def cmd_extract(args) -> int:
    from store.export import mention_record, metric_record
    from store.extract import extract_text
    from store.reader import decode_bytes

    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    try:
        text, _encoding = decode_bytes(data) if data else ("", "utf-8")
    except ValueError as exc:
        _err(f"kechuang: cannot decode the input: {exc}")
        return EXIT_ERROR

    def record(t: str) -> dict:
        ex = extract_text(t)
        return {"text": t, "entities": [mention_record(m) for m in ex.mentions],
                "metrics": [metric_record(m) for m in ex.metrics]}

    if args.lines:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the final newline ends the last line; it does not start another
        for line in lines:
            _out(_json(record(line)))
    else:
        _out(_json(record(text), indent=2 if _is_tty(sys.stdout) else None))
    return EXIT_OK


# The columns of a figure export: raw values (numbers as numbers, units apart), what kind
# of figure it is, its period as dates, and where it comes from.
_METRIC_COLUMNS = ("article_id", "subject", "indicator", "quantity", "value", "unit", "base_value", "base_unit",
                   "qualifier", "kind", "period", "period_start", "period_end", "change", "article_title",
                   "publisher", "date", "source", "text")


# What Store.iter_metric_values reads for those columns: the same, but the change as its
# three columns (written as one cell), the article's fields by their store names and last
# (the store gives its rows in this order as it joins them).
_METRIC_VALUE_FIELDS = ("article_id", "subject", "indicator", "quantity", "value", "unit", "base_value",
                        "base_unit", "qualifier", "kind", "period", "period_start", "period_end", "change_kind",
                        "change_value", "change_unit", "text", "article_title", "article_publisher",
                        "article_date", "source")


_EXACT = 2.0 ** 53  # integers below this in size are exact as floats (see plain_number)


def _metric_cells(r: tuple) -> tuple:
    """A row of _METRIC_VALUE_FIELDS as the cells of _METRIC_COLUMNS, written as ``_cell``
    writes them, but None and the article id left as they are (csv writes None as an empty
    cell and an int as str() does): one call a figure, no record between."""
    (article_id, subject, indicator, quantity, value, unit, base_value, base_unit, qualifier, kind, period,
     period_start, period_end, change_kind, change_value, change_unit, text, title, publisher, date, source) = r
    # plain_number's common case written out: two calls a row are a tenth of the export's time.
    return (article_id, subject, indicator, quantity,
            None if value is None else str(int(value)) if value.is_integer() and -_EXACT < value < _EXACT
            else plain_number(value), unit,
            None if base_value is None else str(int(base_value))
            if base_value.is_integer() and -_EXACT < base_value < _EXACT else plain_number(base_value),
            base_unit, qualifier, kind, period, period_start, period_end,
            None if change_kind is None else f"{change_kind} {plain_number(change_value)}{change_unit or ''}",
            title, publisher, date, source, text)


def _text_cells(cells: Sequence) -> list[str]:
    return ["" if c is None else c if type(c) is str else str(c) for c in cells]


def _metric_dict(m) -> dict:
    return {"id": m.id, "article_id": m.article_id, "article_title": m.article_title, "subject": m.subject,
            "subject_path": m.subject_path, "indicator": m.indicator, "quantity": m.quantity, "value": m.value,
            "unit": m.unit, "base_value": m.base_value, "base_unit": m.base_unit, "qualifier": m.qualifier,
            "kind": m.kind, "period": m.period, "period_start": m.period_start, "period_end": m.period_end,
            "change": {"kind": m.change.kind, "value": m.change.value, "unit": m.change.unit} if m.change else None,
            "publisher": m.article_publisher, "date": m.article_date, "source": m.source,
            "text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence}


def _cell(value) -> str:
    if type(value) is str:  # most cells: first, since an export calls this for every one
        return value
    if value is None:
        return ""
    if isinstance(value, dict):  # a change
        return f"{value['kind']} {plain_number(value['value'])}{value['unit']}"
    if isinstance(value, float):
        return plain_number(value)
    return str(value)


def _parse_limit(text: str) -> int | None:
    """--limit N: N rows; 0 or "all": every row (None)."""
    if text.strip().lower() == "all":
        return None
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows (or 'all')") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (every row), 'all' or more")
    return n or None


def cmd_metrics(args) -> int:
    from store.errors import QueryError
    from store.query import MetricQuery, period_range

    period_from, period_to = args.period_from, args.period_to
    if args.period is not None:
        if period_from or period_to:
            raise QueryError("Give --period or --from/--to, not both.")
        period_from, period_to = period_range(args.period)  # the app's p box reads the same ranges
    query = MetricQuery(text=args.text, indicator=args.indicator, entity=args.place, unit=args.unit,
                        kind=None if args.kind == "all" else args.kind, period_from=period_from,
                        period_to=period_to, sort=args.sort, descending=args.desc)
    fmt = args.format or ("table" if _is_tty(sys.stdout) else "tsv")
    if fmt == "xlsx" and args.output is None and _is_tty(sys.stdout):
        raise QueryError("--format xlsx writes a workbook: give --output FILE.xlsx or redirect stdout to a file.")
    with _open_store(args) as store:
        # Rows are written as the store yields them: an export of millions of figures holds
        # one chunk at a time, never the whole list.
        written = 0

        def records() -> Iterator[dict]:
            nonlocal written
            for m in store.iter_metrics(query, limit=args.limit):
                written += 1
                yield _metric_dict(m)

        def cells() -> Iterator[list[tuple]]:
            nonlocal written
            for rows in store.iter_metric_values(query, _METRIC_VALUE_FIELDS, limit=args.limit):
                written += len(rows)
                yield list(map(_metric_cells, rows))

        if fmt == "xlsx":
            _write_xlsx(records(), args.output)
        elif fmt == "json":
            _write_json_array(records())
        elif fmt in ("csv", "tsv"):
            _write_delimited(list(_METRIC_COLUMNS), cells(), fmt)
        else:
            _print_table(list(_METRIC_COLUMNS), (_text_cells(r) for rows in cells() for r in rows), fmt)
        left_out = (store.count_metrics(query) - written
                    if args.limit is not None and written == args.limit else 0)
    if left_out > 0:
        _err(f"kechuang: {left_out:,} more figure{'s' if left_out != 1 else ''} left out by --limit {args.limit}"
             " (--limit all for every row).")
    return EXIT_OK


def _write_json_array(records: Iterable[dict]) -> None:
    """A JSON array written an element at a time (what json.dumps of the list would print)."""
    out = sys.stdout.write
    out("[")
    for i, record in enumerate(records):
        out((", " if i else "") + _json(record))
    out("]\n")


def _write_xlsx(records: Iterable[dict], output: Path | None) -> None:
    """One sheet of figures: numbers as number cells, ISO dates as date cells."""
    import datetime

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("figures")
    sheet.append(list(_METRIC_COLUMNS))
    for r in records:
        cells = []
        for column in _METRIC_COLUMNS:
            value = r[column]
            if column in ("period_start", "period_end", "date") and value:
                try:
                    value = datetime.date.fromisoformat(value)
                except ValueError:
                    pass  # a date the article printed but that is not a day: kept as text
            elif isinstance(value, dict):
                value = _cell(value)
            if isinstance(value, str):  # openpyxl refuses C0 controls (and a sheet shows them raw)
                value = safe_text(value, keep="\n\t")
            cells.append(value)
        sheet.append(cells)
    if output is not None:
        book.save(output)
    else:
        buffer = io.BytesIO()
        book.save(buffer)
        sys.stdout.flush()
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()


def cmd_entities(args) -> int:
    from store.errors import QueryError

    if args.limit is not None and args.limit < 0:
        raise QueryError("--limit must be 0 or more.")
    with _open_store(args) as store:
        rows = store.iter_entities(type=args.type, limit=args.limit)
        if args.format == "json":
            _write_json_array({"id": e.id, "name": e.name, "type": e.type, "path": e.path,
                               "mentions": e.mention_count, "articles": e.article_count} for e in rows)
            return EXIT_OK
        fmt = args.format or ("table" if _is_tty(sys.stdout) else "tsv")
        _print_table(["id", "name", "type", "path", "mentions", "articles"],
                     ([str(e.id), e.name, e.type, e.path or "", str(e.mention_count), str(e.article_count)]
                      for e in rows), fmt)
    return EXIT_OK


def _one_line_cells(row: Sequence[str]) -> Sequence[str]:
    """``one_line`` of every cell; one test of the joined row first, since nearly every row of
    an export has nothing to change (19 cells a figure, millions of figures)."""
    joined = "".join(row)
    if one_line(joined) == joined:
        return row
    return [one_line(c) for c in row]


def _print_table(header: list[str], rows: Iterable[Sequence[str]], fmt: str) -> None:
    """Rows in ``fmt``, each written as it comes (but for ``table``: rich lays out the whole
    table first, which a terminal's page of rows can afford)."""
    # Cells come from documents and file names: every format gets them on one line (a record
    # stays one row, in TSV and CSV too) with controls made visible, and never as markup.
    rows = map(_one_line_cells, rows)
    if fmt == "table":
        from rich.table import Table

        table = Table(*header, show_lines=False)
        for r in rows:
            table.add_row(*(rich_text(c) for c in r))
        _console().print(table)
    elif fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
    elif fmt == "md":
        def esc(s: str) -> str:
            return s.replace("|", "\\|")

        _out("| " + " | ".join(header) + " |")
        _out("|" + "---|" * len(header))
        for r in rows:
            _out("| " + " | ".join(esc(c) for c in r) + " |")
    elif fmt == "plain":
        for r in rows:
            _out("\t".join(r))
    else:  # tsv
        _out("\t".join(header))
        for r in rows:
            _out("\t".join(r))


# Any character ``one_line`` might change but the newline (counted apart), as one character
# class a chunk of output is searched with in one pass: C0 and C1 controls with tab and
# carriage return, surrogates, the format characters of the Basic Multilingual Plane, and
# every character above it (the few astral format characters, tested exactly in a chunk
# that holds one: a look-ahead or a list of astral ranges makes the search 3-5x slower).
_MAYBE_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff"
                           + "".join(rf"\u{a:04x}-\u{b:04x}" for a, b in FORMAT_RANGES if b < 0x10000)
                           + r"\U00010000-\U0010ffff]")


def _write_delimited(header: list[str], chunks: Iterable[list[Sequence]], fmt: str) -> None:
    """CSV or TSV of rows that come in chunks, byte for byte what ``_print_table`` writes,
    at a fraction of its cost a row: a chunk is written by one ``csv`` call into a buffer
    and searched once for what ``one_line`` would change; only a chunk that holds such a
    character (or a newline in a cell) is written again row by row through ``one_line``.
    Cells are str, int or None (an empty cell)."""
    if fmt == "csv":
        options: dict = {"lineterminator": "\n"}
    else:  # tsv: cells joined by tabs as they are (one_line leaves no tab or newline in one)
        options = {"delimiter": "\t", "quoting": csv.QUOTE_NONE, "quotechar": None, "lineterminator": "\n"}
    buffer = io.StringIO()
    writer = csv.writer(buffer, **options)
    writer.writerow(header)
    sys.stdout.write(buffer.getvalue())
    out = sys.stdout.write
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        try:
            writer.writerows(rows)
            text = buffer.getvalue()
            plain = text.count("\n") == len(rows) and _MAYBE_UNSAFE.search(text) is None
        except csv.Error:  # a tab or line end in a TSV cell
            plain = False
        if plain:
            out(text)
        else:
            _print_rows((_text_cells(r) for r in rows), fmt)


def _print_rows(rows: Iterable[Sequence[str]], fmt: str) -> None:
    """Rows of text cells as ``_print_table`` writes them in CSV or TSV, without the header."""
    rows = map(_one_line_cells, rows)
    if fmt == "csv":
        csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
    else:
        for r in rows:
            _out("\t".join(r))


# Argument parsing -----------------------------------------------------------------------------

def cmd_remove(args) -> int:
    from store.build import remove

    report = remove([Path(p) for p in args.paths], args.db)
    for path in report.removed:
        _out(f"removed: {path}")
    _out(f"store: {report.total_documents} documents, {report.total_articles} articles")
    for path in report.not_found:
        _err(f"kechuang: {path}: no document of the store is there (see `kechuang stats`).")
    return EXIT_OK if report.removed else EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
    from store.models import DEFAULT_METRIC_KIND, METRIC_KINDS
    from store.query import METRIC_SORT_KEYS

    parser = argparse.ArgumentParser(
        prog="kechuang",
        description="科创 kechuang: explore Chinese science, technology and regional development news. "
                    "With no command, opens the explorer.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def db_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=Path, default=None, metavar="FILE",
                       help="the store database (default: $KECHUANG_DB or the user data folder)")

    p = sub.add_parser("open", help="open the explorer (the default command)",
                       description="Open the terminal explorer; builds the bundled seeds first if there is no database.")
    db_option(p)
    p.set_defaults(func=cmd_open)

    p = sub.add_parser("build", help="build or update the store from source files",
                       description="Build or update the store from .txt/.md files and folders. Unchanged files "
                                   "are skipped by content hash; the build is one transaction. Exit status is "
                                   "non-zero only when nothing could be built.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled seeds)")
    db_option(p)
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="worker processes for extraction")
    p.add_argument("--prune", action="store_true",
                   help="also take out documents whose source files are gone (in the same transaction)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("remove", help="take documents out of the store",
                       description="Take the documents of these files (or of every file under these folders) out "
                                   "of the store, with their articles, entities' mentions and figures; one "
                                   "transaction. The files need not exist any more.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="source files or folders the store was built from")
    db_option(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("search", help="full-text search of titles and bodies",
                       description='Ranked search. Words must all match; "exact phrase"; a OR b; -word leaves '
                                   "out. Simplified and Traditional characters find each other.")
    p.add_argument("query", help="what to search for")
    db_option(p)
    p.add_argument("--limit", "-n", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    p.add_argument("--json", action="store_true", help="print the hits as a JSON array")
    p.add_argument("--match", action="store_true",
                   help="print the FTS5 MATCH expression over the articles_grams table that finds QUERY as typed "
                        "(for sqlite3 and Datasette; see the README's SQL users) and exit")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("export", help="every article with its entities and metrics as JSON Lines",
                       description="Write one JSON object per article (the score_gold.py shape) to stdout.")
    db_option(p)
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="counts of documents, articles, entities, mentions, metrics",
                       description="Counts of what the store holds.")
    db_option(p)
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("extract", help="entities and metrics of text on stdin, as JSON (no database)",
                       description="Read plain text on stdin and print its entities and metrics as JSON.")
    p.add_argument("--lines", action="store_true", help="one JSON object per input line")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("metrics", help="list figures, filtered and sorted",
                       description="List the figures (metrics) of the store.")
    db_option(p)
    p.add_argument("--text", help="any of subject, indicator, quantity, period, title holds this")
    p.add_argument("--indicator", help="exactly this indicator")
    p.add_argument("--place", help="subject or admin path (山东省 includes its cities and districts)")
    p.add_argument("--unit", help="unit as written (亿元 finds 億元 too) or base unit (元)")
    p.add_argument("--kind", choices=(*METRIC_KINDS, "all"), default=DEFAULT_METRIC_KIND,
                   help="actual figures (default), targets, forecasts, thresholds, or all")
    p.add_argument("--from", dest="period_from", metavar="PERIOD",
                   help="periods ending in or after this year, month or day (2022, 2022-06)")
    p.add_argument("--to", dest="period_to", metavar="PERIOD", help="periods starting in or before this one (2023)")
    p.add_argument("--period", metavar="RANGE", help="periods overlapping a range, as the app's p box reads it: "
                   "2022, 2022-2023, 2022-03..2023, 2022.. or ..2023")
    p.add_argument("--sort", choices=METRIC_SORT_KEYS, help="sort column (value sorts by the normalised value)")
    p.add_argument("--desc", action="store_true", help="sort descending")
    p.add_argument("--limit", "-n", type=_parse_limit, default=100, metavar="N",
                   help="at most N rows (default 100; 0 or all: every row)")
    p.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json", "md", "xlsx"),
                   help="output format (default: table on a terminal, tsv when piped)")
    p.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the xlsx workbook here")
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("entities", help="list entities, most mentioned first",
                       description="List the entities (places, organisations, people, documents) of the store.")
    db_option(p)
    p.add_argument("--type", "-t", choices=("place", "org", "person", "document"), help="only this type")
    p.add_argument("--limit", "-n", type=int, default=50, metavar="N", help="at most N rows (default 50)")
    p.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json", "md"),
                   help="output format (default: table on a terminal, tsv when piped)")
    p.set_defaults(func=cmd_entities)
    return parser


def _utf8_when_piped() -> None:
    """Piped output is UTF-8 whatever the locale says (JSON Lines, CSV for other tools)."""
    for stream in (sys.stdout, sys.stderr):
        if not _is_tty(stream) and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError, io.UnsupportedOperation):
                pass


def main(argv: list[str] | None = None) -> int:
    from store.errors import StoreError

    _utf8_when_piped()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if getattr(args, "command", None) is None:
            args = parser.parse_args(["open", *(argv if argv is not None else sys.argv[1:])])
        if hasattr(args, "db"):
            args.db_given = args.db is not None
            if args.db is None:
                args.db = _default_db()
        return args.func(args)
    except StoreError as exc:
        _err(f"kechuang: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("kechuang: interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, and keep Python from complaining
        # about the unflushed stdout at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except OSError as exc:  # e.g. a --db path in a folder we may not enter
        _err(f"kechuang: {getattr(exc, 'filename', '') or ''}{': ' if getattr(exc, 'filename', None) else ''}"
             f"{exc.strerror or exc}")
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
