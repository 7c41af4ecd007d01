"""Data quality of the need vocabulary (graphmap/data/needs/*.toml, issue 9 item 1).

What: parses every need file with ``tomllib`` — deliberately not the search engine's
loader, so a loader bug cannot hide a data bug — and checks the schema of
docs/search.md and docs/needs.md: ids, required fields and allowed values, terms in Finnish,
Swedish and English, service keywords that exist in the demo network or the reference
model, ages only where a child's age can filter, and no entry term that means "urgent"
in one need and "not urgent" in another.

Why: the vocabulary is hand-written data edited by many people.  A worker notices a
broken entry as a wrong door or a missing urgent answer, long after the edit; these
checks catch it when the file changes.
"""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from graphmap.demo import demo_network
from graphmap.search.text import STOP_WORDS

NEEDS_DIR = Path(resources.files("graphmap")) / "data" / "needs"
REFERENCE = Path(resources.files("graphmap")) / "data" / "reference_model.toml"
URGENT_FILE = "urgent.toml"

LANGS = ("fi", "sv", "en")
CONCERNS = {"child", "parent", "family"}
URGENCY = {"urgent", "soon", "routine"}
REQUIRED = {"id", "name", "concerns", "urgency", "services", "fi", "sv", "en"}
OPTIONAL = {"ages", "when_age", "note"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Doors that are never the first answer to a routine worry (DOMAIN.md §3: the lowest
#: sufficient level of support first).
PROTECTION_DOORS = {"lastensuojelu", "sosiaalipäivystys", "avohuolto", "tehostettu perhetyö"}
#: Words too common to carry a need alone (issue 9 item 2: weak parts never match alone).
WEAK_TERMS = {"lapsi", "lapset", "perhe", "äiti", "isä", "vanhempi", "vanhemmat", "nuori",
              "palvelu", "neuvola", "apu", "barn", "familj", "child", "family", "parent",
              "help", "mother", "father", "päiväkoti", "koulu", "daghem", "skola", "daycare",
              "school"}
#: The oldest age a search can give (graphmap.search.params.MAX_AGE).
MAX_AGE = 25
#: Base forms that say whom or where, not what the worry is: a phrase made only of these
#: and stop words ("isäksi tuleminen" → isä; "huoli lapsesta") would match any query that
#: mentions a father or a child and outrank the need the query is really about.
CONTEXT_WORDS = frozenset("""
    lapsi perhe äiti isä vanhempi vanha nuori koti kota aika huoli palvelu neuvola tuki tukea
    uusi iso pieni ryhmä toiminta hoitaja ohjaus asia ongelma tilanne hoito lapsiperhe arki
    työ vauva barn barnet familj förälder mamma pappa child children family parent parents
    mother father kid baby home help kasvatus vanhemmuus teini puoliso mies vaimo isäpuoli
    äitipuoli poika tyttö koululainen oppilas jatkuva
    """.split())
MIN_TOPIC_NEEDS = 135
MIN_ALL_NEEDS = 150


def _files() -> list[Path]:
    return sorted(NEEDS_DIR.glob("*.toml"))


def _load() -> list[tuple[str, dict]]:
    """(file name, need) for every need in every file."""
    out = []
    for path in _files():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        assert set(data) <= {"need"}, f"{path.name}: unknown top-level keys {set(data) - {'need'}}"
        for need in data.get("need", []):
            out.append((path.name, need))
    return out


NEEDS = _load()


def _where(fname: str, need: dict) -> str:
    return f"{fname}: need {need.get('id', '?')!r}"


def _norm(term: str) -> str:
    return " ".join(term.lower().split())


@pytest.fixture(scope="module")
def service_keywords() -> set[str]:
    """Service keywords a need may name: every demo unit's services and every
    reference-model function keyword (docs/needs.md)."""
    keywords = {s for u in demo_network().units.values() for s in u.services}
    with REFERENCE.open("rb") as fh:
        ref = tomllib.load(fh)
    for fn in ref["functions"]:
        keywords.update(fn.get("keywords", []))
    return keywords


def test_vocabulary_is_large_enough():
    topic = [n for f, n in NEEDS if f != URGENT_FILE]
    assert len(topic) >= MIN_TOPIC_NEEDS, f"only {len(topic)} needs outside {URGENT_FILE}"
    if (NEEDS_DIR / URGENT_FILE).exists():
        assert len(NEEDS) >= MIN_ALL_NEEDS, f"only {len(NEEDS)} needs in all"


def test_ids_are_stable_ascii_and_unique_across_files():
    seen: dict[str, str] = {}
    for fname, need in NEEDS:
        nid = need.get("id")
        assert isinstance(nid, str) and ID_RE.match(nid), f"{_where(fname, need)}: bad id"
        assert nid not in seen, f"id {nid!r} in both {seen[nid]} and {fname}"
        seen[nid] = fname


@pytest.mark.parametrize("fname,need", NEEDS, ids=[n.get("id", "?") for _, n in NEEDS])
def test_need_schema(fname, need):
    where = _where(fname, need)
    missing = REQUIRED - set(need)
    assert not missing, f"{where}: missing {sorted(missing)}"
    unknown = set(need) - REQUIRED - OPTIONAL
    assert not unknown, f"{where}: unknown fields {sorted(unknown)}"
    name = need["name"]
    assert isinstance(name, dict) and set(name) == set(LANGS), f"{where}: name needs fi, sv, en"
    assert all(isinstance(v, str) and v.strip() for v in name.values()), f"{where}: empty name"
    assert need["concerns"] in CONCERNS, f"{where}: concerns {need['concerns']!r}"
    assert need["urgency"] in URGENCY, f"{where}: urgency {need['urgency']!r}"
    for lang in LANGS:
        terms = need[lang]
        assert isinstance(terms, list) and terms, f"{where}: no {lang} terms"
        assert all(isinstance(t, str) and t.strip() == t and t for t in terms), \
            f"{where}: empty or padded {lang} term"
        normed = [_norm(t) for t in terms]
        dupes = {t for t in normed if normed.count(t) > 1}
        assert not dupes, f"{where}: {lang} term repeated: {sorted(dupes)}"
        weak = set(normed) & WEAK_TERMS
        assert not weak, f"{where}: {sorted(weak)} alone is too common to mean this need"
    if "note" in need:
        assert isinstance(need["note"], str) and need["note"].strip(), f"{where}: empty note"


@pytest.mark.parametrize("fname,need", NEEDS, ids=[n.get("id", "?") for _, n in NEEDS])
def test_services_are_known_keywords(fname, need, service_keywords):
    services = need["services"]
    assert isinstance(services, list) and services, f"{_where(fname, need)}: no services"
    assert len(set(services)) == len(services), f"{_where(fname, need)}: repeated service"
    unknown = [s for s in services if s not in service_keywords]
    assert not unknown, (f"{_where(fname, need)}: {unknown} is used by no demo unit and "
                         f"no reference-model function")


@pytest.mark.parametrize("fname,need", NEEDS, ids=[n.get("id", "?") for _, n in NEEDS])
def test_primary_door_fits_the_urgency(fname, need):
    """Urgent needs open with the urgent door; routine ones never with child
    protection (DOMAIN.md §3, §10)."""
    first = need["services"][0]
    if need["urgency"] == "urgent":
        assert first in PROTECTION_DOORS | {"päivystys"}, \
            f"{_where(fname, need)}: urgent need opens with {first!r}"
    elif need["urgency"] == "routine":
        assert first not in PROTECTION_DOORS, \
            f"{_where(fname, need)}: a routine worry should not open with {first!r}"


@pytest.mark.parametrize("fname,need", NEEDS, ids=[n.get("id", "?") for _, n in NEEDS])
def test_ages_only_where_a_childs_age_can_filter(fname, need):
    """A parent's worry is answered by adult services whatever the child's age
    (issue 9 rule d), so parent needs carry no ages."""
    if "ages" not in need:
        return
    where = _where(fname, need)
    assert need["concerns"] != "parent", f"{where}: a parent's need must not carry ages"
    ages = need["ages"]
    assert (isinstance(ages, list) and len(ages) == 2 and all(isinstance(a, int) for a in ages)
            and 0 <= ages[0] <= ages[1] <= MAX_AGE), f"{where}: ages {ages!r}"


@pytest.mark.parametrize("fname,need", [(f, n) for f, n in NEEDS if "when_age" in n],
                         ids=[n["id"] for _, n in NEEDS if "when_age" in n])
def test_a_need_read_at_some_ages_is_the_childs(fname, need):
    """``when_age`` is the child's age (graphmap.search.query.by_age): only a need that
    concerns the child carries it, within the ages it applies to."""
    where = _where(fname, need)
    assert need["concerns"] == "child", f"{where}: when_age on a {need['concerns']} need"
    lo, hi = need["when_age"]
    assert 0 <= lo <= hi <= MAX_AGE, f"{where}: when_age {need['when_age']!r}"
    if "ages" in need:
        assert need["ages"][0] <= lo and hi <= need["ages"][1], f"{where}: outside its ages"


def test_topic_files_hold_no_urgent_needs():
    """Urgent needs live in one file, so their terms and doors are reviewed together."""
    stray = [_where(f, n) for f, n in NEEDS if f != URGENT_FILE and n.get("urgency") == "urgent"]
    assert not stray, f"urgent needs outside {URGENT_FILE}: {stray}"


@pytest.fixture(scope="module")
def base_form():
    """Word → its Finnish base form (the first of Voikko's, sorted), as the engine
    lemmatises query and terms alike; a word Voikko does not know stays as it is."""
    import libvoikko  # pinned in pyproject.toml; the engine uses it too

    voikko = libvoikko.Voikko("fi")
    cache: dict[str, str] = {}

    def lemma(word: str) -> str:
        if word not in cache:
            bases = sorted({(a.get("BASEFORM") or word).lower() for a in voikko.analyze(word)})
            cache[word] = bases[0] if bases else word
        return cache[word]

    yield lemma
    voikko.terminate()


def _words(term: str, lang: str, base_form) -> list[tuple[str, str]]:
    """A term's words as the engine reads them: (word, base form) with stop words
    dropped; Swedish and English words are taken as written."""
    out = []
    for word in re.findall(r"[^\W\d_]+", term.lower()):
        base = base_form(word) if lang == "fi" else word
        if not {word, base} & STOP_WORDS[lang]:
            out.append((word, base))
    return out


def test_no_term_has_conflicting_urgency(base_form):
    """A word that means "urgent" in one need and "routine" in another would make the
    answer to the same words depend on luck.  Terms are compared as the engine sees them:
    base forms, stop words dropped, word order ignored ("juo" and "juoda" are one word,
    "ei asuntoa" is "asunto")."""
    urgencies: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _fname, need in NEEDS:
        if "when_age" in need:  # read only at those ages: the age, not the words, decides
            continue
        for lang in LANGS:
            for term in need.get(lang, []):
                keys = {_norm(term)}
                words = _words(term, lang, base_form)
                if words:
                    keys.add(" ".join(sorted(base for _, base in words)))
                for key in keys:
                    urgencies[key][need["urgency"]].add(need["id"])
    conflicts = {t: {u: sorted(ids) for u, ids in by.items()}
                 for t, by in urgencies.items() if len(by) > 1}
    assert not conflicts, f"terms with conflicting urgency: {conflicts}"


def test_terms_carry_a_word_of_their_own(base_form):
    """Every term holds at least one word that is about the worry itself, not only
    whom or where it concerns (CONTEXT_WORDS) or stop words: "kasvatus" or "isäksi
    tuleminen" alone would match any query about upbringing or a father."""
    bad = []
    for fname, need in NEEDS:
        for lang in LANGS:
            for term in need.get(lang, []):
                words = _words(term, lang, base_form)
                if all({word, base} & CONTEXT_WORDS for word, base in words):
                    bad.append(f"{_where(fname, need)}: {term!r}")
    assert not bad, "terms of context and stop words only: " + "; ".join(bad)


@pytest.mark.parametrize("term,concerns", [
    # issue 9: everyday words that found nothing, and whom they are about
    # ("kännissä", "lasu", violence and self-harm words are urgent.toml's, tested there)
    ("juominen", "parent"), ("juoda", "parent"), ("huumeet", "parent"),
    ("kannabis", "parent"), ("erota", "family"), ("eronneet", "family"),
    ("huostaanotto", "child"), ("kuraatori", "child"), ("päihdeongelma", "parent"),
    ("elatusapu", "family"), ("tapaamisoikeus", "family"), ("huoltoriita", "family"),
    ("äiti on väsynyt", "parent"), ("vauva ei nuku", "child"), ("ulosotto", "parent"),
    ("häätö", "family"), ("koulukiusaaminen", "child"), ("adhd", "child"),
    ("rahapelit", "parent"), ("työtön", "parent"),
])
def test_everyday_words_reach_a_need_about_the_right_person(term, concerns):
    """The words issue 9 found unanswered are entry terms of a need about the person the
    worry concerns (a parent's drinking is the parent's need, not the child's)."""
    found = [n for _, n in NEEDS if any(_norm(t) == term for t in n["fi"])]
    assert found, f"no need has the Finnish term {term!r}"
    assert concerns in {n["concerns"] for n in found}, \
        f"{term!r} is in {[n['id'] for n in found]}, none about the {concerns}"
