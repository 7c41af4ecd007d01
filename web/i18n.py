"""UI language: choose fi / sv / en per request and look up strings in the catalogues.

Finnish first (the developers' guide; DOMAIN.md §1): the default is ``fi``; ``?lang=`` switches and is
remembered in a cookie; without either, the page is Finnish (Swedish where the browser prefers
Swedish to Finnish).
The strings come from the one catalogue, :mod:`graphmap.i18n` (shared with the command
line, finding messages, search reasons and model errors); the same dict is embedded in
pages for the front end, so there is one source of every UI string.  This module adds
only what needs a request: the chosen language, the cookie, template helpers.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import g, request
from jinja2.utils import htmlsafe_json_dumps
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
from markupsafe import Markup

from graphmap import i18n as _core
from graphmap.i18n import DEFAULT_LANG, LANGS, catalogue

__all__ = ["DEFAULT_LANG", "LANGS", "catalogue", "translate", "enum_label"]
COOKIE = "lang"


def choose_lang() -> str:
    """``?lang=`` if valid, else the cookie, else Swedish for a browser preferring it
    over Finnish, else Finnish."""
    asked = request.args.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie
    # Finnish first: without a choice the page is Finnish, or Swedish for a browser that
    # prefers Swedish (Finland's other national language); English only when chosen, so a
    # worker on a shared, English-configured machine still gets the Finnish service.
    return _browser_lang(request.headers.get("Accept-Language", ""))


@lru_cache(maxsize=512)
def _browser_lang(header: str) -> str:
    """The language for a browser's ``Accept-Language``: parsed once per distinct
    header (browsers send the same few), not on every request."""
    return parse_accept_header(header, LanguageAccept).best_match(("fi", "sv")) \
        or DEFAULT_LANG


def translate(key: str, lang: str | None = None, **values) -> str:
    """The string for ``key`` in ``lang`` (falling back to Finnish, then to the key itself,
    so a missing translation shows up as a visible key rather than an error)."""
    return _core.translate(key, lang or _request_lang(), **values)


def _request_lang() -> str:
    """The request's language, or Finnish outside a request (the CLI, a worker thread)."""
    return getattr(g, "lang", DEFAULT_LANG) if g else DEFAULT_LANG


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


def format_datetime(value, lang: str | None = None) -> str:
    """An ISO date-time (stored in UTC) as people in Finland read it, in Finnish time:
    ``24.11.2026 klo 2.58`` (fi), ``24.11.2026 kl. 02.58`` (sv), ``24 Nov 2026 02:58`` (en)."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(ZoneInfo("Europe/Helsinki"))
        except ZoneInfoNotFoundError:  # no tz database: say UTC rather than guess
            pass
    lang = lang or getattr(g, "lang", DEFAULT_LANG)
    if lang == "fi":
        return f"{moment.day}.{moment.month}.{moment.year} klo {moment.hour}.{moment:%M}"
    if lang == "sv":
        return f"{moment.day}.{moment.month}.{moment.year} kl. {moment:%H.%M}"
    return f"{moment.day} {moment:%b %Y %H:%M}"


def format_date(value, lang: str | None = None) -> str:
    """An ISO date as ``8.5.2026`` in Finnish and Swedish, ``8 May 2026`` in English."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    lang = lang or getattr(g, "lang", DEFAULT_LANG)
    return (f"{day.day}.{day.month}.{day.year}" if lang in ("fi", "sv")
            else f"{day.day} {day:%B %Y}")


def checked_ago(value, today: dt.date | None = None, lang: str | None = None) -> str:
    """When a contact was last checked, in words (issue 14 item 5): "tarkistettu 3 kk
    sitten" — today, days under a month, months under two years, then years."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    days = ((today or dt.date.today()) - day).days
    if days <= 0:
        return translate("verify_ago_today", lang)
    if days < 31:
        return translate("verify_ago_days", lang, n=days)
    months = days * 12 // 365
    if months < 24:
        return translate("verify_ago_months", lang, n=max(1, months))
    return translate("verify_ago_years", lang, n=days // 365)


#: record fields whose stored value is an enum, and the catalogue group of its labels
_VALUE_GROUPS = {"kind": "kind", "level": "level", "type": "unit_type", "sector": "sector",
                 "frequency": "frequency", "channels": "channel", "languages": "language"}


def language_name(code: str) -> str:
    """``fi`` → ``suomi`` (in the page's language); an unknown code stays as it is."""
    key = f"language.{code}"
    text = translate(key)
    return code if text == key else text


def field_label(sheet: str, name: str) -> str:
    """A record field's name as the edit forms call it (the raw name if it has none)."""
    key = f"field.{sheet}.{name}"
    text = translate(key)
    return name if text == key else text


def field_value(sheet: str, name: str, value) -> str:
    """A stored value as a person reads it: enum labels, yes/no, Finnish dates, lists."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return translate("yes" if value else "no")
    if isinstance(value, list):
        return ", ".join(field_value(sheet, name, v) for v in value)
    if sheet == "areas" and name == "kind":
        return enum_label("area_kind", value)
    group = _VALUE_GROUPS.get(name)
    if group:
        text = translate(f"{group}.{value}")
        return str(value) if text == f"{group}.{value}" else text
    if name in ("verified", "valid_from", "valid_to"):
        return format_date(value)
    return str(value)


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
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["ago"] = checked_ago
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.globals.update(field_label=field_label, field_value=field_value)

    @app.context_processor
    def _helpers():
        lang = getattr(g, "lang", DEFAULT_LANG)
        return {"lang": lang, "i18n_catalogue": page_catalogue(lang)}


#: catalogue keys only the command line shows (``graphmap --help``, its errors)
SERVER_ONLY = ("cli.",)


@lru_cache(maxsize=None)
def page_catalogue(lang: str) -> Markup:
    """The strings a page's scripts may show, as the JSON base.html embeds: the catalogue
    without the command line's (a tenth of it), encoded once per process instead of on
    every page view, and safe inside <script> as Jinja's ``tojson`` makes it."""
    strings = {k: v for k, v in catalogue(lang).items() if not k.startswith(SERVER_ONLY)}
    return htmlsafe_json_dumps(strings, ensure_ascii=False)  # as the app's JSON
