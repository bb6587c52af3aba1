"""The full-text index's forms of an article, what a user types into a search box, and
how matches are ranked.

Everything is indexed *folded* (Traditional folded to Simplified, ASCII lower-cased; both
keep every offset), so 濟南 finds 济南 and the other way round.

* ``articles_grams`` (``title_g``, ``body_g``) decides what matches. Its tokens are the
  character form (one token per CJK character, ASCII words whole) with each CJK character
  that another follows replaced by that pair (科 技 新 区 -> 科技 技新 新区 区), one token
  per position. A query word of 2+ characters is the phrase of its pairs: it matches where
  its characters stand in a row, so a word that jieba would cut differently in context
  (章丘 inside 章丘区, 高新区 inside 济南高新区) is found, over far shorter posting lists
  than single characters (科, 技 and 新 are in nearly every article; 技局 is not). A lone
  character is a prefix token (any token starting with it), answered by the table's
  1-character prefix index. A long word costs FTS5 a seek of each of its pairs at every
  article it tries, so a search steps through its rarest pairs in a row (``gram_docs`` counts
  the articles of each token) and tests the candidates for the whole word
  (``ParsedQuery.step_expression``, ``ParsedQuery.holds``); the hits are the same.
* ``article_heads`` (``title_f``, ``lead_f``: the folded title and first ``LEAD_CHARS``
  characters of the body) decides the order (``rank_candidates``): titles holding a query
  word first, then a BM25-style score of the title and lead. A news report says what it is
  about in its title and first paragraph; and unlike FTS5's bm25, which scans the whole
  posting list of every query word for its statistics (milliseconds for each common word
  in a 100,000-article store), this reads a few small rows per candidate.

A word is first matched as typed (高新技术企业 as one phrase: no segmenter loaded); only when
that finds too few hits does jieba split a long run of Chinese into words (all required, the
way a reader would), whose further hits rank after the as-typed ones. The index itself needs
no segmenter. The MATCH expressions are always
assembled here from quoted tokens, so nothing a user types can reach FTS5's own syntax.
"""

from __future__ import annotations

import logging
import math
import re
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
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


LEAD_CHARS = 200  # characters of a body that ranking reads (the first sentence or two)


@dataclass
class IndexForms:
    """What the index stores of one article: its pair form (``articles_grams``) and its
    folded title and lead (``article_heads``)."""

    title_g: str
    body_g: str
    title_f: str
    lead_f: str


def index_forms(title: str | None, body: str) -> IndexForms:
    """Everything the index rows of one article need (pure: the build runs it in workers,
    and again on the stored title and body to delete the rows of a changed file)."""
    t = fold(title or "")
    b = fold(body or "")
    return IndexForms(gram_form(char_form(t)), gram_form(char_form(b)), t, b[:LEAD_CHARS])


def fold_check() -> str:
    """A fingerprint of ``fold``: the build stores it, and starts afresh when it changed
    (rows of the contentless index are deleted by recomputing their form)."""
    import hashlib

    sample = ("濟南高新區科技創新發展規劃 臺灣 鄉鎮 電腦軟體 資訊 網路 數據 產業 鐵路 機場 醫藥 藝術 體育 "
              "衛星導航 積體電路 雲端 記憶體 發電 環境 經濟 標準 ABCxyz０１２")
    return hashlib.sha1(fold(sample).encode()).hexdigest()[:16]


# Query parsing ------------------------------------------------------------------------------

@dataclass
class Term:
    """One searchable unit: a word, or a quoted phrase; either matches where its characters
    stand in a row (punctuation and spaces between them allowed)."""

    text: str  # folded
    chars: list[str]

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

    def step_tokens(self, docs: Mapping[str, int]) -> tuple[list[str], bool]:
        """The tokens FTS5 steps through for this term, and whether they are its exact phrase.
        A word of more than STEP_TOKENS pair tokens costs the index a seek of every one of them
        at each article it tries (an AND of three long words of common pairs: ~10 ms over
        100,000 articles); its STEP_TOKENS tokens in a row that the fewest articles hold
        (``docs``: articles per token, the store's gram_docs table; a token not counted is newer
        than the count, so rare; a window's articles estimated as if its tokens were
        independent) are a phrase every match holds, nearly as selective, and the search
        tests its candidates for the whole word (ParsedQuery.holds)."""
        tokens = self.grams()
        if len(tokens) <= STEP_TOKENS or tokens[-1].endswith("*"):
            return tokens, True
        windows = [tokens[i:i + STEP_TOKENS] for i in range(len(tokens) - STEP_TOKENS + 1)]
        return min(windows, key=lambda w: math.prod(docs.get(t, 0) for t in w)), False

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


# A query word of more pair tokens than this is stepped through by its rarest ones (step_tokens).
STEP_TOKENS = 2
_PREFIX_DOCS = sys.maxsize  # what ParsedQuery.step_expression counts a prefix token as


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


@dataclass
class ParsedQuery:
    groups: list[list[list[Term]]] = field(default_factory=list)  # AND of (OR of (AND of terms))
    excluded: list[list[Term]] = field(default_factory=list)

    def match_expression(self) -> str:
        """The exact query over the pair table (``articles_grams``), the words in the order
        typed: what ``kechuang search --match`` prints for SQL users."""
        def conj(terms: list[Term]) -> str:
            return "(" + " AND ".join(t.gram_match() for t in terms) + ")"

        positive = " AND ".join("(" + " OR ".join(conj(alt) for alt in g) + ")" for g in self.groups)
        return positive + self._excluded_expression()

    def step_expression(self, docs: Mapping[str, int]) -> tuple[str, bool]:
        """The query over the pair table for FTS5 to step through, with each long word by its
        rarest tokens (Term.step_tokens), and whether it is exact (else its matches are
        candidates that ``holds`` tests). The rarest first in each AND (FTS5 steps through
        the first and has the others catch up); a group of alternatives by all their articles.
        The excluded words stay exact: a part of a word left out would leave out too much."""
        exact = True

        def phrase(term: Term) -> tuple[int, str]:
            nonlocal exact
            tokens, whole = term.step_tokens(docs)
            exact = exact and whole
            if tokens[-1].endswith("*"):  # every pair the character begins: the dearest, last
                return _PREFIX_DOCS, term.gram_match()
            return min(docs.get(t, 0) for t in tokens), _quote(" ".join(tokens))

        def conj(terms: list[Term]) -> tuple[int, str]:
            parts = sorted(map(phrase, terms))
            return parts[0][0], "(" + " AND ".join(p for _, p in parts) + ")"

        groups = []
        for g in self.groups:
            alternatives = [conj(alt) for alt in g]
            groups.append((sum(n for n, _ in alternatives), "(" + " OR ".join(p for _, p in alternatives) + ")"))
        positive = " AND ".join(p for _, p in sorted(groups))
        return positive + self._excluded_expression(), exact

    def holds(self, title_f: str, lead_f: str, body: str) -> bool:
        """Whether an article holds this query's words (not the excluded ones: the index
        decides those exactly) as the index's phrases match them, in its folded title or its
        body; ``lead_f``, the body's folded start, decides most without folding the body."""
        folded_body: list[str] = []

        def found(term: Term) -> bool:
            regex = term.regex()
            if regex.search(title_f):
                return True
            # A match ending where the lead is cut may go on in the body (ab of abc).
            in_lead = regex.search(lead_f)
            if in_lead and (in_lead.end() < len(lead_f) or len(lead_f) == len(body)):
                return True
            if not folded_body:
                folded_body.append(fold(body))
            return regex.search(folded_body[0]) is not None

        return self._words_hold(found)

    def _words_hold(self, found: Callable[[Term], bool]) -> bool:
        """Whether the query's words (AND of groups, OR of alternatives, AND of terms) hold,
        given whether each term is found."""
        return all(any(all(map(found, alt)) for alt in g) for g in self.groups)

    def _excluded_expression(self) -> str:
        """The excluded words over the pair table, always exact (` NOT (...)` each)."""
        return "".join(f" NOT ({' AND '.join(t.gram_match() for t in terms)})" for terms in self.excluded)

    def highlight_terms(self) -> list[Term]:
        return [t for g in self.groups for alt in g for t in alt]

    def matches(self, folded_text: str) -> bool:
        """Whether folded text matches this query, decided in Python the way the index
        decides it (the tests hold the two to the same answers)."""
        def found(term: Term) -> bool:
            return term.regex().search(folded_text) is not None

        return self._words_hold(found) and not any(all(map(found, terms)) for terms in self.excluded)


_RAW = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_HELP = 'type words (all must match), a "quoted phrase", a OR b, or -word to leave out'


# A run of CJK this long or shorter is never split: a pair is the index's own unit, and
# jieba's cut of two characters is at best the two characters, each matched anywhere.
_WHOLE_CJK = 2


def _word_terms(raw: str, *, split: bool = True) -> list[Term]:
    """Terms of an unquoted query word: folded and cut at punctuation. ``split``: a CJK run
    longer than _WHOLE_CJK is segmented by jieba (a long run becomes several words, all
    required); else each piece is one term, matched as typed (no jieba loaded)."""
    terms = []
    for piece in _WORD_PIECE.findall(fold(raw)):
        segment = split and len(piece) > _WHOLE_CJK and _HAS_CJK.search(piece)
        for w in (jieba_module().lcut(piece) if segment else [piece]):
            chars = _CHAR_TOKEN.findall(w)
            if chars:
                terms.append(Term(w, chars))
    return terms


def splittable(query: str) -> bool:
    """Whether ``parse_query(query)`` may differ from ``parse_query(query, split=False)``:
    some unquoted word holds a CJK run that jieba could cut (decided without loading it)."""
    return any(m.group(3) is not None and any(len(p) > _WHOLE_CJK and _HAS_CJK.search(p)
                                              for p in _WORD_PIECE.findall(fold(m.group(3))))
               for m in _RAW.finditer(query.replace("\u3000", " ")))


def _phrase_term(raw: str) -> list[Term]:
    folded = fold(raw)
    chars = _CHAR_TOKEN.findall(folded)
    return [Term(" ".join(chars), chars)] if chars else []


def parse_query(query: str, *, split: bool = True) -> ParsedQuery:
    """Parse what a user typed. Raises ``QueryError`` when nothing in it is searchable.
    ``split=False``: every word is one term, matched as typed (see _word_terms)."""
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
            terms = _word_terms(word[1:] if negate else word, split=split)
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


TITLE_WEIGHT = 10.0  # an occurrence in the title counts as this many in the lead


def _counts(term: Term, texts: list[str]) -> list[int]:
    """Occurrences of ``term`` in each of ``texts`` (folded): ``str.count`` of its characters
    when they are all CJK (no word boundaries to respect; ~20x faster than the regex), else
    the regex (ASCII words must stand alone; punctuation may sit between characters)."""
    if all(not c.isascii() for c in term.chars):
        needle = "".join(term.chars)
        return [t.count(needle) for t in texts]
    findall = term.regex().findall
    return [len(findall(t)) for t in texts]


def rank_candidates(heads: Sequence[tuple[int, str, str]], terms: Sequence[Term], *,
                    k1: float = 1.2) -> list[tuple[int, float, bool]]:
    """Order a search's candidates, given as ``(article_id, title_f, lead_f)`` rows of
    ``article_heads``: best first, as ``(article_id, score, in_title)``.

    Articles whose title holds a query word come first; then a BM25 score of title and lead
    (a title occurrence counts ``TITLE_WEIGHT``, term frequency saturating by ``k1``; each
    word weighted by its inverse document frequency among the candidates, since the whole
    store's statistics would cost a scan of every word's posting list); then the newest
    (highest id). Higher scores are better."""
    n = len(heads)
    ids = [h[0] for h in heads]
    titles = [h[1] or "" for h in heads]
    leads = [h[2] or "" for h in heads]
    scores = [0.0] * n
    in_title = [False] * n
    k1_plus = k1 + 1.0
    # Term by term over all candidates, each step a C-level count or one list comprehension
    # (no Python loop body a candidate); an article's terms add up in the same order as
    # ever, so to the same floating-point sums.
    for term in terms:
        in_t = _counts(term, titles)
        tfs = [TITLE_WEIGHT * t + ld if t else ld for t, ld in zip(in_t, _counts(term, leads))]
        df = n - tfs.count(0)
        if not df:
            continue
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        scores = [x + idf * tf * k1_plus / (tf + k1) if tf else x for x, tf in zip(scores, tfs)]
        if any(in_t):
            in_title = [was or t > 0 for was, t in zip(in_title, in_t)]
    # Sorted by plain tuples (compared in C; a key function per candidate costs more).
    order = sorted(zip([not t for t in in_title], [-x for x in scores], [-i for i in ids]))
    return [(-i, -x, not t) for t, x, i in order]


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


def first_match(body: str, terms: list[Term], *, head: str | None = None, chunk: int = 600,
                overlap: int = 200) -> tuple[int, int] | None:
    """The first span of any of ``terms`` in ``body``, folding it a chunk at a time (a hit's
    match is nearly always near the start: folding a whole long body for it costs more than
    the search itself). ``head``: the folded start of ``body`` when the caller has it
    (``article_heads.lead_f``; default: the first ``_HEAD`` characters, folded and cached).
    A match longer than ``overlap`` across a chunk end may be missed: then the snippet shows
    the article's start, which is all that is lost."""
    if not terms:
        return None
    folded = _folded_head(body) if head is None else head
    start = 0
    while True:
        found = [m.span() for t in terms if (m := t.regex().search(folded)) and m.end() > m.start()]
        if found:
            s, e = min(found)
            return start + s, start + e
        end = start + len(folded)
        if end >= len(body) or not folded:
            return None
        start = end - overlap
        # From the body's start (the head given was the shorter lead): the cached fold of
        # its first _HEAD characters, which the snippet's window reads again.
        folded = _folded_head(body) if start == 0 and chunk == _HEAD else fold(body[start:start + chunk])


_HEAD = 600  # characters of a body folded once per hit, for its first match and snippet


@lru_cache(maxsize=64)
def _folded_head(body: str) -> str:
    # Keyed by the body itself (hashing a str is cached by Python): the hits of one search.
    return fold(body[:_HEAD])


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern:
    # Compiling a CJK term's pattern costs about a millisecond; queries repeat words.
    return re.compile(pattern)


def snippet_for(body: str, terms: list[Term], *, head: str | None = None, before: int = 24,
                width: int = 100) -> tuple[str, list[tuple[int, int]]]:
    """``make_snippet`` of a search hit, with highlights computed over the snippet's window
    only (the window is placed by ``first_match``; ``head`` as there)."""
    first = first_match(body, terms, head=head)
    start = max(0, (first[0] if first else 0) - before)
    end = min(len(body), start + width)
    # The window as folded text: a slice of the folded head when it lies inside it, so a
    # hit's body is folded at most once when its match is near the start.
    if head is None or end > len(head):
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
