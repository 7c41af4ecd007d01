"""Verification rounds, confirmation links, the review queue and "report a problem"
(issue 14 items 1-3, 6) on the real app and SQLite store."""
from __future__ import annotations

import csv
import email
import email.policy
import datetime as dt
import io
import re
import socket
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from graphmap.model import Network
from graphmap.web import create_app
from graphmap.web.links import SALT
from tests.web.accounts import add_users, login, token
from tests.web.conftest import HIDDEN_PERSON


@pytest.fixture
def vapp(web_store, store_url):
    add_users(web_store)
    return create_app(store_url, config={"TESTING": True, "REPORT_MAX": 2,
                                         "SERVER_NAME": "kartta.example.invalid"})


def editor(app, name="koivu-ed"):
    c = app.test_client()
    csrf = login(c, name)
    return c, csrf


def links_of(client, csrf, area="koivula") -> dict[str, str]:
    html = client.post("/verify/links", data={"area": area, "csrf_token": csrf}).get_data(True)
    rows = re.findall(r'data-unit="([^"]+)".*?href="([^"]+)" class="confirm-link"', html, re.S)
    return {unit: url.replace("http://kartta.example.invalid", "") for unit, url in rows}


def test_round_needs_an_editor_of_the_area(vapp):
    anon = vapp.test_client()
    assert 'id="nav-verify"' not in anon.get("/").get_data(True)
    assert 'id="nav-verify"' in editor(vapp)[0].get("/").get_data(True)
    assert anon.get("/verify?area=koivula").status_code == 302  # to the login page
    other, _ = editor(vapp, "haapa-ed")
    assert other.get("/verify?area=koivula").status_code == 403
    viewer, _ = editor(vapp, "katsoja")
    assert viewer.get("/verify?area=koivula").status_code == 403
    for path in ("/review?area=koivula", "/verify/links?area=koivula"):
        assert other.get(path).status_code == 403


def test_queue_lists_due_contacts_and_a_check_counts_in_the_round_and_history(vapp, web_store):
    c, csrf = editor(vapp)
    page = c.get("/verify?area=koivula").get_data(True)
    # due: never checked (ls-kaisa) and checked 2024 (veo-mika); the others were
    # checked 2026-11-01 — due only once the 12-month period has passed
    cutoff = dt.date.today().replace(year=dt.date.today().year - 1)
    fresh_due = dt.date(2026, 11, 1) < cutoff
    rows = re.findall(r'<tr data-role="([^"]+)"', page)
    assert {"ls-kaisa", "veo-mika"} <= set(rows)
    assert fresh_due or set(rows) == {"ls-kaisa", "veo-mika"}
    assert "ei tarkistettu" in page  # ls-kaisa, in words
    r = c.post("/verify/start", data={"area": "koivula", "csrf_token": csrf})
    assert r.status_code == 303
    page = c.get("/verify?area=koivula").get_data(True)
    assert f"0 / {len(rows)} tarkistettu tällä kierroksella" in page
    r = c.post("/verify/check", data={"area": "koivula", "role": "ls-kaisa",
                                      "csrf_token": csrf})
    assert r.status_code == 303
    page = c.get("/verify?area=koivula").get_data(True)
    assert f"1 / {len(rows)} tarkistettu tällä kierroksella" in page
    assert 'data-role="ls-kaisa"' not in page
    entry = web_store.history(key="ls-kaisa")[0]
    assert entry["actor"] == "koivu-ed" and entry["after"]["verified"] == dt.date.today().isoformat()


def test_provider_confirms_through_a_link_once(vapp, web_store):
    c, csrf = editor(vapp)
    links = links_of(c, csrf)
    assert "perheneuvola" in links and "lastensuojelu" in links or links
    unit = "paivakoti"
    url = links[unit]
    provider = vapp.test_client()  # no account
    page = provider.get(url)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(True)
    assert "Päiväkoti Pihlaja" in html and "Mika Malli" in html
    r = provider.post(url, data={"action": "confirm", "csrf_token": token(provider)})
    assert r.status_code == 200 and "merkitty tarkistetuiksi" in r.get_data(True)
    role = web_store.read().roles["veo-mika"]
    assert role.verified == dt.date.today()
    assert web_store.history(key="veo-mika")[0]["actor"] == "provider"
    again = provider.post(url, data={"action": "confirm", "csrf_token": token(provider)})
    assert again.status_code == 409
    assert provider.get(url).status_code == 409  # the page says it is used


def test_the_provider_page_never_shows_a_hidden_name(vapp):
    c, csrf = editor(vapp)
    # perheneuvola's only role is held by a person who has not agreed to be shown
    url = links_of(c, csrf).get("perheneuvola") or _link_for(vapp, "perheneuvola")
    html = vapp.test_client().get(url).get_data(True)
    assert "Kasvatus- ja perheneuvola" in html
    assert HIDDEN_PERSON not in html and "Kuvitteellinen" not in html


def _link_for(app, unit):
    with app.test_request_context():
        from graphmap.web.links import make_token
        return f"/confirm/{make_token(unit)}"


def test_tampered_forged_and_expired_links_are_refused(vapp):
    url = _link_for(vapp, "paivakoti")
    client = vapp.test_client()
    head, sig = url.rsplit(".", 1)
    tampered = head + "." + ("A" if sig[0] != "A" else "B") + sig[1:]
    assert client.get(tampered).status_code == 404
    forged = URLSafeTimedSerializer("not-the-key", salt=SALT).dumps({"u": "paivakoti",
                                                                     "n": "x" * 24})
    assert client.get(f"/confirm/{forged}").status_code == 404
    other_purpose = URLSafeTimedSerializer(vapp.secret_key, salt="other").dumps(
        {"u": "paivakoti", "n": "y" * 24})
    assert client.get(f"/confirm/{other_purpose}").status_code == 404

    class Old(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 31 * 86400

    old = URLSafeTimedSerializer(vapp.secret_key, salt=SALT, signer=Old).dumps(
        {"u": "paivakoti", "n": "z" * 24})
    r = client.get(f"/confirm/{old}")
    assert r.status_code == 410 and "vanhentunut" in r.get_data(True)
    r = client.post(f"/confirm/{old}", data={"action": "confirm", "csrf_token": token(client)})
    assert r.status_code == 410
    assert client.get("/confirm/junk").status_code == 404


def test_a_correction_waits_for_an_editor_who_may_edit_it_before_accepting(vapp, web_store):
    url = _link_for(vapp, "paivakoti")
    provider = vapp.test_client()
    r = provider.post(url, data={"action": "correct", "csrf_token": token(provider)})
    assert r.status_code == 400  # nothing changed: the link is not spent
    r = provider.post(url, data={"action": "correct", "csrf_token": token(provider),
                                 "unit.phone": "040 000 9999",
                                 "role.veo-mika.email": "mika.malli@example.invalid",
                                 "message": "Uusi numero"})
    assert r.status_code == 200
    assert web_store.read().units["paivakoti"].phone == "040 000 0102"  # not yet
    other, _ = editor(vapp, "haapa-ed")
    item = web_store.review_items(status="open")[0]
    assert other.post(f"/review/{item['id']}", data={
        "area": "koivula", "decision": "accept", "csrf_token": token(other)}).status_code == 403
    c, csrf = editor(vapp)
    page = c.get("/review?area=koivula").get_data(True)
    assert "040 000 9999" in page and "Uusi numero" in page
    r = c.post(f"/review/{item['id']}", data={
        "area": "koivula", "decision": "accept", "csrf_token": csrf,
        "unit.phone": "040 000 9998",  # the editor corrects the correction
        "role.veo-mika.email": "mika.malli@example.invalid"})
    assert r.status_code == 303
    net = web_store.read()
    assert net.units["paivakoti"].phone == "040 000 9998"
    assert net.roles["veo-mika"].email == "mika.malli@example.invalid"
    entry = web_store.history(key="paivakoti")[0]
    assert entry["actor"] == "koivu-ed" and entry["note"] == f"review item {item['id']}"
    decided = web_store.review_items(item_id=item["id"])[0]
    assert decided["status"] == "accepted" and decided["decided_by"] == "koivu-ed"
    assert provider.post(url, data={"action": "confirm",
                                    "csrf_token": token(provider)}).status_code == 409


def test_rejecting_changes_nothing_but_is_recorded(vapp, web_store):
    url = _link_for(vapp, "kahvila")
    p = vapp.test_client()
    p.post(url, data={"action": "correct", "csrf_token": token(p), "unit.name": "Väärä nimi"})
    item = web_store.review_items(status="open")[0]
    c, csrf = editor(vapp)
    before = web_store.revision()
    c.post(f"/review/{item['id']}", data={"area": "koivula", "decision": "reject",
                                          "csrf_token": csrf})
    assert web_store.revision() == before
    assert web_store.review_items(item_id=item["id"])[0]["status"] == "rejected"
    assert "hylätty" in c.get("/review?area=koivula").get_data(True)


def test_links_csv_neutralises_formula_cells(vapp, web_store):
    net = web_store.read()
    unit = net.units["paivakoti"]
    import dataclasses
    web_store.write(Network(units={"paivakoti": dataclasses.replace(
        unit, name="=HYPERLINK(\"http://evil.invalid\")")}))
    c, csrf = editor(vapp)
    r = c.get("/verify/links?area=koivula&format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.get_data(True))))
    assert rows[0] == ["unit", "name", "email", "link"]
    names = {row[0]: row[1] for row in rows[1:]}
    assert names["paivakoti"].startswith("'=")
    assert all(row[3].startswith("http://kartta.example.invalid/confirm/") for row in rows[1:])


def test_links_are_sent_through_a_real_smtp_server(web_store, store_url):
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    handler = Keep()
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        add_users(web_store)
        app = create_app(store_url, config={
            "TESTING": True, "SERVER_NAME": "kartta.example.invalid",
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port,
            "SMTP_FROM": "kartta@example.invalid"})
        c, csrf = editor(app)
        # give every due unit an address: one via the unit, one via its role
        net = web_store.read()
        import dataclasses
        web_store.write(Network(units={"lastensuojelu": dataclasses.replace(
            net.units["lastensuojelu"], email="lasu@example.invalid")}))
        page = c.post("/verify/send", data={"area": "koivula", "csrf_token": csrf})
        assert page.status_code == 200
        html = page.get_data(True)
        assert re.search(r"\d+ viestiä lähetetty", html)
    finally:
        controller.stop()
    to = {rcpt for env in handler.messages for rcpt in env.rcpt_tos}
    assert "lasu@example.invalid" in to
    mail = next(email.message_from_bytes(env.content, policy=email.policy.default)
                for env in handler.messages if "lasu@example.invalid" in env.rcpt_tos)
    body = mail.get_content()
    assert "Lastensuojelu" in mail["Subject"]
    assert "Lastensuojelu" in body and "/confirm/" in body
    url = re.search(r"http://kartta\.example\.invalid(/confirm/\S+)", body).group(1)
    assert app.test_client().get(url).status_code == 200  # the mailed link works


def test_report_a_problem_lands_in_the_queue_and_is_rate_limited(vapp, web_store):
    anon = vapp.test_client()
    assert anon.get("/report?role=po-sari").status_code == 200
    assert anon.post("/report", data={"role": "po-sari", "message": "",
                                      "csrf_token": token(anon)}).status_code == 400
    for i in range(2):
        r = anon.post("/report", data={"role": "po-sari", "message": f"Numero ei vastaa {i}",
                                       "contact": "", "csrf_token": token(anon)})
        assert r.status_code == 200 and "Kiitos" in r.get_data(True)
    r = anon.post("/report", data={"unit": "kahvila", "message": "kolmas",
                                   "csrf_token": token(anon)})
    assert r.status_code == 429 and r.headers["Retry-After"]
    items = web_store.review_items(status="open")
    assert [i["kind"] for i in items] == ["report", "report"]
    assert items[0]["unit"] == "perheohjaus" and items[0]["payload"]["role"] == "po-sari"
    c, _ = editor(vapp)
    assert "Numero ei vastaa 1" in c.get("/review?area=koivula").get_data(True)
    assert anon.get("/report?unit=nope").status_code == 404


def test_token_pages_speak_swedish_and_english(vapp):
    url = _link_for(vapp, "paivakoti")
    for lang, words in (("sv", "Uppgifterna stämmer"), ("en", "The details are right")):
        c = vapp.test_client()
        html = c.get(url + f"?lang={lang}").get_data(True)
        assert words in html


def test_checked_ago_in_words_in_three_languages(vapp):
    from graphmap.web.i18n import checked_ago
    today = dt.date(2026, 11, 26)
    with vapp.test_request_context():
        assert checked_ago(dt.date(2026, 8, 20), today, "fi") == "tarkistettu 3 kk sitten"
        assert checked_ago(dt.date(2026, 8, 20), today, "sv") == "kontrollerad för 3 mån sedan"
        assert checked_ago(dt.date(2026, 8, 20), today, "en") == "checked 3 months ago"
        assert checked_ago(today, today, "fi") == "tarkistettu tänään"
        assert checked_ago(dt.date(2026, 11, 21), today, "en") == "checked 5 days ago"
        assert checked_ago(dt.date(2024, 5, 1), today, "fi") == "tarkistettu 2 v sitten"
        assert checked_ago("2025-12-20", today, "fi") == "tarkistettu 11 kk sitten"


def test_profiles_and_answer_cards_say_when_checked_and_offer_a_report(vapp):
    c = vapp.test_client()
    html = c.get("/roles/veo-mika").get_data(True)
    assert re.search(r"tarkistettu \d+ (kk|v) sitten", html)
    assert 'href="/report?role=veo-mika"' in html
    html = c.get("/units/paivakoti").get_data(True)
    assert 'href="/report?unit=paivakoti"' in html and "tarkistettu" in html
    html = c.get("/search?q=perheohjaus&area=koivula").get_data(True)
    cards = re.findall(r'<li class="card.*?\n  </li>', html, re.S)
    assert cards and all('class="card-report"' in card for card in cards)
    assert any(re.search(r'card-checked">(<time[^>]*>)?(tarkistettu|ei tarkistettu)', card)
               for card in cards)


def test_searches_that_found_nothing_become_an_unmet_need_finding(vapp, web_store):
    anon = vapp.test_client()
    anon.get("/search?q=xyzzy&area=koivula&age=4")  # counted by the search page
    # as the search page counts a query nothing in the area answers
    for q in ("äiti juo liikaa", "isä juo paljon"):
        web_store.record_unmet_query(q, area="koivula", reason="no_area_answer")
    rows = web_store.unmet_queries("koivula")
    assert sum(r["count"] for r in rows) == 3
    # the findings page shows them to the area's editors only
    line = re.compile(r"\d+ hakua aiheesta")
    assert not line.search(anon.get("/findings?area=koivula").get_data(True))
    other, _ = editor(vapp, "haapa-ed")
    assert not line.search(other.get("/findings?area=koivula").get_data(True))
    c, _ = editor(vapp)
    html = c.get("/findings?area=koivula").get_data(True)
    assert "<th scope=\"row\">tyydyttämätön tarve</th>" in html
    # the two drinking worries are one need; the unrecognised word another
    found = re.findall(r"(\d+) hakua aiheesta (.+?) alueella Koivulan perhekeskus", html)
    assert sorted(int(n) for n, _ in found) == [1, 2]
    assert ("1", "tunnistamaton huoli") in found
    assert "ei löytänyt vastausta alueelta tässä kuussa" in c.get(
        "/verify?area=koivula").get_data(True)


def test_unmet_queries_older_than_the_retention_setting_are_deleted(vapp, web_store):
    from graphmap.web import unmet
    today = dt.date(2026, 11, 26)
    web_store.record_unmet_query("vanha", area="koivula", day=dt.date(2026, 5, 1))
    web_store.record_unmet_query("uusi", area="koivula", day=dt.date(2026, 11, 1))
    web_store.set_setting("unmet_retention_days", "90")
    with vapp.app_context():
        assert unmet.forget_old(web_store, today) == 1
    assert [r["text"] for r in web_store.unmet_queries("koivula")] == ["uusi"]


HOSTILE = ["", "x" * 5000, "<script>", "../../etc/passwd", "%00", "koivula'--", "ä" * 300]


def test_hostile_input_on_the_new_pages_never_answers_5xx(vapp):
    anon = vapp.test_client()
    c, csrf = editor(vapp)
    for value in HOSTILE:
        for client in (anon, c):
            for path in ("/verify", "/review", "/verify/links"):
                assert client.get(path, query_string={"area": value}).status_code < 500
            for key in ("unit", "role"):
                assert client.get("/report", query_string={key: value}).status_code < 500
            assert client.get(f"/confirm/{value or 'x'}").status_code < 500
        for path in ("/verify/check", "/verify/start", "/review/1"):
            r = c.post(path, data={"area": value, "role": value, "decision": value,
                                   "csrf_token": csrf})
            assert r.status_code < 500, (path, value)
        r = anon.post("/report", data={"unit": "kahvila", "message": value,
                                       "contact": value, "csrf_token": token(anon)})
        assert r.status_code < 500
    r = c.post("/confirm/x", data={"action": "confirm"})  # no CSRF token
    assert r.status_code == 400


def test_report_form_on_a_hidden_persons_role_shows_the_title_only(vapp):
    html = vapp.test_client().get("/report?role=psy-liisa").get_data(True)
    assert "psykologi" in html and HIDDEN_PERSON not in html


def test_json_twins_of_the_round_and_the_review_queue(vapp, web_store):
    anon = vapp.test_client()
    assert anon.get("/api/verify?area=koivula").status_code == 401
    assert anon.get("/api/review?area=koivula").status_code == 401
    other, _ = editor(vapp, "haapa-ed")
    assert other.get("/api/verify?area=koivula").status_code == 403
    c, csrf = editor(vapp)
    body = c.get("/api/verify?area=koivula").get_json()
    assert body["round"] is None
    assert {"ls-kaisa", "veo-mika"} <= {i["role"] for i in body["queue"]}
    c.post("/verify/start", data={"area": "koivula", "csrf_token": csrf})
    assert c.get("/api/verify?area=koivula").get_json()["round"]["checked"] == 0
    web_store.add_review_item(area="koivula", unit="kahvila", kind="report",
                              payload={"message": "kiinni"})
    review = c.get("/api/review?area=koivula").get_json()
    assert [i["payload"]["message"] for i in review["open"]] == ["kiinni"]
    assert c.get("/api/review?area=nope").status_code == 404
