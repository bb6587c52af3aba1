"""Reading source files: discovery, decoding.

Source files are Chinese news pages saved as ``.txt`` or ``.md`` by all sorts of tools, so a
file may be UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5, with any line
ending. Nothing here raises for a bad file during discovery; reading a single file raises
``ReadError`` with a reason fit to show the user.
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ReadError

SOURCE_SUFFIXES: tuple[str, ...] = (".txt", ".md")
# Real pages are kilobytes, whole-newspaper dumps a few megabytes. Extraction runs at about
# 25-60k characters/s (the LAC tagger), so a 16 MB file already takes minutes; a bigger one is
# refused by name with the fix (split it) rather than stalling the build for an hour.
MAX_FILE_BYTES = 16 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BOM_NAMES = {"utf-8-sig": "utf-8 (BOM)", "utf-16-le": "utf-16 (BOM)", "utf-16-be": "utf-16 (BOM)",
              "utf-32-le": "utf-32 (BOM)", "utf-32-be": "utf-32 (BOM)"}
# Broken UTF-8 is still taken as UTF-8 when at most this share of its bytes are invalid.
_MOSTLY_UTF8_MAX_BAD = 0.02
_SAMPLE_BYTES = 64 * 1024


@dataclass
class Document:
    """One source file, decoded."""

    path: Path
    text: str  # line endings normalised to "\n"
    encoding: str  # e.g. "utf-8", "gb18030", "utf-8 (with replacements)"
    sha256: str  # of the raw bytes, so a re-build can skip unchanged files
    size: int  # bytes on disk


def _normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=1)
def _char_weights() -> dict[str, float]:
    """Log frequency of each Chinese character, summed over jieba's word list.

    Used only to choose between GB18030 and Big5 when bytes decode both ways: the right
    reading is made of common characters, the wrong one of rare ones, kana and symbols.
    """
    import jieba  # imported here: only ambiguous files pay for loading the dictionary

    counts: dict[str, int] = {}
    dict_path = Path(jieba.__file__).with_name("dict.txt")
    with dict_path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ", 2)
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            freq = int(parts[1])
            for ch in parts[0]:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] = counts.get(ch, 0) + freq
    return {ch: math.log(n + 1) for ch, n in counts.items()}


def _plausibility(text: str) -> float:
    """Mean per-character score of a decoded Chinese sample; higher is more plausible."""
    from .textnorm import to_simplified

    weights = _char_weights()
    folded = to_simplified(text)
    total = 0.0
    counted = 0
    for ch in folded:
        code = ord(ch)
        if code < 0x80 or ch.isspace():
            continue
        counted += 1
        if "\u4e00" <= ch <= "\u9fff":
            total += weights.get(ch, 0.0)
        elif 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x201F:
            total += 8.0  # CJK punctuation and full-width forms: normal in both readings
        # kana, Greek, Cyrillic, box drawing, private use: typical of a wrong reading, score 0
    return total / counted if counted else 0.0


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _invalid_utf8_share(data: bytes) -> tuple[float, bool]:
    """(share of bytes that are not valid UTF-8, whether any valid multi-byte sequence occurs)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    multibyte = any(ord(ch) > 0x7F and ch != "\ufffd" for ch in text)
    return (max(bad, 0) / len(data) if data else 0.0), multibyte


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a source file's bytes: ``(text with "\\n" line ends, encoding name)``.

    Raises ``ValueError`` (with a reason) when no encoding reads the bytes sensibly.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec.replace("-sig", ""), errors="replace")
            return _normalise_newlines(text), _BOM_NAMES[codec]
    text = _strict(data, "utf-8")
    if text is not None:
        return _normalise_newlines(text), "utf-8"
    bad_share, multibyte = _invalid_utf8_share(data)
    if multibyte and bad_share <= _MOSTLY_UTF8_MAX_BAD:
        return _normalise_newlines(data.decode("utf-8", errors="replace")), "utf-8 (with replacements)"
    # Chinese legacy encodings. Big5 bytes nearly always also decode as GB18030, so when both
    # decode, the reading made of common characters wins (detectors guess badly on short texts).
    readings = {codec: t for codec in ("gb18030", "big5") if (t := _strict(data, codec)) is not None}
    if len(readings) == 2:
        sample = {codec: t[:_SAMPLE_BYTES // 2] for codec, t in readings.items()}
        best = max(sample, key=lambda codec: _plausibility(sample[codec]))
        return _normalise_newlines(readings[best]), best
    if readings:
        codec, text = next(iter(readings.items()))
        return _normalise_newlines(text), codec
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is not None and match.encoding:
        return _normalise_newlines(str(match)), match.encoding.replace("_", "-")
    raise ValueError("cannot decode: not UTF-8, UTF-16, GB18030, Big5 or another known text encoding")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return controls > len(sample) * 0.1


def _too_large(size: int) -> str:
    return (f"too large ({size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:g} MB — split the file)")


def read_document(path: str | Path) -> Document:
    """Read and decode one source file; raises ``ReadError(path, reason)``."""
    path = Path(path)
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(name, "broken symbolic link" if path.is_symlink() else "no such file") from None
    except PermissionError:
        raise ReadError(name, "permission denied") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ReadError(name, "symbolic link loop") from None
        raise ReadError(name, f"cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(name, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(name, _NOT_REGULAR)  # reading a pipe could block for ever
    if info.st_size > MAX_FILE_BYTES:
        raise ReadError(name, _too_large(info.st_size))
    try:
        data = path.read_bytes()
    except PermissionError:
        raise ReadError(name, "permission denied") from None
    except OSError as e:
        raise ReadError(name, f"cannot read: {e.strerror or e}") from None
    if not data:
        raise ReadError(name, "empty file")
    if len(data) > MAX_FILE_BYTES:  # grew since stat, or a special file
        raise ReadError(name, _too_large(len(data)))
    is_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not is_utf16 and _looks_binary(data):
        raise ReadError(name, "binary file, not text")
    try:
        text, encoding = decode_bytes(data)
    except ValueError as e:
        raise ReadError(name, str(e)) from None
    if not text.strip():
        raise ReadError(name, "empty file (only whitespace)")
    return Document(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data))


def read_text(path: str | Path) -> str:
    """The decoded text of one source file; raises ``ReadError``."""
    return read_document(path).text


_NOT_REGULAR = "not a regular file (a pipe, socket or device)"


def _link_error(path: Path) -> ReadError:
    """Why a symbolic link leads to no file: it points to itself (a loop) or to nothing."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return ReadError(str(path), "symbolic link loop")
    return ReadError(str(path), "broken symbolic link")


def _is_source(path: Path) -> bool:
    return path.suffix.lower() in SOURCE_SUFFIXES


def _is_linked_document(target: Path) -> bool:
    """Whether a link's target outside the folders given may still be built: a regular,
    visible file that is a document by its own name (``.txt``/``.md``). A folder of links to
    texts kept elsewhere (a corpus tool's working folder) builds; a link named ``x.txt`` to
    ``/etc/passwd`` or a key file, or one to a folder such as ``/etc`` or ``/``, does not."""
    return _is_source(target) and not target.name.startswith(".") and target.is_file()


def _inside(real: str, roots: Sequence[str]) -> bool:
    """Whether the real path ``real`` is one of ``roots`` or lies under one of them."""
    for root in roots:
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def find_source_files(paths: Sequence[Path]) -> tuple[list[Path], list[ReadError]]:
    """Source files (``.txt``, ``.md``) named or found (recursively) under ``paths``.

    Returns the files sorted and de-duplicated (by real path) and the problems met on the way
    (missing paths, unreadable folders, symbolic link loops) as ``ReadError`` values.
    Hidden folders and files (``.git``, ``.cache`` ...) are skipped while walking. A symbolic
    link met while walking is followed only when its target lies inside the folders given, or
    is itself a document file by name (``_is_linked_document``): a crawled folder is untrusted,
    and a link in it to ``/etc/passwd`` or ``/`` must not be built or walked. Folders are walked with an explicit stack, so depth is not bounded by
    Python's recursion limit.
    """
    found: dict[str, Path] = {}  # real path -> path as the user will see it
    errors: list[ReadError] = []
    roots: list[str] = []
    for given in paths:
        try:
            if Path(given).is_dir():
                roots.append(os.path.realpath(given))
        except OSError:
            pass

    def add(file: Path) -> None:
        try:
            str(file).encode("utf-8")
        except UnicodeEncodeError:  # bytes that are no UTF-8: the store keeps names as text
            errors.append(ReadError(str(file), "the file name is not valid UTF-8 text (skipped): rename the file"))
            return
        try:
            real = os.path.realpath(file)
        except OSError:
            real = str(file)
        found.setdefault(real, file)

    def walk(top: Path, top_key: tuple[int, int]) -> None:
        # Each entry: a folder and the (device, inode) keys of the folders above it, to tell a
        # link back up the tree (a loop) from a second link to a folder beside it.
        stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(top, frozenset({top_key}))]
        while stack:
            folder, ancestors = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except PermissionError:
                errors.append(ReadError(str(folder), "permission denied (folder skipped)"))
                continue
            except OSError as e:
                errors.append(ReadError(str(folder), f"cannot list folder: {e.strerror or e}"))
                continue
            subfolders: list[tuple[Path, frozenset[tuple[int, int]]]] = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                child = Path(entry.path)
                if entry.is_symlink():
                    try:
                        target = os.path.realpath(child)
                    except OSError:
                        target = ""
                    if target and os.path.lexists(target) and not _inside(target, roots) \
                            and not _is_linked_document(Path(target)):
                        errors.append(ReadError(str(child), f"symbolic link to {target}, outside the "
                                                            "folders given (skipped)"))
                        continue
                try:
                    is_dir = entry.is_dir(follow_symlinks=True)
                    is_file = entry.is_file(follow_symlinks=True)
                except OSError as e:
                    if e.errno == errno.ELOOP:
                        errors.append(ReadError(str(child), "symbolic link loop"))
                    else:
                        errors.append(ReadError(str(child), f"cannot read: {e.strerror or e}"))
                    continue
                if not (is_dir or is_file):
                    if entry.is_symlink():
                        errors.append(_link_error(child))
                    elif _is_source(child):
                        errors.append(ReadError(str(child), _NOT_REGULAR))
                    continue
                if is_dir:
                    try:
                        info = child.stat()
                    except OSError as e:
                        errors.append(ReadError(str(child), f"cannot read: {e.strerror or e}"))
                        continue
                    key = (info.st_dev, info.st_ino)
                    if key in ancestors:
                        errors.append(ReadError(str(child), "symbolic link loop (folder skipped)"))
                        continue
                    subfolders.append((child, ancestors | {key}))
                elif is_file and _is_source(child):
                    add(child)
            stack.extend(reversed(subfolders))  # depth first, in name order

    for given in paths:
        given = Path(given)
        try:
            info = given.stat()
        except FileNotFoundError:
            if given.is_symlink():
                errors.append(_link_error(given))
            else:
                errors.append(ReadError(str(given), "no such file or folder"))
            continue
        except OSError as e:
            if e.errno == errno.ELOOP:
                errors.append(ReadError(str(given), "symbolic link loop"))
            else:
                errors.append(ReadError(str(given), f"cannot read: {e.strerror or e}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            walk(given, (info.st_dev, info.st_ino))
        elif not stat.S_ISREG(info.st_mode):
            errors.append(ReadError(str(given), _NOT_REGULAR))
        elif _is_source(given):
            add(given)
        else:
            errors.append(ReadError(str(given), "not a .txt or .md file (skipped)"))
    return sorted(found.values(), key=str), errors
