"""Issue 16 item 2: the answer card and the unit profile say whether the service is open
now (Finnish time, the reader's language), who may use it and where it is, with a map
link whose address is a setting.  The clock is fixed through ``CLOCK``."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from graphmap.hours import HELSINKI
from graphmap.web import create_app

SATURDAY = dt.datetime(2026, 11, 28, 10, 0, tzinfo=HELSINKI)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=HELSINKI)


def _client(store_url, clock, **config):
    return create_app(store_url, config={"TESTING": True, "CLOCK": clock, **config}).test_client()


def _card(html: str, unit: str) -> str:
    found = re.search(rf'<li class="card[^"]*" data-unit="{unit}".*?</li>', html, re.S)
    assert found, f"no card for {unit}"
    return found.group()


@pytest.mark.parametrize("lang, closed, open_", [
    ("fi", "avautuu maanantaina klo 8.00", "auki nyt, klo 16.00 asti"),
    ("sv", "öppnar på måndag kl. 8.00", "öppet nu, till kl. 16.00"),
    ("en", "opens Monday at 8:00", "open now, until 16:00"),
])
def test_the_card_says_whether_it_is_open(web_store, store_url, lang, closed, open_):
    for clock, expected in ((SATURDAY, closed), (MONDAY_9, open_)):
        html = _client(store_url, clock).get(
            f"/search?q=univaikeudet&area=koivula&lang={lang}").get_data(as_text=True)
        card = _card(html, "neuvola")
        assert f'<strong class="card-open">{expected}</strong>' in card


def test_the_card_says_for_whom_and_where_with_a_map_link(web_store, store_url):
    html = _client(store_url, MONDAY_9).get("/search?q=univaikeudet&area=koivula").get_data(
        as_text=True)
    card = _card(html, "neuvola")
    assert "Kenelle: Koivulassa asuvat odottavat perheet" in card
    assert ('href="https://www.openstreetmap.org/?mlat=61.337201&amp;mlon=22.929#map=17/'
            '61.337201/22.929"') in card and ">Koivukuja 1, 38200 Koivula</a>" in card
    assert 'href="tel:' in card  # phone links as before


def test_the_map_link_is_a_setting(web_store, store_url):
    client = _client(store_url, MONDAY_9, MAP_LINK="geo:{lat},{lon}")
    card = _card(client.get("/search?q=univaikeudet&area=koivula").get_data(as_text=True),
                 "neuvola")
    assert 'href="geo:61.337201,22.929"' in card


def test_a_unit_without_hours_shows_no_status(web_store, store_url):
    html = _client(store_url, MONDAY_9).get("/search?q=perheohjaus&area=koivula").get_data(
        as_text=True)
    card = _card(html, "perheohjaus")
    assert "card-open" not in card and "card-eligibility" not in card


def test_the_profile_shows_hours_eligibility_and_place(web_store, store_url):
    client = _client(store_url, dt.datetime(2026, 12, 24, 10, 0, tzinfo=HELSINKI))
    html = client.get("/units/neuvola?lang=en").get_data(as_text=True)
    hours = re.search(r'<dd id="unit-hours">(.*?)</dd>', html, re.S).group(1)
    # closed on Christmas Eve (every year): Friday 25.12. is a weekday again
    assert "opens tomorrow at 8:00" in hours
    assert "Mon–Fri 8:00–16:00; Wed 12:00–18:00; closed 24.12." in hours
    assert "Koivulassa asuvat" in html and "openstreetmap.org/?mlat=61.337201" in html


def test_editing_a_unit_checks_hours_and_coordinates(web_store, store_url):
    from tests.web.accounts import add_users, login
    client = _client(store_url, MONDAY_9)
    add_users(web_store)
    csrf = login(client, "koivu-ed")
    before = web_store.revision()
    bad = client.patch("/api/units/perheohjaus", json={"hours": "ma-pe 16-8", "latitude": 95},
                       headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 400
    assert {p["field"] for p in bad.get_json()["problems"]} == {"hours", "latitude"}
    assert web_store.revision() == before
    ok = client.patch("/api/units/perheohjaus",
                      json={"hours": "ma-pe 8-16", "latitude": 61.34, "longitude": "22,93",
                            "eligibility": "Koivulan lapsiperheet"},
                      headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200, ok.get_json()
    unit = web_store.read().units["perheohjaus"]
    assert (unit.hours, unit.latitude, unit.longitude) == ("ma–pe 8–16", 61.34, 22.93)
    html = client.get("/units/perheohjaus").get_data(as_text=True)
    assert "auki nyt, klo 16.00 asti" in html and "Koivulan lapsiperheet" in html
    form = client.get("/units/perheohjaus/edit").get_data(as_text=True)
    assert "Aukioloajat (esim. ma–pe 8–16" in form and "ma–pe 8–16" in form
