"""Segmentation for the full-text index, and parsing of what a user types into a search box.

The FTS5 index holds a *folded* copy of each article (Traditional folded to Simplified,
ASCII lower-cased; both keep every offset) in three forms:

* ``articles_chars`` (``title_c``, ``body_c``): one token per CJK character (ASCII words
  stay whole). A query word matches where its characters stand in a row, so a word that
  jieba cut differently in context (章丘 inside 章丘区, 高新区 inside 济南高新区) is still
  found, and 1- and 2-character words work. Search answers that phrase from
  ``articles_grams`` (below) and reads only the stored ``title_c`` here (title-first check);
* ``articles_grams`` (``title_g``, ``body_g``): the same token stream with each CJK
  character that another follows replaced by that pair (科 技 新 区 -> 科技 技新 新区 区),
  one token per position. A query word of 2+ characters is the phrase of its pairs there:
  the same matches as its character phrase, but over far shorter posting lists (科, 技 and
  新 are in nearly every article; 技局 is not). A lone character is a prefix token there
  (any token starting with it), answered by the table's 1-character prefix index.
  Contentless: the text is in ``articles_chars`` already;
* ``articles_words`` (``title_w``, ``body_w``): jieba ``cut_for_search`` tokens joined by
  spaces (``unicode61`` would otherwise see a whole run of Chinese as one token). It ranks
  the matches: bm25 over single word tokens is cheap, where bm25 over character phrases
  costs several times more per article.

The MATCH expressions are always assembled here from quoted tokens, so nothing a user types
can reach FTS5's own query syntax.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import QueryError
from .textnorm import to_simplified

_jieba = None
_jieba_lock = threading.Lock()


def jieba_module():
    """jieba, imported and initialised once per process (it takes about a second)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


_ASCII_UPPER = re.compile(r"[A-Z]+")


def _lower_ascii(m: re.Match) -> str:
    return m.group().lower()


def fold(text: str) -> str:
    """Simplified, ASCII lower-cased copy of ``text``; ``len(fold(t)) == len(t)``."""
    text = to_simplified(text)
    if text.isascii():
        return text.lower()
    # Only A-Z (str.lower would also change other scripts, some to two characters); a regex
    # over the few capitals is ~10x faster than str.translate's per-character table lookups.
    return _ASCII_UPPER.sub(_lower_ascii, text)


# One index token of the character form: an ASCII letter/digit run, or any other single
# word character (a CJK character, a full-width digit ...). Punctuation and emoji are dropped.
_CHAR_TOKEN = re.compile(r"[0-9a-zA-Z]+|[^\W_]")
# Pieces of a query word that hold something searchable.
_WORD_PIECE = re.compile(r"[^\W_]+")
_HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def word_form(folded: str) -> str:
    """The word form of already folded text: jieba search-mode tokens joined by spaces."""
    if not folded:
        return ""
    return " ".join(t for t in jieba_module().cut_for_search(folded) if not t.isspace())


def char_form(folded: str) -> str:
    """The character form of already folded text."""
    return " ".join(_CHAR_TOKEN.findall(folded))


def gram_tokens(chars: list[str]) -> list[str]:
    """Tokens of the pair form, one per character token: a non-ASCII character followed by
    another is that pair; anything else (an ASCII word, a character before an ASCII word or
    at the end) is itself. One token per position keeps phrases exact (see Term.grams)."""
    nxt = chars[1:] + [""]
    return [a + b if b and not a.isascii() and not b.isascii() else a for a, b in zip(chars, nxt)]


def gram_form(char_text: str) -> str:
    """The pair form of a character form (``char_form``'s output)."""
    return " ".join(gram_tokens(char_text.split()))


@dataclass
class IndexForms:
    title_w: str
    body_w: str
    title_c: str
    body_c: str
    title_g: str
    body_g: str


def index_forms(title: str | None, body: str) -> IndexForms:
    """Everything the FTS row of one article needs; jieba runs once per field."""
    t = fold(title or "")
    b = fold(body or "")
    tc, bc = char_form(t), char_form(b)
    return IndexForms(word_form(t), word_form(b), tc, bc, gram_form(tc), gram_form(bc))


# Query parsing ------------------------------------------------------------------------------

@dataclass
class Term:
    """One searchable unit: a word (matches its jieba token or its character phrase) or a
    quoted phrase (matches its character phrase only)."""

    text: str  # folded
    chars: list[str]
    phrase: bool = False

    def match(self) -> str:
        """FTS5 expression on the character table: the characters in order."""
        return f"({{title_c body_c}} : {_quote(' '.join(self.chars))})"

    def grams(self) -> list[str]:
        """The tokens of this term's phrase in the pair table; ``"c*"`` is a prefix token.
        Position i of the document holds pair c[i]c[i+1] exactly when both are non-ASCII
        characters, so the query's pairs (and ASCII words, and a character before an ASCII
        word) pin every position the character phrase does; a final character after
        another is pinned by the last pair. A final character alone or after an ASCII word
        is any token starting with it (itself, or a pair it begins): a prefix token, read
        from the table's 1-character prefix index (= the character's own posting list)."""
        c = self.chars
        tokens = gram_tokens(c)
        if not c[-1].isascii():
            if len(c) > 1 and not c[-2].isascii():
                tokens.pop()  # = last character, already the end of the pair before it
            else:
                tokens[-1] += "*"
        return tokens

    def gram_match(self) -> str:
        """FTS5 expression on the pair table: ``"t1 t2"`` or ``"t1" + "c" *``."""
        tokens = self.grams()
        if tokens[-1].endswith("*"):
            head = f"{_quote(' '.join(tokens[:-1]))} + " if len(tokens) > 1 else ""
            return f"({head}{_quote(tokens[-1][:-1])} *)"
        return _quote(" ".join(tokens))

    def title_match(self) -> str:
        return f"({{title_c}} : {_quote(' '.join(self.chars))})"

    def word(self) -> str | None:
        """The jieba word this term ranks by in the word table (None for a phrase)."""
        return None if self.phrase or " " in self.text else self.text

    def regex(self) -> re.Pattern:
        """``pattern()`` compiled, once per term (a search highlights 50 hits with it)."""
        compiled = self.__dict__.get("_regex")
        if compiled is None:
            compiled = self.__dict__["_regex"] = _compiled(self.pattern())
        return compiled

    def pattern(self) -> str:
        """A regex finding this term in folded text (what FTS matched: the characters in
        order, punctuation or spaces allowed between them)."""
        parts = []
        for tok in self.chars:
            p = re.escape(tok)
            if tok.isascii():
                p = rf"(?<![0-9a-z]){p}(?![0-9a-z])"
            parts.append(p)
        return r"[\W_]*".join(parts)


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


@dataclass
class ParsedQuery:
    groups: list[list[list[Term]]] = field(default_factory=list)  # AND of (OR of (AND of terms))
    excluded: list[list[Term]] = field(default_factory=list)

    def match_expression(self, grams: bool = True) -> str:
        """The query over the pair table (what search runs), or over the character table
        (``grams=False``; the same matches, kept to check that they are)."""
        def conj(terms: list[Term]) -> str:
            return "(" + " AND ".join(t.gram_match() if grams else t.match() for t in terms) + ")"

        positive = " AND ".join("(" + " OR ".join(conj(alt) for alt in g) + ")" for g in self.groups)
        negative = "".join(f" NOT {conj(terms)}" for terms in self.excluded)
        return positive + negative

    def title_expression(self) -> str:
        """Articles with any of the query's words in the title (they rank first)."""
        return " OR ".join(t.title_match() for t in self.highlight_terms())

    def word_expression(self) -> str | None:
        """The query over the word table, for bm25: its structure with phrases left out (a
        group that needs a phrase is dropped), so it matches about the same articles."""
        groups = []
        for group in self.groups:
            alternatives = []
            for terms in group:
                words = [w for t in terms if (w := t.word())]
                if len(words) < len(terms) or not words:
                    alternatives = []  # this alternative needs a phrase: the group cannot be said
                    break
                alternatives.append("(" + " AND ".join(_quote(w) for w in words) + ")")
            if alternatives:
                groups.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(groups) or None

    def highlight_terms(self) -> list[Term]:
        return [t for g in self.groups for alt in g for t in alt]


_RAW = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_HELP = 'type words (all must match), a "quoted phrase", a OR b, or -word to leave out'


def _word_terms(raw: str) -> list[Term]:
    """Terms of an unquoted query word: folded, cut at punctuation, CJK runs segmented by
    jieba the way the index was (a long run becomes several words, all required)."""
    terms = []
    for piece in _WORD_PIECE.findall(fold(raw)):
        words = jieba_module().lcut(piece) if _HAS_CJK.search(piece) and len(piece) > 1 else [piece]
        for w in words:
            chars = _CHAR_TOKEN.findall(w)
            if chars:
                terms.append(Term(w, chars))
    return terms


def _phrase_term(raw: str) -> list[Term]:
    folded = fold(raw)
    chars = _CHAR_TOKEN.findall(folded)
    return [Term(" ".join(chars), chars, phrase=True)] if chars else []


def parse_query(query: str) -> ParsedQuery:
    """Parse what a user typed. Raises ``QueryError`` when nothing in it is searchable."""
    if query is None or not query.strip():
        raise QueryError(f"Empty search: {_HELP}.")
    parsed = ParsedQuery()
    pending_or = False
    pending_not = False
    for m in _RAW.finditer(query.replace("\u3000", " ")):
        negate, phrase, word = m.group(1), m.group(2), m.group(3)
        if word is not None:
            if word == "OR":
                pending_or = bool(parsed.groups)
                continue
            if word in ("AND", "NOT"):
                # FTS keywords typed on their own: AND is the default; NOT leaves out the next word
                pending_not = word == "NOT"
                continue
            negate = "-" if word.startswith("-") and len(word) > 1 else ""
            terms = _word_terms(word[1:] if negate else word)
        else:
            terms = _phrase_term(phrase)
        if pending_not:
            negate, pending_not = "-", False
        if not terms:
            continue
        if negate:
            parsed.excluded.append(terms)
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(terms)
            pending_or = False
        else:
            parsed.groups.append([terms])
    if not parsed.groups:
        if parsed.excluded:
            raise QueryError(f"Nothing to search for: a query needs a word besides the -excluded ones; {_HELP}.")
        raise QueryError(f"Nothing searchable in {query.strip()[:40]!r}: {_HELP}.")
    return parsed


def find_spans(folded_text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans of ``terms`` in folded text (touching ones merged) (offsets are also those of
    the original text, since folding keeps length)."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        for m in term.regex().finditer(folded_text):
            if m.end() > m.start():
                spans.append((m.start(), m.end()))
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:  # overlapping or touching: one highlight
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
            continue
        merged.append((s, e))
    return merged


def first_match(body: str, terms: list[Term], *, chunk: int = 600,  # = _HEAD
                overlap: int = 200) -> tuple[int, int] | None:
    """The first span of any of ``terms`` in ``body``, folding it a chunk at a time (a hit's
    match is nearly always near the start: folding a whole long body for it costs more than
    the search itself). A match longer than ``overlap`` across a chunk end may be missed:
    then the snippet shows the article's start, which is all that is lost."""
    if not terms:
        return None
    start = 0
    while start < len(body):
        end = min(len(body), start + chunk)
        folded = _folded_head(body) if start == 0 and end <= _HEAD else fold(body[start:end])
        found = [m.span() for t in terms if (m := t.regex().search(folded)) and m.end() > m.start()]
        if found:
            s, e = min(found)
            return start + s, start + e
        if end == len(body):
            return None
        start = end - overlap
    return None


_HEAD = 600  # characters of a body folded once per hit, for its first match and snippet


@lru_cache(maxsize=64)
def _folded_head(body: str) -> str:
    # Keyed by the body itself (hashing a str is cached by Python): the hits of one search.
    return fold(body[:_HEAD])


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern:
    # Compiling a CJK term's pattern costs about a millisecond; queries repeat words.
    return re.compile(pattern)


def snippet_for(body: str, terms: list[Term], *, before: int = 24,
                width: int = 100) -> tuple[str, list[tuple[int, int]]]:
    """``make_snippet`` of a search hit, with highlights computed over the snippet's window
    only (the window is placed by ``first_match``)."""
    first = first_match(body, terms)
    start = max(0, (first[0] if first else 0) - before)
    end = min(len(body), start + width)
    # The window as folded text: a slice of the first chunk first_match folded (cached
    # below), so a hit's body is folded once when its match is near the start.
    head = _folded_head(body)
    window = find_spans(head[start:end] if end <= len(head) else fold(body[start:end]), terms)
    return make_snippet(body, [(s + start, e + start) for s, e in window], before=before, width=width,
                        anchor=first[0] if first else 0)


def make_snippet(body: str, spans: list[tuple[int, int]], *, before: int = 24,
                 width: int = 100, anchor: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """Plain text around the first span (or ``anchor``), with the spans that fall inside it."""
    first = anchor if anchor is not None else (spans[0][0] if spans else 0)
    start = max(0, first - before)
    end = min(len(body), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    text = prefix + body[start:end].replace("\n", " ") + suffix
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return text, inside
