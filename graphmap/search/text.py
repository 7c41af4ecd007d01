"""Finnish-first text handling for search: tokens, lemmas and compound parts.

What: turns free text ("univaikeuksiin", "erotilanteessa", "sömnproblem") into the
terms the search index is keyed by — each word's base form(s) and, for compounds,
the base forms of its parts.

Why: Finnish inflects and compounds freely; a worker types "univaikeuksiin" while
the service list says "univaikeudet" (issue 3 item 6).  A suffix stemmer such as
Snowball stems those two differently, so matching needs a morphological analyser.
Compound parts let "erotilanteessa" (ero + tilanne) find "eroauttaminen"
(ero + auttaa) through the shared part ``ero``.

How: Voikko (``libvoikko.Voikko("fi").analyze``) gives BASEFORM and WORDBASES, e.g.
``+uni(uni)+vaike(vaikea)+us(+us)``; :func:`parse_wordbases` groups each lexical
part with its derivational suffixes ("vaike" + "us" → "vaikeus") so parts are real
words.  Where Voikko is missing (or ``GRAPHMAP_LEMMATISER=simplemma`` forces it),
``simplemma`` lemmatises and :meth:`SimplemmaLemmatiser.split` splits compounds
into two parts that simplemma (or the caller's vocabulary) knows.  Reference:
Voikko WORDBASES format, https://voikko.puimula.org/ (libvoikko docs, "analyze").
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from graphmap import voikko
from graphmap.i18n import LANGS

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

#: Words that carry no need ("who do I call about …").  Compared after lemmatising.
STOP_WORDS = {
    "fi": frozenset("""
        ja tai sekä mutta on ei olla se ne tämä nämä tuo joka mikä mitä kuka ketä kenelle
        kenen mihin minne missä mistä miten milloin kun jos että kanssa myös vain hyvin
        paljon vähän nyt jo vielä minä sinä hän me te he meidän minun oma kuin niin sitten
        voida pitää saada tarvita kysyä soittaa ottaa yhteys yhteyttä asia apua tulla
        tehdä mennä joku jokin kaikki koko ole olen ovat oli ollut lla llä epäily epäillä
        """.split()),
    "sv": frozenset("""
        och eller men är vara inte det den de en ett i på med för till av om att som jag
        du han hon vi ni min mitt mina vår vårt vem vad var hur när kan ska skulle ha har
        få behöva ringa fråga hjälp kontakta mycket lite nu bli blir blev
        """.split()),
    "en": frozenset("""
        a an the and or but is are be been being not no it its this that these those of in
        on at with for to from by about my our your their his her i we you he she they who
        whom what where when how can could should would will do does did have has had get
        need call ask help contact very much little now some any child kid
        """.split()),
}
ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values())

#: Grown-up relatives other than the parents: a worry said of one ("isosisko on raskaana")
#: is not the child's own (graphmap.search.query.by_age).  Not WEAK_PARTS: "mummo" alone is
#: the grandparents' need.
RELATIVE_WORDS = frozenset("""isosisko sisko sisar siskopuoli täti mummo mummi isoäiti
    storasyster syster moster faster mormor farmor sister aunt grandma grandmother""".split())
#: Compound parts too general to carry a match alone (issue 9): "perheväkivalta" may
#: match through "väkivalta", never through "perhe"; "lapsiperhe" matches nothing.
#: As whole query words they are context ("äiti", "vauva" say whom the worry is about)
#: and are neither recognised nor reported as unrecognised.
WEAK_PARTS = frozenset("""
    lapsi perhe palvelu neuvola tuki vanhempi äiti isä nuori koti koto työ asia ongelma vaikeus
    huoli tilanne keskus ohjaus ohjaaja kasvatus hoito hoitaja yksikkö toiminta ryhmä tiimi
    alue kunta aika päivä ihminen henkilö poika tyttö lapsiperhe vanhemmuus muu uusi iso
    pieni kova paha hyvä kerta puoli arki jatkuva usein koko yhteys kanssa vuosi viikko
    teini koululainen oppilas mies vaimo puoliso isäpuoli äitipuoli mamma pappa
    mor far mamma pappa barn son dotter flicka pojke förälder föräldrar man fru
    mother father mum mom dad husband wife partner son daughter boy girl teen teenager
    parent parents kid kids tonåring bebis baby toddler family familj
    """.split())
#: How a worker frames what they heard ("äiti kertoi että…", "he said he doesn't want
#: to…", "ei halua mennä kouluun"): words that carry no need and are not reported as
#: words the search did not recognise — that notice tells the worker the answer is a
#: guess.  Unlike stop words they stay in the query (need phrases are built of them:
#: "ei halua mennä kotiin", "doesn't want to live"), and unlike WEAK_PARTS they still
#: match on their own where the index has them.
FRAMING_WORDS = frozenset("""
    haluta halu sanoa kertoa enää täällä siellä tänne häntä
    säga säger sa berätta berättade vill ville här där längre
    say says said tell tells told want wants wanted here there anymore don doesn didn
    was were yet
    """.split())
#: Who the worry is about, read from the query's context words (rule d): a parent's need
#: typed about "nuori" is the young person's own ("nuori polttaa kannabista").
CHILD_WORDS = frozenset("""lapsi nuori tyttö tytär poika teini vauva koululainen oppilas barn flicka
    tonåring bebis baby toddler
    pojke son dotter child kid kids boy girl teen teenager daughter""".split())
#: A word for a person that a need term names by another word: the youth needs are
#: written with "nuori" ("nuori juo", "nuori polttaa kannabista"), and workers write
#: "teini" as often.
SAME_PERSON = {"teini": "nuori", "nuorukainen": "nuori", "teinityttö": "nuori",
               "teinipoika": "nuori",
               # home words for a parent, most unknown to Voikko and so compared as typed
               # ("isi hakkaa äitiä" is "isä hakkaa äitiä"); like "isä" they only say whom
               **{w: "isä" for w in "isi isiä iskä iskän iskää faija faijan faijaa isukki".split()},
               **{w: "äiti" for w in "äiskä äiskän äiskää äippä äipän äippää mutsi".split()},
               "isa": "isä"}  # typed without the dots, too short to be corrected
PARENT_WORDS = frozenset("""äiti isä vanhempi isäpuoli äitipuoli mamma pappa mor far förälder
    föräldrar mother father mum mom dad parent parents husband wife puoliso mies vaimo""".split())
#: Negation is kept for the need vocabulary: "ei puhu" (does not talk) is not "puhuu".
NEGATION = "ei"
#: A conjunction fused with the negative verb negates what follows as "ei" does: "sanoi
#: ettei halua elää" is "ei halua elää" (a suicide signal), "ellei" and "jollei" are
#: "jos ei".  Voikko gives the fused word as its own base form ("etten" → "ettei"), so
#: without this a worker's ordinary sentence lost its negation and with it the need.
#: "Ellen" is left out: it is also a name.
_ALSO_NAMES = frozenset({"ellen"})
FUSED_NEGATIONS = frozenset(
    stem + ending for stem in ("ett", "jott", "vaikk", "mutt", "miks", "ell", "joll")
    for ending in ("ei", "eivät", "en", "et", "emme", "ette")) - _ALSO_NAMES
#: Spoken "et" for "että": after a verb of saying, knowing or fearing ("lapsi kertoi et isä
#: lyö") it is the conjunction, not "you don't" — read as the negation it denied the worry.
COLLOQUIAL_THAT = ("et", "että")
THAT_AFTER = frozenset("""sanoa kertoa puhua kirjoittaa tietää luulla epäillä pelätä huomata
    nähdä kuulla ajatella väittää uskoa""".split())
#: Swedish and English negation: kept in a need term like "ei" ("vill inte leva" must not
#: become "vill leva"); contractions typed in a query ("didn't" → didn, t) count as "not".
OTHER_NEGATIONS = {"sv": frozenset({"inte", "ej", "aldrig", "ingen", "inget", "inga"}),
                   "en": frozenset({"not", "no", "never"})}
#: Swedish negation adverbs follow the finite verb (V2): "pappa slår inte barnen"
AFTER_VERB = frozenset({"inte", "ej", "aldrig"})
CONTRACTED_NOT = frozenset("""didn doesn don isn wasn aren weren won couldn wouldn shouldn
    hasn haven hadn cannot didnt doesnt dont isnt wasnt arent cant wont""".split())
#: Words that may stand between a negation and the word it negates: "ei ole lyönyt",
#: "is not suicidal", "har inte slagit", and the "t" of "doesn't".  An urgent need's term
#: read right after a negation (and these) is denied, not reported: "ei ole itsetuhoinen
#: mutta masentunut" is the depression, "isä ei lyö lasta" no violence alarm.
NEGATED_VIA = frozenset("""olla ole ollut olleet koskaan merkki viite t be is are was were been
    have has had ever sign signs evidence vara är var varit har haft någonsin tecken""".split())
#: The Finnish abessive infinitive is a negation of its own ("hakematta", not fetched): in a
#: term it matches only as written (its base "hakea" is the opposite) and a negation before
#: it does not deny it.
PRIVATIVE = ("matta", "mättä")
#: English "live" is both "elää" (be alive: "doesn't want to live", a suicide signal) and
#: "asua" (dwell: "doesn't want to live here"); Finnish and Swedish have two verbs.
#: Followed by a place ("here", "in this town", "with her dad") it is read as DWELL.
DWELL = "reside"
DWELL_VERB = "live"
DWELL_NEXT = frozenset("here there abroad nearby elsewhere".split())
DWELL_PREP = frozenset("in at near with".split())
#: what a dwelling place after DWELL_PREP is: a place, or a person one lives with
#: ("in this world", "with the pain" stay the first sense)
DWELL_PLACES = frozenset("""town city village house flat apartment home country area
    neighbourhood neighborhood municipality street finland building place estate block
    grandma grandmother granny grandpa grandfather grandparents relatives family foster
    him her them us me stepfather stepmother stepdad stepmum boyfriend girlfriend""".split())
#: "die of embarrassment", "dying of laughter": a figure of speech, no need's word
IDIOM = "idiom"
IDIOM_NEXT = {"die": frozenset({"of", "laughing"}), "dying": frozenset({"of", "laughing"})}
#: Marks a general word in another case than the nominative: "lyödä lasta" (to hit a
#: child) needs the child as the object, so "lapsi lyö sisarustaan" (the child hits) is
#: not it — a need term's inflected general word matches only an inflected query word.
OBLIQUE = "~"


def negates(word: str, bases, known: bool = True) -> bool:
    """Whether a Finnish word is the negative verb: alone, inflected or with a clitic
    ("ei", "en", "eikä": base "ei", when the lemmatiser knows the word) or fused with a
    conjunction ("ettei", :data:`FUSED_NEGATIONS`)."""
    if word in _ALSO_NAMES:
        return False
    return (known and NEGATION in bases) or word in FUSED_NEGATIONS or any(
        b in FUSED_NEGATIONS for b in bases)


def clause_ends(text: str) -> set[int]:
    """Indexes of the words of ``text`` (as :func:`tokens` splits it) that a punctuation
    mark follows: "doesn't want to live. Here …" — "live" and "here" are not one phrase."""
    spans = [m.span() for m in _WORD.finditer(text or "")]
    return {i for i in range(len(spans) - 1)
            if re.search(r"[^\s'’-]", text[spans[i][1]:spans[i + 1][0]])}


def english_sense(words: list[str], i: int, ends: frozenset[int] | set[int] = frozenset()
                  ) -> str | None:
    """What English ``words[i]`` stands for when the next words of its clause (``ends``:
    :func:`clause_ends`) decide it, else None:
    :data:`DWELL` for "live" followed by a place word, or by "in"/"at"/"near"/"with" and
    (after determiners and possessives) a place or a person (:data:`DWELL_PLACES`,
    parent and child words); :data:`IDIOM` for "die of …" ("die of embarrassment")."""
    stop = min([e for e in ends if e >= i] + [len(words) - 1])
    words = words[:stop + 1]
    following = words[i + 1] if i + 1 < len(words) else None
    if words[i] in IDIOM_NEXT and following in IDIOM_NEXT[words[i]]:
        return IDIOM
    if words[i] != DWELL_VERB or following is None:
        return None
    if following in DWELL_NEXT:
        return DWELL
    if following not in DWELL_PREP:
        return None
    rest = [w for w in words[i + 2:i + 5]
            if w in DWELL_PLACES or w in CHILD_WORDS or w not in STOP_WORDS["en"]]
    place = bool(rest) and (rest[0] in DWELL_PLACES or rest[0] in PARENT_WORDS
                            or rest[0] in CHILD_WORDS)
    return DWELL if place else None


def oblique(word: str, bases) -> set[str]:
    """``{base + OBLIQUE}`` for a general word (WEAK_PARTS) typed in an inflected form
    ("lasta", "lapsia", "äidin"), else an empty set ("lapsi", "äiti", "lyödä")."""
    weak = [b for b in bases if b in WEAK_PARTS]
    if not weak or word in weak:  # ("lasta" is also a splint: its own base, not weak)
        return set()
    return {b + OBLIQUE for b in weak}


def tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters only; digits and punctuation split)."""
    return [t.lower() for t in _WORD.findall(text or "")]


@dataclass(frozen=True)
class WordAnalysis:
    """One word's base forms (usually one) and compound parts (empty if not a compound)."""

    word: str
    bases: tuple[str, ...]
    parts: tuple[str, ...] = ()
    known: bool = True  # False: the lemmatiser does not know the word (maybe not Finnish)
    #: the base a derived word is made from: a participle's verb ("eronnut" → "erota"),
    #: a noun's verb ("viiltely" → "viillellä"), so verbs and nouns reach the same need
    roots: tuple[str, ...] = ()


# --------------------------------------------------------------------- Voikko

def parse_wordbases(wordbases: str, baseform: str, tails: bool = False) -> list[str]:
    """Compound parts of one Voikko analysis (``tails=True``: instead, the runs of the
    last two or more parts of a compound of three or more, "seurusteluväkivalta" →
    ``["väkivalta"]``).

    ``+uni(uni)+vaike(vaikea)+us(+us)`` → ``["uni", "vaikeus"]``;
    ``+lasten(lapsi)+suojel(suojella)+u(+u)`` → ``["lapsi", "suojelu"]``;
    ``+sosiaali+työ(työ)`` → ``["sosiaali", "työ"]``.  A part followed by a
    derivational suffix (a base starting with ``+``) is spelt as surface + suffix,
    and the last part is taken from ``baseform`` so it is in the nominative.
    Fewer than two lexical parts of ≥ 3 letters → ``[]`` (not a compound)."""
    segments, depth, current = [], 0, ""
    for ch in wordbases:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "+" and depth == 0:
            if current:
                segments.append(current)
            current = ""
        else:
            current += ch
    if current:
        segments.append(current)
    groups: list[list] = []  # [surface, base, derived?]
    for seg in segments:
        m = re.match(r"^([^()]*)(?:\(([^)]*)\))?(.*)$", seg)
        if m is None:  # the pattern matches any string; for the type checker
            continue
        surface, base, rest = m.group(1), m.group(2), m.group(3)
        inflection = base is None and len(surface) < 3 and not rest
        if (base is not None and base.startswith("+")) or inflection:
            if groups:  # a derivational suffix: glue to the previous part
                groups[-1][0] += surface
                groups[-1][2] = True
            continue
        derived = bool(rest)
        surface_full = surface + re.sub(r"\([^)]*\)", "", rest)
        groups.append([surface_full if derived else surface,
                       (base or surface).replace("=", ""), derived])  # "hyväksi=käyttö"
    groups = [g for g in groups if len(g[0]) >= 3 or len(g[1]) >= 3]
    if len(groups) < 2:
        return []
    parts = []
    if tails:
        # the last two or more parts together, as a word of their own: "väkivalta" in
        # "seurustelu|väki|valta" — Voikko splits it, yet the worry lives in the pair
        prefix = ""
        for surface, _base, _derived in groups[:-2]:
            prefix += surface
            if baseform.startswith(prefix) and len(baseform) - len(prefix) >= 5:
                parts.append(baseform[len(prefix):])
        return [p.lower() for p in parts]
    prefix = ""
    for i, (surface, base, derived) in enumerate(groups):
        if i == len(groups) - 1 and baseform.startswith(prefix) and len(baseform) > len(prefix):
            parts.append(baseform[len(prefix):])
        else:
            parts.append(surface if derived else base)
        prefix += surface
    return [p.lower() for p in parts if len(p) >= 3]


def wordbase_roots(wordbases: str, baseform: str) -> list[str]:
    """The root of a derived single-part word: ``+eron(erota)+n+ut(+ut)`` → ``["erota"]``.
    Compounds (two lexical bases or more) and plain words give ``[]``."""
    bases = [b.replace("=", "") for b in re.findall(r"\(([^)]*)\)", wordbases)
             if not b.startswith("+")]
    # "pahoin=pidellä": one lexical base written as one word ("pahoinpidellyt" → the verb)
    if len(bases) != 1 or bases[0].lower() == baseform:
        return []
    return [bases[0].lower()]


class VoikkoLemmatiser:
    """Finnish lemmas and compound parts from Voikko (libvoikko + voikko-fi)."""

    name = "voikko"

    def __init__(self):
        voikko.require()  # ImportError → caller falls back
        self.analyse = lru_cache(maxsize=200_000)(self._analyse)
        self.suggest = lru_cache(maxsize=20_000)(self._suggest)

    def _analyse(self, word: str) -> WordAnalysis:
        found = voikko.analyze(word)  # the process's one handle, behind its lock
        bases, parts, roots = [], [], []
        for a in found:
            base = (a.get("BASEFORM") or word).lower()
            if base not in bases:
                bases.append(base)
            wordbases = a.get("WORDBASES", "")
            for p in (parse_wordbases(wordbases, base)
                      + parse_wordbases(wordbases, base, tails=True)):
                if p not in parts and p not in bases:
                    parts.append(p)
            for r in wordbase_roots(a.get("WORDBASES", ""), base):
                if r not in roots:
                    roots.append(r)
        if not bases:  # unknown to Voikko (a name, a typo, a new word, not Finnish)
            return WordAnalysis(word, (word,), known=False)
        return WordAnalysis(word, tuple(bases), tuple(p for p in parts if p not in bases),
                            roots=tuple(r for r in roots if r not in bases))

    def _suggest(self, word: str) -> tuple[str, ...]:
        """Voikko's spelling suggestions for an unknown word ("vakivalta" → "väkivalta")."""
        return tuple(s.lower() for s in voikko.suggest(word)[:5])


# ------------------------------------------------------------------- simplemma

class SimplemmaLemmatiser:
    """Pure-Python fallback: simplemma lemmas plus a two-part compound split.

    ``vocab`` (e.g. the index's terms) counts as known words for the split, so a
    service keyword simplemma has never seen can still be a compound part."""

    name = "simplemma"

    def __init__(self, vocab=None):
        import simplemma
        self._sm = simplemma
        self.vocab = set(vocab or ())
        self.analyse = lru_cache(maxsize=200_000)(self._analyse)

    def suggest(self, word: str) -> tuple[str, ...]:
        """No spelling suggestions without Voikko (the index's own typo check remains)."""
        return ()

    def lemma(self, word: str, lang: str = "fi") -> str:
        return self._sm.lemmatize(word, lang=lang).lower()

    def known(self, word: str) -> bool:
        return word in self.vocab or self._sm.is_known(word, lang="fi")

    def split(self, word: str) -> tuple[str, str] | None:
        """The split of ``word`` into two known words of ≥ 3 letters with the longest tail
        (the head lemmatised too: "lasten" → "lapsi")."""
        best = None
        for i in range(3, len(word) - 2):
            head, tail = word[:i], word[i:]
            head_l, tail_l = self.lemma(head), self.lemma(tail)
            if (self.known(head) or self.known(head_l)) and (self.known(tail) or self.known(tail_l)):
                # a long known tail beats a balanced split: "ero|tilanteessa" → tilanne,
                # not "erotilan|teessa" → tee
                balance = len(tail_l if self.known(tail_l) else tail)
                if best is None or balance > best[0]:
                    best = (balance, head_l if self.known(head_l) else head,
                            tail_l if self.known(tail_l) else tail)
        return (best[1], best[2]) if best else None

    def _analyse(self, word: str) -> WordAnalysis:
        base = self.lemma(word)
        parts: tuple[str, ...] = ()
        if len(word) >= 7:
            split = self.split(word) or (self.split(base) if base != word else None)
            if split:
                parts = tuple(p for p in split if p != base)
        return WordAnalysis(word, (base,), parts, known=self.known(word) or self.known(base))


# --------------------------------------------------------------------- choice

_DEFAULT = None
_DEFAULT_LOCK = threading.Lock()


def make_lemmatiser(name: str | None = None, vocab=None):
    """A Finnish lemmatiser: ``"voikko"``, ``"simplemma"`` or ``None`` for the best
    available (Voikko unless ``GRAPHMAP_LEMMATISER=simplemma``)."""
    name = name or os.environ.get("GRAPHMAP_LEMMATISER") or None
    if name not in (None, "voikko", "simplemma"):
        raise ValueError(f"unknown lemmatiser {name!r}; expected 'voikko' or 'simplemma'")
    if name in (None, "voikko"):
        try:
            return VoikkoLemmatiser()
        except Exception:  # libvoikko or the Finnish dictionary missing
            if name == "voikko":
                raise
    return SimplemmaLemmatiser(vocab)


def default_lemmatiser():
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = make_lemmatiser()
        return _DEFAULT


def lemmatiser_name() -> str:
    """``"voikko"`` or ``"simplemma"`` — which Finnish lemmatiser search uses here."""
    return default_lemmatiser().name


def analyse_words(text: str, lang: str = "fi", lemmatiser=None) -> list[WordAnalysis]:
    """Analyses of the non-stop words of ``text``.  Finnish goes through the Finnish
    lemmatiser; Swedish and English through simplemma (no compound split)."""
    out = []
    for word in tokens(text):
        if lang == "fi":
            a = (lemmatiser or default_lemmatiser()).analyse(word)
        else:
            a = WordAnalysis(word, (_other_lemma(word, lang),))
        if word in STOP_WORDS.get(lang, ()) or all(b in STOP_WORDS.get(lang, ()) for b in a.bases):
            continue
        out.append(a)
    return out


@lru_cache(maxsize=50_000)
def _other_lemma(word: str, lang: str) -> str:
    import simplemma
    return simplemma.lemmatize(word, lang=lang).lower()


def lemmas(text: str, lang: str = "fi") -> list[str]:
    """Base forms of the words in ``text`` and then their compound parts, in order,
    without duplicates or stop words: ``lemmas("univaikeuksiin")`` →
    ``["univaikeus", "uni", "vaikeus"]`` with Voikko."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    out: list[str] = []
    for a in analyse_words(text, lang):
        for term in a.bases + a.parts:
            if term not in out:
                out.append(term)
    return out
