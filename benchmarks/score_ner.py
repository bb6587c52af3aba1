"""Score the entity step against a public news NER test set, beside the LAC model it wraps.

    .venv/bin/python benchmarks/score_ner.py DATA [--sample N] [--seed S] [--rest] [--cache FILE] [-v]

DATA is a character-per-line BIO file (``字<TAB or space>B-LOC``, blank line between sentences),
as the MSRA NER test split is published; it is read from where it lies and never copied here.
Types map LOC -> place, ORG -> org, PER -> person; spans must match exactly. Two systems run
on the same sentences, each sentence a text of its own:

(a) the raw tagger: store.tagger.tag_text's PER/LOC/ORG words;
(b) the entity step: store.entities.extract_entities(text, tokens=...), as store.extract calls it.

Then (b)'s losses against (a): each span the model had right that (b) lacks, by the rule that
lost it, and each span (b) adds (not in (a)) by the rule that made it, right or wrong. The
tagger's output is cached (``--cache``, default beside DATA) so rule changes re-score in
seconds.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store import entities as E  # noqa: E402
from store.tagger import Token, tag_text  # noqa: E402
from store.textnorm import to_simplified  # noqa: E402

TYPES = {"LOC": "place", "ORG": "org", "PER": "person"}
Span = tuple[int, int, str]


def read_bio(path: Path) -> list[tuple[str, set[Span]]]:
    """(sentence, gold spans) of a BIO file."""
    out: list[tuple[str, set[Span]]] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not chars:
            return
        spans: set[Span] = set()
        start, kind = None, None
        for i, tag in enumerate([*tags, "O"]):
            if start is not None and not tag.startswith("I-"):
                spans.add((start, i, TYPES[kind]))
                start = None
            if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                start, kind = i, tag[2:]
        out.append(("".join(chars), spans))
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
            continue
        if len(parts) == 1:  # a space character: the tag alone is left
            chars.append(" ")
            tags.append(parts[0])
            continue
        chars.append(parts[0])
        tags.append(parts[-1])
    flush()
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[set[Span]], pred: list[set[Span]]) -> dict[str, tuple[float, float, float, int, int]]:
    out = {}
    for kind in ("place", "org", "person", "all"):
        tp = n_pred = n_gold = 0
        for g, p in zip(gold, pred):
            g = {s for s in g if kind in ("all", s[2])}
            p = {s for s in p if kind in ("all", s[2])}
            tp += len(g & p)
            n_pred += len(p)
            n_gold += len(g)
        out[kind] = (*prf(tp, n_pred, n_gold), n_pred, n_gold)
    return out


# --- tracing which rule made or lost a span -------------------------------------------------

_SOURCES = ("_documents", "_byline_people", "_titled_people", "_suffix_names", "_model_names",
            "_gazetteer_places", "_enumerations", "_firm_short_names", "_listed_firms", "_datelines",
            "_regions", "_reporters_outlets")


class Trace:
    """Wraps the entity step's candidate sources to record who proposed each candidate."""

    def __init__(self) -> None:
        self.cands: list[tuple[str, object]] = []  # (source, _Cand)
        self.refined: list[Token] = []
        self.chosen: list[object] = []
        self.extra: dict[int, str] = {}
        self._orig = {}

    def install(self) -> None:
        for name in _SOURCES:
            fn = getattr(E, name)
            self._orig[name] = fn
            setattr(E, name, self._wrap_source(name, fn))
        for name in ("_refine", "_resolve", "_every_occurrence", "_short_forms"):
            self._orig[name] = getattr(E, name)
        refine, resolve = self._orig["_refine"], self._orig["_resolve"]
        every, short = self._orig["_every_occurrence"], self._orig["_short_forms"]

        def _refine(tokens):
            self.refined = refine(tokens)
            return self.refined

        def _resolve(cands):
            self.chosen = resolve(cands)
            return self.chosen

        def _wrap_post(label, fn):
            def wrapped(simp, tokens, chosen):
                before = {id(c) for c in chosen}
                out = fn(simp, tokens, chosen)
                for c in out:
                    if id(c) not in before:
                        self.extra[id(c)] = label
                        self.cands.append((label, c))
                return out
            return wrapped

        E._refine = _refine
        E._resolve = _resolve
        E._every_occurrence = _wrap_post("every_occurrence", every)
        E._short_forms = _wrap_post("short_forms", short)

    def _wrap_source(self, name, fn):
        def wrapped(*args, **kwargs):
            out = fn(*args, **kwargs)
            self.cands += [(name.lstrip("_"), c) for c in out]
            return out
        return wrapped

    def reset(self) -> None:
        self.cands, self.refined, self.chosen, self.extra = [], [], [], {}

    def source_of(self, span: tuple[int, int], kind: str | None = None) -> str:
        for src, c in self.cands:
            if (c.start, c.end) == span and (kind is None or c.type == kind):
                return src
        return "?"


def model_drop_reason(t: Token, tokens: list[Token], k: int) -> str:
    """Why _model_names proposes nothing for a PER/LOC/ORG word (mirrors its branches)."""
    text = t.text
    if t.tag == "PER":
        if len(text) == 4:
            return "PER: 4 characters"
        if len(text) < 2:
            return "PER: 1 character"
        if text[:2] in E.COMPOUND_SURNAMES or text[0] in E.SURNAMES:
            return "PER: other (NOT_PERSON / non-CJK)"
        return "PER: first character not in SURNAMES"
    if t.tag == "ORG":
        if len(text) < 2:
            return "ORG: 1 character"
        if text in E.GENERIC:
            return "ORG: GENERIC"
        return "ORG: blocked ending (力/奖/计划/工程/项目...)"
    if len(text) == 1:
        return "LOC: 1 character not in ONE_CHAR_PLACES"
    if text in E.GENERIC:
        return "LOC: GENERIC"
    tags = E.dictionary_tags()
    tag = tags.get(text)
    if tag is not None and tag != "ns":
        return f"LOC: dictionary says {tag}"
    if not E._CJK.match(text[0]):
        return "LOC: non-CJK"
    if len(text) > 4:
        return "LOC: unknown word longer than 4"
    if E._NOT_A_PLACE_NAME.search(text):
        return "LOC: digit / ends 报网社台新科技"
    return "LOC: begins with a known place (cut-short guard)"


def loss_reason(trace: Trace, span: Span, final: dict[tuple[int, int], str]) -> str:
    s, e, kind = span
    if (s, e) in final:
        return f"retyped to {final[(s, e)]} by {trace.source_of((s, e), final[(s, e)])}"
    refined = {(t.start, t.end): (k, t) for k, t in enumerate(trace.refined)}
    if (s, e) not in refined:
        return "_refine split/joined the word"
    k, tok = refined[(s, e)]
    if not any((c.start, c.end, c.type) == span for _, c in trace.cands):
        if any((c.start, c.end) == (s, e) for _, c in trace.cands):
            return f"proposed as another type by {trace.source_of((s, e))}"
        return "model_names: " + model_drop_reason(tok, trace.refined, k)
    chosen = {(c.start, c.end, c.type) for c in trace.chosen}
    if span in chosen:
        return "dropped after resolution (_link / link lists)"
    over = [c for c in trace.chosen if c.start < e and s < c.end]
    if not over:
        return "dropped before resolution (link lists / space cut)"
    c = max(over, key=lambda c: c.end - c.start)
    how = "longer" if c.end - c.start > e - s else "shorter/other"
    return f"lost to {how} {c.type} from {trace.source_of((c.start, c.end), c.type)}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--sample", type=int, default=1500, help="sentences to score (0: all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rest", action="store_true",
                    help="score the sentences the sample leaves out (kept aside while rules are tuned on it)")
    ap.add_argument("--cache", type=Path, default=None, help="tagger cache (default DATA.tokens.pkl)")
    ap.add_argument("-v", action="count", default=0, help="list examples of each loss and wrong addition (-vv: all)")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args(argv)

    data = [(s, g) for s, g in read_bio(args.data) if len(s) >= 4]
    if args.sample and args.sample < len(data):
        keep = sorted(random.Random(args.seed).sample(range(len(data)), args.sample))
        if args.rest:
            keep = sorted(set(range(len(data))) - set(keep))
        data = [data[i] for i in keep]
    cache_path = args.cache or args.data.with_suffix(args.data.suffix + ".tokens.pkl")
    cache: dict[str, list[Token]] = {}
    if cache_path.exists():
        cache = pickle.loads(cache_path.read_bytes())
    missing = [s for s, _ in data if to_simplified(s) not in cache]
    for n, s in enumerate(missing, 1):
        simp = to_simplified(s)
        cache[simp] = tag_text(simp)
        if n % 200 == 0:
            print(f"  tagged {n}/{len(missing)}", file=sys.stderr)
    if missing:
        cache_path.write_bytes(pickle.dumps(cache))

    trace = Trace()
    trace.install()
    gold, raw, step = [], [], []
    losses: Counter[str] = Counter()
    dropped_wrong: Counter[str] = Counter()
    added_wrong: Counter[str] = Counter()
    added_right: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for sent, g in data:
        tokens = cache[to_simplified(sent)]
        r = {(t.start, t.end, TYPES[t.tag]) for t in tokens if t.tag in TYPES}
        trace.reset()
        mentions = E.extract_entities(sent, tokens=tokens)
        b = {(m.start, m.end, m.type) for m in mentions if m.type in ("place", "org", "person")}
        final = {(m.start, m.end): m.type for m in mentions}
        gold.append(g)
        raw.append(r)
        step.append(b)
        for span in (r & g) - b:
            why = loss_reason(trace, span, final)
            losses[why] += 1
            examples[why].append(f"{sent[span[0]:span[1]]} ({span[2]}) | {sent}")
        for span in (r - g) - b:
            why = loss_reason(trace, span, final)
            dropped_wrong[why] += 1
            examples["wrong " + why].append(f"{sent[span[0]:span[1]]} ({span[2]}) | {sent}")
        for span in b - r:
            src = trace.source_of(span[:2], span[2])
            (added_right if span in g else added_wrong)[src] += 1
            if span not in g:
                examples["added wrong by " + src].append(f"{sent[span[0]:span[1]]} ({span[2]}) | {sent}")

    print(f"{args.data.name}: {len(data)} sentences, {sum(len(x) for x in gold)} gold spans")
    print(f"{'':8} {'(a) raw LAC':>24}   {'(b) entity step':>24}")
    print(f"{'type':8} {'P':>7} {'R':>7} {'F1':>7}   {'P':>7} {'R':>7} {'F1':>7}")
    sa, sb = score(gold, raw), score(gold, step)
    for kind in ("place", "org", "person", "all"):
        a, b = sa[kind], sb[kind]
        print(f"{kind:8} {a[0]:7.3f} {a[1]:7.3f} {a[2]:7.3f}   {b[0]:7.3f} {b[1]:7.3f} {b[2]:7.3f}")
    lost_total = sum(losses.values())
    print(f"\nspans of (a) that (b) lacks: right {lost_total}, wrong {sum(dropped_wrong.values())}"
          " (a rule that loses more right than wrong ones costs F1)")
    print(f"  {'right':>5} {'wrong':>5}  reason")
    for why in sorted(set(losses) | set(dropped_wrong), key=lambda w: -(losses[w] + dropped_wrong[w]))[: args.top]:
        n = losses[why]
        print(f"  {n:5d} {dropped_wrong[why]:5d}  {why}")
        if args.v:
            for ex in examples[why][:4]:
                print(f"           right: {ex[:110]}")
            for ex in examples["wrong " + why][:4]:
                print(f"           wrong: {ex[:110]}")
        if args.v:
            for ex in examples[why][:4]:
                print(f"           {ex[:120]}")
    print(f"\nspans (b) adds that (a) lacks: right {sum(added_right.values())}, wrong {sum(added_wrong.values())}")
    for src in sorted(set(added_right) | set(added_wrong), key=lambda s: -(added_right[s] + added_wrong[s])):
        print(f"  {src:22} right {added_right[src]:5d}  wrong {added_wrong[src]:5d}")
        if args.v:
            for ex in examples["added wrong by " + src][: 4 if args.v < 2 else None]:
                print(f"           {ex[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
