"""Languages: Finnish by default, Swedish and English on request, remembered; every
string the templates use exists in all three catalogues."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"


def catalogues():
    return {lang: json.loads((WEB.parent / "graphmap" / "i18n" / f"{lang}.json").read_text("utf-8"))
            for lang in ("fi", "sv", "en")}


def test_catalogues_have_the_same_keys_and_no_blank_strings():
    cats = catalogues()
    assert set(cats["fi"]) == set(cats["sv"]) == set(cats["en"])
    for lang, strings in cats.items():
        assert all(isinstance(v, str) and v.strip() for v in strings.values()), lang


def test_translations_are_not_copies():
    fi, sv, en = catalogues().values()
    # names that stay the same across languages are few; a copied catalogue would not be
    assert sum(fi[k] == sv[k] for k in fi) < len(fi) * 0.15
    assert sum(fi[k] == en[k] for k in fi) < len(fi) * 0.15


def test_placeholders_match_across_languages():
    cats = catalogues()
    for key, text in cats["fi"].items():
        fields = set(re.findall(r"{(\w+)}", text))
        for lang in ("sv", "en"):
            assert set(re.findall(r"{(\w+)}", cats[lang][key])) == fields, (lang, key)


def test_every_template_key_is_translated():
    used = set()
    for tpl in (WEB / "templates").glob("*.html"):
        used |= set(re.findall(r"_\('([a-z_.]+)'", tpl.read_text("utf-8")))
    cats = catalogues()
    missing = {k for k in used if not k.endswith(".") and k not in cats["fi"]}
    assert not missing


def test_every_enum_value_has_a_label():
    from graphmap.model import AreaKind, Channel, Frequency, Level, LinkKind, Sector, UnitType
    fi = catalogues()["fi"]
    for group, enum in (("area_kind", AreaKind), ("sector", Sector), ("unit_type", UnitType),
                        ("level", Level), ("kind", LinkKind), ("frequency", Frequency),
                        ("channel", Channel)):
        for member in enum:
            assert f"{group}.{member.value}" in fi


@pytest.mark.parametrize("lang,text", [("fi", "Kenelle soitan?"), ("sv", "Vem ringer jag?"),
                                       ("en", "Who do I call?")])
def test_switching_language(client, lang, text):
    r = client.get(f"/?lang={lang}")
    html = r.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html and text in html
    assert f"lang={lang}" in r.headers.get("Set-Cookie", "")


def test_finnish_is_default_and_cookie_remembers(client):
    assert '<html lang="fi">' in client.get("/").get_data(as_text=True)
    client.get("/?lang=sv")
    html = client.get("/areas/koivula").get_data(as_text=True)
    assert '<html lang="sv">' in html and "Tallenna" not in html and "Spara som bild" in html


def test_finnish_unless_the_browser_prefers_swedish(client):
    # an English-configured browser still gets the Finnish service until English is chosen
    for header in ("en-GB,en;q=0.8", "de", "fi-FI,fi;q=0.9,sv;q=0.5"):
        html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
        assert '<html lang="fi">' in html, header
    html = client.get("/", headers={"Accept-Language": "sv-FI,sv;q=0.9,fi;q=0.5"}).get_data(
        as_text=True)
    assert '<html lang="sv">' in html
    html = client.get("/?lang=en", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en">' in html


def test_unknown_lang_on_a_page_falls_back(client):
    r = client.get("/?lang=xx")
    assert r.status_code == 200 and '<html lang="fi">' in r.get_data(as_text=True)


def test_page_embeds_its_catalogue_for_the_front_end(client):
    html = client.get("/areas/koivula?lang=en").get_data(as_text=True)
    block = re.search(r'<script type="application/json" id="i18n">(.*?)</script>', html, re.S)
    assert json.loads(block.group(1))["map.export_png"] == "Save as image (PNG)"


def test_language_switch_links_keep_the_page(client):
    html = client.get("/areas/koivula?focus=neuvola").get_data(as_text=True)
    for lang in ("fi", "sv", "en"):
        assert f'href="/areas/koivula?focus=neuvola&amp;lang={lang}"' in html


def test_enum_labels_and_finding_messages_follow_language(client):
    sv = client.get("/areas/koivula?lang=sv").get_data(as_text=True)
    assert "tidigt stöd" in sv  # level label
    en = client.get("/api/analysis?area=koivula&lang=en").get_json()
    fi = client.get("/api/analysis?area=koivula&lang=fi").get_json()
    assert en["findings"][0]["message"] != fi["findings"][0]["message"]
