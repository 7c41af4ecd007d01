"""The reference model file and a county's override."""
from __future__ import annotations

import pytest

from graphmap.analysis import analyze, load_reference
from graphmap.model import ValidationError

from .conftest import TODAY, kinds


def test_default_reference_has_levels_functions_and_rules():
    ref = load_reference()
    ids = {f["id"] for f in ref["functions"]}
    assert {"neuvola", "varhaiskasvatus", "perheohjaus", "perheneuvola", "lastensuojelu",
            "kohtaamispaikka", "eroauttaminen", "lapsiperheiden_sosiaalityo"} <= ids
    assert {r["id"] for r in ref["links"]} >= {"daycare_family_work",
                                               "adult_services_child_services"}


def test_override_drops_adds_and_changes(tmp_path, tiny):
    path = tmp_path / "county.toml"
    path.write_text('''
[[functions]]
id = "kotipalvelu"
enabled = false

[[functions]]
id = "neuvola"
severity = "low"

[[functions]]
id = "vauvaperhetyo"
level = "early"
name_fi = "vauvaperhetyö"
name_en = "baby family work"
keywords = ["vauvaperhetyö"]
severity = "medium"
''', "utf-8")
    ref = load_reference(path)
    by_id = {f["id"]: f for f in ref["functions"]}
    assert "kotipalvelu" not in by_id and by_id["neuvola"]["severity"] == "low"
    tiny.unit("x", "early")
    found = kinds(analyze(tiny.graph(), "A", reference=ref, today=TODAY, lang="fi")["findings"],
                  "missing_function")
    fs = {f["evidence"]["function"]: f for f in found}
    assert "kotipalvelu" not in fs and fs["neuvola"]["severity"] == "low"
    assert "vauvaperhetyö" in fs["vauvaperhetyo"]["message"]


def test_bad_override_names_entry_and_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[functions]]\nid = "x"\nlevel = "sometimes"\n\n'
                    '[[links]]\nid = "r"\na = ["nope"]\nb = ["neuvola"]\n', "utf-8")
    with pytest.raises(ValidationError) as err:
        load_reference(path)
    fields = {p.field for p in err.value.problems}
    assert any(f.endswith(".level") for f in fields) and any(f.endswith(".a") for f in fields)


def test_unreadable_override(tmp_path):
    with pytest.raises(ValidationError, match="no such file or folder"):
        load_reference(tmp_path / "missing.toml")
    bad = tmp_path / "broken.toml"
    bad.write_text("[[functions]\n", "utf-8")
    with pytest.raises(ValidationError, match="not valid TOML"):
        load_reference(bad)
