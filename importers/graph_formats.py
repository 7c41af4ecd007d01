"""Graph exports for the tools analysts already use: Gephi, Cytoscape desktop, Neo4j.

* GraphML and GEXF (Gephi, Cytoscape desktop, yEd) through networkx's own writers;
* Cytoscape.js JSON (``nx.cytoscape_data``);
* ``neo4j-admin database import full`` CSVs: one file per node label and per relationship
  type, with ``:ID`` / ``:LABEL`` / ``:START_ID`` / ``:END_ID`` / ``:TYPE`` headers
  (https://neo4j.com/docs/operations-manual/current/tools/neo4j-admin/neo4j-admin-import/);
* a parameter-free Cypher script built from the templates in ``cypher/export.cypher``.

Why: issue 6 — nobody should retype a network to open it elsewhere.  All formats start
from :func:`graphmap.graph.build_graph`, so a node or edge means the same thing here as in
the analysis.  GraphML/GEXF only hold scalar attributes, so lists are joined with ``;``
(the workbook's list separator, ``model.parse_list``) and missing values are left out.

Privacy (DOMAIN.md §8, issue 6): these are public formats, so every writer starts from
:func:`graphmap.privacy.public_network` (a hidden person's role without their name,
phone and e-mail; no text that spells a hidden name).  neo4j-admin CSV cells that a
spreadsheet would run as a formula get the workbook CSV's leading ``'``
(:func:`.export.csv_row`; OWASP "CSV injection").
"""
from __future__ import annotations

import csv
import dataclasses
import json
import math
import re
from pathlib import Path

import networkx as nx

from graphmap.graph import build_graph
from graphmap.privacy import public_network
from graphmap.model import (NODE_SHEETS, RECORD_TYPES, LinkKind, Network, format_value,
                            record_to_dict)

from .export import csv_row

GRAPH_FORMATS = ("graphml", "gexf", "cytoscape", "neo4j-csv", "cypher")


def public_graph(net: Network) -> nx.MultiDiGraph:
    """``build_graph(net)`` with scalar attributes only, ready for file formats.

    Lists become ``a;b``, ages ``0-6``, ``None`` is dropped; names of non-public
    role holders are removed; area and organisation names are copied onto nodes
    (the formats have no place for the graph-level area/organisation tables)."""
    net = public_network(net)
    g = build_graph(net)
    out = nx.MultiDiGraph(name="graphmap")
    for node, data in g.nodes(data=True):
        attrs = {k: _scalar(k, v) for k, v in data.items()}
        area = net.areas.get(data.get("area") or "")
        org = net.organisations.get(data.get("organisation") or "")
        attrs["area_name"] = area.name if area else None
        attrs["organisation_name"] = org.name if org else None
        out.add_node(node, **{k: v for k, v in attrs.items() if v is not None})
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {k: _scalar(k, val) for k, val in data.items()}
        out.add_edge(u, v, key=key, **{k: val for k, val in attrs.items() if val is not None})
    return out


def _scalar(name, value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if name == "ages" and isinstance(value, (list, tuple)):
        return f"{value[0]}-{value[1]}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value) or None
    return str(value)


def write_graphml(net: Network, out) -> None:
    nx.write_graphml(public_graph(net), out, encoding="utf-8")


def write_gexf(net: Network, out) -> None:
    nx.write_gexf(public_graph(net), out, encoding="utf-8")


def write_cytoscape(net: Network, out) -> None:
    data = nx.cytoscape_data(public_graph(net))
    Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                         encoding="utf-8")


# ------------------------------------------------------------------ neo4j-admin CSV

_LABELS = {"areas": "Area", "organisations": "Organisation", "units": "Unit;Actor",
           "roles": "Role;Actor"}


def write_neo4j_csv(net: Network, out) -> list[Path]:
    """Files for ``neo4j-admin database import full --nodes=… --relationships=…``.

    One ``<Label>.csv`` per record kind and one ``<TYPE>.csv`` per relationship type,
    including the structural PART_OF, RUN_BY, IN_AREA and IN_UNIT.  Headers are typed
    (``:int``, ``:boolean``, ``:date``, ``:string[]``) so Neo4j stores numbers, flags and
    lists, not text; list items are joined with ``;``, neo4j-admin's default
    ``--array-delimiter``.  Returns the files written (sorted)."""
    net = public_network(net)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet, label in _LABELS.items():
        cls = RECORD_TYPES[sheet]
        names = [f.name for f in dataclasses.fields(cls) if f.name != "id"]
        header = ["id:ID"] + [n + _NEO4J_TYPES.get((sheet, n), "") for n in names] + [":LABEL"]
        path = folder / f"{label.split(';')[0]}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for r in sorted(getattr(net, sheet).values(), key=lambda r: r.id):
                w.writerow(csv_row([r.id] + [_neo4j_cell(getattr(r, n)) for n in names]
                                   + [label]))
        written.append(path)
    rels: dict[str, list[list[str]]] = {"PART_OF": [], "RUN_BY": [], "IN_AREA": [], "IN_UNIT": []}
    for a in net.areas.values():
        if a.parent:
            rels["PART_OF"].append([a.id, a.parent])
    for u in net.units.values():
        rels["RUN_BY"].append([u.id, u.organisation])
        rels["IN_AREA"].append([u.id, u.area])
    for r in net.roles.values():
        rels["IN_UNIT"].append([r.id, r.unit])
    link_fields = ["volume", "frequency", "structural", "data_source", "valid_from", "valid_to",
                   "note"]
    link_rows: dict[str, list[list[str]]] = {k.name: [] for k in LinkKind}
    for link in net.links.values():
        link_rows[link.kind.name].append([link.source, link.target]
                                         + [_neo4j_cell(getattr(link, f)) for f in link_fields])
    link_header = [f + _NEO4J_TYPES.get(("links", f), "") for f in link_fields]
    for rtype, rows in rels.items():
        written.append(_write_rel(folder, rtype, [], sorted(rows)))
    for rtype, rows in link_rows.items():
        written.append(_write_rel(folder, rtype, link_header, sorted(rows)))
    return sorted(written)


_NEO4J_TYPES = {
    ("units", "self_referral"): ":boolean", ("units", "hub"): ":boolean", ("units", "capacity"): ":int",
    ("units", "services"): ":string[]", ("units", "languages"): ":string[]",
    ("units", "channels"): ":string[]", ("roles", "verified"): ":date",
    ("roles", "public"): ":boolean", ("links", "volume"): ":int",
    ("links", "structural"): ":boolean", ("links", "valid_from"): ":date",
    ("links", "valid_to"): ":date", ("links", "trust"): ":float", ("links", "value"): ":float",
    ("links", "survey_date"): ":date",
}


def _neo4j_cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return format_value(value)


def _write_rel(folder: Path, rtype: str, fields: list[str], rows) -> Path:
    path = folder / f"{rtype}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID"] + fields + [":TYPE"])
        for row in rows:
            w.writerow(csv_row(row + [rtype]))
    return path


# ------------------------------------------------------------------ Cypher script

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


def cypher_literal(value) -> str:
    """A Cypher literal for ``value`` — the one place the script export escapes text.

    Why: the script must run without parameters (cypher-shell, Browser), so values
    are written into the text; anything that is not escaped here could end a string
    early and inject Cypher.  Strings are single-quoted with ``\\\\``, ``\\'`` and the
    control-character escapes of the Cypher manual (String literals, "Escaping
    characters"); other control characters and U+2028/2029 become ``\\uXXXX``.  Map keys
    must be plain identifiers (ours are field names) and are rejected otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        out = []
        for ch in value:
            if ch in _ESCAPES:
                out.append(_ESCAPES[ch])
            elif ord(ch) < 0x20 or ch in "\u2028\u2029\x7f":
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(ch)
        return "'" + "".join(out) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            if not _NAME.match(str(k)):
                raise ValueError(f"map key {k!r} is not a plain identifier")
            parts.append(f"{k}: {cypher_literal(v)}")
        return "{" + ", ".join(parts) + "}"
    return cypher_literal(str(value))


def load_templates() -> dict[str, str]:
    """The export statement templates by name (``cypher/export.cypher``, read by the one
    Cypher file loader, :mod:`graphmap.store.cypher_files`)."""
    from graphmap.store.cypher_files import load
    return {name: st.text for name, st in load("export").items()}


def fill(template: str, params: dict) -> str:
    """``template`` with each ``$name`` replaced by its literal (every one must be given)."""
    def sub(m):
        if m.group(1) not in params:
            raise KeyError(f"template parameter ${m.group(1)} not given")
        return cypher_literal(params[m.group(1)])
    return _PARAM.sub(sub, template)


def cypher_script(net: Network) -> str:
    """A Cypher script that recreates ``net`` (MERGE, so running it twice changes nothing)."""
    net = public_network(net)
    t = load_templates()
    out = ["// graphmap network export: run with cypher-shell -f FILE", ""]
    out += [t["constraint_area"], t["constraint_organisation"], t["constraint_actor"]]

    def props(sheet, record):
        d = record_to_dict(record)
        d.pop("id", None)
        return {k: v for k, v in d.items() if v is not None}

    for sheet in NODE_SHEETS:
        name = sheet[:-1]
        for r in sorted(getattr(net, sheet).values(), key=lambda r: r.id):
            out.append(fill(t[name], {"id": r.id, "props": props(sheet, r)}))
    for a in sorted(net.areas.values(), key=lambda r: r.id):
        if a.parent:
            out.append(fill(t["area_part_of"], {"child": a.id, "parent": a.parent}))
    for u in sorted(net.units.values(), key=lambda r: r.id):
        out.append(fill(t["unit_run_by"], {"unit": u.id, "organisation": u.organisation}))
        out.append(fill(t["unit_in_area"], {"unit": u.id, "area": u.area}))
    for r in sorted(net.roles.values(), key=lambda r: r.id):
        out.append(fill(t["role_in_unit"], {"role": r.id, "unit": r.unit}))
    for link in sorted(net.links.values(), key=lambda l: l.key):
        d = {k: v for k, v in record_to_dict(link).items()
             if v is not None and k not in ("source", "target", "kind")}
        out.append(fill(t[f"link_{link.kind.value}"],
                        {"source": link.source, "target": link.target, "props": d}))
    return "\n".join(out) + "\n"


def write_cypher(net: Network, out) -> None:
    Path(out).write_text(cypher_script(net), encoding="utf-8")


WRITERS = {"graphml": write_graphml, "gexf": write_gexf, "cytoscape": write_cytoscape,
           "neo4j-csv": write_neo4j_csv, "cypher": write_cypher}
