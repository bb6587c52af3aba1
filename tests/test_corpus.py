"""The benchmark corpus generator: deterministic, seed-shaped, correctly encoded, fast."""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_corpus import generate_corpus, main  # noqa: E402


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.txt")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "big5", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path} decodes as nothing")


def test_exact_article_count_and_files_of_about_twenty(tmp_path: Path) -> None:
    summary = generate_corpus(1000, tmp_path / "c")
    assert summary.articles == 1000 == len(summary.article_infos)
    files = sorted((tmp_path / "c").glob("*.txt"))
    assert len(files) == summary.files
    multi = [n for n in (sum(1 for a in summary.article_infos if a.file == f.name) for f in files) if n > 1]
    assert 15 <= sum(multi) / len(multi) <= 25


def test_the_splitter_finds_the_articles_the_corpus_claims(tmp_path: Path) -> None:
    # Photo captions are not articles (as in the seeds' gold): a corpus of N articles must
    # give a store of about N articles, not N minus its captions.
    from store.split import split_articles

    generate_corpus(1000, tmp_path / "c")
    found = sum(len(split_articles(decode(p), p.name)) for p in (tmp_path / "c").glob("*.txt"))
    assert 990 <= found <= 1000


def test_deterministic(tmp_path: Path) -> None:
    generate_corpus(300, tmp_path / "a", seed=1)
    generate_corpus(300, tmp_path / "b", seed=1)
    generate_corpus(300, tmp_path / "c", seed=2)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_shapes_and_encodings(tmp_path: Path) -> None:
    summary = generate_corpus(4000, tmp_path / "c")
    assert {"newspaper", "headings", "web", "web-traditional", "newspaper-traditional"} <= set(summary.styles)
    assert {"utf-8", "gb18030", "big5"} <= set(summary.encodings)
    texts = {p.name: decode(p) for p in (tmp_path / "c").glob("*.txt")}
    joined = "".join(texts.values())
    for marker in ("□ 本报记者 ", "□ 记者 ", "◎本报记者 ", "科技日报讯（记者", "## ", "# ", "來源:",
                   "原標題:", "首页>", "亿元", "万元", "%", "家", "项", "同比增长", "有限公司", "研究院", "科技局"):
        assert marker in joined, marker
    for name, text in texts.items():
        if "traditional" in name:
            assert "濟南" in text or "區" in text or "來源" in text, name
    # Big5 files really are Big5 (not UTF-8 or GB18030 that happen to decode).
    big5 = [p for p in (tmp_path / "c").glob("*traditional*.txt") if _is_big5_only(p.read_bytes())]
    assert big5, "some Traditional files must be Big5"


def _is_big5_only(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("big5")
    except UnicodeDecodeError:
        return False
    return "來源" in text or "區" in text


def test_fast_enough(tmp_path: Path) -> None:
    started = time.perf_counter()
    generate_corpus(5000, tmp_path / "c")
    # 100,000 articles must take well under a minute: 5,000 in a few seconds even on a busy machine.
    assert time.perf_counter() - started < 10


def test_cli(tmp_path: Path, capsys) -> None:
    assert main(["50", str(tmp_path / "out"), "--manifest", str(tmp_path / "m.json")]) == 0
    assert "50 articles" in capsys.readouterr().out
    assert (tmp_path / "m.json").read_text(encoding="utf-8").count('"file"') == 50
