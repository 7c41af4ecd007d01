"""Network survey: ties become links; the report names non-respondents and reciprocity."""
from __future__ import annotations

import openpyxl
import pytest

from graphmap.importers.formats import detect_format, import_any
from graphmap.importers.problems import WorkbookError
from graphmap.model import Cooperation, DataSource, Frequency

from .conftest import FIXTURES, snapshot

SURVEY = FIXTURES / "survey" / "koivula_kysely.csv"


def test_survey_becomes_links_with_a_report(loaded_store):
    assert detect_format(SURVEY) == "survey"
    result = import_any(SURVEY, loaded_store)
    report = result.as_dict()["report"]
    assert report["respondents"] == 4
    assert report["non-respondents"] == ["kahvila", "ls-kaisa"]
    assert report["reciprocated ties"] == ["po-sari ↔ sos-olli"]
    assert report["one-sided ties"] == ["th-aino → po-sari", "th-aino → veo-mika"]
    assert report["ties to non-respondents"] == ["po-sari → kahvila", "sos-olli → ls-kaisa"]
    links = loaded_store.read().links
    tie = links[("po-sari", "sos-olli", "consults")]
    assert tie.frequency == Frequency.MONTHLY and tie.data_source == DataSource.SURVEY
    # first-class answers, not text in the note (issue 15 item 5)
    assert (tie.cooperation, tie.trust, tie.value) == (Cooperation.COORDINATION, 3, 4)
    assert tie.note is None
    assert links[("th-aino", "veo-mika", "works_with")].cooperation == Cooperation.AWARENESS
    # the outreach link already in the store is updated, not duplicated
    assert links[("po-sari", "kahvila", "outreach")].note.endswith("perhekahvila kerran kuussa")
    assert result.sheets["links"] == {"added": 5, "changed": 1, "unchanged": 0}


def test_reimport_changes_nothing(loaded_store):
    import_any(SURVEY, loaded_store)
    before = snapshot(loaded_store)
    result = import_any(SURVEY, loaded_store)
    assert not result.written and snapshot(loaded_store) == before


def test_xlsx_survey(tmp_path, loaded_store):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Respondent", "Partner", "Kind", "Cooperation", "Trust", "Value"])
    ws.append(["neuvola", "perheneuvola", "refers", 3, 4.0, 3])
    wb.save(tmp_path / "s.xlsx")
    assert detect_format(tmp_path / "s.xlsx") == "survey"
    import_any(tmp_path / "s.xlsx", loaded_store)
    link = loaded_store.read().links[("neuvola", "perheneuvola", "refers")]
    assert (link.cooperation, link.trust, link.value) == (Cooperation.COORDINATION, 4, 3)
    assert link.volume == 12  # kept: a survey does not ask about volumes


def _survey(tmp_path, text):
    path = tmp_path / "kysely.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_note_typed_by_a_person_survives_repeated_imports(tmp_path, loaded_store):
    path = _survey(tmp_path, "respondent,partner,kind,cooperation\n"
                             "neuvola,haapala-neuvola,consults,integration\n")
    import_any(path, loaded_store)
    import_any(path, loaded_store)
    link = loaded_store.read().links[("neuvola", "haapala-neuvola", "consults")]
    assert link.note == "yhteinen lääkäri" and link.cooperation == Cooperation.INTEGRATION


@pytest.mark.parametrize("text, expected", [
    ("vastaaja;kuka\npo-sari;sos-olli\n", 'row 1, column "partner": missing column'),
    ("respondent,partner,cooperation\npo-sari,sos-olli,koordinatio\n",
     "row 2, column \"cooperation\": unknown cooperation level 'koordinatio'"),
    ("respondent,partner,trust\npo-sari,sos-olli,5\n",
     'row 2, column "trust": expected a score 1-4, got \'5\''),
    ("respondent,partner\npo-sari,sos-oli\n",
     "row 2, column \"partner\": no unit or role with id 'sos-oli' (did you mean 'sos-olli'?)"),
    ("respondent,partner\npo-sari,sos-olli\npo-sari,sos-olli\n",
     'row 3, column "partner": po-sari names sos-olli (works_with) again; first on row 2'),
    ("respondent,partner\n,sos-olli\n", 'row 2, column "respondent": required'),
    ("", "the file is empty"),
])
def test_bad_survey_is_located_and_nothing_written(tmp_path, loaded_store, text, expected):
    path = _survey(tmp_path, text)
    before = snapshot(loaded_store)
    with pytest.raises(WorkbookError) as err:
        import_any(path, loaded_store, "survey")
    assert expected in str(err.value)
    assert "kysely.csv" in str(err.value)
    assert snapshot(loaded_store) == before


def test_unreadable_xlsx(tmp_path, store):
    path = tmp_path / "kysely.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(WorkbookError) as err:
        import_any(path, store, "survey")
    assert "kysely.xlsx: cannot read this as an Excel workbook" in str(err.value)


def test_xlsx_survey_is_read_to_its_end_whatever_its_dimension(tmp_path, loaded_store):
    """Issue 10 item 1 for surveys: the workbook's reader, not openpyxl's declared size."""
    from tests.xlsx_parts import declare_dimension, rewrite, sheet_part
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Respondent", "Partner", "Kind"])
    ws.append(["neuvola", "perheneuvola", "refers"])
    ws.append(["po-sari", "sos-olli", "consults"])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    rewrite(path, sheet_part(path, ws.title), lambda xml: declare_dimension(xml, "A1:C2"))
    import_any(path, loaded_store, "survey")
    assert ("po-sari", "sos-olli", "consults") in loaded_store.read().links


def test_a_survey_bomb_is_refused_unread(tmp_path, store, monkeypatch):
    import zipfile
    wb = openpyxl.Workbook()
    wb.active.append(["Respondent", "Partner"])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", "<sst>" + "A" * 3_000_000 + "</sst>")
    monkeypatch.setenv("GRAPHMAP_XLSX_MAX_UNPACKED_MB", "2")
    assert detect_format(path) == "workbook"  # the header is not read either
    with pytest.raises(WorkbookError) as err:
        import_any(path, store, "survey")
    assert "the limit is 2 MB" in str(err.value)


def test_round_and_date_are_kept_and_a_later_round_replaces_the_answer(tmp_path, loaded_store):
    import datetime as dt
    first = _survey(tmp_path, "vastaaja;kumppani;yhteistyön taso;luottamus;hyöty;kierros;päivä\n"
                              "po-sari;sos-olli;yhteistoiminta;2,5;3;2025-syksy;15.10.2025\n")
    import_any(first, loaded_store)
    link = loaded_store.read().links[("po-sari", "sos-olli", "works_with")]
    assert (link.cooperation, link.trust, link.value) == (Cooperation.COOPERATION, 2.5, 3)
    assert (link.survey_round, link.survey_date) == ("2025-syksy", dt.date(2025, 10, 15))
    second = tmp_path / "kevat.csv"
    second.write_text("respondent,partner,cooperation,trust,round,date\n"
                      "po-sari,sos-olli,koordinaatio,4,2026-kevät,2026-04-01\n", encoding="utf-8")
    import_any(second, loaded_store)
    link = loaded_store.read().links[("po-sari", "sos-olli", "works_with")]
    assert (link.cooperation, link.trust, link.value) == (Cooperation.COORDINATION, 4, None)
    assert link.survey_round == "2026-kevät"
