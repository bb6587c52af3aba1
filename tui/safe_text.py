"""The one place that makes text from documents and file names safe to show.

Documents and file names come from the web: a title may hold ``ESC ] 52`` (which overwrites
the clipboard), ``ESC [ 2 J`` (clears the screen), a right-to-left override that makes text
read backwards, or ``[@click=app.quit]`` (Textual markup that runs an action when clicked).
Everything a document or a file name brought is passed through here before it reaches the
terminal, in the explorer and in the CLI, on a terminal and piped.

Two rules:

* Control and format characters are replaced **one character for one**, so the offsets of
  entities and figures in a body still point at the same characters: C0 controls and DEL
  become their Control Pictures (ESC shows as ``␛``), C1 controls, lone surrogates and
  format characters (Unicode category Cf: bidi overrides and isolates, zero-width spaces,
  the BOM) become ``�``, and the line and paragraph separators become ``␤``. Newline (and
  tab where a layout wants it) is kept only when the caller asks for it.
* Text is never parsed as markup: the helpers below build Rich ``Text`` and Textual
  ``Content`` from the plain string, so ``[/bold]`` or ``[@click=…]`` is shown as written.

JSON output does not come through here: ``json.dumps`` escapes every control character, and
the exact text is what a JSON reader wants.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: the CLI's plain output needs neither
    from rich.text import Text
    from textual.content import Content

UNPRINTABLE = "\ufffd"  # shown for C1 controls, format characters and lone surrogates
LINE_SEPARATOR_PICTURE = "\u2424"  # ␤ for U+2028/U+2029, which some tools take as line ends

# Every character that may need replacing, in one character class, so the common case (no
# such character) costs one regex search. The format characters (Unicode category Cf, plus
# the line and paragraph separators) are written out as ranges because listing them from
# unicodedata costs 0.3 s at start-up; tests/test_safe_text.py checks the list against it.
FORMAT_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)
_C0_C1 = "\x00-\x1f\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"
_FORMAT = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in FORMAT_RANGES)


@lru_cache(maxsize=4)
def _pattern(keep: str) -> re.Pattern[str]:
    body = f"{_C0_C1}{_SURROGATES}{_FORMAT}"
    if keep:
        allowed = "".join(re.escape(ch) for ch in keep)
        return re.compile(f"(?![{allowed}])[{body}]")
    return re.compile(f"[{body}]")


def _picture(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if code in (0x2028, 0x2029):
        return LINE_SEPARATOR_PICTURE
    return UNPRINTABLE


def safe_text(text: str, *, keep: str = "\n") -> str:
    """``text`` with every control and format character made visible, one for one.

    ``keep`` lists the layout characters to leave as they are (newline by default; pass
    ``"\\n\\t"`` to keep tabs too, ``""`` to keep none).
    """
    if not text:
        return text
    pattern = _pattern(keep)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_picture, text)


_LAYOUT_TO_SPACE = str.maketrans({"\n": " ", "\t": " ", "\r": " "})


def one_line(text: object) -> str:
    """A value on one line: newlines and tabs become spaces (a table cell, a TSV field, a
    border title), every other control or format character is made visible; one for one."""
    if text is None:
        return ""
    text = str(text)
    if "\n" in text or "\t" in text or "\r" in text:  # one for one, so spans still fit
        text = text.translate(_LAYOUT_TO_SPACE)
    return safe_text(text, keep="")


def rich_text(text: object, style: str = "", *, multiline: bool = False, **kwargs) -> Text:
    """A Rich ``Text`` of ``text`` as written: never markup, no controls."""
    from rich.text import Text

    value = "" if text is None else str(text)
    return Text(safe_text(value) if multiline else one_line(value), style=style, **kwargs)


def content(text: object, style: str = "", *, multiline: bool = False) -> Content:
    """A Textual ``Content`` of ``text`` as written: never markup (so ``[@click=…]`` runs
    nothing), no controls. For border titles, labels and palette entries."""
    from textual.content import Content

    value = "" if text is None else str(text)
    result = Content(safe_text(value) if multiline else one_line(value))
    return result.stylize(style) if style else result


def highlighted(candidate: str, offsets: list[int] | tuple[int, ...], style: str) -> Content:
    """``candidate`` as plain ``Content`` with the characters at ``offsets`` styled: the
    command palette's fuzzy highlight, without the markup parse Textual's own does."""
    result = content(candidate)
    for offset in offsets:
        if 0 <= offset < len(candidate) and not candidate[offset].isspace():
            result = result.stylize(style, offset, offset + 1)
    return result


_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f{_SURROGATES}{_FORMAT}]")


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters a terminal
    may act on written as ``\\uXXXX`` escapes: the value a JSON reader gets is exactly the same.

    ``json.dumps`` already escapes C0 controls; C1 controls, format characters and lone
    surrogates it leaves raw. Outside strings JSON is ASCII, so every match is inside one.
    """
    if _JSON_UNSAFE.search(encoded) is None:
        return encoded
    return _JSON_UNSAFE.sub(lambda m: "".join(f"\\u{unit:04x}" for unit in _utf16_units(m.group())), encoded)


def _utf16_units(ch: str) -> tuple[int, ...]:
    code = ord(ch)
    if code < 0x10000:
        return (code,)
    code -= 0x10000
    return (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
