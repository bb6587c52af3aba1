"""A corpus of hostile source files, made by the tests themselves (issue 10).

Each file is a news-like page whose title, body, entity names or file name carry what a page
from the web may carry: terminal escape sequences (OSC 52 sets the clipboard, OSC 0 the window
title, CSI 2 J clears the screen, CSI ? 1049 h switches to the alternate screen), Rich/Textual
markup (``[@click=…]`` runs an action when clicked, ``[/]`` closes a tag never opened,
``[link=…]`` makes a hyperlink), bidi overrides and zero-width characters; plus links out of
the folder, to ``/``, and folders nested deeper than Python's recursion limit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ESC = "\x1b"
BEL = "\x07"
CLIPBOARD = f"{ESC}]52;c;cm0gLXJmIH4K{BEL}"  # OSC 52: the clipboard becomes "rm -rf ~"
WINDOW_TITLE = f"{ESC}]0;pwned{BEL}"
CLEAR = f"{ESC}[2J"
ALT_SCREEN = f"{ESC}[?1049h"
C1_CSI = "\x9b2J"  # the one-byte CSI of C1
RLO = "\u202e"  # right-to-left override
ISOLATE = "\u2066"
ZWSP = "\u200b"
HOSTILE_SEQUENCES = (CLIPBOARD, WINDOW_TITLE, CLEAR, ALT_SCREEN, C1_CSI)

QUIT_MARKUP = "[@click=app.quit]点我[/]"
BAD_CLOSE = "《[/bold]》"
LINK_MARKUP = "[link=https://example.com/x]链接[/link]"
DEEP_FOLDERS = 1_100


def screenshot_markup(folder: Path) -> str:
    """A click that would overwrite a file in ``folder`` if the text were markup."""
    return f"[@click=app.screenshot('victim.svg','{folder}')]点我[/]"


def _page(title: str, body: str) -> str:
    return f"# {title}\n\n{body}\n"


def hostile_pages(victim_folder: Path) -> dict[str, str]:
    """File name -> text. Names hold escapes, markup, a tab and a newline."""
    click = screenshot_markup(victim_folder)
    return {
        "escapes.txt": _page(
            f"济南市科技创新{CLIPBOARD}大会{WINDOW_TITLE}召开",
            f"济南市{CLEAR}章丘区1-10月完成工业投资81.9亿元{ALT_SCREEN}，同比增长43.5%。\n"
            f"历下区{C1_CSI}技术合同成交额达到12.5亿元，增长8.1%。{BEL}\n"
            f"会议印发了《科技{CLIPBOARD}创新促进条例》。",
        ),
        "markup.txt": _page(
            f"高新区{QUIT_MARKUP}发布{LINK_MARKUP}新政",
            f"高新区发布了{BAD_CLOSE}和《{QUIT_MARKUP}》以及《{click}》。\n"
            f"{QUIT_MARKUP}天桥区完成投资3.2亿元，同比增长5.5%。\n"
            f"市科技局印发《{LINK_MARKUP}实施方案》。",
        ),
        "bidi.txt": _page(
            f"槐荫区{RLO}新闻{ISOLATE}发布{ZWSP}会",
            f"槐荫区{RLO}完成固定资产投资45.6亿元，同比增长7.7%。\n《{RLO}条例{ISOLATE}》已经印发。",
        ),
        f"{WINDOW_TITLE}{CLIPBOARD}name.txt": _page("市中区召开会议", "市中区完成投资1.5亿元，增长2.5%。"),
        "[@click=app.quit]q.txt": _page("长清区召开会议", "长清区完成投资2.5亿元，增长3.5%。"),
        "tab\there.txt": _page("平阴县召开会议", "平阴县完成投资3.5亿元，增长4.5%。"),
        "new\nline.txt": _page("济阳区召开会议", "济阳区完成投资4.5亿元，增长5.5%。"),
    }


def make_corpus(root: Path, victim_folder: Path) -> Path:
    """Write the hostile corpus under ``root/corpus`` and return that folder."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for name, text in hostile_pages(victim_folder).items():
        (corpus / name).write_text(text, encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    # A file that is no document by its own name (a key, a config) must not be built through a
    # link named like one; a text kept elsewhere and linked in (what corpus tools do) is built.
    (outside / "secret").write_text(_page("秘密", "不应被读取的文件内容。"), encoding="utf-8")
    (outside / "kept.txt").write_text(_page("外部文本", "别处保存的文本，以链接收入语料。"), encoding="utf-8")
    os.symlink("/etc/passwd", corpus / "passwd.txt")
    os.symlink("/etc", corpus / "etc")
    os.symlink("/", corpus / "root")
    os.symlink(outside / "secret", corpus / "secret.txt")
    os.symlink(outside / "kept.txt", corpus / "linked.txt")
    os.symlink(outside, corpus / "outside")
    os.symlink("escapes.txt", corpus / "inside_link.txt")  # inside the folder: followed
    # os.makedirs recurses once a level: make the chain one folder at a time, relative to the last.
    fd = os.open(corpus, os.O_RDONLY)
    try:
        for _ in range(DEEP_FOLDERS):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        leaf = os.open("deepest.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, _page("莱芜区召开会议", "莱芜区完成投资5.5亿元，增长6.5%。").encode("utf-8"))
        os.close(leaf)
    finally:
        os.close(fd)
    return corpus


# What a terminal may legitimately receive from kechuang's own rendering: SGR colours, the
# progress bar's cursor hide/show, erase line and cursor up. Anything else starting with ESC,
# and any C1 control, came from the data.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[2K|\x1b\[[0-9]*[AGK]|\x1b\[\?7[lh]")
_C1 = re.compile("[\x80-\x9f]")


def foreign_controls(output: str) -> list[str]:
    """The escape sequences and C1 controls in ``output`` that kechuang's rendering did not
    make (each with a little context), empty when the output is clean."""
    rest = _OWN_SEQUENCES.sub("", output)
    found = [rest[max(0, m.start() - 20):m.start() + 20] for m in re.finditer("\x1b", rest)]
    found += [rest[max(0, m.start() - 20):m.start() + 20] for m in _C1.finditer(rest)]
    return found


def remove_deep_folders(corpus: Path) -> None:
    """Delete the nested folders of ``make_corpus`` one level at a time: shutil.rmtree (and
    so pytest's clean-up of old temporary folders) recurses once a level and fails on them."""
    top = corpus / "d"
    if not top.is_dir():
        return
    depth = 0
    fd = os.open(corpus, os.O_RDONLY)
    try:
        while True:  # down to the deepest folder
            try:
                inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            except FileNotFoundError:
                break
            os.close(fd)
            fd = inner
            depth += 1
        while depth:  # and back up, emptying each folder and removing it from its parent
            for name in os.listdir(fd):
                if name != "d":
                    os.unlink(name, dir_fd=fd)
            parent = os.open("..", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = parent
            os.rmdir("d", dir_fd=fd)
            depth -= 1
    finally:
        os.close(fd)
