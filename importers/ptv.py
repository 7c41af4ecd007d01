"""Suomi.fi Palvelutietovaranto (PTV) Open API v11 JSON → units, roles, areas.

Why (issue 6): Finnish public services are already described in PTV; a family-centre
coordinator should start from that, not from a blank workbook.  PTV has no network —
it describes services and their channels — so the import gives units, organisations,
areas and contact roles; links are added afterwards (workbook, survey).

Input: what the v11 API returns — a service (``V11VmOpenApiService``), a service channel
(``V11VmOpenApiServiceLocationChannel``, ``…PhoneChannel``, ``…ElectronicChannel``,
``…WebPageChannel``, ``…PrintableFormChannel``), an organisation, a page
(``{"pageNumber", "itemList": […]}``), a plain list, a bundle
``{"services": […], "serviceChannels": […], "organizations": […]}``, or a folder of such
files.  Mapping (docs/interop.md, "PTV"):

* service → unit ``ptv:<id>``: name and summary from ``serviceNames`` /
  ``serviceDescriptions`` (Finnish first, then Swedish, English); keywords from
  ``serviceClasses``, ``ontologyTerms`` and ``keywords``; ``languages``; the area from
  ``areas`` of type Municipality (code → ``kunta-<code>``, name from the shipped code list);
* organisation with ``roleType`` Responsible → the unit's organisation, its sector from
  ``organizationType``;
* Phone channel → a role per service ``ptv:<channel>:<service>`` (title = channel name,
  phone = first number) and the unit's phone/channel; ServiceLocation → the unit's
  address (and phone if it had none); EChannel / WebPage → channel ``web``;
  PrintableForm → nothing (forms are not a way to reach a professional).

PTV has no support level; units come in at ``universal`` (say so in the result).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from graphmap import hours as opening_hours
from graphmap.geo import tm35fin_to_wgs84
from graphmap.i18n.failure import reason
from graphmap.i18n import LANGS  # PTV describes services in the same three languages
from graphmap.model import (FIELDS, Area, AreaKind, Channel, Network, Organisation, Role,
                            Sector, Unit, clean_text, Message, message_of)

from .converted import Converted
from .problems import LocatedProblem

#: package data (read through the package, so it is found in a wheel too)
DATA = resources.files("graphmap") / "data" / "municipalities.csv"

#: PTV organizationType → sector (DOMAIN.md §2).  "Region" is a wellbeing services
#: county (hyvinvointialue) since 2023; SotePublic was used for joint authorities.
SECTORS = {
    "Municipality": Sector.MUNICIPAL, "Region": Sector.COUNTY, "RegionalOrganization": Sector.COUNTY,
    "SotePublic": Sector.COUNTY, "State": Sector.STATE, "Company": Sector.PRIVATE,
    "SotePrivate": Sector.PRIVATE, "Organization": Sector.NGO,
}


#: Unit fields PTV describes; the rest (level, type, ages, …) keep what the store has.
UNIT_FIELDS = frozenset({"id", "name", "organisation", "area", "description", "services",
                         "languages", "channels", "phone", "email", "address", "hours",
                         "latitude", "longitude"})


@lru_cache(maxsize=1)
def municipalities() -> dict[str, str]:
    """Statistics Finland municipality code → Finnish name (``graphmap/data``)."""
    import csv
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return {row["code"]: row["name"] for row in csv.DictReader(lines)}


class _Item:
    """One PTV object and where it is (file + JSON pointer)."""

    def __init__(self, data: dict, file: str, pointer: str):
        self.data, self.file, self.pointer = data, file, pointer

    def where(self, column, message):
        column = {"organisation": "organizations", "area": "areas",
                  "unit": "serviceChannelNames"}.get(column, column)
        return LocatedProblem(self.file, None, self.pointer + ("/" + column if column else ""),
                              message)


def _text(items, kind: str | None = None) -> str | None:
    """The Finnish (else Swedish, else English, else any) value of a localized list."""
    if not isinstance(items, list):
        return None
    good = [i for i in items if isinstance(i, dict) and i.get("value")
            and (kind is None or i.get("type") in (None, kind))]
    for lang in LANGS:
        for i in good:
            if i.get("language") == lang:
                return clean_text(str(i["value"]))
    return clean_text(str(good[0]["value"])) if good else None


def _names(items) -> list[str]:
    """Finnish names of a list of Finto items / ontology terms."""
    out = []
    for item in items or []:
        if isinstance(item, dict):
            name = _text(item.get("name"))
            if name:
                out.append(name)
    return out


def _kind(obj: dict) -> str | None:
    if "serviceChannelType" in obj or "serviceChannelNames" in obj:
        return "channel"
    if "serviceNames" in obj:
        return "service"
    if "organizationNames" in obj or "organizationType" in obj:
        return "organization"
    return None


def read(path) -> tuple[list[_Item], list[_Item], list[_Item], list[LocatedProblem]]:
    """Services, channels and organisations in a file or folder, with problems."""
    p = Path(path)
    files = sorted(p.glob("*.json")) if p.is_dir() else [p]
    found = {"service": [], "channel": [], "organization": []}
    problems = []
    if not files:  # a folder without PTV's JSON files: nothing to import is a mistake
        problems.append(LocatedProblem(p.name, None, None, Message("ptv_no_files")))
    for f in files:
        try:
            doc = json.loads(f.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError as exc:
            problems.append(LocatedProblem(f.name, None, None, Message("file_not_utf8", error=reason(exc))))
            continue
        except json.JSONDecodeError as exc:
            problems.append(LocatedProblem(f.name, exc.lineno, None, Message(
                "json_invalid", error=reason(exc), line=exc.lineno, column=exc.colno)))
            continue
        if isinstance(doc, dict) and isinstance(doc.get("itemList"), list):
            items = [(f"/itemList/{i}", x) for i, x in enumerate(doc["itemList"])]
        elif isinstance(doc, list):
            items = [(f"/{i}", x) for i, x in enumerate(doc)]
        elif isinstance(doc, dict) and _kind(doc) is None and any(
                isinstance(doc.get(k), list) for k in ("services", "serviceChannels",
                                                       "organizations")):
            items = [(f"/{k}/{i}", x) for k in ("organizations", "services", "serviceChannels")
                     for i, x in enumerate(doc.get(k) or [])]
        else:
            items = [("", doc)]
        for pointer, obj in items:
            kind = _kind(obj) if isinstance(obj, dict) else None
            if kind is None or not obj.get("id"):
                problems.append(LocatedProblem(
                    f.name, None, pointer or "/", Message("ptv_no_objects")))
                continue
            found[kind].append(_Item(obj, f.name, pointer))
    return found["service"], found["channel"], found["organization"], problems


def _parse(sheet, name, raw, item: _Item, column: str, problems):
    spec = next(f for f in FIELDS[sheet] if f.name == name)
    try:
        return spec.parse(str(raw))
    except ValueError as exc:
        problems.append(item.where(column, message_of(exc)))
        return None


def _phone(p: dict) -> str | None:
    number = str(p.get("number") or "").strip()
    if not number:
        return None
    prefix = str(p.get("prefixNumber") or "").strip()
    if prefix and not p.get("isFinnishServiceNumber"):
        return f"{prefix} {number.lstrip('0')}"
    return number


def _address(channel: dict) -> str | None:
    for adr in channel.get("addresses") or []:
        street = (adr or {}).get("streetAddress") or {}
        name = _text(street.get("street"))
        if not name:
            continue
        post = _text(street.get("postOffice")) or ""
        number = street.get("streetNumber") or ""
        return ", ".join(x for x in (f"{name} {number}".strip(),
                                     f"{street.get('postalCode') or ''} {post}".strip()) if x)
    return None


def _coordinates(channel: dict, item: _Item, out: Converted) -> tuple[float | None, float | None]:
    """WGS 84 degrees for the first address with coordinates.  PTV gives them in
    ETRS-TM35FIN metres (``latitude`` is the northing, ``longitude`` the easting)."""
    for adr in channel.get("addresses") or []:
        street = (adr or {}).get("streetAddress") or {}
        north, east = street.get("latitude"), street.get("longitude")
        if not north or not east:
            continue
        try:
            n, e = float(str(north).replace(",", ".")), float(str(east).replace(",", "."))
        except ValueError:
            n = e = 0.0
        if not (6_600_000 <= n <= 7_800_000 and 50_000 <= e <= 800_000):  # Finland in TM35FIN
            out.warnings.append(Message("warn_ptv_coordinates_outside", file=item.file,
                                        north=repr(north), east=repr(east)))
            continue
        lat, lon = tm35fin_to_wgs84(n, e)
        return round(lat, 6), round(lon, 6)
    return None, None


def convert(path) -> Converted:
    """A PTV file or folder → :class:`~.formats.Converted` (see the module docstring)."""
    services, channels, orgs, problems = read(path)
    out = Converted(Network(), {}, problems, [], {})
    net = out.network
    codes = municipalities()
    by_channel = {c.data["id"]: c for c in channels}

    for item in orgs:
        o = item.data
        key = f"ptv:{o['id']}"
        name = _text(o.get("organizationNames"), "Name")
        if not name:
            problems.append(item.where("organizationNames", Message("ptv_no_name")))
            continue
        sector = SECTORS.get(o.get("organizationType"))
        if sector is None:
            sector = Sector.NGO
            out.warnings.append(Message("warn_ptv_no_sector", name=repr(name),
                                        type=repr(o.get('organizationType'))))
        web = next((w.get("url") for w in o.get("webPages") or [] if isinstance(w, dict)
                    and w.get("url")), None)
        net.add(Organisation(key, name, sector, web))
        out.origins[("organisations", key)] = item

    for item in services:
        s = item.data
        key = f"ptv:{s['id']}"
        name = _text(s.get("serviceNames"), "Name")
        if not name:
            problems.append(item.where("serviceNames", Message("ptv_no_name")))
            continue
        org = _organisation(item, net, out)
        area = _area(item, net, out, codes)
        # a unit that cannot be kept is still built, so its channels' problems are found too
        unit = Unit(key, name, org or "", area or "",
                    description=_text(s.get("serviceDescriptions"), "Summary"),
                    services=list(dict.fromkeys(_names(s.get("serviceClasses"))
                                                + _names(s.get("ontologyTerms"))
                                                + [k.get("value") for k in s.get("keywords") or []
                                                   if isinstance(k, dict) and k.get("value")
                                                   and k.get("language") == "fi"])))
        langs = [str(x).lower() for x in s.get("languages") or [] if str(x).isalpha()]
        if langs:
            unit.languages = list(dict.fromkeys(langs))
        for link in s.get("serviceChannels") or []:
            ref = ((link or {}).get("serviceChannel") or {}).get("id")
            channel = by_channel.get(ref)
            if channel is None:
                out.warnings.append(Message("warn_ptv_channel_missing", file=item.file,
                                            name=repr(name), ref=repr(ref)))
                continue
            _apply_channel(unit, channel, net, out, problems)
        if org is None or area is None:
            continue
        net.add(unit)
        out.origins[("units", key)] = item
        out.supplied[("units", key)] = UNIT_FIELDS
    if net.units:
        out.report["support level"] = Message("ptv_support_level", n=len(net.units))
    return out


def _organisation(item: _Item, net: Network, out: Converted) -> str | None:
    s = item.data
    chosen = None
    for rel in s.get("organizations") or []:
        org = (rel or {}).get("organization") or {}
        if rel.get("roleType") == "Responsible" and org.get("id"):
            chosen = org
            break
    chosen = chosen or s.get("mainOrganization")
    if not chosen or not chosen.get("id"):
        out.problems.append(item.where("organizations", Message("ptv_no_responsible")))
        return None
    key = f"ptv:{chosen['id']}"
    if key not in net.organisations:
        name = chosen.get("name") or key
        sector = _sector_from_name(name)
        out.warnings.append(Message("warn_ptv_org_guessed", name=repr(name),
                                    sector=repr(sector.value)))
        net.add(Organisation(key, name, sector))
        out.origins[("organisations", key)] = item
    return key


def _sector_from_name(name: str) -> Sector:
    low = name.lower()
    for words, sector in ((("hyvinvointialue", "välfärdsområde"), Sector.COUNTY),
                          (("seurakunta", "församling"), Sector.PARISH),
                          (("kaupunki", "kunta", "stad", "kommun"), Sector.MUNICIPAL),
                          ((" ry", "säätiö", "yhdistys"), Sector.NGO),
                          (("kela", "valtio"), Sector.STATE)):
        if any(w in low for w in words):
            return sector
    return Sector.NGO


def _area(item: _Item, net: Network, out: Converted, codes: dict) -> str | None:
    s = item.data
    found = []
    for i, area in enumerate(s.get("areas") or []):
        if not isinstance(area, dict):
            continue
        if area.get("type") == "Municipality" and area.get("code"):
            found.append((area["code"], _text(area.get("name")), f"areas/{i}/code"))
        for m in area.get("municipalities") or []:
            if isinstance(m, dict) and m.get("code"):
                found.append((m["code"], _text(m.get("name")), f"areas/{i}/municipalities"))
    for i, m in enumerate(s.get("municipalities") or []):
        if isinstance(m, dict) and m.get("code"):
            found.append((m["code"], _text(m.get("name")), f"municipalities/{i}/code"))
    if not found:
        if s.get("areaType") in ("Nationwide", "NationwideExceptAlandIslands"):
            key = "ptv:suomi"
            if key not in net.areas:
                net.add(Area(key, "Koko Suomi", AreaKind.REGION))
            return key
        out.problems.append(item.where("areas", Message("ptv_no_municipality")))
        return None
    code, name, column = found[0]
    code = str(code).zfill(3)
    if code not in codes:
        out.problems.append(item.where(column, Message("ptv_unknown_municipality",
                                                           code=repr(code))))
        return None
    key = f"kunta-{code}"
    if key not in net.areas:
        net.add(Area(key, codes[code] or name or code, AreaKind.MUNICIPALITY, code=code))
    if len({c for c, _, _ in found}) > 1:
        out.warnings.append(Message("warn_ptv_many_municipalities",
                                    name=repr(_text(s.get('serviceNames'))),
                                    n=len({c for c, _, _ in found}), first=codes[code]))
    return key


def _apply_channel(unit: Unit, channel: _Item, net: Network, out: Converted, problems) -> None:
    c = channel.data
    kind = c.get("serviceChannelType")
    phones = [p for p in (c.get("phoneNumbers") or c.get("supportPhones") or [])
              if isinstance(p, dict) and p.get("type", "Phone") == "Phone"]
    number = next((n for n in (_phone(p) for p in phones) if n), None)
    phone = _parse("units", "phone", number, channel, "phoneNumbers/0/number",
                   problems) if number else None
    email = next((e.get("value") for e in c.get("supportEmails") or []
                  if isinstance(e, dict) and e.get("value")), None)
    if kind == "Phone":
        role_key = f"ptv:{c['id']}:{unit.id[4:]}"
        title = _text(c.get("serviceChannelNames"), "Name") or "puhelinpalvelu"
        role_email = _parse("roles", "email", email, channel, "supportEmails/0/value",
                            problems) if email else None
        net.add(Role(role_key, title, unit.id, phone=phone, email=role_email))
        out.origins[("roles", role_key)] = channel
        if Channel.PHONE not in unit.channels:
            unit.channels.append(Channel.PHONE)
        unit.phone = unit.phone or phone
    elif kind == "ServiceLocation":
        unit.address = unit.address or _address(c)
        unit.phone = unit.phone or phone
        if unit.latitude is None:
            unit.latitude, unit.longitude = _coordinates(c, channel, out)
        if unit.hours is None and c.get("serviceHours"):
            try:
                unit.hours, skipped = opening_hours.from_ptv_service_hours(c["serviceHours"])
            except ValueError as exc:
                problems.append(channel.where("serviceHours", message_of(exc)))
                skipped = 0
            if skipped:
                out.warnings.append(Message("warn_ptv_hours_skipped", file=channel.file,
                                            n=skipped, name=repr(unit.name)))
    elif kind in ("EChannel", "WebPage"):
        if Channel.WEB not in unit.channels:
            unit.channels.append(Channel.WEB)
    if email and not unit.email:
        unit.email = _parse("units", "email", email, channel, "supportEmails/0/value", problems)
