"""Make the README's screenshot: the main screen over the bundled seeds at 140x40, an article
open with its entities coloured and a figure's sentence marked, the figure table below.

    .venv/bin/python tests/tui/make_screenshot.py [--out docs/screenshot.svg] [--db FILE]

Writes the SVG (Textual's own screenshot) and, when ``rsvg-convert`` is installed, a PNG
beside it. Without --db the seeds are built into a temporary store first.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.cells import cell_len

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages from the checkout

SIZE = (140, 40)
# The figure under the table's cursor: a district, an indicator, a period and a change.
FIGURE_INDICATOR = "工业投资"


async def screenshot(db: Path, out: Path) -> Path:
    from tui.app import KechuangApp
    from tui.screens.main import MainScreen

    app = KechuangApp(db)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if isinstance(app.screen, MainScreen) and app.screen.article is not None:
                break
            await pilot.pause(0.02)
        main = app.screen
        assert isinstance(main, MainScreen), f"no main screen: {app.screen!r}"
        # The district the article is about, every mention marked in the reader (which stays at
        # the top: title, byline, colour key); the figure table's cursor on a figure with a
        # period and a change, without moving the reader to it.
        place = next((e for e in main.entity_list._entities.values() if e.type == "place"), None)
        if place is not None:
            main.jump_to_entity(place.id)
        table = main.metric_table
        for index in range(table.row_count):
            row = table.row_at(index)
            if row is not None and row.indicator == FIGURE_INDICATOR and row.change is not None:
                table.set_cursor(index, post=False)
                break
        await pilot.pause()
        # Headless tests hide the blinking cursor; the picture should look settled, not mid-blink.
        await pilot.pause(0.3)
        path = Path(app.save_screenshot(filename=out.name, path=str(out.parent)))
    path.write_text(fix_wide_characters(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


_TEXT_TAG = re.compile(r'(<text [^>]*?textLength=")([0-9.]+)("[^>]*>)([^<]*)(</text>)')


def fix_wide_characters(svg: str) -> str:
    """Give each run of text the width of its cells, not of its characters.

    Rich's SVG export sets ``textLength`` to one cell per character, so a run of Chinese
    (two cells a character) is squeezed into half its place and everything after it on the
    line seems to drift; the terminal itself lines up fine. Each run keeps its x position.
    """

    def widen(match: re.Match[str]) -> str:
        text = html.unescape(match[4])
        if not text:
            return match[0]
        char_width = float(match[2]) / len(text)
        length = round(char_width * cell_len(text), 2)
        return f"{match[1]}{length:g}{match[3]}{match[4]}{match[5]}"

    return _TEXT_TAG.sub(widen, svg)


_TEXT_AT = re.compile(r'(<text [^>]*?)x="([0-9.]+)"([^>]*?)textLength="([0-9.]+)"([^>]*>)([^<]*)(</text>)')


def one_text_per_character(svg: str) -> str:
    """librsvg ignores ``textLength``, and its fallback Chinese font is narrower than two
    cells: for the PNG, place each non-ASCII character at its own cell."""

    def split(match: re.Match[str]) -> str:
        text = html.unescape(match[6])
        if text.isascii():
            return match[0]
        char_width = float(match[4]) / max(1, cell_len(text))
        x = float(match[2])
        parts = []
        for character in text:
            parts.append(f'{match[1]}x="{x:g}"{match[3]}{match[5]}{html.escape(character)}{match[7]}')
            x += char_width * cell_len(character)
        return "".join(parts)

    return _TEXT_AT.sub(split, svg)


def to_png(svg: Path) -> Path | None:
    if shutil.which("rsvg-convert") is None:
        return None
    png = svg.with_suffix(".png")
    with tempfile.NamedTemporaryFile("w", suffix=".svg", encoding="utf-8") as flat:
        flat.write(one_text_per_character(svg.read_text(encoding="utf-8")))
        flat.flush()
        subprocess.run(["rsvg-convert", "--zoom", "1.5", "-o", str(png), flat.name], check=True)
    return png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.svg")
    parser.add_argument("--db", type=Path, help="an existing store (default: build the seeds)")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            from store.build import build

            db = Path(folder) / "seeds.db"
            build([ROOT / "seeds"], db)
        svg = asyncio.run(screenshot(db, args.out))
    print(svg)
    png = to_png(svg)
    print(png if png else "rsvg-convert is not installed: no PNG (apt-get install librsvg2-bin)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
