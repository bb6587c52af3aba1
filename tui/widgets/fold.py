"""Folding Chinese text by terminal cell width, keeping styles across the fold.

Rich wraps at spaces, and Chinese has none: a paragraph would either overflow or be cut.
These pure functions break a styled ``Text`` into lines of at most ``width`` cells, never
splitting a wide character, keeping Latin words and numbers whole, and following the CJK
line-breaking rules: no closing punctuation or unit sign (，。%) at a line start, no opening
bracket or quote (（《“) at a line end.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.text import Text
from textual.strip import Strip

# The line-breaking rules of CJK text (JIS X 4051 / W3C clreq, 避头尾): closing punctuation
# and unit signs never begin a line, opening brackets and quotes never end one.
NO_LINE_START = set("，。、；：！？）》」』”’】〕〗〉｝］…—·,.;:!?)]}%％‰℃°")
NO_LINE_END = set("（《「『“‘【〔〖〈｛［([{")
# A run of these is a "word" (a Latin word or a number with its sign) kept whole on a line.
_WORD_CHARS = set("0123456789.,%+-_/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _may_break_before(plain: str, index: int) -> bool:
    """Whether a line may begin at ``plain[index]`` (the rules above, and no word split)."""
    before, char = plain[index - 1], plain[index]
    if char in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (before in _WORD_CHARS and char in _WORD_CHARS)


def fold_offsets(plain: str, width: int) -> list[int]:
    """Start offsets (into ``plain``) of each folded line; the first is always 0.

    A line ends before the character that would overflow it, moved back to the nearest place
    the rules allow a break; where the whole line offers none (a number wider than the
    line), it breaks at the overflow all the same."""
    width = max(1, width)
    starts = [0]
    line_start = 0
    cells = 0
    index = 0
    length = len(plain)
    while index < length:
        size = get_character_cell_size(plain[index])
        if cells + size > width and index > line_start:
            cut = index
            while cut > line_start + 1 and not _may_break_before(plain, cut):
                cut -= 1
            if not _may_break_before(plain, cut):
                cut = index
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
