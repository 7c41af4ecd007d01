"""The dispatcher: detection from contents, every export format, unknown formats."""
from __future__ import annotations

import pytest

from graphmap.importers.formats import (EXPORT_FORMATS, detect_format, export_any,
                                        import_any)
from tests.data import small_network

from .conftest import FIXTURES


def test_detect_format(tmp_path, hsds_dir):
    assert detect_format(hsds_dir / "examples" / "service_full.json") == "hsds"
    assert detect_format(hsds_dir / "examples" / "csv") == "hsds"
    assert detect_format(FIXTURES / "ptv" / "channels.json") == "ptv"
    assert detect_format(FIXTURES / "survey" / "koivula_kysely.csv") == "survey"
    export_any(small_network(), tmp_path / "wb", "workbook")
    assert detect_format(tmp_path / "wb") == "workbook"
    assert detect_format(tmp_path / "wb" / "units.csv") == "workbook"
    export_any(small_network(), tmp_path / "wb.xlsx", "workbook")
    assert detect_format(tmp_path / "wb.xlsx") == "workbook"
    with pytest.raises(FileNotFoundError):
        detect_format(tmp_path / "missing.json")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_format_writes_something(tmp_path, fmt):
    out = export_any(small_network(), tmp_path / f"out-{fmt}", fmt)
    files = [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else [out]
    assert files and all(p.stat().st_size > 0 for p in files)


def test_workbook_export_imports_back_through_the_dispatcher(tmp_path, store):
    export_any(small_network(), tmp_path / "wb.xlsx", "workbook")
    import_any(tmp_path / "wb.xlsx", store)
    assert store.read().units == small_network().units


def test_unknown_formats_are_refused(tmp_path, store):
    with pytest.raises(ValueError, match="expected one of workbook, hsds"):
        export_any(small_network(), tmp_path / "x", "pdf")
    with pytest.raises(ValueError, match="expected one of workbook, hsds, ptv, survey"):
        import_any(FIXTURES / "ptv", store, "csv")


def test_single_file_format_refuses_a_folder(tmp_path):
    with pytest.raises(ValueError, match="is a folder"):
        export_any(small_network(), tmp_path, "graphml")
