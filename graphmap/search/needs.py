"""The need vocabulary: the worries workers type, as data (issue 9 item 1).

What: reads every ``graphmap/data/needs/*.toml`` (one file per topic; the format is in
docs/search.md) into :class:`Need` records and lemmatised entry terms, and finds the
needs a query expresses: "vanhemmat ovat eronneet" → ``separation``, "isä hakkaa äitiä"
→ ``family-violence``.

Why: workers describe what they saw or heard — verbs, participles, slang, several
words, Swedish or English (DOMAIN.md §11) — while units list service keywords.  A
controlled vocabulary of needs with many entry terms each (the 211/AIRS model) ties the
two together and says whom the worry concerns (child, parent, family) and how urgent it
is (DOMAIN.md §10), which the ranking needs and free-text matching cannot know.

How: each entry term is split into words; a Finnish word is lemmatised with the search
lemmatiser (the same one that reads the query) and keeps its surface form too; Swedish
and English words are taken as written.  A term matches when each of its words is among
one query word's alternatives (surface, base forms, verb roots, strong compound parts
— :func:`graphmap.search.text.query_alternatives`).  Terms are indexed by word, so a
query looks only at the terms that share a word with it.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .params import MAX_AGE
from .text import CONTRACTED_NOT, LANGS, NEGATION, OBLIQUE, OTHER_NEGATIONS, PRIVATIVE, STOP_WORDS, \
    WEAK_PARTS, default_lemmatiser, negates, oblique, tokens

CONCERNS = ("child", "parent", "family")
URGENCIES = ("urgent", "soon", "routine")
#: a Finnish term word written ``=word`` matches that inflected form only
EXACT = "="
FIELDS = {"id", "name", "concerns", "urgency", "services", "ages", "when_age", "note", *LANGS}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


_UNDOT = str.maketrans("äöå", "aoa")


def _undot(word: str) -> str:
    return word.translate(_UNDOT)


class VocabularyError(ValueError):
    """A need file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Need:
    """One worry: whom it concerns, how urgent, which service keywords answer it."""

    id: str
    name: dict[str, str]
    concerns: str
    urgency: str
    services: tuple[str, ...]
    ages: tuple[int, int] | None
    terms: dict[str, tuple[str, ...]]
    note: str | None = None
    source: str = ""
    #: read only when the child's age (written in the worry or given) lies in this range
    #: and the worry is about the child: a pregnancy at 13 is a possible sexual offence,
    #: at 30 a maternity-clinic matter (see :func:`graphmap.search.query.by_age`)
    when_age: tuple[int, int] | None = None

    @property
    def urgent(self) -> bool:
        return self.urgency == "urgent"


@dataclass(frozen=True)
class Term:
    """One entry term of a need: its words' alternatives, in order."""

    need: str
    lang: str
    text: str
    words: tuple[frozenset, ...]


@dataclass
class NeedHit:
    """A need found in a query: by which term and which query words (positions)."""

    need: Need
    term: str
    positions: tuple[int, ...]
    quality: float  # 1.0 exact; lower when a word matched only through a part or a typo
    denied: bool = False  # an urgent need the query says is not so ("ei ole itsetuhoinen")


@dataclass
class NeedVocabulary:
    needs: dict[str, Need] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    #: lang → word alternative → indexes into ``terms`` of terms that use it
    by_word: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: terms left out, with why ("file: [[need]] #n (id): …"): a term of general words or
    #: negation only would match far too much ("ei ole aikuista" → "aikuinen" alone)
    warnings: list[str] = field(default_factory=list)
    _folded: dict[str, str] | None = field(default=None, repr=False)
    _cues: list[tuple[str, tuple[str, str]]] | None = field(default=None, repr=False)

    def unfold(self, word: str) -> str | None:
        """The Finnish entry word that ``word`` is, typed with a/o for ä/ö and perhaps
        inflected: the longest word of ≥ 5 letters whose undotted spelling begins
        ``word``'s with at most 4 letters left ("vakivaltaa" → "väkivalta").  Works
        without Voikko's suggestions too."""
        if self._folded is None:
            self._folded = {}
            for alt in sorted(self.by_word.get("fi", {})):
                if len(alt) >= 5 and " " not in alt:
                    self._folded.setdefault(_undot(alt), alt)
        folded = _undot(word)
        for cut in range(len(folded), max(4, len(folded) - 5), -1):
            found = self._folded.get(folded[:cut])
            if found and found != word:
                return found
        return None

    def danger_cue(self, folded_word: str) -> tuple[str, str] | None:
        """(cue, urgent need id) when an urgent need's one-word Finnish entry term of ≥ 5
        letters, without its last letter and its dots, occurs inside ``folded_word`` (a
        word typed without dots, unknown to the lemmatiser): "itsaripuheita" → itsari.
        The longest cue wins."""
        if self._cues is None:
            cues: dict[str, tuple[str, str]] = {}
            for term in self.terms:
                need = self.needs[term.need]
                if term.lang == "fi" and need.urgent and len(term.words) == 1:
                    for alt in term.words[0]:
                        if len(alt) >= 5 and alt != NEGATION:
                            cues.setdefault(_undot(alt[:-1]), (alt, need.id))
            self._cues = sorted(cues.items(), key=lambda kv: -len(kv[0]))
        for stem, found in self._cues:
            if stem in folded_word:
                return found
        return None

    def _deniable(self, term: Term) -> bool:
        """An urgent term with no negation of its own: "ei halua elää" has one, and so
        has "hakematta" (:data:`~graphmap.search.text.PRIVATIVE`)."""
        negations = {NEGATION, *CONTRACTED_NOT}.union(*OTHER_NEGATIONS.values())
        return self.needs[term.need].urgent and not any(
            w & negations or any(a.endswith(PRIVATIVE) for a in w) for w in term.words)

    def words(self) -> set[str]:
        """Every word alternative of every term (for typo correction)."""
        return {w for table in self.by_word.values() for w in table}

    def match(self, words_by_lang: dict[str, list[dict[str, float]]],
              negated: dict[str, frozenset[int]] | None = None) -> list[NeedHit]:
        """Needs whose terms occur in the query.  ``words_by_lang[lang][i]`` maps the
        alternatives of query word ``i`` to their quality; ``negated[lang]`` are the
        positions a negation in that language denies ("ei ole itsetuhoinen"): an urgent
        need's term without a negation of its own that uses one does not match.  Best hit
        per need, the need
        with more query words covered (then higher quality, urgent before not, then file
        order) first; ``positions`` are the words of all its matching terms.  An urgent
        need only denied comes last, marked ``denied``."""
        best: dict[str, NeedHit] = {}
        refused: dict[str, NeedHit] = {}
        for lang, words in words_by_lang.items():
            table = self.by_word.get(lang, {})
            denied = (negated or {}).get(lang, frozenset())
            candidates = sorted({t for w in words for alt in w for t in table.get(alt, ())})
            for t in candidates:
                term = self.terms[t]
                positions, quality = [], 1.0
                for alternatives in term.words:
                    found = None
                    for i, w in enumerate(words):
                        if i in positions:
                            continue
                        q = max((w[a] for a in alternatives if a in w), default=0.0)
                        if q and (found is None or q > found[1]):
                            found = (i, q)
                    if found is None:
                        break
                    positions.append(found[0])
                    quality = min(quality, found[1])
                else:
                    if denied.intersection(positions) and self._deniable(term):
                        refused.setdefault(term.need, NeedHit(
                            self.needs[term.need], term.text, tuple(sorted(positions)), quality,
                            denied=True))
                        continue
                    old = best.get(term.need)
                    if old is None:
                        best[term.need] = NeedHit(self.needs[term.need], term.text,
                                                  tuple(sorted(positions)), quality)
                    else:  # every matching term of a need counts its words as recognised
                        if quality > old.quality:
                            old.term, old.quality = term.text, quality
                        old.positions = tuple(sorted(set(old.positions) | set(positions)))
        order = {nid: i for i, nid in enumerate(self.needs)}
        return sorted(best.values(), key=lambda h: (-len(h.positions), -h.quality,
                                                    not h.need.urgent, order[h.need.id])) + [
            h for nid, h in refused.items() if nid not in best]


def default_files() -> list[Path]:
    """The bundled need files, in name order (read through the package)."""
    folder = resources.files("graphmap").joinpath("data", "needs")
    return sorted((Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml")),
                  key=lambda p: p.name)


def _age_range(path, where: str, entry: dict, field: str) -> tuple[int, int] | None:
    """``entry[field]`` (``ages``, ``when_age``) as ``(from, to)``, or ``None`` when absent."""
    value = entry.get(field)
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2
            and all(isinstance(a, int) and not isinstance(a, bool) for a in value)
            and 0 <= value[0] <= value[1] <= MAX_AGE):
        _fail(path, where, f"{field} should be [from, to] with 0 ≤ from ≤ to ≤ {MAX_AGE}, "
                           f"got {value!r}")
    return (value[0], value[1])


def _fail(path, where: str, message: str):
    raise VocabularyError(f"{path}: {where}: {message}")


def _need(path: Path, n: int, entry) -> Need:
    where = f"[[need]] #{n}"
    if not isinstance(entry, dict):
        _fail(path, where, "should be a table")
    nid = entry.get("id")
    if not isinstance(nid, str) or not _ID.match(nid):
        _fail(path, where, f"id should be lowercase ascii letters, digits and '-', got {nid!r}")
    where = f"[[need]] #{n} ({nid})"
    unknown = sorted(set(entry) - FIELDS)
    if unknown:
        _fail(path, where, f"unknown field(s) {', '.join(unknown)}; expected "
                           f"{', '.join(sorted(FIELDS))}")
    name = entry.get("name")
    if not (isinstance(name, dict) and all(isinstance(name.get(lg), str) and name[lg].strip()
                                           for lg in LANGS)):
        _fail(path, where, "name should be { fi = \"…\", sv = \"…\", en = \"…\" }")
    if entry.get("concerns") not in CONCERNS:
        _fail(path, where, f"concerns should be one of {', '.join(CONCERNS)}, "
                           f"got {entry.get('concerns')!r}")
    if entry.get("urgency") not in URGENCIES:
        _fail(path, where, f"urgency should be one of {', '.join(URGENCIES)}, "
                           f"got {entry.get('urgency')!r}")
    services = entry.get("services")
    if not (isinstance(services, list) and services
            and all(isinstance(s, str) and s.strip() for s in services)):
        _fail(path, where, "services should be a non-empty list of service keywords")
    ages = _age_range(path, where, entry, "ages")
    when_age = _age_range(path, where, entry, "when_age")
    if when_age is not None and entry.get("concerns") != "child":
        _fail(path, where, "when_age is the child's age: only a need that concerns the "
                           "child can carry it")
    terms = {}
    for lg in LANGS:
        value = entry.get(lg, [])
        if not (isinstance(value, list) and all(isinstance(t, str) and t.strip() for t in value)):
            _fail(path, where, f"{lg} should be a list of words or phrases")
        terms[lg] = tuple(value)
    if not terms["fi"]:
        _fail(path, where, "fi should list at least one Finnish entry term")
    note = entry.get("note")
    if note is not None and not isinstance(note, str):
        _fail(path, where, "note should be a string")
    return Need(nid, dict(name), entry["concerns"], entry["urgency"],
                tuple(s.strip().lower() for s in services), ages, terms, note, path.name,
                when_age)


def term_words(text: str, lang: str, lemmatiser) -> tuple[frozenset, ...]:
    """A term's words as sets of alternatives (surface and base forms).  Finnish stop
    words and negation stay in a phrase — "ei mene kouluun" needs all three words, so it
    neither matches every "koulu" nor "menee kouluun" — but never carry it alone.  So
    does Swedish and English negation: "vill inte leva" is not "vill leva".  A general
    word written inflected keeps its case (:func:`~graphmap.search.text.oblique`); a word
    written ``=häneen`` matches only as typed (:data:`EXACT`)."""
    if lang != "fi":
        # written in base form; lemmatising with simplemma would load its sv/en
        # dictionaries (seconds) in every process that searches
        keep = OTHER_NEGATIONS.get(lang, frozenset())
        return tuple(frozenset({w}) for w in tokens(text)
                     if w not in STOP_WORDS[lang] or w in keep)
    out: list[frozenset] = []
    lemmatiser = lemmatiser or default_lemmatiser()
    for raw in text.split():
        if raw.startswith(EXACT):  # "koskee =häneen": the illative alone (touching),
            # not "koskee häntä/hänen" ("concerns him"), which every form of "hän" would be
            out.extend(frozenset({w}) for w in tokens(raw))
            continue
        out.extend(_finnish_word(lemmatiser.analyse(word)) for word in tokens(raw))
    return tuple(out)


def _finnish_word(a) -> frozenset:
    """One Finnish term word's alternatives from its analysis."""
    if negates(a.word, a.bases):
        return frozenset({NEGATION})
    if a.word.endswith(PRIVATIVE):  # "hakematta" (not fetched): its base "hakea" is
        return frozenset({a.word})     # the opposite ("isä hakee lapsen" is no alarm)
    if oblique(a.word, a.bases):  # "lasta": an inflected child, not the subject
        return frozenset({a.word} | oblique(a.word, a.bases))
    return frozenset((a.word,) + a.bases)


def _weak_term(text: str, words: tuple[frozenset, ...]) -> str | None:
    """Why a Finnish term would match far too much, or None: it has no word but general
    ones ("perhe", "lapsi"; WEAK_PARTS), stop words and negation."""
    content = [{a.removesuffix(OBLIQUE) for a in w} for w in words
               if NEGATION not in w and not w & STOP_WORDS["fi"]]
    if all(w & WEAK_PARTS for w in content):
        return "has only general words (graphmap.search.text.WEAK_PARTS), stop words or negation"
    return None


def load_needs(files=None, lemmatiser=None) -> NeedVocabulary:
    """Read, check and lemmatise need files (default: the bundled ones).  ``files`` may be
    a folder, one file or a list of files.  A bad file raises :class:`VocabularyError`
    naming the file and the entry."""
    if files is None:
        paths = default_files()
    elif isinstance(files, (str, Path)):
        p = Path(files)
        paths = sorted(p.glob("*.toml")) if p.is_dir() else [p]
    else:
        paths = [Path(f) for f in files]
    vocab = NeedVocabulary()
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise VocabularyError(f"{path}: cannot read the need file: {exc}") from exc
        extra = sorted(set(data) - {"need"})
        if extra:
            raise VocabularyError(f"{path}: unknown table(s) {', '.join(extra)}; "
                                  f"a need file holds only [[need]] entries")
        entries = data.get("need", [])
        if not isinstance(entries, list):
            raise VocabularyError(f"{path}: write each need as [[need]]")
        for n, entry in enumerate(entries, 1):
            need = _need(path, n, entry)
            if need.id in vocab.needs:
                raise VocabularyError(f"{path}: [[need]] #{n} ({need.id}): the id is already "
                                      f"used in {vocab.needs[need.id].source}")
            vocab.needs[need.id] = need
            for lg in LANGS:
                for text in need.terms[lg]:
                    words = term_words(text, lg, lemmatiser)
                    problem = _weak_term(text, words) if lg == "fi" else None
                    if problem:
                        vocab.warnings.append(f"{path}: [[need]] #{n} ({need.id}): fi term "
                                              f"{text!r} {problem}; it is not used")
                        continue
                    if not words:
                        continue
                    vocab.terms.append(Term(need.id, lg, text, words))
                    for alternatives in words:
                        for alt in alternatives:
                            vocab.by_word.setdefault(lg, {}).setdefault(alt, []).append(
                                len(vocab.terms) - 1)
    return vocab
