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
