"""The reference model: what a family-centre area should hold (issue 3 item 3).

What: functions by support level (neuvola, varhaiskasvatus, perheohjaus, …) and the
links that should exist between them, read from ``graphmap/data/reference_model.toml``
and optionally merged with a county's own file.

Why: ``missing_function`` and the rule-based ``missing_link`` findings compare an
area against what THL's family-centre definition (DOMAIN.md §9) and the sources
(S:3725, O:213-218) say belongs there.  Keeping it in a data file lets a county
edit it without touching code.

How: TOML (``tomllib``).  Entries of ``functions`` and ``links`` are keyed by ``id``;
an override entry with a known id updates that entry's fields, a new id is added,
``enabled = false`` removes it.  A unit provides a function when one of the
function's keywords occurs (lower-cased substring, so compounds such as
"lastenneuvola" match "neuvola") in its name or services, or in their Finnish base
forms (:func:`base_forms`), after the function's ``exclude`` phrases are cut out, or when
its organisation's sector is listed in the function's ``sectors``.
"""
from __future__ import annotations

import copy
import pickle
import re
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..i18n.failure import reason
from ..model import LEVEL_ORDER, LinkKind, Message, Problem, ValidationError

SEVERITIES = ("high", "medium", "low")


def _default_text() -> str:
    return resources.files("graphmap").joinpath("data/reference_model.toml").read_text("utf-8")


def _read(path) -> dict:
    p = Path(path)
    try:
        return tomllib.loads(p.read_text("utf-8"))
    except OSError as exc:  # missing, a folder, unreadable: said in the reader's language
        raise ValidationError([Problem("reference", str(p), None, reason(exc))],
                              "cannot read the reference model") from None
    except tomllib.TOMLDecodeError as exc:  # its words are English: where it is, in ours
        at = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, column = at.groups() if at else ("?", "?")
        raise ValidationError([Problem("reference", str(p), None, Message(
            "toml_invalid", line=line, column=column))], "cannot read the reference model") from None


def merge_reference(base: dict, override: dict) -> dict:
    """``override`` merged over ``base`` (entries matched by id; see module doc)."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if key in ("functions", "links"):
            entries = {e["id"]: e for e in out.get(key, [])}
            order = [e["id"] for e in out.get(key, [])]
            for entry in value:
                ident = entry.get("id")
                if ident in entries:
                    entries[ident].update(entry)
                else:
                    entries[ident] = dict(entry)
                    order.append(ident)
            out[key] = [entries[i] for i in order if entries[i].get("enabled", True)]
        else:
            out[key] = copy.deepcopy(value)
    return out


def check_reference(ref: dict, source: str = "reference") -> None:
    """Raise :class:`ValidationError` naming each bad entry and field."""
    problems = []
    levels = [lv.value for lv in LEVEL_ORDER]
    ids = set()
    for i, f in enumerate(ref.get("functions", [])):
        where = f"functions[{i}]"
        if not isinstance(f.get("id"), str):
            problems.append(Problem(source, None, f"{where}.id", "a function needs a text id"))
            continue
        ids.add(f["id"])
        if f.get("level") not in levels:
            problems.append(Problem(source, f["id"], f"{where}.level",
                                    f"expected one of {', '.join(levels)}, got {f.get('level')!r}"))
        if f.get("severity", "medium") not in SEVERITIES:
            problems.append(Problem(source, f["id"], f"{where}.severity",
                                    f"expected one of {', '.join(SEVERITIES)}"))
        if not isinstance(f.get("keywords", []), list):
            problems.append(Problem(source, f["id"], f"{where}.keywords", "expected a list"))
    kinds = [k.value for k in LinkKind]
    for i, rule in enumerate(ref.get("links", [])):
        where = f"links[{i}]"
        for end in ("a", "b"):
            for fid in rule.get(end, []):
                if fid not in ids:
                    problems.append(Problem(source, rule.get("id"), f"{where}.{end}",
                                            f"no function with id {fid!r}"))
        if rule.get("suggested_kind", "contact") not in kinds:
            problems.append(Problem(source, rule.get("id"), f"{where}.suggested_kind",
                                    f"expected one of {', '.join(kinds)}"))
    if problems:
        raise ValidationError(problems, "the reference model is not valid")


def load_reference(path=None) -> dict:
    """The default reference model, merged with the TOML file at ``path`` if given.
    Each call returns a fresh copy (callers may change it)."""
    if path is None:
        return pickle.loads(_default_reference())
    ref = merge_reference(tomllib.loads(_default_text()), _read(path))
    check_reference(ref, str(path))
    return ref


@lru_cache(maxsize=1)
def _default_reference() -> bytes:
    """The checked default model, pickled: the web app analyses an area after every
    write, and parsing the TOML again cost more than the rest of a small analysis."""
    ref = tomllib.loads(_default_text())
    check_reference(ref, "reference")
    return pickle.dumps(ref)


@lru_cache(maxsize=100_000)
def base_forms(text: str) -> str:
    """Finnish base forms of the words of ``text`` ("varhaiskasvatuksen" →
    "varhaiskasvatus") through the search helper's lemmatiser, so an inflected unit
    name still matches a keyword; compound parts are left out on purpose ("perhe-
    neuvola" must not match "neuvola").  Empty when no lemmatiser is installed."""
    try:
        from ..search.text import analyse_words
        return " ".join(b for a in analyse_words(text, "fi") for b in a.bases)
    except Exception:  # the search helper's lemmatiser is optional here
        return ""


def _unit_text(d: dict) -> str:
    parts = [d.get("name") or ""] + [str(s) for s in d.get("services") or []]
    raw = " ; ".join(parts).lower()
    return raw + " ; " + base_forms(raw)


def _matchers(reference: dict) -> list[tuple]:
    """(id, sectors, exclude regex or None, keyword regex or None) per function."""
    out = []
    for f in reference.get("functions", []):
        words = [re.escape(k.lower()) for k in f.get("keywords", ()) if k]
        cut = [re.escape(p.lower()) for p in f.get("exclude", ()) if p]
        out.append((f["id"], set(f.get("sectors", ())),
                    re.compile("|".join(cut)) if cut else None,
                    re.compile("|".join(words)) if words else None))
    return out


def unit_functions(unit_attrs: dict, reference: dict, matchers=None) -> set[str]:
    """Ids of the reference functions one unit provides (see module doc)."""
    text = _unit_text(unit_attrs)
    found = set()
    for fid, sectors, cut, words in matchers or _matchers(reference):
        if unit_attrs.get("sector") in sectors:
            found.add(fid)
        elif words is not None and words.search(cut.sub(" ", text) if cut else text):
            found.add(fid)
    return found


def function_index(g, units, reference: dict) -> dict[str, set[str]]:
    """unit id → function ids, for the given units of ``g``.

    A unit's functions depend only on its text (name, services), its sector and the
    reference model, so they are remembered per (text, sector, model) like the base
    forms are: analysing an area again (the web app after each edit, the what-if)
    does not run 16 regular expressions over each of its units again."""
    matchers = _matchers(reference)
    model = tuple((fid, frozenset(sectors), cut.pattern if cut else None,
                   words.pattern if words else None) for fid, sectors, cut, words in matchers)
    out = {}
    for u in units:
        d = g.nodes[u]
        out[u] = set(_functions_of(_unit_text(d), d.get("sector"), model))
    return out


@lru_cache(maxsize=100_000)
def _functions_of(text: str, sector, model: tuple) -> frozenset:
    """:func:`unit_functions` for a unit's text and sector, cached (see above)."""
    found = set()
    for fid, sectors, cut, words in model:
        if sector in sectors:
            found.add(fid)
        elif words is not None and re.search(words, re.sub(cut, " ", text) if cut else text):
            found.add(fid)
    return frozenset(found)


def function_by_id(reference: dict) -> dict[str, dict]:
    return {f["id"]: f for f in reference.get("functions", [])}
