"""Folding Chinese text by terminal cell width, keeping styles across the fold.

Rich wraps at spaces, and Chinese has none: a paragraph would either overflow or be cut.
These pure functions break a styled ``Text`` into lines of at most ``width`` cells, never
splitting a wide character, keeping short Latin words and numbers whole, and keeping
closing punctuation (，。) off the start of a line when the line before has room to give.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.text import Text
from textual.strip import Strip

# Characters that must not begin a line (Chinese line-breaking rule, 避头点).
NO_LINE_START = set("，。、；：！？）》」』”’】〕…—,.;:!?)%％")
# A run of these is a "word" that should not be split when it fits on one line.
_WORD_CHARS = set("0123456789.,%+-_/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def fold_offsets(plain: str, width: int) -> list[int]:
    """Start offsets (into ``plain``) of each folded line; the first is always 0."""
    width = max(1, width)
    starts = [0]
    line_start = 0
    cells = 0
    index = 0
    length = len(plain)
    while index < length:
        char = plain[index]
        size = get_character_cell_size(char)
        if cells + size > width and index > line_start:
            cut = index
            # Keep a Latin word or number whole when it could fit on a line of its own.
            if char in _WORD_CHARS:
                word_start = cut
                while word_start > line_start and plain[word_start - 1] in _WORD_CHARS:
                    word_start -= 1
                if word_start > line_start:
                    cut = word_start
            # Pull the last character down with closing punctuation, so the punctuation
            # does not start the next line.
            elif char in NO_LINE_START and cut - 1 > line_start:
                cut -= 1
            starts.append(cut)
            line_start = cut
            cells = sum(get_character_cell_size(c) for c in plain[cut:index])
        cells += size
        index += 1
    return starts


def fold_text(text: Text, width: int) -> list[tuple[int, Text]]:
    """Split ``text`` (one paragraph, no newlines) into ``(offset, line)`` pairs, each line at
    most ``width`` cells, styles and spans carried across each break."""
    if not text.plain:
        return [(0, text.copy())]
    starts = fold_offsets(text.plain, width)
    lines = text.divide(starts[1:])
    return list(zip(starts, lines))


def text_strip(text: Text, console: Console) -> Strip:
    """Render one line of ``text`` to a Strip. ``Text.render`` leaves out the Text's own base
    style (Rich applies it in ``__rich_console__``), so it is put under the spans here."""
    strip = Strip(list(text.render(console)), cell_len(text.plain))
    if text.style:
        base = console.get_style(text.style) if isinstance(text.style, str) else text.style
        strip = strip.apply_style(base)
    return strip
