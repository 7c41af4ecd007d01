"""UI language: choose fi / sv / en per request and look up strings in the catalogues.

Finnish first (COMMON.md, DOMAIN.md §1): the default is ``fi``; ``?lang=`` switches and is
remembered in a cookie; without either, the browser's Accept-Language decides among the three.
Catalogues are flat JSON files ``translations/{fi,sv,en}.json`` (key → string with
``{name}`` placeholders, as :meth:`str.format`) — the same dict is embedded in pages for the
front end, so there is one source of every UI string.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import g, request

LANGS = ("fi", "sv", "en")
DEFAULT_LANG = "fi"
COOKIE = "lang"
_DIR = Path(__file__).parent / "translations"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The strings of one language (read once per process)."""
    with open(_DIR / f"{lang}.json", encoding="utf-8") as fh:
        return json.load(fh)


def choose_lang() -> str:
    """``?lang=`` if valid, else the cookie, else Accept-Language, else Finnish."""
    asked = request.args.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie
    return request.accept_languages.best_match(LANGS) or DEFAULT_LANG


def translate(key: str, lang: str | None = None, **values) -> str:
    """The string for ``key`` in ``lang`` (falling back to Finnish, then to the key itself,
    so a missing translation shows up as a visible key rather than an error)."""
    lang = lang or getattr(g, "lang", DEFAULT_LANG)
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**values) if values else text


def enum_label(group: str, value) -> str:
    """Translated label of an enum value, e.g. ``enum_label('level', 'early')``."""
    if value is None or value == "":
        return ""
    return translate(f"{group}.{value}")


def format_number(value, digits: int = 2, lang: str | None = None) -> str:
    """A decimal number as the page's language writes it: ``0,36`` in Finnish and Swedish
    (decimal comma, the Finnish standard SFS 4175; Kielitoimiston ohjepankki: "Desimaalit
    erotetaan pilkulla"), ``0.36`` in English.  ``None`` gives an empty string."""
    if value is None or value == "":
        return ""
    text = f"{float(value):.{digits}f}"
    lang = lang or getattr(g, "lang", DEFAULT_LANG)
    return text.replace(".", ",") if lang in ("fi", "sv") else text


def init_app(app) -> None:
    """Pick the language before each request, remember an explicit choice in a cookie,
    and give templates ``_()``, ``label()`` and ``lang``."""

    @app.before_request
    def _pick_lang():
        g.lang = choose_lang()

    @app.after_request
    def _remember(response):
        asked = request.args.get("lang")
        if asked in LANGS and request.cookies.get(COOKIE) != asked:
            response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax",
                                httponly=True)
        return response

    # globals, not a context processor, so imported macros see them too
    app.jinja_env.globals.update(_=translate, label=enum_label, langs=LANGS)
    app.jinja_env.filters["num"] = format_number

    @app.context_processor
    def _helpers():
        lang = getattr(g, "lang", DEFAULT_LANG)
        return {"lang": lang, "i18n_catalogue": catalogue(lang)}
