"""graphmap.hours: the compact hours text, its languages and "open now" at a fixed clock."""
import datetime as dt

import pytest

from graphmap import hours as H

WEEK = "ma–pe 8–16; ke 12–18; suljettu 24.12."
# Saturday 28 November 2026, 10.00 Finnish time
SATURDAY = dt.datetime(2026, 11, 28, 10, 0, tzinfo=H.HELSINKI)


@pytest.mark.parametrize("text", [
    WEEK,
    "må-fr 8.30-12, 13-16; stängt 24.12.–26.12.; giltig 2026-01-01–2026-12-31",
    "mon-fri 9:00-17:00; sat 10-14; 31.12.2026 8-12; from 1.2.2026",
    "ma, ke 8–16; la–su suljettu; asti 31.5.2027",
    "ma–su 0–24",
])
def test_canonical_text_reads_back_to_the_same_hours(text):
    hours = H.parse(text)
    canonical = H.format_hours(hours, "fi")
    assert H.parse(canonical) == hours
    assert H.normalise(canonical) == canonical


def test_a_later_entry_for_a_day_replaces_the_earlier_one():
    hours = H.parse(WEEK)
    assert hours.weekly[0] == ((8 * 60, 16 * 60),)
    assert hours.weekly[2] == ((12 * 60, 18 * 60),)
    assert hours.weekly[5] == ()


def test_hours_read_in_each_language():
    hours = H.parse("ma–pe 8.30–16; suljettu 24.12.")
    assert H.format_hours(hours, "fi") == "ma–pe 8.30–16; suljettu 24.12."
    assert H.format_hours(hours, "sv") == "mån–fre 8.30–16; stängt 24.12."
    assert H.format_hours(hours, "en") == "Mon–Fri 8:30–16:00; closed 24.12."


@pytest.mark.parametrize("text, words", [
    ("ma–pe 16–8", "sulkeutumisaika on ennen avautumista"),
    ("xx 8–16", "“xx” ei ole viikonpäivä"),
    ("ma 8–16, 12–14", "päällekkäisiä"),
    ("suljettu 31.2.", "31.2. ei ole kelvollinen"),
    ("voimassa 1.1.–2.2.", "tarvitaan vuosi"),
    ("ma 25–26", "välillä 0–24"),
    ("8–16", "ei saa selvää"),
    ("24.12.", "puuttuu aika"),
])
def test_bad_hours_say_which_entry_and_why_in_finnish(text, words):
    with pytest.raises(H.HoursError) as err:
        H.parse(f"la 10–12; {text}")
    message = err.value.args[0]
    assert words in message.text("fi") and text.split(";")[0] in message.text("fi")
    assert message.text("sv") != message.text("fi") != str(message)


@pytest.mark.parametrize("now, fi, sv, en", [
    (SATURDAY, "avautuu maanantaina klo 8.00", "öppnar på måndag kl. 8.00", "opens Monday at 8:00"),
    (dt.datetime(2026, 11, 30, 9, 0), "auki nyt, klo 16.00 asti", "öppet nu, till kl. 16.00",
     "open now, until 16:00"),
    # Wednesday morning: Wednesday's own hours begin at noon
    (dt.datetime(2026, 12, 2, 9, 0), "suljettu, avautuu tänään klo 12.00",
     "stängt, öppnar i dag kl. 12.00", "closed, opens today at 12:00"),
    # Wednesday 23.12. evening: closed on 24.12., so the next opening is Friday
    (dt.datetime(2026, 12, 23, 18, 30), "avautuu perjantaina klo 8.00", "öppnar på fredag kl. 8.00",
     "opens Friday at 8:00"),
    # 7.00 UTC on a Monday is 9.00 in Helsinki
    (dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.timezone.utc), "auki nyt, klo 16.00 asti",
     "öppet nu, till kl. 16.00", "open now, until 16:00"),
    (dt.datetime(2026, 11, 29, 20, 0), "avautuu huomenna klo 8.00", "öppnar i morgon kl. 8.00",
     "opens tomorrow at 8:00"),
])
def test_status_in_finnish_time(now, fi, sv, en):
    state = H.status(H.parse(WEEK), now)
    assert [H.status_text(state, now, lang) for lang in ("fi", "sv", "en")] == [fi, sv, en]


def test_summer_time_is_helsinki_summer_time():
    # 5.30 UTC on Monday 6 July 2026 is 8.30 in Helsinki (UTC+3): open
    now = dt.datetime(2026, 7, 6, 5, 30, tzinfo=dt.timezone.utc)
    assert H.status(H.parse(WEEK), now).open
    assert not H.status(H.parse(WEEK), now - dt.timedelta(hours=1)).open


def test_outside_validity_it_opens_when_the_hours_begin():
    hours = H.parse("ma–pe 8–16; voimassa 1.1.2027–31.12.2027")
    state = H.status(hours, SATURDAY)
    assert not state.open and state.opens.date() == dt.date(2027, 1, 1)
    assert H.status_text(state, SATURDAY, "fi") == "avautuu 1.1. klo 8.00"
    assert H.status_text(H.status(H.parse("la–su suljettu"), SATURDAY), SATURDAY, "en") == \
        "closed for now"


def test_a_round_the_clock_service_is_open_round_the_clock_not_until_midnight():
    always = H.status(H.parse("ma–su 0–24"), SATURDAY)
    assert always.open and always.closes is None
    assert [H.status_text(always, SATURDAY, lang) for lang in ("fi", "sv", "en")] == \
        ["auki ympäri vuorokauden", "öppet dygnet runt", "open round the clock"]
    # open through the night into Sunday, closing at 6 on Sunday morning
    night = H.status(H.parse("la 18–24; su 0–6"), SATURDAY.replace(hour=22))
    assert night.open and (night.closes.day, night.closes.hour) == (SATURDAY.day + 1, 6)
