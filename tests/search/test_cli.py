"""``graphmap who-to-call`` against the real SQLite store."""
import json

from click.testing import CliRunner

from graphmap.cli import main


def run(args, store_url, env=None):
    return CliRunner().invoke(main, ["who-to-call", *args, "--store", store_url], env=env)


def test_text_card(loaded_store):
    result = run(["eroauttaminen", "--area", "koivula", "--age", "4", "--from", "paivakoti",
                  "--limit", "2"], loaded_store.url)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("tunnistettu huoli: Ero ja erotilanne\n\n1. Perheohjaus")  # blank line
    assert "perheohjaaja, Sari Testinen" in out and "040 000 1003" in out
    assert "perhe voi ottaa yhteyttä suoraan: kyllä" in out
    assert "tuen taso: varhainen tuki" in out
    assert "polku: Päiväkoti Pihlaja → Perheohjaus" in out  # names, not ids
    assert "2. " in out and "3. " not in out


def test_json_output(loaded_store):
    result = run(["sleep problems", "--lang", "en", "--format", "json"], loaded_store.url)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["lemmatiser"] == "voikko"
    assert data["results"][0]["unit"] == "neuvola"
    assert "univaikeudet" in data["results"][0]["matched"]
    assert [n["id"] for n in data["needs"]] == ["sleep"] and data["understood"] is True


def test_fallback_is_announced_on_stderr(loaded_store):
    result = run(["univaikeuksiin"], loaded_store.url, env={"GRAPHMAP_LEMMATISER": "simplemma"})
    assert result.exit_code == 0, result.output
    assert "simplemma" in result.stderr
    assert "Koivulan lastenneuvola" in result.stdout


def test_bad_area_is_a_clear_usage_error(loaded_store):
    result = run(["perheohjaus", "--area", "koivul", "--lang", "en"], loaded_store.url)
    assert result.exit_code == 2
    assert "no area with id 'koivul'" in result.stderr and "did you mean 'koivula'" in result.stderr
    # in the user's language, from the one catalogue (Finnish first)
    result = run(["perheohjaus", "--area", "koivul"], loaded_store.url)
    assert result.exit_code == 2
    assert "Aluetta tunnuksella 'koivul' ei ole (tarkoititko 'koivula'?)" in result.stderr


def test_words_not_recognised_say_so_and_show_the_front_door(loaded_store):
    result = run(["autokorjaamo"], loaded_store.url)
    assert result.exit_code == 0
    assert "Hakusanoja ei tunnistettu" in result.stdout
    result = run(["autokorjaamo", "--area", "koivula"], loaded_store.url)
    assert "alueen yhteinen yhteydenotto:\n1. " in result.stdout


def test_swedish_card(loaded_store):
    result = run(["skilsmässa", "--lang", "sv", "--limit", "1"], loaded_store.url)
    assert result.exit_code == 0, result.output
    assert "familjen kan ta kontakt direkt: ja" in result.stdout
    assert "stödnivå: tidigt stöd" in result.stdout
    assert "motsvarar sökningen: " in result.stdout and "eroauttaminen" in result.stdout
    assert result.stdout.startswith("igenkänd oro: Skilsmässa och separation")


def test_urgent_worry_prints_the_112_line_and_the_urgent_door_first(loaded_store):
    result = run(["isä hakkaa äitiä", "--area", "koivula"], loaded_store.url)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "KIIREELLINEN: Hätätilanteessa soita 112."
    assert lines[1] == "tunnistettu huoli: Väkivalta perheessä"
    assert next(x for x in lines if x.startswith("1. ")).startswith("1. Lastensuojelu")
    assert "kiireellinen huoli: ota yhteyttä heti tänne" in result.stdout


def test_answers_from_another_area_come_after_a_divider_naming_it(loaded_store):
    result = run(["perheohjaus", "--area", "haapala"], loaded_store.url)
    assert result.exit_code == 0, result.output
    out = result.stdout
    divider = "—— Muilla alueilla (vain palvelut, joita alueella ei ole): Koivulan perhekeskus ——"
    assert divider in out
    assert out.index(divider) < out.index("Perheohjaus — ")


def test_swedish_urgent_line(loaded_store):
    result = run(["våld i familjen", "--area", "koivula", "--lang", "sv"], loaded_store.url)
    assert result.stdout.startswith("BRÅDSKANDE: I nödsituationer ring 112.")


def test_the_age_read_from_the_question_is_shown_and_an_explicit_one_wins(loaded_store):
    result = run(["2-vuotiaan univaikeudet", "--area", "koivula"], loaded_store.url)
    assert result.exit_code == 0, result.output
    assert "Haku luki lapsen iäksi 2 v." in result.stdout
    assert "vuotia" not in result.stdout.split("\n\n")[0]  # not an unrecognised word
    result = run(["2-vuotiaan univaikeudet", "--lang", "sv", "--format", "json"],
                 loaded_store.url)
    data = json.loads(result.stdout)
    assert (data["age"], data["age_from_text"]) == (2, True)
    assert data["age_note"].startswith("Sökningen läste barnets ålder som 2 år")
    result = run(["2-vuotiaan univaikeudet", "--age", "4", "--format", "json"], loaded_store.url)
    data = json.loads(result.stdout)
    assert (data["age"], data["age_from_text"], data["age_note"]) == (4, False, None)
    result = run(["2-vuotiaan univaikeudet", "--age", "4"], loaded_store.url)
    assert "Haku luki" not in result.stdout
