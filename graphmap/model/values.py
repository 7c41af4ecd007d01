"""Cell values: the parsers that turn workbook text into typed values (and say in
words what was expected), the checks every stored text and number passes, and
:func:`format_value`, their inverse."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Any, Iterable

from graphmap.hours import normalise as normalise_hours

from .problems import Message, did_you_mean
from .vocabulary import _NO, _YES, ENUM_ALIASES

MAX_TEXT = 1000  # characters in one cell; longer is almost always a paste accident
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
# \w: letters of any alphabet (a Finnish id holds ä and ö), digits and _
_ID = re.compile(r"^[\w.:\-]{1,100}$")
#: Characters no stored text may hold: C0/C1 control characters other than tab and newline
#: (NUL among them; XML, hence xlsx, HSDS and GraphML exports, cannot carry them, and
#: CSV readers stop at NUL), and lone surrogates (not encodable as UTF-8: SQLite, JSON and
#: every export would fail).
# A carriage return is one too: XML reads \r\n back as \n, so an xlsx export could not
# carry it; :func:`clean_text` makes every line break \n before this rule applies.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Largest count a number field holds (capacity, volume): beyond any family centre, and
#: inside SQLite's 64-bit integers.
MAX_NUMBER = 10**9
_AGES = re.compile(r"^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*$")


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to a mistyped ``value`` (for 'did you mean' hints)."""
    import difflib
    found = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.5)
    return found[0] if found else None


def parse_enum(enum: type[StrEnum], text: str) -> StrEnum:
    value = text.strip().lower()
    try:
        return enum(value.replace(" ", "_").replace("-", "_"))
    except ValueError:
        pass
    alias = ENUM_ALIASES.get(enum, {}).get(value)
    if alias:
        return enum(alias)
    allowed = [m.value for m in enum]
    hint = closest(value, allowed + list(ENUM_ALIASES.get(enum, {})))
    if hint:
        hint = ENUM_ALIASES.get(enum, {}).get(hint, hint)
    raise ValueError(Message("unknown_value", value=repr(text), allowed=", ".join(allowed),
                             hint=did_you_mean(hint)))


def check_text(text: str) -> str:
    """``text`` if every character can be stored and exported, else ValueError saying
    which character and where (the rule for import, API and store alike)."""
    found = _BAD_CHARS.search(text)
    if found is None:
        return text
    char = found.group()
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        raise ValueError(Message("bad_surrogate", code=code, position=found.start() + 1))
    raise ValueError(Message("bad_control", code=code, position=found.start() + 1))


def check_number(number: int) -> int:
    """``number`` if it is a count the model holds (0 … :data:`MAX_NUMBER`)."""
    if number < 0:
        raise ValueError(Message("number_negative", text=str(number)))
    if number > MAX_NUMBER:
        raise ValueError(Message("number_too_big", text=str(number), max=f"{MAX_NUMBER:,}"))
    return number


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(Message("not_yes_no", value=repr(text)))


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                 # Finnish Excel's CSV of a date-time cell: 31.12.2025 8.30
                 "%d.%m.%Y %H.%M", "%d.%m.%Y %H.%M.%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")
#: Excel's day 0 (serial dates count from 1899-12-30, Lotus 1-2-3's leap-year bug kept)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")


def parse_date(text: str) -> dt.date:
    value = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if _SERIAL.match(value) and 20000 <= float(value) <= 80000:
        # a date in a General-formatted Excel column is saved as its serial number
        # (46022 = 31.12.2025); 20000–80000 is 1954–2119, no other reading of five digits
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(value)))
    raise ValueError(Message("not_date", value=repr(text)))


def parse_score(text: str) -> float:
    """A PARTNER score 1-4 (a composite may be a mean: 3,5 or 3.5)."""
    value = text.strip().replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(Message("not_score", value=repr(text))) from None
    if not 1 <= number <= 4:
        raise ValueError(Message("not_score", value=repr(text)))
    return round(number, 2)


def parse_int(text: str) -> int:
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value.endswith(".0"):  # Excel writes whole numbers as floats
        value = value[:-2]
    try:
        number = int(value)
    except ValueError:
        raise ValueError(Message("not_whole_number", value=repr(text))) from None
    return check_number(number)


_AGE_AS_DATE = (re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2,4})?\s*$"),          # 1.6. / 1.6.2025
                re.compile(r"^\s*\d{4}-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?\s*$"))  # xlsx date


def parse_ages(text: str) -> tuple[int, int]:
    m = _AGES.match(text)
    if not m:
        day_month = _AGE_AS_DATE[0].match(text)
        if day_month:
            day, month = int(day_month.group(1)), int(day_month.group(2))
        elif month_day := _AGE_AS_DATE[1].match(text):
            month, day = map(int, month_day.groups())
        if day_month or _AGE_AS_DATE[1].match(text):
            # Excel turns "1-6" typed into a General cell into the date 1 June
            raise ValueError(Message("ages_as_date", text=text.strip(), date=f"{day}.{month}.",
                                     ages=f"{day}-{month}"))
        raise ValueError(Message("not_ages", value=repr(text)))
    low, high = int(m.group(1)), int(m.group(2))
    if low > high:
        raise ValueError(Message("ages_backwards", value=repr(text)))
    return (low, high)


def parse_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", check_text(text)) if part.strip()]


def format_value(value: Any) -> str:
    """The workbook spelling of a typed value (inverse of the parsers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return f"{value[0]}-{value[1]}"
    if isinstance(value, (list, tuple, frozenset)):
        return ";".join(str(v) for v in value)
    return str(value)


def clean_text(text: str) -> str:
    """Free text as it is stored: surrounding space removed, every line break ``\n``
    (Windows ``\r\n`` from a form or a CSV cell, old Mac ``\r``)."""
    return text.strip().replace("\r\n", "\n").replace("\r", "\n")


def _text(text: str) -> str:
    return check_text(clean_text(text))


def _ident(text: str) -> str:
    value = text.strip()
    if not value.isascii():  # ä typed on a Mac arrives decomposed (a + ¨): one id, one form
        value = unicodedata.normalize("NFC", value)
    if not _ID.match(value):
        check_text(value)
        raise ValueError(Message("not_id", value=repr(text)))
    return value


def _email(text: str) -> str:
    value = text.strip()
    if not _EMAIL.match(value):
        raise ValueError(Message("not_email", value=repr(text)))
    return value


def _phone(text: str) -> str:
    value = text.strip()
    if not _PHONE.match(value):
        raise ValueError(Message("not_phone", value=repr(text)))
    return value


def _languages(text: str) -> list[str]:
    langs = [p.lower() for p in parse_list(text)]
    bad = [p for p in langs if not _LANG.match(p)]
    if bad:
        raise ValueError(Message("not_languages", value=repr(", ".join(bad))))
    return langs


def _coordinate(low: float, high: float):
    def parse(text: str) -> float:
        value = text.strip().replace(",", ".").replace("\u2212", "-")  # 61,3372 from Excel fi
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not low <= number <= high:  # also NaN and inf
            raise ValueError(Message("coordinate_range", low=low, high=high, text=repr(text)))
        return round(number, 6)  # ~0.1 m: what a map needs, and a stable round trip
    return parse


_latitude, _longitude = _coordinate(-90, 90), _coordinate(-180, 180)


def _hours(text: str) -> str:
    return normalise_hours(check_text(clean_text(text)))


def _enum(enum):
    return lambda text: parse_enum(enum, text)


def _enum_list(enum):
    return lambda text: [parse_enum(enum, p) for p in parse_list(text)]


def _choices(enum) -> tuple[str, ...]:
    return tuple(m.value for m in enum)
