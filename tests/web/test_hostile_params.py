"""No 5xx for any parameter (issue 10 item 10): every route of the real app, as an
anonymous visitor and as a logged-in admin, is called with hostile values for every
query parameter and form field the web code reads, and hostile path ids.

Why a walk of ``app.url_map`` rather than a list: a route added later is covered
without anyone remembering to add it here.  The parameter names are read from the
web package's source (``args.get("…")``, ``form.get("…")``) for the same reason.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.web.accounts import add_users, login, token

WEB = Path(__file__).resolve().parents[2] / "web"

#: values as they appear in a query string (already percent-encoded where needed):
#: huge, negative, far dates, junk, NUL, a lone surrogate (CESU-8 bytes) and invalid
#: UTF-8, a very long string, markup and path tricks, unknown ids
HOSTILE_QUERY = [
    "-1", "0", "99999999999999999999999999", "1e308", "nan", "-0",
    "9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "1900-01-01",
    "9999-12-31T23:59:59", "0001-01-01T00:00:00+14:00",
    "junk", "%00", "a%00b", "%ED%A0%80", "%FF%FE", "x" * 5000, "%3Cscript%3E",
    "..%2F..%2Fetc%2Fpasswd", "no-such-id", "-severity", "sotesi,xx", "%20",
]
#: the values also tried one parameter at a time (all of them, for every parameter of
#: every route, would take minutes on a shared machine)
EACH_ALONE = {"99999999999999999999999999", "9999-12-31", "%00", "%ED%A0%80"}
#: form fields of the login and admin forms: read from POST bodies only
FORM_ONLY = {"csrf_token", "password", "username", "on", "replace"}
#: the same as Python strings for JSON bodies and forms (a lone surrogate survives
#: JSON's \\ud800 escape)
HOSTILE_VALUES = [
    -1, 0, 10 ** 23, -10 ** 23, 1e308, float("inf"), None, True, [], {}, "",
    "9999-12-31", "0001-01-01", "junk", "\x00", "a\x00b", "\ud800", "x" * 100_000,
    "<script>", "no-such-id", ["\ud800"], {"a": "\x00"},
]
PATH_VALUES = ["no-such-id", "%00", "%ED%A0%80", "x" * 3000, "..", "-1", "%3Cb%3E",
               "99999999999999999999"]


def read_params() -> list[str]:
    """Every query parameter and form field name the web code reads."""
    names = {"lang", "age", "limit", "sector", "level", "kind", "group", "size", "radius",
             "offset", "cursor", "page", "before", "after"}
    pattern = re.compile(r"""(?:args|form|_int\(args,)\s*(?:\.get(?:list)?\()?\s*["']([a-z_]+)["']""")
    for path in WEB.glob("*.py"):
        names.update(pattern.findall(path.read_text("utf-8")))
    return sorted(names)


def fill(rule, value: str, known: dict) -> str:
    """The rule's URL with every variable set to ``value`` (or a known id)."""
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<{arg}>", known.get(arg, value))
        url = re.sub(rf"<[^>]*:{arg}>", known.get(arg, value), url)
    return url


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


class Checker:
    """Collects every 5xx or traceback of a walk, so one run lists them all."""

    def __init__(self):
        self.failures: list[str] = []

    def __call__(self, response, what: str) -> None:
        # a download (an area's workbook) is binary: read it as text only to look for
        # a traceback
        body = response.get_data().decode("utf-8", "replace")
        if response.status_code >= 500 or "Traceback" in body:
            self.failures.append(f"{what[:120]}: {response.status_code} {body[:200]}")

    def done(self) -> None:
        assert not self.failures, f"{len(self.failures)} failures:\n" + "\n".join(
            sorted(set(self.failures))[:60])


@pytest.fixture
def admin_client(app, web_store):
    add_users(web_store)
    client = app.test_client()
    csrf = login(client, "admin1")
    return client, csrf


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_get_route_with_hostile_query_values(app, client, web_store, who):
    """Each GET route × each parameter × each hostile value: never a 5xx — for a
    visitor, and for an admin, who also reaches the edit, import and admin pages."""
    if who == "admin":
        add_users(web_store)
        login(client, "admin1")
    check = Checker()
    params = read_params()
    for rule, method in routes(app):
        if method != "GET":
            continue
        for value in PATH_VALUES:
            url = fill(rule, value, {})
            check(client.get(url), url)
        url = fill(rule, "sotesi", {"area_id": "koivula", "unit_id": "neuvola",
                                    "role_id": "th-aino", "key": "neuvola", "token": "x"})
        for value in HOSTILE_QUERY:
            # every parameter at once, then each alone (a first 400 must not hide the rest)
            check(client.get(url + "?" + "&".join(f"{p}={value}" for p in params)),
                  f"{url} all={value}")
            if value not in EACH_ALONE:
                continue
            for p in params:
                if p not in FORM_ONLY:
                    check(client.get(f"{url}?{p}={value}"), f"{url}?{p}={value[:40]}")
    check.done()


def test_every_write_route_with_hostile_bodies(app, admin_client):
    """Each POST/PATCH/DELETE route, logged in as admin with a valid CSRF token, with
    hostile JSON bodies, forms and path ids: never a 5xx."""
    check = Checker()
    client, csrf = admin_client
    params = read_params()
    headers = {"X-CSRF-Token": csrf}
    for rule, method in routes(app):
        if method == "GET" or rule.rule in ("/logout", "/api/logout"):
            continue
        for path_value in ("no-such-id", "neuvola", "koivula"):
            url = fill(rule, path_value, {})
            for value in HOSTILE_VALUES:
                body = {p: value for p in params}
                body.update({"changes": value, "name": value, "id": value, "capacity": value,
                             "title": value, "unit": value, "area": value})
                data = json.dumps(body, ensure_ascii=True)
                check(client.open(url, method=method, data=data, headers=headers,
                                  content_type="application/json"), f"{method} {url} {value!r:.40}")
                check(client.open(url, method=method, data=json.dumps(value), headers=headers,
                                  content_type="application/json"), f"{method} {url} raw")
                if value == "\ud800" or value == ["\ud800"]:
                    continue  # a form cannot carry a lone surrogate (browsers send UTF-8)
                form = {p: (value if isinstance(value, str) else json.dumps(value))
                        for p in params}
                form["csrf_token"] = csrf
                check(client.open(url, method=method, data=form, headers=headers),
                      f"{method} {url} form {value!r:.40}")
            check(client.open(url, method=method, data=b"\xff\xfe\x00junk", headers=headers,
                              content_type="application/json"), f"{method} {url} bytes")
    check.done()


def test_scenario_with_hostile_change_values(client, web_store):
    """``POST /api/whatif`` with hostile values inside each kind of change."""
    check = Checker()
    csrf = token(client)
    ops = ["remove_unit", "merge_units", "move_unit", "add_link", "remove_link",
           "remove_role", "no_such_op"]
    for op in ops:
        for value in HOSTILE_VALUES:
            change = {"op": op, "unit": value, "units": value, "into": value, "area": value,
                      "source": value, "target": value, "kind": value, "role": value}
            r = client.post("/api/whatif", data=json.dumps({"name": value, "changes": [change]}),
                            content_type="application/json", headers={"X-CSRF-Token": csrf})
            check(r, f"whatif {op} {value!r:.40}")
    check.done()


def test_history_and_diff_far_dates_answer_in_the_users_language(client):
    """The 500s of issue 10: a far date is a 400 naming the parameter (or an answer),
    and a 400's message is in the language asked for."""
    r = client.get("/api/history?until=9999-12-31")
    assert r.status_code == 200, r.get_json()
    assert isinstance(r.get_json()["entries"], list)
    r = client.get("/api/diff?from=2020-01-01&to=9999-12-31")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["to"] == "9999-12-31"
    messages = {}
    for lang in ("fi", "sv", "en"):
        r = client.get(f"/api/diff?from=2026-13-01&lang={lang}")
        assert r.status_code == 400 and r.get_json()["param"] == "from"
        messages[lang] = r.get_json()["error"]
    assert "päivämäärä" in messages["fi"].lower()
    assert "datum" in messages["sv"].lower()
    assert "date" in messages["en"].lower()
    page = client.get("/compare-dates?from=2026-13-01&lang=sv").get_data(as_text=True)
    assert messages["sv"].split(",")[0] in page


@pytest.mark.parametrize("query", [quote("\ud800".encode("utf-8", "surrogatepass")),
                                   "%00", "%FF"])
def test_history_page_with_undecodable_filters(client, query):
    check = Checker()
    for p in ("key", "actor", "sheet", "since", "until"):
        check(client.get(f"/history?{p}={query}"), p)
    check.done()



HOSTILE_FILES = {
    "units.xlsx": bytes(range(256)) * 10, "units.csv": b"\x00\x01\xff\xfe" * 100,
    "empty.csv": b"", "sheets.zip": b"PK\x03\x04broken", "x.zip": b"",
    "units.csv ": b"id,name\n", "../../units.csv": b"id,name,organisation,area\n",
    "yksiköt.csv": "id,nimi,organisaatio,alue\n\ud800,X,mll,koivula\n".encode(
        "utf-8", "surrogatepass"),
    "roles.csv": b"id,title,unit,verified\nx,y,neuvola,9999-99-99\n", "noext": b"data",
}


@pytest.mark.parametrize("name, data", [
    *(pytest.param(n, d, id=n) for n, d in HOSTILE_FILES.items()),
    pytest.param("links.csv", b"source,target,kind,volume\nneuvola,kahvila,refers,"
                              b"99999999999999999999999\n",
                 id="huge-volume")])
def test_upload_routes_with_hostile_files(app, admin_client, name, data):
    """The import routes with files that are not what they claim: binary, empty, NUL,
    a broken zip or workbook, a lone surrogate in a CSV, odd names, a huge number —
    preview and commit never answer 5xx."""
    import io
    client, csrf = admin_client
    check = Checker()
    for url in ("/api/import", "/import"):
        r = client.post(url, data={"file": (io.BytesIO(data), name), "csrf_token": csrf},
                        headers={"X-CSRF-Token": csrf}, content_type="multipart/form-data")
        check(r, f"{url} {name!r}")
        body = r.get_json(silent=True) or {}
        if body.get("commit_url"):
            check(client.post(body["commit_url"], headers={"X-CSRF-Token": csrf}),
                  f"commit {name!r}")
    check.done()


def test_hostile_cookies_and_headers(app):
    """A forged language, area or session cookie, or a junk Accept-Language or CSRF
    header, on every GET page without path variables: never a 5xx."""
    check = Checker()
    for rule, method in routes(app):
        if method != "GET" or rule.arguments:
            continue
        for value in ("\x00", "x" * 3000, "ä", "koivula", "%ED%A0%80", '"\\'):
            client = app.test_client()
            for name in ("area", "lang", "session"):
                client.set_cookie(name, value)
            for headers in ({"Accept-Language": value}, {"Accept-Language": "fi;q=nan,sv;q=1e999"},
                            {"X-CSRF-Token": value}):
                check(client.get(rule.rule, headers=headers), f"{rule.rule} {value[:20]!r}")
    check.done()
