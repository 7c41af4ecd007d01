"""/api/search carries the keys of the search contract (docs/search.md, issue 9), on the real app."""
from tests.web.test_api import get_json


def test_api_search_carries_the_contract_keys(client):
    data = get_json(client, "/api/search?q=isä+hakkaa+äitiä&area=koivula")
    assert {"query", "area", "age", "from", "lemmatiser", "results", "understood", "confident",
            "needs", "urgent", "emergency", "notice", "unrecognised", "front_door"} <= set(data)
    assert data["urgent"] and data["results"][0]["section"] == "urgent"
    assert "map_url" in data["results"][0]
    data = get_json(client, "/api/search?q=blääh&area=koivula")
    assert data["front_door"]["unit_url"].startswith("/units/") and data["notice"]


def test_the_search_page_and_api_put_the_open_urgent_door_first_at_night(store, store_url,
                                                                         monkeypatch):
    """The web answers with the server's clock (``GRAPHMAP_NOW`` fixes it): on a Friday
    night the round-the-clock social emergency service leads the urgent section, and
    its card says it is open; on a Tuesday morning child protection's office does."""
    from graphmap.demo import demo_network
    from graphmap.web import create_app
    store.write(demo_network())
    client = create_app(store_url, config={"TESTING": True}).test_client()
    url = "/api/search?q=isä+hakkaa+äitiä&area=asikkala&age=5"
    for when, first in (("2026-11-27T01:00", "ph-sospaivystys"),
                        ("2026-11-24T10:00", "asikkala-lastensuojelu")):
        monkeypatch.setenv("GRAPHMAP_NOW", when)
        results = get_json(client, url)["results"]
        assert results[0]["section"] == "urgent" and results[0]["unit"] == first
        html = client.get(url.replace("/api/search", "/search")).get_data(as_text=True)
        first_card = html.index(results[0]["unit_name"])
        assert first_card < html.index(results[1]["unit_name"])
        # the card says why it leads: open now (round the clock, or until the afternoon)
        assert html.index("auki", first_card) < html.index(results[1]["unit_name"])
