"""The search index: built once per graph, answers many "who do I call" queries.

What: an inverted index from Finnish terms (base forms and compound parts, see
:mod:`graphmap.search.text`) to units, plus what ranking needs per unit (level,
area, self-referral, capacity load, roles) and a unit-level link adjacency for
referral paths.

Why: answering from the graph by scanning every unit's text per query is too slow
for the national network (issue 3: ≤ 50 ms p95); Finnish inflection and
compounding mean query and services must be normalised the same way.

How: every unit's ``services`` (weight 1.0), name (0.7), role titles (0.5) and
description (0.4) are analysed; a term from a compound part counts 0.6 of its
field's weight.  A query word's terms are its own lemmas (1.0) and parts (0.6),
base forms of service keywords from the synonym table (0.8), and — only for long
words (≥ 6 letters) that match nothing — close spellings from the vocabulary
(difflib ratio ≥ 0.85, weight 0.7).  Per unit and query word the best
``query weight × field weight × idf`` counts, with
``idf = 0.5 + 0.5·log(N/df)/log(N)`` so common words ("perhe") count less.
``match`` is the mean over the query words that hit anything in the index; units
below 0.15 are not answers.  Ranking then follows :mod:`graphmap.search.rank`,
computed over numpy columns (one row per unit, sorted by id) so a query costs a few
array operations rather than a Python loop over every matching unit.
Reference: Manning, Raghavan & Schütze, *Introduction to Information Retrieval*,
ch. 1 (inverted index) and 6.2 (tf-idf weighting).
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..model import Level, LinkKind, UnitType, closest
from ..privacy import hidden_names, public_record, public_view
from . import rank
from .synonyms import SynonymTable, load_synonyms
from .text import ALL_STOP_WORDS, LANGS, SimplemmaLemmatiser, analyse_words, \
    make_lemmatiser, tokens

FIELD_WEIGHTS = {"services": 1.0, "name": 0.7, "roles": 0.5, "description": 0.4}
PART_WEIGHT = 0.6
SYNONYM_WEIGHT = 0.8
FUZZY_WEIGHT, FUZZY_MIN_LEN, FUZZY_CUTOFF = 0.7, 6, 0.85
MIN_MATCH = 0.15
MAX_AGE = 25
MAX_TEXT = 1000  # characters; a worry, not a case file (no client data, DOMAIN.md §8)
MAX_HOPS = 3  # a longer chain is no escorted route (DOMAIN.md §5, S:3743-3751)
#: Links a worker can follow from their own unit to another (DOMAIN.md §4).
PATH_KINDS = {LinkKind.REFERS, LinkKind.CONSULTS, LinkKind.OUTREACH, LinkKind.WORKS_WITH,
              LinkKind.CONTACT}
#: Of those, the ones that run both ways whichever way they were entered.
BOTH_WAYS = {LinkKind.WORKS_WITH, LinkKind.CONTACT}


#: the role fields an answer carries
ROLE_FIELDS = ("id", "title", "person", "phone", "email", "verified")


class SearchError(ValueError):
    """A bad search parameter.  ``param`` names it; ``status`` is 404 for an id that
    does not exist (area, from_unit) and 400 for a value out of range."""

    def __init__(self, param: str, message: str, status: int = 400):
        super().__init__(message)
        self.param = param
        self.status = status


@dataclass
class UnitDoc:
    id: str
    attrs: dict
    service_terms: list[tuple[str, frozenset]] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    in_volume: int = 0


@dataclass
class QueryWord:
    word: str
    terms: dict[str, float]


class SearchIndex:
    """See the module docstring.  Build with :func:`build_index`."""

    def __init__(self, g, *, lemmatiser: str | None = None, synonyms=None):
        self.areas: dict[str, dict] = dict(g.graph.get("areas", {}))
        self.organisations: dict[str, dict] = dict(g.graph.get("organisations", {}))
        vocab = set()
        units = {n: d for n, d in g.nodes(data=True) if d.get("kind") == "unit"}
        role_nodes = {n: d for n, d in g.nodes(data=True) if d.get("kind") == "role"}
        for d in list(units.values()) + list(role_nodes.values()):
            for text in list(d.get("services") or []) + [d.get("name") or "", d.get("title") or ""]:
                vocab.update(tokens(text))
        self.lemmatiser = make_lemmatiser(lemmatiser, vocab=vocab)
        if isinstance(self.lemmatiser, SimplemmaLemmatiser):
            self.lemmatiser.vocab |= vocab
        if isinstance(synonyms, SynonymTable):
            self.synonyms = synonyms
        else:
            self.synonyms = load_synonyms(synonyms, self.lemmatiser)

        self.docs: dict[str, UnitDoc] = {}
        self.postings: dict[str, dict[str, float]] = {}
        self._text_cache: dict[str, tuple] = {}
        for uid, d in units.items():
            doc = UnitDoc(uid, d)
            self.docs[uid] = doc
            for service in d.get("services") or []:
                terms = self._add_text(uid, service, FIELD_WEIGHTS["services"])
                doc.service_terms.append((service, frozenset(terms)))
            self._add_text(uid, d.get("name") or "", FIELD_WEIGHTS["name"])
            self._add_text(uid, d.get("description") or "", FIELD_WEIGHTS["description"])
        for rid, d in role_nodes.items():
            doc = self.docs.get(d.get("unit"))
            if doc is None:
                continue
            terms = self._add_text(doc.id, d.get("title") or "", FIELD_WEIGHTS["roles"])
            doc.roles.append({**d, "id": rid, "_terms": frozenset(terms)})
        self.role_unit = {r["id"]: doc.id for doc in self.docs.values() for r in doc.roles}
        self.hidden = hidden_names(role_nodes.values())
        self._text_cache.clear()
        n = max(len(self.docs), 1)
        self.idf = {t: (0.5 + 0.5 * math.log(n / len(p)) / math.log(n)) if n > 1 else 1.0
                    for t, p in self.postings.items()}
        self.fuzzy_vocab = sorted(t for t in self.postings if len(t) >= FUZZY_MIN_LEN)
        self._fuzzy = lru_cache(maxsize=10_000)(self._fuzzy_uncached)
        self._build_links(g)
        self._area_cache: dict[str, tuple[str, ...]] = {}
        self.static = {uid: self._static(doc) for uid, doc in self.docs.items()
                       if doc.attrs.get("type") != UnitType.FORUM.value}
        self._build_arrays()

    # ----------------------------------------------------------------- building
    def _text_terms(self, text: str) -> tuple[tuple[str, float], ...]:
        """(term, factor) pairs of a text; memoised, since service keywords and role
        titles repeat across thousands of units."""
        found = self._text_cache.get(text)
        if found is None:
            pairs: dict[str, float] = {}
            for a in analyse_words(text, "fi", self.lemmatiser):
                for b in a.bases:
                    pairs[b] = 1.0
                for p in a.parts:
                    pairs.setdefault(p, PART_WEIGHT)
            found = self._text_cache[text] = tuple(pairs.items())
        return found

    def _add_text(self, uid: str, text: str, weight: float) -> set[str]:
        terms = set()
        for term, factor in self._text_terms(text):
            w = weight * factor
            posting = self.postings.setdefault(term, {})
            if posting.get(uid, 0.0) < w:
                posting[uid] = w
            terms.add(term)
        return terms

    def _build_links(self, g) -> None:
        role_unit = self.role_unit

        def owner(node):
            return role_unit.get(node, node)

        self.adjacent: dict[str, set[str]] = {}
        fc_pairs = set()
        for u, v, d in g.edges(data=True):
            a, b = owner(u), owner(v)
            if a == b or a not in self.docs or b not in self.docs:
                continue
            kind = d.get("kind")
            if kind == LinkKind.REFERS and d.get("volume"):
                self.docs[b].in_volume += int(d["volume"])
            if kind in PATH_KINDS:
                self.adjacent.setdefault(a, set()).add(b)
                if kind in BOTH_WAYS:
                    self.adjacent.setdefault(b, set()).add(a)
            fa, fb = self.docs[a].attrs.get("fc_area"), self.docs[b].attrs.get("fc_area")
            if fa and fb and fa != fb:
                fc_pairs.add((fa, fb))
                fc_pairs.add((fb, fa))
        self.fc_neighbours = fc_pairs
        # sorted lists: the same shortest path every run (set order follows str hashes)
        self.adjacent = {n: sorted(v) for n, v in self.adjacent.items()}

    def _static(self, doc: UnitDoc) -> dict:
        """The query-independent part of a unit's ranking, computed once."""
        d = doc.attrs
        dates = [_date(r.get("verified")) for r in doc.roles if r.get("verified")]
        return {"attrs": d, "fc_area": d.get("fc_area"), "ages": d.get("ages"),
                "level": d.get("level") or Level.UNIVERSAL.value,
                "self_referral": bool(d.get("self_referral")),
                "load": rank.load_penalty(doc.in_volume, d.get("capacity"))[0],
                "verified": max(dates) if dates else None}

    def _build_arrays(self) -> None:
        """Columns over units sorted by id, so a query scores every unit at once."""
        self.uids = sorted(self.docs)
        self.pos = {uid: i for i, uid in enumerate(self.uids)}
        n = len(self.uids)
        self.callable = np.zeros(n, bool)
        self.level_bonus = np.zeros(n)
        self.self_referral = np.zeros(n)
        self.load = np.zeros(n)
        self.verified = np.zeros(n, np.int64)
        self.age_lo = np.full(n, -1)
        self.age_hi = np.full(n, 10_000)
        self.fc_ids = sorted({str(d.attrs.get("fc_area")) for d in self.docs.values()})
        fc_code = {fc: i for i, fc in enumerate(self.fc_ids)}
        self.fc_code = np.zeros(n, np.int64)
        for i, uid in enumerate(self.uids):
            self.fc_code[i] = fc_code[str(self.docs[uid].attrs.get("fc_area"))]
            st = self.static.get(uid)
            if st is None:
                continue
            self.callable[i] = True
            self.level_bonus[i] = rank.LEVEL_BONUS.get(st["level"], 0.0)
            self.self_referral[i] = st["self_referral"]
            self.load[i] = st["load"]
            self.verified[i] = st["verified"].toordinal() if st["verified"] else 0
            if st["ages"]:
                self.age_lo[i], self.age_hi[i] = st["ages"]
        self.columns = {}
        for term, posting in self.postings.items():
            idx = np.fromiter((self.pos[u] for u in posting), np.int64, len(posting))
            self.columns[term] = (idx, np.fromiter(posting.values(), float, len(posting)))
        self._relations: dict[str, tuple[list[str], np.ndarray]] = {}

    # ------------------------------------------------------------------ areas
    def _ancestors(self, area_id: str | None) -> tuple[str, ...]:
        """``area_id`` and the areas above it, nearest first."""
        if area_id is None:
            return ()
        if area_id not in self._area_cache:
            chain, current = [], area_id
            while current and current in self.areas and current not in chain:
                chain.append(current)
                current = self.areas[current].get("parent")
            self._area_cache[area_id] = tuple(chain)
        return self._area_cache[area_id]

    def _fc_of(self, area_id: str) -> str:
        for a in self._ancestors(area_id):
            if self.areas[a].get("kind") == "family_centre_area":
                return a
        return area_id

    def _county_of(self, area_id: str | None) -> str | None:
        chain = self._ancestors(area_id)
        return next((a for a in chain if self.areas[a].get("kind") in ("county", "region")), None)

    def _area_relation(self, target: str, fc: str | None) -> str:
        """How a unit in family-centre area ``fc`` lies from the area ``target``."""
        target_fc = self._fc_of(target)
        if fc and (fc == target_fc or target in self._ancestors(fc)):
            return "same"
        if fc and fc in self._ancestors(target_fc):
            return "covers"  # a county-wide unit: it serves this area too
        county = self._county_of(target_fc)
        if (county and county == self._county_of(fc)) or (target_fc, fc) in self.fc_neighbours:
            return "near"
        return "far"

    def relations(self, target: str) -> tuple[list[str], np.ndarray]:
        """Per family-centre area (by code): its relation to ``target`` and the bonus."""
        if target not in self._relations:
            rel = [self._area_relation(target, fc) for fc in self.fc_ids]
            self._relations[target] = (rel, np.array([rank.AREA_BONUS[r] for r in rel]))
        return self._relations[target]

    # ------------------------------------------------------------------ query
    def parse(self, text: str, lang: str | None = None) -> tuple[list[QueryWord], bool]:
        """The query's words with their weighted terms, and whether it is urgent."""
        # ``lang`` is a hint (the web passes its UI language): every synonym table is
        # tried, but only the hinted language, or words Finnish does not know, go
        # through simplemma's sv/en dictionaries (loading one takes seconds).
        stop = ALL_STOP_WORDS
        words: list[QueryWord] = []
        by_lang: dict[str, list[set[str]]] = {lg: [] for lg in LANGS}
        for word in tokens(text):
            fi = self.lemmatiser.analyse(word)
            if word in stop or (fi.bases and all(b in stop for b in fi.bases)):
                continue
            terms = {b: 1.0 for b in fi.bases}
            for p in fi.parts:
                terms.setdefault(p, PART_WEIGHT)
            by_lang["fi"].append({word, *fi.bases, *fi.parts})
            for lg in LANGS:
                if lg == "fi":
                    continue
                if lg != lang and fi.known:
                    by_lang[lg].append({word})
                    continue
                lemma = analyse_words(word, lg)
                alts = {word, *(lemma[0].bases if lemma else ())}
                by_lang[lg].append(alts)
                for alt in alts:
                    terms.setdefault(alt, 1.0)
            words.append(QueryWord(word, terms))
        if not words:
            return [], False
        expansions = self.synonyms.expand(by_lang)
        for targets in expansions.values():
            for i, keywords in targets.items():
                for kw in keywords:
                    # bases only: a target's parts ("lasten|valvoja" → lapsi) would
                    # pull in every service named for children
                    for a in analyse_words(kw, "fi", self.lemmatiser):
                        for t in a.bases:
                            if words[i].terms.get(t, 0.0) < SYNONYM_WEIGHT:
                                words[i].terms[t] = SYNONYM_WEIGHT
        for w in words:
            # a hit through a compound part alone does not stop the typo check
            if len(w.word) >= FUZZY_MIN_LEN and not any(
                    t in self.postings for t, wt in w.terms.items() if wt >= SYNONYM_WEIGHT):
                for t in self._fuzzy(max(w.terms, key=w.terms.get)):
                    w.terms.setdefault(t, FUZZY_WEIGHT)
        return words, self.synonyms.is_urgent(by_lang)

    def _fuzzy_uncached(self, term: str) -> tuple[str, ...]:
        return tuple(difflib.get_close_matches(term, self.fuzzy_vocab, n=2, cutoff=FUZZY_CUTOFF))

    def match(self, words: list[QueryWord]) -> np.ndarray | None:
        """Match strength per unit (∈ [0, 1], in ``self.uids`` order), or None when no
        query word is in the index."""
        total = np.zeros(len(self.uids))
        live = 0
        for w in words:
            best = None
            for term, qw in w.terms.items():
                column = self.columns.get(term)
                if column is None:
                    continue
                if best is None:
                    best = np.zeros(len(self.uids))
                idx, fw = column
                np.maximum.at(best, idx, qw * self.idf[term] * fw)
            if best is not None:
                total += best
                live += 1
        return total / live if live else None

    # --------------------------------------------------------------- answers
    def _check(self, text, area, age, from_unit, lang, limit, today):
        if not isinstance(text, str) or not text.strip():
            raise SearchError("text", "tell what the worry is: the search text is empty")
        if len(text) > MAX_TEXT:
            raise SearchError("text", f"the search text is {len(text)} characters; "
                              f"describe the worry in at most {MAX_TEXT}")
        if area is not None and area not in self.areas:
            hint = closest(str(area), self.areas)
            raise SearchError("area", f"no area with id {area!r}"
                              + (f" (did you mean {hint!r}?)" if hint else ""), 404)
        if age is not None:
            try:
                if isinstance(age, (bool, float)):
                    raise ValueError
                age = int(age)
                if not 0 <= age <= MAX_AGE:
                    raise ValueError
            except (TypeError, ValueError):
                raise SearchError("age", f"age must be a whole number from 0 to {MAX_AGE}, "
                                  f"got {age!r}") from None
        if from_unit is not None:
            owner = self._owner(from_unit)
            if owner is None:
                hint = closest(str(from_unit), self.docs)
                raise SearchError("from_unit", f"no unit or role with id {from_unit!r}"
                                  + (f" (did you mean {hint!r}?)" if hint else ""), 404)
        if lang is not None and lang not in LANGS:
            raise SearchError("lang", f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
            raise SearchError("limit", f"limit must be a whole number from 1 to 100, got {limit!r}")
        if today is None:
            today = dt.date.today()
        elif isinstance(today, str):
            try:
                today = dt.date.fromisoformat(today)
            except ValueError:
                raise SearchError("today", f"today must be a date like 2026-11-24, got {today!r}") from None
        return age, today

    def _owner(self, node: str) -> str | None:
        """The unit itself, or the unit of a role given as "my unit"."""
        return node if node in self.docs else self.role_unit.get(node)

    def paths_from(self, unit: str, max_hops: int = MAX_HOPS) -> tuple[dict, dict]:
        """Breadth-first tree of shortest paths from ``unit``, at most ``max_hops``
        links, over refers/consults/outreach (as entered) and works_with/contact (both
        ways): (node → parent, node → hops); see :meth:`path`."""
        parent: dict[str, str | None] = {unit: None}
        hops = {unit: 0}
        frontier = [unit]
        for depth in range(1, max_hops + 1):
            nxt_frontier = []
            for node in frontier:
                for nxt in self.adjacent.get(node, ()):
                    if nxt not in parent:
                        parent[nxt] = node
                        hops[nxt] = depth
                        nxt_frontier.append(nxt)
            frontier = nxt_frontier
        return parent, hops

    @staticmethod
    def path(parent: dict[str, str | None], node: str) -> list[str] | None:
        if node not in parent:
            return None
        out = []
        while node is not None:
            out.append(node)
            node = parent[node]
        return out[::-1]

    def who_to_call(self, text: str, *, area: str | None = None, age: int | None = None,
                    from_unit: str | None = None, lang: str | None = None, limit: int = 10,
                    today: dt.date | None = None) -> list[dict]:
        """Ranked answers for a worry (best first); see the package docstring for the
        shape.  ``lang`` (fi, sv, en) is the language of the reasons and a hint for
        the query.  Raises :class:`SearchError` for a bad parameter."""
        age, today = self._check(text, area, age, from_unit, lang, limit, today)
        words, urgent = self.parse(text, lang)
        strength = self.match(words)
        if strength is None:
            return []
        mask = (strength >= MIN_MATCH) & self.callable
        if age is not None:
            mask &= (self.age_lo <= age) & (age <= self.age_hi)
        me = self._owner(from_unit) if from_unit is not None else None
        parent, hops = self.paths_from(me) if me else ({}, {})
        if me:
            mask[self.pos[me]] = False
        cand = np.flatnonzero(mask)  # ascending index = ascending unit id
        if not cand.size:
            return []
        area_bonus, relation_of = 0.0, None
        if area:
            relation_of, bonus_by_fc = self.relations(area)
            area_bonus = bonus_by_fc[self.fc_code[cand]]
        path_bonus = np.zeros(len(self.uids))
        for node, n in hops.items():
            path_bonus[self.pos[node]] = rank.PATH_BONUS.get(n, 0.0)
        scores = rank.score(match=strength[cand], level_bonus=self.level_bonus[cand],
                            urgent=urgent, self_referral=self.self_referral[cand],
                            area_bonus=area_bonus, path_bonus=path_bonus[cand],
                            load=self.load[cand],
                            fresh=rank.fresh_bonus(self.verified[cand], today.toordinal()))
        top = np.argsort(-scores, kind="stable")[:limit]  # stable: ties stay in id order
        query_terms = {t for w in words for t in w.terms}
        out = []
        for j in top:
            i = int(cand[j])
            uid = self.uids[i]
            relation = relation_of[self.fc_code[i]] if relation_of else None
            hits = {t for t in query_terms if uid in self.postings.get(t, ())}
            out.append(self._answer(uid, float(scores[j]), float(strength[i]), relation,
                                    self.path(parent, uid) if me else None, hits, query_terms,
                                    lang or "fi", today, urgent))
        return out

    def _best_role(self, doc: UnitDoc, query_terms: set[str]) -> dict | None:
        """Public first, then a title that matches the need, a phone, the latest check."""
        if not doc.roles:
            return None
        return max(doc.roles, key=lambda r: (
            bool(r.get("public", True)), bool(r["_terms"] & query_terms), bool(r.get("phone")),
            r.get("verified") or "", r["id"]))

    def _answer(self, uid, score, m, relation, path, hits, query_terms, lang, today,
                urgent=False) -> dict:
        doc = self.docs[uid]
        d, st = doc.attrs, self.static[uid]
        matched = [s for s, terms in doc.service_terms if terms & hits]
        area = self.areas.get(d.get("area"), {})
        org = self.organisations.get(d.get("organisation"), {})
        role = self._best_role(doc, query_terms)
        public_role = None
        if role is not None:
            # Privacy (graphmap.privacy, the one rule): answers are what anyone may see —
            # a non-public contact shows its title only
            shown = public_view(role, None, hidden=self.hidden)
            public_role = {name: shown.get(name) for name in ROLE_FIELDS}
        reasons = rank.reasons(level=st["level"], area_relation=relation,
                               self_referral=st["self_referral"],
                               hops=len(path) - 1 if path else None, in_volume=doc.in_volume,
                               capacity=d.get("capacity"), verified=st["verified"], today=today,
                               urgent=urgent)
        unit_contact = public_record({"phone": d.get("phone"), "email": d.get("email")},
                                     None, self.hidden)
        phone = (public_role or {}).get("phone") or unit_contact["phone"]
        email = (public_role or {}).get("email") or unit_contact["email"]
        return {
            "unit": uid, "unit_name": d.get("name"), "area": d.get("area"),
            "area_name": area.get("name", d.get("area")), "organisation": org.get("name", d.get("organisation")),
            "sector": d.get("sector"), "level": d.get("level"),
            "self_referral": bool(d.get("self_referral")), "role": public_role,
            "channel": {"phone": phone, "email": email, "channels": list(d.get("channels") or [])},
            "score": round(score, 2), "match": round(m, 3),
            "matched": matched or sorted(hits),
            "why": rank.explain(reasons, lang, terms=matched or sorted(hits),
                                area_name=area.get("name", d.get("area"))),
            "path": path,
        }


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def build_index(g, *, lemmatiser: str | None = None, synonyms=None) -> SearchIndex:
    """A :class:`SearchIndex` over ``g`` (from :func:`graphmap.graph.build_graph`).

    ``lemmatiser``: ``"voikko"``, ``"simplemma"`` or ``None`` (best available);
    ``synonyms``: a path to a synonym TOML file, a :class:`SynonymTable`, or
    ``None`` for the bundled ``graphmap/data/synonyms.toml``."""
    return SearchIndex(g, lemmatiser=lemmatiser, synonyms=synonyms)
