"""The who-to-call parameters, checked in one place (issue 12 item 5).

Why: the web checked them with its own limits (200 characters, 50 answers) before the
index checked them again with others (1000, 100), so the same question was refused by
one door and answered by the other.  Now :func:`check_params` is the one check: the
index runs it on every call (the Python API, ``graphmap who-to-call``), and the web runs
it on the request's text before anything else, so a bad ``age`` is refused even on the
empty search page.

What the limits are, and why:

* ``text``: at most :data:`MAX_TEXT` characters — a worry in a few sentences, not a
  case file (no client data, DOMAIN.md §8);
* ``age``: a whole number from 0 to :data:`MAX_AGE` (the family centre's clients);
* ``limit``: 1 to :data:`MAX_LIMIT` answers — more is no list a worker reads;
* ``area`` and ``from_unit``: ids that exist (404, with the closest id as a hint);
* ``lang``: fi, sv or en; ``today``: a date (``2026-11-24``).

A bad one raises :class:`SearchError` naming the parameter, with the message in the
one catalogue (``search.error_*`` in :mod:`graphmap.i18n`): ``str()`` is English, and
:meth:`SearchError.text` gives Finnish or Swedish.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass

from ..i18n import translate
from ..model import closest
from .text import LANGS

MAX_TEXT = 1000
MAX_AGE = 25
MAX_LIMIT = 50
DEFAULT_LIMIT = 10


def _translate(key: str, lang: str, values: dict) -> str:
    return translate(key, lang, **values)


class SearchError(ValueError):
    """A bad search parameter.  ``param`` names it; ``status`` is 404 for an id that
    does not exist (area, from_unit) and 400 for a value out of range; ``key`` and
    ``values`` are its message in the catalogue (``str()``: English)."""

    def __init__(self, param: str, key: str, status: int = 400, **values):
        super().__init__(_translate(key, "en", values))
        self.param = param
        self.key = key
        self.values = values
        self.status = status

    def text(self, lang: str | None) -> str:
        """The message in ``lang`` (fi, sv, en; None: English)."""
        return str(self) if not lang or lang == "en" else _translate(self.key, lang,
                                                                      self.values)


@dataclass(frozen=True)
class SearchParams:
    """The checked parameters of one question."""

    text: str
    area: str | None
    age: int | None
    from_unit: str | None
    lang: str | None
    limit: int
    today: dt.date


def _whole(value, param: str, low: int, high: int, key: str) -> int:
    """``value`` (an int or its text, as the web and the command line give it) if it
    is a whole number from ``low`` to ``high``; the message quotes it as text, so it
    reads the same whichever door it came through."""
    shown = repr(str(value).strip())
    try:
        if isinstance(value, (bool, float)):
            raise ValueError
        number = int(value.strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        raise SearchError(param, key, low=low, high=high, value=shown) from None
    if not low <= number <= high:
        raise SearchError(param, key, low=low, high=high, value=shown)
    return number


def _missing(param: str, key: str, value, choices: Iterable[str]) -> SearchError:
    """404 for an id that does not exist, naming the closest one if there is one."""
    found = closest(str(value), choices)
    if found:
        return SearchError(param, key + "_hint", 404, value=repr(value), hint=repr(found))
    return SearchError(param, key, 404, value=repr(value))


def check_params(text, *, area=None, age=None, from_unit=None, lang=None,
                 limit=DEFAULT_LIMIT, today=None, areas: Container[str] = (),
                 knows: Callable[[str], bool] | None = None,
                 ids: Callable[[], Iterable[str]] = tuple,
                 require_text: bool = True) -> SearchParams:
    """The parameters of one question, checked (see the module docstring).  ``areas``
    holds the area ids; ``knows(id)`` says whether ``from_unit`` exists and ``ids()``
    lists the candidates for a hint.  With ``require_text`` false an empty text is
    allowed (a search page before the question is asked).  Raises
    :class:`SearchError`."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise SearchError("text", "search.error_text_empty")
    if not text.strip() and require_text:
        raise SearchError("text", "search.error_text_empty")
    if len(text) > MAX_TEXT:
        raise SearchError("text", "search.error_text_long", length=len(text), max=MAX_TEXT)
    if area is not None and area not in areas:
        raise _missing("area", "search.error_area", area,
                       areas if isinstance(areas, Iterable) else ())
    if age is not None:
        age = _whole(age, "age", 0, MAX_AGE, "search.error_age")
    if from_unit is not None and not (knows is not None and knows(from_unit)):
        raise _missing("from_unit", "search.error_from", from_unit, ids())
    if lang is not None and lang not in LANGS:
        raise SearchError("lang", "search.error_lang", langs=", ".join(LANGS), value=repr(lang))
    limit = _whole(limit, "limit", 1, MAX_LIMIT, "search.error_limit")
    if today is None:
        today = dt.date.today()
    elif isinstance(today, str):
        try:
            today = dt.date.fromisoformat(today)
        except ValueError:
            raise SearchError("today", "search.error_today", value=repr(today)) from None
    return SearchParams(text, area, age, from_unit, lang, limit, today)
