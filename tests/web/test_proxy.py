"""Behind a reverse proxy (README, "Running in production"; web/proxy.py): the client's
address and scheme come from the proxy's ``X-Forwarded-*`` headers, believed only
when the request comes from the proxy's own address."""
from __future__ import annotations

from graphmap.web import create_app
from tests.web.accounts import PASSWORD, add_users, token

PROXY = {"REMOTE_ADDR": "127.0.0.1"}
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kartta.example.invalid"}


def test_links_made_for_elsewhere_say_https_behind_a_tls_proxy(client):
    r = client.get("/hsds/", headers=FORWARDED, environ_base=PROXY)
    assert r.get_json()["openapi_url"] == "https://kartta.example.invalid/hsds/openapi.json"


def test_a_client_reaching_graphmap_directly_cannot_claim_another_address(client):
    r = client.get("/hsds/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert r.get_json()["openapi_url"] == "http://localhost/hsds/openapi.json"


def test_one_clients_failed_logins_through_the_proxy_do_not_lock_out_another(
        web_store, store_url):
    """The address limiter counts failures per client, not per proxy: one client
    guessing passwords through the proxy does not lock everyone else out."""
    add_users(web_store)
    app = create_app(store_url, config={"TESTING": True, "LOGIN_MAX_ADDRESS_FAILURES": 3})
    attacker, colleague = app.test_client(), app.test_client()
    for client in (attacker, colleague):
        client.environ_base.update(PROXY)
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.1"
    colleague.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.2"
    csrf = token(attacker)
    for name in ("a1", "a2", "a3", "a4"):
        attacker.post("/api/login", json={"username": name, "password": "guess"},
                      headers={"X-CSRF-Token": csrf})
    r = attacker.post("/api/login", json={"username": "katsoja", "password": PASSWORD},
                      headers={"X-CSRF-Token": csrf})
    assert r.status_code == 429  # the attacker's own address is throttled
    r = colleague.post("/api/login", json={"username": "katsoja", "password": PASSWORD},
                       headers={"X-CSRF-Token": token(colleague)})
    assert r.status_code == 200


def test_which_proxies_are_believed_is_configurable(web_store, store_url, monkeypatch):
    monkeypatch.setenv("GRAPHMAP_FORWARDED_ALLOW_IPS", "10.0.0.5")
    client = create_app(store_url, config={"TESTING": True}).test_client()
    from_proxy = client.get("/hsds/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert from_proxy.get_json()["openapi_url"].startswith("https://kartta.example.invalid/")
    local = client.get("/hsds/", headers=FORWARDED, environ_base=PROXY)
    assert local.get_json()["openapi_url"].startswith("http://localhost/")
