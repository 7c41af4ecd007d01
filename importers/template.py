"""``graphmap template out.xlsx``: the empty workbook an area coordinator fills in.

What it holds (issue 2 item 4):

* a first sheet ``ohjeet`` (instructions) in Finnish and English: what each sheet is,
  every column with whether it is required, its accepted values and the Finnish
  column names the importer also accepts, and one example row per sheet;
* the five data sheets with the canonical headers of :data:`graphmap.model.FIELDS`,
  a help comment on every header cell, and a drop-down (Excel data validation) on
  every column that has ``FieldSpec.choices`` (enums and yes/no columns).

Roles are positions; a person's name is optional and the ``public`` column says whether
it may be shown (DOMAIN.md §2 "keep a role apart from the person", §8 privacy: names
and numbers of professionals are personal data, client data never belongs here,
PH:779, S:3070).  The instructions say so in both languages.

The drop-downs warn rather than refuse: the importer also accepts the Finnish
spellings (``yleinen``, ``kyllä``) and ``channels`` takes several values separated by
``;``, which a one-value list cannot express.
"""
from __future__ import annotations

import io
from pathlib import Path

from graphmap.model import FIELDS, Message

from .export import pin_times

SHEET_HELP = {
    "areas": ("alueet", "Alueet: hyvinvointialue, perhekeskusalueet, kunnat ja kaupunginosat. "
              "Ylemmän alueen tunnus sarakkeeseen parent.",
              "Areas: county, family-centre areas, municipalities, districts. Put the "
              "enclosing area's id in parent."),
    "organisations": ("organisaatiot", "Organisaatiot, jotka järjestävät palveluja: kunta, "
                      "hyvinvointialue, järjestöt, seurakunta, Kela …",
                      "Organisations that run services: municipality, wellbeing services "
                      "county, NGOs, parish, Kela …"),
    "units": ("yksiköt", "Yksiköt ja palvelut (neuvola, perheohjaus, kohtaamispaikka, "
              "työryhmä …), kukin yhdellä alueella ja yhden organisaation.",
              "Units and services (child health clinic, family guidance, meeting place, "
              "forum …), each in one area and run by one organisation."),
    "roles": ("tehtävät", "Tehtävät yksiköissä (terveydenhoitaja, perheohjaaja …), halutessa "
              "henkilön nimi ja yhteystiedot. Ei koskaan asiakastietoja.",
              "Positions in units (public health nurse, family worker …), optionally with "
              "the person's name and contacts. Never client data."),
    "links": ("yhteydet", "Yhteydet yksiköiden tai tehtävien välillä: kuka ohjaa, konsultoi, "
              "tekee yhteistyötä, jalkautuu …; source ja target ovat tunnuksia.",
              "Links between units or roles: who refers, consults, works with, reaches out "
              "…; source and target are ids."),
}

#: One example row per sheet (fictional; numbers in the 040 000 xxxx range).
EXAMPLE: dict[str, dict[str, str]] = {
    "areas": {"id": "esim-hva", "name": "Esimerkin hyvinvointialue", "kind": "county"},
    "organisations": {"id": "esim-hyva", "name": "Esimerkin hyvinvointialue",
                      "sector": "county"},
    "units": {"id": "esim-neuvola", "name": "Esimerkin lastenneuvola",
              "organisation": "esim-hyva", "area": "esim-hva", "type": "service",
              "level": "universal", "services": "lastenneuvola;terveystarkastukset",
              "phone": "040 000 0000", "self_referral": "kyllä", "ages": "0-6",
              "languages": "fi;sv"},
    "roles": {"id": "esim-th", "title": "terveydenhoitaja", "unit": "esim-neuvola",
              "phone": "040 000 0001", "email": "terveydenhoitaja@example.invalid",
              "verified": "31.12.2025", "public": "kyllä"},
    "links": {"source": "esim-th", "target": "esim-neuvola", "kind": "works_with",
              "frequency": "weekly", "note": "esimerkki / example"},
}


def _describe(spec, lang: str) -> str:
    help_text = spec.help_fi if lang == "fi" else spec.help_en
    if spec.choices:
        label = "arvot" if lang == "fi" else "values"
        help_text = (help_text + "; " if help_text else "") + f"{label}: {', '.join(spec.choices)}"
    return help_text


def _instructions(ws) -> None:
    from openpyxl.styles import Font
    bold, big = Font(bold=True), Font(bold=True, size=14)
    rows: list[tuple[list, Font | None]] = [
        (["graphmap – työkirja / workbook"], big),
        (["Täytä välilehdet areas (alueet) → organisations (organisaatiot) → units (yksiköt) "
          "→ roles (tehtävät) → links (yhteydet). Rivi 1 on otsikkorivi; älä muuta sitä. "
          "Tuonti: graphmap import tiedosto.xlsx. Virheet ilmoitetaan tiedosto-, rivi- ja "
          "sarakekohtaisesti, eikä mitään tallenneta ennen kuin kaikki on kunnossa. "
          "Älä kirjaa asiakastietoja."], None),
        (["Arvot käyvät myös suomeksi (yleinen, varhainen, kyllä/ei), päivämäärät muodossa "
          "31.12.2025. Useampi arvo samaan soluun puolipisteellä: fi;sv. Tunnuksissa vain "
          "kirjaimia a–z, numeroita ja merkkejä _ . : - (ei välilyöntejä)."], None),
        (["Fill in the sheets areas → organisations → units → roles → links. Row 1 is the "
          "header; keep it. Import with: graphmap import file.xlsx. Every problem is reported "
          "with file, row and column, and nothing is saved until all are fixed. Never enter "
          "client data."], None),
        (["Finnish values work too (yleinen, kyllä/ei); dates as 31.12.2025 or 2025-12-31; "
          "several values in one cell separated by ;  (fi;sv). Ids: letters a–z, digits and "
          "_ . : - only (no spaces)."], None),
        ([], None),
    ]
    for sheet, specs in FIELDS.items():
        fi_name, fi_help, en_help = SHEET_HELP[sheet]
        rows.append(([f"{sheet} ({fi_name})"], big))
        rows.append(([fi_help], None))
        rows.append(([en_help], None))
        rows.append((["sarake / column", "pakollinen / required", "ohje (fi)", "help (en)",
                      "myös / also accepted", "esimerkki / example"], bold))
        for spec in specs:
            rows.append(([spec.name, "kyllä / yes" if spec.required else "",
                          _describe(spec, "fi"), _describe(spec, "en"),
                          ", ".join(spec.aliases), EXAMPLE[sheet].get(spec.name, "")], None))
        rows.append(([], None))
    for values, font in rows:
        ws.append(values)
        if font is not None:
            for cell in ws[ws.max_row]:
                cell.font = font
    for column, width in zip("ABCDEF", (18, 20, 45, 45, 30, 30)):
        ws.column_dimensions[column].width = width


def template_bytes() -> bytes:
    """The template workbook as .xlsx bytes (identical on every call)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    _instructions(wb.active)
    wb.active.title = "ohjeet"
    bold = Font(bold=True)
    for sheet, specs in FIELDS.items():
        ws = wb.create_sheet(sheet)
        ws.freeze_panes = "A2"
        for index, spec in enumerate(specs, start=1):
            cell = ws.cell(row=1, column=index, value=spec.name)
            cell.font = bold
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(12, len(spec.name) + 4)
            note = "\n".join(filter(None, [
                ("PAKOLLINEN / REQUIRED" if spec.required else ""),
                _describe(spec, "fi"), _describe(spec, "en"),
                ("myös / also: " + ", ".join(spec.aliases)) if spec.aliases else "",
                ("esim. / e.g. " + EXAMPLE[sheet][spec.name])
                if EXAMPLE[sheet].get(spec.name) else "",
            ]))
            if note:
                cell.comment = Comment(note, "graphmap", width=300, height=140)
            if spec.choices:
                dv = DataValidation(
                    type="list", formula1='"' + ",".join(spec.choices) + '"', allow_blank=True,
                    showErrorMessage=True, errorStyle="warning",
                    errorTitle="Tuntematon arvo / unknown value",
                    error="Valitse listasta; myös suomenkieliset arvot käyvät. "
                          "Choose from the list; Finnish values are accepted too.",
                    showInputMessage=bool(spec.help_fi or spec.help_en),
                    promptTitle=spec.name[:32], prompt=(_describe(spec, "fi") or "")[:250])
                dv.add(f"{letter}2:{letter}1048576")
                ws.add_data_validation(dv)
    buffer = io.BytesIO()
    wb.save(buffer)
    return pin_times(buffer.getvalue())


def write_template(path) -> Path:
    """Write the template to ``path`` (an .xlsx file)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(Message("template_needs_xlsx", name=repr(path.name)))
    path.write_bytes(template_bytes())
    return path
