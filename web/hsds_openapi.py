"""The OpenAPI 3.1 description of graphmap's HSDS read API (``/hsds/openapi.json``).

Why its own description rather than the specification's ``openapi.json`` as it is: that
file is a template (``REQUIRED -- TITLE OF YOUR API HERE``) and lists parameters graphmap
cannot answer (``modified_after``, ``postcode``, ``proximity``: the API refuses them with
400).  This one keeps the specification's paths, operation ids, parameter names and
response schemas (the official schema URLs, as the specification refers to them) and says
what graphmap adds: bounds on ``page``/``per_page``, the ``format`` values, 400/404 error
bodies.  ``tests/web/test_hsds_api.py`` fuzzes the API against it (schemathesis).
"""
from __future__ import annotations

#: the API's paging and search bounds (web/hsds_api.py enforces what this describes)
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_SEARCH = 200

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

_PARAMETERS = {
    "search": {"name": "search", "in": "query", "required": False,
               "description": "Full text search: every word in the name or description "
                              "(case and accents ignored).",
               "schema": {"type": "string", "maxLength": MAX_SEARCH}},
    "page": {"name": "page", "in": "query", "required": False,
             "description": "Page number of paginated result (from 1).",
             "schema": {"type": "integer", "minimum": 1, "default": 1}},
    "per_page": {"name": "per_page", "in": "query", "required": False,
                 "description": "Number of results requested in a single page.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                            "default": DEFAULT_PER_PAGE}},
    "format": {"name": "format", "in": "query", "required": False,
               "description": "`json` (default, paged) or `ndjson` (every result, one per "
                              "line, without paging).",
               "schema": {"type": "string", "enum": ["json", "ndjson"]}},
    "taxonomy_term_id": {"name": "taxonomy_term_id", "in": "query", "required": False,
                         "description": "Services with this taxonomy term.",
                         "schema": {"type": "string"}},
    "taxonomy_id": {"name": "taxonomy_id", "in": "query", "required": False,
                    "description": "Services (or terms) with any term of this taxonomy.",
                    "schema": {"type": "string"}},
    "organization_id": {"name": "organization_id", "in": "query", "required": False,
                        "description": "Services that this organization provides.",
                        "schema": {"type": "string"}},
    "full": {"name": "full", "in": "query", "required": False,
             "description": "Return fully nested records.", "schema": {"type": "boolean"}},
    "minimal": {"name": "minimal", "in": "query", "required": False,
                "description": "Return services with just id, name and status.",
                "schema": {"type": "boolean"}},
    "full_service": {"name": "full_service", "in": "query", "required": False,
                     "description": "Nest full service records in an organization.",
                     "schema": {"type": "boolean"}},
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _id_param(what: str) -> dict:
    return {"in": "path", "name": "id", "required": True,
            "description": f"The id of the {what}.", "schema": {"type": "string"}}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "400": _json({"$ref": "#/components/schemas/Error"}, "A parameter is malformed or not "
                 "supported; `param` names it."),
    "404": _json({"$ref": "#/components/schemas/Error"}, "No record with this id."),
}


def _page_of(schema: str) -> dict:
    return {"allOf": [{"$ref": "#/components/schemas/Page"}],
            "properties": {"contents": {"type": "array",
                                        "items": {"$ref": SCHEMA_BASE + schema}}}}


def _list(op_id: str, summary: str, schema: str, params: list[str]) -> dict:
    return {"get": {"summary": summary, "operationId": op_id,
                    "parameters": [_ref(p) for p in params],
                    "responses": {"200": _json(_page_of(schema), summary),
                                  "400": _ERRORS["400"]}}}


def _one(op_id: str, summary: str, schema: str, what: str, params=()) -> dict:
    return {"parameters": [_id_param(what)],
            "get": {"summary": summary, "operationId": op_id,
                    "parameters": [_ref(p) for p in params],
                    "responses": {"200": _json({"$ref": SCHEMA_BASE + schema}, summary),
                                  **_ERRORS}}}


def description(server_url: str) -> dict:
    """The OpenAPI document, with ``server_url`` (this app's ``/hsds``) as its server."""
    paging = ["search", "page", "per_page", "format"]
    service_filters = ["taxonomy_term_id", "taxonomy_id", "organization_id"]
    return {
        "openapi": "3.1.0",
        "info": {"title": "graphmap HSDS 3.0 read API", "version": "1",
                 "summary": "The public family-centre services of this graphmap, as Open "
                            "Referral HSDS 3.0",
                 "description": "Public data only: contacts of persons who have not agreed to "
                                "be shown are left out. The mapping is in graphmap's "
                                "docs/interop.md.",
                 "license": {"name": "Data: as published by the service network's "
                                     "coordinators", "identifier": "CC-BY-4.0"}},
        "servers": [{"url": server_url}],
        "paths": {
            "/": {"get": {
                "summary": "Information about this API and its relationship with HSDS.",
                "operationId": "getAPIMetaInformation",
                "responses": {"200": _json({"type": "object", "properties": {
                    "version": {"type": "string"},
                    "profile": {"type": "string", "format": "uri"},
                    "openapi_url": {"type": "string", "format": "uri"}}},
                    "Information about this API.")}}},
            "/services": _list("getPaginatedListOfServices", "Paginated list of services.",
                               "compiled/service_list.json",
                               paging + service_filters + ["minimal", "full"]),
            "/services/{id}": _one("getFullyNestedServiceById", "A fully nested service.",
                                   "service.json", "service"),
            "/organizations": _list("getPaginatedListOfOrganizations",
                                    "Paginated list of organizations.",
                                    "compiled/organization_list.json",
                                    paging + ["full", "full_service"]),
            "/organizations/{id}": _one("getOrganizationById",
                                        "An organization with its services.",
                                        "organization.json", "organization", ["full_service"]),
            "/service_at_locations": _list("getPaginatedListOfServiceAtLocation",
                                           "Paginated list of services at locations.",
                                           "compiled/service_at_location_list.json",
                                           paging + service_filters + ["full"]),
            "/service_at_locations/{id}": _one("getServiceAtLocationWithNestedDataById",
                                               "A fully nested service at a location.",
                                               "service_at_location.json",
                                               "service at location"),
            "/taxonomies": _list("getPaginatedListOfTaxonomies", "Paginated list of taxonomies.",
                                 "taxonomy.json", paging),
            "/taxonomies/{id}": _one("getTaxonomyById", "A taxonomy.", "taxonomy.json",
                                     "taxonomy"),
            "/taxonomy_terms": {"get": {
                **_list("getPaginatedListOfTaxonomyTerms", "Paginated list of taxonomy terms.",
                        "taxonomy_term.json", paging + ["taxonomy_id"])["get"],
                "parameters": [_ref(p) for p in paging + ["taxonomy_id"]] + [
                    {"name": "top_only", "in": "query", "required": False,
                     "description": "Only terms without child terms.",
                     "schema": {"type": "boolean"}},
                    {"name": "parent_id", "in": "query", "required": False,
                     "description": "Terms whose parent has this id.",
                     "schema": {"type": "string"}}]}},
            "/taxonomy_terms/{id}": _one("getTaxonomyTermById", "A taxonomy term.",
                                         "taxonomy_term.json", "taxonomy term"),
        },
        "components": {
            "schemas": {
                "Page": {"type": "object", "required": [
                    "total_items", "total_pages", "page_number", "size", "first_page",
                    "last_page", "empty", "contents"], "properties": {
                    "total_items": {"type": "integer"}, "total_pages": {"type": "integer"},
                    "page_number": {"type": "integer"}, "size": {"type": "integer"},
                    "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                    "empty": {"type": "boolean"}, "contents": {"type": "array"}}},
                "Error": {"type": "object", "required": ["error", "status"], "properties": {
                    "error": {"type": "string"}, "status": {"type": "integer"},
                    "param": {"type": "string"}}},
            },
            "parameters": _PARAMETERS,
        },
    }
