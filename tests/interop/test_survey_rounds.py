"""Survey rounds: two rounds imported into the real store compare as a coordinator expects."""
from __future__ import annotations

from graphmap.analysis.rounds import compare_rounds, load_round_states, rounds_list
from graphmap.importers.formats import import_any

ROUND_1 = ("vastaaja;kumppani;laji;yhteistyön taso;luottamus;hyöty;kierros;päivä\n"
           "po-sari;sos-olli;konsultoi;yhteistoiminta;2;3;2025-syksy;1.10.2025\n"
           "th-aino;po-sari;ohjaa;koordinaatio;4;4;2025-syksy;1.10.2025\n"
           "th-aino;veo-mika;;tietoisuus;2;2;2025-syksy;1.10.2025\n")
ROUND_2 = ("vastaaja;kumppani;laji;yhteistyön taso;luottamus;hyöty;kierros;päivä\n"
           # strengthened: cooperation → coordination, trust 2 → 3
           "po-sari;sos-olli;konsultoi;koordinaatio;3;3;2026-kevät;1.4.2026\n"
           # weakened: trust 4 → 2
           "th-aino;po-sari;ohjaa;koordinaatio;2;4;2026-kevät;1.4.2026\n"
           # gained
           "sos-olli;po-sari;konsultoi;yhteistoiminta;3;3;2026-kevät;1.4.2026\n")
# th-aino answered round 2 without naming veo-mika: that tie is lost


def _import(tmp_path, store, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    import_any(path, store)


def test_two_rounds_gained_lost_strengthened_weakened(tmp_path, loaded_store):
    _import(tmp_path, loaded_store, "syksy.csv", ROUND_1)
    _import(tmp_path, loaded_store, "kevat.csv", ROUND_2)
    net = loaded_store.read()
    states = load_round_states(loaded_store, net)
    assert [(r["id"], r["date"], r["links"]) for r in rounds_list(states)] == [
        ("2025-syksy", "2025-10-01", 3), ("2026-kevät", "2026-04-01", 3)]
    diff = compare_rounds(net, states, "2025-syksy", "2026-kevät")
    assert [g["id"] for g in diff["gained"]] == ["sos-olli>po-sari:consults"]
    assert [x["id"] for x in diff["lost"]] == ["th-aino>veo-mika:works_with"]
    (up,) = diff["strengthened"]
    assert up["id"] == "po-sari>sos-olli:consults"
    assert up["before"] == {"cooperation": "cooperation", "trust": 2, "value": 3}
    assert up["after"] == {"cooperation": "coordination", "trust": 3, "value": 3}
    assert [w["id"] for w in diff["weakened"]] == ["th-aino>po-sari:refers"]
    # per-area metrics of each round: koivula's units tied by the round's links
    before, after = diff["metrics"]["koivula"]["before"], diff["metrics"]["koivula"]["after"]
    assert (before["links"], after["links"]) == (3, 3)
    assert before["trust"] == round((2 + 4 + 2) / 3, 2) and after["trust"] == round(8 / 3, 2)
    assert before["value"] == 3.0 and after["value"] == round(10 / 3, 2)


def test_a_respondent_who_did_not_answer_again_loses_nothing(tmp_path, loaded_store):
    _import(tmp_path, loaded_store, "syksy.csv", ROUND_1)
    _import(tmp_path, loaded_store, "kevat.csv",
            "respondent,partner,kind,round\npo-sari,sos-olli,consults,2026-kevät\n")
    net = loaded_store.read()
    diff = compare_rounds(net, load_round_states(loaded_store, net), "2025-syksy", "2026-kevät")
    assert diff["lost"] == [] and diff["gained"] == []


def test_rounds_command_compares_the_last_two_rounds(tmp_path, loaded_store, store_url):
    from click.testing import CliRunner

    from graphmap.cli import main
    _import(tmp_path, loaded_store, "syksy.csv", ROUND_1)
    _import(tmp_path, loaded_store, "kevat.csv", ROUND_2)
    run = CliRunner().invoke(main, ["rounds", "--store", store_url, "--lang", "fi"])
    assert run.exit_code == 0, run.output
    assert "2025-syksy (2025-10-01): 3 yhteyttä" in run.output
    assert "Uudet yhteydet (1)" in run.output and "Kadonneet yhteydet (1)" in run.output
    assert "Vahvistuneet yhteydet (1)" in run.output and "Heikentyneet yhteydet (1)" in run.output
    assert "Luottamus (1–4) 2.67 → 2.67" in run.output  # the page's metric label
    bad = CliRunner().invoke(main, ["rounds", "--from", "2024", "--store", store_url,
                                    "--lang", "fi"])
    assert bad.exit_code == 1
    assert "kyselykierrosta '2024' ei ole; kierrokset: 2025-syksy, 2026-kevät" in bad.output
    assert "Traceback" not in bad.output


def test_rounds_page_and_its_json_twin(tmp_path, loaded_store, store_url):
    from graphmap.web import create_app
    _import(tmp_path, loaded_store, "syksy.csv", ROUND_1)
    _import(tmp_path, loaded_store, "kevat.csv", ROUND_2)
    client = create_app(store_url, config={"TESTING": True}).test_client()
    data = client.get("/api/rounds?area=koivula").get_json()
    assert [r["id"] for r in data["rounds"]] == ["2025-syksy", "2026-kevät"]
    c = data["comparison"]
    assert (c["from"], c["to"]) == ("2025-syksy", "2026-kevät")
    assert [x["id"] for x in c["gained"]] == ["sos-olli>po-sari:consults"]
    html = client.get("/rounds?area=koivula").get_data(as_text=True)
    assert "<h1>Kyselykierrokset: Koivulan perhekeskus</h1>" in html
    gained = html[html.index('id="rounds-gained"'):html.index('id="rounds-lost"')]
    assert "Uudet yhteydet (1)" in gained and "yhteistoiminta" in gained
    up = html[html.index('id="rounds-strengthened"'):html.index('id="rounds-weakened"')]
    assert "yhteistoiminta → koordinaatio" in up and "2,0 → 3,0" in up
    metrics = html[html.index('id="rounds-metrics"'):]
    assert "Koivulan perhekeskus" in metrics and "2,67 → 2,67" in metrics
    # a round that does not exist: 400 naming the rounds, never a 500
    r = client.get("/api/rounds?from=2024")
    assert r.status_code == 400 and "2025-syksy, 2026-kevät" in r.get_data(as_text=True)
    assert client.get("/rounds?from=2024").status_code == 400
    assert client.get("/rounds?area=nowhere").status_code == 404


def test_rounds_page_without_rounds_says_so(loaded_store, store_url):
    from graphmap.web import create_app
    client = create_app(store_url, config={"TESTING": True}).test_client()
    html = client.get("/rounds").get_data(as_text=True)
    assert 'id="rounds-none"' in html
    assert client.get("/api/rounds").get_json() == {"area": None, "rounds": [], "from": None,
                                                     "to": None, "comparison": None}
