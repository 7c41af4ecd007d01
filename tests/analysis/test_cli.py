"""``graphmap analyze`` and ``graphmap whatif`` against a real SQLite store."""
from __future__ import annotations

import json

from click.testing import CliRunner

from graphmap.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_analyze_json_one_area(loaded_store, store_url):
    r = invoke("analyze", "--area", "koivula", "--today", "2026-11-23", "--format", "json",
               "--lang", "en", "--store", store_url)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert list(data["areas"]) == ["koivula"]
    assert any(f["kind"] == "isolated" and f["nodes"] == ["diakonia"] for f in data["findings"])


def test_analyze_text_grouped_by_area_severity_first(loaded_store, store_url):
    r = invoke("analyze", "--today", "2026-11-23", "--store", store_url)
    assert r.exit_code == 0, r.output
    out = r.output
    assert out.index("Haapalan perhekeskus (haapala)") < out.index("Koivulan perhekeskus (koivula)")
    koivula = out[out.index("Koivulan perhekeskus (koivula)"):]
    assert koivula.index("Vakava") < koivula.index("Kohtalainen") < koivula.index("Lievä")
    assert "Diakoniatyö ei ole yhteydessä yhteenkään toiseen palveluun." in koivula


def test_analyze_stale_months_option(loaded_store, store_url):
    args = ["analyze", "--area", "koivula", "--today", "2026-11-23", "--format", "json",
            "--store", store_url]
    stale = lambda out: [f for f in json.loads(out)["findings"]  # noqa: E731
                         if f["kind"] == "stale_contact" and f["severity"] == "medium"]
    assert stale(invoke(*args).output)
    assert not stale(invoke(*args, "--stale-months", "36").output)


def test_analyze_unknown_area_exits_2(loaded_store, store_url):
    r = invoke("analyze", "--area", "koivla", "--store", store_url)
    assert r.exit_code == 2
    assert "aluetta, jonka tunnus on 'koivla', ei ole" in r.output and "koivula" in r.output


def test_analyze_bad_today_and_reference_exit_2(loaded_store, store_url, tmp_path):
    r = invoke("analyze", "--today", "23.11.2026x", "--store", store_url)
    assert r.exit_code == 2 and "--today" in r.output
    bad = tmp_path / "ref.toml"
    bad.write_text('[[functions]]\nid = "x"\nlevel = "kinda"\n', "utf-8")
    r = invoke("analyze", "--reference", bad, "--store", store_url)
    assert r.exit_code == 2 and "functions[" in r.output and "level" in r.output


def test_whatif_yaml_text(loaded_store, store_url, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: Perheohjaus lakkautetaan\nchanges:\n"
                    "  - {op: remove_unit, unit: perheohjaus}\n", "utf-8")
    r = invoke("whatif", path, "--today", "2026-11-23", "--store", store_url)
    assert r.exit_code == 0, r.output
    assert "Muutossuunnitelma: Perheohjaus lakkautetaan" in r.output
    assert "Koivulan lastenneuvola → Lastensuojelu (koivula)" in r.output


def test_whatif_json_and_errors_name_file_and_change(loaded_store, store_url, tmp_path):
    good = tmp_path / "s.json"
    good.write_text(json.dumps({"name": "x", "changes": [
        {"op": "add_link", "source": "paivakoti", "target": "perheohjaus", "kind": "consults"}]}))
    r = invoke("whatif", good, "--format", "json", "--store", store_url)
    assert r.exit_code == 0 and json.loads(r.output)["areas"] == ["koivula"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nchanges:\n  - {op: remove_unit, unit: perheohjaus}\n"
                   "  - {op: remove_unit, unit: nobody}\n", "utf-8")
    r = invoke("whatif", bad, "--store", store_url)
    assert r.exit_code == 2
    assert f"{bad}: changes[1].unit: yksikköä, jonka tunnus on 'nobody', ei ole" in r.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", "utf-8")
    r = invoke("whatif", broken, "--store", store_url)
    assert r.exit_code == 2 and "ei ole kelvollista YAMLia (rivi 2" in r.output
