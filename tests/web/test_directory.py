"""The printable area directory (issue 16 item 6): HTML with a print stylesheet and a PDF.

What a coordinator handing it to partners would notice: every service of the area (and of
the districts below it) with its contacts, under its support level, lightest first; the
needs of the search vocabulary with the services that answer them, urgent ones first; the
date it was made; the 112 line; fi/sv/en; a hidden person's name nowhere, not even when a
logged-in user makes it; and a PDF whose text says the same.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pypdf
import pytest

from graphmap.model import Area, AreaKind, UnitType
from tests.web.accounts import add_users, login
from tests.web.conftest import HIDDEN_PERSON, web_network

def _today(lang: str) -> str:
    day = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()
    return f"{day.day}.{day.month}.{day.year}" if lang in ("fi", "sv") else f"{day.day} {day:%B %Y}"


def _koivula_services():
    net = web_network()
    inside = {"koivula", "koivula-kk"}
    return [u for u in net.units.values() if u.area in inside and u.type != UnitType.FORUM]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_directory_lists_the_areas_services_by_level_with_contacts(client):
    r = client.get("/areas/koivula/directory")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    entries = re.findall(r'<div class="dir-entry" id="u-([^"]+)"', html)
    assert sorted(entries) == sorted(u.id for u in _koivula_services())
    assert "u-johtoryhma" not in html and "u-haapala-neuvola" not in html
    # lightest support first, each service under its own level
    headings = re.findall(r'<h3 id="level-(\w+)-heading">', html)
    assert headings == ["universal", "early", "special", "protection"]
    for unit in _koivula_services():
        section = html[:html.index(f'id="u-{unit.id}"')].rsplit('class="dir-level" id="level-', 1)[1]
        assert section.startswith(unit.level.value), unit.id
    text = _text(html)
    assert "Perheohjaus" in text and "040 000 0103" in text
    assert "perheohjaaja: Sari Testinen" in text and "sari.testinen@example.invalid" in text
    assert "Alue: Koivulan keskusta" in text  # the neuvola lies in a district below
    assert f"Koottu {_today('fi')}" in text and "Hätätilanteessa soita 112." in text
    assert 'href="/areas/koivula/directory.pdf?lang=fi"' in html


def test_needs_list_the_services_that_answer_them_urgent_first(client):
    html = client.get("/areas/koivula/directory").get_data(as_text=True)
    needs = html[html.index('id="by-need"'):]
    terms = re.findall(r'<dt id="need-([^"]+)"( class="dir-need-urgent")?>', needs)
    assert terms, "no needs listed"
    urgent = [bool(flag) for _, flag in terms]
    assert urgent[0] and urgent == sorted(urgent, reverse=True)  # every urgent need first
    # an urgent worry leads to the child-protection door, never to a meeting place
    for need, flag in terms:
        if flag:
            listed = needs.split(f'id="need-{need}"', 1)[1].split("</dd>", 1)[0]
            assert "#u-lastensuojelu" in listed and "#u-kahvila" not in listed, need
    # a separation worry: the two services that list "eroauttaminen" (separation help)
    separation = [n for n, _ in terms if "ero" in n or "separation" in n or "custody" in n]
    assert separation
    listed = needs.split(f'id="need-{separation[0]}"', 1)[1].split("</dd>", 1)[0]
    assert {"#u-perheohjaus", "#u-perheneuvola"} <= set(re.findall(r'href="(#u-[^"]+)"', listed))


def test_no_hidden_name_even_when_a_logged_in_user_prints_it(app, web_store):
    add_users(web_store)
    viewer = app.test_client()
    login(viewer, "katsoja")
    for client in (app.test_client(), viewer):
        html = client.get("/areas/koivula/directory").get_data(as_text=True)
        assert "psykologi" in html and HIDDEN_PERSON not in html


def test_a_hidden_persons_email_on_a_unit_is_not_printed(client, web_store):
    net = web_network()
    net.units["perheneuvola"].email = "liisa.kuvitteellinen@example.invalid"
    web_store.write(net)
    html = client.get("/areas/koivula/directory").get_data(as_text=True)
    assert "kuvitteellinen" not in html.lower()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_swedish_and_english(client, lang):
    html = client.get(f"/areas/koivula/directory?lang={lang}").get_data(as_text=True)
    text = _text(html)
    assert f'<html lang="{lang}">' in html
    title = {"sv": "Tjänstekatalog: Koivulan perhekeskus",
             "en": "Service directory: Koivulan perhekeskus"}[lang]
    made = {"sv": "Sammanställd", "en": "Made on"}[lang]
    assert title in text and f"{made} {_today(lang)}" in text
    assert {"sv": "Tjänster enligt behov", "en": "Services by need"}[lang] in text


def test_the_pdf_says_the_same_in_its_text(client):
    r = client.get("/areas/koivula/directory.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert "palveluhakemisto-koivula-" in r.headers["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(r.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Palveluhakemisto: Koivulan perhekeskus" in text
    assert f"Koottu {_today('fi')}" in text and "Hätätilanteessa soita 112." in text
    for unit in _koivula_services():
        assert unit.name in text, unit.name
    assert "040 000 0103" in text and "sari.testinen@example.invalid" in text
    assert "Palvelut tarpeen mukaan" in text
    # the print stylesheet applied: no site menu, no language switch in the PDF
    assert "Muutoshistoria" not in text and "på svenska" not in text
    assert HIDDEN_PERSON not in text
    sv = pypdf.PdfReader(io.BytesIO(client.get("/areas/koivula/directory.pdf?lang=sv").data))
    assert "Tjänstekatalog: Koivulan perhekeskus" in " ".join(
        " ".join(p.extract_text().split()) for p in sv.pages)


def test_opening_hours_are_printed_in_the_pages_language(client):
    """The fixture's child-health clinic has hours; the daycare has none."""
    html = client.get("/areas/koivula/directory").get_data(as_text=True)
    entry = html.split('id="u-neuvola"', 1)[1].split('class="dir-entry"', 1)[0]
    assert "Aukioloajat: ma–pe 8–16; ke 12–18" in _text(entry)
    assert html.count("Aukioloajat:") == 1
    sv = client.get("/areas/koivula/directory?lang=sv").get_data(as_text=True)
    assert "mån–fre 8–16" in _text(sv)


def test_bad_areas_are_4xx_not_crashes(client, monkeypatch, web_store):
    assert client.get("/areas/no-such/directory").status_code == 404
    assert client.get("/areas/no-such/directory.pdf").status_code == 404
    from graphmap.web import directory
    monkeypatch.setattr(directory, "MAX_UNITS", 3)
    r = client.get("/areas/koivula/directory")
    assert r.status_code == 400 and "Valitse pienempi alue" in r.get_data(as_text=True)
    # an area with no services says so
    net = web_network()
    net.add(Area("tyhja", "Tyhjälän perhekeskus", AreaKind.FAMILY_CENTRE_AREA, "hva"))
    web_store.write(net)
    monkeypatch.setattr(directory, "MAX_UNITS", 800)
    empty = client.get("/areas/tyhja/directory?lang=en")
    assert empty.status_code == 200 and "The area has no services." in empty.get_data(as_text=True)
