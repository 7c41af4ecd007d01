"""The Open Referral read API (issue 16 item 4): HSDS 3.0 endpoints under ``/hsds/``.

Why: Open Referral UK and other directory tools read a service directory through the
HSDS API (``openapi.json`` of the HSDS 3.0 specification); a municipality that keeps its
family-centre network in graphmap should not have to export files for them.

How: every answer is cut from the one HSDS mapping, the export document of
:func:`graphmap.importers.hsds.network_to_json` — built once per store revision and
kept in the snapshot's cache — so the API and the export files never disagree.  That
document is written as anyone may see it (:func:`graphmap.privacy.public_network`): the
API answers everyone alike, across origins, so a logged-in user sees no hidden names
here either.  Lists are paged as the specification's ``Page`` schema says
(``total_items``, ``total_pages``, ``page_number``, ``size``, ``first_page``,
``last_page``, ``empty``, ``contents``); ``format=ndjson`` streams every item instead.
Filters the specification defines and graphmap can answer cheaply are supported
(``search``, ``organization_id``, ``taxonomy_term_id``, ``taxonomy_id``, ``full``,
``minimal``, ``full_service``, ``parent_id``, ``top_only``); those it cannot answer
(``modified_after``, ``postcode``, ``proximity``: graphmap keeps no modification time and
no coordinates yet) are refused with 400 rather than silently ignored.  ``/hsds/openapi.json``
describes exactly this API (:mod:`.hsds_openapi`).  Errors are JSON like ``/api/``'s.
"""
from __future__ import annotations

import json
import math
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for

from graphmap.importers.hsds import TAXONOMIES, network_to_json, taxonomy_record
from graphmap.privacy import fold

from .errors import bad, not_found
from .hsds_openapi import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_SEARCH, description
from .snapshot import Snapshot, current_snapshot

PREFIX = "/hsds"
bp = Blueprint("hsds", __name__, url_prefix=PREFIX)

#: parameters of the specification that graphmap cannot answer (see the module docstring)
UNSUPPORTED = {
    "modified_after": "graphmap records carry no modification time",
    "postcode": "graphmap has no coordinates or postcodes for its services yet",
    "proximity": "graphmap has no coordinates for its services yet",
}
#: the nested (one-to-many) parts of a service, left out of list items
_MANY = ("phones", "schedules", "service_areas", "service_at_locations", "languages",
         "funding", "cost_options", "required_documents", "contacts", "attributes",
         "metadata", "program", "organization")


class Directory:
    """The HSDS document of one snapshot, indexed for the endpoints."""

    def __init__(self, snap: Snapshot):
        doc = network_to_json(snap.net)
        self.organizations: dict[str, dict] = {o["id"]: o for o in doc["organizations"]}
        self.services: dict[str, dict] = {s["id"]: s for s in doc["services"]}
        self.terms: dict[str, dict] = {}
        self.term_ids_of: dict[str, set[str]] = {}  # service id → its taxonomy term ids
        self.sals: dict[str, dict] = {}
        for sid, service in self.services.items():
            ids = self.term_ids_of.setdefault(sid, set())
            for attribute in _attributes_of(service):
                term = attribute.get("taxonomy_term")
                if isinstance(term, dict) and term.get("id"):
                    self.terms.setdefault(term["id"], term)
                    ids.add(term["id"])
            # service_at_location records, where the mapping gives them (a unit's place)
            for sal in service.get("service_at_locations") or ():
                self.sals[sal["id"]] = {**sal, "service_id": sid}
        for org in self.organizations.values():
            for attribute in org.get("attributes") or ():
                term = attribute.get("taxonomy_term")
                if isinstance(term, dict) and term.get("id"):
                    self.terms.setdefault(term["id"], term)
        names = {t.get("taxonomy") for t in self.terms.values()} | set(TAXONOMIES)
        self.taxonomies = {t["id"]: t for t in (taxonomy_record(n) for n in sorted(
            n for n in names if n))}
        self.services_of: dict[str, list[str]] = {}
        for sid, service in self.services.items():
            self.services_of.setdefault(service.get("organization_id", ""), []).append(sid)

    # -- shapes ------------------------------------------------------------------
    def organization_list_item(self, org: dict) -> dict:
        return {k: v for k, v in org.items() if not isinstance(v, (list, dict))}

    def service_list_item(self, service: dict) -> dict:
        item = {k: v for k, v in service.items() if k not in _MANY}
        org = self.organizations.get(service.get("organization_id", ""))
        if org is not None:
            item["organization"] = self.organization_list_item(org)
        return item

    def full_service(self, service: dict) -> dict:
        out = dict(service)
        org = self.organizations.get(service.get("organization_id", ""))
        if org is not None:
            out["organization"] = self.organization_list_item(org)
        return out

    def full_organization(self, org: dict, full_service: bool) -> dict:
        services = [self.services[s] for s in self.services_of.get(org["id"], ())]
        out = dict(org)
        out["services"] = ([dict(s) for s in services] if full_service
                           else [self.service_list_item(s) for s in services])
        return out

    def sal_item(self, sal: dict, full: bool) -> dict:
        out = dict(sal) if full else {k: v for k, v in sal.items()
                                      if not isinstance(v, (list, dict)) or k == "location"}
        service = self.services.get(sal["service_id"])
        if service is not None:
            out["service"] = self.service_list_item(service)
        return out


def _attributes_of(service: dict):
    yield from service.get("attributes") or ()
    for area in service.get("service_areas") or ():
        yield from area.get("attributes") or ()
    for contact in service.get("contacts") or ():
        yield from contact.get("attributes") or ()


def directory() -> Directory:
    """The :class:`Directory` of the current snapshot (built once per store revision)."""
    snap = current_snapshot()
    found = snap.cache.get(("hsds",))
    if found is None:
        found = snap.cache[("hsds",)] = Directory(snap)
    return found


# ------------------------------------------------------------------ parameters

def _flag(name: str) -> bool:
    text = request.args.get(name)
    if text is None or text.strip() == "":
        return False
    value = text.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise bad(name, f"{name} must be true or false, got {text!r}")


def _whole(name: str, default: int, high: int) -> int:
    text = request.args.get(name)
    if text is None or text.strip() == "":
        return default
    try:
        value = int(text.strip())
    except ValueError:
        raise bad(name, f"{name} must be a whole number from 1 to {high}, got {text!r}") from None
    if not 1 <= value <= high:
        raise bad(name, f"{name} must be from 1 to {high}, got {value}")
    return value


def _check_common(allowed: tuple[str, ...]) -> None:
    for name, why in UNSUPPORTED.items():
        if name in request.args:
            raise bad(name, f"{name} is not supported by this API: {why}")
    fmt = (request.args.get("format") or "json").strip().lower()
    if fmt not in ("json", "ndjson"):
        raise bad("format", f"format must be json or ndjson, got {request.args.get('format')!r}")
    search = request.args.get("search") or ""
    if len(search) > MAX_SEARCH:
        raise bad("search", f"search is longer than {MAX_SEARCH} characters")
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id"):
        if name in request.args and name not in allowed:
            raise bad(name, f"{name} is not a filter of this list")


def _matches(texts, query: str) -> bool:
    """``search``: every word of the query in the record's text (case and accents
    folded, so ``aitiys`` finds ``äitiys``)."""
    words = fold(query).split()
    haystack = fold(" ".join(t for t in texts if isinstance(t, str)))
    return all(w in haystack for w in words)


def _page(items: list) -> Response:
    """The ``Page`` answer (or every item as NDJSON when ``format=ndjson``)."""
    if (request.args.get("format") or "json").strip().lower() == "ndjson":
        lines = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
        return current_app.response_class(lines, mimetype="application/x-ndjson")
    per_page = _whole("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = _whole("page", 1, 1_000_000)
    total = len(items)
    pages = math.ceil(total / per_page)
    contents = items[(page - 1) * per_page: page * per_page]
    body = {"total_items": total, "total_pages": pages, "page_number": page,
            "size": len(contents), "first_page": page == 1, "last_page": page >= pages,
            "empty": not contents, "contents": contents}
    return _json(body)


def _json(body: Any) -> Response:
    return current_app.response_class(json.dumps(body, ensure_ascii=False) + "\n",
                                      mimetype="application/json")


def _service_filter(d: Directory, service: dict) -> bool:
    args = request.args
    org = (args.get("organization_id") or "").strip()
    if org and service.get("organization_id") != org:
        return False
    term = (args.get("taxonomy_term_id") or "").strip()
    ids = d.term_ids_of.get(service["id"], set())
    if term and term not in ids:
        return False
    taxonomy = (args.get("taxonomy_id") or "").strip()
    if taxonomy and not any(d.terms[t].get("taxonomy_id") == taxonomy for t in ids):
        return False
    query = (args.get("search") or "").strip()
    if query:
        org_name = d.organizations.get(service.get("organization_id", ""), {}).get("name")
        if not _matches((service.get("name"), service.get("description"), org_name), query):
            return False
    return True


# ------------------------------------------------------------------ endpoints

@bp.get("/")
def root():
    """The API's metadata (``getAPIMetaInformation``)."""
    return _json({"version": "3.0",
                  "openapi_url": url_for("hsds.openapi", _external=True)})


@bp.get("/openapi.json")
def openapi():
    return _json(description(url_for("hsds.root", _external=True).rstrip("/")))


@bp.get("/services")
def services():
    _check_common(("taxonomy_term_id", "taxonomy_id", "organization_id"))
    full, minimal = _flag("full"), _flag("minimal")
    d = directory()
    chosen = [s for s in d.services.values() if _service_filter(d, s)]
    if minimal:
        items = [{"id": s["id"], "name": s["name"], "status": s["status"]} for s in chosen]
    elif full:
        items = [d.full_service(s) for s in chosen]
    else:
        items = [d.service_list_item(s) for s in chosen]
    return _page(items)


@bp.get("/services/<service_id>")
def service(service_id):
    d = directory()
    found = d.services.get(service_id)
    if found is None:
        raise not_found("id", f"no service with id {service_id!r}")
    return _json(d.full_service(found))


@bp.get("/organizations")
def organizations():
    _check_common(())
    full, full_service = _flag("full"), _flag("full_service")
    d = directory()
    query = (request.args.get("search") or "").strip()
    items = []
    for org in d.organizations.values():
        if query and not _matches((org.get("name"), org.get("description")), query):
            continue
        items.append(d.full_organization(org, full_service) if full or full_service
                     else d.organization_list_item(org))
    return _page(items)


@bp.get("/organizations/<org_id>")
def organization(org_id):
    full_service = _flag("full_service")
    d = directory()
    found = d.organizations.get(org_id)
    if found is None:
        raise not_found("id", f"no organization with id {org_id!r}")
    return _json(d.full_organization(found, full_service))


@bp.get("/service_at_locations")
def service_at_locations():
    _check_common(("taxonomy_term_id", "taxonomy_id", "organization_id"))
    full = _flag("full")
    d = directory()
    items = [d.sal_item(sal, full) for sal in d.sals.values()
             if _service_filter(d, d.services[sal["service_id"]])]
    return _page(items)


@bp.get("/service_at_locations/<sal_id>")
def service_at_location(sal_id):
    d = directory()
    found = d.sals.get(sal_id)
    if found is None:
        raise not_found("id", f"no service_at_location with id {sal_id!r}")
    return _json(d.sal_item(found, True))


@bp.get("/taxonomies")
def taxonomies():
    _check_common(())
    d = directory()
    query = (request.args.get("search") or "").strip()
    return _page([t for t in d.taxonomies.values()
                  if not query or _matches((t["name"], t["description"]), query)])


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id):
    found = directory().taxonomies.get(taxonomy_id)
    if found is None:
        raise not_found("id", f"no taxonomy with id {taxonomy_id!r}")
    return _json(found)


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    _check_common(("taxonomy_id", "parent_id"))
    _flag("top_only")  # every graphmap term is a top term (none has children): checked only
    d = directory()
    taxonomy_id = (request.args.get("taxonomy_id") or "").strip()
    parent = (request.args.get("parent_id") or "").strip()
    query = (request.args.get("search") or "").strip()
    items = []
    for term in sorted(d.terms.values(), key=lambda t: (t.get("taxonomy", ""), t.get("code", ""))):
        if taxonomy_id and term.get("taxonomy_id") != taxonomy_id:
            continue
        if parent and term.get("parent_id") != parent:
            continue
        if query and not _matches((term.get("name"), term.get("code"),
                                   term.get("description")), query):
            continue
        items.append(term)
    return _page(items)


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id):
    found = directory().terms.get(term_id)
    if found is None:
        raise not_found("id", f"no taxonomy term with id {term_id!r}")
    return _json(found)


def register(app) -> None:
    """Wire the blueprint and the cross-origin header: every GET under ``/hsds/``
    (errors too) may be read by a page on any origin — it is public data."""
    app.register_blueprint(bp)

    @app.after_request
    def _cors(response):
        if request.path.startswith(PREFIX + "/") or request.path == PREFIX:
            if request.method in ("GET", "HEAD", "OPTIONS"):
                response.headers["Access-Control-Allow-Origin"] = "*"
        return response
