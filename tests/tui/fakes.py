"""An in-memory stand-in for ``store.query.Store`` with the same shape.

Used where a real database would be slow to make (100,000 figures for the paging tests)
and to check the app against exact, hand-made records.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from store.errors import QueryError
from store.models import Change
from store.query import (
    ArticleDetail,
    ArticleRow,
    EntityRow,
    MentionRow,
    MetricQuery,
    MetricRow,
    SearchHit,
    Stats,
    as_query,
    period_bound,
)
from store.search import fold
from store.textnorm import pinyin_key

ROOT = Path(__file__).resolve().parents[2]


class FakeStore:
    def __init__(self, articles: list[ArticleDetail], entities: dict[int, EntityRow],
                 db_path: str = "fake.db") -> None:
        self._articles = articles
        self._by_id = {a.id: a for a in articles}
        self._entities = entities
        self.db_path = db_path
        self.closed = False
        self._all_metrics = [m for a in articles for m in a.metrics]
        self._counted: set[tuple] = set()

    def close(self) -> None:
        self.closed = True

    def refresh(self) -> None:
        pass

    def stats(self) -> Stats:
        return Stats(documents=len(self._articles), articles=len(self._articles),
                     entities=len(self._entities),
                     mentions=sum(len(a.mentions) for a in self._articles),
                     metrics=len(self._all_metrics), db_path=self.db_path, schema_version=1)

    def _article_ids(self, entity_id: int | None) -> list[int]:
        if entity_id is None:
            return [a.id for a in self._articles]
        entity = self._entities[entity_id]
        keys = {entity_id}
        if entity.type == "place" and entity.path:
            keys |= {e.id for e in self._entities.values()
                     if e.path and e.path.startswith(entity.path + "/")}
        return [a.id for a in self._articles if any(m.entity_id in keys for m in a.mentions)]

    def count_articles(self, *, entity_id: int | None = None) -> int:
        return len(self._article_ids(entity_id))

    def articles(self, *, entity_id: int | None = None, offset: int = 0, limit: int = 200) -> list[ArticleRow]:
        ids = self._article_ids(entity_id)[offset:offset + limit]
        rows = []
        for i in ids:
            a = self._by_id[i]
            rows.append(ArticleRow(id=a.id, title=a.title, display_title=a.display_title,
                                   publisher=a.publisher, date=a.date, source=a.source,
                                   entity_count=len({m.entity_id for m in a.mentions}),
                                   metric_count=len(a.metrics)))
        return rows

    def article_position(self, article_id: int, *, entity_id: int | None = None) -> int | None:
        ids = self._article_ids(entity_id)
        return ids.index(article_id) if article_id in ids else None

    def article(self, article_id: int) -> ArticleDetail:
        return self._by_id[article_id]

    def entities(self, *, article_id: int | None = None, type: str | None = None,
                 limit: int | None = None) -> list[EntityRow]:
        counts: dict[int, int] = {}
        arts: dict[int, set[int]] = {}
        for a in self._articles:
            if article_id is not None and a.id != article_id:
                continue
            for m in a.mentions:
                counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
                arts.setdefault(m.entity_id, set()).add(a.id)
        rows = [replace(self._entities[i], mention_count=c, article_count=len(arts[i]))
                for i, c in counts.items() if type is None or self._entities[i].type == type]
        rows.sort(key=lambda e: (-e.mention_count, e.name))
        return rows[:limit] if limit else rows

    def entity(self, entity_id: int) -> EntityRow:
        return self._entities[entity_id]

    def built_at(self) -> str | None:
        return None

    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityRow]:
        return [e for e in self._entities.values() if fold(name) in fold(e.name)][:limit]

    def metric_values(self, column: str, *, limit: int = 200) -> list[tuple[str, int]]:
        counts = Counter(getattr(m, column) for m in self._all_metrics if getattr(m, column))
        return counts.most_common(limit)

    def warm_up(self) -> None:
        pass

    def match_spans(self, article_id: int, query: str) -> list[tuple[int, int]]:
        body = self._by_id[article_id].body
        return [(mt.start(), mt.end()) for w in query.split() for mt in re.finditer(re.escape(w), body)]

    def _filtered(self, q: MetricQuery) -> list[MetricRow]:
        """The figures of ``q``, by the meaning Store gives each field (checked against the
        real store in tests/test_query.py), tested in Python on the records."""
        rows = self._all_metrics
        if q.article_id is not None:
            rows = [m for m in rows if m.article_id == q.article_id]
        if q.text:
            t = fold(q.text)
            rows = [m for m in rows if any(t in fold(f or "") for f in
                                           (m.subject, m.indicator, m.quantity, m.period, m.article_title))]
        if q.indicator:
            rows = [m for m in rows if fold(m.indicator or "") == fold(q.indicator)]
        if q.unit:
            rows = [m for m in rows if fold(q.unit) in (fold(m.unit or ""), fold(m.base_unit or ""))]
        if q.entity:
            e = fold(q.entity).strip("/")
            rows = [m for m in rows if fold(m.subject or "") == e or (m.subject_path and (
                f"/{e}/" in f"/{m.subject_path}/"))]
        if q.kind is not None:
            rows = [m for m in rows if m.kind == q.kind]
        if q.period_from:
            start = period_bound(q.period_from, end=False)
            rows = [m for m in rows if m.period_end and m.period_end >= start]
        if q.period_to:
            end = period_bound(q.period_to, end=True)
            rows = [m for m in rows if m.period_start and m.period_start <= end]
        return rows

    def count_metrics(self, query: MetricQuery | None = None, **given) -> int:
        q = as_query(query, given)
        self._counted.add(q.with_sort(None))
        return len(self._filtered(q))

    def known_metric_count(self, query: MetricQuery | None = None, **given) -> int | None:
        # As the real store: a text filter over the whole store is known once counted.
        q = as_query(query, given)
        if q.article_id is None and q.text and q.with_sort(None) not in self._counted:
            return None
        return self.count_metrics(q)

    def metrics(self, query: MetricQuery | None = None, *, offset: int = 0, limit: int | None = 200,
                **given) -> list[MetricRow]:
        q = as_query(query, given)
        rows = self._filtered(q)
        sort = q.sort
        if sort:
            def key(m: MetricRow):
                if sort == "value":
                    return (0, m.base_value, "")
                if sort == "change":
                    return (0, m.change.value if m.change else float("-inf"), "")
                if sort == "article":
                    return (0, 0, m.article_title)
                if sort == "subject":  # pinyin order, as the store's subject_sort
                    return (0, 0, pinyin_key(m.subject) or "")
                if sort == "period":  # by time, then as printed
                    return (0, 0, (m.period_start or "", m.period_end or "", m.period or ""))
                return (0, 0, getattr(m, sort) or "")
            rows = sorted(rows, key=key, reverse=q.descending)
        end = None if limit is None else offset + limit
        return rows[offset:end]

    def iter_metrics(self, query: MetricQuery | None = None, *, limit: int | None = None,
                     chunk: int = 2000, **given) -> Iterator[MetricRow]:
        yield from self.metrics(query, limit=limit, **given)

    def iter_entities(self, *, type: str | None = None, limit: int | None = None,
                      chunk: int = 2000) -> Iterator[EntityRow]:
        yield from self.entities(type=type, limit=limit)

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        words = [w for w in re.split(r"\s+", query.strip()) if w and w.isalnum()]
        if not words:
            raise QueryError(f"Nothing to search for in {query!r}: type a word, e.g. 北斗.")
        hits = []
        for a in self._articles:
            spans = []
            for w in words:
                spans += [(mt.start(), mt.end()) for mt in re.finditer(re.escape(w), a.body)]
            if not spans:
                continue
            spans.sort()
            s0 = max(0, spans[0][0] - 20)
            snippet = a.body[s0:s0 + 60]
            sspans = [(s - s0, e - s0) for s, e in spans if s >= s0 and e <= s0 + 60]
            tspans = [(mt.start(), mt.end()) for w in words for mt in re.finditer(re.escape(w), a.display_title)]
            hits.append(SearchHit(article_id=a.id, title=a.display_title, source=a.source,
                                  publisher=a.publisher, date=a.date, score=float(len(spans)),
                                  snippet=snippet, snippet_spans=sspans, body_spans=spans,
                                  title_spans=tspans))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


_PATHS = {"山东省": "山东省", "济南市": "山东省/济南市", "章丘区": "山东省/济南市/章丘区",
          "天桥区": "山东省/济南市/天桥区", "滨州市": "山东省/滨州市", "济南高新区": "山东省/济南市/济南高新区"}


def seeds_fake_store() -> FakeStore:
    """Articles from the seeds with mentions and figures taken from the gold files."""
    articles: list[ArticleDetail] = []
    entities: dict[int, EntityRow] = {}
    entity_ids: dict[tuple[str, str], int] = {}
    metric_id = 0
    for gold_path in sorted((ROOT / "tests/data/gold").glob("*.json")):
        gold = json.loads(gold_path.read_text())
        raw = (ROOT / "seeds" / gold["source"]).read_text(errors="replace")
        lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
        for ga in gold["articles"]:
            start = next((i for i, ln in enumerate(lines) if ln.startswith(ga["body_starts_with"][:10])), 0)
            body = "\n".join(lines[start:start + 40])
            aid = len(articles) + 1
            title = ga["title"]
            detail = ArticleDetail(id=aid, source=gold["source"], title=title,
                                   display_title=title or body[:20], subtitle=ga.get("subtitle"),
                                   kicker=ga.get("kicker"), authors=ga.get("authors", []),
                                   contributors=ga.get("contributors", []), publisher=ga.get("publisher"),
                                   date=ga.get("date"), body=body)
            for etype, names in ga["entities"].items():
                for name in names:
                    key = (etype, name)
                    if key not in entity_ids:
                        entity_ids[key] = len(entity_ids) + 1
                        entities[entity_ids[key]] = EntityRow(id=entity_ids[key], name=name, type=etype,
                                                              path=_PATHS.get(name) if etype == "place" else None,
                                                              mention_count=0, article_count=0)
                    for mt in re.finditer(re.escape(name), body):
                        detail.mentions.append(MentionRow(entity_id=entity_ids[key], text=name, type=etype,
                                                          start=mt.start(), end=mt.end()))
            detail.mentions.sort(key=lambda m: (m.start, -m.end))
            for gm in ga["metrics"]:
                pos = body.find(gm["text"])
                if pos < 0:
                    continue
                s0 = max(body.rfind("。", 0, pos), body.rfind("\n", 0, pos)) + 1
                s1 = min([i for i in (body.find("。", pos), body.find("\n", pos)) if i >= 0] or [len(body)])
                s1 = min(len(body), s1 + 1) if body[s1:s1 + 1] == "。" else s1
                metric_id += 1
                ch = gm.get("change")
                detail.metrics.append(MetricRow(
                    id=metric_id, article_id=aid, article_title=detail.display_title, text=gm["text"],
                    quantity=gm["quantity"], value=float(gm["value"]), unit=gm["unit"],
                    base_value=float(gm["base_value"]), base_unit=gm["base_unit"],
                    qualifier=gm.get("qualifier"), indicator=gm.get("indicator"), subject=gm.get("subject"),
                    subject_path=_PATHS.get(gm.get("subject") or ""), period=gm.get("period"),
                    change=Change(**ch) if ch else None, start=pos, end=pos + len(gm["text"]),
                    sentence_start=s0, sentence_end=s1, sentence=body[s0:s1], article_publisher=detail.publisher,
                    article_date=detail.date, source=detail.source))
            articles.append(detail)
    return FakeStore(articles, entities, db_path="/tmp/seeds-fake.db")


def big_fake_store(n_metrics: int = 100_000) -> FakeStore:
    """One store with many articles and ``n_metrics`` figures, for paging tests."""
    base = seeds_fake_store()
    articles = []
    metric_id = 0
    per_article = 50
    subjects = ["章丘区", "天桥区", "历下区", "市中区", "槐荫区", "历城区", "长清区", "济南高新区"]
    for i in range(n_metrics // per_article):
        src = base._articles[i % len(base._articles)]
        a = replace(src, id=i + 1, display_title=f"{src.display_title} #{i + 1}", metrics=[])
        for j in range(per_article):
            metric_id += 1
            a.metrics.append(MetricRow(
                id=metric_id, article_id=a.id, article_title=a.display_title, text="技术合同成交额",
                quantity=f"{j + 1}.5亿元", value=j + 1.5, unit="亿元", base_value=(j + 1.5) * 1e8,
                base_unit="元", qualifier=None, indicator="技术合同成交额" if j % 2 else "工业投资",
                subject=subjects[(i + j) % len(subjects)], subject_path=None, period="2022年",
                change=Change("同比增长", float(j % 40), "%"), start=0, end=2, sentence_start=0,
                sentence_end=min(20, len(a.body)), sentence=a.body[:20]))
        articles.append(a)
    return FakeStore(articles, base._entities, db_path="/tmp/big-fake.db")
