"""The child's age as a worker writes it in the worry: "16-vuotias", "5v", "8 kk".

What: :func:`read_age` finds the age phrases of a query — Finnish ("16-vuotias",
"16-vuotiaalla", "5v", "5 v.", "8 kk", "3-kuukautinen", "3 kuukauden ikäinen",
"kaksivuotias"), Swedish ("en 15-åring", "15-årig", "15 år gammal", "8 månader",
"ettåring") and English ("a 4-year-old", "4 year old", "4 yo", "6 months old") — and
returns the child's age in whole years (months and weeks: ``n // 12``, so a baby is 0)
together with the query without those phrases.

Why (DOMAIN.md §10–11): workers type the age into the worry rather than into the age
field, and the search's age filter (which services serve that age) should not depend on
which of the two they used.  The phrase's words ("vuotias", "kk", "year old") say whom
the worry is about and nothing about the need, so they are taken out of the text the
search reads, neither matched nor reported as unrecognised words.

Only the child's age is read:

* only ages up to :data:`CHILD_MAX_AGE` (18) — the family centre serves children and
  young people; an older age in a worry is a parent's ("äiti (35 v) juo") or a young
  adult's, and filtering services by it would drop the child's services;
* not an age next to a parent word ("17-vuotias äiti", "äiti (17 v)"): the parent's age;
* not a range or a bound ("13–17-vuotiaat", "alle 3-vuotiaat", "5- ja 8-vuotiaat") and
  not two different ages in one worry: no one age is the child's;
* a bare number is never an age — only a number with an age word ("2 kertaa", a phone
  number or a date is not one) — and not a duration ("3 kk ajan", "2 v sitten",
  "i 8 månader").

Such phrases are still age phrases: their words are taken out of the text, but no age
is read.  An age given explicitly (the search form's age field, ``--age``) always wins
over one read here (:meth:`graphmap.search.index.SearchIndex.who_to_call`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
#: A word before the number that makes it a bound or a duration, not the child's age.
_NOT_AN_AGE_BEFORE = frozenset("""alle yli ainakin vähintään enintään under över minst
    högst sedan i på over above below least most since""".split())
#: Stems of parent words: an age next to one is the parent's ("17-vuotias äiti").
_PARENT_STEMS = ("äiti", "äidi", "isä", "vanhem", "isäpuol", "äitipuol")
_PARENT_WORDS = frozenset("""mor far mamma pappa förälder föräldern mamman pappan modern
    fadern mother father mum mom dad parent""".split())
_WORD = re.compile(r"[^\W\d_]+")
_NEAR = 40  # characters either side of a phrase where its neighbouring words are looked for


@dataclass(frozen=True)
class AgeMention:
    """The child's age a query states (``None``: none, or not one clear child's age),
    the query without its age phrases, and the phrases as typed."""

    age: int | None
    text: str
    phrases: tuple[str, ...] = ()


def _parent_word(word: str) -> bool:
    word = word.lower()
    return word in _PARENT_WORDS or word.startswith(_PARENT_STEMS)


def _years(m: re.Match) -> int | None:
    """The phrase's age in whole years, or None for a range, a bound or a parent's age."""
    raw = m.group("n").lower()
    number = NUMBER_WORDS.get(raw)
    if number is None:
        number = int(float(raw.replace(",", ".")))
    months = 1 if m.group("y") else 12 if m.group("m") else 52
    years = number // months
    if m.group("lo") is not None and int(m.group("lo")) != number:
        return None
    # the words next to the phrase (a short window: a long text stays linear)
    head = m.string[max(0, m.start() - _NEAR):m.start()]
    before = _WORD.findall(head)
    after = _WORD.findall(m.string[m.end():m.end() + _NEAR])
    if before and before[-1].lower() in _NOT_AN_AGE_BEFORE:
        return None
    in_brackets = head.rstrip().endswith("(")
    if (after and _parent_word(after[0])) or (in_brackets and before and _parent_word(
            before[-1])):
        return None
    return years if 0 <= years <= CHILD_MAX_AGE else None


def read_age(text: str) -> AgeMention:
    """The child's age stated in ``text`` (see the module docstring for what counts).

    >>> read_age("16-vuotias puhuu itsensä satuttamisesta").age
    16
    >>> read_age("8 kk vauva ei nuku").age, read_age("äiti (35 v) juo").age
    (0, None)
    >>> read_age("soitin 2 kertaa numeroon 040 000 1234").age is None
    True
    """
    text = text or ""
    ages: list[int | None] = []
    phrases: list[str] = []
    for m in _PHRASE.finditer(text):
        ages.append(_years(m))
        phrases.append(m.group(0))
    if not phrases:
        return AgeMention(None, text)
    found = {a for a in ages if a is not None}
    age = found.pop() if len(found) == 1 else None
    rest = _PHRASE.sub(lambda m: " " * len(m.group(0)), text)
    return AgeMention(age, rest, tuple(phrases))
