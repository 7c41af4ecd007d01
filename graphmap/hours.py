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

from graphmap.i18n import translate
from graphmap.i18n.message import Message

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
    :class:`~graphmap.i18n.message.Message` (``import.hours_*``), so it reads in fi/sv/en."""


def _error(key: str, **values) -> HoursError:
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


def _day_text(days: list[int], names) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(names[r[0]] if len(r) == 1 else f"{names[r[0]]}–{names[r[-1]]}" for r in runs)


def _weekly_entries(weekly) -> list[tuple[list[int], tuple[Span, ...]]]:
    """(days, spans) entries the way people write them: the most common hours over the
    whole run of days they span, then the days that differ ("ma–pe 8–16; ke 12–18",
    a later entry replacing the earlier one), when no day in that run is closed;
    otherwise each set of hours with its own days."""
    groups: dict[tuple[Span, ...], list[int]] = {}
    for day, spans in enumerate(weekly):
        if spans:
            groups.setdefault(spans, []).append(day)
    ordered = sorted(groups.items(), key=lambda item: item[1][0])
    if not ordered:
        return []
    base, base_days = max(ordered, key=lambda item: (len(item[1]), -item[1][0]))
    run = list(range(base_days[0], base_days[-1] + 1))
    if len(ordered) == 1 or not all(weekly[d] for d in run):
        return [(days, spans) for spans, days in ordered]
    out = [(run, base)]
    for spans, days in ordered:
        if spans != base:
            out.append((days, spans))
    return out


def format_hours(hours: Hours | None, lang: str = "fi") -> str:
    """The hours as text in ``lang`` (fi, sv, en); in ``fi`` this is the canonical form
    :func:`parse` reads back to the same :class:`Hours`."""
    if hours is None:
        return ""
    lang = lang if lang in _DAY_NAMES else "fi"
    names, words = _DAY_NAMES[lang], _WORDS[lang]
    entries = [f"{_day_text(days, names)} {_spans_text(spans, lang)}"
               for days, spans in _weekly_entries(hours.weekly)]
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
    """``open``: open at ``now``; ``closes`` when it then closes (None while open: round
    the clock); ``opens`` the next
    opening (None: none within :data:`LOOK_AHEAD` days).  Helsinki time."""

    open: bool
    closes: dt.datetime | None = None
    opens: dt.datetime | None = None


LOOK_AHEAD = 62  # days; Christmas closures and summer breaks are within this
DAY_MINUTES = 24 * 60


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
            # a span to midnight runs on into the next day's span from midnight
            # (round-the-clock services: 'ma–su 0–24' never closes)
            day = today
            while end == DAY_MINUTES and day < today + dt.timedelta(days=LOOK_AHEAD):
                day += dt.timedelta(days=1)
                end = next((e for s, e in hours.spans_on(day) if s == 0), 0)
                if end == 0:
                    return Status(True, closes=at(day, 0))
            if end == DAY_MINUTES:
                return Status(True)  # open round the clock
            return Status(True, closes=at(day, end))
    for offset in range(LOOK_AHEAD + 1):
        day = today + dt.timedelta(days=offset)
        for start, _end in hours.spans_on(day):
            if offset or start > minute:
                return Status(False, opens=at(day, start))
    return Status(False)


def status_text(state: Status | None, now: dt.datetime, lang: str = "fi") -> str:
    """"auki nyt, klo 16.00 asti" / "avautuu maanantaina klo 8.00" in ``lang`` (strings
    from the one catalogue, ``hours.*`` keys); empty for no hours."""
    if state is None:
        return ""
    if state.open and state.closes is None:
        return translate("hours.open_always", lang)
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


# ------------------------------------------------------------------ HSDS and PTV shapes
# The two exchange formats describe the same things as the text; converting here keeps
# every reading of hours in this one module (the importers only find the records).


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _read_clock(text, entry: str) -> int:
    found = re.match(r"^\s*(\d{1,2})[:.](\d{2})", str(text or ""))
    if not found:
        raise _error("bad_times", entry=entry, text=str(text))
    return _minutes(found[1], found[2], entry)


def to_hsds_schedules(hours: Hours | None) -> list[dict]:
    """HSDS 3.0 ``schedule`` objects (no ids): one WEEKLY rule per set of days sharing an
    opening span, one dated rule per exception in a given year (``dtstart`` = ``until``;
    closed: no ``opens_at``).  Every one carries the whole text in ``description``, which
    also says what iCal rules cannot (24.12. every year)."""
    if hours is None:
        return []
    text = format_hours(hours, "fi")
    common = {k: v.isoformat() for k, v in (("valid_from", hours.valid_from),
                                            ("valid_to", hours.valid_to)) if v}
    out = []
    groups: dict[Span, list[int]] = {}
    for day, spans in enumerate(hours.weekly):
        for span in spans:
            groups.setdefault(span, []).append(day)
    for (start, end), days in sorted(groups.items(), key=lambda item: (item[1], item[0])):
        out.append({"freq": "WEEKLY", "wkst": "MO", "byday": ",".join(ICAL_DAYS[d] for d in days),
                    "opens_at": _hhmm(start), "closes_at": _hhmm(min(end, 1439)),
                    "description": text, **common})
    for exc in hours.exceptions:
        if exc.first.year is None or exc.last.year is None:
            continue
        dates = {"dtstart": dt.date(exc.first.year, exc.first.month, exc.first.day).isoformat(),
                 "until": dt.date(exc.last.year, exc.last.month, exc.last.day).isoformat()}
        if not exc.spans:
            out.append({**dates, "description": text, "notes": "closed"})
        for start, end in exc.spans:
            out.append({**dates, "opens_at": _hhmm(start), "closes_at": _hhmm(min(end, 1439)),
                        "description": text})
    return out


def from_hsds_schedules(rows: list[dict]) -> tuple[str | None, int]:
    """The canonical text for HSDS ``schedule`` rows (WEEKLY ``byday`` rules with
    ``opens_at``/``closes_at``, and dated ones ``dtstart``–``until``), and how many rows
    say something else (monthly rules, intervals) that the text cannot hold.
    :class:`HoursError` for times that cannot be read."""
    weekly: list[list[Span]] = [[] for _ in range(7)]
    exceptions: list[Exception_] = []
    valid: dict[str, dt.date] = {}
    skipped = 0
    for row in rows:
        entry = str(row.get("byday") or row.get("dtstart") or row.get("id") or "")
        for name in ("valid_from", "valid_to"):
            if row.get(name):
                valid[name] = _full_date(str(row[name])[:10], entry)
        closes = row.get("closes_at")
        opens = row.get("opens_at")
        span = None
        if opens and closes:
            start, end = _read_clock(opens, entry), _read_clock(closes, entry)
            span = (start, 1440 if end == 1439 else end)
        freq = str(row.get("freq") or "").upper()
        if row.get("dtstart") and row.get("until") and not freq:
            a = _full_date(str(row["dtstart"])[:10], entry)
            b = _full_date(str(row["until"])[:10], entry)
            exceptions.append(Exception_(Day(a.month, a.day, a.year), Day(b.month, b.day, b.year),
                                         (span,) if span else ()))
        elif freq in ("WEEKLY", "") and row.get("byday") and span and str(row.get("interval") or 1) in ("1", "1.0"):
            days = [ICAL_DAYS.index(d.strip().upper()) for d in str(row["byday"]).split(",")
                    if d.strip().upper() in ICAL_DAYS]
            for day in days:
                weekly[day].append(span)
            skipped += not days
        else:
            skipped += 1
    hours = Hours(tuple(tuple(sorted(spans)) for spans in weekly), tuple(exceptions),
                  valid.get("valid_from"), valid.get("valid_to"))
    if hours == Hours():
        return None, skipped
    return normalise(format_hours(hours, "fi")), skipped


def from_ptv_service_hours(items: list) -> tuple[str | None, int]:
    """The canonical text for a PTV v11 channel's ``serviceHours``: ``DaysOfTheWeek``
    (``openingHour`` with ``dayFrom``/``dayTo``, ``from``/``to``; ``isExtra`` a second span;
    ``isAlwaysOpen`` every day 0–24) and ``Exception`` (``validFrom``–``validTo``,
    ``isClosed``).  The regular hours valid now win; returns also how many entries were
    left out (``OverMidnight``, ``Special``, a second regular set)."""
    weekly: list[list[Span]] = [[] for _ in range(7)]
    exceptions: list[Exception_] = []
    valid_from = valid_to = None
    skipped, regular_seen = 0, False
    for item in items or []:
        if not isinstance(item, dict):
            skipped += 1
            continue
        kind = item.get("serviceHourType")
        entry = f"serviceHours {kind}"
        if kind == "DaysOfTheWeek" and not regular_seen:
            regular_seen = True
            if item.get("validFrom"):
                valid_from = _full_date(str(item["validFrom"])[:10], entry)
            if item.get("validTo"):
                valid_to = _full_date(str(item["validTo"])[:10], entry)
            if item.get("isAlwaysOpen"):
                weekly = [[(0, 1440)] for _ in range(7)]
                continue
            for opening in item.get("openingHour") or []:
                first = _DAY_WORDS.get(str(opening.get("dayFrom") or "").lower())
                last = _DAY_WORDS.get(str(opening.get("dayTo") or opening.get("dayFrom") or "").lower())
                if first is None or last is None:
                    skipped += 1
                    continue
                start, end = _read_clock(opening.get("from"), entry), _read_clock(opening.get("to"), entry)
                end = 1440 if end == 0 else end  # PTV writes closing at midnight as 00:00
                days = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
                for day in days:
                    weekly[day].append((start, end))
        elif kind == "Exception" and item.get("validFrom"):
            a = _full_date(str(item["validFrom"])[:10], entry)
            b = _full_date(str(item.get("validTo") or item["validFrom"])[:10], entry)
            spans: tuple[Span, ...] = ()
            if not item.get("isClosed"):
                spans = tuple((_read_clock(o.get("from"), entry), _read_clock(o.get("to"), entry))
                              for o in item.get("openingHour") or [])
            exceptions.append(Exception_(Day(a.month, a.day, a.year), Day(b.month, b.day, b.year),
                                         spans))
        else:
            skipped += 1
    hours = Hours(tuple(tuple(sorted(s)) for s in weekly), tuple(exceptions), valid_from, valid_to)
    if hours == Hours():
        return None, skipped
    return normalise(format_hours(hours, "fi")), skipped
