"""The one language catalogue (graphmap.i18n, issue 12 item 3): every key in Finnish,
Swedish and English, no blank string, the same placeholders in each language; every
key the code names exists; finding messages and model errors come out filled in and
translated; the languages and the Voikko handle are defined once."""
from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from graphmap import i18n
from graphmap.i18n import LANGS, catalogue, translate
from graphmap.model import FIELDS, localised, message_of

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for part in ("graphmap", "importers", "web") for p in (ROOT / part).rglob("*.py")
           if "node_modules" not in p.parts]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_is_in_every_language_filled_in_with_the_same_placeholders():
    fi = catalogue("fi")
    assert len(fi) > 500  # the whole catalogue, not an empty file found by mistake
    for lang in LANGS:
        cat = catalogue(lang)
        assert set(cat) == set(fi), (lang, sorted(set(cat) ^ set(fi))[:10])
        for key, text in cat.items():
            assert isinstance(text, str) and text.strip(), (lang, key)
            assert placeholders(text) == placeholders(fi[key]), (lang, key)


def _literal_keys(pattern: str, prefix: str = "") -> set[str]:
    found = set()
    for path in SOURCES:
        found |= {prefix + k for k in re.findall(pattern, path.read_text("utf-8"))}
    return found


def test_every_key_the_code_names_exists():
    """A key the code asks for but the catalogue lacks would show as the bare key."""
    fi = catalogue("fi")
    named = (_literal_keys(r'\btranslate\(\s*"([a-z_][\w.]*)"\s*[,)]')
             | _literal_keys(r'\bMessage\(\s*"(\w+)"\s*[,)]', "import.")
             | _literal_keys(r'\bsay\(\s*"(\w+)"\s*[,)]', "search.reason.")
             | _literal_keys(r'\b_label\(\s*"(\w+)"\s*[,)]', "cli.search.")
             | _literal_keys(r'\bfail\(\s*"(\w+)"\s*[,)]', "cli.error.")
             | _literal_keys(r'\bprogress\(\s*"(\w+)"\s*[,)]', "cli.progress."))
    # keys built from a value: one per value the code can pass
    named |= {f"import.no_{w}" for w in ("area", "organisation", "unit", "role", "node")}
    named |= {f"import.need_id_{w}" for w in ("unit", "role", "node")}
    named |= {f"{group}.{v}" for group in ("severity",) for v in ("high", "medium", "low")}
    assert len(named) > 60
    assert sorted(named - set(fi)) == []


@pytest.fixture(scope="module")
def demo_findings():
    """Every finding of the demo network, with what it takes to word it again."""
    from graphmap.analysis import engine
    from graphmap.demo import demo_network
    from graphmap.graph import build_graph
    seen = []
    render = engine.render

    def keep(f, views, lang="en"):
        seen.append((f, views))
        return render(f, views, lang)
    engine.render = keep
    try:
        engine.analyze(build_graph(demo_network()), None, today=dt.date(2026, 11, 23), lang="fi")
    finally:
        engine.render = render
    return seen


def test_finding_messages_are_filled_in_and_translated(demo_findings):
    from graphmap.analysis.messages import KINDS, render
    assert len({f["kind"] for f, _ in demo_findings}) >= 10
    for f, views in demo_findings:
        assert f["kind"] in KINDS
        words = {lang: render(f, views, lang) for lang in LANGS}
        for lang, text in words.items():
            assert "finding_msg." not in text and "{" not in text, (lang, text)
        assert words["fi"] != words["en"] and words["sv"] != words["en"], words


BAD_CELLS = [("units", "level", "kolmas"), ("units", "self_referral", "ehkä"),
             ("units", "capacity", "paljon"), ("units", "ages", "6-0"),
             ("units", "phone", "soita"), ("units", "email", "ei osoitetta"),
             ("units", "id", "a b"), ("units", "languages", "suomi"),
             ("roles", "verified", "eilen"), ("units", "ages", "lapset")]


@pytest.mark.parametrize("sheet, name, text", BAD_CELLS)
def test_a_bad_cell_is_explained_in_each_language(sheet, name, text):
    """The edit form and the import show the parser's error in the reader's language
    (the English text stays as it was: logs and older callers read ``str()``)."""
    spec = next(f for f in FIELDS[sheet] if f.name == name)
    with pytest.raises(ValueError) as caught:
        spec.parse(text)
    message = message_of(caught.value)
    words = {lang: localised(message, lang) for lang in LANGS}
    assert words["en"] == str(message)
    assert repr(text) in words["fi"] and repr(text) in words["sv"]
    assert len(set(words.values())) == 3, words
    assert all("{" not in w for w in words.values())


def test_a_broken_network_is_explained_in_finnish():
    from graphmap.model import ValidationError, validate
    from tests.data import small_network
    net = small_network()
    role = next(iter(net.roles.values()))
    net.roles[role.id] = type(role)(**{**role.__dict__, "unit": "neuvla"})
    with pytest.raises(ValidationError) as caught:
        validate(net)
    (problem,) = [p for p in caught.value.problems if p.field == "unit"]
    assert str(problem.message).startswith("no unit with id 'neuvla'")
    assert localised(problem.message, "fi").startswith("yksikköä, jonka tunnus on 'neuvla', ei ole")
    assert "tarkoititko" in localised(problem.message, "fi")


def test_languages_and_the_voikko_handle_are_defined_once():
    tuple_of_langs = re.compile(r'=\s*\(\s*"fi",\s*"sv",\s*"en"\s*\)|Choice\(\[\s*"fi"')
    for path in SOURCES:
        text = path.read_text("utf-8")
        if path != ROOT / "graphmap" / "i18n" / "__init__.py":
            assert not tuple_of_langs.search(text), path
        if path != ROOT / "graphmap" / "voikko.py":
            assert not re.search(r"(?<!`)libvoikko\.Voikko\(", text), path  # code, not docs


def test_join_counts_the_names_it_leaves_out():
    names = [f"N{i}" for i in range(9)]
    assert i18n.join(names, "fi") == "N0, N1, N2, N3, N4 ja 4 muuta"
    assert i18n.join(names[:2], "sv") == "N0 och N1"
    assert translate("no.such.key", "sv") == "no.such.key"
