"""The child's age as a worker writes it in the worry: "16-vuotias", "5v", "8 kk".

What: :func:`read_age` finds the age phrases of a query — Finnish ("16-vuotias",
"16-vuotiaalla", "5v", "5 v.", "8 kk", "3-kuukautinen", "3 kuukauden ikäinen",
"kaksivuotias"), Swedish ("en 15-åring", "15-årig", "15 år gammal", "8 månader",
"ettåring") and English ("a 4-year-old", "4 year old", "4 yo", "6 months old") — and
returns the child's age in whole years (months and weeks: ``n // 12``, so a baby is 0)
together with the query in which each phrase is read as the child it names.

Why (DOMAIN.md §10–11): workers type the age into the worry rather than into the age
field, and the search's age filter (which services serve that age) should not depend on
which of the two they used.  The phrase's words ("vuotias", "kk", "year old") are not
need words and must not be reported as unrecognised; but the phrase does say whom the
worry is about: "16-vuotias juo" is the young person drinking ("nuori juo"), not a
parent, and "isä lyö 5-vuotiasta" is a father hitting a child ("lyö lasta").  So the
phrase becomes a child word — Finnish "lapsi", "nuori" (from :data:`TEEN_AGE`) or
"vauva" (months, weeks) in the phrase's case, Swedish "barn", English "child"/"baby" —
which the search treats as context (graphmap.search.text.CHILD_WORDS), or nothing when
that word is already next to it ("8 kk vauva").

Only the child's age is read:

* only ages up to :data:`CHILD_MAX_AGE` (18) — the family centre serves children and
  young people; an older age in a worry is a parent's ("äiti (35 v) juo") or a young
  adult's, and filtering services by it would drop the child's services;
* not an age next to a parent word ("17-vuotias äiti", "äiti (17 v)"): the parent's age —
  unless the phrase is a genitive ("16-vuotiaan äiti", "15-åringens mamma", "the 4 year
  old's mother": the child's parent);
* not a range or a bound ("13–17-vuotiaat", "alle 3-vuotiaat", "5- ja 8-vuotiaat") and
  not two different ages in one worry: no one age is the child's;
* a bare number is never an age — only a number with an age word ("2 kertaa", a phone
  number or a date is not one) — and not a duration ("3 kk ajan", "2 v sitten",
  "i 8 månader").

Such phrases are still age phrases: their words are not searched for, but no age is
read (a range or a bound is still read as children, a parent's age or a duration as
nothing).  An age given explicitly (the search form's age field, ``--age``) always wins
over one read here (:meth:`graphmap.search.index.SearchIndex.who_to_call`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import PARENT_WORDS

#: The oldest age read as the child's (the family centre's children and young people).
CHILD_MAX_AGE = 18

_UNITS = ["", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän", "kahdeksan",
          "yhdeksän"]
#: Number words that are written joined to the age word ("kaksivuotias", "femåring",
#: "four-year-old"); 0 for "half a year".
NUMBER_WORDS = {
    "puoli": 0, **{u: n for n, u in enumerate(_UNITS) if u},
    "kymmenen": 10, **{u + "toista": 10 + n for n, u in enumerate(_UNITS) if u},
    **{w: n for n, w in enumerate("""_ ett två tre fyra fem sex sju åtta nio tio elva tolv
        tretton fjorton femton sexton sjutton arton""".split()) if n},
    **{w: n for n, w in enumerate("""_ one two three four five six seven eight nine ten
        eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen""".split()) if n},
}
_NUMBER = (r"(?P<n>\d{1,3}(?:[.,]\d)?|"
           + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")")
#: "13–17-", "5- ja 8-", "3 tai 4 ": a second number before the age makes it a range
_RANGE = r"(?:(?P<lo>\d{1,2})\s*(?:[-–]\s*|-?\s*(?:ja|tai|och|eller|and|or|to|till)\s+))?"
_OLD = r"(?:[\s-]+(?:vanh\w*|ikäi\w*|gam(?:ma)?l\w*|old))"
_YEARS = (r"vuotia\w*|v\b\.?|vuotta\s+vanh\w*|vuoden\s+(?:ikäi|vanh)\w*"
          r"|åri(?:ng|g)\w*|år\s+gam(?:ma)?l\w*"
          r"|y(?:ea)?rs?[\s-]*old\b|y\.?o\b\.?|y/o\b")
_MONTHS = (r"kk\b(?::n)?" + _OLD + r"?|kuukauti(?:nen|s\w*)|kuukau(?:den|tta)" + _OLD
           + r"|månad(?:er|ers)?\b" + _OLD + r"?|mån\b\.?"
           + r"|months?[\s-]*old\b|mos?[\s-]*old\b")
_WEEKS = (r"viikkoi\w*|viikon" + _OLD + r"|viikkoa" + _OLD + r"|veck(?:a|or)" + _OLD
          + r"|veckors\b|weeks?[\s-]*old\b")
_PHRASE = re.compile(
    r"(?<![\w.,:/+])(?<!\d[-–])" + _RANGE + _NUMBER
    + r"\s*-?\s*(?:(?P<y>" + _YEARS + r")|(?P<m>" + _MONTHS + r")|(?P<w>" + _WEEKS + r"))"
    # a duration ("2 v sitten", "3 kk ajan", "two months ago") is not an age
    + r"(?!\s*(?:sitten|ajan|aikana|kuluttua|päästä|jälkeen|ago|sedan)\b)",
    re.IGNORECASE)
#: A word before the number that makes it a bound ("alle 3-vuotiaat": children, no one age)
#: or a duration ("i 8 månader": no child at all).
_BOUND_BEFORE = frozenset("""alle yli ainakin vähintään enintään under över minst högst
    over above below least most""".split())
_DURATION_BEFORE = frozenset("sedan i på since".split())
#: Stems of parent words: an age next to one is the parent's ("17-vuotias äiti").
_PARENT_STEMS = ("äiti", "äidi", "isä", "vanhem", "isäpuol", "äitipuol")
#: Parent words as typed besides graphmap.search.text.PARENT_WORDS' base forms: Swedish
#: in the definite form ("mamman", "föräldern")
_PARENT_INFLECTED = frozenset("föräldern mamman pappan modern fadern".split())
#: A genitive age phrase names the child whose parent follows ("16-vuotiaan äiti").
_GENITIVE_ENDS = ("vuotiaan", "vuotiaiden", "vuotiaitten", "kuukautisen", "viikkoisen",
                  "ikäisen", "kk:n", "åringens", "åringars", "månaders", "veckors")
_WORD = re.compile(r"[^\W\d_]+")
_NEAR = 40  # characters either side of a phrase where its neighbouring words are looked for

#: The child word an age phrase is read as, in the phrase's Finnish case: a -vuotias
#: ending → (lapsi, nuori, vauva) in the same case.  "16-vuotias juo" is "nuori juo"
#: (the young person drinks, not the parent), "lyö 5-vuotiasta" is "lyö lasta".
_FI_CASES = {
    "s": ("lapsi", "nuori", "vauva"), "an": ("lapsen", "nuoren", "vauvan"),
    "sta": ("lasta", "nuorta", "vauvaa"), "ana": ("lapsena", "nuorena", "vauvana"),
    "aksi": ("lapseksi", "nuoreksi", "vauvaksi"), "assa": ("lapsessa", "nuoressa", "vauvassa"),
    "asta": ("lapsesta", "nuoresta", "vauvasta"), "aan": ("lapseen", "nuoreen", "vauvaan"),
    "alla": ("lapsella", "nuorella", "vauvalla"), "alta": ("lapselta", "nuorelta", "vauvalta"),
    "alle": ("lapselle", "nuorelle", "vauvalle"), "at": ("lapset", "nuoret", "vauvat"),
    "iden": ("lasten", "nuorten", "vauvojen"), "itten": ("lasten", "nuorten", "vauvojen"),
    "ita": ("lapsia", "nuoria", "vauvoja"), "ille": ("lapsille", "nuorille", "vauvoille"),
    "illa": ("lapsilla", "nuorilla", "vauvoilla"), "ilta": ("lapsilta", "nuorilta", "vauvoilta"),
    "ista": ("lapsista", "nuorista", "vauvoista"), "iin": ("lapsiin", "nuoriin", "vauvoihin"),
    "ina": ("lapsina", "nuorina", "vauvoina"),
}
#: An -inen word's ending ("kuukautiselle", "ikäisen") → the -vuotias ending of its case.
_INEN = {"nen": "s", "sen": "an", "sta": "sta", "sena": "ana", "seksi": "aksi",
         "sessa": "assa", "sesta": "asta", "seen": "aan", "sella": "alla", "selta": "alta",
         "selle": "alle", "set": "at", "sten": "iden", "sien": "iden", "sia": "ita",
         "sille": "ille", "silla": "illa", "silta": "ilta", "sista": "ista", "siin": "iin",
         "sina": "ina"}
_FI_STEMS = (("vuotia", None), ("kuukauti", _INEN), ("viikkoi", _INEN), ("ikäi", _INEN))
_SV_UNIT = re.compile(r"år|mån|veck", re.IGNORECASE)
_EN_UNIT = re.compile(r"y(?:ea)?r|yo|y/o|y\.o|mo|week", re.IGNORECASE)
TEEN_AGE = 13  # from this age a Finnish phrase reads as "nuori" (young person), not "lapsi"


@dataclass(frozen=True)
class AgeMention:
    """The child's age a query states (``None``: none, or not one clear child's age),
    the query with each age phrase read as a child word in its case ("16-vuotias juo"
    → "nuori juo") or taken out (a parent's age, a duration), and the phrases as typed."""

    age: int | None
    text: str
    phrases: tuple[str, ...] = ()


def _parent_word(word: str) -> bool:
    word = word.lower()
    return word in PARENT_WORDS or word in _PARENT_INFLECTED or word.startswith(_PARENT_STEMS)


def _read(m: re.Match) -> tuple[bool, int | None]:
    """(whether the phrase is a child's age, its age in whole years or None for a range
    or a bound — children, but no one age)."""
    raw = m.group("n").lower()
    number = NUMBER_WORDS.get(raw)
    if number is None:
        number = int(float(raw.replace(",", ".")))
    months = 1 if m.group("y") else 12 if m.group("m") else 52
    years = number // months
    if not 0 <= years <= CHILD_MAX_AGE:
        return False, None  # an adult's age
    # the words next to the phrase (a short window: a long text stays linear)
    head = m.string[max(0, m.start() - _NEAR):m.start()]
    before = [w.lower() for w in _WORD.findall(head)]
    after = _WORD.findall(m.string[m.end():m.end() + _NEAR])
    if before and before[-1] in _DURATION_BEFORE:
        return False, None
    genitive = m.group(0).lower().endswith(_GENITIVE_ENDS) or m.string[m.end():].startswith(
        ("'s", "’s"))
    in_brackets = head.rstrip().endswith("(")
    if not genitive and ((after and _parent_word(after[0])) or (
            in_brackets and before and _parent_word(before[-1]))):
        return False, None  # "17-vuotias äiti", "äiti (17 v)": the parent's age
    lo = m.group("lo")
    if (lo is not None and int(lo) != number) or (before and before[-1] in _BOUND_BEFORE):
        return True, None
    return True, years


def child_word(m: re.Match, years: int | None) -> str:
    """The word a child's age phrase is read as, in its language and (Finnish) case:
    "16-vuotiaalla" → "nuorella", "5v" → "lapsi", "8 kk" → "vauva", "en 15-åring" →
    "barn", "a 4-year-old" → "child" (a stop word: context, as "teen" would not be)."""
    unit = m.group("y") or m.group("m") or m.group("w")
    baby = years == 0 and not m.group("y")
    if _SV_UNIT.match(unit):
        return "barnets" if unit.lower().endswith(("ens", "ars", "ers", "ors")) else "barn"
    if _EN_UNIT.match(unit):
        return "baby" if baby else "child"
    which = 2 if baby else 1 if (years if years is not None else int(
        m.group("lo") or 0)) >= TEEN_AGE else 0
    last = _WORD.findall(m.group(0).lower())[-1]
    ending = "s"
    for stem, table in _FI_STEMS:
        k = last.rfind(stem)
        if k >= 0:
            rest = last[k + len(stem):]
            ending = (table.get(rest, "s") if table is not None else rest)
            break
    return _FI_CASES.get(ending, _FI_CASES["s"])[which]


def read_age(text: str) -> AgeMention:
    """The child's age stated in ``text`` (see the module docstring for what counts).

    >>> read_age("16-vuotias puhuu itsensä satuttamisesta").age
    16
    >>> read_age("8 kk vauva ei nuku").age, read_age("äiti (35 v) juo").age
    (0, None)
    >>> read_age("soitin 2 kertaa numeroon 040 000 1234").age is None
    True
    >>> read_age("isä lyö 5-vuotiasta").text
    'isä lyö lasta'
    """
    text = text or ""
    ages: set[int] = set()
    phrases: list[str] = []
    parts: list[str] = []
    end = 0
    for m in _PHRASE.finditer(text):
        child, years = _read(m)
        phrases.append(m.group(0))
        if years is not None:
            ages.add(years)
        word = child_word(m, years) if child else ""
        near = _WORD.findall(text[max(0, m.start() - _NEAR):m.start()])[-1:] + _WORD.findall(
            text[m.end():m.end() + _NEAR])[:1]
        if word.lower() in (w.lower() for w in near):
            word = ""  # "8 kk vauva", "baby 6 months old": the word is there already
        parts += [text[end:m.start()], word or " "]
        end = m.end()
    if not phrases:
        return AgeMention(None, text)
    age = ages.pop() if len(ages) == 1 else None
    return AgeMention(age, "".join(parts) + text[end:], tuple(phrases))
