"""Query understanding: a worker's words → recognised needs and free-text terms.

What: :func:`parse_query` reads "vanhemmat ovat eronneet", "isä hakkaa äitiä" or
"vakivaltaa kotona" and returns each word's alternatives (surface, base forms, the verb
a participle comes from, strong compound parts, a spelling correction) and the needs of
the vocabulary (:mod:`graphmap.search.needs`) that the words express.

Why (issue 9, DOMAIN.md §11): workers write verbs, participles, slang, several words and
typos — often a/o for ä/ö — and the default Finnish must do at least as well as Swedish
and English.  General compound parts ("perhe" in "perheväkivalta", "lapsi" in
"lapsiperhe") must never carry a match alone, or a violence worry lands on a family club.

How, per word (stop words dropped):

* Voikko gives base forms, compound parts and, for derived words, the root
  ("eronneet" → eronnut, root erota).  Parts in :data:`~graphmap.search.text.WEAK_PARTS`
  are dropped; a word whose base forms are all weak ("äiti", "lapsi") is *context*: it
  may complete a phrase ("isä lyö äitiä") but is neither recognised nor unrecognised.
* A word Voikko does not know, and that is not itself a vocabulary or index term, is
  corrected with Voikko's suggestions: first one equal to the word up to ä/ö/å
  ("vakivalta" → väkivalta, quality 0.95), else for words of ≥ 6 letters one within a
  difflib ratio of 0.85 ("kuraatori" → kuraattori, 0.8).
* Needs: every term of the vocabulary sharing a word with the query is checked; a term
  matches when all its words occur in the query (any order).  Quality: 1.0 for a surface
  or base form, 0.9 through a root, 0.85 through a strong compound part, times the
  correction's quality.  A hit whose words are a strict subset of another hit's words
  is dropped ("lyö muita lapsia" is the child's behaviour, not violence at home).

The child's age written in the worry ("16-vuotias", "5v", "8 kk", "a 4-year-old") is
read first (:func:`graphmap.search.age.read_age`, ``ParsedQuery.age``) and its phrase
read as the child it names ("16-vuotias juo" → "nuori juo"): it says whom the worry is
about, not what it is.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .age import read_age
from .needs import NeedHit, NeedVocabulary
from .text import AFTER_VERB, ALL_STOP_WORDS, CHILD_WORDS, COLLOQUIAL_THAT, CONTRACTED_NOT, \
    FRAMING_WORDS, LANGS, NEGATED_VIA, NEGATION, OTHER_NEGATIONS, PARENT_WORDS, RELATIVE_WORDS, \
    SAME_PERSON, STOP_WORDS, THAT_AFTER, WEAK_PARTS, analyse_words, clause_ends, english_sense, \
    negates, oblique, tokens

PART_WEIGHT = 0.6        # an index term from a compound part, as in the unit texts
ROOT_QUALITY = 0.9
PART_QUALITY = 0.85
FOLD_QUALITY = 0.95      # a/o typed for ä/ö
TYPO_QUALITY = 0.8
TYPO_MIN_LEN, TYPO_CUTOFF = 6, 0.85
CUE_MIN_LEN, CUE_QUALITY = 7, 0.7  # the safety net: an urgent word inside an unknown one
_FOLD = str.maketrans("äöå", "aoa")


def fold(word: str) -> str:
    """``word`` without the Nordic vowels' dots ("väkivalta" → "vakivalta")."""
    return word.translate(_FOLD)


@dataclass
class QueryWord:
    word: str
    terms: dict[str, float]          # index terms → weight (free-text matching)
    alts: dict[str, float]           # need-term alternatives (Finnish) → quality
    weak: bool = False               # context only ("äiti", "lapsi")
    corrected: str | None = None     # the spelling used instead of ``word``
    known: bool = True               # the lemmatiser knows the word as typed
    framing: bool = False            # "kertoi", "want": never reported as unrecognised


@dataclass
class ParsedQuery:
    words: list[QueryWord]
    hits: list[NeedHit] = field(default_factory=list)
    free: list[int] = field(default_factory=list)  # words matched as free text (set by the index)
    age: int | None = None  # the child's age the text states (graphmap.search.age)
    denied: list[NeedHit] = field(default_factory=list)  # urgent needs the text says are not so

    @property
    def urgent(self) -> bool:
        return any(h.need.urgent for h in self.hits)

    @property
    def need_positions(self) -> set[int]:
        return {i for h in self.hits for i in h.positions}


def _correct(word: str, lemmatiser, known) -> tuple[str, float] | None:
    suggestions = [s for s in lemmatiser.suggest(word) if " " not in s and s != word]
    for s in suggestions:
        if fold(s) == fold(word):
            return s, FOLD_QUALITY
    if len(word) >= TYPO_MIN_LEN:
        for s in suggestions:
            if difflib.SequenceMatcher(None, word, s).ratio() >= TYPO_CUTOFF and known(s):
                return s, TYPO_QUALITY
    return None


def parse_query(text: str, lang: str | None, lemmatiser, vocab: NeedVocabulary,
                is_term, age: int | None = None) -> ParsedQuery:
    """See the module docstring.  ``is_term(word)`` says whether the index knows a term
    (so a word the index or the vocabulary knows is never "corrected").  ``age``: the
    child's age given with the query; it wins over one written in the text, and either
    decides the needs that hold only at some ages (:func:`by_age`)."""
    vocab_words = vocab.by_word
    mention = read_age(text)
    text = mention.text
    words: list[QueryWord] = []
    by_lang: dict[str, list[dict[str, float]]] = {lg: [] for lg in LANGS}
    said, ends = tokens(text), clause_ends(text)
    before: set[str] = set()  # the previous word's base forms
    for n, word in enumerate(said):
        a = lemmatiser.analyse(word)
        if word == COLLOQUIAL_THAT[0] and before & THAT_AFTER:  # "kertoi et": "että"
            a = lemmatiser.analyse(COLLOQUIAL_THAT[1])
        before = set(a.bases)
        negation = negates(word, a.bases, a.known)
        if negation or word in ALL_STOP_WORDS or (
                a.bases and all(b in ALL_STOP_WORDS for b in a.bases)):
            # stop words and negation complete need phrases ("ei mene kouluun") and are
            # context for everything else
            context = ({NEGATION: 1.0} if negation
                       else {word: 1.0, **{b: 1.0 for b in a.bases}})
            words.append(QueryWord(word, {}, context, weak=True))
            by_lang["fi"].append(context)
            by_lang["sv"].append({word: 1.0, **({"inte": 1.0} if word == "ej" else {})})
            by_lang["en"].append({word: 1.0})
            continue
        corrected, quality, known = None, 1.0, a.known
        listed = any(word in vocab_words.get(lg, ()) for lg in LANGS) or is_term(word)
        if not a.known and not listed and len(word) >= 4:
            fix = _correct(word, lemmatiser, lambda s: lemmatiser.analyse(s).known)
            if fix is None and fold(word) == word:
                # no suggestion (or no Voikko): an entry word typed without its dots
                found = vocab.unfold(word)
                fix = (found, FOLD_QUALITY) if found else None
            if fix:
                corrected, quality = fix
                a = lemmatiser.analyse(corrected)
        alts: dict[str, float] = {word: 1.0}
        terms: dict[str, float] = {}
        for b in a.bases:
            alts[b] = quality
            terms[b] = quality
        for b in oblique(word, a.bases):  # "lasta" may fill a term's "lasta", "lapsen"
            alts[b] = quality
        for b in (word, *a.bases):  # "teini juo" is the need "nuori juo"
            if b in SAME_PERSON:
                alts.setdefault(SAME_PERSON[b], quality)
        for r in a.roots:
            alts.setdefault(r, ROOT_QUALITY * quality)
            terms.setdefault(r, ROOT_QUALITY * quality)
        for p in a.parts:
            if p not in WEAK_PARTS:
                alts.setdefault(p, PART_QUALITY * quality)
                terms.setdefault(p, PART_WEIGHT * quality)
        weak = any(b in WEAK_PARTS or SAME_PERSON.get(b) in WEAK_PARTS for b in (word, *a.bases))
        by_lang["fi"].append(alts)
        for lg in ("sv", "en"):
            if lg == "en" and word in CONTRACTED_NOT:  # "didn't" is "did not"
                by_lang[lg].append({word: 1.0, "not": 1.0})
                continue
            sense = english_sense(said, n, ends) if lg == "en" else None
            if sense:  # "live here": to dwell, not to be alive; "die of embarrassment"
                by_lang[lg].append({sense: 1.0})
                continue
            if lg != lang and a.known:
                # simplemma's sv/en dictionaries take seconds to load: only for the hinted
                # language, or a word Finnish does not know
                by_lang[lg].append({word: 1.0})
                continue
            analysed = analyse_words(word, lg)
            other = {word: 1.0, **{b: 1.0 for b in (analysed[0].bases if analysed else ())}}
            by_lang[lg].append(other)
            # "barnet", "tonåringen": a Swedish or English word for a person is context too
            weak = weak or (lg == lang and any(alt in WEAK_PARTS for alt in other))
            for alt in other:
                terms.setdefault(alt, 1.0)
        framing = word in FRAMING_WORDS or any(b in FRAMING_WORDS for b in a.bases)
        words.append(QueryWord(word, terms, alts, weak, corrected, known, framing))
    hits = vocab.match(by_lang, negated(words)) if words else []
    hits = by_age(hits, age if age is not None else mention.age, words)
    denied = [h for h in hits if h.denied]
    hits = [h for h in hits if not h.denied]
    # a need the child's age makes ("13-vuotias tyttö on raskaana") stands beside the
    # longer phrase of the same words ("tyttö raskaana"): the age, not the words, decides it
    hits = [h for h in hits if h.need.when_age or not any(
        set(h.positions) < set(o.positions) for o in hits)]
    # the same words read better by another need — the whole word ("parisuhdekriisi",
    # "puheterapia") over a compound part of it ("kriisi", "terapia") — drop the weaker
    hits = [h for h in hits if not any(set(h.positions) == set(o.positions)
                                       and o.quality > h.quality for o in hits)]
    hits += danger_cues(words, hits, vocab)
    return ParsedQuery(words, hits, age=mention.age, denied=denied)


def by_age(hits: list[NeedHit], age: int | None, words: list[QueryWord]) -> list[NeedHit]:
    """``hits`` without the needs that hold only at some ages (``Need.when_age``) when
    the child's age is unknown or outside them, or when the need's words are said of a
    parent: the person word nearest to them is a parent's ("äiti on raskaana", with the
    child's age 3) rather than a child's ("13-vuotias tyttö on raskaana") — with no person
    word at all the age given says whom the worry is about."""
    out = []
    for h in hits:
        ages = h.need.when_age
        if ages is not None and (age is None or not ages[0] <= age <= ages[1]
                                 or _nearest_person(words, h.positions) == "parent"):
            continue
        out.append(h)
    return out


def _nearest_person(words: list[QueryWord], positions: tuple[int, ...]) -> str | None:
    """"child" or "parent": which the person word nearest to ``positions`` names (a grown-up
    relative counts as a parent: "isosisko on raskaana"), None when the query names
    neither.  Of two as near, the one before: the subject comes first ("äiti on raskaana
    ja 12-vuotias on mustasukkainen" is the mother's pregnancy)."""
    best: tuple[int, int, int] | None = None
    for i, w in enumerate(words):
        if i in positions:
            continue
        said = {w.word, *w.alts, *w.terms}
        kind = 0 if said & CHILD_WORDS else 1 if said & (PARENT_WORDS | RELATIVE_WORDS) else None
        if kind is not None:
            near = (min(abs(i - p) for p in positions), int(i > min(positions)), kind)
            best = near if best is None else min(best, near)
    return None if best is None else ("child", "parent")[best[2]]


_NEGATIONS = {"fi": lambda w: NEGATION in w.alts,
              "sv": lambda w: w.word in OTHER_NEGATIONS["sv"],
              "en": lambda w: w.word in OTHER_NEGATIONS["en"] or w.word in CONTRACTED_NOT}


def negated(words: list[QueryWord]) -> dict[str, frozenset[int]]:
    """Per language, the positions of the words a negation of that language denies: the
    first word after "ei", "inte", "not" or "don't" that is not "ole", "is", "har", "signs"
    (:data:`~graphmap.search.text.NEGATED_VIA`), a person ("äiti") or a Swedish or English
    stop word ("not being abused", "inte i fara"), and in Swedish
    also the verb before "inte" ("pappa slår inte barnen").  An urgent term using one is
    not matched (:meth:`NeedVocabulary.match`): "lapsi ei ole vaarassa" is no alarm.
    Per language, as a word may negate in one only: Swedish "en" is Finnish "ei"."""
    out: dict[str, frozenset[int]] = {}
    for lang, negative in _NEGATIONS.items():
        found, after = set(), False
        for i, w in enumerate(words):
            if negative(w):
                after = True
                if w.word in AFTER_VERB and i and words[i - 1].word not in NEGATED_VIA:
                    found.add(i - 1)
            elif after and (w.word in NEGATED_VIA or NEGATED_VIA & set(w.alts)
                            or (w.weak and w.word not in ALL_STOP_WORDS)
                            or (lang != "fi" and w.word in STOP_WORDS[lang])):
                continue  # "ei ole", "is not being", "är inte i": the negation is the verb's
            elif after:
                found.add(i)
                after = False
        out[lang] = frozenset(found)
    return out


def danger_cues(words: list[QueryWord], hits: list[NeedHit], vocab: NeedVocabulary
                ) -> list[NeedHit]:
    """The safety net: an urgent need's word inside a word nothing else understood
    ("itsaripuheita", "väkivaltatilanteesa") still brings the urgent door, flagged as a
    guess (``corrected``), so the answer says it is unsure rather than pass it over."""
    taken = {i for h in hits for i in h.positions}
    out: list[NeedHit] = []
    for i, w in enumerate(words):
        if i in taken or w.weak or w.known or len(w.word) < CUE_MIN_LEN:
            continue  # understood by a need, context, or a word the lemmatiser knows
        found = vocab.danger_cue(fold(w.word))
        if found:
            cue, need = found
            w.corrected = cue
            out.append(NeedHit(vocab.needs[need], cue, (i,), CUE_QUALITY))
    return out
