"""PARTNER-style network survey (CSV or XLSX) → links, with who answered and who did not.

Why (issue 6, DOMAIN.md §4–5): many family-centre networks are mapped by asking each
professional or unit "whom do you work with, how often, how closely, how much do you
trust them?" (the PARTNER tool, https://partnertool.net, asks exactly this).  Each row
is one respondent naming one partner; a respondent who named nobody may leave the
partner cell empty, so that they still count as having answered.

Columns (Finnish aliases in brackets; case and spaces do not matter):

* ``respondent`` (vastaaja) — id of the answering role or unit (required)
* ``partner`` (kumppani) — id of the role or unit named
* ``kind`` (laji) — link kind, default ``works_with``
* ``frequency`` (tiheys) — daily … occasional (model ``Frequency``)
* ``cooperation`` (yhteistyön taso) — the collaboration continuum of Himmelman (2002),
  used by PARTNER: ``awareness`` → ``cooperation`` → ``coordination`` → ``integration``
  (tietoisuus, yhteistoiminta, koordinaatio, integraatio; or 1–4)
* ``trust`` (luottamus), ``value`` (hyöty) — PARTNER's composites scored 1–4 (a mean such
  as 3,5 is kept): trust = reliability, support of mission, openness to discussion; value
  = power/influence, level of involvement, resource contribution
* ``round`` (kierros, kyselykierros) and ``date`` (päivä, kyselyn päivä) — the survey round
  the answer belongs to and its date, so rounds can be compared (``graphmap rounds``)
* ``note`` (huomio)

Every named tie becomes a link respondent → partner (``data_source=survey``) carrying
the answers in the link's own fields ``cooperation``, ``trust``, ``value``,
``survey_round`` and ``survey_date`` (issue 15 item 5; earlier versions wrote them into
``note`` as ``kysely: taso=…`` — such a part is dropped on the next import).  The
result's report lists the non-respondents (named by someone, never answered) and
reciprocated versus one-sided ties.
"""
from __future__ import annotations

from pathlib import Path

from graphmap.model import (FIELDS, Message, message_of, Cooperation, DataSource, Link, LinkKind, Network,
                            closest, parse_date, parse_enum, parse_score)

from .converted import Converted
from .problems import LocatedProblem
from .sources import table_rows

LEVELS = ("awareness", "cooperation", "coordination", "integration")
LEVEL_ALIASES = {
    "tietoisuus": "awareness", "tietoinen": "awareness", "kännedom": "awareness",
    "yhteistoiminta": "cooperation", "kooperaatio": "cooperation", "samverkan": "cooperation",
    "koordinaatio": "coordination", "yhteensovittaminen": "coordination",
    "koordination": "coordination", "integraatio": "integration", "yhdistyminen": "integration",
    "1": "awareness", "2": "cooperation", "3": "coordination", "4": "integration",
}
COLUMNS = {
    "respondent": ("respondent", "vastaaja", "svarande", "respondent_id"),
    "partner": ("partner", "kumppani", "yhteistyökumppani", "partner_id"),
    "kind": ("kind", "laji", "yhteys", "tyyppi"),
    "frequency": ("frequency", "tiheys", "kuinka usein"),
    "cooperation": ("cooperation", "yhteistyön taso", "taso", "level", "samarbetsnivå"),
    "trust": ("trust", "luottamus", "förtroende"),
    "value": ("value", "hyöty", "arvo", "nytta"),
    "round": ("round", "kierros", "kyselykierros", "survey_round", "omgång"),
    "date": ("date", "päivä", "päivämäärä", "kyselyn päivä", "survey_date", "datum"),
    "note": ("note", "huomio", "lisätieto", "kommentti"),
}
_ALIAS = {a: col for col, names in COLUMNS.items() for a in names}


def _rows(path: Path, problems: list) -> tuple[list[str], list[tuple[int, list[str]]]]:
    name = path.name
    # the workbook's reader: encodings, size limits, formula values, error cells alike
    rows, found = table_rows(path)
    if found:
        problems.extend(found)
        return [], []
    if not rows or not any(c.strip() for c in rows[0]):
        problems.append(LocatedProblem(name, None, None, Message("survey_empty")))
        return [], []
    return rows[0], list(enumerate(rows[1:], start=2))


def _level(text: str) -> str:
    value = text.strip().lower()
    if value in LEVELS:
        return value
    if value in LEVEL_ALIASES:
        return LEVEL_ALIASES[value]
    hint = closest(value, list(LEVELS) + list(LEVEL_ALIASES))
    hint = LEVEL_ALIASES.get(hint, hint) if hint else None
    raise ValueError(f"unknown cooperation level {text!r}; expected one of "
                     f"{', '.join(LEVELS)} (or 1-4)" + (f" (did you mean {hint!r}?)" if hint
                                                         else ""))


class _Origin:
    def __init__(self, file, row, columns):
        self.file, self.row, self.columns = file, row, columns

    def where(self, field, message):
        column = {"source": "respondent", "target": "partner"}.get(field, field)
        return LocatedProblem(self.file, self.row, self.columns.get(column, column), message)


def _merge_note(sheet, stored, incoming) -> None:
    """Keep a stored note's own parts and replace only its earlier survey part, so that
    nothing a person wrote is lost and re-importing the same survey changes nothing."""
    own = [p for p in (stored.note or "").split(" | ") if p and not p.startswith("kysely:")]
    survey = [incoming.note] if incoming.note and incoming.note not in own else []
    incoming.note = " | ".join(own + survey) or None


def convert(path) -> Converted:
    """Read a survey file into links plus a report (see the module docstring)."""
    path = Path(path)
    problems: list[LocatedProblem] = []
    out = Converted(Network(), {}, problems, [], {}, merge=_merge_note)
    header, rows = _rows(path, problems)
    if not header:
        return out
    name = path.name
    columns: dict[str, str] = {}  # canonical → header as written
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _ALIAS.get(" ".join(cell.strip().lower().split()))
        if key and key not in index:
            index[key], columns[key] = i, cell.strip()
        elif cell.strip() and not key:
            out.warnings.append(Message("warn_survey_column", file=name,
                                        column=repr(cell.strip())))
    for needed in ("respondent", "partner"):
        if needed not in index:
            problems.append(LocatedProblem(name, 1, needed, Message(
                "survey_missing_column", name=repr(needed),
                aliases=" / ".join(COLUMNS[needed][1:2]))))
    if problems:
        return out
    ident = next(f for f in FIELDS["links"] if f.name == "source").parse
    frequency = next(f for f in FIELDS["links"] if f.name == "frequency").parse
    respondents, named, seen = set(), {}, {}
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue

        def cell(col):
            i = index.get(col)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        def parse(col, fn):
            text = cell(col)
            if not text:
                return None
            try:
                return fn(text)
            except ValueError as exc:
                problems.append(LocatedProblem(name, number, columns[col], message_of(exc)))
                return None

        who = parse("respondent", ident)
        if who is None:
            if not cell("respondent"):
                problems.append(LocatedProblem(name, number, columns["respondent"],
                                               Message("survey_required")))
            continue
        respondents.add(who)
        partner = parse("partner", ident)
        if partner is None:
            continue
        kind = parse("kind", lambda t: parse_enum(LinkKind, t)) or LinkKind.WORKS_WITH
        freq = parse("frequency", frequency)
        level = parse("cooperation", _level)
        trust = parse("trust", parse_score)
        value = parse("value", parse_score)
        survey_round = cell("round") or None
        day = parse("date", parse_date)
        link = Link(who, partner, kind, frequency=freq, data_source=DataSource.SURVEY,
                    note=cell("note") or None,
                    cooperation=Cooperation(level) if level else None, trust=trust,
                    value=value, survey_round=survey_round, survey_date=day)
        if link.key in seen:
            problems.append(LocatedProblem(name, number, columns["partner"],
                                           Message("survey_named_again", who=who,
                                                   partner=partner, kind=kind.value,
                                                   row=seen[link.key])))
            continue
        seen[link.key] = number
        out.network.add(link)
        out.origins[("links", link.key)] = _Origin(name, number, columns)
        # a new round's answer replaces the last one's: every survey field is supplied
        out.supplied[("links", link.key)] = {
            "source", "target", "kind", "data_source", "note", "cooperation", "trust", "value",
            "survey_round", "survey_date"} | ({"frequency"} if freq else set())
        named.setdefault(partner, set()).add(who)
    pairs = {(a, b) for (a, b, _k) in seen}
    mutual = sorted({tuple(sorted(p)) for p in pairs if (p[1], p[0]) in pairs})
    # A tie to someone who never answered cannot be confirmed or denied: keep those apart
    # from true one-sided ties, where both answered and only one named the other.
    unanswered = sorted(p for p in pairs if p[1] not in respondents)
    one_sided = sorted(p for p in pairs if (p[1], p[0]) not in pairs and p[1] in respondents)
    out.report = {
        "respondents": len(respondents),
        "non-respondents": sorted(set(named) - respondents),
        "reciprocated ties": [f"{a} ↔ {b}" for a, b in mutual],
        "one-sided ties": [f"{a} → {b}" for a, b in one_sided],
        "ties to non-respondents": [f"{a} → {b}" for a, b in unanswered],
    }
    return out
