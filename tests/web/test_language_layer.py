"""One wording per concept across the command line and the pages (issue 12 item 3): a
finding's severity reads the same in `graphmap analyze` and on the findings page, and
an error from the model reaches the edit API and the what-if API in the reader's
language."""
from __future__ import annotations

import html as htmllib
import re

import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.i18n import LANGS, translate
from tests.web.accounts import add_users, login


def _page_severities(html: str) -> set[str]:
    """The severity words of the findings table (every finding, one row each)."""
    return {htmllib.unescape(w).strip()
            for w in re.findall(r'<tr class="severity-\w+">\s*<td>([^<]+)</td>', html)}


def _cli_severities(out: str) -> set[str]:
    """The severity headings of `analyze` text output ("  Vakava (2)")."""
    return {m.lower() for m in re.findall(r"^  (\S[^(\n]*?) \(\d+\)$", out, re.MULTILINE)}


@pytest.mark.parametrize("lang", LANGS)
def test_cli_and_findings_page_use_the_same_severity_words(client, store_url, lang):
    out = CliRunner().invoke(main, ["analyze", "--area", "koivula", "--today", "2026-11-23",
                                    "--lang", lang, "--store", store_url])
    assert out.exit_code == 0, out.output
    page = client.get(f"/findings?area=koivula&lang={lang}")
    assert page.status_code == 200
    shown = _page_severities(page.get_data(as_text=True))
    words = {translate(f"severity.{s}", lang) for s in ("high", "medium", "low")}
    assert shown and shown <= words  # the page shows the catalogue's words
    assert _cli_severities(out.output) == shown  # … and so does the terminal, no other


@pytest.fixture
def editor(web_store, client):
    add_users(web_store)
    return login(client, "koivu-ed")


@pytest.mark.parametrize("lang, expected", [
    ("fi", "odotettiin puhelinnumeroa"), ("sv", "väntade ett telefonnummer"),
    ("en", "expected a phone number")])
def test_edit_api_explains_a_bad_value_in_the_readers_language(editor, client, lang, expected):
    r = client.post(f"/api/units?lang={lang}", headers={"X-CSRF-Token": editor},
                    json={"id": "x1", "name": "X", "organisation": "hyva", "area": "koivula",
                          "phone": "soita", "level": "kolmas"})
    assert r.status_code == 400
    problems = {p["field"]: p["message"] for p in r.get_json()["problems"]}
    assert problems["phone"].startswith(expected)
    assert "'kolmas'" in problems["level"] and "early" in problems["level"]
    if lang != "en":
        assert "expected" not in problems["level"]


def test_whatif_api_explains_a_bad_change_in_finnish(client):
    r = client.post("/api/whatif?lang=fi", json={"name": "x", "changes": [
        {"op": "remove_unit", "unit": "eiole"}, {"op": "poista"}]})
    assert r.status_code == 400
    messages = [p["message"] for p in r.get_json()["problems"]]
    assert messages[0] == "yksikköä, jonka tunnus on 'eiole', ei ole"
    assert messages[1].startswith("tuntematon muutos 'poista'; sallitut: ")
