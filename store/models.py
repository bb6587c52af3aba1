"""Plain record types passed between the store's steps.

Every step is a pure function over these records (text in, records out), so they can be
built in worker processes and tested without a database. Offsets are character offsets
into ``Article.body`` unless a field says otherwise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ENTITY_TYPES: tuple[str, ...] = ("place", "org", "person", "document")
# What a figure states: a result, a goal set, an expectation, or a bound that selects (规模以上).
METRIC_KINDS: tuple[str, ...] = ("actual", "target", "forecast", "threshold")
# What the figure table and `kechuang metrics` show unless asked for another kind (or all):
# a 2025 target is not a 2022 figure.
DEFAULT_METRIC_KIND = "actual"


def head_lines(kicker: str | None, title: str | None, subtitle: str | None, byline: str | None) -> list[str]:
    """The lines printed above an article's body: kicker, title, subtitle, byline lines."""
    lines = [x for x in (kicker, title, subtitle) if x]
    if byline:
        lines.extend(byline.split("\n"))
    return lines


def printed_text(head: list[str], body: str) -> str:
    """An article as printed: its head lines, then the body, one line each."""
    return "\n".join([*head, body]) if head else body


# The parts of an article a mention can lie in, in printed order; each is one text of its own
# (``articles.kicker`` ... ``articles.body`` in the store), and a mention's offsets index it.
TEXT_FIELDS: tuple[str, ...] = ("kicker", "title", "subtitle", "byline", "body")


def printed_fields(kicker: str | None, title: str | None, subtitle: str | None, byline: str | None,
                   body: str) -> list[tuple[str, int, str]]:
    """(field, offset in the printed text, the field's text) of each part ``printed_text``
    prints, in order: the head parts that are there (the byline with its line breaks), then
    the body, one "\\n" between parts."""
    out: list[tuple[str, int, str]] = []
    at = 0
    for name, text in zip(TEXT_FIELDS, (kicker, title, subtitle, byline, body)):
        if text or name == "body":
            out.append((name, at, text or ""))
            at += len(text or "") + 1
    return out


def locate(fields: list[tuple[str, int, str]], start: int, end: int) -> tuple[str, int, int]:
    """The field a printed-text span ``[start, end)`` lies in, and the span in that field's
    text. A span running past its field's end (over the line break into the next part) is
    cut at that end."""
    for name, at, text in reversed(fields):
        if start >= at or name == fields[0][0]:
            lo = max(0, start - at)
            return name, lo, max(lo, min(end - at, len(text)))
    raise ValueError("no fields")  # pragma: no cover - printed_fields always gives the body


def mention_order(mention) -> tuple[int, int, int]:
    """Reading order of mentions that carry ``field``, ``start`` and ``end``: the head parts
    top to bottom, then the body."""
    return TEXT_FIELDS.index(mention.field), mention.start, mention.end


@dataclass
class Article:
    """One news item split out of a source document."""

    source: str  # the source file's path as the build saw it (export uses its base name)
    index: int  # position of the article within its document, from 0
    title: str | None
    body: str  # paragraphs joined by "\n"; no blank lines, no byline, no chrome
    subtitle: str | None = None
    kicker: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    publisher: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD when the document states it
    span: tuple[int, int] = (0, 0)  # [start, end) of the article in the decoded source text
    byline: str | None = None  # the byline and editor lines as printed, one per line

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n") if self.body else []

    @property
    def head_lines(self) -> list[str]:
        """The lines printed above the body: kicker, title, subtitle, byline."""
        return head_lines(self.kicker, self.title, self.subtitle, self.byline)

    @property
    def text(self) -> str:
        """The article as printed: head lines, then the body paragraphs, one per line.

        Entities and figures are found in this text and their offsets point into it, so the
        byline's reporters and a title's places are mentions like any other.
        """
        return printed_text(self.head_lines, self.body)

    @property
    def body_start(self) -> int:
        """Offset of the first body paragraph within ``text``."""
        head = self.head_lines
        return sum(len(line) + 1 for line in head)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Mention:
    """One occurrence of an entity in the text extraction read (``Article.text``: head lines,
    then body): ``text[start:end] == self.text``; the store keeps it by part (``locate``)."""

    text: str
    type: str  # one of ENTITY_TYPES
    start: int
    end: int
    # The entity this mention links to: variants and short forms share one key
    # (济南高新区, 濟南高新區 and 高新区 in an article about it all map to one).
    key: str = ""
    name: str = ""  # display name of the linked entity (Simplified, full form)
    path: str | None = None  # admin path for places known to the gazetteer: 山东省/济南市/章丘区

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.text
        if not self.key:
            self.key = f"{self.type}:{self.name}"


@dataclass
class Change:
    """The change stated with a figure: 同比增长43.5% -> kind 同比增长, value 43.5, unit %."""

    kind: str
    value: float
    unit: str


@dataclass
class Metric:
    """One quantity fact, with the exact characters it came from."""

    text: str  # shortest span holding indicator and quantity; body[start:end] == text
    quantity: str  # number and unit as written: 81.9亿元
    value: float
    unit: str  # as written, with magnitude word: 亿元
    base_value: float  # magnitude folded: 8190000000
    base_unit: str  # 元
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    qualifier: str | None = None  # 近, 超, 余, 以上 ...
    indicator: str | None = None
    subject: str | None = None
    subject_path: str | None = None  # admin path when the subject is a known place
    period: str | None = None
    change: Change | None = None
    # actual | target | forecast | threshold (METRIC_KINDS): a 2025 target is not a 2022 figure
    kind: str = "actual"
    # Offsets (like start/end) of the mention the subject was read from; None when the subject
    # was inferred from the article (its title, dateline or lead), not from this sentence.
    subject_start: int | None = None
    subject_end: int | None = None
    subject_key: str | None = None  # Mention.key of the subject's entity; the store turns it into subject_id
    # The period as ISO dates where it resolves (2022年1-10月 -> 2022-01-01 / 2022-10-31).
    period_start: str | None = None
    period_end: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Extraction:
    """What extraction found in one article."""

    mentions: list[Mention] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
