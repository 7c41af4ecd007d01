"""Open Referral HSDS 3.0: import (JSON and tabular CSV package) and export (both forms).

Why (issue 6): service directories outside Finland, and tools built for them, speak the
Human Services Data Specification; nobody should retype a directory.  The mapping, and
the *graphmap links profile* that carries what HSDS has no place for (the links between
services, the area hierarchy), are documented in ``docs/interop.md``.

How: both forms go through one normalised shape, ``tables`` — a dict of HSDS table name
(``services``, ``contacts``, … as in the tabular package) to rows, each row remembering
where it came from (file + row, or file + JSON pointer, RFC 6901).  Nested JSON is
flattened into those tables (the foreign key to the enclosing object filled in), so one
converter, :func:`tables_to_network`, reads both.  Export goes the other way:
:func:`network_to_tables`, then nested JSON (:func:`export_json`) or CSV files
(:func:`export_csv`).  Export JSON is checked against the official schemas with
``jsonschema`` and a ``referencing.Registry`` over ``schema/*.json`` (:func:`validate_hsds`).

Ids: HSDS wants UUIDs, graphmap wants readable ids.  Exported records get
``uuid5(GRAPHMAP_NS, "<sheet>:<id>")`` and carry their graphmap id (and every field HSDS
lacks) as attributes in the ``graphmap`` taxonomy, so a round trip is exact.  Records
from elsewhere get ``hsds:<uuid>`` ids, so importing the same file twice changes nothing.

CSV cells that a spreadsheet would run as a formula (``=HYPERLINK(…)``) are written with
a leading ``'`` and read back without it — the workbook CSV's rule
(:func:`.export.csv_row` / :func:`.export.csv_text`), so the round trip stays exact.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from graphmap import hours as opening_hours
from graphmap.i18n import capitalised, translate
from graphmap.i18n.failure import reason
from graphmap.model import (FIELDS, Area, AreaKind, Level, Link, Network, Organisation,
                            Role, Sector, Unit, clean_text, format_value, Message,
                            message_of)
from graphmap.privacy import public_network

from .export import csv_row, csv_text
from .converted import Converted
from .problems import LocatedProblem
from .sources import decode_csv

GRAPHMAP_NS = uuid.UUID("6f1c2a8e-2d4b-5c7a-9e0f-3b1d4c5e6f70")
#: No public URL exists for graphmap's profile, so name it by its document and section.
PROFILE = "graphmap-links/1 (graphmap docs/interop.md, 'The graphmap links profile')"
TAXONOMY = "graphmap"  # attributes holding graphmap fields: term code "graphmap.<field>"
LEVEL_TAXONOMY = "graphmap-level"
SERVICE_TAXONOMY = "graphmap-service"
DEFAULT_SECTOR = Sector.NGO

#: graphmap link fields carried by the links extension table, besides its ends.
LINK_FIELDS = ("kind", "volume", "frequency", "structural", "data_source", "valid_from",
               "valid_to", "note")
AREA_FIELDS = ("id", "name", "kind", "parent", "code")

#: Unit/role/organisation fields HSDS has a native place for; the rest travel as attributes.
NATIVE = {
    "organisations": {"name", "website"},
    "units": {"name", "organisation", "area", "phone", "email", "ages", "languages",
              "description", "services", "level", "eligibility"},
    "roles": {"title", "unit", "person", "phone", "email"},
}
#: Unit fields a foreign HSDS service always describes (possibly as empty, so a phone
#: removed at the source is removed here too); languages only when it lists some.
FOREIGN_UNIT_FIELDS = frozenset({"id", "name", "organisation", "area", "description",
                                 "services", "phone", "email", "ages", "address", "eligibility",
                                 "hours", "latitude", "longitude"})
#: taxonomy term names of the support levels: the catalogue's Finnish level names
LEVEL_NAMES = {level: capitalised(translate(f"level.{level.value}", "fi")) for level in Level}


_NS_BYTES = GRAPHMAP_NS.bytes


def hsds_id(sheet: str, key: str) -> str:
    """The stable HSDS UUID of a graphmap record (also for sub-records like a phone):
    ``uuid5(GRAPHMAP_NS, "<sheet>:<key>")`` (RFC 4122 §4.3), computed with hashlib
    directly because ``uuid.uuid5`` dominated the export of a national network."""
    digest = bytearray(hashlib.sha1(_NS_BYTES + f"{sheet}:{key}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


# ======================================================================= reading

#: graphmap field names (in the model's problems) → the HSDS column holding them
_COLUMN_OF_FIELD = {"organisation": "organization_id", "unit": "service_id",
                    "source": "source_id", "target": "target_id", "area": "service_areas"}


@dataclass
class Row:
    data: dict
    file: str
    row: int | None = None      # CSV: spreadsheet row (header = 1)
    pointer: str | None = None  # JSON: RFC 6901 pointer

    def where(self, column: str | None, message: str) -> LocatedProblem:
        column = _COLUMN_OF_FIELD.get(column, column)
        if self.pointer is not None:
            col = self.pointer + ("/" + column if column else "")
            return LocatedProblem(self.file, None, col, message)
        return LocatedProblem(self.file, self.row, column, message)

    def get(self, name: str) -> str:
        value = self.data.get(name)
        if value is None:
            return ""
        return str(value).strip() if not isinstance(value, (dict, list)) else value


@dataclass
class Tables:
    rows: dict[str, dict[str, Row]] = field(default_factory=dict)  # table → id → row
    problems: list[LocatedProblem] = field(default_factory=list)

    def add(self, table: str, row: Row) -> None:
        key = row.get("id")
        if not key:
            self.problems.append(row.where("id", Message("hsds_missing_id")))
            return
        have = self.rows.setdefault(table, {})
        if key in have:  # the same object repeated in nested JSON: fill gaps only
            for k, v in row.data.items():
                if v not in (None, "") and have[key].data.get(k) in (None, ""):
                    have[key].data[k] = v
        else:
            have[key] = row

    def table(self, name: str) -> list[Row]:
        return list(self.rows.get(name, {}).values())


# key in nested JSON → table it fills; the parent's table decides the foreign key name
_NESTED_LISTS = {
    "organizations": "organizations", "services": "services", "contacts": "contacts",
    "phones": "phones", "service_areas": "service_areas", "languages": "languages",
    "service_at_locations": "service_at_location", "locations": "locations",
    "addresses": "addresses", "attributes": "attributes", "schedules": "schedules",
}
_NESTED_OBJECTS = {"organization": "organizations", "service": "services",
                   "location": "locations", "taxonomy_term": "taxonomy_terms"}
_FK = {"organizations": "organization_id", "services": "service_id",
       "service_at_location": "service_at_location_id", "locations": "location_id",
       "contacts": "contact_id", "phones": "phone_id", "taxonomy_terms": "taxonomy_term_id"}
_ENTITY = {"organizations": "organization", "services": "service", "contacts": "contact",
           "service_areas": "service_area", "locations": "location",
           "service_at_location": "service_at_location", "phones": "phone"}


def read_json(path) -> Tables:
    """Flatten an HSDS JSON document into tables.

    Accepts what the HSDS API and the examples return — one service, organization or
    service_at_location, a paged ``*_list`` (``contents``), a plain array — and the
    document :func:`export_json` writes (``organizations``/``services`` plus the
    profile's ``areas`` and ``links``)."""
    path = Path(path)
    name = path.name
    tables = Tables()
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        tables.problems.append(LocatedProblem(name, None, None, Message("file_not_utf8", error=reason(exc))))
        return tables
    except json.JSONDecodeError as exc:
        tables.problems.append(LocatedProblem(
            name, exc.lineno, None, Message("json_invalid", error=reason(exc), line=exc.lineno,
                                            column=exc.colno)))
        return tables
    if isinstance(doc, dict) and doc and all(k.endswith(".csv") for k in doc):
        items = []  # the "tabular" JSON form: table file name → rows
        for key, rows in doc.items():
            table = key[:-4]
            if table in _CSV_TABLES and isinstance(rows, list):
                for i, x in enumerate(rows):
                    if isinstance(x, dict):
                        tables.add(table, Row({k: v for k, v in x.items()
                                               if not isinstance(v, (dict, list))},
                                              name, pointer=f"/{key}/{i}"))
    elif isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        items = [(f"/contents/{i}", x) for i, x in enumerate(doc["contents"])]
    elif isinstance(doc, list):
        items = [(f"/{i}", x) for i, x in enumerate(doc)]
    elif isinstance(doc, dict) and any(k in doc for k in ("services", "organizations")) \
            and "id" not in doc:
        items = []
        for key in ("organizations", "services"):
            for i, x in enumerate(doc.get(key) or []):
                _flatten(tables, name, f"/{key}/{i}", key, x, None, None)
        for key in ("areas", "links"):
            for i, x in enumerate(doc.get(key) or []):
                if isinstance(x, dict):
                    tables.add(key, Row(x, name, pointer=f"/{key}/{i}"))
    else:
        items = [("", doc)]
    for pointer, obj in items:
        if not isinstance(obj, dict) or not obj.get("id") or set(obj) <= _TAXONOMY_KEYS:
            tables.problems.append(LocatedProblem(
                name, None, pointer or "/", Message("hsds_no_services")))
            continue
        _flatten(tables, name, pointer, _guess_table(obj), obj, None, None)
    return tables


_TAXONOMY_KEYS = {"id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_detail",
                  "language", "taxonomy_id", "term_uri", "uri", "version", "metadata"}


def _guess_table(obj: dict) -> str:
    if "status" in obj or "service_at_locations" in obj or "service_areas" in obj:
        return "services"
    if "service" in obj or "location" in obj:
        return "service_at_location"
    if "location_type" in obj:
        return "locations"
    return "organizations"


def _flatten(tables, file, pointer, table, obj, parent_table, parent_id) -> None:
    if not isinstance(obj, dict):
        tables.problems.append(LocatedProblem(file, None, pointer, Message("json_not_object")))
        return
    data = {k: v for k, v in obj.items() if not isinstance(v, (dict, list))}
    if parent_table in _FK and table != parent_table:
        data.setdefault(_FK[parent_table], parent_id)
    if table == "attributes" and parent_table:
        data.setdefault("link_id", parent_id)
        data.setdefault("link_entity", _ENTITY.get(parent_table, parent_table))
    own_id = str(obj.get("id") or "")
    for key, value in obj.items():
        sub = f"{pointer}/{key}"
        if key in _NESTED_OBJECTS and isinstance(value, dict):
            child_table = _NESTED_OBJECTS[key]
            if value.get("id"):
                data.setdefault(_FK[child_table], str(value["id"]))
            _flatten(tables, file, sub, child_table, value, table, own_id)
        elif key in _NESTED_LISTS and isinstance(value, list):
            for i, item in enumerate(value):
                _flatten(tables, file, f"{sub}/{i}", _NESTED_LISTS[key], item, table, own_id)
    tables.add(table, Row(data, file, pointer=pointer))


_CSV_TABLES = ("organizations", "services", "contacts", "phones", "service_areas", "languages",
               "service_at_location", "locations", "addresses", "attributes", "taxonomy_terms",
               "schedules", "areas", "links")


def read_csv_package(folder) -> Tables:
    """Read an HSDS tabular data package (a folder of ``<table>.csv``)."""
    folder = Path(folder)
    tables = Tables()
    for table in _CSV_TABLES:
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        # the workbook's decoding rule: UTF-8 (BOM or not), or cp1252 for a whole file
        text, problem = decode_csv(path.read_bytes(), partial(LocatedProblem, path.name))
        if problem is not None:
            tables.problems.append(problem)
            continue
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "id" not in reader.fieldnames and table != "links":
            tables.problems.append(LocatedProblem(path.name, 1, "id",
                                                  Message("hsds_missing_id_column")))
            continue
        for number, record in enumerate(reader, start=2):
            if not any((v or "").strip() for v in record.values()):
                continue
            if None in record:
                tables.problems.append(LocatedProblem(path.name, number, None,
                                                      Message("extra_cells")))
                continue
            # the ' that export put before formula-like text comes off again (csv_text)
            row = Row({k: csv_text(v) if v else v for k, v in record.items()}, path.name,
                      row=number)
            if table == "links" and not row.get("id"):
                row.data["id"] = f"row{number}"
            tables.add(table, row)
    if not tables.rows and not tables.problems:
        tables.problems.append(LocatedProblem(folder.name, None, None,
                                              Message("hsds_no_tables")))
    return tables


# ================================================================ tables → network

def tables_to_network(tables: Tables, municipalities: dict[str, str] | None = None) -> Converted:
    """Turn HSDS tables into a graphmap network (see docs/interop.md for the mapping).

    ``municipalities`` (name → code, lower-case names) lets a service area named after
    a Finnish municipality carry its Statistics Finland code."""
    out = Converted(Network(), {}, list(tables.problems), [])
    net = out.network
    terms = {r.get("id"): r for r in tables.table("taxonomy_terms")}
    attrs: dict[str, list[tuple[Row, Row | None]]] = {}
    for a in tables.table("attributes"):
        attrs.setdefault(a.get("link_id"), []).append((a, terms.get(a.get("taxonomy_term_id"))))
    gm_ids: dict[str, str] = {}  # HSDS uuid → graphmap id

    def fields_of(row: Row, sheet: str) -> dict:
        """graphmap fields carried as attributes (taxonomy 'graphmap')."""
        found = {}
        for a, term in attrs.get(row.get("id"), []):
            if term is None or term.get("taxonomy") != TAXONOMY:
                continue
            code = term.get("code")
            if code.startswith("graphmap."):
                found[code[len("graphmap."):]] = (a, a.get("value"))
        return found

    def parse(sheet, name, raw, row: Row, column: str):
        spec = next(f for f in FIELDS[sheet] if f.name == name)
        text = str(raw).strip()
        if text.startswith('"') and text.endswith('"') and len(text) > 1:
            text = text[1:-1].strip()  # the official examples quote phone numbers
        if not text:
            return None
        try:
            return spec.parse(text)
        except ValueError as exc:
            out.problems.append(row.where(column, message_of(exc)))
            return None

    def extras(row: Row, sheet: str) -> dict:
        values = {}
        for name, (a, raw) in fields_of(row, sheet).items():
            if name in {f.name for f in FIELDS[sheet]}:
                value = parse(sheet, name, raw, a, "value")
                if value is not None:
                    values[name] = value
        return values

    def ident(row: Row, sheet: str) -> str:
        value = extras(row, sheet).get("id") or f"hsds:{row.get('id')}"
        gm_ids[row.get("id")] = value
        return value

    # -- areas: the profile's table, then service areas of foreign data
    for row in tables.table("areas"):
        values = {n: parse("areas", n, row.get(n), row, n) for n in AREA_FIELDS if row.get(n)}
        missing = [n for n in ("id", "name", "kind") if values.get(n) is None]
        if missing:
            out.problems.extend(row.where(n, Message("required", name=n)) for n in missing if not row.get(n))
            continue
        area = Area(**values)
        net.add(area)
        out.origins[("areas", area.id)] = row
    # -- organisations
    for row in tables.table("organizations"):
        key = ident(row, "organisations")
        values = extras(row, "organisations")
        name = row.get("name")
        if not name:
            out.problems.append(row.where("name", Message("required", name="name")))
            continue
        sector = values.get("sector")
        if sector is None:
            sector = DEFAULT_SECTOR
            out.supplied[("organisations", key)] = {"id", "name", "website"}
            out.warnings.append(Message("warn_hsds_no_sector", name=repr(name),
                                        sector=repr(sector.value)))
        website = row.get("website") or None
        net.add(Organisation(key, name, sector, website))
        out.origins[("organisations", key)] = row
    # -- units
    sal_service = {r.get("id"): r.get("service_id") for r in tables.table("service_at_location")}
    locations = {r.get("id"): r for r in tables.table("locations")}
    addresses: dict[str, Row] = {}
    for r in tables.table("addresses"):
        addresses.setdefault(r.get("location_id"), r)
    # indexes, so that a national directory is read in one pass, not services × phones
    phones = {"service_id": {}, "contact_id": {}}
    for p in tables.table("phones"):
        for column in phones:
            if p.get(column) and p.get("number"):
                phones[column].setdefault(p.get(column), []).append(p)
    sals: dict[str, list[Row]] = {}
    for r in tables.table("service_at_location"):
        sals.setdefault(r.get("service_id"), []).append(r)
    service_areas: dict[str, list[Row]] = {}
    for r in tables.table("service_areas"):
        service_areas.setdefault(r.get("service_id"), []).append(r)
    schedules: dict[str, list[Row]] = {}  # by service, and by location for services without
    for r in tables.table("schedules"):
        owner = r.get("service_id") or sal_service.get(r.get("service_at_location_id")) \
            or f"location:{r.get('location_id')}"
        schedules.setdefault(owner, []).append(r)
    languages: dict[str, list[str]] = {}
    for r in tables.table("languages"):
        if r.get("service_id") and r.get("code"):
            languages.setdefault(r.get("service_id"), []).append(r.get("code").lower())
    for row in tables.table("services"):
        sid = row.get("id")
        key = ident(row, "units")
        values = extras(row, "units")
        values.pop("id", None)
        if not row.get("name"):
            out.problems.append(row.where("name", Message("required", name="name")))
            continue
        org = gm_ids.get(row.get("organization_id"))
        if org is None:
            out.problems.append(row.where("organization_id", Message(
                "hsds_no_organization", value=repr(row.get("organization_id")))))
            continue
        area = _unit_area(row, service_areas.get(sid, []), fields_of, net, out, municipalities)
        services, level = [], None
        for _a, term in attrs.get(sid, []):
            if term is None:
                continue
            if term.get("taxonomy") == LEVEL_TAXONOMY:
                level = parse("units", "level", term.get("code"), term, "code")
            elif term.get("taxonomy") != TAXONOMY and term.get("name"):
                services.append(term.get("name"))
        phone = _first_phone(phones, "service_id", sid)
        if phone is not None:
            values["phone"] = parse("units", "phone", phone.get("number"), phone, "number")
        if row.get("email"):
            values["email"] = parse("units", "email", row.get("email"), row, "email")
        low, high = row.get("minimum_age"), row.get("maximum_age")
        if low != "" or high != "":
            try:
                values["ages"] = (int(float(low or 0)), int(float(high or 99)))
            except ValueError:
                out.problems.append(row.where("minimum_age", Message(
                    "hsds_ages_not_whole", low=repr(low), high=repr(high))))
        langs = [c for c in languages.get(sid, []) if 2 <= len(c) <= 3 and c.isalpha()]
        if langs:
            values["languages"] = list(dict.fromkeys(langs))
        if "address" not in values:
            values.update(_address(sals.get(sid, []), locations, addresses))
        if "latitude" not in values:
            values.update(_coordinates(sals.get(sid, []), locations, out))
        if row.get("eligibility_description"):
            values["eligibility"] = parse("units", "eligibility", row.get("eligibility_description"),
                                          row, "eligibility_description")
        if "hours" not in values:
            values.update(_hours(sid, sals.get(sid, []), schedules, row, out))
        unit = Unit(key, row.get("name"), org, area,
                    description=clean_text(row.get("description") or "") or None,
                    services=list(dict.fromkeys(services)), **values)
        if level is not None:
            unit.level = level
        net.add(unit)
        out.origins[("units", key)] = row
        if key.startswith("hsds:"):  # foreign: keep what a person set that HSDS lacks
            out.supplied[("units", key)] = FOREIGN_UNIT_FIELDS | set(values) | (
                {"level"} if level is not None else set())
    # -- roles (contacts of a service or of a service at a location)
    for row in tables.table("contacts"):
        sid = row.get("service_id") or sal_service.get(row.get("service_at_location_id"))
        unit = gm_ids.get(sid or "")
        if unit is None:
            out.warnings.append(Message("warn_hsds_contact_unlinked", file=row.file,
                                        name=repr(row.get('name') or row.get('id'))))
            continue
        key = ident(row, "roles")
        values = extras(row, "roles")
        values.pop("id", None)
        title = row.get("title") or row.get("department") or "yhteyshenkilö"
        phone = _first_phone(phones, "contact_id", row.get("id"))
        if phone is not None:
            values["phone"] = parse("roles", "phone", phone.get("number"), phone, "number")
        if row.get("email"):
            values["email"] = parse("roles", "email", row.get("email"), row, "email")
        role = Role(key, title, unit, person=row.get("name") or None, **values)
        net.add(role)
        out.origins[("roles", key)] = row
        if key.startswith("hsds:"):
            out.supplied[("roles", key)] = {"id", "title", "unit", "person", "phone",
                                            "email"} | set(values)
    # -- links (profile table)
    for row in tables.table("links"):
        ends = {}
        for end in ("source", "target"):
            ref = row.get(f"{end}_id")
            ends[end] = gm_ids.get(ref) or (ref if ref in net.units or ref in net.roles else None)
            if ends[end] is None:
                out.problems.append(row.where(f"{end}_id", Message("hsds_no_link_end",
                                                                      value=repr(ref))))
        values = {n: parse("links", n, row.get(n), row, n) for n in LINK_FIELDS if row.get(n)}
        if values.get("kind") is None:
            if not row.get("kind"):
                out.problems.append(row.where("kind", Message("required", name="kind")))
            continue
        if None in ends.values():
            continue
        link = Link(ends["source"], ends["target"], **{k: v for k, v in values.items()
                                                        if v is not None})
        net.add(link)
        out.origins[("links", link.key)] = row
    return out


def _first_phone(phones: dict, column: str, key: str) -> Row | None:
    found = list(phones[column].get(key, ()))
    if column == "service_id":  # a phone that also names a contact is the contact's
        found.sort(key=lambda p: bool(p.get("contact_id")))
    return found[0] if found else None


def _address(sals: list[Row], locations: dict, addresses: dict) -> dict:
    """The street address of the first location the service is delivered at."""
    for sal in sals:
        loc = locations.get(sal.get("location_id"))
        adr = addresses.get(sal.get("location_id"))
        if adr is not None:
            parts = [adr.get("address_1"), " ".join(p for p in (adr.get("postal_code"),
                                                              adr.get("city")) if p)]
            text = ", ".join(p for p in parts if p)
            if text:
                return {"address": text}
        if loc is not None and loc.get("name"):
            return {"address": loc.get("name")}
    return {}


def _coordinates(sals: list[Row], locations: dict, out: Converted) -> dict:
    """Latitude and longitude of the first location the service is delivered at that has
    both.  Coordinates off the globe (the official example has latitude 100) are left
    out with a warning: the service is still worth importing without a map pin."""
    for sal in sals:
        loc = locations.get(sal.get("location_id"))
        if loc is None or loc.get("latitude") == "" or loc.get("longitude") == "":
            continue
        try:
            return {"latitude": FIELD["latitude"].parse(str(loc.get("latitude"))),
                    "longitude": FIELD["longitude"].parse(str(loc.get("longitude")))}
        except ValueError as exc:
            out.warnings.append(Message("warn_hsds_bad_coordinates", file=loc.file,
                                        name=repr(loc.get('name') or loc.get('id')),
                                        error=message_of(exc)))
    return {}


FIELD = {f.name: f for f in FIELDS["units"]}


def _hours(sid: str, sals: list[Row], schedules: dict, row: Row, out: Converted) -> dict:
    """The service's own schedules, else those of its first location that has some."""
    rows = schedules.get(sid) or next((schedules[f"location:{s.get('location_id')}"] for s in sals
                                       if f"location:{s.get('location_id')}" in schedules), [])
    if not rows:
        return {}
    try:
        text, skipped = opening_hours.from_hsds_schedules([r.data for r in rows])
    except ValueError as exc:
        first = rows[0]
        out.problems.append(first.where("opens_at", message_of(exc)))
        return {}
    if skipped:
        out.warnings.append(Message("warn_hsds_schedules_skipped", name=repr(row.get('name')),
                                    n=skipped))
    return {"hours": text} if text else {}


def _unit_area(row, areas, fields_of, net, out, municipalities) -> str:
    for sa in areas:
        gm = fields_of(sa, "areas").get("area")
        if gm and gm[1] in net.areas:
            return gm[1]
    if areas:
        sa = areas[0]
        key = f"hsds:{sa.get('id')}"
        if key not in net.areas:
            name = (sa.get("name") or sa.get("description") or key)[:200]
            code = (municipalities or {}).get(name.lower())
            net.add(Area(key, name, AreaKind.MUNICIPALITY, code=code))
            out.origins[("areas", key)] = sa
        if len(areas) > 1:
            out.warnings.append(Message("warn_hsds_many_areas", name=repr(row.get('name')),
                                        n=len(areas)))
        return key
    key = "hsds:no-area"
    if key not in net.areas:
        net.add(Area(key, "HSDS: palvelualue puuttuu", AreaKind.MUNICIPALITY))
        out.warnings.append(Message("warn_hsds_no_area"))
    return key


# ================================================================ network → HSDS

#: The taxonomies the export's terms belong to (HSDS ``taxonomy`` records, served by the
#: read API's ``/taxonomies``): name → description.
TAXONOMIES = {
    TAXONOMY: "graphmap fields that HSDS has no place for (docs/interop.md)",
    LEVEL_TAXONOMY: "support level (porrasteisuus), DOMAIN.md §3",
    SERVICE_TAXONOMY: "service keywords of a unit",
}


def taxonomy_record(name: str) -> dict:
    """The HSDS ``taxonomy`` object of one of :data:`TAXONOMIES` (id ``uuid5`` of its name)."""
    return {"id": hsds_id("taxonomy", name), "name": name,
            "description": TAXONOMIES.get(name, name), "version": "1"}


@lru_cache(maxsize=4096)
def _term(code: str, name: str, taxonomy: str, description: str) -> dict:
    return {"id": hsds_id("taxonomy_term", f"{taxonomy}:{code}"), "code": code, "name": name,
            "description": description, "taxonomy": taxonomy,
            "taxonomy_id": hsds_id("taxonomy", taxonomy)}


def _attribute(owner_sheet: str, owner: str, entity: str, term: dict, value=None) -> dict:
    a = {"id": hsds_id("attribute", f"{owner_sheet}:{owner}:{term['taxonomy']}:{term['code']}"),
         "link_id": hsds_id(owner_sheet, owner), "link_type": term["taxonomy"],
         "link_entity": entity, "taxonomy_term_id": term["id"], "taxonomy_term": term}
    if value is not None:
        a["value"] = value
    return a


def _field_attributes(sheet: str, record, entity: str) -> list[dict]:
    """Every field HSDS has no place for, as ``graphmap.<field>`` attributes."""
    out = []
    for spec in FIELDS[sheet]:
        if spec.name in NATIVE.get(sheet, ()):
            continue
        value = getattr(record, spec.name)
        if value is None or value == [] or (spec.name == "public" and value is True):
            continue
        text = format_value(value)
        term = _term(f"graphmap.{spec.name}", spec.name, TAXONOMY,
                     spec.help_en or f"graphmap {sheet} field '{spec.name}'")
        out.append(_attribute(sheet, record.id, entity, term, text))
    return out


def network_to_json(net: Network) -> dict:
    """An HSDS 3.0 document for ``net`` with the graphmap links profile.

    ``organizations`` and ``services`` hold HSDS objects (each validates against the
    official schema); ``areas`` and ``links`` are the profile's extension arrays.
    Written as anyone may see it (:func:`graphmap.privacy.public_network`): roles whose
    holder is not public without the person's name, phone and e-mail."""
    net = public_network(net)
    orgs = []
    for o in sorted(net.organisations.values(), key=lambda r: r.id):
        d = {"id": hsds_id("organisations", o.id), "name": o.name, "description": o.name,
             "attributes": _field_attributes("organisations", o, "organization")}
        if o.website:
            d["website"] = o.website
        orgs.append(d)
    roles_of: dict[str, list[Role]] = {}
    for r in sorted(net.roles.values(), key=lambda r: r.id):
        roles_of.setdefault(r.unit, []).append(r)
    services = []
    for u in sorted(net.units.values(), key=lambda r: r.id):
        sid = hsds_id("units", u.id)
        d = {"id": sid, "organization_id": hsds_id("organisations", u.organisation),
             "name": u.name, "status": "active"}
        if u.description:
            d["description"] = u.description
        if u.eligibility:
            d["eligibility_description"] = u.eligibility
        d.update(_schedules_and_location(u, sid))
        if u.email:
            d["email"] = u.email
        if u.ages:
            d["minimum_age"], d["maximum_age"] = u.ages
        if u.phone:
            d["phones"] = [{"id": hsds_id("phone", f"units:{u.id}"), "service_id": sid,
                            "number": u.phone, "type": "voice"}]
        d["languages"] = [{"id": hsds_id("language", f"{u.id}:{c}"), "service_id": sid,
                           "code": c} for c in u.languages]
        area = net.areas.get(u.area)
        sa_id = hsds_id("service_area", f"{u.id}:{u.area}")
        area_term = _term("graphmap.area", "area", TAXONOMY, "graphmap area id")
        d["service_areas"] = [{
            "id": sa_id, "service_id": sid, "name": area.name if area else u.area,
            "attributes": [{**_attribute("service_area", f"{u.id}:{u.area}", "service_area",
                                         area_term, u.area), "link_id": sa_id}]}]
        attrs = _field_attributes("units", u, "service")
        level = _term(u.level.value, LEVEL_NAMES[u.level], LEVEL_TAXONOMY,
                      "support level (porrasteisuus), DOMAIN.md §3")
        attrs.append(_attribute("units", u.id, "service", level))
        for keyword in u.services:
            attrs.append(_attribute("units", u.id, "service",
                                    _term(keyword, keyword, SERVICE_TAXONOMY, "service keyword")))
        d["attributes"] = attrs
        d["contacts"] = [_contact(r, sid) for r in roles_of.get(u.id, [])]
        # HSDS's "last checked" date: the unit's most recent contact check, the same
        # date its profile shows (issue 14 item 5)
        checked = [r.verified for r in roles_of.get(u.id, []) if r.verified]
        if checked:
            d["assured_date"] = max(checked).isoformat()
        services.append(d)
    areas = [{n: format_value(getattr(a, n)) for n in AREA_FIELDS if getattr(a, n) is not None}
             for a in sorted(net.areas.values(), key=lambda r: r.id)]
    links = []
    for link in sorted(net.links.values(), key=lambda l: l.key):
        d = {"id": hsds_id("links", link.id)}
        for end in ("source", "target"):
            node = getattr(link, end)
            sheet = "units" if node in net.units else "roles"
            d[f"{end}_id"] = hsds_id(sheet, node)
            d[f"{end}_type"] = "service" if sheet == "units" else "contact"
        for n in LINK_FIELDS:
            value = getattr(link, n)
            if value is not None:
                d[n] = format_value(value)
        links.append(d)
    return {"version": "3.0", "profile": PROFILE, "organizations": orgs,
            "services": services, "areas": areas, "links": links}


_POSTAL = re.compile(r"^(?P<street>.+?),\s*(?P<code>\d{5})\s+(?P<city>[^,]+)$")


def _schedules_and_location(u: Unit, sid: str) -> dict:
    """Native HSDS ``schedules`` for the unit's hours and one physical ``location``
    (coordinates; the address split into HSDS's parts when it reads "street, 38200 City").
    graphmap's own round trip reads the exact values from the ``graphmap.*`` attributes."""
    out: dict = {}
    rules = opening_hours.to_hsds_schedules(opening_hours.parse(u.hours)) if u.hours else []
    if rules:
        out["schedules"] = [{"id": hsds_id("schedule", f"{u.id}:{i}"), "service_id": sid, **rule}
                            for i, rule in enumerate(rules)]
    if u.latitude is None and not u.address:
        return out
    lid = hsds_id("location", u.id)
    loc: dict = {"id": lid, "location_type": "physical", "name": u.name}
    if u.latitude is not None and u.longitude is not None:
        loc["latitude"], loc["longitude"] = u.latitude, u.longitude
    parts = _POSTAL.match(u.address or "")
    if parts:
        loc["addresses"] = [{"id": hsds_id("address", u.id), "location_id": lid,
                             "address_1": parts["street"].strip(), "city": parts["city"].strip(),
                             "state_province": "", "postal_code": parts["code"], "country": "FI",
                             "address_type": "physical"}]
    out["service_at_locations"] = [{"id": hsds_id("service_at_location", u.id), "service_id": sid,
                                    "location_id": lid, "location": loc}]
    return out


def _contact(r: Role, sid: str) -> dict:
    cid = hsds_id("roles", r.id)
    d = {"id": cid, "service_id": sid, "title": r.title}
    if r.person:  # public_network has removed hidden ones
        d["name"] = r.person
    if r.email:
        d["email"] = r.email
    if r.phone:
        d["phones"] = [{"id": hsds_id("phone", f"roles:{r.id}"), "contact_id": cid,
                        "number": r.phone, "type": "voice"}]
    d["attributes"] = _field_attributes("roles", r, "contact")
    return d


def export_json(net: Network, out) -> dict:
    doc = network_to_json(net)
    Path(out).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return doc


#: Columns of the tables written to a CSV package (official columns, then the profile's).
CSV_COLUMNS = {
    "organizations": ["id", "name", "description", "website"],
    "services": ["id", "organization_id", "name", "description", "email", "status",
                 "minimum_age", "maximum_age", "assured_date", "eligibility_description"],
    "contacts": ["id", "service_id", "name", "title", "email"],
    "phones": ["id", "service_id", "contact_id", "number", "type"],
    "languages": ["id", "service_id", "code"],
    "service_areas": ["id", "service_id", "name"],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "taxonomy_terms": ["id", "code", "name", "description", "taxonomy"],
    "service_at_location": ["id", "service_id", "location_id"],
    "locations": ["id", "location_type", "name", "latitude", "longitude"],
    "addresses": ["id", "location_id", "address_1", "city", "state_province", "postal_code",
                  "country", "address_type"],
    "schedules": ["id", "service_id", "freq", "wkst", "byday", "opens_at", "closes_at", "dtstart",
                  "until", "valid_from", "valid_to", "description", "notes"],
    "areas": list(AREA_FIELDS),
    "links": ["id", "source_id", "source_type", "target_id", "target_type", *LINK_FIELDS],
}


def export_csv(net: Network, out) -> list[Path]:
    """The same content as :func:`export_json`, as an HSDS tabular package folder."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    tables = Tables()
    doc = network_to_json(net)
    for i, o in enumerate(doc["organizations"]):
        _flatten(tables, "", f"/organizations/{i}", "organizations", o, None, None)
    for i, s in enumerate(doc["services"]):
        _flatten(tables, "", f"/services/{i}", "services", s, None, None)
    for key in ("areas", "links"):
        for x in doc[key]:
            tables.add(key, Row(x, ""))
    written = []
    for table, columns in CSV_COLUMNS.items():
        path = folder / f"{table}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(columns)
            for row in tables.table(table):  # document order: keeps list order
                w.writerow(csv_row(format_value(row.data.get(c)) for c in columns))
        written.append(path)
    (folder / "datapackage.json").write_text(json.dumps(_datapackage(), indent=1) + "\n",
                                             encoding="utf-8")
    return written


def _datapackage() -> dict:
    profile = {"areas": "graphmap profile: the area hierarchy (DOMAIN.md §2)",
               "links": "graphmap profile: links between services/contacts (DOMAIN.md §4)"}
    return {"name": "graphmap_hsds_export", "profile": "tabular-data-package",
            "version": "3.0.0", "graphmap_profile": PROFILE,
            "resources": [{"name": t, "path": f"{t}.csv", "format": "csv",
                           "description": profile.get(t, f"HSDS 3.0 {t}"),
                           "schema": {"fields": [{"name": c, "type": "string"} for c in cols]}}
                          for t, cols in CSV_COLUMNS.items()]}


# ================================================================ validation

def schema_validator(schema_dir, name: str):
    """A jsonschema validator for one official schema, ``name`` as a file name under
    ``schema/`` (``service.json``, ``compiled/service_list.json``): ``$ref``s resolved
    through a ``referencing.Registry`` of every ``schema/*.json`` and
    ``schema/compiled/*_list.json`` (they refer to each other by file name), with format
    checks (uuid, email) on."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = Path(schema_dir) / "schema"
    resources = []
    for path in sorted([*folder.glob("*.json"), *folder.glob("compiled/*_list.json")]):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.relative_to(folder).as_posix(), Resource.from_contents(
            contents, default_specification=DRAFT202012)))
    registry = Registry().with_resources(resources)
    return Draft202012Validator({"$ref": name}, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_hsds(doc: dict, schema_dir) -> list[str]:
    """Messages for every schema violation in an exported document (empty = valid).

    Each organization and service is validated against ``organization.json`` /
    ``service.json`` from the official schema folder (:func:`schema_validator`)."""
    errors = []
    for key, schema in (("organizations", "organization.json"), ("services", "service.json")):
        validator = schema_validator(schema_dir, schema)
        for i, item in enumerate(doc.get(key, [])):
            for err in validator.iter_errors(item):
                where = "/".join(str(p) for p in err.absolute_path)
                errors.append(f"/{key}/{i}/{where}: {err.message}")
    return errors
