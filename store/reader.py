"""Reading source files: discovery, decoding. (Placeholder: being written.)"""

from __future__ import annotations

from pathlib import Path


def decode_bytes(data: bytes) -> str:
    return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path) -> str:
    return decode_bytes(Path(path).read_bytes())
