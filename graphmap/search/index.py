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
field's weight.  The query is read by :mod:`graphmap.search.query`: the needs it
expresses (:mod:`graphmap.search.needs`) each give a column of the units providing the
need's services (primary door 1.0, each next service 0.1 less); the words no need took
are matched as free text — per unit and word the best ``query weight × field weight ×
idf``, with ``idf = 0.5 + 0.5·log(N/df)/log(N)`` so common words count less; long words
that match nothing get close spellings (difflib ≥ 0.85, weight 0.7).  ``match`` is the
mean over the needs and free-text words; units below 0.15 are not answers.  Ranking then
follows :mod:`graphmap.search.rank` and the rules of docs/search.md (urgent doors first,
the worker's area before other areas, the front door when nothing is understood),
computed over numpy columns (one row per unit, sorted by id) so a query costs a few
array operations rather than a Python loop over every matching unit.
Reference: Manning, Raghavan & Schütze, *Introduction to Information Retrieval*,
ch. 1 (inverted index) and 6.2 (tf-idf weighting).
"""
from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from ..model import Level, LinkKind, UnitType
from .. import hours
from ..bulk import gc_paused
from ..graph import link_columns
from ..network_view import NodeKind, area_tree
from ..privacy import hidden_names, public_record, public_view, shows_person
from . import rank
from .needs import NeedVocabulary, load_needs
from .params import check_params
from .query import ParsedQuery, QueryWord, parse_query
from .text import CHILD_WORDS, PARENT_WORDS, WEAK_PARTS, SimplemmaLemmatiser, \
    analyse_words, make_lemmatiser, tokens

FIELD_WEIGHTS = {"services": 1.0, "name": 0.7, "roles": 0.5, "description": 0.4}
PART_WEIGHT = 0.6
SYNONYM_WEIGHT = 0.8
FUZZY_WEIGHT, FUZZY_MIN_LEN, FUZZY_CUTOFF = 0.7, 6, 0.85
MIN_MATCH = 0.15
ADULT_AGE = 18  # a unit whose ages start here serves parents, not children
PARENT_AGE = 30  # a unit whose ages reach this far serves parents too (all ages)
#: Urgent doors (DOMAIN.md §10): child protection, the round-the-clock social emergency
#: service, the health emergency service.  An urgent need's services in this set come first.
URGENT_DOORS = ("lastensuojelu", "sosiaalipäivystys", "päivystys")
URGENT_MAX = 3
#: A query every index answers (a word the need vocabulary knows): asked once to load
#: the lemmatiser and its caches, and to prove an index read from a file works.
WARM_QUERY = "neuvola"
#: The area's front door when a query is not understood (one number, O:243).
FRONT_DOOR_SERVICES = ("palveluohjaus", "perheohjaus", "lastenneuvola")
LEVEL_ORDER = {"universal": 0, "early": 1, "special": 2, "protection": 3}
ELSEWHERE_SCAN = 300
MORE_SERVICES = 0.03  # per further service of the need a unit provides
RELATION_RANK = {"same": 0, "covers": 1, "near": 2, "far": 3}
MAX_HOPS = 3  # a longer chain is no escorted route (DOMAIN.md §5, S:3743-3751)
#: Links a worker can follow from their own unit to another (DOMAIN.md §4).
PATH_KINDS = {LinkKind.REFERS, LinkKind.CONSULTS, LinkKind.OUTREACH, LinkKind.WORKS_WITH,
              LinkKind.CONTACT}
#: Of those, the ones that run both ways whichever way they were entered.
BOTH_WAYS = {LinkKind.WORKS_WITH, LinkKind.CONTACT}


#: the role fields an answer carries
ROLE_FIELDS = ("id", "title", "person", "phone", "email", "verified")


@dataclass
class UnitDoc:
    id: str
    attrs: dict
    service_terms: list[tuple[str, frozenset]] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    in_volume: int = 0


class SearchIndex:
    """See the module docstring.  Build with :func:`build_index`; after a write,
    :func:`graphmap.search.patch.patch_index` makes the new graph's index from this one
    (it reads this class, so this module does not import it)."""

    #: full builds in this process (a patch is not one): tests assert a write took the
    #: patch path
    builds = 0

    def __init__(self, g, *, lemmatiser: str | None = None, needs=None):
        type(self).builds += 1
        #: patches applied since this index was built (:func:`~.patch.patch_index`)
        self.patches = 0
        self.areas: dict[str, dict] = dict(g.graph.get("areas", {}))
        self.organisations: dict[str, dict] = dict(g.graph.get("organisations", {}))
        self.tree = area_tree(g)
        vocab = set()
        # g.nodes.items(): a graph's nodes, or the tables the graph is made of
        units = {n: d for n, d in g.nodes.items() if d.get("kind") == NodeKind.UNIT}
        role_nodes = {n: d for n, d in g.nodes.items() if d.get("kind") == NodeKind.ROLE}
        texts: set[str] = set()  # each distinct text once: titles repeat thousands of times
        for d in list(units.values()) + list(role_nodes.values()):
            texts.update(d.get("services") or ())
            texts.add(d.get("name") or "")
            texts.add(d.get("title") or "")
        for text in texts:
            vocab.update(tokens(text))
        self.lemmatiser = make_lemmatiser(lemmatiser, vocab=vocab)
        if isinstance(self.lemmatiser, SimplemmaLemmatiser):
            self.lemmatiser.vocab |= vocab
        if isinstance(needs, NeedVocabulary):
            self.needs = needs
        else:
            self.needs = load_needs(needs, self.lemmatiser)

        self.docs: dict[str, UnitDoc] = {}
        self.postings: dict[str, dict[str, float]] = {}
        # the services and role-title fields alone: which units *provide* a keyword
        self.service_postings: dict[str, dict[str, float]] = {}
        self.role_postings: dict[str, dict[str, float]] = {}
        self.service_keys: dict[str, set[str]] = {}
        self._text_cache: dict[str, tuple] = {}
        self._weighted: dict[tuple[str, float], tuple[tuple, frozenset[str]]] = {}
        for uid, d in units.items():
            doc = UnitDoc(uid, d)
            self.docs[uid] = doc
            for service in d.get("services") or []:
                terms = self._add_text(uid, service, FIELD_WEIGHTS["services"],
                                       self.service_postings)
                doc.service_terms.append((service, frozenset(terms)))
                self.service_keys.setdefault(self._service_key(service), set()).add(uid)
            self._add_text(uid, d.get("name") or "", FIELD_WEIGHTS["name"])
            self._add_text(uid, d.get("description") or "", FIELD_WEIGHTS["description"])
        for rid, d in role_nodes.items():
            doc = self.docs.get(d.get("unit"))
            if doc is None:
                continue
            terms = self._add_text(doc.id, d.get("title") or "", FIELD_WEIGHTS["roles"],
                                   self.role_postings)
            doc.roles.append({**d, "id": rid, "_terms": frozenset(terms)})
        self.role_unit = {r["id"]: doc.id for doc in self.docs.values() for r in doc.roles}
        self.hidden = hidden_names(role_nodes.values())
        self._text_cache.clear()
        del self._weighted
        self.fuzzy_vocab = sorted(t for t in self.postings if len(t) >= FUZZY_MIN_LEN)
        self._fuzzy = lru_cache(maxsize=10_000)(self._fuzzy_uncached)
        self._build_links(g)
        self.static = {uid: self._static(doc) for uid, doc in self.docs.items()
                       if doc.attrs.get("type") != UnitType.FORUM.value}
        self._providers: dict[str, tuple] = {}
        self._need_columns: dict[str, tuple] = {}
        self._doors: dict[str, np.ndarray] = {}
        self._front_doors: dict[str, str | None] = {}
        self._build_arrays()
        # warm the per-need columns now, so the first query after a start is not slow
        for need in self.needs.needs.values():
            self.need_column(need)
        for door in URGENT_DOORS:
            self.door_units(door)

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

    def _add_text(self, uid: str, text: str, weight: float, field=None) -> frozenset[str]:
        key = (text, weight)
        found = self._weighted.get(key)
        if found is None:  # each (text, field weight) once: titles repeat by thousands
            pairs = self._text_terms(text)
            terms = set()  # a set made as a patch makes it (test_patch compares them)
            for t, _ in pairs:
                terms.add(t)
            found = self._weighted[key] = (tuple((t, weight * f) for t, f in pairs),
                                           frozenset(terms))
        weighted, frozen = found
        for table in (self.postings, field) if field is not None else (self.postings,):
            for term, w in weighted:
                posting = table.get(term)
                if posting is None:
                    posting = table[term] = {}
                if posting.get(uid, 0.0) < w:
                    posting[uid] = w
        return frozen

    def _build_links(self, g) -> None:
        """The unit-level links (as :func:`graphmap.network_view.lifted_edges` lifts
        them, over the units and roles of this index): referral paths, referral volume
        in, and which family-centre areas have links between them.

        Computed over arrays, one row per link: a national network has 250,000 links,
        and this was a third of the index's build."""
        docs = self.docs
        uids = sorted(docs)
        at = {uid: i for i, uid in enumerate(uids)}
        # a role's link is its unit's; a node no unit of the index owns has no links here
        owner = {r: at[u] for r, u in self.role_unit.items()}
        owner.update(at)
        sources, targets, kinds, volumes = link_columns(g)
        n_links = len(sources)
        a = np.fromiter(map(owner.get, sources, itertools.repeat(-1)), np.int64, n_links)
        b = np.fromiter(map(owner.get, targets, itertools.repeat(-1)), np.int64, n_links)
        code = {k: i for i, k in enumerate(LinkKind)}
        kind = np.fromiter(map(code.get, kinds, itertools.repeat(-1)), np.int64, n_links)
        lifted = (a >= 0) & (b >= 0) & (a != b)

        def of(kinds_wanted) -> np.ndarray:
            return lifted & np.isin(kind, [code[k] for k in kinds_wanted])

        refers = of({LinkKind.REFERS})
        volume = np.fromiter((int(volumes[i] or 0) for i in np.flatnonzero(refers).tolist()),
                             np.int64)
        in_volume = np.bincount(b[refers], weights=volume, minlength=len(uids))
        for i in np.flatnonzero(in_volume):
            docs[uids[i]].in_volume += int(in_volume[i])
        path, both = of(PATH_KINDS), of(BOTH_WAYS)
        pairs = np.unique(np.concatenate((a[path] * len(uids) + b[path],
                                          b[both] * len(uids) + a[both])))
        # sorted lists (positions follow the ids' order): the same shortest path every run
        froms, tos = np.divmod(pairs, max(len(uids), 1))
        names = np.array(uids, dtype=object)[tos].tolist()
        starts = np.flatnonzero(np.diff(froms, prepend=-1)).tolist()
        self.adjacent = {uids[x]: names[i:j] for x, i, j in zip(
            froms[starts].tolist(), starts, starts[1:] + [len(names)])}
        fc_of = [docs[uid].attrs.get("fc_area") for uid in uids]
        fc_ids = sorted({fc for fc in fc_of if fc})
        fc_code = {fc: i for i, fc in enumerate(fc_ids)}
        fc = np.fromiter((fc_code.get(f, -1) if f else -1 for f in fc_of), np.int64, len(uids))
        fa, fb = fc[a[lifted]], fc[b[lifted]]
        across = (fa >= 0) & (fb >= 0) & (fa != fb)
        lo, hi = np.minimum(fa, fb)[across], np.maximum(fa, fb)[across]
        found, counts = np.unique(lo * max(len(fc_ids), 1) + hi, return_counts=True)
        step = max(len(fc_ids), 1)
        # links per area pair: a patch can take one away
        self._fc_pairs = Counter({(fc_ids[p // step], fc_ids[p % step]): int(c)
                                  for p, c in zip(found.tolist(), counts.tolist())})
        self.fc_neighbours = {q for x, y in self._fc_pairs for q in ((x, y), (y, x))}

    def _static(self, doc: UnitDoc) -> dict:
        """The query-independent part of a unit's ranking, computed once."""
        d = doc.attrs
        dates = [_date(r.get("verified")) for r in doc.roles if r.get("verified")]
        return {"attrs": d, "fc_area": d.get("fc_area"), "ages": d.get("ages"),
                "level": d.get("level") or Level.UNIVERSAL.value,
                "self_referral": bool(d.get("self_referral")),
                "load": rank.load_penalty(doc.in_volume, d.get("capacity"))[0],
                "verified": max(dates) if dates else None,
                # rule (e): a named person one may call, not only an anonymous number
                "named": any(r.get("person") and shows_person(r) for r in doc.roles)}

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
        self.named = np.zeros(n)
        self.is_team = np.zeros(n, bool)  # a team serves professionals more than families
        self.level_order = np.full(n, 9, np.int64)  # the tie-break's first key
        self.tie_names = [str(self.docs[u].attrs.get("name") or "").lower() for u in self.uids]
        self.fc_ids = sorted({str(d.attrs.get("fc_area")) for d in self.docs.values()})
        fc_code = {fc: i for i, fc in enumerate(self.fc_ids)}
        self.fc_code = np.zeros(n, np.int64)
        for i, uid in enumerate(self.uids):
            self.fc_code[i] = fc_code[str(self.docs[uid].attrs.get("fc_area"))]
            self._fill_row(i, self.static.get(uid))
        self.tie_rank = self._tie_rank()
        self.columns = {}
        for term, posting in self.postings.items():
            idx = np.fromiter((self.pos[u] for u in posting), np.int64, len(posting))
            self.columns[term] = (idx, np.fromiter(posting.values(), float, len(posting)))
        self.service_columns = {t: np.array(sorted(self.pos[u] for u in posting), np.int64)
                                for t, posting in self.service_postings.items()}
        self._relations: dict[str, tuple[list[str], np.ndarray]] = {}

    def _fill_row(self, i: int, st: dict | None) -> None:
        """Row ``i`` of the ranking columns from a unit's static part (None: not callable)."""
        if st is None:
            return
        self.callable[i] = True
        self.level_bonus[i] = rank.LEVEL_BONUS.get(st["level"], 0.0)
        self.self_referral[i] = st["self_referral"]
        self.load[i] = st["load"]
        self.verified[i] = st["verified"].toordinal() if st["verified"] else 0
        self.named[i] = float(st["named"])
        self.is_team[i] = st["attrs"].get("type") == UnitType.TEAM.value
        self.level_order[i] = LEVEL_ORDER.get(st["level"], 9)
        if st["ages"]:
            self.age_lo[i], self.age_hi[i] = st["ages"]

    def _tie_rank(self) -> np.ndarray:
        """Rule (f), the tie-break: lowest support level, a named contact, the latest
        check, then the name (alphabetical) — never the id order alone."""
        n = len(self.uids)
        # numpy compares text by code point, as Python does: the same order as sorting
        # (level, -named, -verified, name, id) tuples, at C speed (a patch redoes it)
        order = np.lexsort((np.array(self.uids, dtype=str), np.array(self.tie_names, dtype=str),
                            -self.verified, -self.named, self.level_order))
        tie_rank = np.empty(n, np.int64)
        tie_rank[order] = np.arange(n)
        return tie_rank

    # ------------------------------------------------------------------ areas
    def _area_relation(self, target: str, fc: str | None) -> str:
        """How a unit in family-centre area ``fc`` lies from the area ``target``."""
        tree = self.tree
        target_fc = tree.family_centre_area_of(target)
        if fc and (fc == target_fc or tree.is_within(fc, target)):
            return "same"
        if fc and tree.is_within(target_fc, fc):
            return "covers"  # a county-wide unit: it serves this area too
        county = tree.county_of(target_fc)
        if (county and county == tree.county_of(fc)) or (target_fc, fc) in self.fc_neighbours:
            return "near"
        return "far"

    def relations(self, target: str) -> tuple[list[str], np.ndarray]:
        """Per family-centre area (by code): its relation to ``target`` and the bonus."""
        if target not in self._relations:
            rel = [self._area_relation(target, fc) for fc in self.fc_ids]
            self._relations[target] = (rel, np.array([rank.AREA_BONUS[r] for r in rel]))
        return self._relations[target]

    # ------------------------------------------------------------------ query
    def parse(self, text: str, lang: str | None = None, age: int | None = None) -> ParsedQuery:
        """The query's words (with weighted index terms) and the needs they express
        (``age``: the child's, given with the query)."""
        parsed = parse_query(text, lang, self.lemmatiser, self.needs, self.postings.__contains__,
                             age)
        taken = parsed.need_positions
        for i, w in enumerate(parsed.words):
            # a long word that hits nothing (not even through a need) gets close spellings,
            # unless the lemmatiser knows it: "koskee" is a word, not a misspelt "Koskela"
            if i not in taken and not w.weak and not w.known and \
                    len(w.word) >= FUZZY_MIN_LEN and not any(
                    t in self.postings for t, wt in w.terms.items() if wt >= SYNONYM_WEIGHT):
                close = self._fuzzy(max(w.terms, key=w.terms.get))
                for t in close:
                    w.terms.setdefault(t, FUZZY_WEIGHT)
                if close and w.corrected is None:
                    w.corrected = close[0]
        return parsed

    def _fuzzy_uncached(self, term: str) -> tuple[str, ...]:
        return tuple(difflib.get_close_matches(term, self.fuzzy_vocab, n=2, cutoff=FUZZY_CUTOFF))

    def word_strength(self, w: QueryWord) -> np.ndarray | None:
        """Per unit, the best ``query weight × field weight × idf`` of one word's terms
        (None when no term is in the index)."""
        best = None
        for term, qw in w.terms.items():
            column = self.columns.get(term)
            if column is None:
                continue
            if best is None:
                best = np.zeros(len(self.uids))
            idx, fw = column
            np.maximum.at(best, idx, qw * self.idf(term) * fw)
        return best

    def idf(self, term: str) -> float:
        """How rare ``term`` is among the units: ``0.5 + 0.5·log(N/df)/log(N)`` (1 for a
        term only one unit has, 0.5 for one every unit has).  Computed when a query asks
        for it rather than kept per term: a write that adds a unit changes N and so every
        term's, and redoing a national vocabulary's on each write cost more than all
        the queries between two writes."""
        n, df = max(len(self.docs), 1), len(self.postings.get(term) or ()) or 1
        return (0.5 + 0.5 * math.log(n / df) / math.log(n)) if n > 1 else 1.0

    def match(self, words: list[QueryWord]) -> np.ndarray | None:
        """Free-text match strength per unit (∈ [0, 1]): the mean over the words that hit
        anything in the index, or None when none does."""
        found = [b for b in (self.word_strength(w) for w in words) if b is not None]
        return np.mean(found, axis=0) if found else None

    def _service_key(self, text: str) -> str:
        """A service keyword's words in base form: "päihdepalveluihin" ~ "päihdepalvelut"."""
        return " ".join(a.bases[0] for a in analyse_words(text, "fi", self.lemmatiser))

    def providers(self, service: str) -> tuple[np.ndarray, np.ndarray]:
        """Units (positions) that provide a need's service keyword, with how well: 1.0
        the keyword itself in ``services``; 0.8 × field weight the keyword's base as a
        word or strong compound part of a service; 0.7 × that in a role title."""
        found = self._providers.get(service)
        if found is None:
            out = {u: 1.0 for u in self.service_keys.get(self._service_key(service), ())}
            if service in URGENT_DOORS:  # only a real door counts (see door_units)
                doors = {self.uids[i] for i in self.door_units(service)}
                out = {u: w for u, w in out.items() if u in doors}
            bases = [b for b, f in self._text_terms(service) if f == 1.0]
            if service not in URGENT_DOORS and len(bases) == 1 and bases[0] not in WEAK_PARTS:
                for table, factor in ((self.service_postings, 0.8), (self.role_postings, 0.7)):
                    for u, w in table.get(bases[0], {}).items():
                        out[u] = max(out.get(u, 0.0), factor * w)
            uids = sorted(out)
            found = self._providers[service] = (
                np.fromiter((self.pos[u] for u in uids), np.int64, len(uids)),
                np.fromiter((out[u] for u in uids), float, len(uids)))
        return found

    def need_column(self, need) -> tuple[np.ndarray, np.ndarray]:
        """Units answering a need: the best over its services, the first (primary door)
        weighing 1.0 and each next one 0.1 less (at least 0.5), plus 0.03 for each further
        service of the need the unit lists."""
        found = self._need_columns.get(need.id)
        if found is None:
            best = np.zeros(len(self.uids))
            count = np.zeros(len(self.uids))
            for k, service in enumerate(need.services):
                idx, w = self.providers(service)
                np.maximum.at(best, idx, w * max(0.5, 1.0 - 0.1 * k))
                count[idx[w >= 1.0]] += 1
            # a unit providing more of the need's services fits it better
            best += MORE_SERVICES * np.maximum(count - 1, 0) * (best > 0)
            idx = np.flatnonzero(best)
            found = self._need_columns[need.id] = (idx, best[idx])
        return found

    def door_units(self, service: str) -> np.ndarray:
        """Units that are an urgent door of kind ``service``: they list it exactly and,
        for child protection, work at the special or protection level (a support-family
        NGO that lists "lastensuojelu" is not where a notification goes)."""
        found = self._doors.get(service)
        if found is None:
            uids = sorted(u for u in self.service_keys.get(self._service_key(service), ())
                          if u in self.static and (service != "lastensuojelu" or self.static[
                              u]["level"] in (Level.SPECIAL.value, Level.PROTECTION.value)))
            found = self._doors[service] = np.fromiter((self.pos[u] for u in uids), np.int64,
                                                       len(uids))
        return found

    # --------------------------------------------------------------- answers
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
                    today: dt.date | None = None, now: dt.datetime | None = None) -> dict:
        """The answer to "who do I call about ``text``" (see the package docstring and
        docs/search.md for the shape and the ranking rules).  ``lang`` (fi, sv, en) is
        the language of the answer and a hint for the query.  ``now`` (the caller's
        clock, :func:`graphmap.facts.now_in_helsinki`): an urgent door its opening hours
        say is closed then comes after one that answers (rule a).  Raises
        :class:`SearchError` for a bad parameter."""
        checked = check_params(text, area=area, age=age, from_unit=from_unit, lang=lang,
                               limit=limit, today=today, areas=self.areas,
                               knows=lambda node: self._owner(node) is not None,
                               ids=lambda: self.docs)
        age, limit, today = checked.age, checked.limit, checked.today
        out_lang = lang or "fi"
        parsed = self.parse(text, lang, age)
        # the child's age written in the worry, unless one is given (which always wins)
        age_from_text = age is None and parsed.age is not None
        if age_from_text:
            age = parsed.age
        words, hits = parsed.words, parsed.hits
        recognised = set(parsed.need_positions)
        slots = []
        for i, w in enumerate(words):
            if i in recognised or w.weak:
                continue
            best = self.word_strength(w)
            if best is not None:
                slots.append(best)
                recognised.add(i)
        strong = len(recognised)
        if not hits and not slots:  # only context words ("neuvola"): let them match
            for i, w in enumerate(words):
                best = self.word_strength(w) if w.weak else None
                if best is not None:
                    slots.append(best)
                    recognised.add(i)
        parsed.free = sorted(recognised - parsed.need_positions)
        for h in hits:
            idx, vals = self.need_column(h.need)
            column = np.zeros(len(self.uids))
            column[idx] = vals * h.quality
            slots.append(column)
        # a denied need's words were read ("ei lyö"): said as denied, not as unknown
        denied_at = {p for h in parsed.denied for p in h.positions}
        unrecognised = [w.word for i, w in enumerate(words) if i not in recognised
                        and i not in denied_at and not w.weak and not w.framing]
        corrected = any(w.corrected for i, w in enumerate(words) if i in recognised)
        understood = bool(slots)
        # a denied urgent need ("ei ole itsetuhoinen") is a judgement the worker must see
        confident = (strong > 0 and not corrected and len(unrecognised) < strong
                     and not parsed.denied)
        result: dict[str, Any] = {"understood": understood, "confident": confident,
                  "needs": [{"id": h.need.id, "name": h.need.name[out_lang],
                             "urgency": h.need.urgency, "concerns": h.need.concerns}
                            for h in hits],
                  "urgent": parsed.urgent,
                  "emergency": rank.say("emergency", out_lang) if parsed.urgent else None,
                  "notice": None, "unrecognised": unrecognised, "results": [],
                  "front_door": None, "age": age, "age_from_text": age_from_text,
                  "age_note": rank.say("age_from_text_baby" if age == 0 else "age_from_text",
                                       out_lang, age=age) if age_from_text else None}
        me = self._owner(from_unit) if from_unit is not None else None
        parent, hops = self.paths_from(me) if me else ({}, {})
        relation_of, rel_rank = None, None
        if area:
            relation_of, _ = self.relations(area)
            rel_rank = np.array([RELATION_RANK[r] for r in relation_of])[self.fc_code]
        if understood:
            self._rank(result, parsed, sum(slots) / len(slots), area, age, me, parent, hops,
                       relation_of, rel_rank, out_lang, today, limit, now)
        answered = bool(result["results"]) and (
            not area or any(r["section"] in ("urgent", "area") for r in result["results"]))
        if not understood or not answered:
            door = self.front_door(area) if area else None
            if door is not None and relation_of is not None:  # a door only with an area
                i = self.pos[door]
                result["front_door"] = {**self._answer(
                    door, 0.0, 0.0, relation_of[self.fc_code[i]], self.path(parent, door)
                    if me else None, set(), set(), out_lang, today, extra=[("front_door", {})]),
                    "section": "front_door"}
            key = ("not_understood" if not understood else "nothing_here")
            result["notice"] = rank.say(key + ("" if door else "_no_area"), out_lang,
                                        words=", ".join(unrecognised))
        elif not confident:
            fixed = any(w.corrected for w in words)
            key = "unsure_words" if unrecognised else "unsure" if fixed else "unsure_general"
            result["notice"] = rank.say(key, out_lang,
                                        words=", ".join(unrecognised),
                                        fixed=", ".join(f"{w.word} → {w.corrected}"
                                                        for w in words if w.corrected))
        if parsed.denied:
            denial = rank.say("unsure_denied", out_lang, needs=", ".join(
                h.need.name[out_lang] for h in parsed.denied))
            result["notice"] = f"{result['notice']} {denial}" if result["notice"] else denial
        return result

    def _closed_at(self, i: int, now: dt.datetime) -> bool:
        """Whether unit ``i``'s opening hours say it is closed at ``now`` (no hours,
        or hours that no longer parse: it may answer, so not closed)."""
        try:
            parsed = hours.parse(self.docs[self.uids[i]].attrs.get("hours"))
        except ValueError:
            return False
        state = hours.status(parsed, now)
        return state is not None and not state.open

    def _rank(self, result, parsed, strength, area, age, me, parent, hops, relation_of,
              rel_rank, lang, today, limit, now=None) -> None:
        """Fill ``result["results"]``: urgent doors, then the area, then elsewhere."""
        hits = parsed.hits
        concerns = {h.need.concerns for h in hits}
        said = {b for w in parsed.words for b in w.alts}
        # "nuori polttaa kannabista": a parent's need typed about the young person
        about_child = bool(said & CHILD_WORDS) and not said & PARENT_WORDS
        for_parent = bool(concerns & {"parent", "family"}) and not about_child
        adult = self.age_lo >= ADULT_AGE
        serves = np.ones(len(self.uids), bool)
        if age is not None:
            serves = ((self.age_lo <= age) & (age <= self.age_hi)) | (adult & for_parent)
            # a service that answers the parent's own need serves the parent, whatever
            # ages it lists for children (äitiysneuvola in a 0–6 clinic) — if it serves
            # families from birth: pupil welfare (7–18) lists "mielenterveys" for pupils,
            # not for a mother's depression
            from_birth = self.age_lo <= 0
            for h in hits:
                if h.need.concerns == "parent":
                    for service in h.need.services:
                        if service in URGENT_DOORS:  # the child's door, not the parent's
                            continue
                        idx, w = self.providers(service)
                        serves[idx[(w >= 1.0) & from_birth[idx]]] = True
            if about_child:
                serves &= ~adult | ((self.age_lo <= age) & (age <= self.age_hi))
        elif concerns == {"child"} or (concerns and about_child):
            serves = ~adult  # a worry about the child is not for adult services
        if concerns == {"parent"} and not about_child:
            # the parent's own worry: services for adults or for families from birth —
            # a school's or a youth service's "mielenterveys" is for the pupil
            serves &= (self.age_lo <= 0) | (self.age_hi >= PARENT_AGE)
        eligible = self.callable & serves
        if me:
            eligible[self.pos[me]] = False
        in_area = rel_rank <= 1 if rel_rank is not None else np.ones(len(self.uids), bool)

        chosen: list[tuple[int, str]] = []
        if parsed.urgent:
            doors = [s for h in hits if h.need.urgent for s in h.need.services
                     if s in URGENT_DOORS]
            for door in dict.fromkeys(doors):
                idx = self.door_units(door)
                idx = idx[eligible[idx] & ~np.isin(idx, [i for i, _ in chosen])]
                if not idx.size:
                    continue
                near = rel_rank[idx] if rel_rank is not None else np.zeros(idx.size)
                # nearest first, then the door itself before a consultation team
                best = idx[np.lexsort((self.tie_rank[idx], -self.named[idx],
                                       self.is_team[idx], near))[0]]
                chosen.append((int(best), "urgent"))
                if len(chosen) >= min(URGENT_MAX, limit):
                    break
            if now is not None:  # at night the round-the-clock door before the office
                chosen.sort(key=lambda c: self._closed_at(c[0], now))
        mask = (strength >= MIN_MATCH) & eligible
        cand = np.flatnonzero(mask)
        area_bonus = 0.0
        if relation_of is not None:
            area_bonus = np.array([rank.AREA_BONUS[r] for r in relation_of])[self.fc_code[cand]]
        path_bonus = np.zeros(len(self.uids))
        for node, n in hops.items():
            path_bonus[self.pos[node]] = rank.PATH_BONUS.get(n, 0.0)
        scores = rank.score(match=strength[cand], level_bonus=self.level_bonus[cand],
                            urgent=parsed.urgent, self_referral=self.self_referral[cand],
                            area_bonus=area_bonus, path_bonus=path_bonus[cand],
                            load=self.load[cand],
                            fresh=rank.fresh_bonus(self.verified[cand], today.toordinal()))
        scores = scores + rank.NAMED_BONUS * self.named[cand]
        # rule (d): the parent's own worry first at the parent's own (adult) service; a
        # family's worry keeps the family services level with the adult ones
        parents_own = "parent" in concerns and not about_child
        if parents_own:
            scores = scores + rank.PARENT_SERVICE_BONUS * adult[cand]
        score_of = dict(zip(cand.tolist(), scores.tolist()))
        order = cand[np.lexsort((self.tie_rank[cand], -np.round(scores, 6)))]
        taken = {i for i, _ in chosen}
        room = limit - len(chosen)
        area_rows = [int(i) for i in order[in_area[order]][:max(room, 0) + len(taken)]
                     if int(i) not in taken][:max(room, 0)]
        chosen += [(i, "area") for i in area_rows]
        if rel_rank is not None and len(chosen) < limit:
            lacking = self._lacking(self._function_units(parsed), mask & in_area)
            # the best few hundred outside the area are enough to fill the page
            for i in order[~in_area[order]][:ELSEWHERE_SCAN] if lacking else ():
                if len(chosen) >= limit:
                    break
                if int(i) not in taken and any(
                        self._provides(idx, int(i)) for idx in lacking.values()):
                    chosen.append((int(i), "elsewhere"))
        query_terms = {t for w in parsed.words for t in w.terms}
        need_terms = {self._service_key(s) for h in hits for s in h.need.services}
        for i, section in chosen:
            uid = self.uids[i]
            relation = relation_of[self.fc_code[i]] if relation_of is not None else None
            found = {t for t in query_terms if uid in self.postings.get(t, ())}
            extra: list[tuple[str, dict]] = [("urgent_door", {})] if section == "urgent" else []
            if parents_own and adult[i]:
                extra.append(("parent_service", {}))
            answer = self._answer(uid, score_of.get(i, 0.0), float(strength[i]), relation,
                                  self.path(parent, uid) if me else None, found,
                                  query_terms | need_terms, lang, today, parsed.urgent,
                                  extra=extra, need_keys=need_terms)
            result["results"].append({**answer, "section": section})

    def _function_units(self, parsed: ParsedQuery) -> dict[tuple, np.ndarray]:
        """The query's functions and the units (positions, sorted) providing each: every
        recognised need's service keywords, and the free-text words' terms in services."""
        out = {}
        for h in parsed.hits:
            for s in h.need.services:
                out[("service", s)] = self.providers(s)[0]
        for i in parsed.free:
            for t in parsed.words[i].terms:
                if t in self.service_columns:
                    out[("term", t)] = self.service_columns[t]
        return out

    def _lacking(self, functions: dict[tuple, np.ndarray], here: np.ndarray) -> dict:
        """The functions no unit in ``here`` (the area) provides."""
        return {f: idx for f, idx in functions.items() if idx.size and not here[idx].any()}

    @staticmethod
    def _provides(idx: np.ndarray, i: int) -> bool:
        k = np.searchsorted(idx, i)
        return bool(k < idx.size and idx[k] == i)

    def front_door(self, area: str) -> str | None:
        """The area's front door: a service-guidance / coordination number, else the
        early-support entry (perheohjaus), else the child-health clinic; in the area
        itself before a county-wide one.  None when the area has none of them."""
        if area not in self._front_doors:
            relation_of, _ = self.relations(area)
            rel_rank = np.array([RELATION_RANK[r] for r in relation_of])[self.fc_code]
            found = None
            for service in FRONT_DOOR_SERVICES:
                idx = np.array([self.pos[u] for u in sorted(self.service_keys.get(
                    self._service_key(service), ())) if u in self.static], np.int64)
                idx = idx[rel_rank[idx] <= 1] if idx.size else idx
                if idx.size:
                    found = self.uids[idx[np.lexsort((self.tie_rank[idx], -self.named[idx],
                                                      rel_rank[idx]))[0]]]
                    break
            self._front_doors[area] = found
        return self._front_doors[area]

    def _best_role(self, doc: UnitDoc, query_terms: set[str]) -> dict | None:
        """Public first, then a title that matches the need, a phone, the latest check."""
        if not doc.roles:
            return None
        return max(doc.roles, key=lambda r: (
            shows_person(r), bool(r["_terms"] & query_terms), bool(r.get("phone")),
            r.get("verified") or "", r["id"]))

    def _answer(self, uid, score, m, relation, path, hits, query_terms, lang, today,
                urgent=False, extra=(), need_keys=frozenset()) -> dict:
        doc = self.docs[uid]
        d, st = doc.attrs, self.static[uid]
        matched = [s for s, terms in doc.service_terms
                   if terms & hits or self._service_key(s) in need_keys]
        area = self.areas.get(d.get("area"), {})
        org = self.organisations.get(d.get("organisation"), {})
        role = self._best_role(doc, query_terms)
        public_role = None
        if role is not None:
            # Privacy (graphmap.privacy, the one rule): answers are what anyone may see —
            # a non-public contact shows its title only
            shown = public_view(role, None, hidden=self.hidden)
            public_role = {name: shown.get(name) for name in ROLE_FIELDS}
        reasons = list(extra) + rank.reasons(
            level=st["level"], area_relation=relation, self_referral=st["self_referral"],
            hops=len(path) - 1 if path else None, in_volume=doc.in_volume,
            capacity=d.get("capacity"), verified=st["verified"], today=today, urgent=urgent)
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


def build_index(g, *, lemmatiser: str | None = None, needs=None) -> SearchIndex:
    """A :class:`SearchIndex` over ``g`` (from :func:`graphmap.graph.build_graph`), or
    over the :class:`~graphmap.graph.GraphTables` such a graph is made of — the same
    index, ready before the graph is built (the warm start answers searches from it).

    ``lemmatiser``: ``"voikko"``, ``"simplemma"`` or ``None`` (best available);
    ``needs``: a folder or file(s) of need TOML, a
    :class:`~graphmap.search.needs.NeedVocabulary`, or ``None`` for the bundled
    ``graphmap/data/needs/*.toml``."""
    with gc_paused():  # postings, docs and columns: many objects, no cycles
        return SearchIndex(g, lemmatiser=lemmatiser, needs=needs)
