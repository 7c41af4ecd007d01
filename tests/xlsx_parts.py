"""Edit the XML inside an .xlsx the way Excel (or an attacker) writes it and openpyxl
cannot: a formula with its cached value, an error cell, a wrong ``<dimension>``."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl


def sheet_part(path: Path, title: str) -> str:
    """The zip member of the sheet called ``title`` (openpyxl saves sheetN.xml in order)."""
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def rewrite(path: Path, member: str, change) -> None:
    """Replace the text of one zip member by ``change(text)``, keeping the others."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    shutil.move(tmp, path)


def set_cell_xml(path: Path, title: str, ref: str, xml: str) -> None:
    """Make cell ``ref`` of sheet ``title`` exactly ``xml`` (it must exist)."""
    def change(text):
        new, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, text, count=1)
        assert n == 1, f"no cell {ref}"
        return new
    rewrite(path, sheet_part(path, title), change)


def formula_with_value(ref: str, formula: str, value: str) -> str:
    """A text formula as Excel saves it: the formula and the value it showed."""
    esc = formula.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="str"><f>{esc}</f><v>{value}</v></c>'


def declare_dimension(xml: str, ref: str) -> str:
    """The sheet XML declaring its size as ``ref`` (replacing or adding ``<dimension>``,
    which comes before the sheet views and data)."""
    if "<dimension" in xml:
        return re.sub(r"<dimension [^>]*/>", f'<dimension ref="{ref}"/>', xml, count=1)
    at = min(i for i in (xml.find(t) for t in ("<sheetViews", "<sheetFormatPr", "<cols",
                                                "<sheetData")) if i >= 0)
    return xml[:at] + f'<dimension ref="{ref}"/>' + xml[at:]
