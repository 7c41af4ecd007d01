"""Opening hours: the compact text a coordinator types, its structure, and "open now".

Why (issue 16): a worker who has found the right service next asks "is it open?".  HSDS 3.0
``schedule`` and Suomi.fi PTV ``serviceHours`` both describe weekly hours, exceptions
(closed on 24.12., shorter hours on a given day) and a period of validity; a workbook cell
must say the same in a line a person can type and read::

    ma–pe 8–16; ke 12–18; suljettu 24.12.; voimassa 1.1.2026–31.12.2026

Grammar (entries separated by ``;`` or a line break; Finnish, Swedish or English words):

* ``<days> <times>`` — weekly hours.  Days ``ma ti ke to pe la su`` (also ``må on fr lö sö``,
  ``mon tue wed thu fri sat sun``), a range ``ma–pe`` or a list ``ma, ke``; times ``8–16``,
  ``8.30–16``, ``8:30-16:00``, several ``8–12, 13–16``.  A later entry for a day replaces
  the earlier one (``ma–pe 8–16; ke 12–18``: Wednesday is 12–18), as in OpenStreetMap's
  ``opening_hours``.  ``<days> suljettu`` says a day is closed.
* ``<date> <times>`` / ``suljettu <date>`` — an exception; ``24.12.`` every year,
  ``24.12.2026`` once, ``23.12.–6.1.`` a range.  An exception replaces the weekly hours.
* ``voimassa <date>–<date>``, ``alkaen <date>``, ``asti <date>`` — when the hours hold.

The model keeps the hours as their canonical Finnish text (:func:`normalise`, what
:func:`format_hours` writes in ``fi``) so the store, the workbook and every export carry one
string; :func:`parse` gives the structure.  All times are Finnish time (Europe/Helsinki).
Pure functions: no clock is read here — :func:`status` is given ``now``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
DAY_CODES = ("ma", "ti", "ke", "to", "pe", "la", "su")
#: HSDS/iCal BYDAY codes, Monday first (Python's weekday order)
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PTV_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_DAY_WORDS = {
    **{c: i for i, c in enumerate(DAY_CODES)},
    **{c: i for i, c in enumerate(("må", "ti", "on", "to", "fr", "lö", "sö"))},
    **{c: i for i, c in enumerate(("mån", "tis", "ons", "tor", "fre", "lör", "sön"))},
    **{c: i for i, c in enumerate(("mo", "tu", "we", "th", "fr", "sa", "su"))},
    **{c: i for i, c in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{c: i for i, c in enumerate(("maanantai", "tiistai", "keskiviikko", "torstai",
                                   "perjantai", "lauantai", "sunnuntai"))},
    **{c.lower(): i for i, c in enumerate(PTV_DAYS)},
}
_CLOSED = {"suljettu", "kiinni", "stängt", "stängd", "closed"}
_VALID = {"voimassa", "giltig", "valid"}
_FROM = {"alkaen", "från", "from"}
_UNTIL = {"asti", "saakka", "till", "until"}
_DASH = r"\s*[-–—]\s*"
_TIME = r"(\d{1,2})(?:[.:](\d{2}))?"
_TIME_RANGE = re.compile(rf"^{_TIME}{_DASH}{_TIME}$")
_DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4})?|(\d{4})-(\d{2})-(\d{2})"
_DATE_RE = re.compile(rf"^(?:{_DATE})$")
_DATES_RE = re.compile(rf"^(?P<a>{_DATE})(?:{_DASH}(?P<b>{_DATE}))?")
_PERIOD_RE = re.compile(rf"^(?P<a>{_DATE}){_DASH}(?P<b>{_DATE})$")


class HoursError(ValueError):
    """A located-by-the-caller problem in hours text; the message is a
    :class:`graphmap.model.Message` (``import.hours_*``), so it reads in fi/sv/en."""


def _error(key: str, **values) -> HoursError:
    from graphmap.model import Message  # model imports this module for its field parser
    return HoursError(Message("hours_" + key, **values))


@dataclass(frozen=True, order=True)
class Day:
    """A calendar day; ``year`` None means every year (24.12.)."""

    month: int
    day: int
    year: int | None = None

    def key(self) -> tuple[int, int]:
        return (self.month, self.day)

    def text(self) -> str:
        return f"{self.day}.{self.month}." + (str(self.year) if self.year else "")


Span = tuple[int, int]  # minutes from midnight, opens and closes (0 … 1440)


@dataclass(frozen=True)
class Exception_:
    """Different hours (or closed: no spans) from ``first`` to ``last`` inclusive."""

    first: Day
    last: Day
    spans: tuple[Span, ...] = ()

    def covers(self, day: dt.date) -> bool:
        if self.first.year is not None and self.last.year is not None:
            lo = dt.date(self.first.year, self.first.month, self.first.day)
            hi = dt.date(self.last.year, self.last.month, self.last.day)
            return lo <= day <= hi
        key = (day.month, day.day)
        a, b = self.first.key(), self.last.key()
        return a <= key <= b if a <= b else key >= a or key <= b  # 23.12.–6.1. wraps


@dataclass(frozen=True)
class Hours:
    """Weekly hours (Monday first; an empty tuple: closed), exceptions, validity."""

    weekly: tuple[tuple[Span, ...], ...] = ((),) * 7
    exceptions: tuple[Exception_, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def spans_on(self, day: dt.date) -> tuple[Span, ...]:
        """When it is open on ``day`` (the last exception covering it wins)."""
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return ()
        for exc in reversed(self.exceptions):
            if exc.covers(day):
                return exc.spans
        return self.weekly[day.weekday()]


# ------------------------------------------------------------------ parsing


def _minutes(hour: str, minute: str | None, entry: str) -> int:
    h, m = int(hour), int(minute or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise _error("bad_time", entry=entry)
    return h * 60 + m


def _spans(text: str, entry: str) -> tuple[Span, ...]:
    if text.strip().lower() in _CLOSED:
        return ()
    spans = []
    for part in re.split(r"\s*(?:,|\bja\b|\boch\b|\band\b)\s*", text.strip()):
        found = _TIME_RANGE.match(part)
        if not found:
            raise _error("bad_times", entry=entry, text=part)
        start = _minutes(found[1], found[2], entry)
        end = _minutes(found[3], found[4], entry)
        if end <= start:
            raise _error("closes_first", entry=entry)
        spans.append((start, end))
    spans.sort()
    for (_, a_end), (b_start, _) in zip(spans, spans[1:]):
        if b_start < a_end:
            raise _error("overlap", entry=entry)
    return tuple(spans)


def _date(groups, entry: str) -> Day:
    d, m, y, iy, im, idd = groups
    if iy:
        d, m, y = idd, im, iy
    day = Day(int(m), int(d), int(y) if y else None)
    try:
        dt.date(day.year or 2024, day.month, day.day)  # 2024: 29.2. is a day
    except ValueError:
        raise _error("bad_date", entry=entry, text=day.text()) from None
    return day


def _full_date(text: str, entry: str) -> dt.date:
    found = _DATE_RE.match(text.strip())
    if not found:
        raise _error("bad_date", entry=entry, text=text.strip())
    day = _date(found.groups(), entry)
    if day.year is None:
        raise _error("need_year", entry=entry, text=text.strip())
    return dt.date(day.year, day.month, day.day)


def _days(text: str, entry: str) -> list[int]:
    found: list[int] = []
    for part in re.split(r"\s*,\s*|\s+", re.sub(_DASH, "-", text.strip().lower())):
        ends = re.split(_DASH, part)
        if not part or len(ends) > 2 or any(e not in _DAY_WORDS for e in ends):
            raise _error("bad_days", entry=entry, text=part)
        a, b = _DAY_WORDS[ends[0]], _DAY_WORDS[ends[-1]]
        found.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return found


def parse(text: str | None) -> Hours | None:
    """The :class:`Hours` a text describes (None for no text); :class:`HoursError`
    naming the entry at fault otherwise."""
    if text is None or not text.strip():
        return None
    weekly: list[tuple[Span, ...]] = [()] * 7
    exceptions: list[Exception_] = []
    valid_from = valid_to = None
    for raw in re.split(r"[;\n]", text):
        entry = " ".join(raw.split())
        if not entry:
            continue
        first, _, rest = entry.partition(" ")
        word = first.lower()
        if word in _VALID:
            ends = _PERIOD_RE.match(rest)
            if not ends:
                raise _error("bad_validity", entry=entry)
            valid_from, valid_to = _full_date(ends["a"], entry), _full_date(ends["b"], entry)
            continue
        if word in _FROM:
            valid_from = _full_date(rest, entry)
            continue
        if word in _UNTIL:
            valid_to = _full_date(rest, entry)
            continue
        closed_first = word in _CLOSED
        body = rest if closed_first else entry
        dates = _DATES_RE.match(body)
        if dates:
            groups = dates.groups()
            a = _date(groups[1:7], entry)
            b = _date(groups[8:14], entry) if dates["b"] else a
            if (a.year is None) != (b.year is None) or (a.year and b < a):
                raise _error("bad_date_range", entry=entry)
            tail = body[dates.end():].strip()
            if closed_first:
                if tail:
                    raise _error("bad_times", entry=entry, text=tail)
                spans: tuple[Span, ...] = ()
            elif not tail:
                raise _error("no_times", entry=entry)
            else:
                spans = _spans(tail, entry)
            exceptions.append(Exception_(a, b, spans))
            continue
        split = re.search(r"\s(?=\d)|\s(?=(?:suljettu|kiinni|stängt|stängd|closed)$)", entry,
                          re.IGNORECASE)
        if closed_first or split is None:
            raise _error("unknown", entry=entry)
        spans = _spans(entry[split.end():], entry)
        for day in _days(entry[:split.start()], entry):
            weekly[day] = spans
    if valid_from and valid_to and valid_to < valid_from:
        raise _error("bad_validity", entry=text.strip())
    return Hours(tuple(weekly), tuple(exceptions), valid_from, valid_to)


# ------------------------------------------------------------------ writing

_DAY_NAMES = {
    "fi": DAY_CODES,
    "sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_WORDS = {  # closed, valid (range), from, until
    "fi": ("suljettu", "voimassa", "alkaen", "asti"),
    "sv": ("stängt", "giltig", "från", "till"),
    "en": ("closed", "valid", "from", "until"),
}


def clock(minutes: int, lang: str = "fi", short: bool = True) -> str:
    """``8``/``8.30`` (fi, sv; ``8.00`` when not ``short``), ``8:00``/``8:30`` (en)."""
    h, m = divmod(minutes, 60)
    if lang == "en":
        return f"{h}:{m:02d}"
    return f"{h}" if short and not m else f"{h}.{m:02d}"


def _spans_text(spans: tuple[Span, ...], lang: str) -> str:
    if not spans:
        return _WORDS[lang][0]
    return ", ".join(f"{clock(a, lang)}–{clock(b, lang)}" for a, b in spans)


def _date_text(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def format_hours(hours: Hours | None, lang: str = "fi") -> str:
    """The hours as text in ``lang`` (fi, sv, en); in ``fi`` this is the canonical form
    :func:`parse` reads back to the same :class:`Hours`."""
    if hours is None:
        return ""
    lang = lang if lang in _DAY_NAMES else "fi"
    names, words = _DAY_NAMES[lang], _WORDS[lang]
    entries = []
    groups: dict[tuple[Span, ...], list[int]] = {}
    for day, spans in enumerate(hours.weekly):
        if spans:
            groups.setdefault(spans, []).append(day)
    for spans, days in sorted(groups.items(), key=lambda item: item[1][0]):
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        day_text = ", ".join(names[r[0]] if len(r) == 1 else f"{names[r[0]]}–{names[r[-1]]}"
                             for r in runs)
        entries.append(f"{day_text} {_spans_text(spans, lang)}")
    for exc in hours.exceptions:
        dates = exc.first.text() if exc.first == exc.last else f"{exc.first.text()}–{exc.last.text()}"
        entries.append(f"{words[0]} {dates}" if not exc.spans
                       else f"{dates} {_spans_text(exc.spans, lang)}")
    if hours.valid_from and hours.valid_to:
        entries.append(f"{words[1]} {_date_text(hours.valid_from)}–{_date_text(hours.valid_to)}")
    elif hours.valid_from:
        entries.append(f"{words[2]} {_date_text(hours.valid_from)}")
    elif hours.valid_to:
        entries.append(f"{words[3]} {_date_text(hours.valid_to)}")
    if not entries:  # only closed weekdays: still a statement the coordinator made
        entries.append(f"{names[0]}–{names[6]} {words[0]}")
    return "; ".join(entries)


def normalise(text: str) -> str:
    """The workbook field parser: the canonical Finnish text, or :class:`HoursError`."""
    return format_hours(parse(text), "fi")


# ------------------------------------------------------------------ open now


@dataclass(frozen=True)
class Status:
    """``open``: open at ``now``; ``closes`` when it then closes; ``opens`` the next
    opening (None: none within :data:`LOOK_AHEAD` days).  Helsinki time."""

    open: bool
    closes: dt.datetime | None = None
    opens: dt.datetime | None = None


LOOK_AHEAD = 62  # days; Christmas closures and summer breaks are within this


def status(hours: Hours | None, now: dt.datetime) -> Status | None:
    """Open now, or when it opens next, at ``now`` (aware; a naive time is taken to be
    Helsinki time).  None when there are no hours to tell."""
    if hours is None:
        return None
    now = now.replace(tzinfo=HELSINKI) if now.tzinfo is None else now.astimezone(HELSINKI)
    today, minute = now.date(), now.hour * 60 + now.minute

    def at(day: dt.date, minutes: int) -> dt.datetime:
        base = dt.datetime.combine(day, dt.time(), tzinfo=HELSINKI)
        return base + dt.timedelta(minutes=minutes)

    for start, end in hours.spans_on(today):
        if start <= minute < end:
            return Status(True, closes=at(today, end))
    for offset in range(LOOK_AHEAD + 1):
        day = today + dt.timedelta(days=offset)
        for start, _end in hours.spans_on(day):
            if offset or start > minute:
                return Status(False, opens=at(day, start))
    return Status(False)


def status_text(state: Status | None, now: dt.datetime, lang: str = "fi") -> str:
    """"auki nyt, klo 16.00 asti" / "avautuu maanantaina klo 8.00" in ``lang`` (strings
    from the one catalogue, ``hours.*`` keys); empty for no hours."""
    from graphmap.web.i18n import translate
    if state is None:
        return ""
    if state.open and state.closes is not None:
        return translate("hours.open_until", lang, time=clock(_mins(state.closes), lang, False))
    if state.opens is None:
        return translate("hours.closed", lang)
    now = now.replace(tzinfo=HELSINKI) if now.tzinfo is None else now.astimezone(HELSINKI)
    days = (state.opens.date() - now.date()).days
    time = clock(_mins(state.opens), lang, False)
    if days == 0:
        return translate("hours.opens_today", lang, time=time)
    if days == 1:
        return translate("hours.opens_tomorrow", lang, time=time)
    if days < 7:
        return translate(f"hours.opens_{DAY_CODES[state.opens.weekday()]}", lang, time=time)
    return translate("hours.opens_date", lang, time=time,
                     date=f"{state.opens.day}.{state.opens.month}.")


def _mins(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute
