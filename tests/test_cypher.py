"""Cypher without a server: the lint of cypher/*.cypher, no Cypher outside cypher/,
and the Neo4j store's encoding (rows it sends, records it reads back).

The lint is Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support),
run through scripts/lint_cypher.mjs so the single ``pytest`` command covers it.
"""
from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from graphmap.model import (Area, AreaKind, Channel, DataSource, Frequency, Level, Link,
                            LinkKind, Network, Organisation, Role, Sector, Unit, UnitType)
from graphmap.store import StoreError, cypher_files, open_store
from graphmap.store.neo4j import (LABELS, LINK_TYPES, NODE_SHEETS, STRUCTURE_TYPES,
                                  connection_settings, network_from_parts, write_plan)

from .data import small_network

ROOT = Path(__file__).resolve().parents[1]
LINT = ROOT / "scripts" / "lint_cypher.mjs"
MODEL_ARGS = ["--labels", ",".join(LABELS),
              "--types", ",".join(STRUCTURE_TYPES + tuple(LINK_TYPES.values()))]


def _lint(*args: str) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    installed = (ROOT / "node_modules" / "@neo4j-cypher" / "language-support").is_dir()
    if not node or not installed:
        missing = "node" if not node else "node_modules (run scripts/setup.sh or npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"the Cypher lint cannot run in CI: {missing} is missing")
        pytest.skip(f"Cypher lint not run: {missing} is missing")
    return subprocess.run([node, str(LINT), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


# ------------------------------------------------------------------------- lint


def test_every_cypher_file_passes_the_lint():
    result = _lint(*MODEL_ARGS)
    assert result.returncode == 0, result.stdout + result.stderr
    files = sorted((ROOT / "cypher").glob("*.cypher"))
    total = sum(len(cypher_files.parse(f.read_text(encoding="utf-8"), str(f))) for f in files)
    assert f"{total} statement(s) in {len(files)} file(s), 0 error(s)" in result.stdout


def test_lint_reports_each_error_with_file_statement_and_position(tmp_path):
    bad = tmp_path / "bad.cypher"
    bad.write_text("// header\n\n"
                   "// name: typo_label\n// params: rows\n"
                   "UNWIND $rows AS row\nMATCH (n:Aera {id: row.id})\nRETURN n.id AS id\n\n"
                   "// name: undeclared\nMATCH (n:Unit {id: $unit}) RETURN n\n\n"
                   "// name: syntax\nMATCH (n:Unit)\nRETRN n\n", encoding="utf-8")
    result = _lint(*MODEL_ARGS, str(bad))
    assert result.returncode == 1
    out = result.stdout
    assert re.search(r"bad\.cypher:6:10: statement typo_label: Label Aera", out), out
    assert re.search(r"bad\.cypher:10:20: statement undeclared: Parameter \$unit", out), out
    assert re.search(r"bad\.cypher:14:1: statement syntax: Invalid input 'RETRN'", out), out
    assert "3 error(s)" in out


def test_lint_rejects_cypher_outside_a_named_statement(tmp_path):
    bad = tmp_path / "loose.cypher"
    bad.write_text("MATCH (n) RETURN n\n// name: fine\nRETURN 1 AS one\n", encoding="utf-8")
    result = _lint(str(bad))
    assert result.returncode == 2
    assert "loose.cypher:1: Cypher outside a named statement" in result.stderr


# --------------------------------------------------------------- stray Cypher

_CYPHER = re.compile(r"\b(?:OPTIONAL MATCH|MATCH|MERGE|CREATE) \(|UNWIND \$|CREATE CONSTRAINT|"
                     r"CREATE INDEX \w+ IF NOT EXISTS FOR \(|DETACH DELETE|\]->\(|<-\[:")
_ALLOWED = {ROOT / "graphmap" / "store" / "neo4j.py",
            ROOT / "graphmap" / "store" / "cypher_files.py",
            Path(__file__).resolve()}


def _string_literals(tree: ast.AST):
    """Every string constant in a module except docstrings (prose, never executed)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            yield node


def test_no_cypher_in_python_outside_the_neo4j_store():
    offenders = []
    for folder in ("graphmap", "importers", "web", "benchmarks", "scripts", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.resolve() in _ALLOWED or ".venv" in path.parts:
                continue
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            except SyntaxError:
                continue  # someone's file mid-edit; their own tests catch that
            for node in _string_literals(tree):
                m = _CYPHER.search(node.value)
                if m:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {m.group(0)!r}")
    assert not offenders, ("Cypher belongs in cypher/*.cypher, loaded by "
                           "graphmap/store/cypher_files.py:\n" + "\n".join(offenders))


def test_stray_cypher_pattern_finds_cypher_but_not_prose():
    found = [s for s in ("MATCH (n:Unit) RETURN n", "UNWIND $rows AS row",
                         "x MERGE (a)-[:REFERS]->(b)", "CREATE CONSTRAINT c IF NOT EXISTS")
             if _CYPHER.search(s)]
    assert len(found) == 4
    assert not _CYPHER.search("Perheohjaus ohjaa lastensuojeluun (match score 0.8)")


# ------------------------------------------------------------ statement files


def test_every_link_kind_has_its_own_load_statement_and_is_read_back():
    load, read = cypher_files.load("load"), cypher_files.load("read")
    for kind, rel in LINK_TYPES.items():
        assert f"[r:{rel}]" in load[f"load_links_{kind.value}"].text
        for name in ("read_links", "read_links_touching", "count_links"):
            assert re.search(rf"[:|]{rel}[|\]]", read[name].text), (name, rel)


def test_area_slice_follows_part_of_from_the_area_itself():
    text = cypher_files.statement("read", "read_area_scope").text
    assert "PART_OF*0.." in text


def test_statement_file_format_errors_name_file_and_line():
    with pytest.raises(cypher_files.CypherFileError, match=r"x\.cypher, line 4: .*'a' is named twice"):
        cypher_files.parse("// name: a\nRETURN 1\n\n// name: a\nRETURN 2\n", "x.cypher")
    with pytest.raises(cypher_files.CypherFileError, match=r"line 1: statement 'e' is empty"):
        cypher_files.parse("// name: e\n// only a note\n", "x.cypher")
    with pytest.raises(cypher_files.CypherFileError, match="no statement 'nope' in cypher/read"):
        cypher_files.statement("read", "nope")


def test_parse_keeps_params_text_and_line_numbers():
    src = "// file notes\n\n// name: one\n// params: $a, b\nRETURN $a AS a,\n  $b AS b\n" \
          "\n// notes for two\n// name: two\nRETURN 2 AS two\n"
    parsed = cypher_files.parse(src)
    assert parsed["one"].params == {"a", "b"}
    assert parsed["one"].text == "RETURN $a AS a,\n  $b AS b"
    assert parsed["one"].line == 5
    assert parsed["two"].params == frozenset() and parsed["two"].line == 10


# ------------------------------------------------------------ store encoding


def _tricky_network() -> Network:
    """Text that would break Cypher built from strings: quotes, backticks, braces, $."""
    odd = "Å'ä\"ö` } {x} $rows // \\n ); DETACH-DELETE 🙂 \u00a0ß"
    n = Network()
    n.add(Area("a1", odd, AreaKind.FAMILY_CENTRE_AREA, code="091"))
    n.add(Area("a2", "Alue 2", AreaKind.DISTRICT, parent="a1"))
    n.add(Organisation("o1", odd, Sector.NGO, website="https://example.invalid/" + odd))
    n.add(Unit("u1", odd, "o1", "a2", type=UnitType.FORUM, level=Level.SPECIAL,
               services=[odd, "perheohjaus"], phone="040 000 0001", email="x@example.invalid",
               self_referral=True, ages=(0, 17), languages=["fi", "sv"], capacity=0,
               channels=[Channel.CHAT, Channel.WEB], address=odd, description=odd))
    n.add(Unit("u2", "Tyhjä", "o1", "a1", services=[], languages=[], channels=[]))
    n.add(Role("r1", odd, "u1", person=odd, verified=dt.date(2026, 2, 28), public=False))
    n.add(Link("r1", "u1", LinkKind.MEMBER, volume=0, frequency=Frequency.WEEKLY,
               structural=False, data_source=DataSource.SURVEY, valid_from=dt.date(2025, 1, 1),
               valid_to=dt.date(2026, 12, 31), note=odd))
    n.add(Link("u2", "u1", LinkKind.INFORMS))
    return n


def _parts_from_plan(plan) -> dict[str, list]:
    """What the load statements would store, in the shape the read statements return."""
    parts: dict[str, list] = {sheet: [] for sheet in NODE_SHEETS}
    parts["links"] = []
    for _, name, params in plan:
        sheet = name.removeprefix("load_")
        if sheet in NODE_SHEETS:
            parts[sheet] += params["rows"]
        elif name.startswith("load_links_"):
            rel = LINK_TYPES[LinkKind(name.removeprefix("load_links_"))]
            parts["links"] += [{"type": rel, **row} for row in params["rows"]]
    return parts


@pytest.mark.parametrize("make", [small_network, _tricky_network], ids=["small", "tricky"])
def test_rows_round_trip_to_the_same_network(make):
    net = make()
    assert network_from_parts(_parts_from_plan(write_plan(net, replace=False))) == net


def test_node_properties_are_plain_values_neo4j_can_store():
    """Homogeneous, non-empty lists of str/int, or single str/int/bool values."""
    def plain(value):
        if isinstance(value, list):
            return len({type(v) for v in value}) == 1 and all(plain(v) for v in value)
        return type(value) in (str, int, bool)
    for _, name, params in write_plan(_tricky_network(), replace=False):
        for row in params.get("rows", []):
            props = row.get("props", row)
            assert all(plain(v) for v in props.values()), (name, props)


def test_write_plan_uses_declared_parameters_in_dependency_order():
    plan = write_plan(small_network(), replace=True)
    for group, name, params in plan:
        assert set(params) == cypher_files.statement(group, name).params, name
    names = [name for _, name, _ in plan]
    assert names[0] == "clear_data" and names[-1] == "bump_revision"
    last_node_load = max(i for i, n in enumerate(names) if n.removeprefix("load_") in NODE_SHEETS)
    first_relationship = min(i for i, n in enumerate(names) if n.startswith("link_")
                             or n.startswith("load_links_"))
    assert last_node_load < first_relationship
    assert "clear_data" not in [n for _, n, _ in write_plan(small_network(), replace=False)]


def test_write_plan_batches_rows_without_losing_any():
    net = small_network()
    plan = write_plan(net, replace=False, batch_size=3)
    unit_batches = [p["rows"] for _, n, p in plan if n == "load_units"]
    assert len(unit_batches) == math.ceil(len(net.units) / 3)
    assert all(len(b) <= 3 for b in unit_batches)
    assert sorted(r["id"] for b in unit_batches for r in b) == sorted(net.units)
    assert network_from_parts(_parts_from_plan(plan)) == net


def test_a_write_creates_what_it_adds_and_merges_what_it_changes():
    from graphmap.store.base import plan_write
    from graphmap.store.neo4j import apply_plan
    stored = small_network()
    new_unit = next(iter(stored.units))
    role_of_new = {r.id for r in stored.roles.values() if r.unit == new_unit}
    del stored.units[new_unit]
    for rid in role_of_new:
        del stored.roles[rid]
    stored.links = {k: v for k, v in stored.links.items()
                    if not {k[0], k[1]} & ({new_unit} | role_of_new)}
    incoming = small_network()
    renamed = next(u for u in incoming.units if u != new_unit)
    incoming.units[renamed] = dataclasses.replace(incoming.units[renamed], name="Uusi nimi")
    statements = apply_plan(plan_write(stored, incoming, replace=False), revision=2, seq=5,
                            at="2026-01-01T00:00:00+00:00", actor="t", note=None)
    rows = lambda name: [r for _, n, p in statements if n == name for r in p["rows"]]  # noqa: E731
    assert [r["id"] for r in rows("create_units")] == [new_unit]
    assert [r["id"] for r in rows("load_units")] == [renamed]
    assert [r["id"] for r in rows("create_run_by_in_area")] == [new_unit]
    assert [r["id"] for r in rows("link_units")] == [renamed]
    assert {r["id"] for r in rows("create_roles")} == role_of_new and not rows("load_roles")
    assert not rows("load_areas") and not rows("create_areas")
    added_links = [k for k in incoming.links if k not in stored.links]
    assert added_links and len([r for _, n, p in statements if n.startswith("create_links_")
                                for r in p["rows"]]) == len(added_links)


# ------------------------------------------------------------------ connection


def test_credentials_from_url_win_and_are_not_shown():
    uri, auth, shown = connection_settings("bolt://anna:p%40ss@db.example.invalid:7687",
                                           {"NEO4J_USER": "x", "NEO4J_PASSWORD": "y"})
    assert uri == "bolt://db.example.invalid:7687"
    assert auth == ("anna", "p@ss")
    assert "p@ss" not in shown and "p%40ss" not in shown and "anna@" in shown


def test_credentials_from_environment_with_default_user():
    assert connection_settings("neo4j://h", {"NEO4J_PASSWORD": "pw"})[:2] == \
        ("neo4j://h", ("neo4j", "pw"))
    assert connection_settings("bolt://h:7687", {"NEO4J_USER": "u", "NEO4J_PASSWORD": "pw"})[1] \
        == ("u", "pw")
    assert connection_settings("bolt://h:7687", {})[1] is None  # a server without auth


@pytest.mark.parametrize("url, message", [
    ("http://h:7474", "must start with one of"),
    ("bolt://:7687", "has no host"),
    ("bolt://h:7687/graphmap", "NEO4J_DATABASE"),
    ("bolt://h:notaport", "cannot read Neo4j URL"),
])
def test_bad_neo4j_urls_say_what_was_expected(url, message):
    with pytest.raises(StoreError, match=message):
        connection_settings(url, {})


def test_unreachable_server_is_a_store_error_without_the_password():
    with pytest.raises(StoreError) as info:
        open_store("bolt://anna:s3cret@127.0.0.1:1")
    assert "127.0.0.1:1" in str(info.value) and "s3cret" not in str(info.value)
