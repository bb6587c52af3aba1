"""Reading source files: discovery, encodings, and the errors a user can cause."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from store import reader
from store.errors import ReadError
from store.reader import decode_bytes, find_source_files, read_document, read_text

SIMPLIFIED = [
    "青岩区数字经济产业园迎来第一百家入驻企业。",
    "今年以来，白河县累计引进各类人才一千二百余名，其中博士三十六名，人才留用率持续提高。",
    "近年来，东林区坚持把科技创新摆在发展全局的核心位置，技术合同成交额连续三年保持两位数增长，"
    "一批科研成果在本地落地转化，高新技术企业数量突破三百家，创新平台建设取得明显成效。",
]
TRADITIONAL = [
    "北嶺高新區新增高新技術企業八十家。",
    "園區還設立了十億元規模的科創基金，支持初創企業發展壯大，產業集聚效應日益凸顯。",
    "二十年來，高新區從一片農田發展成為現代化新城，研發投入強度達到百分之四點五，"
    "重點項目總投資超過三百億元，國際化營商環境持續優化，創新創業活力不斷增強。",
]


@pytest.mark.parametrize("sentence", SIMPLIFIED + TRADITIONAL)
@pytest.mark.parametrize(
    "codec, expected_name",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8 (BOM)"), ("utf-16", "utf-16 (BOM)"), ("gb18030", "gb18030")],
)
def test_decodes_each_encoding(sentence: str, codec: str, expected_name: str) -> None:
    text, name = decode_bytes(sentence.encode(codec))
    assert text == sentence
    assert name == expected_name


@pytest.mark.parametrize("sentence", TRADITIONAL)
def test_decodes_big5_rather_than_misreading_it_as_gb18030(sentence: str) -> None:
    text, name = decode_bytes(sentence.encode("big5"))
    assert (text, name) == (sentence, "big5")


@pytest.mark.parametrize("sentence", SIMPLIFIED)
def test_gbk_text_is_not_misread_as_big5(sentence: str) -> None:
    text, name = decode_bytes(sentence.encode("gbk"))
    assert (text, name) == (sentence, "gb18030")


def test_utf16_big_endian_bom() -> None:
    data = b"\xfe\xff" + "科技创新\n".encode("utf-16-be")
    assert decode_bytes(data) == ("科技创新\n", "utf-16 (BOM)")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_lf(newline: str) -> None:
    text, _ = decode_bytes(newline.join(["第一段。", "", "第二段。"]).encode("utf-8"))
    assert text == "第一段。\n\n第二段。"
    text, _ = decode_bytes(newline.join(["第一段。", "第二段。"]).encode("gb18030"))
    assert text == "第一段。\n第二段。"


def test_mostly_utf8_decodes_with_replacements() -> None:
    data = ("科技创新是发展的第一动力。" * 20).encode("utf-8") + b"\xff" + "完。".encode()
    text, name = decode_bytes(data)
    assert name == "utf-8 (with replacements)"
    assert text.endswith("\ufffd完。") and text.startswith("科技创新")


# ---------------------------------------------------------------- read_document


def test_read_document_fields(tmp_path: Path) -> None:
    raw = "标题\r\n\r\n正文第一段。\r\n".encode("gb18030")
    path = tmp_path / "page.txt"
    path.write_bytes(raw)
    doc = read_document(path)
    assert doc.path == path
    assert doc.text == "标题\n\n正文第一段。\n"
    assert doc.encoding == "gb18030"
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.size == len(raw)
    assert read_text(path) == doc.text


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b" \n\r\n\t", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 9)) * 200, "binary"),
    ],
)
def test_bad_files_raise_read_error_with_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert reason in info.value.reason
    assert info.value.path == str(path)
    assert str(info.value).startswith(str(path))


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "gone.txt")
    with pytest.raises(ReadError, match="folder"):
        read_document(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("正文。", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(ReadError, match="permission denied"):
        read_document(path)


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes("正文。".encode() * 100)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    with pytest.raises(ReadError, match="too large"):
        read_document(path)


def test_file_under_the_size_limit_reads_and_a_bigger_one_is_refused(tmp_path: Path) -> None:
    # The limit (16 MB) keeps a build from stalling for an hour on one dump: extraction runs
    # at tens of thousands of characters per second.
    paragraph = "今年以来，全区技术合同成交额同比增长百分之三十，创新动能持续增强。\n\n".encode()
    path = tmp_path / "big.txt"
    path.write_bytes(paragraph * (15 * 2**20 // len(paragraph)))
    doc = read_document(path)
    assert doc.size >= 15 * 2**20 - len(paragraph)
    assert doc.encoding == "utf-8"
    assert doc.text.startswith(paragraph.decode())
    path.write_bytes(paragraph * (20 * 2**20 // len(paragraph) + 1))
    with pytest.raises(ReadError, match=r"too large \(20\.0 MB; the limit is 16 MB — split the file\)"):
        read_document(path)


# ---------------------------------------------------------------- find_source_files


def test_finds_txt_and_md_recursively_sorted_and_deduplicated(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("a.txt", "b/c.md", "b/deep/d.TXT", "b/skip.pdf", ".hidden/e.txt", "notes.json"):
        (tmp_path / name).write_text("正文。", encoding="utf-8")
    files, errors = find_source_files([tmp_path, tmp_path / "a.txt", tmp_path / "b"])
    assert errors == []
    assert files == sorted(files, key=str)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.txt", "b/c.md", "b/deep/d.TXT"]


def test_reports_missing_paths_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    files, errors = find_source_files([tmp_path / "nope", tmp_path / "x.pdf"])
    assert files == []
    assert [(Path(e.path).name, e.reason.split(" (")[0]) for e in errors] == [
        ("nope", "no such file or folder"),
        ("x.pdf", "not a .txt or .md file"),
    ]


def test_symlink_loop_is_reported_not_raised(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "page.txt").write_text("正文。", encoding="utf-8")
    os.symlink(root, root / "sub" / "back")  # sub/back -> root: a loop
    os.symlink(tmp_path / "missing", root / "dangling.txt")
    files, errors = find_source_files([root])
    assert files == [root / "sub" / "page.txt"]
    os.symlink("self.txt", root / "self.txt")  # a link to itself
    os.mkfifo(root / "pipe.txt")  # reading it would block for ever
    files, errors = find_source_files([root])
    assert files == [root / "sub" / "page.txt"]
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert "symbolic link loop" in reasons["back"]
    assert "broken symbolic link" in reasons["dangling.txt"]
    assert reasons["self.txt"] == "symbolic link loop"
    assert "not a regular file" in reasons["pipe.txt"]
    with pytest.raises(ReadError, match="not a regular file"):
        read_document(root / "pipe.txt")
    with pytest.raises(ReadError, match="symbolic link loop"):
        read_document(root / "self.txt")


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "open.txt").write_text("正文。", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(reader.os, "scandir", scandir)
    files, errors = find_source_files([tmp_path])
    assert files == [tmp_path / "open.txt"]
    assert [(Path(e.path).name, "permission denied" in e.reason) for e in errors] == [("locked", True)]
