"""The one language catalogue: every user-facing string in Finnish, Swedish and English.

Why: the pages, the command line, finding messages, search reasons and model errors
are read by the same coordinators and workers, so one concept must read the same
everywhere (a "vakava" finding on the page is "Vakava" in the terminal, not "Korkea").
Before this package the text lived in eight places and had drifted (issue 12 item 3).

How: flat JSON files ``{fi,sv,en}.json`` beside this module (package data, read through
:mod:`importlib.resources`, so an installed wheel finds them) map a key to a string
with ``{name}`` placeholders (:meth:`str.format`).  Keys are prefixed by the part that
uses them (``cli.``, ``finding.``, ``search.why.``, ``import.`` …); shared concepts
(``severity.``, ``level.``, ``metric.``) have one key used by every part.  Finnish
comes first: it is the default and the fallback for a key missing in another language.
The web (``graphmap.web.i18n``) adds the request's language on top of this module; the
core never imports Flask.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

#: the languages of the product, Finnish first (the one definition; DOMAIN.md §1)
LANGS = ("fi", "sv", "en")
DEFAULT_LANG = "fi"
#: names listed in one sentence at most; the rest are counted ("ja 3 muuta")
MAX_NAMES = 6


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The strings of one language (read once per process)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    text = resources.files(__name__).joinpath(f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)


def lang_or_default(lang: str | None) -> str:
    """``lang`` if it is one of :data:`LANGS`, else Finnish."""
    return lang if lang in LANGS else DEFAULT_LANG


def has(key: str) -> bool:
    """Is ``key`` in the (Finnish) catalogue?"""
    return key in catalogue(DEFAULT_LANG)


def translate(key: str, lang: str | None = None, **values) -> str:
    """The string for ``key`` in ``lang`` (falling back to Finnish, then to the key itself,
    so a missing translation shows up as a visible key rather than an error)."""
    text = catalogue(lang_or_default(lang)).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**values) if values else text


def label(group: str, value, lang: str | None = None) -> str:
    """The label of an enum value, e.g. ``label("level", "early", "fi")`` → "varhainen
    tuki"; a value without a label stays as it is."""
    if value is None or value == "":
        return ""
    key = f"{group}.{value}"
    text = translate(key, lang)
    return str(value) if text == key else text


def capitalised(text: str) -> str:
    """``text`` with its first letter upper case (a label used as a heading)."""
    return text[:1].upper() + text[1:]


def join(names, lang: str) -> str:
    """'A, B ja C' — at most :data:`MAX_NAMES` names, then 'ja 3 muuta'."""
    names = list(names)
    if len(names) > MAX_NAMES:
        rest = len(names) - MAX_NAMES + 1
        names = names[:MAX_NAMES - 1] + [translate("list.more", lang, n=rest)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {translate('list.and', lang)} " + names[-1]


def numeric_date(day, lang: str | None) -> str:
    """A date as ``8.5.2026`` in Finnish and Swedish, ISO ``2026-05-08`` in English (the
    form finding messages and search reasons use)."""
    return day.isoformat() if lang == "en" else f"{day.day}.{day.month}.{day.year}"
